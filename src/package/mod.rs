//! LMS packages: the built course in one zip with a SCORM 1.2, SCORM 2004 or cmi5
//! manifest, and a launch page whose script reports the learner's progress to the LMS.

mod archive;
pub mod cmi5;
pub mod scorm;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::model::{Answer, Course, Module};
use crate::render::option_value;
use crate::render::{self, RenderOptions};
use crate::{Checked, Error};

/// The page an LMS launches: it connects to the LMS and shows the course in a frame,
/// so the connection lives while the learner moves from page to page.
pub const LAUNCH_PAGE: &str = "lms.html";
/// What the launch page's script needs to know about the package (see `runtime_js`).
const RUNTIME: &str = "lms/package.js";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Scorm12,
    Scorm2004,
    Cmi5,
}

impl Format {
    /// The name on the command line and in the runtime configuration.
    pub fn name(self) -> &'static str {
        match self {
            Format::Scorm12 => "scorm12",
            Format::Scorm2004 => "scorm2004",
            Format::Cmi5 => "cmi5",
        }
    }
}

pub struct PackageOptions {
    pub source: PathBuf,
    /// The zip file to write; `None` names it after the course and the format, as
    /// `ocs-scorm12.zip`, in the current folder.
    pub out: Option<PathBuf>,
    pub format: Format,
    pub trainer: bool,
    /// One SCO or AU per module instead of one for the whole course.
    pub per_module: bool,
}

/// Figures for the summary line of `package`.
#[derive(Debug, Clone)]
pub struct PackageStats {
    /// The zip written.
    pub out: PathBuf,
    pub modules: usize,
    pub units: usize,
    pub files: usize,
    pub bytes: u64,
    pub elapsed: Duration,
}

/// Checks the course and, when it has no errors, writes it as an LMS package to
/// `options.out` (atomically: a failed run leaves a previous package as it was).
pub fn package(options: &PackageOptions) -> Result<(Checked, Option<PackageStats>), Error> {
    let started = Instant::now();
    let checked = crate::check(&options.source)?;
    let (Some(course), Some(theme), false) =
        (&checked.course, &checked.theme, checked.has_errors())
    else {
        return Ok((checked, None));
    };
    let mut files = site_files(course, theme, &options.source, options.trainer)?;
    files.insert(
        LAUNCH_PAGE.into(),
        launch_page(course, options.format, options.trainer).into_bytes(),
    );
    files.insert(
        RUNTIME.into(),
        runtime_js(course, options.format, options.per_module).into_bytes(),
    );
    let units = units(course, options.per_module);
    let content: Vec<&str> = files.keys().map(String::as_str).collect();
    let edition = match options.format {
        Format::Scorm12 => Some(scorm::Edition::Scorm12),
        Format::Scorm2004 => Some(scorm::Edition::Scorm2004),
        Format::Cmi5 => None,
    };
    let (name, manifest) = match edition {
        Some(e) => (
            "imsmanifest.xml",
            scorm::manifest(e, course, &units, &content),
        ),
        None => ("cmi5.xml", cmi5::course_structure(course, &units)),
    };
    files.insert(name.into(), manifest.into_bytes());
    for (name, bytes) in edition.map_or(&[][..], scorm::Edition::schemas) {
        files.insert((*name).into(), bytes.to_vec());
    }
    let out = options.out.clone().unwrap_or_else(|| {
        PathBuf::from(format!(
            "{}-{}.zip",
            course.config.id,
            options.format.name()
        ))
    });
    let bytes = archive::write(&out, &files)?;
    let stats = PackageStats {
        out,
        modules: course.modules().count(),
        units: units.len(),
        files: files.len(),
        bytes,
        elapsed: started.elapsed(),
    };
    Ok((checked, Some(stats)))
}

/// Every file of the built site, by path; sorted, so the zip and the manifest's file
/// list come out the same on every run.
fn site_files(
    course: &Course,
    theme: &crate::theme::Theme,
    source: &Path,
    trainer: bool,
) -> Result<BTreeMap<String, Vec<u8>>, Error> {
    let mut assets = BTreeMap::new();
    for asset in course.assets_for(trainer) {
        let path = source.join(asset);
        let bytes = std::fs::read(&path).map_err(|e| crate::load::with_path(e, &path))?;
        assets.insert(crate::url::path_to_url(asset), bytes);
    }
    // As a build does: the assets' hashes are part of the offline cache's version.
    let options = RenderOptions {
        trainer,
        assets_key: assets.iter().fold(0, |k: u64, (p, b)| {
            k.wrapping_add(crate::write::file_hash(p, b))
        }),
        assets_bytes: assets.values().map(|b| b.len() as u64).sum(),
        ..RenderOptions::default()
    };
    let mut files: BTreeMap<String, Vec<u8>> = render::render(course, theme, options)?
        .into_iter()
        .map(|f| (f.path, f.bytes))
        .collect();
    files.append(&mut assets);
    Ok(files)
}

/// One thing the LMS launches and keeps a record of: the whole course, or one module.
pub struct Unit<'a> {
    /// Stable across builds: made from the course or module id.
    pub id: String,
    pub title: &'a str,
    pub description: Option<&'a str>,
    /// The module, for a unit per module.
    pub module: Option<&'a Module>,
    /// Index of the module's part, for a unit per module.
    pub part: usize,
}

