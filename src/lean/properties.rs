//! Short names for the theme's own CSS custom properties (`--border` as `--c`), the
//! same in every style sheet of the theme: the module page's style sheets name them
//! about three hundred times.

use std::collections::{BTreeMap, HashMap, HashSet};

/// Each custom property the theme's style sheets alone name, by its short name.
#[derive(Debug, Default)]
pub struct PropertyNames(HashMap<String, String>);

impl PropertyNames {
    /// The short names for the custom properties of `styles` (the theme's style sheets,
    /// and its templates, which are renamed alike). A property named in `elsewhere` too
    /// (a script that sets one) keeps its name; no short name is one the theme already
    /// uses. The most named property gets the shortest name.
    pub fn of<'a>(
        styles: impl Iterator<Item = &'a str>,
        elsewhere: impl Iterator<Item = &'a str>,
    ) -> Self {
        let mut count: BTreeMap<&str, usize> = BTreeMap::new();
        for style in styles {
            for name in properties(style) {
                *count.entry(name).or_default() += 1;
            }
        }
        let kept: HashSet<&str> = elsewhere.flat_map(properties).collect();
        let mut by_use: Vec<(&str, usize)> = count
            .iter()
            .filter(|(name, _)| !kept.contains(*name))
            .map(|(name, n)| (*name, *n))
            .collect();
        by_use.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let mut short =
            short_names().filter(|s| !count.contains_key(s.as_str()) && !kept.contains(s.as_str()));
        let mut names = HashMap::new();
        let mut next = short.next();
        for (name, _) in by_use {
            match &next {
                Some(s) if s.len() < name.len() => {
                    names.insert(name.to_owned(), s.clone());
                    next = short.next();
                }
                _ => {}
            }
        }
        PropertyNames(names)
    }

    /// `css` with each custom property of these names by its short name, outside strings.
    pub fn apply(&self, css: &str) -> String {
        self.rename(css, true)
    }

    /// A template's text with each custom property of these names by its short name,
    /// in its `<style>` elements and `style` attributes alike.
    pub fn apply_to_template(&self, text: &str) -> String {
        self.rename(text, false)
    }

    /// `text` with the names renamed; inside strings too unless `strings` (CSS's).
    fn rename(&self, css: &str, strings: bool) -> String {
        if self.0.is_empty() {
            return css.to_owned();
        }
        let mut out = String::with_capacity(css.len());
        let mut rest = css;
        let mut quote: Option<char> = None;
        while let Some(c) = rest.chars().next() {
            if let Some(q) = quote {
                let step = if c == '\\' {
                    rest.chars().take(2).map(char::len_utf8).sum()
                } else {
                    c.len_utf8()
                };
                if c == q {
                    quote = None;
                }
                out.push_str(&rest[..step.min(rest.len())]);
                rest = &rest[step.min(rest.len())..];
                continue;
            }
            if strings && (c == '"' || c == '\'') {
                quote = Some(c);
            } else if rest.starts_with("--") && !out.ends_with(is_name_char) {
                let len = 2 + rest[2..]
                    .find(|c: char| !is_name_char(c))
                    .unwrap_or(rest.len() - 2);
                let name = &rest[2..len];
                if let Some(s) = self.0.get(name) {
                    out.push_str("--");
                    out.push_str(s);
                    rest = &rest[len..];
                    continue;
                }
                out.push_str(&rest[..len]);
                rest = &rest[len..];
                continue;
            }
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
        out
    }
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_' || !c.is_ascii()
}

/// The custom property names (without `--`) that `text` names.
fn properties(text: &str) -> impl Iterator<Item = &str> {
    text.match_indices("--").filter_map(move |(i, _)| {
        if text[..i].ends_with(is_name_char) {
            return None;
        }
        let rest = &text[i + 2..];
        let len = rest.find(|c: char| !is_name_char(c)).unwrap_or(rest.len());
        let name = &rest[..len];
        name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            .then_some(name)
    })
}

/// `a` to `z`, then `a0` to `z9` and `aa` to `zz`.
fn short_names() -> impl Iterator<Item = String> {
    let letters = || (b'a'..=b'z').map(char::from);
    let second = move || ('0'..='9').chain(letters());
    letters()
        .map(String::from)
        .chain(letters().flat_map(move |a| second().map(move |b| format!("{a}{b}"))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_most_named_properties_get_the_shortest_names_in_every_style_sheet() {
        let a = ":root{--border:#ccc;--accent:blue;--gap:1rem}p{border:1px solid var(--border);color:var(--accent)}";
        let b = "li{border-color:var(--border);margin:var(--gap)}";
        let names = PropertyNames::of([a, b].into_iter(), std::iter::empty());
        assert_eq!(
            names.apply(a),
            ":root{--a:#ccc;--b:blue;--c:1rem}p{border:1px solid var(--a);color:var(--b)}"
        );
        assert_eq!(names.apply(b), "li{border-color:var(--a);margin:var(--c)}");
    }

    #[test]
    fn properties_named_outside_the_style_sheets_and_strings_keep_their_names() {
        let css = ":root{--accent:blue;--border:red;--b:1px}a{color:var(--accent);content:\"--border\";x:var(--border)}";
        let template = "<style>:root{--accent:{{ accent }}}</style>";
        let names = PropertyNames::of([css].into_iter(), [template].into_iter());
        // --b is taken, so --border is --a; --accent keeps its name.
        assert_eq!(
            names.apply(css),
            ":root{--accent:blue;--a:red;--b:1px}a{color:var(--accent);content:\"--border\";x:var(--a)}"
        );
    }

    #[test]
    fn templates_are_renamed_in_style_elements_and_attributes() {
        let css = ":root{--accent:blue}a{color:var(--accent)}";
        let template = "<style>:root{--accent:{{ a }}}</style><p style=\"border-color:var(--accent)\"><!-- x --></p>";
        let names = PropertyNames::of([css, template].into_iter(), std::iter::empty());
        assert_eq!(
            names.apply_to_template(template),
            "<style>:root{--a:{{ a }}}</style><p style=\"border-color:var(--a)\"><!-- x --></p>"
        );
    }

    #[test]
    fn short_names_run_from_letters_to_two_characters() {
        let names: Vec<String> = short_names().take(28).collect();
        assert_eq!(names[0], "a");
        assert_eq!(names[25], "z");
        assert_eq!(names[26], "a0");
        assert_eq!(names[27], "a1");
    }
}
