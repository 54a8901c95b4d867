//! A small static server for the built site, with a live-reload channel for the pages
//! it serves. It never serves a file outside the output folder, answers GET and HEAD
//! only, caps the request head, answers only to its own address (no DNS rebinding), and
//! gives every connection its own thread with timeouts, so slow clients starve no one.

use std::fs;
use std::io::{self, Write};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use super::live::{EVENTS, Live};
use super::preview::{Building, site_path};
use super::request::{Read, read_head};

const MAX_CONNECTIONS: usize = 256;
/// How long a connection may stay silent, or a client take to read what it asked for,
/// before it is closed: a slow client holds its own thread, never anyone else's.
const READ_TIMEOUT: Duration = Duration::from_secs(10);
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// A page that stops reading its reload channel is dropped this soon.
const EVENTS_WRITE_TIMEOUT: Duration = Duration::from_secs(1);

/// Serves `root` on `address` (`host:port`), a thread per connection, with live reload
/// through `live`; returns the address it listens on. Its threads end with the process.
/// While a build runs, pages come from its preview or wait for it (see `Building`).
pub fn start(
    root: &Path,
    address: &str,
    live: Arc<Live>,
    building: Arc<Building>,
) -> io::Result<SocketAddr> {
    let listener = TcpListener::bind(address).map_err(|e| {
        io::Error::new(
            io::ErrorKind::AddrInUse,
            format!("cannot listen on {address}: {e}"),
        )
    })?;
    let local = listener.local_addr()?;
    let site = Arc::new(Site {
        root: root.to_path_buf(),
        live,
        building,
        host: address
            .rsplit_once(':')
            .map_or(address, |(host, _)| host)
            .to_ascii_lowercase(),
    });
    let open = Arc::new(AtomicUsize::new(0));
    let keepalive = Arc::downgrade(&site);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            if open.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
                open.fetch_sub(1, Ordering::SeqCst);
                let _ = stream.set_write_timeout(Some(EVENTS_WRITE_TIMEOUT));
                let _ = send_text(
                    &mut stream,
                    503,
                    "The server is busy; try again.",
                    &[],
                    false,
                );
                continue;
            }
            let (site, done) = (Arc::clone(&site), Arc::clone(&open));
            let spawned = std::thread::Builder::new().spawn(move || {
                // A client that hung up or timed out is not the server's problem.
                let _ = site.connection(stream);
                done.fetch_sub(1, Ordering::SeqCst);
            });
            if spawned.is_err() {
                open.fetch_sub(1, Ordering::SeqCst);
            }
        }
    });
    std::thread::spawn(move || {
        while let Some(site) = keepalive.upgrade() {
            site.live.broadcast(": keep-alive\n\n");
            drop(site);
            std::thread::sleep(Duration::from_secs(15));
        }
    });
    Ok(local)
}

/// What every connection needs: the folder served, the reload channel and the host name
/// the server was started with.
struct Site {
    root: PathBuf,
    live: Arc<Live>,
    building: Arc<Building>,
    host: String,
}

impl Site {
    /// Answers the requests of one connection until it closes, idles or misbehaves.
    fn connection(&self, mut stream: TcpStream) -> io::Result<()> {
        stream.set_read_timeout(Some(READ_TIMEOUT))?;
        stream.set_write_timeout(Some(WRITE_TIMEOUT))?;
        let _ = stream.set_nodelay(true);
        let mut buffer = Vec::new();
        loop {
            let head = match read_head(&mut stream, &mut buffer)? {
                Read::Head(head) => head,
                Read::Closed => return Ok(()),
                Read::Refused(status, why) => {
                    return send_text(&mut stream, status, why, &[], false);
                }
            };
            let head_only = head.method == "HEAD";
            if !head.host.as_deref().is_some_and(|h| self.allows(h)) {
                // DNS rebinding: a web page at some other name must not read the course.
                return send_text(
                    &mut stream,
                    403,
                    "This server answers only to the address it listens on, such as http://127.0.0.1:PORT/.",
                    &[],
                    head_only,
                );
            }
            if !matches!(head.method.as_str(), "GET" | "HEAD") {
                return send_text(
                    &mut stream,
                    405,
                    "Only GET and HEAD are served.",
                    &[("Allow", "GET, HEAD")],
                    head_only,
                );
            }
            if head.path == EVENTS {
                return self.subscribe(stream);
            }
            self.serve_file(&mut stream, &head.path, head_only, head.close)?;
            if head.close {
                return Ok(());
            }
        }
    }

