//! A whole site made from a checked course: the assets copied and every file rendered
//! into a staging folder, swapped in for OUT when complete. The one way a site is built,
//! for `build` and for `serve` (its first build and any full rebuild).

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rayon::prelude::*;

use crate::check::{self, Checked};
use crate::course::{self, Drafts, Each, Pass};
use crate::credential;
use crate::diagnostics::Diagnostic;
use crate::error::Error;
use crate::load::SourceTree;
use crate::model::Course;
use crate::render::{self, RenderOptions, Stream};
use crate::theme::Theme;
use crate::url;
use crate::write::{self, OutputFile, Staging};

/// What `build` is asked for: the course folder, the output folder, the edition and
/// whether drafts are in it.
pub struct BuildOptions {
    pub source: PathBuf,
    pub out: PathBuf,
    pub trainer: bool,
    pub drafts: bool,
}

/// Figures for the summary line of a build.
#[derive(Debug, Clone)]
pub struct BuildStats {
    pub modules: usize,
    pub pages: usize,
    pub elapsed: Duration,
    /// The previous site could not be removed (the new one is in place); why.
    pub leftover: Option<String>,
}

/// What a build wrote.
pub struct Site {
    /// Every rendered file (pages, scripts, theme files) with its hash, by site path.
    pub files: BTreeMap<String, u64>,
    /// Every asset with its hash, by site path.
    pub assets: BTreeMap<String, u64>,
    /// The render options used: the assets' combined hash is part of the offline
    /// cache's version.
    pub options: RenderOptions,
    /// The previous site could not be removed (the new one is in place); why.
    pub leftover: Option<io::Error>,
}

impl Site {
    /// The summary of a build of `course` that took `elapsed`.
    pub fn stats(self, course: &Course, elapsed: Duration) -> BuildStats {
        BuildStats {
            modules: course.modules().count(),
            pages: self
                .files
                .keys()
                .filter(|p| Path::new(p).extension().is_some_and(|e| e == "html"))
                .count(),
            elapsed,
            leftover: self.leftover.map(|e| e.to_string()),
        }
    }
}

/// Copies the course's assets from `source` and renders every file of the site into a
/// staging folder beside `out`, then swaps it in; on any error `out` stays as it was.
pub fn build(
    source: &Path,
    out: &Path,
    course: &Course,
    theme: &Theme,
    trainer: bool,
) -> Result<Site, Error> {
    let swapped = write::write_site(out, |staging| -> Result<_, Error> {
        let (assets, options) = copy_assets(staging, source, course, trainer)?;
        let files = render::render_each(course, theme, options, &|file| {
            Ok(staging.write(&file.path, &file.bytes)?)
        })?;
        Ok((files.into_iter().collect(), assets, options))
    })?;
    let (files, assets, options) = swapped.value;
    Ok(Site {
        files,
        assets,
        options,
        leftover: swapped.leftover,
    })
}

/// Copies the assets `course` publishes from `source` into `staging`: each one's hash
/// by site path, and the render options (their hash is part of the offline cache's
/// version, so assets come first).
fn copy_assets(
    staging: &Staging,
    source: &Path,
    course: &Course,
    trainer: bool,
) -> io::Result<(BTreeMap<String, u64>, RenderOptions)> {
    let published: Vec<&PathBuf> = course.assets_for(trainer).collect();
    let assets: BTreeMap<String, u64> = published
        .par_iter()
        .map(|a| Ok((url::path_to_url(a), staging.copy(source, a)?)))
        .collect::<io::Result<_>>()?;
    let options = RenderOptions {
        trainer,
        assets_key: assets.values().fold(0, |a, b| a.wrapping_add(*b)),
        assets_bytes: published
            .iter()
            .map(|a| std::fs::metadata(source.join(a)).map_or(0, |m| m.len()))
            .sum(),
        ..RenderOptions::default()
    };
    Ok((assets, options))
}

/// Why a build that parses as it renders stopped: the site is not swapped in.
enum Stop {
    /// The check found errors: the course as far as it was read, its drafts left out.
    Problems(Box<(Option<Course>, Vec<PathBuf>)>),
    /// A template failed.
    Theme(Box<(Course, Vec<PathBuf>, crate::error::TemplateError)>),
    Failed(Error),
}

