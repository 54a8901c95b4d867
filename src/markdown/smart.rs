//! Smart punctuation where it belongs: pulldown-cmark curls quotes and turns `...`,
//! `--` and `---` into typographic marks in all Markdown text; this puts back what
//! the author typed inside raw HTML code elements (`<code>`, `<kbd>`, ...) and in a
//! command-line flag in prose (`--release`).

use std::ops::Range;

use pulldown_cmark::{CowStr, Event};

/// Raw HTML elements whose text is code, never typeset.
const CODE_ELEMENTS: [&str; 5] = ["code", "kbd", "pre", "samp", "tt"];

/// Restores the typed characters of smart punctuation inside raw HTML code elements and
/// in `--flag`s, event by event (it counts the code elements open so far).
#[derive(Default)]
pub struct Literal {
    in_code: usize,
}

impl Literal {
    /// `event` as it should be shown; `source` is the text its span points into,
    /// starting at byte `offset` of the file.
    pub fn keep<'a>(
        &mut self,
        event: Event<'a>,
        span: &Range<usize>,
        source: &'a str,
        offset: usize,
    ) -> Event<'a> {
        match &event {
            Event::InlineHtml(tag) => self.in_code = code_depth(tag, self.in_code),
            Event::Text(text) => {
                let typed = &source[span.start - offset..span.end - offset];
                let smart = matches!(typed, "\"" | "'" | "..." | "--" | "---") && **text != *typed;
                if smart && (self.in_code > 0 || is_flag(source, span.start - offset, typed)) {
                    return Event::Text(CowStr::Borrowed(typed));
                }
            }
            _ => {}
        }
        event
    }
}

/// The number of open code elements after the inline HTML `tag`.
fn code_depth(tag: &str, depth: usize) -> usize {
    let (closing, rest) = match tag.strip_prefix("</") {
        Some(rest) => (true, rest),
        None => (false, tag.strip_prefix('<').unwrap_or("")),
    };
    let name_end = rest
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(rest.len());
    let name = &rest[..name_end];
    if !CODE_ELEMENTS.iter().any(|e| e.eq_ignore_ascii_case(name)) || tag.ends_with("/>") {
        depth
    } else if closing {
        depth.saturating_sub(1)
    } else {
        depth + 1
    }
}

/// Whether `--` at byte `at` of `source` starts a word: `--release` and `(--release)`,
/// not `10--20`.
fn is_flag(source: &str, at: usize, typed: &str) -> bool {
    let before = source[..at].chars().next_back();
    let after = source[at + typed.len()..].chars().next();
    typed == "--"
        && before.is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '['))
        && after.is_some_and(|c| c.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use pulldown_cmark::{Options, Parser, html};

    use super::*;

    fn render(source: &str) -> String {
        let mut literal = Literal::default();
        let events = Parser::new_ext(source, Options::ENABLE_SMART_PUNCTUATION)
            .into_offset_iter()
            .map(|(e, r)| literal.keep(e, &r, source, 0));
        let mut out = String::new();
        html::push_html(&mut out, events);
        out
    }

    #[test]
    fn code_in_raw_html_is_left_as_typed() {
        assert_eq!(
            render("<code>&vert;...&vert; -> type</code> and \"<kbd>--x</kbd>\"..."),
            "<p><code>|...| -&gt; type</code> and “<kbd>--x</kbd>”…</p>\n"
        );
    }

    #[test]
    fn flags_in_prose_stay_and_dashes_between_words_do_not() {
        assert_eq!(
            render("run cargo build --release (or --debug), pages 10--20, wait---no -- yes"),
            "<p>run cargo build --release (or --debug), pages 10–20, wait—no – yes</p>\n"
        );
    }

    #[test]
    fn code_depth_counts_code_elements_only() {
        assert_eq!(code_depth("<code class=\"x\">", 0), 1);
        assert_eq!(code_depth("</CODE>", 1), 0);
        assert_eq!(code_depth("<codex>", 0), 0);
        assert_eq!(code_depth("<br/>", 0), 0);
        assert_eq!(code_depth("</code>", 0), 0);
    }
}
