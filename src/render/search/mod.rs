//! The search index, in shards so that a search loads a small part of a large course:
//! `search-index.js` says how many sections each module has, which modules each text
//! shard holds and the first word of each word shard; `search/wN.js` says where each
//! word occurs; `search/tN.js` holds the modules' titles, sections and text for the
//! results shown. All classic scripts, so search works from `file://` too. Trainer
//! notes are searchable in the trainer edition only.

mod doc;
mod postings;
mod terms;
mod text;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use self::doc::{Doc, glossary_doc, module_doc};
use self::postings::{Postings, push_number};
use self::text::json_string;
use crate::error::Error;
use crate::model::{Course, Glossary, Module, Part};
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
