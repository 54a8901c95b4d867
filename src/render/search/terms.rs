//! The words of the search index, folded and split exactly as the theme's `search.js`
//! folds and splits text, so that looking a learner's word up in the index finds every
//! section the script's own matching would.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::OnceLock;

use regex::Regex;
use unicode_normalization::UnicodeNormalization;

/// `search.js`' `FOLD`: letters that have no decomposition to a base letter.
const FOLD: [(char, char); 9] = [
    ('đ', 'd'),
    ('ł', 'l'),
    ('ø', 'o'),
    ('ı', 'i'),
    ('ß', 's'),
    ('æ', 'a'),
    ('œ', 'o'),
    ('þ', 't'),
    ('ð', 'd'),
];

/// `search.js`' `foldChar`: lower case, then the base letter without its marks, one
/// UTF-16 unit for one. Characters outside the BMP are two units to the script, which
/// folds each alone and so keeps them as they are.
pub fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    if c.len_utf16() > 1 {
        return c;
    }
    thread_local! {
        static FOLDED: RefCell<HashMap<char, char>> = RefCell::new(HashMap::new());
    }
    FOLDED.with(|folded| {
        *folded.borrow_mut().entry(c).or_insert_with(|| {
            let lower: String = c.to_lowercase().collect();
            let mut chars = lower.chars();
            if let (Some(one), None) = (chars.next(), chars.next())
                && let Some((_, base)) = FOLD.iter().find(|(from, _)| *from == one)
            {
                return *base;
            }
            let mut bare = lower.nfd().filter(|c| !('\u{300}'..='\u{36f}').contains(c));
            // The script keeps the first UTF-16 unit of a longer result; half of a
            // surrogate pair is no letter to it, as a space is not.
            match bare.next() {
                Some(first) if first.len_utf16() == 1 => first,
                _ => ' ',
            }
        })
    })
}

/// `text` folded as `search.js` folds it.
pub fn fold(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    text.chars().map(fold_char).collect()
}

/// A letter or digit as the script's `[\p{L}\p{N}]` sees one: by general category.
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    static CLASS: OnceLock<Regex> = OnceLock::new();
    thread_local! {
        static WORD: RefCell<HashMap<char, bool>> = RefCell::new(HashMap::new());
    }
    // A course uses few characters beyond ASCII: each is looked up once per thread.
    WORD.with(|word| {
        *word.borrow_mut().entry(c).or_insert_with(|| {
            // A fixed pattern: it compiles.
            let class =
                CLASS.get_or_init(|| Regex::new(r"^[\p{L}\p{N}]$").expect("a valid pattern"));
            class.is_match(c.encode_utf8(&mut [0u8; 4]))
        })
    })
}

/// Appends the words of folded `text` that a query word can be the start of (the
/// script's `has`): every run of letters and digits, and, after a letter outside the
/// BMP (two units, neither of them a letter to the script's test of the unit before a
/// match), the rest of its run as well.
pub fn words<'a>(folded: &'a str, out: &mut Vec<&'a str>) {
    let mut chars = folded.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if !is_word_char(c) {
            continue;
        }
        let mut end = start + c.len_utf8();
        let mut starts = vec![];
        let mut after_wide = c.len_utf16() > 1;
        while let Some(&(at, next)) = chars.peek() {
            if !is_word_char(next) {
                break;
            }
            if after_wide {
                starts.push(at);
            }
            after_wide = next.len_utf16() > 1;
            end = at + next.len_utf8();
            chars.next();
        }
        out.push(&folded[start..end]);
        out.extend(starts.into_iter().map(|at| &folded[at..end]));
    }
}

/// The index's order of words: the script's, which compares UTF-16 units.
pub fn compare(a: &str, b: &str) -> std::cmp::Ordering {
    if a.is_ascii() && b.is_ascii() {
        return a.cmp(b);
    }
    a.encode_utf16().cmp(b.encode_utf16())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words_of(text: &str) -> Vec<String> {
        let folded = fold(text);
        let mut out = vec![];
        words(&folded, &mut out);
        out.into_iter().map(str::to_string).collect()
    }

    #[test]
    fn folds_case_and_marks_as_the_script_does() {
        assert_eq!(
            fold("Što ĐAK Łódź İstanbul Straße"),
            "sto dak lodz istanbul strase"
        );
        assert_eq!(
            words_of("Café-au-lait, NRR (2024)"),
            ["cafe", "au", "lait", "nrr", "2024"]
        );
        // Indic vowel signs are marks, not letters: they split words, as in the script.
        assert_eq!(words_of("कि"), ["क"]);
    }

    #[test]
    fn a_letter_outside_the_bmp_starts_a_word_after_it() {
        assert_eq!(words_of("a𝒜bc"), ["a𝒜bc", "bc"]);
    }

    #[test]
    fn words_sort_by_utf16_units() {
        assert!(compare("\u{ffff}", "𝒜").is_gt());
        assert!(compare("ab", "abc").is_lt());
    }
}
