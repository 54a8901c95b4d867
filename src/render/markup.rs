//! The HTML of a module's blocks: prose as written, trainer notes, quiz questions and
//! the Implement checklist. Built in Rust rather than in template macros because it
//! is most of every page (template macros made builds four times slower); the
//! `data-*` attributes here are what the theme's scripts work with.

use std::borrow::Cow;
use std::fmt::Write;

use crate::html::escape;
use crate::model::{
    Answer, Block, CalloutKind, ChecklistItem, ContainerKind, Footnote, Question, QuestionKind,
    Strings,
};

/// Option values are positions (`a`, `b`, ...), not texts, so the form shows no answer.
/// The page carries none: quiz.js gives each option its value by the same rule, which
/// keeps a letter per option out of every page's weight.
pub fn option_value(i: usize) -> String {
    let letters = b"abcdefghijklmnopqrstuvwxyz";
    match letters.get(i) {
        Some(l) => (*l as char).to_string(),
        None => format!("o{i}"),
    }
}

/// Blocks as HTML; trainer notes and answer keys only in the trainer edition.
pub fn blocks<'a>(blocks: &'a [Block], trainer: bool, t: &Strings) -> Cow<'a, str> {
    // Most sections are one block of HTML, given as it is rather than copied.
    if let [Block::Html(html)] = blocks {
        return Cow::Borrowed(html);
    }
    // Sized for the blocks' own HTML and the markup around a question's options.
    let size: usize = blocks
        .iter()
        .map(|b| match b {
            Block::Html(h) | Block::Trainer(h) => h.len(),
            Block::Callout { html, .. } => html.len() + 128,
            Block::Container {
                title_html, html, ..
            } => title_html.as_ref().map_or(0, String::len) + html.len() + 160,
            Block::Checklist(items) => items.iter().map(|i| i.html.len() + 160).sum(),
            Block::Question(q) => q.prompt_html.len() + q.body_html.len() + 1024,
            Block::Footnotes { notes, .. } => notes.iter().map(|n| n.html.len() + 256).sum(),
        })
        .sum();
    let mut out = String::with_capacity(size);
    for block in blocks {
        match block {
            Block::Html(html) => out.push_str(html),
            Block::Trainer(html) if trainer => trainer_note(&mut out, html, t),
            Block::Trainer(_) => {}
            Block::Callout { kind, html } => callout(&mut out, *kind, html, t),
            Block::Container {
                kind,
                title_html,
                html,
            } => container(&mut out, *kind, title_html.as_deref(), html, t),
            Block::Checklist(items) => checklist(&mut out, items, t),
            Block::Question(q) => question(&mut out, q, trainer, t),
            Block::Footnotes { label_id, notes } => footnotes(&mut out, label_id, notes, t),
        }
    }
    Cow::Owned(out)
}

