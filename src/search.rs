//! The search index: one entry per section and per sub-heading of every module, as
//! plain text, written as a classic script so search works from `file://` too.

use rayon::prelude::*;
use serde::Serialize;

use crate::course::module_page;
use crate::model::{Answer, Block, Course, Module};

#[derive(Serialize)]
struct Doc<'a> {
    /// Module id, title, page and part title.
    m: &'a str,
    t: &'a str,
    u: String,
    p: &'a str,
    s: Vec<Entry>,
}

#[derive(Serialize)]
struct Entry {
    /// Anchor, heading and plain text.
    a: String,
    h: String,
    x: String,
}

/// `search-index.js`: `window.coursemarkSearchIndex = {"docs": [...]}`. Trainer notes
/// are searchable in the trainer edition only.
pub fn index_js(course: &Course, trainer: bool) -> String {
    let modules: Vec<_> = course
        .parts
        .iter()
        .flat_map(|part| part.modules.iter().map(move |m| (part, m)))
        .collect();
    // The index is mostly the modules' text, so their HTML bounds its size: reserving
    // that once spares a large course copies of a growing index (and memory it never
    // touches costs nothing).
    let bound: usize = modules
        .iter()
        .map(|(part, m)| part.title.len() + html_len(m))
        .sum();
    let mut out: Vec<u8> = Vec::with_capacity(bound + 64);
    out.extend_from_slice(b"window.coursemarkSearchIndex = {\"docs\":[");
    // Modules are serialised in parallel a window at a time and appended in order: fast
    // for `serve`, and a large course never holds its index twice.
    for (w, window) in modules.chunks(256).enumerate() {
        let docs: Vec<Vec<u8>> = window
            .par_iter()
            .map(|(part, m)| {
                let doc = Doc {
                    m: &m.id,
                    t: &m.title,
                    u: module_page(&m.id),
                    p: &part.title,
                    s: entries(m, trainer),
                };
                // Serialising strings into a Vec cannot fail.
                let json = serde_json::to_vec(&doc).unwrap_or_default();
                // `<` escaped so no text of the course can close the script.
                if json.contains(&b'<') {
                    return String::from_utf8_lossy(&json)
                        .replace('<', "\\u003c")
                        .into_bytes();
                }
                json
            })
            .collect();
        for (i, doc) in docs.iter().enumerate() {
            if w + i > 0 {
                out.push(b',');
            }
            out.extend_from_slice(doc);
        }
    }
    out.extend_from_slice(b"]};\n");
    // JSON of Rust strings is UTF-8.
    String::from_utf8(out).unwrap_or_default()
}

/// The length of a module's HTML and texts: more than its entries in the index take.
fn html_len(m: &Module) -> usize {
    let block = |b: &Block| match b {
        Block::Html(h) | Block::Trainer(h) => h.len(),
        Block::Checklist(items) => items.iter().map(|i| i.html.len() + 8).sum(),
        Block::Question(q) => {
            let options = match &q.answer {
                Answer::Choice(options) => options.iter().map(|o| o.html.len() + 1).sum(),
                Answer::Text(_) => 0,
            };
            q.prompt_html.len() + q.body_html.len() + options + 2
        }
    };
    let sections: usize = m
        .sections
        .iter()
        .map(|s| s.title_html.len() + 32 + s.blocks.iter().map(block).sum::<usize>())
        .sum();
    m.id.len() * 2 + m.title.len() + 96 + sections
}

fn entries(m: &Module, trainer: bool) -> Vec<Entry> {
    let mut out = Vec::new();
    for section in &m.sections {
        let mut entry = Entry {
            a: section.kind.id().to_string(),
            h: text_of(&section.title_html),
            x: String::new(),
        };
        for block in &section.blocks {
            match block {
                Block::Html(html) => split_at_headings(html, &mut entry, &mut out),
                Block::Trainer(html) if trainer => push_text(&mut entry.x, html),
                Block::Trainer(_) => {}
                Block::Checklist(items) => {
                    items.iter().for_each(|i| push_text(&mut entry.x, &i.html))
                }
                Block::Question(q) => {
                    push_text(&mut entry.x, &q.prompt_html);
                    push_text(&mut entry.x, &q.body_html);
                    if let Answer::Choice(options) = &q.answer {
                        options
                            .iter()
                            .for_each(|o| push_text(&mut entry.x, &o.html));
                    }
                }
            }
        }
        out.push(entry);
    }
    out
}

