//! The default theme, compiled into the binary, and the `themes/NAME/` overlay that
//! replaces any of its files one by one.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, offset_of};
pub use crate::error::TemplateError;
use crate::load::SourceFile;

macro_rules! embed {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/", $path)) as &[u8])),*]
    };
}

/// Every file of the default theme, by path inside the theme folder.
pub const DEFAULT: &[(&str, &[u8])] = embed![
    "templates/base.html",
    "templates/index.html",
    "templates/module.html",
    "templates/module-meta.html",
    "templates/progress.html",
    "templates/accreditation.html",
    "templates/certificate.html",
    "templates/verify.html",
    "templates/404.html",
    "templates/glossary.html",
    "templates/print.html",
    "templates/sw.js",
    "static/coursemark.css",
    "static/module.css",
    "static/home.css",
    "static/trainer.css",
    "static/pages.css",
    "static/credential.css",
    "static/media.css",
    "static/dark-figures.css",
    "static/terms.css",
    "static/search.css",
    "static/store.js",
    "static/results.js",
    "static/home.js",
    "static/module.js",
    "static/quiz.js",
    "static/progress.js",
    "static/accreditation.js",
    "static/certificate.js",
    "static/credential.js",
    "static/verify.js",
    "static/site.js",
    "static/offline.js",
    "static/search.js",
    "static/lms-progress.js",
    "static/lms-scorm.js",
    "static/lms-cmi5.js",
    "static/lms.js",
    "static/terms.js",
    "i18n/en.toml",
    "i18n/hr.toml",
];

/// A theme's files: the default ones with the overlay's on top.
#[derive(Debug, Clone)]
pub struct Theme {
    pub files: BTreeMap<String, Vec<u8>>,
}

impl Theme {
    pub fn default_theme() -> Self {
        Theme {
            files: DEFAULT
                .iter()
                .map(|(p, b)| (p.to_string(), b.to_vec()))
                .collect(),
        }
    }

    /// The default theme overlaid with the files of `dir`, if given.
    pub fn load(dir: Option<&Path>) -> io::Result<Self> {
        let mut theme = Self::default_theme();
        if let Some(dir) = dir {
            for entry in WalkDir::new(dir).sort_by_file_name() {
                let entry =
                    entry.map_err(|e| io::Error::other(format!("{}: {e}", dir.display())))?;
                if !entry.file_type().is_file() {
                    continue;
                }
                let relative = entry.path().strip_prefix(dir).unwrap_or(entry.path());
                let key = crate::url::path_to_url(relative);
                if key.split('/').any(|p| p.starts_with('.')) {
                    continue;
                }
                let bytes =
                    fs::read(entry.path()).map_err(|e| crate::load::with_path(e, entry.path()))?;
                theme.files.insert(key, bytes);
            }
        }
        Ok(theme)
    }

    pub fn templates(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.prefixed("templates/")
    }

    /// Files copied to the site under `theme/`.
    pub fn statics(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.prefixed("static/")
    }

    fn prefixed<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = (&'a str, &'a [u8])> {
        self.files
            .iter()
            .filter_map(move |(k, v)| k.strip_prefix(prefix).map(|name| (name, v.as_slice())))
    }
}

impl Theme {
    /// `e` as a diagnostic on the template's file (with the text to show its line): the
    /// overlay's file in the theme folder `name` of the course in `course_dir`, or the
    /// default theme's.
    pub fn diagnostic(
        &self,
        course_dir: &Path,
        name: Option<&str>,
        e: &TemplateError,
    ) -> (Diagnostic, Option<SourceFile>) {
        let template = e.template.as_deref().unwrap_or("");
        let key = format!("templates/{template}");
        let overlay = name.and_then(|n| Some((n, find(course_dir, n)?)));
        let file = match &overlay {
            Some((n, found)) if found.join(&key).is_file() => {
                // As the author would reach it from the course folder.
                let folder = match found.strip_prefix(course_dir) {
                    Ok(inside) => inside.to_path_buf(),
                    Err(_) => Path::new("..").join("themes").join(n),
                };
                folder.join(&key)
            }
            _ => PathBuf::from(format!("(default theme) {key}")),
        };
        let text = self
            .files
            .get(&key)
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .unwrap_or_default();
        let line_end =
            |start: usize| start + text[start..].find('\n').unwrap_or(text.len() - start);
        let span = if let Some((line, col)) = e.at {
            let start = offset_of(&text, line, col);
            start..line_end(start)
        } else if let Some(at) = e.name.as_deref().and_then(|n| text.find(n)) {
            at..at + e.name.as_deref().map_or(0, str::len)
        } else {
            0..0
        };
        let fix = format!(
            "compare it with the default theme's `{key}` (`coursemark theme eject --name default` writes them all), or delete it from the theme folder to use the default"
        );
        let help = if e.parse {
            format!(
                "Tera writes values as `{{{{ value }}}}` and tags as `{{% tag %}}`, each closed; {fix}"
            )
        } else if let Some(n) = &e.name {
            format!("`{n}` is not something this template can use: check its spelling; {fix}")
        } else {
            fix
        };
        let diagnostic = Diagnostic::error(&file, span, e.to_string()).with_help(help);
        let source = (!text.is_empty()).then_some(SourceFile { path: file, text });
        (diagnostic, source)
    }
}

