//! Splits a module into its front matter (TOML between `+++`, or YAML between `---`)
//! and body, keeping byte offsets so errors point at lines of the whole file.

use std::ops::Range;
use std::path::Path;

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, offset_of};
use crate::keys::{self, FRONT_MATTER};

/// A module's front matter; `keys::FRONT_MATTER` lists its keys for the reference and
/// the unknown-key check.
#[derive(Debug, Default, Deserialize, PartialEq)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub id: Option<String>,
    pub summary: Option<String>,
    pub duration: Option<Duration>,
    #[serde(default)]
    pub objectives: Vec<String>,
    pub shuffle: Option<bool>,
    /// Glossary terms the module teaches (names or abbreviations).
    #[serde(default)]
    pub terms: Vec<String>,
    /// Files under `assets/` offered at the top of the Implement section.
    #[serde(default)]
    pub downloads: Vec<String>,
    pub draft: Option<bool>,
    /// Keys this struct does not know, collected to report each by name.
    #[serde(flatten)]
    pub unknown: std::collections::BTreeMap<String, serde::de::IgnoredAny>,
}

/// Minutes as a number, or text such as `"25 min"` or `"1 h 30 min"`.
#[derive(Debug, PartialEq)]
pub enum Duration {
    Minutes(u32),
    Text(String),
}

/// By hand rather than `untagged`, so a wrong value is told what a duration looks like
/// instead of serde's "did not match any variant of untagged enum".
impl<'de> Deserialize<'de> for Duration {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl serde::de::Visitor<'_> for Visit {
            type Value = Duration;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("minutes as a number, like `25`, or text such as `\"25 min\"` or `\"1 h 30 min\"`")
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Duration, E> {
                u32::try_from(v)
                    .map(Duration::Minutes)
                    .map_err(|_| E::invalid_value(serde::de::Unexpected::Unsigned(v), &self))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Duration, E> {
                u32::try_from(v)
                    .map(Duration::Minutes)
                    .map_err(|_| E::invalid_value(serde::de::Unexpected::Signed(v), &self))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Duration, E> {
                Ok(Duration::Text(v.to_string()))
            }
        }
        d.deserialize_any(Visit)
    }
}

impl Duration {
    /// Minutes, or `None` when the text cannot be read as a duration.
    pub fn minutes(&self) -> Option<u32> {
        match self {
            Duration::Minutes(m) => Some(*m),
            Duration::Text(text) => parse_minutes(text),
        }
    }
}

fn parse_minutes(text: &str) -> Option<u32> {
    let mut total = 0u32;
    let mut number: Option<u32> = None;
    let mut seen = false;
    let lower = text.to_lowercase();
    for token in lower
        .split_inclusive(|c: char| c.is_whitespace())
        .flat_map(split_digits)
    {
        let token = token.trim();
        if token.is_empty() {
            continue;
        }
        if let Ok(n) = token.parse::<u32>() {
            if number.is_some() {
                return None;
            }
            number = Some(n);
        } else {
            let n = number.take()?;
            let factor = match token {
                "h" | "hr" | "hrs" | "hour" | "hours" => 60,
                "m" | "min" | "mins" | "minute" | "minutes" => 1,
                _ => return None,
            };
            total = total.checked_add(n.checked_mul(factor)?)?;
            seen = true;
        }
    }
    match number {
        Some(n) if !seen => Some(n),
        Some(_) => None,
        None if seen => Some(total),
        None => None,
    }
}

/// `"90min"` into `"90"`, `"min"`.
fn split_digits(token: &str) -> Vec<&str> {
    match token.find(|c: char| !c.is_ascii_digit()) {
        Some(i) if i > 0 => vec![&token[..i], &token[i..]],
        _ => vec![token],
    }
}

/// A file split into front matter and body.
#[derive(Debug)]
pub struct Split<'a> {
    pub front: FrontMatter,
    /// Span of the whole front-matter block, opening fence to closing fence.
    pub front_span: Range<usize>,
    pub body: &'a str,
    /// Byte offset of the body in the file.
    pub body_offset: usize,
    /// Unknown keys, and a block that does not parse: errors that do not stop the rest
    /// of the module being checked.
    pub unknown_keys: Vec<Diagnostic>,
    /// The block did not parse, so its keys (the title too) are not known.
    pub unreadable: bool,
}