/// Adds the text of `html` to `entry`, starting a new entry at every `<h3>`..`<h6>` with an id.
fn split_at_headings(html: &str, entry: &mut Entry, out: &mut Vec<Entry>) {
    let mut rest = html;
    while let Some(at) = find_heading(rest) {
        push_text(&mut entry.x, &rest[..at]);
        let tag = &rest[at..];
        let close = tag.find('>').map_or(tag.len(), |i| i + 1);
        let id = tag[..close]
            .split("id=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .unwrap_or("")
            .to_string();
        let level = &tag[2..3];
        let end_tag = format!("</h{level}>");
        let end = tag.find(&end_tag).unwrap_or(tag.len());
        let heading = text_of(&tag[close..end]);
        let finished = std::mem::replace(
            entry,
            Entry {
                a: id,
                h: heading,
                x: String::new(),
            },
        );
        out.push(finished);
        rest = &tag[(end + end_tag.len()).min(tag.len())..];
    }
    push_text(&mut entry.x, rest);
}

fn find_heading(html: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = html[from..].find("<h") {
        let at = from + i;
        let b = html.as_bytes();
        if at + 3 < b.len() && (b'3'..=b'6').contains(&b[at + 2]) && b[at + 3] == b' ' {
            return Some(at);
        }
        from = at + 2;
    }
    None
}

/// Marks that follow a word without a space, as in `<em>x</em>,`.
const PUNCTUATION: [char; 7] = [',', '.', ';', ':', '!', '?', ')'];

/// What a byte of HTML is to `push_text`.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Class {
    Plain,
    /// One of `PUNCTUATION`: plain, but a space before it is dropped.
    Mark,
    Space,
    /// Whitespace other than a space.
    Break,
    Tag,
    Entity,
}

/// Every byte's class, looked up once per byte.
static CLASS: [Class; 256] = {
    let mut class = [Class::Plain; 256];
    let mut i = 0;
    while i < PUNCTUATION.len() {
        class[PUNCTUATION[i] as usize] = Class::Mark;
        i += 1;
    }
    class[b' ' as usize] = Class::Space;
    class[b'\n' as usize] = Class::Break;
    class[b'\t' as usize] = Class::Break;
    class[b'\r' as usize] = Class::Break;
    class[b'<' as usize] = Class::Tag;
    class[b'&' as usize] = Class::Entity;
    class
};

/// The text of HTML: tags dropped (as word breaks), entities decoded, spaces collapsed.
/// One pass over runs of plain text, as it reads every page for the search index.
pub fn text_of(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    push_text(&mut out, html);
    out
}

/// Appends the text of `html` to `out` (see `text_of`), after a space when both have text.
fn push_text(out: &mut String, html: &str) {
    let start = out.len();
    // A break is owed (from a tag or whitespace) before the next word.
    let mut gap = false;
    let push = |out: &mut String, text: &str, gap: &mut bool| {
        if text.is_empty() {
            return;
        }
        if out.len() == start {
            if start > 0 {
                out.push(' ');
            }
        } else if *gap && !text.starts_with(PUNCTUATION) {
            // No space before punctuation that followed a tag, as in `<em>x</em>,`.
            out.push(' ');
        }
        *gap = false;
        out.push_str(text);
    };
    let bytes = html.as_bytes();
    let mut i = 0;
    let mut run = 0;
    while i < bytes.len() {
        let class = CLASS[bytes[i] as usize];
        // Most bytes are plain: one well-predicted test each, not a jump through a table.
        if class <= Class::Mark {
            i += 1;
            continue;
        }
        match class {
            Class::Plain | Class::Mark => i += 1,
            // One space between words stays in the run: pushing word by word is slower and
            // gives the same text.
            Class::Space
                if run < i
                    && bytes
                        .get(i + 1)
                        .is_some_and(|&b| CLASS[b as usize] == Class::Plain) =>
            {
                i += 2
            }
            Class::Tag => {
                push(out, &html[run..i], &mut gap);
                i += html[i..].find('>').map_or(html.len() - i, |j| j + 1);
                gap = true;
                run = i;
            }
            Class::Entity => {
                push(out, &html[run..i], &mut gap);
                let end = html[i..]
                    .find(';')
                    .filter(|j| *j <= 8)
                    .map_or(i, |j| i + j + 1);
                let decoded = match &html[i..end] {
                    "&amp;" => "&",
                    "&lt;" => "<",
                    "&gt;" => ">",
                    "&quot;" => "\"",
                    "&#39;" => "'",
                    _ => "",
                };
                if decoded.is_empty() {
                    run = i;
                    i += 1;
                    continue;
                }
                push(out, decoded, &mut gap);
                i = end;
                run = i;
            }
            Class::Space | Class::Break => {
                push(out, &html[run..i], &mut gap);
                gap = true;
                i += 1;
                run = i;
            }
        }
    }
    push(out, &html[run..], &mut gap);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_drops_tags_and_decodes() {
        assert_eq!(
            text_of("<p>Fish &amp; <em>chips</em>, please</p>\n<p>Two</p>"),
            "Fish & chips, please Two"
        );
        // Runs of words, spaces before punctuation, doubled spaces and stray ampersands.
        assert_eq!(
            text_of("one two  three , four\n<b>five</b> &amp; six &x seven </p>"),
            "one two three, four five & six &x seven"
        );
    }

    #[test]
    fn sub_headings_become_entries() {
        let mut entry = Entry {
            a: "how".into(),
            h: "How to do it".into(),
            x: String::new(),
        };
        let mut out = Vec::new();
        split_at_headings(
            "<p>Intro</p><h3 id=\"step-one\">Step <code>one</code></h3><p>Do it</p><hr>",
            &mut entry,
            &mut out,
        );
        assert_eq!(out.len(), 1);
        assert_eq!((out[0].a.as_str(), out[0].x.as_str()), ("how", "Intro"));
        assert_eq!(
            (entry.a.as_str(), entry.h.as_str(), entry.x.as_str()),
            ("step-one", "Step one", "Do it")
        );
    }
}
