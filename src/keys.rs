/*!
Key files: the station's age X25519 identity and recipients, and the writers of the station's key
files. Minisign keys and signatures are [`crate::sig`]'s.

Files are in the formats of the real tools, so operators can use `age`, `age-keygen` and
`minisign` on them: an age identity file as `age-keygen` writes it, minisign `.pub`, secret key
and `.minisig` files as `minisign` writes them (secret keys unencrypted, as `minisign -G -W`).
Parsers take bytes and never touch the disk; [`write_signing_key`] / [`write_age_identity`] are
the only writers and create secret files 0600 with `create_new` (never overwrite a key).

The checkpoint key (C2SP signed-note Ed25519 key) is generated and written by
`crate::ledger::checkpoint`; `init` calls it.
*/
use std::path::Path;
use std::str::FromStr;

use age::secrecy::ExposeSecret;

use crate::home::HomeError;
use crate::sig::{KeyError, SigningKey, VerifyKey};

/// Parses an age identity file (`age-keygen` output: `#` comments and one `AGE-SECRET-KEY-1` line).
pub fn parse_age_identity(text: &[u8]) -> Result<age::x25519::Identity, KeyError> {
    let text = std::str::from_utf8(text).map_err(|_| KeyError::NotText)?;
    let keys: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    match keys.as_slice() {
        [one] => {
            age::x25519::Identity::from_str(one).map_err(|e| KeyError::AgeIdentity(e.to_string()))
        }
        [] => Err(KeyError::AgeIdentity("no key line".into())),
        _ => Err(KeyError::AgeIdentity("more than one key line".into())),
    }
}

/// Parses an age X25519 recipient (`age1...`), alone or in a file with `#` comment lines.
pub fn parse_age_recipient(text: &str) -> Result<age::x25519::Recipient, KeyError> {
    let keys: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    match keys.as_slice() {
        [one] => {
            age::x25519::Recipient::from_str(one).map_err(|e| KeyError::AgeRecipient(e.to_string()))
        }
        [] => Err(KeyError::AgeRecipient("no recipient line".into())),
        _ => Err(KeyError::AgeRecipient(
            "more than one recipient line".into(),
        )),
    }
}

/// The identity file text, in `age-keygen`'s layout.
pub fn age_identity_file(id: &age::x25519::Identity, created: &str) -> String {
    format!(
        "# created: {created}\n# public key: {}\n{}\n",
        id.to_public(),
        id.to_string().expose_secret()
    )
}

/// Writes `path` (0600, must not exist) and `pub_path` (0644) for a minisign key.
pub fn write_signing_key(key: &SigningKey, path: &Path, pub_path: &Path) -> Result<(), HomeError> {
    let secret = key.to_secret_file().map_err(|err| HomeError::Key {
        path: path.display().to_string(),
        err,
    })?;
    crate::fsx::write_new_synced(path, secret.as_bytes(), 0o600)
        .map_err(|e| HomeError::io(path, e))?;
    crate::fsx::write_new_synced(pub_path, key.public().to_pub_file().as_bytes(), 0o644)
        .map_err(|e| HomeError::io(pub_path, e))
}

/// Writes an age identity file (0600, must not exist).
pub fn write_age_identity(
    id: &age::x25519::Identity,
    created: &str,
    path: &Path,
) -> Result<(), HomeError> {
    crate::fsx::write_new_synced(path, age_identity_file(id, created).as_bytes(), 0o600)
        .map_err(|e| HomeError::io(path, e))
}

/// Reads a minisign secret key file for signing (`bundle seal`, `approval sign`). A
/// password-protected key is opened with `AIRGAP_AUDIT_KEY_PASSWORD` when set.
pub fn load_signing_key(path: &Path) -> Result<SigningKey, HomeError> {
    let bytes = crate::fsx::read_capped(path, crate::home::MAX_SMALL_FILE)?;
    let password = std::env::var("AIRGAP_AUDIT_KEY_PASSWORD").ok();
    SigningKey::parse(&bytes, password).map_err(|err| HomeError::Key {
        path: path.display().to_string(),
        err,
    })
}

/// Reads a minisign public key file.
pub fn load_verify_key(path: &Path) -> Result<VerifyKey, HomeError> {
    let bytes = crate::fsx::read_capped(path, crate::home::MAX_SMALL_FILE)?;
    VerifyKey::parse(&bytes).map_err(|err| HomeError::Key {
        path: path.display().to_string(),
        err,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn age_identity_and_recipient_files_round_trip() {
        let id = age::x25519::Identity::generate();
        let f = age_identity_file(&id, "2026-11-26T00:00:00Z");
        let back = parse_age_identity(f.as_bytes()).unwrap();
        assert_eq!(back.to_public().to_string(), id.to_public().to_string());
        let r = parse_age_recipient(&format!("# c\n{}\n", id.to_public())).unwrap();
        assert_eq!(r, id.to_public());
        assert!(parse_age_recipient("age1nope").is_err());
    }
}
