//! The data the theme's scripts read, computed in Rust: `course.js` (the course in
//! full), `outline.js` (the little the home page needs), `glossary.js` (the terms'
//! short definitions).

use std::collections::HashSet;
use std::io::Write;

use serde::Serialize;

use super::search;
use crate::model::{Course, Glossary, Level, Module, Strings};
use crate::url::module_page;

/// The course as the browser scripts see it, written to `course.js`, all but its parts
/// (see `course_js`).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CourseData<'a> {
    id: &'a str,
    title: &'a str,
    pass_mark: u8,
    require_checklist: bool,
    levels: &'a [Level],
    /// Who awards credentials and the trainers' keys the site trusts.
    issuer: Option<&'a crate::model::Issuer>,
    /// The academy's did:web, when the course has a `base_url`.
    did_web: Option<String>,
    /// The theme's texts, for messages the scripts show.
    strings: &'a Strings,
}

// The parts' fields are in the sorted order `course.js` has them in at every level.
#[derive(Serialize)]
pub struct PartData<'a> {
    modules: Vec<ModuleData<'a>>,
    title: &'a str,
}

#[derive(Serialize)]
pub struct ModuleData<'a> {
    checklist: Vec<&'a str>,
    id: &'a str,
    questions: Vec<QuestionData<'a>>,
    sections: Vec<&'a str>,
    title: &'a str,
    url: String,
}

#[derive(Serialize)]
pub struct QuestionData<'a> {
    id: &'a str,
    title: String,
}

/// The course as the home page's scripts see it, written to `outline.js`: each
/// module's state and the learner's level follow from it, without the question titles,
/// level descriptions and texts of other pages that make `course.js` heavy.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Outline<'a> {
    id: &'a str,
    pass_mark: u8,
    require_checklist: bool,
    /// What most modules have, which a module lists only where its own differs.
    usual: Usual<'a>,
    parts: Vec<OutlinePart<'a>>,
    levels: Vec<OutlineLevel<'a>>,
    /// The texts the home page's scripts show beside those of `strings.js`.
    strings: Strings,
}

#[derive(Serialize)]
pub struct OutlinePart<'a> {
    title: &'a str,
    modules: Vec<OutlineModule<'a>>,
}

/// The sections and number of questions most modules have (the first module's on a
/// tie): the outline writes them once, not for each of hundreds of modules.
#[derive(Serialize, Clone, PartialEq)]
pub struct Usual<'a> {
    sections: Vec<&'a str>,
    questions: usize,
}

impl<'a> Usual<'a> {
    fn of(m: &'a Module) -> Self {
        Usual {
            sections: m.sections.iter().map(|s| s.kind.id()).collect(),
            questions: m.questions().count(),
        }
    }
}

#[derive(Serialize)]
pub struct OutlineModule<'a> {
    /// Its title and address are in its row on the home page.
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    sections: Option<Vec<&'a str>>,
    /// How many questions the quiz has (`course.js` lists them).
    #[serde(skip_serializing_if = "Option::is_none")]
    questions: Option<usize>,
    /// The checklist's items, only when the course requires it done.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    checklist: Vec<&'a str>,
}

#[derive(Serialize)]
pub struct OutlineLevel<'a> {
    id: &'a str,
    title: &'a str,
    earned_by: crate::model::EarnedBy,
    evidence: Vec<OutlineField<'a>>,
}

#[derive(Serialize)]
pub struct OutlineField<'a> {
    id: &'a str,
}

/// `outline.js`; `strings` are the texts its readers show.
pub fn outline_js(course: &Course, strings: Strings) -> String {
    let config = &course.config;
    let modules = course.parts.iter().flat_map(|p| &p.modules);
    let mut counts: Vec<(Usual, usize)> = Vec::new();
    for m in modules {
        let usual = Usual::of(m);
        match counts.iter_mut().find(|(u, _)| *u == usual) {
            Some((_, n)) => *n += 1,
            None => counts.push((usual, 1)),
        }
    }
    // The first of the most common (max_by_key would take the last).
    let most = counts.iter().map(|(_, n)| *n).max().unwrap_or(0);
    let usual = counts.into_iter().find(|(_, n)| *n == most).map_or(
        Usual {
            sections: Vec::new(),
            questions: 0,
        },
        |(u, _)| u,
    );
    let outline = Outline {
        id: &config.id,
        pass_mark: config.pass_mark,
        require_checklist: config.require_checklist,
        usual: usual.clone(),
        parts: course
            .parts
            .iter()
            .map(|p| OutlinePart {
                title: &p.title,
                modules: p
                    .modules
                    .iter()
                    .map(|m| {
                        let own = Usual::of(m);
                        OutlineModule {
                            id: &m.id,
                            sections: (own.sections != usual.sections).then_some(own.sections),
                            questions: (own.questions != usual.questions).then_some(own.questions),
                            checklist: m
                                .checklist()
                                .filter(|_| config.require_checklist)
                                .map(|c| c.id.as_str())
                                .collect(),
                        }
                    })
                    .collect(),
            })
            .collect(),
        levels: config
            .levels
            .iter()
            .map(|l| OutlineLevel {
                id: &l.id,
                title: &l.title,
                earned_by: l.earned_by,
                evidence: l
                    .evidence
                    .iter()
                    .map(|f| OutlineField { id: &f.id })
                    .collect(),
            })
            .collect(),
        strings,
    };
    script_data("course", &outline)
}