    /// Whether a `Host` header names this server: an IP address, `localhost`, or the
    /// host it was started with. A DNS name an attacker controls is none of these.
    fn allows(&self, host: &str) -> bool {
        let name = match host.strip_prefix('[') {
            Some(v6) => v6.split(']').next().unwrap_or(""),
            None => host.split(':').next().unwrap_or(""),
        }
        .to_ascii_lowercase();
        name == "localhost" || name == self.host || name.parse::<IpAddr>().is_ok()
    }

    /// Keeps the connection as a reload channel for its page.
    fn subscribe(&self, mut stream: TcpStream) -> io::Result<()> {
        stream.set_write_timeout(Some(EVENTS_WRITE_TIMEOUT))?;
        stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n")?;
        stream.write_all(self.live.hello().as_bytes())?;
        stream.flush()?;
        self.live.add(Box::new(stream));
        Ok(())
    }

    /// Sends a file of the site (or the 404 page); pages get the live-reload script,
    /// other files are streamed from disk.
    fn serve_file(
        &self,
        stream: &mut TcpStream,
        url: &str,
        head_only: bool,
        close: bool,
    ) -> io::Result<()> {
        let connection = if close { "close" } else { "keep-alive" };
        let mut headers = vec![
            ("Cache-Control", "no-store"),
            ("X-Content-Type-Options", "nosniff"),
            ("Connection", connection),
        ];
        // Before the first build is in place, a page is made on request, or waits for it;
        // a file a rebuild may replace waits for it.
        let asked = site_path(url).unwrap_or_default();
        if let Some(page) = self.building.file(&asked) {
            let body = if Path::new(&page.path)
                .extension()
                .is_some_and(|e| e == "html")
            {
                inject_live(page.bytes, &page.path)
            } else {
                page.bytes
            };
            headers.push(("Content-Type", content_type(Path::new(&page.path))));
            send(stream, 200, &headers, body.len() as u64, head_only)?;
            if !head_only {
                stream.write_all(&body)?;
            }
            return stream.flush();
        }
        self.building.wait(&asked);
        // Resolved per request: the folder appears only with the first good build.
        let root = fs::canonicalize(&self.root).unwrap_or_else(|_| self.root.clone());
        let (status, path) = match resolve(&root, url) {
            Some(path) => (200, path),
            None => (404, root.join("404.html")),
        };
        let file = fs::File::open(&path).ok();
        let html = path.extension().is_some_and(|e| e == "html") || file.is_none();
        if html {
            let body = file
                .and_then(|mut f| {
                    let mut bytes = Vec::new();
                    io::Read::read_to_end(&mut f, &mut bytes).ok()?;
                    Some(bytes)
                })
                .unwrap_or_default();
            let page = path
                .strip_prefix(&root)
                .map(crate::url::path_to_url)
                .unwrap_or_default();
            let body = inject_live(body, &page);
            headers.push(("Content-Type", "text/html; charset=utf-8"));
            send(stream, status, &headers, body.len() as u64, head_only)?;
            if !head_only {
                stream.write_all(&body)?;
            }
        } else if let Some(mut file) = file {
            let length = file.metadata()?.len();
            headers.push(("Content-Type", content_type(&path)));
            send(stream, status, &headers, length, head_only)?;
            if !head_only {
                // At most `length` bytes, should the file grow while it is sent.
                io::copy(&mut io::Read::take(&mut file, length), stream)?;
            }
        }
        stream.flush()
    }
}

/// Writes a status line and headers, with the body's length.
fn send(
    stream: &mut TcpStream,
    status: u16,
    headers: &[(&str, &str)],
    length: u64,
    head_only: bool,
) -> io::Result<()> {
    let reason = match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        _ => "Service Unavailable",
    };
    let mut head = format!("HTTP/1.1 {status} {reason}\r\nContent-Length: {length}\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if head_only {
        stream.flush()?;
    }
    Ok(())
}

/// Answers with a short text and closes the connection.
fn send_text(
    stream: &mut TcpStream,
    status: u16,
    text: &str,
    extra: &[(&str, &str)],
    head_only: bool,
) -> io::Result<()> {
    let mut headers = vec![
        ("Content-Type", "text/plain; charset=utf-8"),
        ("Connection", "close"),
    ];
    headers.extend_from_slice(extra);
    send(stream, status, &headers, text.len() as u64, head_only)?;
    if !head_only {
        stream.write_all(text.as_bytes())?;
    }
    stream.flush()
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
    let mut candidate = root.join(relative(url)?);
    if candidate.is_dir() {
        candidate.push("index.html");
    }
    let real = fs::canonicalize(&candidate).ok()?;
    (real.starts_with(root) && real.is_file()).then_some(real)
}

/// The path inside the site a request URL names, decoded; `None` for any `..`,
/// backslash or NUL.
pub fn relative(url: &str) -> Option<PathBuf> {
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
    relative
        .components()
        .all(|c| matches!(c, Component::Normal(_)))
        .then_some(relative)
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
