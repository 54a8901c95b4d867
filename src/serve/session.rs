//! An authoring session: the course kept in memory between rebuilds, so a save
//! re-parses the changed files and re-renders only the pages they affect. The output
//! is byte-identical to a full `build`.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::Checked;
use crate::check::tree as check_tree;
use crate::course::{Cache, Drafts};
use crate::diagnostics::Diagnostic;
use crate::error::Error;
use crate::load::{self, with_path};
use crate::model::Course;
use crate::render::{self, KeptEntries, RenderOptions, Renderer};
use crate::serve::plan::{Affected, affected, plan};
use crate::serve::watch::{self, Change, Layout};
use crate::site::{self, Site};
use crate::url::path_to_url;
use crate::write::{self, OutputFile, file_hash};

pub struct Session {
    pub source: PathBuf,
    pub out: PathBuf,
    options: RenderOptions,
    cache: Cache,
    /// Problems found reading the folder, kept while only module texts change.
    load_diagnostics: Vec<Diagnostic>,
    /// The sources as last read and checked.
    pub checked: Checked,
    /// The course last built without errors.
    good: Option<Course>,
    /// Every rendered file with its hash, as written (the offline cache's version is
    /// made from them).
    files: BTreeMap<String, u64>,
    /// Every asset with its hash, as written.
    assets: BTreeMap<String, u64>,
    /// A rebuild failed half-way: the next one renders everything.
    stale: bool,
    /// Compiled templates and the hash of the theme they came from.
    templates: Option<(u64, tera::Tera)>,
    /// Each module's search entry, made again only when the module changed.
    search: KeptEntries,
}

/// A course's sources as a session reads them: every text held, so a save reads again
/// only the files it changed.
pub struct Sources {
    pub tree: load::SourceTree,
    /// The problems found reading them.
    pub problems: Vec<Diagnostic>,
}

