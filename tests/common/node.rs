//! Node.js test tools: independent implementations from the npm registry (listed in
//! `tests/js/package.json`) that check what coursemark emits, not our own code.

use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

/// `tests/js`, with its `node_modules` installed by `npm ci` on first use (one install
/// at a time across test processes, under a file lock). `None` with a loud warning
/// when Node.js or npm is missing; under CI (env `CI` set) that is a failure instead.
pub fn node_tools() -> Option<PathBuf> {
    static TOOLS: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    match TOOLS.get_or_init(install) {
        Ok(dir) => Some(dir.clone()),
        Err(why) if std::env::var_os("CI").is_some() => {
            panic!("{why} (CI is set, so tests that need Node.js fail instead of skipping)")
        }
        Err(why) => {
            eprintln!("warning: skipping a check by an independent implementation: {why}");
            None
        }
    }
}

/// Runs `node` with `script` (a file under `tests/js`) and `args` in `tests/js`;
/// its exit status, stdout and stderr.
pub fn run_node(tools: &std::path::Path, script: &str, args: &[&str]) -> (bool, String, String) {
    let out = Command::new("node")
        .arg(tools.join(script))
        .args(args)
        .current_dir(tools)
        .output()
        .expect("node ran before, so it runs now");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn install() -> Result<PathBuf, String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/js");
    let node = Command::new("node").arg("--version").output();
    if !node.is_ok_and(|o| o.status.success()) {
        return Err("Node.js is not installed (apt-get install nodejs npm)".into());
    }
    let lock = std::fs::File::create(std::env::temp_dir().join("coursemark-npm-ci.lock"))
        .map_err(|e| format!("cannot create the npm lock file: {e}"))?;
    lock.lock().map_err(|e| format!("cannot lock: {e}"))?;
    // The lock file's mtime is no use as a marker; package-lock's copy in node_modules is.
    let installed = dir.join("node_modules/.package-lock.json");
    let lockfile = dir.join("package-lock.json");
    let fresh = match (std::fs::metadata(&installed), std::fs::metadata(&lockfile)) {
        (Ok(i), Ok(l)) => i.modified().ok() >= l.modified().ok(),
        _ => false,
    };
    let has_deps = std::fs::read_to_string(dir.join("package.json"))
        .is_ok_and(|p| !p.contains("\"dependencies\": {}"));
    if has_deps && !fresh {
        let out = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(&dir)
            .output()
            .map_err(|e| format!("npm did not run: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "npm ci in tests/js failed: {}",
                String::from_utf8_lossy(&out.stderr)
            ));
        }
    }
    Ok(dir)
}
