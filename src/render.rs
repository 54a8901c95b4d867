//! Model -> HTML pages through small view structs and the theme's Tera templates.
//! Pure: no disk; the caller writes what this returns.

use std::borrow::Cow;

use rayon::prelude::*;
use serde::Serialize;
use tera::Tera;

use crate::Error;
use crate::config::Level;
use crate::course::module_page;
use crate::i18n::Strings;
use crate::markup;
use crate::model::{Answer, Course, Module};
use crate::theme::{TemplateError, Theme};
use crate::url;

/// A file of the site: its path relative to the site root and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions {
    /// The trainer edition: facilitator notes and the answer key shown.
    pub trainer: bool,
    /// A hash of the course's assets (paths and bytes), part of the offline cache's
    /// version so that a changed image replaces the cached one.
    pub assets_key: u64,
}

/// A stable hash of one output file, combined by addition into the site's version.
/// xxh3, because every byte of the site goes through it on each build.
pub fn file_hash(path: &str, bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64_with_seed(bytes, xxhash_rust::xxh3::xxh3_64(path.as_bytes()))
}

/// The texts the theme's scripts show, one file every page loads (see `t_js`).
pub const STRINGS: &str = "strings.js";

/// Where the offline cache's file list and version are written.
pub const SERVICE_WORKER: &str = "sw.js";

/// The whole-course print page is left out above this many modules: a handout of
/// thousands of modules helps no one and would dwarf the rest of the build.
pub const PRINT_LIMIT: usize = 300;

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    id: &'a str,
    language: &'a str,
    description: Option<&'a str>,
    author: Option<&'a str>,
    pass_mark: u8,
    /// A module is complete only when its checklist is done too.
    require_checklist: bool,
    trainer: bool,
    module_count: usize,
    minutes: u32,
    /// Whether the whole-course print page is built (see `PRINT_LIMIT`).
    print: bool,
    first_module_url: String,
    parts: Vec<PartView<'a>>,
    part_count: usize,
    levels: &'a [Level],
    /// Whether the course publishes a credential revocation list (`coursemark revoke`).
    revocation_list: bool,
}

#[derive(Serialize)]
struct PartView<'a> {
    title: &'a str,
    summary: Option<&'a str>,
    modules: Vec<ModuleLink<'a>>,
}

#[derive(Serialize, Clone)]
struct ModuleLink<'a> {
    id: &'a str,
    title: &'a str,
    summary: Option<&'a str>,
    duration: Option<u32>,
    url: String,
}

#[derive(Serialize)]
struct PageView<'a> {
    kind: &'a str,
    title: &'a str,
}

#[derive(Serialize)]
struct ModuleView<'a> {
    id: &'a str,
    title: &'a str,
    summary: Option<&'a str>,
    duration: Option<u32>,
    objectives: &'a [String],
    shuffle: bool,
    intro_html: Cow<'a, str>,
    sections: Vec<SectionView<'a>>,
    quiz_key: String,
}

#[derive(Serialize)]
struct SectionView<'a> {
    id: &'a str,
    title_html: &'a str,
    html: Cow<'a, str>,
}

/// The part of the answer key the browser needs after answering; base64 in the page so
/// answers are not visible before answering.
#[derive(Serialize)]
struct KeyEntry<'a> {
    kind: &'a str,
    correct: Vec<String>,
    answers: &'a [String],
    explanation: Option<&'a str>,
    feedback: std::collections::BTreeMap<String, &'a str>,
}

/// The course as the browser scripts see it, written to `course.js`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CourseData<'a> {
    id: &'a str,
    title: &'a str,
    pass_mark: u8,
    require_checklist: bool,
    parts: Vec<PartData<'a>>,
    levels: &'a [Level],
    /// Who awards credentials and the trainers' keys the site trusts.
    issuer: Option<&'a crate::config::Issuer>,
    /// The academy's did:web, when the course has a `base_url`.
    did_web: Option<String>,
    /// The theme's texts, for messages the scripts show.
    strings: &'a Strings,
}

#[derive(Serialize)]
struct PartData<'a> {
    title: &'a str,
    modules: Vec<ModuleData<'a>>,
}

#[derive(Serialize)]
struct ModuleData<'a> {
    id: &'a str,
    title: &'a str,
    url: String,
    sections: Vec<&'a str>,
    questions: Vec<QuestionData<'a>>,
    checklist: Vec<&'a str>,
}

