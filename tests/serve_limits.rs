//! The dev server against unfriendly clients and file systems: slow readers, other
//! methods, huge headers, foreign `Host` names, and sources that turn into something
//! else while it runs. It stays up and keeps serving everyone else.

use crate::common;

use std::fs;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::dev::DevServer;
use common::{copy_dir, http_get, scratch};

/// A `coursemark serve` process on a copy of the `full` fixture, killed when dropped.
struct Dev {
    server: DevServer,
    root: PathBuf,
}

impl std::ops::Deref for Dev {
    type Target = DevServer;
    fn deref(&self) -> &DevServer {
        &self.server
    }
}

impl std::ops::DerefMut for Dev {
    fn deref_mut(&mut self) -> &mut DevServer {
        &mut self.server
    }
}

impl Dev {
    fn start(name: &str, prepare: impl FnOnce(&Path)) -> Dev {
        let dir = scratch(name);
        let root = dir.join("course");
        copy_dir(
            Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/full")),
            &root,
        );
        prepare(&root);
        // Started once the first build is reported, by which time the watcher is on.
        let server = DevServer::start(&dir, &["course", "-o", "out"], dir.join("serve.log"));
        Dev { server, root }
    }

    /// Sends `request` as it is and reads the whole answer: the status and the text.
    fn raw(&self, request: &[u8]) -> Option<(u16, String)> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).ok()?;
        stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
        stream.write_all(request).ok()?;
        let mut response = Vec::new();
        let _ = stream.read_to_end(&mut response);
        let response = String::from_utf8_lossy(&response).into_owned();
        let status = response.split_whitespace().nth(1)?.parse().ok()?;
        Some((status, response))
    }

    /// The process's peak resident memory in KiB (Linux).
    fn peak_kib(&self) -> Option<u64> {
        let status = fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
        line.split_whitespace().nth(1)?.parse().ok()
    }
}

#[test]
fn slow_readers_starve_no_one() {
    let dev = Dev::start("slow", |root| {
        fs::write(root.join("assets/big.bin"), vec![7u8; 20 << 20]).unwrap();
    });
    // Each asks for 20 MB and never reads a byte of it.
    let stuck: Vec<TcpStream> = (0..16)
        .map(|_| {
            let mut s = TcpStream::connect(("127.0.0.1", dev.port)).unwrap();
            write!(s, "GET /assets/big.bin HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
            s
        })
        .collect();
    // Each is being answered: the first bytes of its 20 MB have reached it.
    for s in &stuck {
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        assert_eq!(s.peek(&mut [0]).unwrap(), 1, "an answer starts");
    }
    for _ in 0..5 {
        let started = Instant::now();
        let (status, body) = http_get(dev.port, "/index.html").expect("an answer");
        assert_eq!(status, 200);
        assert!(body.contains("</html>"));
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "answered in {:?} while 16 clients do not read",
            started.elapsed()
        );
    }
    drop(stuck);
}

