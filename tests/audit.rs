//! Lighthouse (Google's page auditor, the npm package in tests/js) on the bundled course
//! as a phone (default throttling) and a desktop see it: home, a module page, My
//! progress and the certificate score 100 in accessibility, best practices and SEO, and
//! nothing moves after load (cumulative layout shift under 0.02).
//!
//! The performance score is a figure, not a check: it follows the machine's load, so it
//! comes from `node tests/js/lighthouse.mjs SITE mobile 5 PAGE...` (medians of several
//! runs on a quiet machine; see the README). This test asks Lighthouse for what it
//! checks alone (`--checks`), which spares the performance category's gatherers.

use crate::common;

use std::path::Path;

use common::node::{node_tools, run_node};
use common::scratch;

const PAGES: [&str; 4] = [
    "index.html",
    "modules/metrics.html",
    "progress.html",
    "certificate.html",
];

fn chromium() -> bool {
    if Path::new("/usr/bin/chromium").is_file() {
        return true;
    }
    let why = "Chromium is not installed at /usr/bin/chromium";
    if std::env::var_os("CI").is_some() {
        panic!("{why}; CI is set, so the Lighthouse check fails instead of skipping");
    }
    eprintln!("warning: skipping the Lighthouse check: {why}");
    false
}

// Both form factors in one test, one Node and one Chromium: Lighthouse's start (its
// code loaded and compiled, Chromium launched, the course's service worker saving the
// site on the first visit) costs about as much CPU as four pages.
#[test]
fn lighthouse_scores_accessibility_best_practices_and_seo_100_with_no_layout_shift() {
    let Some(tools) = node_tools() else { return };
    if !chromium() {
        return;
    }
    let site = scratch("lighthouse");
    common::build(
        Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/content")),
        &site,
    );
    let site = site.to_string_lossy();
    let mut args = vec!["--checks", &site, "mobile,desktop", "1"];
    args.extend(PAGES);
    let (ok, out, err) = run_node(&tools, "lighthouse.mjs", &args);
    assert!(ok, "lighthouse failed: {err}");
    let report: serde_json::Value = serde_json::from_str(&out).expect("lighthouse.mjs prints JSON");
    for form in ["mobile", "desktop"] {
        for page in PAGES {
            let r = &report[form][page];
            for category in ["accessibility", "best-practices", "seo"] {
                assert_eq!(
                    r[category][0], 100,
                    "{page} ({form}): {category} {} (failed audits: {})",
                    r[category][0], r["failed"]
                );
            }
            let cls = r["cls"][0].as_f64().expect("a layout shift figure");
            assert!(
                cls < 0.02,
                "{page} ({form}) shifts after load: CLS {cls} ({})",
                r["shifts"]
            );
            eprintln!("{page} ({form}): CLS {cls:.3}");
        }
    }
}
