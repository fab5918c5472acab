/*!
Signed ledger checkpoints: the C2SP `tlog-checkpoint` body inside a C2SP `signed-note`, signed
with the station's Ed25519 checkpoint key (ed25519-dalek 2).

```text
<origin>\n<tree size>\n<base64 root hash>\n      checkpoint body (the note text)
\n
— <key name> <base64(4-byte key hash ‖ 64-byte Ed25519 signature)>\n
```

Keys use the `golang.org/x/mod/sumdb/note` encodings, so Go's `note` package and other C2SP tools
can check our checkpoints:
- verifier key: `<name>+<8 hex key hash>+<base64(0x01 ‖ public key)>`
- signer key: `PRIVATE+KEY+<name>+<8 hex key hash>+<base64(0x01 ‖ seed)>`
- key hash: first 4 bytes of `SHA-256(name ‖ "\n" ‖ 0x01 ‖ public key)`.

Parsing ([`parse_note`], [`Checkpoint::parse_body`], [`CheckpointVerifier::parse`]) is pure;
only [`CheckpointSigner::load`] and [`CheckpointSigner::write_files`] touch the disk. The origin
of the station's checkpoints is the checkpoint key's name.
*/
use std::path::{Path, PathBuf};

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};

use super::merkle::Hash;

/// Signature algorithm byte of the sumdb note encoding for Ed25519.
const ALG_ED25519: u8 = 0x01;
/// Our checkpoints are a few hundred bytes; anything near this is not ours.
pub const MAX_NOTE_BYTES: usize = 64 * 1024;
/// C2SP signed-note lets verifiers cap the number of signature lines.
const MAX_SIGNATURES: usize = 100;
const MAX_KEY_FILE_BYTES: u64 = 4096;
const SIG_LINE_PREFIX: &str = "\u{2014} ";

/// Why a checkpoint, note or key was refused.
#[derive(Debug, thiserror::Error)]
pub enum CheckpointError {
    #[error("checkpoint note is {len} bytes, more than the {max} allowed")]
    TooLarge { len: usize, max: usize },
    #[error("malformed checkpoint note: {0}")]
    Malformed(String),
    #[error("invalid checkpoint key: {0}")]
    BadKey(String),
    #[error("checkpoint is not signed by key {name}")]
    NoSignature { name: String },
    #[error("checkpoint signature by key {name} is invalid")]
    BadSignature { name: String },
    #[error("checkpoint key file {} is readable by group or others: run 'chmod 600 {}'", path.display(), path.display())]
    KeyPermissions { path: PathBuf },
    #[error("checkpoint key file {} is a symlink or not a regular file: replace it with the real key file", path.display())]
    KeyNotRegular { path: PathBuf },
    #[error("cannot read checkpoint key file {}: {source}; check --home, or restore the file from the station's key backup", path.display())]
    KeyIo {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

fn malformed(s: impl Into<String>) -> CheckpointError {
    CheckpointError::Malformed(s.into())
}

/// A C2SP tlog-checkpoint body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    pub origin: String,
    pub size: u64,
    pub root: Hash,
    /// Optional extension lines (kept verbatim, without their newline).
    pub extensions: Vec<String>,
}

impl Checkpoint {
    /// The note text: `origin\nsize\nbase64(root)\n[extension\n]*`.
    pub fn body(&self) -> String {
        let mut s = format!(
            "{}\n{}\n{}\n",
            self.origin,
            self.size,
            B64.encode(self.root)
        );
        for e in &self.extensions {
            s.push_str(e);
            s.push('\n');
        }
        s
    }

    /// Parse a checkpoint body (the note text, ending in a newline). Strict: decimal size without
    /// leading zeros, canonical padded base64 of exactly 32 bytes, no empty lines.
    pub fn parse_body(text: &str) -> Result<Checkpoint, CheckpointError> {
        let Some(text) = text.strip_suffix('\n') else {
            return Err(malformed("checkpoint body does not end with a newline"));
        };
        let mut lines = text.split('\n');
        let origin = lines.next().unwrap_or_default();
        if origin.is_empty() {
            return Err(malformed("checkpoint origin line is empty"));
        }
        let size_line = lines
            .next()
            .ok_or_else(|| malformed("checkpoint has no tree size line"))?;
        let size = parse_decimal(size_line).ok_or_else(|| {
            malformed(format!(
                "checkpoint tree size {size_line:?} is not a decimal number"
            ))
        })?;
        let root_line = lines
            .next()
            .ok_or_else(|| malformed("checkpoint has no root hash line"))?;
        let root = decode_b64_exact::<32>(root_line)
            .ok_or_else(|| malformed("checkpoint root hash is not base64 of 32 bytes"))?;
        let mut extensions = Vec::new();
        for l in lines {
            if l.is_empty() {
                return Err(malformed("checkpoint has an empty extension line"));
            }
            extensions.push(l.to_string());
        }
        Ok(Checkpoint {
            origin: origin.to_string(),
            size,
            root,
            extensions,
        })
    }
}

fn parse_decimal(s: &str) -> Option<u64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) || (s.len() > 1 && s.starts_with('0'))
    {
        return None;
    }
    s.parse().ok()
}

