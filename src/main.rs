//! The `coursemark` command: parses arguments, calls the library, prints diagnostics
//! and summaries, and sets the exit code.

mod credential_cmd;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{
    self,
    termcolor::{ColorChoice, StandardStream},
};

use coursemark::diagnostics::{self, Diagnostic, Severity};
use coursemark::serve::Event;

// Rendering allocates many small strings; mimalloc keeps that fast on every platform.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use coursemark::{BuildOptions, Checked};

#[derive(Parser)]
#[command(
    name = "coursemark",
    version,
    about = "Build a static course website from Markdown modules and quizzes.",
    after_help = "\
Examples:
  coursemark new my-course            start a course with an example module
  coursemark check my-course          report every problem with file:line:column
  coursemark build my-course -o site  write the site into site/
  coursemark serve                    build content/ and serve it at http://127.0.0.1:3000"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the course in DIR into OUT (atomically: a failed build leaves OUT as it was).
    #[command(
        after_help = "Examples:\n  coursemark build\n  coursemark build my-course -o public --trainer"
    )]
    Build {
        /// The course folder [default: the current folder when it holds a course.toml, else content]
        dir: Option<PathBuf>,
        /// The output folder.
        #[arg(short, long, default_value = "public")]
        out: PathBuf,
        /// Build the trainer edition: facilitator notes and answer keys shown.
        #[arg(long)]
        trainer: bool,
    },
    /// Check the course and report every problem; exits 1 on errors.
    #[command(after_help = "Example:\n  coursemark check my-course")]
    Check {
        /// The course folder [default: the current folder when it holds a course.toml, else content]
        dir: Option<PathBuf>,
        /// `short` prints one `file:line:col: severity: message` line per problem.
        #[arg(long, value_enum, default_value_t = Format::Rich)]
        format: Format,
    },
    /// Build the course and serve it on 127.0.0.1.
    #[command(after_help = "Example:\n  coursemark serve my-course -p 8080")]
    Serve {
        /// The course folder [default: the current folder when it holds a course.toml, else content]
        dir: Option<PathBuf>,
        #[arg(short, long, default_value_t = 3000)]
        port: u16,
        /// The address to listen on; anything but 127.0.0.1 exposes the course to your network.
        #[arg(long, default_value = "127.0.0.1")]
        host: String,
        #[arg(short, long, default_value = "public")]
        out: PathBuf,
        #[arg(long)]
        trainer: bool,
        /// Open the course in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Start a new course in DIR, or add a module: `new module "TITLE" [--part N]`.
    #[command(
        after_help = "Examples:\n  coursemark new my-course\n  coursemark new module \"Running a QBR\" --part 2 --course my-course"
    )]
    New {
        /// The new course folder, or `module` to add a module.
        target: PathBuf,
        /// The title of the new module (with `module`) or course.
        title: Option<String>,
        /// With `module`: the part number to add it to (default: the last part).
        #[arg(long)]
        part: Option<u32>,
        /// With `module`: the title of a part to start (with --part N for a new number).
        #[arg(long)]
        part_title: Option<String>,
        /// With `module`: the course folder [default: the current folder when it holds a course.toml, else content]
        #[arg(long)]
        course: Option<PathBuf>,
    },
    /// Work with themes: `theme eject [DIR]` writes the default theme to DIR/themes/custom.
    Theme {
        #[command(subcommand)]
        action: ThemeAction,
    },
    #[command(flatten)]
    Trainer(credential_cmd::TrainerCommand),
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Rich,
    Short,
}

#[derive(Subcommand)]
enum ThemeAction {
    /// Write the default theme into the course's themes/NAME folder as a starting point.
    Eject {
        /// The course folder [default: the current folder when it holds a course.toml, else content]
        dir: Option<PathBuf>,
        #[arg(long, default_value = "custom")]
        name: String,
    },
}

