//! Trainer blocks: finds ```` ```trainer ```` fences and `::: trainer` containers (at
//! the start of a line, outside code) and cuts a body into plain and trainer chunks.

use std::ops::Range;
use std::path::Path;

use crate::diagnostics::Diagnostic;

/// A piece of a body: plain Markdown, or the inside of a trainer block.
pub struct Chunk {
    /// The Markdown to parse.
    pub range: Range<usize>,
    /// With the fence lines, for errors about the block.
    pub outer: Range<usize>,
    pub trainer: bool,
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
    /// Inside a `::: trainer` container, `depth` containers deep, perhaps in a code fence.
    Container {
        open: usize,
        inner: usize,
        code: Option<Fence>,
        depth: usize,
    },
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

/// What a line does to the chunks: opens a trainer block (ending the plain chunk before
/// it) or closes one.
enum Edge {
    None,
    Opens,
    Closes { open: usize, inner: usize },
}

impl State {
    /// The state after `line`, and what it did.
    fn next(self, line: &Line) -> (State, Edge) {
        match self {
            State::Plain => State::after_plain(line),
            State::Code(fence) if line.closes(fence) => (State::Plain, Edge::None),
            State::Code(fence) => (State::Code(fence), Edge::None),
            State::TrainerFence { fence, open, inner } if line.closes(fence) => {
                (State::Plain, Edge::Closes { open, inner })
            }
            state @ State::TrainerFence { .. } => (state, Edge::None),
            State::Container {
                open,
                inner,
                code: Some(fence),
                depth,
            } => {
                let code = (!line.closes(fence)).then_some(fence);
                let state = State::Container {
                    open,
                    inner,
                    code,
                    depth,
                };
                (state, Edge::None)
            }
            State::Container {
                open,
                inner,
                code: None,
                depth,
            } => State::in_container(line, open, inner, depth),
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
        } else if line.indent == 0 && container_name(line.bare) == Some("trainer") {
            let state = State::Container {
                open: line.start,
                inner: line.end,
                code: None,
                depth: 1,
            };
            (state, Edge::Opens)
        } else {
            (State::Plain, Edge::None)
        }
    }

    /// A line in a trainer container, outside code: a fence, the container's end, a
    /// nested container's start or end, or content.
    fn in_container(line: &Line, open: usize, inner: usize, depth: usize) -> (State, Edge) {
        let code = line.opens_fence().map(|(fence, _)| fence);
        let depth = if code.is_some() || line.indent != 0 {
            depth
        } else if line.bare.len() >= 3 && line.bare.chars().all(|c| c == ':') {
            if depth == 1 {
                return (State::Plain, Edge::Closes { open, inner });
            }
            depth - 1
        } else if container_name(line.bare).is_some() {
            depth + 1
        } else {
            depth
        };
        let state = State::Container {
            open,
            inner,
            code,
            depth,
        };
        (state, Edge::None)
    }
}

/// Cuts `text` (found at byte `offset` of `file`) into plain and trainer chunks. A
/// trainer block never closed is reported, and runs to the end of the body.
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
    for text_line in text.split_inclusive('\n') {
        let trimmed = text_line.trim_end();
        let line = Line {
            start: pos,
            end: pos + text_line.len(),
            indent: trimmed.len() - trimmed.trim_start().len(),
            bare: trimmed.trim_start(),
        };
        pos = line.end;
        if matches!(state, State::Plain)
            && let Some(mistake) = mistake(&line, offset, file)
        {
            diagnostics.push(mistake);
        }
        let (next, edge) = state.next(&line);
        match edge {
            Edge::None => {}
            Edge::Opens => push_plain(&mut chunks, plain_start, line.start, offset),
            Edge::Closes { open, inner } => {
                chunks.push(Chunk {
                    range: offset + inner..offset + line.start,
                    outer: offset + open..offset + line.end,
                    trainer: true,
                });
                plain_start = line.end;
            }
        }
        state = next;
    }
    match state {
        State::TrainerFence { open, inner, .. } | State::Container { open, inner, .. } => {
            let first_line = text[open..].find('\n').map_or(text.len(), |i| open + i);
            diagnostics.push(
                Diagnostic::error(
                    file,
                    offset + open..offset + first_line,
                    "trainer block is never closed",
                )
                .with_help(
                    "end it with a line of just `:::` (or the closing fence of a ```trainer block)",
                ),
            );
            // Keep the rest out of the learner site rather than leak facilitator notes.
            chunks.push(Chunk {
                range: offset + inner..offset + text.len(),
                outer: offset + open..offset + text.len(),
                trainer: true,
            });
        }
        State::Plain | State::Code(_) => push_plain(&mut chunks, plain_start, text.len(), offset),
    }
    chunks
}

/// A line outside code and trainer blocks that meant to open a trainer block but does
/// not, so its notes would reach learners: a fence marked `Trainer`, a `:::` container
/// with another name, or `::: trainer` indented (inside a list item).
fn mistake(line: &Line, offset: usize, file: &Path) -> Option<Diagnostic> {
    let at = offset + line.start..offset + line.start + line.indent + line.bare.len();
    if let Some((_, info)) = line.opens_fence() {
        return looks_like_trainer(info).then(|| {
            Diagnostic::error(file, at, format!("code block marked `{info}`; did you mean `trainer`?"))
                .with_help("only a block marked ```trainer (in lowercase) is kept out of the learner site; as it is, learners see these notes as code")
        });
    }
    let name = container_name(line.bare)?;
    (line.indent != 0 || name != "trainer")
        .then(|| misplaced_container(file, at, name, line.indent))
}

/// A fence's info word that was meant to be `trainer` (`Trainer`, `trainer-notes`).
fn looks_like_trainer(info: &str) -> bool {
    info != "trainer"
        && (info.to_lowercase().starts_with("trainer")
            || crate::suggest::closest(info, ["trainer"]).is_some())
}

/// The error for a `:::` container coursemark does not take: a misspelt or unknown
/// name, or a trainer block indented (inside a list item), whose notes would reach
/// learners as plain text.
fn misplaced_container(file: &Path, at: Range<usize>, name: &str, indent: usize) -> Diagnostic {
    if name == "trainer" && indent > 0 {
        return Diagnostic::error(file, at, "a trainer block inside a list item (or indented) is not supported")
            .with_help("start `::: trainer` at the beginning of a line, after the list, so its notes stay out of the learner site");
    }
    let message = if looks_like_trainer(name) {
        format!("unknown container `{name}`; did you mean `trainer`?")
    } else {
        format!("unknown container `{name}`: coursemark knows only `::: trainer`")
    };
    Diagnostic::error(file, at, message).with_help(
        "facilitator notes go in `::: trainer` ... `:::` (in lowercase, at the start of a line); any other `:::` block would show its text to learners",
    )
}

fn push_plain(chunks: &mut Vec<Chunk>, start: usize, end: usize, offset: usize) {
    if end > start {
        chunks.push(Chunk {
            range: offset + start..offset + end,
            outer: offset + start..offset + end,
            trainer: false,
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

/// `::: trainer` gives `trainer`; `:::` alone gives `None`.
fn container_name(line: &str) -> Option<&str> {
    let rest = line.strip_prefix(":::")?.trim_start_matches(':').trim();
    rest.split_whitespace().next()
}
