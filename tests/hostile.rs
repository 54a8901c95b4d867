//! A corpus of hostile courses, generated here (not checked in as megabytes), each run
//! through `check` and `build` with a limit on CPU time and peak memory per run, and
//! with what each must report and publish.
//!
//! The limits are 2 s of CPU and 300 MB for the release binary. `cargo test` runs the
//! debug binary, which is several times slower, so its CPU limit is 10 times larger;
//! to hold the release binary to 2 s and print every figure:
//!
//! ```sh
//! cargo build --release
//! COURSEMARK_BIN=target/release/coursemark cargo test --test suite hostile:: -- --nocapture
//! ```
#![cfg(target_os = "linux")]

use crate::common;

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::scratch;

const MEMORY_LIMIT_MB: f64 = 300.0;

/// GNU time, which measures the peak memory of the binary it starts.
const GNU_TIME: &str = "/usr/bin/time";
const RELEASE_CPU_LIMIT: Duration = Duration::from_secs(2);
const DEBUG_FACTOR: u32 = 10;
/// A run still going after this long is killed and fails.
const WALL_LIMIT: Duration = Duration::from_secs(120);

/// The binary under test and its CPU limit.
fn binary() -> (PathBuf, Duration) {
    match std::env::var_os("COURSEMARK_BIN") {
        Some(bin) => (
            Path::new(env!("CARGO_MANIFEST_DIR")).join(bin),
            RELEASE_CPU_LIMIT,
        ),
        None => (
            PathBuf::from(env!("CARGO_BIN_EXE_coursemark")),
            RELEASE_CPU_LIMIT * DEBUG_FACTOR,
        ),
    }
}

/// What one run of the binary did and cost.
struct Run {
    code: i32,
    cpu: Duration,
    wall: Duration,
    peak_mb: f64,
    stderr: String,
}

