//! The report page: one self-contained `index.html` (inline CSS, SVG charts and a
//! small sorting script; no request outside the file). Learner-typed text (names,
//! notes, answers) is always escaped; question texts and explanations are the
//! course's own HTML from the build.

use std::fmt::Write;

use jiff::Timestamp;

use crate::html::escape;
use crate::model::{Course, Module};

use super::analysis::{coaching, item_analysis};
use super::csv::status_text;
use super::stats::{self, Item, Status};
use super::{Cohort, Outcome};

const STYLE: &str = include_str!("report.css");
const SORT_SCRIPT: &str = include_str!("sort.js");

pub(super) fn pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

pub(super) fn decimal(x: Option<f64>) -> String {
    x.map_or("–".into(), |x| format!("{x:.2}"))
}

fn date(t: Option<Timestamp>) -> String {
    t.map_or("–".into(), |t| t.strftime("%Y-%m-%d").to_string())
}

/// The report page.
pub fn page(cohort: &Cohort, items: &[Item], now: Timestamp) -> String {
    let course = cohort.course;
    let mut out = String::with_capacity(64 * 1024);
    let title = format!("Cohort report: {}", course.config.title);
    let _ = write!(
        out,
        "<!doctype html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<a class=\"skip\" href=\"#main\">Skip to the report</a>\n<header>\n<h1>{}</h1>\n<p>{} learners from {} files · generated {} · first attempts are what item analysis counts</p>\n<nav aria-label=\"Report sections\"><ul><li><a href=\"#overview\">Cohort overview</a></li><li><a href=\"#items\">Item analysis</a></li><li><a href=\"#coaching\">For the next coaching session</a></li><li><a href=\"#files\">Files read</a></li></ul></nav>\n</header>\n<main id=\"main\">\n",
        escape(&course.config.language),
        escape(&title),
        escape(&title),
        cohort.learners.len(),
        cohort.files.len(),
        now.strftime("%Y-%m-%d %H:%M UTC"),
    );
    overview(&mut out, cohort);
    item_analysis(&mut out, course, items);
    coaching(&mut out, cohort, items);
    files(&mut out, cohort);
    let _ = write!(
        out,
        "</main>\n<script>{SORT_SCRIPT}</script>\n</body>\n</html>\n"
    );
    out
}

/// The most characters of a label the chart shows: its column gives each 8 px, more
/// than the widest average letter of a 12 px system font takes (about 7 px), so a long
/// title ends in `…` inside the chart instead of being cut at its left edge.
const LABEL_CHARS: usize = 36;

/// A horizontal bar chart as inline SVG: one bar per `(label, share)`; the same
/// numbers are in the table that follows it, so the chart is hidden from screen readers.
pub(super) fn bar_chart(out: &mut String, bars: &[(String, f64)]) {
    const ROW: usize = 22;
    const LABEL: usize = LABEL_CHARS * 8;
    const WIDTH: usize = 680;
    let bar_width = (WIDTH - LABEL - 50) as f64;
    let height = bars.len() * ROW + 4;
    let _ = write!(
        out,
        "<svg class=\"chart\" viewBox=\"0 0 {WIDTH} {height}\" width=\"{WIDTH}\" height=\"{height}\" aria-hidden=\"true\" focusable=\"false\">"
    );
    for (i, (label, share)) in bars.iter().enumerate() {
        let y = i * ROW + 2;
        let short: String = if label.chars().count() > LABEL_CHARS {
            label.chars().take(LABEL_CHARS - 1).collect::<String>() + "…"
        } else {
            label.clone()
        };
        let w = (share.clamp(0.0, 1.0) * bar_width).round();
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text><rect class=\"track\" x=\"{LABEL}\" y=\"{y}\" width=\"{bar_width}\" height=\"{}\"/><rect class=\"bar\" x=\"{LABEL}\" y=\"{y}\" width=\"{w}\" height=\"{}\"/><text x=\"{}\" y=\"{}\">{}</text>",
            LABEL - 6,
            y + 14,
            escape(&short),
            ROW - 6,
            ROW - 6,
            LABEL as f64 + bar_width + 6.0,
            y + 14,
            pct(*share),
        );
    }
    out.push_str("</svg>\n");
}

