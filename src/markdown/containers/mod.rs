//! Containers: finds trainer blocks (```` ```trainer ```` fences and `::: trainer`) and
//! the course containers learners see (`::: example`, `::: case`, `::: template`), at
//! the start of a line and outside code, and cuts a body into chunks. Any other `:::`
//! name, a miscapitalised one, or a container where it cannot work (in a list item,
//! inside another) is an error, so no trainer note reaches learners as plain text.

use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{Event, Options, Parser, Tag};

use crate::diagnostics::Diagnostic;
use crate::model::{ContainerKind, SectionKind};

mod mistakes;

use mistakes::mistake;

/// What a chunk of a body is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Plain,
    /// Facilitator notes: only in the trainer edition.
    Trainer,
    /// A course container, shown to learners as a labelled block.
    Course(ContainerKind),
}

impl Kind {
    /// Plain text of the body (not inside any container).
    pub fn is_plain(self) -> bool {
        self == Kind::Plain
    }
}

/// A piece of a body: plain Markdown, or the inside of a container.
pub struct Chunk {
    /// The Markdown to parse.
    pub range: Range<usize>,
    /// With the container's first and last lines, for errors about it and its title.
    pub outer: Range<usize>,
    pub kind: Kind,
}

/// The names `:::` takes: trainer notes, then the course containers.
fn names() -> impl Iterator<Item = &'static str> {
    std::iter::once("trainer").chain(ContainerKind::ALL.map(ContainerKind::name))
}

/// A code fence: its character (`` ` `` or `~`) and how many of them open it.
#[derive(Clone, Copy)]
struct Fence {
    c: char,
    n: usize,
}

/// Where the line scanner is. `open` is where a trainer block's first line starts and
/// `inner` where its content does (both relative to the body).
enum State {
    Plain,
    /// Inside a code fence, where trainer markers are text.
    Code(Fence),
    /// Inside a ```` ```trainer ```` fence.
    TrainerFence {
        fence: Fence,
        open: usize,
        inner: usize,
    },
    /// Inside a `:::` container, perhaps in a code fence.
    Container {
        of: Of,
        open: usize,
        inner: usize,
        code: Option<Fence>,
    },
}

/// Which `:::` container the scanner is in.
#[derive(Clone, Copy)]
enum Of {
    /// `::: trainer`, `depth` containers deep: inside it, other containers nest.
    Trainer {
        depth: usize,
    },
    Course(ContainerKind),
}

/// A line as the scanner reads it: where it starts and ends in the body, its indent and
/// its text without the indent and the line end.
struct Line<'a> {
    start: usize,
    end: usize,
    indent: usize,
    bare: &'a str,
}

impl Line<'_> {
    fn closes(&self, fence: Fence) -> bool {
        self.indent < 4 && fence_closes(self.bare, fence)
    }

    fn opens_fence(&self) -> Option<(Fence, &str)> {
        if self.indent < 4 {
            fence_open(self.bare)
        } else {
            None
        }
    }
}

/// What a line does to the chunks: opens a container (ending the plain chunk before it)
/// or closes one.
enum Edge {
    None,
    Opens,
    Closes {
        open: usize,
        inner: usize,
        kind: Kind,
    },
}

impl State {
    /// The state after `line`, and what it did.
    fn next(self, line: &Line) -> (State, Edge) {
        match self {
            State::Plain => State::after_plain(line),
            State::Code(fence) if line.closes(fence) => (State::Plain, Edge::None),
            State::Code(fence) => (State::Code(fence), Edge::None),
            State::TrainerFence { fence, open, inner } if line.closes(fence) => {
                let kind = Kind::Trainer;
                (State::Plain, Edge::Closes { open, inner, kind })
            }
            state @ State::TrainerFence { .. } => (state, Edge::None),
            State::Container {
                of,
                open,
                inner,
                code,
            } => State::in_container(line, of, open, inner, code),
        }
    }

    fn after_plain(line: &Line) -> (State, Edge) {
        if let Some((fence, info)) = line.opens_fence() {
            if info == "trainer" {
                let state = State::TrainerFence {
                    fence,
                    open: line.start,
                    inner: line.end,
                };
                (state, Edge::Opens)
            } else {
                (State::Code(fence), Edge::None)
            }
        } else if line.indent != 0 {
            (State::Plain, Edge::None)
        } else if let Some(name) = container_name(line.bare) {
            let (open, inner) = (line.start, line.end);
            let of = match ContainerKind::from_name(name) {
                _ if name == "trainer" => Of::Trainer { depth: 1 },
                Some(kind) => Of::Course(kind),
                // An unknown name: reported by `mistake`, its text stays plain.
                None => return (State::Plain, Edge::None),
            };
            let state = State::Container {
                of,
                open,
                inner,
                code: None,
            };
            (state, Edge::Opens)
        } else {
            (State::Plain, Edge::None)
        }
    }

