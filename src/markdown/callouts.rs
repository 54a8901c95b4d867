//! GitHub's alerts (`> [!NOTE]` and its four siblings) as callouts: one at the top of a
//! page becomes one `Item::Callout`; one inside a list, quote or container (trainer,
//! example, ...) stays a plain quote with its marker as text, as GitHub shows it; an
//! unknown kind is an error.

use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{BlockQuoteKind, Event, Tag, TagEnd};

use super::Item;
use crate::diagnostics::Diagnostic;
use crate::model::CalloutKind;
use crate::suggest;

/// The body being read: its file, and its text found at byte `offset` of the file.
pub struct Source<'s> {
    pub file: &'s Path,
    pub text: &'s str,
    pub offset: usize,
}

impl Source<'_> {
    /// The first line of a quote starting at `at` (a file offset), after its `>`, and
    /// the file offset where that rest starts.
    fn after_marker(&self, at: usize) -> (&str, usize) {
        let rest = self
            .text
            .get(at.saturating_sub(self.offset)..)
            .unwrap_or("");
        let line = rest.split('\n').next().unwrap_or("");
        let bare = line.strip_prefix('>').unwrap_or(line);
        let bare_trimmed = bare.trim_start();
        (bare_trimmed, at + line.len() - bare_trimmed.len())
    }
}

fn kind_of(kind: BlockQuoteKind) -> CalloutKind {
    match kind {
        BlockQuoteKind::Note => CalloutKind::Note,
        BlockQuoteKind::Tip => CalloutKind::Tip,
        BlockQuoteKind::Important => CalloutKind::Important,
        BlockQuoteKind::Warning => CalloutKind::Warning,
        BlockQuoteKind::Caution => CalloutKind::Caution,
    }
}

/// A callout gathered from its events: its kind, the file offset it starts at, and its
/// items with the quote's start and end.
type Open<'a> = (CalloutKind, usize, Vec<Item<'a>>);

/// Gathers each top-level alert into an `Item::Callout`, turns nested ones into plain
/// quotes (with a warning) and reports quotes that look like alerts but are none.
pub fn group<'a>(
    items: Vec<Item<'a>>,
    source: &Source,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Item<'a>> {
    walk(items, true, source, diagnostics)
}

fn walk<'a>(
    items: Vec<Item<'a>>,
    top: bool,
    source: &Source,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Item<'a>> {
    let mut out = Vec::with_capacity(items.len());
    let mut depth = 0usize;
    let mut open: Option<Open<'a>> = None;
    for item in items {
        match item {
            Item::Trainer(inner, span) => {
                let inner = walk(inner, false, source, diagnostics);
                target(&mut open, &mut out, Item::Trainer(inner, span));
            }
            Item::Container(kind, title, inner, span) => {
                let inner = walk(inner, false, source, diagnostics);
                target(
                    &mut open,
                    &mut out,
                    Item::Container(kind, title, inner, span),
                );
            }
            Item::Md(Event::Start(Tag::BlockQuote(kind)), span) => {
                let start = Item::Md(Event::Start(Tag::BlockQuote(kind)), span.clone());
                depth += 1;
                match kind {
                    None => {
                        diagnostics.extend(not_an_alert(source, &span));
                        target(&mut open, &mut out, start);
                    }
                    Some(kind) if top && depth == 1 => {
                        open = Some((kind_of(kind), span.start, vec![start]));
                    }
                    Some(_) => {
                        let (line, at) = source.after_marker(span.start);
                        let marker = line.split_once(']').map_or(line, |(m, _)| m);
                        let marker = format!("{marker}]");
                        diagnostics.push(
                            Diagnostic::warning(source.file, at..at + marker.len(), format!("the callout `{marker}` is inside a list, quote or block, so it shows as a plain quote"))
                                .with_help("GitHub shows callouts only at the top level of a page; start the `>` line at the left margin"),
                        );
                        target(
                            &mut open,
                            &mut out,
                            Item::Md(Event::Start(Tag::BlockQuote(None)), span.clone()),
                        );
                        for event in [
                            Event::Start(Tag::Paragraph),
                            Event::Text(marker.into()),
                            Event::End(TagEnd::Paragraph),
                        ] {
                            target(&mut open, &mut out, Item::Md(event, span.start..span.start));
                        }
                    }
                }
            }
            Item::Md(event, span) => {
                let end = span.end;
                match &event {
                    Event::Start(_) => depth += 1,
                    Event::End(_) => depth = depth.saturating_sub(1),
                    _ => {}
                }
                target(&mut open, &mut out, Item::Md(event, span));
                if depth == 0
                    && let Some((kind, start, inner)) = open.take()
                {
                    out.push(Item::Callout(kind, inner, start..end));
                }
            }
            other => target(&mut open, &mut out, other),
        }
    }
    // A quote always ends; should the events stop short, nothing is lost.
    if let Some((_, _, inner)) = open {
        out.extend(inner);
    }
    out
}

/// Adds `item` to the callout being gathered, or else to `out`.
fn target<'a>(open: &mut Option<Open<'a>>, out: &mut Vec<Item<'a>>, item: Item<'a>) {
    match open {
        Some((_, _, inner)) => inner.push(item),
        None => out.push(item),
    }
}

/// A plain quote whose first line reads like an alert: an unknown kind (`[!DANGER]`),
/// or a known one with text after it on its line.
fn not_an_alert(source: &Source, span: &Range<usize>) -> Option<Diagnostic> {
    let (line, at) = source.after_marker(span.start);
    let inside = line.strip_prefix("[!")?;
    let (word, rest) = inside.split_once(']')?;
    if word.is_empty() || !word.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let marker = at..at + word.len() + 3;
    let names = CalloutKind::ALL.map(CalloutKind::name);
    if names.iter().any(|n| n.eq_ignore_ascii_case(word)) {
        return Some(
            Diagnostic::error(
                source.file,
                marker,
                format!("the callout marker `[!{word}]` must stand alone on its line"),
            )
            .with_help(format!(
                "move `{}` to the next line, which starts with `>` too",
                rest.trim()
            )),
        );
    }
    Some(
        Diagnostic::error(
            source.file,
            marker,
            format!("unknown callout kind `[!{word}]`"),
        )
        .with_help(format!(
            "callouts are {}{}",
            names.map(|n| format!("`[!{n}]`")).join(", "),
            suggest::closest(&word.to_uppercase(), names)
                .map_or(String::new(), |n| format!("; did you mean `[!{n}]`?"))
        )),
    )
}
