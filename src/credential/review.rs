//! The trainer's review sheet: one printable HTML page for a cohort's evidence
//! packages, with per learner and level what is required, what is present, the rubric
//! to judge and what is missing.

use std::fmt::Write;

use super::package::{self, Package};
use crate::html::escape;
use crate::model::Course;
use crate::model::EarnedBy;

const STYLE: &str = "body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1f24}\
h1{font-size:1.6rem}h2{font-size:1.3rem;border-top:3px solid #1d4f91;padding-top:.5rem;margin-top:2.5rem}\
h3{font-size:1.05rem;margin-bottom:.3rem}table{border-collapse:collapse;width:100%;margin:.3rem 0 1rem}\
th,td{border:1px solid #c9ced4;padding:.25rem .5rem;text-align:left;vertical-align:top}th{background:#f1f3f5}\
.met{color:#146c2e}.missing{color:#b3261e;font-weight:600}.rubric li{list-style:'☐  '}.meta{color:#545c66}\
.notes{white-space:pre-wrap;background:#f6f7f9;padding:.5rem}section{break-inside:avoid-page}\
@media print{body{margin:0;max-width:none}h2{break-before:page}h2:first-of-type{break-before:auto}}";

/// The sheet for `packages` (already validated and checked against the course); the
/// files that could not be used are listed at the top with the reason.
pub fn sheet(course: &Course, packages: &[Package], refused: &[String]) -> String {
    let config = &course.config;
    let mut html = String::new();
    let _ = write!(
        html,
        "<!doctype html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>Review sheet · {}</title><style>{STYLE}</style></head><body>\n<h1>Review sheet: {}</h1>\n<p class=\"meta\">{} evidence package{}. For each level: what it requires, what the package holds, the rubric you judge, and what is missing. Award with <code>coursemark award PACKAGE --level ID --key KEY</code> after your review.</p>\n",
        escape(&config.language),
        escape(&config.title),
        escape(&config.title),
        packages.len(),
        if packages.len() == 1 { "" } else { "s" }
    );
    if !refused.is_empty() {
        html.push_str("<h2>Packages that could not be used</h2><ul>");
        for why in refused {
            let _ = write!(html, "<li class=\"missing\">{}</li>", escape(why));
        }
        html.push_str("</ul>\n");
    }
    for p in packages {
        learner(&mut html, course, p);
    }
    html.push_str("</body></html>\n");
    html
}

fn learner(html: &mut String, course: &Course, p: &Package) {
    let _ = write!(
        html,
        "<h2>{}</h2>\n<p class=\"meta\">{}package of {}, course build {}{}</p>\n",
        escape(&p.learner.name),
        p.learner
            .email
            .as_deref()
            .map_or(String::new(), |e| format!("{} · ", escape(e))),
        escape(&p.created_at),
        escape(&p.course.build),
        if p.includes_notes {
            ", notes included"
        } else {
            ""
        }
    );
    for (index, level) in course.config.levels.iter().enumerate() {
        let requirements = package::requirements(p, course, level);
        let missing = package::missing(p, course, level);
        let _ = writeln!(
            html,
            "<section><h3>Level {}: {} (<code>{}</code>)</h3>",
            index + 1,
            escape(&level.title),
            escape(&level.id)
        );
        if let Some(d) = &level.description {
            let _ = writeln!(html, "<p>{}</p>", escape(d));
        }
        html.push_str("<table><tr><th>Required</th><th>In the package</th><th></th></tr>\n");
        for r in &requirements {
            let _ = writeln!(
                html,
                "<tr><td>{}</td><td>{}</td><td class=\"{}\">{}</td></tr>",
                escape(&r.what),
                escape(&r.present),
                if r.met { "met" } else { "missing" },
                if r.met { "✓ present" } else { "✗ missing" }
            );
        }
        html.push_str("</table>\n");
        if !level.rubric.is_empty() {
            html.push_str("<p>Rubric (your judgement):</p><ul class=\"rubric\">");
            for c in &level.rubric {
                let _ = write!(html, "<li>{}</li>", escape(c));
            }
            html.push_str("</ul>\n");
        }
        if missing.is_empty() {
            let _ = writeln!(
                html,
                "<p class=\"met\">Nothing a machine can check is missing{}.</p>",
                if level.earned_by == EarnedBy::Evidence {
                    "; judge the evidence against the rubric"
                } else {
                    ""
                }
            );
        } else {
            html.push_str("<p class=\"missing\">Missing before this level can be awarded:</p><ul>");
            for m in &missing {
                let _ = write!(html, "<li>{}</li>", escape(m));
            }
            html.push_str("</ul>\n");
        }
        html.push_str("</section>\n");
    }
    let notes: Vec<_> = p
        .modules
        .iter()
        .filter_map(|m| Some((m, m.notes.as_ref()?)))
        .collect();
    if !notes.is_empty() {
        html.push_str("<section><h3>The learner's notes</h3>\n");
        for (m, text) in notes {
            let _ = writeln!(
                html,
                "<p><strong>{}</strong></p><div class=\"notes\">{}</div>",
                escape(&m.title),
                escape(text)
            );
        }
        html.push_str("</section>\n");
    }
}
