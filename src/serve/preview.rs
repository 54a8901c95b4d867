//! Pages served while a build is still writing the site. The server listens before the
//! course is read; a page asked for meanwhile waits for the course's outline (its front
//! matter, parts, home page and glossary, no module body parsed), then is rendered on
//! request from it through the build's own `Renderer`, a module page from its source
//! parsed then, byte for byte what the build writes. A file made from every module's
//! body (the search index, `course.js`), an asset or the service worker waits for the
//! build, as a file a save's rebuild may replace waits for it.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};

use tera::Tera;

use crate::course::{self, Outline};
use crate::diagnostics::Diagnostic;
use crate::load::{self, SourceFile, SourceTree};
use crate::render::{self, CourseFile, RenderOptions, Renderer};
use crate::theme::{self, Theme};
use crate::write::OutputFile;

/// The course's outline, ready to render any one page of it.
pub struct Preview {
    /// The course folder, where a module's source is read when its page is asked for.
    source: PathBuf,
    outline: Outline,
    theme: Theme,
    tera: Tera,
    options: RenderOptions,
    /// Its own thread for the renderer's parallel parts: the build keeps the shared pool
    /// busy, and a page waiting in its queue would wait for the whole build.
    pool: rayon::ThreadPool,
}

impl Preview {
    /// The preview of the course in `source`, read into `tree` (with `problems` found
    /// reading it), in its theme; `None` when an error shows already (the check says
    /// which), the theme's templates do not compile (the build says why) or no thread can
    /// be started.
    pub fn new(
        source: &Path,
        tree: &SourceTree,
        problems: &[Diagnostic],
        options: RenderOptions,
    ) -> Option<Self> {
        if problems.iter().any(Diagnostic::is_error) {
            return None;
        }
        let outline = course::outline(tree)?;
        let (theme, found) =
            theme::for_course(source, outline.course.config.theme.as_deref()).ok()?;
        let tera = render::compile(&theme).ok().filter(|_| found)?;
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .ok()?;
        Some(Preview {
            source: source.to_path_buf(),
            outline,
            theme,
            tera,
            options,
            pool,
        })
    }

    /// The theme folder the course names, to watch it.
    pub fn theme_dir(&self) -> Option<PathBuf> {
        let name = self.outline.course.config.theme.as_deref()?;
        theme::find(&self.source, name)
    }

    /// The file at the site path `path` (such as `index.html` or `modules/intro.html`);
    /// `None` when the outline cannot make it (see the module's comment) or it fails to
    /// render.
    pub fn file(&self, path: &str) -> Option<OutputFile> {
        self.pool.install(|| self.render(path))
    }

    fn render(&self, path: &str) -> Option<OutputFile> {
        if path.starts_with("theme/") {
            return render::theme_file(&self.theme, path);
        }
        let mut renderer =
            Renderer::new(&self.outline.course, &self.theme, &self.tera, self.options);
        if let Some(id) = path
            .strip_prefix("modules/")
            .and_then(|p| p.strip_suffix(".html"))
        {
            let i = renderer.modules.iter().position(|(_, m)| m.id == id)?;
            let shell = renderer.modules[i].1;
            let file = SourceFile {
                text: load::read_module(&self.source, &shell.source).ok()?,
                path: shell.source.clone(),
            };
            let module = self.outline.module(shell, &file)?;
            renderer.modules[i].1 = &module;
            return renderer.module_page(i).ok();
        }
        CourseFile::at(path).filter(|f| f.from_outline())?;
        renderer.course_page(path)?.ok()
    }
}

/// A build under way, shared with the server. While the first build writes the site,
/// pages are made on request from the preview and other files wait for it. While a
/// save's rebuild replaces files one by one, a file it may replace waits for it unless
/// the rebuild has already made it current, so a page reloaded after its reload event
/// never meets an older neighbour, index or script.
pub struct Building {
    state: Mutex<State>,
    done: Condvar,
}

struct State {
    /// The course is still being read and checked: pages wait for its preview.
    checking: bool,
    /// The first build's preview; `None` once the site is in place.
    preview: Option<Arc<Preview>>,
    running: bool,
    /// A save's rebuild, not the first build: the theme's files stay as they are.
    rebuild: bool,
    /// The files the running rebuild has already written.
    current: HashSet<String>,
}

