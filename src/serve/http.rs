//! A small static server for the built site that never serves a file outside the
//! output folder, with a live-reload channel for the pages it serves.

use std::fs;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tiny_http::{Header, Request, Response, Server, StatusCode};

use crate::Checked;
use crate::diagnostics::line_col;

/// The live-reload channel: browsers listening on Server-Sent Events, and the state a
/// newly opened page needs (the build version and the current errors).
pub struct Live {
    clients: Mutex<Vec<Box<dyn Write + Send>>>,
    state: Mutex<(u64, String)>,
}

/// Where pages listen for rebuilds; only the dev server answers it.
const EVENTS: &str = "/__coursemark/events";

impl Live {
    pub fn new(checked: &Checked) -> Self {
        Live {
            clients: Mutex::new(Vec::new()),
            state: Mutex::new((1, errors_json(checked))),
        }
    }

    /// Tells every open page what changed: pages showing a changed file reload, and the
    /// error overlay shows or goes.
    pub fn publish(&self, checked: &Checked, changed: &[String]) {
        let (version, errors) = {
            let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
            if !changed.is_empty() {
                state.0 += 1;
            }
            state.1 = errors_json(checked);
            state.clone()
        };
        let changed = serde_json::to_string(changed).unwrap_or_else(|_| "[]".into());
        self.broadcast(&format!(
            "event: update\ndata: {{\"version\":{version},\"changed\":{changed},\"errors\":{errors}}}\n\n"
        ));
    }

    fn broadcast(&self, message: &str) {
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        // A page that was closed fails the write and is dropped.
        clients.retain_mut(|c| {
            c.write_all(message.as_bytes())
                .and_then(|()| c.flush())
                .is_ok()
        });
    }

    fn hello(&self) -> String {
        let (version, errors) = self.state.lock().unwrap_or_else(|e| e.into_inner()).clone();
        format!("retry: 500\nevent: hello\ndata: {{\"version\":{version},\"errors\":{errors}}}\n\n")
    }
}

/// The errors of a check as JSON for the overlay: file, line, column, message.
fn errors_json(checked: &Checked) -> String {
    let texts: std::collections::HashMap<&Path, &str> = checked
        .tree
        .files()
        .map(|f| (f.path.as_path(), f.text.as_str()))
        .collect();
    let errors: Vec<serde_json::Value> = checked
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| {
            let (line, col) = line_col(texts.get(d.file.as_path()).copied().unwrap_or(""), d.span.start);
            serde_json::json!({"file": d.file.display().to_string(), "line": line, "column": col, "message": d.message})
        })
        .collect();
    serde_json::to_string(&errors).unwrap_or_else(|_| "[]".into())
}

/// A running server; its threads end with the process.
pub struct Running {
    _server: Arc<Server>,
}

/// Serves `root` on `address` on a pool of threads, with live reload through `live`.
pub fn start(root: &Path, address: &str, live: Arc<Live>) -> io::Result<Running> {
    let server = Server::http(address).map_err(|e| {
        io::Error::new(
            io::ErrorKind::AddrInUse,
            format!("cannot listen on {address}: {e}"),
        )
    })?;
    let server = Arc::new(server);
    let root = root.to_path_buf();
    for _ in 0..8 {
        let (server, root, live) = (Arc::clone(&server), root.clone(), Arc::clone(&live));
        std::thread::spawn(move || {
            for request in server.incoming_requests() {
                // A client that hung up is not the server's problem.
                let _ = respond(&root, &live, request);
            }
        });
    }
    let keepalive = Arc::downgrade(&live);
    std::thread::spawn(move || {
        while let Some(live) = keepalive.upgrade() {
            live.broadcast(": keep-alive\n\n");
            drop(live);
            std::thread::sleep(Duration::from_secs(15));
        }
    });
    Ok(Running { _server: server })
}

