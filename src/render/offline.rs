//! Offline use: the service worker that caches the whole site, with the list of its
//! files, their size (above the course's `max_precache` the learner is asked first) and
//! a version that changes whenever any of them does.

use super::pages::Renderer;
use super::templates::render_one;
use crate::error::TemplateError;
use crate::url;
use crate::write::OutputFile;

/// Where the offline cache's file list and version are written.
pub const SERVICE_WORKER: &str = "sw.js";

impl Renderer<'_> {
    /// The service worker that caches the whole site for offline use, from the theme's
    /// `sw.js` template: `written` is every other output file with its hash; assets are
    /// added from the course; `bytes` is the size of them all. `None` when the theme has
    /// no such template.
    pub fn service_worker(
        &self,
        written: &[(String, u64)],
        bytes: u64,
    ) -> Result<Option<OutputFile>, TemplateError> {
        if !self.has_template(SERVICE_WORKER) {
            return Ok(None);
        }
        let version = written
            .iter()
            .filter(|(path, _)| path != SERVICE_WORKER)
            .fold(self.options.assets_key, |v, (_, h)| v.wrapping_add(*h));
        let mut files: Vec<String> = written
            .iter()
            .map(|(p, _)| p.clone())
            .filter(|p| p != SERVICE_WORKER)
            .chain(
                self.course
                    .assets_for(self.options.trainer)
                    .map(|a| url::path_to_url(a)),
            )
            .collect();
        files.sort();
        let mut cx = tera::Context::new();
        cx.insert("version", &format!("{version:016x}"));
        cx.insert("files", &files);
        cx.insert("bytes", &bytes);
        cx.insert("ask", &(bytes > self.course.config.max_precache));
        // The texts of the offer to save the course, which only a page that shows it needs.
        let texts: std::collections::BTreeMap<&str, &str> = self
            .strings
            .iter()
            .filter(|(k, _)| k.starts_with("offline_"))
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        cx.insert("texts", &texts);
        cx.insert("site", &self.lean_site);
        Ok(Some(OutputFile {
            path: SERVICE_WORKER.into(),
            bytes: render_one(self.tera, SERVICE_WORKER, &cx)?.into_bytes(),
        }))
    }
}
