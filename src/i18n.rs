//! The theme's built-in texts in the course's language: `i18n/<language>.toml` of the
//! theme, English for any key it lacks, and the course's own `[strings]` on top.

use crate::model::Strings;
use crate::theme::Theme;

/// What resolving the texts found missing, for `check` to name.
#[derive(Debug, Default, PartialEq)]
pub struct Gaps {
    /// No language file at all for the course's language.
    pub no_file: bool,
    /// Keys the language file lacks (English is used for them).
    pub missing: Vec<String>,
    /// Keys in `[strings]` that no language file knows (likely typos).
    pub unknown_overrides: Vec<String>,
}

/// The texts for `language`, with `overrides` from course.toml applied last.
pub fn resolve(theme: &Theme, language: &str, overrides: &Strings) -> (Strings, Gaps) {
    let english = load(theme, "en");
    let mut gaps = Gaps::default();
    let mut strings = english.clone();
    if language != "en" {
        // `pt-BR` falls back to `pt` before English.
        let base = language.split(['-', '_']).next().unwrap_or(language);
        let file = [language, base]
            .into_iter()
            .find_map(|l| theme.files.get(&format!("i18n/{l}.toml")).map(|_| l));
        match file {
            Some(l) => {
                let own = load(theme, l);
                gaps.missing = english
                    .keys()
                    .filter(|k| !own.contains_key(*k))
                    .cloned()
                    .collect();
                strings.extend(own);
            }
            None => gaps.no_file = true,
        }
    }
    gaps.unknown_overrides = overrides
        .keys()
        .filter(|k| !english.contains_key(*k))
        .cloned()
        .collect();
    strings.extend(overrides.iter().map(|(k, v)| (k.clone(), v.clone())));
    (strings, gaps)
}

/// A language file's texts; a file that does not parse gives none (`check` reports
/// the gaps, and English fills them).
fn load(theme: &Theme, language: &str) -> Strings {
    theme
        .files
        .get(&format!("i18n/{language}.toml"))
        .and_then(|bytes| std::str::from_utf8(bytes).ok())
        .and_then(|text| toml::from_str::<Strings>(text).ok())
        .unwrap_or_default()
}

/// Languages the theme has texts for, for hints.
pub fn languages(theme: &Theme) -> Vec<String> {
    theme
        .files
        .keys()
        .filter_map(|k| {
            k.strip_prefix("i18n/")?
                .strip_suffix(".toml")
                .map(str::to_string)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn croatian_with_english_fallback_and_overrides() {
        let mut theme = Theme::default_theme();
        theme
            .files
            .insert("i18n/en.toml".into(), b"a = \"A\"\nb = \"B\"\n".to_vec());
        theme
            .files
            .insert("i18n/hr.toml".into(), b"a = \"\xc5\xa0\"\n".to_vec());
        let overrides: Strings = [
            ("b".to_string(), "Bee".to_string()),
            ("zz".to_string(), "?".to_string()),
        ]
        .into();
        let (strings, gaps) = resolve(&theme, "hr", &overrides);
        assert_eq!(strings["a"], "Š");
        assert_eq!(strings["b"], "Bee");
        assert_eq!(gaps.missing, vec!["b"]);
        assert_eq!(gaps.unknown_overrides, vec!["zz"]);
        let (strings, gaps) = resolve(&theme, "hr-HR", &Strings::new());
        assert_eq!(strings["a"], "Š");
        assert!(!gaps.no_file);
        let (strings, gaps) = resolve(&theme, "xx", &Strings::new());
        assert!(gaps.no_file);
        assert_eq!(strings["a"], "A");
    }

    #[test]
    fn the_default_theme_ships_complete_languages() {
        let theme = Theme::default_theme();
        for language in languages(&theme) {
            let (_, gaps) = resolve(&theme, &language, &Strings::new());
            assert!(
                gaps.missing.is_empty(),
                "{language} lacks {:?}",
                gaps.missing
            );
        }
    }
}
