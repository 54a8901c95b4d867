//! Property tests: arbitrary text fed to the parsers and the whole check never panics.

use std::path::{Path, PathBuf};

use coursemark::load::{PartSource, SourceFile, SourceTree};
use proptest::prelude::*;

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
                    text: module,
                },
            ],
        }],
        assets: vec![PathBuf::from("assets/p.png")],
        deferred: None,
    }
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
        let (course, _) = coursemark::course::parse(&course_with(text), None);
        if let Some(course) = course {
            let theme = coursemark::theme::Theme::default_theme();
            let _ = coursemark::render::render(&course, &theme, Default::default());
        }
    }

    #[test]
    fn check_and_render_never_panic(text in markdownish()) {
        let (course, diagnostics) = coursemark::course::parse(&course_with(text.clone()), None);
        for d in &diagnostics {
            // Every span lies inside its file, so line:column can always be shown.
            prop_assert!(d.span.start <= d.span.end && d.span.end <= text.len().max(30), "{d:?}");
        }
        if let Some(course) = course {
            let theme = coursemark::theme::Theme::default_theme();
            prop_assert!(coursemark::render::render(&course, &theme, Default::default()).is_ok());
        }
    }
}