#[derive(Serialize)]
struct QuestionData<'a> {
    id: &'a str,
    title: String,
}

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
pub fn render_each(
    course: &Course,
    theme: &Theme,
    options: RenderOptions,
    sink: &(dyn Fn(OutputFile) -> Result<(), Error> + Sync),
) -> Result<(), Error> {
    let tera = compile(theme).map_err(Error::Theme)?;
    render_each_with(course, theme, &tera, options, sink)
}

fn render_each_with(
    course: &Course,
    theme: &Theme,
    tera: &Tera,
    options: RenderOptions,
    sink: &(dyn Fn(OutputFile) -> Result<(), Error> + Sync),
) -> Result<(), Error> {
    let renderer = Renderer::new(course, theme, tera, options);
    // Every file's hash, for the service worker's version and file list.
    let written = std::sync::Mutex::new(Vec::new());
    let record = |file: OutputFile| {
        let hash = file_hash(&file.path, &file.bytes);
        written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((file.path.clone(), hash));
        sink(file)
    };
    // The pages listing the whole course run beside the module pages, not before them.
    let (course_pages, module_pages) = rayon::join(
        || renderer.course_pages_each(&record),
        || {
            (0..renderer.modules.len())
                .into_par_iter()
                .try_for_each_init(
                    || renderer.module_context(),
                    |cx, i| record(renderer.module_page_in(cx, i).map_err(Error::Theme)?),
                )
        },
    );
    course_pages?;
    module_pages?;
    for file in statics(theme) {
        record(file)?;
    }
    let written = written.into_inner().unwrap_or_else(|e| e.into_inner());
    match renderer.service_worker(&written).map_err(Error::Theme)? {
        Some(file) => sink(file),
        None => Ok(()),
    }
}

/// The theme's static files, copied under `theme/`.
pub fn statics(theme: &Theme) -> impl Iterator<Item = OutputFile> + '_ {
    theme.statics().map(|(name, bytes)| OutputFile {
        path: format!("theme/{name}"),
        bytes: bytes.to_vec(),
    })
}

/// Renders the pages of one course with compiled templates; pages can be rendered one
/// at a time, so `serve` re-renders only what an edit changed.
pub struct Renderer<'a> {
    course: &'a Course,
    tera: &'a Tera,
    options: RenderOptions,
    /// The course without its outline, as module pages see it; computed once.
    lean_site: tera::Value,
    /// The theme's texts in the course's language, and those the templates name (`t`).
    strings: Strings,
    t: tera::Value,
    /// The texts scripts show (keys starting `js_`), as JSON: written to `strings.js`,
    /// and given to templates as `t_js` for themes that put them in the page.
    t_js: String,
    /// What every module page shares (`site`, `t`, `t_js`, `root`), built once and
    /// copied, which is much cheaper than serialising it again for each page.
    module_base: tera::Context,
    /// Each part as its module pages see it: the links are the same from every page
    /// in `modules/`, so they are made once per part.
    part_views: Vec<tera::Value>,
    /// Every module in course order, with the index of its part.
    pub modules: Vec<(usize, &'a Module)>,
}

impl<'a> Renderer<'a> {
    pub fn new(course: &'a Course, theme: &Theme, tera: &'a Tera, options: RenderOptions) -> Self {
        let modules = course
            .parts
            .iter()
            .enumerate()
            .flat_map(|(i, p)| p.modules.iter().map(move |m| (i, m.as_ref())))
            .collect();
        let lean_site = tera::to_value(site_view(course, options, false)).unwrap_or_default();
        let (strings, _) =
            crate::i18n::resolve(theme, &course.config.language, &course.config.strings);
        let t = match texts_used(theme.templates().map(|(_, source)| source)) {
            Some(keys) => tera::to_value(
                strings
                    .iter()
                    .filter(|(k, _)| keys.contains(k.as_str()))
                    .collect::<std::collections::BTreeMap<_, _>>(),
            ),
            None => tera::to_value(&strings),
        }
        .unwrap_or_default();
        let for_scripts: Strings = strings
            .iter()
            .filter(|(k, _)| k.starts_with("js_"))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let t_js = serde_json::to_string(&for_scripts)
            .unwrap_or_default()
            .replace('<', "\\u003c");
        let mut module_base = tera::Context::new();
        module_base.insert("site", &lean_site);
        module_base.insert("t", &t);
        module_base.insert("t_js", &t_js);
        module_base.insert("root", "../");
        let from = module_page("");
        let part_views = course
            .parts
            .par_iter()
            .map(|p| {
                tera::to_value(PartView {
                    title: &p.title,
                    summary: p.summary.as_deref(),
                    modules: p.modules.iter().map(|m| link(m, &from)).collect(),
                })
                .unwrap_or_default()
            })
            .collect();
        Renderer {
            course,
            tera,
            options,
            lean_site,
            strings,
            t,
            t_js,
            module_base,
            part_views,
            modules,
        }
    }

