//! The numbers of the cohort report: each learner's state per module and level, and
//! item analysis per question (facility, point-biserial discrimination, option
//! choices, frequent wrong answers, flags) over learners' first attempts.

use std::collections::BTreeMap;

use crate::model::EarnedBy;
use crate::model::{Answer, Course, Module, Question};
use crate::render::text_of;

use super::load::{Given, LearnerRecord, ModuleRecord};

/// Flags need at least this many first attempts; fewer say little about a question.
pub const MIN_RESPONSES: usize = 5;
/// Above this facility a question is flagged too easy...
pub const TOO_EASY: f64 = 0.9;
/// ...and below this one too hard.
pub const TOO_HARD: f64 = 0.3;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    NotStarted,
    InProgress,
    Complete,
}

/// A learner's state in one module.
#[derive(Debug, Clone, PartialEq)]
pub struct ModuleState {
    pub status: Status,
    pub attempts: u32,
    pub best: Option<f64>,
    pub passed: bool,
    pub tasks_done: usize,
    pub tasks: usize,
}

pub fn passed(course: &Course, r: Option<&ModuleRecord>) -> bool {
    r.and_then(|r| r.quiz.as_ref())
        .and_then(|q| q.best)
        .is_some_and(|b| b >= f64::from(course.config.pass_mark))
}

/// As the site's progress page counts it: every section read, the quiz passed and,
/// when the course asks, the checklist done (a package does not say what was read).
pub fn module_state(course: &Course, module: &Module, r: Option<&ModuleRecord>) -> ModuleState {
    let checklist: Vec<&str> = module.checklist().map(|c| c.id.as_str()).collect();
    let tasks_done = r.map_or(0, |r| {
        checklist
            .iter()
            .filter(|c| r.tasks.iter().any(|t| t == *c))
            .count()
    });
    let has_quiz = module.questions().next().is_some();
    let quiz = r.and_then(|r| r.quiz.as_ref());
    let passed = passed(course, r);
    let read_all = r.is_some_and(|r| {
        r.read.as_ref().is_none_or(|read| {
            module
                .sections
                .iter()
                .all(|s| read.iter().any(|x| x == s.kind.id()))
        })
    });
    let checklist_ok = !course.config.require_checklist || tasks_done == checklist.len();
    let started = r.is_some_and(|r| {
        r.read.as_ref().is_some_and(|x| !x.is_empty())
            || !r.tasks.is_empty()
            || r.notes.is_some()
            || quiz.is_some_and(|q| q.attempts > 0)
    });
    let status = if read_all && (passed || !has_quiz) && checklist_ok && (started || passed) {
        Status::Complete
    } else if started {
        Status::InProgress
    } else {
        Status::NotStarted
    };
    ModuleState {
        status,
        attempts: quiz.map_or(0, |q| q.attempts),
        best: quiz.and_then(|q| q.best),
        passed,
        tasks_done,
        tasks: checklist.len(),
    }
}

/// The levels a learner reached by their own record: each level in order while it is
/// earned (quizzes passed, or evidence confirmed with every field filled in).
pub fn recorded_levels<'a>(course: &'a Course, learner: &LearnerRecord) -> Vec<&'a str> {
    course
        .config
        .levels
        .iter()
        .take_while(|level| match level.earned_by {
            EarnedBy::Quizzes => course
                .modules()
                .filter(|m| m.questions().next().is_some())
                .all(|m| passed(course, learner.modules.get(&m.id))),
            EarnedBy::Evidence => learner
                .evidence
                .get(&level.id)
                .is_some_and(|filled| level.evidence.iter().all(|f| filled.contains(&f.id))),
        })
        .map(|l| l.id.as_str())
        .collect()
}

#[derive(Debug, Clone, PartialEq)]
pub enum Flag {
    TooEasy,
    TooHard,
    NegativeDiscrimination,
    /// A wrong option nobody chose: its text.
    UnusedDistractor(String),
    /// A wrong short answer given by several learners: the answer and how many.
    CommonWrongAnswer(String, usize),
}

impl Flag {
    pub fn text(&self) -> String {
        match self {
            Flag::TooEasy => format!("too easy (facility above {TOO_EASY})"),
            Flag::TooHard => format!("too hard (facility below {TOO_HARD})"),
            Flag::NegativeDiscrimination => {
                "negative discrimination (learners who do well elsewhere miss it more)".into()
            }
            Flag::UnusedDistractor(o) => format!("nobody chose \"{o}\""),
            Flag::CommonWrongAnswer(a, n) => {
                format!("\"{a}\" given by {n} and not accepted: add it if it is right")
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct OptionChoice {
    /// The option's value in the page and the export: `a`, `b`, ...
    pub value: String,
    pub text: String,
    pub correct: bool,
    pub chosen: usize,
}

/// Item analysis of one question over the learners' first attempts.
#[derive(Debug, Clone, PartialEq)]
pub struct Item<'a> {
    pub module: &'a Module,
    pub question: &'a Question,
    /// First attempts that answered the question.
    pub responses: usize,
    pub correct: usize,
    /// Share correct on the first attempt.
    pub facility: Option<f64>,
    /// Point-biserial correlation of the question with the rest score (the share of
    /// the learner's other first-attempt answers in the course that were right).
    pub discrimination: Option<f64>,
    pub options: Vec<OptionChoice>,
    /// Text questions: wrong answers (trimmed, lower case), most frequent first.
    pub wrong_answers: Vec<(String, usize)>,
    pub flags: Vec<Flag>,
}

fn normalize(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Item analysis of every question of the course.
pub fn items<'a>(course: &'a Course, learners: &[LearnerRecord]) -> Vec<Item<'a>> {
    // Each learner's first-attempt results over the whole course: (right, answered).
    let totals: Vec<(usize, usize)> = learners
        .iter()
        .map(|l| {
            let mut right = 0;
            let mut answered = 0;
            for m in course.modules() {
                let Some(first) = first_attempt(l, &m.id) else {
                    continue;
                };
                for q in m.questions() {
                    if let Some(r) = first.get(&q.id) {
                        answered += 1;
                        right += usize::from(r.correct);
                    }
                }
            }
            (right, answered)
        })
        .collect();
    course
        .modules()
        .flat_map(|m| m.questions().map(move |q| (m, q)))
        .map(|(module, question)| item(module, question, learners, &totals))
        .collect()
}

fn first_attempt<'l>(
    learner: &'l LearnerRecord,
    module: &str,
) -> Option<&'l BTreeMap<String, super::load::Response>> {
    learner.modules.get(module)?.quiz.as_ref()?.first.as_ref()
}

