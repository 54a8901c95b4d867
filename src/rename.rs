//! `coursemark mv`: a module file renamed or moved, and every link to it across the
//! course rewritten, each file otherwise kept byte for byte. The moved module's own
//! relative links follow it, and an id that came from the file name is pinned so the
//! learners keep their progress and `@id` links keep working.

use std::fs;
use std::io::{self, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag};

use crate::course::file_id;
use crate::diagnostics::line_col;
use crate::error::Error;
use crate::frontmatter;
use crate::load::{self, SourceFile};
use crate::url;

/// What a move changed, for the author to read.
#[derive(Debug, Default)]
pub struct Moved {
    /// Files whose links were rewritten (course-relative), with how many each.
    pub rewritten: Vec<(PathBuf, usize)>,
    /// The id pinned in the moved module's front matter, when its file name gave it.
    pub pinned_id: Option<String>,
    /// Links that point at the module but could not be rewritten in place (written with
    /// escapes or `<...>`): where they are, to fix by hand.
    pub by_hand: Vec<(PathBuf, usize)>,
}

/// Moves the module `old` to `new` (both course-relative) in the course `dir` and
/// rewrites every link to it. Refuses to overwrite a file, to move anything but a
/// module, and to move it out of the course's parts.
pub fn move_module(dir: &Path, old: &Path, new: &Path) -> Result<Moved, Error> {
    let refuse = |why: String| Err(Error::Refused(why));
    let tree = load::load(dir, &mut Vec::new())?;
    let modules: Vec<&SourceFile> = tree.parts.iter().flat_map(|p| &p.modules).collect();
    let Some(moved) = modules.iter().find(|m| m.path == old) else {
        return refuse(format!(
            "`{}` is not a module of the course in {}; name a module file, like `01-basics/02-first.md`",
            old.display(),
            dir.display()
        ));
    };
    if !load::is_markdown(&new.to_string_lossy()) {
        return refuse(format!(
            "`{}` does not end in `.md`; a module is a Markdown file",
            new.display()
        ));
    }
    let part = new.parent().and_then(|p| p.to_str()).unwrap_or("");
    if !tree.parts.iter().any(|p| p.dir == part) {
        return refuse(format!(
            "`{}` is not in a part folder of the course; move the module into one of {}",
            new.display(),
            tree.parts
                .iter()
                .map(|p| format!("`{}/`", p.dir))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if dir.join(new).exists() {
        return refuse(format!(
            "`{}` already exists; coursemark mv never overwrites a file",
            new.display()
        ));
    }
    let mut report = Moved::default();
    let old_url = url::path_to_url(old);
    let new_url = url::path_to_url(new);
    // The moved module: its links to itself and, when its folder changes, every other
    // relative link, follow it; its id is pinned when the file name gave it.
    let (mut text, count) = rewrite(&moved.text, old, |target| {
        let target = if target == old_url {
            new_url.as_str()
        } else {
            target
        };
        (target == new_url || old.parent() != new.parent()).then(|| url::relative(&new_url, target))
    });
    if file_id(old) != file_id(new)
        && let Some(pinned) = pin_id(&text, &file_id(old))
    {
        text = pinned;
        report.pinned_id = Some(file_id(old));
    }
    let others: Vec<&SourceFile> = modules
        .iter()
        .copied()
        .filter(|m| m.path != old)
        .chain(tree.index.iter())
        .chain(
            tree.glossary
                .iter()
                .filter(|g| load::is_markdown(&g.path.to_string_lossy())),
        )
        .collect();
    let mut edits = Vec::new();
    for file in others {
        let from = url::path_to_url(&file.path);
        let (changed, n) = rewrite(&file.text, &file.path, |target| {
            (target == old_url).then(|| url::relative(&from, &new_url))
        });
        report
            .by_hand
            .extend(n.by_hand.iter().map(|line| (file.path.clone(), *line)));
        if n.rewritten > 0 {
            report.rewritten.push((file.path.clone(), n.rewritten));
            edits.push((file.path.clone(), changed));
        }
    }
    report
        .by_hand
        .extend(count.by_hand.iter().map(|line| (new.to_path_buf(), *line)));
    // The new file first, created only if it is still not there; then the links to it;
    // the old file last, so an interruption never loses the module.
    let mut created = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(dir.join(new))
        .map_err(|e| with_path(&e, &dir.join(new)))?;
    created
        .write_all(text.as_bytes())
        .map_err(|e| with_path(&e, &dir.join(new)))?;
    for (path, text) in edits {
        replace(&dir.join(path), &text)?;
    }
    if count.rewritten > 0 {
        report
            .rewritten
            .insert(0, (new.to_path_buf(), count.rewritten));
    }
    fs::remove_file(dir.join(old)).map_err(|e| with_path(&e, &dir.join(old)))?;
    Ok(report)
}

fn with_path(e: &io::Error, path: &Path) -> Error {
    Error::Io(io::Error::new(e.kind(), format!("{}: {e}", path.display())))
}

/// Writes `text` over `path` through a file beside it, so the file is whole or as it was.
fn replace(path: &Path, text: &str) -> Result<(), Error> {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".coursemark-mv");
    let temporary = path.with_file_name(name);
    fs::write(&temporary, text).map_err(|e| with_path(&e, &temporary))?;
    fs::rename(&temporary, path).map_err(|e| with_path(&e, path))
}

/// How many links a rewrite changed, and the lines of those it could not.
#[derive(Default)]
struct Count {
    rewritten: usize,
    by_hand: Vec<usize>,
}

/// `text` (of the file `file`) with each relative link whose course-relative target
/// `to` maps to a new path rewritten to it (anchor and query kept).
fn rewrite(text: &str, file: &Path, to: impl Fn(&str) -> Option<String>) -> (String, Count) {
    let body = frontmatter::split(file, text).map_or(0, |s| s.body_offset);
    let mut count = Count::default();
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    for (span, at, dest) in destinations(&text[body..], body) {
        if dest.is_empty() || dest.starts_with(['#', '@', '/']) || url::is_external(&dest) {
            continue;
        }
        let (path, rest) = dest.split_at(dest.find(['#', '?']).unwrap_or(dest.len()));
        let decoded = url::percent_decode(path).unwrap_or_else(|| path.to_string());
        let Some(target) = url::resolve(file, &decoded) else {
            continue;
        };
        let Some(new_path) = to(&url::path_to_url(&target)) else {
            continue;
        };
        let written = format!("{}{rest}", new_path.replace(' ', "%20"));
        if written == dest {
            continue;
        }
        match span {
            Some(span) => {
                edits.push((span, written));
                count.rewritten += 1;
            }
            None => count.by_hand.push(line_col(text, at).0),
        }
    }
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0;
    edits.sort_by_key(|(span, _)| span.start);
    for (span, new) in edits {
        out.push_str(&text[at..span.start]);
        out.push_str(&new);
        at = span.end;
    }
    out.push_str(&text[at..]);
    (out, count)
}

/// A destination: its span as written in the file (`None` where it is not written as
/// the parser reads it: escapes, `<...>`), where its link starts, and the destination.
type Destination = (Option<Range<usize>>, usize, String);

/// Every link and image destination of a Markdown body found at `offset` of its file.
fn destinations(body: &str, offset: usize) -> Vec<Destination> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES;
    let parser = Parser::new_ext(body, options);
    let mut found = Vec::new();
    for (label_dest, span) in parser
        .reference_definitions()
        .iter()
        .map(|(_, def)| (def.dest.to_string(), def.span.clone()))
    {
        let written = body[span.clone()]
            .find("]:")
            .map(|colon| span.start + colon + 2);
        let at = written.and_then(|from| find_written(body, from, span.end, &label_dest, offset));
        found.push((at, offset + span.start, label_dest));
    }
    for (event, span) in parser.into_offset_iter() {
        if let Event::Start(
            Tag::Link {
                link_type: LinkType::Inline,
                dest_url,
                ..
            }
            | Tag::Image {
                link_type: LinkType::Inline,
                dest_url,
                ..
            },
        ) = event
        {
            let written = body[span.clone()]
                .rfind("](")
                .map(|open| span.start + open + 2);
            let dest = dest_url.to_string();
            let at = written.and_then(|from| find_written(body, from, span.end, &dest, offset));
            found.push((at, offset + span.start, dest));
        }
    }
    found
}

/// Where `dest` is written, as it is, after `from` (before `end`) in `body`: the first
/// thing after spaces; its span in the file.
fn find_written(
    body: &str,
    from: usize,
    end: usize,
    dest: &str,
    offset: usize,
) -> Option<Range<usize>> {
    let rest = body.get(from..end)?;
    let start = from + (rest.len() - rest.trim_start().len());
    body[start..end]
        .starts_with(dest)
        .then(|| offset + start..offset + start + dest.len())
}

/// `text` with `id = "ID"` (or `id: ID` in YAML) added as the front matter's first key,
/// or `None` when it has no front matter or already sets an id.
fn pin_id(text: &str, id: &str) -> Option<String> {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let first = text[bom..].split_inclusive('\n').next()?;
    let line = match first.trim_end() {
        "+++" => format!("id = \"{id}\"\n"),
        "---" => format!("id: {id}\n"),
        _ => return None,
    };
    let split = frontmatter::split(Path::new(""), text).ok()?;
    if split.front.id.is_some() {
        return None;
    }
    let at = bom + first.len();
    Some(format!("{}{line}{}", &text[..at], &text[at..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_rewritten_in_place_and_nothing_else() {
        let text = "+++\ntitle = \"A\"\n+++\n\n[b](02-b.md#how) and ![p](../assets/p.png) [c](02-b.md)\n\n[ref]: ./02-b.md \"T\"\n\n[r][ref] `[x](02-b.md)` [d](<02-b.md>)\n";
        let (out, count) = rewrite(text, Path::new("01-p/01-a.md"), |t| {
            (t == "01-p/02-b.md").then(|| "../02-q/09-b.md".to_string())
        });
        assert_eq!(count.rewritten, 3, "{out}");
        assert_eq!(
            count.by_hand,
            [9],
            "`<02-b.md>` is not written as the parser reads it"
        );
        assert_eq!(
            out,
            text.replace("(02-b.md#how)", "(../02-q/09-b.md#how)")
                .replace("[c](02-b.md)", "[c](../02-q/09-b.md)")
                .replace("./02-b.md", "../02-q/09-b.md")
        );
    }

    #[test]
    fn the_id_is_pinned_as_the_first_key() {
        assert_eq!(
            pin_id("+++\ntitle = \"A\"\n+++\nBody", "why").as_deref(),
            Some("+++\nid = \"why\"\ntitle = \"A\"\n+++\nBody")
        );
        assert_eq!(
            pin_id("---\ntitle: A\n---\n", "why").as_deref(),
            Some("---\nid: why\ntitle: A\n---\n")
        );
        assert_eq!(pin_id("+++\nid = \"x\"\n+++\n", "why"), None);
        assert_eq!(pin_id("No front matter", "why"), None);
    }
}
