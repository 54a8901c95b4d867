//! Atomic output: the site is written into a staging folder of its own beside OUT and
//! swapped in only when complete, under a lock on OUT, so a failed, killed or concurrent
//! build never leaves a half-written site or loses the previous one.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use rayon::prelude::*;

use crate::error::Error;
use crate::load::{self, with_path};
use crate::url;

pub use crate::load::MARKER;

/// A file of the site: its path relative to the site root and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// A stable hash of one output file, combined by addition into the site's version.
/// xxh3, because every byte of the site goes through it on each build.
pub fn file_hash(path: &str, bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64_with_seed(bytes, xxhash_rust::xxh3::xxh3_64(path.as_bytes()))
}

/// A folder beside OUT being filled with the new site.
pub struct Staging {
    dir: PathBuf,
    /// Site-relative paths written so far, for the marker.
    written: Mutex<Vec<String>>,
}

impl Staging {
    /// Writes one file of the site (`path` relative to the site root).
    pub fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        let target = self.dir.join(path);
        // Folders are made when a write first needs them, not checked before every file.
        match fs::write(&target, bytes) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                if let Some(parent) = target.parent() {
                    fs::create_dir_all(parent).map_err(|e| with_path(e, parent))?;
                }
                fs::write(&target, bytes)
            }
            done => done,
        }
        .map_err(|e| with_path(e, &target))?;
        self.written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(path.to_string());
        Ok(())
    }

    /// Copies `source/relative` to the same relative path in the site; returns the
    /// file's hash for the site's version.
    pub fn copy(&self, source: &Path, relative: &Path) -> io::Result<u64> {
        let from = source.join(relative);
        let bytes = fs::read(&from).map_err(|e| with_path(e, &from))?;
        let path = url::path_to_url(relative);
        self.write(&path, &bytes)?;
        Ok(file_hash(&path, &bytes))
    }
}

/// A site swapped in. `leftover` is set when the previous site could not be removed
/// (a file in it that cannot be deleted): the new site is in place all the same, and the
/// next build tries again.
pub struct Swapped<T> {
    pub value: T,
    pub leftover: Option<io::Error>,
}

/// The paths beside OUT that a build uses, all named after OUT and hidden.
struct Beside {
    parent: PathBuf,
    name: String,
}

impl Beside {
    fn new(out: &Path) -> Self {
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "site".into());
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        Beside { parent, name }
    }

    fn prefix(&self, kind: &str) -> String {
        format!(".{}.coursemark-{kind}", self.name)
    }

    fn fixed(&self, kind: &str) -> PathBuf {
        self.parent.join(self.prefix(kind))
    }

    /// A name no other build uses: this process's id and a counter.
    fn unique(&self, kind: &str) -> PathBuf {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        self.parent.join(format!(
            "{}-{}-{nanos}-{}",
            self.prefix(kind),
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ))
    }

    /// Staging folders and previous sites left by builds that died or could not delete
    /// everything; only called under the lock, when no other build is using them.
    fn leftovers(&self) -> Vec<PathBuf> {
        let kinds = [self.prefix("new-"), self.prefix("trash-")];
        fs::read_dir(&self.parent)
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .filter(|e| {
                let name = e.file_name();
                let name = name.to_string_lossy();
                kinds.iter().any(|k| name.starts_with(k.as_str()))
            })
            .map(|e| e.path())
            .collect()
    }
}

/// Where the site may go: outside the course folder, or inside it (as `public/` in
/// mdBook, Zola and Hugo) but never the course folder itself, a folder holding it, a
/// part, `assets/` or `themes/`, whose files would then be read back as the course.
pub fn refuse_out(source: &Path, out: &Path) -> Result<(), Error> {
    let (course, site) = (absolute(source), absolute(out));
    let inside = site.strip_prefix(&course).ok().and_then(|rest| {
        rest.components()
            .next()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
    });
    let why = if site == course {
        "it is the course folder itself".to_string()
    } else if course.starts_with(&site) {
        "it holds the course folder".to_string()
    } else {
        match inside.as_deref() {
            Some(first @ ("assets" | "themes")) => {
                format!("it is inside the course's `{first}/` folder")
            }
            Some(first) if load::is_part_name(first) => {
                format!("`{first}` is a part of the course (a numbered folder)")
            }
            _ => return Ok(()),
        }
    };
    Err(Error::Refused(format!(
        "refusing to write the site to {}: {why}, whose files are the course's source; choose another output with -o, such as `-o public`",
        out.display()
    )))
}

