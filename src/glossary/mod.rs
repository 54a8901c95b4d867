//! The course's glossary: `glossary.md` (each `## Term (ABBR) {#id}` heading and the text
//! under it) or `glossary.toml` (`[[term]]` tables) read into terms; the first use of each
//! term in a module linked to its entry with its short definition; and the checks of
//! terms listed but not defined, defined twice, or defined and never used.

use std::collections::HashMap;

use pulldown_cmark::{Event, HeadingLevel, Tag};
use serde::Deserialize;

use crate::diagnostics::Diagnostic;
use crate::frontmatter;
use crate::load::SourceFile;
use crate::markdown::{self, Context, Item, LinkTargets};
use crate::model::{Glossary, Term};
use crate::slug;

mod link;

pub use link::{find, link, listed, unused};

/// The glossary page, relative to the site root.
pub const PAGE: &str = "glossary.html";

/// Reads the glossary file; its problems (a term defined twice, a bad link) go to
/// `diagnostics`.
pub fn parse(
    file: &SourceFile,
    targets: &LinkTargets,
    smart_punctuation: bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> Glossary {
    let cx = Context {
        file: &file.path,
        page: PAGE,
        targets,
        draft: false,
        smart_punctuation,
        in_trainer_note: false,
    };
    let is_toml = file
        .path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"));
    let glossary = if is_toml {
        from_toml(file, &cx, diagnostics)
    } else {
        from_markdown(file, &cx, diagnostics)
    };
    duplicates(&glossary, diagnostics);
    glossary
}

fn from_markdown(file: &SourceFile, cx: &Context, diagnostics: &mut Vec<Diagnostic>) -> Glossary {
    let (title, body, offset) = match frontmatter::split(&file.path, &file.text) {
        Ok(split) => {
            diagnostics.extend(split.unknown_keys);
            (split.front.title, split.body, split.body_offset)
        }
        Err(d) => {
            diagnostics.push(d);
            (None, file.text.as_str(), 0)
        }
    };
    let body = markdown::parse(body, offset, cx, diagnostics);
    let mut intro = Vec::new();
    let mut terms: Vec<(Term, Vec<Item>)> = Vec::new();
    for block in markdown::top_level(&body.items) {
        match block.first() {
            Some(Item::Md(
                Event::Start(Tag::Heading {
                    level: HeadingLevel::H2,
                    id,
                    ..
                }),
                span,
            )) => {
                let heading = markdown::plain_text(block);
                let (name, abbr) = name_and_abbr(&heading);
                let id = id
                    .as_deref()
                    .map_or_else(|| slug::github(&heading), str::to_string);
                let term = Term {
                    id,
                    name,
                    abbr,
                    html: String::new(),
                    short: String::new(),
                    span: span.clone(),
                };
                terms.push((term, Vec::new()));
            }
            _ => match terms.last_mut() {
                Some((_, items)) => items.extend(block.iter().cloned()),
                None => intro.extend(block.iter().cloned()),
            },
        }
    }
    let terms = terms
        .into_iter()
        .map(|(mut term, items)| {
            term.html = markdown::render(&items);
            term.short = first_sentence(&markdown::plain_text(first_paragraph(&items)));
            if term.short.is_empty() {
                diagnostics.push(
                    Diagnostic::warning(&file.path, term.span.clone(), format!("the term `{}` has no definition", term.name))
                        .with_help("write its definition in a paragraph under the heading; the first sentence is shown where modules use the term"),
                );
            }
            term
        })
        .collect();
    Glossary {
        title: title.unwrap_or_else(|| "Glossary".into()),
        source: file.path.clone(),
        intro_html: markdown::render(&intro),
        terms,
    }
}

/// `glossary.toml`: `title = "..."` and `[[term]]` tables; `keys::GLOSSARY` and
/// `keys::TERM` list their keys for the reference.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TomlGlossary {
    title: Option<String>,
    #[serde(default)]
    term: Vec<TomlTerm>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TomlTerm {
    name: toml::Spanned<String>,
    abbr: Option<String>,
    id: Option<String>,
    definition: toml::Spanned<String>,
}

fn from_toml(file: &SourceFile, cx: &Context, diagnostics: &mut Vec<Diagnostic>) -> Glossary {
    let raw: TomlGlossary = match toml::from_str(&file.text) {
        Ok(raw) => raw,
        Err(e) => {
            diagnostics.push(
                Diagnostic::error(&file.path, e.span().unwrap_or(0..0), format!("glossary.toml: {}", e.message().trim()))
                    .with_help(format!("glossary.toml takes {}; each `[[term]]` takes {} (`name` and `definition` required)", crate::keys::listed(crate::keys::GLOSSARY), crate::keys::listed(crate::keys::TERM))),
            );
            TomlGlossary {
                title: None,
                term: Vec::new(),
            }
        }
    };
    let mut ids = slug::Taken::default();
    let terms = raw
        .term
        .into_iter()
        .map(|t| {
            let span = t.name.span();
            let text = t.definition.get_ref();
            // Links in the definition are reported at the definition's line.
            let at = t.definition.span().start;
            let mut problems = Vec::new();
            let items = markdown::parse(text, 0, cx, &mut problems).items;
            diagnostics.extend(problems.into_iter().map(|mut d| {
                d.span = at..at;
                d
            }));
            let name = t.name.into_inner().trim().to_string();
            let label = match &t.abbr {
                Some(a) => format!("{name} ({a})"),
                None => name.clone(),
            };
            Term {
                id: ids.unique(&t.id.unwrap_or_else(|| slug::github(&label))),
                short: first_sentence(&markdown::plain_text(first_paragraph(&items))),
                html: markdown::render(&items),
                name,
                abbr: t
                    .abbr
                    .map(|a| a.trim().to_string())
                    .filter(|a| !a.is_empty()),
                span,
            }
        })
        .collect();
    Glossary {
        title: raw.title.unwrap_or_else(|| "Glossary".into()),
        source: file.path.clone(),
        intro_html: String::new(),
        terms,
    }
}

/// `Net revenue retention (NRR)` gives the name and the abbreviation.
fn name_and_abbr(heading: &str) -> (String, Option<String>) {
    let heading = heading.trim();
    if let Some(open) = heading
        .strip_suffix(')')
        .and_then(|h| h.rfind('(').map(|i| (h, i)))
    {
        let (h, i) = open;
        let abbr = h[i + 1..].trim();
        let name = h[..i].trim();
        if !abbr.is_empty() && !name.is_empty() {
            return (name.to_string(), Some(abbr.to_string()));
        }
    }
    (heading.to_string(), None)
}

/// The items of the first paragraph of a definition (all of them when it has none).
fn first_paragraph<'b, 'a>(items: &'b [Item<'a>]) -> &'b [Item<'a>] {
    markdown::top_level(items)
        .into_iter()
        .find(|b| matches!(b.first(), Some(Item::Md(Event::Start(Tag::Paragraph), _))))
        .unwrap_or(items)
}

