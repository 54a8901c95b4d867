//! Raw HTML in a module body (HTML blocks and inline HTML): the attributes of its tags,
//! read as a browser's tokenizer reads them (comments skipped, values quoted with `"` or
//! `'` or unquoted, names case-insensitive); its ids, which are anchors; and its links
//! and media (`<img src>`, `<video src>`, `<source src>`, `<a href>`, `<iframe src>`),
//! checked as Markdown ones are, since the HTML is passed through as it is written.

use std::ops::Range;

use super::Context;
use crate::diagnostics::Diagnostic;
use crate::model::is_trainer_asset;
use crate::{suggest, url};

/// One attribute of a start tag: its element's and its own name (lowercase), its value
/// (empty when it has none) and the value's byte offset in the scanned text.
#[derive(Debug, PartialEq, Eq)]
pub struct Attribute<'h> {
    pub element: String,
    pub name: String,
    pub value: &'h str,
    pub at: usize,
}

/// Every attribute of every start tag in `html`.
pub fn attributes(html: &str) -> Vec<Attribute<'_>> {
    let bytes = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(lt) = html[i..].find('<') {
        i += lt + 1;
        if html[i..].starts_with("!--") {
            i = html[i..].find("-->").map_or(html.len(), |e| i + e + 3);
            continue;
        }
        let name_len = html[i..]
            .find(|c: char| !c.is_ascii_alphanumeric() && c != '-')
            .unwrap_or(html.len() - i);
        if name_len == 0 || !bytes[i].is_ascii_alphabetic() {
            continue;
        }
        let element = html[i..i + name_len].to_ascii_lowercase();
        i += name_len;
        loop {
            while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
                i += 1;
            }
            if i >= bytes.len() || bytes[i] == b'>' {
                break;
            }
            let name_end = html[i..]
                .find(|c: char| c.is_ascii_whitespace() || matches!(c, '/' | '>' | '='))
                .map_or(html.len(), |e| i + e.max(1));
            let name = html[i..name_end].to_ascii_lowercase();
            i = name_end;
            let mut j = i;
            while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            let (value, at) = if bytes.get(j) == Some(&b'=') {
                j += 1;
                while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                    j += 1;
                }
                match bytes.get(j) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let end = html[j + 1..]
                            .find(q as char)
                            .map_or(html.len(), |e| j + 1 + e);
                        i = (end + 1).min(html.len());
                        (&html[j + 1..end], j + 1)
                    }
                    _ => {
                        let end = html[j..]
                            .find(|c: char| c.is_ascii_whitespace() || c == '>')
                            .map_or(html.len(), |e| j + e);
                        i = end;
                        (&html[j..end], j)
                    }
                }
            } else {
                ("", i)
            };
            out.push(Attribute {
                element: element.clone(),
                name,
                value,
                at,
            });
        }
    }
    out
}

/// The values of the `id` attributes in `html`.
pub fn ids(html: &str) -> impl Iterator<Item = &str> {
    attributes(html)
        .into_iter()
        .filter(|a| a.name == "id" && !a.value.is_empty())
        .map(|a| a.value)
}

/// The tags whose attributes point at files, and those attributes. Every one but `<a
/// href>` is fetched by the browser as the page loads.
const LINKING: [(&str, &[&str]); 11] = [
    ("img", &["src", "srcset"]),
    ("video", &["src", "poster"]),
    ("audio", &["src"]),
    ("source", &["src", "srcset"]),
    ("track", &["src"]),
    ("iframe", &["src"]),
    ("embed", &["src"]),
    ("object", &["data"]),
    ("script", &["src"]),
    ("link", &["href"]),
    ("a", &["href"]),
];

/// The URLs in an attribute's value, with their byte offsets in it: a `srcset`'s
/// candidates, a `style`'s `url(...)`s, or the whole value.
fn urls<'v>(name: &str, value: &'v str) -> Vec<(usize, &'v str)> {
    let base = value.as_ptr() as usize;
    let at = |part: &str| part.as_ptr() as usize - base;
    match name {
        "srcset" => value
            .split(',')
            .filter_map(|candidate| candidate.split_whitespace().next())
            .map(|url| (at(url), url))
            .collect(),
        "style" => value
            .match_indices("url(")
            .filter_map(|(i, _)| {
                let rest = &value[i + 4..];
                let inner = rest[..rest.find(')')?].trim().trim_matches(['"', '\'']);
                Some((at(inner), inner))
            })
            .collect(),
        _ => vec![(0, value)],
    }
}

/// Checks the links of one piece of raw HTML found at `span`: the linking attributes
/// of the tags above and any element's inline `style`.
pub fn check(html: &str, span: &Range<usize>, cx: &Context, diagnostics: &mut Vec<Diagnostic>) {
    for a in attributes(html) {
        let linking = LINKING
            .iter()
            .any(|(t, attrs)| *t == a.element && attrs.contains(&a.name.as_str()));
        if !linking && a.name != "style" {
            continue;
        }
        for (offset, value) in urls(&a.name, a.value) {
            if let Some((message, help)) = judge(&a.element, &a.name, value, cx) {
                // The value's own place when the span is the HTML as written.
                let at = if span.len() == html.len() {
                    let start = span.start + a.at + offset;
                    start..start + value.len()
                } else {
                    span.clone()
                };
                diagnostics.push(Diagnostic::error(cx.file, at, message).with_help(help));
            }
        }
    }
}

