//! Images, video, audio, downloads and the glossary: what the site shows for each
//! construct of the `full` fixture, and what `check` says about each mistake.

use crate::common;

use common::{check, course, coursemark, module, scratch, stderr};
use std::fs;
use std::path::PathBuf;

/// The `full` fixture built into a scratch folder.
fn full_site(name: &str) -> PathBuf {
    let out = scratch(name).join("site");
    let o = coursemark(&["build", "tests/fixtures/full", "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    out
}

/// A one-module course in a scratch folder: `front` and `what` are its module's (see
/// `common::module`), `files` are written beside `course.toml`.
fn media_course(name: &str, front: &str, what: &str, files: &[(&str, &[u8])]) -> PathBuf {
    let module = module("Media", front, what, "How.");
    let mut all = vec![("01-part/01-media.md", module.as_bytes())];
    all.extend_from_slice(files);
    course(name, &all)
}

#[test]
fn images_are_figures_with_their_size_caption_and_dark_variant() {
    let out = full_site("images");
    let page = fs::read_to_string(out.join("modules/yaml.html")).unwrap();
    assert!(
        page.contains("<figure class=\"figure diagram\"><button type=\"button\" class=\"figure-image\" popovertarget=\"zoom-1\"><img src=\"../assets/flow.svg\" alt=\"From plan to pilot: two steps\" width=\"320\" height=\"80\" decoding=\"async\"></button><div class=\"zoom-view\" id=\"zoom-1\" popover>"),
        "an SVG's size from its root element, eager as the page's first image: {page}"
    );
    assert!(
        page.contains("<img src=\"../assets/workshop.png\" alt=\"A workshop in progress\" width=\"8\" height=\"6\" loading=\"lazy\" decoding=\"async\">"),
        "a PNG's size from its header, lazy below the first: {page}"
    );
    let other = fs::read_to_string(out.join("modules/sto-je.html")).unwrap();
    assert!(
        other.contains("popovertarget=\"zoom-1\"><img class=\"if-light\" src=\"../assets/diagram.svg\" alt=\"Dijagram\" width=\"10\" height=\"10\" decoding=\"async\"><img class=\"if-dark\" src=\"../assets/diagram.dark.svg\" alt=\"Dijagram\" width=\"10\" height=\"10\" decoding=\"async\">")
            && other.contains("<img class=\"if-dark\" src=\"../assets/diagram.dark.svg\" alt="),
        "x.dark.svg replaces x.svg in dark mode, both eager as the page's first image: {other}"
    );
    assert!(other.contains("class=\"figure diagram has-dark\""));
    assert!(
        page.contains("theme/media.css") && !page.contains("theme/dark-figures.css"),
        "pages with figures load their styles, the dark variants' only with one: {page}"
    );
    assert!(other.contains("theme/dark-figures.css"), "{other}");
    assert!(page.contains("<figcaption>The flow, from plan to pilot</figcaption></figure>"));
    let print = fs::read_to_string(out.join("print.html")).unwrap();
    assert!(
        print.contains("popovertarget=\"m-yaml-zoom-1\"") && print.contains("id=\"m-yaml-zoom-1\""),
        "each module's zoom views keep their own ids in the print view"
    );
}

#[test]
fn video_and_audio_have_controls_and_their_captions() {
    let out = full_site("players");
    let page = fs::read_to_string(out.join("modules/yaml.html")).unwrap();
    assert!(
        page.contains("<figure class=\"figure media\"><video controls preload=\"metadata\" src=\"../assets/clip.mp4\" aria-label=\"The pilot in two minutes\"><track kind=\"captions\" src=\"../assets/clip.vtt\" default></video><figcaption>The pilot in two minutes</figcaption></figure>"),
        "{page}"
    );
    assert!(
        page.contains("<audio controls preload=\"metadata\" src=\"../assets/talk.mp3\" aria-label=\"A talk about pilots\"><track kind=\"captions\" src=\"../assets/talk.vtt\" default></audio><figcaption>Listen: pilots in practice</figcaption>"),
        "{page}"
    );
    assert!(out.join("assets/clip.vtt").is_file());
}

#[test]
fn links_to_files_are_download_cards_and_front_matter_lists_them_in_implement() {
    let out = full_site("downloads");
    let page = fs::read_to_string(out.join("modules/yaml.html")).unwrap();
    let card = "<a class=\"download\" href=\"../assets/templates/plan.csv\" download><span class=\"download-name\">the pilot plan</span> <span class=\"download-meta\">plan.csv · CSV · 35 B</span></a>";
    assert!(page.contains(card), "{page}");
    let implement = &page[page.find("id=\"implement\"").unwrap()..];
    let listed = implement
        .find("<ul class=\"downloads\">\n<li><a class=\"download\" href=\"../assets/templates/plan.csv\" download><span class=\"download-name\">Plan</span>")
        .expect("the front matter's downloads open the Implement section");
    assert!(
        listed < implement.find("data-checklist").unwrap_or(usize::MAX),
        "{implement}"
    );
}

#[test]
fn each_media_mistake_is_reported_at_its_line() {
    let dir = media_course(
        "mistakes",
        "downloads = [\"assets/templates/pln.csv\"]\n",
        "![](../assets/pic.png)\n\n![A clip](../assets/clip.mp4)\n\n[The plan](../assets/templates/plan.xlsx)\n",
        &[
            ("assets/pic.png", b"not really a png"),
            ("assets/clip.mp4", b"\0"),
            ("assets/templates/plan.csv", b"a,b\n"),
        ],
    );
    let (ok, err) = check(&dir);
    assert!(!ok, "a missing download is an error: {err}");
    let file = "01-part/01-media.md";
    for expected in [
        format!(
            "{file}:3:1: error: the download `assets/templates/pln.csv` does not exist; did you mean `assets/templates/plan.csv`?"
        ),
        format!("{file}:8:1: warning: this image has no alt text"),
        format!("{file}:10:1: warning: the video `assets/clip.mp4` has no captions"),
        format!(
            "{file}:12:1: error: link to `../assets/templates/plan.xlsx`: the file `assets/templates/plan.xlsx` does not exist in assets/"
        ),
    ] {
        assert!(err.contains(&expected), "missing `{expected}` in:\n{err}");
    }
    let rich = stderr(&coursemark(&["check", dir.to_str().unwrap()]));
    assert!(
        rich.contains("did you mean `assets/templates/plan.csv`?"),
        "a missing link target names the likely file: {rich}"
    );
    assert!(
        rich.contains("clip.vtt"),
        "the hint names the captions file: {rich}"
    );
}

#[test]
fn the_glossary_is_a_page_in_nav_search_and_print_and_modules_link_its_terms() {
    let out = full_site("glossary");
    let page = fs::read_to_string(out.join("glossary.html")).unwrap();
    assert!(
        page.contains("<dt id=\"nrr\">Net revenue retention (NRR)</dt>"),
        "{page}"
    );
    assert!(
        page.contains("aria-current=\"page\">Glossary</a>"),
        "{page}"
    );
    let home = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        home.contains("<a href=\"glossary.html\">Glossary</a>"),
        "in the navigation"
    );
    let index = common::search_index(&out);
    assert!(
        index.contains(
            "{\"a\":\"nrr\",\"h\":\"Net revenue retention (NRR)\",\"x\":\"The revenue kept"
        ),
        "{index}"
    );
    let print = fs::read_to_string(out.join("print.html")).unwrap();
    assert!(
        print.contains("<dt id=\"glossary-nrr\">Net revenue retention (NRR)</dt>"),
        "in the print view"
    );
    let module = fs::read_to_string(out.join("modules/yaml.html")).unwrap();
    assert!(
        module.contains("<span class=\"term\"><a href=\"../glossary.html#nrr\">NRR</a></span>"),
        "{module}"
    );
    // The short definitions, which terms.js loads at the learner's first move.
    let definitions = fs::read_to_string(out.join("glossary.js")).unwrap();
    assert!(
        definitions.contains(
            "\"nrr\":\"The revenue kept from existing customers over a year, expansion included.\""
        ),
        "{definitions}"
    );
    assert_eq!(
        module.matches("class=\"term\"").count(),
        2,
        "each term once: {module}"
    );
}

#[test]
fn each_glossary_mistake_is_reported() {
    let dir = media_course(
        "glossary-mistakes",
        "terms = [\"NRR\", \"Churn rate\"]\n",
        "Our NRR is high.\n",
        &[(
            "glossary.md",
            b"## Net revenue retention (NRR)\n\nKept revenue.\n\n## Gross revenue retention\n\nKept revenue without expansion.\n\n## nrr\n\nTwice.\n",
        )],
    );
    let (ok, err) = check(&dir);
    assert!(!ok, "a term defined twice is an error: {err}");
    for expected in [
        "01-part/01-media.md:3:1: warning: the term `Churn rate` is not in the glossary",
        "glossary.md:5:1: warning: no module uses the term `Gross revenue retention`",
        "glossary.md:9:1: error: the term `nrr` is defined twice",
    ] {
        assert!(err.contains(expected), "missing `{expected}` in:\n{err}");
    }
    let rich = stderr(&coursemark(&["check", dir.to_str().unwrap()]));
    assert!(
        rich.contains("1 │ ## Net revenue retention (NRR)")
            && rich.contains("`nrr` is first defined here"),
        "the duplicate names the first line too: {rich}"
    );
}
