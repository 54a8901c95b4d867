//! Linking the glossary's terms: the first use of each term in a module becomes a link to
//! its entry carrying its short definition; terms a module lists but the glossary lacks,
//! and terms nothing uses, are reported.

use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{Event, HeadingLevel, Tag};

use crate::diagnostics::Diagnostic;
use crate::html::escape;
use crate::markdown::Item;
use crate::model::{Glossary, Term};

use super::PAGE;

/// The term a module's front matter names (`terms = ["NRR"]`), by name or abbreviation.
pub fn find<'g>(glossary: &'g Glossary, named: &str) -> Option<(usize, &'g Term)> {
    let named = named.trim().to_lowercase();
    glossary.terms.iter().enumerate().find(|(_, t)| {
        std::iter::once(&t.name)
            .chain(&t.abbr)
            .any(|n| n.to_lowercase() == named)
    })
}

/// Checks a module's front-matter `terms`: each must be in the glossary. Returns the
/// indices of the terms found.
pub fn listed(
    glossary: Option<&Glossary>,
    terms: &[String],
    file: &Path,
    span: &Range<usize>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<usize> {
    let mut found = Vec::new();
    for named in terms {
        match glossary.and_then(|g| find(g, named)) {
            Some((i, _)) => found.push(i),
            None => {
                let hint = glossary.map_or_else(
                    || "add it to `glossary.md` at the course root: `## Net revenue retention (NRR)` and its definition under it".to_string(),
                    |g| {
                        let names: Vec<&str> = g.terms.iter().flat_map(|t| std::iter::once(t.name.as_str()).chain(t.abbr.as_deref())).collect();
                        format!("define it in {}, or fix its spelling{}", g.source.display(), crate::suggest::did_you_mean(named, names))
                    },
                );
                diagnostics.push(
                    Diagnostic::warning(
                        file,
                        span.clone(),
                        format!("the term `{named}` is not in the glossary"),
                    )
                    .with_help(hint),
                );
            }
        }
    }
    found
}

/// Terms that no module uses (in its text or its `terms`; `used` gives the indices of
/// those used): a warning at each.
pub fn unused(glossary: &Glossary, used: impl IntoIterator<Item = usize>) -> Vec<Diagnostic> {
    let mut is_used = vec![false; glossary.terms.len()];
    for i in used {
        is_used[i] = true;
    }
    glossary
        .terms
        .iter()
        .zip(is_used)
        .filter(|(_, used)| !used)
        .map(|(t, _)| {
            Diagnostic::warning(&glossary.source, t.span.clone(), format!("no module uses the term `{}`", t.label()))
                .with_help("use it in a module's text or list it in a module's front matter (`terms = [...]`), or remove it")
        })
        .collect()
}

/// A term's written forms: its name (any case, a plural `s` allowed) and its
/// abbreviation (as written).
struct Pattern {
    term: usize,
    text: Vec<char>,
    exact: bool,
}

/// Links the first use of each term in a module's prose to its glossary entry, with its
/// short definition as a tooltip (shown on hover and focus by the theme's CSS). Not in
/// headings, links, images, code, tables, trainer notes, task-list items or the Test
/// section (definitions there would hint at answers). Returns the terms linked.
pub fn link(items: &mut Vec<Item<'_>>, glossary: &Glossary, page: &str) -> Vec<usize> {
    let mut linker = Linker {
        glossary,
        href: crate::url::relative(page, PAGE),
        patterns: glossary
            .terms
            .iter()
            .enumerate()
            .flat_map(|(i, t)| {
                let name = Pattern {
                    term: i,
                    text: t.name.to_lowercase().chars().collect(),
                    exact: false,
                };
                let abbr = t.abbr.as_ref().map(|a| Pattern {
                    term: i,
                    text: a.chars().collect(),
                    exact: true,
                });
                std::iter::once(name).chain(abbr)
            })
            .filter(|p| !p.text.is_empty())
            .collect(),
        linked: Vec::new(),
    };
    let mut scope = Scope::default();
    let old = std::mem::take(items);
    let mut rest = old.into_iter().peekable();
    while let Some(item) = rest.next() {
        let Item::Md(event, span) = item else {
            items.push(item);
            continue;
        };
        let task_item = matches!(rest.peek(), Some(Item::Md(Event::TaskListMarker(_), _)));
        scope.step(&event, task_item);
        match event {
            Event::Text(text) if scope.links() && !linker.patterns.is_empty() => {
                linker.text(text, span, items);
            }
            event => items.push(Item::Md(event, span)),
        }
    }
    linker.linked
}

/// Where in a module's events links may go.
#[derive(Default)]
struct Scope {
    depth: usize,
    /// The depth at which a region without links (a heading, a link...) began.
    skip_from: Option<usize>,
    in_test: bool,
}

impl Scope {
    /// Follows `event`; `task_item` when it starts a task-list item.
    fn step(&mut self, event: &Event, task_item: bool) {
        match event {
            Event::Start(tag) => {
                if self.depth == 0
                    && let Tag::Heading {
                        level: HeadingLevel::H2,
                        id,
                        ..
                    } = tag
                {
                    self.in_test = id.as_deref() == Some("test");
                }
                let no_links = task_item
                    || matches!(
                        tag,
                        Tag::Heading { .. }
                            | Tag::Link { .. }
                            | Tag::Image { .. }
                            | Tag::CodeBlock(_)
                            | Tag::Table(_)
                    );
                if no_links && self.skip_from.is_none() {
                    self.skip_from = Some(self.depth);
                }
                self.depth += 1;
            }
            Event::End(_) => {
                self.depth = self.depth.saturating_sub(1);
                if self.skip_from == Some(self.depth) {
                    self.skip_from = None;
                }
            }
            _ => {}
        }
    }

    fn links(&self) -> bool {
        self.skip_from.is_none() && !self.in_test
    }
}

/// The terms still to link on a page, and those linked.
struct Linker<'g> {
    glossary: &'g Glossary,
    href: String,
    patterns: Vec<Pattern>,
    linked: Vec<usize>,
}

