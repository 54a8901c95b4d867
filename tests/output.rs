//! The output folder under stress, with the real binary: builds that collide, a previous
//! site that cannot be deleted, and a folder that only looks like a site.

use crate::common;

use common::{scratch, tree};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn coursemark() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_coursemark"));
    command.env("NO_COLOR", "1");
    command
}

fn build(course: &str, out: &Path) -> Output {
    coursemark()
        .args(["build", &fixture(course), "-o", out.to_str().unwrap()])
        .output()
        .unwrap()
}

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// What a build left beside `out` (staging folders, previous sites), its lock aside.
fn beside(out: &Path) -> Vec<String> {
    let name = out.file_name().unwrap().to_string_lossy().into_owned();
    let mut names: Vec<String> = fs::read_dir(out.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(&format!(".{name}.")) && *n != format!(".{name}.coursemark-lock"))
        .collect();
    names.sort();
    names
}

#[test]
fn two_builds_into_the_same_folder_at_once_leave_one_whole_site() {
    let dir = scratch("concurrent");
    let expected: Vec<_> = ["full", "minimal"]
        .iter()
        .map(|c| {
            let out = dir.join(format!("alone-{c}"));
            assert!(build(c, &out).status.success());
            tree(&out)
        })
        .collect();
    for (round, order) in [["full", "minimal"], ["minimal", "full"]]
        .iter()
        .enumerate()
    {
        for same in [false, true] {
            let out = dir.join(format!("site-{round}-{same}"));
            assert!(build(order[0], &out).status.success());
            let courses = if same { [order[0]; 2] } else { *order };
            let children: Vec<_> = courses
                .iter()
                .map(|c| {
                    coursemark()
                        .args(["build", &fixture(c), "-o", out.to_str().unwrap()])
                        .stdout(Stdio::null())
                        .stderr(Stdio::piped())
                        .spawn()
                        .unwrap()
                })
                .collect();
            for child in children {
                let o = child.wait_with_output().unwrap();
                assert!(o.status.success(), "{order:?}: {}", stderr(&o));
            }
            let site = tree(&out);
            assert!(
                expected.contains(&site),
                "{order:?} same={same}: the site is one build's, whole ({} files)",
                site.len()
            );
            assert_eq!(beside(&out), Vec::<String>::new(), "no staging folder left");
            // And the next build accepts it as its own.
            assert!(build(order[1], &out).status.success());
        }
    }
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_file_that_cannot_be_deleted_in_the_previous_site_blocks_nothing() {
    let dir = scratch("immutable");
    let out = dir.join("public");
    assert!(build("minimal", &out).status.success());
    let frozen = out.join("index.html");
    let set = |flag: &str, path: &Path| {
        Command::new("chattr")
            .args(["-R", flag])
            .arg(path)
            .output()
            .is_ok_and(|o| o.status.success())
    };
    /// Makes every file deletable again, even when the test fails.
    struct Thaw(PathBuf);
    impl Drop for Thaw {
        fn drop(&mut self) {
            let _ = Command::new("chattr")
                .arg("-R")
                .arg("-i")
                .arg(&self.0)
                .output();
        }
    }
    let _thaw = Thaw(dir.clone());
    if !set("+i", &frozen) || fs::remove_file(&frozen).is_ok() {
        eprintln!("skipped: this file system or user cannot make a file undeletable (chattr +i)");
        let _ = fs::remove_dir_all(dir);
        return;
    }
    let o = build("full", &out);
    let err = stderr(&o);
    assert!(o.status.success(), "the new site is in place: {err}");
    assert!(
        err.contains("the previous site could not be removed"),
        "and the leftover is reported: {err}"
    );
    let alone = dir.join("alone");
    assert!(build("full", &alone).status.success());
    assert_eq!(tree(&out), tree(&alone), "the site is the new build, whole");
    // The leftover blocks no later build.
    for course in ["minimal", "full"] {
        let o = build(course, &out);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    set("-i", &dir);
    let o = build("full", &out);
    assert!(o.status.success());
    assert_eq!(beside(&out), Vec::<String>::new(), "removed once it can be");
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_folder_that_only_looks_like_a_site_is_never_replaced() {
    let dir = scratch("fake");
    let fake = dir.join("fake");
    fs::create_dir_all(&fake).unwrap();
    for (name, text) in [
        ("index.html", "<p>mine</p>"),
        ("course.js", ""),
        ("precious.docx", "keep me"),
    ] {
        fs::write(fake.join(name), text).unwrap();
    }
    let o = build("minimal", &fake);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("is not a coursemark site") && stderr(&o).contains("holds 3 files"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        fs::read_to_string(fake.join("precious.docx")).unwrap(),
        "keep me"
    );
    assert_eq!(
        fs::read_to_string(fake.join("index.html")).unwrap(),
        "<p>mine</p>"
    );
    // A real site with a file added by hand is refused too, naming that file.
    let out = dir.join("public");
    assert!(build("minimal", &out).status.success());
    fs::write(out.join("modules/notes.docx"), "keep me").unwrap();
    let o = build("minimal", &out);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("modules/notes.docx"), "{}", stderr(&o));
    assert_eq!(
        fs::read_to_string(out.join("modules/notes.docx")).unwrap(),
        "keep me"
    );
    fs::remove_dir_all(dir).unwrap();
}