    /// A line in a container: in a code fence, the fence's end or code; outside one, a
    /// fence, the container's end, (in a trainer container) a nested container's start or
    /// end, or content.
    fn in_container(
        line: &Line,
        of: Of,
        open: usize,
        inner: usize,
        code: Option<Fence>,
    ) -> (State, Edge) {
        // Only a line outside code that opens no fence can open or close a container.
        let (code, edge) = match code {
            Some(fence) => ((!line.closes(fence)).then_some(fence), false),
            None => {
                let code = line.opens_fence().map(|(fence, _)| fence);
                (code, code.is_none() && line.indent == 0)
            }
        };
        let of = match of {
            Of::Trainer { depth } if edge && is_close(line.bare) && depth > 1 => {
                Of::Trainer { depth: depth - 1 }
            }
            Of::Trainer { depth } if edge && container_name(line.bare).is_some() => {
                Of::Trainer { depth: depth + 1 }
            }
            of if edge && is_close(line.bare) => {
                let kind = of.kind();
                return (State::Plain, Edge::Closes { open, inner, kind });
            }
            of => of,
        };
        let state = State::Container {
            of,
            open,
            inner,
            code,
        };
        (state, Edge::None)
    }
}

impl Of {
    /// The kind of chunk the container's inside is.
    fn kind(self) -> Kind {
        match self {
            Of::Trainer { .. } => Kind::Trainer,
            Of::Course(kind) => Kind::Course(kind),
        }
    }
}

