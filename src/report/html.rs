//! The report page: one self-contained `index.html` (inline CSS, SVG charts and a
//! small sorting script; no request outside the file). Learner-typed text (names,
//! notes, answers) is always escaped; question texts and explanations are the
//! course's own HTML from the build.

use std::fmt::Write;

use jiff::Timestamp;

use crate::html::escape;
use crate::model::{Course, Module};
use crate::render::text_of;

use super::csv::status_text;
use super::stats::{self, Item, MIN_RESPONSES, Status};
use super::{Cohort, Outcome};

const STYLE: &str = include_str!("report.css");
const SORT_SCRIPT: &str = include_str!("sort.js");

fn pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

fn decimal(x: Option<f64>) -> String {
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

/// A horizontal bar chart as inline SVG: one bar per `(label, share)`; the same
/// numbers are in the table that follows it, so the chart is hidden from screen readers.
fn bar_chart(out: &mut String, bars: &[(String, f64)]) {
    const ROW: usize = 22;
    const LABEL: usize = 260;
    const WIDTH: usize = 640;
    let bar_width = (WIDTH - LABEL - 50) as f64;
    let height = bars.len() * ROW + 4;
    let _ = write!(
        out,
        "<svg class=\"chart\" viewBox=\"0 0 {WIDTH} {height}\" width=\"{WIDTH}\" height=\"{height}\" aria-hidden=\"true\" focusable=\"false\">"
    );
    for (i, (label, share)) in bars.iter().enumerate() {
        let y = i * ROW + 2;
        let short: String = if label.chars().count() > 40 {
            label.chars().take(39).collect::<String>() + "…"
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

fn module_number(course: &Course, module: &Module) -> usize {
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

fn display_name(name: &str) -> &str {
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

fn item_analysis(out: &mut String, course: &Course, items: &[Item]) {
    let _ = write!(
        out,
        "<section id=\"items\" aria-labelledby=\"items-title\">\n<h2 id=\"items-title\">Item analysis</h2>\n<p>Over each learner's <strong>first attempt</strong> at a quiz. <dfn>Facility</dfn>: the share who answered right (flagged above {} or below {}). <dfn>Discrimination</dfn>: the point-biserial correlation between getting this question right and the share right of the learner's other first answers in the course; near 0 the question tells strong and weak learners apart no better than chance, below 0 the stronger learners miss it more (check the key and the wording). Flags need at least {MIN_RESPONSES} answers. Learners whose file holds only later attempts are not counted.</p>\n",
        stats::TOO_EASY,
        stats::TOO_HARD
    );
    for m in course.modules() {
        let mine: Vec<&Item> = items.iter().filter(|i| i.module.id == m.id).collect();
        if mine.is_empty() {
            continue;
        }
        let id = format!("items-{}", m.id);
        let _ = write!(
            out,
            "<section aria-labelledby=\"{id}\">\n<h3 id=\"{id}\">{}. {}</h3>\n<figure>\n<figcaption>Facility of each question</figcaption>\n",
            module_number(course, m),
            escape(&m.title)
        );
        let bars: Vec<(String, f64)> = mine
            .iter()
            .map(|i| (text_of(&i.question.prompt_html), i.facility.unwrap_or(0.0)))
            .collect();
        bar_chart(out, &bars);
        out.push_str("</figure>\n<table class=\"numbers\">\n<caption>Questions</caption>\n<thead><tr><th scope=\"col\">Question</th><th scope=\"col\">First answers</th><th scope=\"col\">Facility</th><th scope=\"col\">Discrimination</th><th scope=\"col\">Flags</th></tr></thead>\n<tbody>\n");
        for i in &mine {
            let flags: Vec<String> = i.flags.iter().map(|f| escape(&f.text())).collect();
            let _ = writeln!(
                out,
                "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                i.question.prompt_html,
                i.responses,
                i.facility.map_or("–".into(), pct),
                decimal(i.discrimination),
                if flags.is_empty() {
                    "–".into()
                } else {
                    flags.join("<br>")
                }
            );
        }
        out.push_str("</tbody>\n</table>\n");
        for i in &mine {
            if !i.options.is_empty() {
                let _ = write!(
                    out,
                    "<table class=\"numbers options\">\n<caption>How often each option was chosen: {}</caption>\n<thead><tr><th scope=\"col\">Option</th><th scope=\"col\">Correct</th><th scope=\"col\">Chosen by</th><th scope=\"col\">Share</th></tr></thead>\n<tbody>\n",
                    i.question.prompt_html
                );
                for o in &i.options {
                    let _ = writeln!(
                        out,
                        "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td></tr>",
                        escape(&o.text),
                        if o.correct { "yes" } else { "no" },
                        o.chosen,
                        if i.responses > 0 {
                            pct(o.chosen as f64 / i.responses as f64)
                        } else {
                            "–".into()
                        }
                    );
                }
                out.push_str("</tbody>\n</table>\n");
            }
            if !i.wrong_answers.is_empty() {
                let _ = write!(
                    out,
                    "<table class=\"numbers options\">\n<caption>Wrong answers given: {}</caption>\n<thead><tr><th scope=\"col\">Answer</th><th scope=\"col\">Given by</th></tr></thead>\n<tbody>\n",
                    i.question.prompt_html
                );
                for (a, n) in i.wrong_answers.iter().take(10) {
                    let _ = writeln!(
                        out,
                        "<tr><th scope=\"row\">{}</th><td>{n}</td></tr>",
                        escape(a)
                    );
                }
                out.push_str("</tbody>\n</table>\n");
            }
        }
        out.push_str("</section>\n");
    }
    out.push_str("</section>\n");
}

/// How many of the questions most missed to discuss per module.
const MOST_MISSED: usize = 3;

fn coaching(out: &mut String, cohort: &Cohort, items: &[Item]) {
    let course = cohort.course;
    out.push_str("<section id=\"coaching\" aria-labelledby=\"coaching-title\" class=\"coaching\">\n<h2 id=\"coaching-title\">For the next coaching session</h2>\n<p>Per module: the questions most missed on the first attempt, with their explanations; the checklist items most often left undone by those who started the module; and the notes learners chose to share.</p>\n");
    for m in course.modules() {
        let mut missed: Vec<&Item> = items
            .iter()
            .filter(|i| i.module.id == m.id && i.responses > i.correct)
            .collect();
        missed.sort_by(|a, b| {
            a.facility
                .partial_cmp(&b.facility)
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        let started: Vec<_> = cohort
            .learners
            .iter()
            .filter_map(|l| l.modules.get(&m.id))
            .filter(|r| stats::module_state(course, m, Some(r)).status != Status::NotStarted)
            .collect();
        let mut undone: Vec<(usize, &crate::model::ChecklistItem)> = m
            .checklist()
            .map(|c| {
                (
                    started.iter().filter(|r| !r.tasks.contains(&c.id)).count(),
                    c,
                )
            })
            .filter(|(n, _)| *n > 0)
            .collect();
        undone.sort_by_key(|u| std::cmp::Reverse(u.0));
        let notes: Vec<(&str, &str)> = cohort
            .learners
            .iter()
            .filter_map(|l| {
                l.modules
                    .get(&m.id)
                    .and_then(|r| r.notes.as_deref())
                    .map(|n| (display_name(&l.name), n))
            })
            .collect();
        if missed.is_empty() && undone.is_empty() && notes.is_empty() {
            continue;
        }
        let id = format!("coaching-{}", m.id);
        let _ = writeln!(
            out,
            "<section aria-labelledby=\"{id}\">\n<h3 id=\"{id}\">{}. {}</h3>",
            module_number(course, m),
            escape(&m.title)
        );
        if !missed.is_empty() {
            out.push_str("<h4>Most missed</h4>\n<ol>\n");
            for i in missed.iter().take(MOST_MISSED) {
                let _ = writeln!(
                    out,
                    "<li><p><strong>{}</strong> (missed by {} of {})</p>{}</li>",
                    i.question.prompt_html,
                    i.responses - i.correct,
                    i.responses,
                    i.question.explanation_html.as_deref().unwrap_or("")
                );
            }
            out.push_str("</ol>\n");
        }
        if !undone.is_empty() {
            let _ = writeln!(
                out,
                "<h4>Checklist items left undone (of {} who started)</h4>\n<ul>",
                started.len()
            );
            for (n, c) in &undone {
                let _ = writeln!(out, "<li>{} ({n})</li>", c.html);
            }
            out.push_str("</ul>\n");
        }
        if !notes.is_empty() {
            out.push_str("<h4>Shared notes</h4>\n");
            for (name, text) in &notes {
                let _ = writeln!(
                    out,
                    "<blockquote class=\"note\"><p>{}</p><p class=\"by\">— {}</p></blockquote>",
                    escape(text).replace('\n', "<br>"),
                    escape(name)
                );
            }
        }
        out.push_str("</section>\n");
    }
    out.push_str("</section>\n");
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
