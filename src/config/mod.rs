//! `course.toml`: the raw file as written (unknown keys are errors), resolved once
//! into the model's `Config` with defaults filled in and values checked.

mod levels;
mod look;
mod offline;
mod raw;

use std::path::Path;

use crate::diagnostics::Diagnostic;
use crate::frontmatter;
use crate::model::Config;

use levels::{default_levels, resolve_issuer, resolve_levels};
pub use offline::DEFAULT_MAX_PRECACHE;
use raw::read;

/// Parses `course.toml`. Problems are returned as diagnostics against `file`.
pub fn parse(file: &Path, text: &str) -> Result<Config, Vec<Diagnostic>> {
    let mut diagnostics = Vec::new();
    let Some(raw) = read(file, text, &mut diagnostics) else {
        return Err(diagnostics);
    };
    let key_span = |key: &str| find_key(text, key);
    let mut required = |value: Option<String>, key: &str, hint: &str| match value {
        Some(v) if !v.trim().is_empty() => v,
        _ => {
            diagnostics.push(
                Diagnostic::error(file, key_span(key), format!("course.toml has no `{key}`"))
                    .with_help(hint.to_string()),
            );
            String::new()
        }
    };
    let title = required(
        raw.title,
        "title",
        "add a line like `title = \"My course\"`",
    );
    let id = required(
        raw.id,
        "id",
        "add a line like `id = \"my-course\"`; it keys the learners' progress, so never reuse one",
    );
    if !id.is_empty() && !crate::slug::is_slug(&id) {
        diagnostics.push(
            Diagnostic::error(
                file,
                key_span("id"),
                format!("course id `{id}` is not a plain name"),
            )
            .with_help("use lowercase letters, digits, `-` and `_` only, like `ocs-2026`"),
        );
    }
    let pass_mark = raw.pass_mark.unwrap_or(80);
    if !(0..=100).contains(&pass_mark) {
        diagnostics.push(
            Diagnostic::error(
                file,
                key_span("pass_mark"),
                format!("pass_mark {pass_mark} is not a percentage"),
            )
            .with_help("use a whole number from 0 to 100, like `pass_mark = 80`"),
        );
    }
    let levels = match raw.levels {
        None => default_levels(),
        Some(raw_levels) => resolve_levels(file, text, raw_levels, &mut diagnostics),
    };
    let base_url = raw.base_url.map(|url| {
        let url = if url.ends_with('/') { url } else { format!("{url}/") };
        if !url.starts_with("https://") && !url.starts_with("http://") {
            diagnostics.push(
                Diagnostic::error(file, key_span("base_url"), format!("base_url `{url}` is not a web address"))
                    .with_help("give the address the site is published at, like `base_url = \"https://academy.example.com/ocs/\"`"),
            );
        }
        url
    });
    let look = look::resolve(file, raw.theme, &key_span, &mut diagnostics);
    let max_precache = offline::resolve(file, raw.offline, &key_span, &mut diagnostics);
    let trainer_assets = trainer_assets(file, text, raw.trainer_assets, &mut diagnostics);
    let issuer = raw
        .issuer
        .map(|raw| resolve_issuer(file, text, raw, &mut diagnostics));
    if !diagnostics.is_empty() {
        return Err(diagnostics);
    }
    Ok(Config {
        title,
        id,
        language: raw.language.unwrap_or_else(|| "en".into()),
        pass_mark: pass_mark as u8,
        shuffle: raw.shuffle.unwrap_or(false),
        smart_punctuation: raw.smart_punctuation.unwrap_or(true),
        require_checklist: raw.require_checklist.unwrap_or(false),
        allow_external: raw.allow_external.unwrap_or(false),
        trainer_assets,
        theme: look.name,
        accent: look.accent,
        logo: look.logo,
        description: raw.description,
        author: raw.author,
        levels,
        strings: raw.strings,
        base_url,
        issuer,
        max_precache,
    })
}