    /// The pages that list the whole course (home, progress, accreditation, certificate,
    /// verify, 404, print), `course.js`, `strings.js`, the search index and the levels'
    /// achievements.
    pub fn course_pages(&self) -> Result<Vec<OutputFile>, Error> {
        let files = std::sync::Mutex::new(Vec::new());
        self.course_pages_each(&|file| {
            files.lock().unwrap_or_else(|e| e.into_inner()).push(file);
            Ok(())
        })?;
        let mut files = files.into_inner().unwrap_or_else(|e| e.into_inner());
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(files)
    }

    /// `course_pages`, each handed to `sink` as soon as it is made (in parallel), so the
    /// large ones of a large course are never all in memory at once.
    pub fn course_pages_each(
        &self,
        sink: &(dyn Fn(OutputFile) -> Result<(), Error> + Sync),
    ) -> Result<(), Error> {
        let course = self.course;
        let site = tera::to_value(site_view(course, self.options, true))
            .map_err(|e| Error::Io(std::io::Error::other(e)))?;
        let home_html = markup::blocks(&course.home, self.options.trainer, &self.strings);
        let pages = [
            ("home", course.config.title.as_str(), "index.html", true),
            ("progress", "My progress", "progress.html", true),
            (
                "accreditation",
                "Accreditation",
                "accreditation.html",
                false,
            ),
            ("certificate", "Certificate", "certificate.html", false),
            ("verify", "Verify a credential", "verify.html", false),
            ("not-found", "Page not found", "404.html", false),
        ];
        let page = |(kind, title, path, outline): &(&str, &str, &str, bool)| -> Result<OutputFile, TemplateError> {
            let mut cx = tera::Context::new();
            // Only the pages that list every module get the whole outline.
            cx.insert("site", if *outline { &site } else { &self.lean_site });
            cx.insert("root", "");
            cx.insert("page", &PageView { kind, title });
            cx.insert("home_html", &home_html);
            cx.insert("t", &self.t);
            cx.insert("t_js", &self.t_js);
            Ok(OutputFile {
                path: path.to_string(),
                bytes: render_one(self.tera, path, &cx)?.into_bytes(),
            })
        };
        let jobs = pages.len() + 4;
        (0..jobs).into_par_iter().try_for_each(|job| {
            let file = match job.checked_sub(pages.len()) {
                None => page(&pages[job]).map_err(Error::Theme)?,
                Some(0) => OutputFile {
                    path: "course.js".into(),
                    bytes: course_js(course, &self.strings).into_bytes(),
                },
                Some(1) => OutputFile {
                    path: STRINGS.into(),
                    bytes: format!("// Generated by coursemark: the texts the theme's scripts show.\nwindow.cm = window.cm || {{}};\nwindow.cm.strings = {};\n", self.t_js).into_bytes(),
                },
                Some(2) => OutputFile {
                    path: "search-index.js".into(),
                    bytes: crate::search::index_js(course, self.options.trainer).into_bytes(),
                },
                _ if self.has_template("print.html") && self.modules.len() <= PRINT_LIMIT => {
                    self.print_page(&site).map_err(Error::Theme)?
                }
                _ => return Ok(()),
            };
            sink(file)
        })?;
        // Each level's achievement and badge, which credentials point at.
        crate::credential::site::files(course)
            .into_iter()
            .try_for_each(sink)
    }

    fn has_template(&self, name: &str) -> bool {
        self.tera.get_template_names().any(|n| n == name)
    }

