//! The `coursemark` command: parses arguments and hands each subcommand to its file
//! under `cmd/`, which calls the library, prints and sets the exit code.

mod cmd;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use cmd::build::{BuildArgs, CheckArgs};
use cmd::new::{NewArgs, ThemeAction};
use cmd::serve::ServeArgs;

// Rendering allocates many small strings; mimalloc keeps that fast on every platform.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (see mimalloc.h), which its Rust bindings do not
/// name.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Freed memory goes back to the system after 25 ms rather than mimalloc's second: a
/// build lets go of each part of a large course once its pages are written, and the
/// parts freed within a second would otherwise stay resident (about 30 MiB at 10,000
/// modules).
fn return_freed_memory_soon() {
    // SAFETY: an option mimalloc reads whenever it purges; any value is valid.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, 25) }
}

#[derive(Parser)]
#[command(
    name = "coursemark",
    version,
    about = "Build a static course website from Markdown modules and quizzes.",
    disable_help_subcommand = true,
    after_help = "\
Examples:
  coursemark new my-course            start a course with an example module
  coursemark check my-course          report every problem with file:line:column
  coursemark build my-course -o site  write the site into site/
  coursemark serve                    build content/ and serve it at http://127.0.0.1:3000
  coursemark help format              every key of course.toml, _part.toml, front matter, glossary"
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
    Build(BuildArgs),
    /// Check the course and report every problem; exits 1 on errors.
    #[command(after_help = "Example:\n  coursemark check my-course")]
    Check(CheckArgs),
    /// Build the course and serve it on 127.0.0.1.
    #[command(after_help = "Example:\n  coursemark serve my-course -p 8080")]
    Serve(ServeArgs),
    /// Start a new course in DIR, or add a module: `new module "TITLE" [--part N]`.
    #[command(
        after_help = "Examples:\n  coursemark new my-course\n  coursemark new module \"Running a QBR\" --part 2 --course my-course"
    )]
    New(NewArgs),
    /// Rename or move a module file and rewrite every link to it across the course.
    #[command(
        after_help = "Example:\n  coursemark mv 01-basics/02-first.md 02-practice/01-first.md"
    )]
    Mv(cmd::mv::MvArgs),
    /// Package the course for an LMS: SCORM 1.2, SCORM 2004 or cmi5, progress reported to it.
    #[command(
        after_help = "Examples:\n  coursemark package --format scorm12\n  coursemark package my-course --format cmi5 -o my-course-cmi5.zip --per-module"
    )]
    Package(cmd::package::PackageArgs),
    /// Work with themes: `theme eject [DIR]` writes the default theme to DIR/themes/custom.
    Theme {
        #[command(subcommand)]
        action: ThemeAction,
    },
    #[command(flatten)]
    Trainer(cmd::credential::TrainerCommand),
    /// A trainer's cohort report from learners' progress exports and evidence packages.
    #[command(
        after_help = "Example:\n  coursemark report exports/*.json -o cohort-report --course content"
    )]
    Report(cmd::cohort::ReportArgs),
    /// Print a command's help, or `help format`: every key of the course format.
    Help(cmd::help::HelpArgs),
}

fn main() -> ExitCode {
    return_freed_memory_soon();
    let result = match Cli::parse().command {
        Command::Build(args) => cmd::build::build(args),
        Command::Check(args) => cmd::build::check(args),
        Command::Serve(args) => cmd::serve::serve(args),
        Command::New(args) => cmd::new::new(args),
        Command::Package(args) => cmd::package::package(args),
        Command::Trainer(command) => cmd::credential::run(command),
        Command::Report(args) => cmd::cohort::run(&args),
        Command::Theme { action } => cmd::new::theme(action),
        Command::Mv(args) => cmd::mv::mv(args),
        Command::Help(args) => cmd::help::help::<Cli>(args),
    };
    result.unwrap_or_else(|message| {
        eprintln!("error: {message}");
        ExitCode::FAILURE
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_option_set_is_mimallocs_purge_delay() {
        // SAFETY: reads an option.
        let delay = unsafe { libmimalloc_sys::mi_option_get(super::PURGE_DELAY) };
        // Its default: 1000 ms in mimalloc 3, 10 in mimalloc 2; no neighbour has either.
        assert!(
            delay == 1000 || delay == 10,
            "option {} is {delay}",
            super::PURGE_DELAY
        );
    }
}
