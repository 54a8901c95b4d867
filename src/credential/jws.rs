//! Compact JWS (RFC 7515) signed with Ed25519, `alg: EdDSA` (RFC 8037). Only this
//! algorithm is accepted: a token with `none` or any other `alg` is refused before
//! its signature is looked at.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde_json::{Map, Value};

pub const ALG: &str = "EdDSA";

/// base64url without padding, as JOSE writes every part.
pub fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

pub fn unb64(text: &str) -> Result<Vec<u8>, String> {
    URL_SAFE_NO_PAD
        .decode(text)
        .map_err(|_| "a part of it is not base64url".to_string())
}

/// A compact JWS taken apart; nothing about it is trusted yet.
#[derive(Debug)]
pub struct Parts<'a> {
    pub header: Map<String, Value>,
    pub payload: Vec<u8>,
    signing_input: &'a str,
    signature: Vec<u8>,
}

/// Splits `header.payload.signature` and decodes the header and payload.
pub fn split(token: &str) -> Result<Parts<'_>, String> {
    let token = token.trim();
    let mut dots = token.match_indices('.').map(|(i, _)| i);
    let (Some(first), Some(second), None) = (dots.next(), dots.next(), dots.next()) else {
        return Err("it is not a compact JWS (three base64url parts joined by `.`)".into());
    };
    let header: Value = serde_json::from_slice(&unb64(&token[..first])?)
        .map_err(|_| "its header is not JSON".to_string())?;
    let Value::Object(header) = header else {
        return Err("its header is not a JSON object".into());
    };
    Ok(Parts {
        header,
        payload: unb64(&token[first + 1..second])?,
        signing_input: &token[..second],
        signature: unb64(&token[second + 1..])?,
    })
}

impl Parts<'_> {
    /// Checks the algorithm, then the signature with `key`.
    pub fn verify(&self, key: &VerifyingKey) -> Result<(), String> {
        match self.header.get("alg").and_then(Value::as_str) {
            Some(ALG) => {}
            Some(other) => return Err(format!("its algorithm is `{other}`, not `{ALG}`")),
            None => return Err("its header names no algorithm".into()),
        }
        if self.header.contains_key("crit") {
            return Err(
                "its header has critical extensions (`crit`) this verifier does not know".into(),
            );
        }
        let signature = Signature::from_slice(&self.signature)
            .map_err(|_| "its signature is not an Ed25519 signature".to_string())?;
        key.verify_strict(self.signing_input.as_bytes(), &signature)
            .map_err(|_| {
                "the signature does not match: the credential was changed or signed by another key"
                    .into()
            })
    }
}

/// Signs `payload` under `header` (which must already say `alg: EdDSA`).
pub fn sign(header: &Map<String, Value>, payload: &[u8], key: &SigningKey) -> String {
    // A map of strings and values always serialises.
    let header = serde_json::to_vec(header).unwrap_or_default();
    let input = format!("{}.{}", b64(&header), b64(payload));
    let signature = key.sign(input.as_bytes());
    format!("{input}.{}", b64(&signature.to_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 8037 appendix A.1, A.4 and A.5.
    const D: &str = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A";
    const X: &str = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";
    const JWS: &str = "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc.hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg";

    fn rfc_key() -> SigningKey {
        SigningKey::from_bytes(&unb64(D).unwrap().try_into().unwrap())
    }

    fn header(alg: &str) -> Map<String, Value> {
        let mut h = Map::new();
        h.insert("alg".into(), alg.into());
        h
    }

    #[test]
    fn rfc8037_example_signs_and_verifies() {
        let key = rfc_key();
        assert_eq!(b64(key.verifying_key().as_bytes()), X);
        assert_eq!(
            sign(&header("EdDSA"), b"Example of Ed25519 signing", &key),
            JWS
        );
        let parts = split(JWS).unwrap();
        assert_eq!(parts.payload, b"Example of Ed25519 signing");
        parts.verify(&key.verifying_key()).unwrap();
    }

    #[test]
    fn tampering_is_refused() {
        let key = rfc_key().verifying_key();
        // A payload byte changed.
        let (head, rest) = JWS.split_once('.').unwrap();
        let (_, sig) = rest.split_once('.').unwrap();
        let changed = format!("{head}.{}.{sig}", b64(b"Example of Ed25519 signinG"));
        assert!(
            split(&changed)
                .unwrap()
                .verify(&key)
                .unwrap_err()
                .contains("does not match")
        );
        // The header's `alg` changed, or `none`.
        for alg in ["none", "HS256", "Ed25519"] {
            let forged = format!(
                "{}.{rest}",
                b64(format!("{{\"alg\":\"{alg}\"}}").as_bytes())
            );
            let why = split(&forged).unwrap().verify(&key).unwrap_err();
            assert!(why.contains(alg), "{why}");
        }
        let unsigned = format!("{}.{}.", b64(b"{\"alg\":\"none\"}"), b64(b"{}"));
        assert!(split(&unsigned).unwrap().verify(&key).is_err());
        // Another key.
        let other = SigningKey::from_bytes(&[7; 32]).verifying_key();
        assert!(split(JWS).unwrap().verify(&other).is_err());
        // Not a JWS at all.
        for bad in ["", "a.b", "a.b.c.d", "!!.e30.AA", "e30.e30.AA"] {
            assert!(split(bad).and_then(|p| p.verify(&key)).is_err(), "{bad}");
        }
    }

    #[test]
    fn round_trip() {
        let key = SigningKey::from_bytes(&[3; 32]);
        let token = sign(&header("EdDSA"), b"{\"a\":1}", &key);
        let parts = split(&token).unwrap();
        parts.verify(&key.verifying_key()).unwrap();
        assert_eq!(parts.payload, b"{\"a\":1}");
    }
}
