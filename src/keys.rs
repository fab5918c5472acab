/*!
Keys: the station's age X25519 identity, minisign signing keys (verdict key, orchestrator and
approver keys) and minisign verification against a set of trusted public keys.

Files are in the formats of the real tools, so operators can use `age`, `age-keygen` and
`minisign` on them: an age identity file as `age-keygen` writes it, minisign `.pub`, secret key
and `.minisig` files as `minisign` writes them (secret keys unencrypted, as `minisign -G -W`).
Parsers take bytes and never touch the disk; [`write_signing_key`] / [`write_age_identity`] are
the only writers and create secret files 0600 with `create_new` (never overwrite a key).

The checkpoint key (C2SP signed-note Ed25519 key) is generated and written by
`crate::ledger::checkpoint`; `init` calls it.
*/
use std::io::Cursor;
use std::path::Path;
use std::str::FromStr;

use age::secrecy::ExposeSecret;
use base64::Engine as _;

use crate::home::HomeError;

/// Largest `.minisig` text accepted anywhere (a real one is ~300 bytes plus the trusted comment).
pub const MAX_SIGNATURE_TEXT: usize = 4096;

/// Why a key file could not be used. One line each.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("not UTF-8 text; expected a key file as written by the tool")]
    NotText,
    #[error("not an age identity file: {0}; expected the output of 'age-keygen'")]
    AgeIdentity(String),
    #[error("not an age X25519 recipient: {0}; expected one 'age1...' line")]
    AgeRecipient(String),
    #[error("not a minisign public key: {0}; expected a .pub file from 'minisign -G' or its base64 line")]
    PublicKey(String),
    #[error("not a minisign secret key: {0}; expected a key file from 'minisign -G'")]
    SecretKey(String),
    #[error("minisign secret key is password-protected; set AIRGAP_AUDIT_KEY_PASSWORD or make an unencrypted key with 'minisign -G -W'")]
    Encrypted,
    #[error("signing failed: {0}")]
    Sign(String),
}

/// Why a detached minisign signature was not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SigError {
    #[error("signature file is malformed: {0}")]
    Malformed(String),
    #[error("signature uses the legacy non-hashed minisign format; sign again with a current minisign (without -l)")]
    Legacy,
    #[error("signed by key {0}, which is not trusted for this role")]
    UntrustedKey(String),
    #[error("signature by key {0} does not match the signed bytes")]
    BadSignature(String),
}

/// The minisign key id as `minisign` prints it: 16 upper-case hex digits of the little-endian keynum.
pub fn key_id(keynum: &[u8]) -> String {
    let mut b = [0u8; 8];
    for (d, s) in b.iter_mut().zip(keynum.iter()) {
        *d = *s;
    }
    format!("{:016X}", u64::from_le_bytes(b))
}

/// A minisign public key with its key id.
#[derive(Clone, Debug)]
pub struct VerifyKey {
    pub key_id: String,
    pub key: minisign::PublicKey,
}

impl PartialEq for VerifyKey {
    fn eq(&self, other: &Self) -> bool {
        self.key.to_bytes() == other.key.to_bytes()
    }
}

impl VerifyKey {
    /// Parses a minisign `.pub` file (comment line + base64 line) or the bare base64 line.
    pub fn parse(text: &[u8]) -> Result<VerifyKey, KeyError> {
        let text = std::str::from_utf8(text).map_err(|_| KeyError::NotText)?;
        let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
        let b64 = match lines.as_slice() {
            [one] => one.trim(),
            [comment, one] if comment.starts_with("untrusted comment:") => one.trim(),
            _ => {
                return Err(KeyError::PublicKey(
                    "expected 'untrusted comment: ...' then one base64 line".into(),
                ))
            }
        };
        Self::from_base64(b64)
    }

    /// The base64 line of a minisign public key (`RW...`).
    pub fn from_base64(b64: &str) -> Result<VerifyKey, KeyError> {
        let raw = base64::engine::general_purpose::STANDARD
            .decode(b64)
            .map_err(|_| KeyError::PublicKey("bad base64".into()))?;
        if raw.len() == 158 {
            return Err(KeyError::PublicKey(
                "this is a SECRET key; give the .pub file instead (and keep the secret key off this machine)".into(),
            ));
        }
        if raw.len() != 42 {
            return Err(KeyError::PublicKey(format!(
                "{} bytes, expected 42",
                raw.len()
            )));
        }
        if raw.get(..2) != Some(b"Ed".as_slice()) {
            return Err(KeyError::PublicKey("not an Ed25519 minisign key".into()));
        }
        let key = minisign::PublicKey::from_bytes(&raw)
            .map_err(|e| KeyError::PublicKey(e.to_string()))?;
        Ok(VerifyKey {
            key_id: key_id(key.keynum()),
            key,
        })
    }

