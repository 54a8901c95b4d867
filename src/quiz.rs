//! The Test section's questions and the Implement section's checklist, read from
//! plain Markdown (headings, task lists, blockquotes and `Answer:` lines).

use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{Event, HeadingLevel, Tag};

use crate::diagnostics::Diagnostic;
use crate::markdown::{self, Item};
use crate::model::{Answer, Block, ChecklistItem, Question, QuizOption};
use crate::slug;

/// Turns the Test section into blocks: each `###` heading starts a question. A section
/// without one is reported at its `heading`, as an empty section is.
pub fn questions(
    items: &[Item],
    heading: Range<usize>,
    file: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Block> {
    let blocks = markdown::top_level(items);
    let is_question = |b: &&[Item]| {
        matches!(
            b.first(),
            Some(Item::Md(
                Event::Start(Tag::Heading {
                    level: HeadingLevel::H3,
                    ..
                }),
                _
            ))
        )
    };
    let first = blocks.iter().position(is_question).unwrap_or(blocks.len());
    let mut out = markdown::blocks(&items[..blocks[..first].iter().map(|b| b.len()).sum()]);
    let mut rest = &blocks[first..];
    while let Some((head, tail)) = rest.split_first() {
        let len = tail.iter().position(is_question).unwrap_or(tail.len());
        if let Some(q) = question(head, &tail[..len], file, diagnostics) {
            out.push(Block::Question(Box::new(q)));
        }
        rest = &tail[len..];
    }
    if first == blocks.len() {
        diagnostics.push(
            Diagnostic::warning(file, heading, "the Test section has no questions")
                .with_help("add questions as `### Question?` headings followed by a `- [ ]` / `- [x]` list of options"),
        );
    }
    out
}

fn question(
    heading: &[Item],
    blocks: &[&[Item]],
    file: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Question> {
    let span = markdown::span_of(heading);
    let inner = &heading[1..heading.len().saturating_sub(1)];
    let title = markdown::plain_text(inner).trim().to_string();
    let id = match heading.first() {
        Some(Item::Md(Event::Start(Tag::Heading { id: Some(id), .. }), _)) => id.to_string(),
        _ => slug::slugify(&title),
    };
    // Two questions with one id are reported with every other clash of pinned heading
    // ids, by `markdown::parse`.
    let mut body: Vec<Item> = Vec::new();
    let mut options: Option<Vec<QuizOption>> = None;
    let mut answers: Option<Vec<String>> = None;
    let mut explanation: Option<String> = None;
    let mut trainer: Vec<String> = Vec::new();
    for block in blocks {
        let answered = options.is_some() || answers.is_some();
        match block.first() {
            Some(Item::Trainer(inner, _)) => trainer.push(markdown::render(inner)),
            Some(Item::Container(kind, _, _, at)) => diagnostics.push(
                Diagnostic::error(file, at.clone(), format!("a `::: {}` inside question `{title}` is not supported", kind.name()))
                    .with_help("put it above the first question (after the section's heading), or in another section"),
            ),
            Some(Item::Md(Event::Start(Tag::List(_)), _)) if is_task_list(block) => {
                if answered {
                    diagnostics.push(
                        Diagnostic::error(file, markdown::span_of(block), format!("question `{title}` has a second list of options"))
                            .with_help("give each question one list of options; start a new question with a `###` heading"),
                    );
                } else {
                    options = Some(list_options(block, &title, file, diagnostics));
                }
            }
            Some(Item::Md(Event::Start(Tag::Paragraph), _)) if answer_line(block).is_some() => {
                let list = answer_line(block).unwrap_or_default();
                if list.is_empty() {
                    diagnostics.push(
                        Diagnostic::error(file, markdown::span_of(block), format!("question `{title}` has an empty `Answer:` line"))
                            .with_help("list the accepted answers separated by `|`, like `Answer: Net Promoter Score | NPS`"),
                    );
                }
                if answered {
                    diagnostics.push(
                        Diagnostic::error(file, markdown::span_of(block), format!("question `{title}` has both options and an `Answer:` line"))
                            .with_help("use options for a choice question or `Answer:` for a short text question, not both"),
                    );
                } else {
                    answers = Some(list);
                }
            }
            Some(Item::Md(Event::Start(Tag::BlockQuote(_)), _)) if answered => {
                let html = markdown::render(&block[1..block.len() - 1]);
                match &mut explanation {
                    Some(e) => e.push_str(&html),
                    None => explanation = Some(html),
                }
            }
            _ if answered => diagnostics.push(
                Diagnostic::warning(file, markdown::span_of(block), format!("text after the options of question `{title}` is not shown"))
                    .with_help("put the explanation in a `>` blockquote after the options, or move the text above them"),
            ),
            _ => body.extend(block.iter().cloned()),
        }
    }
    let answer = answer(options, answers, &title, &span, file, diagnostics)?;
    Some(Question {
        id,
        span: span.clone(),
        prompt_html: inline_html(inner),
        body_html: markdown::render(&body),
        answer,
        explanation_html: explanation,
        trainer_html: (!trainer.is_empty()).then(|| trainer.concat()),
    })
}

/// The question's answer from its options or its `Answer:` line, with what is wrong
/// with them reported at `span` (the question's heading).
fn answer(
    options: Option<Vec<QuizOption>>,
    answers: Option<Vec<String>>,
    title: &str,
    span: &std::ops::Range<usize>,
    file: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Answer> {
    match (options, answers) {
        (Some(options), _) => {
            let correct = options.iter().filter(|o| o.correct).count();
            if correct == 0 {
                diagnostics.push(
                    Diagnostic::error(
                        file,
                        span.clone(),
                        format!("question `{title}` has no correct option"),
                    )
                    .with_help(
                        "mark the right option with `[x]`, like `- [x] Learn the fundamentals`",
                    ),
                );
            }
            if options.len() < 2 {
                diagnostics.push(
                    Diagnostic::error(
                        file,
                        span.clone(),
                        format!("question `{title}` has only {} option", options.len()),
                    )
                    .with_help(
                        "give at least two options, or use `Answer:` for a short text question",
                    ),
                );
            }
            Some(Answer::Choice(options))
        }
        (None, Some(answers)) => Some(Answer::Text(answers)),
        (None, None) => {
            diagnostics.push(
                Diagnostic::error(file, span.clone(), format!("question `{title}` has neither options nor an `Answer:` line"))
                    .with_help("add options as a task list (`- [ ] wrong`, `- [x] right`) or a paragraph `Answer: accepted | also accepted`"),
            );
            None
        }
    }
}

fn is_task_list(list: &[Item]) -> bool {
    list.iter()
        .any(|i| matches!(i, Item::Md(Event::TaskListMarker(_), _)))
}

/// The accepted answers of a paragraph that starts with `Answer:`.
fn answer_line(paragraph: &[Item]) -> Option<Vec<String>> {
    let text = markdown::written_text(paragraph);
    let text = text.trim_start();
    let rest = ["Answer:", "Answers:"].iter().find_map(|p| {
        text.get(..p.len())
            .filter(|h| h.eq_ignore_ascii_case(p))
            .map(|_| &text[p.len()..])
    })?;
    Some(
        rest.split('|')
            .map(|a| straight_quotes(&a.split_whitespace().collect::<Vec<_>>().join(" ")))
            .filter(|a| !a.is_empty())
            .collect(),
    )
}

/// Smart punctuation curls `what's` into `what’s`; learners type straight quotes.
fn straight_quotes(text: &str) -> String {
    text.replace(['\u{2018}', '\u{2019}'], "'")
        .replace(['\u{201c}', '\u{201d}'], "\"")
}

/// The options of a task list: label, checked state and a blockquote of feedback.
fn list_options(
    list: &[Item],
    title: &str,
    file: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<QuizOption> {
    list_items(list)
        .into_iter()
        .filter_map(|item| {
            let (checked, label, feedback) = task_item(item);
            let Some(correct) = checked else {
                diagnostics.push(
                    Diagnostic::error(
                        file,
                        markdown::span_of(item),
                        format!("an option of question `{title}` has no `[ ]` or `[x]`"),
                    )
                    .with_help(
                        "write every option as `- [ ] text` (wrong) or `- [x] text` (right)",
                    ),
                );
                return None;
            };
            Some(QuizOption {
                html: label,
                correct,
                feedback_html: feedback,
            })
        })
        .collect()
}

/// The `Item` elements directly inside a list.
fn list_items<'a, 'b>(list: &'b [Item<'a>]) -> Vec<&'b [Item<'a>]> {
    let inner = &list[1..list.len().saturating_sub(1)];
    markdown::top_level(inner)
}

/// A list item's task marker, its label as inline HTML and its feedback blockquote.
fn task_item(item: &[Item]) -> (Option<bool>, String, Option<String>) {
    let inner = &item[1..item.len().saturating_sub(1)];
    let mut checked = None;
    let mut label: Vec<Item> = Vec::new();
    let mut feedback = None;
    for block in markdown::top_level(inner) {
        match block.first() {
            Some(Item::Md(Event::TaskListMarker(c), _)) => checked = Some(*c),
            Some(Item::Md(Event::Start(Tag::BlockQuote(_)), _)) => {
                feedback = Some(markdown::render(&block[1..block.len() - 1]));
            }
            Some(Item::Md(Event::Start(Tag::Paragraph), _)) => {
                for part in markdown::top_level(&block[1..block.len() - 1]) {
                    match part.first() {
                        Some(Item::Md(Event::TaskListMarker(c), _)) => checked = Some(*c),
                        _ => label.extend(part.iter().cloned()),
                    }
                }
            }
            _ => label.extend(block.iter().cloned()),
        }
    }
    (checked, inline_html(&label).trim().to_string(), feedback)
}

/// Inline content as HTML without a wrapping paragraph.
fn inline_html(items: &[Item]) -> String {
    let html = markdown::render(items);
    let html = html.trim();
    html.strip_prefix("<p>")
        .and_then(|h| h.strip_suffix("</p>"))
        .unwrap_or(html)
        .to_string()
}

/// Turns the Implement section into blocks: its task list becomes the checklist.
/// `heading` is the section heading's span, where a missing checklist is reported.
pub fn checklist(
    items: &[Item],
    heading: Range<usize>,
    file: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Block> {
    let mut out = Vec::new();
    let mut ids = slug::Taken::default();
    let mut plain_start = 0;
    let mut offset = 0;
    let mut found = false;
    for block in markdown::top_level(items) {
        if matches!(block.first(), Some(Item::Md(Event::Start(Tag::List(_)), _)))
            && is_task_list(block)
        {
            out.extend(markdown::blocks(&items[plain_start..offset]));
            let mut list = Vec::new();
            for item in list_items(block) {
                let (checked, html, _) = task_item(item);
                if checked == Some(true) {
                    diagnostics.push(
                        Diagnostic::warning(
                            file,
                            markdown::span_of(item),
                            "an Implement item is already ticked",
                        )
                        .with_help("write Implement items as `- [ ] ...`; the learner ticks them"),
                    );
                }
                let text = markdown::plain_text(item);
                list.push(ChecklistItem {
                    id: ids.unique(&slug::slugify(&text)),
                    html,
                });
            }
            found |= !list.is_empty();
            out.push(Block::Checklist(list));
            plain_start = offset + block.len();
        }
        offset += block.len();
    }
    out.extend(markdown::blocks(&items[plain_start..]));
    if !found {
        diagnostics.push(
            Diagnostic::error(file, heading, "the Implement section has no checklist")
                .with_help("list what the learner does at work as a task list: `- [ ] Book a kick-off call with ...`"),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::{Context, LinkTargets};
    use crate::model::QuestionKind;

    fn parse_quiz(text: &str) -> (Vec<Block>, Vec<Diagnostic>) {
        let t = LinkTargets::default();
        let cx = Context {
            file: Path::new("m.md"),
            page: "modules/m.html",
            targets: &t,
            draft: false,
            smart_punctuation: true,
            in_trainer_note: false,
        };
        let mut d = Vec::new();
        let body = markdown::parse(text, 0, &cx, &mut d);
        let blocks = questions(&body.items, 0..0, cx.file, &mut d);
        (blocks, d)
    }

    fn only_questions(blocks: Vec<Block>) -> Vec<Question> {
        blocks
            .into_iter()
            .filter_map(|b| {
                if let Block::Question(q) = b {
                    Some(*q)
                } else {
                    None
                }
            })
            .collect()
    }

    #[test]
    fn every_question_kind() {
        let text = "\
Intro text.

### Which comes first? {#pilot-first}

A scenario.

- [ ] Run the pilot
  > Too early.
- [x] Learn the *fundamentals*

> Because.

### Pick two

- [x] A
- [x] B
- [ ] C

### What does NPS stand for? {#nps}

Answer: Net Promoter  Score | NPS | what's

> Explained.
";
        let (blocks, d) = parse_quiz(text);
        assert!(d.is_empty(), "{d:?}");
        assert!(matches!(&blocks[0], Block::Html(h) if h.contains("Intro")));
        let q = only_questions(blocks);
        assert_eq!(q.len(), 3);
        assert_eq!(q[0].id, "pilot-first");
        assert_eq!(q[0].kind(), QuestionKind::Single);
        assert!(q[0].body_html.contains("A scenario."));
        assert_eq!(q[0].explanation_html.as_deref(), Some("<p>Because.</p>\n"));
        let Answer::Choice(options) = &q[0].answer else {
            panic!()
        };
        assert_eq!(options[0].html, "Run the pilot");
        assert_eq!(
            options[0].feedback_html.as_deref(),
            Some("<p>Too early.</p>\n")
        );
        assert_eq!(options[1].html, "Learn the <em>fundamentals</em>");
        assert!(options[1].correct);
        assert_eq!(q[1].id, "pick-two");
        assert_eq!(q[1].kind(), QuestionKind::Multiple);
        let Answer::Text(answers) = &q[2].answer else {
            panic!()
        };
        assert_eq!(answers, &["Net Promoter Score", "NPS", "what's"]);
    }

    #[test]
    fn answers_that_look_like_html_are_kept_as_written() {
        let (blocks, d) =
            parse_quiz("### Which tag ends a script?\n\nAnswer: </script> | <b>bold</b>\n");
        assert!(d.is_empty(), "{d:?}");
        let q = only_questions(blocks);
        let Answer::Text(answers) = &q[0].answer else {
            panic!("{:?}", q[0].answer)
        };
        assert_eq!(answers, &["</script>", "<b>bold</b>"]);
    }

    #[test]
    fn question_mistakes_are_named() {
        let text = "\
### No right one {#a}

- [ ] x
- [ ] y

### Nothing at all {#b}

Just text.

### Dup {#a}

Answer: z
";
        let (_, d) = parse_quiz(text);
        let m: Vec<&str> = d.iter().map(|d| d.message.as_str()).collect();
        assert!(
            m.iter()
                .any(|m| m.contains("`No right one` has no correct option")),
            "{m:?}"
        );
        assert!(
            m.iter()
                .any(|m| m.contains("`Nothing at all` has neither options")),
            "{m:?}"
        );
        assert!(m.iter().any(|m| m.contains("id `a`")), "{m:?}");
    }

    #[test]
    fn loose_lists_work_too() {
        let (blocks, d) = parse_quiz("### Q?\n\n- [ ] one\n\n- [x] two\n");
        assert!(d.is_empty(), "{d:?}");
        let q = only_questions(blocks);
        let Answer::Choice(options) = &q[0].answer else {
            panic!()
        };
        assert_eq!(options[1].html, "two");
        assert!(options[1].correct);
    }

    #[test]
    fn checklist_items_get_ids() {
        let t = LinkTargets::default();
        let cx = Context {
            file: Path::new("m.md"),
            page: "m.html",
            targets: &t,
            draft: false,
            smart_punctuation: true,
            in_trainer_note: false,
        };
        let mut d = Vec::new();
        let body = markdown::parse(
            "Lead in.\n\n- [ ] Call *Ana*\n- [ ] Call Ana\n\nAfter.\n",
            0,
            &cx,
            &mut d,
        );
        let blocks = checklist(&body.items, 0..0, cx.file, &mut d);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(blocks.len(), 3);
        let Block::Checklist(items) = &blocks[1] else {
            panic!()
        };
        assert_eq!(items[0].id, "call-ana");
        assert_eq!(items[1].id, "call-ana-2");
        assert_eq!(items[0].html, "Call <em>Ana</em>");
        let body = markdown::parse("No list.\n", 0, &cx, &mut d);
        checklist(&body.items, 3..8, cx.file, &mut d);
        assert!(d[0].message.contains("no checklist"));
        assert_eq!(d[0].span, 3..8, "at the section's heading");
    }
}