impl From<io::Error> for Stop {
    fn from(e: io::Error) -> Self {
        Stop::Failed(e.into())
    }
}

/// `build`: the course in `tree` (read with `diagnostics`) checked and written to OUT
/// at once. Each part is rendered as soon as its modules are parsed, against the
/// outline its front matter gives, and above `PRINT_LIMIT` modules (printed part by
/// part) only what the pages listing the whole course need is kept of it: a large
/// course is never held whole. Those pages follow once the whole course is checked;
/// the site replaces OUT only when the check found no error.
pub fn check_and_build(
    options: &BuildOptions,
    tree: SourceTree,
    mut diagnostics: Vec<Diagnostic>,
    drafts: Drafts,
) -> Result<(Checked, Option<Site>), Error> {
    let dir = &options.source;
    let framed = course::framed(&tree, drafts);
    let (Some(config), Some(outline)) = (framed.config(), framed.outline(&tree)) else {
        drop(framed);
        return Ok((check::tree(dir, tree, diagnostics, drafts, None)?, None));
    };
    let mut theme_problems = Vec::new();
    let theme = check::theme(dir, &tree, config, &mut theme_problems)?;
    let tera = match render::compile(&theme) {
        Ok(tera) => tera,
        // As a build that checks first: the course's own problems, then the template's.
        Err(e) => {
            drop(framed);
            let mut checked = check::tree(dir, tree, diagnostics, drafts, None)?;
            if !checked.has_errors() {
                checked.theme_failed(dir, &e);
            }
            return Ok((checked, None));
        }
    };
    diagnostics.append(&mut theme_problems);
    let lighten = outline.modules().count() > render::PRINT_LIMIT;
    let written = write::write_site(&options.out, |staging| -> Result<_, Stop> {
        let (assets, render_options) = copy_assets(staging, dir, &outline, options.trainer)?;
        let sink = |file: OutputFile| Ok(staging.write(&file.path, &file.bytes)?);
        let stream = Stream::new(&outline, &theme, &tera, render_options, &sink);
        let give = |modules: &[&crate::model::Module]| stream.part(modules);
        let each = Each {
            give: &give,
            lighten,
        };
        let parsed = course::parse_framed(&tree, framed, Pass::Parts(&each));
        let (course, drafts_left_out) = check::judge(&tree, parsed, None, &mut diagnostics);
        let course = match course {
            Some(course) if !diagnostics.iter().any(Diagnostic::is_error) => course,
            course => return Err(Stop::Problems(Box::new((course, drafts_left_out)))),
        };
        credential::refuse_private_keys(dir, &options.out, &course.assets).map_err(Stop::Failed)?;
        match stream.finish(&course, &tera) {
            Ok(files) => Ok((course, drafts_left_out, files, assets, render_options)),
            Err(Error::Theme(e)) => Err(Stop::Theme(Box::new((course, drafts_left_out, e)))),
            Err(e) => Err(Stop::Failed(e)),
        }
    });
    let theme = Some(theme);
    match written {
        Ok(swapped) => {
            let (course, drafts_left_out, files, assets, options) = swapped.value;
            let site = Site {
                files: files.into_iter().collect(),
                assets,
                options,
                leftover: swapped.leftover,
            };
            let checked = Checked::new(tree, Some(course), theme, diagnostics, drafts_left_out);
            Ok((checked, Some(site)))
        }
        Err(Stop::Problems(stopped)) => {
            let (course, drafts_left_out) = *stopped;
            let checked = Checked::new(tree, course, theme, diagnostics, drafts_left_out);
            Ok((checked, None))
        }
        Err(Stop::Theme(stopped)) => {
            let (course, drafts_left_out, e) = *stopped;
            let mut checked = Checked::new(tree, Some(course), theme, diagnostics, drafts_left_out);
            checked.theme_failed(dir, &e);
            Ok((checked, None))
        }
        Err(Stop::Failed(e)) => Err(e),
    }
}