/// Decode standard padded base64 into exactly `N` bytes, refusing non-canonical encodings.
fn decode_b64_exact<const N: usize>(s: &str) -> Option<[u8; N]> {
    let v = B64.decode(s).ok()?;
    let arr: [u8; N] = v.try_into().ok()?;
    (B64.encode(arr) == s).then_some(arr)
}

/// One signature line of a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteSignature {
    pub name: String,
    pub key_hash: [u8; 4],
    /// The signature bytes after the key hash (64 for Ed25519; other algorithms may differ).
    pub signature: Vec<u8>,
}

/// A parsed signed note: the text (ending in `\n`) and its signature lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedNote {
    pub text: String,
    pub signatures: Vec<NoteSignature>,
}

/// Parse a C2SP signed note. Strict: UTF-8, no control characters other than newline, the text
/// and the signature block separated by exactly one blank line, at least one signature line.
pub fn parse_note(bytes: &[u8]) -> Result<SignedNote, CheckpointError> {
    if bytes.len() > MAX_NOTE_BYTES {
        return Err(CheckpointError::TooLarge {
            len: bytes.len(),
            max: MAX_NOTE_BYTES,
        });
    }
    let s = std::str::from_utf8(bytes).map_err(|_| malformed("note is not UTF-8"))?;
    if s.chars().any(|c| c.is_control() && c != '\n') {
        return Err(malformed("note contains control characters"));
    }
    let split = s
        .rfind("\n\n")
        .ok_or_else(|| malformed("note has no blank line before its signatures"))?;
    let text = &s[..=split];
    let sigs = &s[split + 2..];
    let Some(sigs) = sigs.strip_suffix('\n') else {
        return Err(malformed("note does not end with a newline"));
    };
    let mut signatures = Vec::new();
    for line in sigs.split('\n') {
        if signatures.len() >= MAX_SIGNATURES {
            return Err(malformed("note has too many signatures"));
        }
        let rest = line.strip_prefix(SIG_LINE_PREFIX).ok_or_else(|| {
            malformed("signature line does not start with an em dash and a space")
        })?;
        let (name, b64) = rest
            .split_once(' ')
            .ok_or_else(|| malformed("signature line has no key name"))?;
        check_key_name(name).map_err(|_| malformed("signature line has an invalid key name"))?;
        let raw = B64
            .decode(b64)
            .map_err(|_| malformed("signature is not base64"))?;
        if raw.len() < 5 || B64.encode(&raw) != b64 {
            return Err(malformed("signature is too short or not canonical base64"));
        }
        let (kh, sig) = raw.split_at(4);
        let key_hash: [u8; 4] = kh.try_into().map_err(|_| malformed("signature key hash"))?;
        signatures.push(NoteSignature {
            name: name.to_string(),
            key_hash,
            signature: sig.to_vec(),
        });
    }
    Ok(SignedNote {
        text: text.to_string(),
        signatures,
    })
}

/// C2SP key names: non-empty, no whitespace, no `+`.
fn check_key_name(name: &str) -> Result<(), CheckpointError> {
    if name.is_empty() || name.len() > 256 {
        return Err(CheckpointError::BadKey(
            "key name is empty or too long".into(),
        ));
    }
    if name
        .chars()
        .any(|c| c.is_whitespace() || c == '+' || c.is_control())
    {
        return Err(CheckpointError::BadKey(format!(
            "key name {name:?} contains whitespace or '+'"
        )));
    }
    Ok(())
}

fn key_hash(name: &str, public: &VerifyingKey) -> [u8; 4] {
    let mut h = Sha256::new();
    h.update(name.as_bytes());
    h.update(b"\n");
    h.update([ALG_ED25519]);
    h.update(public.as_bytes());
    let d = h.finalize();
    [d[0], d[1], d[2], d[3]]
}

/// The public half: checks checkpoint notes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckpointVerifier {
    name: String,
    key_hash: [u8; 4],
    key: VerifyingKey,
}

