/*!
The request bundle envelope (`inbox/<name>.aab`): seal on the cloud side, open on the station.

Layout (normative, see `inbox-spec/README.md`): an age file (binary, X25519 recipient = the
station) whose plaintext is a ustar tar with exactly two regular-file members, in this order:
`request.json.zst` (the zstd-compressed request document) and `request.json.zst.minisig` (a
minisign detached signature of those compressed bytes by a trusted orchestrator key). Sign, then
encrypt. Everything can be built with the `zstd`, `minisign`, `tar` and `age` CLIs.

[`open`] runs the stages in the order that spends the least on hostile input: size cap on the
file → age decrypt with the station identity → strict tar walk (link types, `..`, duplicates,
unknown names and per-member size caps are refused from the header, before any member data is
touched) → minisign verification of the compressed bytes against the trusted orchestrator keys →
zstd decompression with a hard output cap and window limit → strict request parse. Each failure
is one [`BundleError`] variant with a stable [`BundleError::reason_code`] for rejection receipts.

Pure: bytes and keys in, typed values out; the inbox reads files, this module never does.
*/
use std::io::{Read, Write};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::envelope::request::{ParsedRequest, RequestError};
use crate::sig::{SigError, SigningKey, VerifyKey};

/// Size caps applied before anything is allocated or decompressed (`station.toml` `[limits]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    /// Largest `.aab` file read from the inbox (default 32 MiB).
    #[serde(default = "default_max_bundle")]
    pub max_bundle_bytes: u64,
    /// Largest `request.json.zst` tar member (default 32 MiB).
    #[serde(default = "default_max_bundle")]
    pub max_compressed_bytes: u64,
    /// Largest decompressed request document (default 64 MiB); a zstd bomb stops here.
    #[serde(default = "default_max_request")]
    pub max_request_bytes: u64,
    /// Largest `request.json.zst.minisig` tar member (default 4096 bytes).
    #[serde(default = "default_max_signature")]
    pub max_signature_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bundle_bytes: default_max_bundle(),
            max_compressed_bytes: default_max_bundle(),
            max_request_bytes: default_max_request(),
            max_signature_bytes: default_max_signature(),
        }
    }
}

fn default_max_bundle() -> u64 {
    32 * 1024 * 1024
}
fn default_max_request() -> u64 {
    64 * 1024 * 1024
}
fn default_max_signature() -> u64 {
    4096
}

/// First tar member: the zstd-compressed request document.
pub const MEMBER_REQUEST: &str = "request.json.zst";
/// Second tar member: minisign signature of [`MEMBER_REQUEST`]'s bytes.
pub const MEMBER_SIGNATURE: &str = "request.json.zst.minisig";
/// First tar member of an execution report bundle: the zstd-compressed report document.
pub const MEMBER_REPORT: &str = "execution-report.json.zst";
/// Second tar member of an execution report bundle: minisign signature of [`MEMBER_REPORT`].
pub const MEMBER_REPORT_SIGNATURE: &str = "execution-report.json.zst.minisig";
/// Largest zstd window accepted (2^25 = 32 MiB), so a frame cannot demand a huge buffer.
/// Covers every `zstd` CLI level up to `--ultra -21`.
pub const ZSTD_WINDOW_LOG_MAX: u32 = 25;
/// zstd level used by `bundle seal`.
pub const ZSTD_LEVEL: i32 = 3;

/// Largest age header accepted (version line to the end of the MAC line). One X25519 stanza is
/// about 100 bytes and the grease stanza the age library adds at most about 210; the spec allows
/// nothing else. Checked by a linear scan before the age parser sees the header, so a file of
/// junk stanzas costs one pass over at most this many bytes.
pub const MAX_AGE_HEADER_BYTES: usize = 1024;
/// Most stanzas in an age header: the station's one X25519 recipient, plus one grease stanza
/// (the age library adds one to every header it writes; the Go `age` CLI adds none).
pub const MAX_AGE_STANZAS: usize = 2;

const BLOCK: usize = 512;
const ARMOR_BEGIN: &[u8] = b"-----BEGIN AGE ENCRYPTED FILE-----";
const AGE_MAGIC: &[u8] = b"age-encryption.org/";

