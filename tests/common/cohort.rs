//! A small course and a cohort of 40 learners' progress exports with known answer
//! patterns, for the report's tests (numbers worked out by hand in tests/report.rs).
//!
//! Four groups of ten learners; first attempts (1 = right):
//!
//! | group | q1 | q2 | q3 | q4 |
//! | ----- | -- | -- | -- | -- |
//! | A     | 1  | 1  | 0  | 1  |
//! | B     | 1  | 1  | 0  | 0  |
//! | C     | 0  | 1  | 1  | 0  |
//! | D     | 0  | 0  | 1  | 0  |
//!
//! Group A exports as version 1 with one attempt (its first attempt is its last);
//! B, C and D as version 2 with a second, all-right attempt after the first.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

pub const MODULE: &str = "basics";

pub fn course(dir: &Path) -> PathBuf {
    let course = dir.join("course");
    fs::create_dir_all(course.join("01-part")).unwrap();
    fs::write(
        course.join("course.toml"),
        "title = \"Cohort course\"\nid = \"cohort\"\npass_mark = 80\n",
    )
    .unwrap();
    fs::write(
        course.join("01-part/01-basics.md"),
        r#"+++
title = "Basics"
+++

## What it is

Text.

## Why do it

Text.

## How to do it

Text.

## Test your knowledge

### Which comes first? {#q1}

- [ ] Run the pilot
  > Not yet.
- [x] Learn the fundamentals
- [ ] Engage sales
  > Later.
- [ ] Hire a team
  > No.

> The pilot needs a plan.

### Which metric leads? {#q2}

- [x] Outcome score
- [ ] Churn
  > Lags.
- [ ] Revenue
  > Lags.

> Leading indicators move first.

### Which two are outcomes? {#q3}

- [x] Time saved
- [ ] Logins
  > Usage.
- [x] Costs cut

> Outcomes are what the customer gains.

### What does NPS stand for? {#q4}

Answer: Net Promoter Score

> Net Promoter Score.

## Implement it

- [ ] Write a plan
- [ ] Share it
"#,
    )
    .unwrap();
    course
}

/// `(q1, q2, q3, q4)` first-attempt answers of each group.
fn first_answers(group: char) -> [(Value, bool); 4] {
    let q4 = |text: &str, right| (json!(text), right);
    match group {
        'A' => [
            (json!(["b"]), true),
            (json!(["a"]), true),
            (json!(["a"]), false),
            q4("Net Promoter Score", true),
        ],
        'B' => [
            (json!(["b"]), true),
            (json!(["a"]), true),
            (json!(["a"]), false),
            q4("net  promoter ", false),
        ],
        'C' => [
            (json!(["a"]), false),
            (json!(["a"]), true),
            (json!(["a", "c"]), true),
            q4("NPS", false),
        ],
        _ => [
            (json!(["c"]), false),
            (json!(["b"]), false),
            (json!(["a", "c"]), true),
            q4("no idea", false),
        ],
    }
}

fn answers(list: &[(Value, bool); 4]) -> Value {
    let mut out = serde_json::Map::new();
    for (i, (a, ok)) in list.iter().enumerate() {
        out.insert(format!("q{}", i + 1), json!({ "answer": a, "correct": ok }));
    }
    Value::Object(out)
}

fn score(list: &[(Value, bool); 4]) -> f64 {
    list.iter().filter(|(_, ok)| *ok).count() as f64 * 25.0
}

/// One learner's export as the site writes it.
pub fn export(name: &str, group: char, exported: &str) -> Value {
    let first = first_answers(group);
    let read = json!({"what": true, "why": true, "how": true, "test": true, "implement": true});
    if group == 'A' {
        return json!({
            "version": 1, "course": "cohort", "learner": {"name": name}, "last": null,
            "exported": exported,
            "modules": {MODULE: {"read": read, "tasks": {"write-a-plan": true}, "notes": "", "at": "2026-11-20T09:00:00Z",
                "quiz": {"attempts": 1, "best": score(&first), "last": score(&first), "passedAt": "", "at": "2026-11-20T09:00:00Z", "questions": answers(&first)}}},
            "evidence": {}
        });
    }
    let right = [
        (json!(["b"]), true),
        (json!(["a"]), true),
        (json!(["a", "c"]), true),
        (json!("Net Promoter Score"), true),
    ];
    json!({
        "version": 2, "course": "cohort", "learner": {"name": name}, "last": null,
        "exported": exported,
        "modules": {MODULE: {"read": read, "tasks": {}, "notes": "", "order": {}, "at": "2026-11-21T09:00:00Z",
            "quiz": {"attempts": 2, "best": 100, "last": 100, "passedAt": "2026-11-21T09:00:00Z", "at": "2026-11-21T09:00:00Z",
                "questions": answers(&right),
                "history": [
                    {"n": 1, "at": "2026-11-20T09:00:00Z", "score": score(&first), "answers": answers(&first)},
                    {"n": 2, "at": "2026-11-21T09:00:00Z", "score": 100, "answers": answers(&right)}
                ]}}},
        "evidence": {}
    })
}

/// Writes the 40 learners' exports into `dir`; returns their paths.
pub fn exports(dir: &Path) -> Vec<PathBuf> {
    fs::create_dir_all(dir).unwrap();
    let mut files = Vec::new();
    for group in ['A', 'B', 'C', 'D'] {
        for i in 0..10 {
            let name = format!("Learner {group}{i}");
            let path = dir.join(format!("{group}{i}.json"));
            fs::write(
                &path,
                export(&name, group, "2026-11-22T10:00:00Z").to_string(),
            )
            .unwrap();
            files.push(path);
        }
    }
    files
}
