//! The course's glossary: terms with their definitions, and what pages know of assets.

use std::ops::Range;
use std::path::PathBuf;

/// `glossary.md` (or `glossary.toml`) at the course root.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Glossary {
    pub title: String,
    /// The text before the first term, as HTML.
    pub intro_html: String,
    /// `glossary.md` or `glossary.toml`, relative to the course folder.
    pub source: PathBuf,
    pub terms: Vec<Term>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Term {
    /// The anchor of its entry on the glossary page.
    pub id: String,
    /// The full name, such as `Net revenue retention`.
    pub name: String,
    /// The abbreviation, such as `NRR`.
    pub abbr: Option<String>,
    /// The definition as HTML.
    pub html: String,
    /// Its first sentence as plain text: shown where a module uses the term.
    pub short: String,
    /// Where the term is defined, for diagnostics.
    pub span: Range<usize>,
}

impl Term {
    /// The name with its abbreviation, as the glossary page lists it.
    pub fn label(&self) -> String {
        match &self.abbr {
            Some(abbr) => format!("{} ({abbr})", self.name),
            None => self.name.clone(),
        }
    }
}

/// What a page needs to know of a file under `assets/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AssetFacts {
    pub bytes: u64,
    /// Width and height in CSS pixels, for images.
    pub dimensions: Option<(u32, u32)>,
}
