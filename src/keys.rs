//! The keys an author writes in `course.toml`, `_part.toml` and a module's front matter,
//! one table per place: the parsers take their known keys from these tables and
//! `coursemark help format` lists them, so the reference cannot drift from the parser.

/// One key: its name, what it takes, its default and what it does.
pub struct Key {
    pub name: &'static str,
    /// What the value is, in an author's words (`text`, `true or false`, ...).
    pub kind: &'static str,
    /// What a course gets without the key, or `required`.
    pub default: &'static str,
    pub about: &'static str,
    /// A value as written in TOML: for the reference, and for the test that every key
    /// of a table reads.
    pub example: &'static str,
}

/// The keys of a place, by name.
pub fn names(keys: &'static [Key]) -> impl Iterator<Item = &'static str> + Clone {
    keys.iter().map(|k| k.name)
}

/// Whether `keys` has a key called `name`.
pub fn known(keys: &[Key], name: &str) -> bool {
    keys.iter().any(|k| k.name == name)
}

/// The names as a list for a hint: `` `a`, `b` and `c` ``.
pub fn listed(keys: &[Key]) -> String {
    let names: Vec<String> = keys.iter().map(|k| format!("`{}`", k.name)).collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => names.concat(),
    }
}

/// The top-level keys of `course.toml`.
pub const COURSE: &[Key] = &[
    Key {
        name: "title",
        kind: "text",
        default: "required",
        about: "the course's title",
        example: "\"The Path to Outcome-based Customer Success\"",
    },
    Key {
        name: "id",
        kind: "text: lowercase letters, digits, `-` and `_`",
        default: "required",
        about: "the key of the learners' progress in their browser; never reuse one",
        example: "\"ocs\"",
    },
    Key {
        name: "language",
        kind: "text: a language code",
        default: "\"en\"",
        about: "sets `<html lang>` and the theme's built-in texts (`en` and `hr` ship)",
        example: "\"en\"",
    },
    Key {
        name: "pass_mark",
        kind: "whole number, 0 to 100",
        default: "80",
        about: "percent of a module's questions answered right to pass its quiz",
        example: "80",
    },
    Key {
        name: "shuffle",
        kind: "true or false",
        default: "false",
        about: "shuffle every quiz's options on each attempt",
        example: "true",
    },
    Key {
        name: "smart_punctuation",
        kind: "true or false",
        default: "true",
        about: "curly quotes, dashes and ellipses in prose",
        example: "true",
    },
    Key {
        name: "require_checklist",
        kind: "true or false",
        default: "false",
        about: "a module is complete only when its Implement checklist is done too",
        example: "false",
    },
    Key {
        name: "allow_external",
        kind: "true or false",
        default: "false",
        about: "allow media from other hosts (`<img src=\"https://...\">`)",
        example: "false",
    },
    Key {
        name: "trainer_assets",
        kind: "list of folders or files under `assets/`",
        default: "none: every asset is in both editions",
        about: "assets only the trainer edition publishes (answer keys, run sheets)",
        example: "[\"assets/trainer-kit\"]",
    },
    Key {
        name: "theme",
        kind: "text: a folder name under `themes/`, or a `[theme]` table with `name`, `accent` (`#rrggbb`) and `logo` (under `assets/`)",
        default: "the built-in theme",
        about: "use `themes/NAME/` beside or in the course, over the built-in theme; `accent` is the brand colour (made readable light and dark), `logo` shows in the header, on the certificate and as the favicon",
        example: "\"brand\"",
    },
    Key {
        name: "description",
        kind: "text",
        default: "none",
        about: "one sentence for search engines and the home page",
        example: "\"Outcome-based customer success, step by step.\"",
    },
    Key {
        name: "author",
        kind: "text",
        default: "none",
        about: "who publishes the course; shown on the certificate",
        example: "\"Example CS Academy\"",
    },
    Key {
        name: "levels",
        kind: "list of `[[levels]]` tables (keys below)",
        default: "four levels: studied, planned, implemented, mentoring",
        about: "the accreditation levels, in order",
        example: "[{ id = \"studied\", title = \"Studied and passed the tests\", earned_by = \"quizzes\" }]",
    },
    Key {
        name: "strings",
        kind: "table of text",
        default: "the theme's texts in `language`",
        about: "replaces single built-in texts, by key (see the theme's `i18n/en.toml`)",
        example: "{ nav_home = \"Start\" }",
    },
    Key {
        name: "base_url",
        kind: "text: an http(s) address",
        default: "none",
        about: "where the site is published; needed to revoke credentials",
        example: "\"https://academy.example.com/ocs/\"",
    },
    Key {
        name: "issuer",
        kind: "`[issuer]` table (keys below)",
        default: "none: no credentials",
        about: "who awards the levels as signed credentials",
        example: "{ name = \"Example CS Academy\" }",
    },
    Key {
        name: "offline",
        kind: "`[offline]` table (keys below)",
        default: "saved for offline use up to 5 MB",
        about: "how the site is saved for use without a network",
        example: "{ max_precache = \"5 MB\" }",
    },
];

