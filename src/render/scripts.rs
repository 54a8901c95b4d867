//! The data the theme's scripts read, computed in Rust: `course.js` (the course
//! outline) and each module page's quiz key.

use serde::Serialize;

use super::markup;
use super::search;
use crate::model::{Answer, Course, Level, Module, QuestionKind, Strings};
use crate::url::module_page;

/// The part of the answer key the browser needs after answering; base64 in the page so
/// answers are not visible before answering.
#[derive(Serialize)]
pub struct KeyEntry<'a> {
    kind: QuestionKind,
    correct: Vec<String>,
    answers: &'a [String],
    explanation: Option<&'a str>,
    feedback: std::collections::BTreeMap<String, &'a str>,
}

/// The course as the browser scripts see it, written to `course.js`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CourseData<'a> {
    id: &'a str,
    title: &'a str,
    pass_mark: u8,
    require_checklist: bool,
    parts: Vec<PartData<'a>>,
    levels: &'a [Level],
    /// Who awards credentials and the trainers' keys the site trusts.
    issuer: Option<&'a crate::model::Issuer>,
    /// The academy's did:web, when the course has a `base_url`.
    did_web: Option<String>,
    /// The theme's texts, for messages the scripts show.
    strings: &'a Strings,
}

#[derive(Serialize)]
pub struct PartData<'a> {
    title: &'a str,
    modules: Vec<ModuleData<'a>>,
}

#[derive(Serialize)]
pub struct ModuleData<'a> {
    id: &'a str,
    title: &'a str,
    url: String,
    sections: Vec<&'a str>,
    questions: Vec<QuestionData<'a>>,
    checklist: Vec<&'a str>,
}

#[derive(Serialize)]
pub struct QuestionData<'a> {
    id: &'a str,
    title: String,
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
                                .map(|f| (markup::option_value(i), f))
                        })
                        .collect(),
                    &[],
                ),
                Answer::Text(answers) => (Vec::new(), Default::default(), answers),
            };
            (
                q.id.as_str(),
                KeyEntry {
                    kind: q.kind(),
                    correct,
                    answers,
                    explanation: q.explanation_html.as_deref(),
                    feedback,
                },
            )
        })
        .collect();
    base64(serde_json::to_string(&key).unwrap_or_default().as_bytes())
}

pub fn course_js(course: &Course, strings: &Strings) -> String {
    let data = CourseData {
        id: &course.config.id,
        title: &course.config.title,
        pass_mark: course.config.pass_mark,
        require_checklist: course.config.require_checklist,
        levels: &course.config.levels,
        issuer: course.config.issuer.as_ref(),
        did_web: course
            .config
            .base_url
            .as_deref()
            .and_then(crate::credential::didweb::did),
        strings,
        parts: course
            .parts
            .iter()
            .map(|p| PartData {
                title: &p.title,
                modules: p
                    .modules
                    .iter()
                    .map(|m| ModuleData {
                        id: &m.id,
                        title: &m.title,
                        url: module_page(&m.id),
                        sections: m.sections.iter().map(|s| s.kind.id()).collect(),
                        questions: m
                            .questions()
                            .map(|q| QuestionData {
                                id: &q.id,
                                title: search::text_of(&q.prompt_html),
                            })
                            .collect(),
                        checklist: m.checklist().map(|c| c.id.as_str()).collect(),
                    })
                    .collect(),
            })
            .collect(),
    };
    let mut value = serde_json::to_value(&data).unwrap_or_default();
    // The build's version, which an evidence package records: a hash of the outline.
    let build = format!(
        "{:016x}",
        xxhash_rust::xxh3::xxh3_64(value.to_string().as_bytes())
    );
    if let Some(object) = value.as_object_mut() {
        object.insert("build".into(), build.into());
    }
    // `<` escaped so no text of the course can close a script element.
    let json = value.to_string().replace('<', "\\u003c");
    format!(
        "// Generated by coursemark: the course outline for the theme's scripts.\nwindow.cm = window.cm || {{}};\nwindow.cm.course = {json};\n"
    )
}

pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64("Što".as_bytes()), "xaB0bw==");
    }
}
