//! The trainer's signing key: an Ed25519 key in a PKCS#8 PEM file, created with mode
//! 0600 and never overwritten.

use std::io::Write;
use std::path::Path;

use ed25519_dalek::SigningKey;
use ed25519_dalek::pkcs8::{
    DecodePrivateKey, EncodePrivateKey, KeypairBytes, spki::der::pem::LineEnding,
};

/// A new key from the system's random source.
pub fn generate() -> Result<SigningKey, String> {
    let mut secret = [0u8; 32];
    getrandom::fill(&mut secret).map_err(|e| format!("no random numbers from the system: {e}"))?;
    let key = SigningKey::from_bytes(&secret);
    secret.fill(0);
    Ok(key)
}

/// Writes `key` to a new file at `path`, readable by its owner only; an existing file
/// is never replaced.
pub fn write_new(path: &Path, key: &SigningKey) -> Result<(), String> {
    // PKCS#8 v1 (RFC 8410's form, without the public key): OpenSSL and Node.js read
    // it, where some releases refuse the v2 form.
    let bytes = KeypairBytes {
        secret_key: key.to_bytes(),
        public_key: None,
    };
    let pem = bytes
        .to_pkcs8_pem(LineEnding::LF)
        .map_err(|e| format!("cannot encode the key: {e}"))?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => format!(
            "{} already exists; coursemark never overwrites a key (move it away, or choose another file with --out)",
            path.display()
        ),
        _ => format!("cannot create {}: {e}", path.display()),
    })?;
    file.write_all(pem.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// A key read from a file, with a warning when others may read the file.
#[derive(Debug)]
pub struct LoadedKey {
    pub key: SigningKey,
    pub warning: Option<String>,
}

pub fn read(path: &Path) -> Result<LoadedKey, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read the key {}: {e}", path.display()))?;
    let key = SigningKey::from_pkcs8_pem(&text).map_err(|_| {
        format!(
            "{} is not an Ed25519 private key in PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`); make one with `coursemark issuer init`",
            path.display()
        )
    })?;
    Ok(LoadedKey {
        key,
        warning: open_to_others(path),
    })
}

#[cfg(unix)]
fn open_to_others(path: &Path) -> Option<String> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path).ok()?.permissions().mode();
    (mode & 0o077 != 0).then(|| {
        format!(
            "{} can be read by other users (mode {:o}); anyone who copies it can award credentials in your name: run `chmod 600 {}`",
            path.display(),
            mode & 0o777,
            path.display()
        )
    })
}

#[cfg(not(unix))]
fn open_to_others(_: &Path) -> Option<String> {
    None
}

/// Whether `text` looks like a private key file, so `build` never publishes one.
pub fn looks_private(text: &[u8]) -> bool {
    text.windows(11).any(|w| w == b"PRIVATE KEY") && text.windows(10).any(|w| w == b"-----BEGIN")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_keys_read_back_and_are_never_overwritten() {
        let dir = std::env::temp_dir().join(format!("coursemark-key-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("issuer.pem");
        let key = generate().unwrap();
        write_new(&path, &key).unwrap();
        let loaded = read(&path).unwrap();
        assert_eq!(loaded.key.to_bytes(), key.to_bytes());
        assert!(loaded.warning.is_none());
        assert!(looks_private(&std::fs::read(&path).unwrap()));
        let again = write_new(&path, &generate().unwrap()).unwrap_err();
        assert!(again.contains("never overwrites"), "{again}");
        assert_eq!(read(&path).unwrap().key.to_bytes(), key.to_bytes());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
            assert!(read(&path).unwrap().warning.unwrap().contains("chmod 600"));
        }
        std::fs::write(dir.join("bad.pem"), "hello").unwrap();
        assert!(read(&dir.join("bad.pem")).unwrap_err().contains("PKCS#8"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
