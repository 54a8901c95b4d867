//! Source tree -> `Course`: every module's front matter first (`head`, so links can find
//! every page), then the bodies (`pass`: in parallel with its cache, or part by part),
//! then the parts and the home page. The rules that span files are `check`'s, over what this returns.

mod head;
mod module;
mod outline;
mod pass;

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Deserialize;

use crate::config;
use crate::diagnostics::Diagnostic;
use crate::frontmatter;
use crate::glossary;
use crate::load::{self, PartSource, SourceFile, SourceTree};
use crate::markdown::{self, Context, LinkTargets};
use crate::model::{Config, Course, Module, Part};
use crate::url::module_page;
use head::Head;
pub use head::file_id;
pub use module::{Page, ParsedModule};
pub use outline::{Framed, Outline, framed, outline};
pub use pass::{Cache, Each, Pass};

/// A parsed course, with what the rules across files read.
pub struct Parsed<'t> {
    /// `None` when `course.toml` could not be read.
    pub course: Option<Course>,
    /// The problems found in single files.
    pub diagnostics: Vec<Diagnostic>,
    /// The source files of the drafts left out of the course.
    pub drafts_left_out: Vec<std::path::PathBuf>,
    /// Every module's id, in course order.
    pub ids: Vec<ModuleId<'t>>,
    /// Every module's parse, in course order.
    pub modules: Vec<Arc<ParsedModule>>,
    /// The home page's anchors and links, when the course has an `index.md`.
    pub home: Option<Page>,
}

/// Whether a course shows its drafts (`serve`, `build --drafts`) or leaves them out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Drafts {
    Shown,
    LeftOut,
}

/// A module's id, its file and where the id is set.
pub struct ModuleId<'t> {
    pub id: String,
    pub file: &'t Path,
    pub span: Range<usize>,
}

impl Parsed<'_> {
    /// Every page's anchors and links to anchors: the modules', then the home page's.
    pub fn pages(&self) -> impl Iterator<Item = &Page> {
        self.modules
            .iter()
            .map(|m| &m.page)
            .chain(self.home.as_ref())
    }

    /// The course and the problems found, once the rules across files have run. The
    /// per-module records (anchors, links) of a large course are many small allocations:
    /// freed on all threads rather than one by one.
    pub fn finish(self) -> (Option<Course>, Vec<Diagnostic>, Vec<std::path::PathBuf>) {
        self.modules.into_par_iter().for_each(drop);
        (self.course, self.diagnostics, self.drafts_left_out)
    }
}

/// The course's `course.toml`, read and checked against its assets.
fn course_config(tree: &SourceTree, diagnostics: &mut Vec<Diagnostic>) -> Option<Config> {
    let toml = tree.course_toml.as_ref()?;
    match config::parse(&toml.path, &toml.text) {
        Ok(c) => {
            unknown_trainer_assets(&c, toml, &tree.assets, diagnostics);
            missing_logo(&c, toml, &tree.assets, diagnostics);
            Some(c)
        }
        Err(d) => {
            diagnostics.extend(d);
            None
        }
    }
}

/// The `trainer_assets` of course.toml that name no asset (a typo would publish the
/// files it meant to keep back).
fn unknown_trainer_assets(
    config: &Config,
    toml: &SourceFile,
    assets: &[std::path::PathBuf],
    diagnostics: &mut Vec<Diagnostic>,
) {
    for entry in &config.trainer_assets {
        if assets.iter().any(|a| a.starts_with(entry)) {
            continue;
        }
        let shown = entry.to_string_lossy();
        let folders: std::collections::BTreeSet<String> = assets
            .iter()
            .flat_map(|a| a.ancestors().skip(1).chain([a.as_path()]))
            .filter(|a| a.components().count() > 1)
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        diagnostics.push(
            Diagnostic::error(
                &toml.path,
                config::entry_span(&toml.text, "trainer_assets", &shown),
                format!("trainer asset `{shown}` is no file or folder under `assets/`{}", crate::suggest::did_you_mean(&shown, folders.iter().map(String::as_str))),
            )
            .with_help("name a folder or file of the course's `assets/`, like `\"assets/trainer-kit\"`, or remove the entry"),
        );
    }
}