/// Fills a staging folder of its own beside `out` with `fill`, then swaps it in for
/// `out`; on any error the staging folder is removed and `out` is left as it was.
/// Builds into the same `out` take turns: the second waits for the first.
pub fn write_site<T, E: From<io::Error>>(
    out: &Path,
    fill: impl FnOnce(&Staging) -> Result<T, E>,
) -> Result<Swapped<T>, E> {
    write_site_with(out, fill, &Swap::default())
}

/// How the swap is done: `write_site` uses the system's atomic exchange where there is
/// one; tests take the two-rename way and stop between the renames, as a kill would.
struct Swap<'a> {
    exchange: bool,
    between: &'a dyn Fn(),
}

impl Default for Swap<'_> {
    fn default() -> Self {
        Swap {
            exchange: cfg!(target_os = "linux"),
            between: &|| {},
        }
    }
}

fn write_site_with<T, E: From<io::Error>>(
    out: &Path,
    fill: impl FnOnce(&Staging) -> Result<T, E>,
    how: &Swap,
) -> Result<Swapped<T>, E> {
    let beside = Beside::new(out);
    fs::create_dir_all(&beside.parent).map_err(|e| with_path(e, &beside.parent))?;
    let lock_path = beside.fixed("lock");
    let lock = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(|e| with_path(e, &lock_path))?;
    let locked = match lock.lock() {
        Ok(()) => true,
        // A file system without locks: still a staging folder of its own, but another
        // build's folders are left alone.
        Err(e) if e.kind() == io::ErrorKind::Unsupported => false,
        Err(e) => return Err(with_path(e, &lock_path).into()),
    };
    recover(out, &beside)?;
    if locked {
        for leftover in beside.leftovers() {
            // Best effort: a leftover that cannot be removed never blocks a build.
            let _ = remove_site(&leftover);
        }
    }
    guard_existing(out)?;
    let staging = Staging {
        dir: beside.unique("new"),
        written: Mutex::new(Vec::new()),
    };
    fs::create_dir(&staging.dir).map_err(|e| with_path(e, &staging.dir))?;
    let result = fill(&staging).and_then(|value| {
        let written =
            std::mem::take(&mut *staging.written.lock().unwrap_or_else(|e| e.into_inner()));
        record(&staging.dir, written.iter().map(String::as_str))?;
        let leftover = swap(&staging.dir, out, &beside, how)?;
        Ok(Swapped { value, leftover })
    });
    if result.is_err() {
        // Best effort: the error that matters is the one already in `result`.
        let _ = fs::remove_dir_all(&staging.dir);
    }
    drop(lock);
    result
}

/// Writes `files` and copies `assets` (course-relative paths under `source`) as the site:
/// a whole site in one call, for the tests of this module.
#[cfg(test)]
fn write_files(
    out: &Path,
    files: &[OutputFile],
    source: &Path,
    assets: &[PathBuf],
) -> io::Result<Swapped<()>> {
    write_site(out, |staging: &Staging| {
        files
            .par_iter()
            .try_for_each(|f| staging.write(&f.path, &f.bytes))?;
        assets
            .par_iter()
            .try_for_each(|a| staging.copy(source, a).map(drop))
    })
}

/// Replaces one file of a served site: written beside it, then renamed over it, so the
/// server never reads half a page.
pub fn replace_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| with_path(e, parent))?;
    }
    let temp = path.with_extension("coursemark-tmp");
    fs::write(&temp, bytes).map_err(|e| with_path(e, &temp))?;
    fs::rename(&temp, path).map_err(|e| with_path(e, path))
}

