//! The second pass: each module's body parsed into a `Module`, in parallel, with a cache
//! that keeps the modules whose text and link targets have not changed.

use std::borrow::Cow;
use std::collections::hash_map::DefaultHasher;
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::head::{Front, Head, find_line};
use crate::diagnostics::Diagnostic;
use crate::glossary;
use crate::load::SourceTree;
use crate::markdown::{self, AnchorRef, Context, LinkTargets};
use crate::model::{Block, Glossary, Module, SectionKind};
use crate::quiz;
use crate::sections::{self, Sections};
use crate::url::module_page;

/// ParsedModule modules kept between rebuilds: a module whose text and link targets have not
/// changed is not parsed again.
#[derive(Default)]
pub struct Cache {
    /// Hash of everything a module's parse depends on besides its own text.
    targets_key: u64,
    modules: HashMap<PathBuf, (u64, Arc<ParsedModule>)>,
    /// The quiz-quality warnings of the modules, judged again only when they changed.
    pub quality: crate::quality::Kept,
}

/// How the modules are parsed: all at once, reusing those `cache` kept (`serve`), or
/// part by part, each given to `Each` as soon as it is parsed (`build`).
pub enum Pass<'p> {
    Whole(Option<&'p mut Cache>),
    Parts(&'p Each<'p>),
}

/// What a build does with each part as soon as its modules are parsed, so that a large
/// course is never held whole: it renders them.
pub struct Each<'e> {
    /// Gets the part's modules, parsed whole, in course order.
    pub give: &'e (dyn Fn(&[&Module]) + Sync),
    /// Then the course keeps of them only what `Module::lighten` keeps.
    pub lighten: bool,
}

/// One page's anchors and its links to anchors, for the cross-file check.
pub struct Page {
    pub file: PathBuf,
    /// `None` when the page could not be read, so links into it are not judged.
    pub anchors: Option<HashSet<String>>,
    pub anchor_refs: Vec<AnchorRef>,
}

/// What parsing one module gave.
pub struct ParsedModule {
    /// `None` when its front matter could not be read.
    pub module: Option<Arc<Module>>,
    pub diagnostics: Vec<Diagnostic>,
    pub page: Page,
    /// The glossary terms it uses (in its text or its `terms`), by index.
    pub terms: Vec<usize>,
}

/// A module to parse: the index of its part, its head and its text.
pub struct Source<'a> {
    pub part: usize,
    pub head: Head<'a>,
    pub text: Text<'a>,
}

/// A module's text as its head was read from it: held, or to be read again.
pub enum Text<'a> {
    Held(Cow<'a, str>),
    /// A deferred text, read again when its module is parsed; its `key` then, so a file
    /// changed in between is not parsed with a head read from another text.
    Again(u64),
}

impl Text<'_> {
    /// The key of a text read again: its length and hash.
    pub fn key(text: &str) -> u64 {
        xxhash_rust::xxh3::xxh3_64_with_seed(text.as_bytes(), text.len() as u64)
    }
}

