//! coursemark: a folder of Markdown course modules and quizzes in, a static course
//! website out. The pipeline is load -> parse -> check -> render and write, each one
//! call below; docs/architecture.md draws the layers.

pub mod check;
pub mod colour;
pub mod config;
pub mod course;
pub mod credential;
pub mod diagnostics;
pub mod error;
pub mod frontmatter;
pub mod glossary;
pub mod html;
pub mod i18n;
pub mod keys;
pub mod lean;
pub mod load;
pub mod markdown;
pub mod model;
pub mod package;
pub mod quality;
pub mod quiz;
pub mod reference;
pub mod rename;
pub mod render;
pub mod report;
pub mod scaffold;
pub mod sections;
pub mod serve;
pub mod site;
pub mod slug;
pub mod suggest;
pub mod theme;
pub mod url;
pub mod write;

use std::path::Path;
use std::time::Instant;

pub use check::{Checked, tree as check_tree};
pub use course::Drafts;
pub use error::Error;
pub use load::{course_dir, enclosing_course_dir};
pub use site::{BuildOptions, BuildStats};

/// Reads and checks the course in `dir` and its theme without writing anything, as
/// `build` makes it: drafts left out. Module
/// texts are read as they are parsed and kept only where a diagnostic needs its lines
/// shown, so a large course is never held in memory whole.
pub fn check(dir: &Path) -> Result<Checked, Error> {
    let mut checked = check_course(dir, Drafts::LeftOut)?;
    check::templates(dir, &mut checked);
    checked.read_texts();
    Ok(checked)
}

/// `check` without the theme's templates, which a build checks by rendering with them.
fn check_course(dir: &Path, drafts: Drafts) -> Result<Checked, Error> {
    let mut diagnostics = Vec::new();
    let tree = load::load_deferred(dir, &mut diagnostics)?;
    check_tree(dir, tree, diagnostics, drafts, None)
}

/// Checks the course and, when it has no errors, writes the site atomically to `out`.
/// Returns the check (for its diagnostics, with their lines) and the stats when a site
/// was written.
pub fn build(options: &BuildOptions) -> Result<(Checked, Option<BuildStats>), Error> {
    let mut built = write_site(options);
    if let Ok((checked, _)) = &mut built {
        checked.read_texts();
    }
    built
}

/// `build` before the diagnostics' texts are read.
fn write_site(options: &BuildOptions) -> Result<(Checked, Option<BuildStats>), Error> {
    let started = Instant::now();
    write::refuse_out(&options.source, &options.out)?;
    let drafts = if options.drafts {
        Drafts::Shown
    } else {
        Drafts::LeftOut
    };
    let mut diagnostics = Vec::new();
    let tree = load::load_deferred(&options.source, &mut diagnostics)?;
    let (checked, site) = site::check_and_build(options, tree, diagnostics, drafts)?;
    let stats = match (site, &checked.course) {
        (Some(site), Some(course)) => Some(site.stats(course, started.elapsed())),
        _ => None,
    };
    Ok((checked, stats))
}

/// The course in `dir`, read and checked; its errors are summed up, since a trainer
/// fixes them with `coursemark check`.
pub fn load_course(dir: &Path) -> Result<model::Course, String> {
    let checked = check(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let (errors, _) = diagnostics::counts(&checked.diagnostics);
    match checked.course {
        Some(course) if errors == 0 => Ok(course),
        _ => Err(format!(
            "the course in {} has {errors} error(s); run `coursemark check {}` and fix them first",
            dir.display(),
            dir.display()
        )),
    }
}
