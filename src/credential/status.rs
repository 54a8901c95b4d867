//! Revocation with a W3C Bitstring Status List: when the course has a `base_url`, each
//! credential carries a `BitstringStatusListEntry`; `revoke` sets its bit and signs the
//! list again. The list is published with the site from the course's assets; the
//! trainer's record of what was issued stays unpublished beside it.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use ed25519_dalek::SigningKey;
use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::{didkey, didweb, jws, ob3, trust};
use crate::model::Config;

/// Entries in the list: the specification's minimum of 16 KiB, which keeps any one
/// credential's index from telling how many were issued.
pub const SIZE: usize = 131_072;
/// The signed list, under `assets/` so that build and serve publish it.
pub const LIST: &str = "assets/status/revocation.jwt";
/// The same list as a script, which pages opened from disk can load.
pub const LIST_SCRIPT: &str = "assets/status/revocation.js";
/// The trainer's record of the credentials issued: never published.
pub const LEDGER: &str = "_status/issued.json";

/// The URL credentials name as their `statusListCredential`.
pub fn list_url(base_url: &str) -> String {
    format!("{base_url}{LIST}")
}

/// One issued credential in the ledger.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Issued {
    pub index: usize,
    pub id: String,
    pub learner: String,
    pub level: String,
    pub awarded: String,
    #[serde(default)]
    pub revoked: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ledger {
    pub issued: Vec<Issued>,
}

impl Ledger {
    pub fn read(course_dir: &Path) -> Result<Ledger, String> {
        let path = course_dir.join(LEDGER);
        match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| {
                format!(
                    "{}: not a ledger of issued credentials: {e}",
                    path.display()
                )
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Ledger::default()),
            Err(e) => Err(format!("cannot read {}: {e}", path.display())),
        }
    }

    /// A random free index: random so that an index says nothing about its neighbours.
    pub fn allocate(&self) -> Result<usize, String> {
        if self.issued.len() >= SIZE / 2 {
            return Err(format!(
                "the status list is half full ({} credentials); start a new course id",
                self.issued.len()
            ));
        }
        loop {
            let mut b = [0u8; 4];
            getrandom::fill(&mut b)
                .map_err(|e| format!("no random numbers from the system: {e}"))?;
            let index = u32::from_le_bytes(b) as usize % SIZE;
            if self.issued.iter().all(|i| i.index != index) {
                return Ok(index);
            }
        }
    }

    /// The bitstring: one bit per index, set when revoked.
    pub fn bits(&self) -> Vec<u8> {
        let mut bits = vec![0u8; SIZE / 8];
        for i in self.issued.iter().filter(|i| i.revoked.is_some()) {
            bits[i.index / 8] |= 0x80 >> (i.index % 8);
        }
        bits
    }
}

/// The credential's `credentialStatus`.
pub fn entry(base_url: &str, index: usize) -> Value {
    let url = list_url(base_url);
    json!({
        "id": format!("{url}#{index}"),
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": index.to_string(),
        "statusListCredential": url,
    })
}

/// `encodedList`: multibase base64url (`u`, no padding) of the GZIP-compressed bits.
pub fn encode(bits: &[u8]) -> String {
    let mut gz = GzEncoder::new(Vec::new(), Compression::best());
    // Writing to a Vec cannot fail.
    let _ = gz.write_all(bits);
    format!("u{}", jws::b64(&gz.finish().unwrap_or_default()))
}

pub fn decode(encoded: &str) -> Result<Vec<u8>, String> {
    let compressed = encoded
        .strip_prefix('u')
        .ok_or("its encodedList is not multibase base64url")
        .and_then(|b| jws::unb64(b).map_err(|_| "its encodedList is not base64url"))?;
    let mut bits = Vec::new();
    // Bounded: a list is 16 KiB; a compressed bomb stops at 1 MiB.
    GzDecoder::new(&compressed[..])
        .take(1 << 20)
        .read_to_end(&mut bits)
        .map_err(|_| "its encodedList is not GZIP data".to_string())?;
    Ok(bits)
}

pub fn is_set(bits: &[u8], index: usize) -> Option<bool> {
    bits.get(index / 8).map(|b| b & (0x80 >> (index % 8)) != 0)
}