/// A section's footnotes as GitHub lists them: a visually hidden heading, then each
/// note with a back-link to each reference, inside its last paragraph when it ends
/// with one.
fn footnotes(out: &mut String, label_id: &str, notes: &[Footnote], t: &Strings) {
    let _ = write!(
        out,
        "<section data-footnotes class=\"footnotes\"><h3 id=\"{label_id}\" class=\"visually-hidden\">{}</h3>\n<ol>\n",
        escape(text(t, "footnotes"))
    );
    for (n, note) in notes.iter().enumerate() {
        let mut back = String::new();
        for (k, reference) in note.references.iter().enumerate() {
            let number = match k {
                0 => (n + 1).to_string(),
                _ => format!("{}-{}", n + 1, k + 1),
            };
            let label = escape(&text(t, "footnote_back").replace("{n}", &number));
            let again = match k {
                0 => String::new(),
                _ => format!("<sup>{}</sup>", k + 1),
            };
            let space = if k == 0 { "" } else { " " };
            let _ = write!(
                back,
                "{space}<a href=\"#{reference}\" data-footnote-backref aria-label=\"{label}\" class=\"data-footnote-backref\">↩{again}</a>"
            );
        }
        let _ = writeln!(out, "<li id=\"{}\">", note.id);
        match note.html.strip_suffix("</p>\n") {
            Some(html) => {
                let _ = writeln!(out, "{html} {back}</p>");
            }
            None => {
                let _ = writeln!(out, "{}{back}", note.html);
            }
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ol>\n</section>\n");
}

fn push_all(out: &mut String, pieces: &[&str]) {
    pieces.iter().for_each(|p| out.push_str(p));
}

fn text<'a>(t: &'a Strings, key: &'a str) -> &'a str {
    t.get(key).map_or(key, String::as_str)
}

/// A callout: a note (`role="note"`) named by its kind, whose visible title says the
/// same and so is hidden from screen readers, which announce the name.
fn callout(out: &mut String, kind: CalloutKind, html: &str, t: &Strings) {
    let key = kind.key();
    let label = escape(text(t, key));
    let class = key.replace('_', "-");
    let _ = writeln!(
        out,
        "<div class=\"callout {class}\" role=\"note\" aria-label=\"{label}\"><p class=\"callout-title\" aria-hidden=\"true\">{label}</p>\n{html}</div>"
    );
}

fn trainer_note(out: &mut String, html: &str, t: &Strings) {
    let label = escape(text(t, "trainer_notes"));
    let _ = writeln!(
        out,
        "<aside class=\"trainer-note\" aria-label=\"{label}\"><p class=\"trainer-label\">{label}</p>{html}</aside>"
    );
}

/// A course container: a note (not a landmark, so a page may hold many) whose first
/// line is its visible label in the course's language, and its title.
fn container(
    out: &mut String,
    kind: ContainerKind,
    title_html: Option<&str>,
    html: &str,
    t: &Strings,
) {
    let key = match kind {
        ContainerKind::Example => "container_example",
        ContainerKind::Case => "container_case",
        ContainerKind::Template => "container_template",
    };
    let name = kind.name();
    let label = escape(text(t, key));
    let _ = write!(
        out,
        "<section class=\"box box-{name}\" role=\"note\"><p class=\"box-label\"><span class=\"box-kind\">{label}</span>"
    );
    if let Some(title) = title_html {
        let _ = write!(out, " <span class=\"box-title\">{title}</span>");
    }
    let _ = writeln!(out, "</p>\n{html}</section>");
}

fn checklist(out: &mut String, items: &[ChecklistItem], t: &Strings) {
    let _ = write!(
        out,
        "<fieldset class=\"checklist\" data-checklist>\n<legend>{}</legend>\n<ul>\n",
        escape(text(t, "your_checklist"))
    );
    for item in items {
        let id = escape(&item.id);
        let _ = writeln!(
            out,
            "<li><label><input type=\"checkbox\" data-task=\"{id}\">{}</label></li>",
            item.html
        );
    }
    out.push_str("</ul>\n</fieldset>\n");
}

fn question(out: &mut String, q: &Question, trainer: bool, t: &Strings) {
    let id = escape(&q.id);
    let kind = q.kind();
    push_all(
        out,
        &[
            "<fieldset class=\"question\" id=\"",
            &id,
            "\">\n<legend>",
            &q.prompt_html,
            "</legend>\n",
        ],
    );
    if !q.body_html.is_empty() {
        let _ = writeln!(out, "<div class=\"question-body\">{}</div>", q.body_html);
    }
    match &q.answer {
        Answer::Text(_) => {
            let _ = writeln!(
                out,
                "<p class=\"answer-text\"><label>{} <input type=\"text\" name=\"{id}\" autocomplete=\"off\" spellcheck=\"false\"></label></p>",
                escape(text(t, "your_answer"))
            );
        }
        Answer::Choice(options) => {
            let (input, hint) = if kind == QuestionKind::Multiple {
                ("checkbox", "select_all")
            } else {
                ("radio", "choose_one")
            };
            let _ = write!(
                out,
                "<p class=\"hint\">{}</p>\n<ul class=\"options\">\n",
                escape(text(t, hint))
            );
            for option in options {
                // Pieces pushed in turn: `write!` costs more here, a line per option. No
                // space after the input: the label's text starts beside it by CSS.
                push_all(
                    out,
                    &[
                        "<li><label><input type=\"",
                        input,
                        "\" name=\"",
                        &id,
                        "\">",
                        &option.html,
                        "</label>",
                    ],
                );
                if trainer && option.correct {
                    let _ = write!(
                        out,
                        " <strong class=\"key\">{}</strong>",
                        escape(text(t, "correct_answer"))
                    );
                }
                if let (true, Some(feedback)) = (trainer, &option.feedback_html) {
                    let _ = write!(out, "<div class=\"key-feedback\">{feedback}</div>");
                }
                out.push_str("</li>\n");
            }
            out.push_str("</ul>\n");
        }
    }
    if trainer {
        out.push_str("<div class=\"answer-key\">");
        if let Answer::Text(answers) = &q.answer {
            let _ = write!(
                out,
                "<p><strong>{}</strong> {}</p>",
                escape(text(t, "accepted_answers")),
                escape(&answers.join(" | "))
            );
        }
        if let Some(explanation) = &q.explanation_html {
            let _ = write!(out, "<div class=\"explanation\">{explanation}</div>");
        }
        if let Some(notes) = &q.trainer_html {
            trainer_note(out, notes, t);
        }
        out.push_str("</div>\n");
    }
    // quiz.js adds the live region for the question's result.
    out.push_str("</fieldset>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::QuizOption;

    fn strings() -> Strings {
        crate::i18n::resolve(&crate::theme::Theme::default_theme(), "en", &Strings::new()).0
    }

    fn sample() -> Question {
        Question {
            id: "q\"1".into(),
            span: 0..0,
            prompt_html: "Which?".into(),
            body_html: String::new(),
            answer: Answer::Choice(vec![
                QuizOption {
                    html: "A".into(),
                    correct: false,
                    feedback_html: Some("<p>No.</p>".into()),
                },
                QuizOption {
                    html: "B".into(),
                    correct: true,
                    feedback_html: None,
                },
            ]),
            explanation_html: Some("<p>Because B.</p>".into()),
            trainer_html: None,
        }
    }

    #[test]
    fn learner_markup_hides_the_answers() {
        let question = [Block::Question(Box::new(sample()))];
        let html = blocks(&question, false, &strings());
        assert!(
            html.contains("<label><input type=\"radio\" name=\"q&quot;1\">B</label>"),
            "{html}"
        );
        assert!(
            !html.contains("Because B") && !html.contains("No.") && !html.contains("class=\"key\"")
        );
    }

    #[test]
    fn trainer_markup_shows_the_key() {
        let both = [
            Block::Question(Box::new(sample())),
            Block::Trainer("<p>T</p>".into()),
        ];
        let html = blocks(&both, true, &strings());
        assert!(
            html.contains("Because B") && html.contains("No.") && html.contains("class=\"key\"")
        );
        assert!(html.contains("<p>T</p></aside>"));
    }

    #[test]
    fn callouts_are_named_notes() {
        let callout = [Block::Callout {
            kind: CalloutKind::Warning,
            html: "<p>Mind the gap.</p>\n".into(),
        }];
        let html = blocks(&callout, false, &strings());
        assert_eq!(
            html,
            "<div class=\"callout callout-warning\" role=\"note\" aria-label=\"Warning\"><p class=\"callout-title\" aria-hidden=\"true\">Warning</p>\n<p>Mind the gap.</p>\n</div>\n"
        );
    }
}