/// `[theme] logo` names a file of the course's assets.
fn missing_logo(
    config: &Config,
    toml: &SourceFile,
    assets: &[std::path::PathBuf],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let Some(logo) = &config.logo else { return };
    if assets
        .iter()
        .any(|a| a.as_path() == std::path::Path::new(logo))
    {
        return;
    }
    let shown = assets
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect::<Vec<_>>();
    diagnostics.push(
        Diagnostic::error(
            &toml.path,
            frontmatter::find_key(&toml.text, "logo", None).map_or(0..0, |at| at.key),
            format!("logo `{logo}` is no file under `assets/`{}", crate::suggest::did_you_mean(logo, shown.iter().map(String::as_str))),
        )
        .with_help("put the logo in the course's assets/ folder and name it from the course folder, like `logo = \"assets/logo.svg\"`"),
    );
}

/// Parses the whole course. The course is there when `course.toml` could be read; the
/// caller decides whether errors stop the build. Drafts are in it when `drafts` is
/// `Drafts::Shown`; else they are left out, and published pages may not link to them.
///
/// With a `cache`, modules whose text and link targets have not changed since the
/// cached parse are reused, and this parse is kept in it for the next.
pub fn parse<'t>(tree: &'t SourceTree, drafts: Drafts, cache: Option<&mut Cache>) -> Parsed<'t> {
    parse_framed(tree, framed(tree, drafts), Pass::Whole(cache))
}

/// `parse` after the frame, in the way `pass` says.
pub fn parse_framed<'t>(tree: &'t SourceTree, framed: Framed<'t>, pass: Pass) -> Parsed<'t> {
    let Framed {
        frame,
        drafts,
        mut diagnostics,
    } = framed;
    let ids = frame
        .sources
        .iter()
        .map(|s| ModuleId {
            id: s.head.id.clone(),
            file: &s.head.file.path,
            span: s.head.id_span.clone(),
        })
        .collect();
    let results = pass::parse_all(
        tree,
        frame.sources,
        &frame.targets,
        frame.glossary.as_ref(),
        frame.shuffle,
        frame.smart_punctuation,
        pass,
    );
    if let Some(glossary) = &frame.glossary {
        let used = results.iter().flat_map(|(_, r)| r.terms.iter().copied());
        diagnostics.extend(glossary::unused(glossary, used));
    }
    let modules = results
        .iter()
        .map(|(p, r)| (*p, r.module.as_ref(), r.diagnostics.as_slice()));
    let parts = parts(tree, modules, drafts, &mut diagnostics);
    let (home, home_page) = home_of(
        tree,
        &frame.targets,
        frame.smart_punctuation,
        &mut diagnostics,
    );
    let course = frame.config.map(|config| Course {
        config,
        home,
        parts,
        assets: tree.assets.clone(),
        glossary: frame.glossary,
    });
    Parsed {
        course,
        diagnostics,
        drafts_left_out: frame.drafts_left_out,
        ids,
        modules: results.into_iter().map(|(_, r)| r).collect(),
        home: home_page,
    }
}

/// What every module's parse reads before any body: course.toml, each module's head,
/// what links may point at and the glossary.
struct Frame<'t> {
    config: Option<Config>,
    sources: Vec<pass::Source<'t>>,
    targets: LinkTargets,
    drafts_left_out: Vec<PathBuf>,
    glossary: Option<crate::model::Glossary>,
    /// course.toml's `shuffle` and `smart_punctuation`.
    shuffle: bool,
    smart_punctuation: bool,
}

