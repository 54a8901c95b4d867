//! The second pass over the modules: every body parsed in parallel, reusing the modules
//! a cache kept (`serve`), or part by part, each part given to a build as soon as it is
//! parsed so that a large course is never held whole (`build`).

use std::borrow::Cow;
use std::collections::HashMap;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use super::head::Head;
use super::module::{ParsedModule, parse, unparsed};
use crate::diagnostics::Diagnostic;
use crate::load::SourceTree;
use crate::markdown::LinkTargets;
use crate::model::{Glossary, Module};

/// ParsedModule modules kept between rebuilds: a module whose text and link targets have not
/// changed is not parsed again.
#[derive(Default)]
pub struct Cache {
    /// Hash of everything a module's parse depends on besides its own text.
    targets_key: u64,
    modules: HashMap<PathBuf, (u64, Arc<ParsedModule>)>,
    /// The quiz-quality warnings of the modules, judged again only when they changed.
    pub quality: crate::quality::Kept,
}

/// How the modules are parsed: all at once, reusing those `cache` kept (`serve`), or
/// part by part, each given to `Each` as soon as it is parsed (`build`).
pub enum Pass<'p> {
    Whole(Option<&'p mut Cache>),
    Parts(&'p Each<'p>),
}

/// What a build does with each part as soon as its modules are parsed, so that a large
/// course is never held whole: it renders them.
pub struct Each<'e> {
    /// Gets the part's modules, parsed whole, in course order.
    pub give: &'e (dyn Fn(&[&Module]) + Sync),
    /// Then the course keeps of them only what `Module::lighten` keeps.
    pub lighten: bool,
}

/// A module to parse: the index of its part, its head and its text.
pub struct Source<'a> {
    pub part: usize,
    pub head: Head<'a>,
    pub text: Text<'a>,
}

/// A module's text as its head was read from it: held, or to be read again.
pub enum Text<'a> {
    Held(Cow<'a, str>),
    /// A deferred text, read again when its module is parsed; its `key` then, so a file
    /// changed in between is not parsed with a head read from another text.
    Again(u64),
}

impl Text<'_> {
    /// The key of a text read again: its length and hash.
    pub fn key(text: &str) -> u64 {
        xxhash_rust::xxh3::xxh3_64_with_seed(text.as_bytes(), text.len() as u64)
    }
}