/// Runs the binary with `args`, measuring its CPU time (from `wait4`) and peak memory,
/// and kills it after `WALL_LIMIT`.
///
/// The peak comes from GNU time, which starts the binary itself: a process started by
/// this one inherits this one's peak in its own figure (Linux carries it over `exec`),
/// and the suite's process holds hundreds of MB.
#[expect(
    clippy::zombie_processes,
    reason = "waited for with wait4, which also gives its resource use"
)]
fn run(args: &[&str], log: &Path) -> Run {
    use std::os::unix::process::CommandExt;
    let (bin, _) = binary();
    let peak = log.with_extension("peak");
    let child = Command::new(GNU_TIME)
        .args(["--format=%M", "--output"])
        .arg(&peak)
        .arg(&bin)
        .args(args)
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(fs::File::create(log).unwrap())
        // Its own process group, so a kill reaches the binary as well as GNU time.
        .process_group(0)
        .spawn()
        .unwrap_or_else(|e| panic!("{GNU_TIME}: {e} (install GNU time: apt-get install time)"));
    let pid = child.id() as libc::pid_t;
    let started = Instant::now();
    let mut status = 0;
    // SAFETY: a zeroed rusage is a valid value for wait4 to fill.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: `pid` is our child, not yet waited for; the pointers are valid.
        let done = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if done == pid {
            break;
        }
        assert_eq!(done, 0, "wait4: {}", std::io::Error::last_os_error());
        if started.elapsed() > WALL_LIMIT {
            // SAFETY: signals our own child's process group; the child is not yet
            // waited for, so its id is not reused.
            unsafe { libc::kill(-pid, libc::SIGKILL) };
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let seconds = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    let exited = libc::WIFEXITED(status);
    // In KiB, on the last line (a failing run's status line comes before it).
    let peak_kib = fs::read_to_string(&peak)
        .ok()
        .and_then(|text| text.lines().last()?.trim().parse::<f64>().ok());
    assert!(
        peak_kib.is_some() || !exited,
        "{GNU_TIME} wrote no peak memory to {}",
        peak.display()
    );
    Run {
        code: if exited {
            libc::WEXITSTATUS(status)
        } else {
            -1
        },
        cpu: seconds(usage.ru_utime) + seconds(usage.ru_stime),
        wall: started.elapsed(),
        // A killed run has no figure; its exit code fails the case.
        peak_mb: peak_kib.map_or(0.0, |kib| kib * 1024.0 / 1e6),
        stderr: fs::read_to_string(log).unwrap_or_default(),
    }
}

/// A course: `course.toml` and files by relative path.
struct Case {
    name: &'static str,
    files: Vec<(String, Vec<u8>)>,
    /// Links to make: (relative path, target).
    links: Vec<(&'static str, String)>,
    /// Whether `check` and `build` succeed.
    ok: bool,
    /// Text the report must hold.
    says: Vec<&'static str>,
    /// Text a page of the site must (`true`) or must not hold: page, text, whether.
    page: Vec<(&'static str, &'static str, bool)>,
}

const COURSE: &str = "title = \"Hostile\"\nid = \"hostile\"\n";

fn module(title: &str, how: &str) -> String {
    format!(
        "+++\ntitle = \"{title}\"\n+++\n\n## What it is\n\nText.\n\n## Why do it\n\nText.\n\n## How to do it\n\n{how}\n\n## Test your knowledge\n\n### Which?\n\n- [x] This\n- [ ] That\n\n## Implement it\n\n- [ ] Do it\n"
    )
}

fn case(name: &'static str, how: &str) -> Case {
    Case {
        name,
        files: vec![
            ("course.toml".into(), COURSE.into()),
            (
                "01-part/01-module.md".into(),
                module("Module", how).into_bytes(),
            ),
        ],
        links: Vec::new(),
        ok: true,
        says: Vec::new(),
        page: Vec::new(),
    }
}

fn corpus() -> Vec<Case> {
    let mut cases = Vec::new();

    cases.push(case("50k-same-headings", &"#### Same\n\n".repeat(50_000)));

    let mut long = case(
        "1mb-line-error",
        &format!("{}[x](missing.md)\n", "a".repeat(1 << 20)),
    );
    long.ok = false;
    long.says = vec!["missing.md"];
    cases.push(long);

    let line = format!("{}[x](missing.md)\n\n", "a".repeat(1 << 20));
    let mut ten = case("ten-1mb-line-errors", &line.repeat(10));
    ten.ok = false;
    cases.push(ten);

    let mut table = String::from(
        "| a | b | c | d | e | f | g | h | i | j |\n|---|---|---|---|---|---|---|---|---|---|\n",
    );
    for row in 0..100_000 {
        let _ = writeln!(table, "| {row} | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 |");
    }
    cases.push(case("table-10x100k", &table));

    let mut strings = case("20k-unknown-strings", "");
    let mut toml = format!("{COURSE}\n[strings]\n");
    for key in 0..20_000 {
        let _ = writeln!(toml, "unknown_{key} = \"x\"");
    }
    strings.files[0].1 = toml.into_bytes();
    strings.says = vec!["unknown_19999"];
    cases.push(strings);

    let mut links = case(
        "50k-broken-links-one-line",
        &"[x](missing.md) ".repeat(50_000),
    );
    links.ok = false;
    cases.push(links);

    let mut outside = case("links-out-of-the-course", "");
    outside.links = vec![
        ("assets/passwd.txt", "/etc/passwd".into()),
        ("assets/ssl", "/etc/ssl".into()),
        ("assets/status", "/proc/self/status".into()),
    ];
    outside.ok = false;
    outside.says = vec![
        "assets/passwd.txt",
        "assets/ssl",
        "assets/status",
        "outside the course folder",
    ];
    cases.push(outside);

    let mut dangling = case("dangling-link-and-lock-file", "");
    dangling.links = vec![
        ("assets/gone.png", "/nonexistent/gone.png".into()),
        ("01-part/.#01-module.md", "user@host.1234:1700000000".into()),
        ("assets/.#notes.txt", "user@host.1234:1700000000".into()),
    ];
    dangling
        .files
        .push(("assets/kept.txt".into(), b"kept".to_vec()));
    dangling.says = vec!["assets/gone.png", "does not exist"];
    cases.push(dangling);

    let mut amp = case("ampersand-nul", "Before\0after.");
    amp.files[1].1 = String::from_utf8(amp.files[1].1.clone())
        .unwrap()
        .replace("## Why do it", "## Why do it & when {#why}")
        .into_bytes();
    amp.page = vec![
        ("modules/module.html", ">Why do it &amp; when</a>", true),
        ("modules/module.html", "&amp;amp;", false),
        ("modules/module.html", "\0", false),
        ("modules/module.html", "Before\u{FFFD}after.", true),
    ];
    cases.push(amp);

    let mut cr = case("cr-line-endings", "Steps.");
    cr.files[1].1 = String::from_utf8(cr.files[1].1.clone())
        .unwrap()
        .replace('\n', "\r")
        .into_bytes();
    cr.page = vec![("modules/module.html", "<title>Module", true)];
    cases.push(cr);

    let mut name = case("not-utf8-file-name", "");
    let bad = module("Bad name", "Steps.").into_bytes();
    name.files.push((String::new(), bad));
    name.ok = false;
    name.says = vec!["is not UTF-8 text"];
    cases.push(name);

    for (name, theme) in [("theme-absolute", "/etc"), ("theme-dotdot", "../../../etc")] {
        let mut c = case(name, "");
        c.files[0].1 = format!("{COURSE}theme = \"{theme}\"\n").into_bytes();
        c.ok = false;
        c.says = vec!["is not a theme name"];
        cases.push(c);
    }
    cases
}

#[test]
fn hostile_courses_are_checked_and_built_within_limits() {
    let dir = scratch("corpus");
    let (bin, cpu_limit) = binary();
    let cases = corpus();
    // Each run's limits are its own CPU time and memory, so the cases run side by side,
    // one per core; the report keeps the corpus's order.
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Outcome>>> = Mutex::new(vec![None; cases.len()]);
    std::thread::scope(|s| {
        for _ in 0..std::thread::available_parallelism().map_or(2, usize::from) {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(case) = cases.get(i) else { break };
                    let result = run_case(&dir, case, cpu_limit);
                    results.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(result);
                }
            });
        }
    });
    let mut report = format!("{}\n", bin.display());
    let mut failures = Vec::new();
    for outcome in results.into_inner().unwrap().into_iter().flatten() {
        report.push_str(&outcome.report);
        failures.extend(outcome.failures);
    }
    eprintln!("{report}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    fs::remove_dir_all(dir).unwrap();
}