impl<'a> Split<'a> {
    /// A file with no front matter: `body` is all of it after a byte-order mark of
    /// `bom` bytes.
    fn without_front_matter(body: &'a str, bom: usize) -> Split<'a> {
        Split {
            front: FrontMatter::default(),
            front_span: bom..bom,
            body,
            body_offset: bom,
            unknown_keys: Vec::new(),
            unreadable: false,
        }
    }
}

/// Splits and parses the front matter. Without one, every key is missing and the
/// body is the whole file; the caller reports the missing title.
pub fn split<'a>(file: &Path, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &text[bom..];
    let format = if rest.starts_with("+++") {
        Format::Toml
    } else if rest.starts_with("---") {
        Format::Yaml
    } else {
        return Ok(Split::without_front_matter(rest, bom));
    };
    let fence = format.fence();
    let first_line_end = rest.find('\n').map_or(rest.len(), |i| i + 1);
    if rest[..first_line_end].trim_end() != fence {
        return Ok(Split::without_front_matter(rest, bom));
    }
    let block_start = bom + first_line_end;
    let mut offset = block_start;
    let mut close = None;
    for line in text[block_start..].split_inclusive('\n') {
        if line.trim_end() == fence {
            close = Some((offset, offset + line.len()));
            break;
        }
        offset += line.len();
    }
    let Some((block_end, body_offset)) = close else {
        return Err(Diagnostic::error(
            file,
            bom..bom + fence.len(),
            format!("front matter opened with `{fence}` is never closed"),
        )
        .with_help(format!("add a line with just `{fence}` after the last key")));
    };
    let block = &text[block_start..block_end];
    let parsed = match format {
        Format::Toml => parse_toml(file, block, block_start),
        Format::Yaml => parse_yaml(file, block, block_start),
    };
    // A block that does not parse is reported, and the body is still checked.
    let (front, keys, problem) = match parsed {
        Ok((front, keys)) => (front, keys, None),
        Err(d) => (FrontMatter::default(), Vec::new(), Some(d)),
    };
    let unreadable = problem.is_some();
    let spans = key_spans(block);
    let mut unknown_keys: Vec<Diagnostic> = keys
        .iter()
        .filter(|k| !keys::known(FRONT_MATTER, k))
        .map(|k| {
            let span = spans
                .get(k.as_str())
                .map_or(block_start..block_start, |at| {
                    block_start + at.start..block_start + at.end
                });
            Diagnostic::error(file, span, format!("unknown front matter key `{k}`")).with_help(
                format!(
                    "front matter takes {}; remove the key or fix its spelling{}",
                    keys::listed(FRONT_MATTER),
                    crate::suggest::closest(k, keys::names(FRONT_MATTER))
                        .map_or(String::new(), |c| format!("; did you mean `{c}`?"))
                ),
            )
        })
        .collect();
    unknown_keys.extend(problem);
    Ok(Split {
        front,
        front_span: bom..body_offset,
        body: &text[body_offset..],
        body_offset,
        unknown_keys,
        unreadable,
    })
}

/// A line of TOML or YAML that sets a key: the key's span, and the span from the key to
/// the end of the line (for errors about its value). Offsets are in the text searched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyLine {
    pub key: Range<usize>,
    pub line: Range<usize>,
}

/// The first line of `text` that sets `key` (`key =`, `key:` or `"key" =`), or with
/// `value`, the first such line that also holds `"value"`. The one key finder for
/// course.toml, `_part.toml` and front matter (see `key_lines`).
pub fn find_key(text: &str, key: &str, value: Option<&str>) -> Option<KeyLine> {
    key_lines(text, key, value).next()
}

/// Every line of `text` that sets `key` (and holds `"value"`, when given), in order.
pub fn key_lines<'a>(
    text: &'a str,
    key: &'a str,
    value: Option<&str>,
) -> impl Iterator<Item = KeyLine> + 'a {
    let quoted_value = value.map(|v| format!("\"{v}\""));
    set_lines(text)
        .filter(move |(k, at)| {
            *k == key
                && quoted_value
                    .as_ref()
                    .is_none_or(|v| text[at.key.end..at.line.end].contains(v.as_str()))
        })
        .map(|(_, at)| at)
}

/// The first line that sets each key of `text`, found in one pass: for reporting
/// thousands of keys without reading the text once for each.
pub fn key_spans(text: &str) -> std::collections::HashMap<&str, Range<usize>> {
    let mut spans = std::collections::HashMap::new();
    for (key, at) in set_lines(text) {
        spans.entry(key).or_insert(at.key);
    }
    spans
}

