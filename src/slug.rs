//! Slugs for ids and anchors: lowercase ASCII words joined by `-`, accents folded.

use std::collections::{HashMap, HashSet};

/// Turns heading or option text into an id: `Što je NPS?` becomes `sto-je-nps`.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars().flat_map(fold) {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        } else if c == '_' || c == '-' || c.is_whitespace() || c.is_ascii_punctuation() {
            dash = true;
        }
    }
    if out.is_empty() {
        out.push_str("section");
    }
    out
}

/// The ids of one page given out so far, with the next number to try for each base, so
/// that many identical headings take linear time, not quadratic.
#[derive(Debug, Default)]
pub struct Taken {
    ids: HashSet<String>,
    next: HashMap<String, usize>,
}

impl Taken {
    pub fn contains(&self, id: &str) -> bool {
        self.ids.contains(id)
    }

    /// Records `id` as taken; `false` when it already was.
    pub fn insert(&mut self, id: String) -> bool {
        self.ids.insert(id)
    }

    /// `base`, or `base-2`, `base-3`, ... when taken; records the result as taken.
    pub fn unique(&mut self, base: &str) -> String {
        if self.ids.insert(base.to_string()) {
            return base.to_string();
        }
        let mut n = self.next.get(base).copied().unwrap_or(2);
        let id = loop {
            let candidate = format!("{base}-{n}");
            n += 1;
            if !self.ids.contains(&candidate) {
                break candidate;
            }
        };
        self.next.insert(base.to_string(), n);
        self.ids.insert(id.clone());
        id
    }

    pub fn into_set(self) -> HashSet<String> {
        self.ids
    }
}

impl FromIterator<String> for Taken {
    fn from_iter<I: IntoIterator<Item = String>>(ids: I) -> Self {
        Taken {
            ids: ids.into_iter().collect(),
            next: HashMap::new(),
        }
    }
}

/// Whether an author-given id is safe as a file name and a storage key.
pub fn is_slug(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// Latin letters with diacritics to their base letters, so ids stay ASCII.
fn fold(c: char) -> impl Iterator<Item = char> {
    let base: &str = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ą' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => {
            "a"
        }
        'æ' | 'Æ' => "ae",
        'ç' | 'ć' | 'č' | 'Ç' | 'Ć' | 'Č' => "c",
        'ď' | 'đ' | 'Ď' | 'Đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' | 'È' | 'É' | 'Ê' | 'Ë' | 'Ě' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => "i",
        'ł' | 'Ł' => "l",
        'ñ' | 'ń' | 'ň' | 'Ñ' | 'Ń' | 'Ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => "o",
        'œ' | 'Œ' => "oe",
        'ř' | 'Ř' => "r",
        'ś' | 'š' | 'Ś' | 'Š' => "s",
        'ß' => "ss",
        'ť' | 'Ť' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ů' | 'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ů' => "u",
        'ý' | 'ÿ' | 'Ý' => "y",
        'ź' | 'ż' | 'ž' | 'Ź' | 'Ż' | 'Ž' => "z",
        _ => "",
    };
    let single = if base.is_empty() { Some(c) } else { None };
    base.chars().chain(single)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_fold_accents_and_punctuation() {
        assert_eq!(slugify("Što je NPS?"), "sto-je-nps");
        assert_eq!(
            slugify("  Which comes first in an OCS pilot? "),
            "which-comes-first-in-an-ocs-pilot"
        );
        assert_eq!(slugify("???"), "section");
        assert_eq!(slugify("Don't panic"), "don-t-panic");
    }

    #[test]
    fn unique_appends_numbers() {
        let mut taken: Taken = ["b-2".to_string()].into_iter().collect();
        assert_eq!(taken.unique("a"), "a");
        assert_eq!(taken.unique("a"), "a-2");
        assert_eq!(taken.unique("a"), "a-3");
        assert_eq!(taken.unique("b"), "b");
        assert_eq!(taken.unique("b"), "b-3", "skips an id taken before");
        assert!(taken.insert("a-5".into()));
        assert_eq!(taken.unique("a"), "a-4");
        assert_eq!(taken.unique("a"), "a-6");
        assert!(!taken.insert("a".into()));
    }

    #[test]
    fn ids_must_be_plain() {
        assert!(is_slug("why-ocs_2"));
        assert!(!is_slug("Why OCS"));
        assert!(!is_slug("../x"));
        assert!(!is_slug(""));
    }
}
