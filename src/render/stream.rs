//! The site rendered part by part: each part's module pages, handout and search entries
//! as soon as its modules are given, the pages that list the whole course at the end.
//! A build gives each part as it parses it and keeps only the modules' front matter
//! and quizzes, so a large course is never held whole; a course already parsed is
//! given part after part the same way (`render_each`), so both write the same bytes.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use rayon::prelude::*;
use tera::Tera;

use super::pages::{CourseFile, Handouts, Renderer};
use super::{RenderOptions, search, statics};
use crate::error::Error;
use crate::model::{Course, Module};
use crate::theme::Theme;
use crate::write::{OutputFile, file_hash};

/// Every file written, with its hash (the service worker's version and list), and the
/// site's size in bytes.
struct Written<'s> {
    files: Mutex<Vec<(String, u64)>>,
    bytes: AtomicU64,
    sink: &'s (dyn Fn(OutputFile) -> Result<(), Error> + Sync),
}

impl Written<'_> {
    fn record(&self, file: OutputFile) -> Result<(), Error> {
        let hash = file_hash(&file.path, &file.bytes);
        self.bytes
            .fetch_add(file.bytes.len() as u64, Ordering::Relaxed);
        lock(&self.files).push((file.path.clone(), hash));
        (self.sink)(file)
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// A site being rendered from `outline`, a course whose modules need only their front
/// matter: the modules themselves come whole, part by part, through `part`.
pub struct Stream<'a> {
    renderer: Renderer<'a>,
    theme: &'a Theme,
    /// Each module's place in the course, by id.
    at: HashMap<&'a str, usize>,
    handouts: Handouts<'a>,
    index: Mutex<search::Index>,
    /// The parts whose handouts are written.
    printed: Mutex<Vec<bool>>,
    written: Written<'a>,
    /// The first error met: what follows it is not rendered.
    failed: Mutex<Option<Error>>,
}

impl<'a> Stream<'a> {
    pub fn new(
        outline: &'a Course,
        theme: &'a Theme,
        tera: &'a Tera,
        options: RenderOptions,
        sink: &'a (dyn Fn(OutputFile) -> Result<(), Error> + Sync),
    ) -> Self {
        let renderer = Renderer::new(outline, theme, tera, options);
        let at = (renderer.modules.iter().enumerate())
            .map(|(i, (_, m))| (m.id.as_str(), i))
            .collect();
        Stream {
            handouts: renderer.handouts(),
            at,
            index: Mutex::new(search::Index::new(options.trainer)),
            printed: Mutex::new(vec![false; outline.parts.len()]),
            written: Written {
                files: Mutex::new(Vec::new()),
                bytes: AtomicU64::new(options.assets_bytes),
                sink,
            },
            failed: Mutex::new(None),
            renderer,
            theme,
        }
    }

    /// Renders the next part's module pages, its handout and its modules' search
    /// entries. `modules` are the part's modules parsed whole, in course order; those
    /// the outline does not have (drafts left out) are passed over.
    pub fn part(&self, modules: &[&Module]) {
        if lock(&self.failed).is_some() {
            return;
        }
        let found: Vec<(usize, &Module)> = modules
            .iter()
            .filter_map(|m| Some((*self.at.get(m.id.as_str())?, *m)))
            .collect();
        let Some(&(first, _)) = found.first() else {
            return;
        };
        let p = self.renderer.modules[first].0;
        let whole: Vec<&Module> = found.iter().map(|(_, m)| *m).collect();
        let renderer = &self.renderer;
        let record = |file| self.written.record(file);
        let (pages, (handout, index)) = rayon::join(
            || {
                found.par_iter().try_for_each_init(
                    || renderer.module_context(),
                    |cx, &(i, m)| record(renderer.module_page_of(cx, i, m).map_err(Error::Theme)?),
                )
            },
            || {
                rayon::join(
                    || match renderer.part_handout(&self.handouts, p, &whole) {
                        Ok(Some(file)) => record(file),
                        Ok(None) => Ok(()),
                        Err(e) => Err(Error::Theme(e)),
                    },
                    || {
                        if !renderer.options.scope.search() {
                            return Ok(());
                        }
                        lock(&self.index).add(&renderer.course.parts[p], &whole, &record)
                    },
                )
            },
        );
        lock(&self.printed)[p] = true;
        if let Err(e) = pages.and(handout).and(index) {
            lock(&self.failed).get_or_insert(e);
        }
    }

    /// Renders the rest from `course`, the course as parsed (its modules' front matter
    /// and quizzes are all these pages read): the search index's word lists and
    /// dictionary, the pages and scripts that list the whole course, the handouts of
    /// parts without modules, the theme's files and last the service worker. Returns every file's path and hash.
    pub fn finish(self, course: &Course, tera: &Tera) -> Result<Vec<(String, u64)>, Error> {
        if let Some(e) = self.failed.into_inner().unwrap_or_else(|e| e.into_inner()) {
            return Err(e);
        }
        let record = |file| self.written.record(file);
        // The index first: its words' lists are let go before the large pages are made.
        let index = self.index.into_inner().unwrap_or_else(|e| e.into_inner());
        if self.renderer.options.scope.search() {
            index.finish(course.glossary.as_ref(), &record)?;
        }
        let renderer = Renderer::new(course, self.theme, tera, self.renderer.options);
        let kinds: Vec<CourseFile> = CourseFile::ALL
            .into_iter()
            .filter(|k| *k != CourseFile::SearchIndex)
            .collect();
        renderer.course_pages_of(&kinds, &record)?;
        let printed = self.printed.into_inner().unwrap_or_else(|e| e.into_inner());
        let unprinted: Vec<usize> = (0..printed.len()).filter(|&p| !printed[p]).collect();
        renderer.part_handouts_each(&unprinted, &record)?;
        if self.renderer.options.scope.statics() {
            for file in statics(self.theme) {
                record(file)?;
            }
        }
        let mut written = self
            .written
            .files
            .into_inner()
            .unwrap_or_else(|e| e.into_inner());
        if let Some(file) = renderer
            .service_worker(&written, self.written.bytes.into_inner())
            .map_err(Error::Theme)?
        {
            written.push((file.path.clone(), file_hash(&file.path, &file.bytes)));
            (self.written.sink)(file)?;
        }
        Ok(written)
    }
}