/// Lists `files` (site-relative) as the ones coursemark wrote into the site at `out`,
/// for a site that changes file by file (`serve`); written beside and renamed in.
pub fn record<'a>(out: &Path, files: impl Iterator<Item = &'a str>) -> io::Result<()> {
    let mut files: Vec<&str> = files.collect();
    files.sort_unstable();
    files.dedup();
    let mut text = String::from(
        "# The files coursemark wrote into this folder. A build replaces the folder only\n# while it holds no other file.\n",
    );
    for file in files {
        text.push_str(file);
        text.push('\n');
    }
    let path = out.join(MARKER);
    let temp = out.join(format!("{MARKER}.coursemark-tmp"));
    fs::write(&temp, text).map_err(|e| with_path(e, &temp))?;
    fs::rename(&temp, &path).map_err(|e| with_path(e, &path))
}

/// Puts `staging` in place of `out`. Returns the error met removing the previous site,
/// which leaves it beside OUT for the next build to remove; the new site is in place.
fn swap(staging: &Path, out: &Path, beside: &Beside, how: &Swap) -> io::Result<Option<io::Error>> {
    if fs::symlink_metadata(out).is_err() {
        fs::rename(staging, out).map_err(|e| with_path(e, out))?;
        return Ok(None);
    }
    if how.exchange {
        match exchange(staging, out) {
            // The previous site now has the staging folder's name.
            Ok(()) => return Ok(remove_site(staging).err()),
            Err(e) if !cannot_exchange(&e) => return Err(with_path(e, out)),
            Err(_) => {}
        }
    }
    // Two renames, with a gap between them that `recover` closes after a kill.
    let old = beside.fixed("old");
    fs::rename(out, &old).map_err(|e| with_path(e, out))?;
    (how.between)();
    if let Err(e) = fs::rename(staging, out) {
        // Put the previous site back before reporting.
        let _ = fs::rename(&old, out);
        return Err(with_path(e, out));
    }
    let trash = beside.unique("trash");
    Ok(fs::rename(&old, &trash)
        .map_err(|e| with_path(e, &old))
        .and_then(|()| remove_site(&trash))
        .err())
}

/// Swaps two paths in one step (`renameat2` with `RENAME_EXCHANGE`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| {
        CString::new(p.as_os_str().as_bytes())
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "a NUL byte in the path"))
    };
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: both are NUL-terminated paths that live until the call returns.
    let done = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if done == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

/// The system or the file system has no atomic exchange: use two renames.
fn cannot_exchange(e: &io::Error) -> bool {
    #[cfg(target_os = "linux")]
    if matches!(e.raw_os_error(), Some(libc::EINVAL | libc::EOPNOTSUPP)) {
        return true;
    }
    e.kind() == io::ErrorKind::Unsupported
}

/// Closes the gap of a build killed between its two renames: the previous site is put
/// back when OUT is missing, and set aside for removal when OUT is there.
fn recover(out: &Path, beside: &Beside) -> io::Result<()> {
    let old = beside.fixed("old");
    if fs::symlink_metadata(&old).is_err() {
        return Ok(());
    }
    let to = if fs::symlink_metadata(out).is_err() {
        out.to_path_buf()
    } else {
        beside.unique("trash")
    };
    fs::rename(&old, &to).map_err(|e| with_path(e, &old))
}

/// Removes a previous site: its files in parallel (a large course has thousands), then
/// the folders.
fn remove_site(dir: &Path) -> io::Result<()> {
    let files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .map(|e| e.into_path())
        .collect();
    files
        .par_iter()
        .try_for_each(|f| match fs::remove_file(f) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(with_path(e, f)),
            _ => Ok(()),
        })?;
    match fs::remove_dir_all(dir) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(with_path(e, dir)),
        _ => Ok(()),
    }
}