/// Cuts `text` (found at byte `offset` of `file`) into plain, trainer and course
/// container chunks. A container never closed is reported, and runs to the end of the
/// body.
pub fn split(
    text: &str,
    offset: usize,
    file: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Chunk> {
    let mut chunks = Vec::new();
    let mut plain_start = 0;
    let mut state = State::Plain;
    let mut pos = 0;
    // The first of the five sections' headings inside the open container: an unclosed
    // one is read as ending there, so the sections after it are not lost to it.
    let mut section_inside: Option<(usize, SectionKind)> = None;
    for text_line in text.split_inclusive('\n') {
        let trimmed = text_line.trim_end();
        let line = Line {
            start: pos,
            end: pos + text_line.len(),
            indent: trimmed.len() - trimmed.trim_start().len(),
            bare: trimmed.trim_start(),
        };
        pos = line.end;
        // Not in code or a trainer block, where `:::` and fences are the text's own.
        let checked = match &state {
            State::Plain => Some(None),
            State::Container {
                of: Of::Course(kind),
                code: None,
                ..
            } => Some(Some(*kind)),
            _ => None,
        };
        if let Some(inside) = checked
            && let Some(mistake) = mistake(&line, inside, offset, file)
        {
            diagnostics.push(mistake);
        }
        let in_markdown = matches!(
            state,
            State::TrainerFence { .. } | State::Container { code: None, .. }
        );
        if in_markdown && section_inside.is_none() && line.indent == 0 {
            section_inside = section_heading(line.bare).map(|kind| (line.start, kind));
        }
        let (next, edge) = state.next(&line);
        match edge {
            Edge::None => {}
            Edge::Opens => push_plain(&mut chunks, plain_start, line.start, offset),
            Edge::Closes { open, inner, kind } => {
                section_inside = None;
                chunks.push(Chunk {
                    range: offset + inner..offset + line.start,
                    outer: offset + open..offset + line.end,
                    kind,
                });
                plain_start = line.end;
            }
        }
        state = next;
    }
    let unclosed = match state {
        State::TrainerFence { open, inner, .. } => Some((open, inner, Kind::Trainer)),
        State::Container {
            of, open, inner, ..
        } => Some((open, inner, of.kind())),
        State::Plain | State::Code(_) => None,
    };
    match unclosed {
        Some((open, inner, kind)) => {
            let first_line = text[open..].find('\n').map_or(text.len(), |i| open + i);
            let (what, help) = match kind {
                Kind::Course(kind) => (
                    format!("`::: {}`", kind.name()),
                    "end it with a line of just `:::`",
                ),
                _ => (
                    "trainer block".to_string(),
                    "end it with a line of just `:::` (or the closing fence of a ```trainer block)",
                ),
            };
            let (end, help) = match section_inside {
                Some((at, section)) => (
                    at,
                    format!(
                        "{help} before `## {}`, which it runs into",
                        section.default_title()
                    ),
                ),
                None => (text.len(), help.to_string()),
            };
            diagnostics.push(
                Diagnostic::error(
                    file,
                    offset + open..offset + first_line,
                    format!("{what} is never closed"),
                )
                .with_help(help),
            );
            // The block runs to the next section, or to the end: for trainer notes, out
            // of the learner site rather than leaked.
            chunks.push(Chunk {
                range: offset + inner..offset + end,
                outer: offset + open..offset + end,
                kind,
            });
            push_plain(&mut chunks, end, text.len(), offset);
        }
        None => push_plain(&mut chunks, plain_start, text.len(), offset),
    }
    chunks
}

/// A course container's title: the words after its name on its first line
/// (`::: case Medora` gives `Medora`).
pub fn title(first_line: &str) -> Option<&str> {
    let rest = first_line
        .trim()
        .strip_prefix(":::")?
        .trim_start_matches(':');
    let name = rest.split_whitespace().next()?;
    let title = rest.trim_start()[name.len()..].trim();
    (!title.is_empty()).then_some(title)
}

fn push_plain(chunks: &mut Vec<Chunk>, start: usize, end: usize, offset: usize) {
    if end > start {
        chunks.push(Chunk {
            range: offset + start..offset + end,
            outer: offset + start..offset + end,
            kind: Kind::Plain,
        });
    }
}

/// A fence line: its fence and info word.
fn fence_open(line: &str) -> Option<(Fence, &str)> {
    let c = line.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let n = line.chars().take_while(|x| *x == c).count();
    let info = line[n..].trim();
    (n >= 3 && !(c == '`' && info.contains('`')))
        .then_some((Fence { c, n }, info.split_whitespace().next().unwrap_or("")))
}

fn fence_closes(line: &str, fence: Fence) -> bool {
    let run = line.chars().take_while(|x| *x == fence.c).count();
    run >= fence.n && line[run * fence.c.len_utf8()..].trim().is_empty()
}

/// The text of a line after the quote and list markers it starts with (`> `, `- `,
/// `1. `), if it starts with any.
fn unprefixed(bare: &str) -> Option<&str> {
    let mut rest = bare;
    loop {
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let bullet = rest.starts_with(['-', '*', '+']) && rest[1..].starts_with([' ', '\t']);
        let marker = if rest.starts_with('>') || bullet {
            1
        } else if (1..=9).contains(&digits) && rest[digits..].starts_with(['.', ')']) {
            digits + 1
        } else {
            0
        };
        if marker == 0 {
            break;
        }
        rest = rest[marker..].trim_start();
    }
    (rest.len() < bare.len()).then_some(rest)
}

/// The section a line names when it is a `##` heading of one of the five sections, by
/// its `{#id}` or its English words.
fn section_heading(bare: &str) -> Option<SectionKind> {
    if !bare.starts_with("## ") {
        return None;
    }
    let mut words = String::new();
    for event in Parser::new_ext(bare, Options::ENABLE_HEADING_ATTRIBUTES) {
        match event {
            Event::Start(Tag::Heading { id: Some(id), .. }) => return SectionKind::from_id(&id),
            Event::Text(text) | Event::Code(text) => words.push_str(&text),
            _ => {}
        }
    }
    SectionKind::from_title(&words)
}

/// A line of just colons (three or more) ends a container.
fn is_close(bare: &str) -> bool {
    bare.len() >= 3 && bare.chars().all(|c| c == ':')
}

/// `::: trainer` gives `trainer`; `:::` alone gives `None`.
fn container_name(line: &str) -> Option<&str> {
    let rest = line.strip_prefix(":::")?.trim_start_matches(':').trim();
    rest.split_whitespace().next()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_containers_title_is_the_words_after_its_name() {
        assert_eq!(title("::: case Medora"), Some("Medora"));
        assert_eq!(title(":::: example  Two *words* "), Some("Two *words*"));
        assert_eq!(title("::: template"), None);
        assert_eq!(title(":::"), None);
    }

    #[test]
    fn chunks_are_plain_trainer_or_a_course_container() {
        let text = "A\n::: example\nB\n:::\n::: trainer\nC\n:::\n```\n::: case\n```\n";
        let mut diagnostics = Vec::new();
        let kinds: Vec<(Kind, &str)> = split(text, 0, Path::new("m.md"), &mut diagnostics)
            .into_iter()
            .map(|c| (c.kind, &text[c.range]))
            .collect();
        assert_eq!(
            kinds,
            [
                (Kind::Plain, "A\n"),
                (Kind::Course(ContainerKind::Example), "B\n"),
                (Kind::Trainer, "C\n"),
                (Kind::Plain, "```\n::: case\n```\n"),
            ]
        );
        assert!(diagnostics.is_empty());
    }
}
