//! The course as plain data: what parsing produces and rendering reads. No I/O.

use std::path::PathBuf;
use std::sync::Arc;

use serde::Serialize;

mod glossary;
mod settings;

pub use glossary::{AssetFacts, Glossary, Term};
pub use settings::{
    Config, EarnedBy, EvidenceField, EvidenceKind, Issuer, Level, Period, Strings, is_trainer_asset,
};

#[derive(Debug, Clone, PartialEq)]
pub struct Course {
    pub config: Config,
    /// The home page text from `index.md`, if the course has one.
    pub home: Vec<Block>,
    pub parts: Vec<Part>,
    /// Files under `assets/`, relative to the course folder, sorted.
    pub assets: Vec<PathBuf>,
    /// The terms of `glossary.md` or `glossary.toml`, when the course has one.
    pub glossary: Option<Glossary>,
}

impl Course {
    pub fn modules(&self) -> impl Iterator<Item = &Module> {
        self.parts
            .iter()
            .flat_map(|p| p.modules.iter().map(|m| m.as_ref()))
    }

    /// The assets an edition publishes: the trainer edition every one, the learners'
    /// all but the `trainer_assets`.
    pub fn assets_for(&self, trainer: bool) -> impl Iterator<Item = &PathBuf> {
        self.assets
            .iter()
            .filter(move |a| trainer || !self.config.trainer_only(a))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    /// The folder name, e.g. `01-foundations`.
    pub dir: String,
    pub title: String,
    pub summary: Option<String>,
    /// Shared, so a rebuild reuses the modules that did not change.
    pub modules: Vec<Arc<Module>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Module {
    /// The key of the learner's progress and the page name.
    pub id: String,
    /// Source file, relative to the course folder.
    pub source: PathBuf,
    /// The title as plain text: for `<title>`, search and the scripts' data.
    pub title: String,
    /// The title with its inline code and emphasis, for headings and navigation.
    pub title_html: String,
    pub summary: Option<String>,
    /// Minutes.
    pub duration: Option<u32>,
    pub objectives: Vec<String>,
    pub shuffle: bool,
    /// `draft = true`: left out of a build unless drafts are shown.
    pub draft: bool,
    /// Text before the first section.
    pub intro: Vec<Block>,
    pub sections: Vec<Section>,
}

impl Module {
    pub fn questions(&self) -> impl Iterator<Item = &Question> {
        self.blocks().filter_map(|b| match b {
            Block::Question(q) => Some(q.as_ref()),
            _ => None,
        })
    }

    pub fn checklist(&self) -> impl Iterator<Item = &ChecklistItem> {
        self.blocks()
            .filter_map(|b| match b {
                Block::Checklist(items) => Some(items.iter()),
                _ => None,
            })
            .flatten()
    }

    /// Keeps only what the pages that list the whole course and the quiz-quality check
    /// read: the front matter, the sections' kinds and titles, the checklists, the
    /// questions' prompts and options, and whether they have an explanation, feedback
    /// and trainer notes. A build lets go of the rest once the module's page is written.
    pub fn lighten(&mut self) {
        fn clear(html: &mut Option<String>) {
            if let Some(html) = html {
                *html = String::new();
            }
        }
        self.intro = Vec::new();
        for s in &mut self.sections {
            s.blocks
                .retain(|b| matches!(b, Block::Question(_) | Block::Checklist(_)));
            s.blocks.shrink_to_fit();
            for block in &mut s.blocks {
                if let Block::Question(q) = block {
                    q.body_html = String::new();
                    clear(&mut q.explanation_html);
                    clear(&mut q.trainer_html);
                    if let Answer::Choice(options) = &mut q.answer {
                        options.iter_mut().for_each(|o| clear(&mut o.feedback_html));
                    }
                }
            }
        }
    }

    fn blocks(&self) -> impl Iterator<Item = &Block> {
        self.sections.iter().flat_map(|s| s.blocks.iter())
    }
}

/// The five sections every module has, in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SectionKind {
    What,
    Why,
    How,
    Test,
    Implement,
}

impl SectionKind {
    pub const ALL: [SectionKind; 5] = [
        SectionKind::What,
        SectionKind::Why,
        SectionKind::How,
        SectionKind::Test,
        SectionKind::Implement,
    ];

    pub fn id(self) -> &'static str {
        match self {
            SectionKind::What => "what",
            SectionKind::Why => "why",
            SectionKind::How => "how",
            SectionKind::Test => "test",
            SectionKind::Implement => "implement",
        }
    }