/// Refuses to replace a folder holding a file coursemark did not write (by the list in
/// its marker), so a mistyped `-o` never deletes someone's files.
fn guard_existing(out: &Path) -> io::Result<()> {
    let Ok(meta) = fs::symlink_metadata(out) else {
        return Ok(());
    };
    let refuse = |why: String| {
        Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!("{}: {why}", out.display()),
        ))
    };
    if !meta.is_dir() {
        return refuse("exists and is not a folder; choose another output with -o".into());
    }
    let marker = out.join(MARKER);
    let (listed, marked): (std::collections::HashSet<String>, bool) =
        match fs::read_to_string(&marker) {
            Ok(text) => (
                text.lines()
                    .filter(|l| !l.starts_with('#'))
                    .map(str::to_string)
                    .collect(),
                true,
            ),
            Err(e) if e.kind() == io::ErrorKind::NotFound => (Default::default(), false),
            Err(e) => return Err(with_path(e, &marker)),
        };
    let mut foreign = Vec::new();
    for entry in walkdir::WalkDir::new(out).min_depth(1).sort_by_file_name() {
        let entry = entry.map_err(|e| io::Error::other(format!("{}: {e}", out.display())))?;
        if entry.file_type().is_dir() {
            continue;
        }
        let relative = url::path_to_url(entry.path().strip_prefix(out).unwrap_or(entry.path()));
        // Files `serve` writes beside a page and renames over it are its own.
        if !(relative == MARKER
            || relative.ends_with(".coursemark-tmp")
            || listed.contains(&relative))
        {
            foreign.push(relative);
        }
    }
    match foreign.first() {
        None => Ok(()),
        Some(file) if marked => refuse(format!(
            "holds `{file}`, which coursemark did not write; refusing to replace the folder (move that file out, or choose another output with -o)"
        )),
        Some(_) => refuse(format!(
            "is not a coursemark site (it has no {MARKER} list of the files coursemark wrote) and holds {} file{}; refusing to replace it: choose another output with -o, or remove the folder (a site built by an older coursemark needs removing once)",
            foreign.len(),
            if foreign.len() == 1 { "" } else { "s" }
        )),
    }
}

