//! `coursemark report`: item statistics over a synthetic cohort compared with values
//! worked out by hand (see tests/common/cohort.rs for the answer patterns), and each
//! kind of bad file refused with its reason while the rest still make the report.

use crate::common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use common::{cohort, coursemark, scratch, stderr};
use coursemark::report::{self, Outcome, stats::Flag};
use serde_json::json;

fn load(course: &Path) -> coursemark::model::Course {
    coursemark::load_course(course).expect("the cohort course checks")
}

fn close(got: Option<f64>, want: f64, what: &str) {
    let got = got.unwrap_or_else(|| panic!("{what}: no value"));
    assert!((got - want).abs() < 1e-9, "{what}: got {got}, want {want}");
}

#[test]
fn item_statistics_match_the_hand_worked_values() {
    let dir = scratch("stats");
    let course_dir = cohort::course(&dir);
    let course = load(&course_dir);
    let mut files = cohort::exports(&dir.join("exports"));
    // A learner whose export holds only a third attempt: in the overview, not in the
    // item analysis (first attempts only).
    let late = dir.join("late.json");
    let mut z = cohort::export("Learner Z", 'A', "2026-11-22T10:00:00Z");
    z["modules"][cohort::MODULE]["quiz"]["attempts"] = json!(3);
    fs::write(&late, z.to_string()).unwrap();
    files.push(late);
    // B0 again, in an older file with other answers: superseded, never counted twice.
    let older = dir.join("b0-older.json");
    fs::write(
        &older,
        cohort::export("learner  b0", 'D', "2026-11-01T10:00:00Z").to_string(),
    )
    .unwrap();
    files.push(older.clone());

    let c = report::cohort(&course, &course_dir, &files, jiff::Timestamp::now());
    assert_eq!(c.learners.len(), 41);
    assert_eq!(
        c.files.last().unwrap().outcome,
        Outcome::Superseded {
            learner: "learner  b0".into(),
            by: dir.join("exports/B0.json")
        }
    );
    let items = report::stats::items(&course, &c.learners);
    let by_id = |id: &str| items.iter().find(|i| i.question.id == id).unwrap();

    // Facility: right first answers of 40. q1: A, B; q2: A, B, C; q3: C, D; q4: A.
    let (q1, q2, q3, q4) = (by_id("q1"), by_id("q2"), by_id("q3"), by_id("q4"));
    for (q, correct) in [(q1, 20), (q2, 30), (q3, 20), (q4, 10)] {
        assert_eq!((q.responses, q.correct), (40, correct), "{}", q.question.id);
        close(q.facility, correct as f64 / 40.0, &q.question.id);
    }

    // Discrimination: the correlation of the item (x) with the rest score (y, the
    // share right of the other three), ten learners per group.
    // q1: x = 1,1,0,0; y = 2/3,1/3,2/3,1/3 -> means 1/2, 1/2; cross products
    //     1/12 - 1/12 - 1/12 + 1/12 = 0 -> r = 0.
    close(q1.discrimination, 0.0, "q1 discrimination");
    // q2: x = 1,1,1,0; y = 2/3,1/3,1/3,1/3 -> means 3/4, 5/12;
    //     sxy = 10(1/16 - 1/48 - 1/48 + 1/16) = 10/12; sxx = 10(3/16 + 9/16) = 7.5;
    //     syy = 10(1/16 + 3/144) = 10/12 -> r = (10/12) / sqrt(7.5 * 10/12) = 1/3.
    close(q2.discrimination, 1.0 / 3.0, "q2 discrimination");
    // q3: x = 0,0,1,1; y = 1,2/3,1/3,0 -> means 1/2, 1/2;
    //     sxy = 10(-1/4 - 1/12 - 1/12 - 1/4) = -20/3; sxx = 10; syy = 10(1/4 + 1/36 + 1/36 + 1/4) = 50/9
    //     -> r = (-20/3) / sqrt(500/9) = -2/sqrt(5).
    close(q3.discrimination, -2.0 / 5f64.sqrt(), "q3 discrimination");
    // q4: x = 1,0,0,0; y = 2/3,2/3,2/3,1/3 -> means 1/4, 7/12; as q2 mirrored: r = 1/3.
    close(q4.discrimination, 1.0 / 3.0, "q4 discrimination");

    // How often each option was chosen on the first attempt.
    let chosen = |q: &report::stats::Item| q.options.iter().map(|o| o.chosen).collect::<Vec<_>>();
    assert_eq!(chosen(q1), [10, 20, 10, 0]); // a: C; b: A, B; c: D; d: nobody
    assert_eq!(chosen(q2), [30, 10, 0]); // a: A, B, C; b: D
    assert_eq!(chosen(q3), [40, 0, 20]); // a: everyone; c: C, D
    assert!(q4.options.is_empty());
    assert_eq!(
        q4.wrong_answers,
        [
            ("net promoter".to_string(), 10),
            ("no idea".to_string(), 10),
            ("nps".to_string(), 10)
        ]
    );

    assert_eq!(q1.flags, [Flag::UnusedDistractor("Hire a team".into())]);
    assert_eq!(q2.flags, [Flag::UnusedDistractor("Revenue".into())]);
    assert_eq!(
        q3.flags,
        [
            Flag::NegativeDiscrimination,
            Flag::UnusedDistractor("Logins".into())
        ]
    );
    assert_eq!(
        q4.flags,
        [
            Flag::TooHard,
            Flag::CommonWrongAnswer("net promoter".into(), 10),
            Flag::CommonWrongAnswer("no idea".into(), 10),
            Flag::CommonWrongAnswer("nps".into(), 10)
        ]
    );
}

