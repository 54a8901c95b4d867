//! SCORM packages in a real SCORM run-time: scorm-again (npm) in a test LMS page that
//! launches the package's start page in a frame, with headless Chromium as the learner's
//! browser. The learner works in the course; the tests read the CMI data model the
//! run-time holds, relaunch from it in a fresh browser, and break the API.

use crate::browser::learner;
use crate::browser::server;
use crate::browser::webdriver;
use crate::common;

use std::path::{Path, PathBuf};

use learner::{check_answers, open_module, read_all, unpacked};
use serde_json::{Value, json};
use server::Server;
use webdriver::Browser;

const COURSE_A: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/browser-course/course-a"
);
const CONTENT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/content");

/// The test LMS (tests/js/scorm-lms.html with scorm-again) and the package, on one origin.
fn lms_server(tools: &Path, package: &Path) -> Server {
    Server::start(vec![
        (
            "/lms/scorm-again/".into(),
            tools.join("node_modules/scorm-again/dist"),
        ),
        ("/lms/".into(), tools.to_path_buf()),
        ("/pkg/".into(), package.to_path_buf()),
    ])
}

/// Opens the test LMS in a fresh browser and launches the package; leaves the
/// browser working inside the course's frame.
fn launch(srv: &Server, version: &str, saved: Value, fault: Value) -> Browser {
    let b = Browser::new(1280, 900);
    b.goto(&srv.url("/lms/scorm-lms.html"));
    b.js(
        "launch(arguments[0], arguments[1], arguments[2])",
        Value::Array(vec![version.into(), saved, fault]),
    );
    b.frame("#sco");
    b.wait_for(
        "return window.cm && cm.lms",
        "the launch page to find the LMS",
    );
    b.frame("#cm-course");
    b.wait_for(
        "return document.readyState === 'complete' && !!document.querySelector('main')",
        "the course in its frame",
    );
    b
}

/// Closes the course as the LMS does and returns the run-time's CMI data.
fn close(b: &Browser) -> Value {
    b.top_frame();
    b.eval("return closeCourse()")
}

fn stored(b: &Browser) -> Value {
    let raw = b.eval("return localStorage.getItem('coursemark:browser-a')");
    serde_json::from_str(raw.as_str().expect("progress is stored")).unwrap()
}

/// Times cut to whole seconds: suspend data keeps no more.
fn to_seconds(v: &Value) -> Value {
    match v {
        Value::String(s) if s.len() > 19 && s.as_bytes().get(10) == Some(&b'T') => {
            Value::String(s[..19].to_string())
        }
        Value::Array(a) => Value::Array(a.iter().map(to_seconds).collect()),
        Value::Object(o) => {
            Value::Object(o.iter().map(|(k, v)| (k.clone(), to_seconds(v))).collect())
        }
        other => other.clone(),
    }
}

/// `modules` without each quiz's attempt history: that stays in the browser, since the
/// LMS's suspend data (4,096 characters in SCORM 1.2) has room for the last attempt only
/// and the LMS records every attempt as interactions anyway.
fn without_history(modules: &Value) -> Value {
    let mut modules = modules.clone();
    if let Some(all) = modules.as_object_mut() {
        for record in all.values_mut() {
            if let Some(quiz) = record.get_mut("quiz").and_then(Value::as_object_mut) {
                quiz.remove("history");
            }
        }
    }
    modules
}