/// The signed `BitstringStatusListCredential` for `bits`.
pub fn sign_list(
    config: &Config,
    key: &SigningKey,
    bits: &[u8],
    now: Timestamp,
) -> Result<String, String> {
    let base = config
        .base_url
        .as_deref()
        .ok_or("course.toml has no base_url")?;
    let url = list_url(base);
    let (issuer, kid) = ob3::signer(config, &didkey::encode(&key.verifying_key()));
    let valid_from = ob3::datetime(now);
    let mut payload = json!({
        "@context": [ob3::CONTEXT[0]],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer,
        "validFrom": valid_from,
        "credentialSubject": {
            "id": format!("{url}#list"),
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encode(bits),
        },
    });
    if let Some(object) = payload.as_object_mut() {
        object.insert("iss".into(), issuer.clone().into());
        object.insert("jti".into(), url.into());
        object.insert("nbf".into(), now.as_second().into());
    }
    let body = serde_json::to_vec(&payload).map_err(|e| e.to_string())?;
    Ok(jws::sign(&ob3::header(&kid, key), &body, key))
}

/// The list's bits from its signed form, once its signature is checked against the
/// course's trainers and its URL is the one the credential names.
pub fn verified_bits(token: &str, url: &str, trust: &trust::Trust) -> Result<Vec<u8>, String> {
    let parts = jws::split(token)?;
    let kid = parts
        .header
        .get("kid")
        .and_then(Value::as_str)
        .ok_or("its header names no key")?;
    let (_, trainer, key) = didweb::resolve(kid, trust.did_web.as_deref())?;
    if !trust.trainers.contains(&trainer) {
        return Err(format!(
            "the revocation list is signed by {trainer}, a key this course does not trust"
        ));
    }
    parts.verify(&key)?;
    let list: Value =
        serde_json::from_slice(&parts.payload).map_err(|_| "the revocation list is not JSON")?;
    if list.get("id").and_then(Value::as_str) != Some(url) {
        return Err("the revocation list is not the one the credential names".into());
    }
    let encoded = list
        .pointer("/credentialSubject/encodedList")
        .and_then(Value::as_str)
        .ok_or("the revocation list has no encodedList")?;
    decode(encoded)
}

/// Whether the credential is revoked according to the list in `course_dir`; `None`
/// when it carries no status or the course has no list yet.
pub fn revoked(
    course_dir: &Path,
    config: &Config,
    status: &(String, usize),
) -> Result<Option<bool>, String> {
    let path = course_dir.join(LIST);
    let token = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    };
    let bits = verified_bits(&token, &status.0, &trust::Trust::of(config))
        .map_err(|why| format!("{}: {why}", path.display()))?;
    Ok(is_set(&bits, status.1))
}

/// Writes the ledger, the signed list and its script into the course folder, each
/// replaced in one rename.
pub fn save(
    course_dir: &Path,
    config: &Config,
    key: &SigningKey,
    ledger: &Ledger,
    now: Timestamp,
) -> Result<(), String> {
    let base = config
        .base_url
        .as_deref()
        .ok_or("course.toml has no base_url")?;
    let jwt = sign_list(config, key, &ledger.bits(), now)?;
    let script = format!(
        "// Generated by coursemark revoke: the signed revocation list, for pages opened from disk.\nwindow.cm = window.cm || {{}};\nwindow.cm.statusList = {};\n",
        json!({ "url": list_url(base), "jwt": jwt })
    );
    let ledger_json = serde_json::to_vec_pretty(ledger).map_err(|e| e.to_string())?;
    for (path, bytes) in [
        (LEDGER, ledger_json),
        (LIST, jwt.into_bytes()),
        (LIST_SCRIPT, script.into_bytes()),
    ] {
        replace(&course_dir.join(path), &bytes)?;
    }
    Ok(())
}

fn replace(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let fail = |e: std::io::Error| format!("cannot write {}: {e}", path.display());
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(fail)?;
    }
    let staging: PathBuf = path.with_extension("partial");
    std::fs::write(&staging, bytes)
        .and_then(|()| std::fs::rename(&staging, path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&staging);
            fail(e)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bits_encode_and_decode_with_index_zero_leftmost() {
        let ledger = Ledger {
            issued: [0, 9, SIZE - 1]
                .iter()
                .map(|&index| Issued {
                    index,
                    id: String::new(),
                    learner: String::new(),
                    level: String::new(),
                    awarded: String::new(),
                    revoked: (index != 9).then(String::new),
                })
                .collect(),
        };
        let bits = ledger.bits();
        assert_eq!(bits.len(), 16 * 1024);
        assert_eq!(bits[0], 0x80);
        assert_eq!(bits[1], 0);
        assert_eq!(bits[SIZE / 8 - 1], 0x01);
        let encoded = encode(&bits);
        assert!(encoded.starts_with("uH4sI"), "{encoded}");
        let back = decode(&encoded).unwrap();
        assert_eq!(back, bits);
        assert_eq!(is_set(&back, 0), Some(true));
        assert_eq!(is_set(&back, 9), Some(false));
        assert_eq!(is_set(&back, SIZE), None);
        assert!(decode("zabc").is_err());
        assert!(decode("uAAAA").is_err());
    }
}
