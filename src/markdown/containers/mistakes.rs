//! The container mistakes that would put text where it does not belong (a fence marked
//! `Trainer`, an unknown or miscapitalised `:::` name, a container in a list item or
//! inside another), each an error with a did-you-mean.

use std::ops::Range;
use std::path::Path;

use super::{Line, container_name, fence_open, names, unprefixed};
use crate::diagnostics::Diagnostic;
use crate::model::ContainerKind;

/// A line outside code and trainer blocks (`inside` a course container or not) that
/// would put a container's text where it does not belong: a fence marked `Trainer`, a
/// `:::` name coursemark does not know, a container indented (inside a list item), or
/// any container or trainer fence inside a course container.
pub(super) fn mistake(
    line: &Line,
    inside: Option<ContainerKind>,
    offset: usize,
    file: &Path,
) -> Option<Diagnostic> {
    let at = offset + line.start..offset + line.start + line.indent + line.bare.len();
    // Text inside a quote or list item (`> ::: trainer`, `- ```trainer`), or indented
    // as far as code or a nested list's content, is not where blocks are looked for.
    let (text, nested_in_text) = match unprefixed(line.bare) {
        Some(rest) => (rest, true),
        None => (line.bare, line.indent >= 4),
    };
    let fence = if nested_in_text {
        fence_open(text)
    } else {
        line.opens_fence()
    };
    if let Some((_, info)) = fence {
        if info == "trainer" && nested_in_text {
            return Some(
                Diagnostic::error(file, at, "a ```trainer block inside a list item or quote (or indented) is not supported")
                    .with_help("start the ```trainer fence at the beginning of a line, after the list or quote, so its notes stay out of the learner site"),
            );
        }
        if let Some(outer) = inside.filter(|_| info == "trainer") {
            return Some(nested(file, at, "trainer", outer));
        }
        return looks_like_trainer(info).then(|| {
            Diagnostic::error(file, at, format!("code block marked `{info}`; did you mean `trainer`?"))
                .with_help("only a block marked ```trainer (in lowercase) is kept out of the learner site; as it is, learners see these notes as code")
        });
    }
    let line = &Line {
        indent: line.indent + usize::from(nested_in_text),
        bare: text,
        ..*line
    };
    let name = container_name(line.bare)?;
    if !names().any(|known| known == name) {
        return Some(unknown_container(file, at, name));
    }
    if let Some(outer) = inside {
        return Some(nested(file, at, name, outer));
    }
    (line.indent != 0).then(|| {
        Diagnostic::error(
            file,
            at,
            format!(
                "a `::: {name}` block inside a list item or quote (or indented) is not supported"
            ),
        )
        .with_help(format!(
            "start `::: {name}` at the beginning of a line, after the list{}",
            match name {
                "trainer" => ", so its notes stay out of the learner site",
                _ => "",
            }
        ))
    })
}

/// A fence's info word that was meant to be `trainer` (`Trainer`, `trainer-notes`).
fn looks_like_trainer(info: &str) -> bool {
    info != "trainer"
        && (info.to_lowercase().starts_with("trainer")
            || crate::suggest::closest(info, ["trainer"]).is_some())
}

/// The error for a `:::` name coursemark does not know (misspelt, miscapitalised or
/// another tool's), whose text would reach learners as plain text.
fn unknown_container(file: &Path, at: Range<usize>, name: &str) -> Diagnostic {
    let guess = if looks_like_trainer(name) {
        Some("trainer")
    } else {
        crate::suggest::closest(name, names())
    };
    let message = match guess {
        Some(known) => format!("unknown container `{name}`; did you mean `{known}`?"),
        None => format!("unknown container `{name}`"),
    };
    Diagnostic::error(file, at, message).with_help(
        "coursemark knows `::: trainer` (facilitator notes), `::: example`, `::: case` and `::: template`, in lowercase at the start of a line; any other `:::` block would show its text to learners as it is",
    )
}

/// The error for a container or trainer fence inside a course container.
fn nested(file: &Path, at: Range<usize>, name: &str, outer: ContainerKind) -> Diagnostic {
    let outer = outer.name();
    let help = match name {
        "trainer" => format!(
            "close the `::: {outer}` with `:::` first and put the trainer notes after it, so they stay out of the learner site"
        ),
        _ => format!("close the `::: {outer}` with `:::` before starting another container"),
    };
    Diagnostic::error(
        file,
        at,
        format!("`{name}` inside `::: {outer}`: containers do not nest"),
    )
    .with_help(help)
}
