//! Resolution of the raw `[[levels]]` and `[issuer]` into the model's `Level`s and
//! `Issuer`, with the four default levels and the evidence fields' kinds guessed from labels.

use std::path::Path;

use super::raw::{RawEvidence, RawIssuer, RawLevel};
use super::{find_key, find_value, find_value_nth};
use crate::diagnostics::Diagnostic;
use crate::model::{EarnedBy, EvidenceField, EvidenceKind, Issuer, Level, Period};

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
pub(super) fn default_levels() -> Vec<Level> {
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

/// `[issuer]`, with every trainer's did:key checked.
pub(super) fn resolve_issuer(
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

pub(super) fn resolve_levels(
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