/// The texts of `strings` that `scripts` name (as a quoted key; a plural form such as
/// `key_one` by its `key`, which site.js's `t` turns into the form a number needs), so a
/// script file carries only what its page shows.
pub fn texts_named_in(strings: &Strings, scripts: &[&[u8]]) -> Strings {
    let sources: Vec<String> = scripts
        .iter()
        .map(|s| String::from_utf8_lossy(s).into_owned())
        .collect();
    // A key without quotes is named `'key'` exactly where a text between two
    // consecutive quotes of one kind is the key: one pass over the scripts, not one
    // search of them per key.
    let quoted: HashSet<&str> = sources
        .iter()
        .flat_map(|s| {
            ['\'', '"'].into_iter().flat_map(move |q| {
                let between: Vec<&str> = s.split(q).collect();
                let inner = between.len().saturating_sub(2);
                between.into_iter().skip(1).take(inner)
            })
        })
        .collect();
    let named = |k: &str| {
        if k.contains(['\'', '"']) {
            let forms = [format!("'{k}'"), format!("\"{k}\"")];
            sources.iter().any(|s| forms.iter().any(|f| s.contains(f)))
        } else {
            quoted.contains(k)
        }
    };
    const PLURALS: [&str; 6] = ["_zero", "_one", "_two", "_few", "_many", "_other"];
    strings
        .iter()
        .filter(|(k, _)| {
            let base = PLURALS.iter().find_map(|p| k.strip_suffix(p));
            named(k) || base.is_some_and(named)
        })
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// The theme's scripts whose own texts (those no other script names) load with them
/// rather than in `strings.js` on every page: store.js's notices of failures, which most
/// learners never see (store.js loads them with its first), the quiz's, which only a
/// module page shows (module.js loads them with quiz.js), and the search's, which show
/// once the learner starts searching (site.js loads them with search.js).
pub const OWN_TEXTS: [(&str, &str); 3] = [
    ("store.js", "store-texts.js"),
    ("quiz.js", "quiz-texts.js"),
    ("search.js", "search-texts.js"),
];

/// `texts` parted: the texts each script of `OWN_TEXTS` alone names in `theme`, and the
/// rest, for `strings.js`.
pub fn own_texts(texts: Strings, theme: &crate::theme::Theme) -> (Vec<Strings>, Strings) {
    let scripts: Vec<(&str, &[u8])> = theme
        .statics()
        .filter(|(name, _)| {
            std::path::Path::new(name)
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("js"))
        })
        .collect();
    let mut rest = texts;
    let own = OWN_TEXTS
        .iter()
        .map(|(script, _)| {
            let (mut mine, mut others): (Vec<&[u8]>, Vec<&[u8]>) = (Vec::new(), Vec::new());
            for (name, bytes) in &scripts {
                if name == script {
                    mine.push(bytes);
                } else {
                    others.push(bytes);
                }
            }
            let (named, elsewhere) = (texts_named_in(&rest, &mine), texts_named_in(&rest, &others));
            let (alone, kept): (Strings, Strings) = std::mem::take(&mut rest)
                .into_iter()
                .partition(|(k, _)| named.contains_key(k) && !elsewhere.contains_key(k));
            rest = kept;
            alone
        })
        .collect();
    (own, rest)
}

/// `glossary.js`: each term's short definition by the id of its entry, which terms.js
/// loads when the learner first moves on a module page.
pub fn glossary_js(glossary: &Glossary) -> String {
    let definitions: std::collections::BTreeMap<&str, &str> = glossary
        .terms
        .iter()
        .map(|t| (t.id.as_str(), t.short.as_str()))
        .collect();
    script_data("glossary", &definitions)
}

