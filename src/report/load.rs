//! Reads the files a trainer collects: learners' progress exports (every schema
//! version the site has written), evidence packages (through the credential module's
//! reader) and awarded credentials. Each file becomes a learner's record or a reason
//! it was refused; one bad file never stops the others.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use serde::Deserialize;

use crate::credential::{self, package};
use crate::model::Course;

/// The newest progress export schema this coursemark reads (`store.js`'s `VERSION`).
pub const PROGRESS_VERSION: u64 = 2;

/// One learner's answers to one question.
#[derive(Debug, Clone, PartialEq)]
pub enum Given {
    /// The option values (`a`, `b`, ...) chosen.
    Options(Vec<String>),
    Text(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    pub given: Given,
    pub correct: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct QuizRecord {
    pub attempts: u32,
    pub best: Option<f64>,
    pub last: Option<f64>,
    /// The first attempt's answers by question id, when the file holds them (progress
    /// exports from version 2 on, or a quiz tried only once).
    pub first: Option<BTreeMap<String, Response>>,
    /// The last attempt's answers by question id.
    pub latest: BTreeMap<String, Response>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ModuleRecord {
    /// The sections read; evidence packages do not say.
    pub read: Option<Vec<String>>,
    pub tasks: Vec<String>,
    /// Only when the learner chose to share them.
    pub notes: Option<String>,
    pub quiz: Option<QuizRecord>,
}

/// What one file says about one learner.
#[derive(Debug, Clone, PartialEq)]
pub struct LearnerRecord {
    pub name: String,
    pub file: PathBuf,
    /// When the file was made (export or package time), to pick the latest of two.
    pub made: Option<Timestamp>,
    pub last_activity: Option<Timestamp>,
    pub modules: BTreeMap<String, ModuleRecord>,
    /// Levels whose evidence the learner confirmed, with the fields they filled in.
    pub evidence: BTreeMap<String, Vec<String>>,
}

/// A level awarded as a credential that verified for this course.
#[derive(Debug, Clone, PartialEq)]
pub struct Award {
    pub learner: String,
    pub level: String,
    pub file: PathBuf,
}

/// What one file turned out to be.
#[derive(Debug, Clone, PartialEq)]
pub enum Loaded {
    Learner(Box<LearnerRecord>),
    Award(Award),
    /// Why the file was not used.
    Refused(String),
}

/// Reads one file for `course` (in `course_dir`, where revocations are recorded);
/// `now` is when credentials must be valid.
pub fn file(path: &Path, course: &Course, course_dir: &Path, now: Timestamp) -> Loaded {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    if ext.eq_ignore_ascii_case("jwt") || ext.eq_ignore_ascii_case("svg") {
        return match credential::verify_file(path, course, course_dir, now) {
            Ok(v) => Loaded::Award(Award {
                learner: v.learner_name,
                level: v.level_id,
                file: path.to_path_buf(),
            }),
            Err(why) => Loaded::Refused(strip_path(path, why)),
        };
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => return Loaded::Refused(format!("cannot read it: {e}")),
    };
    match bytes_of(&bytes, path, course) {
        Ok(record) => Loaded::Learner(Box::new(record)),
        Err(why) => Loaded::Refused(why),
    }
}

fn strip_path(path: &Path, why: String) -> String {
    let prefix = format!("{}: ", path.display());
    match why.strip_prefix(&prefix) {
        Some(rest) => rest.to_string(),
        None => why,
    }
}

/// Parses a progress export or an evidence package for `course`.
pub fn bytes_of(bytes: &[u8], path: &Path, course: &Course) -> Result<LearnerRecord, String> {
    let head: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| {
        format!("not a JSON file ({e}); ask the learner for the file the site's My progress page exports")
    })?;
    let Some(fields) = head.as_object() else {
        return Err("not a progress export or evidence package (not a JSON object)".into());
    };
    let course_id = &course.config.id;
    if fields.contains_key("format") {
        let package = package::parse(bytes)?;
        package.check_course(course)?;
        return Ok(from_package(package, path));
    }
    if !fields.contains_key("modules") {
        return Err(
            "not a progress export or evidence package (it has no `modules` and no `format`)"
                .into(),
        );
    }
    let version = match fields.get("version") {
        None => 0,
        Some(v) => v.as_u64().ok_or("its `version` is not a whole number")?,
    };
    if version > PROGRESS_VERSION {
        return Err(format!(
            "made by a newer coursemark (progress version {version}; this one reads up to {PROGRESS_VERSION}); update coursemark"
        ));
    }
    if let Some(other) = fields.get("course")
        && other.as_str() != Some(course_id)
    {
        return Err(format!(
            "it is for the course `{}`, not `{course_id}`",
            other.as_str().unwrap_or("?")
        ));
    }
    let export: Export =
        serde_json::from_value(head).map_err(|e| format!("not a valid progress export: {e}"))?;
    Ok(from_export(export, path))
}

fn timestamp(text: &str) -> Option<Timestamp> {
    text.parse().ok()
}

fn from_package(p: package::Package, path: &Path) -> LearnerRecord {
    let mut last = timestamp(&p.created_at);
    let modules = p
        .modules
        .into_iter()
        .map(|m| {
            let quiz = m.quiz.map(|q| {
                if let Some(at) = q.passed_at.as_deref().and_then(timestamp) {
                    last = last.max(Some(at));
                }
                let latest: BTreeMap<String, Response> = q
                    .questions
                    .into_iter()
                    .map(|a| {
                        let given = match a.answer {
                            package::Answer::Text(t) => Given::Text(t),
                            package::Answer::Options(o) => Given::Options(o),
                        };
                        (
                            a.id,
                            Response {
                                given,
                                correct: a.correct,
                            },
                        )
                    })
                    .collect();
                QuizRecord {
                    attempts: q.attempts,
                    best: q.best,
                    last: q.last,
                    first: (q.attempts == 1).then(|| latest.clone()),
                    latest,
                }
            });
            let record = ModuleRecord {
                read: None,
                tasks: m
                    .checklist
                    .into_iter()
                    .filter(|c| c.done)
                    .map(|c| c.id)
                    .collect(),
                notes: m.notes.filter(|n| p.includes_notes && !n.trim().is_empty()),
                quiz,
            };
            (m.id, record)
        })
        .collect();
    LearnerRecord {
        name: p.learner.name,
        file: path.to_path_buf(),
        made: timestamp(&p.created_at),
        last_activity: last,
        modules,
        evidence: p
            .levels
            .into_iter()
            .filter(|l| l.confirmed)
            .map(|l| {
                let filled = l
                    .evidence
                    .into_iter()
                    .filter(|e| !e.value.trim().is_empty())
                    .map(|e| e.id)
                    .collect();
                (l.id, filled)
            })
            .collect(),
    }
}

/// A progress export as `store.js` writes it (versions 0 to 2; fields added later
/// default when absent).
#[derive(Deserialize)]
struct Export {
    #[serde(default)]
    learner: ExportLearner,
    #[serde(default)]
    exported: String,
    #[serde(default)]
    modules: BTreeMap<String, ExportModule>,
    #[serde(default)]
    evidence: BTreeMap<String, ExportEvidence>,
    /// Set when the learner ticked "share my notes" as they exported.
    #[serde(default, rename = "shareNotes")]
    share_notes: bool,
}

#[derive(Deserialize, Default)]
struct ExportLearner {
    #[serde(default)]
    name: String,
}

#[derive(Deserialize)]
struct ExportModule {
    #[serde(default)]
    read: BTreeMap<String, bool>,
    #[serde(default)]
    tasks: BTreeMap<String, bool>,
    #[serde(default)]
    notes: String,
    #[serde(default)]
    at: String,
    quiz: Option<ExportQuiz>,
}

#[derive(Deserialize)]
struct ExportQuiz {
    #[serde(default)]
    attempts: u32,
    best: Option<f64>,
    last: Option<f64>,
    #[serde(default)]
    at: String,
    #[serde(default)]
    questions: BTreeMap<String, ExportAnswer>,
    #[serde(default)]
    history: Vec<ExportAttempt>,
}

#[derive(Deserialize)]
struct ExportAttempt {
    n: u32,
    #[serde(default)]
    answers: BTreeMap<String, ExportAnswer>,
}

#[derive(Deserialize)]
struct ExportAnswer {
    answer: ExportGiven,
    #[serde(default)]
    correct: bool,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum ExportGiven {
    Text(String),
    Options(Vec<String>),
}

#[derive(Deserialize)]
struct ExportEvidence {
    #[serde(default)]
    confirmed: bool,
    #[serde(default)]
    fields: BTreeMap<String, String>,
}

fn responses(answers: BTreeMap<String, ExportAnswer>) -> BTreeMap<String, Response> {
    answers
        .into_iter()
        .map(|(id, a)| {
            let given = match a.answer {
                ExportGiven::Text(t) => Given::Text(t),
                ExportGiven::Options(o) => Given::Options(o),
            };
            (
                id,
                Response {
                    given,
                    correct: a.correct,
                },
            )
        })
        .collect()
}

fn from_export(e: Export, path: &Path) -> LearnerRecord {
    let mut last = None;
    let modules = e
        .modules
        .into_iter()
        .map(|(id, m)| {
            last = last.max(timestamp(&m.at));
            let quiz = m.quiz.filter(|q| q.attempts > 0).map(|q| {
                last = last.max(timestamp(&q.at));
                let latest = responses(q.questions);
                let from_history = q
                    .history
                    .into_iter()
                    .find(|h| h.n == 1)
                    .map(|h| responses(h.answers));
                QuizRecord {
                    attempts: q.attempts,
                    best: q.best,
                    last: q.last,
                    first: from_history.or_else(|| (q.attempts == 1).then(|| latest.clone())),
                    latest,
                }
            });
            let done = |map: BTreeMap<String, bool>| {
                map.into_iter()
                    .filter(|(_, v)| *v)
                    .map(|(k, _)| k)
                    .collect()
            };
            let record = ModuleRecord {
                read: Some(done(m.read)),
                tasks: done(m.tasks),
                notes: (e.share_notes && !m.notes.trim().is_empty()).then_some(m.notes),
                quiz,
            };
            (id, record)
        })
        .collect();
    LearnerRecord {
        name: e.learner.name,
        file: path.to_path_buf(),
        made: timestamp(&e.exported),
        last_activity: last,
        modules,
        evidence: e
            .evidence
            .into_iter()
            .filter(|(_, ev)| ev.confirmed)
            .map(|(id, ev)| {
                let filled = ev
                    .fields
                    .into_iter()
                    .filter(|(_, v)| !v.trim().is_empty())
                    .map(|(k, _)| k)
                    .collect();
                (id, filled)
            })
            .collect(),
    }
}
