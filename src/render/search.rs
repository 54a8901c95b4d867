//! The search index: one entry per section and per sub-heading of every module, as
//! plain text, written as a classic script so search works from `file://` too.

use rayon::prelude::*;

use crate::html;
use crate::model::{Answer, Block, Course, Glossary, Module, Part};
use crate::url::module_page;

/// `search-index.js`: `window.cm.searchIndex = {"docs": [...]}`. Trainer notes
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
    let mut out = String::with_capacity(bound + 64);
    out.push_str("window.cm = window.cm || {};\nwindow.cm.searchIndex = {\"docs\":[");
    // Modules are serialised in parallel a window at a time and appended in order: fast
    // for `serve`, and a large course never holds its index twice.
    for (w, window) in modules.chunks(256).enumerate() {
        let docs: Vec<String> = window
            .par_iter()
            .map(|(part, m)| doc_json(part, m, trainer))
            .collect();
        for (i, doc) in docs.iter().enumerate() {
            if w + i > 0 {
                out.push(',');
            }
            out.push_str(doc);
        }
    }
    if let Some(glossary) = &course.glossary {
        if !modules.is_empty() {
            out.push(',');
        }
        out.push_str(&glossary_json(glossary));
    }
    out.push_str("]};\n");
    out
}

/// The glossary's entry in the index: one sub-entry per term, like a module's sections.
fn glossary_json(glossary: &Glossary) -> String {
    let mut out = String::new();
    for (key, value) in [
        ("{\"m\":", "glossary"),
        (",\"t\":", &glossary.title),
        (",\"u\":", crate::glossary::PAGE),
        (",\"p\":", ""),
    ] {
        out.push_str(key);
        json_string(&mut out, value);
    }
    out.push_str(",\"s\":[");
    let mut doc = Entries { out, text: None };
    for term in &glossary.terms {
        doc.begin(&term.id, &term.label());
        doc.text(&term.html);
    }
    doc.end();
    doc.out.push_str("]}");
    doc.out
}

