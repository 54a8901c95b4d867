//! Atomic output: the site is written beside OUT and swapped in only when complete, so
//! a failed build leaves the previous site exactly as it was.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::load::with_path;
use crate::render::{OutputFile, file_hash};
use crate::url;

/// A folder beside OUT being filled with the new site.
pub struct Staging {
    dir: PathBuf,
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
        .map_err(|e| with_path(e, &target))
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

/// Fills a staging folder beside `out` with `fill`, then swaps it in for `out`; on any
/// error the staging folder is removed and `out` is left exactly as it was.
pub fn write_site<T, E: From<io::Error>>(
    out: &Path,
    fill: impl FnOnce(&Staging) -> Result<T, E>,
) -> Result<T, E> {
    guard_existing(out)?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "site".into());
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent).map_err(|e| with_path(e, &parent))?;
    let staging = Staging {
        dir: parent.join(format!(".{name}.coursemark-new")),
    };
    let old = parent.join(format!(".{name}.coursemark-old"));
    remove_if_exists(&staging.dir)?;
    fs::create_dir_all(&staging.dir).map_err(|e| with_path(e, &staging.dir))?;
    let result = fill(&staging).and_then(|value| {
        swap(&staging.dir, out, &old)?;
        Ok(value)
    });
    if result.is_err() {
        // Best effort: the error that matters is the one already in `result`.
        let _ = fs::remove_dir_all(&staging.dir);
    }
    result
}

/// Writes `files` and copies `assets` (course-relative paths under `source`) as the site.
pub fn write_files(
    out: &Path,
    files: &[OutputFile],
    source: &Path,
    assets: &[PathBuf],
) -> io::Result<()> {
    write_site(out, |staging: &Staging| {
        files
            .par_iter()
            .try_for_each(|f| staging.write(&f.path, &f.bytes))?;
        assets
            .par_iter()
            .try_for_each(|a| staging.copy(source, a).map(drop))
    })
}

/// The combined hash of the course's assets (paths and bytes), as `Staging::copy` sums it.
pub fn assets_key(source: &Path, assets: &[PathBuf]) -> io::Result<u64> {
    assets
        .par_iter()
        .try_fold(
            || 0u64,
            |key, a| {
                let path = source.join(a);
                let bytes = fs::read(&path).map_err(|e| with_path(e, &path))?;
                Ok(key.wrapping_add(file_hash(&url::path_to_url(a), &bytes)))
            },
        )
        .try_reduce(|| 0, |a, b| Ok(a.wrapping_add(b)))
}

fn swap(staging: &Path, out: &Path, old: &Path) -> io::Result<()> {
    remove_if_exists(old)?;
    if out.exists() {
        fs::rename(out, old).map_err(|e| with_path(e, out))?;
    }
    if let Err(e) = fs::rename(staging, out) {
        // Put the previous site back before reporting.
        let _ = fs::rename(old, out);
        return Err(with_path(e, out));
    }
    remove_site(old)
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
    remove_if_exists(dir)
}

fn remove_if_exists(dir: &Path) -> io::Result<()> {
    match fs::remove_dir_all(dir) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(with_path(e, dir)),
        _ => Ok(()),
    }
}

/// Refuses to replace a folder that is not a coursemark site, so a mistyped `-o` never
/// deletes someone's files.
fn guard_existing(out: &Path) -> io::Result<()> {
    let Ok(meta) = fs::symlink_metadata(out) else {
        return Ok(());
    };
    let refuse = |why: &str| {
        Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!("{}: {why}", out.display()),
        ))
    };
    if !meta.is_dir() {
        return refuse("exists and is not a folder; choose another output with -o");
    }
    let empty = fs::read_dir(out)
        .map_err(|e| with_path(e, out))?
        .next()
        .is_none();
    if empty || (out.join("course.js").is_file() && out.join("index.html").is_file()) {
        Ok(())
    } else {
        refuse(
            "exists and is not a coursemark site; refusing to replace it (choose another output with -o, or remove it)",
        )
    }
}

/// Whether `a` and `b` are the same folder or one contains the other.
pub fn overlaps(a: &Path, b: &Path) -> bool {
    let (a, b) = (absolute(a), absolute(b));
    a.starts_with(&b) || b.starts_with(&a)
}

/// An absolute path without `..`, whether or not it exists yet.
fn absolute(path: &Path) -> PathBuf {
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
        let failed: Result<(), io::Error> = write_site(&out, |staging| {
            staging.write("index.html", b"3")?;
            Err(io::Error::other("render failed"))
        });
        assert!(failed.is_err());
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "2");
        fs::remove_dir_all(d).unwrap();
    }

    #[test]
    fn overlap_detects_nesting() {
        let d = tmp("overlap");
        assert!(overlaps(&d, &d.join("public")));
        assert!(overlaps(&d.join("x"), &d));
        assert!(!overlaps(&d.join("a"), &d.join("b")));
        fs::remove_dir_all(d).unwrap();
    }
}
