//! Symlinks and odd files: `assets/` listed, and links out of the course folder refused.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::{is_hidden, with_path};
use crate::diagnostics::Diagnostic;

/// Lists the files under `assets/`. Links are followed only to files inside the course
/// folder: one to anywhere else is an error (its target would be published), and one to
/// nothing, to a folder or to something that is not a file is left out with a warning.
pub(super) fn load_assets(
    root: &Path,
    assets: &Path,
    found: &mut Vec<PathBuf>,
    diagnostics: &mut Vec<Diagnostic>,
) -> io::Result<()> {
    let inside = fs::canonicalize(root).map_err(|e| with_path(e, root))?;
    if let Some(outside) = outside(root, Path::new("assets")) {
        diagnostics.push(outside);
        return Ok(());
    }
    let mut walk = WalkDir::new(assets).sort_by_file_name().into_iter();
    while let Some(entry) = walk.next() {
        let entry = entry.map_err(|e| io::Error::other(format!("{}: {e}", assets.display())))?;
        let relative = entry
            .path()
            .strip_prefix(root)
            .unwrap_or(entry.path())
            .to_path_buf();
        let kind = entry.file_type();
        if is_hidden(&entry.file_name().to_string_lossy()) {
            if kind.is_dir() {
                walk.skip_current_dir();
            }
            continue;
        }
        if kind.is_file() {
            found.push(relative);
            continue;
        }
        if kind.is_dir() {
            continue;
        }
        let left_out = |why: String| {
            Diagnostic::warning(
                &relative,
                0..0,
                format!("{why}; it is left out of the site"),
            )
        };
        if !kind.is_symlink() {
            diagnostics.push(
                left_out("this is not a file (a pipe, socket or device)".into())
                    .with_help("put only files under `assets/`"),
            );
            continue;
        }
        let target = fs::read_link(entry.path()).unwrap_or_default();
        match fs::canonicalize(entry.path()) {
            Err(_) => diagnostics.push(
                left_out(format!(
                    "this link points to `{}`, which does not exist",
                    target.display()
                ))
                .with_help("remove the link, or restore the file it points to"),
            ),
            Ok(real) if !real.starts_with(&inside) => {
                diagnostics.push(outside_error(&relative, &real))
            }
            Ok(real) if real.is_file() => found.push(relative),
            Ok(_) => diagnostics.push(
                left_out("this link points to a folder or something that is not a file".into())
                    .with_help("link files one by one, or move the folder under `assets/`"),
            ),
        }
    }
    Ok(())
}

/// An error when `relative` is a link that leads out of the course folder `root`: what
/// it points to would be read as the course and published.
pub(super) fn outside(root: &Path, relative: &Path) -> Option<Diagnostic> {
    let path = root.join(relative);
    if !fs::symlink_metadata(&path).is_ok_and(|m| m.is_symlink()) {
        return None;
    }
    let (inside, real) = (fs::canonicalize(root).ok()?, fs::canonicalize(&path).ok()?);
    (!real.starts_with(inside)).then(|| outside_error(relative, &real))
}

pub(super) fn outside_error(relative: &Path, real: &Path) -> Diagnostic {
    Diagnostic::error(
        relative,
        0..0,
        format!(
            "this link points to `{}`, outside the course folder, whose files are never published",
            real.display()
        ),
    )
    .with_help("copy the file into the course instead of linking to it, or remove the link")
}
