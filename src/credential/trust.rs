//! Whether a credential holds: the checks of Open Badges 3.0 section 8.2.5 on a VC-JWT,
//! then that a trainer this course trusts signed it, for this course, and when it is
//! valid.

use jiff::Timestamp;
use serde_json::Value;

use super::ob3::{CONTEXT, datetime};
use super::{didweb, jws};
use crate::model::Config;

/// What a verifier trusts: the course's trainers, for one course.
pub struct Trust<'a> {
    pub course_id: &'a str,
    pub trainers: &'a [String],
    /// The course's did:web, under which its trainers may also sign.
    pub did_web: Option<String>,
}

impl<'a> Trust<'a> {
    pub fn of(config: &'a Config) -> Trust<'a> {
        Trust {
            course_id: &config.id,
            trainers: config
                .issuer
                .as_ref()
                .map(|i| i.trainers.as_slice())
                .unwrap_or(&[]),
            did_web: config.base_url.as_deref().and_then(didweb::did),
        }
    }
}

/// A credential whose signature, issuer, dates and course hold.
#[derive(Debug, Clone, PartialEq)]
pub struct Verified {
    pub id: String,
    pub issuer_did: String,
    pub issuer_name: String,
    pub learner_name: String,
    pub level_id: String,
    pub level_title: String,
    pub valid_from: Timestamp,
    pub valid_until: Option<Timestamp>,
    /// `(statusListCredential, statusListIndex)` when the credential can be revoked.
    pub status: Option<(String, usize)>,
}

/// Checks a VC-JWT as OB 3.0 section 8.2.5 says, then that a trusted trainer of this
/// course signed it and that it is valid at `now`. The error says why not.
pub fn verify(token: &str, trust: &Trust, now: Timestamp) -> Result<Verified, String> {
    let verified = check(token, trust)?;
    if now < verified.valid_from {
        return Err(format!(
            "it is not valid before {}",
            datetime(verified.valid_from)
        ));
    }
    if let Some(until) = verified.valid_until
        && now >= until
    {
        return Err(format!("it expired on {}", datetime(until)));
    }
    Ok(verified)
}

/// `verify` without the dates: whether a trusted trainer of this course signed this
/// credential, as it is (a trainer may revoke an expired one).
pub fn check(token: &str, trust: &Trust) -> Result<Verified, String> {
    let parts = jws::split(token)?;
    let kid = parts
        .header
        .get("kid")
        .and_then(Value::as_str)
        .ok_or("its header names no key (`kid`)")?;
    let (signer, trainer, key) = didweb::resolve(kid, trust.did_web.as_deref())?;
    if let Some(jwk) = parts.header.get("jwk")
        && jwk.get("x").and_then(Value::as_str) != Some(&jws::b64(key.as_bytes()))
    {
        return Err("its header holds two different keys (`kid` and `jwk`)".into());
    }
    parts.verify(&key)?;
    let payload: Value = serde_json::from_slice(&parts.payload)
        .map_err(|_| "its payload is not JSON".to_string())?;
    let vc = payload.get("vc").unwrap_or(&payload);
    let claim = |name: &str| payload.get(name);
    let text = |v: &Value, path: &[&str]| -> Option<String> {
        path.iter()
            .try_fold(v, |v, k| v.get(k))
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    let mismatch = |what: &str| Err(format!("its `{what}` claim does not match the credential"));
    // The claims and the credential must agree.
    let issuer_id = text(vc, &["issuer", "id"]).or_else(|| text(vc, &["issuer"]));
    if claim("iss").and_then(Value::as_str).map(str::to_string) != issuer_id {
        return mismatch("iss");
    }
    let iss = issuer_id.unwrap_or_default();
    if iss != signer {
        return Err(format!(
            "it names {iss} as issuer but was signed by {signer}"
        ));
    }
    if claim("sub").and_then(Value::as_str).map(str::to_string)
        != text(vc, &["credentialSubject", "id"])
    {
        return mismatch("sub");
    }
    let id = text(vc, &["id"]).unwrap_or_default();
    if claim("jti").and_then(Value::as_str) != Some(&id) {
        return mismatch("jti");
    }
    let stamp = |v: Option<&Value>| {
        v.and_then(Value::as_i64)
            .and_then(|s| Timestamp::from_second(s).ok())
    };
    let parse = |v: Option<String>| v.and_then(|s| s.parse::<Timestamp>().ok());
    let valid_from = parse(text(vc, &["validFrom"])).ok_or("it has no valid `validFrom` date")?;
    if stamp(claim("nbf")) != Some(valid_from) {
        return mismatch("nbf");
    }
    let valid_until = match claim("exp") {
        Some(exp) => Some(stamp(Some(exp)).ok_or("its `exp` claim is not a date")?),
        None => None,
    };
    if valid_until.is_some() && parse(text(vc, &["validUntil"])) != valid_until {
        return mismatch("exp");
    }
    is_open_badge(vc)?;
    // The course and level.
    let achievement = vc
        .pointer("/credentialSubject/achievement")
        .ok_or("it names no achievement")?;
    let (course, level_id) = course_and_level(achievement)?;
    if course != trust.course_id {
        return Err(format!(
            "it is for another course (`{course}`, not `{}`)",
            trust.course_id
        ));
    }
    if !trust.trainers.contains(&trainer) {
        return Err(format!(
            "it is signed by {trainer}, a key this course does not trust"
        ));
    }
    let learner_name = learner_name(vc);
    let status = vc.get("credentialStatus").and_then(|s| {
        let url = s.get("statusListCredential")?.as_str()?.to_string();
        let index = s.get("statusListIndex")?.as_str()?.parse().ok()?;
        Some((url, index))
    });
    Ok(Verified {
        id,
        issuer_name: text(vc, &["issuer", "name"]).unwrap_or_else(|| iss.clone()),
        issuer_did: iss,
        learner_name,
        level_id: level_id.to_string(),
        level_title: text(achievement, &["name"]).unwrap_or_default(),
        valid_from,
        valid_until,
        status,
    })
}

/// An Open Badges 3.0 credential in the VC 2.0 data model, by its types and context.
fn is_open_badge(vc: &Value) -> Result<(), String> {
    let types = vc
        .get("type")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let has = |t: &str| types.iter().any(|x| x == t);
    if !has("VerifiableCredential") || !(has("OpenBadgeCredential") || has("AchievementCredential"))
    {
        return Err(
            "it is not an Open Badges credential (its `type` lacks `OpenBadgeCredential`)".into(),
        );
    }
    let context = vc.get("@context").and_then(Value::as_array);
    if context.and_then(|c| c.first()).and_then(Value::as_str) != Some(CONTEXT[0]) {
        return Err("its `@context` does not start with the VC 2.0 context".into());
    }
    Ok(())
}

/// The course id and level id an achievement names (`urn:coursemark:COURSE:LEVEL`).
fn course_and_level(achievement: &Value) -> Result<(&str, &str), String> {
    achievement
        .get("otherIdentifier")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|e| e.get("identifier").and_then(Value::as_str))
        .find_map(|i| i.strip_prefix("urn:coursemark:"))
        .and_then(|identifier| identifier.split_once(':'))
        .ok_or_else(|| "its achievement is not a level of a coursemark course".to_string())
}

/// The learner's name, as the credential states it unhashed.
fn learner_name(vc: &Value) -> String {
    vc.pointer("/credentialSubject/identifier")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .find(|i| {
            i.get("identityType").and_then(Value::as_str) == Some("name")
                && i.get("hashed") == Some(&Value::Bool(false))
        })
        .and_then(|i| i.get("identityHash").and_then(Value::as_str))
        .unwrap_or_default()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credential::didkey;
    use crate::credential::ob3::{Award, Issued, email_hash, header, issue};
    use crate::model::Period;
    use ed25519_dalek::SigningKey;

    fn course(trainers: Vec<String>) -> Config {
        let mut c = crate::config::parse(
            std::path::Path::new("course.toml"),
            "title = \"Course\"\nid = \"ocs\"\n[issuer]\nname = \"Academy\"\n",
        )
        .unwrap();
        c.issuer.as_mut().unwrap().trainers = trainers;
        c.levels[1].expires_after = Some(Period::Years(2));
        c
    }

    fn key(n: u8) -> SigningKey {
        SigningKey::from_bytes(&[n; 32])
    }

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn award(config: &Config, level: usize, key: &SigningKey) -> Issued {
        issue(&Award {
            config,
            level: &config.levels[level],
            learner_name: " Ana   Horvat ",
            learner_email: Some("ana@example.com"),
            key,
            now: at("2026-11-30T10:00:00Z"),
            status: None,
        })
        .unwrap()
    }

    fn trusted(config: &Config) -> Trust<'_> {
        Trust::of(config)
    }