    /// The base64 line (`RW...`), as `minisign -P` takes it.
    pub fn to_base64(&self) -> String {
        base64::engine::general_purpose::STANDARD.encode(self.key.to_bytes())
    }

    /// The `.pub` file text, as `minisign -G` writes it.
    pub fn to_pub_file(&self) -> String {
        format!(
            "untrusted comment: minisign public key {}\n{}\n",
            self.key_id,
            self.to_base64()
        )
    }
}

/// A minisign secret key (unencrypted in memory) with its public half.
#[derive(Clone)]
pub struct SigningKey {
    sk: minisign::SecretKey,
    public: VerifyKey,
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SigningKey({})", self.public.key_id)
    }
}

impl SigningKey {
    pub fn generate() -> Result<SigningKey, KeyError> {
        let kp = minisign::KeyPair::generate_unencrypted_keypair()
            .map_err(|e| KeyError::SecretKey(e.to_string()))?;
        Ok(SigningKey {
            public: VerifyKey {
                key_id: key_id(kp.pk.keynum()),
                key: kp.pk,
            },
            sk: kp.sk,
        })
    }

    /// Parses a minisign secret key file. An encrypted key needs `password`; without one it is
    /// [`KeyError::Encrypted`] (this never prompts).
    pub fn parse(text: &[u8], password: Option<String>) -> Result<SigningKey, KeyError> {
        let text = std::str::from_utf8(text).map_err(|_| KeyError::NotText)?;
        let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
        let b64 = match lines.as_slice() {
            [comment, one] if comment.starts_with("untrusted comment:") => one.trim(),
            _ => {
                return Err(KeyError::SecretKey(
                    "expected 'untrusted comment: ...' then one base64 line".into(),
                ))
            }
        };
        let raw = base64::engine::general_purpose::STANDARD
            .decode(b64)
            .map_err(|_| KeyError::SecretKey("bad base64".into()))?;
        if raw.len() != 158 || raw.get(..2) != Some(b"Ed".as_slice()) {
            return Err(KeyError::SecretKey("wrong length or algorithm".into()));
        }
        let boxed = minisign::SecretKeyBox::from_string(text)
            .map_err(|e| KeyError::SecretKey(e.to_string()))?;
        let zero_checksum = raw.get(126..158).is_some_and(|c| c.iter().all(|&b| b == 0));
        let sk = match raw.get(2..4) {
            // `minisign -G -W` (0.11) writes unencrypted keys with an all-zero checksum, which
            // the crate's box parser rejects as corrupted; the probe signature below checks
            // the key instead.
            Some([0, 0]) if zero_checksum => minisign::SecretKey::from_bytes(&raw)
                .map_err(|e| KeyError::SecretKey(e.to_string()))?,
            Some([0, 0]) => minisign::SecretKey::from_unencrypted_box(boxed)
                .map_err(|e| KeyError::SecretKey(e.to_string()))?,
            Some(b"Sc") => match password {
                Some(pw) => minisign::SecretKey::from_box(boxed, Some(pw))
                    .map_err(|e| KeyError::SecretKey(e.to_string()))?,
                None => return Err(KeyError::Encrypted),
            },
            _ => return Err(KeyError::SecretKey("unknown key protection".into())),
        };
        let pk = minisign::PublicKey::from_secret_key(&sk)
            .map_err(|e| KeyError::SecretKey(e.to_string()))?;
        // A key whose halves disagree would sign things no one can verify: refuse it now.
        // (`minisign::sign` with the public key verifies its own output.)
        minisign::sign(Some(&pk), &sk, Cursor::new(b"probe"), Some("probe"), None)
            .map_err(|_| KeyError::SecretKey("secret and public halves do not match".into()))?;
        Ok(SigningKey {
            public: VerifyKey {
                key_id: key_id(pk.keynum()),
                key: pk,
            },
            sk,
        })
    }

    pub fn public(&self) -> &VerifyKey {
        &self.public
    }

