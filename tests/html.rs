//! The generated HTML checked by an independent implementation: the Nu Html Checker
//! (vnu.jar, from the npm package `vnu-jar` in tests/js, run on Java) finds no error on
//! any page of the bundled course, in the learner and the trainer edition.

use crate::common;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use common::node::node_tools;
use common::scratch;

/// The checker's jar, or `None` with a warning when Node.js or Java is missing (under
/// CI, a failure instead).
fn vnu() -> Option<PathBuf> {
    let jar = node_tools()?.join("node_modules/vnu-jar/build/dist/vnu.jar");
    let java = Command::new("java").arg("-version").output();
    if !java.is_ok_and(|o| o.status.success()) {
        let why = "Java is not installed (apt-get install default-jre-headless)";
        if std::env::var_os("CI").is_some() {
            panic!("{why}; CI is set, so the HTML check fails instead of skipping");
        }
        eprintln!("warning: skipping the HTML check: {why}");
        return None;
    }
    assert!(
        jar.is_file(),
        "{} is missing: npm ci --prefix tests/js",
        jar.display()
    );
    Some(jar)
}

fn build(out: &Path, trainer: bool) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_coursemark"));
    cmd.arg("build")
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/content"))
        .arg("-o")
        .arg(out);
    if trainer {
        cmd.arg("--trainer");
    }
    let o = cmd.output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn every_page_of_the_bundled_course_is_valid_html() {
    let Some(jar) = vnu() else { return };
    let dir = scratch("vnu");
    let (learner, trainer) = (dir.join("learner"), dir.join("trainer"));
    build(&learner, false);
    build(&trainer, true);
    // One JVM for every page. It lives seconds, so the quick C1 compiler alone halves
    // its CPU time (the C2 compiler's work never pays back); C1's deeper frames need
    // the larger stack vnu asks for when its schema overflows the default.
    let out = Command::new("java")
        .args(["-XX:TieredStopAtLevel=1", "-Xss8m", "-jar"])
        .arg(&jar)
        .args(["--errors-only", "--skip-non-html", "--format", "json"])
        .arg(&learner)
        .arg(&trainer)
        .output()
        .expect("java runs");
    let report: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap_or_else(|e| {
        panic!(
            "vnu's report: {e}: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let errors: Vec<String> = report["messages"]
        .as_array()
        .expect("a list of messages")
        .iter()
        .filter(|m| m["type"] == "error" || m["subType"] == "fatal")
        .map(|m| {
            format!(
                "{}:{}: {}",
                m["url"]
                    .as_str()
                    .unwrap_or("")
                    .rsplit("/vnu/")
                    .next()
                    .unwrap_or(""),
                m["lastLine"],
                m["message"].as_str().unwrap_or("")
            )
        })
        .collect();
    assert!(
        errors.is_empty(),
        "{} errors:\n{}",
        errors.len(),
        errors.join("\n")
    );
    let pages = walkdir::WalkDir::new(&learner)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .count();
    assert!(pages > 20, "the checker saw {pages} pages");
}

/// Every `name="value"` attribute of an HTML page (values are double-quoted in what
/// coursemark writes), in order.
fn attributes(html: &str) -> Vec<(&str, &str)> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(eq) = rest.find("=\"") {
        let start = rest[..eq]
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .map_or(0, |i| i + 1);
        let Some(len) = rest[eq + 2..].find('"') else {
            break;
        };
        if start > 0 && rest[..start].ends_with(|c: char| c.is_ascii_whitespace()) {
            found.push((&rest[start..eq], &rest[eq + 2..eq + 2 + len]));
        }
        rest = &rest[eq + 2 + len..];
    }
    found
}

/// Crawls every page of the site in `root`: each page's ids are unique, and each link
/// and image of the site resolves to a file, and its `#anchor` to an id of that page.
fn crawl(root: &Path) -> Vec<String> {
    let pages: Vec<PathBuf> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|x| x == "html"))
        .collect();
    let site = root.canonicalize().unwrap();
    // Each page's ids, read once: a print handout is the target of hundreds of links.
    let ids: HashMap<PathBuf, Vec<String>> = pages
        .iter()
        .map(|page| {
            let html = std::fs::read_to_string(page).unwrap();
            let ids = attributes(&html)
                .into_iter()
                .filter(|(n, _)| *n == "id")
                .map(|(_, v)| v.to_string())
                .collect();
            (page.canonicalize().unwrap(), ids)
        })
        .collect();
    let mut problems = Vec::new();
    for page in &pages {
        let name = page.strip_prefix(root).unwrap().display().to_string();
        let mut seen = HashSet::new();
        for id in &ids[&page.canonicalize().unwrap()] {
            if !seen.insert(id) {
                problems.push(format!("{name}: the id `{id}` repeats"));
            }
        }
        let html = std::fs::read_to_string(page).unwrap();
        for (attr, value) in attributes(&html) {
            if !(attr == "href" || attr == "src") || value.contains(':') || value.is_empty() {
                continue;
            }
            let value = value.replace("&amp;", "&");
            let (path, anchor) = value.split_once('#').unwrap_or((&value, ""));
            let target = if path.is_empty() {
                page.clone()
            } else {
                page.parent().unwrap().join(path)
            };
            let Ok(target) = target.canonicalize() else {
                problems.push(format!("{name}: {attr}=\"{value}\" finds no file"));
                continue;
            };
            if !target.starts_with(&site) {
                problems.push(format!("{name}: {attr}=\"{value}\" leaves the site"));
            } else if !anchor.is_empty()
                && target.extension().is_some_and(|x| x == "html")
                && !ids
                    .get(&target)
                    .is_some_and(|ids| ids.iter().any(|id| id == anchor))
            {
                problems.push(format!("{name}: {attr}=\"{value}\": no such id"));
            }
        }
    }
    problems
}