    /// The English heading that selects the section without an explicit `{#id}`.
    pub fn default_title(self) -> &'static str {
        match self {
            SectionKind::What => "What it is",
            SectionKind::Why => "Why do it",
            SectionKind::How => "How to do it",
            SectionKind::Test => "Test your knowledge",
            SectionKind::Implement => "Implement it",
        }
    }

    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.id() == id)
    }

    pub fn from_title(title: &str) -> Option<Self> {
        let words = title.split_whitespace().collect::<Vec<_>>().join(" ");
        Self::ALL
            .into_iter()
            .find(|k| k.default_title().eq_ignore_ascii_case(&words))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub kind: SectionKind,
    /// The heading as the author wrote it, rendered inline.
    pub title_html: String,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Html(String),
    /// Facilitator notes: only in the trainer edition.
    Trainer(String),
    /// Boxed: a question is several times the size of any other block, and a course's
    /// blocks are held from the check to the end of rendering.
    Question(Box<Question>),
    Checklist(Vec<ChecklistItem>),
    /// A GitHub alert (`> [!NOTE]`): its kind and its content as HTML.
    Callout {
        kind: CalloutKind,
        html: String,
    },
    /// The notes a section refers to, listed at its end; `label_id` is the id of the
    /// list's heading, which the references name in `aria-describedby`.
    Footnotes {
        label_id: String,
        notes: Vec<Footnote>,
    },
    /// A course container (`::: case Medora`): its kind, its title (inline HTML) and
    /// its content.
    Container {
        kind: ContainerKind,
        title_html: Option<String>,
        html: String,
    },
}

/// What a course container holds; learners see each as a labelled block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContainerKind {
    /// `::: example`: a worked example.
    Example,
    /// `::: case`: the case study that runs through the course.
    Case,
    /// `::: template`: a template the learner copies.
    Template,
}

impl ContainerKind {
    pub const ALL: [ContainerKind; 3] = [
        ContainerKind::Example,
        ContainerKind::Case,
        ContainerKind::Template,
    ];

    /// The name after `:::`.
    pub fn name(self) -> &'static str {
        match self {
            ContainerKind::Example => "example",
            ContainerKind::Case => "case",
            ContainerKind::Template => "template",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// The kinds of GitHub's alerts, the callouts a module may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CalloutKind {
    Note,
    Tip,
    Important,
    Warning,
    Caution,
}

impl CalloutKind {
    pub const ALL: [CalloutKind; 5] = [
        CalloutKind::Note,
        CalloutKind::Tip,
        CalloutKind::Important,
        CalloutKind::Warning,
        CalloutKind::Caution,
    ];

    /// The word as written in `[!NOTE]`, and (lowercase) the class and text key's end.
    pub fn name(self) -> &'static str {
        match self {
            CalloutKind::Note => "NOTE",
            CalloutKind::Tip => "TIP",
            CalloutKind::Important => "IMPORTANT",
            CalloutKind::Warning => "WARNING",
            CalloutKind::Caution => "CAUTION",
        }
    }

    /// The kind's class (`callout-note`) and the key of its title among the theme's texts.
    pub fn key(self) -> &'static str {
        match self {
            CalloutKind::Note => "callout_note",
            CalloutKind::Tip => "callout_tip",
            CalloutKind::Important => "callout_important",
            CalloutKind::Warning => "callout_warning",
            CalloutKind::Caution => "callout_caution",
        }
    }
}

/// A footnote: its id (`fn-...`), its text as HTML and the ids of the references to
/// it, in order, for its back-links.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Footnote {
    pub id: String,
    pub html: String,
    pub references: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    pub id: String,
    /// The heading's byte range in the module file, for diagnostics about the question.
    pub span: std::ops::Range<usize>,
    pub prompt_html: String,
    /// Scenario text between the heading and the options.
    pub body_html: String,
    pub answer: Answer,
    pub explanation_html: Option<String>,
    /// Trainer notes written inside the question.
    pub trainer_html: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// Options; one correct option makes a single choice, several a multiple choice.
    Choice(Vec<QuizOption>),
    /// Accepted answers of a short free-text question.
    Text(Vec<String>),
}

impl Question {
    pub fn kind(&self) -> QuestionKind {
        match &self.answer {
            Answer::Text(_) => QuestionKind::Text,
            Answer::Choice(options) if options.iter().filter(|o| o.correct).count() > 1 => {
                QuestionKind::Multiple
            }
            Answer::Choice(_) => QuestionKind::Single,
        }
    }
}

/// How a question is answered: one option (radio buttons), several (checkboxes,
/// all-or-nothing) or a short text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum QuestionKind {
    Single,
    Multiple,
    Text,
}

impl QuestionKind {
    /// The name `course.js` gives it (`kind`).
    pub fn name(self) -> &'static str {
        match self {
            QuestionKind::Single => "single",
            QuestionKind::Multiple => "multiple",
            QuestionKind::Text => "text",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuizOption {
    pub html: String,
    pub correct: bool,
    pub feedback_html: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChecklistItem {
    pub id: String,
    pub html: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn section_titles_match_loosely() {
        assert_eq!(
            SectionKind::from_title("what  it IS"),
            Some(SectionKind::What)
        );
        assert_eq!(SectionKind::from_title("Warum"), None);
        assert_eq!(SectionKind::from_id("test"), Some(SectionKind::Test));
    }
}
