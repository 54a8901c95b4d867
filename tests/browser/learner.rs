//! What the LMS and cmi5 tests share: a course packaged by the real binary and unpacked
//! as an LMS does, and what a learner does in it (open a module, read it, check answers).

use std::io::Read;
use std::path::PathBuf;

use serde_json::json;

use crate::browser::webdriver::Browser;
use crate::common::{coursemark, scratch, stderr};

/// Packages `course` as `format` (with `extra` arguments) in the scratch folder `name`
/// and unpacks the zip, as an LMS does; the unpacked folder.
pub fn unpacked(course: &str, format: &str, extra: &[&str], name: &str) -> PathBuf {
    let dir = scratch(name);
    let zip_path = dir.join("package.zip");
    let mut args = vec!["package", course, "--format", format];
    args.extend_from_slice(extra);
    args.extend(["-o", zip_path.to_str().unwrap()]);
    let run = coursemark(&args);
    assert!(run.status.success(), "{}", stderr(&run));
    let out = dir.join("package");
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&zip_path).unwrap()).unwrap();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let path = out.join(entry.name().unwrap().as_ref());
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    out
}

/// Follows the link whose text holds `title` and waits for that module's page.
pub fn open_module(b: &Browser, title: &str) {
    b.js(
        "[...document.querySelectorAll('a')].find(a => a.textContent.includes(arguments[0])).click()",
        json!([title]),
    );
    b.wait_for(
        &format!(
            "return document.readyState === 'complete' && document.querySelector('h1') && document.querySelector('h1').textContent.includes({title:?})"
        ),
        title,
    );
}

/// Scrolls through the module page so every section counts as read.
pub fn read_all(b: &Browser) {
    // Each section's end in turn, held in view until it is marked read: a timed scroll
    // could pass an end between two frames of a loaded machine, where the page never
    // saw it.
    b.wait_for(
        "return document.querySelectorAll('[data-end-of]').length === 5",
        "the sections' ends",
    );
    for i in 0..5 {
        b.wait_for(
            &format!(
                "const e=document.querySelectorAll('[data-end-of]')[{i}];\
                 e.scrollIntoView({{block:'center',behavior:'instant'}});\
                 return [...document.querySelectorAll('.toc a.is-read')].some(a=>a.hash.slice(1)===e.dataset.endOf)"
            ),
            "a section read",
        );
    }
    b.eval("window.scrollTo({top:document.body.scrollHeight,behavior:'instant'})");
    b.wait_for(
        "return document.querySelectorAll('.toc a.is-read').length === 5",
        "every section read",
    );
}

/// Presses "Check answers" and waits for the score.
pub fn check_answers(b: &Browser) {
    b.eval("document.querySelector('[data-score]').textContent=''");
    b.click_button("Check answers");
    b.wait_for(
        "return document.querySelector('[data-score]').textContent.includes('You scored')",
        "the quiz's verdict",
    );
}
