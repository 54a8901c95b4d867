//! The default theme, compiled into the binary, and the `themes/NAME/` overlay that
//! replaces any of its files one by one.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

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
    "templates/print.html",
    "templates/sw.js",
    "static/coursemark.css",
    "static/credential.css",
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
    "static/search.js",
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

/// Where `theme = "NAME"` is looked for: `themes/NAME` inside the course folder, then beside it.
pub fn find(course_dir: &Path, name: &str) -> Option<PathBuf> {
    let inside = course_dir.join("themes").join(name);
    let beside = course_dir.parent().map(|p| p.join("themes").join(name));
    std::iter::once(inside).chain(beside).find(|p| p.is_dir())
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
