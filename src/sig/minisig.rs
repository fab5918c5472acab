/*!
The minisign format: deterministic signing, strict parsing, verification, and the reader of
unencrypted secret keys ([`parse_secret_key`], behind [`super::keys::SigningKey::parse`]; public
keys are [`super::keys::VerifyKey`]'s).

Owns: the exact `.minisig` text the station writes for verdicts and rejection receipts (and that
`approval sign` and `bundle seal` write), and the strict reader every verifier uses. Input: bytes
and `minisign` crate key types; output: signature text or a closed [`SigError`]. Never touches
files.

Why not `minisign::sign`: it mixes fresh randomness into every Ed25519 nonce, so re-emitting a
verdict from the ledger would give different signature bytes. Here the signature is plain RFC 8032
Ed25519 (deterministic) over the BLAKE2b-512 prehash of the data (minisign's `ED` algorithm), so
the same key, data and comments always give identical bytes, and `minisign -V` (CLI or crate)
verifies them like any other prehashed signature. Legacy (non-prehashed `Ed`) signatures are never
accepted.
*/
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use ed25519_dalek::{Signer as _, SigningKey};

use super::{key_id_hex, SigError, MAX_COMMENT_BYTES, MAX_SIGNATURE_BYTES};

const UNTRUSTED_PREFIX: &str = "untrusted comment: ";
const TRUSTED_PREFIX: &str = "trusted comment: ";
const SIGALG_PREHASHED: [u8; 2] = *b"ED";
const SIGALG_LEGACY: [u8; 2] = *b"Ed";

/// A strictly parsed `.minisig` file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedSig {
    pub untrusted_comment: String,
    pub key_id: [u8; 8],
    pub signature: [u8; 64],
    pub trusted_comment: String,
    pub global_signature: [u8; 64],
}

impl ParsedSig {
    /// Key id as minisign prints it (`minisign -V` "key id" / public key file comment).
    pub fn key_id_hex(&self) -> String {
        key_id_hex(&self.key_id)
    }
}

fn check_comment(c: &str) -> Result<(), SigError> {
    if c.len() > MAX_COMMENT_BYTES || c.chars().any(|ch| ch.is_control()) || c.trim() != c {
        return Err(SigError::BadComment);
    }
    Ok(())
}

/// (key id, Ed25519 seed, Ed25519 public key).
type KeyMaterial = ([u8; 8], [u8; 32], [u8; 32]);

/// Raw Ed25519 key material from an unencrypted minisign secret key: (key id, seed, public key).
fn key_material(sk: &minisign::SecretKey) -> Result<KeyMaterial, SigError> {
    if sk.is_encrypted() {
        return Err(SigError::EncryptedKey);
    }
    // SecretKey::to_bytes layout: sig_alg 2, kdf_alg 2, chk_alg 2, salt 32, opslimit 8,
    // memlimit 8, key id 8, Ed25519 secret (seed 32 ‖ public 32) 64, checksum 32.
    let bytes = sk.to_bytes();
    if bytes.len() != 158 {
        return Err(SigError::BadKey("unexpected secret key length"));
    }
    let mut id = [0u8; 8];
    id.copy_from_slice(&bytes[54..62]);
    let mut seed = [0u8; 32];
    seed.copy_from_slice(&bytes[62..94]);
    let mut public = [0u8; 32];
    public.copy_from_slice(&bytes[94..126]);
    let derived = SigningKey::from_bytes(&seed).verifying_key().to_bytes();
    if derived != public {
        return Err(SigError::BadKey(
            "public half does not match the secret seed",
        ));
    }
    Ok((id, seed, public))
}

/// The public key belonging to an unencrypted secret key.
pub fn public_key_of(sk: &minisign::SecretKey) -> Result<minisign::PublicKey, SigError> {
    let (id, _, public) = key_material(sk)?;
    let mut raw = Vec::with_capacity(42);
    raw.extend_from_slice(&SIGALG_LEGACY);
    raw.extend_from_slice(&id);
    raw.extend_from_slice(&public);
    minisign::PublicKey::from_bytes(&raw).map_err(|_| SigError::BadKey("bad public key"))
}

