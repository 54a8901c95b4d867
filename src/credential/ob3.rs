//! Open Badges 3.0 credentials: each accreditation level as an `Achievement`, an
//! awarded level as an `OpenBadgeCredential` (W3C VC Data Model 2.0) secured as a
//! VC-JWT (OB 3.0 section 8.2). `trust` checks them.

use ed25519_dalek::SigningKey;
use jiff::Timestamp;
use serde_json::{Map, Value, json};

use super::{didkey, didweb, jws};
use crate::model::{Config, Issuer, Level, Period};

pub const CONTEXT: [&str; 2] = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
];

/// The identifier that ties an achievement to its course and level, whatever its `id`.
pub fn level_identifier(course_id: &str, level_id: &str) -> String {
    format!("urn:coursemark:{course_id}:{level_id}")
}

/// Where the achievement's JSON is published in the site.
pub fn achievement_path(level: &Level) -> String {
    format!("achievements/{}.json", level.id)
}

/// The achievement's `id`: its URL when the site's address is known, else its identifier.
pub fn achievement_id(config: &Config, level: &Level) -> String {
    match &config.base_url {
        Some(base) => format!("{base}{}", achievement_path(level)),
        None => level_identifier(&config.id, &level.id),
    }
}

/// The criteria narrative (Markdown): the level's description, what the learner shows
/// and the rubric a trainer judges.
fn narrative(level: &Level) -> String {
    let mut parts = Vec::new();
    if let Some(d) = &level.description {
        parts.push(d.clone());
    }
    parts.push(match level.earned_by {
        crate::model::EarnedBy::Quizzes => {
            "The learner passed the quiz of every module.".to_string()
        }
        crate::model::EarnedBy::Evidence => format!(
            "The learner records evidence: {}.",
            level
                .evidence
                .iter()
                .map(|f| f.label.as_str())
                .collect::<Vec<_>>()
                .join("; ")
        ),
    });
    if !level.rubric.is_empty() {
        let items: Vec<String> = level.rubric.iter().map(|c| format!("- {c}")).collect();
        parts.push(format!(
            "A trainer reviewed it against these criteria:\n\n{}",
            items.join("\n")
        ));
    }
    parts.join("\n\n")
}

/// The OB 3.0 `Achievement` of a level.
pub fn achievement(config: &Config, level: &Level) -> Value {
    let index = config.level_number(level).unwrap_or(1);
    json!({
        "id": achievement_id(config, level),
        "type": ["Achievement"],
        "name": level.title,
        "description": level.description.clone().unwrap_or_else(|| format!("Level {index} of {}", config.title)),
        "criteria": { "narrative": narrative(level) },
        "image": {
            "id": format!("data:image/svg+xml;base64,{}", base64::Engine::encode(&base64::engine::general_purpose::STANDARD, super::bake::badge(config, level))),
            "type": "Image",
            "caption": level.title,
        },
        "inLanguage": config.language,
        "otherIdentifier": [{
            "type": "IdentifierEntry",
            "identifier": level_identifier(&config.id, &level.id),
            "identifierType": "identifier",
        }],
    })
}

fn profile(issuer: &Issuer, did: &str) -> Value {
    let mut p = Map::new();
    p.insert("id".into(), did.into());
    p.insert("type".into(), json!(["Profile"]));
    p.insert("name".into(), issuer.name.clone().into());
    if let Some(url) = &issuer.url {
        p.insert("url".into(), url.clone().into());
    }
    if let Some(email) = &issuer.email {
        p.insert("email".into(), email.clone().into());
    }
    Value::Object(p)
}

