//! Markdown fidelity: chapters of a public CommonMark book (tests/fixtures/rust-book),
//! each placed in a module's How section, render on the module pages as an
//! independent CommonMark + GFM renderer (micromark, from npm) renders them.

use crate::common;

use std::fs;
use std::process::Command;

use common::node::{node_tools, run_node};
use common::scratch;

const BOOK: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/rust-book");

/// The chapter's headings two levels down (its `#` and `##` would be section
/// boundaries in a module), outside fenced code.
fn demote_headings(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len() + 256);
    let mut fence: Option<&str> = None;
    for line in markdown.split_inclusive('\n') {
        let trimmed = line.trim_start();
        match fence {
            Some(f) if trimmed.starts_with(f) => fence = None,
            Some(_) => {}
            None if trimmed.starts_with("```") => fence = Some("```"),
            None if trimmed.starts_with("~~~") => fence = Some("~~~"),
            None if line.starts_with('#') => out.push_str("##"),
            None => {}
        }
        out.push_str(line);
    }
    out
}

/// Links to the book's other chapters and to the standard library, which are not in
/// this course, as absolute URLs (the book's link definitions are at line starts).
fn absolute_links(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len() + 1024);
    for line in markdown.split_inclusive('\n') {
        if let Some((label, dest)) = line.split_once("]: ")
            && label.starts_with('[')
            && !label.starts_with("[^")
            && !dest.starts_with('#')
            && !dest.contains("://")
        {
            out.push_str(label);
            out.push_str("]: https://doc.rust-lang.org/book/");
            out.push_str(dest);
        } else {
            out.push_str(line);
        }
    }
    out
}

/// The first heading's text: the module's title.
fn title_of(markdown: &str) -> String {
    let line = markdown.lines().find(|l| l.starts_with('#')).unwrap();
    line.trim_start_matches('#').trim().replace('"', "\\\"")
}

/// The HTML of the How section of a built module page, without its heading.
fn how_section(page: &str) -> &str {
    let start = page.find("<section id=\"how\"").expect("a How section");
    let body = &page[start..];
    let body = &body[body.find("</h2>").unwrap() + "</h2>".len()..];
    let end = body.find("<section id=\"test\"").unwrap();
    body[..end].trim_end().strip_suffix("</section>").unwrap()
}

#[test]
fn book_chapters_render_as_the_reference_renders_them() {
    let Some(tools) = node_tools() else { return };
    let dir = scratch("book");
    let course = dir.join("course");
    let part = course.join("01-book");
    fs::create_dir_all(&part).unwrap();
    fs::write(
        course.join("course.toml"),
        "title = \"Book\"\nid = \"book\"\nsmart_punctuation = false\n",
    )
    .unwrap();
    let mut chapters: Vec<_> = fs::read_dir(BOOK)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md") && !p.ends_with("README.md"))
        .collect();
    chapters.sort();
    assert!(chapters.len() >= 8, "{chapters:?}");
    let mut pairs = Vec::new();
    for (n, chapter) in chapters.iter().enumerate() {
        let stem = chapter.file_stem().unwrap().to_str().unwrap();
        let how = absolute_links(&demote_headings(&fs::read_to_string(chapter).unwrap()));
        let module = format!(
            "+++\ntitle = \"{}\"\nid = \"{stem}\"\n+++\n\n## What it is\n\nA chapter.\n\n## Why do it\n\nTo read it.\n\n## How to do it\n\n{how}\n## Test your knowledge\n\n### Read it?\n\n{options}\n\n## Implement it\n\n- [ ] Read it again\n",
            title_of(&how),
            // The right option first or second and never the longest, as the quiz
            // checks of `build` want it.
            options = match n % 2 {
                0 => "- [x] Yes\n- [ ] Not at all",
                _ => "- [ ] Not at all\n- [x] Yes",
            }
        );
        fs::write(part.join(format!("{:02}-{stem}.md", n + 1)), module).unwrap();
        let reference = dir.join(format!("{stem}.md"));
        fs::write(&reference, &how).unwrap();
        pairs.push((stem.to_string(), reference));
    }
    let site = dir.join("site");
    let out = Command::new(env!("CARGO_BIN_EXE_coursemark"))
        .args([
            "build",
            course.to_str().unwrap(),
            "-o",
            site.to_str().unwrap(),
        ])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    // Every in-page link of the book (to headings and to `<a id>` anchors) resolves.
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains("link"), "{stderr}");

    let mut args = Vec::new();
    for (stem, reference) in &pairs {
        let page = fs::read_to_string(site.join(format!("modules/{stem}.html"))).unwrap();
        let ours = dir.join(format!("{stem}.html"));
        fs::write(&ours, how_section(&page)).unwrap();
        args.push(reference.to_str().unwrap().to_string());
        args.push(ours.to_str().unwrap().to_string());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (ok, stdout, stderr) = run_node(&tools, "commonmark-gfm.mjs", &args);
    assert!(ok, "{stdout}{stderr}");
    assert_eq!(stdout.matches("ok ").count(), pairs.len(), "{stdout}");
}

#[test]
fn headings_demote_outside_code_only() {
    assert_eq!(
        demote_headings("# A\n```\n# not\n```\n## B\n"),
        "### A\n```\n# not\n```\n#### B\n"
    );
    assert_eq!(
        absolute_links("[a]: ch01.html#x\n[b]: #local\n[^n]: note\n"),
        "[a]: https://doc.rust-lang.org/book/ch01.html#x\n[b]: #local\n[^n]: note\n"
    );
}
