//! The raw `course.toml` as serde reads it: its top-level keys, the unresolved structs, and
//! the reading that reports unknown keys and every wrongly typed value.

use std::path::Path;

use serde::Deserialize;

use crate::diagnostics::Diagnostic;
use crate::frontmatter;
use crate::keys::{self, COURSE};
use crate::model::{EvidenceKind, Strings};

#[derive(Debug, Deserialize)]
pub(super) struct RawConfig {
    pub(super) title: Option<String>,
    pub(super) id: Option<String>,
    pub(super) language: Option<String>,
    pub(super) pass_mark: Option<i64>,
    pub(super) shuffle: Option<bool>,
    pub(super) smart_punctuation: Option<bool>,
    pub(super) require_checklist: Option<bool>,
    pub(super) allow_external: Option<bool>,
    pub(super) trainer_assets: Option<Vec<String>>,
    pub(super) theme: Option<toml::Value>,
    pub(super) description: Option<String>,
    pub(super) author: Option<String>,
    pub(super) levels: Option<Vec<RawLevel>>,
    #[serde(default)]
    pub(super) strings: Strings,
    pub(super) base_url: Option<String>,
    pub(super) issuer: Option<RawIssuer>,
    pub(super) offline: Option<toml::Table>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawIssuer {
    pub(super) name: String,
    pub(super) url: Option<String>,
    pub(super) email: Option<String>,
    #[serde(default)]
    pub(super) trainers: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLevel {
    pub(super) id: String,
    pub(super) title: String,
    pub(super) description: Option<String>,
    pub(super) earned_by: String,
    #[serde(default)]
    pub(super) evidence: Vec<RawEvidence>,
    #[serde(default)]
    pub(super) rubric: Vec<String>,
    pub(super) expires_after: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(super) enum RawEvidence {
    Label(String),
    Field(RawEvidenceField),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawEvidenceField {
    pub(super) label: String,
    pub(super) kind: EvidenceKind,
}

/// The raw file: unknown top-level keys are reported, and a file that is not the TOML
/// course.toml takes gives `None`.
pub(super) fn read(
    file: &Path,
    text: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<RawConfig> {
    let parsed = toml::from_str::<toml::Table>(text).and_then(|table| {
        let spans = frontmatter::key_spans(text);
        for key in table.keys().filter(|k| !keys::known(COURSE, k)) {
            diagnostics.push(
                Diagnostic::error(
                    file,
                    spans.get(key.as_str()).cloned().unwrap_or(0..0),
                    format!("unknown key `{key}` in course.toml"),
                )
                .with_help(format!(
                    "course.toml takes {}; remove the key or fix its spelling",
                    keys::listed(COURSE)
                )),
            );
        }
        toml::from_str::<RawConfig>(text)
    });
    match parsed {
        Ok(raw) => Some(raw),
        Err(e) => {
            let span = e.span().unwrap_or(0..0);
            let message = e.message().trim().to_string();
            let field = message
                .strip_prefix("unknown field `")
                .and_then(|rest| rest.split('`').next());
            let help = match field {
                // A top-level key written after a table header belongs to that table.
                Some(key) if let Some(help) = super::top_key_help(key) => help,
                Some(_) => "remove the key or fix its spelling; see the authoring guide for the keys a level takes".to_string(),
                None => "course.toml is TOML: `key = \"value\"` lines and `[[levels]]` tables".to_string(),
            };
            diagnostics.push(
                Diagnostic::error(file, span, format!("course.toml: {message}")).with_help(help),
            );
            diagnostics.extend(other_type_errors(file, text, &message));
            diagnostics.sort_by_key(|d| d.span.start);
            None
        }
    }
}

/// serde stops at the first wrong value; the others, each key read on its own (and each
/// `[[table]]` of an array), so one run names them all. `first` is the error already
/// reported, with its exact place.
fn other_type_errors(file: &Path, text: &str, first: &str) -> Vec<Diagnostic> {
    let Ok(table) = toml::from_str::<toml::Table>(text) else {
        return Vec::new();
    };
    let spans = frontmatter::key_spans(text);
    let mut found = Vec::new();
    for (key, value) in table.iter().filter(|(k, _)| keys::known(COURSE, k)) {
        // The places of `[[key]]` headers, for the tables of an array.
        let headers: Vec<usize> = text
            .match_indices(&format!("[[{key}]]"))
            .map(|(i, _)| i)
            .collect();
        let pieces: Vec<(toml::Value, std::ops::Range<usize>)> = match value {
            toml::Value::Array(items) if items.iter().all(toml::Value::is_table) => items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    let at = headers.get(i).map_or(0..0, |&h| h..h + key.len() + 4);
                    (toml::Value::Array(vec![item.clone()]), at)
                })
                .collect(),
            _ => vec![(
                value.clone(),
                spans.get(key.as_str()).cloned().unwrap_or(0..0),
            )],
        };
        for (piece, span) in pieces {
            let mut alone = toml::Table::new();
            alone.insert(key.clone(), piece);
            if let Err(e) = toml::Value::Table(alone).try_into::<RawConfig>() {
                let message = e.message().trim().to_string();
                if message != first {
                    found.push(
                        Diagnostic::error(file, span, format!("course.toml: {message}"))
                            .with_help("course.toml is TOML: `key = \"value\"` lines and `[[levels]]` tables; see the authoring guide for what each key takes"),
                    );
                }
            }
        }
    }
    found
}
