//! Where each word of the index occurs, and the word shards that carry it: the words in
//! the script's order, cut into files of about `SHARD_BYTES`, so a query word loads one.
//! A word whose continuations span more than one file (a short prefix such as `c`) gets
//! a ready union, `c*`, so that it too loads one file.

use std::collections::{BTreeSet, HashMap};

use super::terms::compare;

/// About how large a word shard grows (one word's lists may make it larger).
pub const SHARD_BYTES: usize = 24 * 1024;

/// The digits of the index's numbers: URL-safe base64, which JSON leaves as it is.
const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Where one word occurs: the modules whose title has it, the sections whose heading
/// has it, and the other sections whose text has it (ascending, no repeats).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Postings {
    pub titles: Vec<u32>,
    pub headings: Vec<u32>,
    pub texts: Vec<u32>,
}

impl Postings {
    /// Adds the lists of `other`, whose ids all come after these.
    pub fn append(&mut self, mut other: Postings) {
        self.titles.append(&mut other.titles);
        self.headings.append(&mut other.headings);
        self.texts.append(&mut other.texts);
    }

    /// The union of `all`: the modules and sections any of them has.
    fn union<'a>(all: impl Iterator<Item = &'a Postings> + Clone) -> Postings {
        Postings {
            titles: union(all.clone().map(|p| &p.titles[..])),
            headings: union(all.clone().map(|p| &p.headings[..])),
            texts: union(all.map(|p| &p.texts[..])),
        }
    }

    /// The lists as the script reads them: `titles,headings,texts`, each `ids`.
    fn encode(&self) -> String {
        // A section is found by its heading before its text: the text's list leaves it out.
        let texts: Vec<u32> = self
            .texts
            .iter()
            .copied()
            .filter(|s| self.headings.binary_search(s).is_err())
            .collect();
        [&self.titles, &self.headings, &texts]
            .map(|list| ids(list))
            .join(",")
    }
}

/// The ids of any of `lists`, ascending, through a bitmap: linear in the ids, where
/// merging list after list and sorting again took a seventh of a 10,000-module build.
fn union<'a>(lists: impl Iterator<Item = &'a [u32]> + Clone) -> Vec<u32> {
    let Some(last) = lists.clone().filter_map(|l| l.last().copied()).max() else {
        return Vec::new();
    };
    let mut bits = vec![0u64; last as usize / 64 + 1];
    for &id in lists.flatten() {
        bits[id as usize / 64] |= 1 << (id % 64);
    }
    let mut ids = Vec::new();
    for (word, mut set) in (0u32..).zip(bits) {
        while set != 0 {
            ids.push(word * 64 + set.trailing_zeros());
            set &= set - 1;
        }
    }
    ids
}

/// Numbers as digits of five bits, lowest first, a sixth bit saying another follows.
pub fn push_number(out: &mut String, mut n: u32) {
    loop {
        let more = n >= 32;
        out.push(DIGITS[(n & 31) as usize | if more { 32 } else { 0 }] as char);
        n >>= 5;
        if !more {
            break;
        }
    }
}

/// Ascending ids, the shorter of two forms: the gaps between them as numbers, or `~`
/// and a bitmap of six ids a digit.
pub fn ids(list: &[u32]) -> String {
    let mut gaps = String::new();
    let mut next = 0;
    for &id in list {
        push_number(&mut gaps, id - next);
        next = id + 1;
    }
    let Some(&last) = list.last() else {
        return gaps;
    };
    let bitmap_len = last as usize / 6 + 2;
    if gaps.len() <= bitmap_len {
        return gaps;
    }
    let mut bits = vec![0u8; last as usize / 6 + 1];
    for &id in list {
        bits[id as usize / 6] |= 1 << (id % 6);
    }
    std::iter::once('~')
        .chain(bits.into_iter().map(|b| DIGITS[b as usize] as char))
        .collect()
}

/// The longest prefix, in characters, that gets a union when it spans two shards: longer
/// than any word a learner types.
const LONGEST_PREFIX: usize = 64;