impl Linker<'_> {
    /// Pushes `text` to `out`, with the first use of each term not linked yet made a link.
    /// The term's own text stays a text event, so the plain text (checklist ids, search)
    /// is the same with or without a glossary.
    fn text<'a>(
        &mut self,
        text: pulldown_cmark::CowStr<'a>,
        span: Range<usize>,
        out: &mut Vec<Item<'a>>,
    ) {
        let mut rest: &str = &text;
        let mut at = span.start;
        // Spans are the text's when smart punctuation did not change its length.
        let piece = |at: usize, a: usize, b: usize| (at + a).min(span.end)..(at + b).min(span.end);
        while let Some((start, end, term)) = earliest(rest, &self.patterns) {
            let t = &self.glossary.terms[term];
            if start > 0 {
                out.push(Item::Md(
                    Event::Text(rest[..start].to_string().into()),
                    piece(at, 0, start),
                ));
            }
            // The short definition comes from `glossary.js` when the learner first moves
            // (terms.js): every byte of a page counts against its weight.
            let open = format!(
                "<span class=\"term\"><a href=\"{}#{}\">",
                escape(&self.href),
                escape(&t.id)
            );
            let close = "</a></span>";
            out.push(Item::Md(
                Event::InlineHtml(open.into()),
                piece(at, start, start),
            ));
            out.push(Item::Md(
                Event::Text(rest[start..end].to_string().into()),
                piece(at, start, end),
            ));
            out.push(Item::Md(
                Event::InlineHtml(close.into()),
                piece(at, end, end),
            ));
            self.linked.push(term);
            self.patterns.retain(|p| p.term != term);
            rest = &rest[end..];
            at += end;
        }
        if rest.len() == text.len() {
            out.push(Item::Md(Event::Text(text), span));
        } else if !rest.is_empty() {
            out.push(Item::Md(
                Event::Text(rest.to_string().into()),
                at.min(span.end)..span.end,
            ));
        }
    }
}

/// The first place in `text` where a pattern stands as a whole word (the longest when
/// several start there): its byte range and term.
fn earliest(text: &str, patterns: &[Pattern]) -> Option<(usize, usize, usize)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(start, _)) in chars.iter().enumerate() {
        if k > 0 && chars[k - 1].1.is_alphanumeric() {
            continue;
        }
        let best = patterns
            .iter()
            .filter_map(|p| matches_at(&chars, k, p).map(|end| (end, p.term)))
            .max_by_key(|&(end, _)| end);
        if let Some((end, term)) = best {
            let end_byte = chars.get(end).map_or(text.len(), |&(b, _)| b);
            return Some((start, end_byte, term));
        }
    }
    None
}

/// Where pattern `p` ends (a char index) when it starts at char `k` as a whole word.
fn matches_at(chars: &[(usize, char)], k: usize, p: &Pattern) -> Option<usize> {
    let mut i = k;
    for &want in &p.text {
        let (_, got) = *chars.get(i)?;
        let same = if p.exact {
            got == want
        } else {
            got == want || got.to_lowercase().eq(want.to_lowercase())
        };
        if !same {
            return None;
        }
        i += 1;
    }
    let boundary = |i: usize| chars.get(i).is_none_or(|&(_, c)| !c.is_alphanumeric());
    if boundary(i) {
        return Some(i);
    }
    // A plural of a name: `success plans` for `Success plan`.
    if !p.exact && chars[i].1 == 's' && boundary(i + 1) {
        return Some(i + 1);
    }
    None
}