/// The learner's session on course A: reads every module, answers alpha's quiz wrongly
/// then rightly, the others rightly, ticks every checklist item. Returns the stored
/// progress as the course's pages see it.
fn learner_session(b: &Browser) -> Value {
    open_module(b, "Alpha module");
    read_all(b);
    b.click_label("[id=sky]", "Green");
    b.click_label("[id=primes]", "Two");
    b.type_label("[id=nps]", "Your answer", "no idea");
    check_answers(b);
    b.click_button("Try again");
    b.click_label("[id=sky]", "Blue");
    b.click_label("[id=primes]", "Two");
    b.click_label("[id=primes]", "Three");
    b.type_label("[id=nps]", "Your answer", "net promoter score");
    check_answers(b);
    b.click_label("[data-checklist]", "Write one sentence about alpha");
    b.click_label("[data-checklist]", "Tell a colleague about alpha");
    b.type_label(".notes", "Your notes", "Ask Sam about alpha.");
    b.eval("document.activeElement.blur()");

    open_module(b, "Beta module");
    read_all(b);
    b.click_label("[id=sum]", "Four");
    check_answers(b);
    b.click_label("[data-checklist]", "Add two and two at work");

    open_module(b, "Gamma module");
    read_all(b);
    b.type_label("[id=word]", "Your answer", "gamma");
    check_answers(b);
    b.click_label("[data-checklist]", "Practise gamma");
    // The launch page hears of each change through the store; give it the last one.
    std::thread::sleep(std::time::Duration::from_millis(300));
    stored(b)
}

/// The interactions the run-time recorded, in order.
fn interactions(cmi: &Value) -> Vec<Value> {
    let list = &cmi["interactions"];
    let mut out: Vec<(usize, Value)> = match list {
        Value::Object(o) => o
            .iter()
            .filter_map(|(k, v)| Some((k.parse().ok()?, v.clone())))
            .collect(),
        Value::Array(a) => a.iter().cloned().enumerate().collect(),
        _ => Vec::new(),
    };
    out.sort_by_key(|(i, _)| *i);
    out.into_iter().map(|(_, v)| v).collect()
}

/// A second launch in a fresh browser, from the CMI data alone: every module, answer,
/// checklist item and note comes back, and the pages show it.
fn relaunch_restores(srv: &Server, version: &str, saved: Value, before: &Value) {
    let b = launch(srv, version, saved, Value::Null);
    let after = stored(&b);
    assert_eq!(
        to_seconds(&after["modules"]),
        to_seconds(&without_history(&before["modules"])),
        "every module's progress restored from suspend data"
    );
    assert_eq!(after["last"]["module"], before["last"]["module"]);
    // The pages show it: the learner lands where they left off, with the quiz result.
    let here = b.eval("return location.pathname");
    assert!(
        here.as_str().unwrap().ends_with("modules/gamma.html"),
        "{here}"
    );
    b.eval("document.querySelector('a.brand').click()");
    b.wait_for(
        "return location.pathname.endsWith('/index.html') && document.readyState === 'complete'",
        "the home page",
    );
    open_module(&b, "Alpha module");
    b.wait_for(
        "return document.querySelector('[data-score]').textContent.includes('You scored 3 of 3')",
        "alpha's restored quiz result",
    );
    assert_eq!(
        b.eval("return [...document.querySelectorAll('[data-task]')].every(t => t.checked)"),
        json!(true)
    );
    assert_eq!(
        b.eval("return document.querySelector('[data-notes]').value"),
        json!("Ask Sam about alpha.")
    );
    assert_eq!(
        b.eval("return document.querySelectorAll('.toc a.is-read').length"),
        json!(5)
    );
    close(&b);
    b.quit();
}

fn node_and_browser() -> Option<PathBuf> {
    if !webdriver::available() {
        return None;
    }
    common::node::node_tools()
}

