//! `coursemark serve` in a child process, for the tests that run the dev server.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::http_get;

/// A running `coursemark serve`, its terminal output in a file; killed when dropped,
/// so a failing test leaves no server behind.
pub struct DevServer {
    pub child: Child,
    pub port: u16,
    pub log: PathBuf,
}

impl DevServer {
    /// Runs `coursemark serve ARGS -p 0` in `cwd`, its terminal output written to `log`,
    /// and waits for it to say where it listens and to report its first build (it
    /// listens, and answers pages, before the course is read). Port 0 lets the system pick a free
    /// port: a port chosen by the test could be taken (an outgoing connection uses the
    /// same range), and the server would never answer.
    pub fn start(cwd: &Path, args: &[&str], log: PathBuf) -> DevServer {
        let child = Command::new(env!("CARGO_BIN_EXE_coursemark"))
            .arg("serve")
            .args(args)
            .args(["-p", "0"])
            .env("NO_COLOR", "1")
            // serve's own preview folder (without -o) goes to the temp folder: the
            // test's scratch folder, removed with it.
            .env("TMPDIR", log.parent().expect("the log is in a folder"))
            .current_dir(cwd)
            .stdout(Stdio::null())
            .stderr(fs::File::create(&log).expect("create the serve log"))
            .spawn()
            .expect("the coursemark binary runs");
        let mut server = DevServer {
            child,
            port: 0,
            log,
        };
        // The first build of a course takes seconds on a loaded machine; a minute is
        // far beyond any healthy start.
        let started = Instant::now();
        server.port = loop {
            if let Some(port) = listening_port(&server.logged()) {
                break port;
            }
            assert!(
                server.alive(),
                "serve stopped before it listened:\n{}",
                server.logged()
            );
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "serve did not say where it listens within a minute:\n{}",
                server.logged()
            );
            std::thread::sleep(Duration::from_millis(20));
        };
        while !first_build_reported(&server.logged()) {
            assert!(
                server.alive(),
                "serve stopped before its first build:\n{}",
                server.logged()
            );
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "serve did not report its first build within a minute:\n{}",
                server.logged()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        server
    }

    /// What the server has printed so far.
    pub fn logged(&self) -> String {
        fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Whether the process is still running.
    pub fn alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// Polls `path` until a 200 answer satisfies `ok`, for at most `seconds`.
    pub fn wait_for(&self, path: &str, seconds: f64, ok: impl Fn(&str) -> bool) -> bool {
        let deadline = Instant::now() + Duration::from_secs_f64(seconds);
        while Instant::now() < deadline {
            if http_get(self.port, path).is_some_and(|(s, body)| s == 200 && ok(&body)) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    }

    /// Waits until the terminal output holds `what` at least `n` times (a panic after
    /// `seconds`), and returns the output.
    pub fn wait_for_output(&self, what: &str, n: usize, seconds: u64) -> String {
        let started = Instant::now();
        loop {
            let text = self.logged();
            if text.matches(what).count() >= n {
                return text;
            }
            assert!(
                started.elapsed() < Duration::from_secs(seconds),
                "no `{what}` (x{n}) in the output of serve:\n{text}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for DevServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Whether serve has said how its first build went: built, or nothing to serve.
fn first_build_reported(output: &str) -> bool {
    output
        .lines()
        .any(|l| l.starts_with("Built ") || l.starts_with("Nothing to serve yet"))
}

/// The port in serve's `Serving at http://HOST:PORT/` line, once it is printed.
fn listening_port(output: &str) -> Option<u16> {
    let url = output.split("Serving at http://").nth(1)?;
    // Only a whole address: the line may be read while it is being written.
    let (address, _) = url.split_once('/')?;
    address.rsplit(':').next()?.parse().ok()
}
