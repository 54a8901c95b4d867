//! The report's numbers as CSV files (RFC 4180), for a spreadsheet: the overview,
//! the item analysis, the option choices, wrong short answers and the files read.

use crate::render::text_of;

use super::stats::{self, Item, Status};
use super::{Cohort, Outcome};

/// `(file name, contents)` of each CSV file.
pub fn tables(cohort: &Cohort, items: &[Item]) -> Vec<(&'static str, String)> {
    vec![
        ("overview.csv", overview(cohort)),
        ("items.csv", item_table(items)),
        ("options.csv", option_table(items)),
        ("wrong-answers.csv", wrong_answers(items)),
        ("files.csv", files(cohort)),
    ]
}

/// One CSV field: quoted when it must be, and a leading `=`, `+`, `-` or `@` of
/// learner-typed text defused so a spreadsheet never runs it as a formula.
fn field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@']) && text.parse::<f64>().is_err() {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

fn number(n: Option<f64>) -> String {
    n.map_or(String::new(), |n| format!("{n:.3}"))
}

fn lines(header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let mut out = header.join(",");
    out.push_str("\r\n");
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| field(c)).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

pub fn status_text(s: Status) -> &'static str {
    match s {
        Status::NotStarted => "not started",
        Status::InProgress => "in progress",
        Status::Complete => "complete",
    }
}

fn overview(cohort: &Cohort) -> String {
    let course = cohort.course;
    let mut rows = Vec::new();
    for l in &cohort.learners {
        for m in course.modules() {
            let s = stats::module_state(course, m, l.modules.get(&m.id));
            rows.push(vec![
                l.name.clone(),
                m.id.clone(),
                status_text(s.status).into(),
                s.best.map_or(String::new(), |b| format!("{b:.0}")),
                s.attempts.to_string(),
                s.tasks_done.to_string(),
                s.tasks.to_string(),
                l.last_activity.map_or(String::new(), |t| t.to_string()),
            ]);
        }
    }
    lines(
        &[
            "learner",
            "module",
            "status",
            "best",
            "attempts",
            "checklist_done",
            "checklist_items",
            "last_activity",
        ],
        rows,
    )
}

fn item_table(items: &[Item]) -> String {
    lines(
        &[
            "module",
            "question",
            "text",
            "responses",
            "correct",
            "facility",
            "discrimination",
            "flags",
        ],
        items.iter().map(|i| {
            vec![
                i.module.id.clone(),
                i.question.id.clone(),
                text_of(&i.question.prompt_html),
                i.responses.to_string(),
                i.correct.to_string(),
                number(i.facility),
                number(i.discrimination),
                i.flags
                    .iter()
                    .map(|f| f.text())
                    .collect::<Vec<_>>()
                    .join("; "),
            ]
        }),
    )
}

fn option_table(items: &[Item]) -> String {
    lines(
        &[
            "module", "question", "option", "text", "correct", "chosen", "share",
        ],
        items.iter().flat_map(|i| {
            i.options.iter().map(move |o| {
                vec![
                    i.module.id.clone(),
                    i.question.id.clone(),
                    o.value.clone(),
                    o.text.clone(),
                    o.correct.to_string(),
                    o.chosen.to_string(),
                    number((i.responses > 0).then(|| o.chosen as f64 / i.responses as f64)),
                ]
            })
        }),
    )
}

fn wrong_answers(items: &[Item]) -> String {
    lines(
        &["module", "question", "answer", "learners"],
        items.iter().flat_map(|i| {
            i.wrong_answers.iter().map(move |(a, n)| {
                vec![
                    i.module.id.clone(),
                    i.question.id.clone(),
                    a.clone(),
                    n.to_string(),
                ]
            })
        }),
    )
}

fn files(cohort: &Cohort) -> String {
    lines(
        &["file", "outcome", "learner", "detail"],
        cohort.files.iter().map(|f| {
            let file = f.file.display().to_string();
            match &f.outcome {
                Outcome::Used { learner } => {
                    vec![file, "used".into(), learner.clone(), String::new()]
                }
                Outcome::Superseded { learner, by } => vec![
                    file,
                    "superseded".into(),
                    learner.clone(),
                    format!(
                        "a later file of the same learner was used: {}",
                        by.display()
                    ),
                ],
                Outcome::Award { learner, level } => {
                    vec![file, "credential".into(), learner.clone(), level.clone()]
                }
                Outcome::Refused(why) => vec![file, "refused".into(), String::new(), why.clone()],
            }
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_and_formulas_defused() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a, b"), "\"a, b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(field("-0.125"), "-0.125");
    }
}
