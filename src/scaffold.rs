//! `coursemark new`: a course that builds and passes `check`, and new modules with
//! the five sections and the next numeric prefix.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::load::{strip_prefix, with_path};
use crate::slug::slugify;

const EXAMPLE_MODULE: &str = include_str!("scaffold/example.md");
const EXAMPLE_SVG: &str = include_str!("scaffold/example.svg");

/// Creates a new course in `dir`, which must not exist or be empty. Returns the files made.
pub fn new_course(dir: &Path, title: &str) -> io::Result<Vec<PathBuf>> {
    if dir.exists()
        && fs::read_dir(dir)
            .map_err(|e| with_path(e, dir))?
            .next()
            .is_some()
    {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!("{} is not empty; choose a new folder", dir.display()),
        ));
    }
    let id = slugify(
        dir.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .as_deref()
            .unwrap_or("course"),
    );
    let files = [
        ("course.toml".to_string(), course_toml(title, &id)),
        (
            "index.md".to_string(),
            format!(
                "Welcome to **{title}**. Start with the first module below.\n\nYour progress is kept in your browser; export it from *My progress* to keep a copy.\n"
            ),
        ),
        (
            "01-getting-started/_part.toml".to_string(),
            "title = \"Getting started\"\nsummary = \"How a module of this course works.\"\n"
                .to_string(),
        ),
        (
            "01-getting-started/01-welcome.md".to_string(),
            EXAMPLE_MODULE.to_string(),
        ),
        ("assets/example.svg".to_string(), EXAMPLE_SVG.to_string()),
    ];
    files
        .iter()
        .map(|(p, text)| create(&dir.join(p), text))
        .collect()
}

fn course_toml(title: &str, id: &str) -> String {
    let title = title.replace('\\', "\\\\").replace('"', "\\\"");
    format!(
        r#"title = "{title}"
# The key of the learners' progress in their browsers: never reuse one.
id = "{id}"
language = "en"
# Percent of quiz questions a learner must get right to pass a module.
pass_mark = 80
# Mix each question's options on every attempt, so learners remember the answer,
# not its place (the order stays put while an attempt is under way, even on reload).
shuffle = true

[[levels]]
id = "studied"
title = "Studied and passed the tests"
earned_by = "quizzes"

[[levels]]
id = "applied"
title = "Applied it at work"
earned_by = "evidence"
evidence = ["What you did", "Link to your work", "Reviewed by", "Review date"]
"#
    )
}

/// The title a course gets from its folder's name when given none: `my-course` gives
/// `My course`, `"My Onboarding Course"` or `"it's mine"` (words typed as a title, with
/// spaces) stays as it is.
pub fn title_of(dir: &Path) -> String {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if name.trim().contains(char::is_whitespace) {
        return name.trim().to_string();
    }
    match crate::course::title_from_dir(&name) {
        t if t.trim().is_empty() => "My course".to_string(),
        t => t,
    }
}

/// Makes the course in `dir` use the theme `name`: writes `theme = "NAME"` at the top
/// level of course.toml (above its first table, where TOML needs it). Returns the theme
/// it named before, and leaves the file alone when it named one.
pub fn set_theme(dir: &Path, name: &str) -> io::Result<Option<String>> {
    let path = dir.join("course.toml");
    let text = fs::read_to_string(&path).map_err(|e| with_path(e, &path))?;
    let table: toml::Table = text
        .parse()
        .map_err(|e| io::Error::other(format!("{}: {e}", path.display())))?;
    if let Some(before) = table.get("theme") {
        return Ok(Some(before.as_str().unwrap_or_default().to_string()));
    }
    let line = format!("theme = {}\n", toml::Value::String(name.to_string()));
    // Before the first table header, or at the end of a file without tables.
    let mut at = text.len();
    let mut offset = 0;
    for l in text.split_inclusive('\n') {
        if l.trim_start().starts_with('[') {
            at = offset;
            break;
        }
        offset += l.len();
    }
    let mut updated = text[..at].to_string();
    if !updated.is_empty() && !updated.ends_with('\n') {
        updated.push('\n');
    }
    updated.push_str(&line);
    updated.push_str(&text[at..]);
    // A `[` at the start of a line inside a multi-line string would fool the search
    // above: the result is only written when it reads back as intended.
    let reread: Option<toml::Table> = updated.parse().ok();
    if reread
        .as_ref()
        .and_then(|t| t.get("theme")?.as_str().map(str::to_string))
        != Some(name.to_string())
    {
        return Err(io::Error::other(format!(
            "could not add `theme = \"{name}\"` to {}; add it at the top yourself",
            path.display()
        )));
    }
    fs::write(&path, updated).map_err(|e| with_path(e, &path))?;
    Ok(None)
}

