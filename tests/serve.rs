//! The authoring loop: every kind of change, applied incrementally, leaves the same
//! output as a fresh full build; and the dev server's live channel and concurrency.

use std::fs;
use std::path::{Path, PathBuf};

use crate::common;

use common::dev::DevServer;
use common::{copy_dir, http_get, scratch, tree};
use coursemark::render::RenderOptions;
use coursemark::serve::session::Session;
use coursemark::serve::watch::{self, Layout};

/// Tells the session about `paths` as the watcher would, then compares with a full build.
fn apply_and_compare(
    session: &mut Session,
    root: &Path,
    paths: &[&str],
    fresh: &Path,
) -> Vec<String> {
    let paths: Vec<PathBuf> = paths.iter().map(|p| root.join(p)).collect();
    let out = session.out.clone();
    let layout = Layout {
        root,
        out: &out,
        theme: None,
    };
    let changes = session.changes(&layout, &paths);
    assert!(
        !changes.is_empty(),
        "{paths:?} were classified as no change"
    );
    let outcome = session.apply(&changes).unwrap();
    assert!(!outcome.failed, "{:?}", session.checked.diagnostics);
    let options = coursemark::BuildOptions {
        source: root.to_path_buf(),
        out: fresh.to_path_buf(),
        trainer: false,
        drafts: true,
    };
    let (built, stats) = coursemark::build(&options).unwrap();
    assert!(stats.is_some());
    // The problems found are those a full check finds, the kept judgements included.
    let problems = |d: &[coursemark::diagnostics::Diagnostic]| {
        d.iter()
            .map(|d| format!("{}:{:?}: {}", d.file.display(), d.span, d.message))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        problems(&session.checked.diagnostics),
        problems(&built.diagnostics),
        "after {paths:?}"
    );
    let (a, b) = (tree(&out), tree(fresh));
    let names = |t: &[(String, Vec<u8>)]| t.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
    assert_eq!(names(&a), names(&b), "same files after {paths:?}");
    for (x, y) in a.iter().zip(&b) {
        // For a text file, the first line that differs says what the rebuild missed.
        let first_difference = || {
            let (served, built) = (String::from_utf8_lossy(&x.1), String::from_utf8_lossy(&y.1));
            served
                .lines()
                .zip(built.lines())
                .find(|(s, b)| s != b)
                .map(|(s, b)| format!("served: {s}\nbuilt:  {b}"))
                .unwrap_or_else(|| "one is longer than the other".into())
        };
        assert!(
            x.1 == y.1,
            "{} differs from a full build after {paths:?}\n{}",
            x.0,
            first_difference()
        );
    }
    outcome.changed
}

fn out_has(session: &Session, path: &str) -> bool {
    session.out.join(path).is_file()
}

