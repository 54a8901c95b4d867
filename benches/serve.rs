//! Save-to-served latency of `serve` on a 1,000-module synthetic course: the watcher
//! loop and server run in this process; each round edits one module's title and polls
//! its page until the new title is served. Run with `cargo bench --bench serve`.

// Shared with the build bench, which also writes the Hugo site.
#[allow(dead_code)]
#[path = "support/synth.rs"]
mod synth;

use std::io::{Read, Write};
use std::time::{Duration, Instant};

fn get(port: u16, path: &str) -> String {
    let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", port)) else {
        return String::new();
    };
    let _ = write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    );
    let mut body = String::new();
    let _ = s.read_to_string(&mut body);
    body
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn main() {
    let modules = 1000;
    let rounds = 40;
    let dir = synth::scratch("serve");
    let (source, out) = (dir.join("course"), dir.join("out"));
    synth::write_course(&source, modules, 42).expect("write the synthetic course");

    let mut full = Vec::new();
    for _ in 0..5 {
        let started = Instant::now();
        let options = coursemark::BuildOptions {
            source: source.clone(),
            out: dir.join("full"),
            trainer: false,
            drafts: true,
        };
        coursemark::build(&options).expect("full build");
        full.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    full.sort_by(f64::total_cmp);

    let port = 41000 + (std::process::id() % 10000) as u16;
    let options = coursemark::serve::ServeOptions {
        source: source.clone(),
        out,
        host: "127.0.0.1".into(),
        port,
        trainer: false,
    };
    std::thread::spawn(move || coursemark::serve::serve(&options, |_| {}));
    let deadline = Instant::now() + Duration::from_secs(30);
    while !get(port, "/index.html").contains("200 OK") {
        assert!(Instant::now() < deadline, "the server did not start");
        std::thread::sleep(Duration::from_millis(20));
    }

    let mut times = Vec::new();
    for round in 0..rounds {
        let m = (round * 37) % modules;
        let file = source
            .join(synth::part_dir(m / 20))
            .join(synth::module_file(m));
        let text = std::fs::read_to_string(&file).expect("read module");
        let marker = format!("Edited {round} of module {m}");
        let edited = text.replacen("title = \"", &format!("title = \"{marker} "), 1);
        let page = format!("/modules/module-{m}.html");
        let started = Instant::now();
        std::fs::write(&file, edited).expect("write module");
        while !get(port, &page).contains(&marker) {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "edit {round} never served"
            );
            std::thread::sleep(Duration::from_micros(500));
        }
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        // Let the watcher go quiet so rounds do not overlap.
        std::thread::sleep(Duration::from_millis(60));
    }
    times.sort_by(f64::total_cmp);
    println!(
        "serve, {modules} modules, {rounds} edits: save-to-served median {:.1} ms, p95 {:.1} ms, min {:.1} ms, max {:.1} ms",
        percentile(&times, 0.5),
        percentile(&times, 0.95),
        times[0],
        times[times.len() - 1]
    );
    println!(
        "full build of the same course (in process, 5 runs): median {:.1} ms, min {:.1} ms, max {:.1} ms",
        percentile(&full, 0.5),
        full[0],
        full[full.len() - 1]
    );
    let _ = std::fs::remove_dir_all(&dir);
}