impl Unit<'_> {
    /// The query the launch page reads to know which module it reports on.
    pub fn parameters(&self) -> Option<String> {
        self.module.map(|m| format!("?module={}", m.id))
    }

    /// Whether the unit has questions, so whether it can be passed at all.
    pub fn has_quiz(&self, course: &Course) -> bool {
        match self.module {
            Some(m) => m.questions().next().is_some(),
            None => course.modules().any(|m| m.questions().next().is_some()),
        }
    }
}

fn units(course: &Course, per_module: bool) -> Vec<Unit<'_>> {
    if !per_module {
        return vec![Unit {
            id: xml_id("course", &course.config.id),
            title: &course.config.title,
            description: course.config.description.as_deref(),
            module: None,
            part: 0,
        }];
    }
    course
        .parts
        .iter()
        .enumerate()
        .flat_map(|(i, p)| {
            p.modules.iter().map(move |m| Unit {
                id: xml_id("module", &m.id),
                title: &m.title,
                description: m.summary.as_deref(),
                module: Some(m.as_ref()),
                part: i,
            })
        })
        .collect()
}

/// An XML `ID` (an NCName: a letter first, no colon) from a prefix and a slug.
/// Course, part and module ids are slugs (ASCII letters, digits and `-`), so the prefix
/// alone makes them valid, and distinct ids stay distinct.
pub fn xml_id(prefix: &str, slug: &str) -> String {
    let safe: String = slug
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{prefix}-{safe}")
}

/// The IRI of the course, stable across builds: cmi5 activity ids and the ids of the
/// interactions the launch page reports are made from it.
pub fn course_iri(course: &Course) -> String {
    format!("urn:coursemark:{}", course.config.id)
}

/// Text escaped for XML content or a double-quoted attribute.
pub fn esc(text: &str) -> String {
    crate::html::escape(text)
}

fn launch_page(course: &Course, format: Format, trainer: bool) -> String {
    let c = &course.config;
    format!(
        r#"<!doctype html>
<html lang="{lang}" data-root="" data-course="{id}" data-page="lms"{edition}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<meta name="generator" content="coursemark">
<link rel="icon" href="data:,">
<style>
html, body {{ height: 100%; margin: 0; color-scheme: light dark; }}
body {{ display: flex; flex-direction: column; font: 0.875rem/1.4 system-ui, sans-serif; }}
#cm-notice {{ margin: 0; padding: 0.25rem 0.75rem; background: Canvas; color: CanvasText; border-bottom: 1px solid GrayText; }}
iframe {{ flex: 1; width: 100%; border: 0; }}
</style>
<script src="strings.js" defer></script>
<script src="course.js" defer></script>
<script src="{runtime}" defer></script>
<script src="theme/site.js" defer></script>
<script src="theme/store.js" defer></script>
<script src="theme/results.js" defer></script>
<script src="theme/lms-progress.js" defer></script>
<script src="theme/{bridge}" defer></script>
<script src="theme/lms.js" defer></script>
</head>
<body>
<p id="cm-notice" role="status" aria-live="polite" hidden></p>
<iframe id="cm-course" name="cm-course" title="{title}"></iframe>
<noscript><p><a href="index.html">{title}</a></p></noscript>
</body>
</html>
"#,
        lang = esc(&c.language),
        id = esc(&c.id),
        edition = if trainer {
            r#" data-edition="trainer""#
        } else {
            ""
        },
        title = esc(&c.title),
        runtime = RUNTIME,
        bridge = match format {
            Format::Cmi5 => "lms-cmi5.js",
            Format::Scorm12 | Format::Scorm2004 => "lms-scorm.js",
        },
    )
}

/// What the launch page's script knows about the package: its format, and for each
/// question its interaction type and correct responses (the pages keep their answer
/// keys encoded; the LMS needs them as the standard's patterns).
fn runtime_js(course: &Course, format: Format, per_module: bool) -> String {
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Runtime<'a> {
        format: &'static str,
        per_module: bool,
        course_iri: String,
        questions: BTreeMap<&'a str, BTreeMap<&'a str, Interaction<'a>>>,
    }
    #[derive(Serialize)]
    struct Interaction<'a> {
        #[serde(rename = "type")]
        kind: &'static str,
        correct: Vec<std::borrow::Cow<'a, str>>,
    }
    let questions = course
        .modules()
        .map(|m| {
            let qs = m
                .questions()
                .map(|q| {
                    let interaction = match &q.answer {
                        Answer::Choice(options) => Interaction {
                            kind: "choice",
                            correct: options
                                .iter()
                                .enumerate()
                                .filter(|(_, o)| o.correct)
                                .map(|(i, _)| option_value(i).into())
                                .collect(),
                        },
                        Answer::Text(answers) => Interaction {
                            kind: "fill-in",
                            correct: answers.iter().map(|a| a.as_str().into()).collect(),
                        },
                    };
                    (q.id.as_str(), interaction)
                })
                .collect();
            (m.id.as_str(), qs)
        })
        .collect();
    let runtime = Runtime {
        format: format.name(),
        per_module,
        course_iri: course_iri(course),
        questions,
    };
    let json = serde_json::to_string(&runtime)
        .unwrap_or_default()
        .replace('<', "\\u003c");
    format!(
        "// Generated by coursemark: the LMS package this launch page belongs to.\nwindow.cm = window.cm || {{}};\nwindow.cm.package = {json};\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_ids_are_ncnames() {
        assert_eq!(xml_id("module", "01-why"), "module-01-why");
        assert_eq!(xml_id("course", "a:b c"), "course-a_b_c");
    }
}