fn hash_of(value: impl Hash) -> u64 {
    let mut h = DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

/// Parses every module in parallel (each text let go once its module is parsed, and read
/// again from `tree` when its head was read from a deferred one), with the index of its
/// part. With a `cache`, modules whose text and link targets are
/// unchanged are reused, and this parse is kept in it for the next.
pub fn parse_all(
    tree: &SourceTree,
    sources: Vec<Source>,
    targets: &LinkTargets,
    glossary: Option<&Glossary>,
    shuffle: bool,
    smart_punctuation: bool,
    pass: Pass,
) -> Vec<(usize, Arc<ParsedModule>)> {
    let (mut cache, each) = match pass {
        Pass::Whole(cache) => (cache, None),
        Pass::Parts(each) => (None, Some(each)),
    };
    if let Some(cache) = cache.as_deref_mut() {
        let mut sorted_pages: Vec<_> = targets.pages.iter().collect();
        sorted_pages.sort();
        let mut facts: Vec<_> = targets.facts.iter().collect();
        facts.sort();
        let mut drafts: Vec<_> = targets.drafts.iter().collect();
        drafts.sort();
        let targets_key = hash_of((
            sorted_pages,
            drafts,
            &tree.assets,
            facts,
            glossary,
            shuffle,
            smart_punctuation,
        ));
        if cache.targets_key != targets_key {
            cache.modules.clear();
            cache.targets_key = targets_key;
        }
    }
    let cached = cache.as_deref().map(|c| &c.modules);
    let parse_one = |Source { part, head, text }: Source| {
        let text = match text {
            Text::Held(text) => text,
            Text::Again(key) => match read_again(tree, &head, key) {
                Ok(text) => Cow::Owned(text),
                Err(d) => return (part, 0, Arc::new(unparsed(&head, vec![d]))),
            },
        };
        let key = if cached.is_some() {
            Text::key(&text)
        } else {
            0
        };
        let result = match cached.and_then(|c| c.get(&head.file.path)) {
            Some((k, r)) if *k == key => Arc::clone(r),
            _ => Arc::new(parse(
                &head,
                &text,
                targets,
                glossary,
                shuffle,
                smart_punctuation,
            )),
        };
        (part, key, result)
    };
    let results: Vec<(usize, u64, Arc<ParsedModule>)> = match each {
        None => sources.into_par_iter().map(parse_one).collect(),
        Some(each) => {
            let mut results = Vec::with_capacity(sources.len());
            let mut parts: Vec<Vec<Source>> = Vec::new();
            for s in sources {
                match parts.last_mut() {
                    Some(part) if part[0].part == s.part => part.push(s),
                    _ => parts.push(vec![s]),
                }
            }
            // Each part is given while the next one is parsed, so that the cores stay
            // busy through a part's last pages.
            let mut parsed: Option<Vec<_>> = None;
            for next in parts.into_iter().map(Some).chain([None]) {
                let (next, ()) = rayon::join(
                    || next.map(|part| part.into_par_iter().map(parse_one).collect()),
                    || {
                        if let Some(part) = &parsed {
                            let whole: Vec<&Module> = part
                                .iter()
                                .filter_map(|(_, _, r): &(_, _, Arc<ParsedModule>)| {
                                    r.module.as_deref()
                                })
                                .collect();
                            (each.give)(&whole);
                        }
                    },
                );
                if let Some(mut part) = parsed.take() {
                    if each.lighten {
                        part.iter_mut().for_each(|(_, _, r)| lighten(r));
                    }
                    results.append(&mut part);
                }
                parsed = next;
            }
            results
        }
    };
    if let Some(cache) = cache {
        cache.modules = results
            .iter()
            .map(|(_, key, r)| (r.page.file.clone(), (*key, Arc::clone(r))))
            .collect();
    }
    results.into_iter().map(|(p, _, r)| (p, r)).collect()
}

/// Keeps of a module given whole to a build only what `Module::lighten` keeps.
fn lighten(parsed: &mut Arc<ParsedModule>) {
    if let Some(m) = Arc::get_mut(parsed)
        .and_then(|r| r.module.as_mut())
        .and_then(Arc::get_mut)
    {
        m.lighten();
    }
}

/// The text of a module read again (see `Text::Again`), the same as its head was read
/// from.
fn read_again(tree: &SourceTree, head: &Head, key: u64) -> Result<String, Diagnostic> {
    let text = tree.module_text(head.file)?.into_owned();
    if Text::key(&text) == key {
        return Ok(text);
    }
    Err(Diagnostic::error(
        &head.file.path,
        0..0,
        "the file changed while it was being read",
    )
    .with_help("run again once the file is saved"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::SourceFile;

    #[test]
    fn a_text_read_again_is_parsed_only_when_it_is_the_one_its_head_came_from() {
        let dir = std::env::temp_dir().join(format!("cm-read-again-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let first = "+++\ntitle = \"A\"\n+++\nText\n";
        std::fs::write(dir.join("a.md"), first).unwrap();
        let tree = SourceTree {
            deferred: Some(dir.clone()),
            ..SourceTree::default()
        };
        let file = SourceFile {
            path: "a.md".into(),
            text: String::new(),
        };
        let (head, _) = Head::read(&file, first);
        let key = Text::key(first);
        assert_eq!(read_again(&tree, &head, key).as_deref(), Ok(first));
        // Saved in between: the head read from the first text does not fit the second.
        std::fs::write(
            dir.join("a.md"),
            "+++\ntitle = \"A longer title\"\n+++\nText\n",
        )
        .unwrap();
        let problem = read_again(&tree, &head, key).expect_err("the file changed");
        assert!(problem.message.contains("changed while it was being read"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
