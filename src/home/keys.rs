/*!
Key files on disk: the writers of the station's key files and the readers of minisign key files
the commands are given. The formats themselves (age identities and recipients, minisign keys and
signatures) are [`crate::sig`]'s.

Files are in the formats of the real tools, so operators can use `age`, `age-keygen` and
`minisign` on them: an age identity file as `age-keygen` writes it, minisign `.pub`, secret key
and `.minisig` files as `minisign` writes them (secret keys unencrypted, as `minisign -G -W`).
[`write_signing_key`] / [`write_age_identity`] are the only writers and create secret files 0600
with `create_new` (never overwrite a key).

The checkpoint key (C2SP signed-note Ed25519 key) is generated and written by
`crate::ledger::checkpoint`; `init` calls it.
*/
use std::path::Path;

use crate::home::HomeError;
use crate::sig::age_keys::age_identity_file;
use crate::sig::{SigningKey, VerifyKey};

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
