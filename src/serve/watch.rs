//! Turns file-system events into course changes: a classifier (pure but for telling a
//! built site from a new part; unit-tested) and a watcher that coalesces the burst of
//! events one save makes, ending it as soon as every file written is closed.

use std::collections::{BTreeSet, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, CreateKind, EventKind, ModifyKind, RenameMode};
use notify::{RecursiveMode, Watcher};

/// What a changed path means for the course.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    /// A known module's text was edited (course-relative path).
    Module(PathBuf),
    /// A module, part or home page was added, removed, renamed or re-described.
    Structure,
    /// `course.toml`.
    Config,
    /// A file under `assets/` (course-relative path).
    Asset(PathBuf),
    /// A file of the theme in use.
    Theme,
}

/// Where the course lives, for classifying paths.
pub struct Layout<'a> {
    pub root: &'a Path,
    pub out: &'a Path,
    pub theme: Option<&'a Path>,
}

/// Classifies one changed path; `None` for paths that do not affect the site (editor
/// swap and backup files, hidden folders, `target/`, the output folder).
pub fn classify(layout: &Layout, path: &Path, is_module: impl Fn(&Path) -> bool) -> Option<Change> {
    if path.starts_with(layout.out) || is_noise(path) {
        return None;
    }
    if let Some(theme) = layout.theme
        && path.starts_with(theme)
    {
        return Some(Change::Theme);
    }
    let relative = path.strip_prefix(layout.root).ok()?;
    let parts: Vec<&str> = relative
        .components()
        .map(|c| match c {
            Component::Normal(s) => s.to_str().unwrap_or(""),
            _ => "",
        })
        .collect();
    if parts.iter().any(|p| p.starts_with('.') || *p == "target") {
        return None;
    }
    match parts.as_slice() {
        ["course.toml"] => Some(Change::Config),
        ["index.md"] => Some(Change::Structure),
        // Every module page may link its terms.
        ["glossary.md" | "glossary.toml"] => Some(Change::Structure),
        ["assets", ..] => Some(Change::Asset(relative.to_path_buf())),
        ["themes", ..] => Some(Change::Theme),
        [_part, "_part.toml"] => Some(Change::Structure),
        [_part, file] if crate::load::is_markdown(file) => Some(if is_module(relative) {
            Change::Module(relative.to_path_buf())
        } else {
            Change::Structure
        }),
        // A new folder may be a part; one holding a built site (`build . -o other`) is
        // never read as source, so it changes nothing. Only this case looks at the disk.
        [dir] if !dir.contains('.') && !crate::load::is_site(path) => Some(Change::Structure),
        _ => None,
    }
}

/// Editor droppings: vim's `.swp` and `4913`, emacs's `#file#` and `.#file`, `file~`.
fn is_noise(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    name.ends_with('~')
        || ["swp", "swx", "swo", "coursemark-tmp"]
            .iter()
            .any(|e| extension.eq_ignore_ascii_case(e))
        || name == "4913"
        || name.starts_with(".#")
        || (name.starts_with('#') && name.ends_with('#'))
}

/// What an event says about the file it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Being written, created, removed or renamed away: more is likely to follow (an
    /// editor that saves by renaming removes the file, then writes it anew).
    Open,
    /// Written and closed, or renamed into place: complete as it is.
    Settled,
    /// Changed without a write (its times or permissions, a new folder).
    Touched,
}

/// The step an event is, or `None` for events that change nothing (a file read).
/// Where the platform reports no closing (only inotify does), every write stays `Open`
/// and a burst ends after a quiet spell, as before.
pub fn step(kind: &EventKind) -> Option<Step> {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write))
        | EventKind::Modify(ModifyKind::Name(RenameMode::To)) => Some(Step::Settled),
        // A rename is also reported as its two halves, which say what each path is.
        EventKind::Access(_) | EventKind::Modify(ModifyKind::Name(RenameMode::Both)) => None,
        EventKind::Modify(ModifyKind::Metadata(_)) | EventKind::Create(CreateKind::Folder) => {
            Some(Step::Touched)
        }
        _ => Some(Step::Open),
    }
}

/// The events of one save, collected until no file of it is still open.
#[derive(Debug, Default)]
pub struct Burst {
    paths: BTreeSet<PathBuf>,
    open: HashSet<PathBuf>,
}