    pub fn key_id(&self) -> &str {
        &self.public.key_id
    }

    /// The secret key file text (unencrypted, minisign format).
    pub fn to_secret_file(&self) -> Result<String, KeyError> {
        self.sk
            .to_box(Some("minisign secret key (unencrypted)"))
            .map(|b| b.into_string())
            .map_err(|e| KeyError::SecretKey(e.to_string()))
    }

    /// A detached minisign signature (prehashed, as `minisign -S` makes) of `data`, as `.minisig`
    /// file text. `trusted_comment` must be one line; it is signed too.
    pub fn sign(&self, data: &[u8], trusted_comment: &str) -> Result<String, KeyError> {
        if trusted_comment.contains(['\n', '\r']) {
            return Err(KeyError::Sign("trusted comment must be one line".into()));
        }
        let untrusted = format!("signature from minisign secret key {}", self.public.key_id);
        let sig = minisign::sign(
            Some(&self.public.key),
            &self.sk,
            Cursor::new(data),
            Some(trusted_comment),
            Some(&untrusted),
        )
        .map_err(|e| KeyError::Sign(e.to_string()))?;
        Ok(sig.into_string())
    }
}

/// A signature that verified: which key made it and its trusted comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub key_id: String,
    pub trusted_comment: String,
}

/// Parses a `.minisig` text strictly and returns the signing key id (no verification).
pub fn signature_key_id(sig_text: &[u8]) -> Result<String, SigError> {
    parse_signature(sig_text).map(|b| key_id(b.keynum()))
}

fn parse_signature(sig_text: &[u8]) -> Result<minisign::SignatureBox, SigError> {
    if sig_text.len() > MAX_SIGNATURE_TEXT {
        return Err(SigError::Malformed(format!(
            "larger than {MAX_SIGNATURE_TEXT} bytes"
        )));
    }
    let text =
        std::str::from_utf8(sig_text).map_err(|_| SigError::Malformed("not UTF-8 text".into()))?;
    let body = text.strip_suffix('\n').unwrap_or(text);
    let lines: Vec<&str> = body.split('\n').collect();
    if lines.len() != 4 || lines.iter().any(|l| l.is_empty() || l.contains('\r')) {
        return Err(SigError::Malformed(
            "expected exactly 4 lines (untrusted comment, signature, trusted comment, global signature)"
                .into(),
        ));
    }
    let boxed = minisign::SignatureBox::from_string(text)
        .map_err(|e| SigError::Malformed(e.to_string()))?;
    if !boxed.is_prehashed() {
        return Err(SigError::Legacy);
    }
    Ok(boxed)
}

