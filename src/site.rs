//! A whole site made from a checked course: the assets copied and every file rendered
//! into a staging folder, swapped in for OUT when complete. The one way a site is built,
//! for `build` and for `serve` (its first build and any full rebuild).

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rayon::prelude::*;

use crate::error::Error;
use crate::model::Course;
use crate::render::{self, RenderOptions};
use crate::theme::Theme;
use crate::url;
use crate::write;

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
        // Assets first: their hash is part of the offline cache's version.
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
        };
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
