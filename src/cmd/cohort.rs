//! `coursemark report FILE...` (the cohort report): reads learners' progress exports, evidence packages
//! and credentials, writes the cohort report folder and lists the files not used.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::Args;
use coursemark::report::{self, Outcome};

use crate::cmd::credential::CourseArg;

#[derive(Args)]
pub struct ReportArgs {
    /// Progress exports (.json from My progress), evidence packages (.json) and
    /// awarded credentials (.jwt or .svg badges).
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// The report folder to write (index.html and CSV files).
    #[arg(short, long, default_value = "report")]
    out: PathBuf,
    #[command(flatten)]
    course: CourseArg,
}

pub fn run(args: &ReportArgs) -> Result<ExitCode, String> {
    let started = Instant::now();
    let dir = args.course.dir();
    coursemark::write::refuse_out(&dir, &args.out).map_err(|e| e.to_string())?;
    let course = coursemark::load_course(&dir)?;
    let now = jiff::Timestamp::now();
    let cohort = report::cohort(&course, &dir, &args.files, now);
    for f in &cohort.files {
        match &f.outcome {
            Outcome::Refused(why) => eprintln!("refused {}: {why}", f.file.display()),
            Outcome::Superseded { learner, by } => eprintln!(
                "not used {}: {learner} appears again in the later file {}",
                f.file.display(),
                by.display()
            ),
            Outcome::Used { .. } | Outcome::Award { .. } => {}
        }
    }
    report::write(&cohort, &args.out, now).map_err(|e| format!("{}: {e}", args.out.display()))?;
    println!(
        "Report of {} learner{} from {} file{} ({} refused) in {} ms: {}",
        cohort.learners.len(),
        if cohort.learners.len() == 1 { "" } else { "s" },
        cohort.files.len(),
        if cohort.files.len() == 1 { "" } else { "s" },
        cohort.refused(),
        started.elapsed().as_millis(),
        args.out.join("index.html").display()
    );
    Ok(if cohort.learners.is_empty() {
        eprintln!("error: no learner's file could be used");
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
