//! An authoring session: the course kept in memory between rebuilds, so a save
//! re-parses the changed files and re-renders only the pages they affect. The output
//! is byte-identical to a full `build`.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::course::Cache;
use crate::diagnostics::Diagnostic;
use crate::load::{self, with_path};
use crate::model::{Course, Module};
use crate::render::{self, RenderOptions, Renderer};
use crate::serve::watch::{self, Change, Layout};
use crate::{Checked, Error, write};

pub struct Session {
    pub source: PathBuf,
    pub out: PathBuf,
    options: RenderOptions,
    cache: Cache,
    /// Problems found reading the folder, kept while only module texts change.
    load_diagnostics: Vec<Diagnostic>,
    /// The sources as last read and checked.
    pub checked: Checked,
    /// The course last built without errors, and its rendered files (assets aside).
    good: Option<Course>,
    /// Every rendered file with its hash (for the offline cache's version).
    files: BTreeMap<String, (Vec<u8>, u64)>,
    /// Compiled templates and the hash of the theme they came from.
    templates: Option<(u64, tera::Tera)>,
}

/// What a rebuild did.
#[derive(Debug, Default, PartialEq)]
pub struct Outcome {
    /// Output files written or removed (site-relative), to reload the pages showing them.
    pub changed: Vec<String>,
    /// The sources have errors; the previous site stays.
    pub failed: bool,
}

impl Session {
    /// Builds the whole course into `out` atomically, as `build` does; with errors the
    /// session starts without a site and builds one once they are fixed.
    pub fn start(source: &Path, out: &Path, options: RenderOptions) -> Result<Self, Error> {
        crate::refuse_out(source, out)?;
        let mut load_diagnostics = Vec::new();
        let tree = load::load(source, &mut load_diagnostics)?;
        let mut cache = Cache::default();
        let checked = crate::check_tree(source, tree, load_diagnostics.clone(), Some(&mut cache))?;
        let mut session = Session {
            source: source.to_path_buf(),
            out: out.to_path_buf(),
            options,
            cache,
            load_diagnostics,
            checked,
            good: None,
            files: BTreeMap::new(),
            templates: None,
        };
        if let (Some(course), Some(theme), false) = (
            &session.checked.course,
            &session.checked.theme,
            session.checked.has_errors(),
        ) {
            session.options.assets_key = write::assets_key(source, &course.assets)?;
            let files = match render::render(course, theme, session.options) {
                // A template that fails is shown like any other problem; the session
                // starts without a site and builds one once it is fixed.
                Err(Error::Theme(e)) => {
                    session.checked.theme_failed(source, &e);
                    return Ok(session);
                }
                other => other?,
            };
            write::write_files(out, &files, source, &course.assets)?;
            session.files = files
                .into_iter()
                .map(|f| {
                    let hash = render::file_hash(&f.path, &f.bytes);
                    (f.path, (f.bytes, hash))
                })
                .collect();
            session.good = session.checked.course.clone();
        }
        Ok(session)
    }

    /// Whether a good build exists (and is being served).
    pub fn has_site(&self) -> bool {
        self.good.is_some()
    }

    /// The theme folder in use, to watch it.
    pub fn theme_dir(&self) -> Option<PathBuf> {
        let name = self.checked.course.as_ref()?.config.theme.as_deref()?;
        crate::theme::find(&self.source, name)
    }

    /// What a batch of changed paths means for this course.
    pub fn changes(&self, layout: &Layout, paths: &[PathBuf]) -> Vec<Change> {
        let tree = &self.checked.tree;
        watch::changes(layout, paths, |p| {
            tree.parts
                .iter()
                .flat_map(|part| &part.modules)
                .any(|m| m.path == p)
        })
    }

    /// Applies a batch of changes and rewrites the output files they affect.
    pub fn apply(&mut self, changes: &[Change]) -> Result<Outcome, Error> {
        match self.rebuild(changes) {
            // A template that fails is a problem like any other: shown, the last good
            // site kept, and cleared by the save that fixes it.
            Err(Error::Theme(e)) => {
                self.checked.theme_failed(&self.source, &e);
                Ok(Outcome {
                    changed: Vec::new(),
                    failed: true,
                })
            }
            other => other,
        }
    }

