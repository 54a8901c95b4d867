//! The printed course: `print.html` for the whole course, or one handout per part above
//! `PRINT_LIMIT` modules, with the modules' HTML made to work on one page.

use std::collections::HashMap;

use rayon::prelude::*;
use serde::Serialize;

use super::Renderer;
use crate::error::{Error, TemplateError};
use crate::model::Module;
use crate::render::PRINT_LIMIT;
use crate::render::handout;
use crate::render::templates::render_one;
use crate::render::view::{ModuleView, PageKind, PageView, SiteView, glossary_view, module_view};
use crate::url::part_handout;
use crate::write::OutputFile;

impl<'a> Renderer<'a> {
    /// The whole course on one page, a handout for group sessions.
    pub(super) fn print_page(&self, site: &SiteView) -> Result<OutputFile, TemplateError> {
        let handouts = self.handouts();
        let parts: Vec<(usize, Vec<&Module>)> = (0..self.course.parts.len())
            .map(|p| {
                (
                    p,
                    self.course.parts[p]
                        .modules
                        .iter()
                        .map(|m| m.as_ref())
                        .collect(),
                )
            })
            .collect();
        let title = &self.course.config.title;
        self.handout(&handouts, &parts, site, "print.html", title)
    }

    /// The handouts of `parts` (indices of parts), one `print-N.html` each, handed to
    /// `sink`; for a course above `PRINT_LIMIT` modules only, whose handout would be too
    /// large for one page (a smaller course has `print.html`).
    pub fn part_handouts_each(
        &self,
        parts: &[usize],
        sink: &(dyn Fn(OutputFile) -> Result<(), Error> + Sync),
    ) -> Result<(), Error> {
        let handouts = self.handouts();
        parts.par_iter().try_for_each(|&p| {
            let modules: Vec<&Module> = self.course.parts[p]
                .modules
                .iter()
                .map(|m| m.as_ref())
                .collect();
            match self.part_handout(&handouts, p, &modules) {
                Ok(Some(file)) => sink(file),
                Ok(None) => Ok(()),
                Err(e) => Err(Error::Theme(e)),
            }
        })
    }

    /// The handout of the part `p`, whose modules (parsed whole) are `modules`; `None`
    /// when the course prints on one page.
    pub(crate) fn part_handout(
        &self,
        handouts: &Handouts,
        p: usize,
        modules: &[&Module],
    ) -> Result<Option<OutputFile>, TemplateError> {
        if self.modules.len() <= PRINT_LIMIT || !self.has_template("print.html") {
            return Ok(None);
        }
        let part = &self.course.parts[p];
        let title = format!("{} · {}", part.title, self.course.config.title);
        let path = &handouts.files[p];
        self.handout(
            handouts,
            &[(p, modules.to_vec())],
            &self.lean_site,
            path,
            &title,
        )
        .map(Some)
    }

    /// Which handout each module is in.
    pub(crate) fn handouts(&self) -> Handouts<'a> {
        Handouts {
            part_of: self
                .modules
                .iter()
                .map(|(p, m)| (m.id.as_str(), *p))
                .collect(),
            files: (0..self.course.parts.len()).map(part_handout).collect(),
        }
    }

    /// The handout of the parts in `parts` at `path`: the modules' HTML made to work in
    /// one page at the root, links to modules of other parts going to their handouts.
    fn handout<'m>(
        &'m self,
        handouts: &Handouts,
        parts: &[(usize, Vec<&'m Module>)],
        site: &impl Serialize,
        path: &str,
        title: &str,
    ) -> Result<OutputFile, TemplateError> {
        #[derive(Serialize)]
        struct PrintPart<'a> {
            /// The part's number in the course, from 1.
            number: usize,
            title: &'a str,
            summary: Option<&'a str>,
            modules: Vec<ModuleView<'a>>,
        }
        let printed = |p: usize| parts.iter().any(|(q, _)| *q == p);
        let handout_of = |id: &str| {
            let p = *handouts.part_of.get(id)?;
            Some(if printed(p) {
                ""
            } else {
                handouts.files[p].as_str()
            })
        };
        // Each module's HTML was written for its own page: its ids, links and paths are
        // made to work in one page at the root.
        let for_print = |m: &'m Module| {
            let mut view = module_view(m, self.options.trainer, &self.strings);
            view.intro_html = handout::rewrite(&m.id, &view.intro_html, handout_of).into();
            for s in &mut view.sections {
                s.html = handout::rewrite(&m.id, &s.html, handout_of).into();
            }
            view
        };
        let whole = parts.len() == self.course.parts.len();
        let parts: Vec<PrintPart> = parts
            .iter()
            .map(|(p, modules)| {
                let part = &self.course.parts[*p];
                PrintPart {
                    number: p + 1,
                    title: &part.title,
                    summary: part.summary.as_deref(),
                    modules: modules.iter().map(|m| for_print(m)).collect(),
                }
            })
            .collect();
        let mut cx = tera::Context::new();
        cx.insert("site", site);
        cx.insert("root", "");
        cx.insert(
            "page",
            &PageView {
                kind: PageKind::Print,
                title,
            },
        );
        cx.insert("t", &self.t);
        cx.insert("t_js", &self.t_js);
        cx.insert("parts", &parts);
        // The glossary ends the handout of the whole course; a part's handout links to
        // the glossary page.
        let glossary = self.course.glossary.as_ref().filter(|_| whole);
        cx.insert("glossary", &glossary.map(glossary_view));
        Ok(OutputFile {
            path: path.into(),
            bytes: render_one(self.tera, "print.html", &cx)?.into_bytes(),
        })
    }
}

/// Where each module is printed: the index of its part by module id, and each part's
/// handout file.
pub(crate) struct Handouts<'a> {
    part_of: HashMap<&'a str, usize>,
    files: Vec<String>,
}
