//! One module's (or the glossary's) entry in the index: its sections' text as JSON for
//! a text shard, and the words of its title and of each section for the word shards.

use super::terms;
use super::text::{json_string, push_text, text_of};
use crate::model::{Answer, Block, Glossary, Module, Part};
use crate::url::module_page;

/// One module's (or the glossary's) entry: its JSON for a text shard and its words.
pub struct Doc {
    pub json: String,
    pub title_words: Vec<String>,
    /// Each section's words: of its heading, of its text.
    pub sections: Vec<(Vec<String>, Vec<String>)>,
}

/// The words of `text` that a query word can start, once each.
fn words_of(text: &str) -> Vec<String> {
    let folded = terms::fold(text);
    let mut words = Vec::new();
    terms::words(&folded, &mut words);
    words.sort_unstable();
    words.dedup();
    words.into_iter().map(str::to_string).collect()
}

/// The start of a doc's JSON: `{"m": id, "t": title, "u": page, "p": part title, "s": [`.
fn doc_head(capacity: usize, id: &str, title: &str, page: &str, part: &str) -> Entries {
    let mut out = String::with_capacity(capacity);
    for (key, value) in [
        ("{\"m\":", id),
        (",\"t\":", title),
        (",\"u\":", page),
        (",\"p\":", part),
    ] {
        out.push_str(key);
        json_string(&mut out, value);
    }
    out.push_str(",\"s\":[");
    Entries {
        out,
        open: None,
        sections: Vec::new(),
    }
}

/// The glossary's entry in the index: one section per term, like a module's sections.
pub fn glossary_doc(glossary: &Glossary) -> Doc {
    let mut doc = doc_head(0, "glossary", &glossary.title, crate::glossary::PAGE, "");
    for term in &glossary.terms {
        doc.begin(&term.id, &term.label());
        doc.text(&term.html);
    }
    doc.finish(&glossary.title)
}

/// A module's entry in the index: `{"m": id, "t": title, "u": page, "p": part title,
/// "s": [{"a": anchor, "h": heading, "x": text}, ...]}`.
pub fn module_doc(part: &Part, m: &Module, trainer: bool) -> Doc {
    let capacity = part.title.len() + html_len(m);
    let mut doc = doc_head(capacity, &m.id, &m.title, &module_page(&m.id), &part.title);
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
    doc.finish(&m.title)
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

/// The sections of one doc being written.
struct Entries {
    out: String,
    /// The open section: its heading's words and its text so far.
    open: Option<(Vec<String>, String)>,
    sections: Vec<(Vec<String>, Vec<String>)>,
}

impl Entries {
    /// Closes the open section and opens the next one.
    fn begin(&mut self, anchor: &str, heading: &str) {
        self.end();
        if !self.sections.is_empty() {
            self.out.push(',');
        }
        self.out.push_str("{\"a\":");
        json_string(&mut self.out, anchor);
        self.out.push_str(",\"h\":");
        json_string(&mut self.out, heading);
        self.out.push_str(",\"x\":");
        self.open = Some((words_of(heading), String::new()));
    }

    fn end(&mut self) {
        if let Some((heading, text)) = self.open.take() {
            json_string(&mut self.out, &text);
            self.out.push('}');
            self.sections.push((heading, words_of(&text)));
        }
    }

    /// The doc, its sections closed.
    fn finish(mut self, title: &str) -> Doc {
        self.end();
        self.out.push_str("]}");
        Doc {
            json: self.out,
            title_words: words_of(title),
            sections: self.sections,
        }
    }

    /// Adds the text of `html` to the open section.
    fn text(&mut self, html: &str) {
        if let Some((_, text)) = &mut self.open {
            push_text(text, html, 0);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sub_headings_become_entries() {
        let mut doc = doc_head(0, "m", "A module", "modules/m.html", "Part");
        doc.begin("how", "How to do it");
        doc.split_at_headings(
            "<p>Intro</p><h3 id=\"step-one\">Step <code>one</code></h3><p>Do it</p><hr>",
        );
        let doc = doc.finish("A module");
        assert_eq!(
            doc.json,
            r#"{"m":"m","t":"A module","u":"modules/m.html","p":"Part","s":[{"a":"how","h":"How to do it","x":"Intro"},{"a":"step-one","h":"Step one","x":"Do it"}]}"#
        );
        assert_eq!(doc.title_words, ["a", "module"]);
        let words = |s: &[&str]| s.iter().map(|w| w.to_string()).collect::<Vec<_>>();
        assert_eq!(
            doc.sections,
            [
                (words(&["do", "how", "it", "to"]), words(&["intro"])),
                (words(&["one", "step"]), words(&["do", "it"])),
            ]
        );
    }
}
