//! What a batch of changes asks a session to do: which sources to read again, which
//! assets to copy, and which module pages to render again. Pure functions of the
//! changes and the courses before and after, unit-tested without a disk.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

use crate::model::{Course, Module};
use crate::render::CourseFile;
use crate::serve::watch::Change;

/// The sources a batch of changes asks to read or copy again.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Plan {
    /// Read the whole folder again and build the whole site.
    pub full: bool,
    /// Modules whose text to read again.
    pub modules: Vec<PathBuf>,
    /// Assets to copy again.
    pub assets: Vec<PathBuf>,
}

/// Plans a rebuild: a module's text or a known asset (one of `assets`) changes alone;
/// anything else (a new or removed file, course.toml, a part's metadata, the theme)
/// rebuilds everything.
pub fn plan(changes: &[Change], assets: &[PathBuf]) -> Plan {
    let mut plan = Plan::default();
    for change in changes {
        match change {
            Change::Module(path) => plan.modules.push(path.clone()),
            Change::Asset(path) if assets.contains(path) => plan.assets.push(path.clone()),
            Change::Asset(_) | Change::Structure | Change::Config | Change::Theme => {
                plan.full = true;
            }
        }
    }
    plan
}

/// What an edit asks to render again.
#[derive(Debug, PartialEq, Eq)]
pub struct Affected {
    /// Indices of the module pages.
    pub pages: Vec<usize>,
    /// The files of the whole course; `None` for all of them (the levels' achievements
    /// with them).
    pub files: Option<Vec<CourseFile>>,
}

/// What to render again: every page and file without a previous build or when the
/// outline changed; otherwise the changed modules' pages, where a title, summary or
/// duration changed the pages that show it (its part, its neighbours, the pages that
/// list the course), and of the course's files only those that show what changed: the
/// search index and printed course for any text, the scripts for a module's title,
/// sections, questions or checklist.
pub fn affected(old: Option<&Course>, new: &Course) -> Affected {
    let new_modules = flat(new);
    let all = Affected {
        pages: (0..new_modules.len()).collect(),
        files: None,
    };
    let Some(old) = old else { return all };
    let old_modules = flat(old);
    let same_outline = old_modules.len() == new_modules.len()
        && old_modules
            .iter()
            .zip(&new_modules)
            .all(|(a, b)| a.0 == b.0 && a.1.id == b.1.id)
        && old
            .parts
            .iter()
            .zip(&new.parts)
            .all(|(a, b)| (&a.title, &a.summary) == (&b.title, &b.summary))
        && old.config == new.config
        && old.glossary == new.glossary;
    if !same_outline {
        return all;
    }
    let mut pages = BTreeSet::new();
    let (mut listed, mut scripts) = (false, false);
    for (i, ((_, a), (part, b))) in old_modules.iter().zip(&new_modules).enumerate() {
        // Modules the parse cache reused are the same allocation: no deep comparison.
        if Arc::ptr_eq(a, b) || a == b {
            continue;
        }
        pages.insert(i);
        if (&a.title, &a.title_html, &a.summary, a.duration)
            != (&b.title, &b.title_html, &b.summary, b.duration)
        {
            listed = true;
            pages.extend(i.saturating_sub(1)..=(i + 1).min(new_modules.len() - 1));
            pages.extend((0..new_modules.len()).filter(|j| new_modules[*j].0 == *part));
        }
        scripts |= a.title != b.title || script_facts(a) != script_facts(b);
    }
    let home = old.home != new.home;
    let mut files = Vec::new();
    if listed || home {
        // The home page and the pages that show the course's length or first module.
        files.extend([
            CourseFile::Home,
            CourseFile::Progress,
            CourseFile::Accreditation,
            CourseFile::Certificate,
            CourseFile::Verify,
            CourseFile::NotFound,
            CourseFile::Glossary,
        ]);
    }
    if scripts {
        files.extend([CourseFile::CourseJs, CourseFile::OutlineJs]);
    }
    if !pages.is_empty() || home {
        files.extend([CourseFile::SearchIndex, CourseFile::Print]);
    }
    Affected {
        pages: pages.into_iter().collect(),
        files: Some(files),
    }
}

/// What `course.js` and `outline.js` say of a module besides its id and title: its
/// sections, its questions and its checklist.
fn script_facts(m: &Module) -> (Vec<&str>, Vec<(&str, &str)>, Vec<&str>) {
    (
        m.sections.iter().map(|s| s.kind.id()).collect(),
        m.questions()
            .map(|q| (q.id.as_str(), q.prompt_html.as_str()))
            .collect(),
        m.checklist().map(|c| c.id.as_str()).collect(),
    )
}

