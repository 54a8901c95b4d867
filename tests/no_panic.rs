//! Property tests: arbitrary text fed to the parsers and the whole check never panics.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use coursemark::load::{PartSource, SourceFile, SourceTree};
use coursemark::theme::Theme;
use proptest::prelude::*;

/// The default theme, its templates compiled once for the whole test binary: compiling
/// them for every case made this the slowest test of the suite.
static THEME: LazyLock<(Theme, tera::Tera)> = LazyLock::new(|| {
    let theme = Theme::default_theme();
    let tera = coursemark::render::compile(&theme).expect("the default theme compiles");
    (theme, tera)
});

fn render(course: &coursemark::model::Course) -> Result<(), coursemark::Error> {
    let (theme, tera) = &*THEME;
    // The theme's static files depend on the theme alone, not on the course under test.
    let options = coursemark::render::RenderOptions {
        scope: coursemark::render::Scope::Course,
        ..Default::default()
    };
    coursemark::render::render_with(course, theme, tera, options).map(drop)
}

/// A course folder on disk whose one module holds `bytes`, to feed `load` real files.
fn course_on_disk(bytes: &[u8]) -> PathBuf {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = crate::common::scratch(&format!("bytes-{n}"));
    std::fs::create_dir_all(dir.join("01-p")).unwrap();
    std::fs::write(dir.join("course.toml"), "title = \"T\"\nid = \"t\"\n").unwrap();
    std::fs::write(dir.join("01-p/01-a.md"), bytes).unwrap();
    std::fs::write(dir.join("index.md"), bytes).unwrap();
    dir
}

/// Bytes that are often not UTF-8: Latin-1, UTF-16 with and without a BOM, stray
/// continuation bytes, cut multibyte characters, NULs, mixed with course Markdown.
fn bytes() -> impl Strategy<Value = Vec<u8>> {
    let pieces = prop::collection::vec(
        prop_oneof![
            Just(b"+++\ntitle = \"T\"\n+++\n".to_vec()),
            Just(b"## What it is\n".to_vec()),
            Just(b"Caf\xe9 ".to_vec()),
            Just(b"\xff\xfe".to_vec()),
            Just(b"\xfe\xff".to_vec()),
            Just(b"#\0#\0 \0Q\0\n\0".to_vec()),
            Just(b"\xc5".to_vec()),
            Just(b"\x80\xbf".to_vec()),
            Just(b"\0".to_vec()),
            Just("č\n".as_bytes().to_vec()),
            prop::collection::vec(any::<u8>(), 0..12),
        ],
        0..16,
    );
    pieces.prop_map(|p| p.concat())
}

/// Text that looks like course Markdown often enough to reach deep parser states.
fn markdownish() -> impl Strategy<Value = String> {
    let pieces = prop::collection::vec(
        prop_oneof![
            Just("+++\n".to_string()),
            Just("---\n".to_string()),
            Just("title = \"T\"\n".to_string()),
            Just("## What it is\n".to_string()),
            Just("## Test your knowledge {#test}\n".to_string()),
            Just("## Implement it\n".to_string()),
            Just("### Q? {#q}\n".to_string()),
            Just("- [ ] a\n".to_string()),
            Just("- [x] b\n".to_string()),
            Just("  > fb\n".to_string()),
            Just("> why\n".to_string()),
            Just("Answer: a | b\n".to_string()),
            Just("::: trainer\n".to_string()),
            Just(":::\n".to_string()),
            Just("```trainer\n".to_string()),
            Just("```\n".to_string()),
            Just("[l](../x.md#y) ![i](../assets/p.png)\n".to_string()),
            Just("\n".to_string()),
            "\\PC{0,20}",
        ],
        0..40,
    );
    pieces.prop_map(|p| p.concat())
}

fn course_with(module: String) -> SourceTree {
    SourceTree {
        course_toml: Some(SourceFile {
            path: PathBuf::from("course.toml"),
            text: "title = \"T\"\nid = \"t\"\n".into(),
        }),
        index: Some(SourceFile {
            path: PathBuf::from("index.md"),
            text: module.clone(),
        }),
        parts: vec![PartSource {
            dir: "01-p".into(),
            meta: None,
            modules: vec![
                SourceFile {
                    path: PathBuf::from("01-p/01-a.md"),
                    text: module.clone(),
                },
                SourceFile {
                    path: PathBuf::from("01-p/02-b.md"),
                    text: module.clone(),
                },
            ],
        }],
        // The same text as a glossary: its headings become terms that every module links.
        glossary: Some(SourceFile {
            path: PathBuf::from("glossary.md"),
            text: module,
        }),
        assets: vec![PathBuf::from("assets/p.png")],
        asset_facts: Default::default(),
        deferred: None,
        unreadable: Vec::new(),
    }
}

/// Parses a source tree and runs the rules across files, as `check` does.
fn parse_and_check(
    tree: &SourceTree,
) -> (
    Option<coursemark::model::Course>,
    Vec<coursemark::diagnostics::Diagnostic>,
) {
    let parsed = coursemark::course::parse(tree, coursemark::Drafts::LeftOut, None);
    let mut diagnostics = coursemark::check::course(tree, &parsed);
    let (course, more, _) = parsed.finish();
    diagnostics.extend(more);
    (course, diagnostics)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn front_matter_never_panics(text in markdownish()) {
        let _ = coursemark::frontmatter::split(Path::new("m.md"), &text);
    }

    #[test]
    fn any_bytes_as_text_never_panic(text in "\\PC*") {
        let _ = coursemark::frontmatter::split(Path::new("m.md"), &text);
        let _ = coursemark::config::parse(Path::new("course.toml"), &text);
        let (course, _) = parse_and_check(&course_with(text));
        if let Some(course) = course {
            let _ = render(&course);
        }
    }

    #[test]
    fn check_and_render_never_panic(text in markdownish()) {
        let (course, diagnostics) = parse_and_check(&course_with(text.clone()));
        for d in &diagnostics {
            // Every span lies inside its file, so line:column can always be shown.
            prop_assert!(d.span.start <= d.span.end && d.span.end <= text.len().max(30), "{d:?}");
        }
        if let Some(course) = course {
            prop_assert!(render(&course).is_ok());
        }
    }

    /// Real files on disk, as `check` reads them: bytes that are not UTF-8 are a
    /// diagnostic with a line and column inside the file, never a panic.
    #[test]
    fn any_bytes_on_disk_never_panic(data in bytes()) {
        let dir = course_on_disk(&data);
        let mut diagnostics = Vec::new();
        let loaded = coursemark::load::load(&dir, &mut diagnostics);
        // As `check` reads a course, module texts read as they are parsed; the theme is
        // left out (its check compiles the templates: one case would take a second).
        let mut deferred = Vec::new();
        let tree = coursemark::load::load_deferred(&dir, &mut deferred).unwrap();
        let checked =
            coursemark::check_tree(&dir, tree, deferred, coursemark::Drafts::LeftOut, None)
                .map(|mut c| {
                    c.read_texts();
                    c
                });
        std::fs::remove_dir_all(&dir).unwrap();
        prop_assert!(loaded.is_ok());
        let checked = checked.unwrap();
        if std::str::from_utf8(&data).is_err() {
            prop_assert!(checked.has_errors(), "{:?}", checked.diagnostics);
        }
        for d in checked.diagnostics.iter().chain(&diagnostics) {
            prop_assert!(d.span.start <= d.span.end && d.span.end <= data.len().max(30), "{d:?}");
        }
    }
}