#[test]
fn too_easy_needs_enough_answers() {
    let dir = scratch("easy");
    let course_dir = cohort::course(&dir);
    let course = load(&course_dir);
    // Group A alone: q2 right for all (facility 1 > 0.9), but four learners are fewer
    // than the five flags need; with six it is flagged.
    let files: Vec<PathBuf> = (0..6)
        .map(|i| {
            let p = dir.join(format!("a{i}.json"));
            fs::write(
                &p,
                cohort::export(&format!("A{i}"), 'A', "2026-11-22T10:00:00Z").to_string(),
            )
            .unwrap();
            p
        })
        .collect();
    let four = report::cohort(&course, &course_dir, &files[..4], jiff::Timestamp::now());
    let items = report::stats::items(&course, &four.learners);
    assert!(items.iter().all(|i| i.flags.is_empty()), "{items:?}");
    let six = report::cohort(&course, &course_dir, &files, jiff::Timestamp::now());
    let items = report::stats::items(&course, &six.learners);
    assert!(
        items[1].flags.contains(&Flag::TooEasy),
        "{:?}",
        items[1].flags
    );
}

/// Runs `report` over the 40 learners plus `extra`; returns the output and the folder.
fn run_with(name: &str, extra: &[(&str, &str)]) -> (Output, PathBuf) {
    let dir = scratch(name);
    let course = cohort::course(&dir);
    let mut files = cohort::exports(&dir.join("exports"));
    for (file, text) in extra {
        let p = dir.join(file);
        fs::write(&p, text).unwrap();
        files.push(p);
    }
    let out = dir.join("report");
    let mut args = vec![
        "report".to_string(),
        "--course".into(),
        course.display().to_string(),
        "-o".into(),
        out.display().to_string(),
    ];
    args.extend(files.iter().map(|f| f.display().to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    (coursemark(&args), out)
}

fn assert_refused(o: &Output, out: &Path, file: &str, why: &str) {
    assert!(o.status.success(), "{}", stderr(o));
    let err = stderr(o);
    assert!(
        err.lines()
            .any(|l| l.starts_with("refused") && l.contains(file) && l.contains(why)),
        "wanted {file}: {why} in\n{err}"
    );
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stdout.contains("Report of 40 learners from 41 files (1 refused)"),
        "{stdout}"
    );
    let files = fs::read_to_string(out.join("files.csv")).unwrap();
    assert!(
        files
            .lines()
            .any(|l| l.contains(file) && l.contains(",refused,")),
        "{files}"
    );
    let page = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(page.contains("<strong>refused</strong>"));
}

#[test]
fn a_file_of_another_course_is_refused_by_name() {
    let other = json!({"version": 2, "course": "sales-101", "learner": {"name": "X"}, "modules": {}, "evidence": {}});
    let (o, out) = run_with("other-course", &[("other.json", &other.to_string())]);
    assert_refused(
        &o,
        &out,
        "other.json",
        "it is for the course `sales-101`, not `cohort`",
    );
}

#[test]
fn a_malformed_file_is_refused() {
    let (o, out) = run_with(
        "malformed",
        &[("broken.json", "{\"version\": 2, \"modules\": {")],
    );
    assert_refused(&o, &out, "broken.json", "not a JSON file");
}

#[test]
fn files_of_the_wrong_schema_are_refused() {
    for (name, text, why) in [
        ("hello.json", "{\"hello\": 1}".to_string(), "not a progress export or evidence package"),
        ("list.json", "[1, 2]".to_string(), "not a progress export or evidence package"),
        (
            "newer.json",
            json!({"version": 99, "course": "cohort", "modules": {}}).to_string(),
            "made by a newer coursemark (progress version 99",
        ),
        (
            "typed.json",
            json!({"version": 2, "course": "cohort", "modules": {"basics": {"quiz": {"attempts": "two"}}}}).to_string(),
            "not a valid progress export",
        ),
        (
            "package.json",
            json!({"format": "coursemark-evidence-package", "version": 1}).to_string(),
            "not a valid evidence package",
        ),
    ] {
        let (o, out) = run_with(&format!("schema-{name}"), &[(name, &text)]);
        assert_refused(&o, &out, name, why);
    }
}

#[test]
fn the_same_learner_twice_keeps_the_latest_and_says_so() {
    let newer = cohort::export("LEARNER a0", 'D', "2026-11-29T10:00:00Z");
    let (o, out) = run_with("twice", &[("a0-again.json", &newer.to_string())]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("A0.json: LEARNER a0 appears again in the later file")
            && err.contains("a0-again.json"),
        "{err}"
    );
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stdout.contains("Report of 40 learners from 41 files (0 refused)"),
        "{stdout}"
    );
    let files = fs::read_to_string(out.join("files.csv")).unwrap();
    assert!(
        files.lines().any(|l| l.contains("A0.json,superseded,")),
        "{files}"
    );
    // The later file (group D's answers) is the one counted: q1 right for 19, not 20.
    let items = fs::read_to_string(out.join("items.csv")).unwrap();
    assert!(
        items.contains("basics,q1,Which comes first?,40,19,0.475,"),
        "{items}"
    );
}

