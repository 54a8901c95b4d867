//! The trainer's commands: `issuer init`, `review`, `award`, `verify`, `revoke`.
//! Each parses its arguments, calls `coursemark::credential` and prints the outcome.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Subcommand};
use coursemark::credential::{self, keyfile, package, status};

#[derive(Subcommand)]
pub enum TrainerCommand {
    /// The trainer's signing key: `issuer init [--out FILE]`.
    #[command(after_help = "Example:\n  coursemark issuer init --out ~/keys/academy.pem")]
    Issuer {
        #[command(subcommand)]
        action: IssuerAction,
    },
    /// Write one printable review sheet for learners' evidence packages.
    #[command(after_help = "Example:\n  coursemark review inbox/*.json -o review.html")]
    Review(ReviewArgs),
    /// Award a level as a signed Open Badges 3.0 credential (a .jwt and a baked .svg badge).
    #[command(
        after_help = "Example:\n  coursemark award ana-horvat-evidence.json --level planned --key ~/keys/academy.pem"
    )]
    Award(AwardArgs),
    /// Revoke a credential: set its bit in the course's revocation list (needs base_url).
    #[command(
        after_help = "Example:\n  coursemark revoke ana-horvat-planned.jwt --key ~/keys/academy.pem\nThen rebuild and publish the site."
    )]
    Revoke(RevokeArgs),
    /// Check credentials (.jwt or baked .svg); exits 0 only when every one is valid.
    #[command(after_help = "Example:\n  coursemark verify ana-horvat-planned.svg")]
    Verify(VerifyArgs),
}

#[derive(Subcommand)]
pub enum IssuerAction {
    /// Create an Ed25519 signing key (PKCS#8 PEM, mode 0600) and print its did:key.
    Init {
        /// Where to write the key; never inside the course folder, never over a file.
        #[arg(long, default_value = "issuer-key.pem")]
        out: PathBuf,
    },
}

/// The course a trainer command works for.
#[derive(Args)]
pub struct CourseArg {
    /// The course folder (default: the current folder when it has a course.toml, else content/).
    #[arg(long)]
    course: Option<PathBuf>,
}

impl CourseArg {
    pub fn dir(&self) -> PathBuf {
        coursemark::course_dir(self.course.clone())
    }
}

#[derive(Args)]
pub struct ReviewArgs {
    /// Evidence packages (the JSON files "Ask for review" downloads).
    #[arg(required = true)]
    packages: Vec<PathBuf>,
    /// Where to write the sheet.
    #[arg(short, long, default_value = "review.html")]
    out: PathBuf,
    #[command(flatten)]
    course: CourseArg,
}

#[derive(Args)]
pub struct AwardArgs {
    /// The learner's evidence package (the JSON file "Ask for review" downloads).
    package: PathBuf,
    /// The id of the level to award, as in course.toml.
    #[arg(long)]
    level: String,
    /// The trainer's signing key (from `coursemark issuer init`).
    #[arg(long)]
    key: PathBuf,
    /// Where to write NAME-LEVEL.jwt and NAME-LEVEL.svg.
    #[arg(short, long, default_value = ".")]
    out: PathBuf,
    #[command(flatten)]
    course: CourseArg,
}

#[derive(Args)]
pub struct RevokeArgs {
    /// The credential to revoke (.jwt, or the .svg badge).
    credential: PathBuf,
    /// A trainer's signing key: it signs the revocation list again.
    #[arg(long)]
    key: PathBuf,
    #[command(flatten)]
    course: CourseArg,
}

#[derive(Args)]
pub struct VerifyArgs {
    /// Credential files: .jwt, or .svg badges with a credential baked in.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    #[command(flatten)]
    course: CourseArg,
}

pub fn run(command: TrainerCommand) -> Result<ExitCode, String> {
    match command {
        TrainerCommand::Issuer {
            action: IssuerAction::Init { out },
        } => init(&out),
        TrainerCommand::Review(args) => review(&args),
        TrainerCommand::Award(args) => award(&args),
        TrainerCommand::Revoke(args) => revoke(&args),
        TrainerCommand::Verify(args) => verify(&args),
    }
}

