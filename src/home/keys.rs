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
use crate::sig::{KeyError, SigningKey, VerifyKey};

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

/// Where the password of a password-protected secret key comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyPassword {
    /// Nowhere: the station's own keys are written unencrypted by `init`.
    None,
    /// `AIRGAP_AUDIT_KEY_PASSWORD`, when set (`bundle seal`, which runs unattended).
    Environment,
    /// Typed at the terminal (`approval sign`, `override sign`: a person signs).
    Terminal,
}

/// The one reader of minisign secret key files: the station's verdict key, the orchestrator's
/// key (`bundle seal`) and an approver's key (`approval sign`, `override sign`). Every failure is
/// one line naming the file.
pub fn load_signing_key(path: &Path, password: KeyPassword) -> Result<SigningKey, HomeError> {
    let bytes = crate::fsx::read_capped(path, crate::home::MAX_SMALL_FILE)?;
    let parsed = match password {
        KeyPassword::None => SigningKey::parse(&bytes, None),
        KeyPassword::Environment => {
            SigningKey::parse(&bytes, std::env::var("AIRGAP_AUDIT_KEY_PASSWORD").ok())
        }
        KeyPassword::Terminal => {
            use std::io::IsTerminal;
            match SigningKey::parse(&bytes, None) {
                Err(KeyError::Encrypted) if std::io::stdin().is_terminal() => {
                    SigningKey::parse_asking_password(&bytes)
                }
                Err(KeyError::Encrypted) => Err(KeyError::NoTerminal),
                other => other,
            }
        }
    };
    parsed.map_err(|err| HomeError::Key {
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

    /// Every key a command is given goes through the one loader: a good key loads, and a broken,
    /// public-instead-of-secret or symlinked file is one line naming the file.
    #[test]
    fn secret_key_loader_refuses_in_one_line_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let key = SigningKey::generate().unwrap();
        let (sk_path, pub_path) = (dir.path().join("k.key"), dir.path().join("k.pub"));
        write_signing_key(&key, &sk_path, &pub_path).unwrap();
        let loaded = load_signing_key(&sk_path, KeyPassword::None).unwrap();
        assert_eq!(loaded.public(), key.public());

        let link = dir.path().join("link.key");
        std::os::unix::fs::symlink(&sk_path, &link).unwrap();
        let broken = dir.path().join("broken.key");
        std::fs::write(&broken, "untrusted comment: x\nRWQ=\n").unwrap();
        for (bad, says) in [
            (&pub_path, "not a minisign secret key"),
            (&broken, "not a minisign secret key"),
            (&link, "symlink"),
        ] {
            let e = load_signing_key(bad, KeyPassword::Environment)
                .unwrap_err()
                .to_string();
            assert!(e.contains(says), "{e}");
            assert!(e.contains(&bad.display().to_string()), "{e}");
            assert_eq!(e.lines().count(), 1, "{e}");
        }
    }
}