#[test]
fn scorm_12_session_reports_to_the_run_time_and_resumes_from_suspend_data() {
    let Some(tools) = node_and_browser() else {
        return;
    };
    let pkg = unpacked(COURSE_A, "scorm12", &[], "s12");
    let srv = lms_server(&tools, &pkg);
    let b = launch(&srv, "12", Value::Null, Value::Null);
    let before = learner_session(&b);
    let cmi = close(&b);
    assert_eq!(
        b.eval("return lms.finishes"),
        json!(1),
        "LMSFinish exactly once"
    );
    assert_eq!(
        b.eval("return lms.failures"),
        json!([]),
        "every value accepted"
    );
    let core = &cmi["core"];
    assert_eq!(core["lesson_status"], "passed", "{cmi}");
    assert_eq!(core["score"]["raw"], "100");
    assert_eq!(core["score"]["min"], "0");
    assert_eq!(core["score"]["max"], "100");
    assert_eq!(core["lesson_location"], "modules/gamma.html#implement");
    assert_eq!(core["exit"], "suspend");
    let time = core["session_time"].as_str().unwrap();
    assert_eq!(time.split(':').count(), 3, "a CMITimespan: {time}");
    let all = interactions(&cmi);
    assert_eq!(
        all.len(),
        8,
        "alpha twice (3 each), beta and gamma once: {all:?}"
    );
    assert_eq!(all[0]["id"], "urn:coursemark:browser-a:question:alpha:sky");
    assert_eq!(all[0]["type"], "choice");
    assert_eq!(all[0]["student_response"], "a");
    assert_eq!(all[0]["result"], "wrong");
    assert_eq!(all[0]["correct_responses"]["0"]["pattern"], "b");
    assert_eq!(all[2]["type"], "fill-in");
    assert_eq!(all[2]["student_response"], "no idea");
    assert_eq!(all[4]["student_response"], "a,b");
    assert_eq!(all[4]["result"], "correct");
    assert_eq!(all[5]["student_response"], "net promoter score");
    assert_eq!(all[5]["result"], "correct");
    let suspend = cmi["suspend_data"].as_str().unwrap().to_string();
    assert!(!suspend.is_empty() && suspend.len() <= 4096);
    b.quit();

    let saved = json!({"core": {"entry": "resume", "lesson_location": core["lesson_location"]}, "suspend_data": suspend});
    relaunch_restores(&srv, "12", saved, &before);
}

#[test]
fn scorm_2004_session_reports_to_the_run_time_and_resumes_from_suspend_data() {
    let Some(tools) = node_and_browser() else {
        return;
    };
    let pkg = unpacked(COURSE_A, "scorm2004", &[], "s2004");
    let srv = lms_server(&tools, &pkg);
    let b = launch(&srv, "2004", Value::Null, Value::Null);
    let before = learner_session(&b);
    let cmi = close(&b);
    assert_eq!(
        b.eval("return lms.finishes"),
        json!(1),
        "Terminate exactly once"
    );
    assert_eq!(
        b.eval("return lms.failures"),
        json!([]),
        "every value accepted"
    );
    assert_eq!(cmi["completion_status"], "completed", "{cmi}");
    assert_eq!(cmi["success_status"], "passed");
    assert_eq!(cmi["score"]["scaled"], "1");
    assert_eq!(cmi["score"]["raw"], "100");
    assert_eq!(cmi["progress_measure"], "1");
    assert_eq!(cmi["location"], "modules/gamma.html#implement");
    assert_eq!(cmi["exit"], "suspend");
    assert!(cmi["session_time"].as_str().unwrap().starts_with("PT"));
    let all = interactions(&cmi);
    assert_eq!(all.len(), 8, "{all:?}");
    assert_eq!(all[0]["id"], "urn:coursemark:browser-a:question:alpha:sky");
    assert_eq!(all[0]["learner_response"], "a");
    assert_eq!(all[0]["result"], "incorrect");
    assert_eq!(all[1]["learner_response"], "a");
    assert_eq!(all[4]["learner_response"], "a[,]b");
    assert_eq!(all[4]["correct_responses"]["0"]["pattern"], "a[,]b");
    assert_eq!(all[4]["result"], "correct");
    assert_eq!(all[5]["type"], "fill-in");
    assert_eq!(
        all[5]["correct_responses"]["0"]["pattern"],
        "{case_matters=false}Net Promoter Score"
    );
    assert!(all[0]["timestamp"].as_str().unwrap().starts_with("20"));
    let suspend = cmi["suspend_data"].as_str().unwrap().to_string();
    b.quit();

    let saved = json!({"entry": "resume", "location": cmi["location"], "suspend_data": suspend});
    relaunch_restores(&srv, "2004", saved, &before);
}

