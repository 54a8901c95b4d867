//! How the command shows what the library found: every diagnostic with its source
//! line, then a summary line; and the exit code that means.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{
    self,
    termcolor::{ColorChoice, StandardStream},
};

use coursemark::Checked;
use coursemark::diagnostics::{self, Diagnostic, Severity};

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Rich,
    Short,
}

/// What ran, as the summary line names it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Verb {
    Check,
    Build,
    Package,
    /// A rebuild of `serve` after a change.
    Rebuild,
}

impl Verb {
    fn name(self) -> &'static str {
        match self {
            Verb::Check => "check",
            Verb::Build => "build",
            Verb::Package => "package",
            Verb::Rebuild => "rebuild",
        }
    }
}

/// `1 module`, `2 modules`.
pub fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// Prints every diagnostic with its source line and a summary; the exit code says
/// whether there were errors.
pub fn report(dir: &Path, checked: &Checked, verb: Verb, format: Format) -> ExitCode {
    let style = match format {
        Format::Rich => term::DisplayStyle::Rich,
        Format::Short => term::DisplayStyle::Short,
    };
    let color = if std::io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
    {
        ColorChoice::Auto
    } else {
        ColorChoice::Never
    };
    // SimpleFiles owns its sources: only the files a diagnostic names are copied in.
    let mut files = SimpleFiles::new();
    let mut ids = std::collections::HashMap::new();
    let texts: std::collections::HashMap<&Path, &str> = checked
        .files()
        .map(|f| (f.path.as_path(), f.text.as_str()))
        .collect();
    // A heading's span runs into the next line; the caret reads better on one line.
    let first_line = |path: &Path, span: &std::ops::Range<usize>| {
        let text = texts.get(path).copied().unwrap_or("");
        let end = text
            .get(span.start..)
            .and_then(|t| t.trim_end_matches('\n').find('\n'))
            .map_or(span.end, |i| (span.start + i).min(span.end));
        span.start..end.max(span.start)
    };
    let mut file_id = |path: &Path| {
        *ids.entry(path.to_path_buf()).or_insert_with(|| {
            let text = texts.get(path).copied().unwrap_or("");
            files.add(
                diagnostics::display_path(dir, path).display().to_string(),
                text.to_string(),
            )
        })
    };
    let reports: Vec<Report<usize>> = checked
        .diagnostics
        .iter()
        .map(|d: &Diagnostic| {
            let base = match d.severity {
                Severity::Error => Report::error(),
                Severity::Warning => Report::warning(),
            };
            let mut labels = vec![Label::primary(
                file_id(&d.file),
                first_line(&d.file, &d.span),
            )];
            labels.extend(d.related.iter().map(|r| {
                Label::secondary(file_id(&r.file), first_line(&r.file, &r.span))
                    .with_message(r.message.clone())
            }));
            base.with_message(&d.message)
                .with_labels(labels)
                .with_notes(d.help.iter().map(|h| format!("help: {h}")).collect())
        })
        .collect();
    let writer = StandardStream::stderr(color);
    let config = term::Config {
        display_style: style,
        ..term::Config::default()
    };
    let mut lock = writer.lock();
    for r in &reports {
        if term::emit_to_write_style(&mut lock, &config, &files, r).is_err() {
            eprintln!("{}", r.message);
        }
    }
    drop(lock);
    let (errors, warnings) = diagnostics::counts(&checked.diagnostics);
    if errors > 0 {
        eprintln!(
            "{}: {} and {} in {}",
            verb.name(),
            plural(errors, "error"),
            plural(warnings, "warning"),
            dir.display()
        );
        ExitCode::FAILURE
    } else {
        if verb == Verb::Check {
            match (&checked.course, warnings) {
                (Some(c), 0) => eprintln!(
                    "check: {} is fine ({} modules, no problems)",
                    dir.display(),
                    c.modules().count()
                ),
                (_, w) => eprintln!(
                    "check: no errors, {} in {} (warnings do not fail the check)",
                    plural(w, "warning"),
                    dir.display()
                ),
            }
        } else if warnings > 0 {
            eprintln!(
                "{}: {} (warnings do not stop the build)",
                verb.name(),
                plural(warnings, "warning")
            );
        }
        ExitCode::SUCCESS
    }
}
