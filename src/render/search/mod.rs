//! The search index, in shards so that a search loads a small part of a large course:
//! `search-index.js` says how many sections each module has, which modules each text
//! shard holds and the first word of each word shard; `search/wN.js` says where each
//! word occurs; `search/tN.js` holds the modules' titles, sections and text for the
//! results shown. All classic scripts, so search works from `file://` too. Trainer
//! notes are searchable in the trainer edition only.

mod postings;
mod terms;
mod text;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use self::postings::{Postings, push_number};
use self::text::{json_string, push_text};
use crate::error::Error;
use crate::model::{Answer, Block, Course, Glossary, Module, Part};
use crate::url::module_page;
use crate::write::OutputFile;

pub use self::text::text_of;

/// The index's dictionary, the one file a search always loads.
pub const INDEX: &str = "search-index.js";

/// About how large a text shard grows (one module may make it larger): a search shows
/// twelve results, each from the text shard of its module.
const TEXT_SHARD_BYTES: usize = 10 * 1024;

/// Writes the index of `course` to `sink`; with `kept`, each module's entry is taken
/// from it when the module is unchanged, and kept there for the next time.
pub fn files(
    course: &Course,
    trainer: bool,
    kept: Option<&KeptEntries>,
    sink: &(dyn Fn(OutputFile) -> Result<(), Error> + Sync),
) -> Result<(), Error> {
    let modules: Vec<_> = course
        .parts
        .iter()
        .flat_map(|part| part.modules.iter().map(move |m| (part, m)))
        .collect();
    let mut index = IndexWriter::new();
    // A window at a time: the modules' entries are made in parallel and added in order.
    for window in modules.chunks(WINDOW) {
        let docs: Vec<Arc<Doc>> = window
            .par_iter()
            .map(|(part, m)| match kept {
                Some(kept) => kept.doc(part, m, trainer),
                None => Arc::new(module_doc(part, m, trainer)),
            })
            .collect();
        index.add_docs(&docs, sink)?;
    }
    if let Some(kept) = kept {
        kept.keep_only(modules.iter().map(|(_, m)| *m));
    }
    index.finish(course.glossary.as_ref(), sink)
}

/// How many modules' entries are made in parallel, then added to the index in order.
const WINDOW: usize = 256;

/// The index written as a build parses the course, part by part in course order, so
/// the whole course is never held: the entries of the modules given so far wait in
/// `pending` until a window is full.
pub struct Index {
    writer: IndexWriter,
    pending: Vec<Arc<Doc>>,
    trainer: bool,
}

impl Index {
    pub fn new(trainer: bool) -> Self {
        Index {
            writer: IndexWriter::new(),
            pending: Vec::new(),
            trainer,
        }
    }

    /// Adds the modules of `part` that come next in the course.
    pub fn add(
        &mut self,
        part: &Part,
        modules: &[&Module],
        sink: &(dyn Fn(OutputFile) -> Result<(), Error> + Sync),
    ) -> Result<(), Error> {
        let trainer = self.trainer;
        self.pending.par_extend(
            modules
                .par_iter()
                .map(|m| Arc::new(module_doc(part, m, trainer))),
        );
        if self.pending.len() >= WINDOW {
            let docs = std::mem::take(&mut self.pending);
            self.writer.add_docs(&docs, sink)?;
        }
        Ok(())
    }

    /// Adds the glossary and writes what is left: the open shards and the dictionary.
    pub fn finish(
        mut self,
        glossary: Option<&Glossary>,
        sink: &(dyn Fn(OutputFile) -> Result<(), Error> + Sync),
    ) -> Result<(), Error> {
        let docs = std::mem::take(&mut self.pending);
        self.writer.add_docs(&docs, sink)?;
        self.writer.finish(glossary, sink)
    }
}

/// The modules' entries in the index, kept between rebuilds by `serve`: after an edit
/// only the modules that changed (a new allocation from the parse cache, or a new part
/// title) are read for the index again.
#[derive(Default)]
pub struct KeptEntries {
    /// By the module's address: the module (held, so the address is not reused), its
    /// part's title, the edition, and its entry.
    entries: Mutex<HashMap<usize, KeptEntry>>,
}

struct KeptEntry {
    module: Arc<Module>,
    part_title: String,
    trainer: bool,
    doc: Arc<Doc>,
}

impl KeptEntries {
    /// The entry of `m` in `part`, kept or made (and kept).
    fn doc(&self, part: &Part, m: &Arc<Module>, trainer: bool) -> Arc<Doc> {
        let key = Arc::as_ptr(m) as usize;
        let entries = || self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(kept) = entries().get(&key)
            && Arc::ptr_eq(&kept.module, m)
            && kept.part_title == part.title
            && kept.trainer == trainer
        {
            return Arc::clone(&kept.doc);
        }
        let doc = Arc::new(module_doc(part, m, trainer));
        entries().insert(
            key,
            KeptEntry {
                module: Arc::clone(m),
                part_title: part.title.clone(),
                trainer,
                doc: Arc::clone(&doc),
            },
        );
        doc
    }

