//! Slugs for ids and anchors: lowercase ASCII words joined by `-`, accents folded, for
//! ids that key progress and name files; GitHub's heading ids for headings.

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

/// The ids of one page given out so far, with the next number to try for each base (and
/// first number), so that many identical headings take linear time, not quadratic.
#[derive(Debug, Default)]
pub struct Taken {
    ids: HashSet<String>,
    next: HashMap<(usize, String), usize>,
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
        self.numbered_from(base, 2)
    }

    /// GitHub's numbering of repeated heading ids: `base`, or `base-1`, `base-2`, ...
    pub fn github(&mut self, base: &str) -> String {
        self.numbered_from(base, 1)
    }

    fn numbered_from(&mut self, base: &str, first: usize) -> String {
        if self.ids.insert(base.to_string()) {
            return base.to_string();
        }
        let key = (first, base.to_string());
        let mut n = self.next.get(&key).copied().unwrap_or(first);
        let id = loop {
            let candidate = format!("{base}-{n}");
            n += 1;
            if !self.ids.contains(&candidate) {
                break candidate;
            }
        };
        self.next.insert(key, n);
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

/// A heading's id as GitHub makes it, so links written on GitHub work here: lowercased,
/// every character but letters, digits, `_`, `-` and spaces dropped, each space a `-`.
/// `Where's the -> Operator?` gives `wheres-the---operator`, `Mutex<T>` gives `mutext`.
pub fn github(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c == ' ' {
            out.push('-');
        } else if c.is_alphanumeric() || c == '_' || c == '-' {
            out.extend(c.to_lowercase());
        }
    }
    if out.is_empty() {
        out.push_str("section");
    }
    out
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
    fn github_heading_ids() {
        assert_eq!(github("Where's the -> Operator?"), "wheres-the---operator");
        assert_eq!(github("The API of Mutex<T>"), "the-api-of-mutext");
        assert_eq!(github("Što je NPS?"), "što-je-nps");
        assert_eq!(github("snake_case and 2 words"), "snake_case-and-2-words");
        assert_eq!(github("???"), "section");
    }

    #[test]
    fn github_numbers_repeats_from_one() {
        let mut taken = Taken::default();
        assert_eq!(taken.github("a"), "a");
        assert_eq!(taken.github("a"), "a-1");
        assert!(taken.insert("a-2".into()));
        assert_eq!(taken.github("a"), "a-3");
        assert_eq!(
            taken.unique("a"),
            "a-4",
            "each numbering keeps its own count"
        );
        assert_eq!(taken.github("a"), "a-5");
    }

    #[test]
    fn ids_must_be_plain() {
        assert!(is_slug("why-ocs_2"));
        assert!(!is_slug("Why OCS"));
        assert!(!is_slug("../x"));
        assert!(!is_slug(""));
    }
}
