//! A minimal W3C WebDriver client over std's TcpStream, driving Debian's
//! chromedriver and Chromium: no async runtime, no crate that could download a browser.

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::common::{at_exit, roomy_shm, scratch};

pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// True when the browser can run. Without it: a failure under CI, a loud warning elsewhere.
pub fn available() -> bool {
    let ok = Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists();
    if !ok {
        let msg = format!(
            "browser tests need {CHROMIUM} and {CHROMEDRIVER}: apt-get install -y chromium chromium-driver"
        );
        if std::env::var_os("CI").is_some() {
            panic!("{msg} (CI is set, so the browser tests fail instead of skipping)");
        }
        eprintln!("\n**********\nWARNING: SKIPPING BROWSER TEST: {msg}\n**********\n");
    }
    ok
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free local port")
}

fn http(port: u16, method: &str, path: &str, body: Option<&Value>) -> Result<Value, String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    stream.set_read_timeout(Some(Duration::from_secs(120))).ok();
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream
        .write_all(req.as_bytes())
        .map_err(|e| e.to_string())?;
    // chromedriver keeps the connection open: read the header, then Content-Length bytes.
    let mut raw = Vec::new();
    let mut buf = [0u8; 65536];
    let (split, length, chunked) = loop {
        let n = stream.read(&mut buf).map_err(|e| e.to_string())?;
        if n == 0 {
            return Err("connection closed before the response header".into());
        }
        raw.extend_from_slice(&buf[..n]);
        if let Some(split) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&raw[..split]).to_lowercase();
            let length = head.lines().find_map(|l| {
                l.strip_prefix("content-length:")
                    .map(|v| v.trim().parse::<usize>().unwrap_or(0))
            });
            break (split, length, head.contains("transfer-encoding: chunked"));
        }
    };
    loop {
        let have = raw.len() - split - 4;
        let done = match length {
            Some(len) => have >= len,
            None => chunked && raw.ends_with(b"0\r\n\r\n"),
        };
        if done {
            break;
        }
        let n = stream.read(&mut buf).map_err(|e| e.to_string())?;
        if n == 0 {
            break;
        }
        raw.extend_from_slice(&buf[..n]);
    }
    let mut payload = raw[split + 4..].to_vec();
    if chunked {
        payload = dechunk(&payload);
    }
    let v: Value = serde_json::from_slice(&payload)
        .map_err(|e| format!("{e}: {}", String::from_utf8_lossy(&payload)))?;
    if let Some(err) = v["value"]["error"].as_str() {
        return Err(format!("{err}: {}", v["value"]["message"]));
    }
    Ok(v["value"].clone())
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = data.windows(2).position(|w| w == b"\r\n") {
        let size =
            usize::from_str_radix(String::from_utf8_lossy(&data[..eol]).trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        out.extend_from_slice(&data[eol + 2..eol + 2 + size]);
        data = &data[eol + 2 + size + 2..];
    }
    out
}

/// WebDriver codes of the special keys used by the tests.
pub mod key {
    pub const TAB: &str = "\u{E004}";
    pub const ENTER: &str = "\u{E007}";
    pub const ESCAPE: &str = "\u{E00C}";
    pub const UP: &str = "\u{E013}";
    pub const DOWN: &str = "\u{E015}";
}

/// One chromedriver process and one browser session on a given profile directory.
pub struct Browser {
    driver: Option<Child>,
    port: u16,
    session: String,
    /// Taken from this test process's pool: given back, cleaned, when the test is done.
    pooled: bool,
    /// Origins the test opened, whose storage is cleared before the browser serves another test.
    origins: Mutex<BTreeSet<String>>,
    /// Whether the test left state in its tab that outlives the page (an emulation, a
    /// pointer resting somewhere, another tab): the next test then gets a new tab.
    tab_used: AtomicBool,
}

/// Browsers that finished a test and wait, cleaned, for the next. Starting Chromium
/// costs seconds of CPU; a test binary needs about as many as it runs tests at once.
static POOL: Mutex<Vec<Browser>> = Mutex::new(Vec::new());

