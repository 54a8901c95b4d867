//! cmi5 packages against a recording test LRS on 127.0.0.1 (here, in Rust) that also
//! serves the unpacked package, so the course and the LRS share an origin as they do
//! behind an LMS. Headless Chromium is the learner's browser; every statement the LRS
//! receives is validated by Learning Locker's xapi-validation (npm), and the cmi5 rules
//! (order, context template, categories, results) are checked on them.

// The test LRS answers every xAPI route in one match, and each test walks one launch
// from start to end: long functions that read in order.
#![allow(clippy::too_many_lines)]

use crate::browser::learner;
use crate::browser::webdriver;
use crate::common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::scratch;
use learner::{check_answers, open_module, read_all, unpacked};
use serde_json::{Value, json};
use webdriver::Browser;

const COURSE_A: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/browser-course/course-a"
);
const TOKEN: &str = "dGVzdDpzZWNyZXQ=";
const SESSION_EXT: &str = "https://w3id.org/xapi/cmi5/context/extensions/sessionid";
const CMI5: &str = "https://w3id.org/xapi/cmi5/context/categories/cmi5";
const MOVEON: &str = "https://w3id.org/xapi/cmi5/context/categories/moveon";
const PUBLISHER: &str = "urn:coursemark:browser-a:course";
const ACTIVITY: &str = "http://127.0.0.1/lms/activities/au-7";
const REGISTRATION: &str = "8f6a1c32-5d0b-4e9a-9b7e-3c2d1e0f4a55";

/// What the LRS holds and saw.
#[derive(Default)]
struct Records {
    statements: Vec<Value>,
    /// stateId -> document, for the one learner and registration of these tests.
    state: BTreeMap<String, Value>,
    /// Fetch URLs already used: each gives its token once.
    fetched: Vec<String>,
    /// Requests that broke the xAPI or cmi5 rules on headers or parameters.
    problems: Vec<String>,
    /// Answer each state write a second late, as a loaded LRS does.
    slow_state: bool,
}

struct Lrs {
    port: u16,
    records: Arc<Mutex<Records>>,
}

