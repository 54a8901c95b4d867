//! The course as far as its front matter: course.toml, the parts, the home page, the
//! glossary and each module's head, no module body parsed. Enough to render the pages
//! that list the course and, one at a time, a module page parsed on request, as the
//! whole parse makes them: `serve` answers its first page from it long before a large
//! course is checked, and `build` renders each part against it as the part is parsed.

use std::sync::Arc;

use rayon::prelude::*;

use super::head::Head;
use super::module;
use super::pass;
use super::{Drafts, Frame, frame, home_of, parts};
use crate::diagnostics::Diagnostic;
use crate::load::{SourceFile, SourceTree};
use crate::markdown::LinkTargets;
use crate::model::{Config, Course, Module};

/// A course whose modules have their front matter and no body (see `outline`).
pub struct Outline {
    /// The modules' `intro` and `sections` are empty.
    pub course: Course,
    targets: LinkTargets,
    shuffle: bool,
    smart_punctuation: bool,
}

/// The outline of the course in `tree` with its drafts, as `serve` shows it; `None` when
/// reading it met an error (the whole check then says which), or two modules share an
/// id.
pub fn outline(tree: &SourceTree) -> Option<Outline> {
    let mut diagnostics = Vec::new();
    let f = frame(tree, Drafts::Shown, &mut diagnostics);
    let shuffle = f.shuffle;
    let shells: Vec<(usize, Option<Arc<Module>>, Vec<Diagnostic>)> = f
        .sources
        .par_iter()
        .map(|s| {
            let text = match &s.text {
                pass::Text::Held(text) => text.as_ref(),
                // A deferred text was let go: the outline is made from a tree that holds them.
                pass::Text::Again(_) => return (s.part, None, Vec::new()),
            };
            let mut problems = Vec::new();
            let shell = module::shell(&s.head, text, shuffle, &mut problems);
            (s.part, shell.map(|(_, m)| Arc::new(m)), problems)
        })
        .collect();
    if shells.iter().any(|(_, m, _)| m.is_none()) {
        return None;
    }
    let mut ids = std::collections::HashSet::new();
    if !f.sources.iter().all(|s| ids.insert(s.head.id.as_str())) {
        return None;
    }
    let modules = shells
        .iter()
        .map(|(p, m, problems)| (*p, m.as_ref(), problems.as_slice()));
    let course = course_of(tree, &f, Drafts::Shown, modules, &mut diagnostics)?;
    if diagnostics.iter().any(Diagnostic::is_error) {
        return None;
    }
    Some(Outline {
        course,
        targets: f.targets,
        shuffle,
        smart_punctuation: f.smart_punctuation,
    })
}

/// The course of the frame `f` whose modules are `modules` (their part, their front
/// matter as a module without a body, its problems); `None` without course.toml.
fn course_of<'m>(
    tree: &SourceTree,
    f: &Frame,
    drafts: Drafts,
    modules: impl Iterator<Item = (usize, Option<&'m Arc<Module>>, &'m [Diagnostic])>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Course> {
    let parts = parts(tree, modules, drafts, diagnostics);
    let (home, _) = home_of(tree, &f.targets, f.smart_punctuation, diagnostics);
    Some(Course {
        config: f.config.clone()?,
        home,
        parts,
        assets: tree.assets.clone(),
        glossary: f.glossary.clone(),
    })
}

impl Outline {
    /// The module `shell` (one of the outline's) parsed whole from `file`, its source
    /// read now, as the whole parse makes it; `None` when it has errors or its front
    /// matter no longer says what the outline shows of it (the whole check then says why).
    pub fn module(&self, shell: &Module, file: &SourceFile) -> Option<Module> {
        let (head, problems) = Head::read(file, &file.text);
        if head.id != shell.id || problems.iter().any(Diagnostic::is_error) {
            return None;
        }
        let parsed = module::parse(
            &head,
            &file.text,
            &self.targets,
            self.course.glossary.as_ref(),
            self.shuffle,
            self.smart_punctuation,
        );
        if parsed.diagnostics.iter().any(Diagnostic::is_error) {
            return None;
        }
        let module = Arc::try_unwrap(parsed.module?).ok()?;
        fn front(m: &Module) -> impl PartialEq + '_ {
            (
                &m.id,
                &m.title,
                &m.title_html,
                &m.summary,
                m.duration,
                &m.objectives,
                m.shuffle,
                m.draft,
            )
        }
        let same = front(&module) == front(shell);
        same.then_some(module)
    }
}

/// What a course's parse reads before any module body (see `Frame`), with the problems
/// found reading it.
pub struct Framed<'t> {
    pub(super) frame: Frame<'t>,
    pub(super) drafts: Drafts,
    pub(super) diagnostics: Vec<Diagnostic>,
}

pub fn framed(tree: &SourceTree, drafts: Drafts) -> Framed<'_> {
    let mut diagnostics = Vec::new();
    let frame = frame(tree, drafts, &mut diagnostics);
    Framed {
        frame,
        drafts,
        diagnostics,
    }
}

impl Framed<'_> {
    /// The course's settings, when course.toml could be read.
    pub fn config(&self) -> Option<&Config> {
        self.frame.config.as_ref()
    }

    /// The course as its front matter gives it, its modules without a body, as the parse
    /// will make it when no module has an error (a build renders each part's modules
    /// against it as they are parsed); `None` without course.toml. The problems in it
    /// are the parse's to report.
    pub fn outline(&self, tree: &SourceTree) -> Option<Course> {
        let f = &self.frame;
        let shells: Vec<(usize, Option<Arc<Module>>)> = f
            .sources
            .iter()
            .map(|s| {
                (
                    s.part,
                    module::front_shell(&s.head, f.shuffle).map(Arc::new),
                )
            })
            .collect();
        let modules = shells.iter().map(|(p, m)| (*p, m.as_ref(), &[][..]));
        course_of(tree, f, self.drafts, modules, &mut Vec::new())
    }
}