    /// Lets go of the entries of modules no longer in the course.
    fn keep_only<'a>(&self, modules: impl Iterator<Item = &'a Arc<Module>>) {
        let live: std::collections::HashSet<usize> =
            modules.map(|m| Arc::as_ptr(m) as usize).collect();
        self.entries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|key, _| live.contains(key));
    }
}

/// The index being written, module by module in course order: each text shard goes to
/// the sink as soon as it is full; the words' lists are kept to the end.
struct IndexWriter {
    postings: HashMap<String, Postings>,
    /// Sections (entries) and modules added so far.
    sections: u32,
    modules: u32,
    /// How many sections each module has, as numbers.
    module_sections: String,
    /// How many modules each text shard holds, as numbers.
    shard_modules: String,
    /// The open text shard: its modules' JSON, and how many.
    open: String,
    open_modules: u32,
    shards: usize,
}

impl IndexWriter {
    fn new() -> Self {
        IndexWriter {
            postings: HashMap::new(),
            sections: 0,
            modules: 0,
            module_sections: String::new(),
            shard_modules: String::new(),
            open: String::new(),
            open_modules: 0,
            shards: 0,
        }
    }

    /// Adds the entries of the next modules (or the glossary): their words' lists, and
    /// their text to the open text shard.
    fn add_docs<D: std::ops::Deref<Target = Doc> + Sync>(
        &mut self,
        docs: &[D],
        sink: &(dyn Fn(OutputFile) -> Result<(), Error> + Sync),
    ) -> Result<(), Error> {
        // Each module's number and its first section's, then the words' lists of the
        // window gathered in parallel: one entry per word in the index's map, not one per
        // word of every section.
        let mut firsts = Vec::with_capacity(docs.len());
        for (module, doc) in (self.modules..).zip(docs) {
            firsts.push((module, self.sections));
            self.sections += doc.sections.len() as u32;
        }
        let window = docs
            .par_iter()
            .zip(firsts)
            .fold(
                HashMap::new,
                |mut map: HashMap<&str, Postings>, (doc, (module, first))| {
                    for word in &doc.title_words {
                        map.entry(word).or_default().titles.push(module);
                    }
                    for (section, (heading, text)) in (first..).zip(&doc.sections) {
                        for word in heading {
                            map.entry(word).or_default().headings.push(section);
                        }
                        for word in text {
                            map.entry(word).or_default().texts.push(section);
                        }
                    }
                    map
                },
            )
            // In order, so that each list stays ascending.
            .reduce(HashMap::new, |mut a, b| {
                for (word, p) in b {
                    a.entry(word).or_default().append(p);
                }
                a
            });
        for (word, p) in window {
            match self.postings.get_mut(word) {
                Some(all) => all.append(p),
                None => {
                    self.postings.insert(word.to_string(), p);
                }
            }
        }
        docs.iter().try_for_each(|doc| self.add(doc, sink))
    }

    /// Adds the glossary (after every module), then writes the word shards and the
    /// dictionary.
    fn finish(
        mut self,
        glossary: Option<&Glossary>,
        sink: &(dyn Fn(OutputFile) -> Result<(), Error> + Sync),
    ) -> Result<(), Error> {
        if let Some(glossary) = glossary {
            self.add_docs(&[Box::new(glossary_doc(glossary))], sink)?;
        }
        self.flush(sink)?;
        let (shards, firsts) = postings::shards(std::mem::take(&mut self.postings));
        for (n, json) in shards.into_iter().enumerate() {
            sink(shard_file('w', n, &json))?;
        }
        let mut out =
            String::from("window.cm = window.cm || {};\nwindow.cm.searchIndex = {\"sections\":");
        json_string(&mut out, &self.module_sections);
        out.push_str(",\"texts\":");
        json_string(&mut out, &self.shard_modules);
        out.push_str(",\"words\":[");
        for (i, first) in firsts.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            json_string(&mut out, first);
        }
        out.push_str("]};\n");
        sink(OutputFile {
            path: INDEX.into(),
            bytes: out.into_bytes(),
        })
    }

    fn add(
        &mut self,
        doc: &Doc,
        sink: &(dyn Fn(OutputFile) -> Result<(), Error> + Sync),
    ) -> Result<(), Error> {
        self.modules += 1;
        push_number(&mut self.module_sections, doc.sections.len() as u32);
        if self.open_modules > 0 {
            self.open.push(',');
        }
        self.open.push_str(&doc.json);
        self.open_modules += 1;
        if self.open.len() >= TEXT_SHARD_BYTES {
            self.flush(sink)?;
        }
        Ok(())
    }

    /// Writes the open text shard, if it holds a module.
    fn flush(
        &mut self,
        sink: &(dyn Fn(OutputFile) -> Result<(), Error> + Sync),
    ) -> Result<(), Error> {
        if self.open_modules == 0 {
            return Ok(());
        }
        let json = format!("[{}]", std::mem::take(&mut self.open));
        sink(shard_file('t', self.shards, &json))?;
        push_number(&mut self.shard_modules, self.open_modules);
        self.open_modules = 0;
        self.shards += 1;
        Ok(())
    }
}