    /// The whole course on one page, a handout for group sessions.
    fn print_page(&self, site: &tera::Value) -> Result<OutputFile, TemplateError> {
        #[derive(Serialize)]
        struct PrintPart<'a> {
            title: &'a str,
            summary: Option<&'a str>,
            modules: Vec<ModuleView<'a>>,
        }
        let parts: Vec<PrintPart> = self
            .course
            .parts
            .iter()
            .map(|p| PrintPart {
                title: &p.title,
                summary: p.summary.as_deref(),
                modules: p
                    .modules
                    .iter()
                    .map(|m| module_view(m, self.options.trainer, &self.strings))
                    .collect(),
            })
            .collect();
        let mut cx = tera::Context::new();
        cx.insert("site", site);
        cx.insert("root", "");
        cx.insert(
            "page",
            &PageView {
                kind: "print",
                title: &self.course.config.title,
            },
        );
        cx.insert("t", &self.t);
        cx.insert("t_js", &self.t_js);
        cx.insert("parts", &parts);
        Ok(OutputFile {
            path: "print.html".into(),
            bytes: render_one(self.tera, "print.html", &cx)?.into_bytes(),
        })
    }

    /// The service worker that caches the whole site for offline use, from the theme's
    /// `sw.js` template: `written` is every other output file with its hash; assets are
    /// added from the course. `None` when the theme has no such template.
    pub fn service_worker(
        &self,
        written: &[(String, u64)],
    ) -> Result<Option<OutputFile>, TemplateError> {
        if !self.has_template(SERVICE_WORKER) {
            return Ok(None);
        }
        let version = written
            .iter()
            .filter(|(path, _)| path != SERVICE_WORKER)
            .fold(self.options.assets_key, |v, (_, h)| v.wrapping_add(*h));
        let mut files: Vec<String> = written
            .iter()
            .map(|(p, _)| p.clone())
            .filter(|p| p != SERVICE_WORKER)
            .chain(self.course.assets.iter().map(|a| url::path_to_url(a)))
            .collect();
        files.sort();
        let mut cx = tera::Context::new();
        cx.insert("version", &format!("{version:016x}"));
        cx.insert("files", &files);
        cx.insert("site", &self.lean_site);
        Ok(Some(OutputFile {
            path: SERVICE_WORKER.into(),
            bytes: render_one(self.tera, SERVICE_WORKER, &cx)?.into_bytes(),
        }))
    }

    /// The page of the `i`th module: it shows its own part's modules and its neighbours,
    /// never the whole course, so rendering stays linear in the course size.
    pub fn module_page(&self, i: usize) -> Result<OutputFile, TemplateError> {
        self.module_page_in(&mut self.module_context(), i)
    }

    /// A context for `module_page_in`, which a thread reuses page after page.
    pub fn module_context(&self) -> ModuleContext {
        ModuleContext {
            cx: self.module_base.clone(),
            part: None,
        }
    }

    /// `module_page` in a `module_context`, whose page keys are overwritten.
    pub fn module_page_in(
        &self,
        mc: &mut ModuleContext,
        i: usize,
    ) -> Result<OutputFile, TemplateError> {
        let (part, module) = self.modules[i];
        let cx = &mut mc.cx;
        // Pages come mostly in course order, so the part changes seldom.
        if mc.part != Some(part) {
            cx.insert("part", &self.part_views[part]);
            mc.part = Some(part);
        }
        let prev = i.checked_sub(1).map(|j| self.modules[j].1);
        let next = self.modules.get(i + 1).map(|x| x.1);
        let page = module_page(&module.id);
        cx.insert(
            "page",
            &PageView {
                kind: "module",
                title: &module.title,
            },
        );
        cx.insert(
            "module",
            &module_view(module, self.options.trainer, &self.strings),
        );
        cx.insert("prev", &prev.map(|m| link(m, &page)));
        cx.insert("next", &next.map(|m| link(m, &page)));
        Ok(OutputFile {
            bytes: render_one(self.tera, "module.html", cx)?.into_bytes(),
            path: page,
        })
    }
}

/// A module page's template context, reused by one render thread (see
/// `Renderer::module_context`).
pub struct ModuleContext {
    cx: tera::Context,
    /// The part whose view `cx` holds.
    part: Option<usize>,
}

