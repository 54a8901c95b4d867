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

/// Adds a module titled `title` to part number `part` (or the last part) of the course
/// in `dir`, with the next numeric prefix. Returns the new file.
pub fn new_module(dir: &Path, title: &str, part: Option<u32>) -> io::Result<PathBuf> {
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
    let folder = match part {
        Some(n) => match parts.iter().find(|(p, _)| *p == n) {
            Some((_, name)) => name.clone(),
            None => {
                let name = format!("{n:02}-part-{n}");
                fs::create_dir_all(dir.join(&name)).map_err(|e| with_path(e, &dir.join(&name)))?;
                name
            }
        },
        None => match parts.last() {
            Some((_, name)) => name.clone(),
            None => {
                fs::create_dir_all(dir.join("01-part-one")).map_err(|e| with_path(e, dir))?;
                "01-part-one".to_string()
            }
        },
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
