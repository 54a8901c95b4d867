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

/// Every file of the trainer kit and the templates is linked from a module (in its text
/// or its `downloads`), the home page or the kit's own index, so nothing ships that a
/// trainer cannot find.
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
        .filter(|name| {
            // A Markdown link `(...name)` or a front-matter download `"assets/.../name"`.
            !linking
                .iter()
                .any(|t| t.contains(&format!("{name})")) || t.contains(&format!("/{name}\"")))
        })
        .collect();
    assert!(unlinked.is_empty(), "nothing links to {unlinked:?}");
}

/// The glossary's abbreviations and the full names they stand for, from its
/// `## Full name (ABBR)` headings (an explicit `{#id}` after them is dropped).
fn glossary_abbreviations() -> BTreeMap<String, String> {
    let text = fs::read_to_string(content().join("glossary.md")).unwrap();
    let mut abbreviations = BTreeMap::new();
    for heading in text.lines().filter_map(|l| l.strip_prefix("## ")) {
        let heading = heading.split(" {#").next().unwrap().trim();
        if let Some((name, abbr)) = heading.strip_suffix(')').and_then(|h| h.rsplit_once(" (")) {
            abbreviations.insert(abbr.to_string(), name.to_string());
        }
    }
    abbreviations
}

/// What a learner reads of a page, in order: the body without front matter, trainer
/// notes or the accepted answers of free-text questions (shown only after answering).
fn learner_text(page: &str) -> String {
    let body = page
        .strip_prefix("+++")
        .and_then(|rest| rest.split_once("\n+++"))
        .map_or(page, |(_, body)| body);
    let mut text = String::new();
    let mut in_trainer_note = false;
    for line in body.lines() {
        if in_trainer_note {
            in_trainer_note = line.trim_end() != ":::";
        } else if line.starts_with("::: trainer") {
            in_trainer_note = true;
        } else if !line.starts_with("Answer:") {
            text.push_str(line);
            text.push('\n');
        }
    }
    text
}

/// Each abbreviation (a word starting with a capital and holding at least two, such
/// as `NRR`, `CoE` or `SaaS`; a plural `s` dropped) with its byte range, in order.
fn abbreviations_in(text: &str) -> Vec<(String, std::ops::Range<usize>)> {
    let mut found = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        if c.is_alphanumeric() {
            start.get_or_insert(i);
            continue;
        }
        if let Some(s) = start.take() {
            let word = &text[s..i];
            let stem = word.strip_suffix('s').unwrap_or(word);
            if stem.starts_with(|c: char| c.is_ascii_uppercase())
                && stem.chars().filter(char::is_ascii_uppercase).count() >= 2
                && stem.chars().all(|c| c.is_ascii_alphanumeric())
            {
                found.push((stem.to_string(), s..i));
            }
        }
    }
    found
}

