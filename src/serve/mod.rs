//! `coursemark serve`: build, serve the output on 127.0.0.1, watch the sources and the
//! theme, rebuild what changed and reload the pages that changed in the browser.

pub mod http;
pub mod live;
pub mod plan;
pub mod preview;
mod request;
pub mod session;
pub mod watch;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::Checked;
use crate::error::Error;
use crate::render::RenderOptions;
use live::Live;
use preview::{Building, Preview};
use session::{Session, Sources};
use watch::{FileWatcher, Layout};

pub struct ServeOptions {
    pub source: PathBuf,
    pub out: PathBuf,
    pub host: String,
    pub port: u16,
    pub trainer: bool,
}

/// What the binary is told while serving, to print it.
pub enum Event<'a> {
    /// The first build, or a rebuild; `checked` holds the problems found.
    Checked {
        checked: &'a Checked,
        changed: usize,
        elapsed: Duration,
        first: bool,
        /// A good build is being served (the last one, when this one has errors).
        serving: bool,
    },
    /// The server listens at this URL.
    Listening(String),
}

/// Builds, serves and watches until the process ends.
pub fn serve(options: &ServeOptions, mut on_event: impl FnMut(Event)) -> Result<(), Error> {
    let started = Instant::now();
    let render = RenderOptions {
        trainer: options.trainer,
        ..RenderOptions::default()
    };
    crate::write::refuse_out(&options.source, &options.out)?;
    // The server listens and says so before the course is read: a page asked for
    // meanwhile waits for the course's outline, then is made from it while the whole
    // course is checked and built, so a large course shows its first page in a moment.
    let live = Arc::new(Live::starting());
    let building = Arc::new(Building::checking());
    let address = format!("{}:{}", options.host, options.port);
    let bound = http::start(
        &options.out,
        &address,
        Arc::clone(&live),
        Arc::clone(&building),
    )?;
    on_event(Event::Listening(format!("http://{bound}/")));
    let (source, out) = (&options.source, &options.out);
    let sources = Sources::read(source)?;
    let preview = Preview::new(source, &sources.tree, &sources.problems, render);
    // Watching starts before a page is shown: a save made once one is shown is never
    // missed.
    let watching = match &preview {
        Some(p) => Some(Watching::start(source, out, p.theme_dir())?),
        None => None,
    };
    building.checked(preview);
    // The first check and build run below the pages asked for meanwhile: on a busy
    // machine they take the time those leave, and a page never waits behind them.
    let background = rayon::ThreadPoolBuilder::new()
        .start_handler(|_| lower_priority())
        .build()
        .ok();
    let mut session = in_background(background.as_ref(), || {
        Session::check_sources(source, out, render, sources)
    })?;
    let watching = match watching {
        Some(w) => w,
        None => Watching::start(source, out, session.theme_dir())?,
    };
    live.publish(&session.checked, &[]);
    let built = in_background(background.as_ref(), || session.build());
    drop(background);
    building.finish();
    built?;
    // A template that failed in the build is shown in open pages too.
    live.publish(&session.checked, &[]);
    on_event(Event::Checked {
        checked: &session.checked,
        changed: 0,
        elapsed: started.elapsed(),
        first: true,
        serving: session.has_site(),
    });
    let session = Arc::new(Mutex::new(session));
    watch_loop(&session, &live, &building, watching, &mut on_event)
}

/// Runs `job` in `pool`, or here without one.
fn in_background<T: Send>(pool: Option<&rayon::ThreadPool>, job: impl FnOnce() -> T + Send) -> T {
    match pool {
        Some(pool) => pool.install(job),
        None => job(),
    }
}

/// Lowers the calling thread's priority below the process's other threads (on Linux a
/// thread has its own nice value); elsewhere it stays as it is.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority reads its three integer arguments only; 0 is this thread.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 10);
    }
}

/// The folders a session watches, made absolute, and the watcher on them.
struct Watching {
    root: PathBuf,
    out: PathBuf,
    theme: Option<PathBuf>,
    watcher: FileWatcher,
}

impl Watching {
    /// Watches the course folder `source` and the theme folder in use, `theme`. Absolute
    /// even before the output `out` exists: it appears inside the course folder with
    /// the first good build, and its writes must not count as edits.
    fn start(source: &Path, out: &Path, theme: Option<PathBuf>) -> Result<Self, Error> {
        let canonical = |p: &Path| crate::write::absolute(p);
        let (root, out) = (canonical(source), canonical(out));
        let theme = theme.map(|t| canonical(&t));
        let mut folders = vec![root.as_path()];
        if let Some(t) = &theme
            && !t.starts_with(&root)
        {
            folders.push(t.as_path());
        }
        let watcher = FileWatcher::new(&folders).map_err(|e| {
            Error::Io(std::io::Error::other(format!(
                "cannot watch {}: {e}",
                root.display()
            )))
        })?;
        Ok(Watching {
            root,
            out,
            theme,
            watcher,
        })
    }

    fn layout(&self) -> Layout<'_> {
        Layout {
            root: &self.root,
            out: &self.out,
            theme: self.theme.as_deref(),
        }
    }
}

fn watch_loop(
    session: &Mutex<Session>,
    live: &Live,
    building: &Building,
    mut watching: Watching,
    on_event: &mut impl FnMut(Event),
) -> Result<(), Error> {
    loop {
        let Some(paths) = watching.watcher.next_batch() else {
            return Ok(());
        };
        let started = Instant::now();
        let mut s = session.lock().unwrap_or_else(|e| e.into_inner());
        let changes = s.changes(&watching.layout(), &paths);
        if changes.is_empty() {
            continue;
        }
        // Until the rebuild is done, a file it may replace waits for it, but the edited
        // page reloads as soon as it is written.
        building.rebuilding();
        let mut early = Vec::new();
        // A file system in flux (a module turned into a folder, a link to nothing, a
        // full disk) fails this rebuild, never the server.
        let outcome = s
            .apply_with(&changes, &mut |written| {
                building.written(written);
                live.publish_written(written);
                early.extend_from_slice(written);
            })
            .unwrap_or_else(|e| s.failed(&e));
        building.finish();
        // Pages reload first; the terminal's report can wait for them.
        let rest: Vec<String> = outcome
            .changed
            .iter()
            .filter(|p| !early.contains(p))
            .cloned()
            .collect();
        live.publish(&s.checked, &rest);
        on_event(Event::Checked {
            checked: &s.checked,
            changed: outcome.changed.len(),
            elapsed: started.elapsed(),
            first: false,
            serving: s.has_site(),
        });
        // The theme folder can change with course.toml: the watcher follows it.
        if s.theme_dir().map(|t| crate::write::absolute(&t)) != watching.theme {
            watching = Watching::start(&s.source, &s.out, s.theme_dir())?;
        }
    }
}
