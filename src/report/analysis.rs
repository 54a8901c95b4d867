//! The report page's teaching sections: item analysis (per-question facility,
//! discrimination, options and wrong answers) and the notes for the next coaching session.

use std::fmt::Write;

use crate::html::escape;
use crate::model::Course;
use crate::render::text_of;

use super::Cohort;
use super::html::{bar_chart, decimal, display_name, module_number, pct};
use super::stats::{self, Item, MIN_RESPONSES, Status};

pub(super) fn item_analysis(out: &mut String, course: &Course, items: &[Item]) {
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

pub(super) fn coaching(out: &mut String, cohort: &Cohort, items: &[Item]) {
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
