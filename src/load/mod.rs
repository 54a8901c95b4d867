//! Walks the course folder into its unparsed files, in course order.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::model::AssetFacts;

mod encoding;
mod facts;
mod links;
mod names;

pub use encoding::text;
use encoding::{utf8, valid_prefix};
pub use facts::read as asset_facts;
use links::{load_assets, outside};
use names::{is_hidden, order_key};
pub use names::{is_markdown, is_part_name, strip_prefix};

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
    /// `glossary.md` or `glossary.toml`, when the course has one.
    pub glossary: Option<SourceFile>,
    pub parts: Vec<PartSource>,
    /// Files under `assets/`, course-relative, sorted.
    pub assets: Vec<PathBuf>,
    /// Each asset's size, and an image's width and height.
    pub asset_facts: HashMap<PathBuf, AssetFacts>,
    /// The course folder, when module texts are left on disk and read as they are
    /// parsed (see `load_deferred`).
    pub deferred: Option<PathBuf>,
    /// Files that are not UTF-8 text, with their text up to the first bad byte, so the
    /// diagnostic about each can show its line.
    pub unreadable: Vec<SourceFile>,
}

impl SourceTree {
    /// The text of a module: held, or read now when the tree is deferred. A file that
    /// cannot be read as UTF-8 text is a diagnostic.
    pub fn module_text<'a>(&self, file: &'a SourceFile) -> Result<Cow<'a, str>, Diagnostic> {
        match &self.deferred {
            Some(root) => read_module(root, &file.path).map(Cow::Owned),
            None => Ok(Cow::Borrowed(&file.text)),
        }
    }

    /// Reads the deferred texts of the modules that `diagnostics` name, so they can show
    /// their lines.
    pub fn fill_texts_of(&mut self, diagnostics: &[Diagnostic]) {
        let noted: std::collections::HashSet<&Path> = diagnostics
            .iter()
            .flat_map(|d| std::iter::once(&d.file).chain(d.related.iter().map(|r| &r.file)))
            .map(PathBuf::as_path)
            .collect();
        self.fill_texts(|path| noted.contains(path));
    }

    /// Reads the deferred texts of the modules `wanted` picks, so their diagnostics can
    /// show their lines; a file that cannot be read now is left without lines.
    fn fill_texts(&mut self, wanted: impl Fn(&Path) -> bool) {
        let Some(root) = self.deferred.take() else {
            return;
        };
        for file in self.parts.iter_mut().flat_map(|p| p.modules.iter_mut()) {
            if wanted(&file.path)
                && let Ok(bytes) = fs::read(root.join(&file.path))
            {
                file.text = match text(bytes) {
                    Ok(text) => text,
                    Err(e) => valid_prefix(e.as_bytes()).to_string(),
                };
            }
        }
    }

    /// Every text file, for showing diagnostics with their source lines.
    pub fn files(&self) -> impl Iterator<Item = &SourceFile> {
        self.course_toml
            .iter()
            .chain(self.index.iter())
            .chain(self.glossary.iter())
            .chain(
                self.parts
                    .iter()
                    .flat_map(|p| p.meta.iter().chain(p.modules.iter())),
            )
            .chain(&self.unreadable)
    }
}

/// The text of the module at `path` in the course folder `root`, read now; a file that
/// cannot be read as UTF-8 text is a diagnostic.
pub fn read_module(root: &Path, path: &Path) -> Result<String, Diagnostic> {
    let bytes = fs::read(root.join(path)).map_err(|e| {
        Diagnostic::error(path, 0..0, format!("the file could not be read: {e}"))
            .with_help("check that the file exists and can be read, then run again")
    })?;
    utf8(path, bytes).map_err(|problem| problem.0)
}

/// Markdown files of the course folder itself that are pages, not stray modules.
const ROOT_PAGES: [&str; 2] = ["index.md", GLOSSARY_MD];

/// The glossary, in Markdown or in TOML (the first found is read).
pub const GLOSSARY_MD: &str = "glossary.md";
pub const GLOSSARY_TOML: &str = "glossary.toml";

/// Folders of a course that are not parts.
const NOT_PARTS: [&str; 2] = ["assets", "themes"];

/// The course that holds the current folder: the nearest folder, walking up, with a
/// course.toml, so a command run from inside a part folder finds its course.
pub fn enclosing_course_dir() -> Option<PathBuf> {
    let here = std::env::current_dir().ok()?;
    here.ancestors()
        .find(|dir| dir.join("course.toml").is_file())
        .map(Path::to_path_buf)
}