impl CheckpointVerifier {
    /// Parse a verifier key string `<name>+<hex hash>+<base64(0x01 ‖ key)>` (surrounding
    /// whitespace, e.g. the newline of a `.pub` file, is ignored).
    pub fn parse(s: &str) -> Result<CheckpointVerifier, CheckpointError> {
        let s = s.trim();
        // The key is base64 and may itself contain '+', so split off only name and hash.
        let mut parts = s.splitn(3, '+');
        let (Some(name), Some(hash_hex), Some(b64)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(CheckpointError::BadKey(
                "verifier key is not <name>+<hash>+<key>".into(),
            ));
        };
        check_key_name(name)?;
        let raw = decode_b64_exact::<33>(b64).ok_or_else(|| {
            CheckpointError::BadKey("verifier key is not base64 of 33 bytes".into())
        })?;
        let (alg, key) = raw.split_at(1);
        if alg != [ALG_ED25519] {
            return Err(CheckpointError::BadKey(
                "verifier key is not an Ed25519 key".into(),
            ));
        }
        let key: [u8; 32] = key
            .try_into()
            .map_err(|_| CheckpointError::BadKey("verifier key length".into()))?;
        let key = VerifyingKey::from_bytes(&key).map_err(|_| {
            CheckpointError::BadKey("verifier key is not a valid Ed25519 point".into())
        })?;
        let kh = key_hash(name, &key);
        if hash_hex.len() != 8 || hex::encode(kh) != hash_hex {
            return Err(CheckpointError::BadKey(
                "verifier key hash does not match its name and key".into(),
            ));
        }
        Ok(CheckpointVerifier {
            name: name.to_string(),
            key_hash: kh,
            key,
        })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn key_hash(&self) -> [u8; 4] {
        self.key_hash
    }

    /// Verify a signed checkpoint note and return its body. At least one signature line must
    /// carry this key's name and hash and verify; lines from other keys are ignored (C2SP).
    pub fn verify(&self, note: &[u8]) -> Result<Checkpoint, CheckpointError> {
        Checkpoint::parse_body(&self.verify_note(note)?)
    }

    /// Verify any signed note (not only a checkpoint) and return its verified text.
    pub fn verify_note(&self, note: &[u8]) -> Result<String, CheckpointError> {
        let parsed = parse_note(note)?;
        let mut seen = false;
        for s in &parsed.signatures {
            if s.name != self.name || s.key_hash != self.key_hash {
                continue;
            }
            seen = true;
            let Ok(sig) = <[u8; 64]>::try_from(s.signature.as_slice()) else {
                continue;
            };
            let sig = Signature::from_bytes(&sig);
            if self.key.verify_strict(parsed.text.as_bytes(), &sig).is_ok() {
                return Ok(parsed.text);
            }
        }
        if seen {
            Err(CheckpointError::BadSignature {
                name: self.name.clone(),
            })
        } else {
            Err(CheckpointError::NoSignature {
                name: self.name.clone(),
            })
        }
    }
}

impl std::fmt::Display for CheckpointVerifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut raw = [0u8; 33];
        raw[0] = ALG_ED25519;
        raw[1..].copy_from_slice(self.key.as_bytes());
        write!(
            f,
            "{}+{}+{}",
            self.name,
            hex::encode(self.key_hash),
            B64.encode(raw)
        )
    }
}

/// The station's checkpoint signing key.
pub struct CheckpointSigner {
    name: String,
    key: SigningKey,
}

impl std::fmt::Debug for CheckpointSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CheckpointSigner")
            .field("name", &self.name)
            .field("key", &"<secret>")
            .finish()
    }
}

impl CheckpointSigner {
    /// A fresh key from the OS random generator. `name` becomes the checkpoint origin; use
    /// something unique to the station, e.g. `airgap-audit/<station id>`.
    pub fn generate(name: &str) -> Result<CheckpointSigner, CheckpointError> {
        check_key_name(name)?;
        let key = SigningKey::generate(&mut rand::rngs::OsRng);
        Ok(CheckpointSigner {
            name: name.to_string(),
            key,
        })
    }