/// Every module of the bundled course complete, every quiz answered, every checklist item
/// ticked: the progress fits SCORM 1.2's 4,096 characters of suspend data and comes back
/// whole in a fresh profile. A note too long to fit stays in the browser, and the
/// learner is told.
#[test]
fn a_whole_course_fits_scorm_12_suspend_data() {
    let Some(tools) = node_and_browser() else {
        return;
    };
    let pkg = unpacked(CONTENT, "scorm12", &[], "full");
    let srv = lms_server(&tools, &pkg);
    let b = launch(&srv, "12", Value::Null, Value::Null);
    // What a learner who finished the course has stored, written through the store. The
    // course opens on its home page, which carries only an outline of the course: the
    // whole course (sections, checklists, questions) is the launch page's, the frame's
    // parent.
    b.eval(
        "const cm = window.cm, course = parent.cm.course, d = cm.store.read(), now = cm.store.now();
         course.parts.forEach(p => p.modules.forEach((m, k) => {
           const r = cm.store.module(d, m.id);
           m.sections.forEach(s => r.read[s] = true);
           m.checklist.forEach(t => r.tasks[t] = true);
           const qs = {};
           m.questions.forEach((q, i) => qs[q.id] = { answer: i % 4 === 3 ? 'net promoter score' : ['abcd'[i % 4]], correct: true });
           r.quiz = { attempts: 1 + k % 3, best: 100, last: 100, passedAt: now, at: now, questions: qs };
           r.at = now;
         }));
         let seed = 7, note = '';
         while (note.length < 6000) { seed = (seed * 48271) % 2147483647; note += String.fromCharCode(97 + seed % 26); }
         cm.store.module(d, course.parts[0].modules[0].id).notes = note;
         d.learner.name = 'Ana Horvat';
         d.last = { module: course.parts[0].modules[1].id, section: 'how', at: now };
         cm.store.write(d);",
    );
    let before = {
        let d = b.eval("return window.cm.store.read()");
        let mut d = d;
        d["modules"]
            .as_object_mut()
            .unwrap()
            .values_mut()
            .for_each(|m| m["notes"] = json!(""));
        d
    };
    b.top_frame();
    b.wait_for(
        "return (lms.api.cmi.suspend_data || '').charAt(0) === 'Z'",
        "the compressed progress in the LMS",
    );
    b.frame("#sco");
    b.wait_for(
        "return document.getElementById('cm-notice').textContent.includes('kept in this browser only')",
        "the learner told the notes stay in this browser",
    );
    let cmi = close(&b);
    assert_eq!(b.eval("return lms.failures"), json!([]));
    let suspend = cmi["suspend_data"].as_str().unwrap().to_string();
    assert!(suspend.len() <= 4096, "{} characters", suspend.len());
    assert_eq!(cmi["core"]["lesson_status"], "passed");
    b.quit();

    let saved = json!({"core": {"entry": "resume"}, "suspend_data": suspend});
    let b = launch(&srv, "12", saved, Value::Null);
    let after = b.eval("return window.cm.store.read()");
    assert_eq!(
        to_seconds(&after["modules"]),
        to_seconds(&before["modules"])
    );
    assert_eq!(after["learner"]["name"], "Ana Horvat");
    assert_eq!(after["last"]["module"], before["last"]["module"]);
    close(&b);
    b.quit();
}

