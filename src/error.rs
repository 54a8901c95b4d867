//! `Error`: what stops a run that is not the author's mistake in the course (author
//! mistakes are `Diagnostic`s); and `TemplateError`, a theme template that fails.

use std::fmt;
use std::io;

/// A failure that is not the author's mistake in the course: I/O, a refused output
/// folder, a broken theme template.
#[derive(Debug)]
pub enum Error {
    Io(io::Error),
    Refused(String),
    Theme(TemplateError),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Io(e) => write!(f, "{e}"),
            Error::Refused(why) => f.write_str(why),
            Error::Theme(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for Error {}

impl From<io::Error> for Error {
    fn from(e: io::Error) -> Self {
        Error::Io(e)
    }
}

/// A template of the theme that does not parse or render, with what the author needs to
/// find it: the template, a line when Tera gives one, else the name it tripped on.
#[derive(Debug, Clone, PartialEq)]
pub struct TemplateError {
    /// The template at fault (`module.html`), when Tera names it.
    pub template: Option<String>,
    /// One-based line and column (parse errors).
    pub at: Option<(usize, usize)>,
    /// The name Tera could not resolve (a variable, filter or function), to find its line.
    pub name: Option<String>,
    /// What went wrong, in one line.
    pub message: String,
    /// Whether the template failed to parse (rather than to render).
    pub parse: bool,
}

impl TemplateError {
    /// Reads Tera's error, whose useful parts are spread over its chain of sources.
    pub fn from_tera(e: &tera::Error) -> Self {
        let mut chain = vec![e.to_string()];
        let mut source = std::error::Error::source(e);
        while let Some(inner) = source {
            chain.push(inner.to_string());
            source = inner.source();
        }
        let full = chain.join(": ");
        let quoted = |after: &str| {
            let start = full.find(after)? + after.len();
            full[start..].split('\'').next().map(str::to_string)
        };
        let template = quoted("(error happened in '")
            .or_else(|| quoted("Failed to parse '"))
            .or_else(|| quoted("Failed to render '"))
            .or_else(|| quoted("Template '"));
        let at = full.find(" --> ").and_then(|i| {
            let rest = &full[i + 5..];
            let (line, rest) = rest.split_once(':')?;
            let col: String = rest.chars().take_while(char::is_ascii_digit).collect();
            Some((line.trim().parse().ok()?, col.parse().ok()?))
        });
        let parse = full.starts_with("Failed to parse");
        let message = if parse {
            // Pest's report ends with `= expected ...`; the rest repeats the line.
            let expected = full
                .lines()
                .rev()
                .find_map(|l| l.trim().strip_prefix("= "))
                .unwrap_or("it is not a valid Tera template");
            format!("the template does not parse: {expected}")
        } else {
            chain
                .iter()
                .rev()
                .find(|m| !m.starts_with("Failed to render"))
                .unwrap_or(&full)
                .clone()
        };
        let name = message
            .split('`')
            .nth(1)
            .filter(|n| !n.is_empty())
            .map(str::to_string);
        TemplateError {
            template,
            at,
            name,
            message,
            parse,
        }
    }
}

impl std::fmt::Display for TemplateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.template {
            Some(t) => write!(f, "theme template `{t}`: {}", self.message),
            None => write!(f, "theme template: {}", self.message),
        }
    }
}