/// A random `urn:uuid:` (version 4).
pub fn uuid() -> Result<String, String> {
    let mut b = [0u8; 16];
    getrandom::fill(&mut b).map_err(|e| format!("no random numbers from the system: {e}"))?;
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    Ok(format!(
        "urn:uuid:{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    ))
}

/// RFC 3339 in whole seconds, as `validFrom` and `validUntil` are written.
pub fn datetime(t: Timestamp) -> String {
    // Whole seconds are always a valid timestamp again.
    Timestamp::from_second(t.as_second())
        .unwrap_or(t)
        .to_string()
}

/// When a level awarded at `from` expires.
pub fn until(from: Timestamp, period: Period) -> Option<Timestamp> {
    let span = match period {
        Period::Years(n) => jiff::Span::new().years(n),
        Period::Months(n) => jiff::Span::new().months(n),
        Period::Days(n) => jiff::Span::new().days(n),
    };
    let zoned = from.to_zoned_datetime(jiff::tz::TimeZone::UTC);
    zoned.checked_add(span).ok().map(|z| z.timestamp())
}

/// What the trainer awards: a level of a course to a learner.
pub struct Award<'a> {
    pub config: &'a Config,
    pub level: &'a Level,
    pub learner_name: &'a str,
    pub learner_email: Option<&'a str>,
    pub key: &'a SigningKey,
    pub now: Timestamp,
    /// The `credentialStatus` entry, when the credential can be revoked.
    pub status: Option<Value>,
}

/// A signed credential: the JSON it holds and the compact JWS.
pub struct Issued {
    pub credential: Value,
    pub jwt: String,
}

pub fn issue(award: &Award) -> Result<Issued, String> {
    let config = award.config;
    let issuer = config
        .issuer
        .as_ref()
        .ok_or("course.toml has no [issuer]; add the block `coursemark issuer init` printed")?;
    let did = didkey::encode(&award.key.verifying_key());
    // The academy's did:web when the site's address is known, else the trainer's did:key.
    let (issuer_id, kid) = signer(config, &did);
    if !issuer.trainers.contains(&did) {
        return Err(format!(
            "this key ({did}) is not among the trainers in course.toml's [issuer]; the site would refuse its credentials. Add it to `trainers` and rebuild the site"
        ));
    }
    let name = award
        .learner_name
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if name.is_empty() {
        return Err(
            "the package has no learner name; the learner enters it on the Accreditation page"
                .into(),
        );
    }
    let mut identifiers = vec![json!({
        "type": "IdentityObject",
        "identityHash": name,
        "identityType": "name",
        "hashed": false,
    })];
    if let Some(email) = award.learner_email.map(str::trim).filter(|e| !e.is_empty()) {
        let salt = uuid()?.trim_start_matches("urn:uuid:").replace('-', "");
        identifiers.push(json!({
            "type": "IdentityObject",
            "identityHash": email_hash(email, &salt),
            "identityType": "emailAddress",
            "hashed": true,
            "salt": salt,
        }));
    }
    let id = uuid()?;
    let subject = uuid()?;
    let valid_from = datetime(award.now);
    let valid_until = award.level.expires_after.and_then(|p| until(award.now, p));
    let mut credential = json!({
        "@context": CONTEXT,
        "id": id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": format!("{} – {}", award.level.title, config.title),
        "issuer": profile(issuer, &issuer_id),
        "validFrom": valid_from,
        "awardedDate": valid_from,
        "credentialSubject": {
            "id": subject,
            "type": ["AchievementSubject"],
            "identifier": identifiers,
            "achievement": achievement(config, award.level),
        },
    });
    let object = credential
        .as_object_mut()
        .ok_or("a credential is an object")?;
    if let Some(until) = valid_until {
        object.insert("validUntil".into(), datetime(until).into());
    }
    if let Some(status) = &award.status {
        object.insert("credentialStatus".into(), status.clone());
    }
    // The JWT claims OB 3.0 requires, beside the credential's own members.
    let mut payload = object.clone();
    payload.insert("iss".into(), issuer_id.into());
    payload.insert("jti".into(), id.into());
    payload.insert("sub".into(), subject.into());
    payload.insert("nbf".into(), award.now.as_second().into());
    if let Some(until) = valid_until {
        payload.insert("exp".into(), until.as_second().into());
    }
    let jwt = jws::sign(
        &header(&kid, award.key),
        &serde_json::to_vec(&payload).map_err(|e| e.to_string())?,
        award.key,
    );
    Ok(Issued { credential, jwt })
}

/// Who signs for the course with the trainer's `did` (a did:key): the issuer id and
/// the key id, under the course's did:web when it has a `base_url`.
pub fn signer(config: &Config, did: &str) -> (String, String) {
    match config.base_url.as_deref().and_then(didweb::did) {
        Some(web) => {
            let kid = didweb::method(&web, did);
            (web, kid)
        }
        None => (did.to_string(), didkey::verification_method(did)),
    }
}

/// The JOSE header OB 3.0 allows: `alg`, `kid` (a verification method that resolves
/// to the key), the public `jwk` and `typ`.
pub fn header(kid: &str, key: &SigningKey) -> Map<String, Value> {
    let mut h = Map::new();
    h.insert("alg".into(), jws::ALG.into());
    h.insert("kid".into(), kid.into());
    h.insert(
        "jwk".into(),
        json!({ "kty": "OKP", "crv": "Ed25519", "x": jws::b64(key.verifying_key().as_bytes()) }),
    );
    h.insert("typ".into(), "JWT".into());
    h
}

/// `sha256$HEX` of the email and salt, as OB 3.0's `IdentityHash` is written.
pub fn email_hash(email: &str, salt: &str) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(format!("{}{salt}", email.trim().to_lowercase()).as_bytes());
    format!(
        "sha256${}",
        digest
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ob3_identity_hash_example() {
        // OB 3.0 IdentityHash: 'a@example.com' salted with 'Kosher'.
        assert_eq!(
            email_hash("a@example.com", "Kosher"),
            "sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399"
        );
    }
}