#[test]
fn no_usable_file_fails() {
    let dir = scratch("none");
    let course = cohort::course(&dir);
    let bad = dir.join("bad.json");
    fs::write(&bad, "nope").unwrap();
    let o = coursemark(&[
        "report",
        "--course",
        course.to_str().unwrap(),
        "-o",
        dir.join("out").to_str().unwrap(),
        bad.to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("no learner's file could be used"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn evidence_packages_count_and_shared_notes_are_text() {
    let package = json!({
        "format": "coursemark-evidence-package", "version": 1,
        "createdAt": "2026-11-30T10:00:00.000Z",
        "course": {"id": "cohort", "title": "Cohort course", "build": "abc"},
        "learner": {"name": "Pat <b>Package</b>"},
        "modules": [{"id": "basics", "title": "Basics", "quiz": {"attempts": 1, "best": 50, "last": 50, "passedAt": null,
            "questions": [{"id": "q1", "answer": ["b"], "correct": true}, {"id": "q2", "answer": ["c"], "correct": false}]},
            "checklist": [{"id": "write-a-plan", "done": false}], "notes": "<script>alert(1)</script> my plan"}],
        "levels": [], "includesNotes": true
    });
    let (o, out) = run_with("package", &[("pat.json", &package.to_string())]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(page.contains("Pat &lt;b&gt;Package&lt;/b&gt;"));
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; my plan"));
    assert!(!page.contains("<script>alert"));
    // Its one attempt is its first: 41 first answers, and the one option more chosen.
    let options = fs::read_to_string(out.join("options.csv")).unwrap();
    assert!(
        options.contains("basics,q2,c,Revenue,false,1,"),
        "{options}"
    );
}

#[test]
fn a_credential_that_verifies_shows_as_a_verified_level_and_a_forged_one_is_refused() {
    let dir = scratch("credential");
    let course = cohort::course(&dir);
    let key = dir.join("trainer.pem");
    let o = coursemark(&["issuer", "init", "--out", key.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let printed = String::from_utf8_lossy(&o.stdout).into_owned();
    let did = printed
        .split_whitespace()
        .find(|w| w.starts_with("did:key:z"))
        .expect("init prints the did:key");
    let toml = fs::read_to_string(course.join("course.toml")).unwrap();
    fs::write(
        course.join("course.toml"),
        format!("{toml}\n[issuer]\nname = \"Academy\"\nurl = \"https://academy.example.com\"\ntrainers = [\"{did}\"]\n"),
    )
    .unwrap();
    let package = dir.join("ana.json");
    let right = |id: &str| json!({"id": id, "answer": ["a"], "correct": true});
    fs::write(
        &package,
        json!({
            "format": "coursemark-evidence-package", "version": 1,
            "createdAt": "2026-11-30T10:00:00.000Z",
            "course": {"id": "cohort", "title": "Cohort course", "build": "abc"},
            "learner": {"name": "Ana Horvat"},
            "modules": [{"id": "basics", "title": "Basics", "quiz": {"attempts": 1, "best": 100, "last": 100,
                "passedAt": "2026-11-30T09:00:00.000Z", "questions": [right("q1"), right("q2"), right("q3"), right("q4")]},
                "checklist": []}],
            "levels": [], "includesNotes": false
        })
        .to_string(),
    )
    .unwrap();
    let o = coursemark(&[
        "award",
        package.to_str().unwrap(),
        "--level",
        "studied",
        "--key",
        key.to_str().unwrap(),
        "--course",
        course.to_str().unwrap(),
        "-o",
        dir.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let jwt = dir.join("ana-horvat-studied.jwt");
    let token = fs::read_to_string(&jwt).unwrap();
    // The same token with one character of the signature changed.
    let forged = dir.join("forged.jwt");
    let last = token.trim_end().chars().last().unwrap();
    let swap = if last == 'A' { 'B' } else { 'A' };
    fs::write(
        &forged,
        format!("{}{swap}", &token.trim_end()[..token.trim_end().len() - 1]),
    )
    .unwrap();
    let out = dir.join("report");
    let o = coursemark(&[
        "report",
        "--course",
        course.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        package.to_str().unwrap(),
        jwt.to_str().unwrap(),
        forged.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("forged.jwt: not a valid credential"),
        "{}",
        stderr(&o)
    );
    let page = fs::read_to_string(out.join("index.html")).unwrap();
    let row = page
        .lines()
        .find(|l| l.starts_with("<tr><th scope=\"row\">Ana Horvat</th>"))
        .expect("Ana's row");
    // Own record: studied (every quiz passed); verified: the credential's level.
    assert_eq!(
        row.matches("Studied and passed the tests").count(),
        2,
        "{row}"
    );
    let files = fs::read_to_string(out.join("files.csv")).unwrap();
    assert!(
        files.contains("ana-horvat-studied.jwt,credential,Ana Horvat,studied"),
        "{files}"
    );
}