/// What is wrong with `<tag attr="value">`, if anything: a message and a hint.
fn judge(tag: &str, attr: &str, value: &str, cx: &Context) -> Option<(String, String)> {
    let value = value.trim();
    if value.is_empty() || value.starts_with('#') {
        return None;
    }
    if url::is_external(value) {
        let scheme = value.split(':').next().unwrap_or("");
        let request = tag != "a" && !matches!(scheme, "data" | "blob");
        return (request && !cx.targets.allow_external).then(|| {
            (
                format!("`<{tag} {attr}>` loads `{value}` from another host (external)"),
                "the site promises no external requests: put the file under `assets/` and link it relatively, or set `allow_external = true` in course.toml to allow media from other hosts".to_string(),
            )
        });
    }
    let path = value.split(['#', '?']).next().unwrap_or("");
    let decoded = url::percent_decode(path).unwrap_or_else(|| path.to_string());
    let Some(target) = url::resolve(cx.file, &decoded) else {
        return Some((
            format!("`<{tag} {attr}=\"{value}\">` points outside the course folder"),
            "link to modules and to files under `assets/` only".to_string(),
        ));
    };
    if cx.targets.assets.contains(&target) {
        let learners = !cx.in_trainer_note && is_trainer_asset(&cx.targets.trainer_assets, &target);
        return learners.then(|| {
            (
                format!("`<{tag} {attr}=\"{value}\">` is a trainer asset (`trainer_assets` in course.toml), but learners' text links it"),
                "move it into a `::: trainer` note, or take the file out of `trainer_assets` if learners may have it".to_string(),
            )
        });
    }
    if cx.targets.pages.contains_key(target.as_os_str()) {
        return Some((
            format!(
                "`<{tag} {attr}=\"{value}\">` links a module from raw HTML, which is not turned into a link to its page"
            ),
            format!("write a Markdown link, like [the module]({value})"),
        ));
    }
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    let is_module = target
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md"));
    let (what, candidates): (&str, Vec<String>) = if is_module {
        (
            "there is no module",
            cx.targets
                .pages
                .keys()
                .filter_map(|p| {
                    std::path::Path::new(p)
                        .file_name()?
                        .to_str()
                        .map(String::from)
                })
                .collect(),
        )
    } else {
        (
            "the file does not exist in assets/:",
            cx.targets
                .assets
                .iter()
                .filter_map(|a| a.file_name()?.to_str().map(String::from))
                .collect(),
        )
    };
    Some((
        format!(
            "`<{tag} {attr}=\"{value}\">`: {what} `{}`{}",
            target.display(),
            suggest::did_you_mean(&name, candidates.iter().map(String::as_str))
        ),
        "check the file name; links are relative to this file, and files go under `assets/`"
            .to_string(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_in_every_quoting() {
        let html = r#"<a id="old"></a><IMG SRC='x.png' alt=plain hidden><!-- <p id="no"> --><br/>"#;
        let found: Vec<(String, String, &str)> = attributes(html)
            .into_iter()
            .map(|a| (a.element, a.name, a.value))
            .collect();
        assert_eq!(
            found,
            [
                ("a".into(), "id".into(), "old"),
                ("img".into(), "src".into(), "x.png"),
                ("img".into(), "alt".into(), "plain"),
                ("img".into(), "hidden".into(), ""),
            ]
        );
        let first = &attributes(html)[0];
        assert_eq!(&html[first.at..first.at + 3], "old");
    }

    #[test]
    fn ids_skip_end_tags_text_and_broken_tags() {
        let html = "</a id=\"x\"> a < b <span data-id=\"y\" id = 'z'> <p id=\"unclosed";
        assert_eq!(ids(html).collect::<Vec<_>>(), ["z", "unclosed"]);
        assert_eq!(ids("<").count(), 0);
        assert_eq!(ids("<a id=").count(), 0);
    }

    #[test]
    fn linking_attributes_of_known_tags() {
        let html = "<p><IMG alt='a=b' SRC=\"x.png\"> <video controls poster=p.jpg><source src='v.webm'></video> <span src=\"no\"> <a href=\"#top\">";
        let linking: Vec<(String, String, &str)> = attributes(html)
            .into_iter()
            .filter(|a| {
                LINKING
                    .iter()
                    .any(|(t, names)| *t == a.element && names.contains(&a.name.as_str()))
            })
            .map(|a| (a.element, a.name, a.value))
            .collect();
        assert_eq!(
            linking,
            [
                ("img".into(), "src".into(), "x.png"),
                ("video".into(), "poster".into(), "p.jpg"),
                ("source".into(), "src".into(), "v.webm"),
                ("a".into(), "href".into(), "#top"),
            ]
        );
    }
}