/// Where `theme = "NAME"` is looked for: `themes/NAME` inside the course folder, then beside it.
pub fn find(course_dir: &Path, name: &str) -> Option<PathBuf> {
    if !is_name(name) {
        return None;
    }
    let inside = course_dir.join("themes").join(name);
    let beside = course_dir.parent().map(|p| p.join("themes").join(name));
    std::iter::once(inside).chain(beside).find(|p| p.is_dir())
}

/// The theme of the course in `course_dir` that names `name` (`theme = "NAME"`): the
/// default theme overlaid with that folder. `false` when the course names a folder
/// that does not exist (the default theme is used then).
pub fn for_course(course_dir: &Path, name: Option<&str>) -> io::Result<(Theme, bool)> {
    let dir = name.and_then(|name| find(course_dir, name));
    let found = name.is_none() || dir.is_some();
    Ok((Theme::load(dir.as_deref())?, found))
}

/// Whether `name` is a plain folder name, so `themes/NAME` never leads out of `themes/`
/// (no `/`, `\\`, `..`, drive or root, and not hidden).
pub fn is_name(name: &str) -> bool {
    let mut parts = Path::new(name).components();
    matches!(parts.next(), Some(std::path::Component::Normal(_)))
        && parts.next().is_none()
        && !name.starts_with('.')
        && !name.contains(['/', '\\', ':', '\0'])
}

/// Writes the default theme into `dir` as a starting point; never overwrites a file.
pub fn eject(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let targets: Vec<PathBuf> = DEFAULT.iter().map(|(p, _)| dir.join(p)).collect();
    if let Some(existing) = targets.iter().find(|p| p.exists()) {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!(
                "{} already exists; eject into an empty folder",
                existing.display()
            ),
        ));
    }
    for ((_, bytes), target) in DEFAULT.iter().zip(&targets) {
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(|e| crate::load::with_path(e, parent))?;
        }
        fs::write(target, bytes).map_err(|e| crate::load::with_path(e, target))?;
    }
    Ok(targets)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_theme_name_never_leaves_themes() {
        for good in ["custom", "brand-2026", "mój"] {
            assert!(is_name(good), "{good}");
        }
        for bad in [
            "",
            ".",
            "..",
            "../../../x",
            "/abs/path",
            "a/b",
            "a\\b",
            ".hidden",
            "c:x",
            "x\0",
        ] {
            assert!(!is_name(bad), "{bad}");
            assert_eq!(find(Path::new("."), bad), None, "{bad}");
        }
    }

    #[test]
    fn overlay_replaces_single_files() {
        let dir = std::env::temp_dir().join(format!("cm-theme-{}", std::process::id()));
        fs::create_dir_all(dir.join("static")).unwrap();
        fs::write(dir.join("static/coursemark.css"), "body{}").unwrap();
        fs::write(dir.join("static/extra.js"), "1").unwrap();
        let theme = Theme::load(Some(&dir)).unwrap();
        assert_eq!(theme.files["static/coursemark.css"], b"body{}");
        assert!(theme.files.contains_key("static/extra.js"));
        assert_eq!(
            theme.files["templates/base.html"],
            Theme::default_theme().files["templates/base.html"]
        );
        fs::remove_dir_all(dir).unwrap();
    }
}
