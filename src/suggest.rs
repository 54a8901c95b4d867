//! Did-you-mean: the closest of the names an author could have meant, for hints.

/// The candidate closest to `typed` (ignoring case, by edit distance) when it is close
/// enough to be a likely slip: at most a third of the longer name's letters away.
pub fn closest<'a>(typed: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let typed_lower = typed.to_lowercase();
    candidates
        .into_iter()
        .filter(|c| *c != typed)
        .map(|c| {
            let distance = strsim::damerau_levenshtein(&typed_lower, &c.to_lowercase());
            (distance, c)
        })
        .filter(|(distance, c)| {
            let longer = typed.chars().count().max(c.chars().count());
            *distance <= (longer / 3).max(1)
        })
        .min_by_key(|(distance, c)| (*distance, *c))
        .map(|(_, c)| c)
}

/// `; did you mean `x`?` for a hint, or nothing.
pub fn did_you_mean<'a>(typed: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    closest(typed, candidates).map_or(String::new(), |c| format!("; did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_names_are_suggested_and_far_ones_not() {
        let sections = ["What it is", "Why do it", "How to do it"];
        assert_eq!(closest("Whta it is", sections), Some("What it is"));
        assert_eq!(closest("how to do it", sections), Some("How to do it"));
        assert_eq!(closest("Background", sections), None);
        assert_eq!(
            closest("02-beat.md", ["01-alpha.md", "02-beta.md"]),
            Some("02-beta.md")
        );
        assert_eq!(
            did_you_mean("Trainer", ["trainer"]),
            "; did you mean `trainer`?"
        );
        assert_eq!(did_you_mean("x", ["trainer"]), "");
    }
}