#[test]
fn every_link_image_and_id_of_the_site_and_its_print_view_resolves() {
    let dir = scratch("crawl");
    for (course, trainer) in [
        ("tests/fixtures/full", false),
        ("tests/fixtures/full", true),
        ("content", false),
    ] {
        let out = dir.join(format!("{}-{trainer}", course.replace('/', "-")));
        let o = Command::new(env!("CARGO_BIN_EXE_coursemark"))
            .arg("build")
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join(course))
            .arg("-o")
            .arg(&out)
            .args(trainer.then_some("--trainer"))
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let print = std::fs::read_to_string(out.join("print.html")).unwrap();
        assert!(
            print.contains("src=\"assets/"),
            "the print view shows the course's images"
        );
        let problems = crawl(&out);
        assert!(
            problems.is_empty(),
            "{course} (trainer: {trainer}): {} problems:\n{}",
            problems.len(),
            problems.join("\n")
        );
    }
}

#[test]
fn each_page_is_described_by_its_module_summary_or_the_course_once_and_open_graph_has_no_url() {
    let out = scratch("describe").join("site");
    build(&out, false);
    let meta = |html: &str, key: &str| {
        attributes(html)
            .windows(2)
            .find(|w| w[0].1 == key && w[1].0 == "content")
            .map(|w| w[1].1.to_string())
    };
    let mut modules = 0;
    for entry in std::fs::read_dir(out.join("modules")).unwrap() {
        let html = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let Some(summary) = html
            .split("<p class=\"summary\">")
            .nth(1)
            .and_then(|s| s.split("</p>").next())
        else {
            continue;
        };
        modules += 1;
        assert_eq!(meta(&html, "description").as_deref(), Some(summary));
        // Said once: link previews read the description when og:description is absent.
        assert_eq!(meta(&html, "og:description"), None);
        assert_eq!(meta(&html, "og:type").as_deref(), Some("article"));
        assert!(!html.contains("og:url") && !html.contains("og:image"));
    }
    assert!(modules > 20, "{modules} modules with a summary");
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    let promise = home
        .split("<p class=\"promise\">")
        .nth(1)
        .and_then(|s| s.split("</p>").next())
        .expect("the course's description on the home page");
    assert_eq!(meta(&home, "description").as_deref(), Some(promise));
    assert_eq!(meta(&home, "og:type").as_deref(), Some("website"));
}

/// A course above the one-page print limit is printed part by part: every part has its
/// handout, linked from the home page, and links to modules of other parts go to theirs.
#[test]
fn a_large_course_prints_part_by_part_and_every_link_resolves() {
    let dir = scratch("print-parts");
    let course = dir.join("course");
    std::fs::create_dir_all(&course).unwrap();
    std::fs::write(
        course.join("course.toml"),
        "title = \"Large\"\nid = \"large\"\n",
    )
    .unwrap();
    let (parts, per_part) = (3, 110);
    for p in 0..parts {
        let part = course.join(format!("{:02}-part", p + 1));
        std::fs::create_dir_all(&part).unwrap();
        for m in 0..per_part {
            // Each module links to the same place in the next part, and the last part's
            // to the first's.
            let other = format!(
                "../{:02}-part/{:03}-m{m}.md#how",
                (p + 1) % parts + 1,
                m + 1
            );
            let text = format!(
                "+++\ntitle = \"Module {m} of part {p}\"\nid = \"p{p}-m{m}\"\n+++\n\n## What it is\n\nSee [the next part]({other}) and [how](#how).\n\n## Why do it\n\nBecause.\n\n## How to do it\n\nLike this.\n\n## Test your knowledge\n\n### Is it {m}?\n\n- [x] Yes\n- [ ] No\n  > It is.\n\n## Implement it\n\n- [ ] Do it\n"
            );
            std::fs::write(part.join(format!("{:03}-m{m}.md", m + 1)), text).unwrap();
        }
    }
    let out = dir.join("out");
    let o = Command::new(env!("CARGO_BIN_EXE_coursemark"))
        .arg("build")
        .arg(&course)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        !out.join("print.html").exists(),
        "no one-page handout above the limit"
    );
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    for p in 1..=parts {
        let handout = std::fs::read_to_string(out.join(format!("print-{p}.html"))).unwrap();
        assert!(
            home.contains(&format!("href=\"print-{p}.html\"")),
            "home links part {p}"
        );
        assert_eq!(
            handout.matches("class=\"module print-module\"").count(),
            per_part
        );
        let next = p % parts + 1;
        assert!(
            handout.contains(&format!(
                "href=\"print-{next}.html#m-p{}-m0-how\"",
                next - 1
            )),
            "part {p} links into part {next}'s handout"
        );
        assert!(handout.contains(&format!("href=\"#m-p{}-m0-how\"", p - 1)));
    }
    let problems = crawl(&out);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    std::fs::remove_dir_all(&dir).unwrap();
}