/// An absolute path without `..`, whether or not it exists yet.
pub fn absolute(path: &Path) -> PathBuf {
    if let Ok(p) = fs::canonicalize(path) {
        return p;
    }
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) => {
            let parent = if parent.as_os_str().is_empty() {
                Path::new(".")
            } else {
                parent
            };
            absolute(parent).join(name)
        }
        _ => std::env::current_dir().unwrap_or_default().join(path),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tmp(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("cm-write-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&d);
        fs::create_dir_all(&d).unwrap();
        d
    }

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn replaces_a_previous_site_and_refuses_other_folders() {
        let d = tmp("swap");
        let out = d.join("public");
        write_files(
            &out,
            &[file("index.html", "1"), file("course.js", "")],
            &d,
            &[],
        )
        .unwrap();
        write_files(
            &out,
            &[
                file("index.html", "2"),
                file("course.js", ""),
                file("a/b.html", "b"),
            ],
            &d,
            &[],
        )
        .unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "2");
        assert!(out.join("a/b.html").is_file());
        let other = d.join("documents");
        fs::create_dir_all(&other).unwrap();
        fs::write(other.join("thesis.txt"), "precious").unwrap();
        assert!(write_files(&other, &[file("index.html", "x")], &d, &[]).is_err());
        assert_eq!(
            fs::read_to_string(other.join("thesis.txt")).unwrap(),
            "precious"
        );
        // A failure while filling leaves the previous site as it was.
        let failed: Result<Swapped<()>, io::Error> = write_site(&out, |staging| {
            staging.write("index.html", b"3")?;
            Err(io::Error::other("render failed"))
        });
        assert!(failed.is_err());
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "2");
        fs::remove_dir_all(d).unwrap();
    }

    /// What is beside `out` in its folder, by name, apart from `out` and the lock.
    fn beside(out: &Path) -> Vec<String> {
        let lock = format!(
            ".{}.coursemark-lock",
            out.file_name().unwrap().to_string_lossy()
        );
        let mut names: Vec<String> = fs::read_dir(out.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| *n != lock && Path::new(n) != out.file_name().unwrap())
            .collect();
        names.sort();
        names
    }

    fn site(out: &Path, text: &str) -> io::Result<Swapped<()>> {
        write_files(
            out,
            &[file("index.html", text), file("course.js", "")],
            Path::new("."),
            &[],
        )
    }

    #[test]
    fn a_build_killed_between_the_renames_loses_nothing() {
        let d = tmp("killed");
        let out = d.join("public");
        site(&out, "first").unwrap();
        // The two-rename swap, stopped after the first rename as a kill would stop it.
        let killed = std::panic::catch_unwind(|| {
            let how = Swap {
                exchange: false,
                between: &|| panic!("killed between the renames"),
            };
            let _: Result<_, io::Error> =
                write_site_with(&out, |s| s.write("index.html", b"second"), &how);
        });
        assert!(killed.is_err());
        assert!(!out.exists(), "the kill left no site in place");
        // The next build puts the previous site back before anything else, even when it
        // fails itself.
        let failed: Result<_, io::Error> =
            write_site(&out, |_| Err::<(), _>(io::Error::other("render failed")));
        assert!(failed.is_err());
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "first");
        // A stale staging folder of the killed build is gone after a good build.
        site(&out, "third").unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "third");
        assert_eq!(beside(&out), Vec::<String>::new());
        fs::remove_dir_all(d).unwrap();
    }

    #[test]
    fn leftovers_of_earlier_builds_never_block_and_are_removed() {
        let d = tmp("leftovers");
        let out = d.join("public");
        site(&out, "1").unwrap();
        for left in [
            ".public.coursemark-new-1-2-3",
            ".public.coursemark-trash-4-5-6",
            ".public.coursemark-old",
        ] {
            fs::create_dir_all(d.join(left).join("modules")).unwrap();
            fs::write(d.join(left).join("modules/a.html"), "stale").unwrap();
        }
        site(&out, "2").unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "2");
        assert_eq!(beside(&out), Vec::<String>::new());
        fs::remove_dir_all(d).unwrap();
    }

    #[test]
    fn only_a_folder_of_files_we_wrote_is_replaced() {
        let d = tmp("marker");
        // A folder that looks like a site but holds someone's document.
        let fake = d.join("fake");
        fs::create_dir_all(&fake).unwrap();
        for (name, text) in [
            ("index.html", "<p>"),
            ("course.js", ""),
            ("precious.docx", "mine"),
        ] {
            fs::write(fake.join(name), text).unwrap();
        }
        let refused = site(&fake, "x").err().unwrap().to_string();
        assert!(refused.contains("not a coursemark site"), "{refused}");
        assert_eq!(
            fs::read_to_string(fake.join("precious.docx")).unwrap(),
            "mine"
        );
        // A built site lists its files; one added by hand stops the next build.
        let out = d.join("public");
        site(&out, "1").unwrap();
        let listed = fs::read_to_string(out.join(MARKER)).unwrap();
        assert_eq!(
            listed
                .lines()
                .filter(|l| !l.starts_with('#'))
                .collect::<Vec<_>>(),
            ["course.js", "index.html"]
        );
        fs::create_dir_all(out.join("notes")).unwrap();
        fs::write(out.join("notes/precious.docx"), "mine").unwrap();
        let refused = site(&out, "2").err().unwrap().to_string();
        assert!(
            refused.contains("holds `notes/precious.docx`, which coursemark did not write"),
            "{refused}"
        );
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "1");
        fs::remove_file(out.join("notes/precious.docx")).unwrap();
        site(&out, "2").unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "2");
        fs::remove_dir_all(d).unwrap();
    }

    #[test]
    fn builds_into_the_same_folder_at_once_take_turns() {
        let d = tmp("concurrent");
        let out = d.join("public");
        site(&out, "0").unwrap();
        let pages = |n: usize| -> Vec<OutputFile> {
            (0..200)
                .map(|i| file(&format!("modules/{n}-{i}.html"), &n.to_string()))
                .chain([file("index.html", &n.to_string()), file("course.js", "")])
                .collect()
        };
        std::thread::scope(|s| {
            for n in 1..=4 {
                let (out, pages) = (&out, pages(n));
                s.spawn(move || write_files(out, &pages, Path::new("."), &[]).unwrap());
            }
        });
        // One build's site whole, and nothing of the others.
        let last = fs::read_to_string(out.join("index.html")).unwrap();
        let n: usize = last.parse().unwrap();
        let mut names: Vec<String> = walkdir::WalkDir::new(&out)
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file())
            .map(|e| url::path_to_url(e.path().strip_prefix(&out).unwrap()))
            .filter(|p| p != MARKER)
            .collect();
        names.sort();
        let mut expected: Vec<String> = pages(n).into_iter().map(|f| f.path).collect();
        expected.sort();
        assert_eq!(names, expected);
        assert_eq!(beside(&out), Vec::<String>::new());
        fs::remove_dir_all(d).unwrap();
    }
}
