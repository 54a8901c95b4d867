//! Course containers (`::: example`, `::: case`, `::: template`): labelled blocks in
//! the course's language on the page, in search and in the print view; and every way
//! of writing one wrongly is an error at its line.

use crate::common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::scratch;

/// A module whose How section is `how` and whose Test section starts with `test`.
fn module(how: &str, test: &str) -> String {
    format!(
        "+++\ntitle = \"Boxes\"\n+++\n\n## What it is\n\nAn idea.\n\n## Why do it\n\nAn outcome.\n\n## How to do it\n\n{how}\n\n## Test your knowledge\n\n{test}### Is it clear?\n\n- [x] Yes\n- [ ] No\n  > It is.\n\n> Because.\n\n## Implement it\n\n- [ ] Try it\n"
    )
}

/// Runs `coursemark` with `args`; its success and stderr.
fn run(args: &[&str]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_coursemark"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (out.status.success(), stderr)
}

/// A course of one module (`text`) in `language`; its folder.
fn course(name: &str, language: &str, text: &str) -> PathBuf {
    let course = scratch(name).join("course");
    fs::create_dir_all(course.join("01-p")).unwrap();
    fs::write(
        course.join("course.toml"),
        format!("title = \"Course\"\nid = \"c\"\nlanguage = \"{language}\"\n"),
    )
    .unwrap();
    fs::write(course.join("01-p/01-boxes.md"), text).unwrap();
    course
}

/// Builds `course` (the trainer edition with `trainer`) into a folder beside it.
fn build(course: &Path, trainer: bool) -> PathBuf {
    let site = course.with_file_name(if trainer { "trainer" } else { "site" });
    let mut args = vec![
        "build",
        course.to_str().unwrap(),
        "-o",
        site.to_str().unwrap(),
    ];
    if trainer {
        args.push("--trainer");
    }
    let (ok, stderr) = run(&args);
    assert!(ok, "{stderr}");
    site
}

const HOW: &str = "Steps.\n\n::: example Writing a **success plan**\nStart from the customer's *goal*.\n\n### The goal first\n\nThen the owner.\n:::\n\n::: case Medora\nMedora renews only if onboarding ends in 30 days.\n:::\n\n::: template\n```\nGoal: ...\nOwner: ...\n```\n:::";

#[test]
fn containers_are_labelled_notes_in_the_course_language_everywhere_learners_look() {
    let text = module(HOW, "");
    for (language, labels) in [
        ("en", ["Worked example", "Case study", "Template"]),
        ("hr", ["Riješeni primjer", "Studija slučaja", "Predložak"]),
    ] {
        let course = course(&format!("boxes-{language}"), language, &text);
        let site = build(&course, false);
        let page = fs::read_to_string(site.join("modules/boxes.html")).unwrap();
        let boxes = [
            (
                "example",
                labels[0],
                Some("Writing a <strong>success plan</strong>"),
                "<em>goal</em>",
            ),
            ("case", labels[1], Some("Medora"), "renews only if"),
            ("template", labels[2], None, "Goal: ...\nOwner: ..."),
        ];
        for (kind, label, title, content) in boxes {
            let open = format!(
                "<section class=\"box box-{kind}\" role=\"note\"><p class=\"box-label\"><span class=\"box-kind\">{label}</span>"
            );
            let at = page
                .find(&open)
                .unwrap_or_else(|| panic!("{open} in {page}"));
            let end = at + page[at..].find("</section>").unwrap();
            let inside = &page[at..end];
            if let Some(title) = title {
                assert!(
                    inside.contains(&format!("<span class=\"box-title\">{title}</span>")),
                    "{inside}"
                );
            }
            assert!(inside.contains(content), "{kind}: {inside}");
        }
        // A heading inside a container is the container's, not a section of the module.
        assert!(
            page.contains("<h3 id=\"the-goal-first\">The goal first</h3>"),
            "{page}"
        );
        assert!(!page.contains(":::"), "no marker reaches the page: {page}");
        let search = common::search_index(&site);
        for words in ["success plan", "Medora renews only if", "Owner:"] {
            assert!(search.contains(words), "{words} is searchable: {search}");
        }
        let print = fs::read_to_string(site.join("print.html")).unwrap();
        assert!(
            print.contains("box box-case") && print.contains("Medora renews"),
            "{print}"
        );
        let trainer = build(&course, true);
        let page = fs::read_to_string(trainer.join("modules/boxes.html")).unwrap();
        assert!(page.contains(&format!("<span class=\"box-kind\">{}</span>", labels[1])));
    }
}

#[test]
fn container_mistakes_are_errors_at_their_line() {
    let cases: [(&str, &str, &str, &str); 7] = [
        (
            "::: Example\nText.\n:::",
            "",
            "::: Example",
            "did you mean `example`",
        ),
        (
            "::: exmaple\nText.\n:::",
            "",
            "::: exmaple",
            "did you mean `example`",
        ),
        (
            "::: example\nWorked.\n\n::: trainer\nSecret.\n:::\n:::",
            "",
            "::: trainer",
            "containers do not nest",
        ),
        (
            "::: case\nCase.\n\n```trainer\nSecret.\n```\n:::",
            "",
            "```trainer",
            "containers do not nest",
        ),
        (
            "- Step one\n\n  ::: example\n  Text.\n  :::",
            "",
            "  ::: example",
            "inside a list item",
        ),
        (
            "::: case Medora\nNever closed.",
            "",
            "::: case Medora",
            "never closed",
        ),
        (
            "Steps.",
            "### In a question?\n\n::: example\nText.\n:::\n\n- [x] Yes\n- [ ] No\n\n",
            "::: example",
            "inside question",
        ),
    ];
    for (n, (how, test, line, message)) in cases.into_iter().enumerate() {
        let text = module(how, test);
        let course = course(&format!("box-mistake-{n}"), "en", &text);
        let (ok, stderr) = run(&["check", course.to_str().unwrap(), "--format", "short"]);
        let at = text.lines().position(|l| l == line).unwrap() + 1;
        assert!(!ok, "{how}: {stderr}");
        let found = stderr
            .lines()
            .any(|l| l.contains(&format!("01-boxes.md:{at}:")) && l.contains(message));
        assert!(found, "{how}: line {at}, `{message}`: {stderr}");
    }
}