fn respond(root: &Path, live: &Live, request: Request) -> io::Result<()> {
    if request.url() == EVENTS {
        let mut writer = request.into_writer();
        writer.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n")?;
        writer.write_all(live.hello().as_bytes())?;
        writer.flush()?;
        live.clients
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(writer);
        return Ok(());
    }
    // Resolved per request: the folder appears only with the first good build.
    let root = fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let (status, path) = match resolve(&root, request.url()) {
        Some(path) => (200, path),
        None => (404, root.join("404.html")),
    };
    let mut body = fs::read(&path).unwrap_or_default();
    let html = path.extension().is_some_and(|e| e == "html") || body.is_empty();
    if html {
        let page = path
            .strip_prefix(&root)
            .map(crate::url::path_to_url)
            .unwrap_or_default();
        body = inject_live(body, &page);
    }
    let content_type = if html {
        "text/html; charset=utf-8"
    } else {
        content_type(&path)
    };
    let mut response = Response::from_data(body).with_status_code(StatusCode(status));
    for (name, value) in [
        ("Content-Type", content_type),
        ("Cache-Control", "no-store"),
        ("X-Content-Type-Options", "nosniff"),
    ] {
        if let Ok(h) = Header::from_bytes(name, value) {
            response.add_header(h);
        }
    }
    request.respond(response)
}

/// Adds the live-reload script to a served page (never to the files on disk). With no
/// page yet (the first build failed) it serves a page that shows the errors.
fn inject_live(mut body: Vec<u8>, page: &str) -> Vec<u8> {
    if body.is_empty() {
        body = b"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>coursemark</title></head><body><p>The course has errors; fix them and this page reloads.</p></body></html>".to_vec();
    }
    let page = serde_json::to_string(page).unwrap_or_else(|_| "\"\"".into());
    let script = format!(
        "<script>window.cm=window.cm||{{}};window.cm.livePage={page};</script><script>{}</script>",
        LIVE_SCRIPT
    );
    let at = body
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(body.len());
    body.splice(at..at, script.into_bytes());
    body
}

/// Listens for rebuilds, reloads this page when it changed (keeping the scroll position)
/// and shows build errors in an overlay. Text is inserted as text.
const LIVE_SCRIPT: &str = include_str!("live.js");

/// Maps a request URL to a file inside `root`, or `None`. Decodes the path first and
/// refuses any `..`, backslash or NUL, then checks the real path (symlinks) too.
pub fn resolve(root: &Path, url: &str) -> Option<PathBuf> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let decoded = crate::url::percent_decode(path)?;
    if decoded.contains('\\') || decoded.contains('\0') {
        return None;
    }
    let mut relative = PathBuf::new();
    for part in decoded.split('/') {
        match part {
            "" | "." => {}
            ".." => return None,
            p => relative.push(p),
        }
    }
    if relative
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return None;
    }
    let mut candidate = root.join(&relative);
    if candidate.is_dir() {
        candidate.push("index.html");
    }
    let real = fs::canonicalize(&candidate).ok()?;
    (real.starts_with(root) && real.is_file()).then_some(real)
}

fn content_type(path: &Path) -> &'static str {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("ico") => "image/x-icon",
        Some("pdf") => "application/pdf",
        Some("txt" | "md") => "text/plain; charset=utf-8",
        Some("woff2") => "font/woff2",
        Some("mp4") => "video/mp4",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_leaves_the_root() {
        let base = std::env::temp_dir().join(format!("cm-serve-{}", std::process::id()));
        let root = base.join("public");
        fs::create_dir_all(root.join("modules")).unwrap();
        fs::write(root.join("index.html"), "home").unwrap();
        fs::write(root.join("modules/a.html"), "a").unwrap();
        fs::write(base.join("course.toml"), "secret").unwrap();
        let root = fs::canonicalize(&root).unwrap();
        assert!(resolve(&root, "/").unwrap().ends_with("index.html"));
        assert!(resolve(&root, "/modules/a.html?x=1").is_some());
        assert!(resolve(&root, "/modules/").is_none());
        for evil in [
            "/../course.toml",
            "/%2e%2e/course.toml",
            "/..%2fcourse.toml",
            "//etc/passwd",
            "/modules/..%5c..%5ccourse.toml",
            "/%2e%2e%2fcourse.toml",
            "/%00",
            "/%zz",
        ] {
            assert_eq!(resolve(&root, evil), None, "{evil}");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(base.join("course.toml"), root.join("link.txt")).unwrap();
            assert_eq!(resolve(&root, "/link.txt"), None);
        }
        fs::remove_dir_all(base).unwrap();
    }
}