/// The course folder a command works on: `given`, else the current folder when it holds
/// a `course.toml` (the author stands in the course), else `content` (the bundled
/// course, from the repository's root).
pub fn course_dir(given: Option<PathBuf>) -> PathBuf {
    given.unwrap_or_else(|| {
        if Path::new("course.toml").is_file() {
            PathBuf::from(".")
        } else {
            PathBuf::from("content")
        }
    })
}

/// Reads the course in `root`. Files that are not UTF-8 and stray files become
/// diagnostics; I/O failures are errors naming the path.
pub fn load(root: &Path, diagnostics: &mut Vec<Diagnostic>) -> io::Result<SourceTree> {
    load_with(root, diagnostics, false)
}

/// `load`, leaving the module texts on disk: parsing reads each in turn and lets it go,
/// so a large course is never held in memory whole.
pub fn load_deferred(root: &Path, diagnostics: &mut Vec<Diagnostic>) -> io::Result<SourceTree> {
    load_with(root, diagnostics, true)
}

/// The part folders of the course in `root`; folders and modules that are left out
/// unawares are warnings.
fn part_dirs(root: &Path, diagnostics: &mut Vec<Diagnostic>) -> io::Result<Vec<String>> {
    let mut dirs = Vec::new();
    for entry in sorted_entries(root)? {
        let Some(name) = utf8_name(&entry, Path::new(""), diagnostics) else {
            continue;
        };
        let kind = entry.file_type().map_err(|e| with_path(e, &entry.path()))?;
        if is_hidden(&name) {
            continue;
        }
        if kind.is_dir() && is_part_name(&name) {
            dirs.push(name);
        } else if kind.is_dir() {
            // Not a part: `assets/`, `themes/`, a built site (the output may live in the
            // course folder), or a folder of the author's own. Modules in the last would
            // silently vanish from the site, so they are named.
            let dir = entry.path();
            if !NOT_PARTS.contains(&name.as_str())
                && !name.starts_with('_')
                && !is_site(&dir)
                && has_modules(&dir)
            {
                diagnostics.push(
                    Diagnostic::warning(
                        PathBuf::from(&name),
                        0..0,
                        format!("the folder `{name}` has no numeric prefix, so it is not a part and its modules are left out"),
                    )
                    .with_help(format!("parts are numbered folders: rename it to something like `0{}-{name}` to make it a part, or start its name with `_` to keep it out quietly", 1 + dirs.len())),
                );
            }
        } else if kind.is_file() && is_markdown(&name) && !ROOT_PAGES.contains(&name.as_str()) {
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
    Ok(dirs)
}

fn load_with(
    root: &Path,
    diagnostics: &mut Vec<Diagnostic>,
    defer: bool,
) -> io::Result<SourceTree> {
    let mut tree = SourceTree {
        deferred: defer.then(|| root.to_path_buf()),
        ..SourceTree::default()
    };
    let meta = fs::metadata(root).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => io::Error::new(
            e.kind(),
            format!(
                "there is no course folder {}; run the command inside a course folder (one with a course.toml) or name it, like `coursemark check my-course`",
                root.display()
            ),
        ),
        _ => with_path(e, root),
    })?;
    if !meta.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::NotADirectory,
            format!("{} is not a folder", root.display()),
        ));
    }
    let course_toml = root.join("course.toml");
    if course_toml.is_file() {
        tree.course_toml = read_text(
            root,
            Path::new("course.toml"),
            diagnostics,
            &mut tree.unreadable,
        )?;
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
        tree.index = read_text(
            root,
            Path::new("index.md"),
            diagnostics,
            &mut tree.unreadable,
        )?;
    }
    for name in [GLOSSARY_MD, GLOSSARY_TOML] {
        if tree.glossary.is_none() && root.join(name).is_file() {
            tree.glossary = read_text(root, Path::new(name), diagnostics, &mut tree.unreadable)?;
        }
    }
    let mut dirs = part_dirs(root, diagnostics)?;
    dirs.sort_by_key(|d| order_key(d));
    for dir in dirs {
        tree.parts.push(load_part(
            root,
            &dir,
            diagnostics,
            &mut tree.unreadable,
            defer,
        )?);
    }
    let assets = root.join("assets");
    if assets.is_dir() {
        load_assets(root, &assets, &mut tree.assets, diagnostics)?;
        tree.asset_facts = facts::read(root, &tree.assets);
    }
    Ok(tree)
}

