//! The course's settings from `course.toml`, resolved: title, id, language, pass
//! mark, accreditation levels and the course's own texts. Plain data.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// Texts by key, as templates (`t.key`) and scripts (`strings.key`) see them.
pub type Strings = BTreeMap<String, String>;

/// `course.toml` with every default filled in.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub title: String,
    pub id: String,
    pub language: String,
    pub pass_mark: u8,
    pub shuffle: bool,
    /// Curly quotes, dashes and ellipses in prose (never in code or raw HTML).
    pub smart_punctuation: bool,
    /// A module is complete only when its Implement checklist is done too.
    pub require_checklist: bool,
    /// Media from other hosts (`<img src="https://...">`) are allowed; by default they
    /// are errors, since the site promises to make no external request.
    pub allow_external: bool,
    /// Folders or files under `assets/` (course-relative) that only the trainer edition
    /// publishes: answer keys, run sheets.
    pub trainer_assets: Vec<PathBuf>,
    pub theme: Option<String>,
    /// The brand colour (`[theme] accent`, `#rgb` or `#rrggbb`).
    pub accent: Option<String>,
    /// The course's logo, course-relative under `assets/` (`[theme] logo`).
    pub logo: Option<String>,
    pub description: Option<String>,
    pub author: Option<String>,
    pub levels: Vec<Level>,
    /// The course's own wording for built-in texts of the theme, by key.
    pub strings: Strings,
    /// Where the site is published (ends with `/`): credentials can then point at it
    /// and be revoked.
    pub base_url: Option<String>,
    /// Who awards credentials for the course, and the trainers' keys the site trusts.
    pub issuer: Option<Issuer>,
    /// Up to this many bytes the site is saved for offline use once the page is idle;
    /// above it the learner is asked first (`[offline] max_precache`).
    pub max_precache: u64,
}

impl Config {
    /// Whether `asset` (course-relative) reaches only the trainer edition.
    pub fn trainer_only(&self, asset: &Path) -> bool {
        is_trainer_asset(&self.trainer_assets, asset)
    }

    /// Where `level` stands among the course's levels, counted from 1.
    pub fn level_number(&self, level: &Level) -> Option<usize> {
        self.levels
            .iter()
            .position(|l| l.id == level.id)
            .map(|i| i + 1)
    }
}

/// Whether `asset` is one of `trainer_assets` or inside one of them.
pub fn is_trainer_asset(trainer_assets: &[PathBuf], asset: &Path) -> bool {
    trainer_assets.iter().any(|t| asset.starts_with(t))
}

/// The `[issuer]` of `course.toml`: the profile put in every credential, and the
/// `did:key`s of the trainers allowed to sign them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Issuer {
    pub name: String,
    pub url: Option<String>,
    pub email: Option<String>,
    pub trainers: Vec<String>,
}

/// How long an awarded level stays valid (`expires_after = "2y"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Years(u16),
    Months(u16),
    Days(u16),
}

impl Period {
    /// `2y`, `18m`, `6w` or `90d`.
    pub fn parse(text: &str) -> Option<Period> {
        let text = text.trim();
        let unit = text.chars().last()?;
        let n: u16 = text[..text.len() - unit.len_utf8()].trim().parse().ok()?;
        match (n, unit) {
            (0, _) => None,
            (n, 'y') => Some(Period::Years(n)),
            (n, 'm') => Some(Period::Months(n)),
            (n, 'w') => n.checked_mul(7).map(Period::Days),
            (n, 'd') => Some(Period::Days(n)),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Level {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    pub earned_by: EarnedBy,
    pub evidence: Vec<EvidenceField>,
    /// What the trainer judges before awarding the level.
    pub rubric: Vec<String>,
    #[serde(skip)]
    pub expires_after: Option<Period>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EarnedBy {
    /// Every module's quiz passed.
    Quizzes,
    /// The learner records evidence.
    Evidence,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvidenceField {
    pub id: String,
    pub label: String,
    pub kind: EvidenceKind,
}

/// Which input the learner gets for a piece of evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EvidenceKind {
    Text,
    Link,
    Name,
    Date,
}
