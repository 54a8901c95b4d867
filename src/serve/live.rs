//! The live-reload channel: the pages the dev server serves listen on it (Server-Sent
//! Events) for rebuilds and for the errors to show in their overlay.

use std::io::Write;
use std::path::Path;
use std::sync::Mutex;

use crate::Checked;
use crate::diagnostics::Locator;

/// The live-reload channel: browsers listening on Server-Sent Events, and the state a
/// newly opened page needs (the build version and the current errors).
pub struct Live {
    clients: Mutex<Vec<Box<dyn Write + Send>>>,
    state: Mutex<(u64, String)>,
}

/// Where pages listen for rebuilds; only the dev server answers it.
pub(super) const EVENTS: &str = "/__coursemark/events";

impl Live {
    /// The channel before the course is checked: no errors known yet.
    pub fn starting() -> Self {
        Live {
            clients: Mutex::new(Vec::new()),
            state: Mutex::new((1, "[]".into())),
        }
    }

    pub fn new(checked: &Checked) -> Self {
        Live {
            clients: Mutex::new(Vec::new()),
            state: Mutex::new((1, errors_json(checked))),
        }
    }

    /// Tells every open page what changed: pages showing a changed file reload, and the
    /// error overlay shows or goes.
    pub fn publish(&self, checked: &Checked, changed: &[String]) {
        let (version, errors) = {
            let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
            if !changed.is_empty() {
                state.0 += 1;
            }
            state.1 = errors_json(checked);
            state.clone()
        };
        self.update(version, changed, &errors);
    }

    /// Tells every open page that `changed` were written by a rebuild of a course with
    /// no errors, before the rest of it is done.
    pub fn publish_written(&self, changed: &[String]) {
        if changed.is_empty() {
            return;
        }
        let version = {
            let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
            state.0 += 1;
            state.1 = "[]".into();
            state.0
        };
        self.update(version, changed, "[]");
    }

    fn update(&self, version: u64, changed: &[String], errors: &str) {
        let changed = serde_json::to_string(changed).unwrap_or_else(|_| "[]".into());
        self.broadcast(&format!(
            "event: update\ndata: {{\"version\":{version},\"changed\":{changed},\"errors\":{errors}}}\n\n"
        ));
    }

    pub(super) fn broadcast(&self, message: &str) {
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        // A page that was closed fails the write and is dropped.
        clients.retain_mut(|c| {
            c.write_all(message.as_bytes())
                .and_then(|()| c.flush())
                .is_ok()
        });
    }

    /// Keeps `client` as a page's reload channel, until a write to it fails.
    pub(super) fn add(&self, client: Box<dyn Write + Send>) {
        self.clients
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(client);
    }

    pub(super) fn hello(&self) -> String {
        let (version, errors) = self.state.lock().unwrap_or_else(|e| e.into_inner()).clone();
        format!("retry: 500\nevent: hello\ndata: {{\"version\":{version},\"errors\":{errors}}}\n\n")
    }
}

/// The errors of a check as JSON for the overlay: file, line, column, message, hint.
fn errors_json(checked: &Checked) -> String {
    let texts: std::collections::HashMap<&Path, &str> = checked
        .files()
        .map(|f| (f.path.as_path(), f.text.as_str()))
        .collect();
    // One locator per file: thousands of errors on one long line cost one pass over it.
    let mut locators = std::collections::HashMap::new();
    let errors: Vec<serde_json::Value> = checked
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| {
            let text = texts.get(d.file.as_path()).copied().unwrap_or("");
            let (line, col) = locators
                .entry(d.file.as_path())
                .or_insert_with(|| Locator::new(text))
                .line_col(d.span.start);
            serde_json::json!({"file": d.file.display().to_string(), "line": line, "column": col, "message": d.message, "help": d.help})
        })
        .collect();
    serde_json::to_string(&errors).unwrap_or_else(|_| "[]".into())
}