/// A script that sets `window.cm.NAME` to `data`; `<` is escaped so no text of the course
/// can close a script element. No comment: it would count against the page's weight.
fn script_data(name: &str, data: &impl Serialize) -> String {
    script_text(name, &serde_json::to_string(data).unwrap_or_default())
}

/// `script_data` with the data written as JSON already.
fn script_text(name: &str, json: &str) -> String {
    let json = json.replace('<', "\\u003c");
    format!("window.cm = window.cm || {{}};\nwindow.cm.{name} = {json};\n")
}

/// `course.js`: the course for the theme's scripts, its keys sorted at every level, and
/// `build`, a hash of the rest that an evidence package records as the build's version.
/// The parts are written straight to text: as one JSON value, a course of 10,000 modules
/// took over 50 MiB.
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
    };
    let parts: Vec<PartData> = course
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
        .collect();
    // A JSON value's map is sorted: its keys, and the parts' in their place among them.
    let Ok(serde_json::Value::Object(head)) = serde_json::to_value(&data) else {
        return unversioned_course_js();
    };
    let mut keys: Vec<&str> = head.keys().map(String::as_str).collect();
    keys.push("parts");
    keys.sort_unstable();
    let mut js = HashedJson::new("course");
    // `build` hashes the JSON that follows it, so its digits are filled in at the end.
    js.out.extend_from_slice(b"{\"build\":\"");
    let build_at = js.out.len();
    js.out.extend_from_slice(b"0000000000000000\",");
    js.hash.update(b"{");
    let written = keys.into_iter().enumerate().try_for_each(|(i, key)| {
        if i > 0 {
            js.write_all(b",")?;
        }
        serde_json::to_writer(&mut js, key)?;
        js.write_all(b":")?;
        match head.get(key) {
            Some(value) => serde_json::to_writer(&mut js, value),
            None => serde_json::to_writer(&mut js, &parts),
        }
        .map_err(std::io::Error::from)
    });
    drop(parts);
    if written.and_then(|()| js.write_all(b"}")).is_err() {
        return unversioned_course_js();
    }
    js.out.extend_from_slice(b";\n");
    let build = format!("{:016x}", js.hash.digest());
    js.out[build_at..build_at + build.len()].copy_from_slice(build.as_bytes());
    String::from_utf8(js.out).unwrap_or_default()
}

/// `course.js` when its data could not be written: the version of no data alone.
fn unversioned_course_js() -> String {
    let build = xxhash_rust::xxh3::xxh3_64(b"");
    script_text("course", &format!("{{\"build\":\"{build:016x}\"}}"))
}

/// A script's JSON as it is written: hashed as it is, and put into the script with `<`
/// escaped (as `script_text` does), so a large course's JSON is held once, not four times.
struct HashedJson {
    hash: xxhash_rust::xxh3::Xxh3Default,
    out: Vec<u8>,
}

impl HashedJson {
    /// The script setting `window.cm.NAME`, up to its value.
    fn new(name: &str) -> Self {
        HashedJson {
            hash: xxhash_rust::xxh3::Xxh3Default::new(),
            out: format!("window.cm = window.cm || {{}};\nwindow.cm.{name} = ").into_bytes(),
        }
    }
}

impl Write for HashedJson {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.hash.update(buf);
        for (i, piece) in buf.split(|&b| b == b'<').enumerate() {
            if i > 0 {
                self.out.extend_from_slice(b"\\u003c");
            }
            self.out.extend_from_slice(piece);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_script_gets_only_the_texts_it_names() {
        let strings: Strings = [
            ("level_none", "No level"),
            ("cert_kicker", "Certificate"),
            ("state", "S"),
        ]
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .into();
        let named = texts_named_in(
            &strings,
            &[b"T('level_none'); T(\"state\")", b"cert_kicker"],
        );
        assert_eq!(named.keys().collect::<Vec<_>>(), ["level_none", "state"]);
        let plural: Strings = [("n_one", "1"), ("n_other", "N"), ("none", "-")]
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .into();
        let named = texts_named_in(&plural, &[b"T('n', { n: 2 })"]);
        assert_eq!(named.keys().collect::<Vec<_>>(), ["n_one", "n_other"]);
        // Quoted inside another string, next to another key, or with a quote of its own.
        let odd: Strings = [("hi", ""), ("b", ""), ("it's", ""), ("say", ""), ("x", "")]
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .into();
        let named = texts_named_in(&odd, &[b"t = \"say 'hi'\"; T('a')+T('b'); T(\"it's\")"]);
        assert_eq!(named.keys().collect::<Vec<_>>(), ["b", "hi", "it's"]);
    }
}