fn item<'a>(
    module: &'a Module,
    question: &'a Question,
    learners: &[LearnerRecord],
    totals: &[(usize, usize)],
) -> Item<'a> {
    let mut options: Vec<OptionChoice> = match &question.answer {
        Answer::Choice(options) => options
            .iter()
            .enumerate()
            .map(|(i, o)| OptionChoice {
                value: crate::render::option_value(i),
                text: text_of(&o.html),
                correct: o.correct,
                chosen: 0,
            })
            .collect(),
        Answer::Text(_) => Vec::new(),
    };
    let mut wrong: BTreeMap<String, usize> = BTreeMap::new();
    // (item score, rest score) of each learner with other answers to compare with.
    let mut pairs: Vec<(f64, f64)> = Vec::new();
    let mut responses = 0;
    let mut correct = 0;
    for (learner, &(right, answered)) in learners.iter().zip(totals) {
        let Some(r) = first_attempt(learner, &module.id).and_then(|f| f.get(&question.id)) else {
            continue;
        };
        responses += 1;
        correct += usize::from(r.correct);
        match &r.given {
            Given::Options(chosen) => {
                for o in &mut options {
                    o.chosen += usize::from(chosen.contains(&o.value));
                }
            }
            Given::Text(text) if !r.correct && !text.trim().is_empty() => {
                *wrong.entry(normalize(text)).or_default() += 1;
            }
            Given::Text(_) => {}
        }
        let others = answered - 1;
        if others > 0 {
            let rest = (right - usize::from(r.correct)) as f64 / others as f64;
            pairs.push((if r.correct { 1.0 } else { 0.0 }, rest));
        }
    }
    let mut wrong_answers: Vec<(String, usize)> = wrong.into_iter().collect();
    wrong_answers.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let facility = (responses > 0).then(|| correct as f64 / responses as f64);
    let discrimination = correlation(&pairs);
    let mut flags = Vec::new();
    if responses >= MIN_RESPONSES {
        let p = facility.unwrap_or(0.0);
        if p > TOO_EASY {
            flags.push(Flag::TooEasy);
        }
        if p < TOO_HARD {
            flags.push(Flag::TooHard);
        }
        // Below zero beyond rounding noise (an exact 0 may come out as -1e-17).
        if discrimination.is_some_and(|r| r < -1e-9) {
            flags.push(Flag::NegativeDiscrimination);
        }
        for o in options.iter().filter(|o| !o.correct && o.chosen == 0) {
            flags.push(Flag::UnusedDistractor(o.text.clone()));
        }
        // Commonly given: by at least two learners and a tenth of those who answered.
        for (answer, n) in &wrong_answers {
            if *n >= 2 && *n * 10 >= responses {
                flags.push(Flag::CommonWrongAnswer(answer.clone(), *n));
            }
        }
    }
    Item {
        module,
        question,
        responses,
        correct,
        facility,
        discrimination,
        options,
        wrong_answers,
        flags,
    }
}

/// Pearson's correlation of the pairs (with a 0/1 first value: the point-biserial
/// correlation); none when either value does not vary.
fn correlation(pairs: &[(f64, f64)]) -> Option<f64> {
    let n = pairs.len() as f64;
    if pairs.len() < 2 {
        return None;
    }
    let (mx, my) = pairs
        .iter()
        .fold((0.0, 0.0), |(a, b), (x, y)| (a + x / n, b + y / n));
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (x, y) in pairs {
        sxy += (x - mx) * (y - my);
        sxx += (x - mx) * (x - mx);
        syy += (y - my) * (y - my);
    }
    (sxx > 0.0 && syy > 0.0).then(|| sxy / (sxx * syy).sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn correlation_of_known_pairs() {
        // x = 1,1,0,0 and y = 1,0.5,0.5,0: means 0.5 and 0.5; sxy = 0.5, sxx = 1,
        // syy = 0.5; r = 0.5 / sqrt(0.5) = 0.7071.
        let r = correlation(&[(1.0, 1.0), (1.0, 0.5), (0.0, 0.5), (0.0, 0.0)]).unwrap();
        assert!((r - 0.5f64.sqrt()).abs() < 1e-12);
        assert_eq!(correlation(&[(1.0, 1.0), (1.0, 0.0)]), None);
    }
}
