//! One module's body parsed into a `Module`: its sections, blocks, quizzes and checklist,
//! the anchors links may point at and the problems found (`pass.rs` runs it over every
//! module).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::head::{Front, Head, find_line};
use crate::diagnostics::Diagnostic;
use crate::glossary;
use crate::markdown::{self, AnchorRef, Context, LinkTargets};
use crate::model::{Block, Glossary, Module, SectionKind};
use crate::quiz;
use crate::sections::{self, Sections};
use crate::url::module_page;

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

/// A module that could not be parsed: its problems, and no anchors to judge links by.
pub(super) fn unparsed(h: &Head, diagnostics: Vec<Diagnostic>) -> ParsedModule {
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
