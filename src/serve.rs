//! A small static server for the built site on 127.0.0.1 that never serves a file
//! outside the output folder.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use tiny_http::{Header, Request, Response, Server, StatusCode};

/// Serves `root` on `address` until the process ends. Requests are handled on a few
/// threads so slow clients do not block each other.
pub fn serve(root: &Path, address: &str) -> io::Result<()> {
    let server = Server::http(address).map_err(|e| {
        io::Error::new(
            io::ErrorKind::AddrInUse,
            format!("cannot listen on {address}: {e}"),
        )
    })?;
    let root = fs::canonicalize(root)?;
    std::thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(|| {
                for request in server.incoming_requests() {
                    // A client that hung up is not the server's problem.
                    let _ = respond(&root, request);
                }
            });
        }
    });
    Ok(())
}

fn respond(root: &Path, request: Request) -> io::Result<()> {
    let (status, path) = match resolve(root, request.url()) {
        Some(path) => (200, path),
        None => (404, root.join("404.html")),
    };
    let body = fs::read(&path).unwrap_or_else(|_| b"Not found".to_vec());
    let mut response = Response::from_data(body).with_status_code(StatusCode(status));
    for (name, value) in [
        ("Content-Type", content_type(&path)),
        ("Cache-Control", "no-store"),
        ("X-Content-Type-Options", "nosniff"),
    ] {
        if let Ok(h) = Header::from_bytes(name, value) {
            response.add_header(h);
        }
    }
    request.respond(response)
}

/// Maps a request URL to a file inside `root`, or `None`. Decodes the path first and
/// refuses any `..`, backslash or NUL, then checks the real path (symlinks) too.
pub fn resolve(root: &Path, url: &str) -> Option<PathBuf> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode(path)?;
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

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
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