impl Burst {
    pub fn add(&mut self, path: PathBuf, step: Step) {
        match step {
            Step::Open => {
                self.open.insert(path.clone());
            }
            Step::Settled => {
                self.open.remove(&path);
            }
            Step::Touched => {}
        }
        self.paths.insert(path);
    }

    /// Every file the burst touched was closed or renamed into place.
    pub fn settled(&self) -> bool {
        self.open.is_empty()
    }

    pub fn paths(self) -> Vec<PathBuf> {
        self.paths.into_iter().collect()
    }
}

/// A running watcher: raw paths and what happened to them arrive on `events`.
pub struct FileWatcher {
    _watcher: notify::RecommendedWatcher,
    events: Receiver<(PathBuf, Step)>,
}

/// How long a burst with a file still open may stay quiet before it counts as one save
/// anyway (a platform that reports no closing, a writer that keeps its file open).
const QUIET: Duration = Duration::from_millis(10);
/// How long a burst whose files are all closed waits for the rest of the save (the
/// other files a tool writes at once), so the course is read once for all of them.
const GRACE: Duration = Duration::from_millis(2);
/// The longest a burst is collected, so a busy folder still rebuilds.
const LONGEST: Duration = Duration::from_millis(250);

impl FileWatcher {
    pub fn new(folders: &[&Path]) -> notify::Result<Self> {
        let (tx, rx) = channel();
        let mut watcher =
            notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
                if let Ok(event) = event
                    && let Some(step) = step(&event.kind)
                {
                    for path in event.paths {
                        // The receiver is gone only when serving stops.
                        let _ = tx.send((path, step));
                    }
                }
            })?;
        for folder in folders {
            watcher.watch(folder, RecursiveMode::Recursive)?;
        }
        Ok(FileWatcher {
            _watcher: watcher,
            events: rx,
        })
    }

    /// Waits for the next save and returns every path it touched, sorted; `None` when
    /// the watcher stopped. The save ends once its files are closed (no fixed delay
    /// before the rebuild), or after a quiet spell while one is still open.
    pub fn next_batch(&self) -> Option<Vec<PathBuf>> {
        let (path, step) = self.events.recv().ok()?;
        let started = Instant::now();
        let mut burst = Burst::default();
        burst.add(path, step);
        while started.elapsed() < LONGEST {
            let wait = if burst.settled() { GRACE } else { QUIET };
            match self.events.recv_timeout(wait) {
                Ok((path, step)) => burst.add(path, step),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
        Some(burst.paths())
    }
}

/// Classifies a batch, keeping each change once.
pub fn changes(
    layout: &Layout,
    paths: &[PathBuf],
    is_module: impl Fn(&Path) -> bool,
) -> Vec<Change> {
    let mut changes: Vec<Change> = paths
        .iter()
        .filter_map(|p| classify(layout, p, &is_module))
        .collect();
    changes.sort();
    changes.dedup();
    changes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout() -> Layout<'static> {
        Layout {
            root: Path::new("/c"),
            out: Path::new("/public"),
            theme: Some(Path::new("/themes/brand")),
        }
    }

    fn kind(path: &str) -> Option<Change> {
        classify(&layout(), Path::new(path), |p| {
            p == Path::new("01-a/01-x.md")
        })
    }

    #[test]
    fn each_kind_of_change() {
        assert_eq!(
            kind("/c/01-a/01-x.md"),
            Some(Change::Module("01-a/01-x.md".into()))
        );
        assert_eq!(kind("/c/01-a/02-new.md"), Some(Change::Structure));
        assert_eq!(kind("/c/01-a/_part.toml"), Some(Change::Structure));
        assert_eq!(kind("/c/02-b"), Some(Change::Structure));
        // A folder holding a built site is not source, as load leaves it out.
        let course = std::env::temp_dir().join(format!("cm-watch-{}", std::process::id()));
        let site = course.join("other-site");
        std::fs::create_dir_all(&site).unwrap();
        std::fs::write(site.join(crate::load::MARKER), "index.html\n").unwrap();
        let in_course = Layout {
            root: &course,
            out: Path::new("/public"),
            theme: None,
        };
        assert_eq!(classify(&in_course, &site, |_| false), None);
        std::fs::remove_dir_all(&course).unwrap();
        assert_eq!(kind("/c/index.md"), Some(Change::Structure));
        assert_eq!(kind("/c/glossary.md"), Some(Change::Structure));
        assert_eq!(kind("/c/course.toml"), Some(Change::Config));
        assert_eq!(
            kind("/c/assets/img/a.png"),
            Some(Change::Asset("assets/img/a.png".into()))
        );
        assert_eq!(
            kind("/c/themes/brand/static/coursemark.css"),
            Some(Change::Theme)
        );
        assert_eq!(
            kind("/themes/brand/templates/base.html"),
            Some(Change::Theme)
        );
    }

    #[test]
    fn noise_is_ignored() {
        for path in [
            "/c/01-a/.01-x.md.swp",
            "/c/01-a/01-x.md~",
            "/c/01-a/#01-x.md#",
            "/c/01-a/.#01-x.md",
            "/c/01-a/4913",
            "/c/.git/index",
            "/c/target/debug/x",
            "/public/index.html",
            "/c/README.txt",
            "/elsewhere/x.md",
            "/c/01-a/01-x.coursemark-tmp",
        ] {
            assert_eq!(kind(path), None, "{path}");
        }
    }

    #[test]
    fn a_save_settles_when_its_files_are_closed() {
        use notify::event::{DataChange, MetadataKind, RemoveKind};
        let close = EventKind::Access(AccessKind::Close(AccessMode::Write));
        let write = EventKind::Modify(ModifyKind::Data(DataChange::Any));
        let from = EventKind::Modify(ModifyKind::Name(RenameMode::From));
        let to = EventKind::Modify(ModifyKind::Name(RenameMode::To));
        assert_eq!(step(&close), Some(Step::Settled));
        assert_eq!(step(&to), Some(Step::Settled));
        assert_eq!(step(&write), Some(Step::Open));
        assert_eq!(step(&from), Some(Step::Open));
        assert_eq!(step(&EventKind::Remove(RemoveKind::File)), Some(Step::Open));
        assert_eq!(step(&EventKind::Create(CreateKind::File)), Some(Step::Open));
        assert_eq!(
            step(&EventKind::Modify(ModifyKind::Metadata(MetadataKind::Any))),
            Some(Step::Touched)
        );
        assert_eq!(
            step(&EventKind::Access(AccessKind::Open(AccessMode::Any))),
            None
        );
        let both = EventKind::Modify(ModifyKind::Name(RenameMode::Both));
        assert_eq!(step(&both), None, "its halves say it");

        let run = |events: &[(&str, &EventKind)]| {
            let mut burst = Burst::default();
            let mut settled = Vec::new();
            for (path, kind) in events {
                if let Some(s) = step(kind) {
                    burst.add(PathBuf::from(path), s);
                }
                settled.push(burst.settled());
            }
            settled
        };
        // Written in place: open until closed.
        assert_eq!(
            run(&[("a.md", &write), ("a.md", &write), ("a.md", &close)]),
            [false, false, true]
        );
        // Saved by renaming the old file away and writing it anew (vim's backup):
        // never settled while the module is missing.
        assert_eq!(
            run(&[
                ("a.md", &from),
                ("a.md~", &to),
                ("a.md", &EventKind::Create(CreateKind::File)),
                ("a.md", &write),
                ("a.md", &close),
            ]),
            [false, false, false, false, true]
        );
        // Written beside and renamed into place: the name renamed away might come back,
        // so that save ends after a quiet spell.
        assert_eq!(
            run(&[
                ("a.tmp", &write),
                ("a.tmp", &close),
                ("a.tmp", &from),
                ("a.md", &to)
            ]),
            [false, true, false, false]
        );
    }

    #[test]
    fn a_batch_collapses_to_distinct_changes() {
        let paths: Vec<PathBuf> = [
            "/c/01-a/01-x.md",
            "/c/01-a/01-x.md",
            "/c/01-a/.01-x.md.swp",
            "/c/course.toml",
        ]
        .iter()
        .map(PathBuf::from)
        .collect();
        let got = changes(&layout(), &paths, |p| p == Path::new("01-a/01-x.md"));
        assert_eq!(
            got,
            vec![Change::Module("01-a/01-x.md".into()), Change::Config]
        );
    }
}