/// Why a bundle was rejected. One line each; [`BundleError::reason_code`] is the stable code.
#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    #[error("bundle is {size} bytes, over the {cap}-byte cap; the orchestrator must send a smaller plan")]
    Oversized { size: u64, cap: u64 },
    #[error("bundle is not an age-encrypted file ({0}); seal it with 'airgap-audit bundle seal' or 'age -r STATION' (binary, no --armor)")]
    NotAgeEncrypted(&'static str),
    #[error("bundle is not encrypted to this station's age key; seal it to this station's recipient (see 'airgap-audit init' output)")]
    WrongRecipient,
    #[error("bundle's age header {0}; refused before parsing (the spec allows one X25519 recipient, the station); seal it with 'airgap-audit bundle seal' or 'age -r STATION'")]
    AgeHeaderTooLarge(String),
    #[error("bundle is encrypted to {0} X25519 recipients; the spec allows exactly one, this station; seal it with 'age -r STATION' alone")]
    MultipleRecipients(usize),
    #[error("bundle ciphertext is damaged ({0}); copy the bundle again from the orchestrator")]
    Decrypt(String),
    #[error("bundle's inner tar is malformed: {0}; build it with 'tar --format=ustar' as inbox-spec/README.md says")]
    TarMalformed(String),
    #[error("bundle contains an unexpected member {0:?}; only request.json.zst and request.json.zst.minisig (or execution-report.json.zst and its .minisig) are allowed")]
    UnexpectedMember(String),
    #[error("bundle member {name:?} has tar type {typeflag:?}; only regular files are allowed (use 'tar --format=ustar')")]
    UnexpectedMemberType { name: String, typeflag: char },
    #[error("bundle member {0:?} is a symlink; refusing it")]
    SymlinkMember(String),
    #[error("bundle member {0:?} is a hard link; refusing it")]
    HardlinkMember(String),
    #[error("bundle member name {0:?} is absolute or contains '..'; refusing it")]
    PathTraversal(String),
    #[error("bundle contains member {0:?} twice")]
    DuplicateMember(String),
    #[error("bundle members are out of order; request.json.zst must come first, then request.json.zst.minisig")]
    MemberOrder,
    #[error("bundle has no {0} member")]
    MissingMember(&'static str),
    #[error("bundle member {name:?} is {size} bytes, over its {cap}-byte cap")]
    MemberTooLarge {
        name: &'static str,
        size: u64,
        cap: u64,
    },
    #[error("bundle is unsigned (no request.json.zst.minisig); sign request.json.zst with the orchestrator key")]
    Unsigned,
    #[error("bundle signature is malformed: {0}")]
    SignatureMalformed(String),
    #[error("bundle is signed by key {0}, which is not a trusted orchestrator key; run 'airgap-audit trust add --role orchestrator KEY.pub' if it is expected")]
    UntrustedKey(String),
    #[error("bundle signature by orchestrator key {0} does not match request.json.zst; the bundle was altered or signed wrongly")]
    BadSignature(String),
    #[error("request document decompresses to more than {cap} bytes; refusing it (raise limits.max_request_bytes only if the plan is genuinely that large)")]
    DecompressedTooLarge { cap: u64 },
    #[error("request.json.zst is not valid zstd data: {0}")]
    Decompress(String),
    #[error(transparent)]
    BadRequestDocument(#[from] RequestError),
}

/// What a bundle carries, named by its first tar member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Payload {
    /// A request to judge (`request.json.zst`).
    Request,
    /// An execution report after apply (`execution-report.json.zst`).
    ExecutionReport,
}

impl Payload {
    /// The two member names, in order.
    pub fn members(self) -> [&'static str; 2] {
        match self {
            Payload::Request => [MEMBER_REQUEST, MEMBER_SIGNATURE],
            Payload::ExecutionReport => [MEMBER_REPORT, MEMBER_REPORT_SIGNATURE],
        }
    }
}

impl BundleError {
    /// Stable snake_case code for rejection receipts, the ledger and OPERATIONS.md.
    pub fn reason_code(&self) -> &'static str {
        match self {
            BundleError::Oversized { .. } => "bundle_too_large",
            BundleError::NotAgeEncrypted(_) => "not_age_encrypted",
            BundleError::WrongRecipient => "wrong_recipient",
            BundleError::AgeHeaderTooLarge(_) => "age_header_too_large",
            BundleError::MultipleRecipients(_) => "multiple_recipients",
            BundleError::Decrypt(_) => "decrypt_failed",
            BundleError::TarMalformed(_) => "tar_malformed",
            BundleError::UnexpectedMember(_) => "unexpected_member",
            BundleError::UnexpectedMemberType { .. } => "unexpected_member_type",
            BundleError::SymlinkMember(_) => "symlink_member",
            BundleError::HardlinkMember(_) => "hardlink_member",
            BundleError::PathTraversal(_) => "path_traversal",
            BundleError::DuplicateMember(_) => "duplicate_member",
            BundleError::MemberOrder => "member_order",
            BundleError::MissingMember(_) => "missing_member",
            BundleError::MemberTooLarge { .. } => "member_too_large",
            BundleError::Unsigned => "unsigned",
            BundleError::SignatureMalformed(_) => "signature_malformed",
            BundleError::UntrustedKey(_) => "untrusted_key",
            BundleError::BadSignature(_) => "bad_signature",
            BundleError::DecompressedTooLarge { .. } => "decompressed_too_large",
            BundleError::Decompress(_) => "zstd_malformed",
            BundleError::BadRequestDocument(e) => e.reason_code(),
        }
    }
}

