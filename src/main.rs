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
