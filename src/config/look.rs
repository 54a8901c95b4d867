//! `theme` in course.toml: a theme folder's name, or a `[theme]` table with that
//! `name`, the course's `accent` colour and its `logo` (an image under `assets/`).

use std::path::Path;

use crate::diagnostics::Diagnostic;

/// The course's look as course.toml sets it.
#[derive(Default)]
pub(super) struct Look {
    pub(super) name: Option<String>,
    pub(super) accent: Option<String>,
    pub(super) logo: Option<String>,
}

const HELP: &str = "write `theme = \"NAME\"` for `themes/NAME/`, or a table:\n[theme]\nname = \"brand\"        # optional\naccent = \"#0b57d0\"    # the brand colour, #rgb or #rrggbb\nlogo = \"assets/logo.svg\"";

/// `theme`'s value, checked; each mistake is a diagnostic at its key.
pub(super) fn resolve(
    file: &Path,
    value: Option<toml::Value>,
    span: &dyn Fn(&str) -> std::ops::Range<usize>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Look {
    let mut look = Look::default();
    let table = match value {
        None => return look,
        Some(toml::Value::String(name)) => {
            look.name = Some(name);
            toml::Table::new()
        }
        Some(toml::Value::Table(t)) => t,
        Some(_) => {
            diagnostics.push(
                Diagnostic::error(file, span("theme"), "`theme` is neither a name nor a table")
                    .with_help(HELP),
            );
            return look;
        }
    };
    let mut text = |key: &str| match table.get(key) {
        None => None,
        Some(toml::Value::String(s)) => Some(s.clone()),
        Some(_) => {
            diagnostics.push(
                Diagnostic::error(file, span(key), format!("`{key}` in [theme] is not text"))
                    .with_help(HELP),
            );
            None
        }
    };
    if let Some(name) = text("name") {
        look.name = Some(name);
    }
    look.accent = text("accent");
    look.logo = text("logo");
    for key in table
        .keys()
        .filter(|k| !["name", "accent", "logo"].contains(&k.as_str()))
    {
        diagnostics.push(super::unknown_in_table(
            file,
            span(key),
            "theme",
            key,
            "`name`, `accent` and `logo`",
        ));
    }
    if let Some(name) = &look.name
        && !crate::theme::is_name(name)
    {
        diagnostics.push(
            Diagnostic::error(file, span(if table.is_empty() { "theme" } else { "name" }), format!("theme `{name}` is not a theme name"))
                .with_help("name a folder in the course's `themes/`, like `theme = \"custom\"` for `themes/custom/`; a path to elsewhere is not read"),
        );
    }
    if let Some(accent) = &look.accent
        && crate::colour::Rgb::parse(accent).is_none()
    {
        diagnostics.push(
            Diagnostic::error(
                file,
                span("accent"),
                format!("accent `{accent}` is not a colour"),
            )
            .with_help(
                "write the brand colour in hex, like `accent = \"#0b57d0\"` or `accent = \"#c30\"`",
            ),
        );
    }
    // Whether the file is there is checked against the course's assets once they are read.
    if let Some(logo) = &look.logo {
        let inside = logo.starts_with("assets/") && !logo.split('/').any(|p| p == "..");
        if !inside {
            diagnostics.push(
                Diagnostic::error(file, span("logo"), format!("logo `{logo}` is not a file under assets/"))
                    .with_help("put the logo in the course's assets/ folder and name it from the course folder, like `logo = \"assets/logo.svg\"`"),
            );
        }
    }
    look
}