    #[test]
    fn a_credential_round_trips_with_the_claims_ob3_requires() {
        let config = course(vec![didkey::encode(&key(1).verifying_key())]);
        let issued = award(&config, 1, &key(1));
        let v = verify(&issued.jwt, &trusted(&config), at("2027-01-01T00:00:00Z")).unwrap();
        assert_eq!(v.learner_name, "Ana Horvat");
        assert_eq!(v.level_id, "planned");
        assert_eq!(v.issuer_name, "Academy");
        assert_eq!(v.valid_until, Some(at("2028-11-30T10:00:00Z")));
        let payload: Value =
            serde_json::from_slice(&jws::split(&issued.jwt).unwrap().payload).unwrap();
        assert_eq!(payload["iss"], issued.credential["issuer"]["id"]);
        assert_eq!(payload["jti"], issued.credential["id"]);
        assert_eq!(payload["sub"], issued.credential["credentialSubject"]["id"]);
        assert_eq!(payload["nbf"], 1_796_032_800);
        assert_eq!(payload["exp"], 1_859_191_200);
        assert_eq!(issued.credential["validFrom"], "2026-11-30T10:00:00Z");
        let email = &issued.credential["credentialSubject"]["identifier"][1];
        assert_eq!(
            email["identityHash"],
            email_hash("ana@example.com", email["salt"].as_str().unwrap())
        );
    }