/// A shard: `search/{kind}{n}.js`, handing its JSON to the search script.
fn shard_file(kind: char, n: usize, json: &str) -> OutputFile {
    OutputFile {
        path: format!("search/{kind}{n}.js"),
        bytes: format!("window.cm.searchShard(\"{kind}{n}\",{json});\n").into_bytes(),
    }
}

/// One module's (or the glossary's) entry: its JSON for a text shard and its words.
struct Doc {
    json: String,
    title_words: Vec<String>,
    /// Each section's words: of its heading, of its text.
    sections: Vec<(Vec<String>, Vec<String>)>,
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
fn glossary_doc(glossary: &Glossary) -> Doc {
    let mut doc = doc_head(0, "glossary", &glossary.title, crate::glossary::PAGE, "");
    for term in &glossary.terms {
        doc.begin(&term.id, &term.label());
        doc.text(&term.html);
    }
    doc.finish(&glossary.title)
}

/// A module's entry in the index: `{"m": id, "t": title, "u": page, "p": part title,
/// "s": [{"a": anchor, "h": heading, "x": text}, ...]}`.
fn module_doc(part: &Part, m: &Module, trainer: bool) -> Doc {
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

    /// A module with no body, titled "Café".
    fn cafe() -> Module {
        Module {
            id: "m".into(),
            source: "01-p/m.md".into(),
            title: "Café".into(),
            title_html: "Café".into(),
            summary: None,
            duration: None,
            objectives: vec![],
            shuffle: false,
            draft: false,
            intro: vec![],
            sections: vec![],
        }
    }

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

    #[test]
    fn a_kept_entry_is_made_again_only_when_its_module_or_part_title_changed() {
        let kept = KeptEntries::default();
        let mut part = Part {
            dir: "01-p".into(),
            title: "Part".into(),
            summary: None,
            modules: vec![],
        };
        let m = Arc::new(cafe());
        let first = kept.doc(&part, &m, false);
        assert!(Arc::ptr_eq(&first, &kept.doc(&part, &m, false)), "kept");
        let edited = Arc::new(Module {
            title: "Tea".into(),
            ..(*m).clone()
        });
        let made = kept.doc(&part, &edited, false);
        assert!(made.json.contains("Tea"), "an edited module's entry is new");
        assert!(!Arc::ptr_eq(&first, &kept.doc(&part, &m, true)), "edition");
        part.title = "Renamed".into();
        assert!(kept.doc(&part, &edited, true).json.contains("Renamed"));
        kept.keep_only([&edited].into_iter());
        assert_eq!(kept.entries.lock().unwrap().len(), 1);
    }

    #[test]
    fn the_index_is_a_dictionary_and_shards() {
        let files = std::sync::Mutex::new(Vec::new());
        let mut index = IndexWriter::new();
        let part = Part {
            dir: "01-p".into(),
            title: "Part".into(),
            summary: None,
            modules: vec![],
        };
        let sink = |f: OutputFile| {
            files.lock().unwrap().push(f);
            Ok(())
        };
        let m = cafe();
        index
            .add_docs(&[&module_doc(&part, &m, false)], &sink)
            .unwrap();
        index.finish(None, &sink).unwrap();
        let files: Vec<(String, String)> = files
            .into_inner()
            .unwrap()
            .into_iter()
            .map(|f| (f.path, String::from_utf8(f.bytes).unwrap()))
            .collect();
        assert_eq!(
            files,
            [
                (
                    "search/t0.js".to_string(),
                    r#"window.cm.searchShard("t0",[{"m":"m","t":"Café","u":"modules/m.html","p":"Part","s":[]}]);"#.to_string() + "\n"
                ),
                (
                    "search/w0.js".to_string(),
                    r#"window.cm.searchShard("w0",{"cafe":"A,,"});"#.to_string() + "\n"
                ),
                (
                    INDEX.to_string(),
                    "window.cm = window.cm || {};\nwindow.cm.searchIndex = {\"sections\":\"A\",\"texts\":\"B\",\"words\":[\"\"]};\n".to_string()
                ),
            ]
        );
    }
}
