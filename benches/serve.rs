//! `coursemark serve` as an author meets it, on synthetic courses, with the real binary:
//! save → reload event at an open page of a 1,000-module course (a client listens on the
//! reload channel as the browser's live script does; each save edits one module's title,
//! the edit that changes the most pages), and the first page served after starting on a
//! 10,000-module course. Every figure is checked: after each event the module, its
//! neighbours, its part and the search index show the new title.
//! Run with `cargo bench --bench serve`; `SERVE_BENCH_ROUNDS` sets the number of saves,
//! `SERVE_BENCH_ONLY=save` or `first` runs one measure, and
//! `SERVE_BENCH_BASELINE=/path/to/coursemark` measures that binary too, in the same run.
//! On a shared machine the CPU time the server used by its first page says more than
//! the wall-clock time.

// Shared with the build bench, which also writes the Hugo site.
#[allow(dead_code)]
#[path = "support/synth.rs"]
mod synth;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

/// A `serve` process, ended when dropped (also when the bench fails), and the port it
/// listens on.
struct Server {
    child: Child,
    port: u16,
}

impl Server {
    /// Starts `serve` on port 0 (the system picks a free one) and reads the port from
    /// its `Serving at http://HOST:PORT/` line.
    fn start(bin: &Path, source: &Path, out: &Path) -> Self {
        let mut child = Command::new(bin)
            .arg("serve")
            .arg(source)
            .arg("-o")
            .arg(out)
            .args(["-p", "0"])
            .env("NO_COLOR", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start coursemark serve");
        let stderr = child.stderr.take().expect("serve's terminal output");
        let (tx, rx) = channel();
        // Read to the end, so the server never waits on a full pipe.
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { return };
                if let Some(port) = line
                    .split("Serving at http://")
                    .nth(1)
                    .and_then(|url| url.split('/').next())
                    .and_then(|address| address.rsplit(':').next())
                    .and_then(|port| port.parse::<u16>().ok())
                {
                    let _ = tx.send(port);
                }
            }
        });
        let port = rx
            .recv_timeout(Duration::from_secs(60))
            .expect("serve says where it listens");
        Server { child, port }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The status and body of a GET, or `None` when nothing answers yet.
fn get(port: u16, path: &str) -> Option<(u16, String)> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    // A server that stops answering fails the bench rather than hanging it.
    s.set_read_timeout(Some(Duration::from_secs(30))).ok()?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut answer = String::new();
    s.read_to_string(&mut answer).ok()?;
    let status = answer.get(9..12)?.parse().ok()?;
    let body = answer.split_once("\r\n\r\n").map_or("", |x| x.1);
    Some((status, body.to_string()))
}

/// Listens on the reload channel as the browser's live script does; each `update`
/// event's data arrives on the receiver the moment it is read.
fn listen(port: u16) -> Receiver<serde_json::Value> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect the reload channel");
    write!(
        stream,
        "GET /__coursemark/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
    )
    .expect("ask for the reload channel");
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        let mut event = String::new();
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { return };
            if let Some(name) = line.strip_prefix("event: ") {
                event = name.to_string();
            } else if let Some(data) = line.strip_prefix("data: ")
                && event == "update"
                && tx
                    .send(serde_json::from_str(data).expect("JSON data"))
                    .is_err()
            {
                return;
            }
        }
    });
    rx
}

/// The files an `update` event lists as changed.
fn paths(update: &serde_json::Value) -> Vec<String> {
    update["changed"]
        .as_array()
        .expect("a list of changed files")
        .iter()
        .filter_map(|p| p.as_str().map(String::from))
        .collect()
}

/// The search index's dictionary, `search-index.js`.
fn search_index(port: u16) -> serde_json::Value {
    let (_, script) = get(port, "/search-index.js").expect("the search index");
    let json = script
        .split_once("window.cm.searchIndex = ")
        .and_then(|(_, rest)| rest.trim_end().strip_suffix(';'))
        .expect("the search index's data");
    serde_json::from_str(json).expect("JSON")
}