impl Building {
    /// A first build under way, with `preview` to answer pages before it is done.
    pub fn first(preview: Option<Preview>) -> Self {
        Building {
            state: Mutex::new(State {
                checking: false,
                preview: preview.map(Arc::new),
                running: true,
                rebuild: false,
                current: HashSet::new(),
            }),
            done: Condvar::new(),
        }
    }

    /// A first build whose course is still being checked: pages wait for `checked`.
    pub fn checking() -> Self {
        let building = Building::first(None);
        building.state().checking = true;
        building
    }

    /// The course is checked: pages come from `preview` until the build is done.
    pub fn checked(&self, preview: Option<Preview>) {
        let mut state = self.state();
        state.checking = false;
        state.preview = preview.map(Arc::new);
        drop(state);
        self.done.notify_all();
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The file at `path` rendered now, while the first build runs; `None` once the site
    /// is in place or when the file cannot be made on its own (then `wait` for the build).
    pub fn file(&self, path: &str) -> Option<OutputFile> {
        let mut state = self.state();
        while state.checking {
            state = self.done.wait(state).unwrap_or_else(|e| e.into_inner());
        }
        let preview = state.preview.clone()?;
        drop(state);
        preview.file(path)
    }

    /// Returns once the file at the site path `path` on disk is the one the build under
    /// way leaves (at once when none runs).
    pub fn wait(&self, path: &str) {
        let mut state = self.state();
        while state.running
            && !(state.rebuild && (path.starts_with("theme/") || state.current.contains(path)))
        {
            state = self.done.wait(state).unwrap_or_else(|e| e.into_inner());
        }
    }

    /// A save's rebuild starts: files it may write wait for it.
    pub fn rebuilding(&self) {
        let mut state = self.state();
        state.running = true;
        state.rebuild = true;
        state.current.clear();
    }

    /// The rebuild under way has written `paths`: they are served again.
    pub fn written(&self, paths: &[String]) {
        self.state().current.extend(paths.iter().cloned());
        self.done.notify_all();
    }

    /// The build has ended (written the site or failed): files come from the disk again.
    pub fn finish(&self) {
        let mut state = self.state();
        state.checking = false;
        state.preview = None;
        state.running = false;
        state.current.clear();
        drop(state);
        self.done.notify_all();
    }
}

/// The site path a request URL asks for (`index.html` for a folder), or `None` for a
/// URL that leaves the site.
pub fn site_path(url: &str) -> Option<String> {
    let relative = super::http::relative(url)?;
    let mut path = crate::url::path_to_url(&relative);
    if path.is_empty()
        || url
            .split(['?', '#'])
            .next()
            .is_some_and(|p| p.ends_with('/'))
    {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str("index.html");
    }
    Some(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether `wait(path)` returns within a moment, from another thread.
    fn returns(building: &Arc<Building>, path: &str) -> bool {
        let (b, path) = (Arc::clone(building), path.to_string());
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            b.wait(&path);
            let _ = tx.send(());
        });
        rx.recv_timeout(std::time::Duration::from_millis(200))
            .is_ok()
    }

    #[test]
    fn a_file_waits_for_the_rebuild_unless_it_is_current_or_the_theme_s() {
        let building = Arc::new(Building::first(None));
        assert!(
            !returns(&building, "theme/site.js"),
            "the first build: all wait"
        );
        building.finish();
        assert!(returns(&building, "index.html"), "no build: none waits");
        building.rebuilding();
        assert!(returns(&building, "theme/site.js"), "the theme stays");
        assert!(!returns(&building, "modules/a.html"), "written yet");
        let waiting = Arc::clone(&building);
        let later = std::thread::spawn(move || waiting.wait("index.html"));
        building.written(&["modules/a.html".to_string()]);
        assert!(returns(&building, "modules/a.html"), "current");
        assert!(!later.is_finished());
        building.finish();
        later.join().unwrap();
    }

    #[test]
    fn a_page_asked_for_while_the_course_is_checked_waits_for_the_check() {
        let building = Arc::new(Building::checking());
        let asking = Arc::clone(&building);
        let page = std::thread::spawn(move || asking.file("index.html").is_none());
        std::thread::sleep(std::time::Duration::from_millis(100));
        assert!(!page.is_finished(), "it waits");
        // A course with errors has no preview: the page then waits for the build.
        building.checked(None);
        assert!(page.join().unwrap());
    }
}
