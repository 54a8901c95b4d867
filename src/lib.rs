//! coursemark: a folder of Markdown course modules and quizzes in, a static course
//! website out. The pipeline is load -> parse and check -> render -> write.

pub mod config;
pub mod course;
pub mod credential;
pub mod diagnostics;
pub mod frontmatter;
pub mod i18n;
pub mod load;
pub mod markdown;
pub mod markup;
pub mod model;
pub mod quiz;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod slug;
pub mod theme;
pub mod url;
pub mod write;

use std::borrow::Cow;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use diagnostics::Diagnostic;
use load::SourceTree;
use model::Course;
use render::RenderOptions;
use theme::Theme;

/// A failure that is not the author's mistake in the course: I/O, a refused output
/// folder, a broken theme template.
#[derive(Debug)]
pub enum Error {
    Io(io::Error),
    Refused(String),
    Theme(theme::TemplateError),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Io(e) => write!(f, "{e}"),
            Error::Refused(why) => f.write_str(why),
            Error::Theme(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for Error {}

impl From<io::Error> for Error {
    fn from(e: io::Error) -> Self {
        Error::Io(e)
    }
}

/// A checked course: the sources (to show diagnostics with their lines), the course
/// when it could be read, its theme and every problem found.
pub struct Checked {
    pub tree: SourceTree,
    pub course: Option<Course>,
    pub theme: Option<Theme>,
    pub diagnostics: Vec<Diagnostic>,
    /// Theme templates that diagnostics name, to show their lines.
    pub theme_sources: Vec<load::SourceFile>,
}

impl Checked {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// Every file a diagnostic may name, with its text.
    pub fn files(&self) -> impl Iterator<Item = &load::SourceFile> {
        self.tree.files().chain(&self.theme_sources)
    }

    /// A template of the theme that failed, as a diagnostic on its file. `dir` is the
    /// course folder.
    pub fn theme_failed(&mut self, dir: &Path, e: &theme::TemplateError) {
        let name = self.course.as_ref().and_then(|c| c.config.theme.as_deref());
        let theme = match &self.theme {
            Some(t) => Cow::Borrowed(t),
            None => Cow::Owned(Theme::default_theme()),
        };
        let (diagnostic, source) = theme.diagnostic(dir, name, e);
        self.theme_sources.extend(source);
        self.diagnostics.push(diagnostic);
    }
}

/// Reads and checks the course in `dir` and its theme without writing anything. Module
/// texts are read as they are parsed and kept only where a diagnostic needs its lines
/// shown, so a large course is never held in memory whole.
pub fn check(dir: &Path) -> Result<Checked, Error> {
    let mut checked = check_course(dir)?;
    check_theme(dir, &mut checked);
    Ok(checked)
}

/// `check` without the theme, which a build checks by rendering with it.
fn check_course(dir: &Path) -> Result<Checked, Error> {
    let mut diagnostics = Vec::new();
    let tree = load::load_deferred(dir, &mut diagnostics)?;
    check_tree(dir, tree, diagnostics, None)
}

/// Checks the theme as a build uses it: its templates compile, and render every kind
/// of page (both editions) for a sample of the course, one module of each part.
fn check_theme(dir: &Path, checked: &mut Checked) {
    let (Some(course), Some(theme)) = (&checked.course, &checked.theme) else {
        return;
    };
    let sample = Course {
        parts: course
            .parts
            .iter()
            .map(|p| model::Part {
                modules: p.modules.iter().take(1).cloned().collect(),
                ..p.clone()
            })
            .collect(),
        ..course.clone()
    };
    let rendered = render::compile(theme)
        .map_err(Error::Theme)
        .and_then(|tera| {
            for trainer in [false, true] {
                let options = RenderOptions {
                    trainer,
                    ..RenderOptions::default()
                };
                render::render_with(&sample, theme, &tera, options)?;
            }
            Ok(())
        });
    if let Err(Error::Theme(e)) = rendered {
        checked.theme_failed(dir, &e);
    }
}

/// Checks sources already read from `dir` (with the problems found reading them),
/// reusing and refreshing `cache` when given.
pub fn check_tree(
    dir: &Path,
    mut tree: SourceTree,
    mut diagnostics: Vec<Diagnostic>,
    cache: Option<&mut course::Cache>,
) -> Result<Checked, Error> {
    let (course, more) = course::parse(&tree, cache);
    diagnostics.extend(more);
    let mut theme = None;
    if let Some(course) = &course {
        let dir_of_theme = match &course.config.theme {
            Some(name) => {
                let found = theme::find(dir, name);
                if found.is_none() {
                    let text = tree.course_toml.as_ref().map_or("", |f| f.text.as_str());
                    let at = frontmatter::key_span(text, "theme").unwrap_or(0..0);
                    diagnostics.push(
                        Diagnostic::error("course.toml", at, format!("theme `{name}` not found"))
                            .with_help(format!("create `themes/{name}/` in or beside the course folder (`coursemark theme eject` writes one to start from), or remove `theme`")),
                    );
                }
                found
            }
            None => None,
        };
        let loaded = Theme::load(dir_of_theme.as_deref())?;
        diagnostics.extend(language_gaps(&tree, course, &loaded));
        theme = Some(loaded);
    }
    diagnostics::sort(&mut diagnostics);
    let noted: std::collections::HashSet<&Path> = diagnostics
        .iter()
        .flat_map(|d| std::iter::once(&d.file).chain(d.related.iter().map(|r| &r.file)))
        .map(PathBuf::as_path)
        .collect();
    tree.fill_texts(|path| noted.contains(path));
    Ok(Checked {
        tree,
        course,
        theme,
        diagnostics,
        theme_sources: Vec::new(),
    })
}

/// Warnings about built-in texts: a language without a file, keys it lacks, and
/// `[strings]` keys no language knows.
fn language_gaps(tree: &SourceTree, course: &Course, theme: &Theme) -> Vec<Diagnostic> {
    let config = &course.config;
    let (_, gaps) = i18n::resolve(theme, &config.language, &config.strings);
    let text = tree.course_toml.as_ref().map_or("", |f| f.text.as_str());
    let at = |key: &str| frontmatter::key_span(text, key).unwrap_or(0..0);
    let mut out = Vec::new();
    if gaps.no_file {
        out.push(
            Diagnostic::warning("course.toml", at("language"), format!("the theme has no texts in `{}`; its buttons and labels will be in English", config.language))
                .with_help(format!("languages with texts: {}; add `i18n/{}.toml` to a theme folder, or set single texts under [strings]", i18n::languages(theme).join(", "), config.language)),
        );
    }
    if !gaps.missing.is_empty() {
        let shown: Vec<&str> = gaps.missing.iter().take(5).map(String::as_str).collect();
        out.push(
            Diagnostic::warning(
                "course.toml",
                at("language"),
                format!(
                    "{} built-in texts have no `{}` translation and fall back to English: {}{}",
                    gaps.missing.len(),
                    config.language,
                    shown.join(", "),
                    if gaps.missing.len() > 5 { ", ..." } else { "" }
                ),
            )
            .with_help(format!(
                "add them to the theme's `i18n/{}.toml`, or under [strings] in course.toml",
                config.language
            )),
        );
    }
    for key in &gaps.unknown_overrides {
        out.push(
            Diagnostic::warning(
                "course.toml",
                at(key),
                format!("[strings] sets `{key}`, which is not a text of the theme"),
            )
            .with_help("check the key's spelling against the theme's i18n/en.toml"),
        );
    }
    out
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

/// Where the site may go: outside the course folder, or inside it (as `public/` in
/// mdBook, Zola and Hugo) but never the course folder itself, a folder holding it, a
/// part, `assets/` or `themes/`, whose files would then be read back as the course.
pub fn refuse_out(source: &Path, out: &Path) -> Result<(), Error> {
    let (course, site) = (write::absolute(source), write::absolute(out));
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

pub struct BuildOptions {
    pub source: PathBuf,
    pub out: PathBuf,
    pub trainer: bool,
}

/// Figures for the summary line of a build.
#[derive(Debug, Clone)]
pub struct BuildStats {
    pub modules: usize,
    pub pages: usize,
    pub elapsed: Duration,
    /// The previous site could not be removed (the new one is in place); why.
    pub leftover: Option<String>,
}

/// Checks the course and, when it has no errors, writes the site atomically to `out`.
/// Returns the check (for its diagnostics) and the stats when a site was written.
pub fn build(options: &BuildOptions) -> Result<(Checked, Option<BuildStats>), Error> {
    let started = Instant::now();
    refuse_out(&options.source, &options.out)?;
    let mut checked = check_course(&options.source)?;
    let (Some(course), Some(theme), false) =
        (&checked.course, &checked.theme, checked.has_errors())
    else {
        return Ok((checked, None));
    };
    if let Some(key) =
        credential::private_keys_in(&options.source, &options.out, &course.assets).first()
    {
        return Err(Error::Refused(format!(
            "refusing to build: {} holds a private key, and everything in the course folder may end up published; move the key out of {} (keep it where only you can read it)",
            key.display(),
            options.source.display()
        )));
    }
    let pages = std::sync::atomic::AtomicUsize::new(0);
    let swapped = write::write_site(&options.out, |staging| -> Result<(), Error> {
        // Assets first: their hash is part of the offline cache's version.
        let assets_key = course
            .assets
            .par_iter()
            .map(|a| staging.copy(&options.source, a))
            .try_reduce(|| 0, |a, b| Ok(a.wrapping_add(b)))?;
        let render_options = RenderOptions {
            trainer: options.trainer,
            assets_key,
        };
        render::render_each(course, theme, render_options, &|file| {
            if file.path.ends_with(".html") {
                pages.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
            Ok(staging.write(&file.path, &file.bytes)?)
        })
    });
    // A template that fails is a problem to show like any other; nothing was written.
    let swapped = match swapped {
        Err(Error::Theme(e)) => {
            checked.theme_failed(&options.source, &e);
            return Ok((checked, None));
        }
        other => other?,
    };
    let stats = BuildStats {
        modules: course.modules().count(),
        pages: pages.into_inner(),
        elapsed: started.elapsed(),
        leftover: swapped.leftover.map(|e| e.to_string()),
    };
    Ok((checked, Some(stats)))
}
