//! The bundled course's trainer kit: session timings that add up, and no download
//! that nothing links to.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

fn content() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("content")
}

/// The Markdown files of the course with their text: home page and modules.
fn course_pages() -> Vec<(PathBuf, String)> {
    let mut pages = vec![(
        content().join("index.md"),
        fs::read_to_string(content().join("index.md")).unwrap(),
    )];
    for part in fs::read_dir(content()).unwrap() {
        let part = part.unwrap().path();
        let name = part.file_name().unwrap().to_string_lossy().into_owned();
        if !part.is_dir() || !name.starts_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        for module in fs::read_dir(&part).unwrap() {
            let module = module.unwrap().path();
            if module.extension().is_some_and(|e| e == "md") {
                let text = fs::read_to_string(&module).unwrap();
                pages.push((module, text));
            }
        }
    }
    pages
}

/// The minutes a note gives itself in `**Facilitation (N min ...`.
fn facilitation_minutes(text: &str) -> Vec<u32> {
    text.split("**Facilitation (")
        .skip(1)
        .map(|rest| {
            let n: String = rest.chars().take_while(char::is_ascii_digit).collect();
            n.parse()
                .expect("a number of minutes after `**Facilitation (`")
        })
        .collect()
}

/// Each part's module exercises add up to the exercise time the trainer guide's table
/// states for that part, and that time fits the 90-minute session.
#[test]
fn each_parts_exercises_add_up_to_the_trainer_guides_plan() {
    let mut by_part: BTreeMap<u32, u32> = BTreeMap::new();
    for (path, text) in course_pages() {
        let Some(part) = path
            .parent()
            .and_then(|p| p.file_name())
            .and_then(|n| n.to_str())
            .and_then(|n| n.get(..2))
            .and_then(|n| n.parse::<u32>().ok())
        else {
            continue;
        };
        *by_part.entry(part).or_default() += facilitation_minutes(&text).iter().sum::<u32>();
    }
    let guide = fs::read_to_string(content().join("index.md")).unwrap();
    assert!(
        guide.contains("| 20-80 | The part's exercises"),
        "the session plan gives exercises 20 to 80 minutes"
    );
    let mut planned = BTreeMap::new();
    for line in guide.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        // | 3 | 10 + 12 + ... = 60 | [Part 3](...) |
        if cells.len() > 3 && cells[1].parse::<u32>().is_ok() && cells[2].contains(" = ") {
            let total: String = cells[2]
                .split(" = ")
                .nth(1)
                .unwrap()
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            planned.insert(
                cells[1].parse::<u32>().unwrap(),
                total.parse::<u32>().unwrap(),
            );
        }
    }
    for (part, minutes) in &by_part {
        if *minutes == 0 {
            continue; // the capstone has its own 90-minute session plan
        }
        assert_eq!(
            planned.get(part),
            Some(minutes),
            "Part {part}: the modules' trainer notes add up to {minutes} minutes; the guide plans {:?}",
            planned.get(part)
        );
        assert_eq!(*minutes, 60, "Part {part} must fit the 60 exercise minutes");
    }
    assert!(by_part.values().filter(|m| **m > 0).count() >= 6);
}

/// Every file of the trainer kit and the templates is linked from a module, the home
/// page or the kit's own index, so nothing ships that a trainer cannot find.
#[test]
fn every_kit_file_and_template_is_linked() {
    let mut linking: Vec<String> = course_pages().into_iter().map(|(_, t)| t).collect();
    linking.push(fs::read_to_string(content().join("assets/trainer-kit/README.markdown")).unwrap());
    let mut files = Vec::new();
    for dir in ["assets/trainer-kit", "assets/templates"] {
        for entry in fs::read_dir(content().join(dir)).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            if name != "README.markdown" {
                files.push(name);
            }
        }
    }
    assert!(files.len() >= 20, "{files:?}");
    let unlinked: Vec<&String> = files
        .iter()
        .filter(|name| !linking.iter().any(|t| t.contains(&format!("{name})"))))
        .collect();
    assert!(unlinked.is_empty(), "nothing links to {unlinked:?}");
}