/// Verifies a detached minisign signature over `data` against `trusted` keys: the key id must be
/// one of them (else [`SigError::UntrustedKey`]), then the signature and the trusted comment's
/// global signature must verify with that key.
pub fn verify_detached(
    trusted: &[VerifyKey],
    data: &[u8],
    sig_text: &[u8],
) -> Result<Verified, SigError> {
    let boxed = parse_signature(sig_text)?;
    let id = key_id(boxed.keynum());
    let key = trusted
        .iter()
        .find(|k| k.key.keynum() == boxed.keynum())
        .ok_or_else(|| SigError::UntrustedKey(id.clone()))?;
    minisign::verify(&key.key, &boxed, Cursor::new(data), true, false, false)
        .map_err(|_| SigError::BadSignature(id.clone()))?;
    let trusted_comment = boxed
        .trusted_comment()
        .map_err(|_| SigError::Malformed("trusted comment is not UTF-8".into()))?;
    Ok(Verified {
        key_id: id,
        trusted_comment,
    })
}

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
    fn sign_verify_round_trip_and_failures() {
        let k = SigningKey::generate().unwrap();
        let other = SigningKey::generate().unwrap();
        let sig = k.sign(b"hello", "airgap-audit test").unwrap();
        let ok = verify_detached(
            &[other.public().clone(), k.public().clone()],
            b"hello",
            sig.as_bytes(),
        )
        .unwrap();
        assert_eq!(ok.key_id, k.key_id());
        assert_eq!(ok.trusted_comment, "airgap-audit test");
        assert_eq!(
            verify_detached(&[other.public().clone()], b"hello", sig.as_bytes()),
            Err(SigError::UntrustedKey(k.key_id().to_string()))
        );
        assert!(matches!(
            verify_detached(&[k.public().clone()], b"hellO", sig.as_bytes()),
            Err(SigError::BadSignature(_))
        ));
        // Tampered trusted comment: the global signature no longer matches.
        let forged = sig.replace("airgap-audit test", "airgap-audit tesT");
        assert!(matches!(
            verify_detached(&[k.public().clone()], b"hello", forged.as_bytes()),
            Err(SigError::BadSignature(_))
        ));
        assert!(matches!(
            verify_detached(&[k.public().clone()], b"hello", b"garbage"),
            Err(SigError::Malformed(_))
        ));
        assert!(k.sign(b"x", "two\nlines").is_err());
    }

    #[test]
    fn key_files_round_trip() {
        let k = SigningKey::generate().unwrap();
        let text = k.to_secret_file().unwrap();
        let back = SigningKey::parse(text.as_bytes(), None).unwrap();
        assert_eq!(back.public(), k.public());
        let pubf = k.public().to_pub_file();
        assert_eq!(&VerifyKey::parse(pubf.as_bytes()).unwrap(), k.public());
        assert_eq!(
            &VerifyKey::parse(k.public().to_base64().as_bytes()).unwrap(),
            k.public()
        );
        assert!(VerifyKey::parse(b"untrusted comment: x\nRWQ=\n").is_err());
        assert!(SigningKey::parse(pubf.as_bytes(), None).is_err());
        let secret_as_public = VerifyKey::parse(text.as_bytes()).unwrap_err().to_string();
        assert!(secret_as_public.contains("SECRET"), "{secret_as_public}");

        let id = age::x25519::Identity::generate();
        let f = age_identity_file(&id, "2026-11-26T00:00:00Z");
        let back = parse_age_identity(f.as_bytes()).unwrap();
        assert_eq!(back.to_public().to_string(), id.to_public().to_string());
        let r = parse_age_recipient(&format!("# c\n{}\n", id.to_public())).unwrap();
        assert_eq!(r, id.to_public());
        assert!(parse_age_recipient("age1nope").is_err());
    }

    /// A throwaway key made by `minisign -G -W` (0.11): unencrypted, all-zero checksum.
    const CLI_SECRET: &str = "untrusted comment: minisign encrypted secret key\nRWQAAEIyAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAtliSX99VDigVnAtjpjp5V9VRt+U5MJPhgFqalGVk8MxhT/n2ahH6OHGcBjb53nGJYPqUNiGsy5VfBc6z3H6YhnWxL7SsjrTwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n";
    const CLI_PUBLIC: &str = "untrusted comment: minisign public key 280E55DF5F9258B6\nRWS2WJJf31UOKHGcBjb53nGJYPqUNiGsy5VfBc6z3H6YhnWxL7SsjrTw\n";

    #[test]
    fn minisign_cli_unencrypted_key_loads_and_signs() {
        let k = SigningKey::parse(CLI_SECRET.as_bytes(), None).unwrap();
        let vk = VerifyKey::parse(CLI_PUBLIC.as_bytes()).unwrap();
        assert_eq!(k.public(), &vk);
        assert_eq!(k.key_id(), "280E55DF5F9258B6");
        let sig = k.sign(b"data", "t").unwrap();
        verify_detached(&[vk], b"data", sig.as_bytes()).unwrap();
        // A secret key whose public half was altered is refused, not used.
        let mut raw = base64::engine::general_purpose::STANDARD
            .decode(CLI_SECRET.lines().nth(1).unwrap())
            .unwrap();
        raw[150] ^= 1;
        let bad = format!(
            "untrusted comment: x\n{}\n",
            base64::engine::general_purpose::STANDARD.encode(raw)
        );
        assert!(SigningKey::parse(bad.as_bytes(), None).is_err());
    }

    #[test]
    fn encrypted_key_needs_a_password() {
        // The KDF marker alone decides; deriving the real scrypt key is too slow for a unit test.
        let mut raw = base64::engine::general_purpose::STANDARD
            .decode(CLI_SECRET.lines().nth(1).unwrap())
            .unwrap();
        raw[2..4].copy_from_slice(b"Sc");
        let text = format!(
            "untrusted comment: x\n{}\n",
            base64::engine::general_purpose::STANDARD.encode(raw)
        );
        assert_eq!(
            SigningKey::parse(text.as_bytes(), None).unwrap_err(),
            KeyError::Encrypted
        );
    }
}
