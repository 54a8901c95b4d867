//! The integration tests, one module per file of `tests/`, built as one test binary
//! so that every test runs in one queue and the browser tests share one pool of
//! Chromium sessions. Run one file's tests with `cargo test --test suite NAME::`.
//! `repository::every_test_file_is_in_the_suite` fails when a file is missing here.
//!
//! libtest starts tests in the order of their names: Lighthouse's two runs, the longest
//! tests by far, are `audit::` so that they start first and run beside the others
//! instead of last.

mod common;

mod audit;
mod authoring;
mod browser;
mod browser_media;
mod cli;
mod cmi5;
mod containers;
mod course_kit;
mod credential;
mod fidelity;
mod format;
mod hostile;
mod html;
mod lms;
mod markdown;
mod media;
mod no_panic;
mod output;
mod package;
mod quiz_quality;
mod report;
mod repository;
mod serve;
mod serve_limits;
