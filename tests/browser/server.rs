//! A tiny static file server for the browser tests: serves built sites under
//! chosen URL prefixes on 127.0.0.1 and records every request it answered.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

pub struct Server {
    pub port: u16,
    /// (path requested, HTTP status)
    pub requests: Arc<Mutex<Vec<(String, u16)>>>,
    /// While set, connections are dropped unanswered, like a network that is down.
    pub down: Arc<AtomicBool>,
}

/// What the server answers for a course's `sw.js` in the tests that are not about
/// offline use: a worker that saves nothing. The course's own worker saves the whole
/// site on the first visit, and every test has an origin of its own: a fifth of the
/// browser tests' CPU went to saving courses no test read back.
const IDLE_WORKER: &[u8] = b"'use strict';\n";

/// Where every test server serves the tests' vendored scripts (axe-core), outside any
/// course's path: a page loads them as it would any script.
pub const VENDOR: &str = "/-/vendor/";
const VENDOR_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vendor");

/// The ports of the test servers started so far: the pages that can load `VENDOR`.
static PORTS: Mutex<Vec<u16>> = Mutex::new(Vec::new());

/// The ports of this process's test servers.
pub fn ports() -> Vec<u16> {
    PORTS.lock().unwrap_or_else(|e| e.into_inner()).clone()
}

impl Server {
    /// Serve each `(prefix, dir)`: prefix like "/a/b/" maps to the files of dir, but
    /// for a worker that saves nothing in place of the course's `sw.js`.
    pub fn start(mounts: Vec<(String, PathBuf)>) -> Server {
        Server::serve(mounts, false)
    }

    /// As `start`, with the course's own service worker: for the tests of offline use.
    pub fn with_offline(mounts: Vec<(String, PathBuf)>) -> Server {
        Server::serve(mounts, true)
    }

    fn serve(mounts: Vec<(String, PathBuf)>, offline: bool) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a local port");
        let port = listener.local_addr().expect("local address").port();
        PORTS.lock().unwrap_or_else(|e| e.into_inner()).push(port);
        let requests = Arc::new(Mutex::new(Vec::new()));
        let log = requests.clone();
        let down = Arc::new(AtomicBool::new(false));
        let is_down = down.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                if is_down.load(Ordering::SeqCst) {
                    drop(stream);
                    continue;
                }
                let mounts = mounts.clone();
                let log = log.clone();
                std::thread::spawn(move || {
                    let mut stream = stream;
                    let mut line = String::new();
                    let mut reader = BufReader::new(match stream.try_clone() {
                        Ok(s) => s,
                        Err(_) => return,
                    });
                    if reader.read_line(&mut line).is_err() {
                        return;
                    }
                    loop {
                        let mut h = String::new();
                        match reader.read_line(&mut h) {
                            Ok(0) | Err(_) => break,
                            Ok(_) if h == "\r\n" || h == "\n" => break,
                            _ => {}
                        }
                    }
                    let target = line.split_whitespace().nth(1).unwrap_or("/").to_string();
                    let path = target.split(['?', '#']).next().unwrap_or("/").to_string();
                    // The tests' own scripts: not the site's requests, kept by the browser.
                    if let Some(name) = path.strip_prefix(VENDOR) {
                        let body = (!name.contains('/'))
                            .then(|| std::fs::read(Path::new(VENDOR_DIR).join(name)).ok())
                            .flatten();
                        let _ =
                            stream.write_all(&response(body, "text/javascript", "max-age=3600"));
                        return;
                    }
                    let file = mounts.iter().find_map(|(prefix, dir)| {
                        let rest = path.strip_prefix(prefix.as_str())?;
                        if rest.split('/').any(|p| p == "..") {
                            return None;
                        }
                        let rest = if rest.is_empty() || rest.ends_with('/') {
                            format!("{rest}index.html")
                        } else {
                            rest.to_string()
                        };
                        Some(dir.join(rest))
                    });
                    let body = match file {
                        Some(_) if !offline && path.ends_with("/sw.js") => {
                            Some(IDLE_WORKER.to_vec())
                        }
                        Some(f) => std::fs::read(f).ok(),
                        None => None,
                    };
                    let status = if body.is_some() { 200 } else { 404 };
                    log.lock()
                        .expect("request log")
                        .push((path.clone(), status));
                    let kind = match path.rsplit('.').next() {
                        Some("html") | None => "text/html; charset=utf-8",
                        Some("js") => "text/javascript; charset=utf-8",
                        Some("css") => "text/css; charset=utf-8",
                        Some("svg") => "image/svg+xml",
                        Some("png") => "image/png",
                        Some("json") => "application/json",
                        _ => "application/octet-stream",
                    };
                    let _ = stream.write_all(&response(body, kind, "no-store"));
                });
            }
        });
        Server {
            port,
            requests,
            down,
        }
    }

    /// Take the network down (`true`) or bring it back.
    pub fn set_down(&self, down: bool) {
        self.down.store(down, Ordering::SeqCst);
    }

    /// How many requests asked for `path`.
    pub fn count(&self, path: &str) -> usize {
        self.requests
            .lock()
            .expect("request log")
            .iter()
            .filter(|(p, _)| p == path)
            .count()
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    pub fn failed(&self) -> Vec<(String, u16)> {
        self.requests
            .lock()
            .expect("request log")
            .iter()
            .filter(|(_, s)| *s != 200)
            .cloned()
            .collect()
    }
}

/// An HTTP response of `body` (a 404 without one) as `kind`, cached as `cache` says.
fn response(body: Option<Vec<u8>>, kind: &str, cache: &str) -> Vec<u8> {
    let (status, body) = match body {
        Some(b) => ("200 OK", b),
        None => ("404 Not Found", b"not found".to_vec()),
    };
    let mut out = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: {cache}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend(body);
    out
}
