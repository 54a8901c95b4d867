//! `coursemark check` on quizzes that can be passed by pattern: the warnings come
//! through the real binary with the numbers, the file and the line; a well-written
//! quiz passes quietly.

use crate::common;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::scratch;

fn check(course: &Path) -> (bool, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_coursemark"))
        .args(["check", "--format", "short"])
        .arg(course)
        .env("NO_COLOR", "1")
        .output()
        .expect("the coursemark binary runs");
    (
        o.status.success(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// A course of one module whose quiz is `questions` (Markdown).
fn course(name: &str, questions: &str) -> std::path::PathBuf {
    let dir = scratch(name).join("course");
    fs::create_dir_all(dir.join("01-part")).unwrap();
    fs::write(dir.join("course.toml"), "title = \"Q\"\nid = \"q\"\n").unwrap();
    fs::write(
        dir.join("01-part/01-quiz.md"),
        format!("+++\ntitle = \"Quiz\"\n+++\n\n## What it is\n\nT.\n\n## Why do it\n\nT.\n\n## How to do it\n\nT.\n\n## Test your knowledge\n\n{questions}\n## Implement it\n\n- [ ] Do it\n"),
    )
    .unwrap();
    dir
}

/// A question whose correct option is the second and by far the longest.
fn giveaway(n: usize) -> String {
    format!(
        "### Question {n}? {{#q{n}}}\n\n- [ ] Run it\n  > No.\n- [x] Learn the fundamentals of the method before anything else\n- [ ] Sell it\n  > No.\n- [ ] Wait\n  > No.\n\n> Because.\n\n"
    )
}

#[test]
fn patterns_are_warned_with_numbers_file_and_line() {
    let quiz: String = (1..=4).map(giveaway).collect();
    let dir = course("patterns", &quiz);
    let (ok, out) = check(&dir);
    assert!(ok, "warnings do not fail the check: {out}");
    let file = dir.join("01-part/01-quiz.md");
    let at = format!("{}:19:1: warning: ", file.display());
    for want in [
        "in 4 of 4 single-choice questions of this module the correct option is the longest (about 1 by chance)",
        "the correct option of the 4 single-choice questions of this module is the 2nd in 4 of them (by position: 1st: 0, 2nd: 4, 3rd: 0, 4th: 0)",
        "the correct option of question `Question 1?` is much longer than the others (57 characters; the longest wrong one has 7)",
    ] {
        assert!(
            out.contains(&format!("{at}{want}")),
            "wanted {at}{want} in\n{out}"
        );
    }
}

#[test]
fn a_well_written_quiz_passes_quietly() {
    let dir = course(
        "quiet",
        "### Which comes first? {#first}\n\n- [ ] Run the pilot\n  > Too early.\n- [x] Learn the basics\n- [ ] Sell it on\n  > Later.\n\n> The basics make the plan.\n\n\
         ### Which leads? {#leads}\n\n- [x] Outcomes\n- [ ] Churn rates\n  > Lagging.\n- [ ] Renewals\n  > Lagging.\n\n> Outcomes move first.\n\n\
         ### Which two? {#two}\n\n- [ ] Logins\n  > Usage.\n- [x] Time saved\n- [x] Costs cut\n\n> Gains.\n\n",
    );
    let (ok, out) = check(&dir);
    assert!(ok && out.contains("no problems"), "{out}");
}

#[test]
fn a_new_course_shuffles_its_options_and_passes_the_quiz_checks_quietly() {
    let dir = scratch("new").join("course");
    let o = Command::new(env!("CARGO_BIN_EXE_coursemark"))
        .arg("new")
        .arg(&dir)
        .output()
        .expect("the coursemark binary runs");
    assert!(o.status.success());
    let toml = fs::read_to_string(dir.join("course.toml")).unwrap();
    assert!(toml.lines().any(|l| l == "shuffle = true"), "{toml}");
    let (ok, out) = check(&dir);
    assert!(ok && out.contains("no problems"), "{out}");
}