    #[test]
    fn each_tampering_is_refused() {
        let did = didkey::encode(&key(1).verifying_key());
        let config = course(vec![did.clone()]);
        let issued = award(&config, 1, &key(1));
        let now = at("2027-01-01T00:00:00Z");
        let trust = trusted(&config);
        let refuse = |token: &str, now: Timestamp, trust: &Trust, want: &str| {
            let why = verify(token, trust, now).unwrap_err();
            assert!(why.contains(want), "{why} (wanted {want})");
        };
        // A payload byte changed.
        let parts: Vec<&str> = issued.jwt.split('.').collect();
        let mut payload = jws::unb64(parts[1]).unwrap();
        let at_name = payload.windows(3).position(|w| w == b"Ana").unwrap();
        payload[at_name] = b'E';
        let changed = format!("{}.{}.{}", parts[0], jws::b64(&payload), parts[2]);
        refuse(&changed, now, &trust, "does not match");
        // The header's `alg` changed, or `none`.
        for alg in ["none", "RS256"] {
            let mut h = header(&didkey::verification_method(&did), &key(1));
            h.insert("alg".into(), alg.into());
            let forged = format!(
                "{}.{}.{}",
                jws::b64(&serde_json::to_vec(&h).unwrap()),
                parts[1],
                parts[2]
            );
            refuse(&forged, now, &trust, alg);
        }
        // Another key: signed by an untrusted trainer, or re-signed under the trusted kid.
        let stranger = course(vec![didkey::encode(&key(2).verifying_key())]);
        let foreign = issue(&Award {
            config: &stranger,
            level: &stranger.levels[1],
            learner_name: "Ana",
            learner_email: None,
            key: &key(2),
            now: at("2026-11-30T10:00:00Z"),
            status: None,
        })
        .unwrap();
        refuse(&foreign.jwt, now, &trust, "does not trust");
        let resigned = jws::sign(
            &header(&didkey::verification_method(&did), &key(1)),
            &jws::split(&foreign.jwt).unwrap().payload,
            &key(2),
        );
        refuse(&resigned, now, &trust, "does not match");
        // Expired, not yet valid.
        refuse(&issued.jwt, at("2028-11-30T10:00:00Z"), &trust, "expired");
        refuse(
            &issued.jwt,
            at("2026-11-30T09:59:59Z"),
            &trust,
            "not valid before",
        );
        // Another course.
        let other = Trust {
            course_id: "other",
            ..Trust::of(&config)
        };
        refuse(&issued.jwt, now, &other, "another course");
    }

    #[test]
    fn with_a_base_url_the_academy_issues_under_its_did_web() {
        let did = didkey::encode(&key(1).verifying_key());
        let mut config = course(vec![did.clone()]);
        config.base_url = Some("https://academy.example.com/ocs/".into());
        let issued = award(&config, 0, &key(1));
        assert_eq!(
            issued.credential["issuer"]["id"],
            "did:web:academy.example.com:ocs"
        );
        let header = jws::split(&issued.jwt).unwrap().header;
        assert_eq!(
            header["kid"],
            didweb::method("did:web:academy.example.com:ocs", &did)
        );
        let now = at("2027-01-01T00:00:00Z");
        let v = verify(&issued.jwt, &Trust::of(&config), now).unwrap();
        assert_eq!(v.issuer_did, "did:web:academy.example.com:ocs");
        // Another site's did:web is not this course's.
        let mut elsewhere = config.clone();
        elsewhere.base_url = Some("https://elsewhere.example.com/".into());
        let why = verify(&issued.jwt, &Trust::of(&elsewhere), now).unwrap_err();
        assert!(
            why.contains("not a did:key nor this course's did:web"),
            "{why}"
        );
    }
}