/// The search index's text shard that holds the `m`th module, from the count of modules
/// in each shard that `search-index.js` gives (numbers of five-bit digits, lowest first,
/// a sixth bit saying another follows).
fn text_shard(index: &serde_json::Value, m: usize) -> String {
    let texts = index["texts"].as_str().expect("the text shards' sizes");
    const DIGITS: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut sizes = Vec::new();
    let (mut number, mut shift) = (0, 0);
    for c in texts.chars() {
        let digit = DIGITS.find(c).expect("a digit");
        number |= (digit & 31) << shift;
        shift += 5;
        if digit & 32 == 0 {
            sizes.push(number);
            (number, shift) = (0, 0);
        }
    }
    let mut first = 0;
    for (shard, size) in sizes.into_iter().enumerate() {
        if m < first + size {
            return format!("search/t{shard}.js");
        }
        first += size;
    }
    panic!("no text shard holds module {m}")
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

/// Saves one module's title after another; returns the times from each save to its
/// reload event at an open page, in ms, sorted.
fn save_to_reload(bin: &Path, dir: &Path, modules: usize, rounds: usize) -> Vec<f64> {
    let (source, out) = (dir.join("course"), dir.join("out"));
    let _ = std::fs::remove_dir_all(&source);
    let _ = std::fs::remove_dir_all(&out);
    synth::write_course(&source, modules, 42).expect("write the synthetic course");
    let server = Server::start(bin, &source, &out);
    let port = server.port;
    let deadline = Instant::now() + Duration::from_secs(60);
    while get(port, "/index.html").is_none_or(|(status, _)| status != 200) {
        assert!(Instant::now() < deadline, "the server did not start");
        std::thread::sleep(Duration::from_millis(20));
    }
    let events = listen(port);
    // The whole site is in place once the first build's page answers unchanged.
    while !out.join("sw.js").is_file() {
        assert!(Instant::now() < deadline, "the first build did not finish");
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(300));
    while events.try_recv().is_ok() {}

    let mut times = Vec::new();
    for round in 0..rounds {
        let m = (round * 37 + 1) % (modules - 2) + 1;
        let file = source
            .join(synth::part_dir(m / 20))
            .join(synth::module_file(m));
        let text = std::fs::read_to_string(&file).expect("read module");
        let marker = format!("Edited {round} of module {m}");
        let edited = text.replacen("title = \"", &format!("title = \"{marker} "), 1);
        let page = format!("modules/module-{m}.html");
        let started = Instant::now();
        std::fs::write(&file, edited).expect("write module");
        let changed = loop {
            let update = events
                .recv_timeout(Duration::from_secs(10))
                .unwrap_or_else(|_| panic!("no reload event for edit {round}"));
            let changed = paths(&update);
            if changed.contains(&page) {
                break changed;
            }
        };
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        // Every page that shows the title is current when the event arrives.
        let part_first = m / 20 * 20;
        let mut current = vec![
            page.clone(),
            format!("modules/module-{}.html", m - 1),
            format!("modules/module-{}.html", m + 1),
            format!("modules/module-{part_first}.html"),
            "index.html".to_string(),
        ];
        // The search index: the text shard that holds the module's title.
        let index = search_index(port);
        let shard = text_shard(&index, m);
        current.push(shard.clone());
        for path in &current {
            let (status, body) = get(port, &format!("/{path}")).expect("an answer");
            assert!(
                status == 200 && body.contains(&marker),
                "edit {round}: {path} is not current ({status})"
            );
        }
        // The rest of the rebuild's files may come in a later event: the word shards
        // that list the title's new words answer whole (those the index no longer has
        // are gone).
        let mut changed = changed;
        while !changed.contains(&shard) {
            let update = events
                .recv_timeout(Duration::from_secs(10))
                .unwrap_or_else(|_| panic!("edit {round}: no event lists {shard}"));
            changed = paths(&update);
        }
        let word_shards = index["words"].as_array().expect("the word shards").len();
        for path in changed.iter().filter(|p| p.starts_with("search/w")) {
            let n: usize = path[8..path.len() - 3].parse().expect("a shard's number");
            let (status, _) = get(port, &format!("/{path}")).expect("an answer");
            let expected = if n < word_shards { 200 } else { 404 };
            assert_eq!(status, expected, "edit {round}: {path}");
        }
        // The watcher goes quiet, so one save's events never run into the next.
        std::thread::sleep(Duration::from_millis(50));
    }
    times.sort_by(f64::total_cmp);
    times
}

/// The CPU time `pid` has used, in ms (user and system), from /proc; 0 elsewhere.
fn cpu_ms(pid: u32) -> f64 {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return 0.0;
    };
    // The fields after the command's name, which is in parentheses: utime and stime are
    // the 12th and 13th of them, in clock ticks (100 a second on Linux).
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or("", |x| x.1)
        .split_whitespace()
        .collect();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok());
    (ticks(11).unwrap_or(0.0) + ticks(12).unwrap_or(0.0)) * 10.0
}