    /// Parse `PRIVATE+KEY+<name>+<hex hash>+<base64(0x01 ‖ seed)>`.
    pub fn parse(s: &str) -> Result<CheckpointSigner, CheckpointError> {
        let s = s.trim();
        let rest = s.strip_prefix("PRIVATE+KEY+").ok_or_else(|| {
            CheckpointError::BadKey("signer key does not start with PRIVATE+KEY+".into())
        })?;
        // The key is base64 and may itself contain '+', so split off only name and hash.
        let mut parts = rest.splitn(3, '+');
        let (Some(name), Some(hash_hex), Some(b64)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(CheckpointError::BadKey(
                "signer key is not PRIVATE+KEY+<name>+<hash>+<key>".into(),
            ));
        };
        check_key_name(name)?;
        let raw = decode_b64_exact::<33>(b64).ok_or_else(|| {
            CheckpointError::BadKey("signer key is not base64 of 33 bytes".into())
        })?;
        if raw[0] != ALG_ED25519 {
            return Err(CheckpointError::BadKey(
                "signer key is not an Ed25519 key".into(),
            ));
        }
        let mut seed = [0u8; 32];
        seed.copy_from_slice(&raw[1..]);
        let key = SigningKey::from_bytes(&seed);
        if hash_hex.len() != 8 || hex::encode(key_hash(name, &key.verifying_key())) != hash_hex {
            return Err(CheckpointError::BadKey(
                "signer key hash does not match its name and key".into(),
            ));
        }
        Ok(CheckpointSigner {
            name: name.to_string(),
            key,
        })
    }