impl Lrs {
    fn start(package: PathBuf) -> Lrs {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let records = Arc::new(Mutex::new(Records::default()));
        let shared = records.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let records = shared.clone();
                let package = package.clone();
                std::thread::spawn(move || {
                    let _ = answer(stream, &package, port, &records);
                });
            }
        });
        Lrs { port, records }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// The launch URL an LMS makes for the AU (cmi5 section 8.1).
    fn launch_url(&self, fetch: &str) -> String {
        let actor = json!({"objectType": "Agent", "account": {"homePage": "http://127.0.0.1/lms", "name": "learner-42"}});
        let q = |s: &str| -> String {
            s.bytes()
                .map(|b| {
                    if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                        (b as char).to_string()
                    } else {
                        format!("%{b:02X}")
                    }
                })
                .collect()
        };
        format!(
            "{}?endpoint={}&fetch={}&actor={}&registration={REGISTRATION}&activityId={}",
            self.url("/pkg/lms.html"),
            q(&self.url("/xapi/")),
            q(&self.url(&format!("/fetch/{fetch}"))),
            q(&actor.to_string()),
            q(ACTIVITY)
        )
    }

    /// The learner's progress as the LRS's state API holds it.
    fn progress(&self) -> Option<Value> {
        self.records
            .lock()
            .unwrap()
            .state
            .get("coursemark.progress")
            .cloned()
    }

    fn statements(&self) -> Vec<Value> {
        self.records.lock().unwrap().statements.clone()
    }

    fn wait_for_verb(&self, verb: &str, count: usize) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while self
            .statements()
            .iter()
            .filter(|s| s["verb"]["id"].as_str().unwrap_or("").ends_with(verb))
            .count()
            < count
        {
            assert!(
                Instant::now() < deadline,
                "no {verb} statement reached the LRS: {:#?}",
                self.statements()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

fn answer(
    stream: std::net::TcpStream,
    package: &Path,
    port: u16,
    records: &Mutex<Records>,
) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut headers = BTreeMap::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h)? == 0 || h.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
        }
    }
    let length: usize = headers
        .get("content-length")
        .and_then(|l| l.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    let mut parts = line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let params: BTreeMap<String, String> = query
        .split('&')
        .filter_map(|p| p.split_once('='))
        .map(|(k, v)| (k.to_string(), decode(v)))
        .collect();
    let (status, kind, reply): (u16, &str, Vec<u8>) = if let Some(file) = path.strip_prefix("/pkg/")
    {
        match std::fs::read(package.join(file)) {
            Ok(bytes) => {
                let kind = match file.rsplit('.').next() {
                    Some("js") => "text/javascript",
                    Some("css") => "text/css",
                    Some("svg") => "image/svg+xml",
                    _ => "text/html; charset=utf-8",
                };
                (200, kind, bytes)
            }
            Err(_) => (404, "text/plain", b"not found".to_vec()),
        }
    } else if let Some(which) = path.strip_prefix("/fetch/") {
        let mut r = records.lock().unwrap();
        let reply = if method != "POST" {
            r.problems.push(format!(
                "{method} to the fetch URL (cmi5 8.2.1 asks for POST)"
            ));
            json!({"error-code": "3", "error-text": "POST only"})
        } else if r.fetched.iter().any(|f| f == which) {
            r.problems
                .push(format!("the fetch URL {which} was used twice"));
            json!({"error-code": "1", "error-text": "The authorization token has already been returned."})
        } else {
            r.fetched.push(which.to_string());
            json!({"auth-token": TOKEN})
        };
        (200, "application/json", reply.to_string().into_bytes())
    } else if let Some(resource) = path.strip_prefix("/xapi/") {
        if method == "PUT" && resource == "activities/state" && records.lock().unwrap().slow_state {
            std::thread::sleep(Duration::from_secs(1));
        }
        let mut r = records.lock().unwrap();
        if headers.get("authorization").map(String::as_str) != Some(&format!("Basic {TOKEN}")) {
            r.problems.push(format!(
                "{method} {path} without the token from the fetch URL"
            ));
        }
        if !headers
            .get("x-experience-api-version")
            .is_some_and(|v| v.starts_with("1.0"))
        {
            r.problems
                .push(format!("{method} {path} without X-Experience-API-Version"));
        }
        match (method, resource) {
            ("POST", "statements") => {
                let v: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
                let list = match v {
                    Value::Array(a) => a,
                    one => vec![one],
                };
                let ids: Vec<Value> = list.iter().map(|s| s["id"].clone()).collect();
                r.statements.extend(list);
                (
                    200,
                    "application/json",
                    Value::Array(ids).to_string().into_bytes(),
                )
            }
            (_, "activities/state") => {
                let agent: Value =
                    serde_json::from_str(params.get("agent").map_or("", String::as_str))
                        .unwrap_or(Value::Null);
                if params.get("activityId").map(String::as_str) != Some(ACTIVITY)
                    || params.get("registration").map(String::as_str) != Some(REGISTRATION)
                    || agent["account"]["name"] != "learner-42"
                {
                    r.problems
                        .push(format!("state request with other parameters: {params:?}"));
                }
                let id = params.get("stateId").cloned().unwrap_or_default();
                match method {
                    "GET" if id == "LMS.LaunchData" => (
                        200,
                        "application/json",
                        launch_data(port).to_string().into_bytes(),
                    ),
                    "GET" => match r.state.get(&id) {
                        Some(doc) => (200, "application/json", doc.to_string().into_bytes()),
                        None => (404, "text/plain", Vec::new()),
                    },
                    "PUT" if id == "LMS.LaunchData" => {
                        r.problems.push("the AU changed LMS.LaunchData".into());
                        (403, "text/plain", Vec::new())
                    }
                    "PUT" | "POST" => {
                        let doc = serde_json::from_slice(&body).unwrap_or(Value::Null);
                        r.state.insert(id, doc);
                        (204, "text/plain", Vec::new())
                    }
                    _ => (405, "text/plain", Vec::new()),
                }
            }
            ("GET", "agents/profile") => (404, "text/plain", Vec::new()),
            _ => (404, "text/plain", Vec::new()),
        }
    } else {
        (404, "text/plain", Vec::new())
    };
    let mut out = stream;
    write!(
        out,
        "HTTP/1.1 {status} X\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        reply.len()
    )?;
    out.write_all(&reply)
}

/// What the LMS writes to the state API before launching the AU (cmi5 section 10).
fn launch_data(port: u16) -> Value {
    json!({
        "contextTemplate": {
            "contextActivities": {"grouping": [{"id": PUBLISHER, "objectType": "Activity"}]},
            "extensions": {SESSION_EXT: format!("session-{port}")}
        },
        "launchMode": "Normal",
        "moveOn": "CompletedAndPassed",
        "launchMethod": "AnyWindow"
    })
}

fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
                out.push(u8::from_str_radix(hex, 16).unwrap_or(b'?'));
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn launch(lrs: &Lrs, fetch: &str) -> Browser {
    let b = Browser::new(1280, 900);
    b.goto(&lrs.launch_url(fetch));
    b.wait_for("return window.cm && cm.lms", "the launch page");
    assert_eq!(
        b.eval("return cm.lms.connected"),
        json!(true),
        "connected to the LRS"
    );
    b.frame("#cm-course");
    b.wait_for(
        "return document.readyState === 'complete' && !!document.querySelector('main')",
        "the course in its frame",
    );
    b
}

/// Validates every statement with xapi-validation; panics with its findings.
fn validate_all(tools: &Path, statements: &[Value], dir: &Path) {
    let file = dir.join("statements.json");
    std::fs::write(&file, Value::Array(statements.to_vec()).to_string()).unwrap();
    let (ok, out, err) =
        common::node::run_node(tools, "xapi-validate.cjs", &[file.to_str().unwrap()]);
    assert!(ok, "xapi-validation rejects statements:\n{out}{err}");
}

fn verb(s: &Value) -> &str {
    s["verb"]["id"]
        .as_str()
        .unwrap_or("")
        .rsplit('/')
        .next()
        .unwrap_or("")
}

fn categories(s: &Value) -> Vec<&str> {
    s["context"]["contextActivities"]["category"]
        .as_array()
        .map(|a| a.iter().filter_map(|c| c["id"].as_str()).collect())
        .unwrap_or_default()
}

/// The cmi5 rules on one session's statements (cmi5 sections 9.3 to 9.7).
fn check_session(statements: &[Value]) {
    assert_eq!(
        verb(&statements[0]),
        "initialized",
        "initialized comes first"
    );
    assert_eq!(
        verb(statements.last().unwrap()),
        "terminated",
        "terminated comes last"
    );
    let mut times: Vec<&str> = statements
        .iter()
        .map(|s| s["timestamp"].as_str().unwrap())
        .collect();
    let sorted = {
        let mut t = times.clone();
        t.sort();
        t
    };
    assert_eq!(times.first(), sorted.first(), "nothing before initialized");
    assert_eq!(
        times.pop(),
        sorted.last().copied(),
        "nothing after terminated"
    );
    for s in statements {
        let v = verb(s);
        let context = &s["context"];
        assert_eq!(context["registration"], REGISTRATION, "{s}");
        assert!(
            context["extensions"][SESSION_EXT].is_string(),
            "the session id from the template: {s}"
        );
        assert!(
            context["contextActivities"]["grouping"]
                .as_array()
                .unwrap()
                .iter()
                .any(|g| g["id"] == PUBLISHER),
            "the publisher id from the template: {s}"
        );
        assert_eq!(s["actor"]["account"]["name"], "learner-42");
        let cats = categories(s);
        if v == "answered" {
            assert!(
                !cats.contains(&CMI5),
                "allowed statements carry no cmi5 category"
            );
            assert!(
                s["object"]["id"]
                    .as_str()
                    .unwrap()
                    .starts_with("urn:coursemark:browser-a:question:")
            );
            continue;
        }
        assert_eq!(
            s["object"]["id"], ACTIVITY,
            "defined statements are about the AU: {s}"
        );
        assert!(cats.contains(&CMI5), "{v} has the cmi5 category");
        let result = &s["result"];
        match v {
            "passed" => {
                assert_eq!(result["success"], true);
                assert!(result["duration"].is_string());
                assert!(result.get("completion").is_none());
                assert!(cats.contains(&MOVEON));
            }
            "completed" => {
                assert_eq!(result["completion"], true);
                assert!(result["duration"].is_string());
                assert!(result.get("success").is_none() && result.get("score").is_none());
                assert!(cats.contains(&MOVEON));
            }
            "terminated" => {
                assert!(result["duration"].is_string());
                assert!(!cats.contains(&MOVEON));
            }
            "initialized" => assert!(!cats.contains(&MOVEON)),
            other => panic!("unexpected cmi5 verb {other}"),
        }
    }
    for once in ["initialized", "passed", "completed", "terminated"] {
        assert!(
            statements.iter().filter(|s| verb(s) == once).count() <= 1,
            "one {once} per session"
        );
    }
}

