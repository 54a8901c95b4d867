//! Markdown as written: each reproduction of real-world Markdown that once rendered
//! wrongly or gave false errors, built by the real binary into a real page.

use crate::common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::scratch;

/// A module around `how` (the How section's text), with `title`.
fn module(title: &str, how: &str) -> String {
    format!(
        "+++\ntitle = \"{title}\"\n+++\n\n## What it is\n\nAn idea.\n\n## Why do it\n\nAn outcome.\n\n## How to do it\n\n{how}\n\n## Test your knowledge\n\n### Is it clear?\n\n- [x] Yes\n- [ ] No\n\n## Implement it\n\n- [ ] Try it\n"
    )
}

/// Builds a course of `modules` (file name in part `01-p`, text) with `toml` added to
/// course.toml; the exit status, stderr and the site folder.
fn build(name: &str, toml: &str, modules: &[(&str, String)]) -> (bool, String, PathBuf) {
    let dir = scratch(name);
    let course = dir.join("course");
    fs::create_dir_all(course.join("01-p")).unwrap();
    fs::write(
        course.join("course.toml"),
        format!("title = \"Course\"\nid = \"c\"\n{toml}"),
    )
    .unwrap();
    for (file, text) in modules {
        fs::write(course.join("01-p").join(file), text).unwrap();
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
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (out.status.success(), stderr, site)
}

fn page(site: &Path, id: &str) -> String {
    fs::read_to_string(site.join(format!("modules/{id}.html"))).unwrap()
}

#[test]
fn smart_punctuation_stays_out_of_code_html_and_flags() {
    let how = "Say \"hi\"... <code>&vert;...&vert; -> type</code>, run cargo build --release, `\"x\"...`\n\n```\n\"a\" -- b...\n```";
    let (ok, stderr, site) = build("smart-on", "", &[("01-a.md", module("A", how))]);
    assert!(ok, "{stderr}");
    let html = page(&site, "a");
    assert!(
        html.contains("Say “hi”…"),
        "smart punctuation is on by default"
    );
    assert!(
        html.contains("<code>|...| -&gt; type</code>"),
        "raw HTML code as typed"
    );
    assert!(html.contains("build --release,"), "a flag stays a flag");
    assert!(
        html.contains("<code>\"x\"...</code>"),
        "code spans as typed"
    );
    assert!(
        html.contains("\"a\" -- b...\n</code></pre>"),
        "code blocks as typed"
    );

    let (ok, stderr, site) = build(
        "smart-off",
        "smart_punctuation = false\n",
        &[("01-a.md", module("A", how))],
    );
    assert!(ok, "{stderr}");
    assert!(page(&site, "a").contains("Say \"hi\"..."), "off: as typed");
}

#[test]
fn ids_written_in_raw_html_are_anchors() {
    let a = module(
        "A",
        "<a id=\"old\"></a>\nOld name.\n\nInline <span id='here'>anchor</span>; see [old](#old) and [here](#here).",
    );
    let b = module("B", "See [A's old section](01-a.md#old).");
    let (ok, stderr, _) = build("raw-ids", "", &[("01-a.md", a), ("02-b.md", b)]);
    assert!(ok, "{stderr}");
    assert!(!stderr.contains("no such"), "{stderr}");

    let c = module("C", "<a id=\"old\"></a> [gone](#gone)");
    let (ok, stderr, _) = build("raw-ids-missing", "", &[("01-c.md", c)]);
    assert!(
        !ok && stderr.contains("gone"),
        "a missing anchor is still an error: {stderr}"
    );
}

#[test]
fn footnotes_take_no_section_or_heading_id_and_are_listed_at_the_section_end() {
    let how = "Method[^how], more[^note] and again[^how].\n\n### Note\n\nText.\n\n[^how]: The how note.\n[^note]: The other note.";
    let (ok, stderr, site) = build("footnotes", "", &[("01-a.md", module("A", how))]);
    assert!(ok, "{stderr}");
    let html = page(&site, "a");
    let ids: Vec<&str> = html
        .split(" id=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(ids.len(), unique.len(), "every id once: {ids:?}");
    assert!(ids.contains(&"how") && ids.contains(&"note") && ids.contains(&"fn-how"));
    assert!(html.contains(
        "<sup><a href=\"#fn-how\" id=\"fnref-how\" data-footnote-ref aria-describedby=\"footnote-label\">1</a></sup>"
    ));
    assert!(
        html.contains("<sup><a href=\"#fn-how\" id=\"fnref-how-2\""),
        "{html}"
    );
    // Listed at the end of How, with a back-link to each reference.
    let how_end = html.find("<section id=\"test\"").unwrap();
    let list = html
        .find("<section data-footnotes class=\"footnotes\">")
        .unwrap();
    let rest = &html[list..how_end];
    let list_end = rest.find("</ol>\n</section>").unwrap() + "</ol>\n</section>".len();
    assert_eq!(
        rest[list_end..].trim(),
        "</section>",
        "the list ends the How section"
    );
    assert!(html.contains("<li id=\"fn-how\">\n<p>The how note. <a href=\"#fnref-how\" data-footnote-backref aria-label=\"Back to reference 1\" class=\"data-footnote-backref\">↩</a> <a href=\"#fnref-how-2\" data-footnote-backref aria-label=\"Back to reference 1-2\" class=\"data-footnote-backref\">↩<sup>2</sup></a></p>\n</li>"), "{html}");
    assert!(html.contains("<li id=\"fn-note\">"));
}

#[test]
fn a_heading_inside_a_quote_or_list_is_no_section() {
    let how = "> ## Test your knowledge\n\n- ## Implement it";
    let (ok, stderr, site) = build("nested-sections", "", &[("01-a.md", module("A", how))]);
    assert!(ok, "{stderr}");
    let html = page(&site, "a");
    assert!(html.contains("<blockquote>\n<h2 id=\"test-your-knowledge\">Test your knowledge</h2>"));
    assert!(
        html.contains("data-quiz"),
        "the real Test section is the quiz"
    );
}

#[test]
fn braces_in_headings_stay_text() {
    let how = "### Printing with {}\n\n### Braces {x}\n\n### Pinned {#pinned}";
    let (ok, stderr, site) = build("braces", "", &[("01-a.md", module("A", how))]);
    assert!(ok, "{stderr}");
    let html = page(&site, "a");
    assert!(html.contains(">Printing with {}</h3>"), "{html}");
    assert!(html.contains(">Braces {x}</h3>"));
    assert!(html.contains("<h3 id=\"pinned\">Pinned</h3>"));
}

#[test]
fn heading_ids_are_githubs_and_links_written_for_github_work() {
    let how = "### Where's the -> Operator?\n\n#### The API of `Mutex<T>`\n\n### Step\n\n### Step\n\nSee [op](#wheres-the---operator), [mutex](#the-api-of-mutext), [again](#step-1) and [how](#how).";
    let (ok, stderr, site) = build("github-ids", "", &[("01-a.md", module("A", how))]);
    assert!(ok, "{stderr}");
    let html = page(&site, "a");
    assert!(html.contains("<h3 id=\"wheres-the---operator\">"), "{html}");
    assert!(html.contains("<h4 id=\"the-api-of-mutext\">"));
    assert!(html.contains("<h3 id=\"step\">") && html.contains("<h3 id=\"step-1\">"));
    assert!(html.contains("id=\"how\""), "section ids stay");
}

#[test]
fn titles_show_inline_code_on_pages_and_plain_text_elsewhere() {
    let a = module("Using `Box<T>` *well*", "Text.");
    let b = module("Next", "Text.");
    let (ok, stderr, site) = build("titles", "", &[("01-a.md", a), ("02-b.md", b)]);
    assert!(ok, "{stderr}");
    let html = page(&site, "a");
    assert!(
        html.contains("<h1>Using <code>Box&lt;T&gt;</code> <em>well</em></h1>"),
        "{html}"
    );
    assert!(html.contains("<title>Using Box&lt;T&gt; well ·"), "{html}");
    let next = page(&site, "b");
    assert!(next.contains("</span> Using <code>Box&lt;T&gt;</code> <em>well</em></a>"));
    let home = fs::read_to_string(site.join("index.html")).unwrap();
    assert!(home.contains(">Using <code>Box&lt;T&gt;</code> <em>well</em></a>"));
    let search = common::search_index(&site);
    assert!(
        search.contains("\"t\":\"Using Box\\u003cT> well\""),
        "{search}"
    );
    let data = fs::read_to_string(site.join("course.js")).unwrap();
    assert!(
        data.contains("\"title\":\"Using Box\\u003cT> well\""),
        "{data}"
    );
}