/// The first sentence of a text: up to the first `.`, `!` or `?` followed by a space.
fn first_sentence(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let end = text
        .char_indices()
        .find(|&(i, c)| matches!(c, '.' | '!' | '?') && text[i + 1..].starts_with(' '))
        .map_or(text.len(), |(i, c)| i + c.len_utf8());
    text[..end].to_string()
}

/// A name or abbreviation defined twice is an error naming both places.
fn duplicates(glossary: &Glossary, diagnostics: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<String, &Term> = HashMap::new();
    for term in &glossary.terms {
        for key in std::iter::once(&term.name).chain(&term.abbr) {
            let folded = key.to_lowercase();
            match seen.get(&folded) {
                Some(first) if !std::ptr::eq(*first, term) => diagnostics.push(
                    Diagnostic::error(
                        &glossary.source,
                        term.span.clone(),
                        format!("the term `{key}` is defined twice"),
                    )
                    .with_related(
                        &glossary.source,
                        first.span.clone(),
                        format!("`{key}` is first defined here"),
                    )
                    .with_help("merge the two entries into one, or name them apart"),
                ),
                Some(_) => {}
                None => {
                    seen.insert(folded, term);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::*;

    #[test]
    fn every_key_of_the_reference_reads() {
        let line = |k: &crate::keys::Key| format!("{} = {}\n", k.name, k.example);
        let top: String = crate::keys::GLOSSARY
            .iter()
            .filter(|k| k.name != "term")
            .map(line)
            .collect();
        let term: String = crate::keys::TERM.iter().map(line).collect();
        let raw: TomlGlossary = toml::from_str(&format!("{top}[[term]]\n{term}")).unwrap();
        let t = &raw.term[0];
        assert!(raw.title.is_some() && t.abbr.is_some() && t.id.is_some());
        let inline: String = crate::keys::GLOSSARY.iter().map(line).collect();
        toml::from_str::<TomlGlossary>(&inline).unwrap();
    }

    fn targets() -> LinkTargets {
        LinkTargets {
            pages: Default::default(),
            assets: Default::default(),
            allow_external: false,
            trainer_assets: Vec::new(),
            facts: Default::default(),
            drafts: Default::default(),
            ids: Default::default(),
        }
    }

    fn glossary(text: &str) -> (Glossary, Vec<Diagnostic>) {
        let file = SourceFile {
            path: PathBuf::from("glossary.md"),
            text: text.into(),
        };
        let mut d = Vec::new();
        let g = parse(&file, &targets(), true, &mut d);
        (g, d)
    }

    const GLOSSARY: &str = "+++\ntitle = \"Terms\"\n+++\n\nWords we use.\n\n## Net revenue retention (NRR) {#nrr}\n\nRevenue kept from existing customers. Counts *expansion* too.\n\n## Success plan\n\nThe customer's goals in writing.\n";

    #[test]
    fn terms_from_headings_with_abbreviations_and_ids() {
        let (g, d) = glossary(GLOSSARY);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(g.title, "Terms");
        assert_eq!(g.intro_html, "<p>Words we use.</p>\n");
        assert_eq!(g.terms.len(), 2);
        let nrr = &g.terms[0];
        assert_eq!(
            (nrr.id.as_str(), nrr.name.as_str(), nrr.abbr.as_deref()),
            ("nrr", "Net revenue retention", Some("NRR"))
        );
        assert_eq!(nrr.short, "Revenue kept from existing customers.");
        assert!(nrr.html.contains("<em>expansion</em>"), "{}", nrr.html);
        assert_eq!(g.terms[1].id, "success-plan");
        assert_eq!(nrr.label(), "Net revenue retention (NRR)");
    }

    #[test]
    fn a_term_defined_twice_names_both_lines() {
        let (_, d) = glossary("## NRR\n\nOne.\n\n## Net revenue retention (nrr)\n\nTwo.\n");
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].is_error());
        assert!(d[0].message.contains("`nrr` is defined twice"), "{d:?}");
        assert_eq!(d[0].span.start, 14);
        assert_eq!(d[0].related[0].span, 0..7);
    }

    #[test]
    fn the_toml_form_reads_the_same() {
        let file = SourceFile {
            path: PathBuf::from("glossary.toml"),
            text: "title = \"T\"\n[[term]]\nname = \"Net revenue retention\"\nabbr = \"NRR\"\nid = \"nrr\"\ndefinition = \"Revenue kept. More.\"\n".into(),
        };
        let mut d = Vec::new();
        let g = parse(&file, &targets(), true, &mut d);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(g.terms[0].id, "nrr");
        assert_eq!(g.terms[0].short, "Revenue kept.");
        assert_eq!(g.terms[0].span, 28..51);
    }

    fn linked(module: &str) -> (String, Vec<usize>) {
        let (g, _) = glossary(GLOSSARY);
        let t = targets();
        let cx = Context::page_of_a(&t, false);
        let mut body = markdown::parse(module, 0, &cx, &mut Vec::new());
        let used = link(&mut body.items, &g, "modules/a.html");
        (markdown::render(&body.items), used)
    }

    #[test]
    fn the_first_use_in_prose_links_to_the_entry() {
        let (html, used) =
            linked("## What it is\n\nOur nrr is not NRR. NRR again, and two success plans.\n");
        assert_eq!(used, vec![0, 1]);
        assert!(
            html.contains("is not <span class=\"term\"><a href=\"../glossary.html#nrr\">NRR</a></span>. NRR again"),
            "abbreviations match as written, once: {html}"
        );
        assert!(html.contains(">success plans</a>"), "a plural name: {html}");
    }

    #[test]
    fn no_links_in_headings_links_code_task_items_or_the_test() {
        let (html, used) = linked(
            "## What it is\n\n### NRR\n\n[NRR](x.html) `NRR`\n\n```\nNRR\n```\n\n- [ ] NRR\n\n## Test your knowledge\n\n### Which is NRR?\n\n- [x] NRR\n- [ ] No\n",
        );
        assert!(used.is_empty(), "{html}");
        assert!(!html.contains("class=\"term\""), "{html}");
    }

    #[test]
    fn listed_terms_must_be_defined() {
        let (g, _) = glossary(GLOSSARY);
        let mut d = Vec::new();
        let found = listed(
            Some(&g),
            &["nrr".into(), "NRR".into(), "Succes plan".into()],
            Path::new("m.md"),
            &(3..9),
            &mut d,
        );
        assert_eq!(found, vec![0, 0]);
        assert_eq!(d.len(), 1);
        assert!(
            d[0].message
                .contains("`Succes plan` is not in the glossary"),
            "{d:?}"
        );
        assert!(
            d[0].help
                .as_deref()
                .unwrap()
                .contains("did you mean `Success plan`?"),
            "{d:?}"
        );
        let unused = unused(&g, [0]);
        assert_eq!(unused.len(), 1);
        assert!(
            unused[0]
                .message
                .contains("no module uses the term `Success plan`")
        );
    }
}
