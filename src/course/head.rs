//! The first pass over the modules: each one's front matter and id, read before any
//! body so that links can find every page.

use std::ops::Range;

use crate::diagnostics::Diagnostic;
use crate::frontmatter::{self, FrontMatter};
use crate::load::{self, SourceFile};
use crate::slug;

/// A module's front matter and id.
pub struct Head<'a> {
    pub file: &'a SourceFile,
    pub id: String,
    /// Where the id is set (its front-matter line), or the front matter.
    pub id_span: Range<usize>,
    /// `None` when the front matter could not be read: the module is not parsed further.
    pub front: Option<Front>,
}

/// Front matter that could be read.
pub struct Front {
    pub matter: FrontMatter,
    /// The front matter with its fences.
    pub span: Range<usize>,
    /// Where the Markdown body starts.
    pub body_offset: usize,
    /// The block did not parse (already reported): its keys are not known.
    pub unreadable: bool,
}

impl<'a> Head<'a> {
    /// A module whose front matter could not be read: it keeps its file's id so links
    /// to it are not reported as broken too.
    pub fn unread(file: &'a SourceFile) -> Self {
        Head {
            file,
            id: file_id(&file.path),
            id_span: 0..0,
            front: None,
        }
    }

    /// Whether its front matter says `draft = true`.
    pub fn is_draft(&self) -> bool {
        self.front
            .as_ref()
            .is_some_and(|f| f.matter.draft == Some(true))
    }

    /// Reads the front matter of `file`, whose text is `text`.
    pub fn read(file: &'a SourceFile, text: &str) -> (Self, Vec<Diagnostic>) {
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
                    front: Some(Front {
                        matter: split.front,
                        span: split.front_span,
                        body_offset: split.body_offset,
                        unreadable: split.unreadable,
                    }),
                };
                (head, diagnostics)
            }
            Err(d) => (unread, vec![d]),
        }
    }
}

/// The id a module file gives a module that pins none: its name without the numeric
/// prefix, as a slug.
pub fn file_id(path: &std::path::Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    slug::slugify(load::strip_prefix(&name))
}

/// The span of the front-matter line that sets `key`, for errors about its value.
pub fn find_line(text: &str, key: &str, within: Range<usize>) -> Range<usize> {
    let block = text.get(within.clone()).unwrap_or("");
    frontmatter::find_key(block, key, None).map_or(within.start..within.start, |at| {
        within.start + at.line.start..within.start + at.line.end
    })
}
