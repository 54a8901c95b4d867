//! Quiz-quality checks: patterns that let a learner pass a quiz without knowing the
//! answers (the correct option is the longest, sits in one position, comes first),
//! and options or explanations that teach less than they could. Warnings only.
//!
//! A pattern is reported when it is both the rule (more than half the questions) and
//! unlikely by chance (below 5% if the author had placed and sized options at random),
//! so a short, well-written quiz passes quietly.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostics::Diagnostic;
use crate::model::{Answer, Course, Module, Question, QuizOption};
use crate::render::text_of;

/// How unlikely a pattern must be, if options were placed at random, to be reported.
const ALPHA: f64 = 0.05;
/// A correct option this many times longer than the longest other one gives it away...
const MUCH_LONGER: f64 = 1.5;
/// ...when it is also at least this many characters longer.
const MUCH_LONGER_CHARS: usize = 20;

/// Every quiz-quality warning of the course: per question, per module and for the
/// whole course (at `course.toml`). With `kept`, a module judged before and unchanged
/// (the same allocation, which the parse cache keeps for an unchanged module) is not
/// judged again, and what is judged now is kept for the next time.
pub fn course(course: &Course, kept: Option<&mut Kept>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut all = Patterns::default();
    let mut judged_now = HashMap::new();
    for module in course.parts.iter().flat_map(|p| &p.modules) {
        let key = Arc::as_ptr(module) as usize;
        let judged = kept
            .as_ref()
            .and_then(|k| k.modules.get(&key))
            .filter(|(m, _)| Arc::ptr_eq(m, module))
            .map_or_else(|| Arc::new(judge(module)), |(_, j)| Arc::clone(j));
        out.extend(judged.diagnostics.iter().cloned());
        if let Some(found) = &judged.patterns {
            all.add(found.clone());
        }
        if kept.is_some() {
            judged_now.insert(key, (Arc::clone(module), judged));
        }
    }
    if let Some(kept) = kept {
        kept.modules = judged_now;
    }
    if course.modules().count() > 1 {
        all.report(Path::new("course.toml"), 0..0, "the course", &mut out);
    }
    out
}

/// Each module's warnings and patterns, kept between rebuilds by `serve`, by the
/// module's address (the module is held, so the address is not reused).
#[derive(Default)]
pub struct Kept {
    modules: HashMap<usize, (Arc<Module>, Arc<Judged>)>,
}

/// One module's warnings, and its questions' patterns for the course's (none without
/// questions).
struct Judged {
    diagnostics: Vec<Diagnostic>,
    patterns: Option<Patterns>,
}

fn judge(module: &Module) -> Judged {
    let mut out = Vec::new();
    let questions: Vec<&Question> = module.questions().collect();
    for q in &questions {
        question(q, &module.source, &mut out);
    }
    let patterns = questions.first().map(|first| {
        let found = Patterns::of(&questions);
        found.report(&module.source, first.span.clone(), "this module", &mut out);
        wrong_without_feedback(module, &questions, &mut out);
        found
    });
    Judged {
        diagnostics: out,
        patterns,
    }
}

fn title(q: &Question) -> String {
    text_of(&q.prompt_html)
}

fn option_text(o: &QuizOption) -> String {
    text_of(&o.html)
}

fn options(q: &Question) -> Option<&[QuizOption]> {
    match &q.answer {
        Answer::Choice(options) if options.len() >= 2 => Some(options),
        _ => None,
    }
}