/// Why `bundle seal` failed.
#[derive(Debug, thiserror::Error)]
pub enum SealError {
    #[error("cannot sign the request: {0}")]
    Sign(crate::sig::KeyError),
    #[error("cannot compress the request: {0}")]
    Compress(String),
    #[error("cannot encrypt the bundle: {0}")]
    Encrypt(String),
    #[error("refusing to seal an invalid request document: {0}")]
    Request(RequestError),
}

/// A bundle that decrypted, verified and parsed. Freshness, replay and station-id checks are the
/// caller's (they need the clock and the ledger): see [`crate::envelope::request::check_freshness`].
#[derive(Debug, Clone)]
pub struct OpenedBundle {
    /// Hex SHA-256 of the whole `.aab` file.
    pub bundle_sha256: String,
    /// Key id of the orchestrator key that signed it.
    pub orchestrator_key_id: String,
    /// The signature's trusted comment (informational).
    pub signature_trusted_comment: String,
    /// Hex SHA-256 of the decompressed request document.
    pub request_sha256: String,
    /// The decompressed request document bytes.
    pub request_bytes: Vec<u8>,
    pub request: ParsedRequest,
}

/// The two members of a well-formed inner tar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Members {
    pub payload: Payload,
    /// The compressed document (request or execution report).
    pub request_zst: Vec<u8>,
    pub signature: Vec<u8>,
}

/// An execution report bundle that decrypted, verified and parsed (freshness, replay and the
/// approval lookup are the station's).
#[derive(Debug, Clone)]
pub struct OpenedReport {
    /// Hex SHA-256 of the whole `.aab` file.
    pub bundle_sha256: String,
    /// Key id of the orchestrator key that signed it.
    pub orchestrator_key_id: String,
    /// Hex SHA-256 of the decompressed report document.
    pub report_sha256: String,
    pub report: crate::envelope::execution_report::ParsedReport,
}

/// Either kind of bundle, opened.
#[derive(Debug, Clone)]
pub enum Opened {
    Request(Box<OpenedBundle>),
    ExecutionReport(Box<OpenedReport>),
}

impl Opened {
    /// The orchestrator sequence number the document carries.
    pub fn sequence(&self) -> u64 {
        match self {
            Opened::Request(b) => b.request.doc.sequence,
            Opened::ExecutionReport(r) => r.report.doc.sequence,
        }
    }
}

/// Hex SHA-256 of a bundle file's bytes (the key of rejection receipts).
pub fn bundle_sha256(bundle: &[u8]) -> String {
    hex::encode(Sha256::digest(bundle))
}

/// Opens a bundle: every check of the envelope and the strict request parse.
pub fn open(
    bundle: &[u8],
    identity: &age::x25519::Identity,
    orchestrators: &[VerifyKey],
    limits: &Limits,
) -> Result<OpenedBundle, BundleError> {
    open_envelope(bundle, identity, orchestrators, limits)?.into_request()
}

/// A bundle whose envelope checks passed (decrypted, strict tar, orchestrator signature,
/// capped zstd), its document not yet parsed: a request, an execution report (named so by its
/// members), or another document the station reads in a request's envelope (an override, see
/// `crate::verdict::override_doc`, told apart by its `format`).
#[derive(Debug, Clone)]
pub struct Envelope {
    /// Hex SHA-256 of the whole `.aab` file.
    pub bundle_sha256: String,
    /// Key id of the orchestrator key that signed it.
    pub orchestrator_key_id: String,
    /// The signature's trusted comment (informational).
    pub signature_trusted_comment: String,
    /// Hex SHA-256 of the decompressed document.
    pub document_sha256: String,
    /// The decompressed document bytes.
    pub document: Vec<u8>,
    /// What the tar members say the document is.
    pub payload: Payload,
}

