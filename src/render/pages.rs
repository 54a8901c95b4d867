//! The `Renderer`: the course's pages through the compiled templates, the pages that
//! list the whole course together and each module page on its own, so `serve` can
//! re-render only what an edit changed.

use rayon::prelude::*;
use tera::Tera;

use super::scripts::{OWN_TEXTS, course_js, glossary_js, outline_js, own_texts, texts_named_in};
use super::templates::{render_one, texts_used};
use super::view::{PageKind, PageView, PartView, glossary_view, link, module_view, site_view};
use super::{PRINT_LIMIT, RenderOptions, STRINGS, markup, search};
use crate::error::Error;
use crate::error::TemplateError;
use crate::model::{Course, Module, Strings};
use crate::theme::Theme;
use crate::url::module_page;
use crate::write::OutputFile;

mod print;

pub(super) use print::Handouts;

/// Renders the pages of one course with compiled templates; pages can be rendered one
/// at a time, so `serve` re-renders only what an edit changed.
pub struct Renderer<'a> {
    pub(super) course: &'a Course,
    pub(super) tera: &'a Tera,
    pub(super) options: RenderOptions,
    /// The course without its outline, as module pages see it; computed once.
    pub(super) lean_site: tera::Value,
    /// The theme's texts in the course's language, and those the templates name (`t`).
    pub(super) strings: Strings,
    pub(super) t: tera::Value,
    /// The texts scripts show (keys starting `js_`), as JSON: written to `strings.js`,
    /// and given to templates as `t_js` for themes that put them in the page.
    pub(super) t_js: String,
    /// The texts of `strings.js` (all of `t_js` but those of `own_texts`), as JSON.
    pub(super) strings_js: String,
    /// The texts each script of `OWN_TEXTS` alone shows, as JSON, in its own file.
    pub(super) own_texts: Vec<String>,
    /// The texts the home page's scripts show from `outline.js`.
    pub(super) home_texts: Strings,
    /// What every module page shares (`site`, `t`, `t_js`, `root`), built once and
    /// copied, which is much cheaper than serialising it again for each page.
    pub(super) module_base: tera::Context,
    /// Every module in course order, with the index of its part.
    pub modules: Vec<(usize, &'a Module)>,
    /// The modules' search entries kept from an earlier render (`serve`).
    pub(super) kept: Option<&'a search::KeptEntries>,
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
        let json = |texts: &Strings| {
            serde_json::to_string(texts)
                .unwrap_or_default()
                .replace('<', "\\u003c")
        };
        let t_js = json(&for_scripts);
        let (own, common) = own_texts(for_scripts, theme);
        let strings_js = json(&common);
        let own_texts = own.iter().map(json).collect();
        let home_scripts = ["static/home.js", "static/results.js"]
            .map(|name| theme.files.get(name).map_or(&[][..], Vec::as_slice));
        let home_texts = texts_named_in(&strings, &home_scripts);
        let mut module_base = tera::Context::new();
        module_base.insert("site", &lean_site);
        module_base.insert("t", &t);
        module_base.insert("t_js", &t_js);
        module_base.insert("root", "../");
        Renderer {
            course,
            tera,
            options,
            lean_site,
            strings,
            t,
            t_js,
            strings_js,
            own_texts,
            home_texts,
            module_base,
            modules,
            kept: None,
        }
    }

    /// This renderer, taking each unchanged module's search entry from `kept` and keeping
    /// the new ones there.
    pub fn keeping(self, kept: &'a search::KeptEntries) -> Self {
        Renderer {
            kept: Some(kept),
            ..self
        }
    }

    /// The pages that list the whole course (home, progress, accreditation, certificate,
    /// verify, 404, print), `course.js`, `outline.js`, `glossary.js`, `strings.js`, the search index and the levels'
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
        self.course_pages_of(&CourseFile::ALL, sink)
    }

    /// The files of `kinds` and the levels' achievements, handed to `sink` in parallel.
    pub(super) fn course_pages_of(
        &self,
        kinds: &[CourseFile],
        sink: &(dyn Fn(OutputFile) -> Result<(), Error> + Sync),
    ) -> Result<(), Error> {
        self.course_files(kinds, sink)?;
        // Each level's achievement and badge, which credentials point at.
        crate::credential::site::files(self.course)
            .into_iter()
            .try_for_each(sink)
    }

    /// The one course page or script at `path` (a site path such as `index.html`), for a
    /// page asked for before the build has written it; `None` for any other file.
    pub fn course_page(&self, path: &str) -> Option<Result<OutputFile, Error>> {
        let kind = CourseFile::at(path)?;
        let page = std::sync::Mutex::new(None);
        let rendered = self.course_files(&[kind], &|file| {
            *page.lock().unwrap_or_else(|e| e.into_inner()) = Some(file);
            Ok(())
        });
        let page = page.into_inner().unwrap_or_else(|e| e.into_inner());
        rendered.map(|()| page).transpose()
    }

    /// The files of `kinds`, handed to `sink` in parallel.
    pub fn course_files(
        &self,
        kinds: &[CourseFile],
        sink: &(dyn Fn(OutputFile) -> Result<(), Error> + Sync),
    ) -> Result<(), Error> {
        let course = self.course;
        // Only the pages that list every module get the whole outline, made only when
        // one of them is asked for; it goes into each page's context from the borrowed
        // view, since at 10,000 modules it is a large value, not to be held twice.
        let site = site_view(course, self.options, kinds.iter().any(|k| k.outline()));
        let home_html = markup::blocks(&course.home, self.options.trainer, &self.strings);
        let glossary = course.glossary.as_ref().map(glossary_view);
        let page = |kind, title: &str, path: &str, outline: bool| -> Result<OutputFile, Error> {
            let mut cx = tera::Context::new();
            if outline {
                cx.insert("site", &site);
            } else {
                cx.insert("site", &self.lean_site);
            }
            cx.insert("root", "");
            cx.insert("page", &PageView { kind, title });
            cx.insert("home_html", &home_html);
            cx.insert("glossary", &glossary);
            cx.insert("t", &self.t);
            cx.insert("t_js", &self.t_js);
            Ok(OutputFile {
                path: path.to_string(),
                bytes: render_one(self.tera, path, &cx)
                    .map_err(Error::Theme)?
                    .into_bytes(),
            })
        };
        let script = |path: &str, text: String| OutputFile {
            path: path.into(),
            bytes: text.into_bytes(),
        };
        kinds.par_iter().try_for_each(|&output| {
            let path = output.path().unwrap_or_default();
            let file = match output {
                CourseFile::Home => page(PageKind::Home, &course.config.title, path, true)?,
                CourseFile::Progress => page(PageKind::Progress, "My progress", path, true)?,
                CourseFile::Accreditation => {
                    page(PageKind::Accreditation, "Accreditation", path, false)?
                }
                CourseFile::Certificate => page(PageKind::Certificate, "Certificate", path, false)?,
                CourseFile::Verify => page(PageKind::Verify, "Verify a credential", path, false)?,
                CourseFile::NotFound => page(PageKind::NotFound, "Page not found", path, false)?,
                CourseFile::Glossary => match &course.glossary {
                    Some(g) => page(PageKind::Glossary, &g.title, path, false)?,
                    None => return Ok(()),
                },
                CourseFile::GlossaryJs => match &course.glossary {
                    Some(g) => script(path, glossary_js(g)),
                    None => return Ok(()),
                },
                CourseFile::CourseJs => script(path, course_js(course, &self.strings)),
                CourseFile::OutlineJs => script(path, outline_js(course, self.home_texts.clone())),
                CourseFile::StringsJs => script(
                    path,
                    format!("window.cm = window.cm || {{}};\nwindow.cm.strings = {};\n", self.strings_js),
                ),
                CourseFile::OwnTextsJs(i) => {
                    script(
                        OWN_TEXTS[i].1,
                        format!("window.cm = window.cm || {{}};\nObject.assign(window.cm.strings = window.cm.strings || {{}}, {});\n", self.own_texts[i]),
                    )
                }
                CourseFile::SearchIndex => {
                    return search::files(course, self.options.trainer, self.kept, sink);
                }
                CourseFile::Print
                    if self.has_template("print.html") && self.modules.len() <= PRINT_LIMIT =>
                {
                    self.print_page(&site).map_err(Error::Theme)?
                }
                CourseFile::Print => return Ok(()),
            };
            sink(file)
        })
    }

    pub(super) fn has_template(&self, name: &str) -> bool {
        self.tera.get_template_names().any(|n| n == name)
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
        self.module_page_of(mc, i, self.modules[i].1)
    }

    /// `module_page_in` with the `i`th module parsed whole as `module`, where the course
    /// this renders holds only its front matter (a build that renders each part as it
    /// is parsed).
    pub(super) fn module_page_of(
        &self,
        mc: &mut ModuleContext,
        i: usize,
        module: &Module,
    ) -> Result<OutputFile, TemplateError> {
        let part = self.modules[i].0;
        let cx = &mut mc.cx;
        // Pages come mostly in course order, so the part changes seldom: its view is made
        // then rather than held for every part (megabytes of links at 10,000 modules).
        if mc.part != Some(part) {
            let p = &self.course.parts[part];
            let from = module_page("");
            cx.insert(
                "part",
                &PartView {
                    title: &p.title,
                    summary: p.summary.as_deref(),
                    modules: p.modules.iter().map(|m| link(m, &from)).collect(),
                },
            );
            mc.part = Some(part);
        }
        let prev = i.checked_sub(1).map(|j| self.modules[j].1);
        let next = self.modules.get(i + 1).map(|x| x.1);
        let page = module_page(&module.id);
        cx.insert(
            "page",
            &PageView {
                kind: PageKind::Module,
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

/// A file of the site made from the whole course, apart from the module pages (one
/// each, rendered on their own), the levels' achievements (credential::site) and the
/// service worker (made last, from all the others).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CourseFile {
    Home,
    Progress,
    Accreditation,
    Certificate,
    Verify,
    NotFound,
    /// The glossary page, when the course has a glossary.
    Glossary,
    /// `glossary.js`: the terms' short definitions, when the course has a glossary.
    GlossaryJs,
    /// `course.js`: the course for the theme's scripts.
    CourseJs,
    /// `outline.js`: the little of it the home page needs.
    OutlineJs,
    /// `strings.js`: the texts the theme's scripts show.
    StringsJs,
    /// The texts only the script `OWN_TEXTS[i]` shows (store.js's notices, the quiz's, the search's).
    OwnTextsJs(usize),
    SearchIndex,
    /// The whole course on one page, for courses of up to `PRINT_LIMIT` modules.
    Print,
}

impl CourseFile {
    /// The file's site path; `None` for the search index, which is many files.
    fn path(self) -> Option<&'static str> {
        Some(match self {
            CourseFile::Home => "index.html",
            CourseFile::Progress => "progress.html",
            CourseFile::Accreditation => "accreditation.html",
            CourseFile::Certificate => "certificate.html",
            CourseFile::Verify => "verify.html",
            CourseFile::NotFound => "404.html",
            CourseFile::Glossary => crate::glossary::PAGE,
            CourseFile::GlossaryJs => "glossary.js",
            CourseFile::CourseJs => "course.js",
            CourseFile::OutlineJs => "outline.js",
            CourseFile::StringsJs => STRINGS,
            CourseFile::OwnTextsJs(i) => OWN_TEXTS[i].1,
            CourseFile::SearchIndex => return None,
            CourseFile::Print => "print.html",
        })
    }

    /// The file at the site path `path`, if one is.
    pub fn at(path: &str) -> Option<CourseFile> {
        CourseFile::ALL.into_iter().find(|k| k.path() == Some(path))
    }

    /// Whether the file is made from the course's outline alone (its settings, parts,
    /// home page, glossary and modules' front matter), no module's body: `serve` makes
    /// it before the course is parsed.
    pub fn from_outline(self) -> bool {
        !matches!(
            self,
            CourseFile::CourseJs
                | CourseFile::OutlineJs
                | CourseFile::SearchIndex
                | CourseFile::Print
        )
    }

    /// Whether the file shows the whole outline of the course.
    fn outline(self) -> bool {
        matches!(
            self,
            CourseFile::Home | CourseFile::Progress | CourseFile::Print
        )
    }

    pub const ALL: [CourseFile; 16] = [
        CourseFile::Home,
        CourseFile::Progress,
        CourseFile::Accreditation,
        CourseFile::Certificate,
        CourseFile::Verify,
        CourseFile::NotFound,
        CourseFile::Glossary,
        CourseFile::GlossaryJs,
        CourseFile::CourseJs,
        CourseFile::OutlineJs,
        CourseFile::StringsJs,
        CourseFile::OwnTextsJs(0),
        CourseFile::OwnTextsJs(1),
        CourseFile::OwnTextsJs(2),
        CourseFile::SearchIndex,
        CourseFile::Print,
    ];
}

/// A module page's template context, reused by one render thread (see
/// `Renderer::module_context`).
pub struct ModuleContext {
    cx: tera::Context,
    /// The part whose view `cx` holds.
    part: Option<usize>,
}
