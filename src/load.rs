//! Walks the course folder into its unparsed files, in course order.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostics::Diagnostic;

/// A text file of the course, with its path relative to the course folder.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
}

#[derive(Debug, Clone)]
pub struct PartSource {
    /// Folder name, such as `01-foundations`.
    pub dir: String,
    pub meta: Option<SourceFile>,
    pub modules: Vec<SourceFile>,
}

#[derive(Debug, Clone, Default)]
pub struct SourceTree {
    pub course_toml: Option<SourceFile>,
    pub index: Option<SourceFile>,
    pub parts: Vec<PartSource>,
    /// Files under `assets/`, course-relative, sorted.
    pub assets: Vec<PathBuf>,
}

impl SourceTree {
    /// Frees the text of every module for which `keep` is false.
    pub fn release_texts(&mut self, keep: impl Fn(&Path) -> bool) {
        for file in self.parts.iter_mut().flat_map(|p| p.modules.iter_mut()) {
            if !keep(&file.path) {
                file.text = String::new();
            }
        }
    }

    /// Every text file, for showing diagnostics with their source lines.
    pub fn files(&self) -> impl Iterator<Item = &SourceFile> {
        self.course_toml.iter().chain(self.index.iter()).chain(
            self.parts
                .iter()
                .flat_map(|p| p.meta.iter().chain(p.modules.iter())),
        )
    }
}

/// Folders of a course that are not parts.
const NOT_PARTS: [&str; 2] = ["assets", "themes"];

/// Reads the course in `root`. Files that are not UTF-8 and stray files become
/// diagnostics; I/O failures are errors naming the path.
pub fn load(root: &Path, diagnostics: &mut Vec<Diagnostic>) -> io::Result<SourceTree> {
    let mut tree = SourceTree::default();
    let meta = fs::metadata(root).map_err(|e| with_path(e, root))?;
    if !meta.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::NotADirectory,
            format!("{} is not a folder", root.display()),
        ));
    }
    let course_toml = root.join("course.toml");
    if course_toml.is_file() {
        tree.course_toml = read_text(root, Path::new("course.toml"), diagnostics)?;
    } else {
        diagnostics.push(
            Diagnostic::error(
                "course.toml",
                0..0,
                format!("{} has no course.toml", root.display()),
            )
            .with_help("is this the course folder? `coursemark new DIR` starts a course with one"),
        );
    }
    if root.join("index.md").is_file() {
        tree.index = read_text(root, Path::new("index.md"), diagnostics)?;
    }
    let mut dirs = Vec::new();
    for entry in sorted_entries(root)? {
        let name = entry.file_name().to_string_lossy().into_owned();
        let kind = entry.file_type().map_err(|e| with_path(e, &entry.path()))?;
        if is_hidden(&name) {
            continue;
        }
        if kind.is_dir() && !NOT_PARTS.contains(&name.as_str()) && !name.starts_with('_') {
            dirs.push(name);
        } else if kind.is_file() && name.ends_with(".md") && name != "index.md" {
            diagnostics.push(
                Diagnostic::warning(
                    PathBuf::from(&name),
                    0..0,
                    "this module is not in a part and is left out",
                )
                .with_help("move it into a part folder such as `01-basics/`"),
            );
        }
    }
    dirs.sort_by_key(|d| order_key(d));
    for dir in dirs {
        tree.parts.push(load_part(root, &dir, diagnostics)?);
    }
    let assets = root.join("assets");
    if assets.is_dir() {
        for entry in WalkDir::new(&assets).sort_by_file_name().follow_links(true) {
            let entry =
                entry.map_err(|e| io::Error::other(format!("{}: {e}", assets.display())))?;
            let relative = entry
                .path()
                .strip_prefix(root)
                .unwrap_or(entry.path())
                .to_path_buf();
            if entry.file_type().is_file()
                && !relative
                    .components()
                    .any(|c| is_hidden(&c.as_os_str().to_string_lossy()))
            {
                tree.assets.push(relative);
            }
        }
    }
    Ok(tree)
}