#[test]
fn cmi5_launch_statements_state_and_relaunch() {
    if !webdriver::available() {
        return;
    }
    let Some(tools) = common::node::node_tools() else {
        return;
    };
    let dir = scratch("run");
    let lrs = Lrs::start(unpacked(COURSE_A, "cmi5", &[], "pkg"));

    // First session: alpha wrong then right, beta and gamma right, every section read.
    let b = launch(&lrs, "1");
    open_module(&b, "Alpha module");
    read_all(&b);
    b.click_label("[id=sky]", "Green");
    b.click_label("[id=primes]", "Two");
    b.type_label("[id=nps]", "Your answer", "no idea");
    check_answers(&b);
    b.click_button("Try again");
    b.click_label("[id=sky]", "Blue");
    b.click_label("[id=primes]", "Two");
    b.click_label("[id=primes]", "Three");
    b.type_label("[id=nps]", "Your answer", "net promoter score");
    check_answers(&b);
    b.click_label("[data-checklist]", "Write one sentence about alpha");
    open_module(&b, "Beta module");
    read_all(&b);
    b.click_label("[id=sum]", "Four");
    check_answers(&b);
    open_module(&b, "Gamma module");
    read_all(&b);
    b.type_label("[id=word]", "Your answer", "gamma");
    check_answers(&b);
    lrs.wait_for_verb("completed", 1);
    // The learner leaves: the page goes, and terminated still reaches the LRS.
    b.top_frame();
    b.goto("about:blank");
    lrs.wait_for_verb("terminated", 1);
    b.quit();

    let first = lrs.statements();
    validate_all(&tools, &first, &dir);
    check_session(&first);
    let verbs: Vec<&str> = first
        .iter()
        .map(verb)
        .filter(|v| *v != "answered")
        .collect();
    assert_eq!(verbs, ["initialized", "passed", "completed", "terminated"]);
    let answered: Vec<&Value> = first.iter().filter(|s| verb(s) == "answered").collect();
    assert_eq!(answered.len(), 8, "alpha twice, beta and gamma once");
    assert_eq!(
        answered[0]["object"]["definition"]["interactionType"],
        "choice"
    );
    assert_eq!(answered[0]["result"]["success"], false);
    assert_eq!(answered[4]["result"]["response"], "a[,]b");
    let passed = first.iter().find(|s| verb(s) == "passed").unwrap();
    assert_eq!(passed["result"]["score"]["scaled"], 1.0);
    let saved = lrs.progress().expect("progress in the state API");
    assert!(saved["progress"].as_str().unwrap().starts_with('J'));

    // Second session, fresh profile, same registration: progress comes back from the
    // state API, and passed and completed are not sent again.
    let b = launch(&lrs, "2");
    let here = b.eval("return location.pathname");
    assert!(
        here.as_str().unwrap().ends_with("modules/gamma.html"),
        "{here}"
    );
    b.eval("document.querySelector('a.brand').click()");
    b.wait_for(
        "return location.pathname.endsWith('/index.html') && document.readyState === 'complete'",
        "home",
    );
    open_module(&b, "Alpha module");
    // The learner scrolls to the quiz (its script loads as it comes near).
    b.eval("document.querySelector('form[data-quiz]').scrollIntoView()");
    b.wait_for(
        "return document.querySelector('[data-score]').textContent.includes('You scored 3 of 3')",
        "alpha's quiz result from the LRS",
    );
    assert_eq!(
        b.eval("return document.querySelector('[data-task]').checked"),
        json!(true)
    );
    b.top_frame();
    b.goto("about:blank");
    lrs.wait_for_verb("terminated", 2);
    b.quit();
    let all = lrs.statements();
    let second = &all[first.len()..];
    validate_all(&tools, second, &dir);
    check_session(second);
    let verbs: Vec<&str> = second.iter().map(verb).collect();
    assert_eq!(
        verbs,
        ["initialized", "terminated"],
        "passed and completed once per registration"
    );
    let problems = lrs.records.lock().unwrap().problems.clone();
    assert!(problems.is_empty(), "{problems:#?}");
    let _ = std::fs::remove_dir_all(dir);
}

/// The learner leaves while the LRS is still storing their last change: nothing queued
/// behind that write would run once the page is gone, so terminated goes at once and
/// still reaches the LRS, and the change is stored.
#[test]
fn cmi5_terminated_reaches_the_lrs_while_a_state_write_is_pending() {
    if !webdriver::available() {
        return;
    }
    let lrs = Lrs::start(unpacked(COURSE_A, "cmi5", &[], "pkg-slow"));
    let b = launch(&lrs, "1");
    open_module(&b, "Alpha module");
    lrs.records.lock().unwrap().slow_state = true;
    b.click_label("[data-checklist]", "Write one sentence about alpha");
    b.goto("about:blank");
    lrs.wait_for_verb("terminated", 1);
    b.quit();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(saved) = lrs.progress()
            && saved["progress"]
                .as_str()
                .is_some_and(|p| p.starts_with('J'))
        {
            break;
        }
        assert!(Instant::now() < deadline, "the last change was not stored");
        std::thread::sleep(Duration::from_millis(50));
    }
}
