//! `coursemark package`: the course as a SCORM 1.2, SCORM 2004 or cmi5 package.

use std::path::PathBuf;
use std::process::ExitCode;

use coursemark::package::{Format, PackageOptions};

use super::report::{Format as ReportFormat, Verb, plural, report};

#[derive(clap::Args)]
pub struct PackageArgs {
    /// The course folder [default: the current folder when it holds a course.toml, else content]
    dir: Option<PathBuf>,
    /// The LMS standard to package for.
    #[arg(long, value_enum)]
    format: Standard,
    /// The zip file to write (default: COURSE_ID-FORMAT.zip in the current folder).
    #[arg(short, long)]
    out: Option<PathBuf>,
    /// Package the trainer edition: facilitator notes and answer keys shown.
    #[arg(long)]
    trainer: bool,
    /// One SCO or AU per module, for a record per module in the LMS, instead of one
    /// for the whole course.
    #[arg(long)]
    per_module: bool,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Standard {
    Scorm12,
    Scorm2004,
    Cmi5,
}

pub fn package(args: PackageArgs) -> Result<ExitCode, String> {
    let format = match args.format {
        Standard::Scorm12 => Format::Scorm12,
        Standard::Scorm2004 => Format::Scorm2004,
        Standard::Cmi5 => Format::Cmi5,
    };
    let dir = coursemark::course_dir(args.dir);
    let options = PackageOptions {
        source: dir.clone(),
        out: args.out,
        format,
        trainer: args.trainer,
        per_module: args.per_module,
    };
    let (checked, stats) = coursemark::package::package(&options).map_err(|e| e.to_string())?;
    let code = report(&dir, &checked, Verb::Package, ReportFormat::Rich);
    match stats {
        Some(s) => {
            eprintln!(
                "Packaged {} as {} ({}, {}{}) into {}: {} in {} ms",
                plural(s.modules, "module"),
                format.name(),
                plural(s.units, if format == Format::Cmi5 { "AU" } else { "SCO" }),
                plural(s.files, "file"),
                if args.trainer {
                    ", trainer edition"
                } else {
                    ""
                },
                s.out.display(),
                size(s.bytes),
                s.elapsed.as_millis()
            );
            Ok(code)
        }
        None => {
            eprintln!("No package was written.");
            Ok(ExitCode::FAILURE)
        }
    }
}

/// `812 KB`, `1.4 MB`.
fn size(bytes: u64) -> String {
    if bytes < 1_000_000 {
        format!("{} KB", bytes.div_ceil(1000))
    } else {
        format!("{:.1} MB", bytes as f64 / 1e6)
    }
}