/// The keys of each `[[levels]]` table of `course.toml`.
pub const LEVEL: &[Key] = &[
    Key {
        name: "id",
        kind: "text",
        default: "required",
        about: "the level's key in the learner's progress and credentials",
        example: "\"planned\"",
    },
    Key {
        name: "title",
        kind: "text",
        default: "required",
        about: "the level's name",
        example: "\"Plans reviewed by a peer\"",
    },
    Key {
        name: "description",
        kind: "text",
        default: "none",
        about: "what the level means",
        example: "\"A peer reviewed your success plan.\"",
    },
    Key {
        name: "earned_by",
        kind: "`quizzes` or `evidence`",
        default: "required",
        about: "lit up by passing every quiz, or by evidence a trainer reviews",
        example: "\"evidence\"",
    },
    Key {
        name: "evidence",
        kind: "list of text, or of `{ label, kind }` tables",
        default: "[]",
        about: "what the learner records; `kind` is `text`, `link`, `name` or `date`",
        example: "[\"Link to your plan\", { label = \"Review date\", kind = \"date\" }]",
    },
    Key {
        name: "rubric",
        kind: "list of text",
        default: "[]",
        about: "the criteria a trainer judges before awarding the level",
        example: "[\"The plan names the customer's outcome\"]",
    },
    Key {
        name: "expires_after",
        kind: "text: a number and `y`, `m`, `w` or `d`",
        default: "never",
        about: "how long an awarded credential stays valid",
        example: "\"2y\"",
    },
];

/// The keys of the `[issuer]` table of `course.toml`.
pub const ISSUER: &[Key] = &[
    Key {
        name: "name",
        kind: "text",
        default: "required",
        about: "named in every credential",
        example: "\"Example CS Academy\"",
    },
    Key {
        name: "url",
        kind: "text: an address",
        default: "none",
        about: "the issuer's web site",
        example: "\"https://academy.example.com\"",
    },
    Key {
        name: "email",
        kind: "text",
        default: "none",
        about: "the issuer's contact address",
        example: "\"academy@example.com\"",
    },
    Key {
        name: "trainers",
        kind: "list of text: `did:key:...`",
        default: "[]",
        about: "the trainers whose keys may sign credentials (`coursemark issuer init` prints one)",
        example: "[]",
    },
];

/// The keys of the `[offline]` table of `course.toml`.
pub const OFFLINE: &[Key] = &[Key {
    name: "max_precache",
    kind: "a size: text like `\"5 MB\"` (B, kB, MB, GB, KiB, MiB, GiB) or a whole number of bytes",
    default: "\"5 MB\"",
    about: "over http(s), a site up to this size is saved in the browser for offline use once the first page is idle; a larger one offers the learner a \"Make this course available offline\" button showing its size",
    example: "\"5 MB\"",
}];

