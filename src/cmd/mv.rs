//! `coursemark mv OLD NEW`: renames or moves a module file and rewrites every link to it.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::report::plural;

#[derive(clap::Args)]
pub struct MvArgs {
    /// The module file to move, like `01-basics/02-first.md`.
    old: PathBuf,
    /// Its new path, in a part folder of the same course; never an existing file.
    new: PathBuf,
    /// The course folder [default: the nearest folder holding a course.toml, from the
    /// current folder up, else content]
    #[arg(long)]
    course: Option<PathBuf>,
}

pub fn mv(MvArgs { old, new, course }: MvArgs) -> Result<ExitCode, String> {
    // OLD and NEW are paths from where the author stands, like `git mv`, so the course
    // is found above the current folder too.
    let dir = coursemark::course_dir(course.or_else(coursemark::enclosing_course_dir));
    let root = dir
        .canonicalize()
        .map_err(|e| format!("{}: {e}", dir.display()))?;
    let old_in = inside(&root, &old)?;
    let new_in = inside(&root, &new)?;
    let moved =
        coursemark::rename::move_module(&dir, &old_in, &new_in).map_err(|e| e.to_string())?;
    eprintln!("Moved {} to {}", old_in.display(), new_in.display());
    for (file, n) in &moved.rewritten {
        eprintln!("  rewrote {} in {}", plural(*n, "link"), file.display());
    }
    if moved.rewritten.is_empty() {
        eprintln!("  no link needed rewriting");
    }
    if let Some(id) = &moved.pinned_id {
        eprintln!(
            "  pinned `id = \"{id}\"` in {}, so learners keep their progress and `@{id}` links still work",
            new_in.display()
        );
    }
    for (file, line) in &moved.by_hand {
        eprintln!(
            "warning: {}:{line}: a link to the module is written with `<...>` or escapes; fix it by hand",
            file.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `path` (as given, from the current folder) relative to the course folder `root`.
fn inside(root: &Path, path: &Path) -> Result<PathBuf, String> {
    let name = path
        .file_name()
        .ok_or_else(|| format!("`{}` is not a file name", path.display()))?;
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let folder = parent.canonicalize().map_err(|e| {
        format!(
            "`{}` is not in a part folder of the course: {}: {e}",
            path.display(),
            parent.display()
        )
    })?;
    folder
        .join(name)
        .strip_prefix(root)
        .map(Path::to_path_buf)
        .map_err(|_| {
            format!(
                "`{}` is not inside the course folder {}",
                path.display(),
                root.display()
            )
        })
}