fn frame<'t>(tree: &'t SourceTree, drafts: Drafts, diagnostics: &mut Vec<Diagnostic>) -> Frame<'t> {
    let config = course_config(tree, diagnostics);
    let sources = heads(tree, diagnostics);
    let (targets, drafts_left_out) = targets(tree, &sources, drafts, config.as_ref());
    let shuffle = config.as_ref().is_some_and(|c| c.shuffle);
    let smart_punctuation = config.as_ref().is_none_or(|c| c.smart_punctuation);
    let glossary = tree
        .glossary
        .as_ref()
        .map(|f| glossary::parse(f, &targets, smart_punctuation, diagnostics));
    Frame {
        config,
        sources,
        targets,
        drafts_left_out,
        glossary,
        shuffle,
        smart_punctuation,
    }
}

/// The parts of `tree` with their modules: each module (`None` when it could not be
/// parsed) with the index of its part and its problems, in course order.
fn parts<'m>(
    tree: &SourceTree,
    modules: impl Iterator<Item = (usize, Option<&'m Arc<Module>>, &'m [Diagnostic])>,
    drafts: Drafts,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Part> {
    let mut modules_by_part: Vec<Vec<Arc<Module>>> =
        tree.parts.iter().map(|_| Vec::new()).collect();
    let mut has_modules = vec![false; tree.parts.len()];
    for (p, module, problems) in modules {
        let published = |m: &&Arc<Module>| !m.draft || drafts == Drafts::Shown;
        has_modules[p] |= module.is_some();
        modules_by_part[p].extend(module.filter(published).cloned());
        diagnostics.extend(problems.iter().cloned());
    }
    tree.parts
        .iter()
        .zip(modules_by_part)
        .zip(has_modules)
        .map(|((source, modules), had)| (part(source, modules, diagnostics), had))
        // A part whose modules are all drafts left out goes with them: its title is
        // unpublished work too, and the site would show it over an empty list.
        .filter(|(part, had)| !(*had && part.modules.is_empty()))
        .map(|(part, _)| part)
        .collect()
}

/// The home page's blocks, and its anchors and links, when the course has an `index.md`.
fn home_of(
    tree: &SourceTree,
    targets: &LinkTargets,
    smart_punctuation: bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<crate::model::Block>, Option<Page>) {
    match &tree.index {
        Some(index) => {
            let (blocks, page) = home(index, targets, smart_punctuation, diagnostics);
            (blocks, Some(page))
        }
        None => (Vec::new(), None),
    }
}

/// What links may point at (every module's page and id, the assets, the drafts left
/// out), and the drafts left out.
fn targets(
    tree: &SourceTree,
    sources: &[pass::Source],
    drafts: Drafts,
    config: Option<&Config>,
) -> (LinkTargets, Vec<PathBuf>) {
    let mut pages: HashMap<std::ffi::OsString, String> = sources
        .iter()
        .map(|s| {
            let path = s.head.file.path.clone().into_os_string();
            (path, module_page(&s.head.id))
        })
        .collect();
    pages.insert("index.md".into(), "index.html".into());
    let mut by_id = HashMap::with_capacity(sources.len());
    for s in sources {
        by_id
            .entry(s.head.id.clone())
            .or_insert_with(|| s.head.file.path.clone());
    }
    let left_out: Vec<&Path> = match drafts {
        Drafts::Shown => Vec::new(),
        Drafts::LeftOut => sources
            .iter()
            .filter(|s| s.head.is_draft())
            .map(|s| s.head.file.path.as_path())
            .collect(),
    };
    let targets = LinkTargets {
        pages,
        assets: tree.assets.iter().cloned().collect(),
        allow_external: config.is_some_and(|c| c.allow_external),
        trainer_assets: config.map(|c| c.trainer_assets.clone()).unwrap_or_default(),
        facts: tree.asset_facts.clone(),
        ids: by_id,
        drafts: left_out.iter().map(|p| p.as_os_str().to_owned()).collect(),
    };
    let drafts_left_out = left_out.into_iter().map(Path::to_path_buf).collect();
    (targets, drafts_left_out)
}

