//! Model -> the site's files through small view structs and the theme's Tera
//! templates. Pure: no disk; the caller writes what this returns. `pages` renders,
//! `view` is what templates see, `templates` compiles them, `markup` writes the HTML of
//! quizzes and checklists, `scripts` and `search` the data the theme's scripts read,
//! `offline` the service worker.

mod handout;
mod markup;
mod offline;
mod pages;
mod quiz_key;
mod scripts;
mod search;
mod stream;
mod templates;
mod view;

use tera::Tera;

use crate::error::Error;
use crate::model::Course;
use crate::theme::Theme;
use crate::write::OutputFile;

pub use markup::option_value;
pub use offline::SERVICE_WORKER;
pub use pages::{CourseFile, ModuleContext, Renderer};
pub use search::{INDEX as SEARCH_INDEX, KeptEntries, text_of};
pub use stream::Stream;
pub use templates::compile;

#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions {
    /// The trainer edition: facilitator notes and the answer key shown.
    pub trainer: bool,
    /// A hash of the course's assets (paths and bytes), part of the offline cache's
    /// version so that a changed image replaces the cached one.
    pub assets_key: u64,
    /// The published assets' size in bytes: with the pages, what saving the site for
    /// offline use downloads.
    pub assets_bytes: u64,
    /// How much of the site to make.
    pub scope: Scope,
}

/// How much of the site a render makes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Scope {
    /// Every file.
    #[default]
    Site,
    /// All but the theme's static files, which depend on the theme alone: for many
    /// renders with one theme, where making its scripts lean each time was most of the
    /// work.
    Course,
    /// What the templates make, without the static files and the search index (no
    /// template makes either): `check` renders so to try the templates.
    Templates,
}

impl Scope {
    /// Whether the theme's static files are made.
    pub fn statics(self) -> bool {
        self == Scope::Site
    }

    /// Whether the search index is made.
    pub fn search(self) -> bool {
        self != Scope::Templates
    }
}

/// The texts the theme's scripts show, one file every page loads (see `t_js`).
pub const STRINGS: &str = "strings.js";

/// Above this many modules the course is printed part by part (`print-N.html`) rather
/// than on one page: a handout of thousands of modules helps no one and would dwarf the
/// rest of the build.
pub const PRINT_LIMIT: usize = 300;

/// Renders every page and theme file of the site, sorted by path.
pub fn render(
    course: &Course,
    theme: &Theme,
    options: RenderOptions,
) -> Result<Vec<OutputFile>, Error> {
    render_with(
        course,
        theme,
        &compile(theme).map_err(Error::Theme)?,
        options,
    )
}

/// `render` with templates compiled beforehand, for callers that render many courses
/// with one theme.
pub fn render_with(
    course: &Course,
    theme: &Theme,
    tera: &Tera,
    options: RenderOptions,
) -> Result<Vec<OutputFile>, Error> {
    let files = std::sync::Mutex::new(Vec::new());
    render_each_with(course, theme, tera, options, &|file| {
        files.lock().unwrap_or_else(|e| e.into_inner()).push(file);
        Ok(())
    })?;
    let mut files = files.into_inner().unwrap_or_else(|e| e.into_inner());
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Renders every file of the site and hands each to `sink` as soon as it is ready (in
/// parallel, in no particular order), so a build never holds the whole site in memory.
/// Returns every file's path and hash.
pub fn render_each(
    course: &Course,
    theme: &Theme,
    options: RenderOptions,
    sink: &(dyn Fn(OutputFile) -> Result<(), Error> + Sync),
) -> Result<Vec<(String, u64)>, Error> {
    let tera = compile(theme).map_err(Error::Theme)?;
    render_each_with(course, theme, &tera, options, sink)
}

fn render_each_with(
    course: &Course,
    theme: &Theme,
    tera: &Tera,
    options: RenderOptions,
    sink: &(dyn Fn(OutputFile) -> Result<(), Error> + Sync),
) -> Result<Vec<(String, u64)>, Error> {
    let stream = Stream::new(course, theme, tera, options, sink);
    for part in &course.parts {
        let modules: Vec<&crate::model::Module> = part.modules.iter().map(|m| m.as_ref()).collect();
        stream.part(&modules);
    }
    stream.finish(course, tera)
}

/// The theme's static files, copied under `theme/` (scripts and style sheets lean).
pub fn statics(theme: &Theme) -> impl Iterator<Item = OutputFile> + '_ {
    let names = property_names(theme);
    theme
        .statics()
        .map(move |(name, bytes)| static_file(name, bytes, &names))
}

/// The theme's static file at the site path `path` (`theme/NAME`), alone.
pub fn theme_file(theme: &Theme, path: &str) -> Option<OutputFile> {
    let name = path.strip_prefix("theme/")?;
    let (name, bytes) = theme.statics().find(|(n, _)| *n == name)?;
    Some(static_file(name, bytes, &property_names(theme)))
}

fn is_style(name: &str) -> bool {
    has_extension(name, "css")
}

fn has_extension(name: &str, ext: &str) -> bool {
    std::path::Path::new(name)
        .extension()
        .is_some_and(|x| x.eq_ignore_ascii_case(ext))
}

/// Whether the template `name` is HTML (its custom properties are renamed; `sw.js`'s
/// text is a script's).
pub(crate) fn is_html_template(name: &str) -> bool {
    has_extension(name, "html")
}

/// Short names for the custom properties of the theme's style sheets and HTML templates
/// (both are renamed); those a script names too keep theirs.
pub(crate) fn property_names(theme: &Theme) -> crate::lean::PropertyNames {
    let text = |bytes: &[u8]| std::str::from_utf8(bytes).unwrap_or_default().to_owned();
    let (styles, elsewhere): (Vec<(&String, &Vec<u8>)>, Vec<_>) =
        theme.files.iter().partition(|(k, _)| {
            k.strip_prefix("templates/").is_some_and(is_html_template)
                || k.strip_prefix("static/").is_some_and(is_style)
        });
    let styles: Vec<String> = styles.into_iter().map(|(_, v)| text(v)).collect();
    let elsewhere: Vec<String> = elsewhere.into_iter().map(|(_, v)| text(v)).collect();
    crate::lean::PropertyNames::of(
        styles.iter().map(String::as_str),
        elsewhere.iter().map(String::as_str),
    )
}

/// The theme's static file `name` as the site has it.
fn static_file(name: &str, bytes: &[u8], names: &crate::lean::PropertyNames) -> OutputFile {
    let ext = std::path::Path::new(name).extension();
    let is = |e: &str| ext.is_some_and(|x| x.eq_ignore_ascii_case(e));
    OutputFile {
        path: format!("theme/{name}"),
        bytes: if is("js") {
            crate::lean::lean_script(bytes)
        } else if is_style(name) {
            crate::lean::lean_style(bytes, names)
        } else {
            bytes.to_vec()
        },
    }
}