/// The keys of a part's `_part.toml`.
pub const PART: &[Key] = &[
    Key {
        name: "title",
        kind: "text",
        default: "from the folder name: `02-the-pilot` is \"The pilot\"",
        about: "the part's title",
        example: "\"Foundations\"",
    },
    Key {
        name: "summary",
        kind: "text",
        default: "none",
        about: "a sentence shown under the title on the home page",
        example: "\"What customer success is, and why outcomes matter.\"",
    },
];

/// The top-level keys of `glossary.toml` (a `glossary.md` takes a module's front
/// matter, of which it reads `title`).
pub const GLOSSARY: &[Key] = &[
    Key {
        name: "title",
        kind: "text",
        default: "\"Glossary\"",
        about: "the glossary page's title",
        example: "\"Terms we use\"",
    },
    Key {
        name: "term",
        kind: "list of `[[term]]` tables (keys below)",
        default: "[]",
        about: "the terms, in the order the page lists them",
        example: "[{ name = \"Success plan\", definition = \"The customer's goals in writing.\" }]",
    },
];

/// The keys of each `[[term]]` table of `glossary.toml`.
pub const TERM: &[Key] = &[
    Key {
        name: "name",
        kind: "text",
        default: "required",
        about: "the term as modules use it",
        example: "\"Net revenue retention\"",
    },
    Key {
        name: "abbr",
        kind: "text",
        default: "none",
        about: "its abbreviation, which modules may use instead",
        example: "\"NRR\"",
    },
    Key {
        name: "id",
        kind: "text",
        default: "a slug of the name",
        about: "the anchor of its entry on the glossary page",
        example: "\"nrr\"",
    },
    Key {
        name: "definition",
        kind: "text",
        default: "required",
        about: "what it means; the first sentence is shown on hover and focus",
        example: "\"Revenue kept from existing customers, expansion included.\"",
    },
];

/// The keys of a module's front matter (TOML between `+++` lines or YAML between
/// `---` lines).
pub const FRONT_MATTER: &[Key] = &[
    Key {
        name: "title",
        kind: "text; inline `code` and *emphasis* show",
        default: "required",
        about: "the module's title",
        example: "\"Why outcome-based customer success\"",
    },
    Key {
        name: "id",
        kind: "text: lowercase letters, digits, `-` and `_`",
        default: "the file name without its numeric prefix",
        about: "the key of the module's progress and its page name; `@id` links use it",
        example: "\"why-ocs\"",
    },
    Key {
        name: "summary",
        kind: "text",
        default: "none",
        about: "one or two sentences shown on the home page",
        example: "\"Why outcomes beat activities.\"",
    },
    Key {
        name: "duration",
        kind: "minutes as a number, or text like \"1 h 30 min\"",
        default: "none",
        about: "how long the module takes",
        example: "25",
    },
    Key {
        name: "objectives",
        kind: "list of text",
        default: "[]",
        about: "what the learner will be able to do",
        example: "[\"Explain an outcome\", \"Decide the first step\"]",
    },
    Key {
        name: "shuffle",
        kind: "true or false",
        default: "the course's `shuffle`",
        about: "shuffle this module's quiz options on each attempt",
        example: "true",
    },
    Key {
        name: "terms",
        kind: "list of text: glossary terms or abbreviations",
        default: "[]",
        about: "the glossary terms the module teaches",
        example: "[\"NRR\", \"Success plan\"]",
    },
    Key {
        name: "downloads",
        kind: "list of text: files under `assets/`",
        default: "[]",
        about: "offered as download cards at the top of the Implement section",
        example: "[\"assets/templates/success-plan-canvas.xlsx\"]",
    },
    Key {
        name: "draft",
        kind: "true or false",
        default: "false",
        about: "left out of `build` (`build --drafts` and `serve` show it, marked Draft)",
        example: "false",
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_listed_for_hints() {
        assert_eq!(listed(PART), "`title` and `summary`");
        assert!(known(FRONT_MATTER, "draft") && !known(FRONT_MATTER, "drafts"));
    }
}
