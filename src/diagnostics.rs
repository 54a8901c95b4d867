//! Author-facing problems as data: a file, a byte span, a message and a hint.
//! Nothing here prints; the binary decides how to show them.

use std::ops::Range;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// A second place that explains the first, such as the other file of a duplicate id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub file: PathBuf,
    pub span: Range<usize>,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path relative to the course folder's parent, as the author typed it on the command line.
    pub file: PathBuf,
    /// Byte range in the whole file (not in a front-matter block).
    pub span: Range<usize>,
    pub message: String,
    pub help: Option<String>,
    pub related: Vec<Related>,
}

impl Diagnostic {
    pub fn error(file: impl Into<PathBuf>, span: Range<usize>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, file.into(), span, message.into())
    }

    pub fn warning(
        file: impl Into<PathBuf>,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        Self::new(Severity::Warning, file.into(), span, message.into())
    }

    fn new(severity: Severity, file: PathBuf, span: Range<usize>, message: String) -> Self {
        Diagnostic {
            severity,
            file,
            span,
            message,
            help: None,
            related: Vec::new(),
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_related(
        mut self,
        file: impl Into<PathBuf>,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        self.related.push(Related {
            file: file.into(),
            span,
            message: message.into(),
        });
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// One-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = text[line_start..offset].chars().count() + 1;
    (line, col)
}

/// Lines and columns of many offsets in one text: the line by binary search, the column
/// counted on from the last offset asked for when it is on the same line, so thousands
/// of problems on one long line cost one pass over it, not one each.
pub struct Locator<'a> {
    text: &'a str,
    starts: Vec<usize>,
    /// The last offset located, its line index and column.
    last: (usize, usize, usize),
}

impl<'a> Locator<'a> {
    pub fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Locator {
            text,
            starts,
            last: (0, 0, 1),
        }
    }

    fn line_index(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    /// The byte range of the line holding `offset`, without its line break.
    pub fn line_range(&self, offset: usize) -> Range<usize> {
        let line = self.line_index(offset.min(self.text.len()));
        let end = self
            .starts
            .get(line + 1)
            .map_or(self.text.len(), |next| next - 1);
        self.starts[line]..end
    }

    /// One-based line and column (in characters) of `offset`.
    pub fn line_col(&mut self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(self.text, offset);
        let line = self.line_index(offset);
        let (from, col) = match self.last {
            (at, l, col) if l == line && at <= offset => (at, col),
            _ => (self.starts[line], 1),
        };
        let col = col + self.text[from..offset].chars().count();
        self.last = (offset, line, col);
        (line + 1, col)
    }
}

/// The largest char boundary not after `offset`, so slicing never panics.
pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Byte offset of a one-based line and column, as parsers like serde_yaml report them.
pub fn offset_of(text: &str, line: usize, col: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    let line_text = &text[start..];
    let end = line_text.find('\n').unwrap_or(line_text.len());
    start
        + line_text[..end]
            .char_indices()
            .nth(col.saturating_sub(1))
            .map_or(end, |(i, _)| i)
}

/// Sorts diagnostics in the course's order (course.toml, the home page, then each part
/// and its modules by their numeric prefixes, the theme last), then by position, so
/// every run reports them in the order the author reads the course.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    // Stable: at one place, the order the checks found them in (the sections in their
    // order, not the alphabet's).
    diagnostics.sort_by_cached_key(|d| (file_order(&d.file), d.span.start));
}

/// Where a course-relative file comes in the course: `2-b` before `10-a`, a part's
/// `_part.toml` before its modules.
fn file_order(path: &Path) -> (u8, Vec<(u64, String)>) {
    let names: Vec<String> = path
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let group = match names.first().map(String::as_str) {
        Some("course.toml") if names.len() == 1 => 0,
        Some("index.md") if names.len() == 1 => 1,
        Some("themes" | "..") => 3,
        Some(first) if first.starts_with('(') => 3,
        _ => 2,
    };
    let key = names
        .into_iter()
        .map(|name| {
            if name == "_part.toml" {
                return (0, String::new());
            }
            let digits: String = name.chars().take_while(char::is_ascii_digit).collect();
            (digits.parse().unwrap_or(u64::MAX), name)
        })
        .collect();
    (group, key)
}

/// Counts of errors and warnings.
pub fn counts(diagnostics: &[Diagnostic]) -> (usize, usize) {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    (errors, diagnostics.len() - errors)
}

/// The path shown to the author: `base` joined with the course-relative path (without
/// a leading `./` when the author stands in the course folder).
pub fn display_path(base: &Path, relative: &Path) -> PathBuf {
    if base == Path::new(".") {
        relative.to_path_buf()
    } else {
        base.join(relative)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_locator_agrees_with_line_col() {
        let text = "ab\nčd\nx\n\nlong line here";
        let mut at = Locator::new(text);
        for offset in [0, 1, 3, 5, 6, 7, 9, 10, 14, 2, 0, 100] {
            assert_eq!(at.line_col(offset), line_col(text, offset), "{offset}");
        }
        assert_eq!(&text[at.line_range(4)], "čd");
        assert_eq!(&text[at.line_range(9)], "");
        assert_eq!(&text[at.line_range(12)], "long line here");
    }

    #[test]
    fn line_col_counts_from_one_in_characters() {
        let text = "ab\nčd\nx";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        // 'č' is two bytes: 'd' is the second character.
        assert_eq!(line_col(text, 5), (2, 2));
        assert_eq!(line_col(text, 100), (3, 2));
        // Inside a multibyte character rounds down instead of panicking.
        assert_eq!(line_col(text, 4), (2, 1));
    }

    #[test]
    fn diagnostics_come_in_course_order() {
        let mut d: Vec<Diagnostic> = [
            ("themes/b/templates/x.html", 0),
            ("10-late/01-a.md", 0),
            ("2-early/10-b.md", 5),
            ("2-early/10-b.md", 1),
            ("2-early/9-a.md", 0),
            ("2-early/_part.toml", 0),
            ("index.md", 0),
            ("course.toml", 9),
        ]
        .into_iter()
        .map(|(f, at)| Diagnostic::error(f, at..at, "x"))
        .collect();
        sort(&mut d);
        let order: Vec<(String, usize)> = d
            .iter()
            .map(|d| (d.file.display().to_string(), d.span.start))
            .collect();
        assert_eq!(
            order,
            [
                ("course.toml", 9),
                ("index.md", 0),
                ("2-early/_part.toml", 0),
                ("2-early/9-a.md", 0),
                ("2-early/10-b.md", 1),
                ("2-early/10-b.md", 5),
                ("10-late/01-a.md", 0),
                ("themes/b/templates/x.html", 0),
            ]
            .map(|(f, at)| (f.to_string(), at))
        );
    }

    #[test]
    fn offset_of_inverts_line_col() {
        let text = "one\ntwo\nthree";
        assert_eq!(offset_of(text, 2, 2), 5);
        assert_eq!(line_col(text, offset_of(text, 3, 4)), (3, 4));
        assert_eq!(offset_of(text, 9, 1), text.len());
    }
}
