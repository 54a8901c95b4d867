//! The format reference (`coursemark help format`, `docs/format.md`): every key of
//! `course.toml`, `_part.toml` and front matter, written from the tables in `keys`
//! that the parsers read.

use std::fmt::Write;

use crate::keys::{self, Key};

/// The reference as Markdown.
pub fn format() -> String {
    let mut out = String::from(
        "# Course format reference\n\n\
         Every key of `course.toml`, `_part.toml` and a module's front matter, with what it\n\
         takes and its default. Written by `coursemark help format` from the tables the\n\
         parser reads, so it lists exactly what the parser accepts; `cargo test` checks that\n\
         this file is its output. Any other key is an error naming its line. The\n\
         [authoring guide](authoring.md) explains them with examples.\n",
    );
    let tables: [(&str, &str, &[Key]); 5] = [
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
            "_part.toml",
            "Optional, in a part's folder (`01-foundations/_part.toml`).",
            keys::PART,
        ),
        (
            "Module front matter",
            "TOML between `+++` lines (or YAML between `---` lines) at the top of a module.",
            keys::FRONT_MATTER,
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