impl Sources {
    pub fn read(source: &Path) -> Result<Self, Error> {
        let mut problems = Vec::new();
        let tree = load::load(source, &mut problems)?;
        Ok(Sources { tree, problems })
    }
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
        let mut session = Session::check(source, out, options)?;
        session.build()?;
        Ok(session)
    }

    /// Reads and checks the course, writing nothing yet (`build` writes the site).
    pub fn check(source: &Path, out: &Path, options: RenderOptions) -> Result<Self, Error> {
        Session::check_sources(source, out, options, Sources::read(source)?)
    }

    /// Checks the course read from `source` into `sources`, writing nothing yet.
    pub fn check_sources(
        source: &Path,
        out: &Path,
        options: RenderOptions,
        sources: Sources,
    ) -> Result<Self, Error> {
        write::refuse_out(source, out)?;
        let Sources { tree, problems } = sources;
        let mut cache = Cache::default();
        let checked = check_tree(
            source,
            tree,
            problems.clone(),
            Drafts::Shown,
            Some(&mut cache),
        )?;
        Ok(Session {
            source: source.to_path_buf(),
            out: out.to_path_buf(),
            options,
            cache,
            load_diagnostics: problems,
            checked,
            good: None,
            files: BTreeMap::new(),
            assets: BTreeMap::new(),
            templates: None,
            stale: false,
            search: KeptEntries::default(),
        })
    }

    /// Builds the whole checked course into `out` atomically, as `build` does, when it
    /// has no errors; a template that fails is shown like any other problem, and the
    /// site is built once it is fixed.
    pub fn build(&mut self) -> Result<(), Error> {
        let (Some(course), Some(theme), false) = (
            &self.checked.course,
            &self.checked.theme,
            self.checked.has_errors(),
        ) else {
            return Ok(());
        };
        match site::build(&self.source, &self.out, course, theme, self.options.trainer) {
            Err(Error::Theme(e)) => self.checked.theme_failed(&self.source, &e),
            other => {
                let site = other?;
                self.take_site(site);
                self.good = self.checked.course.clone();
            }
        }
        Ok(())
    }

    /// Keeps what a whole build wrote; returns the files that differ from before.
    fn take_site(&mut self, site: Site) -> Vec<String> {
        let mut changed = differences(&self.files, &site.files);
        changed.extend(differences(&self.assets, &site.assets));
        self.files = site.files;
        self.assets = site.assets;
        self.options = site.options;
        changed
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

    /// Records a rebuild that failed outside the author's sources (I/O, the theme) as an
    /// error shown like theirs. The last good site stays served, and the next change
    /// rebuilds everything, since this one may have stopped half-way.
    pub fn failed(&mut self, error: &Error) -> Outcome {
        self.checked.diagnostics = vec![
            Diagnostic::error(PathBuf::new(), 0..0, format!("the rebuild failed: {error}"))
                .with_help(
                    "the last good site is still served; save again once the file is back in order",
                ),
        ];
        self.stale = true;
        Outcome {
            changed: Vec::new(),
            failed: true,
        }
    }

    /// Applies a batch of changes: reads again what they touch, checks the course and
    /// brings the output up to date, the whole site through the build's own path, or
    /// only the pages an edit affects.
    pub fn apply(&mut self, changes: &[Change]) -> Result<Outcome, Error> {
        self.apply_with(changes, &mut |_| {})
    }

    /// `apply`, handing `written` the files that show the edit itself (the module pages
    /// and assets changed) as soon as they are written, before the files that list the
    /// whole course: the page an author watches reloads first. Not called when the
    /// sources have errors or the whole site is built again.
    pub fn apply_with(
        &mut self,
        changes: &[Change],
        written: &mut dyn FnMut(&[String]),
    ) -> Result<Outcome, Error> {
        match self.rebuild(changes, written) {
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

    fn rebuild(
        &mut self,
        changes: &[Change],
        written: &mut dyn FnMut(&[String]),
    ) -> Result<Outcome, Error> {
        let mut tree = std::mem::take(&mut self.checked.tree);
        let plan = plan(changes, &tree.assets);
        let mut full = plan.full
            || !self.has_site()
            || std::mem::take(&mut self.stale)
            || plan.assets.iter().any(|a| !self.source.join(a).is_file());
        // An asset whose size or picture size changed changes the pages that show it (a
        // figure's width and height, a download card's size): the modules are parsed
        // again with its new facts, and the pages that came out different are rendered.
        let mut fresh = load::asset_facts(&self.source, &plan.assets);
        for asset in &plan.assets {
            match fresh.remove(asset) {
                Some(facts) => tree.asset_facts.insert(asset.clone(), facts),
                None => tree.asset_facts.remove(asset),
            };
        }
        for path in &plan.modules {
            full |= !reread(&self.source, &mut tree, path)?;
        }
        if full {
            self.load_diagnostics.clear();
            tree = load::load(&self.source, &mut self.load_diagnostics)?;
        }
        self.checked = check_tree(
            &self.source,
            tree,
            self.load_diagnostics.clone(),
            Drafts::Shown,
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
        if full {
            let site = site::build(&self.source, &self.out, course, theme, self.options.trainer)?;
            outcome.changed = self.take_site(site);
        } else {
            outcome.changed = self.update(&plan.assets, written)?;
        }
        self.good = self.checked.course.clone();
        outcome.changed.sort();
        outcome.changed.dedup();
        Ok(outcome)
    }

    /// Compiles the theme's templates, again only when its files changed.
    fn compile_templates(&mut self) -> Result<(), Error> {
        let Some(theme) = &self.checked.theme else {
            return Ok(());
        };
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
        Ok(())
    }

    /// Copies the changed `assets`, renders again the pages the last check's course
    /// changed, and writes those that differ, the module pages first (then handed to
    /// `written`); returns the files written.
    fn update(
        &mut self,
        assets: &[PathBuf],
        written: &mut dyn FnMut(&[String]),
    ) -> Result<Vec<String>, Error> {
        self.compile_templates()?;
        let (Some(course), Some(theme)) = (&self.checked.course, &self.checked.theme) else {
            return Ok(Vec::new());
        };
        let mut changed = Vec::new();
        let trainer = self.options.trainer;
        for asset in assets
            .iter()
            .filter(|a| trainer || !course.config.trainer_only(a))
        {
            changed.push(copy_asset(
                &self.source,
                &self.out,
                asset,
                &mut self.assets,
            )?);
        }
        self.options.assets_key = self.assets.values().fold(0, |a, b| a.wrapping_add(*b));
        let Some((_, tera)) = &self.templates else {
            unreachable!("compiled just above")
        };
        let renderer = Renderer::new(course, theme, tera, self.options).keeping(&self.search);
        let Affected { pages, files } = affected(self.good.as_ref(), course);
        // A large course's handouts, one per part: those of the parts shown again.
        let mut parts: Vec<usize> = pages.iter().map(|&i| renderer.modules[i].0).collect();
        parts.dedup();
        let module_pages = pages
            .par_iter()
            .map(|&i| renderer.module_page(i).map_err(Error::Theme))
            .collect::<Result<Vec<_>, _>>()?;
        for file in module_pages {
            write_if_changed(&mut self.files, &self.out, file, &mut changed)?;
        }
        written(&changed);
        let mut fresh = match &files {
            None => renderer.course_pages()?,
            Some(kinds) => {
                let made = std::sync::Mutex::new(Vec::new());
                renderer.course_files(kinds, &|file| {
                    made.lock().unwrap_or_else(|e| e.into_inner()).push(file);
                    Ok(())
                })?;
                made.into_inner().unwrap_or_else(|e| e.into_inner())
            }
        };
        let handouts = std::sync::Mutex::new(Vec::new());
        renderer.part_handouts_each(&parts, &|file| {
            handouts
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(file);
            Ok(())
        })?;
        fresh.extend(handouts.into_inner().unwrap_or_else(|e| e.into_inner()));
        // The search index has as many shards as the course needs: any it no longer has go.
        let made: std::collections::HashSet<&str> = fresh.iter().map(|f| f.path.as_str()).collect();
        let gone: Vec<String> = self
            .files
            .keys()
            .filter(|p| p.starts_with("search/") && !made.contains(p.as_str()))
            .filter(|_| made.contains(render::SEARCH_INDEX))
            .cloned()
            .collect();
        for path in gone {
            let file = self.out.join(&path);
            fs::remove_file(&file).map_err(|e| with_path(e, &file))?;
            self.files.remove(&path);
            changed.push(path);
        }
        for file in fresh {
            write_if_changed(&mut self.files, &self.out, file, &mut changed)?;
        }
        let written: Vec<(String, u64)> = self.files.iter().map(|(p, h)| (p.clone(), *h)).collect();
        // The site's size as a full build counts it (every file but the worker, and the
        // assets), so the worker is byte for byte the one `build` writes.
        let bytes = self
            .files
            .keys()
            .filter(|p| p.as_str() != render::SERVICE_WORKER)
            .chain(self.assets.keys())
            .map(|p| fs::metadata(self.out.join(p)).map_or(0, |m| m.len()))
            .sum();
        if let Some(worker) = renderer
            .service_worker(&written, bytes)
            .map_err(Error::Theme)?
        {
            write_if_changed(&mut self.files, &self.out, worker, &mut changed)?;
        }
        // The site's list of files follows it, so a later `build` may replace it.
        write::record(
            &self.out,
            self.files
                .keys()
                .chain(self.assets.keys())
                .map(String::as_str),
        )?;
        Ok(changed)
    }
}

/// Copies the asset `asset` from `source` into `out` and remembers it; returns its site path.
fn copy_asset(
    source: &Path,
    out: &Path,
    asset: &Path,
    assets: &mut BTreeMap<String, u64>,
) -> Result<String, Error> {
    let from = source.join(asset);
    let bytes = fs::read(&from).map_err(|e| with_path(e, &from))?;
    let path = path_to_url(asset);
    write::replace_file(&out.join(asset), &bytes)?;
    assets.insert(path.clone(), file_hash(&path, &bytes));
    Ok(path)
}

/// Writes a rendered file when it differs from the one written before, and remembers it.
fn write_if_changed(
    files: &mut BTreeMap<String, u64>,
    out: &Path,
    file: OutputFile,
    changed: &mut Vec<String>,
) -> io::Result<()> {
    let hash = file_hash(&file.path, &file.bytes);
    if files.get(&file.path) != Some(&hash) {
        write::replace_file(&out.join(&file.path), &file.bytes)?;
        changed.push(file.path.clone());
        files.insert(file.path, hash);
    }
    Ok(())
}

/// The paths that are new, changed or gone between two sets of written files.
fn differences(old: &BTreeMap<String, u64>, new: &BTreeMap<String, u64>) -> Vec<String> {
    new.iter()
        .filter(|(path, hash)| old.get(*path) != Some(hash))
        .map(|(path, _)| path)
        .chain(old.keys().filter(|path| !new.contains_key(*path)))
        .cloned()
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
        Ok(bytes) => Ok(load::text(bytes).map(|text| file.text = text).is_ok()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(with_path(e, &full).into()),
    }
}