/// Every module's head, in parallel whatever its part. A text held by the tree goes with
/// it; a deferred one is let go and read again when its module is parsed, so a large
/// course's texts are never all in memory at once.
fn heads<'t>(tree: &'t SourceTree, diagnostics: &mut Vec<Diagnostic>) -> Vec<pass::Source<'t>> {
    let files: Vec<(usize, &SourceFile)> = tree
        .parts
        .iter()
        .enumerate()
        .flat_map(|(p, part)| part.modules.iter().map(move |f| (p, f)))
        .collect();
    let read: Vec<(pass::Source, Vec<Diagnostic>)> = files
        .par_iter()
        .map(|&(part, f)| match tree.module_text(f) {
            Ok(text) => {
                let (head, d) = Head::read(f, &text);
                let text = match text {
                    Cow::Owned(read) => pass::Text::Again(pass::Text::key(&read)),
                    held => pass::Text::Held(held),
                };
                (pass::Source { part, head, text }, d)
            }
            Err(d) => {
                let head = Head::unread(f);
                let text = pass::Text::Held(Cow::Borrowed(""));
                (pass::Source { part, head, text }, vec![d])
            }
        })
        .collect();
    let mut sources = Vec::with_capacity(read.len());
    for (source, d) in read {
        diagnostics.extend(d);
        sources.push(source);
    }
    sources
}

/// The home page from `index.md`: its blocks, and its anchors and links.
fn home(
    index: &SourceFile,
    targets: &LinkTargets,
    smart_punctuation: bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<crate::model::Block>, Page) {
    let cx = Context {
        file: &index.path,
        page: "index.html",
        targets,
        draft: false,
        smart_punctuation,
        in_trainer_note: false,
    };
    // Front matter is allowed on the home page too; its keys are not used there.
    let (text, offset) = match frontmatter::split(&index.path, &index.text) {
        Ok(split) => (split.body, split.body_offset),
        Err(d) => {
            diagnostics.push(d);
            (index.text.as_str(), 0)
        }
    };
    let body = markdown::parse(text, offset, &cx, diagnostics);
    let blocks = markdown::blocks(&body.items);
    let page = Page {
        file: index.path.clone(),
        anchors: Some(body.anchors),
        anchor_refs: body.anchor_refs,
    };
    (blocks, page)
}

/// A part's `_part.toml`; `keys::PART` lists its keys for the reference.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct PartMeta {
    title: Option<String>,
    summary: Option<String>,
}

fn part(source: &PartSource, modules: Vec<Arc<Module>>, diagnostics: &mut Vec<Diagnostic>) -> Part {
    let meta = match &source.meta {
        None => PartMeta::default(),
        Some(file) => toml::from_str(&file.text).unwrap_or_else(|e| {
            diagnostics.push(
                Diagnostic::error(
                    &file.path,
                    e.span().unwrap_or(0..0),
                    format!("_part.toml: {}", e.message().trim()),
                )
                .with_help(format!(
                    "_part.toml takes {}",
                    crate::keys::listed(crate::keys::PART)
                )),
            );
            PartMeta::default()
        }),
    };
    Part {
        title: meta.title.unwrap_or_else(|| title_from_dir(&source.dir)),
        summary: meta.summary,
        dir: source.dir.clone(),
        modules,
    }
}

/// `02-the-pilot` gives `The pilot`.
pub fn title_from_dir(dir: &str) -> String {
    let words = load::strip_prefix(dir).replace(['-', '_'], " ");
    let mut chars = words.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_of_the_reference_reads() {
        let text: String = crate::keys::PART
            .iter()
            .map(|k| format!("{} = {}\n", k.name, k.example))
            .collect();
        let meta: PartMeta = toml::from_str(&text).expect("every key of _part.toml");
        assert!(meta.title.is_some() && meta.summary.is_some());
    }

    #[test]
    fn part_titles_from_folders() {
        assert_eq!(title_from_dir("02-the-pilot"), "The pilot");
        assert_eq!(title_from_dir("basics"), "Basics");
    }
}