fn init(out: &Path) -> Result<ExitCode, String> {
    let key = keyfile::generate()?;
    keyfile::write_new(out, &key)?;
    let did = credential::didkey::encode(&key.verifying_key());
    println!(
        "Wrote your signing key to {} (readable by you only).",
        out.display()
    );
    println!(
        "Keep it safe and out of the course folder: whoever has it can award credentials in your name.\n"
    );
    println!("Your did:key: {did}\n");
    println!(
        "Add this to course.toml (or add the did:key to `trainers` of the [issuer] there), then rebuild the site:\n"
    );
    println!(
        "[issuer]\nname = \"Your academy\"\nurl = \"https://academy.example.com\"\nemail = \"academy@example.com\"\ntrainers = [\"{did}\"]"
    );
    Ok(ExitCode::SUCCESS)
}

fn review(args: &ReviewArgs) -> Result<ExitCode, String> {
    let course = coursemark::load_course(&args.course.dir())?;
    let mut packages = Vec::new();
    let mut refused = Vec::new();
    for path in &args.packages {
        let read = package::read(path).and_then(|p| {
            p.check_course(&course)
                .map(|()| p)
                .map_err(|why| format!("{}: {why}", path.display()))
        });
        match read {
            Ok(p) => packages.push(p),
            Err(why) => {
                eprintln!("error: {why}");
                refused.push(why);
            }
        }
    }
    if packages.is_empty() {
        return Err("no package could be used; nothing was written".into());
    }
    let sheet = credential::review::sheet(&course, &packages, &refused);
    write_atomically(&args.out, sheet.as_bytes())?;
    println!(
        "Wrote the review sheet for {} learner{} to {}",
        packages.len(),
        if packages.len() == 1 { "" } else { "s" },
        args.out.display()
    );
    Ok(if refused.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn award(args: &AwardArgs) -> Result<ExitCode, String> {
    let key = read_key(&args.key)?;
    let package = package::read(&args.package)?;
    let dir = args.course.dir();
    let course = coursemark::load_course(&dir)?;
    let config = &course.config;
    let now = jiff::Timestamp::now();
    // With a base_url the credential gets an index in the revocation list.
    let mut ledger = match &config.base_url {
        Some(_) => Some(status::Ledger::read(&dir)?),
        None => None,
    };
    let index = ledger.as_ref().map(status::Ledger::allocate).transpose()?;
    let entry = config
        .base_url
        .as_deref()
        .zip(index)
        .map(|(base, i)| status::entry(base, i));
    let awarded = credential::award(&course, &package, &args.level, &key, now, entry)
        .map_err(|why| format!("{}: {why}", args.package.display()))?;
    let jwt = args.out.join(format!("{}.jwt", awarded.stem));
    let svg = args.out.join(format!("{}.svg", awarded.stem));
    for path in [&jwt, &svg] {
        if path.exists() {
            return Err(format!(
                "{} already exists; move it away or choose another folder with -o (nothing was written)",
                path.display()
            ));
        }
    }
    let id = awarded.credential["id"].as_str().unwrap_or_default();
    if let (Some(ledger), Some(index)) = (&mut ledger, index) {
        ledger.issued.push(status::Issued {
            index,
            id: id.to_string(),
            learner: package.learner.name.clone(),
            level: args.level.clone(),
            awarded: credential::ob3::datetime(now),
            revoked: None,
        });
        status::save(&dir, config, &key, ledger, now)?;
    }
    write_atomically(&jwt, awarded.jwt.as_bytes())?;
    write_atomically(&svg, awarded.svg.as_bytes())?;
    println!(
        "Awarded `{}` to {}: {} and {} (credential {id})",
        args.level,
        package.learner.name,
        jwt.display(),
        svg.display(),
    );
    println!("Send both files to the learner; they import either on the Accreditation page.");
    if ledger.is_some() {
        println!(
            "Recorded it in {} and {}; rebuild and publish the site so verifiers find the revocation list.",
            status::LEDGER,
            status::LIST
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The trainer's key, with a warning when others can read its file.
fn read_key(path: &Path) -> Result<ed25519_dalek::SigningKey, String> {
    let loaded = keyfile::read(path)?;
    if let Some(warning) = &loaded.warning {
        eprintln!("warning: {warning}");
    }
    Ok(loaded.key)
}

fn revoke(args: &RevokeArgs) -> Result<ExitCode, String> {
    let key = read_key(&args.key)?;
    let dir = args.course.dir();
    let course = coursemark::load_course(&dir)?;
    let config = &course.config;
    let token = credential::read_token(&args.credential)?;
    let trust = credential::trust::Trust::of(config);
    // An expired credential may still be revoked.
    let verified = credential::trust::check(&token, &trust).map_err(|why| {
        format!(
            "{}: not a credential of this course: {why}",
            args.credential.display()
        )
    })?;
    let Some((url, index)) = &verified.status else {
        return Err(format!(
            "{}: this credential cannot be revoked: it carries no credentialStatus (course.toml had no base_url when it was awarded)",
            args.credential.display()
        ));
    };
    let base = config.base_url.as_deref().ok_or(
        "course.toml has no base_url: set it to where the site is published, as when the credential was awarded",
    )?;
    if *url != status::list_url(base) {
        return Err(format!(
            "{}: its revocation list is {url}, not this course's {}",
            args.credential.display(),
            status::list_url(base)
        ));
    }
    let mut ledger = status::Ledger::read(&dir)?;
    let now = jiff::Timestamp::now();
    let at = credential::ob3::datetime(now);
    match ledger.issued.iter_mut().find(|i| i.index == *index) {
        Some(entry) if entry.revoked.is_some() => {
            println!("{} was already revoked.", verified.id);
            return Ok(ExitCode::SUCCESS);
        }
        Some(entry) => entry.revoked = Some(at),
        // A credential awarded from another copy of the course folder.
        None => ledger.issued.push(status::Issued {
            index: *index,
            id: verified.id.clone(),
            learner: verified.learner_name.clone(),
            level: verified.level_id.clone(),
            awarded: credential::ob3::datetime(verified.valid_from),
            revoked: Some(at),
        }),
    }
    status::save(&dir, config, &key, &ledger, now)?;
    println!(
        "Revoked {} (\"{}\" awarded to {}). Rebuild and publish the site so verifiers see it.",
        verified.id, verified.level_title, verified.learner_name
    );
    Ok(ExitCode::SUCCESS)
}

/// Writes `bytes` beside `path` and renames it into place, so no half-written file is
/// ever left under the final name.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let staging = path.with_extension("partial");
    std::fs::write(&staging, bytes)
        .and_then(|()| std::fs::rename(&staging, path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&staging);
            format!("cannot write {}: {e}", path.display())
        })
}

fn verify(args: &VerifyArgs) -> Result<ExitCode, String> {
    let dir = args.course.dir();
    let course = coursemark::load_course(&dir)?;
    let now = jiff::Timestamp::now();
    let mut all_valid = true;
    for file in &args.files {
        match credential::verify_file(file, &course, &dir, now) {
            Ok(v) => println!(
                "{}: valid: \"{}\" awarded to {} by {} ({}) on {}{}",
                file.display(),
                v.level_title,
                v.learner_name,
                v.issuer_name,
                v.issuer_did,
                credential::ob3::datetime(v.valid_from),
                v.valid_until
                    .map(|u| format!(", valid until {}", credential::ob3::datetime(u)))
                    .unwrap_or_default()
            ),
            Err(why) => {
                all_valid = false;
                println!("{why}");
            }
        }
    }
    Ok(if all_valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
