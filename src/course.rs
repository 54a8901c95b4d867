//! Source tree -> `Course`: parses every file (modules in parallel) and applies the
//! rules that span files (duplicate ids, links to anchors of other pages).

use std::borrow::Cow;
use std::collections::hash_map::DefaultHasher;
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Deserialize;

use crate::config::{self, Config};
use crate::diagnostics::Diagnostic;
use crate::frontmatter::{self, FrontMatter};
use crate::load::{self, PartSource, SourceFile, SourceTree};
use crate::markdown::{self, AnchorRef, Context, LinkTargets};
use crate::model::{Course, Module, Part, SectionKind};
use crate::quiz;
use crate::slug;

/// The output page of a module, relative to the site root.
pub fn module_page(id: &str) -> String {
    format!("modules/{id}.html")
}

/// Parsed modules kept between rebuilds: a module whose text and link targets have not
/// changed is not parsed again.
#[derive(Default)]
pub struct Cache {
    /// Hash of everything a module's parse depends on besides its own text.
    targets_key: u64,
    modules: HashMap<PathBuf, (u64, Arc<ModuleResult>)>,
}

fn hash_of(value: impl Hash) -> u64 {
    let mut h = DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

/// Parses the whole course. Returns the course when `course.toml` could be read, and
/// every problem found; the caller decides whether errors stop the build.
///
/// With a `cache`, modules whose text and link targets have not changed since the
/// cached parse are reused, and this parse is kept in it for the next.
pub fn parse(
    tree: &SourceTree,
    mut cache: Option<&mut Cache>,
) -> (Option<Course>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let config = tree
        .course_toml
        .as_ref()
        .and_then(|f| match config::parse(&f.path, &f.text) {
            Ok(c) => Some(c),
            Err(d) => {
                diagnostics.extend(d);
                None
            }
        });
    // Every module's front matter in parallel, whatever its part (with the part's index).
    let files: Vec<(usize, &SourceFile)> = tree
        .parts
        .iter()
        .enumerate()
        .flat_map(|(p, part)| part.modules.iter().map(move |f| (p, f)))
        .collect();
    // Each text is kept from here until its module is parsed, then let go.
    let parsed: Vec<(usize, Head, Cow<str>, Vec<Diagnostic>)> = files
        .par_iter()
        .map(|&(p, f)| match tree.module_text(f) {
            Ok(text) => {
                let (h, d) = head(f, &text);
                (p, h, text, d)
            }
            Err(d) => (p, Head::unread(f), Cow::Borrowed(""), vec![d]),
        })
        .collect();
    let mut flat = Vec::with_capacity(parsed.len());
    for (p, h, text, d) in parsed {
        diagnostics.extend(d);
        flat.push((p, h, text));
    }
    check_duplicate_ids(flat.iter().map(|(_, h, _)| h), &mut diagnostics);
    let mut pages: HashMap<std::ffi::OsString, String> = flat
        .iter()
        .map(|(_, h, _)| (h.file.path.clone().into_os_string(), module_page(&h.id)))
        .collect();
    pages.insert("index.md".into(), "index.html".into());
    let targets = LinkTargets {
        pages,
        assets: tree.assets.iter().cloned().collect(),
    };
    let shuffle = config.as_ref().is_some_and(|c| c.shuffle);

    if let Some(cache) = cache.as_deref_mut() {
        let mut sorted_pages: Vec<_> = targets.pages.iter().collect();
        sorted_pages.sort();
        let targets_key = hash_of((sorted_pages, &tree.assets, shuffle));
        if cache.targets_key != targets_key {
            cache.modules.clear();
            cache.targets_key = targets_key;
        }
    }
    let cached = cache.as_deref().map(|c| &c.modules);
    let results: Vec<(usize, u64, Arc<ModuleResult>)> = flat
        .into_par_iter()
        .map(|(p, h, text)| {
            let key = if cached.is_some() {
                hash_of(text.as_ref())
            } else {
                0
            };
            let result = match cached.and_then(|c| c.get(&h.file.path)) {
                Some((k, r)) if *k == key => Arc::clone(r),
                _ => Arc::new(module(&h, &text, &targets, shuffle)),
            };
            (p, key, result)
        })
        .collect();
    if let Some(cache) = cache {
        cache.modules = results
            .iter()
            .map(|(_, key, r)| (r.2.0.clone(), (*key, Arc::clone(r))))
            .collect();
    }

    // Anchors by file, borrowed from the results, to judge links to `#anchor`s. Keyed by
    // the paths' bytes (both sides are built from plain components), which hash much
    // faster than `Path`'s component by component.
    let mut all_anchors: HashMap<&std::ffi::OsStr, &HashSet<String>> = HashMap::new();
    let mut refs: Vec<(&Path, &AnchorRef)> = Vec::new();
    let mut modules_by_part: Vec<Vec<Arc<Module>>> =
        tree.parts.iter().map(|_| Vec::new()).collect();
    for (p, _, result) in &results {
        let (module, diags, (file, set, r)) = result.as_ref();
        modules_by_part[*p].extend(module.iter().cloned());
        diagnostics.extend(diags.iter().cloned());
        refs.extend(r.iter().map(|r| (file.as_path(), r)));
        if let Some(set) = set {
            all_anchors.insert(file.as_os_str(), set);
        }
    }
    let mut parts = Vec::new();
    for (source, modules) in tree.parts.iter().zip(modules_by_part) {
        parts.push(part(source, modules, &mut diagnostics));
    }
    let mut home = Vec::new();
    let mut home_body = None;
    if let Some(index) = &tree.index {
        let cx = Context {
            file: &index.path,
            page: "index.html",
            targets: &targets,
        };
        // Front matter is allowed on the home page too; its keys are not used there.
        let (text, offset) = match frontmatter::split(&index.path, &index.text) {
            Ok(split) => (split.body, split.body_offset),
            Err(d) => {
                diagnostics.push(d);
                (index.text.as_str(), 0)
            }
        };
        home_body = Some(markdown::parse(text, offset, &cx, &mut diagnostics));
    }
    if let (Some(body), Some(index)) = (&home_body, &tree.index) {
        home = markdown::blocks(&body.items);
        refs.extend(body.anchor_refs.iter().map(|r| (index.path.as_path(), r)));
        all_anchors.insert(index.path.as_os_str(), &body.anchors);
    }
    let broken: Vec<Diagnostic> = refs
        .par_iter()
        .filter_map(|(file, r)| {
            let set = all_anchors.get(r.target.as_os_str())?;
            if set.contains(&r.anchor) {
                return None;
            }
            let target = if r.target == *file {
                "this page".to_string()
            } else {
                format!("`{}`", r.target.display())
            };
            Some(
                Diagnostic::error(*file, r.span.clone(), format!("link to `#{}`: {target} has no such section or heading", r.anchor))
                    .with_help("link to a section (`#what`, `#why`, `#how`, `#test`, `#implement`), a heading's id or a question's id"),
            )
        })
        .collect();
    diagnostics.extend(broken);
    // The per-module parse records (anchors, links) of a large course are many small
    // allocations: freed on all threads rather than one by one here.
    drop((all_anchors, refs));
    results.into_par_iter().for_each(drop);
    if tree.parts.iter().all(|p| p.modules.is_empty()) && tree.course_toml.is_some() {
        diagnostics.push(
            Diagnostic::warning("course.toml", 0..0, "the course has no modules")
                .with_help("add a part folder such as `01-basics/` with a module `01-first.md`, or run `coursemark new module \"Title\"`"),
        );
    }
    crate::diagnostics::sort(&mut diagnostics);
    let course = config.map(|config: Config| Course {
        config,
        home,
        parts,
        assets: tree.assets.clone(),
    });
    (course, diagnostics)
}

/// A module's front matter, read before any body so links can find every page.
struct Head<'a> {
    file: &'a SourceFile,
    id: String,
    id_span: std::ops::Range<usize>,
    front: Option<(FrontMatter, std::ops::Range<usize>, usize)>,
}