    fn rebuild(&mut self, changes: &[Change]) -> Result<Outcome, Error> {
        let mut full = !self.has_site();
        let mut assets = Vec::new();
        let mut tree = std::mem::take(&mut self.checked.tree);
        for change in changes {
            match change {
                Change::Module(path) => full |= !reread(&self.source, &mut tree, path)?,
                Change::Asset(path)
                    if tree.assets.contains(path) && self.source.join(path).is_file() =>
                {
                    assets.push(path.clone())
                }
                Change::Asset(_) | Change::Structure | Change::Config | Change::Theme => {
                    full = true
                }
            }
        }
        if full {
            self.load_diagnostics.clear();
            tree = load::load(&self.source, &mut self.load_diagnostics)?;
        }
        self.checked = crate::check_tree(
            &self.source,
            tree,
            self.load_diagnostics.clone(),
            Some(&mut self.cache),
        )?;
        let mut outcome = Outcome::default();
        let (Some(course), Some(theme), false) = (
            &self.checked.course,
            &self.checked.theme,
            self.checked.has_errors(),
        ) else {
            outcome.failed = true;
            return Ok(outcome);
        };
        // Templates are compiled again only when the theme's files changed.
        let theme_key = {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            std::hash::Hash::hash(&theme.files, &mut h);
            std::hash::Hasher::finish(&h)
        };
        if self
            .templates
            .as_ref()
            .is_none_or(|(key, _)| *key != theme_key)
        {
            self.templates = Some((theme_key, render::compile(theme).map_err(Error::Theme)?));
        }
        let Some((_, tera)) = &self.templates else {
            unreachable!("compiled just above")
        };
        if full || !assets.is_empty() {
            self.options.assets_key = write::assets_key(&self.source, &course.assets)?;
        }
        let renderer = Renderer::new(course, theme, tera, self.options);
        let mut fresh = renderer.course_pages()?;
        for i in affected(self.good.as_ref().filter(|_| !full), course) {
            fresh.push(renderer.module_page(i).map_err(Error::Theme)?);
        }
        if full {
            fresh.extend(render::statics(theme));
            // Pages of removed modules and theme files that are gone, as in a fresh build.
            let mut keep: BTreeSet<&str> = fresh.iter().map(|f| f.path.as_str()).collect();
            keep.insert(render::SERVICE_WORKER);
            let stale: Vec<String> = self
                .files
                .keys()
                .filter(|p| !keep.contains(p.as_str()))
                .cloned()
                .collect();
            for path in stale {
                remove_file(&self.out.join(&path))?;
                self.files.remove(&path);
                outcome.changed.push(path);
            }
            outcome
                .changed
                .extend(sync_assets(&self.source, &self.out, &course.assets)?);
        }
        for asset in assets {
            copy_file(&self.source.join(&asset), &self.out.join(&asset))?;
            outcome.changed.push(crate::url::path_to_url(&asset));
        }
        for file in fresh {
            update(&mut self.files, &self.out, file, &mut outcome.changed)?;
        }
        let written: Vec<(String, u64)> =
            self.files.iter().map(|(p, f)| (p.clone(), f.1)).collect();
        if let Some(worker) = renderer.service_worker(&written).map_err(Error::Theme)? {
            update(&mut self.files, &self.out, worker, &mut outcome.changed)?;
        }
        drop(renderer);
        // The site's list of files follows it, so a later `build` may replace it.
        let assets: Vec<String> = course
            .assets
            .iter()
            .map(|a| crate::url::path_to_url(a))
            .collect();
        write::record(
            &self.out,
            self.files.keys().chain(&assets).map(String::as_str),
        )?;
        self.good = self.checked.course.clone();
        outcome.changed.sort();
        outcome.changed.dedup();
        Ok(outcome)
    }
}

/// Writes a rendered file when it differs from the one served, and remembers it.
fn update(
    files: &mut BTreeMap<String, (Vec<u8>, u64)>,
    out: &Path,
    file: render::OutputFile,
    changed: &mut Vec<String>,
) -> io::Result<()> {
    if files.get(&file.path).map(|f| &f.0) != Some(&file.bytes) {
        write_file(&out.join(&file.path), &file.bytes)?;
        changed.push(file.path.clone());
        let hash = render::file_hash(&file.path, &file.bytes);
        files.insert(file.path, (file.bytes, hash));
    }
    Ok(())
}