/// The word shards: each a JSON object from word (or `prefix*`) to its lists, and the
/// first key of each, in order.
pub fn shards(postings: HashMap<String, Postings>) -> (Vec<String>, Vec<String>) {
    let mut words: Vec<(String, Postings)> = postings.into_iter().collect();
    words.sort_by(|a, b| compare(&a.0, &b.0));
    let mut items: Vec<(String, String)> =
        words.iter().map(|(w, p)| (w.clone(), p.encode())).collect();
    // Unions are added until no prefix spans two shards without one: each added union
    // can move the cuts, and there are only so many prefixes.
    loop {
        let firsts = cuts(&items);
        let missing = spanning(&items, &firsts, |p| {
            words.binary_search_by(|(w, _)| compare(w, p)).is_ok()
        });
        if missing.is_empty() {
            return pack(&items, &firsts);
        }
        for prefix in missing {
            let from = words.partition_point(|(w, _)| compare(w, &prefix).is_lt());
            let union = Postings::union(
                words[from..]
                    .iter()
                    .take_while(|(w, _)| w.starts_with(&prefix))
                    .map(|(_, p)| p),
            );
            items.push((format!("{prefix}*"), union.encode()));
        }
        items.sort_by(|a, b| compare(&a.0, &b.0));
    }
}

/// The prefixes a learner can type (a word, or the start of one of at most
/// `LONGEST_PREFIX` characters) whose words span two shards cut at `firsts`, and that have
/// no union yet. A prefix spans two shards only where a shard's first key starts with it,
/// so only the starts of the first keys are looked at, not every prefix of every word.
fn spanning(
    items: &[(String, String)],
    firsts: &[usize],
    is_word: impl Fn(&str) -> bool,
) -> BTreeSet<String> {
    // The script's choice: the last shard whose first key is at most `k`.
    let shard = |k: &str| firsts[1..].partition_point(|f| compare(&items[*f].0, k).is_le());
    let spans = |p: &str| shard(p) != shard(&format!("{p}\u{ffff}"));
    let mut missing = BTreeSet::new();
    for &first in &firsts[1..] {
        let key = items[first].0.as_str();
        for (chars, (at, _)) in key.char_indices().skip(1).enumerate() {
            let prefix = &key[..at];
            if (chars < LONGEST_PREFIX || is_word(prefix))
                && spans(prefix)
                && items
                    .binary_search_by(|(k, _)| compare(k, &format!("{prefix}*")))
                    .is_err()
            {
                missing.insert(prefix.to_string());
            }
        }
    }
    missing
}

/// Where each shard starts in `items`.
fn cuts(items: &[(String, String)]) -> Vec<usize> {
    let mut firsts = vec![0];
    let mut size = 0;
    for (i, (key, lists)) in items.iter().enumerate() {
        let bytes = key.len() + lists.len() + 6;
        if size > 0 && size + bytes > SHARD_BYTES {
            firsts.push(i);
            size = 0;
        }
        size += bytes;
    }
    firsts
}

