//! The format reference (`coursemark help format`, `docs/format.md`): every key of
//! `course.toml`, `_part.toml` and front matter, written from the tables in `keys`
//! that the parsers read.

use std::fmt::Write;

use crate::keys::{self, Key};

/// The reference as Markdown.
pub fn format() -> String {
    let mut out = String::from(
        "# Course format reference\n\n\
         Every key of `course.toml`, `_part.toml`, a module's front matter and\n\
         `glossary.toml`, with what it takes and its default. Written by\n\
         `coursemark help format` from the tables the parser reads, so it lists exactly\n\
         what the parser accepts; `cargo test` checks that this file is its output. Any\n\
         other key is an error naming its line. The [authoring guide](authoring.md)\n\
         explains them with examples.\n",
    );
    let tables: [(&str, &str, &[Key]); 8] = [
        (
            "course.toml",
            "The course's settings, in TOML at the course folder's top.",
            keys::COURSE,
        ),
        (
            "[[levels]] in course.toml",
            "One table per accreditation level, in order.",
            keys::LEVEL,
        ),
        (
            "[issuer] in course.toml",
            "Who awards levels as signed credentials.",
            keys::ISSUER,
        ),
        (
            "[offline] in course.toml",
            "How the published site is saved for use without a network.",
            keys::OFFLINE,
        ),
        (
            "_part.toml",
            "Optional, in a part's folder (`01-foundations/_part.toml`).",
            keys::PART,
        ),
        (
            "Module front matter",
            "TOML between `+++` lines (or YAML between `---` lines) at the top of a module.",
            keys::FRONT_MATTER,
        ),
        (
            "glossary.toml",
            "Optional, beside course.toml; `glossary.md` (a `## ` heading per term) is the Markdown form.",
            keys::GLOSSARY,
        ),
        (
            "[[term]] in glossary.toml",
            "One table per term.",
            keys::TERM,
        ),
    ];
    for (title, about, keys) in tables {
        let _ = write!(
            out,
            "\n## {title}\n\n{about}\n\n| key | takes | default | what it does | example |\n| --- | --- | --- | --- | --- |\n"
        );
        for k in keys {
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} | `{} = {}` |",
                k.name, k.kind, k.default, k.about, k.name, k.example
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_has_a_row() {
        let reference = format();
        for k in keys::FRONT_MATTER
            .iter()
            .chain(keys::COURSE)
            .chain(keys::PART)
        {
            assert!(
                reference.contains(&format!("| `{}` |", k.name)),
                "{}",
                k.name
            );
        }
        assert!(reference.contains("| `draft` | true or false | false |"));
    }
}