// One authoring session, edit after edit in order: each step depends on the last.
#[allow(clippy::too_many_lines)]
#[test]
fn every_kind_of_change_matches_a_full_build() {
    let _turn = SERVERS.lock().unwrap_or_else(|e| e.into_inner());
    let (dir, root) = full_course("kinds");
    let (out, fresh) = (dir.join("out"), dir.join("fresh"));
    let mut session = Session::start(&root, &out, RenderOptions::default()).unwrap();
    assert!(session.has_site());
    let edit = |path: &str, from: &str, to: &str| {
        let p = root.join(path);
        let text = fs::read_to_string(&p).unwrap();
        assert!(text.contains(from), "{path} lacks {from}");
        fs::write(&p, text.replace(from, to)).unwrap();
    };

    // A module's body: its page, and the course pages, nothing else.
    edit("02-more/01-yaml.md", "Steps.", "Steps, edited.");
    let changed = apply_and_compare(&mut session, &root, &["02-more/01-yaml.md"], &fresh);
    assert!(
        changed.contains(&"modules/yaml.html".to_string()),
        "{changed:?}"
    );
    assert!(
        !changed.contains(&"modules/sto-je.html".to_string()),
        "{changed:?}"
    );

    // A long text makes the search index one text shard more; once it is short again,
    // the shard it no longer needs is gone, as from a full build.
    let long = format!(
        "Plan ishode. {}",
        "Renewal plans and outcomes. ".repeat(1000)
    );
    edit(
        "01-osnove/01-sto-je.md",
        "## Kako {#how}\n",
        &format!("## Kako {{#how}}\n\n{long}\n"),
    );
    apply_and_compare(&mut session, &root, &["01-osnove/01-sto-je.md"], &fresh);
    assert!(out_has(&session, "search/t1.js"), "a second text shard");
    edit("01-osnove/01-sto-je.md", &format!("\n{long}\n"), "");
    apply_and_compare(&mut session, &root, &["01-osnove/01-sto-je.md"], &fresh);

    // A title shows on the neighbours' pages too.
    edit(
        "02-more/01-yaml.md",
        "title: \"YAML module\"",
        "title: \"YAML, renamed\"",
    );
    let changed = apply_and_compare(&mut session, &root, &["02-more/01-yaml.md"], &fresh);
    assert!(
        changed.contains(&"modules/sto-je.html".to_string()),
        "{changed:?}"
    );

    // A duration shows on the module's page and on home, with the course's length.
    edit("02-more/01-yaml.md", "duration: 20", "duration: 45");
    let changed = apply_and_compare(&mut session, &root, &["02-more/01-yaml.md"], &fresh);
    assert!(changed.contains(&"index.html".to_string()), "{changed:?}");
    edit(
        "01-osnove/01-sto-je.md",
        "duration = \"1 h 30 min\"",
        "duration = \"2 h\"",
    );
    apply_and_compare(&mut session, &root, &["01-osnove/01-sto-je.md"], &fresh);

    // A new module, then a rename that keeps its pinned id, then its removal.
    fs::write(
        root.join("02-more/02-new.md"),
        fs::read_to_string(root.join("02-more/01-yaml.md"))
            .unwrap()
            .replace("title: \"YAML, renamed\"", "title: New\nid: new-one"),
    )
    .unwrap();
    apply_and_compare(&mut session, &root, &["02-more/02-new.md"], &fresh);
    fs::rename(
        root.join("02-more/02-new.md"),
        root.join("02-more/03-moved.md"),
    )
    .unwrap();
    apply_and_compare(
        &mut session,
        &root,
        &["02-more/02-new.md", "02-more/03-moved.md"],
        &fresh,
    );
    fs::remove_file(root.join("02-more/03-moved.md")).unwrap();
    let changed = apply_and_compare(&mut session, &root, &["02-more/03-moved.md"], &fresh);
    assert!(
        changed.contains(&"modules/new-one.html".to_string()),
        "the removed page goes: {changed:?}"
    );

    // Part and course metadata, the home page.
    edit("01-osnove/_part.toml", "Osnove", "Osnove i više");
    apply_and_compare(&mut session, &root, &["01-osnove/_part.toml"], &fresh);
    edit("course.toml", "pass_mark = 70", "pass_mark = 75");
    apply_and_compare(&mut session, &root, &["course.toml"], &fresh);
    edit("index.md", "Dobrodošli!", "Dobrodošli svi!");
    apply_and_compare(&mut session, &root, &["index.md"], &fresh);

    // Assets: changed, added, removed.
    fs::write(
        root.join("assets/diagram.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    )
    .unwrap();
    // Its picture size changed: the page that shows it has the new width and height,
    // and the pages that do not show it are left as they were written (the site is not
    // built anew, which would replace every file).
    let inode = |page: &str| {
        use std::os::unix::fs::MetadataExt;
        fs::metadata(out.join(page)).unwrap().ino()
    };
    let untouched = inode("modules/nacrt.html");
    let changed = apply_and_compare(&mut session, &root, &["assets/diagram.svg"], &fresh);
    assert!(
        changed.contains(&"modules/sto-je.html".to_string()),
        "{changed:?}"
    );
    assert_eq!(inode("modules/nacrt.html"), untouched, "{changed:?}");
    fs::write(root.join("assets/extra.txt"), "x").unwrap();
    apply_and_compare(&mut session, &root, &["assets/extra.txt"], &fresh);
    fs::write(root.join("assets/extra.txt"), "y").unwrap();
    let changed = apply_and_compare(&mut session, &root, &["assets/extra.txt"], &fresh);
    assert!(
        changed
            .iter()
            .all(|p| p == "assets/extra.txt" || p == "sw.js"),
        "an asset of the same size is copied alone (and the offline cache's version changes): {changed:?}"
    );
    fs::remove_file(root.join("assets/extra.txt")).unwrap();
    apply_and_compare(&mut session, &root, &["assets/extra.txt"], &fresh);

    // A theme: switched on in course.toml, then one of its files edited.
    fs::create_dir_all(root.join("themes/brand/static")).unwrap();
    fs::write(
        root.join("themes/brand/static/coursemark.css"),
        "body{color:#111}",
    )
    .unwrap();
    edit(
        "course.toml",
        "pass_mark = 75",
        "pass_mark = 75\ntheme = \"brand\"",
    );
    apply_and_compare(&mut session, &root, &["course.toml"], &fresh);
    fs::write(
        root.join("themes/brand/static/coursemark.css"),
        "body{color:#222}",
    )
    .unwrap();
    let changed = apply_and_compare(
        &mut session,
        &root,
        &["themes/brand/static/coursemark.css"],
        &fresh,
    );
    assert!(
        changed.contains(&"theme/coursemark.css".to_string()),
        "{changed:?}"
    );
}

#[test]
fn a_broken_save_keeps_the_last_good_site_and_recovers() {
    let (dir, root) = full_course("broken");
    let out = dir.join("out");
    let mut session = Session::start(&root, &out, RenderOptions::default()).unwrap();
    let before = tree(&out);
    let module = root.join("02-more/01-yaml.md");
    let good = fs::read_to_string(&module).unwrap();
    fs::write(
        &module,
        good.replace("title: \"YAML module\"", "title: [unclosed"),
    )
    .unwrap();
    let change = vec![watch::Change::Module(PathBuf::from("02-more/01-yaml.md"))];
    let outcome = session.apply(&change).unwrap();
    assert!(outcome.failed);
    assert!(
        session
            .checked
            .diagnostics
            .iter()
            .any(|d| d.file == Path::new("02-more/01-yaml.md"))
    );
    assert_eq!(tree(&out), before, "the last good site stays");
    fs::write(&module, good.replace("Steps.", "Steps again.")).unwrap();
    let outcome = session.apply(&change).unwrap();
    assert!(!outcome.failed);
    assert!(outcome.changed.contains(&"modules/yaml.html".to_string()));
}

#[test]
fn a_save_hands_over_its_module_pages_before_the_files_of_the_whole_course() {
    let (dir, root) = full_course("early");
    let out = dir.join("out");
    let mut session = Session::start(&root, &out, RenderOptions::default()).unwrap();
    let module = root.join("02-more/01-yaml.md");
    let text = fs::read_to_string(&module).unwrap();
    fs::write(&module, text.replace("YAML module", "Early title")).unwrap();
    let change = [watch::Change::Module("02-more/01-yaml.md".into())];
    let mut early = Vec::new();
    let outcome = session
        .apply_with(&change, &mut |written| {
            // Written already, and the page of its neighbour with it.
            for page in ["modules/yaml.html", "modules/sto-je.html"] {
                assert!(written.contains(&page.to_string()), "{written:?}");
                assert!(
                    fs::read_to_string(out.join(page))
                        .unwrap()
                        .contains("Early title")
                );
            }
            early.extend_from_slice(written);
        })
        .unwrap();
    assert!(early.iter().all(|p| p.starts_with("modules/")), "{early:?}");
    assert!(early.iter().all(|p| outcome.changed.contains(p)));
    assert!(
        outcome.changed.iter().any(|p| p.starts_with("search/")),
        "the index follows: {:?}",
        outcome.changed
    );
    let _ = fs::remove_dir_all(&dir);
}

/// Polls `path` until its body satisfies `ok`, for at most `seconds`.
fn wait_for(port: u16, path: &str, seconds: f64, ok: impl Fn(&str) -> bool) -> bool {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs_f64(seconds);
    while std::time::Instant::now() < deadline {
        if http_get(port, path).is_some_and(|(_, body)| ok(&body)) {
            return true;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    false
}

/// A scratch folder named `name` holding a copy of the `full` fixture as `course/`.
fn full_course(name: &str) -> (PathBuf, PathBuf) {
    let dir = scratch(name);
    let root = dir.join("course");
    copy_dir(
        Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/full")),
        &root,
    );
    (dir, root)
}

/// The tests that start a dev server or rebuild a course many times take turns: one
/// times its rebuilds, the others load the machine.
static SERVERS: std::sync::Mutex<()> = std::sync::Mutex::new(());

#[test]
fn the_dev_server_rebuilds_on_save_reports_errors_and_stays_idle() {
    let _turn = SERVERS.lock().unwrap_or_else(|e| e.into_inner());
    let (dir, _) = full_course("process");
    let served = DevServer::start(&dir, &["course", "-o", "out"], dir.join("serve.log"));
    let (port, root) = (served.port, dir.join("course"));
    let (_, page) = http_get(port, "/modules/yaml.html").unwrap();
    assert!(
        page.contains("/__coursemark/events"),
        "the served page has the reload channel"
    );
    assert!(
        !fs::read_to_string(dir.join("out/modules/yaml.html"))
            .unwrap()
            .contains("__coursemark"),
        "the file on disk has not"
    );

    let module = root.join("02-more/01-yaml.md");
    let good = fs::read_to_string(&module).unwrap();
    fs::write(&module, good.replace("YAML module", "Edited title")).unwrap();
    assert!(
        wait_for(port, "/modules/yaml.html", 30.0, |b| b
            .contains("<title>Edited title")),
        "the new title is served"
    );

    fs::write(
        &module,
        good.replace("title: \"YAML module\"", "title: [broken"),
    )
    .unwrap();
    let logged = || served.logged();
    // The error names the file.
    served.wait_for_output("02-more/01-yaml.md:", 1, 30);
    let (status, body) = http_get(port, "/modules/yaml.html").unwrap();
    assert_eq!(status, 200);
    assert!(
        body.contains("<title>Edited title"),
        "the last good page is still served"
    );

    let reported = logged().matches("Rebuilt").count();
    fs::write(&module, good.replace("YAML module", "Fixed title")).unwrap();
    assert!(
        wait_for(port, "/modules/yaml.html", 30.0, |b| b
            .contains("<title>Fixed title")),
        "recovers when fixed"
    );
    // The page reloads before the rest of the rebuild is done, and the terminal's
    // report comes after it: the idle time is counted from the report.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while logged().matches("Rebuilt").count() == reported {
        assert!(std::time::Instant::now() < deadline, "{}", logged());
        std::thread::sleep(std::time::Duration::from_millis(20));
    }

    // Idle: no rebuild happens on its own (no loop on its own output).
    std::thread::sleep(std::time::Duration::from_millis(400));
    let rebuilds = logged().matches("Rebuilt").count();
    std::thread::sleep(std::time::Duration::from_millis(1000));
    assert_eq!(
        logged().matches("Rebuilt").count(),
        rebuilds,
        "{}",
        logged()
    );

    // Twenty clients at once are all served.
    let handles: Vec<_> = (0..20)
        .map(|_| std::thread::spawn(move || http_get(port, "/index.html").map(|r| r.0)))
        .collect();
    for h in handles {
        assert_eq!(h.join().unwrap(), Some(200));
    }
    let (status, body) = http_get(port, "/no/such/page.html").unwrap();
    assert_eq!(status, 404);
    assert!(body.contains("class=\"not-found\""), "the theme's 404 page");
}

/// Asks for `page` again and again on one kept-alive connection, as a browser does, until
/// `stop`; returns how many answers came and the bad ones (not 200, not a whole page).
/// One connection, not one per request, which would churn through the ephemeral ports
/// that other tests' servers listen on.
fn ask_until(port: u16, page: &str, stop: &std::sync::atomic::AtomicBool) -> (usize, Vec<String>) {
    use std::io::{BufRead, BufReader, Read, Write};
    let connect = || {
        let stream = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
        stream
            .set_read_timeout(Some(std::time::Duration::from_secs(10)))
            .ok()?;
        Some(BufReader::new(stream))
    };
    let ask = |reader: &mut BufReader<std::net::TcpStream>| -> Option<(u16, String)> {
        write!(
            reader.get_mut(),
            "GET {page} HTTP/1.1\r\nHost: localhost\r\n\r\n"
        )
        .ok()?;
        let mut line = String::new();
        reader.read_line(&mut line).ok()?;
        let status = line.split_whitespace().nth(1)?.parse().ok()?;
        let mut length = 0;
        loop {
            line.clear();
            reader.read_line(&mut line).ok()?;
            match line.trim_end().split_once(':') {
                Some((name, value)) if name.eq_ignore_ascii_case("content-length") => {
                    length = value.trim().parse().ok()?;
                }
                Some(_) => {}
                None => break,
            }
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).ok()?;
        Some((status, String::from_utf8_lossy(&body).into_owned()))
    };
    let (mut answers, mut bad) = (0, Vec::new());
    let mut connection = connect();
    while !stop.load(std::sync::atomic::Ordering::Relaxed) {
        match connection.as_mut().and_then(ask) {
            Some((status, body)) => {
                answers += 1;
                if status != 200 || !body.trim_end().ends_with("</html>") {
                    bad.push(format!("{page}: {status}, {} bytes", body.len()));
                }
            }
            None => {
                bad.push(format!("{page}: no answer"));
                connection = connect();
            }
        }
        // A few hundred requests a second: enough to land inside every rebuild, without
        // loading the machine that other tests' servers share.
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    (answers, bad)
}

/// While saves rebuild the site (a module's text, its title shown on its neighbours and
/// its part, course.toml's whole rebuild), every page asked for is answered whole:
/// never a 404, never half a file.
#[test]
fn pages_are_answered_whole_while_the_site_rebuilds() {
    let _turn = SERVERS.lock().unwrap_or_else(|e| e.into_inner());
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    let (dir, root) = full_course("whole");
    let served = DevServer::start(&dir, &["course", "-o", "out"], dir.join("serve.log"));
    let port = served.port;
    let stop = Arc::new(AtomicBool::new(false));
    let clients: Vec<_> = ["/modules/yaml.html", "/modules/sto-je.html", "/index.html"]
        .into_iter()
        .map(|page| {
            let stop = Arc::clone(&stop);
            std::thread::spawn(move || ask_until(port, page, &stop))
        })
        .collect();
    let module = root.join("02-more/01-yaml.md");
    let config = root.join("course.toml");
    let (good, course) = (
        fs::read_to_string(&module).unwrap(),
        fs::read_to_string(&config).unwrap(),
    );
    for round in 0..3 {
        let text = format!("Steps, edit {round}.");
        fs::write(&module, good.replace("Steps.", &text)).unwrap();
        assert!(wait_for(port, "/modules/yaml.html", 10.0, |b| b.contains(&text)));
        let title = format!("YAML {round}");
        fs::write(&module, good.replace("YAML module", &title)).unwrap();
        // The title shows on its neighbour's page.
        assert!(wait_for(port, "/modules/sto-je.html", 10.0, |b| b.contains(&title)));
        let name = format!("Puni tečaj {round}");
        fs::write(&config, course.replace("Puni tečaj", &name)).unwrap();
        assert!(wait_for(port, "/index.html", 10.0, |b| b.contains(&name)));
    }
    stop.store(true, Ordering::Relaxed);
    for client in clients {
        let (answers, bad) = client.join().unwrap();
        assert!(answers > 0, "the page was asked for");
        assert!(bad.is_empty(), "{bad:?}");
    }
}

/// The server listens before the course is read: a page asked for meanwhile is made on
/// request from the course's outline (its front matter; a module page from its source
/// parsed then), before the course is checked and byte for byte what the build then
/// writes, and a file only the whole build makes (the search index) waits for it.
fn pages_made_before_the_check_are_the_build_s(root: &Path, out: &Path, early: &[&str]) {
    use coursemark::serve::http;
    use coursemark::serve::live::Live;
    use coursemark::serve::preview::{Building, Preview};
    use coursemark::serve::session::Sources;
    use std::sync::Arc;
    let options = RenderOptions::default();
    let preview = |sources: &Sources| {
        Preview::new(root, &sources.tree, &sources.problems, options).expect("an outline")
    };
    let sources = Sources::read(root).unwrap();
    let first = Arc::new(Building::checking());
    let port = http::start(
        out,
        "127.0.0.1:0",
        Arc::new(Live::starting()),
        Arc::clone(&first),
    )
    .unwrap()
    .port();
    first.checked(Some(preview(&sources)));
    let early: Vec<(&str, String)> = early
        .iter()
        .map(|&page| {
            let (status, answer) = http_get(port, page).expect("an answer");
            assert_eq!(status, 200, "{page}: {answer}");
            (page, answer)
        })
        .collect();
    let waiting = std::thread::spawn(move || http_get(port, "/search-index.js"));
    let mut session = Session::check_sources(root, out, options, sources).unwrap();
    assert!(
        !out.exists(),
        "nothing was written while the pages were made"
    );
    assert!(
        !session.checked.has_errors(),
        "{:?}",
        session.checked.diagnostics
    );
    session.build().unwrap();
    assert!(!waiting.is_finished(), "the index waits for the build");
    first.finish();
    let (status, index) = waiting.join().unwrap().expect("an answer");
    assert_eq!(status, 200);
    assert!(index.ends_with(&fs::read_to_string(out.join("search-index.js")).unwrap()));
    for (page, answer) in early {
        assert_eq!(http_get(port, page).expect("an answer").1, answer, "{page}");
    }
    // Every page and theme file the preview makes is the one the build wrote.
    let preview = preview(&Sources::read(root).unwrap());
    let mut made = 0;
    for (path, bytes) in tree(out) {
        if let Some(file) = preview.file(&path) {
            assert!(file.bytes == bytes, "{path} differs from the build's");
            made += 1;
        }
    }
    assert!(made > 10, "{made} files made on request");
}

#[test]
fn pages_asked_for_before_the_course_is_checked_are_the_build_s() {
    let _turn = SERVERS.lock().unwrap_or_else(|e| e.into_inner());
    let (dir, root) = full_course("first");
    let early = [
        "/",
        "/modules/yaml.html",
        "/modules/sto-je.html",
        "/progress.html",
        "/glossary.html",
        "/theme/coursemark.css",
    ];
    pages_made_before_the_check_are_the_build_s(&root, &dir.join("out"), &early);
    let _ = fs::remove_dir_all(&dir);
}

#[path = "../benches/support/synth.rs"]
#[allow(dead_code)]
mod synth;

/// A larger course, as the serve bench's: its first pages (home, a module deep in it)
/// come from the outline, as the build writes them.
#[test]
fn a_large_course_s_first_pages_are_the_build_s() {
    let _turn = SERVERS.lock().unwrap_or_else(|e| e.into_inner());
    let dir = scratch("first-large");
    let root = dir.join("course");
    synth::write_course(&root, 300, 42).unwrap();
    let early = ["/", "/modules/module-250.html", "/modules/module-0.html"];
    pages_made_before_the_check_are_the_build_s(&root, &dir.join("out"), &early);
    let _ = fs::remove_dir_all(&dir);
}

/// live.js reloads only the open pages a rebuild changed: a save of one module reloads
/// that module's open page, and an unrelated module's open page keeps its state. Each
/// page notes in a global (gone with a reload) that it is the same document, and the
/// Navigation API tells synchronously when a script asks it to reload.
#[test]
fn a_save_reloads_the_open_page_of_its_module_and_no_other() {
    use crate::browser::webdriver::{self, Browser};
    if !webdriver::available() {
        return;
    }
    let _turn = SERVERS.lock().unwrap_or_else(|e| e.into_inner());
    let (dir, root) = full_course("live-pages");
    let served = DevServer::start(&dir, &["course", "-o", "out"], dir.join("serve.log"));
    let b = Browser::new(1280, 900);
    let mark = "window.qaSame = true; window.qaReloading = false; \
                navigation.addEventListener('navigate', function () { window.qaReloading = true; });";
    let open = |page: &str| {
        b.goto(&format!("http://127.0.0.1:{}/modules/{page}", served.port));
        b.wait_for(
            "return document.readyState === 'complete' && window.cm && cm.livePage",
            "the served page",
        );
        b.eval(mark);
    };
    let edited = b.tab();
    open("yaml.html");
    let other = b.new_tab();
    b.switch(&other);
    open("sto-je.html");

    let module = root.join("02-more/01-yaml.md");
    let text = fs::read_to_string(&module).unwrap();
    fs::write(&module, text.replace("Steps.", "Steps, LIVE-EDIT.")).unwrap();
    b.switch(&edited);
    b.wait_for(
        "return !window.qaSame && document.readyState === 'complete' && \
         document.body.textContent.includes('LIVE-EDIT')",
        "the edited module's page to reload with the edit",
    );

    // A later save that breaks the course shows the error overlay in every open page;
    // pages handle their rebuild messages in order, so once the other page shows it, it
    // has handled the first save too.
    fs::write(
        &module,
        text.replace("title: \"YAML module\"", "title: [broken"),
    )
    .unwrap();
    b.switch(&other);
    b.wait_for(
        "return [...document.querySelectorAll('[role=alert]')].some(e => e.textContent.includes('error'))",
        "the error overlay on the other module's page",
    );
    assert_eq!(
        b.eval("return [window.qaSame === true, window.qaReloading]"),
        serde_json::json!([true, false]),
        "the other module's open page was not reloaded"
    );
    b.quit();
    drop(served);
    let _ = fs::remove_dir_all(&dir);
}