/// The length of a module's HTML and texts: more than its entries in the index take.
fn html_len(m: &Module) -> usize {
    let block = |b: &Block| match b {
        Block::Html(h) | Block::Trainer(h) | Block::Callout { html: h, .. } => h.len(),
        Block::Container {
            title_html, html, ..
        } => title_html.as_ref().map_or(0, String::len) + html.len() + 1,
        Block::Checklist(items) => items.iter().map(|i| i.html.len() + 8).sum(),
        Block::Footnotes { notes, .. } => notes.iter().map(|n| n.html.len()).sum(),
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

/// A module's entry in the index as JSON: `{"m": id, "t": title, "u": page, "p": part
/// title, "s": [{"a": anchor, "h": heading, "x": text}, ...]}`, written as the text is
/// taken from the HTML rather than gathered first.
fn doc_json(part: &Part, m: &Module, trainer: bool) -> String {
    let mut out = String::with_capacity(part.title.len() + html_len(m));
    for (key, value) in [
        ("{\"m\":", m.id.as_str()),
        (",\"t\":", &m.title),
        (",\"u\":", &module_page(&m.id)),
        (",\"p\":", &part.title),
    ] {
        out.push_str(key);
        json_string(&mut out, value);
    }
    out.push_str(",\"s\":[");
    let mut doc = Entries { out, text: None };
    for section in &m.sections {
        doc.begin(section.kind.id(), &text_of(&section.title_html));
        for block in &section.blocks {
            match block {
                Block::Html(html) => doc.split_at_headings(html),
                Block::Trainer(html) if trainer => doc.text(html),
                Block::Trainer(_) => {}
                Block::Callout { html, .. } => doc.text(html),
                Block::Container {
                    title_html, html, ..
                } => {
                    // One entry with the text around it: a heading inside a container
                    // would end the entry, and what follows the container would be
                    // found under the container's heading.
                    doc.text(title_html.as_deref().unwrap_or(""));
                    doc.text(html);
                }
                Block::Checklist(items) => items.iter().for_each(|i| doc.text(&i.html)),
                Block::Footnotes { notes, .. } => notes.iter().for_each(|n| doc.text(&n.html)),
                Block::Question(q) => {
                    doc.text(&q.prompt_html);
                    doc.text(&q.body_html);
                    if let Answer::Choice(options) = &q.answer {
                        options.iter().for_each(|o| doc.text(&o.html));
                    }
                }
            }
        }
    }
    doc.end();
    doc.out.push_str("]}");
    doc.out
}

/// The entries of one module being written.
struct Entries {
    out: String,
    /// Where the open entry's text starts in `out`, if an entry is open.
    text: Option<usize>,
}

impl Entries {
    /// Closes the open entry and opens the next one.
    fn begin(&mut self, anchor: &str, heading: &str) {
        if self.text.is_some() {
            self.out.push_str("\"},");
        }
        self.out.push_str("{\"a\":");
        json_string(&mut self.out, anchor);
        self.out.push_str(",\"h\":");
        json_string(&mut self.out, heading);
        self.out.push_str(",\"x\":\"");
        self.text = Some(self.out.len());
    }

    fn end(&mut self) {
        if self.text.take().is_some() {
            self.out.push_str("\"}");
        }
    }

    /// Adds the text of `html` to the open entry.
    fn text(&mut self, html: &str) {
        if let Some(start) = self.text {
            push_text(&mut self.out, html, start, true);
        }
    }

    /// `text`, starting a new entry at every `<h3>`..`<h6>` with an id.
    fn split_at_headings(&mut self, html: &str) {
        let mut rest = html;
        while let Some(at) = find_heading(rest) {
            self.text(&rest[..at]);
            let tag = &rest[at..];
            let close = tag.find('>').map_or(tag.len(), |i| i + 1);
            let id = tag[..close]
                .split("id=\"")
                .nth(1)
                .and_then(|s| s.split('"').next())
                .unwrap_or("");
            let level = &tag[2..3];
            let end_tag = format!("</h{level}>");
            let end = tag.find(&end_tag).unwrap_or(tag.len());
            self.begin(id, &text_of(&tag[close..end]));
            rest = &tag[(end + end_tag.len()).min(tag.len())..];
        }
        self.text(rest);
    }
}

/// Appends `text` as the inside of a JSON string, as serde_json writes it, with `<` also
/// escaped so that no text of the course can close the index's script element.
fn push_json(out: &mut String, text: &str) {
    /// Control characters as serde_json escapes them.
    const CONTROL: [&str; 32] = [
        "\\u0000", "\\u0001", "\\u0002", "\\u0003", "\\u0004", "\\u0005", "\\u0006", "\\u0007",
        "\\b", "\\t", "\\n", "\\u000b", "\\f", "\\r", "\\u000e", "\\u000f", "\\u0010", "\\u0011",
        "\\u0012", "\\u0013", "\\u0014", "\\u0015", "\\u0016", "\\u0017", "\\u0018", "\\u0019",
        "\\u001a", "\\u001b", "\\u001c", "\\u001d", "\\u001e", "\\u001f",
    ];
    html::push_replacing(out, text, |b| match b {
        b'"' => Some("\\\""),
        b'\\' => Some("\\\\"),
        b'<' => Some("\\u003c"),
        0..=0x1f => Some(CONTROL[usize::from(b)]),
        _ => None,
    });
}

/// `text` as a JSON string, quotes included.
fn json_string(out: &mut String, text: &str) {
    out.push('"');
    push_json(out, text);
    out.push('"');
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
    /// Plain, but escaped in JSON: `"`, `\` and control characters.
    Escape,
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
    class[b'"' as usize] = Class::Escape;
    class[b'\\' as usize] = Class::Escape;
    let mut c = 0;
    while c < 0x20 {
        if !matches!(class[c], Class::Break) {
            class[c] = Class::Escape;
        }
        c += 1;
    }
    class
};

/// The text of HTML: tags dropped (as word breaks), entities decoded, spaces collapsed.
/// One pass over runs of plain text, as it reads every page for the search index.
pub fn text_of(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    push_text(&mut out, html, 0, false);
    out
}

/// Appends the text of `html` to `out` (see `text_of`), after a space when `out` has
/// text since `from`; as the inside of a JSON string when `json` (runs of text hold no
/// byte JSON escapes, so only the few that do are escaped one by one).
fn push_text(out: &mut String, html: &str, from: usize, json: bool) {
    let start = out.len();
    // A break is owed (from a tag or whitespace) before the next word.
    let mut gap = false;
    let push = |out: &mut String, text: &str, gap: &mut bool| {
        if text.is_empty() {
            return;
        }
        if out.len() == start {
            if start > from {
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
                let decoded = match (&html[i..end], json) {
                    ("&amp;", _) => "&",
                    ("&lt;", false) => "<",
                    ("&lt;", true) => "\\u003c",
                    ("&gt;", _) => ">",
                    ("&quot;", false) => "\"",
                    ("&quot;", true) => "\\\"",
                    ("&#39;", _) => "'",
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
            Class::Escape if json => {
                push(out, &html[run..i], &mut gap);
                let mut escaped = String::new();
                push_json(&mut escaped, &html[i..i + 1]);
                push(out, &escaped, &mut gap);
                i += 1;
                run = i;
            }
            Class::Escape => i += 1,
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
        let mut doc = Entries {
            out: String::new(),
            text: None,
        };
        doc.begin("how", "How to do it");
        doc.split_at_headings(
            "<p>Intro</p><h3 id=\"step-one\">Step <code>one</code></h3><p>Do it</p><hr>",
        );
        doc.end();
        assert_eq!(
            doc.out,
            r#"{"a":"how","h":"How to do it","x":"Intro"},{"a":"step-one","h":"Step one","x":"Do it"}"#
        );
    }

    #[test]
    fn json_is_escaped_as_serde_json_does_and_never_closes_the_script() {
        let text = "quote \" backslash \\ tab\t nl\n cr\r bell\u{7} ff\u{c} bs\u{8} </script> é";
        let mut out = String::new();
        json_string(&mut out, text);
        let expected = serde_json::to_string(text).unwrap().replace('<', "\\u003c");
        assert_eq!(out, expected);
        // Text taken from HTML straight into JSON is the same as its plain text encoded.
        let html = "<p>say \"hi\" \\ back &lt;b&gt; &quot;q&quot;, ctrl\u{1} \"x\"</p>";
        let mut doc = Entries {
            out: String::new(),
            text: None,
        };
        doc.begin("a", "h");
        doc.text(html);
        doc.end();
        let plain = serde_json::to_string(&text_of(html))
            .unwrap()
            .replace('<', "\\u003c");
        assert_eq!(doc.out, format!(r#"{{"a":"a","h":"h","x":{plain}}}"#));
    }
}