/// Every line of `text` that starts with a key (`key =`, `key:` or `"key" =`): the key
/// and where it and its line are.
fn set_lines(text: &str) -> impl Iterator<Item = (&str, KeyLine)> {
    let mut offset = 0;
    text.split_inclusive('\n').filter_map(move |line| {
        let start_of_line = offset;
        offset += line.len();
        let trimmed = line.trim_start();
        let (key, len) = match trimmed.strip_prefix('"') {
            Some(quoted) => {
                let key = &quoted[..quoted.find('"')?];
                (key, key.len() + 2)
            }
            None => {
                let end = trimmed
                    .find(|c: char| c.is_whitespace() || c == '=' || c == ':')
                    .unwrap_or(trimmed.len());
                (&trimmed[..end], end)
            }
        };
        if key.is_empty() || !trimmed[len..].trim_start().starts_with(['=', ':']) {
            return None;
        }
        let start = start_of_line + line.len() - trimmed.len();
        Some((
            key,
            KeyLine {
                key: start..start + len,
                line: start..start + trimmed.trim_end().len(),
            },
        ))
    })
}

/// Parses TOML front matter; returns it with every top-level key, for the unknown-key check.
fn parse_toml(
    file: &Path,
    block: &str,
    offset: usize,
) -> Result<(FrontMatter, Vec<String>), Diagnostic> {
    let error = |e: toml::de::Error| {
        let span = e.span().unwrap_or(0..0);
        front_matter_error(
            file,
            offset + span.start..offset + span.end,
            e.message().trim(),
            Format::Toml,
        )
    };
    let front: FrontMatter = toml::from_str(block).map_err(error)?;
    let keys = front.unknown.keys().cloned().collect();
    Ok((front, keys))
}

fn parse_yaml(
    file: &Path,
    block: &str,
    offset: usize,
) -> Result<(FrontMatter, Vec<String>), Diagnostic> {
    if block.trim().is_empty() {
        return Ok((FrontMatter::default(), Vec::new()));
    }
    let error = |e: serde_yaml::Error| {
        let at = e
            .location()
            .map_or(0, |l| offset_of(block, l.line(), l.column()));
        // serde_yaml appends "at line N column M" for the block; the caller shows the file's.
        let message = e.to_string();
        let message = message
            .split(" at line ")
            .next()
            .unwrap_or(&message)
            .to_string();
        front_matter_error(file, offset + at..offset + at, &message, Format::Yaml)
    };
    let front: FrontMatter = serde_yaml::from_str(block).map_err(error)?;
    let keys = front.unknown.keys().cloned().collect();
    Ok((front, keys))
}

/// The two ways to write front matter.
#[derive(Clone, Copy)]
enum Format {
    /// TOML between `+++` lines.
    Toml,
    /// YAML between `---` lines.
    Yaml,
}

impl Format {
    fn fence(self) -> &'static str {
        match self {
            Format::Toml => "+++",
            Format::Yaml => "---",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Format::Toml => "TOML",
            Format::Yaml => "YAML",
        }
    }

    /// How the format looks, for errors.
    fn example(self) -> &'static str {
        match self {
            Format::Toml => {
                "TOML front matter looks like `title = \"Why OCS\"`; quote text and separate list items with commas"
            }
            Format::Yaml => {
                "YAML front matter looks like `title: Why OCS`; quote text that contains `: ` or starts with a symbol"
            }
        }
    }
}