/// Every module with the index of its part.
fn flat(course: &Course) -> Vec<(usize, &Arc<Module>)> {
    course
        .parts
        .iter()
        .enumerate()
        .flat_map(|(p, part)| part.modules.iter().map(move |m| (p, m)))
        .collect()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::model::Part;

    fn module(id: &str, title: &str, summary: &str) -> Arc<Module> {
        Arc::new(Module {
            id: id.into(),
            source: PathBuf::from(format!("{id}.md")),
            title: title.into(),
            title_html: title.into(),
            summary: Some(summary.into()),
            duration: None,
            objectives: Vec::new(),
            shuffle: false,
            draft: false,
            intro: Vec::new(),
            sections: Vec::new(),
        })
    }

    /// Two parts: a, b, c in the first, d, e in the second.
    fn course() -> Course {
        let config = crate::config::parse(Path::new("course.toml"), "title = \"T\"\nid = \"t\"\n")
            .expect("a minimal course.toml");
        let part = |title: &str, ids: &[&str]| Part {
            dir: title.into(),
            title: title.into(),
            summary: None,
            modules: ids.iter().map(|id| module(id, id, "")).collect(),
        };
        Course {
            config,
            home: Vec::new(),
            parts: vec![part("one", &["a", "b", "c"]), part("two", &["d", "e"])],
            assets: Vec::new(),
            glossary: None,
        }
    }

    #[test]
    fn a_module_edit_reads_that_module_and_anything_else_everything() {
        let assets = [PathBuf::from("assets/pic.png")];
        let module = Change::Module(PathBuf::from("01-p/01-a.md"));
        let asset = Change::Asset(assets[0].clone());
        assert_eq!(
            plan(&[module.clone(), asset.clone()], &assets),
            Plan {
                full: false,
                modules: vec![PathBuf::from("01-p/01-a.md")],
                assets: assets.to_vec(),
            }
        );
        let new_asset = Change::Asset(PathBuf::from("assets/new.png"));
        for other in [new_asset, Change::Structure, Change::Config, Change::Theme] {
            assert!(plan(&[module.clone(), other], &assets).full);
        }
    }

    #[test]
    fn pages_to_render_follow_what_changed() {
        let old = course();
        let pages = |new: &Course| affected(Some(&old), new).pages;
        assert_eq!(
            affected(None, &old).pages,
            [0, 1, 2, 3, 4],
            "no previous build"
        );
        let same = old.clone();
        assert!(pages(&same).is_empty(), "nothing changed");

        let mut body = old.clone();
        let mut d = (*body.parts[1].modules[0]).clone();
        d.objectives.push("new".into());
        body.parts[1].modules[0] = Arc::new(d);
        assert_eq!(pages(&body), [3], "a body: its own page");

        let mut title = old.clone();
        title.parts[0].modules[2] = module("c", "New title", "");
        // Its neighbours b and d, and the pages of its part (a, b, c).
        assert_eq!(pages(&title), [0, 1, 2, 3]);

        // `C` made code: the same plain title, but the navigation shows the code.
        let mut code = old.clone();
        let mut c = (*code.parts[0].modules[2]).clone();
        c.title_html = format!("<code>{}</code>", c.title);
        code.parts[0].modules[2] = Arc::new(c);
        assert_eq!(pages(&code), [0, 1, 2, 3]);

        let mut config = old.clone();
        config.config.pass_mark = 50;
        assert_eq!(pages(&config), [0, 1, 2, 3, 4], "settings: all");

        let mut outline = old.clone();
        outline.parts[1].modules.pop();
        assert_eq!(pages(&outline), [0, 1, 2, 3], "a module gone: all");
    }

    #[test]
    fn files_of_the_whole_course_follow_what_changed() {
        let old = course();
        let files = |new: &Course| affected(Some(&old), new).files;
        assert_eq!(affected(None, &old).files, None, "no previous build: all");
        assert_eq!(files(&old.clone()), Some(vec![]), "nothing changed");

        // A text: the search index and the printed course only.
        let mut body = old.clone();
        let mut d = (*body.parts[1].modules[0]).clone();
        d.objectives.push("new".into());
        body.parts[1].modules[0] = Arc::new(d);
        assert_eq!(
            files(&body),
            Some(vec![CourseFile::SearchIndex, CourseFile::Print])
        );

        // A summary: the pages that list the modules too, not the scripts.
        let mut summary = old.clone();
        summary.parts[0].modules[1] = module("b", "b", "Now summed up");
        let got = files(&summary).unwrap();
        assert!(got.contains(&CourseFile::Home) && got.contains(&CourseFile::SearchIndex));
        assert!(!got.contains(&CourseFile::CourseJs), "{got:?}");

        // A title: the scripts as well.
        let mut title = old.clone();
        title.parts[0].modules[2] = module("c", "New title", "");
        let got = files(&title).unwrap();
        assert!(got.contains(&CourseFile::CourseJs) && got.contains(&CourseFile::OutlineJs));

        let mut config = old.clone();
        config.config.pass_mark = 50;
        assert_eq!(files(&config), None, "settings: all");
    }
}
