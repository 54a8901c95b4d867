//! `course.toml`: the raw file as written (unknown keys are errors), resolved once
//! into the model's `Config` with defaults filled in and values checked.

use std::path::Path;

use serde::Deserialize;

use crate::diagnostics::Diagnostic;
use crate::frontmatter;
use crate::model::{Config, EarnedBy, EvidenceField, EvidenceKind, Issuer, Level, Period, Strings};

/// The keys `course.toml` takes at its top level.
const KEYS: [&str; 14] = [
    "title",
    "id",
    "language",
    "pass_mark",
    "shuffle",
    "smart_punctuation",
    "require_checklist",
    "theme",
    "description",
    "author",
    "levels",
    "strings",
    "base_url",
    "issuer",
];

#[derive(Debug, Deserialize)]
struct RawConfig {
    title: Option<String>,
    id: Option<String>,
    language: Option<String>,
    pass_mark: Option<i64>,
    shuffle: Option<bool>,
    smart_punctuation: Option<bool>,
    require_checklist: Option<bool>,
    theme: Option<String>,
    description: Option<String>,
    author: Option<String>,
    levels: Option<Vec<RawLevel>>,
    #[serde(default)]
    strings: Strings,
    base_url: Option<String>,
    issuer: Option<RawIssuer>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIssuer {
    name: String,
    url: Option<String>,
    email: Option<String>,
    #[serde(default)]
    trainers: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLevel {
    id: String,
    title: String,
    description: Option<String>,
    earned_by: String,
    #[serde(default)]
    evidence: Vec<RawEvidence>,
    #[serde(default)]
    rubric: Vec<String>,
    expires_after: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum RawEvidence {
    Label(String),
    Field(RawEvidenceField),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEvidenceField {
    label: String,
    kind: EvidenceKind,
}

/// Guesses the input from the label's words, so `["Link to your plan", "Review date"]` just works.
fn kind_from_label(label: &str) -> EvidenceKind {
    let lower = label.to_lowercase();
    let has = |w: &str| lower.split(|c: char| !c.is_alphanumeric()).any(|x| x == w);
    if has("date") || has("when") {
        EvidenceKind::Date
    } else if has("link") || has("url") {
        EvidenceKind::Link
    } else if has("by") || has("name") || has("reviewer") || has("mentor") {
        EvidenceKind::Name
    } else {
        EvidenceKind::Text
    }
}

/// The four levels of the OCS accreditation process, used when a course names none.
fn default_levels() -> Vec<Level> {
    let level = |id: &str, title: &str, description: &str, evidence: &[&str]| Level {
        id: id.into(),
        title: title.into(),
        description: Some(description.into()),
        earned_by: if evidence.is_empty() {
            EarnedBy::Quizzes
        } else {
            EarnedBy::Evidence
        },
        evidence: evidence_fields(evidence.iter().map(|l| (l.to_string(), None))),
        rubric: Vec::new(),
        expires_after: None,
    };
    vec![
        level(
            "studied",
            "Studied and passed the tests",
            "Pass the quiz of every module.",
            &[],
        ),
        level(
            "planned",
            "Developed plans reviewed by a peer",
            "Write your plans and have a peer review them.",
            &["Link to your plan", "Reviewed by", "Review date"],
        ),
        level(
            "implemented",
            "Implemented the plans with customer feedback",
            "Put the plans to work and collect your customers' feedback.",
            &["What you implemented", "Customer feedback", "Date"],
        ),
        level(
            "mentor",
            "Mentors others",
            "Coach colleagues through the course.",
            &["Who you mentored", "Confirmed by", "Date"],
        ),
    ]
}

fn evidence_fields(
    fields: impl Iterator<Item = (String, Option<EvidenceKind>)>,
) -> Vec<EvidenceField> {
    let mut used = crate::slug::Taken::default();
    fields
        .map(|(label, kind)| EvidenceField {
            id: used.unique(&crate::slug::slugify(&label)),
            kind: kind.unwrap_or_else(|| kind_from_label(&label)),
            label,
        })
        .collect()
}

/// Parses `course.toml`. Problems are returned as diagnostics against `file`.
pub fn parse(file: &Path, text: &str) -> Result<Config, Vec<Diagnostic>> {
    let mut diagnostics = Vec::new();
    let Some(raw) = read(file, text, &mut diagnostics) else {
        return Err(diagnostics);
    };
    let key_span = |key: &str| find_key(text, key);
    let mut required = |value: Option<String>, key: &str, hint: &str| match value {
        Some(v) if !v.trim().is_empty() => v,
        _ => {
            diagnostics.push(
                Diagnostic::error(file, key_span(key), format!("course.toml has no `{key}`"))
                    .with_help(hint.to_string()),
            );
            String::new()
        }
    };
    let title = required(
        raw.title,
        "title",
        "add a line like `title = \"My course\"`",
    );
    let id = required(
        raw.id,
        "id",
        "add a line like `id = \"my-course\"`; it keys the learners' progress, so never reuse one",
    );
    if !id.is_empty() && !crate::slug::is_slug(&id) {
        diagnostics.push(
            Diagnostic::error(
                file,
                key_span("id"),
                format!("course id `{id}` is not a plain name"),
            )
            .with_help("use lowercase letters, digits, `-` and `_` only, like `ocs-2026`"),
        );
    }
    let pass_mark = raw.pass_mark.unwrap_or(80);
    if !(0..=100).contains(&pass_mark) {
        diagnostics.push(
            Diagnostic::error(
                file,
                key_span("pass_mark"),
                format!("pass_mark {pass_mark} is not a percentage"),
            )
            .with_help("use a whole number from 0 to 100, like `pass_mark = 80`"),
        );
    }
    let levels = match raw.levels {
        None => default_levels(),
        Some(raw_levels) => resolve_levels(file, text, raw_levels, &mut diagnostics),
    };
    let base_url = raw.base_url.map(|url| {
        let url = if url.ends_with('/') { url } else { format!("{url}/") };
        if !url.starts_with("https://") && !url.starts_with("http://") {
            diagnostics.push(
                Diagnostic::error(file, key_span("base_url"), format!("base_url `{url}` is not a web address"))
                    .with_help("give the address the site is published at, like `base_url = \"https://academy.example.com/ocs/\"`"),
            );
        }
        url
    });
    if let Some(name) = &raw.theme
        && !crate::theme::is_name(name)
    {
        diagnostics.push(
            Diagnostic::error(
                file,
                key_span("theme"),
                format!("theme `{name}` is not a theme name"),
            )
            .with_help("name a folder in the course's `themes/`, like `theme = \"custom\"` for `themes/custom/`; a path to elsewhere is not read"),
        );
    }
    let issuer = raw
        .issuer
        .map(|raw| resolve_issuer(file, text, raw, &mut diagnostics));
    if !diagnostics.is_empty() {
        return Err(diagnostics);
    }
    Ok(Config {
        title,
        id,
        language: raw.language.unwrap_or_else(|| "en".into()),
        pass_mark: pass_mark as u8,
        shuffle: raw.shuffle.unwrap_or(false),
        smart_punctuation: raw.smart_punctuation.unwrap_or(true),
        require_checklist: raw.require_checklist.unwrap_or(false),
        theme: raw.theme,
        description: raw.description,
        author: raw.author,
        levels,
        strings: raw.strings,
        base_url,
        issuer,
    })
}

/// The raw file: unknown top-level keys are reported, and a file that is not the TOML
/// course.toml takes gives `None`.
fn read(file: &Path, text: &str, diagnostics: &mut Vec<Diagnostic>) -> Option<RawConfig> {
    let parsed = toml::from_str::<toml::Table>(text).and_then(|table| {
        let spans = frontmatter::key_spans(text);
        for key in table.keys().filter(|k| !KEYS.contains(&k.as_str())) {
            diagnostics.push(
                Diagnostic::error(
                    file,
                    spans.get(key.as_str()).cloned().unwrap_or(0..0),
                    format!("unknown key `{key}` in course.toml"),
                )
                .with_help(format!(
                    "course.toml takes {}; remove the key or fix its spelling",
                    KEYS.map(|k| format!("`{k}`")).join(", ")
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
                Some(key) if KEYS.contains(&key) => format!(
                    "`{key}` belongs at the top of course.toml: TOML puts every line after a `[[levels]]` or `[table]` header into that table, so move `{key} = ...` above the first one"
                ),
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

/// `[issuer]`, with every trainer's did:key checked.
fn resolve_issuer(
    file: &Path,
    text: &str,
    raw: RawIssuer,
    diagnostics: &mut Vec<Diagnostic>,
) -> Issuer {
    for did in &raw.trainers {
        if let Err(why) = crate::credential::didkey::decode(did) {
            diagnostics.push(
                Diagnostic::error(
                    file,
                    find_value(text, "trainers", did),
                    format!("[issuer] trainers: {why}"),
                )
                .with_help(
                    "list the did:key that `coursemark issuer init` printed for each trainer",
                ),
            );
        }
    }
    Issuer {
        name: raw.name,
        url: raw.url,
        email: raw.email,
        trainers: raw.trainers,
    }
}

fn resolve_levels(
    file: &Path,
    source: &str,
    raw_levels: Vec<RawLevel>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Level> {
    let mut seen: Vec<String> = Vec::new();
    let mut levels = Vec::new();
    if raw_levels.is_empty() {
        diagnostics.push(
            Diagnostic::error(file, find_key(source, "levels"), "`levels` is empty").with_help(
                "add `[[levels]]` tables, or remove `levels` to get the four default levels",
            ),
        );
    }
    for raw in raw_levels {
        // The n-th level with this id points at its own `id` line, not the first's.
        let earlier = seen.iter().filter(|id| **id == raw.id).count();
        let span = find_value_nth(source, "id", &raw.id, earlier);
        if earlier > 0 {
            diagnostics.push(
                Diagnostic::error(
                    file,
                    span.clone(),
                    format!("two levels have the id `{}`", raw.id),
                )
                .with_help("give every level its own id"),
            );
        }
        seen.push(raw.id.clone());
        let earned_by = match raw.earned_by.as_str() {
            "quizzes" => EarnedBy::Quizzes,
            "evidence" => EarnedBy::Evidence,
            other => {
                diagnostics.push(
                    Diagnostic::error(
                        file,
                        find_value(source, "earned_by", other),
                        format!(
                            "level `{}` is earned by `{other}`, which is not a way to earn a level",
                            raw.id
                        ),
                    )
                    .with_help("use `earned_by = \"quizzes\"` or `earned_by = \"evidence\"`"),
                );
                continue;
            }
        };
        if earned_by == EarnedBy::Evidence && raw.evidence.is_empty() {
            diagnostics.push(
                Diagnostic::error(
                    file,
                    span,
                    format!("level `{}` is earned by evidence but asks for none", raw.id),
                )
                .with_help("list what the learner records, like `evidence = [\"Link to your plan\", \"Reviewed by\", \"Review date\"]`"),
            );
        }
        let expires_after = raw.expires_after.as_deref().and_then(|text| {
            let period = Period::parse(text);
            if period.is_none() {
                diagnostics.push(
                    Diagnostic::error(
                        file,
                        find_value(source, "expires_after", text),
                        format!("level `{}` expires after `{text}`, which is not a period", raw.id),
                    )
                    .with_help("write a number and a unit: `2y` (years), `18m` (months), `6w` (weeks) or `90d` (days)"),
                );
            }
            period
        });
        let fields = raw.evidence.into_iter().map(|e| match e {
            RawEvidence::Label(label) => (label, None),
            RawEvidence::Field(f) => (f.label, Some(f.kind)),
        });
        levels.push(Level {
            id: raw.id,
            title: raw.title,
            description: raw.description,
            earned_by,
            evidence: evidence_fields(fields),
            rubric: raw.rubric,
            expires_after,
        });
    }
    levels
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
    for (key, value) in table.iter().filter(|(k, _)| KEYS.contains(&k.as_str())) {
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

/// The span of `key`'s name, for errors about the key.
fn find_key(text: &str, key: &str) -> std::ops::Range<usize> {
    frontmatter::find_key(text, key, None).map_or(0..0, |at| at.key)
}

/// The span of a `key = "value"` line, for errors about one of several tables.
fn find_value(text: &str, key: &str, value: &str) -> std::ops::Range<usize> {
    find_value_nth(text, key, value, 0)
}

/// The span of the `n`-th (from 0) `key = "value"` line.
fn find_value_nth(text: &str, key: &str, value: &str, n: usize) -> std::ops::Range<usize> {
    frontmatter::key_lines(text, key, Some(value))
        .nth(n)
        .map_or_else(|| find_key(text, key), |at| at.line)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> Result<Config, Vec<Diagnostic>> {
        parse(Path::new("course.toml"), text)
    }

    #[test]
    fn every_wrong_type_is_reported_in_file_order() {
        let text = "title = 5\nid = \"x\"\npass_mark = \"eighty\"\nshuffle = \"yes\"\n\n[[levels]]\nid = \"a\"\ntitle = \"A\"\nearned_by = \"quizzes\"\n\n[[levels]]\nid = 7\ntitle = \"B\"\nearned_by = \"quizzes\"\n";
        let d = parse(Path::new("course.toml"), text).err().unwrap();
        let lines: Vec<usize> = d
            .iter()
            .map(|d| crate::diagnostics::line_col(text, d.span.start).0)
            .collect();
        assert_eq!(lines, [1, 3, 4, 12], "{d:#?}");
    }

    #[test]
    fn defaults_fill_in() {
        let c = parse_str("title = \"T\"\nid = \"t\"\n").unwrap();
        assert_eq!(c.language, "en");
        assert_eq!(c.pass_mark, 80);
        assert_eq!(c.levels.len(), 4);
        assert_eq!(c.levels[0].earned_by, EarnedBy::Quizzes);
        assert_eq!(c.levels[1].evidence[2].kind, EvidenceKind::Date);
        assert_eq!(c.levels[1].evidence[0].kind, EvidenceKind::Link);
        assert_eq!(c.levels[1].evidence[1].kind, EvidenceKind::Name);
    }

    #[test]
    fn unknown_key_names_the_key_and_its_line() {
        let text = "title = \"T\"\nid = \"t\"\ncolour = \"red\"\n";
        let d = parse_str(text).unwrap_err();
        assert!(d[0].message.contains("colour"), "{}", d[0].message);
        assert_eq!(crate::diagnostics::line_col(text, d[0].span.start).0, 3);
    }

    #[test]
    fn missing_title_and_bad_pass_mark_are_both_reported() {
        let d = parse_str("id = \"t\"\npass_mark = 120\n").unwrap_err();
        assert_eq!(d.len(), 2);
        assert!(d[0].message.contains("title"));
        assert!(d[1].message.contains("120"));
    }

    #[test]
    fn evidence_levels_need_evidence() {
        let text = "title = \"T\"\nid = \"t\"\n[[levels]]\nid = \"a\"\ntitle = \"A\"\nearned_by = \"evidence\"\n";
        let d = parse_str(text).unwrap_err();
        assert!(d[0].message.contains("asks for none"));
    }
}