fn front_matter_error(
    file: &Path,
    span: Range<usize>,
    message: &str,
    format: Format,
) -> Diagnostic {
    Diagnostic::error(
        file,
        span,
        format!("front matter ({}): {message}", format.name()),
    )
    .with_help(format.example())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::line_col;

    #[test]
    fn finds_the_key_itself_not_a_longer_one() {
        let text = "idea = \"x\"\n  \"id\" = \"a\"\nid: b\nid = \"c\" # three\n";
        let at = find_key(text, "id", None).expect("the quoted key");
        assert_eq!(&text[at.key], "\"id\"");
        assert_eq!(&text[at.line], "\"id\" = \"a\"");
        let at = find_key(text, "id", Some("c")).expect("the line with its value");
        assert_eq!(&text[at.line], "id = \"c\" # three");
        assert_eq!(find_key(text, "ide", None), None);
    }

    fn split_str(text: &str) -> Result<Split<'_>, Diagnostic> {
        split(Path::new("m.md"), text)
    }

    #[test]
    fn a_wrong_duration_says_what_a_duration_looks_like() {
        let text = "+++\ntitle = \"Hi\"\nduration = [1]\n+++\n\nBody";
        let s = split(Path::new("m.md"), text).unwrap();
        assert!(s.unreadable);
        let d = &s.unknown_keys[0];
        assert!(d.message.contains("minutes as a number"), "{}", d.message);
        assert!(!d.message.contains("untagged"), "{}", d.message);
        let fixed = text.replace("[1]", "\"1 h 30 min\"");
        let ok = split(Path::new("m.md"), &fixed).unwrap();
        assert_eq!(ok.front.duration.and_then(|d| d.minutes()), Some(90));
    }

    #[test]
    fn toml_front_matter() {
        let text = "+++\ntitle = \"Hi\"\nduration = 25\n+++\n\nBody";
        let s = split_str(text).unwrap();
        assert_eq!(s.front.title.as_deref(), Some("Hi"));
        assert_eq!(s.front.duration, Some(Duration::Minutes(25)));
        assert_eq!(s.body, "\nBody");
        assert_eq!(&text[s.body_offset..], "\nBody");
    }

    #[test]
    fn yaml_front_matter() {
        let text = "---\ntitle: Hallo\nobjectives:\n  - one\n  - two\n---\nBody";
        let s = split_str(text).unwrap();
        assert_eq!(s.front.title.as_deref(), Some("Hallo"));
        assert_eq!(s.front.objectives, vec!["one", "two"]);
    }

    #[test]
    fn errors_point_at_the_line_in_the_file() {
        // A block that does not parse is reported, and the body is still split off.
        let text = "+++\ntitle = \"Hi\"\nduration = = 3\n+++\nBody";
        let s = split_str(text).unwrap();
        assert!(s.unreadable);
        assert_eq!(s.body, "Body");
        assert_eq!(line_col(text, s.unknown_keys[0].span.start).0, 3);
        let text = "---\ntitle: Hi\nsummary: [unclosed\n---\n";
        let s = split_str(text).unwrap();
        let d = &s.unknown_keys[0];
        assert!(line_col(text, d.span.start).0 >= 3, "{d:?}");
    }

    #[test]
    fn unknown_keys_are_named() {
        let text = "+++\ntitle = \"Hi\"\nauthr = \"me\"\n+++\n";
        let s = split_str(text).unwrap();
        assert_eq!(s.front.title.as_deref(), Some("Hi"));
        let d = &s.unknown_keys[0];
        assert!(d.message.contains("authr"), "{}", d.message);
        assert_eq!(line_col(text, d.span.start).0, 3);
        let text = "---\ntitle: Hi\ncolour: red\n---\n";
        let s = split_str(text).unwrap();
        assert_eq!(line_col(text, s.unknown_keys[0].span.start), (3, 1));
    }

    #[test]
    fn every_key_of_the_reference_reads() {
        let text: String = FRONT_MATTER
            .iter()
            .map(|k| format!("{} = {}\n", k.name, k.example))
            .collect();
        let file = format!("+++\n{text}+++\n");
        let s = split_str(&file).unwrap();
        assert!(s.unknown_keys.is_empty(), "{:?}", s.unknown_keys);
        assert!(s.front.unknown.is_empty());
        let f = &s.front;
        let set = [
            f.title.is_some(),
            f.id.is_some(),
            f.summary.is_some(),
            f.duration.is_some(),
            !f.objectives.is_empty(),
            f.shuffle.is_some(),
            !f.terms.is_empty(),
            !f.downloads.is_empty(),
            f.draft.is_some(),
        ];
        assert_eq!(set.len(), FRONT_MATTER.len(), "a field for every key");
        assert!(set.iter().all(|s| *s), "{set:?}");
    }

    #[test]
    fn unclosed_and_absent_front_matter() {
        assert!(split_str("+++\ntitle = \"x\"\n").is_err());
        let s = split_str("# Just text").unwrap();
        assert_eq!(s.front, FrontMatter::default());
        // A thematic break that is not a fence line is body text.
        let s = split_str("--- not front matter\n").unwrap();
        assert_eq!(s.body_offset, 0);
    }

    #[test]
    fn durations_read_as_minutes() {
        assert_eq!(Duration::Text("25 min".into()).minutes(), Some(25));
        assert_eq!(Duration::Text("1 h 30 min".into()).minutes(), Some(90));
        assert_eq!(Duration::Text("90min".into()).minutes(), Some(90));
        assert_eq!(Duration::Text("45".into()).minutes(), Some(45));
        assert_eq!(Duration::Text("a while".into()).minutes(), None);
    }
}