/// The byte index at or before `i` that starts a character.
fn char_floor(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Every capitalised abbreviation the course uses is in the glossary, and the first time
/// each part (and the home page) uses it, its full name is written beside it:
/// `net revenue retention (NRR)` or `NRR (net revenue retention)`.
#[test]
fn every_abbreviation_is_in_the_glossary_and_written_out_at_first_use_in_each_part() {
    // File formats in the labels of download links, not terms of the course.
    const FORMATS: [&str; 3] = ["CSV", "DOCX", "XLSX"];
    let glossary = glossary_abbreviations();
    assert!(glossary.len() >= 25, "{glossary:?}");
    let mut units: BTreeMap<String, String> = BTreeMap::new();
    let mut pages = course_pages();
    pages.sort();
    for (path, text) in pages {
        let parent = path.parent().unwrap();
        let unit = if parent == content() {
            "the home page".to_string()
        } else {
            parent.file_name().unwrap().to_string_lossy().into_owned()
        };
        units
            .entry(unit)
            .or_default()
            .push_str(&learner_text(&text));
    }
    assert!(units.len() >= 7, "{:?}", units.keys());
    let mut problems = Vec::new();
    for (unit, text) in &units {
        let mut seen = Vec::new();
        for (abbr, range) in abbreviations_in(text) {
            if FORMATS.contains(&abbr.as_str()) || seen.contains(&abbr) {
                continue;
            }
            seen.push(abbr.clone());
            let Some(name) = glossary.get(&abbr) else {
                problems.push(format!("{unit}: {abbr} is not in content/glossary.md"));
                continue;
            };
            let around = text[char_floor(text, range.start.saturating_sub(name.len() + 4))
                ..char_floor(text, (range.end + name.len() + 4).min(text.len()))]
                .to_lowercase();
            let (name, abbr_lower) = (name.to_lowercase(), abbr.to_lowercase());
            let written_out = [
                format!("{name} ({abbr_lower}"),
                format!("{name}s ({abbr_lower}"),
                format!("{abbr_lower} ({name}"),
                format!("{abbr_lower}s ({name}"),
            ]
            .iter()
            .any(|form| around.contains(form.as_str()));
            if !written_out {
                let line = text[..range.start].lines().count();
                problems.push(format!(
                    "{unit}: the first {abbr} (line {line} of the part's learner text) is not written out as `{name} ({abbr})`"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The level 2 rubric of course.toml, one `Criterion: what meets looks like` line each.
fn level_rubric(id: &str) -> Vec<String> {
    let course: toml::Table = fs::read_to_string(content().join("course.toml"))
        .unwrap()
        .parse()
        .unwrap();
    let levels = course["levels"].as_array().unwrap();
    let level = levels
        .iter()
        .find(|level| level["id"].as_str() == Some(id))
        .unwrap();
    level["rubric"]
        .as_array()
        .unwrap()
        .iter()
        .map(|line| line.as_str().unwrap().to_owned())
        .collect()
}

/// The capstone's rubric table, as `Criterion: Meets looks like` lines.
fn capstone_rubric() -> Vec<String> {
    let text = fs::read_to_string(content().join("07-capstone/01-pilot-plan-capstone.md")).unwrap();
    text.lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            // `| n | Criterion | Meets looks like |` splits into five pieces.
            let numbered = cells.len() == 5 && cells[1].parse::<u32>().is_ok();
            numbered.then(|| format!("{}: {}", cells[2], cells[3]))
        })
        .collect()
}

/// The text of each cell of the last table in a DOCX, row by row.
fn last_docx_table(path: &Path) -> Vec<Vec<String>> {
    let mut archive = zip::ZipArchive::new(fs::File::open(path).unwrap()).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let table = doc.descendants().rfind(|n| n.has_tag_name("tbl")).unwrap();
    let text = |node: roxmltree::Node| -> String {
        node.descendants()
            .filter(|n| n.has_tag_name("t"))
            .filter_map(|n| n.text())
            .collect()
    };
    table
        .children()
        .filter(|n| n.has_tag_name("tr"))
        .map(|row| {
            row.children()
                .filter(|n| n.has_tag_name("tc"))
                .map(text)
                .collect()
        })
        .collect()
}

/// One level 2 standard: the capstone's rubric table, course.toml's rubric (which the
/// signed credential and the review sheet carry) and the pilot plan template's
/// self-assessment (Appendix B) say the same nine criteria word for word.
#[test]
fn the_level_2_rubric_is_the_same_in_the_capstone_course_toml_and_the_plan_template() {
    let capstone = capstone_rubric();
    assert_eq!(capstone.len(), 9, "the capstone's table has nine criteria");
    assert_eq!(level_rubric("planned"), capstone);
    let appendix = last_docx_table(&content().join("assets/templates/pilot-plan.docx"));
    let criteria: Vec<String> = appendix.iter().skip(1).map(|row| row[1].clone()).collect();
    assert_eq!(
        criteria, capstone,
        "rerun tools/make-templates.py after changing the rubric"
    );
}

/// Learners are told, where they record levels 2 to 4, that a self-recorded entry is
/// not accreditation: only the trainer's signed credential awards the level.
#[test]
fn the_learner_pages_say_levels_2_to_4_count_only_as_a_trainers_signed_credential() {
    for page in [
        "index.md",
        "05-pilot-to-company-wide/05-coaching-and-accreditation.md",
    ] {
        let text = fs::read_to_string(content().join(page))
            .unwrap()
            .to_lowercase();
        for words in [
            "levels 2 to 4 count only when a trainer has reviewed the evidence and issued you the signed credential",
            "verify.html",
        ] {
            assert!(text.contains(words), "{page} must say: {words}");
        }
        assert!(
            !text.contains("self-reported"),
            "{page} calls a level self-reported"
        );
    }
}

/// The business case template asks for what the rubric scores: criterion 8's clauses in
/// its Benefit and Cost rows and criterion 5's measures in its Measures row, in the
/// module's template and in business-case.docx alike.
#[test]
fn the_business_case_template_asks_for_what_the_rubric_scores() {
    let rubric = level_rubric("planned");
    let clauses = |name: &str| -> Vec<String> {
        let line = rubric
            .iter()
            .find(|l| l.starts_with(&format!("{name}: ")))
            .unwrap();
        line[name.len() + 2..]
            .split("; ")
            .map(str::to_lowercase)
            .collect()
    };
    let business = clauses("Business case");
    let evaluation = clauses("Evaluation");
    let wanted = [
        ("Benefit", vec![business[1].clone(), business[3].clone()]),
        ("Cost", vec![business[0].clone(), business[2].clone()]),
        ("Measures", vec![evaluation[0].clone()]),
    ];
    let module =
        fs::read_to_string(content().join("02-selling-and-planning/01-selling-internally.md"))
            .unwrap();
    let docx = last_docx_table(&content().join("assets/templates/business-case.docx"));
    for (row, words) in &wanted {
        let in_module = module
            .lines()
            .find(|l| l.starts_with(&format!("| {row} |")))
            .unwrap()
            .to_lowercase();
        let in_docx = docx
            .iter()
            .find(|r| r[0] == *row)
            .map(|r| r[1].to_lowercase())
            .unwrap();
        for w in words {
            assert!(in_module.contains(w), "02/01's {row} row must ask for: {w}");
            assert!(
                in_docx.contains(w),
                "business-case.docx's {row} row must ask for: {w} (rerun tools/make-templates.py)"
            );
        }
    }
}

/// The glossary's terms, as its `## ` headings give them (an explicit `{#id}` dropped).
fn glossary_terms() -> Vec<String> {
    fs::read_to_string(content().join("glossary.md"))
        .unwrap()
        .lines()
        .filter_map(|l| l.strip_prefix("## "))
        .map(|h| h.split(" {#").next().unwrap_or(h).trim().to_owned())
        .collect()
}

/// The glossary is in alphabetical order (as its introduction says) and defines the
/// terms the capstone rubric and the quizzes depend on.
#[test]
fn the_glossary_is_alphabetical_and_defines_the_rubrics_terms() {
    let terms = glossary_terms();
    let mut sorted = terms.clone();
    sorted.sort_by_key(|t| t.to_lowercase());
    assert_eq!(terms, sorted, "sort glossary.md's entries alphabetically");
    for term in [
        "Comparison group",
        "Decision rule",
        "Economic buyer",
        "Fidelity check",
        "Matched pair",
        "Process metric",
    ] {
        assert!(terms.iter().any(|t| t == term), "the glossary lacks {term}");
    }
}
