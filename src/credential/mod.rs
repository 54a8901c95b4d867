//! Accreditation others can trust: trainers' keys, evidence packages, Open Badges 3.0
//! credentials signed as VC-JWTs, baked badges and revocation lists.

pub mod bake;
pub mod didkey;
pub mod didweb;
pub mod jws;
pub mod keyfile;
pub mod ob3;
pub mod package;
pub mod review;
pub mod site;
pub mod status;
pub mod trust;

use std::path::{Path, PathBuf};

use jiff::Timestamp;

use crate::error::Error;
use crate::model::Course;

/// The files an award writes: the VC-JWT and the badge with it baked in.
pub struct Awarded {
    /// `NAME-LEVEL`, the name both files share.
    pub stem: String,
    pub jwt: String,
    pub svg: String,
    pub credential: serde_json::Value,
}

/// Checks `package` against the course and what `level_id` requires, then signs the
/// credential. Refuses with every missing requirement named.
pub fn award(
    course: &Course,
    package: &package::Package,
    level_id: &str,
    key: &ed25519_dalek::SigningKey,
    now: Timestamp,
    status: Option<serde_json::Value>,
) -> Result<Awarded, String> {
    package.check_course(course)?;
    let config = &course.config;
    let level = config
        .levels
        .iter()
        .find(|l| l.id == level_id)
        .ok_or_else(|| {
            format!(
                "the course has no level `{level_id}`; its levels are {}",
                config
                    .levels
                    .iter()
                    .map(|l| format!("`{}`", l.id))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })?;
    let missing = package::missing(package, course, level);
    if !missing.is_empty() {
        return Err(format!(
            "not awarding `{level_id}`: the package lacks\n  - {}",
            missing.join("\n  - ")
        ));
    }
    let issued = ob3::issue(&ob3::Award {
        config,
        level,
        learner_name: &package.learner.name,
        learner_email: package.learner.email.as_deref(),
        key,
        now,
        status,
    })?;
    let svg = bake::bake(&bake::badge(config, level), &issued.jwt)?;
    let name = crate::slug::slugify(&package.learner.name);
    Ok(Awarded {
        stem: format!(
            "{}-{}",
            if name.is_empty() { "learner" } else { &name },
            level.id
        ),
        jwt: issued.jwt,
        svg,
        credential: issued.credential,
    })
}

/// Reads a credential file (`.jwt`, or an `.svg` badge with one baked in) and verifies
/// it for the course in `course_dir`, revocation included; the error names the file and
/// says why it fails.
pub fn verify_file(
    path: &Path,
    course: &Course,
    course_dir: &Path,
    now: Timestamp,
) -> Result<trust::Verified, String> {
    let token = read_token(path)?;
    let trusted = trust::Trust::of(&course.config);
    let verified = trust::verify(&token, &trusted, now)
        .map_err(|why| format!("{}: not a valid credential: {why}", path.display()))?;
    if let Some(entry) = &verified.status
        && status::revoked(course_dir, &course.config, entry)? == Some(true)
    {
        return Err(format!(
            "{}: not a valid credential: it was revoked by the issuer",
            path.display()
        ));
    }
    Ok(verified)
}

/// The VC-JWT in a credential file.
pub fn read_token(path: &Path) -> Result<String, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{}: cannot read it: {e}", path.display()))?;
    bake::token_of(&text).map_err(|why| format!("{}: {why}", path.display()))
}

/// Refuses a build whose course folder holds a private key (see `private_keys_in`).
pub fn refuse_private_keys(dir: &Path, out: &Path, assets: &[PathBuf]) -> Result<(), Error> {
    match private_keys_in(dir, out, assets).first() {
        Some(key) => Err(Error::Refused(format!(
            "refusing to build: {} holds a private key, and everything in the course folder may end up published; move the key out of {} (keep it where only you can read it)",
            key.display(),
            dir.display()
        ))),
        None => Ok(()),
    }
}

/// Files in the course folder that hold a private key: a build refuses to publish them.
/// Key-like names anywhere (but `out`), and every asset, are looked at.
pub fn private_keys_in(dir: &Path, out: &Path, assets: &[PathBuf]) -> Vec<PathBuf> {
    let key_like = |p: &Path| {
        p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
            matches!(
                e.to_ascii_lowercase().as_str(),
                "pem" | "key" | "p8" | "pk8"
            )
        })
    };
    let out = out.canonicalize().ok();
    let candidates = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_entry(|e| {
            let hidden = e.depth() > 0 && e.file_name().to_string_lossy().starts_with('.');
            let is_out =
                e.file_type().is_dir() && out.is_some() && e.path().canonicalize().ok() == out;
            !hidden && !is_out
        })
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && key_like(e.path()))
        .map(|e| e.into_path())
        .chain(assets.iter().map(|a| dir.join(a)));
    let mut found: Vec<PathBuf> = candidates
        .filter(|p| {
            use std::io::Read;
            let mut head = Vec::new();
            std::fs::File::open(p)
                .and_then(|f| f.take(4096).read_to_end(&mut head))
                .is_ok_and(|_| keyfile::looks_private(&head))
        })
        .collect();
    found.sort();
    found.dedup();
    found
}
