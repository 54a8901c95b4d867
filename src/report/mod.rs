//! The trainer's cohort report (`coursemark report`): learners' progress exports,
//! evidence packages and awarded credentials in; a static folder out, `index.html`
//! with the overview, item analysis and coaching notes, and the numbers as CSV.

mod analysis;
pub mod csv;
pub mod html;
pub mod load;
pub mod stats;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use rayon::prelude::*;

use crate::model::Course;
use load::{Award, LearnerRecord, Loaded};

/// What became of one file given to the report.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Used {
        learner: String,
    },
    /// The same learner's newer file was used instead.
    Superseded {
        learner: String,
        by: PathBuf,
    },
    Award {
        learner: String,
        level: String,
    },
    Refused(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct FileOutcome {
    pub file: PathBuf,
    pub outcome: Outcome,
}

/// The learners of a cohort, one record each, and what became of every file.
pub struct Cohort<'a> {
    pub course: &'a Course,
    /// Sorted by name.
    pub learners: Vec<LearnerRecord>,
    pub awards: Vec<Award>,
    /// In the order given.
    pub files: Vec<FileOutcome>,
}

impl Cohort<'_> {
    /// The levels awarded to a learner as credentials that verified.
    pub fn verified_levels(&self, learner: &LearnerRecord) -> Vec<&str> {
        let key = identity(&learner.name);
        self.course
            .config
            .levels
            .iter()
            .filter(|l| {
                self.awards
                    .iter()
                    .any(|a| a.level == l.id && identity(&a.learner) == key)
            })
            .map(|l| l.id.as_str())
            .collect()
    }

    pub fn refused(&self) -> usize {
        self.files
            .iter()
            .filter(|f| matches!(f.outcome, Outcome::Refused(_)))
            .count()
    }
}

/// The key two files of the same learner share: the name, in any case and spacing.
fn identity(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Reads every file (in parallel) and keeps each learner's latest one: the one made
/// last, else the one with the latest activity, else the one named last.
pub fn cohort<'a>(
    course: &'a Course,
    course_dir: &Path,
    files: &[PathBuf],
    now: Timestamp,
) -> Cohort<'a> {
    let loaded: Vec<Loaded> = files
        .par_iter()
        .map(|f| load::file(f, course, course_dir, now))
        .collect();
    let mut outcomes: Vec<Option<Outcome>> = vec![None; files.len()];
    let mut awards = Vec::new();
    // Each learner's chosen file index.
    let mut chosen: BTreeMap<String, usize> = BTreeMap::new();
    let mut records: Vec<Option<LearnerRecord>> = Vec::with_capacity(files.len());
    for (i, l) in loaded.into_iter().enumerate() {
        match l {
            Loaded::Refused(why) => {
                outcomes[i] = Some(Outcome::Refused(why));
                records.push(None);
            }
            Loaded::Award(a) => {
                outcomes[i] = Some(Outcome::Award {
                    learner: a.learner.clone(),
                    level: a.level.clone(),
                });
                awards.push(a);
                records.push(None);
            }
            Loaded::Learner(r) => {
                // A file without a name stands for a learner of its own.
                let key = if r.name.trim().is_empty() {
                    format!("\u{0}{}", r.file.display())
                } else {
                    identity(&r.name)
                };
                let later = |a: &LearnerRecord, b: &LearnerRecord| {
                    (a.made, a.last_activity) >= (b.made, b.last_activity)
                };
                match chosen.get(&key) {
                    Some(&j) if !later(&r, records[j].as_ref().expect("chosen is loaded")) => {
                        outcomes[i] = Some(Outcome::Superseded {
                            learner: r.name.clone(),
                            by: files[j].clone(),
                        });
                    }
                    Some(&j) => {
                        outcomes[j] = Some(Outcome::Superseded {
                            learner: r.name.clone(),
                            by: files[i].clone(),
                        });
                        chosen.insert(key, i);
                    }
                    None => {
                        chosen.insert(key, i);
                    }
                }
                records.push(Some(*r));
            }
        }
    }
    let mut learners = Vec::with_capacity(chosen.len());
    for &i in chosen.values() {
        if let Some(r) = records[i].take() {
            outcomes[i] = Some(Outcome::Used {
                learner: r.name.clone(),
            });
            learners.push(r);
        }
    }
    learners.sort_by(|a, b| {
        identity(&a.name)
            .cmp(&identity(&b.name))
            .then_with(|| a.file.cmp(&b.file))
    });
    let files = files
        .iter()
        .zip(outcomes)
        .map(|(file, outcome)| FileOutcome {
            file: file.clone(),
            // Every file got one above: refused, an award, superseded or used.
            outcome: outcome.expect("every file has an outcome"),
        })
        .collect();
    Cohort {
        course,
        learners,
        awards,
        files,
    }
}

/// Writes the report folder (atomically, as a build writes a site): `index.html` and
/// the CSV files.
pub fn write(cohort: &Cohort, out: &Path, now: Timestamp) -> Result<(), crate::Error> {
    let items = stats::items(cohort.course, &cohort.learners);
    let page = html::page(cohort, &items, now);
    let tables = csv::tables(cohort, &items);
    crate::write::write_site(out, |staging| -> Result<(), crate::Error> {
        staging.write("index.html", page.as_bytes())?;
        for (name, text) in &tables {
            staging.write(name, text.as_bytes())?;
        }
        Ok(())
    })?;
    Ok(())
}