/// An LMS that refuses values or throws: the learner is told once, the course keeps
/// working with progress in the browser, and LMSFinish is still called once.
#[test]
fn lms_errors_leave_the_course_working() {
    let Some(tools) = node_and_browser() else {
        return;
    };
    let pkg = unpacked(COURSE_A, "scorm12", &[], "errors");
    let srv = lms_server(&tools, &pkg);
    for fault in ["set", "throw"] {
        let b = launch(&srv, "12", Value::Null, json!(fault));
        open_module(&b, "Beta module");
        b.click_label("[id=sum]", "Four");
        check_answers(&b);
        assert!(b.text("[data-score]").contains("You scored 1 of 1"));
        assert_eq!(stored(&b)["modules"]["beta"]["quiz"]["best"], 100);
        b.top_frame();
        b.frame("#sco");
        b.wait_for(
            "return document.getElementById('cm-notice').textContent.includes('reported a problem')",
            "the learner told of the LMS's problem",
        );
        let notice = b.text("#cm-notice");
        assert!(
            notice.contains(if fault == "set" {
                "405"
            } else {
                "the LMS is down"
            }),
            "{notice}"
        );
        b.top_frame();
        b.eval("closeCourse()");
        assert_eq!(b.eval("return lms.finishes"), json!(1));
        assert!(
            b.console()
                .iter()
                .all(|(level, m)| level != "SEVERE" || m.contains("favicon")),
            "{:?}",
            b.console()
        );
        b.quit();
    }
}

/// `--per-module`: the LMS launches one module's SCO (the manifest's parameters), which
/// opens that module and reports on it alone.
#[test]
fn a_per_module_sco_reports_its_module_alone() {
    let Some(tools) = node_and_browser() else {
        return;
    };
    let pkg = unpacked(COURSE_A, "scorm2004", &["--per-module"], "per-module");
    let srv = lms_server(&tools, &pkg);
    let b = Browser::new(1280, 900);
    b.goto(&srv.url("/lms/scorm-lms.html"));
    b.eval("window.lmsQuery = '?module=beta'; launch('2004', null, null)");
    b.frame("#sco");
    b.wait_for("return window.cm && cm.lms && cm.lms.connected", "the LMS");
    b.frame("#cm-course");
    b.wait_for(
        "return document.readyState === 'complete' && location.pathname.endsWith('modules/beta.html')",
        "the module's page",
    );
    read_all(&b);
    b.click_label("[id=sum]", "Four");
    check_answers(&b);
    std::thread::sleep(std::time::Duration::from_millis(300));
    let cmi = close(&b);
    assert_eq!(b.eval("return lms.failures"), json!([]));
    assert_eq!(cmi["completion_status"], "completed", "{cmi}");
    assert_eq!(cmi["success_status"], "passed");
    assert_eq!(cmi["score"]["raw"], "100");
    let all = interactions(&cmi);
    assert_eq!(all.len(), 1, "beta's one question only: {all:?}");
    assert!(cmi["suspend_data"].as_str().unwrap().contains("\"beta\""));
    assert!(!cmi["suspend_data"].as_str().unwrap().contains("\"alpha\""));
    b.quit();
}

/// Opened from disk with no LMS around, the package is the normal site: the launch page
/// says so quietly, and progress is kept in the browser.
#[test]
fn without_an_lms_the_package_works_as_the_site() {
    if !webdriver::available() {
        return;
    }
    let pkg = unpacked(COURSE_A, "scorm12", &[], "no-lms");
    let b = Browser::new(1280, 900);
    b.goto(&format!("file://{}", pkg.join("lms.html").display()));
    b.wait_for("return window.cm && cm.lms", "the launch page");
    assert_eq!(b.eval("return cm.lms.connected"), json!(false));
    assert!(
        b.text("#cm-notice")
            .contains("No learning management system found")
    );
    b.frame("#cm-course");
    b.wait_for(
        "return document.readyState === 'complete' && !!document.querySelector('main')",
        "the course in its frame",
    );
    open_module(&b, "Beta module");
    b.click_label("[id=sum]", "Four");
    check_answers(&b);
    assert_eq!(stored(&b)["modules"]["beta"]["quiz"]["best"], 100);
    b.quit();
}