impl Envelope {
    /// The strict request parse of the document.
    pub fn into_request(self) -> Result<OpenedBundle, BundleError> {
        if self.payload == Payload::ExecutionReport {
            return Err(BundleError::UnexpectedMember(MEMBER_REPORT.into()));
        }
        let request = crate::envelope::request::parse(&self.document)?;
        Ok(OpenedBundle {
            bundle_sha256: self.bundle_sha256,
            orchestrator_key_id: self.orchestrator_key_id,
            signature_trusted_comment: self.signature_trusted_comment,
            request_sha256: self.document_sha256,
            request_bytes: self.document,
            request,
        })
    }

    /// The document parsed as what its members say it is: a request or an execution report.
    pub fn into_opened(self) -> Result<Opened, BundleError> {
        if self.payload == Payload::ExecutionReport {
            let report = crate::envelope::execution_report::parse(&self.document)?;
            return Ok(Opened::ExecutionReport(Box::new(OpenedReport {
                bundle_sha256: self.bundle_sha256,
                orchestrator_key_id: self.orchestrator_key_id,
                report_sha256: self.document_sha256,
                report,
            })));
        }
        Ok(Opened::Request(Box::new(self.into_request()?)))
    }
}

/// Opens a request or an execution report bundle: the same checks, in the same order, for both.
pub fn open_any(
    bundle: &[u8],
    identity: &age::x25519::Identity,
    orchestrators: &[VerifyKey],
    limits: &Limits,
) -> Result<Opened, BundleError> {
    open_envelope(bundle, identity, orchestrators, limits)?.into_opened()
}

/// Every check of the envelope, without parsing the document inside.
pub fn open_envelope(
    bundle: &[u8],
    identity: &age::x25519::Identity,
    orchestrators: &[VerifyKey],
    limits: &Limits,
) -> Result<Envelope, BundleError> {
    open_envelope_digested(
        bundle,
        bundle_sha256(bundle),
        identity,
        orchestrators,
        limits,
    )
}

/// [`open_envelope`] of a bundle whose hex SHA-256 the caller computed as it read the file
/// (the station does), so the digest is not computed a second time.
pub fn open_envelope_digested(
    bundle: &[u8],
    bundle_sha256: String,
    identity: &age::x25519::Identity,
    orchestrators: &[VerifyKey],
    limits: &Limits,
) -> Result<Envelope, BundleError> {
    let plain = decrypt(bundle, identity, limits)?;
    let members = untar(&plain, limits)?;
    let verified =
        crate::sig::verify_detached(orchestrators, &members.request_zst, &members.signature)
            .map_err(|e| match e {
                SigError::Malformed(m) => BundleError::SignatureMalformed(m.to_string()),
                SigError::TooLarge => BundleError::SignatureMalformed(format!(
                    "larger than {} bytes",
                    crate::sig::MAX_SIGNATURE_BYTES
                )),
                e @ (SigError::WrongKey { .. }
                | SigError::BadComment
                | SigError::EncryptedKey
                | SigError::BadKey(_)) => BundleError::SignatureMalformed(e.to_string()),
                SigError::Legacy => BundleError::SignatureMalformed(
                    "legacy non-hashed signature; sign with a current minisign (without -l)".into(),
                ),
                SigError::UntrustedKey(id) => BundleError::UntrustedKey(id),
                SigError::BadSignature(id) | SigError::BadCommentSignature(id) => {
                    BundleError::BadSignature(id)
                }
            })?;
    let document = decompress(&members.request_zst, limits.max_request_bytes)?;
    Ok(Envelope {
        bundle_sha256,
        orchestrator_key_id: verified.key_id,
        signature_trusted_comment: verified.trusted_comment,
        document_sha256: hex::encode(Sha256::digest(&document)),
        document,
        payload: members.payload,
    })
}

