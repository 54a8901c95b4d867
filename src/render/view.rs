//! The view structs templates see: the course, a part, a module and its sections,
//! borrowed from the model with the URLs of the page they are shown on.

use std::borrow::Cow;

use serde::Serialize;

use super::markup;
use super::quiz_key::quiz_key;
use super::{PRINT_LIMIT, RenderOptions};
use crate::model::{Block, Course, Glossary, Level, Module, Strings};
use crate::url::{self, module_page};

#[derive(Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub id: &'a str,
    pub language: &'a str,
    pub description: Option<&'a str>,
    pub author: Option<&'a str>,
    pub pass_mark: u8,
    /// A module is complete only when its checklist is done too.
    pub require_checklist: bool,
    pub trainer: bool,
    pub module_count: usize,
    pub minutes: u32,
    /// Whether the whole-course print page is built (see `PRINT_LIMIT`).
    pub print: bool,
    /// Whether each part has a print page instead (`print-N.html`, N from 1).
    pub print_parts: bool,
    pub first_module_url: String,
    pub parts: Vec<PartView<'a>>,
    pub part_count: usize,
    pub levels: &'a [Level],
    /// Whether the course publishes a credential revocation list (`coursemark revoke`).
    pub revocation_list: bool,
    /// Whether trainers award credentials the site can verify (`[issuer]`).
    pub credentials: bool,
    /// The glossary page's title, when the course has a glossary.
    pub glossary_title: Option<&'a str>,
    /// The brand colour's `light-dark()` values, when the course sets one.
    pub accent: Option<crate::colour::Accent>,
    /// The logo's path from the site's root, when the course has one.
    pub logo: Option<&'a str>,
}

/// The glossary page's content.
#[derive(Serialize)]
pub struct GlossaryView<'a> {
    pub title: &'a str,
    pub intro_html: &'a str,
    pub terms: Vec<TermView<'a>>,
}

#[derive(Serialize)]
pub struct TermView<'a> {
    pub id: &'a str,
    /// The name with its abbreviation.
    pub label: String,
    pub html: &'a str,
}

pub fn glossary_view(glossary: &Glossary) -> GlossaryView<'_> {
    GlossaryView {
        title: &glossary.title,
        intro_html: &glossary.intro_html,
        terms: glossary
            .terms
            .iter()
            .map(|t| TermView {
                id: &t.id,
                label: t.label(),
                html: &t.html,
            })
            .collect(),
    }
}

#[derive(Serialize)]
pub struct PartView<'a> {
    pub title: &'a str,
    pub summary: Option<&'a str>,
    pub modules: Vec<ModuleLink<'a>>,
}

#[derive(Serialize, Clone)]
pub struct ModuleLink<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub title_html: &'a str,
    pub summary: Option<&'a str>,
    pub duration: Option<u32>,
    pub url: String,
}

#[derive(Serialize)]
pub struct PageView<'a> {
    pub kind: PageKind,
    pub title: &'a str,
}

/// What a page is, as templates see it (`page.kind`).
#[derive(Clone, Copy, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PageKind {
    Home,
    Progress,
    Accreditation,
    Certificate,
    Verify,
    NotFound,
    Module,
    Print,
    Glossary,
}

#[derive(Serialize)]
pub struct ModuleView<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub title_html: &'a str,
    pub summary: Option<&'a str>,
    pub duration: Option<u32>,
    pub objectives: &'a [String],
    pub shuffle: bool,
    /// A draft, shown only by `serve` and `build --drafts`.
    pub draft: bool,
    pub intro_html: Cow<'a, str>,
    pub sections: Vec<SectionView<'a>>,
    pub quiz_key: String,
    /// Whether the page has figures or players (for `media.css`).
    pub media: bool,
    /// Whether a diagram has its dark variant (for `dark-figures.css`).
    pub dark_figures: bool,
}

#[derive(Serialize)]
pub struct SectionView<'a> {
    pub id: &'a str,
    pub title_html: &'a str,
    pub html: Cow<'a, str>,
}

/// The course for templates; `outline` adds every part and module, for the pages that
/// list the whole course.
pub fn site_view(course: &Course, options: RenderOptions, outline: bool) -> SiteView<'_> {
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
        print_parts: course.modules().count() > PRINT_LIMIT,
        credentials: c.issuer.is_some(),
        accent: c.accent.as_deref().and_then(crate::colour::accent),
        logo: c.logo.as_deref(),
        glossary_title: course.glossary.as_ref().map(|g| g.title.as_str()),
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

pub fn link<'a>(m: &'a Module, from: &str) -> ModuleLink<'a> {
    ModuleLink {
        id: &m.id,
        title: &m.title,
        title_html: &m.title_html,
        summary: m.summary.as_deref(),
        duration: m.duration,
        url: url::relative(from, &module_page(&m.id)),
    }
}

pub fn module_view<'a>(m: &'a Module, trainer: bool, t: &Strings) -> ModuleView<'a> {
    ModuleView {
        id: &m.id,
        title: &m.title,
        title_html: &m.title_html,
        summary: m.summary.as_deref(),
        duration: m.duration,
        objectives: &m.objectives,
        shuffle: m.shuffle,
        draft: m.draft,
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
        media: has_html(m, "<figure class=\"figure"),
        dark_figures: has_html(m, "<img class=\"if-dark\""),
    }
}

/// Whether the module's text (not its quiz) holds `needle`, as the Markdown renderer
/// writes it: for the styles and scripts only some pages need.
fn has_html(m: &Module, needle: &str) -> bool {
    m.intro
        .iter()
        .chain(m.sections.iter().flat_map(|s| &s.blocks))
        .any(|b| matches!(b, Block::Html(h) | Block::Trainer(h) if h.contains(needle)))
}