impl Browser {
    /// A browser for one test, as a learner's fresh browser: no storage, no other tab,
    /// a `width` x `height` window. It is a Chromium an earlier test of this process gave
    /// back (see `quit`), or a new one.
    pub fn new(width: u32, height: u32) -> Browser {
        let idle = POOL.lock().unwrap_or_else(|e| e.into_inner()).pop();
        let b = idle.unwrap_or_else(|| {
            static STARTED: AtomicUsize = AtomicUsize::new(0);
            let n = STARTED.fetch_add(1, Ordering::SeqCst);
            let mut b = Browser::start(&scratch(&format!("browser-{n}")), width, height);
            if n == 0 {
                // Registered after the scratch root's handler, so it runs first.
                at_exit(close_pool);
            }
            b.pooled = true;
            b
        });
        // Resizing waits for the page to lay out again: only a window of another size is.
        let rect = b
            .cmd("GET", "/window/rect", None)
            .expect("the window's size");
        if rect["width"] != width || rect["height"] != height {
            b.cmd(
                "POST",
                "/window/rect",
                Some(&json!({ "width": width, "height": height })),
            )
            .expect("size the window");
        }
        // Console entries of the test that used this browser before are not this test's.
        b.console();
        b
    }

    /// Start Chromium on `profile` (reuse the directory to simulate a browser restart).
    pub fn start(profile: &Path, width: u32, height: u32) -> Browser {
        let port = free_port();
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let deadline = Instant::now() + Duration::from_secs(20);
        while http(port, "GET", "/status", None).is_err() {
            assert!(
                Instant::now() < deadline,
                "chromedriver did not answer on port {port}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        let mut args: Vec<String> = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            // Headless Chromium still builds the address bar's pop-ups, in a renderer of
            // their own, and runs services no test uses.
            "--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup,WebUIOmniboxFullPopup",
            "--disable-breakpad",
            "--disable-client-side-phishing-detection",
            "--disable-default-apps",
            "--disable-domain-reliability",
            "--disable-extensions",
            "--disable-hang-monitor",
            "--metrics-recording-only",
            "--password-store=basic",
            "--mute-audio",
            // The theme scrolls smoothly unless motion is reduced: a click while the page
            // still glides towards its target lands on whatever passes by.
            "--force-prefers-reduced-motion",
        ]
        .map(String::from)
        .into();
        args.push(format!("--user-data-dir={}", profile.display()));
        args.push(format!("--window-size={width},{height}"));
        if !roomy_shm() {
            // Chromium's shared memory then goes to the temp folder, not a full /dev/shm.
            args.push("--disable-dev-shm-usage".into());
        }
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:loggingPrefs": {"browser": "ALL"},
            // A script may wait for the page (a quiz's check, axe-core's run) for a minute.
            "timeouts": { "script": 60000, "pageLoad": 300000, "implicit": 0 },
            "goog:chromeOptions": { "binary": CHROMIUM, "args": args }
        }}});
        let mut browser = Browser {
            driver: Some(driver),
            port,
            session: String::new(),
            pooled: false,
            origins: Mutex::default(),
            tab_used: AtomicBool::new(false),
        };
        let v = http(port, "POST", "/session", Some(&caps)).expect("a browser session");
        browser.session = v["sessionId"].as_str().expect("a session id").to_string();
        browser
    }

    fn cmd(&self, method: &str, path: &str, body: Option<&Value>) -> Result<Value, String> {
        http(
            self.port,
            method,
            &format!("/session/{}{path}", self.session),
            body,
        )
    }

    pub fn goto(&self, url: &str) {
        let origin = match url.split_once("://") {
            Some(("file", _)) => "file://".to_string(),
            Some((scheme, rest)) => format!("{scheme}://{}", rest.split('/').next().unwrap_or("")),
            None => String::new(),
        };
        self.origins
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(origin);
        self.cmd("POST", "/url", Some(&json!({ "url": url })))
            .unwrap_or_else(|e| panic!("open {url}: {e}"));
    }

    /// A Chrome DevTools Protocol command through chromedriver.
    pub fn cdp(&self, cmd: &str, params: Value) -> Value {
        self.tab_used.store(true, Ordering::SeqCst);
        self.cmd(
            "POST",
            "/goog/cdp/execute",
            Some(&object([("cmd", cmd.into()), ("params", params)])),
        )
        .unwrap_or_else(|e| panic!("{cmd}: {e}"))
    }

    /// The colour scheme the system asks pages for: "light" or "dark".
    pub fn color_scheme(&self, scheme: &str) {
        self.cdp(
            "Emulation.setEmulatedMedia",
            json!({"features": [{"name": "prefers-color-scheme", "value": scheme}]}),
        );
        assert_eq!(
            self.js(
                "return matchMedia('(prefers-color-scheme: ' + arguments[0] + ')').matches",
                json!([scheme])
            ),
            json!(true),
            "the page sees the {scheme} scheme"
        );
    }

    /// Open a new tab and return its handle; `switch` moves between tabs.
    pub fn new_tab(&self) -> String {
        self.tab_used.store(true, Ordering::SeqCst);
        let v = self
            .cmd("POST", "/window/new", Some(&json!({ "type": "tab" })))
            .expect("new tab");
        v["handle"].as_str().expect("tab handle").to_string()
    }

    pub fn tab(&self) -> String {
        self.cmd("GET", "/window", None)
            .expect("current tab")
            .as_str()
            .unwrap_or("")
            .to_string()
    }

    pub fn switch(&self, handle: &str) {
        self.cmd("POST", "/window", Some(&json!({ "handle": handle })))
            .expect("switch tab");
    }

    pub fn reload(&self) {
        self.cmd("POST", "/refresh", Some(&json!({})))
            .expect("reload");
    }

    /// Work inside the frame `css` selects in the current page or frame (as a learner
    /// does in a course an LMS shows in a frame); `top_frame` goes back to the page.
    pub fn frame(&self, css: &str) {
        let id = self.element_from("return document.querySelector(arguments[0]);", json!([css]));
        self.cmd("POST", "/frame", Some(&json!({ "id": { ELEMENT: id } })))
            .unwrap_or_else(|e| panic!("switch to frame {css}: {e}"));
    }

    pub fn top_frame(&self) {
        self.cmd("POST", "/frame", Some(&json!({ "id": null })))
            .expect("switch to the page");
    }

    /// Run `script` (a function body; arguments in `arguments`) in the page.
    /// Runs a script without arguments and returns its value.
    pub fn eval(&self, script: &str) -> Value {
        self.js(script, json!([]))
    }

    pub fn js(&self, script: &str, args: Value) -> Value {
        self.cmd(
            "POST",
            "/execute/sync",
            Some(&object([("script", script.into()), ("args", args)])),
        )
        .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    pub fn js_async(&self, script: &str, args: Value) -> Value {
        self.cmd(
            "POST",
            "/execute/async",
            Some(&object([("script", script.into()), ("args", args)])),
        )
        .unwrap_or_else(|e| panic!("async script failed: {e}"))
    }

    /// The element a script returns, as WebDriver's element id.
    fn element_from(&self, script: &str, args: Value) -> String {
        let v = self.js(script, args);
        v[ELEMENT]
            .as_str()
            .unwrap_or_else(|| panic!("no element for {script}: {v}"))
            .to_string()
    }

    /// Clicks the element as a learner's mouse does: scrolled to the middle of the window,
    /// then a press and release on the middle of it, once nothing else covers that
    /// point. WebDriver's own element click does the same in more round trips (60 ms of
    /// the browser's time a click against 35 ms); it is kept for pages in a frame, where
    /// chromedriver's pointer actions miss the element.
    fn click_element(&self, id: &str) {
        for attempt in 1.. {
            let covered = self.js(
                "const e=arguments[0];e.scrollIntoView({block:'center',behavior:'instant'});\
                 if(window.top!==window)return 'frame';\
                 const r=e.getClientRects()[0];if(!r)return 'it is not displayed';\
                 const x=(Math.max(r.left,0)+Math.min(r.right,innerWidth))/2,y=(Math.max(r.top,0)+Math.min(r.bottom,innerHeight))/2;\
                 const hit=document.elementFromPoint(x,y);\
                 return hit&&e.contains(hit)?null:'element click intercepted: its middle is under '+(hit?hit.outerHTML.slice(0,200):'nothing');",
                json!([{ ELEMENT: id }]),
            );
            let why = match covered.as_str() {
                None => return self.pointer_on(id, true),
                Some("frame") => {
                    match self.cmd("POST", &format!("/element/{id}/click"), Some(&json!({}))) {
                        Ok(_) => return,
                        Err(e) => e,
                    }
                }
                Some(why) => why.to_string(),
            };
            // A smooth scroll the page started (a focus just given) can carry the element
            // away again; once the page has stopped scrolling, try again.
            assert!(
                why.contains("element click intercepted") && attempt < 3,
                "click: {why}"
            );
            self.wait_for_scroll_to_settle();
        }
    }

    /// Waits until the page has not scrolled for five animation frames: the theme
    /// scrolls smoothly, and what a test checks next may depend on where it stops.
    pub fn wait_for_scroll_to_settle(&self) {
        self.js_async(
            "const done=arguments[arguments.length-1];let last=-1,same=0;(function tick(){same=scrollY===last?same+1:0;last=scrollY;if(same>=5)return done(null);requestAnimationFrame(tick)})();",
            json!([]),
        );
    }

    /// Move the pointer onto the middle of the first element `css` selects, the way a
    /// learner rests the mouse on it.
    pub fn hover(&self, css: &str) {
        self.pointer(css, false);
    }

    /// Press and release the pointer on the first element `css` selects, the way a
    /// learner taps it.
    pub fn tap(&self, css: &str) {
        self.pointer(css, true);
    }

    fn pointer(&self, css: &str, press: bool) {
        self.tab_used.store(true, Ordering::SeqCst);
        let id = self.element_from("return document.querySelector(arguments[0]);", json!([css]));
        self.js(
            "arguments[0].scrollIntoView({block:'center',behavior:'instant'})",
            json!([{ ELEMENT: id }]),
        );
        self.pointer_on(&id, press);
        let _ = self.cmd("DELETE", "/actions", None);
    }

    /// Moves the mouse onto the middle of the element `id`, and presses and releases it
    /// if `press`.
    fn pointer_on(&self, id: &str, press: bool) {
        let mut actions = vec![
            json!({"type": "pointerMove", "duration": 0, "origin": { ELEMENT: id }, "x": 0, "y": 0}),
        ];
        if press {
            actions.push(json!({"type": "pointerDown", "button": 0}));
            actions.push(json!({"type": "pointerUp", "button": 0}));
        }
        let pointer = json!({"type": "pointer", "id": "mouse", "parameters": {"pointerType": "mouse"}, "actions": actions});
        self.cmd("POST", "/actions", Some(&json!({ "actions": [pointer] })))
            .expect("pointer");
    }

    /// Click the form control whose label contains `text`, within `scope` (a CSS selector).
    pub fn click_label(&self, scope: &str, text: &str) {
        let id = self.element_from(
            "const s=document.querySelector(arguments[0]);const l=[...s.querySelectorAll('label')].find(l=>l.textContent.includes(arguments[1]));return l&&l.control;",
            json!([scope, text]),
        );
        self.click_element(&id);
    }

    /// Type into the control labelled `text` within `scope`.
    pub fn type_label(&self, scope: &str, label: &str, text: &str) {
        let id = self.element_from(
            "const s=document.querySelector(arguments[0]);const l=[...s.querySelectorAll('label')].find(l=>l.textContent.includes(arguments[1]));return l&&l.control;",
            json!([scope, label]),
        );
        self.click_element(&id);
        self.cmd(
            "POST",
            &format!("/element/{id}/value"),
            Some(&json!({ "text": text })),
        )
        .expect("type");
    }

    /// Click the visible button whose text is `name`.
    pub fn click_button(&self, name: &str) {
        let id = self.element_from(
            "return [...document.querySelectorAll('button')].find(b=>!b.hidden&&b.textContent.trim()===arguments[0]);",
            json!([name]),
        );
        self.click_element(&id);
    }

    /// Click the element matching `css` whose text is `text` (a disclosure's summary,
    /// a link), the way a learner picks it by what it says.
    pub fn click_text(&self, css: &str, text: &str) {
        let id = self.element_from(
            "return [...document.querySelectorAll(arguments[0])].find(e=>e.textContent.trim()===arguments[1]);",
            json!([css, text]),
        );
        self.click_element(&id);
    }

    /// Press keys on whatever has the focus, the way a learner types (WebDriver key
    /// codes for special keys: see `key`).
    pub fn keys(&self, text: &str) {
        let actions: Vec<Value> = text
            .chars()
            .flat_map(|c| {
                [
                    json!({"type": "keyDown", "value": c.to_string()}),
                    json!({"type": "keyUp", "value": c.to_string()}),
                ]
            })
            .collect();
        self.cmd(
            "POST",
            "/actions",
            Some(&json!({"actions": [{"type": "key", "id": "keyboard", "actions": actions}]})),
        )
        .expect("keys");
        let _ = self.cmd("DELETE", "/actions", None);
    }

    /// Send a file path to a file input (the way a learner picks a file).
    pub fn upload(&self, css: &str, path: &Path) {
        let id = self.element_from("return document.querySelector(arguments[0]);", json!([css]));
        self.cmd(
            "POST",
            &format!("/element/{id}/value"),
            Some(&json!({ "text": path.display().to_string() })),
        )
        .expect("upload");
    }

    pub fn text(&self, css: &str) -> String {
        self.js(
            "const e=document.querySelector(arguments[0]);return e?e.textContent:null;",
            json!([css]),
        )
        .as_str()
        .unwrap_or_else(|| panic!("no element {css}"))
        .to_string()
    }

    /// Wait until `script` returns a truthy value. The limit is generous: the whole
    /// suite shares the machine with this browser, and a healthy page gets there long
    /// before it. The page itself tries the script every 20 ms and answers once it
    /// holds: a WebDriver round trip per try cost the browser more than the page's work.
    pub fn wait_for(&self, script: &str, what: &str) {
        let deadline = Instant::now() + Duration::from_secs(30);
        let poll = format!(
            "const done=arguments[arguments.length-1];const test=function(){{{script}\n}};\
             (function poll(){{let v;try{{v=test()}}catch(e){{}}if(v)return done(true);setTimeout(poll,20)}})();"
        );
        loop {
            // An error (the page navigated away, or the script limit passed) is a not yet.
            let v = self.cmd(
                "POST",
                "/execute/async",
                Some(&json!({ "script": poll, "args": [] })),
            );
            if v == Ok(json!(true)) {
                return;
            }
            assert!(Instant::now() < deadline, "timed out waiting for {what}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Browser console entries since the last call: (level, message).
    pub fn console(&self) -> Vec<(String, String)> {
        let v = self
            .cmd("POST", "/se/log", Some(&json!({ "type": "browser" })))
            .unwrap_or(json!([]));
        v.as_array()
            .map(|a| {
                a.iter()
                    .map(|e| {
                        (
                            e["level"].as_str().unwrap_or("").to_string(),
                            e["message"].as_str().unwrap_or("").to_string(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Done with the browser: one from the pool goes back to it, cleaned; one started on
    /// its own profile closes (it flushes its profile to disk) and stops chromedriver.
    pub fn quit(self) {}

    /// Leaves the browser as `new` promises the next test finds it: one tab with no page
    /// (and no emulation or pointer state) left, and the storage of every origin the test
    /// opened cleared (local storage, service workers, caches, cookies).
    fn clean(&self) -> Result<(), String> {
        let used = self.cmd("GET", "/window/handles", None)?;
        if used.as_array().map_or(0, Vec::len) == 1 && !self.tab_used.load(Ordering::SeqCst) {
            // Leaving the page is enough, for a third of the CPU a new tab costs; the
            // page's last writes to its storage come before the storage is cleared.
            self.cmd("POST", "/url", Some(&json!({ "url": "about:blank" })))?;
        } else {
            self.replace_tabs(&used)?;
        }
        let origins = std::mem::take(&mut *self.origins.lock().map_err(|e| e.to_string())?);
        for origin in origins {
            self.cmd(
                "POST",
                "/goog/cdp/execute",
                Some(&json!({"cmd": "Storage.clearDataForOrigin",
                    "params": {"origin": origin, "storageTypes": "all"}})),
            )?;
        }
        Ok(())
    }

    /// Opens a new tab and closes the tabs `used`.
    fn replace_tabs(&self, used: &Value) -> Result<(), String> {
        let fresh = self.cmd("POST", "/window/new", Some(&json!({ "type": "tab" })))?;
        for handle in used.as_array().into_iter().flatten() {
            self.cmd("POST", "/window", Some(&json!({ "handle": handle })))?;
            self.cmd("DELETE", "/window", None)?;
        }
        self.cmd(
            "POST",
            "/window",
            Some(&json!({ "handle": fresh["handle"] })),
        )?;
        Ok(())
    }

    fn close(&mut self) {
        if !self.session.is_empty() {
            let _ = http(
                self.port,
                "DELETE",
                &format!("/session/{}", self.session),
                None,
            );
            self.session.clear();
        }
        if let Some(mut driver) = self.driver.take() {
            let _ = driver.kill();
            let _ = driver.wait();
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // A browser a failed test leaves may be in any state: it is not reused.
        if self.pooled && !std::thread::panicking() && self.clean().is_ok() {
            let idle = Browser {
                driver: self.driver.take(),
                port: self.port,
                session: std::mem::take(&mut self.session),
                pooled: true,
                origins: Mutex::default(),
                tab_used: AtomicBool::new(false),
            };
            POOL.lock().unwrap_or_else(|e| e.into_inner()).push(idle);
        } else {
            self.close();
        }
    }
}

/// Closes the pooled browsers when the test process exits, all at once: each waits
/// for its Chromium to shut down, seconds on a loaded machine.
extern "C" fn close_pool() {
    let idle = std::mem::take(&mut *POOL.lock().unwrap_or_else(|e| e.into_inner()));
    std::thread::scope(|s| {
        for mut b in idle {
            s.spawn(move || b.close());
        }
    });
}

/// A JSON object of `fields`, taking their values.
fn object<const N: usize>(fields: [(&str, Value); N]) -> Value {
    Value::Object(
        fields
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    )
}