/// What the runs of one case cost and what failed.
#[derive(Clone)]
struct Outcome {
    report: String,
    failures: Vec<String>,
}

/// Runs `check` and `build` on one case of the corpus in `dir`.
fn run_case(dir: &Path, case: &Case, cpu_limit: Duration) -> Outcome {
    let mut report = String::new();
    let mut failures = Vec::new();
    let root = dir.join(case.name);
    for (path, bytes) in &case.files {
        // An empty name stands for a module whose file name is not UTF-8.
        let path = if path.is_empty() {
            use std::os::unix::ffi::OsStrExt;
            root.join("01-part")
                .join(std::ffi::OsStr::from_bytes(b"02-caf\xe9.md"))
        } else {
            root.join(path)
        };
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }
    for (link, target) in &case.links {
        let link = root.join(link);
        fs::create_dir_all(link.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(target, link).unwrap();
    }
    let out = dir.join(format!("{}-site", case.name));
    let root_arg = root.to_str().unwrap();
    for (verb, args) in [
        ("check", vec!["check", root_arg]),
        (
            "build",
            vec!["build", root_arg, "-o", out.to_str().unwrap()],
        ),
    ] {
        let r = run(&args, &dir.join(format!("{}-{verb}.log", case.name)));
        let _ = writeln!(
            report,
            "{:<30} {verb:<5} exit {:>2}  cpu {:>6.2} s  wall {:>6.2} s  peak {:>6.1} MB",
            case.name,
            r.code,
            r.cpu.as_secs_f64(),
            r.wall.as_secs_f64(),
            r.peak_mb
        );
        let what = format!("{} {verb}", case.name);
        if r.code != if case.ok { 0 } else { 1 } {
            failures.push(format!("{what}: exit {}: {}", r.code, tail(&r.stderr)));
        }
        if r.cpu > cpu_limit || r.peak_mb > MEMORY_LIMIT_MB {
            failures.push(format!(
                "{what}: {:.2} s CPU, {:.1} MB (limits {:.0} s, {MEMORY_LIMIT_MB} MB)",
                r.cpu.as_secs_f64(),
                r.peak_mb,
                cpu_limit.as_secs_f64()
            ));
        }
        for text in &case.says {
            if !r.stderr.contains(text) {
                failures.push(format!(
                    "{what}: does not say `{text}`: {}",
                    tail(&r.stderr)
                ));
            }
        }
        if r.stderr.contains("panicked") {
            failures.push(format!("{what}: panicked: {}", tail(&r.stderr)));
        }
    }
    for (page, text, wanted) in &case.page {
        let html = fs::read_to_string(out.join(page)).unwrap_or_default();
        if html.contains(text) != *wanted {
            failures.push(format!(
                "{}: {page} {} `{}`",
                case.name,
                if *wanted { "lacks" } else { "holds" },
                text.escape_debug()
            ));
        }
    }
    // Nothing from outside the course is ever published.
    if out.exists() {
        for (link, _) in &case.links {
            if out.join(link).exists() {
                failures.push(format!("{}: {link} was published", case.name));
            }
        }
        for entry in walkdir::WalkDir::new(&out) {
            let entry = entry.unwrap();
            if entry.file_type().is_file() {
                let text = fs::read(entry.path()).unwrap();
                if text.windows(10).any(|w| w == b"root:x:0:0") {
                    failures.push(format!(
                        "{}: {} holds /etc/passwd",
                        case.name,
                        entry.path().display()
                    ));
                }
            }
        }
    }
    Outcome { report, failures }
}

/// The end of a long report, enough to see what went wrong.
fn tail(text: &str) -> &str {
    let start = text.len().saturating_sub(600);
    let start = (start..text.len())
        .find(|i| text.is_char_boundary(*i))
        .unwrap_or(0);
    &text[start..]
}
