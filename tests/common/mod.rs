//! Helpers shared by the integration tests.

pub mod cohort;
pub mod dev;
pub mod node;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

/// A fresh scratch folder for one test, inside this test process's scratch root.
pub fn scratch(name: &str) -> PathBuf {
    let dir = scratch_root().join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("create the scratch folder");
    dir
}

static ROOT: OnceLock<PathBuf> = OnceLock::new();

/// Set by the panic hook: some test of this process failed, so its folders are kept.
static FAILED: AtomicBool = AtomicBool::new(false);

/// `coursemark-<test binary>-<pid>` in the temp folder (see `temp_folder`): every
/// scratch folder of this process. It is removed when the process exits after every
/// test passed, and kept (its path printed) when one failed, so a run leaves nothing
/// behind but the evidence of a failure.
pub fn scratch_root() -> &'static Path {
    ROOT.get_or_init(|| {
        let root = temp_folder().join(format!(
            "coursemark-{}-{}",
            env!("CARGO_CRATE_NAME"),
            std::process::id()
        ));
        fs::create_dir_all(&root).expect("create the scratch root");
        let report = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            FAILED.store(true, Ordering::SeqCst);
            report(info);
        }));
        // Handlers registered later (the browser pool's) run first, so the browsers
        // are gone before their profiles are removed.
        at_exit(remove_scratch_root);
        root
    })
}

/// Where the scratch folders go: `$TMPDIR` when set, else memory (`/dev/shm`) when it
/// has room (`roomy_shm`), else the system's temp folder. The tests write and remove
/// tens of thousands of files: on a disk's file system that was a third of the CPU of
/// the command-line tests.
fn temp_folder() -> PathBuf {
    if std::env::var_os("TMPDIR").is_none() && roomy_shm() {
        PathBuf::from("/dev/shm")
    } else {
        std::env::temp_dir()
    }
}

/// Whether the shared memory folder, `/dev/shm`, has room for a test run (a few hundred
/// MB at most, with Chromium's own use): a container may give it no more than 64 MB.
pub fn roomy_shm() -> bool {
    static ROOMY: OnceLock<bool> = OnceLock::new();
    *ROOMY.get_or_init(|| available(Path::new("/dev/shm")).is_some_and(|free| free >= 1 << 30))
}

/// The bytes free for an unprivileged user in the file system holding `dir`.
fn available(dir: &Path) -> Option<u64> {
    use std::os::unix::ffi::OsStrExt;
    let path = std::ffi::CString::new(dir.as_os_str().as_bytes()).ok()?;
    // SAFETY: all zeroes is a valid statvfs (integers only), which the call overwrites.
    let mut stat: libc::statvfs = unsafe { std::mem::zeroed() };
    // SAFETY: `path` is a NUL-terminated string and `stat` a statvfs the call fills.
    if unsafe { libc::statvfs(path.as_ptr(), &mut stat) } != 0 {
        return None;
    }
    Some(stat.f_bavail as u64 * stat.f_frsize as u64)
}

extern "C" fn remove_scratch_root() {
    let Some(root) = ROOT.get() else { return };
    if FAILED.load(Ordering::SeqCst) {
        let _ = writeln!(
            std::io::stderr(),
            "kept the scratch folders of the failed run: {}",
            root.display()
        );
    } else {
        let _ = fs::remove_dir_all(root);
    }
}

/// Runs `f` when the test process exits (libtest ends with `exit`, which runs these
/// handlers whether the tests passed or failed), last registered first.
pub fn at_exit(f: extern "C" fn()) {
    // SAFETY: `f` is a plain function with no arguments, as atexit requires.
    let registered = unsafe { libc::atexit(f) } == 0;
    assert!(registered, "atexit refused a handler");
}

/// Runs the coursemark binary with `args` in the folder `cwd`, colours off.
pub fn run_in(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_coursemark"))
        .args(args)
        .env("NO_COLOR", "1")
        .current_dir(cwd)
        .output()
        .expect("the coursemark binary runs")
}

/// Runs the coursemark binary with `args` in the repository, where fixture paths such
/// as `tests/fixtures/full` start.
pub fn coursemark(args: &[&str]) -> Output {
    run_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

/// Builds the course in `src` into `out` with the real binary; panics with its errors.
pub fn build(src: &Path, out: &Path) {
    let run = coursemark(&[
        "build",
        &src.to_string_lossy(),
        "-o",
        &out.to_string_lossy(),
    ]);
    assert!(
        run.status.success(),
        "building {}: {}",
        src.display(),
        stderr(&run)
    );
}

/// What a run printed on stderr.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The text of a file the test expects to exist.
pub fn read(path: impl AsRef<Path>) -> String {
    fs::read_to_string(path.as_ref()).unwrap_or_else(|e| panic!("{}: {e}", path.as_ref().display()))
}

/// A module with its five sections: `front` added to its front matter, `what` and `how`
/// the texts of those sections, a one-question quiz with feedback and a checklist.
pub fn module(title: &str, front: &str, what: &str, how: &str) -> String {
    format!(
        "+++\ntitle = \"{title}\"\n{front}+++\n\n## What it is\n\n{what}\n\n## Why do it\n\nWhy.\n\n## How to do it\n\n{how}\n\n## Test your knowledge\n\n### Right?\n\n- [x] Yes\n  > Right.\n- [ ] No\n  > Wrong.\n\n> Why.\n\n## Implement it\n\n- [ ] Do it\n"
    )
}

/// A course in the scratch folder `name` (as `name/course`, so its site can go beside
/// it): a `course.toml` with title `T` and id `t`, then `files` by relative path (a
/// `course.toml` among them replaces that one).
pub fn course<B: AsRef<[u8]>>(name: &str, files: &[(&str, B)]) -> PathBuf {
    let dir = scratch(name).join("course");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("course.toml"), "title = \"T\"\nid = \"t\"\n").unwrap();
    for (path, bytes) in files {
        let file = dir.join(path);
        fs::create_dir_all(file.parent().unwrap()).unwrap();
        fs::write(file, bytes).unwrap();
    }
    dir
}

/// `check --format short` of the course in `dir`: whether it passed, and its output,
/// one `file:line:col: ...` line per problem.
pub fn check(dir: &Path) -> (bool, String) {
    let o = coursemark(&["check", dir.to_str().unwrap(), "--format", "short"]);
    (o.status.success(), stderr(&o))
}

/// Every file under `dir` with its bytes, by relative path, sorted.
pub fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().display().to_string(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

/// Copies the folder `from` with everything in it to `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A raw HTTP GET to 127.0.0.1, so a test sends paths exactly as an attacker would;
/// the status and the whole response.
pub fn http_get(port: u16, path: &str) -> Option<(u16, String)> {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
    // Polled before the server listens, a port in the ephemeral range can connect to
    // itself: no server, and a read that would wait for ever.
    if stream.local_addr().ok()? == stream.peer_addr().ok()? {
        return None;
    }
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(60)))
        .ok()?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    let status = response.split_whitespace().nth(1)?.parse().ok()?;
    Some((status, response))
}

/// The search index of the site in `out`: its dictionary and every shard, one after
/// another (the modules' text is in the text shards, `search/t*.js`).
pub fn search_index(out: &Path) -> String {
    let mut text = fs::read_to_string(out.join("search-index.js")).expect("search-index.js");
    let mut shards: Vec<PathBuf> = fs::read_dir(out.join("search"))
        .expect("the search shards")
        .map(|e| e.expect("a shard").path())
        .collect();
    shards.sort();
    for shard in shards {
        text.push_str(&fs::read_to_string(&shard).expect("a search shard"));
    }
    text
}