pub(super) fn module_number(course: &Course, module: &Module) -> usize {
    course
        .modules()
        .position(|m| m.id == module.id)
        .map_or(0, |i| i + 1)
}

// The overview page is one long run of markup, section after section, in page order.
#[allow(clippy::too_many_lines)]
fn overview(out: &mut String, cohort: &Cohort) {
    let course = cohort.course;
    let n = cohort.learners.len();
    out.push_str("<section id=\"overview\" aria-labelledby=\"overview-title\">\n<h2 id=\"overview-title\">Cohort overview</h2>\n");
    // Per module: how many learners completed it, passed its quiz, are stuck.
    let states: Vec<Vec<stats::ModuleState>> = cohort
        .learners
        .iter()
        .map(|l| {
            course
                .modules()
                .map(|m| stats::module_state(course, m, l.modules.get(&m.id)))
                .collect()
        })
        .collect();
    let share = |count: usize| if n == 0 { 0.0 } else { count as f64 / n as f64 };
    let modules: Vec<&Module> = course.modules().collect();
    let complete: Vec<usize> = (0..modules.len())
        .map(|j| {
            states
                .iter()
                .filter(|s| s[j].status == Status::Complete)
                .count()
        })
        .collect();
    out.push_str("<figure>\n<figcaption id=\"complete-chart\">Share of learners who completed each module</figcaption>\n");
    let bars: Vec<(String, f64)> = modules
        .iter()
        .zip(&complete)
        .map(|(m, c)| {
            (
                format!("{}. {}", module_number(course, m), m.title),
                share(*c),
            )
        })
        .collect();
    bar_chart(out, &bars);
    out.push_str("</figure>\n<table class=\"numbers\">\n<caption>Modules: learners by state</caption>\n<thead><tr><th scope=\"col\">Module</th><th scope=\"col\">Complete</th><th scope=\"col\">In progress</th><th scope=\"col\">Not started</th><th scope=\"col\">Quiz passed</th><th scope=\"col\">Stuck (tried, not passed)</th></tr></thead>\n<tbody>\n");
    for (j, m) in modules.iter().enumerate() {
        let count =
            |f: &dyn Fn(&stats::ModuleState) -> bool| states.iter().filter(|s| f(&s[j])).count();
        let stuck: Vec<String> = cohort
            .learners
            .iter()
            .zip(&states)
            .filter(|(_, s)| s[j].attempts > 0 && !s[j].passed)
            .map(|(l, s)| {
                format!(
                    "{} ({} {}, best {})",
                    escape(display_name(&l.name)),
                    s[j].attempts,
                    if s[j].attempts == 1 { "try" } else { "tries" },
                    s[j].best.map_or("–".into(), |b| format!("{b:.0}%"))
                )
            })
            .collect();
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\">{}. {}</th><td>{} ({})</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            module_number(course, m),
            escape(&m.title),
            complete[j],
            pct(share(complete[j])),
            count(&|s| s.status == Status::InProgress),
            count(&|s| s.status == Status::NotStarted),
            count(&|s| s.passed),
            if stuck.is_empty() {
                "–".into()
            } else {
                stuck.join("; ")
            }
        );
    }
    out.push_str("</tbody>\n</table>\n");

    // Learners × modules.
    out.push_str("<h3 id=\"learners-title\">Learners</h3>\n<p>Each module cell: its state, the best quiz score and the number of tries, and the checklist items done. Sort by any column with its button.</p>\n<div class=\"scroll\" role=\"region\" aria-labelledby=\"learners-title\" tabindex=\"0\">\n<table class=\"learners\" data-sortable>\n<caption>Learners by module</caption>\n<thead><tr>");
    let header = |out: &mut String, label: &str| {
        let _ = write!(
            out,
            "<th scope=\"col\" aria-sort=\"none\"><button type=\"button\" data-sort>{label}</button></th>"
        );
    };
    header(out, "Learner");
    header(out, "Level (own record)");
    header(out, "Verified credentials");
    header(out, "Modules complete");
    header(out, "Last activity");
    for m in &modules {
        header(
            out,
            &format!(
                "<span aria-hidden=\"true\">M{}</span><span class=\"visually-hidden\">{}</span>",
                module_number(course, m),
                escape(&m.title)
            ),
        );
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for (l, s) in cohort.learners.iter().zip(&states) {
        let recorded = stats::recorded_levels(course, l);
        let level = recorded
            .last()
            .map_or("–".to_string(), |id| level_title(course, id));
        let verified: Vec<String> = cohort
            .verified_levels(l)
            .iter()
            .map(|id| level_title(course, id))
            .collect();
        let done = s.iter().filter(|s| s.status == Status::Complete).count();
        let _ = write!(
            out,
            "<tr><th scope=\"row\">{}</th><td data-value=\"{}\">{}</td><td>{}</td><td data-value=\"{done}\">{done} of {}</td><td>{}</td>",
            escape(display_name(&l.name)),
            recorded.len(),
            escape(&level),
            if verified.is_empty() {
                "–".into()
            } else {
                escape(&verified.join(", "))
            },
            modules.len(),
            date(l.last_activity),
        );
        for state in s {
            let (mark, class) = match state.status {
                Status::Complete => ("✓", "done"),
                Status::InProgress => ("…", "doing"),
                Status::NotStarted => ("", "none"),
            };
            let value = state.status as u8 as f64 * 1000.0 + state.best.unwrap_or(-1.0);
            let _ = write!(
                out,
                "<td class=\"state-{class}\" data-value=\"{value}\"><span aria-hidden=\"true\">{mark}</span><span class=\"visually-hidden\">{}</span> {}{}{}</td>",
                status_text(state.status),
                state.best.map_or(String::new(), |b| format!("{b:.0}%")),
                if state.attempts > 0 {
                    format!(" ×{}", state.attempts)
                } else {
                    String::new()
                },
                if state.tasks > 0 && state.tasks_done > 0 {
                    format!(" · {}/{}", state.tasks_done, state.tasks)
                } else {
                    String::new()
                },
            );
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</div>\n</section>\n");
}

pub(super) fn display_name(name: &str) -> &str {
    if name.trim().is_empty() {
        "(no name)"
    } else {
        name
    }
}

fn level_title(course: &Course, id: &str) -> String {
    course
        .config
        .levels
        .iter()
        .find(|l| l.id == id)
        .map_or(id.to_string(), |l| l.title.clone())
}

fn files(out: &mut String, cohort: &Cohort) {
    let _ = write!(
        out,
        "<section id=\"files\" aria-labelledby=\"files-title\">\n<h2 id=\"files-title\">Files read</h2>\n<p>{} files: {} learners, {} credentials, {} refused.</p>\n<table class=\"numbers\">\n<caption>Each file and what became of it</caption>\n<thead><tr><th scope=\"col\">File</th><th scope=\"col\">Outcome</th></tr></thead>\n<tbody>\n",
        cohort.files.len(),
        cohort.learners.len(),
        cohort.awards.len(),
        cohort.refused()
    );
    for f in &cohort.files {
        let what = match &f.outcome {
            Outcome::Used { learner } => format!("used: {}", escape(display_name(learner))),
            Outcome::Superseded { learner, by } => format!(
                "not used: {} appears again in the later file {}",
                escape(display_name(learner)),
                escape(&by.display().to_string())
            ),
            Outcome::Award { learner, level } => format!(
                "verified credential: {} for {}",
                escape(&level_title(cohort.course, level)),
                escape(learner)
            ),
            Outcome::Refused(why) => format!("<strong>refused</strong>: {}", escape(why)),
        };
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\">{}</th><td>{what}</td></tr>",
            escape(&f.file.display().to_string())
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_label_ends_inside_the_chart() {
        let long = "Orchestration: expectations, joint accountabilities and what comes next";
        let mut svg = String::new();
        bar_chart(&mut svg, &[(long.to_string(), 0.5)]);
        let label = svg
            .split("text-anchor=\"end\">")
            .nth(1)
            .and_then(|t| t.split('<').next())
            .expect("the label");
        assert!(
            label.ends_with('…') && label.chars().count() <= LABEL_CHARS,
            "{label}"
        );
        // Its right edge is at x = column - 6; at about 7 px a letter (12 px system
        // font), its left edge must stay at or right of 0.
        let column: usize = svg
            .split("<rect class=\"track\" x=\"")
            .nth(1)
            .and_then(|t| t.split('"').next())
            .and_then(|x| x.parse().ok())
            .expect("the bars' x");
        assert!(
            label.chars().count() * 7 <= column - 6,
            "{label} in {column} px"
        );
    }
}