/// Stage 1: size cap, then age decryption with the station identity.
pub fn decrypt(
    bundle: &[u8],
    identity: &age::x25519::Identity,
    limits: &Limits,
) -> Result<Vec<u8>, BundleError> {
    let size = bundle.len() as u64;
    if size > limits.max_bundle_bytes {
        return Err(BundleError::Oversized {
            size,
            cap: limits.max_bundle_bytes,
        });
    }
    if bundle.starts_with(ARMOR_BEGIN) {
        return Err(BundleError::NotAgeEncrypted(
            "it is ASCII-armored; encrypt without --armor",
        ));
    }
    let is_age = bundle.starts_with(AGE_MAGIC);
    if is_age {
        check_age_header(bundle)?;
    }
    let decryptor = age::Decryptor::new_buffered(bundle).map_err(|e| {
        if is_age {
            BundleError::Decrypt(format!("age header: {}", one_line(&e.to_string())))
        } else {
            BundleError::NotAgeEncrypted("no age header")
        }
    })?;
    let mut reader = decryptor
        .decrypt(std::iter::once(identity as &dyn age::Identity))
        .map_err(|e| match e {
            age::DecryptError::NoMatchingKeys => BundleError::WrongRecipient,
            age::DecryptError::UnknownFormat => {
                BundleError::NotAgeEncrypted("unknown age format version")
            }
            other => BundleError::Decrypt(one_line(&other.to_string())),
        })?;
    let mut plain = Vec::with_capacity(bundle.len());
    // The plaintext is never longer than the ciphertext; the take() is belt and braces.
    (&mut reader)
        .take(limits.max_bundle_bytes + 1)
        .read_to_end(&mut plain)
        .map_err(|e| BundleError::Decrypt(format!("payload: {}", one_line(&e.to_string()))))?;
    Ok(plain)
}

