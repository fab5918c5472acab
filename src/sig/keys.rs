/*!
Minisign keys as the real tool writes them: [`VerifyKey`] (a `.pub` file or its base64 line),
[`SigningKey`] (a secret key file, unencrypted or password-protected), and verification of a
detached signature against a set of trusted keys. Parsers take bytes and never touch the disk.
*/
use std::io::Cursor;

use base64::Engine as _;

use super::{key_id_hex, KeyError, SigError};

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
            key_id: key_id_hex(key.keynum()),
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

/// How [`SigningKey::parse_unlocking`] opens a password-protected key.
enum Unlock {
    Refuse,
    Password(String),
    Prompt,
}

/// What is wrong with a secret key file, without the [`SigError`] wording around it.
fn secret_key_problem(e: &SigError) -> String {
    match e {
        SigError::BadKey(why) => (*why).to_string(),
        other => other.to_string(),
    }
}

impl SigningKey {
    pub fn generate() -> Result<SigningKey, KeyError> {
        let kp = minisign::KeyPair::generate_unencrypted_keypair()
            .map_err(|e| KeyError::SecretKey(e.to_string()))?;
        Ok(SigningKey {
            public: VerifyKey {
                key_id: key_id_hex(kp.pk.keynum()),
                key: kp.pk,
            },
            sk: kp.sk,
        })
    }

    /// Parses a minisign secret key file. An encrypted key needs `password`; without one it is
    /// [`KeyError::Encrypted`] (this never prompts).
    pub fn parse(text: &[u8], password: Option<String>) -> Result<SigningKey, KeyError> {
        Self::parse_unlocking(
            text,
            match password {
                Some(pw) => Unlock::Password(pw),
                None => Unlock::Refuse,
            },
        )
    }

    /// [`Self::parse`], but an encrypted key is opened with a password typed at the terminal
    /// (the `minisign` crate's prompt). The caller makes sure there is a terminal.
    pub fn parse_asking_password(text: &[u8]) -> Result<SigningKey, KeyError> {
        Self::parse_unlocking(text, Unlock::Prompt)
    }

    /// The one reader of the secret key format: an unencrypted key is read by
    /// [`super::minisig::parse_secret_key`]; an encrypted one is opened as `unlock` says.
    fn parse_unlocking(text: &[u8], unlock: Unlock) -> Result<SigningKey, KeyError> {
        let text_str = std::str::from_utf8(text).map_err(|_| KeyError::NotText)?;
        let sk = match super::minisig::parse_secret_key(text) {
            Ok(sk) => sk,
            Err(SigError::EncryptedKey) => {
                let password = match unlock {
                    Unlock::Refuse => return Err(KeyError::Encrypted),
                    Unlock::Password(pw) => Some(pw),
                    Unlock::Prompt => None,
                };
                let boxed = minisign::SecretKeyBox::from_string(text_str)
                    .map_err(|e| KeyError::SecretKey(e.to_string()))?;
                minisign::SecretKey::from_box(boxed, password)
                    .map_err(|e| KeyError::Password(e.to_string()))?
            }
            Err(e) => return Err(KeyError::SecretKey(secret_key_problem(&e))),
        };
        let pk = minisign::PublicKey::from_secret_key(&sk)
            .map_err(|e| KeyError::SecretKey(e.to_string()))?;
        // A key whose halves disagree would sign things no one can verify: refuse it now.
        // (`minisign::sign` with the public key verifies its own output.)
        minisign::sign(Some(&pk), &sk, Cursor::new(b"probe"), Some("probe"), None)
            .map_err(|_| KeyError::SecretKey("secret and public halves do not match".into()))?;
        Ok(SigningKey {
            public: VerifyKey {
                key_id: key_id_hex(pk.keynum()),
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

    /// A detached minisign signature (prehashed, as `minisign -S` makes, and deterministic: see
    /// [`super::minisig::sign`]) of `data`, as `.minisig` file text. `trusted_comment` must be
    /// one printable line; it is signed too.
    pub fn sign(&self, data: &[u8], trusted_comment: &str) -> Result<String, KeyError> {
        let untrusted = format!("signature from minisign secret key {}", self.public.key_id);
        super::minisig::sign(&self.sk, data, trusted_comment, &untrusted)
            .map_err(|e| KeyError::Sign(e.to_string()))
    }

    /// The minisign secret key, for [`super::minisig::sign`].
    pub fn secret(&self) -> &minisign::SecretKey {
        &self.sk
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
    super::minisig::parse(sig_text).map(|s| s.key_id_hex())
}

/// Verifies a detached minisign signature over `data` against `trusted` keys: the key id must be
/// one of them (else [`SigError::UntrustedKey`]), then the signature and the trusted comment's
/// global signature must verify with that key ([`super::minisig::verify`]).
pub fn verify_detached(
    trusted: &[VerifyKey],
    data: &[u8],
    sig_text: &[u8],
) -> Result<Verified, SigError> {
    let parsed = super::minisig::parse(sig_text)?;
    let key = trusted
        .iter()
        .find(|k| k.key.keynum() == parsed.key_id.as_slice())
        .ok_or_else(|| SigError::UntrustedKey(parsed.key_id_hex()))?;
    super::minisig::verify(&key.key, &parsed, data)?;
    Ok(Verified {
        key_id: parsed.key_id_hex(),
        trusted_comment: parsed.trusted_comment,
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
            Err(SigError::BadCommentSignature(_))
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