/// Compiles the theme's templates once per build.
pub fn compile(theme: &Theme) -> Result<Tera, TemplateError> {
    let mut tera = Tera::default();
    // Unlike Tera's default escaping, this leaves `/` alone so URLs stay readable.
    tera.set_escape_fn(markup::escape);
    let sources: Vec<(String, String)> = theme
        .templates()
        .map(|(name, bytes)| {
            (
                name.to_string(),
                String::from_utf8_lossy(bytes).into_owned(),
            )
        })
        .collect();
    tera.add_raw_templates(sources)
        .map_err(|e| template_error(&e))?;
    Ok(tera)
}

fn render_one(tera: &Tera, template: &str, cx: &tera::Context) -> Result<String, TemplateError> {
    tera.render(template, cx).map_err(|e| template_error(&e))
}

fn template_error(e: &tera::Error) -> TemplateError {
    TemplateError::from_tera(e)
}

/// The keys of `t` the theme's templates name (`t.key` inside `{{ }}` or `{% %}`), so
/// pages carry only those; `None` when a template uses `t` any other way (`t[key]`,
/// `t` alone), and then every text is given.
fn texts_used<'a>(
    templates: impl Iterator<Item = &'a [u8]>,
) -> Option<std::collections::BTreeSet<String>> {
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut keys = std::collections::BTreeSet::new();
    for source in templates {
        let source = String::from_utf8_lossy(source);
        let mut rest = source.as_ref();
        while let Some(open) = rest.find('{') {
            let close = match rest[open..].get(1..2) {
                Some("{") => "}}",
                Some("%") => "%}",
                _ => {
                    rest = &rest[open + 1..];
                    continue;
                }
            };
            let body_start = open + 2;
            let end = rest[body_start..]
                .find(close)
                .map_or(rest.len(), |i| body_start + i);
            let mut code = &rest[body_start..end];
            rest = &rest[(end + 2).min(rest.len())..];
            let mut before = ' ';
            while let Some(c) = code.chars().next() {
                if c == '"' || c == '\'' || c == '`' {
                    // A string literal: its words are not variables.
                    let close = code[1..].find(c).map_or(code.len(), |i| i + 2);
                    code = &code[close..];
                    before = c;
                    continue;
                }
                let word = code.len() - code.trim_start_matches(ident).len();
                if word == 0 {
                    before = c;
                    code = &code[c.len_utf8()..];
                    continue;
                }
                if &code[..word] == "t" && !ident(before) && before != '.' {
                    let after = &code[word..];
                    let key = after.strip_prefix('.')?;
                    let len = key.len() - key.trim_start_matches(ident).len();
                    if len == 0 {
                        return None;
                    }
                    keys.insert(key[..len].to_string());
                }
                before = 'x';
                code = &code[word..];
            }
        }
    }
    Some(keys)
}

/// The course for templates; `outline` adds every part and module, for the pages that
/// list the whole course.
fn site_view(course: &Course, options: RenderOptions, outline: bool) -> SiteView<'_> {
    let c = &course.config;
    let minutes: u32 = course.modules().filter_map(|m| m.duration).sum();
    SiteView {
        title: &c.title,
        id: &c.id,
        language: &c.language,
        description: c.description.as_deref(),
        author: c.author.as_deref(),
        pass_mark: c.pass_mark,
        require_checklist: c.require_checklist,
        trainer: options.trainer,
        module_count: course.modules().count(),
        minutes,
        print: course.modules().count() <= PRINT_LIMIT,
        revocation_list: course
            .assets
            .iter()
            .any(|a| a.as_path() == std::path::Path::new(crate::credential::status::LIST_SCRIPT)),
        first_module_url: course
            .modules()
            .next()
            .map(|m| module_page(&m.id))
            .unwrap_or_else(|| "index.html".into()),
        parts: if outline {
            course
                .parts
                .iter()
                .map(|p| PartView {
                    title: &p.title,
                    summary: p.summary.as_deref(),
                    modules: p.modules.iter().map(|m| link(m, "index.html")).collect(),
                })
                .collect()
        } else {
            Vec::new()
        },
        part_count: course.parts.len(),
        levels: &c.levels,
    }
}

fn link<'a>(m: &'a Module, from: &str) -> ModuleLink<'a> {
    ModuleLink {
        id: &m.id,
        title: &m.title,
        summary: m.summary.as_deref(),
        duration: m.duration,
        url: url::relative(from, &module_page(&m.id)),
    }
}

