/*!
Signatures and key formats: the one minisign stack. Signing (deterministic, [`minisig::sign`]),
strict parsing and verification ([`minisig::parse`], [`minisig::verify`],
[`keys::verify_detached`] against a set of trusted keys), key files ([`keys::SigningKey`],
[`keys::VerifyKey`]), the age key formats ([`age_keys`]), key ids ([`key_id_hex`]), the size limit
of a `.minisig` file ([`MAX_SIGNATURE_BYTES`]) and the sign and verify steps of the documents the
station signs ([`document`]) live here and nowhere else. Nothing here touches files.
*/
pub mod age_keys;
pub mod document;
pub mod keys;
pub mod minisig;

pub use keys::{signature_key_id, verify_detached, SigningKey, Verified, VerifyKey};

/// Largest `.minisig` text read anywhere (a real one is ~300 bytes plus the trusted comment;
/// comments are capped at [`MAX_COMMENT_BYTES`]).
pub const MAX_SIGNATURE_BYTES: usize = 4096;
/// Longest trusted or untrusted comment written or accepted.
pub const MAX_COMMENT_BYTES: usize = 1024;

/// Why a signature, or a key used to sign, was not accepted. Callers map each variant to their
/// own one-line message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SigError {
    #[error("signature file is larger than {MAX_SIGNATURE_BYTES} bytes")]
    TooLarge,
    #[error("signature file is not valid minisign text: {0}")]
    Malformed(&'static str),
    #[error("signature uses the legacy non-prehashed minisign format; sign again with a current minisign (without -l)")]
    Legacy,
    #[error("signed by key {0}, which is not trusted for this role")]
    UntrustedKey(String),
    #[error("signature is by key {got}, expected key {want}")]
    WrongKey { got: String, want: String },
    #[error("signature by key {0} does not match the signed bytes")]
    BadSignature(String),
    #[error("trusted comment signature by key {0} is invalid (the trusted comment was altered)")]
    BadCommentSignature(String),
    #[error("comment is not a single printable line of at most {MAX_COMMENT_BYTES} bytes")]
    BadComment,
    #[error("secret key is encrypted; use an unencrypted key (minisign -G -W)")]
    EncryptedKey,
    #[error("secret key is corrupt: {0}")]
    BadKey(&'static str),
}

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
    #[error("minisign secret key is password-protected and no terminal is available to ask for the password; run this interactively")]
    NoTerminal,
    #[error("cannot open the password-protected minisign secret key: {0}; check the password")]
    Password(String),
    #[error("signing failed: {0}")]
    Sign(String),
}

/// Key id bytes (little-endian u64 on the wire) as minisign prints them: 16 uppercase hex digits.
pub fn key_id_hex(key_id: &[u8]) -> String {
    let mut b = [0u8; 8];
    for (d, s) in b.iter_mut().zip(key_id.iter()) {
        *d = *s;
    }
    format!("{:016X}", u64::from_le_bytes(b))
}

/// The 8-byte key id of a public key.
pub fn public_key_id(pk: &minisign::PublicKey) -> [u8; 8] {
    let mut id = [0u8; 8];
    for (d, s) in id.iter_mut().zip(pk.keynum().iter()) {
        *d = *s;
    }
    id
}