/// The shards' JSON objects and first keys (the first shard's as "", so that every
/// word has a shard).
fn pack(items: &[(String, String)], firsts: &[usize]) -> (Vec<String>, Vec<String>) {
    let mut shards = Vec::with_capacity(firsts.len());
    let mut keys = Vec::with_capacity(firsts.len());
    for (n, &first) in firsts.iter().enumerate() {
        let end = firsts.get(n + 1).copied().unwrap_or(items.len());
        let mut json = String::from("{");
        for (i, (key, lists)) in items[first..end].iter().enumerate() {
            if i > 0 {
                json.push(',');
            }
            super::text::json_string(&mut json, key);
            json.push(':');
            super::text::json_string(&mut json, lists);
        }
        json.push('}');
        shards.push(json);
        keys.push(if n == 0 {
            String::new()
        } else {
            items[first].0.clone()
        });
    }
    (shards, keys)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_gaps_or_a_bitmap_whichever_is_shorter() {
        assert_eq!(ids(&[]), "");
        assert_eq!(ids(&[0, 20]), "AT");
        assert_eq!(ids(&[0, 1, 2]), "~H");
        assert_eq!(ids(&[3, 40]), "DkB");
        // Dense: a bitmap, six ids a digit.
        let dense: Vec<u32> = (0..60).collect();
        assert_eq!(ids(&dense), format!("~{}", "_".repeat(10)));
    }

    #[test]
    fn a_union_holds_each_id_once_in_order() {
        let lists: [&[u32]; 3] = [&[1, 64, 200], &[0, 1, 63, 65], &[]];
        assert_eq!(union(lists.into_iter()), [0, 1, 63, 64, 65, 200]);
        assert_eq!(union([&[][..]].into_iter()), Vec::<u32>::new());
    }

    /// `shards` as it was first written: every prefix of every word looked at in each
    /// round, the plain statement of the rule that `spanning` narrows down.
    fn shards_looking_at_every_prefix(
        postings: HashMap<String, Postings>,
    ) -> (Vec<String>, Vec<String>) {
        let mut words: Vec<(String, Postings)> = postings.into_iter().collect();
        words.sort_by(|a, b| compare(&a.0, &b.0));
        let prefixes: BTreeSet<&str> = words
            .iter()
            .flat_map(|(w, _)| {
                let whole = std::iter::once(w.as_str());
                w.char_indices()
                    .skip(1)
                    .take(LONGEST_PREFIX)
                    .map(move |(at, _)| &w[..at])
                    .chain(whole)
            })
            .collect();
        let mut items: Vec<(String, String)> =
            words.iter().map(|(w, p)| (w.clone(), p.encode())).collect();
        loop {
            let firsts = cuts(&items);
            let shard = |k: &str| firsts[1..].partition_point(|f| compare(&items[*f].0, k).is_le());
            let missing: Vec<&str> = prefixes
                .iter()
                .copied()
                .filter(|p| shard(p) != shard(&format!("{p}\u{ffff}")))
                .filter(|p| {
                    let key = format!("{p}*");
                    items.binary_search_by(|(k, _)| compare(k, &key)).is_err()
                })
                .collect();
            if missing.is_empty() {
                return pack(&items, &firsts);
            }
            for prefix in missing {
                let from = words.partition_point(|(w, _)| compare(w, prefix).is_lt());
                let union = Postings::union(
                    words[from..]
                        .iter()
                        .take_while(|(w, _)| w.starts_with(prefix))
                        .map(|(_, p)| p),
                );
                items.push((format!("{prefix}*"), union.encode()));
            }
            items.sort_by(|a, b| compare(&a.0, &b.0));
        }
    }

    #[test]
    fn the_shards_are_those_of_every_prefix_looked_at() {
        // Words sharing long and short starts, some beyond the longest prefix, some not
        // ASCII, with lists of many lengths: many shards and unions.
        let mut seed = 7u64;
        let mut next = |n: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % n
        };
        for round in 0..6 {
            let mut postings = HashMap::new();
            let stems = [
                "re",
                "renew",
                "renewal",
                "čaj",
                "ča",
                "x",
                &"long".repeat(20),
            ];
            for i in 0..(400 + round * 300) {
                let stem = stems[next(stems.len() as u64) as usize];
                let digits = 1 + next(4) as u32;
                let word = format!("{stem}{}", next(10u64.pow(digits)));
                let texts: Vec<u32> = (0..next(300) as u32).map(|t| t * 37 + i % 37).collect();
                let p = Postings {
                    titles: vec![i],
                    texts,
                    ..Postings::default()
                };
                postings.insert(word, p);
            }
            let made = shards(postings.clone());
            assert!(made.1.len() > 3, "many shards: {:?}", made.1);
            assert!(made.0.iter().any(|s| s.contains("*\":")), "unions");
            assert_eq!(
                made,
                shards_looking_at_every_prefix(postings),
                "round {round}"
            );
        }
    }

    #[test]
    fn a_prefix_spanning_shards_has_its_union() {
        let mut postings = HashMap::new();
        for i in 0..4000u32 {
            let p = Postings {
                texts: vec![i],
                ..Postings::default()
            };
            postings.insert(format!("w{i}"), p);
        }
        let (shards, keys) = shards(postings);
        assert!(keys.len() > 1, "{keys:?}");
        let all = shards.join("");
        // `w` spans them all and has its union; a word that starts no other has none.
        assert!(all.contains("\"w*\":\",,~"), "{all}");
        assert!(!all.contains("\"w3999*\""));
    }
}