fn main() -> ExitCode {
    match run(Cli::parse().command) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(command: Command) -> Result<ExitCode, String> {
    match command {
        Command::Check { dir, format } => {
            let dir = coursemark::course_dir(dir);
            let checked = coursemark::check(&dir).map_err(|e| e.to_string())?;
            let code = report(&dir, &checked, "check", format);
            // As in `build`: the process ends next.
            std::mem::forget(checked);
            Ok(code)
        }
        Command::Build { dir, out, trainer } => build(&coursemark::course_dir(dir), &out, trainer),
        Command::Serve {
            dir,
            port,
            host,
            out,
            trainer,
            open,
        } => {
            let dir = coursemark::course_dir(dir);
            if host != "127.0.0.1" && host != "localhost" {
                eprintln!(
                    "warning: listening on {host}: anyone who can reach this machine can read the course"
                );
            }
            // Ctrl-C ends the server cleanly; pages are written by rename, so none is left half-written.
            let _ = ctrlc::set_handler(|| {
                eprintln!("\nStopped.");
                std::process::exit(0);
            });
            let options = coursemark::serve::ServeOptions {
                source: dir.clone(),
                out,
                host,
                port,
                trainer,
            };
            coursemark::serve::serve(&options, |event| match event {
                Event::Checked {
                    checked,
                    changed,
                    elapsed,
                    first,
                    serving,
                } => {
                    report(
                        &dir,
                        checked,
                        if first { "build" } else { "rebuild" },
                        Format::Rich,
                    );
                    if !checked.has_errors() && !first {
                        eprintln!(
                            "Rebuilt in {} ms ({changed} files changed)",
                            elapsed.as_millis()
                        );
                    } else if !checked.has_errors() {
                        eprintln!(
                            "Built {} in {} ms",
                            plural(
                                checked.course.as_ref().map_or(0, |c| c.modules().count()),
                                "module"
                            ),
                            elapsed.as_millis()
                        );
                    } else if serving {
                        eprintln!("Serving the last good build; fix the errors and it rebuilds.");
                    } else {
                        eprintln!(
                            "Nothing to serve yet: the course has not built without errors. Fix them and it builds."
                        );
                    }
                }
                Event::Listening(url) => {
                    eprintln!(
                        "Serving at {url} (Ctrl-C to stop); watching {} for changes",
                        dir.display()
                    );
                    if open {
                        open_browser(&url);
                    }
                }
            })
            .map_err(|e| match e {
                coursemark::Error::Io(io) if io.kind() == std::io::ErrorKind::AddrInUse => {
                    format!(
                        "{io}; is another server using port {port}? Try `coursemark serve -p {}`",
                        port.wrapping_add(1)
                    )
                }
                other => other.to_string(),
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Command::New {
            target,
            title,
            part,
            part_title,
            course,
        } => {
            if target == Path::new("module") {
                let title =
                    title.ok_or("give the module a title: coursemark new module \"Title\"")?;
                let course = coursemark::course_dir(course);
                let path =
                    coursemark::scaffold::new_module(&course, &title, part, part_title.as_deref())
                        .map_err(|e| e.to_string())?;
                eprintln!("Created {}", path.display());
            } else {
                let title = title.unwrap_or_else(|| coursemark::scaffold::title_of(&target));
                let files =
                    coursemark::scaffold::new_course(&target, &title).map_err(|e| e.to_string())?;
                let modules = files
                    .iter()
                    .filter(|f| f.extension().is_some_and(|e| e == "md"))
                    .filter(|f| !f.ends_with("index.md"))
                    .count();
                eprintln!(
                    "Created the course \"{title}\" with {} in {}. Next: coursemark serve {}",
                    plural(modules, "module"),
                    target.display(),
                    shell_word(&target)
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Trainer(command) => credential_cmd::run(command),
        Command::Theme {
            action: ThemeAction::Eject { dir, name },
        } => {
            let dir = coursemark::course_dir(dir);
            let target = dir.join("themes").join(&name);
            let files = coursemark::theme::eject(&target).map_err(|e| e.to_string())?;
            eprintln!("Wrote {} files to {}.", files.len(), target.display());
            match coursemark::scaffold::set_theme(&dir, &name).map_err(|e| e.to_string())? {
                Some(before) if before == name => {}
                Some(before) => eprintln!(
                    "course.toml uses the theme `{before}`; set `theme = \"{name}\"` at its top (above the first [table]) to use this one."
                ),
                None => {
                    eprintln!("Set `theme = \"{name}\"` in course.toml: the course uses it now.")
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// A path as one shell word, quoted when it holds anything but plain characters, so
/// the printed command can be pasted as it is.
fn shell_word(path: &Path) -> String {
    let text = path.display().to_string();
    if !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
    {
        text
    } else {
        let escaped: String = text
            .chars()
            .flat_map(|c| {
                let escape = matches!(c, '"' | '\\' | '$' | '`');
                escape.then_some('\\').into_iter().chain(std::iter::once(c))
            })
            .collect();
        format!("\"{escaped}\"")
    }
}

/// `1 module`, `2 modules`.
fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// Opens `url` with the desktop's browser; failing to is only worth a note.
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(opener).arg(url).spawn().is_err() {
        eprintln!("Could not open a browser; visit {url}");
    }
}

fn build(dir: &Path, out: &Path, trainer: bool) -> Result<ExitCode, String> {
    let options = BuildOptions {
        source: dir.to_path_buf(),
        out: out.to_path_buf(),
        trainer,
    };
    let (checked, stats) = coursemark::build(&options).map_err(|e| e.to_string())?;
    let code = report(dir, &checked, "build", Format::Rich);
    // The process ends next: the system takes the course back at once, where dropping
    // it would free a large course's strings one by one.
    std::mem::forget(checked);
    match stats {
        Some(s) => {
            eprintln!(
                "Built {}, {}{} into {} in {} ms",
                plural(s.modules, "module"),
                plural(s.pages, "page"),
                if trainer { " (trainer edition)" } else { "" },
                out.display(),
                s.elapsed.as_millis()
            );
            if let Some(why) = s.leftover {
                eprintln!(
                    "warning: the previous site could not be removed ({why}); it is left beside {} and the next build removes it",
                    out.display()
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        None => {
            eprintln!("Nothing was written; {} is unchanged.", out.display());
            Ok(if code == ExitCode::SUCCESS {
                ExitCode::FAILURE
            } else {
                code
            })
        }
    }
}

/// Prints every diagnostic with its source line and a summary; the exit code says
/// whether there were errors.
fn report(dir: &Path, checked: &Checked, verb: &str, format: Format) -> ExitCode {
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
            "{verb}: {} and {} in {}",
            plural(errors, "error"),
            plural(warnings, "warning"),
            dir.display()
        );
        ExitCode::FAILURE
    } else {
        if verb == "check" {
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
                "{verb}: {} (warnings do not stop the build)",
                plural(warnings, "warning")
            );
        }
        ExitCode::SUCCESS
    }
}
