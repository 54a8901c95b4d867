//! How the command shows what the library found: every diagnostic with its source
//! line, then a summary line; and the exit code that means.

use std::io::{IsTerminal, Write as _};
use std::path::Path;
use std::process::ExitCode;

use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{
    self,
    termcolor::{BufferedStandardStream, ColorChoice},
};

use coursemark::Checked;
use coursemark::diagnostics::{self, Severity};

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

/// Source lines longer than this are not shown with a problem.
const LONG_LINE: usize = 400;

/// The locator of `path`'s text, made on first use.
fn locate<'t, 'm>(
    locators: &'m mut std::collections::HashMap<&'t Path, diagnostics::Locator<'t>>,
    texts: &std::collections::HashMap<&'t Path, &'t str>,
    path: &Path,
) -> &'m mut diagnostics::Locator<'t> {
    let (key, text) = texts
        .get_key_value(path)
        .map_or((Path::new(""), ""), |(k, t)| (*k, *t));
    locators
        .entry(key)
        .or_insert_with(|| diagnostics::Locator::new(text))
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
    // Only files with a problem are indexed, each once.
    let mut locators = std::collections::HashMap::new();
    let mut file_id = |path: &Path| {
        *ids.entry(path.to_path_buf()).or_insert_with(|| {
            let text = texts.get(path).copied().unwrap_or("");
            files.add(
                diagnostics::display_path(dir, path).display().to_string(),
                text.to_string(),
            )
        })
    };
    // Each problem as codespan's report, or as plain text where its line is too long.
    let mut shown: Vec<Result<Report<usize>, String>> = Vec::new();
    for d in &checked.diagnostics {
        let at = locate(&mut locators, &texts, &d.file);
        let line = at.line_range(d.span.start);
        if line.len() > LONG_LINE {
            // A generated or minified line would be printed whole for every problem on
            // it: say where, not what.
            let (l, c) = at.line_col(d.span.start);
            let file = diagnostics::display_path(dir, &d.file);
            let severity = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            shown.push(Err(match format {
                Format::Short => format!("{}:{l}:{c}: {severity}: {}\n", file.display(), d.message),
                Format::Rich => format!(
                    "{severity}: {}\n  ┌─ {}:{l}:{c}\n  │ (a line of {} bytes, not shown)\n{}\n",
                    d.message,
                    file.display(),
                    line.len(),
                    d.help
                        .as_ref()
                        .map_or(String::new(), |h| format!("  = help: {h}\n"))
                ),
            }));
            continue;
        }
        // A heading's span runs into the next line; the caret reads better on one line.
        let first_line = |span: &std::ops::Range<usize>, line_end: usize| {
            span.start..span.end.min(line_end).max(span.start)
        };
        let base = match d.severity {
            Severity::Error => Report::error(),
            Severity::Warning => Report::warning(),
        };
        let mut labels = vec![Label::primary(
            file_id(&d.file),
            first_line(&d.span, line.end),
        )];
        labels.extend(d.related.iter().map(|r| {
            let end = locate(&mut locators, &texts, &r.file)
                .line_range(r.span.start)
                .end;
            Label::secondary(file_id(&r.file), first_line(&r.span, end))
                .with_message(r.message.clone())
        }));
        shown.push(Ok(base
            .with_message(&d.message)
            .with_labels(labels)
            .with_notes(d.help.iter().map(|h| format!("help: {h}")).collect())));
    }
    // Buffered: codespan writes a character at a time.
    let mut out = BufferedStandardStream::stderr(color);
    let config = term::Config {
        display_style: style,
        ..term::Config::default()
    };
    for item in &shown {
        let _ = match item {
            Ok(report) => term::emit_to_write_style(&mut out, &config, &files, report)
                .or_else(|_| writeln!(out, "{}", report.message)),
            Err(text) => out.write_all(text.as_bytes()),
        };
    }
    let _ = out.flush();
    drop(out);
    summary(dir, checked, verb)
}

/// The line after the problems: how many there were, and what that means.
fn summary(dir: &Path, checked: &Checked, verb: Verb) -> ExitCode {
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
            let mut modules = plural(
                checked.course.as_ref().map_or(0, |c| c.modules().count()),
                "module",
            );
            if !checked.drafts_left_out.is_empty() {
                let drafts = plural(checked.drafts_left_out.len(), "draft");
                modules = format!("{modules} and {drafts} that `build` leaves out");
            }
            match warnings {
                0 => eprintln!("check: {} is fine ({modules}, no problems)", dir.display(),),
                w => eprintln!(
                    "check: no errors, {} in {} ({modules}; warnings do not fail the check)",
                    plural(w, "warning"),
                    dir.display(),
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
