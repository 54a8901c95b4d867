//! The check stage: the sources parsed into a course and held against the rules that
//! span files (module ids are unique, links to `#anchors` find them, the course has
//! modules, the theme it names exists and has texts in its language, its templates
//! render). `Checked` is what a check found.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::ffi::OsStr;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::course::{Drafts, ModuleId, Parsed};
use crate::diagnostics::Diagnostic;
use crate::error::Error;
use crate::error::TemplateError;
use crate::frontmatter;
use crate::i18n;
use crate::load::{SourceFile, SourceTree};
use crate::markdown::AnchorRef;
use crate::model::{Config, Course, Part};
use crate::render::{self, RenderOptions, Scope};
use crate::theme::{self, Theme};

/// A checked course: the sources (to show diagnostics with their lines), the course
/// when it could be read, its theme and every problem found.
pub struct Checked {
    pub tree: SourceTree,
    pub course: Option<Course>,
    pub theme: Option<Theme>,
    pub diagnostics: Vec<Diagnostic>,
    /// The source files of the drafts the course leaves out.
    pub drafts_left_out: Vec<PathBuf>,
    /// Theme templates that diagnostics name, to show their lines.
    pub theme_sources: Vec<SourceFile>,
}

impl Checked {
    /// What a check found, its problems in order.
    pub fn new(
        tree: SourceTree,
        course: Option<Course>,
        theme: Option<Theme>,
        mut diagnostics: Vec<Diagnostic>,
        drafts_left_out: Vec<PathBuf>,
    ) -> Self {
        crate::diagnostics::sort(&mut diagnostics);
        Checked {
            tree,
            course,
            theme,
            diagnostics,
            drafts_left_out,
            theme_sources: Vec::new(),
        }
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// Reads the texts of the modules the diagnostics name, which a deferred read let
    /// go, so `files` shows their lines. A build calls it only once the site is written,
    /// so a course with a warning in every module never holds all its texts and all its
    /// pages at once.
    pub fn read_texts(&mut self) {
        self.tree.fill_texts_of(&self.diagnostics);
    }

    /// Every file a diagnostic may name, with its text (see `read_texts`).
    pub fn files(&self) -> impl Iterator<Item = &SourceFile> {
        self.tree.files().chain(&self.theme_sources)
    }

    /// A template of the theme that failed, as a diagnostic on its file. `dir` is the
    /// course folder.
    pub fn theme_failed(&mut self, dir: &Path, e: &TemplateError) {
        let name = self.course.as_ref().and_then(|c| c.config.theme.as_deref());
        let theme = match &self.theme {
            Some(t) => Cow::Borrowed(t),
            None => Cow::Owned(Theme::default_theme()),
        };
        let (diagnostic, source) = theme.diagnostic(dir, name, e);
        self.theme_sources.extend(source);
        self.diagnostics.push(diagnostic);
    }
}

/// Checks the theme as a build uses it: its templates compile, and render every kind
/// of page (both editions) for a sample of the course, one module of each part.
pub fn templates(dir: &Path, checked: &mut Checked) {
    let (Some(course), Some(theme)) = (&checked.course, &checked.theme) else {
        return;
    };
    let sample = Course {
        parts: course
            .parts
            .iter()
            .map(|p| Part {
                modules: p.modules.iter().take(1).cloned().collect(),
                ..p.clone()
            })
            .collect(),
        ..course.clone()
    };
    let rendered = render::compile(theme)
        .map_err(Error::Theme)
        .and_then(|tera| {
            for trainer in [false, true] {
                let options = RenderOptions {
                    trainer,
                    scope: Scope::Templates,
                    ..RenderOptions::default()
                };
                render::render_with(&sample, theme, &tera, options)?;
            }
            Ok(())
        });
    if let Err(Error::Theme(e)) = rendered {
        checked.theme_failed(dir, &e);
    }
}

/// Checks sources already read from `dir` (with the problems found reading them),
/// with or without its drafts, reusing and refreshing `cache` when given. Deferred
/// module texts stay unread: `Checked::read_texts` reads those the diagnostics show.
pub fn tree(
    dir: &Path,
    tree: SourceTree,
    mut diagnostics: Vec<Diagnostic>,
    drafts: Drafts,
    mut cache: Option<&mut crate::course::Cache>,
) -> Result<Checked, Error> {
    let parsed = crate::course::parse(&tree, drafts, cache.as_deref_mut());
    let (course, drafts_left_out) = judge(&tree, parsed, cache, &mut diagnostics);
    let theme = course
        .as_ref()
        .map(|course| self::theme(dir, &tree, &course.config, &mut diagnostics))
        .transpose()?;
    Ok(Checked::new(
        tree,
        course,
        theme,
        diagnostics,
        drafts_left_out,
    ))
}

/// The rules across files and the quizzes' quality, over a parse of `tree`: the course,
/// and the drafts it leaves out; the problems go to `diagnostics`.
pub fn judge(
    tree: &SourceTree,
    parsed: Parsed,
    cache: Option<&mut crate::course::Cache>,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Option<Course>, Vec<PathBuf>) {
    diagnostics.extend(self::course(tree, &parsed));
    let (course, more, drafts_left_out) = parsed.finish();
    diagnostics.extend(more);
    if let Some(course) = &course {
        diagnostics.extend(crate::quality::course(
            course,
            cache.map(|c| &mut c.quality),
        ));
    }
    (course, drafts_left_out)
}

/// The rules across the course's files.
pub fn course(tree: &SourceTree, parsed: &Parsed) -> Vec<Diagnostic> {
    let mut out = duplicate_ids(&parsed.ids);
    out.extend(broken_anchors(parsed));
    if tree.parts.iter().all(|p| p.modules.is_empty()) && tree.course_toml.is_some() {
        out.push(
            Diagnostic::warning("course.toml", 0..0, "the course has no modules")
                .with_help("add a part folder such as `01-basics/` with a module `01-first.md`, or run `coursemark new module \"Title\"`"),
        );
    }
    out
}

/// The course's theme, loaded, and the rules about it: the folder it names exists, and
/// it has texts in the course's language.
pub fn theme(
    dir: &Path,
    tree: &SourceTree,
    config: &Config,
    out: &mut Vec<Diagnostic>,
) -> io::Result<Theme> {
    let (theme, found) = theme::for_course(dir, config.theme.as_deref())?;
    if let (Some(name), false) = (&config.theme, found) {
        out.push(
            Diagnostic::error("course.toml", key_in_course_toml(tree, "theme"), format!("theme `{name}` not found"))
                .with_help(format!("create `themes/{name}/` in or beside the course folder (`coursemark theme eject` writes one to start from), or remove `theme`")),
        );
    }
    out.extend(language_gaps(tree, config, &theme));
    Ok(theme)
}

/// Where `key` is set in course.toml, for problems about it.
fn key_in_course_toml(tree: &SourceTree, key: &str) -> std::ops::Range<usize> {
    let text = tree.course_toml.as_ref().map_or("", |f| f.text.as_str());
    frontmatter::find_key(text, key, None).map_or(0..0, |at| at.key)
}

fn duplicate_ids(ids: &[ModuleId]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut seen: HashMap<&str, &ModuleId> = HashMap::new();
    for m in ids {
        if let Some(first) = seen.get(m.id.as_str()) {
            out.push(
                Diagnostic::error(m.file, m.span.clone(), format!(
                    "two modules have the id `{}`: {} and {}", m.id, first.file.display(), m.file.display()
                ))
                .with_related(first.file, first.span.clone(), "the first module with this id")
                .with_help("give one of them its own `id` in the front matter; the id keys the learners' progress"),
            );
        } else {
            seen.insert(&m.id, m);
        }
    }
    out
}

/// Links to `#anchor`s that their page does not have.
fn broken_anchors(parsed: &Parsed) -> Vec<Diagnostic> {
    // Anchors by file, keyed by the paths' bytes (both sides are built from plain
    // components), which hash much faster than `Path`'s component by component.
    let mut anchors: HashMap<&OsStr, &HashSet<String>> = HashMap::new();
    let mut refs: Vec<(&Path, &AnchorRef)> = Vec::new();
    for page in parsed.pages() {
        refs.extend(page.anchor_refs.iter().map(|r| (page.file.as_path(), r)));
        if let Some(set) = &page.anchors {
            anchors.insert(page.file.as_os_str(), set);
        }
    }
    refs.par_iter()
        .filter_map(|(file, r)| {
            let set = anchors.get(r.target.as_os_str())?;
            if set.contains(&r.anchor) {
                return None;
            }
            let target = if r.target == *file {
                "this page".to_string()
            } else {
                format!("`{}`", r.target.display())
            };
            Some(
                Diagnostic::error(*file, r.span.clone(), format!("link to `#{}`: {target} has no such section or heading{}", r.anchor, crate::suggest::did_you_mean(&r.anchor, set.iter().map(String::as_str))))
                    .with_help("link to a section (`#what`, `#why`, `#how`, `#test`, `#implement`), a heading's id or a question's id"),
            )
        })
        .collect()
}

/// Warnings about built-in texts: a language without a file, keys it lacks, and
/// `[strings]` keys no language knows.
fn language_gaps(tree: &SourceTree, config: &Config, theme: &Theme) -> Vec<Diagnostic> {
    let (_, gaps) = i18n::resolve(theme, &config.language, &config.strings);
    // One pass over course.toml: thousands of unknown [strings] keys each need a place.
    let text = tree.course_toml.as_ref().map_or("", |f| f.text.as_str());
    let spans = frontmatter::key_spans(text);
    let at = |key: &str| spans.get(key).cloned().unwrap_or(0..0);
    let mut out = Vec::new();
    if gaps.no_file {
        out.push(
            Diagnostic::warning("course.toml", at("language"), format!("the theme has no texts in `{}`; its buttons and labels will be in English", config.language))
                .with_help(format!("languages with texts: {}; add `i18n/{}.toml` to a theme folder, or set single texts under [strings]", i18n::languages(theme).join(", "), config.language)),
        );
    }
    if !gaps.missing.is_empty() {
        let shown: Vec<&str> = gaps.missing.iter().take(5).map(String::as_str).collect();
        out.push(
            Diagnostic::warning(
                "course.toml",
                at("language"),
                format!(
                    "{} built-in texts have no `{}` translation and fall back to English: {}{}",
                    gaps.missing.len(),
                    config.language,
                    shown.join(", "),
                    if gaps.missing.len() > 5 { ", ..." } else { "" }
                ),
            )
            .with_help(format!(
                "add them to the theme's `i18n/{}.toml`, or under [strings] in course.toml",
                config.language
            )),
        );
    }
    for key in &gaps.unknown_overrides {
        out.push(
            Diagnostic::warning(
                "course.toml",
                at(key),
                format!("[strings] sets `{key}`, which is not a text of the theme"),
            )
            .with_help("check the key's spelling against the theme's i18n/en.toml"),
        );
    }
    out
}
