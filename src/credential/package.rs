//! The evidence package a learner sends for review (`docs/evidence-package.md`):
//! a versioned JSON document, validated on read, and what a machine can check of it
//! before a trainer awards a level.

use std::path::Path;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::model::Course;
use crate::model::{EarnedBy, Level};

pub const FORMAT: &str = "coursemark-evidence-package";
pub const VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Package {
    pub format: String,
    pub version: u32,
    pub created_at: String,
    pub course: CourseRef,
    pub learner: Learner,
    pub modules: Vec<ModuleRecord>,
    pub levels: Vec<LevelRecord>,
    /// Whether the learner chose to include their notes.
    pub includes_notes: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CourseRef {
    pub id: String,
    pub title: String,
    /// The version of the site the learner used.
    pub build: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Learner {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModuleRecord {
    pub id: String,
    pub title: String,
    pub quiz: Option<QuizRecord>,
    pub checklist: Vec<ChecklistRecord>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct QuizRecord {
    pub attempts: u32,
    /// Percent.
    pub best: Option<f64>,
    pub last: Option<f64>,
    pub passed_at: Option<String>,
    pub questions: Vec<AnswerRecord>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerRecord {
    pub id: String,
    pub answer: Answer,
    pub correct: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Answer {
    Text(String),
    Options(Vec<String>),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChecklistRecord {
    pub id: String,
    pub done: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct LevelRecord {
    pub id: String,
    pub confirmed: bool,
    pub recorded_at: Option<String>,
    pub evidence: Vec<EvidenceRecord>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvidenceRecord {
    pub id: String,
    pub label: String,
    pub value: String,
}

/// Reads and validates the package at `path`; the error names the file and the problem.
pub fn read(path: &Path) -> Result<Package, String> {
    let bytes =
        std::fs::read(path).map_err(|e| format!("{}: cannot read it: {e}", path.display()))?;
    parse(&bytes).map_err(|why| format!("{}: {why}", path.display()))
}

/// Parses and validates a package's bytes.
pub fn parse(bytes: &[u8]) -> Result<Package, String> {
    // Format and version first, so a package from a newer coursemark gets that message.
    let head: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| {
        format!("not a JSON file ({e}); is this the file the Accreditation page downloaded?")
    })?;
    if head.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
        return Err(format!(
            "not an evidence package (its `format` is not `{FORMAT}`); ask the learner for the file \"Ask for review\" downloads"
        ));
    }
    match head.get("version").and_then(|v| v.as_u64()) {
        Some(v) if v == u64::from(VERSION) => {}
        Some(v) if v > u64::from(VERSION) => {
            return Err(format!(
                "made by a newer coursemark (package version {v}; this one reads version {VERSION}); update coursemark"
            ));
        }
        _ => return Err(format!("its `version` is not {VERSION}")),
    }
    let package: Package =
        serde_json::from_slice(bytes).map_err(|e| format!("not a valid evidence package: {e}"))?;
    let mut dates = vec![("createdAt", Some(&package.created_at))];
    for m in &package.modules {
        if let Some(q) = &m.quiz {
            dates.push(("passedAt", q.passed_at.as_ref()));
            for score in [q.best, q.last].into_iter().flatten() {
                if !(0.0..=100.0).contains(&score) {
                    return Err(format!(
                        "module `{}` has a quiz score of {score}, not a percentage",
                        m.id
                    ));
                }
            }
        }
    }
    for l in &package.levels {
        dates.push(("recordedAt", l.recorded_at.as_ref()));
    }
    for (field, date) in dates {
        if let Some(date) = date.filter(|d| !d.is_empty())
            && date.parse::<Timestamp>().is_err()
        {
            return Err(format!(
                "its `{field}` value `{date}` is not a date and time (RFC 3339)"
            ));
        }
    }
    if !crate::slug::is_slug(&package.course.id) {
        return Err(format!(
            "its course id `{}` is not a course id",
            package.course.id
        ));
    }
    Ok(package)
}

impl Package {
    /// Refuses a package for another course.
    pub fn check_course(&self, course: &Course) -> Result<(), String> {
        if self.course.id != course.config.id {
            return Err(format!(
                "it is for the course `{}`, not `{}`",
                self.course.id, course.config.id
            ));
        }
        Ok(())
    }

    fn module(&self, id: &str) -> Option<&ModuleRecord> {
        self.modules.iter().find(|m| m.id == id)
    }

    pub fn level(&self, id: &str) -> Option<&LevelRecord> {
        self.levels.iter().find(|l| l.id == id)
    }
}

/// What a level requires and what of it the package lacks.
#[derive(Debug, Clone, PartialEq)]
pub struct Requirement {
    pub what: String,
    pub met: bool,
    /// What is there, to show the trainer.
    pub present: String,
}

/// Each requirement of `level` itself (not of the levels below), met or not.
pub fn requirements(package: &Package, course: &Course, level: &Level) -> Vec<Requirement> {
    match level.earned_by {
        EarnedBy::Quizzes => course
            .modules()
            .filter(|m| m.questions().next().is_some())
            .map(|m| {
                let quiz = package.module(&m.id).and_then(|r| r.quiz.as_ref());
                let best = quiz.and_then(|q| q.best);
                Requirement {
                    what: format!("Quiz passed: {}", m.title),
                    met: best.is_some_and(|b| b >= f64::from(course.config.pass_mark)),
                    present: match quiz {
                        Some(q) => format!(
                            "best {}%, {} attempt{}",
                            best.map_or("–".into(), |b| format!("{b:.0}")),
                            q.attempts,
                            if q.attempts == 1 { "" } else { "s" }
                        ),
                        None => "not attempted".into(),
                    },
                }
            })
            .collect(),
        EarnedBy::Evidence => {
            let record = package.level(&level.id);
            let mut out: Vec<Requirement> = level
                .evidence
                .iter()
                .map(|field| {
                    let value = record
                        .and_then(|r| r.evidence.iter().find(|e| e.id == field.id))
                        .map(|e| e.value.trim().to_string())
                        .unwrap_or_default();
                    Requirement {
                        what: field.label.clone(),
                        met: !value.is_empty(),
                        present: value,
                    }
                })
                .collect();
            out.push(Requirement {
                what: "The learner confirmed the evidence is true".into(),
                met: record.is_some_and(|r| r.confirmed),
                present: record
                    .and_then(|r| r.recorded_at.clone())
                    .map_or(String::new(), |d| format!("recorded {d}")),
            });
            out
        }
    }
}

/// What is missing for `level` and every level below it; empty when a machine finds
/// nothing against awarding it.
pub fn missing(package: &Package, course: &Course, level: &Level) -> Vec<String> {
    let levels = &course.config.levels;
    let upto = course.config.level_number(level).unwrap_or(0);
    levels[..upto]
        .iter()
        .flat_map(|l| {
            requirements(package, course, l)
                .into_iter()
                .filter(|r| !r.met)
                .map(move |r| format!("{}: {}", l.title, r.what))
        })
        .collect()
}

#[cfg(test)]
pub mod tests {
    use super::*;

    pub fn sample() -> String {
        serde_json::json!({
            "format": FORMAT,
            "version": 1,
            "createdAt": "2026-11-30T10:00:00.000Z",
            "course": { "id": "ocs", "title": "Course", "build": "abc" },
            "learner": { "name": "Ana Horvat", "email": "ana@example.com" },
            "modules": [{ "id": "m", "title": "M", "quiz": { "attempts": 2, "best": 100, "last": 50, "passedAt": "2026-11-29T10:00:00Z", "questions": [{ "id": "q", "answer": ["a"], "correct": true }] }, "checklist": [{ "id": "c", "done": true }] }],
            "levels": [{ "id": "planned", "confirmed": true, "recordedAt": "2026-11-29T11:00:00Z", "evidence": [{ "id": "link-to-your-plan", "label": "Link to your plan", "value": "https://x" }] }],
            "includesNotes": false
        })
        .to_string()
    }

    #[test]
    fn a_valid_package_parses_and_bad_ones_say_why() {
        let good = parse(sample().as_bytes()).unwrap();
        assert_eq!(good.learner.name, "Ana Horvat");
        let cases = [
            ("{", "not a JSON file"),
            ("{\"format\":\"x\"}", "not an evidence package"),
            (
                &sample().replace("\"version\":1", "\"version\":2"),
                "newer coursemark",
            ),
            (
                &sample().replace("\"best\":100", "\"best\":180"),
                "not a percentage",
            ),
            (
                &sample().replace("2026-11-29T10:00:00Z", "yesterday"),
                "not a date",
            ),
            (
                &sample().replace(
                    "\"includesNotes\":false",
                    "\"includesNotes\":false,\"extra\":1",
                ),
                "unknown field `extra`",
            ),
            (
                &sample().replace(",\"name\":\"Ana Horvat\"", ""),
                "missing field `name`",
            ),
        ];
        for (text, want) in cases {
            let why = parse(text.as_bytes()).unwrap_err();
            assert!(why.contains(want), "{why} (wanted {want})");
        }
    }
}