fn hash_of(value: impl Hash) -> u64 {
    let mut h = DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

/// Parses every module in parallel (each text let go once its module is parsed, and read
/// again from `tree` when its head was read from a deferred one), with the index of its
/// part. With a `cache`, modules whose text and link targets are
/// unchanged are reused, and this parse is kept in it for the next.
pub fn parse_all(
    tree: &SourceTree,
    sources: Vec<Source>,
    targets: &LinkTargets,
    glossary: Option<&Glossary>,
    shuffle: bool,
    smart_punctuation: bool,
    pass: Pass,
) -> Vec<(usize, Arc<ParsedModule>)> {
    let (mut cache, each) = match pass {
        Pass::Whole(cache) => (cache, None),
        Pass::Parts(each) => (None, Some(each)),
    };
    if let Some(cache) = cache.as_deref_mut() {
        let mut sorted_pages: Vec<_> = targets.pages.iter().collect();
        sorted_pages.sort();
        let mut facts: Vec<_> = targets.facts.iter().collect();
        facts.sort();
        let mut drafts: Vec<_> = targets.drafts.iter().collect();
        drafts.sort();
        let targets_key = hash_of((
            sorted_pages,
            drafts,
            &tree.assets,
            facts,
            glossary,
            shuffle,
            smart_punctuation,
        ));
        if cache.targets_key != targets_key {
            cache.modules.clear();
            cache.targets_key = targets_key;
        }
    }
    let cached = cache.as_deref().map(|c| &c.modules);
    let parse_one = |Source { part, head, text }: Source| {
        let text = match text {
            Text::Held(text) => text,
            Text::Again(key) => match read_again(tree, &head, key) {
                Ok(text) => Cow::Owned(text),
                Err(d) => return (part, 0, Arc::new(unparsed(&head, vec![d]))),
            },
        };
        let key = if cached.is_some() {
            hash_of(text.as_ref())
        } else {
            0
        };
        let result = match cached.and_then(|c| c.get(&head.file.path)) {
            Some((k, r)) if *k == key => Arc::clone(r),
            _ => Arc::new(parse(
                &head,
                &text,
                targets,
                glossary,
                shuffle,
                smart_punctuation,
            )),
        };
        (part, key, result)
    };
    let results: Vec<(usize, u64, Arc<ParsedModule>)> = match each {
        None => sources.into_par_iter().map(parse_one).collect(),
        Some(each) => {
            let mut results = Vec::with_capacity(sources.len());
            let mut parts: Vec<Vec<Source>> = Vec::new();
            for s in sources {
                match parts.last_mut() {
                    Some(part) if part[0].part == s.part => part.push(s),
                    _ => parts.push(vec![s]),
                }
            }
            // Each part is given while the next one is parsed, so that the cores stay
            // busy through a part's last pages.
            let mut parsed: Option<Vec<_>> = None;
            for next in parts.into_iter().map(Some).chain([None]) {
                let (next, ()) = rayon::join(
                    || next.map(|part| part.into_par_iter().map(parse_one).collect()),
                    || {
                        if let Some(part) = &parsed {
                            let whole: Vec<&Module> = part
                                .iter()
                                .filter_map(|(_, _, r): &(_, _, Arc<ParsedModule>)| {
                                    r.module.as_deref()
                                })
                                .collect();
                            (each.give)(&whole);
                        }
                    },
                );
                if let Some(mut part) = parsed.take() {
                    if each.lighten {
                        part.iter_mut().for_each(|(_, _, r)| lighten(r));
                    }
                    results.append(&mut part);
                }
                parsed = next;
            }
            results
        }
    };
    if let Some(cache) = cache {
        cache.modules = results
            .iter()
            .map(|(_, key, r)| (r.page.file.clone(), (*key, Arc::clone(r))))
            .collect();
    }
    results.into_iter().map(|(p, _, r)| (p, r)).collect()
}

/// Keeps of a module given whole to a build only what `Module::lighten` keeps.
fn lighten(parsed: &mut Arc<ParsedModule>) {
    if let Some(m) = Arc::get_mut(parsed)
        .and_then(|r| r.module.as_mut())
        .and_then(Arc::get_mut)
    {
        m.lighten();
    }
}

/// The text of a module read again (see `Text::Again`), the same as its head was read
/// from.
fn read_again(tree: &SourceTree, head: &Head, key: u64) -> Result<String, Diagnostic> {
    let text = tree.module_text(head.file)?.into_owned();
    if Text::key(&text) == key {
        return Ok(text);
    }
    Err(Diagnostic::error(
        &head.file.path,
        0..0,
        "the file changed while it was being read",
    )
    .with_help("run again once the file is saved"))
}

/// A module that could not be parsed: its problems, and no anchors to judge links by.
fn unparsed(h: &Head, diagnostics: Vec<Diagnostic>) -> ParsedModule {
    ParsedModule {
        module: None,
        diagnostics,
        page: Page {
            file: h.file.path.clone(),
            anchors: None,
            anchor_refs: Vec::new(),
        },
        terms: Vec::new(),
    }
}

/// The question `coursemark new module` writes as an example.
const EXAMPLE_QUESTION: &str = "### Your first question? {#first-question}";

/// Parses one module's body (its head read before).
pub(super) fn parse(
    h: &Head,
    text: &str,
    targets: &LinkTargets,
    glossary: Option<&Glossary>,
    course_shuffle: bool,
    smart_punctuation: bool,
) -> ParsedModule {
    let mut diagnostics = Vec::new();
    let path = &h.file.path;
    let Some((front, shell)) = shell(h, text, course_shuffle, &mut diagnostics) else {
        return unparsed(h, diagnostics);
    };
    let page = module_page(&h.id);
    let cx = Context {
        file: path,
        page: &page,
        targets,
        draft: shell.draft,
        smart_punctuation,
        in_trainer_note: false,
    };
    let body_text = &text[front.body_offset..];
    let mut body = markdown::parse(body_text, front.body_offset, &cx, &mut diagnostics);
    let terms = terms(
        front,
        text,
        glossary,
        &mut body.items,
        &cx,
        &mut diagnostics,
    );
    let mut section_problems = Vec::new();
    let cut = sections::sections(&body.items, path, text.len(), &mut section_problems);
    unwritten(path, text, front, &cut, section_problems, &mut diagnostics);
    let intro = markdown::blocks(cut.intro);
    let sections = cut
        .sections
        .iter()
        .map(|(kind, heading, content, heading_span)| {
            let (content, footnotes) = markdown::split_footnotes(content);
            let mut blocks = match kind {
                SectionKind::Test => {
                    quiz::questions(content, heading_span.clone(), path, &mut diagnostics)
                }
                SectionKind::Implement => {
                    let mut blocks = downloads(front, text, &cx, &mut diagnostics);
                    blocks.extend(quiz::checklist(
                        content,
                        heading_span.clone(),
                        path,
                        &mut diagnostics,
                    ));
                    blocks
                }
                _ => markdown::blocks(content),
            };
            blocks.extend(footnotes);
            // Every module's blocks stay in memory through a build: no spare slots (they
            // were two thirds of a 10,000-module course's blocks, 32 MiB).
            blocks.shrink_to_fit();
            sections::section(*kind, heading, blocks)
        })
        .collect::<Vec<_>>();
    let module = Module {
        intro,
        sections,
        ..shell
    };
    let mut anchors = body.anchors;
    anchors.extend(module.questions().map(|q| q.id.clone()));
    ParsedModule {
        module: Some(Arc::new(module)),
        diagnostics,
        page: Page {
            file: path.clone(),
            anchors: Some(anchors),
            anchor_refs: body.anchor_refs,
        },
        terms,
    }
}

/// A module as its front matter makes it, without its body (no intro, no sections),
/// and that front matter; `None` when the module cannot be parsed (its front matter
/// could not be read, or the file is empty). Its problems go to `diagnostics`.
pub(super) fn shell<'h>(
    h: &'h Head,
    text: &str,
    course_shuffle: bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(&'h Front, Module)> {
    let path = &h.file.path;
    // (A file that could not be read has no front and was reported already.)
    let front = h.front.as_ref()?;
    if text.trim().is_empty() {
        diagnostics.push(
            Diagnostic::error(path, 0..0, "the file is empty")
                .with_help("write the module (`coursemark new module \"Title\"` starts one with the five sections), or delete the file"),
        );
        return None;
    }
    Some((
        front,
        from_front(h, front, text, course_shuffle, diagnostics),
    ))
}

/// The module `h` as its front matter gives it, without its body (the outline a build
/// renders against); `None` when its front matter could not be read.
pub(super) fn front_shell(h: &Head, course_shuffle: bool) -> Option<Module> {
    let front = h.front.as_ref()?;
    Some(from_front(h, front, "", course_shuffle, &mut Vec::new()))
}

/// A module of the front matter `front` and no body; `text` is the file's, for the
/// lines of the problems found.
fn from_front(
    h: &Head,
    front: &Front,
    text: &str,
    course_shuffle: bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> Module {
    let path = &h.file.path;
    let title = title(path, front, diagnostics);
    let duration = duration(path, text, front, diagnostics);
    let (title, title_html) = markdown::inline_title(&title);
    Module {
        id: h.id.clone(),
        source: path.clone(),
        title,
        title_html,
        summary: front.matter.summary.clone(),
        duration,
        objectives: front.matter.objectives.clone(),
        shuffle: front.matter.shuffle.unwrap_or(course_shuffle),
        draft: front.matter.draft.unwrap_or(false),
        intro: Vec::new(),
        sections: Vec::new(),
    }
}

/// Text not written yet: a module with no text (one warning, not a missing section
/// each, which `section_problems` holds), an empty section, the example question of
/// `coursemark new module`.
fn unwritten(
    path: &Path,
    text: &str,
    front: &Front,
    cut: &Sections,
    section_problems: Vec<Diagnostic>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if text[front.body_offset..].trim().is_empty() {
        diagnostics.push(
            Diagnostic::warning(path, front.span.clone(), "the module has no text yet")
                .with_help("write its five sections: What it is, Why do it, How to do it, Test your knowledge and Implement it"),
        );
    } else {
        diagnostics.extend(section_problems);
    }
    for (kind, _, content, span) in &cut.sections {
        if content.is_empty() && !matches!(kind, SectionKind::Test | SectionKind::Implement) {
            diagnostics.push(
                Diagnostic::warning(
                    path,
                    span.clone(),
                    format!("the section `{}` is empty", kind.default_title()),
                )
                .with_help("write it before publishing; learners see an empty section"),
            );
        }
    }
    if let Some(at) = text.find(EXAMPLE_QUESTION) {
        diagnostics.push(
            Diagnostic::warning(path, at..at + EXAMPLE_QUESTION.len(), "this is still the example question of `coursemark new module`")
                .with_help("replace it with a question about this module, with its own options and explanation"),
        );
    }
}

/// The front matter's duration in minutes; one that cannot be read is a warning.
fn duration(
    path: &Path,
    text: &str,
    front: &Front,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<u32> {
    front.matter.duration.as_ref().and_then(|d| {
        let minutes = d.minutes();
        if minutes.is_none() {
            diagnostics.push(
                Diagnostic::warning(
                    path,
                    find_line(text, "duration", front.span.clone()),
                    "duration is not a number of minutes",
                )
                .with_help(
                    "write minutes as a number (`duration = 25`) or text like \"1 h 30 min\"",
                ),
            );
        }
        minutes
    })
}

/// The glossary terms a module uses: those its front matter lists (each checked) and
/// those its text uses, linked in `items` to their entries.
fn terms(
    front: &Front,
    text: &str,
    glossary: Option<&Glossary>,
    items: &mut Vec<markdown::Item>,
    cx: &Context,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<usize> {
    let mut terms = Vec::new();
    if !front.matter.terms.is_empty() {
        let span = find_line(text, "terms", front.span.clone());
        terms = glossary::listed(glossary, &front.matter.terms, cx.file, &span, diagnostics);
    }
    if let Some(glossary) = glossary {
        terms.extend(glossary::link(items, glossary, cx.page));
    }
    terms
}

/// The download cards of the front matter's `downloads = [...]`, for the top of the
/// Implement section.
fn downloads(
    front: &Front,
    text: &str,
    cx: &Context,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Block> {
    if front.matter.downloads.is_empty() {
        return Vec::new();
    }
    let span = find_line(text, "downloads", front.span.clone());
    markdown::download_list(&front.matter.downloads, cx, &span, diagnostics)
        .map(Block::Html)
        .into_iter()
        .collect()
}

/// The module's title; a missing one is an error.
fn title(path: &Path, front: &Front, diagnostics: &mut Vec<Diagnostic>) -> String {
    match front.matter.title.as_deref().map(str::trim) {
        Some(t) if !t.is_empty() => t.to_string(),
        // The block's own error says what is wrong; the title may well be there.
        _ if front.unreadable => String::new(),
        _ => {
            let span = if front.span.is_empty() {
                0..0
            } else {
                front.span.start..front.span.start + 3
            };
            diagnostics.push(
                Diagnostic::error(path, span, "the module has no title")
                    .with_help("start the file with front matter such as:\n+++\ntitle = \"Why outcome-based customer success\"\n+++"),
            );
            String::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::SourceFile;

    #[test]
    fn a_text_read_again_is_parsed_only_when_it_is_the_one_its_head_came_from() {
        let dir = std::env::temp_dir().join(format!("cm-read-again-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let first = "+++\ntitle = \"A\"\n+++\nText\n";
        std::fs::write(dir.join("a.md"), first).unwrap();
        let tree = SourceTree {
            deferred: Some(dir.clone()),
            ..SourceTree::default()
        };
        let file = SourceFile {
            path: "a.md".into(),
            text: String::new(),
        };
        let (head, _) = Head::read(&file, first);
        let key = Text::key(first);
        assert_eq!(read_again(&tree, &head, key).as_deref(), Ok(first));
        // Saved in between: the head read from the first text does not fit the second.
        std::fs::write(
            dir.join("a.md"),
            "+++\ntitle = \"A longer title\"\n+++\nText\n",
        )
        .unwrap();
        let problem = read_again(&tree, &head, key).expect_err("the file changed");
        assert!(problem.message.contains("changed while it was being read"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
