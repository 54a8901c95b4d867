//! Text made safe for HTML: the one escaping of the crate, for pages, templates and
//! badges.

/// Escapes text for HTML.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_escaped(&mut out, text);
    out
}

fn push_escaped(out: &mut String, text: &str) {
    push_replacing(out, text, |b| match b {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'"' => Some("&quot;"),
        b'\'' => Some("&#39;"),
        _ => None,
    });
}

/// Appends `text` with each ASCII byte that `replace` names replaced; runs of other
/// text are copied whole (most text has nothing to replace).
pub fn push_replacing(out: &mut String, text: &str, replace: impl Fn(u8) -> Option<&'static str>) {
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        if let Some(with) = replace(b) {
            out.push_str(&text[start..i]);
            out.push_str(with);
            start = i + 1;
        }
    }
    out.push_str(&text[start..]);
}