/// Rules about one question on its own.
fn question(q: &Question, file: &Path, out: &mut Vec<Diagnostic>) {
    let warn = |message: String, help: &str| {
        Diagnostic::warning(file, q.span.clone(), message).with_help(help)
    };
    let title = title(q);
    if q.explanation_html.is_none() {
        out.push(warn(
            format!("question `{title}` has no explanation"),
            "add a `>` blockquote after the options saying why the right answer is right; learners see it after answering",
        ));
    }
    let Some(options) = options(q) else { return };
    let texts: Vec<String> = options.iter().map(option_text).collect();
    let correct = options.iter().filter(|o| o.correct).count();
    if correct == options.len() {
        out.push(warn(
            format!("every option of question `{title}` is correct"),
            "add wrong options that a learner who has not understood would choose, or make it a statement in the module",
        ));
    }
    for text in &texts {
        let lower = text.to_lowercase();
        if [
            "all of the above",
            "none of the above",
            "all the above",
            "both of the above",
        ]
        .iter()
        .any(|p| lower.contains(p))
        {
            out.push(warn(
                format!("question `{title}` has the option \"{text}\""),
                "replace it with a real option: \"all/none of the above\" tests reading the list, not the idea, and makes no sense once options are shuffled; for several right answers, mark each one `[x]`",
            ));
        }
    }
    for (i, text) in texts.iter().enumerate() {
        let key = normalize(text);
        if texts[..i].iter().any(|t| normalize(t) == key) {
            out.push(warn(
                format!("question `{title}` has the option \"{text}\" twice"),
                "remove the duplicate or reword one of them",
            ));
        }
    }
    if correct == 1
        && options.len() >= 3
        && let Some(i) = options.iter().position(|o| o.correct)
    {
        let len = texts[i].chars().count();
        let others = texts
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, t)| t.chars().count())
            .max()
            .unwrap_or(0);
        if len as f64 >= MUCH_LONGER * others as f64 && len >= others + MUCH_LONGER_CHARS {
            out.push(warn(
                format!("the correct option of question `{title}` is much longer than the others ({len} characters; the longest wrong one has {others})"),
                "shorten the correct option or give the wrong ones the same detail, so length does not give the answer away",
            ));
        }
    }
}

