//! Each module page's quiz key: what the browser needs after answering, hidden from a
//! reader of the page before it.

use serde::Serialize;

use super::markup;
use crate::model::{Answer, Module};

/// The part of the answer key the browser needs after answering, by question id, with
/// one-letter fields since the key counts against the page's weight: `c` the correct
/// options' values, `a` the accepted answers, `e` the explanation, `f` each option's
/// feedback. Only what a question has is written (its kind is on the page).
#[derive(Serialize)]
struct KeyEntry<'a> {
    #[serde(rename = "c", skip_serializing_if = "Vec::is_empty")]
    correct: Vec<String>,
    #[serde(rename = "a", skip_serializing_if = "<[String]>::is_empty")]
    answers: &'a [String],
    #[serde(rename = "e", skip_serializing_if = "Option::is_none")]
    explanation: Option<&'a str>,
    #[serde(
        rename = "f",
        skip_serializing_if = "std::collections::BTreeMap::is_empty"
    )]
    feedback: std::collections::BTreeMap<String, &'a str>,
}

pub fn quiz_key(m: &Module) -> String {
    let key: std::collections::BTreeMap<&str, KeyEntry> = m
        .questions()
        .map(|q| {
            let (correct, feedback, answers): (Vec<String>, _, &[String]) = match &q.answer {
                Answer::Choice(options) => (
                    options
                        .iter()
                        .enumerate()
                        .filter(|(_, o)| o.correct)
                        .map(|(i, _)| markup::option_value(i))
                        .collect(),
                    options
                        .iter()
                        .enumerate()
                        .filter_map(|(i, o)| {
                            o.feedback_html
                                .as_deref()
                                .map(|f| (markup::option_value(i), one_paragraph(f.trim_end())))
                        })
                        .collect(),
                    &[],
                ),
                Answer::Text(answers) => (Vec::new(), Default::default(), answers),
            };
            (
                q.id.as_str(),
                KeyEntry {
                    correct,
                    answers,
                    explanation: q.explanation_html.as_deref().map(str::trim_end),
                    feedback,
                },
            )
        })
        .collect();
    hidden_key(&serde_json::to_string(&key).unwrap_or_default())
}

/// An option's feedback of one paragraph without its `<p>`: quiz.js shows it in a block
/// that sets no margin on a paragraph, so it reads the same for fewer bytes.
fn one_paragraph(html: &str) -> &str {
    html.strip_prefix("<p>")
        .and_then(|rest| rest.strip_suffix("</p>"))
        .filter(|inner| !inner.contains("<p>") && !inner.contains("</p>"))
        .unwrap_or(html)
}

/// The quiz key as the page holds it (a `data-key` attribute's value): its JSON with each
/// printable ASCII character turned half-way round (ROT47, which undoes itself), so the
/// answers cannot be read in the page before answering, at no cost in size (base64 added
/// a third); `"` and `&` as character references, for the attribute.
fn hidden_key(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + json.len() / 16);
    for c in json.chars() {
        let turned = match c {
            '!'..='~' => char::from(b'!' + (c as u8 - b'!' + 47) % 94),
            _ => c,
        };
        match turned {
            '"' => out.push_str("&quot;"),
            '&' => out.push_str("&amp;"),
            _ => out.push(turned),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quiz_key_is_its_json_turned_half_way_round_and_escaped_for_an_attribute() {
        assert_eq!(
            hidden_key(r#"{"q":{"c":["b"],"e":"<p>A & Q’s</p>"}}"#),
            r#"LQBQiLQ4Qi,Q3Q.[Q6QiQkAmp U &quot;’Dk^AmQNN"#
        );
        // Turned again, the key is the JSON: ROT47 undoes itself.
        let json = r#"{"id":{"a":["Net Promoter Score"],"f":{"a":"<em>Yes</em>"}}}"#;
        let twice: String = hidden_key(json)
            .replace("&quot;", "\"")
            .replace("&amp;", "&")
            .chars()
            .map(|c| match c {
                '!'..='~' => char::from(b'!' + (c as u8 - b'!' + 47) % 94),
                _ => c,
            })
            .collect();
        assert_eq!(twice, json);
    }

    #[test]
    fn an_options_feedback_of_one_paragraph_loses_its_p() {
        assert_eq!(
            one_paragraph("<p>Too <em>late</em>.</p>"),
            "Too <em>late</em>."
        );
        for kept in ["<p>One.</p>\n<p>Two.</p>", "<ul><li>A</li></ul>", "Plain"] {
            assert_eq!(one_paragraph(kept), kept);
        }
    }
}