    /// The secret key string (goes into a 0600 file only).
    pub fn to_secret_string(&self) -> String {
        let mut raw = [0u8; 33];
        raw[0] = ALG_ED25519;
        raw[1..].copy_from_slice(self.key.as_bytes());
        format!(
            "PRIVATE+KEY+{}+{}+{}",
            self.name,
            hex::encode(key_hash(&self.name, &self.key.verifying_key())),
            B64.encode(raw)
        )
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn verifier(&self) -> CheckpointVerifier {
        let key = self.key.verifying_key();
        CheckpointVerifier {
            key_hash: key_hash(&self.name, &key),
            name: self.name.clone(),
            key,
        }
    }

    /// The signed note for `checkpoint` (Ed25519 signatures are deterministic, so the same
    /// checkpoint always gives the same bytes).
    pub fn sign(&self, checkpoint: &Checkpoint) -> String {
        self.sign_text(&checkpoint.body())
    }

    /// Sign any note text (which must end in a newline) as a C2SP signed note.
    pub fn sign_text(&self, text: &str) -> String {
        let sig = self.key.sign(text.as_bytes());
        let mut raw = Vec::with_capacity(68);
        raw.extend_from_slice(&key_hash(&self.name, &self.key.verifying_key()));
        raw.extend_from_slice(&sig.to_bytes());
        format!(
            "{text}\n{SIG_LINE_PREFIX}{} {}\n",
            self.name,
            B64.encode(raw)
        )
    }

    /// Write `secret` (mode 0600, must not exist) and `public` (the verifier key line, 0644),
    /// both fsynced.
    pub fn write_files(&self, secret: &Path, public: &Path) -> Result<(), CheckpointError> {
        write_new(
            secret,
            0o600,
            format!("{}\n", self.to_secret_string()).as_bytes(),
        )?;
        write_new(public, 0o644, format!("{}\n", self.verifier()).as_bytes())
    }

    /// Load a secret key file, refusing symlinks and files readable by group or others.
    pub fn load(path: &Path) -> Result<CheckpointSigner, CheckpointError> {
        let text = read_key_file(path, true)?;
        CheckpointSigner::parse(&text)
    }
}

/// Load a verifier key file (e.g. `keys/checkpoint.pub`).
pub fn load_verifier(path: &Path) -> Result<CheckpointVerifier, CheckpointError> {
    let text = read_key_file(path, false)?;
    CheckpointVerifier::parse(&text)
}

fn read_key_file(path: &Path, secret: bool) -> Result<String, CheckpointError> {
    use std::io::Read;
    use std::os::unix::fs::PermissionsExt;
    let io = |source| CheckpointError::KeyIo {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::symlink_metadata(path).map_err(io)?;
    if !meta.file_type().is_file() {
        return Err(CheckpointError::KeyNotRegular {
            path: path.to_path_buf(),
        });
    }
    if secret && meta.permissions().mode() & 0o077 != 0 {
        return Err(CheckpointError::KeyPermissions {
            path: path.to_path_buf(),
        });
    }
    let f = crate::fsx::open_nofollow(path).map_err(io)?;
    let mut text = String::new();
    f.take(MAX_KEY_FILE_BYTES)
        .read_to_string(&mut text)
        .map_err(io)?;
    Ok(text)
}

fn write_new(path: &Path, mode: u32, bytes: &[u8]) -> Result<(), CheckpointError> {
    crate::fsx::write_new_synced(path, bytes, mode).map_err(|source| CheckpointError::KeyIo {
        path: path.to_path_buf(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cp(size: u64) -> Checkpoint {
        Checkpoint {
            origin: "airgap-audit/test-station".into(),
            size,
            root: [7u8; 32],
            extensions: vec![],
        }
    }

    /// Known answers from the reference implementation, golang.org/x/mod/sumdb/note (package
    /// documentation of note.go, "Example": the PeterNeumann key and note), and from the C2SP
    /// signed-note specification (c2sp.org/signed-note, "Verifier keys" example).
    #[test]
    fn interoperates_with_go_sumdb_note_and_c2sp_examples() {
        const SKEY: &str =
            "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
        const VKEY: &str = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
        const TEXT: &str = "If you think cryptography is the answer to your problem,\n\
                            then you don't know what your problem is.\n";
        const NOTE: &str = "If you think cryptography is the answer to your problem,\n\
            then you don't know what your problem is.\n\n\u{2014} PeterNeumann \
            x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
        let s = CheckpointSigner::parse(SKEY).unwrap();
        assert_eq!(s.to_secret_string(), SKEY);
        assert_eq!(s.verifier().to_string(), VKEY);
        assert_eq!(s.sign_text(TEXT), NOTE);
        let v = CheckpointVerifier::parse(VKEY).unwrap();
        assert_eq!(v.verify_note(NOTE.as_bytes()).unwrap(), TEXT);
        assert!(v
            .verify_note(NOTE.replace("problem,", "problem;").as_bytes())
            .is_err());

        let spec = CheckpointVerifier::parse(
            "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",
        )
        .unwrap();
        let note = "This is an example message.\n\n\u{2014} example.com/foo \
            Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n";
        assert_eq!(
            spec.verify_note(note.as_bytes()).unwrap(),
            "This is an example message.\n"
        );
    }

    #[test]
    fn sign_verify_round_trip_and_key_strings() {
        let s = CheckpointSigner::generate("airgap-audit/test-station").unwrap();
        let note = s.sign(&cp(42));
        let v = s.verifier();
        assert_eq!(v.verify(note.as_bytes()).unwrap(), cp(42));
        let v2 = CheckpointVerifier::parse(&v.to_string()).unwrap();
        assert_eq!(v2, v);
        let s2 = CheckpointSigner::parse(&s.to_secret_string()).unwrap();
        assert_eq!(s2.sign(&cp(42)), note, "Ed25519 signing is deterministic");
        assert!(note.contains("\n\n\u{2014} airgap-audit/test-station "));
    }

    #[test]
    fn rejects_tampered_and_foreign_notes() {
        let s = CheckpointSigner::generate("station-a").unwrap();
        let other = CheckpointSigner::generate("station-a").unwrap();
        let note = s.sign(&cp(3));
        let bumped = note.replacen("\n3\n", "\n4\n", 1);
        assert!(matches!(
            s.verifier().verify(bumped.as_bytes()),
            Err(CheckpointError::BadSignature { .. })
        ));
        // Same name, different key: the key hash differs, so no signature of ours is present.
        assert!(matches!(
            other.verifier().verify(note.as_bytes()),
            Err(CheckpointError::NoSignature { .. })
        ));
        for bad in [
            note.trim_end().to_string(),
            note.replacen("\n\n", "\n", 1),
            note.replace('\u{2014}', "-"),
            format!("{note}\u{7}"),
        ] {
            assert!(s.verifier().verify(bad.as_bytes()).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn strict_body_parsing() {
        let root = B64.encode([1u8; 32]);
        assert!(Checkpoint::parse_body(&format!("o\n10\n{root}\n")).is_ok());
        for bad in [
            format!("o\n010\n{root}\n"),
            format!("o\n-1\n{root}\n"),
            format!("\n10\n{root}\n"),
            format!("o\n10\n{root}"),
            format!("o\n10\n{}\n", B64.encode([1u8; 31])),
            format!("o\n10\n{root}\n\n"),
            "o\n10\n".to_string(),
        ] {
            assert!(Checkpoint::parse_body(&bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn bad_key_names_and_strings() {
        assert!(CheckpointSigner::generate("has space").is_err());
        assert!(CheckpointSigner::generate("a+b").is_err());
        assert!(CheckpointSigner::generate("").is_err());
        let v = CheckpointSigner::generate("k")
            .unwrap()
            .verifier()
            .to_string();
        let wrong_hash = v.replacen("+", "+0", 1);
        assert!(CheckpointVerifier::parse(&wrong_hash).is_err());
        assert!(CheckpointVerifier::parse(&v.replacen("k+", "j+", 1)).is_err());
    }
}