impl<'a> Head<'a> {
    /// A module whose front matter could not be read: it keeps its file's id so links
    /// to it are not reported as broken too.
    fn unread(file: &'a SourceFile) -> Self {
        let name = file
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        Head {
            file,
            id: slug::slugify(load::strip_prefix(&name)),
            id_span: 0..0,
            front: None,
        }
    }
}

fn head<'a>(file: &'a SourceFile, text: &str) -> (Head<'a>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let unread = Head::unread(file);
    match frontmatter::split(&file.path, text) {
        Ok(split) => {
            diagnostics.extend(split.unknown_keys);
            let mut id = unread.id;
            let mut id_span = split.front_span.clone();
            if let Some(given) = &split.front.id {
                id_span = find_line(text, "id", split.front_span.clone());
                if slug::is_slug(given) {
                    id = given.clone();
                } else {
                    diagnostics.push(
                        Diagnostic::error(
                            &file.path,
                            id_span.clone(),
                            format!("module id `{given}` is not a plain name"),
                        )
                        .with_help(
                            "use lowercase letters, digits, `-` and `_` only, like `why-ocs`",
                        ),
                    );
                }
            }
            let head = Head {
                file,
                id,
                id_span,
                front: Some((split.front, split.front_span, split.body_offset)),
            };
            (head, diagnostics)
        }
        Err(d) => (unread, vec![d]),
    }
}

/// The span of a front-matter line starting with `key`, for errors about its value.
fn find_line(text: &str, key: &str, within: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let mut offset = within.start;
    for line in text.get(within.clone()).unwrap_or("").split_inclusive('\n') {
        if line.trim_start().starts_with(key) {
            return offset..offset + line.trim_end().len();
        }
        offset += line.len();
    }
    within.start..within.start
}