fn module_view<'a>(m: &'a Module, trainer: bool, t: &Strings) -> ModuleView<'a> {
    ModuleView {
        id: &m.id,
        title: &m.title,
        summary: m.summary.as_deref(),
        duration: m.duration,
        objectives: &m.objectives,
        shuffle: m.shuffle,
        intro_html: markup::blocks(&m.intro, trainer, t),
        sections: m
            .sections
            .iter()
            .map(|s| SectionView {
                id: s.kind.id(),
                title_html: &s.title_html,
                html: markup::blocks(&s.blocks, trainer, t),
            })
            .collect(),
        quiz_key: quiz_key(m),
    }
}

fn quiz_key(m: &Module) -> String {
    let key: std::collections::BTreeMap<&str, KeyEntry> = m
        .questions()
        .map(|q| {
            let (correct, feedback, answers): (Vec<String>, _, &[String]) = match &q.answer {
                Answer::Choice(options) => (
                    options
                        .iter()
                        .enumerate()
                        .filter(|(_, o)| o.correct)
                        .map(|(i, _)| markup::option_value(i))
                        .collect(),
                    options
                        .iter()
                        .enumerate()
                        .filter_map(|(i, o)| {
                            o.feedback_html
                                .as_deref()
                                .map(|f| (markup::option_value(i), f))
                        })
                        .collect(),
                    &[],
                ),
                Answer::Text(answers) => (Vec::new(), Default::default(), answers),
            };
            (
                q.id.as_str(),
                KeyEntry {
                    kind: q.kind(),
                    correct,
                    answers,
                    explanation: q.explanation_html.as_deref(),
                    feedback,
                },
            )
        })
        .collect();
    base64(serde_json::to_string(&key).unwrap_or_default().as_bytes())
}

fn course_js(course: &Course, strings: &Strings) -> String {
    let data = CourseData {
        id: &course.config.id,
        title: &course.config.title,
        pass_mark: course.config.pass_mark,
        require_checklist: course.config.require_checklist,
        levels: &course.config.levels,
        issuer: course.config.issuer.as_ref(),
        did_web: course
            .config
            .base_url
            .as_deref()
            .and_then(crate::credential::didweb::did),
        strings,
        parts: course
            .parts
            .iter()
            .map(|p| PartData {
                title: &p.title,
                modules: p
                    .modules
                    .iter()
                    .map(|m| ModuleData {
                        id: &m.id,
                        title: &m.title,
                        url: module_page(&m.id),
                        sections: m.sections.iter().map(|s| s.kind.id()).collect(),
                        questions: m
                            .questions()
                            .map(|q| QuestionData {
                                id: &q.id,
                                title: crate::search::text_of(&q.prompt_html),
                            })
                            .collect(),
                        checklist: m.checklist().map(|c| c.id.as_str()).collect(),
                    })
                    .collect(),
            })
            .collect(),
    };
    let mut value = serde_json::to_value(&data).unwrap_or_default();
    // The build's version, which an evidence package records: a hash of the outline.
    let build = format!(
        "{:016x}",
        xxhash_rust::xxh3::xxh3_64(value.to_string().as_bytes())
    );
    if let Some(object) = value.as_object_mut() {
        object.insert("build".into(), build.into());
    }
    // `<` escaped so no text of the course can close a script element.
    let json = value.to_string().replace('<', "\\u003c");
    format!(
        "// Generated by coursemark: the course outline for the theme's scripts.\nwindow.cm = window.cm || {{}};\nwindow.cm.course = {json};\n"
    )
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_get_the_texts_they_name() {
        let used = |sources: &[&str]| texts_used(sources.iter().map(|s| s.as_bytes()));
        let keys = used(&[
            "<p title=\"t.not_this\">{{ t.nav_home }}, don't {% if x %}{{ t.next | upper }}{% endif %}",
            "{{ site.t }} {{ \"t.quoted\" }} {{ t_js | safe }}",
        ])
        .expect("only `t.key` uses");
        assert_eq!(keys.into_iter().collect::<Vec<_>>(), ["nav_home", "next"]);
        // Any other use of `t` gets every text.
        assert_eq!(used(&["{{ t[key] }}"]), None);
        assert_eq!(used(&["{% set texts = t %}"]), None);
    }

    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64("Što".as_bytes()), "xaB0bw==");
    }
}