/// Signs `data` deterministically; returns the complete `.minisig` file text (4 lines, each
/// ending in `\n`), byte-identical for identical inputs.
pub fn sign(
    sk: &minisign::SecretKey,
    data: &[u8],
    trusted_comment: &str,
    untrusted_comment: &str,
) -> Result<String, SigError> {
    check_comment(trusted_comment)?;
    check_comment(untrusted_comment)?;
    let (id, seed, _) = key_material(sk)?;
    let key = SigningKey::from_bytes(&seed);
    let prehash = blake2b512(data);
    let sig = key.sign(&prehash).to_bytes();
    let mut sig_and_comment = Vec::with_capacity(64 + trusted_comment.len());
    sig_and_comment.extend_from_slice(&sig);
    sig_and_comment.extend_from_slice(trusted_comment.as_bytes());
    let global = key.sign(&sig_and_comment).to_bytes();
    let mut sig_line = Vec::with_capacity(74);
    sig_line.extend_from_slice(&SIGALG_PREHASHED);
    sig_line.extend_from_slice(&id);
    sig_line.extend_from_slice(&sig);
    Ok(format!(
        "{UNTRUSTED_PREFIX}{untrusted_comment}\n{}\n{TRUSTED_PREFIX}{trusted_comment}\n{}\n",
        B64.encode(&sig_line),
        B64.encode(global)
    ))
}

/// Parses a `.minisig` file strictly: exactly four `\n`-terminated lines (a missing final newline
/// is tolerated, CRs are not), canonical base64, the prehashed algorithm only.
pub fn parse(text: &[u8]) -> Result<ParsedSig, SigError> {
    if text.len() > MAX_SIGNATURE_BYTES {
        return Err(SigError::TooLarge);
    }
    let text = std::str::from_utf8(text).map_err(|_| SigError::Malformed("not UTF-8"))?;
    if text.contains('\r') {
        return Err(SigError::Malformed("contains a carriage return"));
    }
    let body = text.strip_suffix('\n').unwrap_or(text);
    let lines: Vec<&str> = body.split('\n').collect();
    if lines.len() != 4 {
        return Err(SigError::Malformed("expected exactly four lines"));
    }
    let untrusted = lines[0]
        .strip_prefix(UNTRUSTED_PREFIX)
        .ok_or(SigError::Malformed(
            "first line is not an untrusted comment",
        ))?;
    let raw_sig = B64
        .decode(lines[1])
        .map_err(|_| SigError::Malformed("signature line is not base64"))?;
    if raw_sig.len() != 74 {
        return Err(SigError::Malformed("signature line has the wrong length"));
    }
    match [raw_sig[0], raw_sig[1]] {
        SIGALG_PREHASHED => {}
        SIGALG_LEGACY => return Err(SigError::Legacy),
        _ => return Err(SigError::Malformed("unknown signature algorithm")),
    }
    let trusted = lines[2]
        .strip_prefix(TRUSTED_PREFIX)
        .ok_or(SigError::Malformed("third line is not a trusted comment"))?;
    // The minisign CLI's default trusted comment separates its fields with tabs.
    if trusted.len() > MAX_COMMENT_BYTES || trusted.chars().any(|c| c.is_control() && c != '\t') {
        return Err(SigError::Malformed(
            "trusted comment has control characters or is too long",
        ));
    }
    let raw_global = B64
        .decode(lines[3])
        .map_err(|_| SigError::Malformed("global signature line is not base64"))?;
    let global_signature: [u8; 64] = raw_global
        .as_slice()
        .try_into()
        .map_err(|_| SigError::Malformed("global signature has the wrong length"))?;
    let mut key_id = [0u8; 8];
    key_id.copy_from_slice(&raw_sig[2..10]);
    let mut signature = [0u8; 64];
    signature.copy_from_slice(&raw_sig[10..74]);
    Ok(ParsedSig {
        untrusted_comment: untrusted.to_string(),
        key_id,
        signature,
        trusted_comment: trusted.to_string(),
        global_signature,
    })
}