fn normalize(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Wrong options without their own feedback, as one count per module.
fn wrong_without_feedback(module: &Module, questions: &[&Question], out: &mut Vec<Diagnostic>) {
    let wrong: Vec<&QuizOption> = questions
        .iter()
        .filter_map(|q| options(q))
        .flatten()
        .filter(|o| !o.correct)
        .collect();
    let bare = wrong.iter().filter(|o| o.feedback_html.is_none()).count();
    if bare > 0 {
        out.push(
            Diagnostic::warning(
                &module.source,
                questions[0].span.clone(),
                format!(
                    "{bare} of {} wrong options in this module have no feedback",
                    wrong.len()
                ),
            )
            .with_help("indent a `>` blockquote under a wrong option saying why it is wrong; the learner who chose it sees it"),
        );
    }
}

/// One yes-or-no pattern over questions: how often it holds, and the chance of it
/// holding for each question if options were placed at random.
#[derive(Default, Clone)]
struct Tally {
    chances: Vec<f64>,
    hits: usize,
}

impl Tally {
    fn add(&mut self, chance: f64, hit: bool) {
        self.chances.push(chance);
        self.hits += usize::from(hit);
    }

    fn merge(&mut self, other: Tally) {
        self.chances.extend(other.chances);
        self.hits += other.hits;
    }

    fn expected(&self) -> f64 {
        self.chances.iter().sum()
    }

    /// The rule (more than half the questions) and unlikely by chance.
    fn suspicious(&self) -> bool {
        let n = self.chances.len();
        n >= 3 && self.hits * 2 > n && at_least(&self.chances, self.hits) < ALPHA
    }
}

/// The probability that at least `k` of independent events with these chances happen
/// (the Poisson binomial distribution's upper tail).
fn at_least(chances: &[f64], k: usize) -> f64 {
    // ways[j]: the probability that exactly j of the events so far happened.
    let mut ways = vec![1.0];
    for &p in chances {
        let mut next = vec![0.0; ways.len() + 1];
        for (j, w) in ways.iter().enumerate() {
            next[j] += w * (1.0 - p);
            next[j + 1] += w * p;
        }
        ways = next;
    }
    ways.iter().skip(k).sum()
}

/// The patterns that give answers away, over a set of questions.
#[derive(Default, Clone)]
struct Patterns {
    /// Single choice: the correct option is the longest (strictly).
    longest: Tally,
    /// Single choice: the number of options and the correct one's position.
    singles: Vec<(usize, usize)>,
    /// Multiple choice: the correct options are the first ones.
    first: Tally,
}

impl Patterns {
    fn of(questions: &[&Question]) -> Self {
        let mut p = Patterns::default();
        for q in questions {
            let Some(options) = options(q) else { continue };
            let k = options.len();
            let correct: Vec<usize> = (0..k).filter(|&i| options[i].correct).collect();
            match correct[..] {
                [] => {}
                [right] => {
                    let lengths: Vec<usize> = options
                        .iter()
                        .map(|o| option_text(o).chars().count())
                        .collect();
                    let longest = (0..k).all(|i| i == right || lengths[i] < lengths[right]);
                    p.longest.add(1.0 / k as f64, longest);
                    p.singles.push((k, right));
                }
                _ if correct.len() < k => {
                    let first = correct.iter().enumerate().all(|(i, &c)| i == c);
                    p.first.add(1.0 / choose(k, correct.len()), first);
                }
                _ => {}
            }
        }
        p
    }

    fn add(&mut self, other: Patterns) {
        self.longest.merge(other.longest);
        self.first.merge(other.first);
        self.singles.extend(other.singles);
    }

    /// For each position, how often it holds the correct option of a single choice.
    fn positions(&self) -> Vec<Tally> {
        let most = self.singles.iter().map(|&(k, _)| k).max().unwrap_or(0);
        (0..most)
            .map(|i| {
                let mut tally = Tally::default();
                for &(k, right) in &self.singles {
                    tally.add(if i < k { 1.0 / k as f64 } else { 0.0 }, i == right);
                }
                tally
            })
            .collect()
    }

    fn report(&self, file: &Path, span: Range<usize>, scope: &str, out: &mut Vec<Diagnostic>) {
        let warn = |message: String, help: &str| {
            Diagnostic::warning(PathBuf::from(file), span.clone(), message).with_help(help)
        };
        let singles = self.longest.chances.len();
        if self.longest.suspicious() {
            out.push(warn(
                format!(
                    "in {} of {singles} single-choice questions of {scope} the correct option is the longest (about {:.0} by chance)",
                    self.longest.hits,
                    self.longest.expected()
                ),
                "make a wrong option the longest in some questions, or trim the correct ones: learners soon learn to pick the longest option",
            ));
        }
        let positions = self.positions();
        let clustered = positions.iter().position(|t| t.suspicious()).or_else(|| {
            // A position never correct over many questions is as telling.
            positions.iter().position(|t| {
                t.hits == 0 && t.chances.iter().map(|p| 1.0 - p).product::<f64>() < ALPHA
            })
        });
        if let Some(at) = clustered {
            let counts: Vec<String> = positions
                .iter()
                .enumerate()
                .map(|(i, t)| format!("{}: {}", ordinal(i + 1), t.hits))
                .collect();
            let what = if positions[at].hits == 0 {
                format!("is never the {}", ordinal(at + 1))
            } else {
                format!(
                    "is the {} in {} of them",
                    ordinal(at + 1),
                    positions[at].hits
                )
            };
            out.push(warn(
                format!(
                    "the correct option of the {singles} single-choice questions of {scope} {what} (by position: {})",
                    counts.join(", ")
                ),
                "move correct options to every position about equally often (`shuffle = true` mixes them on the site, but not in print or without JavaScript)",
            ));
        }
        if self.first.suspicious() {
            out.push(warn(
                format!(
                    "in {} of {} multiple-choice questions of {scope} the correct options come first",
                    self.first.hits,
                    self.first.chances.len()
                ),
                "mix the correct options in among the wrong ones",
            ));
        }
    }
}

fn choose(n: usize, k: usize) -> f64 {
    (0..k).fold(1.0, |acc, i| acc * (n - i) as f64 / (i + 1) as f64)
}

fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (1, 11) | (2, 12) | (3, 13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A single-choice question from `(text, correct)` options, with feedback and an
    /// explanation, as a well-written one has.
    fn choice(options: &[(&str, bool)]) -> Question {
        Question {
            id: "q".into(),
            span: 0..0,
            prompt_html: "Which?".into(),
            body_html: String::new(),
            answer: Answer::Choice(
                options
                    .iter()
                    .map(|&(text, correct)| QuizOption {
                        html: text.into(),
                        correct,
                        feedback_html: (!correct).then(|| "<p>No.</p>".into()),
                    })
                    .collect(),
            ),
            explanation_html: Some("<p>Because.</p>".into()),
            trainer_html: None,
        }
    }

    fn warnings(questions: &[Question]) -> Vec<String> {
        let mut out = Vec::new();
        let refs: Vec<&Question> = questions.iter().collect();
        for q in &refs {
            question(q, Path::new("m.md"), &mut out);
        }
        Patterns::of(&refs).report(Path::new("m.md"), 0..0, "this module", &mut out);
        out.into_iter().map(|d| d.message).collect()
    }

    #[test]
    fn chance_of_at_least_k() {
        // Three fair coins: P(at least 2) = 4/8.
        assert!((at_least(&[0.5; 3], 2) - 0.5).abs() < 1e-12);
        // Five questions of four options, the longest correct in 4 of them:
        // 5 * 0.25^4 * 0.75 + 0.25^5 = 0.015625.
        assert!((at_least(&[0.25; 5], 4) - 0.015625).abs() < 1e-12);
        assert_eq!(choose(4, 2), 6.0);
    }

    #[test]
    fn a_well_written_quiz_passes_quietly() {
        let quiz = [
            choice(&[
                ("Run the pilot now", false),
                ("Learn the basics", true),
                ("Ask sales", false),
            ]),
            choice(&[
                ("Churn", true),
                ("Net revenue retention", false),
                ("Logins", false),
            ]),
            choice(&[
                ("A plan", false),
                ("A meeting", false),
                ("An outcome", true),
                ("Nothing", false),
            ]),
            choice(&[
                ("Yes, always", false),
                ("Only with a goal", true),
                ("Never", false),
            ]),
        ];
        assert_eq!(warnings(&quiz), Vec::<String>::new());
    }

    #[test]
    fn patterns_that_give_answers_away_are_reported_with_numbers() {
        // The correct option is the longest and the second in all five questions.
        let quiz: Vec<Question> = (0..5)
            .map(|_| {
                choice(&[
                    ("No", false),
                    ("Learn the fundamentals first", true),
                    ("Pilot it", false),
                    ("Sell it", false),
                ])
            })
            .collect();
        let got = warnings(&quiz);
        assert!(got.contains(&"in 5 of 5 single-choice questions of this module the correct option is the longest (about 1 by chance)".to_string()), "{got:?}");
        assert!(got.contains(&"the correct option of the 5 single-choice questions of this module is the 2nd in 5 of them (by position: 1st: 0, 2nd: 5, 3rd: 0, 4th: 0)".to_string()), "{got:?}");
        // Each correct option is also much longer (28 characters against 8).
        assert_eq!(got.iter().filter(|m| m.contains("much longer")).count(), 5);
    }

    #[test]
    fn three_of_five_longest_is_chance_enough() {
        // P(at least 3 of 5 | 1/4) = 0.104: not reported.
        let quiz: Vec<Question> = (0..5)
            .map(|i| {
                let long = i < 3;
                choice(&[
                    ("Option one", false),
                    (
                        if long {
                            "The right answer here"
                        } else {
                            "Right"
                        },
                        true,
                    ),
                    ("Option three", false),
                ])
            })
            .collect();
        let got = warnings(&quiz);
        assert!(!got.iter().any(|m| m.contains("is the longest")), "{got:?}");
    }

    #[test]
    fn one_question_mistakes() {
        let mut all_correct = choice(&[("A", true), ("B", true)]);
        all_correct.explanation_html = None;
        let above = choice(&[("Red", false), ("Blue", true), ("All of the above", false)]);
        let twice = choice(&[("Red", false), ("Blue", true), ("red ", false)]);
        let got = warnings(&[all_correct, above, twice]);
        for want in [
            "question `Which?` has no explanation",
            "every option of question `Which?` is correct",
            "question `Which?` has the option \"All of the above\"",
            "question `Which?` has the option \"red\" twice",
        ] {
            assert!(got.iter().any(|m| m == want), "{want} not in {got:?}");
        }
    }

    #[test]
    fn never_in_one_position_over_many_questions() {
        // 12 four-option questions, correct spread over positions 1-3 only:
        // P(position 4 never correct) = 0.75^12 = 0.032.
        let quiz: Vec<Question> = (0..12)
            .map(|i| {
                let mut opts = vec![("Aa", false), ("Bb", false), ("Cc", false), ("Dd", false)];
                opts[i % 3].1 = true;
                choice(&opts)
            })
            .collect();
        let got = warnings(&quiz);
        assert!(got.contains(&"the correct option of the 12 single-choice questions of this module is never the 4th (by position: 1st: 4, 2nd: 4, 3rd: 4, 4th: 0)".to_string()), "{got:?}");
    }

    #[test]
    fn multiple_choice_correct_first() {
        let quiz: Vec<Question> = (0..4)
            .map(|_| choice(&[("A", true), ("B", true), ("C", false), ("D", false)]))
            .collect();
        let got = warnings(&quiz);
        // Chance 1/6 each; 4 of 4: 0.00077.
        assert!(got.contains(&"in 4 of 4 multiple-choice questions of this module the correct options come first".to_string()), "{got:?}");
    }
}
