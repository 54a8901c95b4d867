//! Pages served while the first build is still writing the site: the server listens as
//! soon as the course is checked, and a page asked for before the build has put it in
//! place is rendered on request from the checked course, through the build's own
//! `Renderer`, byte for byte what the build writes. A file the renderer cannot make on
//! its own (the search index, an asset, the service worker) waits for the build.

use std::sync::{Arc, Condvar, Mutex};

use tera::Tera;

use crate::model::Course;
use crate::render::{self, RenderOptions, Renderer};
use crate::theme::Theme;
use crate::write::OutputFile;

/// The checked course, ready to render any one page of it.
pub struct Preview {
    course: Course,
    theme: Theme,
    tera: Tera,
    options: RenderOptions,
    /// Its own thread for the renderer's parallel parts: the build keeps the shared pool
    /// busy, and a page waiting in its queue would wait for the whole build.
    pool: rayon::ThreadPool,
}

impl Preview {
    /// The preview of `course` in `theme`; `None` when the theme's templates do not
    /// compile (the build says why) or no thread can be started.
    pub fn new(course: Course, theme: Theme, options: RenderOptions) -> Option<Self> {
        let tera = render::compile(&theme).ok()?;
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .ok()?;
        Some(Preview {
            course,
            theme,
            tera,
            options,
            pool,
        })
    }

    /// The file at the site path `path` (such as `index.html` or `modules/intro.html`);
    /// `None` when it is no page or theme file of the course, or fails to render.
    pub fn file(&self, path: &str) -> Option<OutputFile> {
        self.pool.install(|| self.render(path))
    }

    fn render(&self, path: &str) -> Option<OutputFile> {
        if path.starts_with("theme/") {
            return render::theme_file(&self.theme, path);
        }
        let renderer = Renderer::new(&self.course, &self.theme, &self.tera, self.options);
        if let Some(id) = path
            .strip_prefix("modules/")
            .and_then(|p| p.strip_suffix(".html"))
        {
            let i = renderer.modules.iter().position(|(_, m)| m.id == id)?;
            return renderer.module_page(i).ok();
        }
        renderer.course_page(path)?.ok()
    }
}

/// The state of the first build, shared with the server: the preview while the build
/// runs, nothing once the site is in place.
pub struct FirstBuild {
    preview: Mutex<Option<Arc<Preview>>>,
    done: Condvar,
    running: Mutex<bool>,
}

impl FirstBuild {
    /// A first build under way, with `preview` to answer pages before it is done.
    pub fn running(preview: Option<Preview>) -> Self {
        FirstBuild {
            preview: Mutex::new(preview.map(Arc::new)),
            done: Condvar::new(),
            running: Mutex::new(true),
        }
    }

    /// The file at `path` rendered now, while the build runs; `None` once the site is in
    /// place or when the file cannot be made on its own (then `wait` for the build).
    pub fn file(&self, path: &str) -> Option<OutputFile> {
        let preview = self
            .preview
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()?;
        preview.file(path)
    }

    /// Returns once the first build has ended.
    pub fn wait(&self) {
        let mut running = self.running.lock().unwrap_or_else(|e| e.into_inner());
        while *running {
            running = self.done.wait(running).unwrap_or_else(|e| e.into_inner());
        }
    }

    /// The build has ended (written the site or failed): files come from the disk again.
    pub fn finish(&self) {
        *self.preview.lock().unwrap_or_else(|e| e.into_inner()) = None;
        *self.running.lock().unwrap_or_else(|e| e.into_inner()) = false;
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