/// Verifies a parsed signature over `data` with `pk` (key id, data signature, then the trusted
/// comment signature), using the `minisign` crate's verifier.
pub fn verify(pk: &minisign::PublicKey, sig: &ParsedSig, data: &[u8]) -> Result<(), SigError> {
    if pk.keynum() != sig.key_id.as_slice() {
        return Err(SigError::WrongKey {
            got: sig.key_id_hex(),
            want: key_id_hex(pk.keynum()),
        });
    }
    // Our own parse already checked the shape; rebuild canonical text for the crate's verifier.
    let mut sig_line = Vec::with_capacity(74);
    sig_line.extend_from_slice(&SIGALG_PREHASHED);
    sig_line.extend_from_slice(&sig.key_id);
    sig_line.extend_from_slice(&sig.signature);
    let text = format!(
        "{UNTRUSTED_PREFIX}{}\n{}\n{TRUSTED_PREFIX}{}\n{}\n",
        sig.untrusted_comment,
        B64.encode(&sig_line),
        sig.trusted_comment,
        B64.encode(sig.global_signature)
    );
    let sbox = minisign::SignatureBox::from_string(&text)
        .map_err(|_| SigError::Malformed("rejected by the minisign parser"))?;
    // The crate trims the trusted comment; ours must survive that unchanged or a verifier that
    // reads it back would see something else than what was signed.
    if sbox.trusted_comment().ok().as_deref() != Some(sig.trusted_comment.as_str()) {
        return Err(SigError::Malformed(
            "trusted comment has surrounding whitespace",
        ));
    }
    let cursor = std::io::Cursor::new(data);
    minisign::verify(pk, &sbox, cursor, true, false, false).map_err(|e| {
        if e.to_string().contains("Comment signature") {
            SigError::BadCommentSignature(sig.key_id_hex())
        } else {
            SigError::BadSignature(sig.key_id_hex())
        }
    })
}

/// Parses an unencrypted minisign secret key file (`minisign -G -W`, or the station's key).
///
/// Read by hand rather than with `SecretKey::from_unencrypted_box`: minisign 0.11's `-W` writes
/// an all-zero checksum, which the crate rejects as corrupt. A non-zero checksum must match
/// (BLAKE2b-256 of algorithm ‖ key id ‖ secret key); in every case the public half must be the
/// one derived from the seed, which catches any corruption of the key material.
pub fn parse_secret_key(text: &[u8]) -> Result<minisign::SecretKey, SigError> {
    if text.len() > 4096 {
        return Err(SigError::BadKey("secret key file is too large"));
    }
    let text = std::str::from_utf8(text).map_err(|_| SigError::BadKey("not UTF-8"))?;
    let mut lines = text.lines();
    let comment = lines.next().unwrap_or_default();
    if !comment.starts_with(UNTRUSTED_PREFIX) {
        return Err(SigError::BadKey(
            "not a minisign secret key (no comment line)",
        ));
    }
    let b64 = lines.next().unwrap_or_default().trim();
    if lines.any(|l| !l.trim().is_empty()) {
        return Err(SigError::BadKey("unexpected lines after the key"));
    }
    let raw = B64
        .decode(b64)
        .map_err(|_| SigError::BadKey("key line is not base64"))?;
    if raw.len() != 158 {
        return Err(SigError::BadKey("unexpected secret key length"));
    }
    if raw[0..2] != SIGALG_LEGACY {
        return Err(SigError::BadKey("not an Ed25519 minisign key"));
    }
    match [raw[2], raw[3]] {
        [0, 0] => {}
        [b'S', b'c'] => return Err(SigError::EncryptedKey),
        _ => return Err(SigError::BadKey("unknown key encryption algorithm")),
    }
    if raw[4..6] != *b"B2" {
        return Err(SigError::BadKey("unknown checksum algorithm"));
    }
    let chk = &raw[126..158];
    if chk.iter().any(|b| *b != 0) {
        let mut hashed = Vec::with_capacity(74);
        hashed.extend_from_slice(&raw[0..2]);
        hashed.extend_from_slice(&raw[54..126]);
        if blake2b256(&hashed)[..] != chk[..] {
            return Err(SigError::BadKey("checksum does not match"));
        }
    }
    let sk = minisign::SecretKey::from_bytes(&raw)
        .map_err(|_| SigError::BadKey("not a minisign secret key"))?;
    key_material(&sk)?;
    Ok(sk)
}

/// BLAKE2b-512 (RFC 7693), unkeyed: minisign's prehash.
pub fn blake2b512(data: &[u8]) -> [u8; 64] {
    use blake2::Digest;
    blake2::Blake2b512::digest(data).into()
}

