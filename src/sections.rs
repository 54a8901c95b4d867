//! The module format's five sections: a body cut at its `##` headings, each named by
//! its `{#id}` or its English words, with unknown, repeated, missing and out-of-order
//! sections reported.

use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};

use crate::diagnostics::Diagnostic;
use crate::markdown::{Item, plain_text, render};
use crate::model::{Block, Section, SectionKind};

/// A module's body cut at its level-2 headings.
pub struct Sections<'a, 'b> {
    pub intro: &'b [Item<'a>],
    pub sections: Vec<SectionItems<'a, 'b>>,
}

/// One section's kind, heading (inner items), content and heading span.
pub type SectionItems<'a, 'b> = (SectionKind, &'b [Item<'a>], &'b [Item<'a>], Range<usize>);

/// Cuts a module body at its `##` headings and names the sections; reports unknown,
/// repeated, missing and out-of-order sections.
pub fn sections<'a, 'b>(
    items: &'b [Item<'a>],
    file: &Path,
    end: usize,
    diagnostics: &mut Vec<Diagnostic>,
) -> Sections<'a, 'b> {
    let mut heads = Vec::new();
    let mut depth = 0usize;
    for (i, item) in items.iter().enumerate() {
        if let Item::Md(event, span) = item {
            if depth == 0
                && let Event::Start(Tag::Heading {
                    level: HeadingLevel::H2,
                    id,
                    ..
                }) = event
            {
                let close = items[i..]
                    .iter()
                    .position(|x| matches!(x, Item::Md(Event::End(TagEnd::Heading(_)), _)))
                    .map_or(items.len(), |p| i + p);
                let kind = id.as_deref().and_then(SectionKind::from_id);
                heads.push((i, close, kind, span.clone()));
            }
            match event {
                Event::Start(_) => depth += 1,
                Event::End(_) => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
    }
    let mut result = Sections {
        intro: &items[..heads.first().map_or(items.len(), |h| h.0)],
        sections: Vec::new(),
    };
    let mut last: Option<SectionKind> = None;
    for (n, (open, close, kind, span)) in heads.iter().enumerate() {
        let content_end = heads.get(n + 1).map_or(items.len(), |h| h.0);
        let inner = &items[(open + 1).min(*close)..*close];
        let content = &items[(close + 1).min(content_end)..content_end];
        let Some(kind) = *kind else {
            let words = plain_text(inner);
            // A section named by its words a second time gets no section id: it is a
            // repeat, not an unknown section.
            if let Some(repeat) = SectionKind::from_title(words.trim())
                && let Some(first) = heads[..n].iter().find(|h| h.2 == Some(repeat))
            {
                diagnostics.push(twice(file, span, repeat, &first.3));
                continue;
            }
            diagnostics.push(unknown(file, span, &items[*open], words.trim()));
            continue;
        };
        if let Some(prev) = last {
            if prev == kind {
                let first = heads[..n]
                    .iter()
                    .find(|h| h.2 == Some(kind))
                    .map_or(span, |h| &h.3);
                diagnostics.push(twice(file, span, kind, first));
                continue;
            }
            if prev > kind {
                diagnostics.push(
                    Diagnostic::error(file, span.clone(), format!("section `{}` comes after `{}`", kind.default_title(), prev.default_title()))
                        .with_help("the sections go in this order: What it is, Why do it, How to do it, Test your knowledge, Implement it"),
                );
                continue;
            }
        }
        last = Some(kind);
        result.sections.push((kind, inner, content, span.clone()));
    }
    for kind in SectionKind::ALL {
        if !result.sections.iter().any(|s| s.0 == kind) && !heads.iter().any(|h| h.2 == Some(kind))
        {
            // Point at where the section belongs: the next section present, or the end.
            let at = result
                .sections
                .iter()
                .find(|s| s.0 > kind)
                .map_or(end..end, |s| s.3.clone());
            diagnostics.push(
                Diagnostic::error(
                    file,
                    at,
                    format!("the section `{}` is missing", kind.default_title()),
                )
                .with_help(format!(
                    "add a `## {} {{#{}}}` section here",
                    kind.default_title(),
                    kind.id()
                )),
            );
        }
    }
    result
}

/// A `##` heading at `span` that names none of the five sections, with the section id
/// or title it most likely meant.
fn unknown(file: &Path, span: &Range<usize>, start: &Item, words: &str) -> Diagnostic {
    // An id close to a section's is most likely a slip in it (every heading has an id
    // by now, most from their words); else the words may be a slip in a title.
    let id = match start {
        Item::Md(Event::Start(Tag::Heading { id: Some(id), .. }), _) => Some(id.as_ref()),
        _ => None,
    };
    let hint = match id
        .and_then(|id| crate::suggest::closest(id, SectionKind::ALL.map(SectionKind::id)))
    {
        Some(id) => format!("; did you mean `{{#{id}}}`?"),
        None => {
            crate::suggest::did_you_mean(words, SectionKind::ALL.map(SectionKind::default_title))
        }
    };
    Diagnostic::error(file, span.clone(), format!("`## {words}` is not one of the five sections{hint}"))
        .with_help("module sections are What it is, Why do it, How to do it, Test your knowledge and Implement it (in any language with `{#what}`, `{#why}`, `{#how}`, `{#test}`, `{#implement}`); use `###` for headings inside a section")
}

/// A section's heading repeated at `span`; `first` is where it first was.
fn twice(file: &Path, span: &Range<usize>, kind: SectionKind, first: &Range<usize>) -> Diagnostic {
    Diagnostic::error(
        file,
        span.clone(),
        format!("section `{}` appears twice", kind.default_title()),
    )
    .with_related(file, first.clone(), "the first one")
    .with_help("merge the two into one section")
}

/// A section with its heading rendered and content turned into blocks.
pub fn section(kind: SectionKind, heading: &[Item], content_blocks: Vec<Block>) -> Section {
    let title_html = render(heading);
    Section {
        kind,
        title_html,
        blocks: content_blocks,
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::markdown::{Context, LinkTargets, parse};

    fn targets() -> LinkTargets {
        LinkTargets {
            pages: [("01-p/02-b.md".into(), "modules/b.html".to_string())].into(),
            assets: [PathBuf::from("assets/pic.png")].into(),
            ..LinkTargets::default()
        }
    }

    #[test]
    fn a_section_named_twice_is_a_repeat_pointing_at_the_first() {
        let t = targets();
        let cx = Context::page_of_a(&t, true);
        let mut d = Vec::new();
        let text = "## What it is\n\n## Why do it\n\n## How to do it\n\n## Test your knowledge\n\n## Implement it\n\nx\n\n## Implement it\n";
        let body = parse(text, 0, &cx, &mut d);
        sections(&body.items, cx.file, text.len(), &mut d);
        let first = text.find("## Implement it").unwrap();
        let second = text.rfind("## Implement it").unwrap();
        let [repeat] = &d[..] else { panic!("{d:?}") };
        assert_eq!(repeat.message, "section `Implement it` appears twice");
        assert_eq!(repeat.span.start, second);
        assert_eq!(repeat.related[0].span.start, first);
    }

    #[test]
    fn section_order_problems_are_named() {
        let t = targets();
        let cx = Context::page_of_a(&t, true);
        let mut d = Vec::new();
        let text = "## Why do it\n\nx\n\n## What it is\n\n## Extra\n\n## Test your knowledge\n";
        let body = parse(text, 0, &cx, &mut d);
        let s = sections(&body.items, cx.file, text.len(), &mut d);
        let messages: Vec<&str> = d.iter().map(|d| d.message.as_str()).collect();
        assert!(
            messages
                .iter()
                .any(|m| m.contains("`What it is` comes after `Why do it`")),
            "{messages:?}"
        );
        assert!(messages.iter().any(|m| m.contains("## Extra")));
        assert!(
            messages
                .iter()
                .any(|m| m.contains("`How to do it` is missing"))
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("`Implement it` is missing"))
        );
        assert!(
            !messages
                .iter()
                .any(|m| m.contains("`What it is` is missing"))
        );
        assert_eq!(s.sections.len(), 2);
    }
}