/// Indices of the module pages to render again: every page without a previous build or
/// when the outline changed; otherwise the changed modules, and where a title, summary
/// or duration changed, the pages that show it (its part and its neighbours).
fn affected(old: Option<&Course>, new: &Course) -> Vec<usize> {
    let new_modules = flat(new);
    let all = (0..new_modules.len()).collect();
    let Some(old) = old else { return all };
    let old_modules = flat(old);
    let same_outline = old_modules.len() == new_modules.len()
        && old_modules
            .iter()
            .zip(&new_modules)
            .all(|(a, b)| a.0 == b.0 && a.1.id == b.1.id)
        && old
            .parts
            .iter()
            .zip(&new.parts)
            .all(|(a, b)| (&a.title, &a.summary) == (&b.title, &b.summary))
        && old.config == new.config;
    if !same_outline {
        return all;
    }
    let mut pages = BTreeSet::new();
    for (i, ((_, a), (part, b))) in old_modules.iter().zip(&new_modules).enumerate() {
        // Modules the parse cache reused are the same allocation: no deep comparison.
        if Arc::ptr_eq(a, b) || a == b {
            continue;
        }
        pages.insert(i);
        if (&a.title, &a.summary, a.duration) != (&b.title, &b.summary, b.duration) {
            pages.extend(i.saturating_sub(1)..=(i + 1).min(new_modules.len() - 1));
            pages.extend((0..new_modules.len()).filter(|j| new_modules[*j].0 == *part));
        }
    }
    pages.into_iter().collect()
}

/// Every module with the index of its part.
fn flat(course: &Course) -> Vec<(usize, &Arc<Module>)> {
    course
        .parts
        .iter()
        .enumerate()
        .flat_map(|(p, part)| part.modules.iter().map(move |m| (p, m)))
        .collect()
}

/// Re-reads one module into `tree`; `false` when it is no longer a readable module, which
/// needs the whole folder read again.
fn reread(source: &Path, tree: &mut load::SourceTree, path: &Path) -> Result<bool, Error> {
    let Some(file) = tree
        .parts
        .iter_mut()
        .flat_map(|p| p.modules.iter_mut())
        .find(|f| f.path == path)
    else {
        return Ok(false);
    };
    let full = source.join(path);
    match fs::read(&full) {
        Ok(bytes) => Ok(String::from_utf8(bytes)
            .map(|text| file.text = text)
            .is_ok()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(with_path(e, &full).into()),
    }
}

/// Copies every asset that differs and removes those that are gone from the course.
fn sync_assets(source: &Path, out: &Path, assets: &[PathBuf]) -> Result<Vec<String>, Error> {
    let mut changed = Vec::new();
    for asset in assets {
        let (from, to) = (source.join(asset), out.join(asset));
        if fs::read(&from).ok() != fs::read(&to).ok() {
            copy_file(&from, &to)?;
            changed.push(crate::url::path_to_url(asset));
        }
    }
    let assets_out = out.join("assets");
    for entry in walkdir::WalkDir::new(&assets_out)
        .into_iter()
        .filter_map(Result::ok)
    {
        let relative = entry.path().strip_prefix(out).unwrap_or(entry.path());
        if entry.file_type().is_file() && !assets.iter().any(|a| a == relative) {
            remove_file(entry.path())?;
            changed.push(crate::url::path_to_url(relative));
        }
    }
    Ok(changed)
}

/// Writes beside the file first, then renames over it, so the server never reads half a page.
fn write_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| with_path(e, parent))?;
    }
    let temp = path.with_extension("coursemark-tmp");
    fs::write(&temp, bytes).map_err(|e| with_path(e, &temp))?;
    fs::rename(&temp, path).map_err(|e| with_path(e, path))
}

fn copy_file(from: &Path, to: &Path) -> io::Result<()> {
    let bytes = fs::read(from).map_err(|e| with_path(e, from))?;
    write_file(to, &bytes)
}

fn remove_file(path: &Path) -> io::Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(with_path(e, path)),
        _ => Ok(()),
    }
}