/// The caps on an age header, checked by one linear scan of at most [`MAX_AGE_HEADER_BYTES`]
/// before the age parser runs (its cost grew with the square of the stanza count): the header
/// must end (`---` MAC line) within the cap, hold at most [`MAX_AGE_STANZAS`] stanzas, and name
/// at most one X25519 recipient. Which stanza is ours, and everything else, is the parser's job.
pub fn check_age_header(bundle: &[u8]) -> Result<(), BundleError> {
    let window = &bundle[..bundle.len().min(MAX_AGE_HEADER_BYTES)];
    let mut stanzas = 0usize;
    let mut x25519 = 0usize;
    let mut ended = false;
    for line in window.split(|&b| b == b'\n') {
        if line.starts_with(b"--- ") || line == b"---" {
            ended = true;
            break;
        }
        if let Some(rest) = line.strip_prefix(b"-> ") {
            stanzas += 1;
            if stanzas > MAX_AGE_STANZAS {
                return Err(BundleError::AgeHeaderTooLarge(format!(
                    "has more than {MAX_AGE_STANZAS} stanzas"
                )));
            }
            if rest.split(|&b| b == b' ').next() == Some(b"X25519".as_slice()) {
                x25519 += 1;
            }
        }
    }
    // A file that ends before its MAC line is a truncated header, not a large one: the age
    // parser (on fewer than the capped bytes) reports it as damaged.
    if !ended && bundle.len() > MAX_AGE_HEADER_BYTES {
        return Err(BundleError::AgeHeaderTooLarge(format!(
            "does not end within {MAX_AGE_HEADER_BYTES} bytes"
        )));
    }
    if x25519 > 1 {
        return Err(BundleError::MultipleRecipients(x25519));
    }
    Ok(())
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Stage 2: the strict tar walk. Every decision is made from the header, before the member's
/// data is sliced out, so an oversized or unexpected member costs nothing.
pub fn untar(tar: &[u8], limits: &Limits) -> Result<Members, BundleError> {
    // The first member names the payload; the second must be its signature.
    let mut payload: Option<Payload> = None;
    if tar.len() % BLOCK != 0 {
        return Err(BundleError::TarMalformed(format!(
            "length {} is not a multiple of 512",
            tar.len()
        )));
    }
    let mut found: Vec<(&'static str, &[u8])> = Vec::with_capacity(2);
    let mut off = 0usize;
    let mut ended = false;
    while let Some(block) = tar.get(off..off + BLOCK) {
        if block.iter().all(|&b| b == 0) {
            // End of archive: tar CLIs write two zero blocks and pad with zeros; anything
            // non-zero after that is a hidden payload.
            if tar.get(off..).unwrap_or(&[]).iter().any(|&b| b != 0) {
                return Err(BundleError::TarMalformed(
                    "non-zero data after the end-of-archive marker".into(),
                ));
            }
            ended = true;
            break;
        }
        let h = parse_header(block)?;
        match h.typeflag {
            b'0' | 0 => {}
            b'2' => return Err(BundleError::SymlinkMember(h.name)),
            b'1' => return Err(BundleError::HardlinkMember(h.name)),
            t => {
                return Err(BundleError::UnexpectedMemberType {
                    name: h.name,
                    typeflag: char::from(t),
                })
            }
        }
        if h.name.starts_with('/') || h.name.split('/').any(|c| c == "..") {
            return Err(BundleError::PathTraversal(h.name));
        }
        let kind = *payload.get_or_insert(
            if h.name == MEMBER_REPORT || h.name == MEMBER_REPORT_SIGNATURE {
                Payload::ExecutionReport
            } else {
                Payload::Request
            },
        );
        let expected = kind.members();
        let Some(&name) = expected.iter().find(|n| **n == h.name) else {
            return Err(BundleError::UnexpectedMember(h.name));
        };
        if found.iter().any(|(n, _)| *n == name) {
            return Err(BundleError::DuplicateMember(h.name));
        }
        if expected.get(found.len()) != Some(&name) {
            return Err(BundleError::MemberOrder);
        }
        let cap = if name == expected[0] {
            limits.max_compressed_bytes
        } else {
            limits.max_signature_bytes
        };
        if h.size > cap {
            return Err(BundleError::MemberTooLarge {
                name,
                size: h.size,
                cap,
            });
        }
        // h.size <= cap (a u64 that came from config) — still convert without truncation.
        let size = usize::try_from(h.size)
            .map_err(|_| BundleError::TarMalformed("member size does not fit in memory".into()))?;
        let start = off + BLOCK;
        let data = tar
            .get(start..start.saturating_add(size))
            .ok_or_else(|| BundleError::TarMalformed(format!("member {name:?} is truncated")))?;
        found.push((name, data));
        off = start + size.div_ceil(BLOCK) * BLOCK;
    }
    if !ended {
        return Err(BundleError::TarMalformed(
            "no end-of-archive marker (truncated tar)".into(),
        ));
    }
    match found.as_slice() {
        [(_, req), (_, sig)] => Ok(Members {
            payload: payload.unwrap_or(Payload::Request),
            request_zst: req.to_vec(),
            signature: sig.to_vec(),
        }),
        [(_, _)] => Err(BundleError::Unsigned),
        _ => Err(BundleError::MissingMember(MEMBER_REQUEST)),
    }
}

struct Header {
    name: String,
    size: u64,
    typeflag: u8,
}

fn parse_header(block: &[u8]) -> Result<Header, BundleError> {
    let field = |r: std::ops::Range<usize>| block.get(r).unwrap_or(&[]);
    let stored = parse_octal(field(148..156))
        .ok_or_else(|| BundleError::TarMalformed("header checksum field is not octal".into()))?;
    let computed: u64 = block
        .iter()
        .enumerate()
        .map(|(i, &b)| {
            if (148..156).contains(&i) {
                32
            } else {
                u64::from(b)
            }
        })
        .sum();
    if stored != computed {
        return Err(BundleError::TarMalformed("header checksum mismatch".into()));
    }
    let magic = field(257..265);
    let posix = magic == b"ustar\x0000";
    let gnu = magic == b"ustar  \x00";
    if !posix && !gnu {
        return Err(BundleError::TarMalformed(
            "not a ustar header (missing 'ustar' magic)".into(),
        ));
    }
    let cstr = |b: &[u8]| -> Result<String, BundleError> {
        let end = b.iter().position(|&c| c == 0).unwrap_or(b.len());
        String::from_utf8(b.get(..end).unwrap_or(&[]).to_vec())
            .map_err(|_| BundleError::TarMalformed("member name is not UTF-8".into()))
    };
    let mut name = cstr(field(0..100))?;
    if posix {
        let prefix = cstr(field(345..500))?;
        if !prefix.is_empty() {
            name = format!("{prefix}/{name}");
        }
    }
    let size_field = field(124..136);
    if size_field.first().is_some_and(|b| b & 0x80 != 0) {
        return Err(BundleError::TarMalformed(
            "base-256 size field (member over 8 GiB)".into(),
        ));
    }
    let size = parse_octal(size_field)
        .ok_or_else(|| BundleError::TarMalformed("size field is not octal".into()))?;
    Ok(Header {
        name,
        size,
        typeflag: block.get(156).copied().unwrap_or(0),
    })
}

/// A tar numeric field: optional leading spaces, octal digits, then NULs/spaces.
fn parse_octal(f: &[u8]) -> Option<u64> {
    let s = std::str::from_utf8(f).ok()?;
    let s = s.trim_matches(|c| c == ' ' || c == '\0');
    if s.is_empty() {
        return Some(0);
    }
    u64::from_str_radix(s, 8).ok()
}

/// Stage 4: zstd decompression with a hard cap on the output and on the window size.
pub fn decompress(compressed: &[u8], cap: u64) -> Result<Vec<u8>, BundleError> {
    let mut dec = zstd::stream::read::Decoder::with_buffer(compressed)
        .map_err(|e| BundleError::Decompress(one_line(&e.to_string())))?;
    dec.window_log_max(ZSTD_WINDOW_LOG_MAX)
        .map_err(|e| BundleError::Decompress(one_line(&e.to_string())))?;
    let mut out = Vec::new();
    dec.take(cap.saturating_add(1))
        .read_to_end(&mut out)
        .map_err(|e| BundleError::Decompress(one_line(&e.to_string())))?;
    if out.len() as u64 > cap {
        return Err(BundleError::DecompressedTooLarge { cap });
    }
    Ok(out)
}

/// A ustar header block for a member (mode 0644, owner 0, mtime 0).
pub fn ustar_header(name: &str, size: u64, typeflag: u8) -> [u8; BLOCK] {
    let mut h = [0u8; BLOCK];
    let put = |h: &mut [u8; BLOCK], at: usize, bytes: &[u8]| {
        for (d, s) in h.iter_mut().skip(at).zip(bytes) {
            *d = *s;
        }
    };
    put(&mut h, 0, &name.as_bytes()[..name.len().min(100)]);
    put(&mut h, 100, b"0000644\0");
    put(&mut h, 108, b"0000000\0");
    put(&mut h, 116, b"0000000\0");
    put(&mut h, 124, format!("{size:011o}\0").as_bytes());
    put(&mut h, 136, b"00000000000\0");
    put(&mut h, 148, b"        ");
    h[156] = typeflag;
    put(&mut h, 257, b"ustar\x0000");
    put(&mut h, 329, b"0000000\0");
    put(&mut h, 337, b"0000000\0");
    let sum: u32 = h.iter().map(|&b| u32::from(b)).sum();
    put(&mut h, 148, format!("{sum:06o}\0 ").as_bytes());
    h
}

/// Appends one member (header, data, zero padding) to a tar being built.
pub fn tar_append(tar: &mut Vec<u8>, name: &str, data: &[u8], typeflag: u8) {
    tar.extend_from_slice(&ustar_header(name, data.len() as u64, typeflag));
    tar.extend_from_slice(data);
    let pad = (BLOCK - data.len() % BLOCK) % BLOCK;
    tar.resize(tar.len() + pad, 0);
}

/// Appends the end-of-archive marker (two zero blocks).
pub fn tar_finish(tar: &mut Vec<u8>) {
    tar.resize(tar.len() + 2 * BLOCK, 0);
}

/// The inner tar of a request bundle: the two members, in order.
pub fn build_tar(request_zst: &[u8], signature: &[u8]) -> Vec<u8> {
    build_tar_of(Payload::Request, request_zst, signature)
}

/// The inner tar of a bundle carrying `payload`: the two members, in order.
pub fn build_tar_of(payload: Payload, document_zst: &[u8], signature: &[u8]) -> Vec<u8> {
    let [doc, sig] = payload.members();
    let mut tar = Vec::with_capacity(document_zst.len() + signature.len() + 4 * BLOCK);
    tar_append(&mut tar, doc, document_zst, b'0');
    tar_append(&mut tar, sig, signature, b'0');
    tar_finish(&mut tar);
    tar
}

/// age-encrypts `plain` to `recipient` (binary format).
pub fn encrypt(plain: &[u8], recipient: &age::x25519::Recipient) -> Result<Vec<u8>, SealError> {
    let enc = age::Encryptor::with_recipients(std::iter::once(recipient as &dyn age::Recipient))
        .map_err(|e| SealError::Encrypt(e.to_string()))?;
    let mut out = Vec::with_capacity(plain.len() + 256);
    let mut w = enc
        .wrap_output(&mut out)
        .map_err(|e| SealError::Encrypt(e.to_string()))?;
    w.write_all(plain)
        .map_err(|e| SealError::Encrypt(e.to_string()))?;
    w.finish().map_err(|e| SealError::Encrypt(e.to_string()))?;
    Ok(out)
}

/// Seals a request document: validate, zstd-compress, sign the compressed bytes, tar, encrypt.
pub fn seal(
    request: &crate::envelope::request::RequestDocument,
    signer: &SigningKey,
    recipient: &age::x25519::Recipient,
) -> Result<Vec<u8>, SealError> {
    crate::envelope::request::validate(request.clone()).map_err(SealError::Request)?;
    let comment = format!(
        "airgap-audit request request_id={} station_id={} sequence={}",
        request.request_id, request.station_id, request.sequence
    );
    seal_document(&request.to_bytes(), &comment, signer, recipient)
}

/// Seals any document the station reads in this envelope (the caller has validated it):
/// zstd-compress, sign the compressed bytes with `trusted_comment`, tar, encrypt.
pub fn seal_document(
    json: &[u8],
    trusted_comment: &str,
    signer: &SigningKey,
    recipient: &age::x25519::Recipient,
) -> Result<Vec<u8>, SealError> {
    let zst =
        zstd::bulk::compress(json, ZSTD_LEVEL).map_err(|e| SealError::Compress(e.to_string()))?;
    let sig = signer
        .sign(&zst, trusted_comment)
        .map_err(SealError::Sign)?;
    encrypt(&build_tar(&zst, sig.as_bytes()), recipient)
}

/// Seals an execution report: validate, zstd-compress, sign, tar, encrypt (as [`seal`]).
pub fn seal_report(
    report: &crate::envelope::execution_report::ReportDocument,
    signer: &SigningKey,
    recipient: &age::x25519::Recipient,
) -> Result<Vec<u8>, SealError> {
    crate::envelope::execution_report::validate(report.clone()).map_err(SealError::Request)?;
    let json = report.to_bytes();
    let zst =
        zstd::bulk::compress(&json, ZSTD_LEVEL).map_err(|e| SealError::Compress(e.to_string()))?;
    let comment = format!(
        "airgap-audit execution-report request_id={} station_id={} sequence={}",
        report.request_id, report.station_id, report.sequence
    );
    let sig = signer.sign(&zst, &comment).map_err(SealError::Sign)?;
    encrypt(
        &build_tar_of(Payload::ExecutionReport, &zst, sig.as_bytes()),
        recipient,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::envelope::request::tests::sample_doc;

    #[test]
    fn seal_open_round_trip() {
        let id = age::x25519::Identity::generate();
        let k = SigningKey::generate().unwrap();
        let doc = sample_doc(b"{\"plan\":1}");
        let b = seal(&doc, &k, &id.to_public()).unwrap();
        let opened = open(&b, &id, &[k.public().clone()], &Limits::default()).unwrap();
        assert_eq!(opened.request.doc, doc);
        assert_eq!(opened.orchestrator_key_id, k.key_id());
        assert_eq!(opened.bundle_sha256, bundle_sha256(&b));
        assert!(opened
            .signature_trusted_comment
            .contains("request_id=req-0001"));
    }

    #[test]
    fn header_round_trips_through_parser() {
        let mut t = Vec::new();
        tar_append(&mut t, MEMBER_REQUEST, b"abc", b'0');
        tar_append(&mut t, MEMBER_SIGNATURE, b"sig", b'0');
        tar_finish(&mut t);
        let m = untar(&t, &Limits::default()).unwrap();
        assert_eq!(m.request_zst, b"abc");
        assert_eq!(m.signature, b"sig");
    }

    #[test]
    fn decompress_caps_output() {
        let big = vec![0u8; 1 << 20];
        let z = zstd::bulk::compress(&big, 3).unwrap();
        assert!(z.len() < 1024);
        assert!(matches!(
            decompress(&z, 1000),
            Err(BundleError::DecompressedTooLarge { cap: 1000 })
        ));
        assert_eq!(decompress(&z, 1 << 20).unwrap().len(), 1 << 20);
        assert!(matches!(
            decompress(b"not zstd", 1000),
            Err(BundleError::Decompress(_))
        ));
    }
}