/// The `trainer_assets` as course-relative paths; one not under `assets/` is an error.
fn trainer_assets(
    file: &Path,
    text: &str,
    entries: Option<Vec<String>>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<std::path::PathBuf> {
    let mut paths = Vec::new();
    for entry in entries.unwrap_or_default() {
        let path = std::path::PathBuf::from(entry.trim_end_matches('/'));
        let inside = path.starts_with("assets")
            && path.components().count() > 1
            && path
                .components()
                .all(|c| matches!(c, std::path::Component::Normal(_)));
        if inside {
            paths.push(path);
        } else {
            diagnostics.push(
                Diagnostic::error(file, entry_span(text, "trainer_assets", &entry), format!("trainer asset `{entry}` is not a folder or file under `assets/`"))
                    .with_help("name it from the course folder, like `trainer_assets = [\"assets/trainer-kit\"]`"),
            );
        }
    }
    paths
}

/// The span of `"entry"` in the list `key` takes, else of the key.
/// A key that `table` (`[offline]`, `[theme]`) does not take. A key of the course's
/// top level gets the hint to move it above the first table, where TOML reads it as
/// the course's; any other, the keys the table takes.
fn unknown_in_table(
    file: &Path,
    span: std::ops::Range<usize>,
    table: &str,
    key: &str,
    takes: &str,
) -> Diagnostic {
    let help = top_key_help(key)
        .unwrap_or_else(|| format!("[{table}] takes {takes}; remove the key or fix its spelling"));
    Diagnostic::error(file, span, format!("[{table}] has no key `{key}`")).with_help(help)
}

/// The hint for a key of the course's top level written under a table header.
fn top_key_help(key: &str) -> Option<String> {
    crate::keys::known(crate::keys::COURSE, key).then(|| format!(
        "`{key}` belongs at the top of course.toml: TOML puts every line after a `[[levels]]` or `[table]` header into that table, so move `{key} = ...` above the first one"
    ))
}

pub fn entry_span(text: &str, key: &str, entry: &str) -> std::ops::Range<usize> {
    let key_at = find_key(text, key);
    let quoted = format!("\"{entry}\"");
    text[key_at.start..]
        .find(&quoted)
        .map_or(key_at.clone(), |i| {
            key_at.start + i..key_at.start + i + quoted.len()
        })
}

/// The span of `key`'s name, for errors about the key.
fn find_key(text: &str, key: &str) -> std::ops::Range<usize> {
    frontmatter::find_key(text, key, None).map_or(0..0, |at| at.key)
}

/// The span of a `key = "value"` line, for errors about one of several tables.
fn find_value(text: &str, key: &str, value: &str) -> std::ops::Range<usize> {
    find_value_nth(text, key, value, 0)
}

/// The span of the `n`-th (from 0) `key = "value"` line.
fn find_value_nth(text: &str, key: &str, value: &str, n: usize) -> std::ops::Range<usize> {
    frontmatter::key_lines(text, key, Some(value))
        .nth(n)
        .map_or_else(|| find_key(text, key), |at| at.line)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EarnedBy, EvidenceKind};

    fn parse_str(text: &str) -> Result<Config, Vec<Diagnostic>> {
        parse(Path::new("course.toml"), text)
    }

    #[test]
    fn every_key_of_the_reference_reads() {
        let line = |k: &crate::keys::Key| format!("{} = {}\n", k.name, k.example);
        let top: String = crate::keys::COURSE
            .iter()
            .filter(|k| !["levels", "issuer", "offline"].contains(&k.name))
            .map(line)
            .collect();
        let level: String = crate::keys::LEVEL.iter().map(line).collect();
        let issuer: String = crate::keys::ISSUER.iter().map(line).collect();
        let offline: String = crate::keys::OFFLINE.iter().map(line).collect();
        let text = format!("{top}\n[[levels]]\n{level}\n[issuer]\n{issuer}\n[offline]\n{offline}");
        let config = parse_str(&text).unwrap_or_else(|d| panic!("{d:?}\n{text}"));
        assert_eq!(config.levels.len(), 1);
        assert_eq!(config.max_precache, 5_000_000);
        assert!(config.issuer.is_some() && config.base_url.is_some());
        // The examples of `levels` and `issuer` read as inline tables too.
        let inline: String = crate::keys::COURSE.iter().map(line).collect();
        parse_str(&inline).unwrap_or_else(|d| panic!("{d:?}\n{inline}"));
    }

    #[test]
    fn every_wrong_type_is_reported_in_file_order() {
        let text = "title = 5\nid = \"x\"\npass_mark = \"eighty\"\nshuffle = \"yes\"\n\n[[levels]]\nid = \"a\"\ntitle = \"A\"\nearned_by = \"quizzes\"\n\n[[levels]]\nid = 7\ntitle = \"B\"\nearned_by = \"quizzes\"\n";
        let d = parse(Path::new("course.toml"), text).err().unwrap();
        let lines: Vec<usize> = d
            .iter()
            .map(|d| crate::diagnostics::line_col(text, d.span.start).0)
            .collect();
        assert_eq!(lines, [1, 3, 4, 12], "{d:#?}");
    }

    #[test]
    fn defaults_fill_in() {
        let c = parse_str("title = \"T\"\nid = \"t\"\n").unwrap();
        assert_eq!(c.language, "en");
        assert_eq!(c.pass_mark, 80);
        assert_eq!(c.max_precache, DEFAULT_MAX_PRECACHE);
        assert_eq!(c.levels.len(), 4);
        assert_eq!(c.levels[0].earned_by, EarnedBy::Quizzes);
        assert_eq!(c.levels[1].evidence[2].kind, EvidenceKind::Date);
        assert_eq!(c.levels[1].evidence[0].kind, EvidenceKind::Link);
        assert_eq!(c.levels[1].evidence[1].kind, EvidenceKind::Name);
    }

    #[test]
    fn unknown_key_names_the_key_and_its_line() {
        let text = "title = \"T\"\nid = \"t\"\ncolour = \"red\"\n";
        let d = parse_str(text).unwrap_err();
        assert!(d[0].message.contains("colour"), "{}", d[0].message);
        assert_eq!(crate::diagnostics::line_col(text, d[0].span.start).0, 3);
    }

    #[test]
    fn missing_title_and_bad_pass_mark_are_both_reported() {
        let d = parse_str("id = \"t\"\npass_mark = 120\n").unwrap_err();
        assert_eq!(d.len(), 2);
        assert!(d[0].message.contains("title"));
        assert!(d[1].message.contains("120"));
    }

    #[test]
    fn a_top_key_under_any_table_is_told_to_move_up() {
        for table in [
            "[offline]\nmax_precache = 0",
            "[theme]\naccent = \"#0b57d0\"",
            "[[levels]]\nid = \"l\"\ntitle = \"L\"\nearned_by = \"quizzes\"",
        ] {
            let text = format!("title = \"T\"\nid = \"t\"\n{table}\npass_mark = 70\n");
            let d = parse_str(&text).unwrap_err();
            assert!(
                d.iter()
                    .any(|d| d.help.as_deref().is_some_and(
                        |h| h.contains("`pass_mark` belongs at the top of course.toml")
                    )),
                "{table}: {d:#?}"
            );
        }
    }

    #[test]
    fn offline_limit_takes_a_size_and_names_the_line_of_a_bad_one() {
        let c =
            parse_str("title = \"T\"\nid = \"t\"\n[offline]\nmax_precache = \"200 kB\"\n").unwrap();
        assert_eq!(c.max_precache, 200_000);
        let c = parse_str("title = \"T\"\nid = \"t\"\noffline = { max_precache = 0 }\n").unwrap();
        assert_eq!(c.max_precache, 0);
        let text =
            "title = \"T\"\nid = \"t\"\n[offline]\nmax_precache = \"lots\"\nprecache = true\n";
        let d = parse_str(text).unwrap_err();
        let at = |d: &Diagnostic| crate::diagnostics::line_col(text, d.span.start);
        assert_eq!(d.len(), 2, "{d:#?}");
        assert!(
            d[0].message.contains("no key `precache`"),
            "{}",
            d[0].message
        );
        assert_eq!(at(&d[0]), (5, 1));
        assert!(
            d[1].message.contains("\"lots\" is not a size"),
            "{}",
            d[1].message
        );
        assert_eq!(at(&d[1]), (4, 1));
        assert!(d[1].help.as_deref().unwrap_or("").contains("5 MB"));
        let d = parse_str("title = \"T\"\nid = \"t\"\n[offline]\nmax_precache = -3\n").unwrap_err();
        assert!(
            d[0].message.contains("-3 is not a size"),
            "{}",
            d[0].message
        );
    }

    #[test]
    fn evidence_levels_need_evidence() {
        let text = "title = \"T\"\nid = \"t\"\n[[levels]]\nid = \"a\"\ntitle = \"A\"\nearned_by = \"evidence\"\n";
        let d = parse_str(text).unwrap_err();
        assert!(d[0].message.contains("asks for none"));
    }
}
