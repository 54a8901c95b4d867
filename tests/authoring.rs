//! What a course author meets: commands run where they stand, mistakes caught with a
//! clear message, `serve` that survives every error. Runs the real binary.

use crate::common;

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use common::dev::DevServer;
use common::{http_get, read, run_in, scratch, stderr};

/// A new course made by `coursemark new` in a scratch folder; returns the course folder.
fn new_course(test: &str) -> PathBuf {
    let dir = scratch(test);
    let o = run_in(&dir, &["new", "course"]);
    assert!(o.status.success(), "{}", stderr(&o));
    dir.join("course")
}

/// `coursemark serve ARGS` running in `cwd`, its terminal output collected in a file.
fn serve_in(cwd: &Path, args: &[&str]) -> DevServer {
    DevServer::start(cwd, args, cwd.with_extension("serve.log"))
}

/// The served `path`: its status and text.
fn get(served: &DevServer, path: &str) -> (u16, String) {
    http_get(served.port, path).expect("the server answers")
}

// 1. Commands where authors stand.

#[test]
fn commands_work_from_inside_the_course_folder() {
    let course = new_course("inside");
    let o = run_in(&course, &["check"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("no problems"), "{}", stderr(&o));

    let o = run_in(&course, &["new", "module", "Running a QBR"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        course
            .join("01-getting-started/02-running-a-qbr.md")
            .is_file()
    );

    let o = run_in(&course, &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(course.join("public/modules/running-a-qbr.html").is_file());

    let o = run_in(&course, &["theme", "eject"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(course.join("themes/custom/templates/base.html").is_file());

    // Diagnostics name files as seen from where the author stands, without `./`.
    fs::write(course.join("01-getting-started/03-x.md"), "no title\n").unwrap();
    let o = run_in(&course, &["check", "--format", "short"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("\n01-getting-started/03-x.md:1:1: error")
            || stderr(&o).starts_with("01-getting-started/03-x.md:1:1: error"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn with_no_course_here_commands_use_content_or_say_what_to_do() {
    // The repository's root has no course.toml: the bundled course in content/.
    let o = run_in(Path::new(env!("CARGO_MANIFEST_DIR")), &["check"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let empty = scratch("nowhere");
    let o = run_in(&empty, &["check"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("inside a course folder"),
        "{}",
        stderr(&o)
    );
}

// 2. The site may live inside the course folder.

#[test]
fn the_site_may_live_inside_the_course_folder() {
    let course = new_course("out-inside");
    for _ in 0..2 {
        // The second build finds the first site in the course folder and leaves it be.
        let o = run_in(&course, &["build", ".", "-o", "public"]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(!stderr(&o).contains("warning"), "{}", stderr(&o));
    }
    // A site built elsewhere under another name is not read as course source either.
    let o = run_in(&course, &["build", ".", "-o", "site"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run_in(&course, &["check"]);
    assert!(stderr(&o).contains("no problems"), "{}", stderr(&o));
    assert!(stderr(&o).contains("1 module"), "{}", stderr(&o));
}

#[test]
fn the_site_may_not_be_the_course_a_folder_above_it_a_part_or_assets() {
    let course = new_course("out-refused");
    for out in [
        ".",
        "..",
        "01-getting-started",
        "01-getting-started/site",
        "assets",
        "assets/site",
        "themes/site",
    ] {
        let o = run_in(&course, &["build", ".", "-o", out]);
        assert!(!o.status.success(), "-o {out} was accepted");
        assert!(stderr(&o).contains("refusing"), "-o {out}: {}", stderr(&o));
        assert!(stderr(&o).contains("-o public"), "-o {out}: {}", stderr(&o));
    }
    assert!(course.join("course.toml").is_file());
    assert!(!course.join("assets/site").exists());
}

#[test]
fn serve_from_inside_the_course_ignores_its_own_output() {
    let course = new_course("serve-inside");
    let served = serve_in(&course, &[".", "-o", "public"]);
    let (status, body) = get(&served, "/");
    assert_eq!(status, 200);
    assert!(body.contains("course"), "{body}");
    assert!(course.join("public/index.html").is_file());
    // Writing into the output folder is not an edit of the course.
    fs::write(course.join("public/notes.md"), "# not a module").unwrap();
    fs::write(course.join("public/modules/x.md"), "# not a module").unwrap();
    // An edit of a module is.
    let module = course.join("01-getting-started/01-welcome.md");
    fs::write(&module, read(&module).replace("Welcome", "Hello")).unwrap();
    let text = served.wait_for_output("Rebuilt in", 1, 20);
    assert_eq!(
        text.matches("Rebuilt in").count(),
        1,
        "writes to public/ caused rebuilds:\n{text}"
    );
    std::thread::sleep(Duration::from_millis(400));
    assert_eq!(served.logged().matches("Rebuilt in").count(), 1);
}

#[test]
fn serve_previews_drafts_apart_from_the_site_build_publishes() {
    let course = new_course("serve-preview");
    let o = run_in(&course, &["new", "module", "Extra"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let module = course.join("01-getting-started/02-extra.md");
    fs::write(
        &module,
        read(&module).replacen("+++\n", "+++\ndraft = true\n", 1),
    )
    .unwrap();
    let served = serve_in(&course, &["."]);
    let (status, page) = get(&served, "/modules/extra.html");
    assert_eq!(status, 200, "serve shows the draft");
    assert!(page.contains("Draft"), "{page}");
    // A deploy of public/ after a preview must not publish the draft.
    assert!(
        !course.join("public").exists(),
        "serve wrote its preview, drafts included, into public/"
    );
    let text = served.logged();
    assert!(text.contains("drafts included, is written to"), "{text}");
    assert!(text.contains("coursemark-preview-"), "{text}");
    drop(served);
    let o = run_in(&course, &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(course.join("public/modules/welcome.html").is_file());
    assert!(!course.join("public/modules/extra.html").exists());
}

// 9. Folders without a numeric prefix; `.MD` files.

#[test]
fn only_numbered_folders_are_parts_and_md_in_any_case_is_a_module() {
    let course = new_course("parts");
    fs::create_dir_all(course.join("extras")).unwrap();
    let module = read(course.join("01-getting-started/01-welcome.md"));
    fs::write(
        course.join("extras/01-x.md"),
        module.replace("id = \"welcome\"", "id = \"extra\""),
    )
    .unwrap();
    fs::write(
        course.join("01-getting-started/02-shout.MD"),
        module
            .replace("id = \"welcome\"", "id = \"shout\"")
            .replace("title = \"", "title = \"SHOUT "),
    )
    .unwrap();
    let o = run_in(&course, &["build", ".", "-o", "public"]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("warning: the folder `extras` has no numeric prefix"),
        "{err}"
    );
    assert!(err.contains("Built 2 modules"), "{err}");
    assert!(course.join("public/modules/shout.html").is_file());
    assert!(!course.join("public/modules/extra.html").exists());
}

/// The first event the live-reload channel sends a newly opened page: the build's
/// version and its errors, as the overlay shows them.
fn live_hello(port: u16) -> String {
    use std::io::Write;
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    write!(
        stream,
        "GET /__coursemark/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"
    )
    .unwrap();
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    while !String::from_utf8_lossy(&got).contains("event: hello") || !got.ends_with(b"\n\n") {
        let n = stream.read(&mut buf).unwrap();
        assert!(n > 0, "the channel closed");
        got.extend_from_slice(&buf[..n]);
    }
    String::from_utf8_lossy(&got).into_owned()
}

/// A course whose theme `brand` overrides `templates/NAME` with `text`.
fn course_with_template(test: &str, name: &str, text: &str) -> PathBuf {
    let course = new_course(test);
    let toml = read(course.join("course.toml"));
    fs::write(
        course.join("course.toml"),
        format!("theme = \"brand\"\n{toml}"),
    )
    .unwrap();
    let templates = course.join("themes/brand/templates");
    fs::create_dir_all(&templates).unwrap();
    fs::write(templates.join(name), text).unwrap();
    course
}

// 3. `serve` never exits on a theme error.

#[test]
fn serve_keeps_serving_through_a_broken_template_and_recovers() {
    let course = course_with_template("serve-theme", "404.html", "<p>fine</p>\n");
    let mut served = serve_in(&course, &["."]);
    let (status, home) = get(&served, "/");
    assert_eq!(status, 200);
    let module = course.join("themes/brand/templates/module.html");
    let default_module = read(format!(
        "{}/themes/default/templates/module.html",
        env!("CARGO_MANIFEST_DIR")
    ));
    for (n, broken) in [
        "{% broken\n".to_string(),
        default_module.replace("module.title", "module.titel"),
    ]
    .into_iter()
    .enumerate()
    {
        fs::write(&module, &broken).unwrap();
        let text = served.wait_for_output("Serving the last good build", n + 1, 20);
        assert!(
            text.contains("themes/brand/templates/module.html"),
            "{text}"
        );
        assert!(served.alive(), "serve exited on a broken template:\n{text}");
        // The last good site is still served, and the overlay has the error and its hint.
        assert_eq!(get(&served, "/"), (200, home.clone()));
        let hello = live_hello(served.port);
        assert!(hello.contains("module.html"), "{hello}");
        assert!(hello.contains("delete it from the theme folder"), "{hello}");
    }
    fs::remove_file(&module).unwrap();
    served.wait_for_output("Rebuilt in", 1, 20);
    assert!(!live_hello(served.port).contains("module.html"));
}

#[test]
fn serve_starts_with_a_broken_template_and_says_there_is_nothing_yet() {
    let course = course_with_template("serve-theme-start", "base.html", "{% broken\n");
    let served = serve_in(&course, &["."]);
    let text = served.logged();
    assert!(
        text.contains("themes/brand/templates/base.html:1:1"),
        "{text}"
    );
    assert!(!text.contains("last good build"), "{text}");
    assert!(text.contains("Nothing to serve yet"), "{text}");
    fs::remove_file(course.join("themes/brand/templates/base.html")).unwrap();
    served.wait_for_output("Rebuilt in", 1, 20);
    assert_eq!(get(&served, "/").0, 200);
}

// 4. `check` checks the theme.

#[test]
fn check_reports_template_parse_and_render_errors_with_their_line() {
    let course = course_with_template("check-theme", "404.html", "<p>lost</p>\n{% if %}\n");
    let o = run_in(&course, &["check"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("themes/brand/templates/404.html:2:"), "{err}");
    assert!(err.contains("help: "), "{err}");

    let default_module = read(format!(
        "{}/themes/default/templates/module.html",
        env!("CARGO_MANIFEST_DIR")
    ));
    let line = default_module
        .lines()
        .position(|l| l.contains("module.title"))
        .unwrap()
        + 1;
    fs::remove_file(course.join("themes/brand/templates/404.html")).unwrap();
    fs::write(
        course.join("themes/brand/templates/module.html"),
        default_module.replacen("module.title", "module.titel", 1),
    )
    .unwrap();
    let o = run_in(&course, &["check", "--format", "short"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!("themes/brand/templates/module.html:{line}:")),
        "{err}"
    );
    assert!(err.contains("module.titel"), "{err}");
    // The same problem stops a build before anything is written.
    let o = run_in(&course, &["build"]);
    assert!(stderr(&o).contains("module.titel"), "{}", stderr(&o));
    assert!(!course.join("public").exists());
}

// 5. Copy-pasteable output.

#[test]
fn new_prints_a_command_to_paste_and_uses_the_title_it_was_given() {
    let dir = scratch("new-output");
    let o = run_in(&dir, &["new", "My Onboarding Course"]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("Next: coursemark serve \"My Onboarding Course\""),
        "{err}"
    );
    assert!(err.contains("1 module"), "{err}");
    let course = dir.join("My Onboarding Course");
    assert!(
        read(course.join("course.toml")).contains("title = \"My Onboarding Course\""),
        "the title is the one given"
    );
    let o = run_in(&dir, &["new", "plain", "Plain Title"]);
    assert!(
        stderr(&o).contains("Next: coursemark serve plain\n"),
        "{}",
        stderr(&o)
    );
    assert!(read(dir.join("plain/course.toml")).contains("title = \"Plain Title\""));
    let o = run_in(&dir, &["new", "it's mine"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        read(dir.join("it's mine/course.toml")).contains("title = \"it's mine\""),
        "the title is the one typed, not capitalised"
    );
}

#[test]
fn new_module_in_a_missing_part_asks_for_its_title() {
    let course = new_course("new-part");
    let o = run_in(&course, &["new", "module", "Later", "--part", "7"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("--part-title"), "{}", stderr(&o));
    assert!(!course.join("07-part-7").exists());
    let o = run_in(
        &course,
        &[
            "new",
            "module",
            "Later",
            "--part",
            "7",
            "--part-title",
            "Going further",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(course.join("07-going-further/01-later.md").is_file());
    assert!(read(course.join("07-going-further/_part.toml")).contains("Going further"));
    let o = run_in(&course, &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(read(course.join("public/index.html")).contains("Going further"));
}

#[test]
fn theme_eject_makes_the_course_use_the_theme() {
    let course = new_course("eject");
    let o = run_in(&course, &["theme", "eject", "--name", "brand"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let toml = read(course.join("course.toml"));
    let theme_line = toml
        .find("theme = \"brand\"")
        .expect("course.toml names the theme");
    assert!(theme_line < toml.find("[[levels]]").unwrap(), "{toml}");
    // The course now builds with the ejected theme.
    let css = course.join("themes/brand/static/coursemark.css");
    // A rule, not a comment: the built style sheet drops comments.
    fs::write(&css, read(&css) + "\n.brand-mark { color: red; }\n").unwrap();
    let o = run_in(&course, &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(read(course.join("public/theme/coursemark.css")).contains(".brand-mark"));
}

#[test]
fn a_top_level_key_under_a_table_says_where_it_belongs() {
    let course = new_course("key-under-table");
    let toml = read(course.join("course.toml")) + "theme = \"brand\"\n";
    fs::write(course.join("course.toml"), toml).unwrap();
    let o = run_in(&course, &["check"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("`theme` belongs at the top of course.toml"),
        "{}",
        stderr(&o)
    );
}

// 12. Non-UTF-8 files.

#[test]
fn a_file_that_is_not_utf8_points_at_its_first_bad_byte() {
    let course = new_course("latin1");
    let module = course.join("01-getting-started/01-welcome.md");
    let text = read(&module);
    let line = text.lines().position(|l| l.starts_with("## Why")).unwrap() + 1;
    // "Café" in Latin-1 in the middle of a heading line: column 9 after "## Why C".
    let bytes = text.replacen("## Why", "## Why Caf\u{e9}", 1);
    let bytes: Vec<u8> = bytes
        .chars()
        .map(|c| if c == '\u{e9}' { 0xE9 } else { c as u8 })
        .collect();
    assert!(text.is_ascii(), "the example module is ASCII");
    fs::write(&module, &bytes).unwrap();
    for args in [
        &["check", "--format", "short"][..],
        &["build", "--trainer"][..],
    ] {
        let o = run_in(&course, args);
        let err = stderr(&o);
        assert!(!o.status.success());
        assert!(
            err.contains(&format!("01-getting-started/01-welcome.md:{line}:11")),
            "{args:?}: {err}"
        );
        assert!(err.contains("error: the file is not UTF-8"), "{err}");
    }
    let o = run_in(&course, &["check"]);
    assert!(stderr(&o).contains("0xE9"), "{}", stderr(&o));
    assert!(stderr(&o).contains("Latin-1"), "{}", stderr(&o));
    // Read whole (as serve does), course.toml too.
    let toml = read(course.join("course.toml"));
    let mut toml_bytes = toml.replacen("\nid =", "\n# \u{a0}\nid =", 1).into_bytes();
    let at = toml_bytes
        .windows(2)
        .position(|w| w == [0xC2, 0xA0])
        .unwrap();
    toml_bytes.remove(at);
    fs::write(&module, text).unwrap();
    fs::write(course.join("course.toml"), toml_bytes).unwrap();
    let o = run_in(&course, &["check", "--format", "short"]);
    assert!(
        stderr(&o).contains("course.toml:3:3: error: the file is not UTF-8"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn utf16_files_are_recognised_with_a_hint() {
    let course = new_course("utf16");
    let module = course.join("01-getting-started/01-welcome.md");
    let text = read(&module);
    let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let be_bom: Vec<u8> = "\u{feff}"
        .encode_utf16()
        .chain(text.encode_utf16())
        .flat_map(u16::to_be_bytes)
        .collect();
    for bytes in [le, be_bom] {
        fs::write(&module, &bytes).unwrap();
        let o = run_in(&course, &["check"]);
        let err = stderr(&o);
        assert!(!o.status.success());
        assert!(err.contains("UTF-16"), "{err}");
        assert!(err.contains("save it as UTF-8"), "{err}");
        assert_eq!(err.matches("error:").count(), 1, "one clear error: {err}");
    }
}

/// The module of `coursemark new` with `edit` applied, checked: whether it passed, the
/// short-form output and the module's text.
fn check_module(test: &str, edit: impl Fn(&str) -> String) -> (bool, String, String) {
    let course = new_course(test);
    let module = course.join("01-getting-started/01-welcome.md");
    let text = edit(&read(&module));
    fs::write(&module, &text).unwrap();
    let o = run_in(&course, &["check", "--format", "short"]);
    (o.status.success(), stderr(&o), text)
}

/// The 1-based line of the first line of `text` containing `what`.
fn line_of(text: &str, what: &str) -> usize {
    text.lines().position(|l| l.contains(what)).unwrap() + 1
}

// 6. Trainer notes never leak.

#[test]
fn misspelt_unknown_and_misplaced_trainer_blocks_are_errors() {
    let module = "01-getting-started/01-welcome.md";
    for (block, expect) in [
        ("::: Trainer\nLEAK\n:::\n", "did you mean `trainer`?"),
        ("::: trainer-notes\nLEAK\n:::\n", "did you mean `trainer`?"),
        ("::: TRAINER\nLEAK\n:::\n", "did you mean `trainer`?"),
        ("::: note\nLEAK\n:::\n", "unknown container `note`"),
        ("```Trainer\nLEAK\n```\n", "did you mean `trainer`?"),
        (
            "- a step\n\n  ::: trainer\n  LEAK\n  :::\n",
            "inside a list",
        ),
        ("- ::: trainer\n  LEAK\n  :::\n", "inside a list"),
        (
            "> ::: trainer\n> LEAK\n> :::\n",
            "inside a list item or quote",
        ),
        (
            "- a step\n\n    ```trainer\n    LEAK\n    ```\n",
            "inside a list item or quote",
        ),
        (
            "> ```trainer\n> LEAK\n> ```\n",
            "inside a list item or quote",
        ),
        (
            "1. ```Trainer\n   LEAK\n   ```\n",
            "did you mean `trainer`?",
        ),
    ] {
        let (ok, err, text) = check_module("trainer-syntax", |text| {
            text.replacen("## Why do it", &format!("{block}\n## Why do it"), 1)
        });
        assert!(!ok, "{block:?} passed check:\n{err}");
        let marker = block
            .lines()
            .find(|l| l.contains(":::") || l.contains("```"))
            .unwrap();
        let line = line_of(&text, marker.trim());
        assert!(
            err.contains(&format!("{module}:{line}:")) && err.contains(expect),
            "{block:?}: want line {line} and {expect:?}:\n{err}"
        );
    }
}

#[test]
fn no_trainer_text_reaches_any_learner_file() {
    let dir = scratch("trainer-leak");
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/full");
    let secrets: Vec<String> = walkdir::WalkDir::new(fixture)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .flat_map(|e| {
            let text = read(e.path());
            text.split(|c: char| !(c.is_ascii_uppercase() || c == '-'))
                .filter(|w| w.ends_with("-SECRET"))
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(
        secrets.len() >= 6,
        "the fixture has every trainer syntax: {secrets:?}"
    );
    for (edition, args) in [("learner", &[][..]), ("trainer", &["--trainer"][..])] {
        let out = dir.join(edition);
        let mut cmd = vec!["build", fixture, "-o", out.to_str().unwrap()];
        cmd.extend_from_slice(args);
        let o = run_in(&dir, &cmd);
        assert!(o.status.success(), "{}", stderr(&o));
        let mut everything = String::new();
        for file in walkdir::WalkDir::new(&out)
            .into_iter()
            .filter_map(Result::ok)
        {
            if file.file_type().is_file() {
                everything.push_str(&String::from_utf8_lossy(&fs::read(file.path()).unwrap()));
            }
        }
        for secret in &secrets {
            assert_eq!(
                everything.contains(secret.as_str()),
                edition == "trainer",
                "{secret} in the {edition} edition"
            );
        }
        // The search index's words are folded to lower case: the secrets' word too.
        assert_eq!(
            common::search_index(&out).contains("\"secret\":"),
            edition == "trainer",
            "the word of the secrets in the {edition} edition's search index"
        );
        // A trainer asset (`trainer_assets`) is in the trainer edition alone.
        let key = out.join("assets/trainer/answer-key.md");
        assert_eq!(key.is_file(), edition == "trainer", "{edition}: {key:?}");
        // Pages, the search index, the print view and the offline list were all read.
        for file in [
            "print.html",
            "search-index.js",
            "sw.js",
            "modules/sto-je.html",
        ] {
            assert!(out.join(file).is_file(), "{edition}: {file}");
        }
    }
}

#[test]
fn the_bundled_trainer_kit_reaches_only_the_trainer_edition() {
    let dir = scratch("trainer-kit");
    let content = concat!(env!("CARGO_MANIFEST_DIR"), "/content");
    let kit: Vec<String> = fs::read_dir(Path::new(content).join("assets/trainer-kit"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(kit.len() >= 20, "{kit:?}");
    for (edition, args) in [("learner", &[][..]), ("trainer", &["--trainer"][..])] {
        let out = dir.join(edition);
        let mut cmd = vec!["build", content, "-o", out.to_str().unwrap()];
        cmd.extend_from_slice(args);
        let o = run_in(&dir, &cmd);
        assert!(o.status.success(), "{}", stderr(&o));
        for name in &kit {
            let copied = out.join("assets/trainer-kit").join(name).is_file();
            assert_eq!(copied, edition == "trainer", "{edition}: {name}");
        }
        let offline = read(out.join("sw.js"));
        assert_eq!(
            offline.contains("trainer-kit/"),
            edition == "trainer",
            "{edition}: sw.js"
        );
        if edition == "learner" {
            for file in walkdir::WalkDir::new(&out)
                .into_iter()
                .filter_map(Result::ok)
            {
                let bytes = fs::read(file.path()).unwrap_or_default();
                assert!(
                    !String::from_utf8_lossy(&bytes).contains("trainer-kit"),
                    "{} names the trainer kit",
                    file.path().display()
                );
            }
        }
    }
}

#[test]
fn trainer_assets_that_learners_link_or_that_name_nothing_are_errors() {
    let course = new_course("trainer-assets");
    let toml = course.join("course.toml");
    let config = read(&toml);
    let with_key = |entries: &str| {
        let at = config.find("\n[").unwrap_or(config.len());
        format!(
            "{}\ntrainer_assets = [{entries}]\n{}",
            &config[..at],
            &config[at..]
        )
    };
    fs::create_dir_all(course.join("assets/kit")).unwrap();
    fs::write(course.join("assets/kit/key.md"), "Answers.").unwrap();
    // A typo in a folder name would publish the files it meant to keep back.
    let line = with_key("")
        .lines()
        .position(|l| l.starts_with("trainer_assets"))
        .unwrap()
        + 1;
    for (entries, message) in [
        ("\"assets/kti\"", "did you mean `assets/kit`"),
        (
            "\"../secret\"",
            "`../secret` is not a folder or file under `assets/`",
        ),
    ] {
        fs::write(&toml, with_key(entries)).unwrap();
        let o = run_in(&course, &["check", "--format", "short"]);
        let err = stderr(&o);
        assert!(!o.status.success(), "{entries}");
        assert!(
            err.contains(&format!("course.toml:{line}:")) && err.contains(message),
            "{err}"
        );
    }
    // Learners' text may not link a trainer asset; a trainer note may.
    fs::write(&toml, with_key("\"assets/kit\"")).unwrap();
    let module = course.join("01-getting-started/01-welcome.md");
    let text = read(&module);
    for (how, ok) in [
        ("See the [key](../assets/kit/key.md).", false),
        ("<a href=\"../assets/kit/key.md\">key</a>", false),
        (
            "::: trainer\nSee the [key](../assets/kit/key.md).\n:::",
            true,
        ),
    ] {
        let edited = text.replacen("## Why do it", &format!("{how}\n\n## Why do it"), 1);
        fs::write(&module, &edited).unwrap();
        let o = run_in(&course, &["check", "--format", "short"]);
        let err = stderr(&o);
        assert_eq!(o.status.success(), ok, "{how}: {err}");
        if !ok {
            let line = line_of(&edited, how.lines().next().unwrap());
            assert!(
                err.contains(&format!("01-welcome.md:{line}:")) && err.contains("trainer asset"),
                "{how}: {err}"
            );
        }
    }
}

// 7. Question ids that clash.

#[test]
fn an_unclosed_trainer_block_is_one_error_and_missing_sections_come_in_order() {
    let (ok, err, text) = check_module("trainer-unclosed", |text| {
        text.replacen(
            "## Why do it",
            "::: trainer\nNotes, never closed.\n\n## Why do it",
            1,
        )
    });
    assert!(!ok);
    let line = line_of(&text, "::: trainer");
    assert_eq!(
        err.lines().filter(|l| l.contains(": error: ")).count(),
        1,
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "01-welcome.md:{line}:1: error: trainer block is never closed"
        )),
        "{err}"
    );
    // Sections that are really missing are named in the order they go in.
    let (ok, err, _) = check_module("sections-missing", |text| {
        text[..text.find("## Why do it").unwrap()].to_string()
    });
    assert!(!ok);
    let missing: Vec<&str> = err
        .lines()
        .filter_map(|l| l.split("the section `").nth(1)?.split('`').next())
        .collect();
    assert_eq!(
        missing,
        [
            "Why do it",
            "How to do it",
            "Test your knowledge",
            "Implement it"
        ],
        "{err}"
    );
}

#[test]
fn a_mistyped_anchor_or_section_id_gets_the_closest_one() {
    let (ok, err, _) = check_module("anchor-typo", |text| {
        text.replacen("## How to do it {#how}", "## How to do it {#hwo}", 1)
            .replacen(
                "## Why do it {#why}\n",
                "## Why do it {#why}\n\nSee [x](@welcome#tset) and [y](01-welcome.md#quiz-sectoin).\n",
                1,
            )
    });
    assert!(!ok);
    for hint in [
        "not one of the five sections; did you mean `{#how}`?",
        "link to `#tset`: this page has no such section or heading; did you mean `test`?",
        "link to `#quiz-sectoin`: this page has no such section or heading; did you mean `quiz-section`?",
    ] {
        assert!(err.contains(hint), "{hint}: {err}");
    }
}

#[test]
fn a_question_id_that_clashes_with_a_section_or_heading_is_an_error() {
    // A section's id, a heading's pinned id, a heading's own anchor (GitHub's id).
    for (pinned, other) in [
        ("implement", "### Step {#step}"),
        ("step", "### Step {#step}"),
        ("first-steps", "### First steps"),
    ] {
        let (ok, err, text) = check_module("question-clash", |text| {
            text.replace("{#quiz-section}", &format!("{{#{pinned}}}"))
                .replacen("## Why do it", &format!("{other}\n\n## Why do it"), 1)
        });
        // The question's own line (the Test section comes before Implement).
        let question = text.find("Which section holds the quiz?").unwrap();
        let line = text[..question].matches('\n').count() + 1;
        assert!(!ok, "{pinned}: {err}");
        assert!(
            err.contains(&format!("01-welcome.md:{line}:")) && err.contains(&format!("`{pinned}`")),
            "{pinned} (and {other}): {err}"
        );
    }
}

// 8. Raw HTML media and links are checked.

#[test]
fn raw_html_media_and_links_are_checked_like_markdown_ones() {
    let cases = [
        (
            "<img src=\"../assets/missing.png\" alt=\"x\">",
            "missing.png",
        ),
        ("<video src=\"../assets/clip.mp4\"></video>", "clip.mp4"),
        (
            "<video controls><source src=\"../assets/gone.webm\"></video>",
            "gone.webm",
        ),
        ("<a href=\"02-nowhere.md\">next</a>", "02-nowhere.md"),
        (
            "<iframe src=\"https://www.youtube.com/embed/x\"></iframe>",
            "external",
        ),
        (
            "<img src=\"https://example.com/logo.png\" alt=\"\">",
            "external",
        ),
        (
            "<link rel=\"stylesheet\" href=\"https://example.com/x.css\">",
            "external",
        ),
        (
            "<script src=\"https://example.com/x.js\"></script>",
            "external",
        ),
        (
            "<object data=\"https://example.com/x.pdf\"></object>",
            "external",
        ),
        (
            "<img srcset=\"https://example.com/z.png 2x\" src=\"../assets/example.svg\" alt=\"\">",
            "`<img srcset>` loads `https://example.com/z.png`",
        ),
        (
            "<div style=\"background:url(https://example.com/bg.png)\">x</div>",
            "`<div style>` loads `https://example.com/bg.png`",
        ),
        (
            "<video poster=\"https://example.com/p.jpg\"></video>",
            "external",
        ),
        (
            "<img srcset=\"../assets/example.svg 1x, ../assets/gone.png 2x\" alt=\"\">",
            "gone.png",
        ),
        (
            "<div style=\"background:url('../assets/gone-bg.png')\">x</div>",
            "gone-bg.png",
        ),
    ];
    for (html, expect) in cases {
        let (ok, err, _) = check_module("raw-html", |text| {
            text.replacen("## Why do it", &format!("{html}\n\n## Why do it"), 1)
        });
        assert!(!ok, "{html} passed:\n{err}");
        assert!(err.contains(expect), "{html}: {err}");
    }
    // A file that exists, and an external one where the course allows them, pass.
    let course = new_course("raw-html-ok");
    let module = course.join("01-getting-started/01-welcome.md");
    let text = read(&module).replacen(
        "## Why do it",
        "<img src=\"../assets/example.svg\" alt=\"x\">\n<iframe src=\"https://www.youtube.com/embed/x\"></iframe>\n\n## Why do it",
        1,
    );
    fs::write(&module, text).unwrap();
    let toml = course.join("course.toml");
    fs::write(&toml, format!("allow_external = true\n{}", read(&toml))).unwrap();
    let o = run_in(&course, &["check"]);
    assert!(o.status.success(), "{}", stderr(&o));
}

// 10. Empty and placeholder content.

#[test]
fn empty_sections_empty_modules_and_the_untouched_example_question_are_warnings() {
    let course = new_course("placeholders");
    let o = run_in(&course, &["new", "module", "Fresh"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run_in(&course, &["check", "--format", "short"]);
    let err = stderr(&o);
    assert!(o.status.success(), "warnings only: {err}");
    let fresh = "01-getting-started/02-fresh.md";
    let text = read(course.join(fresh));
    assert!(
        err.contains(&format!("{fresh}:{}:", line_of(&text, "## What it is")))
            && err.contains("is empty"),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{fresh}:{}:",
            line_of(&text, "Your first question?")
        )) && err.contains("example question"),
        "{err}"
    );
    // A module with front matter alone: one warning.
    fs::write(
        course.join("01-getting-started/04-later.md"),
        "+++\ntitle = \"Later\"\n+++\n",
    )
    .unwrap();
    let o = run_in(&course, &["check", "--format", "short"]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    let later: Vec<&str> = err.lines().filter(|l| l.contains("04-later.md")).collect();
    assert_eq!(later.len(), 1, "{err}");
    assert!(
        later[0].contains("warning") && later[0].contains("no text"),
        "{err}"
    );
    // An empty file: one clear error, not one per missing part.
    fs::write(course.join("01-getting-started/03-empty.md"), "").unwrap();
    let o = run_in(&course, &["check", "--format", "short"]);
    let err = stderr(&o);
    let about: Vec<&str> = err.lines().filter(|l| l.contains("03-empty.md")).collect();
    assert_eq!(about.len(), 1, "{err}");
    assert!(
        about[0].contains("error") && about[0].contains("empty"),
        "{err}"
    );
}

#[test]
fn a_test_section_without_questions_is_pointed_at_by_its_heading() {
    let course = new_course("no-questions");
    let module = course.join("01-getting-started/01-welcome.md");
    let text = read(&module);
    let test = text.find("## Test your knowledge").unwrap();
    let implement = text.find("## Implement it").unwrap();
    for between in ["", "Questions come later.\n\n"] {
        let changed = format!(
            "{}## Test your knowledge {{#test}}\n\n{between}{}",
            &text[..test],
            &text[implement..]
        );
        fs::write(&module, &changed).unwrap();
        let o = run_in(&course, &["check", "--format", "short"]);
        let err = stderr(&o);
        let at = format!(
            "01-getting-started/01-welcome.md:{}:1: warning: the Test section has no questions",
            line_of(&changed, "## Test your knowledge")
        );
        assert!(err.contains(&at), "{between:?}: want {at}\n{err}");
    }
}

// 11. A front-matter syntax error does not hide the body's problems.

#[test]
fn a_front_matter_error_does_not_hide_the_body_problems() {
    let (ok, err, _) = check_module("front-and-body", |text| {
        text.replacen("duration = ", "duration = = ", 1).replacen(
            "## How to do it {#how}",
            "## How to doo it",
            1,
        )
    });
    assert!(!ok);
    assert!(err.contains("front matter"), "{err}");
    assert!(
        err.contains("How to doo it"),
        "the body was checked too: {err}"
    );
    assert!(!err.contains("has no title"), "{err}");
}

// 13. Messages that say more.

#[test]
fn messages_point_at_the_right_place_and_suggest_the_right_name() {
    let (_, err, _) = check_module("did-you-mean", |text| {
        text.replacen("## How to do it {#how}", "## Hwo to do it", 1)
            .replacen("## Why do it", "See [it](welcome.html) and [it](01-welcom.md) and ![x](../assets/exmaple.svg).\n\n## Why do it", 1)
    });
    assert!(err.contains("did you mean `How to do it`"), "{err}");
    assert!(
        err.contains("01-welcome.md"),
        "a link to a page says to link the .md: {err}"
    );
    assert!(err.contains("did you mean `01-welcome.md`"), "{err}");
    assert!(err.contains("did you mean `example.svg`"), "{err}");

    // The Implement section without a checklist points at its heading.
    let (_, err, text) = check_module("no-checklist", |text| {
        let (before, after) = text.split_once("## Implement it").unwrap();
        format!("{before}## Implement it{}", after.replace("- [ ] ", "* "))
    });
    let heading = line_of(&text, "## Implement it");
    assert!(
        err.lines()
            .any(|l| l.contains(&format!("01-welcome.md:{heading}:")) && l.contains("checklist")),
        "{err}"
    );

    // A duplicate level id points at the second level.
    let course = new_course("dup-level");
    let toml = read(course.join("course.toml")).replace("id = \"applied\"", "id = \"studied\"");
    fs::write(course.join("course.toml"), &toml).unwrap();
    let second = toml.match_indices("id = \"studied\"").nth(1).unwrap().0;
    let line = toml[..second].matches('\n').count() + 1;
    let o = run_in(&course, &["check", "--format", "short"]);
    assert!(
        stderr(&o).contains(&format!("course.toml:{line}:")) && stderr(&o).contains("two levels"),
        "{}",
        stderr(&o)
    );
}
