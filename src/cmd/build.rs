//! `coursemark build` and `coursemark check`.

use std::path::PathBuf;
use std::process::ExitCode;

use coursemark::BuildOptions;

use super::report::{Format, Verb, plural, report};

#[derive(clap::Args)]
pub struct BuildArgs {
    /// The course folder [default: the current folder when it holds a course.toml, else content]
    dir: Option<PathBuf>,
    /// The output folder.
    #[arg(short, long, default_value = "public")]
    out: PathBuf,
    /// Build the trainer edition: facilitator notes and answer keys shown.
    #[arg(long)]
    trainer: bool,
    /// Include the modules marked `draft = true` (shown with a Draft badge).
    #[arg(long)]
    drafts: bool,
}

#[derive(clap::Args)]
pub struct CheckArgs {
    /// The course folder [default: the current folder when it holds a course.toml, else content]
    dir: Option<PathBuf>,
    /// `short` prints one `file:line:col: severity: message` line per problem.
    #[arg(long, value_enum, default_value_t = Format::Rich)]
    format: Format,
}

pub fn check(CheckArgs { dir, format }: CheckArgs) -> Result<ExitCode, String> {
    let dir = coursemark::course_dir(dir);
    let checked = coursemark::check(&dir).map_err(|e| e.to_string())?;
    let code = report(&dir, &checked, Verb::Check, format);
    // As in `build`: the process ends next.
    std::mem::forget(checked);
    Ok(code)
}

pub fn build(
    BuildArgs {
        dir,
        out,
        trainer,
        drafts,
    }: BuildArgs,
) -> Result<ExitCode, String> {
    let options = BuildOptions {
        source: coursemark::course_dir(dir),
        out,
        trainer,
        drafts,
    };
    let (checked, stats) = coursemark::build(&options).map_err(|e| e.to_string())?;
    let code = report(&options.source, &checked, Verb::Build, Format::Rich);
    let left_out = drafts_left_out(&checked.drafts_left_out);
    // The process ends next: the system takes the course back at once, where dropping
    // it would free a large course's strings one by one.
    std::mem::forget(checked);
    let out = &options.out;
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
            if let Some(line) = left_out {
                eprintln!("{line}");
            }
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

/// The summary's line about drafts left out, naming them.
fn drafts_left_out(files: &[PathBuf]) -> Option<String> {
    let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    match names.len() {
        0 => None,
        n => Some(format!(
            "Left out {}: {} (`build --drafts` includes {})",
            plural(n, "draft"),
            names.join(", "),
            if n == 1 { "it" } else { "them" }
        )),
    }
}
