//! Attributes of the tags in raw HTML (HTML blocks and inline HTML of a Markdown body),
//! read as a browser's tokenizer reads them: comments skipped, values quoted with `"`
//! or `'` or unquoted, names case-insensitive.

/// One attribute of a start tag: its element's and its own name (lowercase), its value
/// (empty when it has none) and the value's byte offset in the scanned text.
#[derive(Debug, PartialEq, Eq)]
pub struct Attribute<'h> {
    pub element: String,
    pub name: String,
    pub value: &'h str,
    pub at: usize,
}

/// Every attribute of every start tag in `html`.
pub fn attributes(html: &str) -> Vec<Attribute<'_>> {
    let bytes = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(lt) = html[i..].find('<') {
        i += lt + 1;
        if html[i..].starts_with("!--") {
            i = html[i..].find("-->").map_or(html.len(), |e| i + e + 3);
            continue;
        }
        let name_len = html[i..]
            .find(|c: char| !c.is_ascii_alphanumeric() && c != '-')
            .unwrap_or(html.len() - i);
        if name_len == 0 || !bytes[i].is_ascii_alphabetic() {
            continue;
        }
        let element = html[i..i + name_len].to_ascii_lowercase();
        i += name_len;
        loop {
            while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
                i += 1;
            }
            if i >= bytes.len() || bytes[i] == b'>' {
                break;
            }
            let name_end = html[i..]
                .find(|c: char| c.is_ascii_whitespace() || matches!(c, '/' | '>' | '='))
                .map_or(html.len(), |e| i + e.max(1));
            let name = html[i..name_end].to_ascii_lowercase();
            i = name_end;
            let mut j = i;
            while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            let (value, at) = if bytes.get(j) == Some(&b'=') {
                j += 1;
                while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                    j += 1;
                }
                match bytes.get(j) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let end = html[j + 1..]
                            .find(q as char)
                            .map_or(html.len(), |e| j + 1 + e);
                        i = (end + 1).min(html.len());
                        (&html[j + 1..end], j + 1)
                    }
                    _ => {
                        let end = html[j..]
                            .find(|c: char| c.is_ascii_whitespace() || c == '>')
                            .map_or(html.len(), |e| j + e);
                        i = end;
                        (&html[j..end], j)
                    }
                }
            } else {
                ("", i)
            };
            out.push(Attribute {
                element: element.clone(),
                name,
                value,
                at,
            });
        }
    }
    out
}

/// The values of the `id` attributes in `html`.
pub fn ids(html: &str) -> impl Iterator<Item = &str> {
    attributes(html)
        .into_iter()
        .filter(|a| a.name == "id" && !a.value.is_empty())
        .map(|a| a.value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_in_every_quoting() {
        let html = r#"<a id="old"></a><IMG SRC='x.png' alt=plain hidden><!-- <p id="no"> --><br/>"#;
        let found: Vec<(String, String, &str)> = attributes(html)
            .into_iter()
            .map(|a| (a.element, a.name, a.value))
            .collect();
        assert_eq!(
            found,
            [
                ("a".into(), "id".into(), "old"),
                ("img".into(), "src".into(), "x.png"),
                ("img".into(), "alt".into(), "plain"),
                ("img".into(), "hidden".into(), ""),
            ]
        );
        let first = &attributes(html)[0];
        assert_eq!(&html[first.at..first.at + 3], "old");
    }

    #[test]
    fn ids_skip_end_tags_text_and_broken_tags() {
        let html = "</a id=\"x\"> a < b <span data-id=\"y\" id = 'z'> <p id=\"unclosed";
        assert_eq!(ids(html).collect::<Vec<_>>(), ["z", "unclosed"]);
        assert_eq!(ids("<").count(), 0);
        assert_eq!(ids("<a id=").count(), 0);
    }
}
