//! `did:web` for a course published at a known address (`base_url`): the academy's DID,
//! its DID document listing the trainers' keys, and how a credential's `kid` names the
//! key that signed it (under did:web or as a did:key).

use ed25519_dalek::VerifyingKey;
use serde_json::{Value, json};

use super::didkey;

/// The did:web of a site published at `base_url` (W3C CCG did:web: the host, with a
/// port as `%3A`, then each path segment after a `:`).
pub fn did(base_url: &str) -> Option<String> {
    let rest = base_url.strip_prefix("https://")?;
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    if host.is_empty() {
        return None;
    }
    let mut did = format!("did:web:{}", host.to_lowercase().replace(':', "%3A"));
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        did.push(':');
        did.push_str(segment);
    }
    Some(did)
}

/// Where the DID document goes in the site: `did.json` under a path, or
/// `.well-known/did.json` at the root of a host.
pub fn document_path(base_url: &str) -> &'static str {
    match base_url
        .strip_prefix("https://")
        .and_then(|r| r.split_once('/'))
    {
        Some((_, path)) if !path.trim_matches('/').is_empty() => "did.json",
        _ => ".well-known/did.json",
    }
}

/// The key id of a trainer under the academy's did:web: the did:web, `#`, and the
/// trainer's did:key multibase value.
pub fn method(did_web: &str, trainer: &str) -> String {
    format!(
        "{did_web}#{}",
        trainer.strip_prefix("did:key:").unwrap_or(trainer)
    )
}

/// The DID document: every trainer's key as a `Multikey` verification method.
pub fn document(did_web: &str, trainers: &[String]) -> Value {
    let methods: Vec<Value> = trainers
        .iter()
        .map(|t| {
            json!({
                "id": method(did_web, t),
                "type": "Multikey",
                "controller": did_web,
                "publicKeyMultibase": t.strip_prefix("did:key:").unwrap_or(t),
            })
        })
        .collect();
    let ids: Vec<String> = trainers.iter().map(|t| method(did_web, t)).collect();
    json!({
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": did_web,
        "verificationMethod": methods,
        "assertionMethod": ids,
    })
}

/// The key a `kid` names: `(issuer DID, the trainer's did:key, key)`. A did:web key id
/// is accepted only under `did_web`, the course's own.
pub fn resolve(kid: &str, did_web: Option<&str>) -> Result<(String, String, VerifyingKey), String> {
    let (did, fragment) = kid.split_once('#').unwrap_or((kid, ""));
    if did.starts_with("did:key:") {
        let key = didkey::decode(kid)?;
        return Ok((did.to_string(), did.to_string(), key));
    }
    if did.starts_with("did:web:") && Some(did) == did_web {
        let trainer = format!("did:key:{fragment}");
        let key = didkey::decode(&trainer)?;
        return Ok((did.to_string(), trainer, key));
    }
    Err(format!(
        "it names its key as {kid}, which is not a did:key nor this course's did:web"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn did_web_follows_the_method_spec() {
        // Examples of the did:web method specification.
        assert_eq!(
            did("https://w3c-ccg.github.io/").unwrap(),
            "did:web:w3c-ccg.github.io"
        );
        assert_eq!(
            did("https://w3c-ccg.github.io/user/alice/").unwrap(),
            "did:web:w3c-ccg.github.io:user:alice"
        );
        assert_eq!(
            did("https://example.com:3000/").unwrap(),
            "did:web:example.com%3A3000"
        );
        assert_eq!(did("http://example.com/"), None);
        assert_eq!(
            document_path("https://w3c-ccg.github.io/"),
            ".well-known/did.json"
        );
        assert_eq!(
            document_path("https://w3c-ccg.github.io/user/alice/"),
            "did.json"
        );
    }

    #[test]
    fn key_ids_resolve_under_did_key_or_the_course_did_web_only() {
        let trainer = "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp";
        let web = "did:web:academy.example.com:ocs";
        let (issuer, t, _) = resolve(&method(web, trainer), Some(web)).unwrap();
        assert_eq!((issuer.as_str(), t.as_str()), (web, trainer));
        let (issuer, t, _) = resolve(&didkey::verification_method(trainer), Some(web)).unwrap();
        assert_eq!((issuer.as_str(), t.as_str()), (trainer, trainer));
        assert!(resolve(&method("did:web:evil.example", trainer), Some(web)).is_err());
        assert!(resolve(&method(web, trainer), None).is_err());
        let doc = document(web, &[trainer.to_string()]);
        assert_eq!(doc["assertionMethod"][0], method(web, trainer));
        assert_eq!(
            doc["verificationMethod"][0]["publicKeyMultibase"],
            "z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp"
        );
    }
}
