//! Runs the real `coursemark` binary on the fixture courses and checks the site it
//! writes and the problems it reports.

use crate::common;

use common::dev::DevServer;
use common::{coursemark, http_get, read, scratch, stderr, tree};
use std::fs;
use std::path::Path;
use std::process::Output;

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn build(course: &str, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["build", course, "-o", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    coursemark(&args)
}

#[test]
fn minimal_course_builds_every_page() {
    let out = scratch("minimal").join("site");
    let o = build(&fixture("minimal"), &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("Built 1 module, "), "{}", stderr(&o));
    for page in [
        "index.html",
        "modules/only.html",
        "progress.html",
        "accreditation.html",
        "certificate.html",
        "404.html",
        "course.js",
        "strings.js",
        "theme/coursemark.css",
    ] {
        assert!(out.join(page).is_file(), "{page} missing");
    }
    // The four default levels when course.toml names none.
    let accreditation = read(out.join("accreditation.html"));
    assert!(accreditation.contains("Mentors others"));
}

/// The theme's scripts are served lean (no comments, hardly a space, short names for
/// their functions' variables), and each is still the same program: esprima, an
/// independent parser, reads the same syntax tree from the served script as from the
/// theme's source once eslint-scope, an independent scope analyser, has named each local
/// variable by its place. The default theme's scripts and an ejected theme's own.
#[test]
fn served_scripts_are_lean_and_the_same_programs_as_the_theme_sources() {
    let course = fixture("ejected-scripts");
    let out = scratch("lean-scripts").join("site");
    let o = build(&course, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut pairs = Vec::new();
    let (mut source_bytes, mut served_bytes) = (0, 0);
    let default = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static");
    for dir in [default, Path::new(&course).join("themes/ejected/static")] {
        for entry in fs::read_dir(&dir).unwrap() {
            let source = entry.unwrap().path();
            if source.extension().is_some_and(|e| e == "js") {
                let served = out.join("theme").join(source.file_name().unwrap());
                source_bytes += fs::metadata(&source).unwrap().len();
                served_bytes += fs::metadata(&served).unwrap().len();
                pairs.push((source, served));
            }
        }
    }
    assert!(pairs.len() > 10, "the theme's scripts: {pairs:?}");
    assert!(
        served_bytes * 100 < source_bytes * 60,
        "served {served_bytes} bytes of {source_bytes}: the scripts lost less than 40%"
    );
    let scopes = read(out.join("theme/scopes.js"));
    assert!(
        scopes.contains("function helper("),
        "the script's own functions keep their names: {scopes}"
    );
    let labels = read(out.join("theme/labels.js"));
    assert!(
        labels.contains("var kept"),
        "a script with a label keeps every name: {labels}"
    );
    assert!(
        !scopes.contains("var inner") && !scopes.contains("counter"),
        "a function's variables get short names: {scopes}"
    );
    let Some(tools) = common::node::node_tools() else {
        return;
    };
    let args: Vec<&str> = pairs
        .iter()
        .flat_map(|(a, b)| [a.to_str().unwrap(), b.to_str().unwrap()])
        .collect();
    let (ok, json, err) = common::node::run_node(&tools, "same-script.mjs", &args);
    assert!(ok, "same-script.mjs failed: {err}");
    let verdicts: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    for (_, served) in &pairs {
        assert_eq!(
            verdicts[served.to_str().unwrap()],
            serde_json::json!(true),
            "{} is not the theme's program",
            served.display()
        );
    }
}

#[test]
fn full_course_has_real_form_controls_and_relative_urls_only() {
    let out = scratch("full").join("site");
    let o = build(&fixture("full"), &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let module = read(out.join("modules/sto-je.html"));
    assert!(module.contains("ŠTO-JE-TEXT"));
    assert!(module.contains("<html lang=\"hr\""));
    assert!(module.contains("type=\"radio\""));
    assert!(module.contains("type=\"checkbox\""));
    assert!(module.contains("type=\"text\""));
    assert!(module.contains("<fieldset class=\"question\""));
    assert!(module.contains("<legend>"));
    assert!(
        module.contains("href=\"yaml.html#how\""),
        "module links become page links"
    );
    assert!(module.contains("src=\"../assets/diagram.svg\""));
    assert!(
        out.join("assets/diagram.svg").is_file(),
        "the image is copied"
    );
    let home = read(out.join("index.html"));
    assert!(home.contains("href=\"modules/sto-je.html#why\""));
    for (path, bytes) in tree(&out) {
        if Path::new(&path).extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        for attr in ["href=\"", "src=\""] {
            for value in html
                .split(attr)
                .skip(1)
                .map(|s| s.split('"').next().unwrap())
            {
                let bad = value.to_ascii_lowercase().ends_with(".md")
                    || value.to_ascii_lowercase().contains(".md#")
                    || value.starts_with('/')
                    || value.starts_with("http");
                assert!(!bad, "{path}: {attr}{value}");
            }
        }
    }
}

#[test]
fn answers_and_trainer_notes_stay_out_of_the_learner_edition() {
    let dir = scratch("trainer");
    let learner = dir.join("learner");
    let trainer = dir.join("trainer");
    assert!(build(&fixture("full"), &learner, &[]).status.success());
    assert!(
        build(&fixture("full"), &trainer, &["--trainer"])
            .status
            .success()
    );
    let l = read(learner.join("modules/sto-je.html")) + &read(learner.join("index.html"));
    let t = read(trainer.join("modules/sto-je.html")) + &read(trainer.join("index.html"));
    for secret in [
        "TRAINER-CONTAINER-SECRET",
        "TRAINER-FENCE-SECRET",
        "HOME-TRAINER-SECRET",
        "EXPLANATION-PRVO",
        "PILOT-FEEDBACK",
        "NPS-EXPLANATION",
        "Net Promoter Score",
    ] {
        assert!(!l.contains(secret), "learner edition shows {secret}");
        assert!(t.contains(secret), "trainer edition lacks {secret}");
    }
    assert!(!l.contains("checked"), "no option is pre-checked");
    assert!(
        t.contains("class=\"key\""),
        "the trainer edition marks the correct options"
    );
}

#[test]
fn builds_are_byte_identical() {
    let dir = scratch("deterministic");
    assert!(
        build(&fixture("full"), &dir.join("a"), &[])
            .status
            .success()
    );
    assert!(
        build(&fixture("full"), &dir.join("b"), &[])
            .status
            .success()
    );
    assert_eq!(tree(&dir.join("a")), tree(&dir.join("b")));
}

#[test]
fn broken_course_reports_every_problem_and_writes_nothing() {
    let o = coursemark(&["check", "tests/fixtures/broken-all", "--format", "short"]);
    assert_eq!(o.status.code(), Some(1));
    let got = stderr(&o);
    let expected = read(fixture("broken-all.expected"));
    assert_eq!(
        got, expected,
        "diagnostics changed; review and update tests/fixtures/broken-all.expected"
    );
    // The rich form shows the source line and a hint.
    let rich = stderr(&coursemark(&["check", &fixture("broken-all")]));
    assert!(rich.contains("3 │ duration = = 5"), "{rich}");
    assert!(rich.contains("help: "));

    let out = scratch("broken").join("site");
    assert!(build(&fixture("minimal"), &out, &[]).status.success());
    let before = tree(&out);
    let o = build(&fixture("broken-all"), &out, &[]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("unchanged"), "{}", stderr(&o));
    assert_eq!(
        tree(&out),
        before,
        "a failed build leaves the previous site as it was"
    );
}

#[test]
fn bundled_course_passes_check_without_warnings() {
    let o = coursemark(&["check", &format!("{}/content", env!("CARGO_MANIFEST_DIR"))]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("no problems"), "{}", stderr(&o));
}

#[test]
fn warnings_alone_pass_and_say_so() {
    let dir = scratch("warnings");
    let course = dir.join("course");
    fs::create_dir_all(&course).unwrap();
    fs::write(course.join("course.toml"), "title = \"W\"\nid = \"w\"\n").unwrap();
    fs::write(course.join("stray.md"), "x").unwrap();
    let o = coursemark(&["check", course.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("warning"), "{}", stderr(&o));
}

/// Modules are read as they are parsed; a file that is not text is still an error
/// naming it, and a warning still shows its module's line.
#[test]
fn modules_read_during_the_parse_keep_their_problems_and_lines() {
    let dir = scratch("read-late");
    let course = dir.join("course");
    fs::create_dir_all(course.join("01-part")).unwrap();
    fs::write(course.join("course.toml"), "title = \"R\"\nid = \"r\"\n").unwrap();
    let module = read(format!("{}/01-basics/01-only.md", fixture("minimal")));
    fs::write(
        course.join("01-part/01-fine.md"),
        module.replacen("+++\n", "+++\nduration = \"soon\"\n", 1),
    )
    .unwrap();
    fs::write(
        course.join("01-part/02-latin1.md"),
        b"+++\ntitle = \"Caf\xe9\"\n+++\n",
    )
    .unwrap();
    let o = coursemark(&["check", course.to_str().unwrap()]);
    let err = stderr(&o);
    assert!(!o.status.success(), "{err}");
    assert!(
        err.contains("02-latin1.md") && err.contains("not UTF-8"),
        "{err}"
    );
    assert!(err.contains("duration is not a number of minutes"), "{err}");
    assert!(
        err.contains("duration = \"soon\""),
        "the warning shows its line: {err}"
    );
}

#[test]
fn refuses_to_write_into_the_course_or_over_other_folders() {
    let dir = scratch("refuse");
    let o = build(
        &fixture("minimal"),
        Path::new(&format!("{}/01-basics", fixture("minimal"))),
        &[],
    );
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("is a part of the course"),
        "{}",
        stderr(&o)
    );
    assert!(!Path::new(&fixture("minimal")).join("public").exists());
    let precious = dir.join("documents");
    fs::create_dir_all(&precious).unwrap();
    fs::write(precious.join("notes.txt"), "keep me").unwrap();
    let o = build(&fixture("minimal"), &precious, &[]);
    assert!(!o.status.success());
    assert_eq!(read(precious.join("notes.txt")), "keep me");
}

#[test]
fn theme_overrides_single_files_and_eject_writes_the_default() {
    let out = scratch("theme").join("site");
    let o = build(&fixture("theme-override"), &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(read(out.join("theme/coursemark.css")).contains("BRAND-CSS"));
    assert!(read(out.join("404.html")).contains("BRAND-404: lost in Themed course"));
    assert!(
        read(out.join("modules/only.html")).contains("Check answers"),
        "other templates stay the default"
    );

    let dir = scratch("eject");
    let course = dir.join("course");
    assert!(
        coursemark(&["new", course.to_str().unwrap()])
            .status
            .success()
    );
    let o = coursemark(&["theme", "eject", course.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(course.join("themes/custom/templates/module.html").is_file());
    assert!(
        !coursemark(&["theme", "eject", course.to_str().unwrap()])
            .status
            .success(),
        "never overwrites"
    );
    assert!(read(course.join("course.toml")).contains("\ntheme = \"custom\"\n"));
    assert!(
        build(course.to_str().unwrap(), &dir.join("site"), &[])
            .status
            .success()
    );
}

#[test]
fn new_course_passes_check_and_new_module_takes_the_next_prefix() {
    let dir = scratch("new");
    let course = dir.join("my-course");
    let c = course.to_str().unwrap();
    let o = coursemark(&["new", c]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = coursemark(&["check", c]);
    assert!(stderr(&o).contains("no problems"), "{}", stderr(&o));
    let o = coursemark(&["new", "module", "Running a QBR", "--course", c]);
    assert!(o.status.success(), "{}", stderr(&o));
    let module = course.join("01-getting-started/02-running-a-qbr.md");
    assert!(read(&module).contains("title = \"Running a QBR\""));
    let o = coursemark(&[
        "new",
        "module",
        "Second part",
        "--part",
        "2",
        "--part-title",
        "Going further",
        "--course",
        c,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = coursemark(&["check", c]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("3 modules"), "{}", stderr(&o));
    assert!(
        !coursemark(&["new", c]).status.success(),
        "new refuses a folder that is not empty"
    );
    assert!(build(c, &dir.join("site"), &[]).status.success());
    assert!(dir.join("site/assets/example.svg").is_file());
}

#[test]
fn help_and_version() {
    let o = coursemark(&["--help"]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("Examples:"));
    let o = coursemark(&["--version"]);
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("coursemark "));
}

#[test]
fn serve_builds_serves_and_never_leaves_the_output() {
    let dir = scratch("serve");
    let site = dir.join("site");
    let served = DevServer::start(
        &dir,
        &[&fixture("full"), "-o", site.to_str().unwrap()],
        dir.join("serve.log"),
    );
    // It says where it listens before the course is read, not once it is built.
    let logged = served.logged();
    let at = |line: &str| {
        logged
            .find(line)
            .unwrap_or_else(|| panic!("{line}: {logged}"))
    };
    assert!(at("Serving at http://") < at("Built "), "{logged}");
    let port = served.port;
    let (status, body) = http_get(port, "/").expect("server answers");
    assert_eq!(status, 200);
    assert!(body.contains("Puni tečaj"));
    assert!(body.contains("Cache-Control: no-store"));
    let (status, body) = http_get(port, "/modules/sto-je.html").unwrap();
    assert_eq!(status, 200);
    assert!(body.contains("text/html"));
    for evil in [
        "/../course.toml",
        "/%2e%2e/course.toml",
        "/..%2fcourse.toml",
        "//etc/passwd",
        "/..\\course.toml",
        "/modules/../../course.toml",
        "/%2e%2e%2f%2e%2e%2fetc/passwd",
    ] {
        let (status, body) = http_get(port, evil).unwrap();
        assert_eq!(status, 404, "{evil}");
        assert!(
            !body.contains("pass_mark = 70") && !body.contains("root:x:"),
            "{evil} leaked a file"
        );
    }
}

#[test]
fn missing_translations_fall_back_to_english_and_check_names_them() {
    let dir = scratch("i18n");
    let course = dir.join("course");
    assert!(
        coursemark(&["new", course.to_str().unwrap()])
            .status
            .success()
    );
    let toml = read(course.join("course.toml")).replace(
        "language = \"en\"",
        "language = \"hr\"\ntheme = \"partial\"",
    );
    fs::write(course.join("course.toml"), toml).unwrap();
    fs::create_dir_all(course.join("themes/partial/i18n")).unwrap();
    fs::write(
        course.join("themes/partial/i18n/hr.toml"),
        "nav_home = \"Početna\"\n",
    )
    .unwrap();
    let o = coursemark(&["check", course.to_str().unwrap()]);
    assert!(o.status.success(), "warnings only: {}", stderr(&o));
    assert!(
        stderr(&o).contains("fall back to English"),
        "{}",
        stderr(&o)
    );
    let out = dir.join("site");
    assert!(build(course.to_str().unwrap(), &out, &[]).status.success());
    let home = read(out.join("index.html"));
    assert!(home.contains("<html lang=\"hr\""));
    assert!(home.contains("Početna"), "the translated text");
    assert!(
        home.contains("My progress"),
        "an untranslated text falls back to English"
    );

    let toml = read(course.join("course.toml")).replace("language = \"hr\"", "language = \"xx\"");
    fs::write(course.join("course.toml"), toml).unwrap();
    let o = coursemark(&["check", course.to_str().unwrap()]);
    assert!(o.status.success());
    assert!(stderr(&o).contains("no texts in `xx`"), "{}", stderr(&o));
}

#[test]
fn a_course_sets_its_accent_colour_and_logo_and_mistakes_in_them_are_named() {
    let dir = scratch("accent");
    let course = dir.join("course");
    common::copy_dir(Path::new(&fixture("minimal")), &course);
    fs::create_dir_all(course.join("assets")).unwrap();
    fs::write(
        course.join("assets/logo.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 8 8\"><circle cx=\"4\" cy=\"4\" r=\"4\"/></svg>",
    )
    .unwrap();
    let toml = read(course.join("course.toml"));
    fs::write(
        course.join("course.toml"),
        format!("{toml}\n[theme]\naccent = \"#fc0\"\nlogo = \"assets/logo.svg\"\n"),
    )
    .unwrap();
    let out = dir.join("site");
    let o = build(course.to_str().unwrap(), &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let home = read(out.join("index.html"));
    assert!(
        home.contains(r#"<link rel="icon" href="assets/logo.svg">"#),
        "{home}"
    );
    assert!(home.contains(r#"<img src="assets/logo.svg" alt="" width="32" height="32">"#));
    // The page's style sets the property the theme's style sheet reads as the accent
    // (light-dark(#0b57d0, #8ab4f8) by default), by the short name both are served with.
    let css = read(out.join("theme/coursemark.css"));
    let accent = css
        .split(":light-dark(#0b57d0,")
        .next()
        .and_then(|before| before.rsplit("--").next())
        .expect("the accent in coursemark.css");
    // Yellow is too light for links on white: the light value is darkened, the dark one kept.
    let style = home
        .split(&format!("<style>:root{{--{accent}:light-dark("))
        .nth(1)
        .expect("the accent's style");
    let (light, rest) = style.split_once(',').unwrap();
    assert_ne!(light, "#ffcc00", "darkened to read on white");
    assert!(rest.starts_with("#ffcc00)"), "{rest}");
    let module = read(out.join("modules/only.html"));
    assert!(module.contains(r#"<link rel="icon" href="../assets/logo.svg">"#));
    assert!(out.join("assets/logo.svg").is_file());

    fs::write(
        course.join("course.toml"),
        format!("{toml}\n[theme]\naccent = \"yellow\"\nlogo = \"logo.svg\"\ncolour = \"#fff\"\n"),
    )
    .unwrap();
    let o = build(course.to_str().unwrap(), &dir.join("bad"), &[]);
    assert!(!o.status.success());
    let err = stderr(&o);
    for (message, line) in [
        ("accent `yellow` is not a colour", ":5:"),
        ("logo `logo.svg` is not a file under assets/", ":6:"),
        ("[theme] has no key `colour`", ":7:"),
    ] {
        assert!(
            err.lines()
                .skip_while(|l| !l.contains(message))
                .take(3)
                .any(|l| l.contains(&format!("course.toml{line}"))),
            "{message} at {line}: {err}"
        );
    }
}

/// outline.js (the home page's course data) writes a module's sections and number of
/// questions only where they differ from what most modules have; filled in from
/// `usual`, it says what course.js says of every module.
#[test]
fn the_outline_lists_only_what_differs_from_the_usual_module() {
    let out = scratch("outline").join("site");
    let o = build(&fixture("full"), &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let data = |file: &str| -> serde_json::Value {
        let text = read(out.join(file));
        let json = text
            .split_once("window.cm.course = ")
            .expect("the data")
            .1
            .trim_end()
            .trim_end_matches(';');
        serde_json::from_str(json).expect("JSON")
    };
    let (outline, course) = (data("outline.js"), data("course.js"));
    let usual = &outline["usual"];
    let modules = |d: &serde_json::Value| -> Vec<serde_json::Value> {
        d["parts"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|p| p["modules"].as_array().unwrap().clone())
            .collect()
    };
    let (short, full) = (modules(&outline), modules(&course));
    assert_eq!(short.len(), full.len());
    assert!(short.iter().any(|m| m.get("sections").is_none()));
    let mut own = 0;
    for (s, f) in short.iter().zip(&full) {
        assert_eq!(s["id"], f["id"]);
        let sections = s.get("sections").unwrap_or(&usual["sections"]);
        assert_eq!(sections, &f["sections"], "{}", s["id"]);
        let questions = s.get("questions").unwrap_or(&usual["questions"]);
        assert_eq!(
            questions.as_u64().unwrap() as usize,
            f["questions"].as_array().unwrap().len(),
            "{}",
            s["id"]
        );
        own += usize::from(s.get("sections").is_some() || s.get("questions").is_some());
    }
    assert!(
        own > 0,
        "the full fixture has modules unlike the others: {outline}"
    );
}

/// The texts only store.js shows (its notices of failures) are in store-texts.js, which
/// it loads with its first notice, those only quiz.js shows in quiz-texts.js, which
/// module.js loads with it, and the search's in search-texts.js, which site.js loads with
/// search.js: not in strings.js, which every page loads.
#[test]
fn the_texts_of_store_notices_and_the_quiz_are_apart_from_those_every_page_loads() {
    let out = scratch("own-texts").join("site");
    let o = build(&fixture("minimal"), &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let strings = read(out.join("strings.js"));
    let (notices, quiz) = (
        read(out.join("store-texts.js")),
        read(out.join("quiz-texts.js")),
    );
    for key in ["js_store_full", "js_store_corrupt", "js_store_restore"] {
        assert!(notices.contains(key) && !strings.contains(key), "{key}");
    }
    // A plural form goes with the key the script names (`js_history`).
    for key in [
        "js_correct",
        "js_scored",
        "js_history_one",
        "js_history_other",
    ] {
        assert!(quiz.contains(key) && !strings.contains(key), "{key}");
    }
    // The search's, loaded with search.js once the learner starts searching.
    let search = read(out.join("search-texts.js"));
    for key in ["js_search_one", "js_search_none", "js_search_all"] {
        assert!(search.contains(key) && !strings.contains(key), "{key}");
    }
    // Named by other scripts too: in strings.js.
    for key in ["js_store_dismiss", "js_search_failed", "js_passed_mark"] {
        assert!(strings.contains(key), "{key}");
        assert!(
            !notices.contains(key) && !quiz.contains(key) && !search.contains(key),
            "{key}"
        );
    }
}