fn load_part(
    root: &Path,
    dir: &str,
    diagnostics: &mut Vec<Diagnostic>,
    unreadable: &mut Vec<SourceFile>,
    defer: bool,
) -> io::Result<PartSource> {
    let mut part = PartSource {
        dir: dir.to_string(),
        meta: None,
        modules: Vec::new(),
    };
    let mut names = Vec::new();
    for entry in sorted_entries(&root.join(dir))? {
        let Some(name) = utf8_name(&entry, Path::new(dir), diagnostics) else {
            continue;
        };
        if is_hidden(&name) {
            continue;
        }
        let relative = Path::new(dir).join(&name);
        let kind = entry.file_type().map_err(|e| with_path(e, &entry.path()))?;
        if name == "_part.toml" {
            part.meta = read_text(root, &relative, diagnostics, unreadable)?;
        } else if kind.is_file() && is_markdown(&name) && !name.starts_with('_') {
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
    // Read in parallel (most of a large course's load is reading), kept in order.
    let read: Vec<io::Result<_>> = names
        .into_par_iter()
        .map(|name| {
            let path = Path::new(dir).join(name);
            let (mut problems, mut bad) = (Vec::new(), Vec::new());
            let file = if defer {
                Some(SourceFile {
                    path,
                    text: String::new(),
                })
            } else {
                read_text(root, &path, &mut problems, &mut bad)?
            };
            Ok((file, problems, bad))
        })
        .collect();
    for result in read {
        let (file, problems, bad) = result?;
        part.modules.extend(file);
        diagnostics.extend(problems);
        unreadable.extend(bad);
    }
    Ok(part)
}

/// Whether a folder directly holds Markdown files.
fn has_modules(dir: &Path) -> bool {
    fs::read_dir(dir).is_ok_and(|entries| {
        entries
            .filter_map(Result::ok)
            .any(|e| is_markdown(&e.file_name().to_string_lossy()))
    })
}

/// The entry's name, or an error naming it when it is not UTF-8 (a module's name makes
/// its page's URL, and a lossy copy of it would name a file that does not exist).
fn utf8_name(
    entry: &fs::DirEntry,
    dir: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<String> {
    let name = entry.file_name();
    if let Some(name) = name.to_str() {
        return Some(name.to_string());
    }
    let shown = name.to_string_lossy();
    if !is_hidden(&shown) {
        diagnostics.push(
            Diagnostic::error(
                dir.join(&*shown),
                0..0,
                format!("the name `{shown}` is not UTF-8 text, so it is left out"),
            )
            .with_help("rename it with letters your system shows correctly"),
        );
    }
    None
}

fn sorted_entries(dir: &Path) -> io::Result<Vec<fs::DirEntry>> {
    let mut entries = fs::read_dir(dir)
        .map_err(|e| with_path(e, dir))?
        .collect::<io::Result<Vec<_>>>()
        .map_err(|e| with_path(e, dir))?;
    entries.sort_by_key(|e| e.file_name());
    Ok(entries)
}

/// Reads a text file; a file that is not UTF-8 is a diagnostic at its first bad byte,
/// and its text up to there goes to `unreadable`.
fn read_text(
    root: &Path,
    relative: &Path,
    diagnostics: &mut Vec<Diagnostic>,
    unreadable: &mut Vec<SourceFile>,
) -> io::Result<Option<SourceFile>> {
    let path = root.join(relative);
    if let Some(outside) = outside(root, relative) {
        diagnostics.push(outside);
        return Ok(None);
    }
    let bytes = fs::read(&path).map_err(|e| with_path(e, &path))?;
    match utf8(relative, bytes) {
        Ok(text) => Ok(Some(SourceFile {
            path: relative.to_path_buf(),
            text,
        })),
        Err(problem) => {
            let (d, prefix) = *problem;
            diagnostics.push(d);
            unreadable.push(SourceFile {
                path: relative.to_path_buf(),
                text: prefix,
            });
            Ok(None)
        }
    }
}

/// The file in every built site listing the files coursemark wrote there: a folder is
/// replaced only when it holds nothing else.
pub const MARKER: &str = ".coursemark-files";

/// Whether `dir` holds a site coursemark wrote (its list of files, or the pages of an
/// older coursemark's site): never read as course source when it sits inside the course
/// folder.
pub fn is_site(dir: &Path) -> bool {
    dir.join(MARKER).is_file()
        || (dir.join("course.js").is_file() && dir.join("index.html").is_file())
}

/// `e` with the path it happened on: shown as `path: error`, keeping `e` as its source.
pub fn with_path(e: io::Error, path: &Path) -> io::Error {
    io::Error::new(
        e.kind(),
        PathError {
            path: path.to_path_buf(),
            source: e,
        },
    )
}

#[derive(Debug)]
struct PathError {
    path: PathBuf,
    source: io::Error,
}

impl std::fmt::Display for PathError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.source)
    }
}

impl std::error::Error for PathError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
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
