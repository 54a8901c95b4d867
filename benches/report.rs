//! `coursemark report` speed: 100 and 1,000 synthetic progress exports of the bundled
//! course (fixed seed; every module started, two quiz attempts each), each report run
//! several times by the release binary as a whole process (reading the course
//! included): median, min and max wall time. Run with `cargo bench --bench report`;
//! `BENCH_SIZES=100,1000` and `BENCH_RUNS=7` choose sizes and runs.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use serde_json::{Value, json};

/// A small fixed-seed generator (xorshift), so every run writes the same files.
struct Random(u64);

impl Random {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

fn answers(course: &coursemark::model::Course, module: &str, random: &mut Random) -> Value {
    let mut out = serde_json::Map::new();
    let m = course
        .modules()
        .find(|m| m.id == module)
        .expect("the module");
    for q in m.questions() {
        let answer = match &q.answer {
            coursemark::model::Answer::Choice(options) => {
                json!([coursemark::render::option_value(
                    random.below(options.len())
                )])
            }
            coursemark::model::Answer::Text(accepted) => json!(accepted[0]),
        };
        out.insert(
            q.id.clone(),
            json!({"answer": answer, "correct": random.below(4) > 0}),
        );
    }
    Value::Object(out)
}

fn write_exports(course: &coursemark::model::Course, dir: &Path, n: usize) -> Vec<PathBuf> {
    let mut random = Random(0x5eed_1234_abcd);
    std::fs::create_dir_all(dir).unwrap();
    (0..n)
        .map(|i| {
            let mut modules = serde_json::Map::new();
            for m in course.modules() {
                let first = answers(course, &m.id, &mut random);
                let last = answers(course, &m.id, &mut random);
                modules.insert(m.id.clone(), json!({
                    "read": {"what": true, "why": true, "how": true, "test": true, "implement": true},
                    "tasks": {}, "notes": "", "at": "2026-11-20T10:00:00Z",
                    "quiz": {"attempts": 2, "best": 80, "last": 80, "passedAt": "2026-11-20T10:00:00Z", "at": "2026-11-20T10:00:00Z",
                        "questions": last,
                        "history": [{"n": 1, "at": "2026-11-19T10:00:00Z", "score": 60, "answers": first},
                                    {"n": 2, "at": "2026-11-20T10:00:00Z", "score": 80, "answers": last}]}
                }));
            }
            let doc = json!({"version": 2, "course": course.config.id, "learner": {"name": format!("Learner {i}")},
                "exported": "2026-11-21T10:00:00Z", "modules": modules, "evidence": {}});
            let path = dir.join(format!("learner-{i:04}.json"));
            std::fs::write(&path, doc.to_string()).unwrap();
            path
        })
        .collect()
}

fn main() {
    let sizes: Vec<usize> = std::env::var("BENCH_SIZES")
        .unwrap_or_else(|_| "100,1000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(7);
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let course = coursemark::load_course(&content).expect("the bundled course");
    let bin = env!("CARGO_BIN_EXE_coursemark");
    let work = std::env::temp_dir().join(format!("coursemark-bench-report-{}", std::process::id()));
    println!(
        "coursemark {} report, bundled course ({} modules), {runs} runs each",
        env!("CARGO_PKG_VERSION"),
        course.modules().count()
    );
    for n in sizes {
        let files = write_exports(&course, &work.join(format!("exports-{n}")), n);
        let out = work.join(format!("report-{n}"));
        let mut walls: Vec<f64> = (0..runs)
            .map(|_| {
                let started = Instant::now();
                let status = Command::new(bin)
                    .arg("report")
                    .arg("--course")
                    .arg(&content)
                    .arg("-o")
                    .arg(&out)
                    .args(&files)
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .status()
                    .expect("coursemark runs");
                assert!(status.success(), "coursemark report failed");
                started.elapsed().as_secs_f64() * 1000.0
            })
            .collect();
        walls.sort_by(f64::total_cmp);
        println!(
            "{n:>5} files: median {:.0} ms (min {:.0}, max {:.0})",
            walls[walls.len() / 2],
            walls[0],
            walls[walls.len() - 1]
        );
    }
    let _ = std::fs::remove_dir_all(&work);
}
