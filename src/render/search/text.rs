//! Text for the search index: the plain text of HTML, and JSON strings that no text of
//! the course can use to close the script element they are written in.

use crate::html;

/// Appends `text` as the inside of a JSON string, as serde_json writes it, with `<` also
/// escaped so that no text of the course can close the index's script element.
pub fn push_json(out: &mut String, text: &str) {
    /// Control characters as serde_json escapes them.
    const CONTROL: [&str; 32] = [
        "\\u0000", "\\u0001", "\\u0002", "\\u0003", "\\u0004", "\\u0005", "\\u0006", "\\u0007",
        "\\b", "\\t", "\\n", "\\u000b", "\\f", "\\r", "\\u000e", "\\u000f", "\\u0010", "\\u0011",
        "\\u0012", "\\u0013", "\\u0014", "\\u0015", "\\u0016", "\\u0017", "\\u0018", "\\u0019",
        "\\u001a", "\\u001b", "\\u001c", "\\u001d", "\\u001e", "\\u001f",
    ];
    html::push_replacing(out, text, |b| match b {
        b'"' => Some("\\\""),
        b'\\' => Some("\\\\"),
        b'<' => Some("\\u003c"),
        0..=0x1f => Some(CONTROL[usize::from(b)]),
        _ => None,
    });
}

/// `text` as a JSON string, quotes included.
pub fn json_string(out: &mut String, text: &str) {
    out.push('"');
    push_json(out, text);
    out.push('"');
}
/// Marks that follow a word without a space, as in `<em>x</em>,`.
const PUNCTUATION: [char; 7] = [',', '.', ';', ':', '!', '?', ')'];

/// What a byte of HTML is to `push_text`.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Class {
    Plain,
    /// One of `PUNCTUATION`: plain, but a space before it is dropped.
    Mark,
    Space,
    /// Whitespace other than a space.
    Break,
    Tag,
    Entity,
}

/// Every byte's class, looked up once per byte.
static CLASS: [Class; 256] = {
    let mut class = [Class::Plain; 256];
    let mut i = 0;
    while i < PUNCTUATION.len() {
        class[PUNCTUATION[i] as usize] = Class::Mark;
        i += 1;
    }
    class[b' ' as usize] = Class::Space;
    class[b'\n' as usize] = Class::Break;
    class[b'\t' as usize] = Class::Break;
    class[b'\r' as usize] = Class::Break;
    class[b'<' as usize] = Class::Tag;
    class[b'&' as usize] = Class::Entity;
    class
};

/// Whether the tag that starts `tag` (`<em>`, `</a>`) is one of the inline elements the
/// course's Markdown writes: words run on across them, as in `<a>sponsor</a>’s`, where
/// every other tag (a paragraph, a list item, a line break, a footnote mark) parts words.
fn is_inline(tag: &str) -> bool {
    let name = tag.trim_start_matches(['<', '/']);
    let end = name
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(name.len());
    matches!(
        &name[..end],
        "a" | "abbr"
            | "b"
            | "code"
            | "del"
            | "dfn"
            | "em"
            | "i"
            | "ins"
            | "kbd"
            | "mark"
            | "s"
            | "small"
            | "span"
            | "strong"
            | "sub"
            | "u"
    )
}

/// The text of HTML: tags dropped (inline ones joining words, others parting them),
/// entities decoded, spaces collapsed.
/// One pass over runs of plain text, as it reads every page for the search index.
pub fn text_of(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    push_text(&mut out, html, 0);
    out
}

/// Appends the text of `html` to `out` (see `text_of`), after a space when `out` has
/// text since `from`.
pub fn push_text(out: &mut String, html: &str, from: usize) {
    let start = out.len();
    // A break is owed (from a tag or whitespace) before the next word.
    let mut gap = false;
    let push = |out: &mut String, text: &str, gap: &mut bool| {
        if text.is_empty() {
            return;
        }
        if out.len() == start {
            if start > from {
                out.push(' ');
            }
        } else if *gap && !text.starts_with(PUNCTUATION) {
            // No space before punctuation that followed a tag, as in `<em>x</em>,`.
            out.push(' ');
        }
        *gap = false;
        out.push_str(text);
    };
    let bytes = html.as_bytes();
    let mut i = 0;
    let mut run = 0;
    while i < bytes.len() {
        let class = CLASS[bytes[i] as usize];
        // Most bytes are plain: one well-predicted test each, not a jump through a table.
        if class <= Class::Mark {
            i += 1;
            continue;
        }
        match class {
            Class::Plain | Class::Mark => i += 1,
            // One space between words stays in the run: pushing word by word is slower and
            // gives the same text.
            Class::Space
                if run < i
                    && bytes
                        .get(i + 1)
                        .is_some_and(|&b| CLASS[b as usize] == Class::Plain) =>
            {
                i += 2
            }
            Class::Tag => {
                push(out, &html[run..i], &mut gap);
                let end = html[i..].find('>').map_or(html.len(), |j| i + j + 1);
                gap |= !is_inline(&html[i..end]);
                i = end;
                run = i;
            }
            Class::Entity => {
                push(out, &html[run..i], &mut gap);
                let end = html[i..]
                    .find(';')
                    .filter(|j| *j <= 8)
                    .map_or(i, |j| i + j + 1);
                let decoded = match &html[i..end] {
                    "&amp;" => "&",
                    "&lt;" => "<",
                    "&gt;" => ">",
                    "&quot;" => "\"",
                    "&#39;" => "'",
                    _ => "",
                };
                if decoded.is_empty() {
                    run = i;
                    i += 1;
                    continue;
                }
                push(out, decoded, &mut gap);
                i = end;
                run = i;
            }
            Class::Space | Class::Break => {
                push(out, &html[run..i], &mut gap);
                gap = true;
                i += 1;
                run = i;
            }
        }
    }
    push(out, &html[run..], &mut gap);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_drops_tags_and_decodes() {
        assert_eq!(
            text_of("<p>Fish &amp; <em>chips</em>, please</p>\n<p>Two</p>"),
            "Fish & chips, please Two"
        );
        // Runs of words, spaces before punctuation, doubled spaces and stray ampersands.
        assert_eq!(
            text_of("one two  three , four\n<b>five</b> &amp; six &x seven </p>"),
            "one two three, four five & six &x seven"
        );
        // Inline tags join words; block tags and line breaks part them.
        assert_eq!(
            text_of("<p>the <a href=\"x\">sponsor</a>’s <em>yes</em>!</p><p>Next<br>line</p>"),
            "the sponsor’s yes! Next line"
        );
        assert_eq!(text_of("<li>one</li><li>two</li>"), "one two");
        assert_eq!(
            text_of("<p>say \"hi\" \\ &lt;b&gt; &quot;q&quot;, ctrl\u{1}</p>"),
            "say \"hi\" \\ <b> \"q\", ctrl\u{1}"
        );
    }

    #[test]
    fn json_is_escaped_as_serde_json_does_and_never_closes_the_script() {
        let text = "quote \" backslash \\ tab\t nl\n cr\r bell\u{7} ff\u{c} bs\u{8} </script> é";
        let mut out = String::new();
        json_string(&mut out, text);
        let expected = serde_json::to_string(text).unwrap().replace('<', "\\u003c");
        assert_eq!(out, expected);
    }
}