/// Starts `serve` on a course never built (no output folder) and asks for `page` at
/// once; returns, for each of `runs` starts, the time from starting the process to the
/// page's whole answer and the CPU time the server used by then, in ms, each sorted.
fn first_page(
    bin: &Path,
    dir: &Path,
    modules: usize,
    page: &str,
    runs: usize,
) -> (Vec<f64>, Vec<f64>) {
    let (source, out) = (dir.join("big"), dir.join("big-out"));
    if !source.is_dir() {
        synth::write_course(&source, modules, 42).expect("write the synthetic course");
    }
    let (mut times, mut cpu) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        let _ = std::fs::remove_dir_all(&out);
        let started = Instant::now();
        let server = Server::start(bin, &source, &out);
        // The server holds the request until it can answer it.
        let (status, body) = get(server.port, page).expect("an answer");
        assert!(
            status == 200
                && body.contains("Synthetic course")
                && body.trim_end().ends_with("</html>"),
            "{page}: {status}"
        );
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        cpu.push(cpu_ms(server.child.id()));
    }
    times.sort_by(f64::total_cmp);
    cpu.sort_by(f64::total_cmp);
    (times, cpu)
}

fn main() {
    let rounds: usize = std::env::var("SERVE_BENCH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(40);
    let dir = synth::scratch("serve");
    println!("load average before: {}", load());

    // `SERVE_BENCH_ONLY=save` or `=first` runs one of the two measures;
    // `SERVE_BENCH_BASELINE=/path/to/coursemark` measures that binary first, in the same
    // run, so that two versions meet the same load.
    let only = std::env::var("SERVE_BENCH_ONLY").unwrap_or_default();
    let ours = std::path::PathBuf::from(env!("CARGO_BIN_EXE_coursemark"));
    let mut bins = vec![("this build", ours)];
    if let Some(baseline) = std::env::var_os("SERVE_BENCH_BASELINE") {
        bins.insert(0, ("baseline", baseline.into()));
    }
    if only != "first" {
        let modules = 1000;
        for (name, bin) in &bins {
            let times = save_to_reload(bin, &dir, modules, rounds);
            println!(
                "{name}: serve, {modules} modules, {rounds} title edits: save -> reload event at an open page p50 {:.1} ms, p95 {:.1} ms (min {:.1}, max {:.1}); module, neighbours, part, home and search index current each time; load {}",
                percentile(&times, 0.5),
                percentile(&times, 0.95),
                times[0],
                times[times.len() - 1],
                load()
            );
        }
    }
    if only != "save" {
        let (modules, runs) = (10_000, 5);
        for (name, bin) in &bins {
            for (what, page) in [
                ("home page", "/"),
                ("a module page", "/modules/module-5000.html"),
            ] {
                let (times, cpu) = first_page(bin, &dir, modules, page, runs);
                println!(
                    "{name}: serve, {modules} modules, no output yet: start -> {what} answered whole median {:.0} ms (min {:.0}, max {:.0}, {runs} starts); the server's CPU time by then median {:.0} ms; load {}",
                    percentile(&times, 0.5),
                    times[0],
                    times[times.len() - 1],
                    percentile(&cpu, 0.5),
                    load()
                );
            }
        }
    }
    println!("load average after: {}", load());
    let _ = std::fs::remove_dir_all(&dir);
}