/// Unkeyed BLAKE2b-256: minisign's secret-key checksum.
fn blake2b256(data: &[u8]) -> [u8; 32] {
    use blake2::Digest;
    blake2::Blake2b::<blake2::digest::consts::U32>::digest(data).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blake2b_known_answers() {
        // RFC 7693 appendix A ("abc") and the empty-input vector from the BLAKE2 reference KATs.
        assert_eq!(
            hex::encode(blake2b512(b"abc")),
            "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1\
             7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923"
        );
        assert_eq!(
            hex::encode(blake2b512(b"")),
            "786a02f742015903c6c6fd852552d272912f4740e15847618a86e217f71f5419\
             d25e1031afee585313896444934eb04b903a685b1448b755d56f701afe9be2ce"
        );
    }

    #[test]
    fn blake2b_block_boundaries_match_streaming_split() {
        // 128 and 256 bytes exercise the "last full block" path; compare with minisign's own
        // prehash indirectly: a crate-made signature must verify against our hash of the data.
        let kp = minisign::KeyPair::generate_unencrypted_keypair().unwrap();
        for len in [0usize, 1, 127, 128, 129, 255, 256, 257, 1000] {
            let data = vec![0x5au8; len];
            let text = sign(&kp.sk, &data, "t", "u").unwrap();
            let parsed = parse(text.as_bytes()).unwrap();
            verify(&kp.pk, &parsed, &data).unwrap();
            let crate_sig = minisign::sign(None, &kp.sk, &data[..], Some("t"), None).unwrap();
            let reparsed = parse(crate_sig.to_string().as_bytes()).unwrap();
            verify(&kp.pk, &reparsed, &data).unwrap();
        }
    }

    #[test]
    fn signing_is_deterministic_and_bound_to_data_and_comment() {
        let kp = minisign::KeyPair::generate_unencrypted_keypair().unwrap();
        let a = sign(&kp.sk, b"hello", "tc", "uc").unwrap();
        assert_eq!(a, sign(&kp.sk, b"hello", "tc", "uc").unwrap());
        let p = parse(a.as_bytes()).unwrap();
        assert!(matches!(
            verify(&kp.pk, &p, b"hellp"),
            Err(SigError::BadSignature(_))
        ));
        let mut edited = p.clone();
        edited.trusted_comment = "tc2".into();
        assert!(matches!(
            verify(&kp.pk, &edited, b"hello"),
            Err(SigError::BadCommentSignature(_))
        ));
        let other = minisign::KeyPair::generate_unencrypted_keypair().unwrap();
        assert!(matches!(
            verify(&other.pk, &p, b"hello"),
            Err(SigError::WrongKey { .. })
        ));
        assert_eq!(public_key_of(&kp.sk).unwrap(), kp.pk);
    }

    #[test]
    fn secret_keys_from_the_crate_load_and_corruption_is_caught() {
        let kp = minisign::KeyPair::generate_unencrypted_keypair().unwrap();
        let text = kp.sk.to_box(None).unwrap().to_string();
        let sk = parse_secret_key(text.as_bytes()).unwrap();
        assert_eq!(public_key_of(&sk).unwrap(), kp.pk);
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        let mut raw = B64.decode(&lines[1]).unwrap();
        raw[100] ^= 1;
        lines[1] = B64.encode(&raw);
        let bad = lines.join("\n");
        assert!(parse_secret_key(bad.as_bytes()).is_err());
        // Zeroed checksum (minisign 0.11 -W): accepted only because the key material is intact.
        raw[100] ^= 1;
        raw[126..158].fill(0);
        lines[1] = B64.encode(&raw);
        assert!(parse_secret_key(lines.join("\n").as_bytes()).is_ok());
        raw[70] ^= 1;
        lines[1] = B64.encode(&raw);
        assert!(parse_secret_key(lines.join("\n").as_bytes()).is_err());
    }

    #[test]
    fn strict_parse_rejects_sloppy_text() {
        let kp = minisign::KeyPair::generate_unencrypted_keypair().unwrap();
        let good = sign(&kp.sk, b"x", "tc", "uc").unwrap();
        assert!(parse(good.as_bytes()).is_ok());
        assert!(parse(good.trim_end().as_bytes()).is_ok());
        assert!(parse(good.replace('\n', "\r\n").as_bytes()).is_err());
        assert!(parse(format!("{good}extra\n").as_bytes()).is_err());
        assert!(parse(good.replacen("untrusted", "Untrusted", 1).as_bytes()).is_err());
        assert!(parse(&good.as_bytes()[..good.len() / 2]).is_err());
        assert!(parse(&vec![b'a'; MAX_SIGNATURE_BYTES + 1]).is_err());
        assert_eq!(sign(&kp.sk, b"x", "a\nb", "u"), Err(SigError::BadComment));
    }
}