fn check_duplicate_ids<'a>(
    heads: impl Iterator<Item = &'a Head<'a>>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut seen: HashMap<&str, &Head> = HashMap::new();
    for h in heads {
        if let Some(first) = seen.get(h.id.as_str()) {
            diagnostics.push(
                Diagnostic::error(&h.file.path, h.id_span.clone(), format!(
                    "two modules have the id `{}`: {} and {}", h.id, first.file.path.display(), h.file.path.display()
                ))
                .with_related(&first.file.path, first.id_span.clone(), "the first module with this id")
                .with_help("give one of them its own `id` in the front matter; the id keys the learners' progress"),
            );
        } else {
            seen.insert(&h.id, h);
        }
    }
}

/// A module's file, its anchors (`None` when it could not be read, so links into it
/// are not judged) and its links to anchors.
type Anchors = (PathBuf, Option<HashSet<String>>, Vec<AnchorRef>);
type ModuleResult = (Option<Arc<Module>>, Vec<Diagnostic>, Anchors);

fn module(h: &Head, text: &str, targets: &LinkTargets, course_shuffle: bool) -> ModuleResult {
    let mut diagnostics = Vec::new();
    let path = &h.file.path;
    let Some((front, front_span, body_offset)) = &h.front else {
        return (None, diagnostics, (path.clone(), None, Vec::new()));
    };
    let title = match front.title.as_deref().map(str::trim) {
        Some(t) if !t.is_empty() => t.to_string(),
        _ => {
            let span = if front_span.is_empty() {
                0..0
            } else {
                front_span.start..front_span.start + 3
            };
            diagnostics.push(
                Diagnostic::error(path, span, "the module has no title")
                    .with_help("start the file with front matter such as:\n+++\ntitle = \"Why outcome-based customer success\"\n+++"),
            );
            String::new()
        }
    };
    let duration = front.duration.as_ref().and_then(|d| {
        let minutes = d.minutes();
        if minutes.is_none() {
            diagnostics.push(
                Diagnostic::warning(
                    path,
                    find_line(text, "duration", front_span.clone()),
                    "duration is not a number of minutes",
                )
                .with_help(
                    "write minutes as a number (`duration = 25`) or text like \"1 h 30 min\"",
                ),
            );
        }
        minutes
    });
    let page = module_page(&h.id);
    let cx = Context {
        file: path,
        page: &page,
        targets,
    };
    let body_text = &text[*body_offset..];
    let body = markdown::parse(body_text, *body_offset, &cx, &mut diagnostics);
    let cut = markdown::sections(&body.items, path, text.len(), &mut diagnostics);
    let intro = markdown::blocks(cut.intro);
    let sections = cut
        .sections
        .iter()
        .map(|(kind, heading, content, _)| {
            let blocks = match kind {
                SectionKind::Test => quiz::questions(content, path, &mut diagnostics),
                SectionKind::Implement => quiz::checklist(content, path, &mut diagnostics),
                _ => markdown::blocks(content),
            };
            markdown::section(*kind, heading, blocks)
        })
        .collect::<Vec<_>>();
    let module = Module {
        id: h.id.clone(),
        source: path.clone(),
        title,
        summary: front.summary.clone(),
        duration,
        objectives: front.objectives.clone(),
        shuffle: front.shuffle.unwrap_or(course_shuffle),
        intro,
        sections,
    };
    let mut anchors = body.anchors;
    anchors.extend(module.questions().map(|q| q.id.clone()));
    (
        Some(Arc::new(module)),
        diagnostics,
        (path.clone(), Some(anchors), body.anchor_refs),
    )
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct PartMeta {
    title: Option<String>,
    summary: Option<String>,
}

fn part(source: &PartSource, modules: Vec<Arc<Module>>, diagnostics: &mut Vec<Diagnostic>) -> Part {
    let meta = match &source.meta {
        None => PartMeta::default(),
        Some(file) => toml::from_str(&file.text).unwrap_or_else(|e| {
            diagnostics.push(
                Diagnostic::error(
                    &file.path,
                    e.span().unwrap_or(0..0),
                    format!("_part.toml: {}", e.message().trim()),
                )
                .with_help("_part.toml takes `title = \"...\"` and `summary = \"...\"`"),
            );
            PartMeta::default()
        }),
    };
    Part {
        title: meta.title.unwrap_or_else(|| title_from_dir(&source.dir)),
        summary: meta.summary,
        dir: source.dir.clone(),
        modules,
    }
}

/// `02-the-pilot` gives `The pilot`.
pub fn title_from_dir(dir: &str) -> String {
    let words = load::strip_prefix(dir).replace(['-', '_'], " ");
    let mut chars = words.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn part_titles_from_folders() {
        assert_eq!(title_from_dir("02-the-pilot"), "The pilot");
        assert_eq!(title_from_dir("basics"), "Basics");
    }
}