fn load_part(root: &Path, dir: &str, diagnostics: &mut Vec<Diagnostic>) -> io::Result<PartSource> {
    let mut part = PartSource {
        dir: dir.to_string(),
        meta: None,
        modules: Vec::new(),
    };
    let mut names = Vec::new();
    for entry in sorted_entries(&root.join(dir))? {
        let name = entry.file_name().to_string_lossy().into_owned();
        if is_hidden(&name) {
            continue;
        }
        let relative = Path::new(dir).join(&name);
        let kind = entry.file_type().map_err(|e| with_path(e, &entry.path()))?;
        if name == "_part.toml" {
            part.meta = read_text(root, &relative, diagnostics)?;
        } else if kind.is_file() && name.ends_with(".md") && !name.starts_with('_') {
            names.push(name);
        } else if !name.starts_with('_') {
            diagnostics.push(
                Diagnostic::warning(relative, 0..0, "this file is not a module and is left out")
                    .with_help(
                        "modules are `.md` files; put images and other files under `assets/`",
                    ),
            );
        }
    }
    names.sort_by_key(|n| order_key(n));
    for name in names {
        if let Some(file) = read_text(root, &Path::new(dir).join(name), diagnostics)? {
            part.modules.push(file);
        }
    }
    Ok(part)
}

/// Orders `2-b` before `10-a`: by numeric prefix, then by name; unnumbered last.
fn order_key(name: &str) -> (u64, String) {
    let digits: String = name.chars().take_while(|c| c.is_ascii_digit()).collect();
    (digits.parse().unwrap_or(u64::MAX), name.to_string())
}

/// The name without its numeric prefix and extension: `01-why-ocs.md` gives `why-ocs`.
pub fn strip_prefix(name: &str) -> &str {
    let stem = name.strip_suffix(".md").unwrap_or(name);
    let rest = stem.trim_start_matches(|c: char| c.is_ascii_digit());
    if rest.len() < stem.len() {
        let rest = rest.trim_start_matches(['-', '_', '.', ' ']);
        if !rest.is_empty() {
            return rest;
        }
    }
    stem
}

fn is_hidden(name: &str) -> bool {
    name.starts_with('.') || name.ends_with('~') || name.starts_with('#')
}

fn sorted_entries(dir: &Path) -> io::Result<Vec<fs::DirEntry>> {
    let mut entries = fs::read_dir(dir)
        .map_err(|e| with_path(e, dir))?
        .collect::<io::Result<Vec<_>>>()
        .map_err(|e| with_path(e, dir))?;
    entries.sort_by_key(|e| e.file_name());
    Ok(entries)
}

/// Reads a text file; a file that is not UTF-8 is a diagnostic at its first bad byte.
fn read_text(
    root: &Path,
    relative: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> io::Result<Option<SourceFile>> {
    let path = root.join(relative);
    let bytes = fs::read(&path).map_err(|e| with_path(e, &path))?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Some(SourceFile {
            path: relative.to_path_buf(),
            text,
        })),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            diagnostics.push(
                Diagnostic::error(
                    relative,
                    0..0,
                    format!("the file is not UTF-8 text (bad byte at offset {at})"),
                )
                .with_help("save the file as UTF-8 in your editor"),
            );
            Ok(None)
        }
    }
}

pub fn with_path(e: io::Error, path: &Path) -> io::Error {
    io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_prefixes_order_and_strip() {
        let mut names = vec!["10-c.md", "2-b.md", "x.md", "01-a.md"];
        names.sort_by_key(|n| order_key(n));
        assert_eq!(names, ["01-a.md", "2-b.md", "10-c.md", "x.md"]);
        assert_eq!(strip_prefix("01-why-ocs.md"), "why-ocs");
        assert_eq!(strip_prefix("intro.md"), "intro");
        assert_eq!(strip_prefix("2024.md"), "2024");
    }
}
