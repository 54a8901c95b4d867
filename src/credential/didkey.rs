//! `did:key` identifiers for Ed25519 public keys (W3C CCG did:key method): the
//! multicodec prefix `0xed 0x01` and the key, in multibase base58btc (`z`).

use ed25519_dalek::VerifyingKey;

const PREFIX: &str = "did:key:z";
/// The multicodec varint of `ed25519-pub`.
const ED25519_PUB: [u8; 2] = [0xed, 0x01];

/// The `did:key` of an Ed25519 public key.
pub fn encode(key: &VerifyingKey) -> String {
    let mut bytes = ED25519_PUB.to_vec();
    bytes.extend_from_slice(key.as_bytes());
    format!("{PREFIX}{}", bs58::encode(bytes).into_string())
}

/// The verification method of a `did:key`: the DID, `#`, and its multibase value.
pub fn verification_method(did: &str) -> String {
    format!("{did}#{}", did.strip_prefix("did:key:").unwrap_or(did))
}

/// The Ed25519 public key of a `did:key`, or why it is not one. A DID URL's fragment
/// must name the key itself.
pub fn decode(did: &str) -> Result<VerifyingKey, String> {
    let (did, fragment) = match did.split_once('#') {
        Some((d, f)) => (d, Some(f)),
        None => (did, None),
    };
    let Some(encoded) = did.strip_prefix(PREFIX) else {
        return Err(format!(
            "`{did}` is not a did:key in base58btc (it should start with `did:key:z`)"
        ));
    };
    if fragment.is_some_and(|f| f != &did["did:key:".len()..]) {
        return Err(format!(
            "the key fragment of `{did}` does not name its own key"
        ));
    }
    let bytes = bs58::decode(encoded)
        .into_vec()
        .map_err(|e| format!("`{did}` is not valid base58: {e}"))?;
    let key: [u8; 32] = bytes
        .strip_prefix(&ED25519_PUB)
        .and_then(|k| k.try_into().ok())
        .ok_or_else(|| format!("`{did}` is not an Ed25519 did:key (expected `did:key:z6Mk...`)"))?;
    VerifyingKey::from_bytes(&key).map_err(|_| format!("`{did}` holds no valid Ed25519 key"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ed25519_dalek::SigningKey;

    /// The did:key specification's Ed25519 test vectors (test-vectors/ed25519-x25519.json
    /// of w3c-ccg/did-method-key): seed -> publicKeyBase58 -> did.
    const VECTORS: [(u8, &str, &str); 3] = [
        (
            0,
            "4zvwRjXUKGfvwnParsHAS3HuSVzV5cA4McphgmoCtajS",
            "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp",
        ),
        (
            1,
            "6ASf5EcmmEHTgDJ4X4ZT5vT6iHVJBXPg5AN5YoTCpGWt",
            "did:key:z6MkjchhfUsD6mmvni8mCdXHw216Xrm9bQe2mBH1P5RDjVJG",
        ),
        (
            4,
            "J3qYF7YJMKCqQke47UQwiHizgFUXapHxRxKmxbkar89x",
            "did:key:z6MkwW6aqMnjgrhJXFUko3NnZPGzVpkNzhYK7yEhnsibmLwL",
        ),
    ];

    #[test]
    fn published_test_vectors() {
        for (last, public_base58, did) in VECTORS {
            let mut seed = [0u8; 32];
            seed[31] = last;
            let key = SigningKey::from_bytes(&seed).verifying_key();
            assert_eq!(bs58::encode(key.as_bytes()).into_string(), public_base58);
            assert_eq!(encode(&key), did);
            assert_eq!(decode(did).unwrap(), key);
            assert_eq!(decode(&verification_method(did)).unwrap(), key);
        }
    }

    #[test]
    fn refuses_what_is_not_an_ed25519_did_key() {
        for bad in [
            "did:web:example.com",
            "did:key:f00",
            "did:key:z0OIl",
            // A P-256 did:key from the specification.
            "did:key:zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169",
            "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp#z6MkjchhfUsD6mmvni8mCdXHw216Xrm9bQe2mBH1P5RDjVJG",
        ] {
            assert!(decode(bad).is_err(), "{bad}");
        }
    }
}
