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
    for line in text.split_inclusive('\n') {
        let start = pos;
        pos += line.len();
        let trimmed = line.trim_end();
        let indent = trimmed.len() - trimmed.trim_start().len();
        let bare = trimmed.trim_start();
        let closes = |fence: Fence| indent < 4 && fence_closes(bare, fence);
        let mut trainer_ends = |open: usize, inner: usize| {
            chunks.push(Chunk {
                range: offset + inner..offset + start,
                outer: offset + open..offset + pos,
                trainer: true,
            });
            plain_start = pos;
            State::Plain
        };
        state = match state {
            State::Plain => {
                if indent < 4
                    && let Some((fence, info)) = fence_open(bare)
                {
                    if info == "trainer" {
                        push_plain(&mut chunks, plain_start, start, offset);
                        State::TrainerFence {
                            fence,
                            open: start,
                            inner: pos,
                        }
                    } else {
                        State::Code(fence)
                    }
                } else if indent == 0 && container_name(bare) == Some("trainer") {
                    push_plain(&mut chunks, plain_start, start, offset);
                    State::Container {
                        open: start,
                        inner: pos,
                        code: None,
                        depth: 1,
                    }
                } else {
                    State::Plain
                }
            }
            State::Code(fence) if closes(fence) => State::Plain,
            State::Code(fence) => State::Code(fence),
            State::TrainerFence { fence, open, inner } if closes(fence) => {
                trainer_ends(open, inner)
            }
            state @ State::TrainerFence { .. } => state,
            State::Container {
                open,
                inner,
                code: Some(fence),
                depth,
            } => State::Container {
                open,
                inner,
                code: (!closes(fence)).then_some(fence),
                depth,
            },
            State::Container {
                open,
                inner,
                code: None,
                depth,
            } => {
                let code = if indent < 4 {
                    fence_open(bare).map(|(fence, _)| fence)
                } else {
                    None
                };
                if code.is_some() {
                    State::Container {
                        open,
                        inner,
                        code,
                        depth,
                    }
                } else if indent == 0 && bare == ":::" {
                    if depth == 1 {
                        trainer_ends(open, inner)
                    } else {
                        State::Container {
                            open,
                            inner,
                            code: None,
                            depth: depth - 1,
                        }
                    }
                } else {
                    let nested = indent == 0 && container_name(bare).is_some();
                    State::Container {
                        open,
                        inner,
                        code: None,
                        depth: depth + usize::from(nested),
                    }
                }
            }
        };
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