#[test]
fn only_get_and_head_are_answered() {
    let dev = Dev::start("methods", |_| {});
    for method in ["POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE", "BREW"] {
        let (status, response) = dev
            .raw(
                format!(
                    "{method} /index.html HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n"
                )
                .as_bytes(),
            )
            .expect("an answer");
        assert_eq!(status, 405, "{method}");
        assert!(response.contains("Allow: GET, HEAD"), "{response}");
    }
    let (status, response) = dev
        .raw(b"HEAD /index.html HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .unwrap();
    assert_eq!(status, 200);
    let (head, body) = response.split_once("\r\n\r\n").unwrap();
    assert!(head.contains("Content-Length: "), "{head}");
    assert_eq!(body, "", "HEAD sends no body");
    // Two requests on one connection are both answered.
    let (_, both) = dev
        .raw(b"GET /index.html HTTP/1.1\r\nHost: localhost\r\n\r\nGET /404.html HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .unwrap();
    assert_eq!(both.matches("HTTP/1.1 200 OK").count(), 2, "{both}");
}

#[test]
fn a_huge_header_is_refused_without_reading_it() {
    let mut dev = Dev::start("header", |_| {});
    let mut big = b"GET /index.html HTTP/1.1\r\nHost: localhost\r\nX-Big: ".to_vec();
    big.extend(vec![b'a'; 64 << 10]);
    big.extend(b"\r\n\r\n");
    let (status, _) = dev.raw(&big).expect("an answer");
    assert_eq!(status, 431);
    let before = dev.peak_kib();
    // One 200 MB header line: the server stops reading it at its cap.
    let mut stream = TcpStream::connect(("127.0.0.1", dev.port)).unwrap();
    stream
        .set_write_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let _ = stream.write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: ");
    let chunk = vec![b'a'; 1 << 20];
    let mut sent = 0;
    while sent < 200 && stream.write_all(&chunk).is_ok() {
        sent += 1;
    }
    assert!(sent < 200, "the server stopped reading ({sent} MB sent)");
    drop(stream);
    assert!(dev.alive());
    assert_eq!(http_get(dev.port, "/index.html").map(|r| r.0), Some(200));
    if let (Some(before), Some(after)) = (before, dev.peak_kib()) {
        assert!(
            after < before + 8 * 1024,
            "peak memory went from {before} KiB to {after} KiB"
        );
    }
}

#[test]
fn a_foreign_host_is_refused() {
    let dev = Dev::start("host", |_| {});
    let port = dev.port;
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        "127.0.0.1".to_string(),
        format!("[::1]:{port}"),
    ] {
        let request =
            format!("GET /index.html HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
        assert_eq!(
            dev.raw(request.as_bytes()).map(|r| r.0),
            Some(200),
            "{host}"
        );
    }
    for host in [
        format!("evil.example:{port}"),
        "evil.example".to_string(),
        "localhost.evil.example".to_string(),
    ] {
        let request =
            format!("GET /index.html HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
        let (status, body) = dev.raw(request.as_bytes()).unwrap();
        assert_eq!(status, 403, "{host}");
        assert!(!body.contains("<html"), "no page for {host}");
    }
    let (status, _) = dev
        .raw(b"GET /index.html HTTP/1.1\r\nConnection: close\r\n\r\n")
        .unwrap();
    assert_eq!(status, 403, "no Host at all");
}

/// Saves a new title into the YAML module and waits for its page to show it.
fn retitle(dev: &Dev, title: &str) -> bool {
    let module = dev.root.join("02-more/01-yaml.md");
    let text = fs::read_to_string(&module).unwrap();
    let start = text.find("title: ").unwrap();
    let end = start + text[start..].find('\n').unwrap();
    fs::write(
        &module,
        format!("{}title: \"{title}\"{}", &text[..start], &text[end..]),
    )
    .unwrap();
    dev.wait_for("/modules/yaml.html", 10.0, |b| {
        b.contains(&format!("<title>{title}"))
    })
}

#[test]
fn a_module_replaced_by_a_folder_fails_the_rebuild_not_the_server() {
    let mut dev = Dev::start("folder", |_| {});
    assert!(retitle(&dev, "Before"), "{}", dev.logged());
    let module = dev.root.join("02-more/01-yaml.md");
    let text = fs::read_to_string(&module).unwrap();
    fs::remove_file(&module).unwrap();
    fs::create_dir(&module).unwrap();
    fs::write(module.join("inside.txt"), "x").unwrap();
    dev.wait_for_output("Serving the last good build", 1, 60);
    assert!(dev.alive(), "the server is up: {}", dev.logged());
    let (status, body) = http_get(dev.port, "/index.html").unwrap();
    assert_eq!(status, 200);
    assert!(body.contains("</html>"));
    fs::remove_dir_all(&module).unwrap();
    fs::write(&module, text).unwrap();
    assert!(retitle(&dev, "After"), "recovers: {}", dev.logged());
    assert!(dev.alive());
}

#[test]
fn a_dangling_link_in_assets_is_left_out_and_the_server_stays() {
    let mut dev = Dev::start("dangling", |_| {});
    std::os::unix::fs::symlink("/nonexistent/gone.png", dev.root.join("assets/gone.png")).unwrap();
    // A change to course.toml rebuilds the whole course, reading assets/ again.
    let toml = dev.root.join("course.toml");
    let text = fs::read_to_string(&toml).unwrap();
    fs::write(&toml, format!("{text}\n")).unwrap();
    dev.wait_for_output("assets/gone.png", 1, 60);
    assert!(dev.alive(), "the server is up: {}", dev.logged());
    assert!(retitle(&dev, "Still rebuilding"), "{}", dev.logged());
    assert!(
        dev.logged().contains("assets/gone.png"),
        "the link is named: {}",
        dev.logged()
    );
    assert!(dev.alive());
}
