//! Heading ids: the author's trailing `{#id .class}`, the section a top-level `##`
//! names, a question's id, or the id GitHub gives the heading's text.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};

use super::{Chunk, Spanned};
use crate::diagnostics::Diagnostic;
use crate::model::SectionKind;
use crate::slug;

/// Gives every heading an id and returns the ids. A top-level `##` (not in a list, quote
/// or container) named by its words gets its section's id; a question (a top-level
/// `###` of the Test section) keeps the slug its progress is stored under; any other
/// heading gets GitHub's id for its text, so links written on GitHub work. Author-given
/// ids that clash (one id on two headings, a section's id on another heading) are errors.
pub fn assign_ids(
    chunks: &mut [Chunk<'_>],
    file: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> slug::Taken {
    let mut used = slug::Taken::default();
    // Author-given ids first, so generated ones step around them.
    let mut pinned = pin(chunks, &mut used, file, diagnostics);
    let mut section = None;
    for (c, (kind, events, _)) in chunks.iter_mut().enumerate() {
        let mut depth = 0usize;
        let mut open = None;
        for i in 0..events.len() {
            match &events[i].0 {
                Event::Start(Tag::Heading { .. }) => open = Some((i, depth)),
                Event::End(TagEnd::Heading(level)) => {
                    let level = *level;
                    if let Some((at, at_depth)) = open.take() {
                        let top = kind.is_plain() && at_depth == 0;
                        let text = heading_text(&events[at + 1..i]);
                        let span = events[at].1.clone();
                        if let Event::Start(Tag::Heading { id, .. }) = &mut events[at].0 {
                            if let Some(id) = id.as_deref()
                                && let Some(kind) = SectionKind::from_id(id)
                                && pinned.headings.contains(&(c, at))
                                && !(top && level == HeadingLevel::H2)
                            {
                                diagnostics.push(
                                    Diagnostic::error(file, span.clone(), format!("`{id}` is the id of the section `{}`", kind.default_title()))
                                        .with_help(format!("give this heading (or question) its own id, like `{{#{id}-1}}`: `#{id}` links to the section")),
                                );
                            }
                            if top && level == HeadingLevel::H2 {
                                section = match id {
                                    Some(id) => SectionKind::from_id(id),
                                    None => SectionKind::from_title(&text)
                                        .filter(|k| used.insert(k.id().to_string())),
                                };
                                if let (None, Some(kind)) = (&id, section) {
                                    *id = Some(CowStr::Borrowed(kind.id()));
                                }
                            }
                            if id.is_none() {
                                let question = top
                                    && level == HeadingLevel::H3
                                    && section == Some(SectionKind::Test);
                                let new = if question {
                                    // As before smart punctuation could be turned off:
                                    // an apostrophe or `...` splits no word of the id.
                                    let words = text.replace('\'', "").replace("...", "");
                                    let base = slug::slugify(&words);
                                    pinned.clash(&base, &text, span.clone(), file, diagnostics);
                                    used.unique(&base)
                                } else {
                                    let base = slug::github(&text);
                                    pinned.clash(&base, &text, span.clone(), file, diagnostics);
                                    used.github(&base)
                                };
                                *id = Some(new.into());
                            }
                        }
                    }
                }
                _ => {}
            }
            match &events[i].0 {
                Event::Start(_) => depth += 1,
                Event::End(_) => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
    }
    used
}

/// The ids authors gave headings (`{#id}`): which headings have one, and where each id
/// is first.
struct Pinned {
    headings: HashSet<(usize, usize)>,
    first: HashMap<String, Range<usize>>,
    /// Pinned ids already reported as another heading's anchor: each clash once.
    clashed: HashSet<String>,
}

/// Moves every heading's `{#id .class}` into its id and classes; an id on two headings
/// is an error naming both.
fn pin(
    chunks: &mut [Chunk<'_>],
    used: &mut slug::Taken,
    file: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Pinned {
    let mut pinned = Pinned {
        headings: HashSet::new(),
        first: HashMap::new(),
        clashed: HashSet::new(),
    };
    for (c, (_, events, _)) in chunks.iter_mut().enumerate() {
        for range in heading_ranges(events) {
            let (at, span) = (range.start, events[range.start].1.clone());
            let Some(id) = take_attributes(&mut events[range], used) else {
                continue;
            };
            pinned.headings.insert((c, at));
            // A section's id on another heading is reported once, as such, in
            // `assign_ids`, whichever comes first.
            if SectionKind::from_id(&id).is_some() {
                pinned.first.entry(id).or_insert(span);
            } else if let Some(first) = pinned.first.get(&id) {
                diagnostics.push(
                    Diagnostic::error(file, span, format!("two headings on this page have the id `{id}`"))
                        .with_related(file, first.clone(), "the first heading with this id")
                        .with_help("give this heading (or question) its own id: links, and the learners' progress for a question, go by it"),
                );
            } else {
                pinned.first.insert(id, span);
            }
        }
    }
    pinned
}

impl Pinned {
    /// The heading `text` at `span`, whose own anchor is `base`: if another heading pins
    /// that id, a link to `#base` written for this heading lands on the other one.
    fn clash(
        &mut self,
        base: &str,
        text: &str,
        span: Range<usize>,
        file: &Path,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        if let Some(first) = self.first.get(base)
            && self.clashed.insert(base.to_string())
        {
            diagnostics.push(
                Diagnostic::error(file, first.clone(), format!("the id `{base}` is also the anchor of the heading `{text}`"))
                    .with_related(file, span, format!("the heading whose anchor is `#{base}`"))
                    .with_help("give this heading (or question) another id: a link to the anchor reaches only one of the two"),
            );
        }
    }
}

/// Each heading's events, from its start to its end.
fn heading_ranges(events: &[Spanned]) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut open = None;
    for (i, (event, _)) in events.iter().enumerate() {
        match event {
            Event::Start(Tag::Heading { .. }) => open = Some(i),
            Event::End(TagEnd::Heading(_)) => {
                if let Some(at) = open.take() {
                    ranges.push(at..i + 1);
                }
            }
            _ => {}
        }
    }
    ranges
}

/// The heading's text as GitHub reads it for its id: text and code, no markup.
fn heading_text(inner: &[Spanned]) -> String {
    let mut text = String::new();
    for (event, _) in inner {
        if let Event::Text(t) | Event::Code(t) = event {
            text.push_str(t);
        }
    }
    text
}

/// Moves a trailing `{#id}`, `{.class}` or `{#id .class ...}` out of a heading's text
/// into its id and classes; any other braces stay text (`Printing with {}`). Returns the
/// id it gave.
fn take_attributes(heading: &mut [Spanned], used: &mut slug::Taken) -> Option<String> {
    let inner = 1..heading.len().saturating_sub(1);
    let first_text = heading[inner.clone()]
        .iter()
        .rposition(|(e, _)| !matches!(e, Event::Text(_)))
        .map_or(inner.start, |p| inner.start + p + 1);
    let trailing: String = heading[first_text..inner.end]
        .iter()
        .filter_map(|(e, _)| match e {
            Event::Text(t) => Some(t.as_ref()),
            _ => None,
        })
        .collect();
    let (keep, id, classes) = attribute_block(&trailing)?;
    let (keep, id) = (keep.trim_end().to_string(), id.map(str::to_string));
    let classes: Vec<CowStr> = classes.into_iter().map(|c| c.to_string().into()).collect();
    for (n, (event, _)) in heading[first_text..inner.end].iter_mut().enumerate() {
        *event = Event::Text(if n == 0 {
            keep.clone().into()
        } else {
            "".into()
        });
    }
    if let Event::Start(Tag::Heading {
        id: slot,
        classes: slot_classes,
        ..
    }) = &mut heading[0].0
    {
        if let Some(id) = &id {
            used.insert(id.clone());
            *slot = Some(id.clone().into());
        }
        *slot_classes = classes;
    }
    id
}

/// Splits `text` into what comes before a trailing attribute block, its id and classes.
fn attribute_block(text: &str) -> Option<(&str, Option<&str>, Vec<&str>)> {
    let body = text.trim_end().strip_suffix('}')?;
    let open = body.rfind('{')?;
    let before = &body[..open];
    if !before.is_empty() && !before.ends_with(char::is_whitespace) {
        return None;
    }
    let (mut id, mut classes) = (None, Vec::new());
    for token in body[open + 1..].split_whitespace() {
        match (token.strip_prefix('#'), token.strip_prefix('.')) {
            (Some(i), _) if !i.is_empty() && id.is_none() => id = Some(i),
            (_, Some(c)) if !c.is_empty() => classes.push(c),
            _ => return None,
        }
    }
    (id.is_some() || !classes.is_empty()).then_some((before, id, classes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::{Context, LinkTargets, parse};

    /// The messages of the errors `check` gives a module body, with their line.
    fn errors(text: &str) -> Vec<(usize, String)> {
        let targets = LinkTargets::default();
        let cx = Context::page_of_a(&targets, true);
        let mut d = Vec::new();
        parse(text, 0, &cx, &mut d);
        d.iter()
            .filter(|d| d.is_error())
            .map(|d| {
                (
                    crate::diagnostics::line_col(text, d.span.start).0,
                    d.message.clone(),
                )
            })
            .collect()
    }

    #[test]
    fn each_id_clash_is_reported_once() {
        let text = "## What it is\n\n### Pricing basics\n\n## Test your knowledge\n\n### Pricing basics\n\n- [x] A\n\n### Which heading? {#pricing-basics}\n\n- [x] A\n\n### Which section? {#implement}\n\n- [x] A\n\n## Implement it {#implement}\n\n- [ ] x\n";
        assert_eq!(
            errors(text),
            [
                (
                    11,
                    "the id `pricing-basics` is also the anchor of the heading `Pricing basics`"
                        .to_string()
                ),
                (
                    15,
                    "`implement` is the id of the section `Implement it`".to_string()
                ),
            ]
        );
    }

    #[test]
    fn only_id_and_class_blocks_are_attributes() {
        assert_eq!(
            attribute_block("Warum {#why}"),
            Some(("Warum ", Some("why"), vec![]))
        );
        assert_eq!(
            attribute_block("Step {#s .wide .x}"),
            Some(("Step ", Some("s"), vec!["wide", "x"]))
        );
        assert_eq!(attribute_block("{.c}"), Some(("", None, vec!["c"])));
        assert_eq!(attribute_block("Printing with {}"), None);
        assert_eq!(attribute_block("Braces {x}"), None);
        assert_eq!(attribute_block("Two {#a #b}"), None);
        assert_eq!(attribute_block("Glued{#a}"), None);
        assert_eq!(attribute_block("Set {#} of"), None);
    }
}