/// Adds a module titled `title` to part number `part` (or the last part) of the course
/// in `dir`, with the next numeric prefix. A part that does not exist yet is started
/// only with its title (`part_title`). Returns the new file.
pub fn new_module(
    dir: &Path,
    title: &str,
    part: Option<u32>,
    part_title: Option<&str>,
) -> io::Result<PathBuf> {
    if !dir.join("course.toml").is_file() {
        return Err(io::Error::new(
            io::ErrorKind::NotFound,
            format!(
                "{} has no course.toml; pass the course folder with --course",
                dir.display()
            ),
        ));
    }
    let mut parts: Vec<(u32, String)> = fs::read_dir(dir)
        .map_err(|e| with_path(e, dir))?
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            prefix(&name).map(|n| (n, name))
        })
        .collect();
    parts.sort();
    let existing = match part {
        Some(n) => parts.iter().find(|(p, _)| *p == n),
        None => parts.last(),
    };
    let number = part.unwrap_or(1);
    let folder = match (existing, part_title) {
        (Some((_, name)), None) => name.clone(),
        (Some((_, name)), Some(_)) => {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!(
                    "part {number} is `{name}` already; --part-title starts a new part: give it a new number with --part"
                ),
            ));
        }
        (None, None) => {
            let which = match part {
                Some(n) => format!("there is no part {n} in {}", dir.display()),
                None => format!("{} has no part yet", dir.display()),
            };
            return Err(io::Error::new(
                io::ErrorKind::NotFound,
                format!(
                    "{which}; to start it, give its title: coursemark new module \"{title}\" --part {number} --part-title \"Title of the part\""
                ),
            ));
        }
        (None, Some(part_title)) => {
            let name = format!("{number:02}-{}", slugify(part_title));
            let meta = format!("title = {}\n", toml::Value::String(part_title.to_string()));
            create(&dir.join(&name).join("_part.toml"), &meta)?;
            name
        }
    };
    let next = fs::read_dir(dir.join(&folder))
        .map_err(|e| with_path(e, &dir.join(&folder)))?
        .filter_map(Result::ok)
        .filter_map(|e| prefix(&e.file_name().to_string_lossy()))
        .max()
        .map_or(1, |n| n + 1);
    let id = slugify(title);
    let path = dir.join(&folder).join(format!("{next:02}-{id}.md"));
    create(&path, &module_template(title, &id))?;
    Ok(path)
}

fn prefix(name: &str) -> Option<u32> {
    let digits: String = name.chars().take_while(char::is_ascii_digit).collect();
    (!digits.is_empty() && strip_prefix(name) != name)
        .then(|| digits.parse().ok())
        .flatten()
}

fn module_template(title: &str, id: &str) -> String {
    let title = title.replace('\\', "\\\\").replace('"', "\\\"");
    format!(
        r#"+++
title = "{title}"
id = "{id}"
summary = ""
duration = 20
objectives = []
+++

## What it is {{#what}}

## Why do it {{#why}}

## How to do it {{#how}}

## Test your knowledge {{#test}}

### Your first question? {{#first-question}}

- [ ] A wrong answer
  > Why a learner might choose it, and why it is wrong.
- [x] The right answer

> Why the right answer is right.

## Implement it {{#implement}}

- [ ] Something to do at work
"#
    )
}

fn create(path: &Path, text: &str) -> io::Result<PathBuf> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| with_path(e, parent))?;
    }
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| with_path(e, path))?;
    io::Write::write_all(&mut file, text.as_bytes()).map_err(|e| with_path(e, path))?;
    Ok(path.to_path_buf())
}
