/*!
The tamper-evident ledger: an append-only SQLite table whose entries are the leaves of an
RFC 9162 Merkle tree, with a C2SP checkpoint signed by the station for every committed batch.

Owns: the ledger file (`<home>/ledger.sqlite`) — this module is its only writer — its
high-water mark file (`<home>/ledger.highwater`), and the checkpoint key format. Never touches:
bundles, verdict files, the outbox, the trust store.

- [`merkle`]: RFC 9162 hashing, proof shapes and proof verification (pure).
- [`checkpoint`]: C2SP signed-note checkpoints and the Ed25519 checkpoint key (parsing is pure).
- `store`: schema, pragmas, append-only triggers, row I/O.

Leaf data of entry `i` is the canonical JSON (keys sorted recursively, no whitespace) of
`{body, bundle_sha256, created_at, decision, format, index, kind, orchestrator_key, sequence,
subject}`. The body is stored as canonical JSON text and embedded verbatim, so recomputing a leaf
hash needs no JSON parsing, and the tree can be rebuilt from the stored rows alone.

Deviation from the station contract (documented as the contract asks): `LedgerError::Tampered`
carries a `reason` besides `first_bad_index`; match it as `Tampered { first_bad_index, .. }`.

High-water mark: a ledger opened with the station layout keeps `ledger.highwater` beside the
file (the signed checkpoint of the largest tree committed, rewritten after every append) and
refuses to open when the ledger no longer extends it (rolled back, truncated or wiped), until
[`Ledger::accept_rollback`] records a deliberate recovery.

Keys: [`Ledger::open`] and [`Ledger::create`] look for the station layout beside the ledger
(`keys/checkpoint.key`, else `keys/checkpoint.pub`); use [`Ledger::open_with`] to choose.
With a signing key every committed batch stores a signed checkpoint; with a verifier the latest
checkpoint's signature is checked on open and every checkpoint's by [`Ledger::verify`].
*/
pub mod checkpoint;
pub mod merkle;
mod stats;
mod store;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, TransactionBehavior};
use serde::Serialize;
use serde_json::Value;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

pub use checkpoint::{Checkpoint, CheckpointError, CheckpointSigner, CheckpointVerifier};
pub use merkle::{Hash, ProofError};
pub use stats::{Counts, LastBatch};

use merkle::RootAccumulator;

/// Format marker inside every leaf, so leaves can never be confused with another document.
pub const ENTRY_FORMAT: &str = "airgap-audit/ledger-entry/v1";
/// Largest entry body accepted (canonical JSON bytes).
pub const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;
/// Deepest JSON nesting accepted in an entry body.
pub const MAX_BODY_DEPTH: usize = 64;
/// Largest subject, decision, key id or bundle digest string accepted.
pub const MAX_FIELD_BYTES: usize = 1024;
/// Where the operator is sent when the ledger does not verify.
const RUNBOOK: &str = "stop processing and follow OPERATIONS.md \"Ledger fails verification\"";

/// The kinds of ledger entries (DESIGN.md "Ledger").
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    Verdict,
    Rejection,
    ExecutionCheck,
    Override,
    TrustChange,
    PolicyChange,
    ModelChange,
    SnapshotExport,
    /// A deliberate recovery after a rollback (`ledger accept-rollback`).
    Recovery,
}

impl EntryKind {
    pub const ALL: [EntryKind; 9] = [
        EntryKind::Verdict,
        EntryKind::Rejection,
        EntryKind::ExecutionCheck,
        EntryKind::Override,
        EntryKind::TrustChange,
        EntryKind::PolicyChange,
        EntryKind::ModelChange,
        EntryKind::SnapshotExport,
        EntryKind::Recovery,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Verdict => "verdict",
            EntryKind::Rejection => "rejection",
            EntryKind::ExecutionCheck => "execution_check",
            EntryKind::Override => "override",
            EntryKind::TrustChange => "trust_change",
            EntryKind::PolicyChange => "policy_change",
            EntryKind::ModelChange => "model_change",
            EntryKind::SnapshotExport => "snapshot_export",
            EntryKind::Recovery => "recovery",
        }
    }

    pub fn parse(s: &str) -> Option<EntryKind> {
        EntryKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

impl std::fmt::Display for EntryKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for EntryKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        EntryKind::parse(s).ok_or_else(|| {
            let all: Vec<&str> = EntryKind::ALL.iter().map(|k| k.as_str()).collect();
            format!("unknown entry kind {s:?}; use one of {}", all.join(", "))
        })
    }
}

/// An entry to append. `created_at` is RFC 3339 (UTC recommended); `body` is any JSON value and
/// is stored in canonical form.
#[derive(Debug, Clone, PartialEq)]
pub struct NewEntry {
    pub kind: EntryKind,
    /// Request id, bundle SHA-256, key id... whatever the entry is about.
    pub subject: String,
    pub bundle_sha256: Option<String>,
    pub orchestrator_key: Option<String>,
    pub sequence: Option<u64>,
    pub decision: Option<String>,
    pub created_at: String,
    pub body: Value,
}

impl NewEntry {
    /// The checks [`Ledger::append_batch`] makes on each entry, without a ledger: a caller that
    /// builds entries from outside data runs them first, so one unrecordable entry is refused on
    /// its own instead of failing the whole batch's transaction.
    pub fn check_recordable(&self) -> Result<(), LedgerError> {
        Prepared::new(self).map(|_| ())
    }
}

/// What [`Ledger::append_batch`] returns per entry, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Appended {
    pub index: u64,
    pub leaf_hash: [u8; 32],
}

/// A stored entry, checked against its leaf hash when read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    pub index: u64,
    pub kind: EntryKind,
    pub subject: String,
    pub bundle_sha256: Option<String>,
    pub orchestrator_key: Option<String>,
    pub sequence: Option<u64>,
    pub decision: Option<String>,
    pub created_at: String,
    pub body: Value,
    #[serde(serialize_with = "ser_hex")]
    pub leaf_hash: [u8; 32],
}

fn ser_hex<S: serde::Serializer>(h: &[u8; 32], s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&hex::encode(h))
}

fn ser_hex_vec<S: serde::Serializer>(v: &[Hash], s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeSeq;
    let mut seq = s.serialize_seq(Some(v.len()))?;
    for h in v {
        seq.serialize_element(&hex::encode(h))?;
    }
    seq.end()
}

/// Selection for [`Ledger::list`]; every field that is set must match.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub kind: Option<EntryKind>,
    /// Exact subject (the request id for verdicts).
    pub subject: Option<String>,
    pub decision: Option<String>,
    /// Entries created at or after this instant.
    pub since: Option<OffsetDateTime>,
    /// Entries created strictly before this instant.
    pub until: Option<OffsetDateTime>,
    /// At most this many entries (lowest indices first).
    pub limit: Option<u64>,
}

/// Which checkpoint key the ledger uses.
#[derive(Debug)]
pub enum LedgerKeys {
    /// Look beside the ledger: `keys/checkpoint.key` (sign), else `keys/checkpoint.pub` (verify).
    Station,
    /// No key: checkpoints are stored unsigned and signatures are not checked.
    None,
    /// Check signatures; refuse to append (appending needs the signing key).
    Verify(CheckpointVerifier),
    /// Sign new checkpoints and check stored ones.
    Sign(CheckpointSigner),
}

/// The result of a full [`Ledger::verify`].
#[derive(Debug, Clone, Serialize)]
pub struct VerifyReport {
    pub size: u64,
    #[serde(serialize_with = "ser_hex")]
    pub root: Hash,
    pub checkpoints: u64,
    /// Checkpoint signatures checked (0 when no key was available).
    pub signatures_verified: u64,
    /// The checkpoint key name the signatures were checked against.
    pub key: Option<String>,
}

/// An inclusion proof, self-contained for offline checking.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InclusionProof {
    pub index: u64,
    pub tree_size: u64,
    #[serde(with = "hex32")]
    pub leaf_hash: Hash,
    #[serde(with = "hex32")]
    pub root: Hash,
    #[serde(with = "hex32_vec")]
    pub proof: Vec<Hash>,
    /// The station's signed checkpoint for `tree_size`, when one was stored.
    pub checkpoint: Option<String>,
}

impl InclusionProof {
    /// Check the proof's arithmetic (not the checkpoint signature).
    pub fn verify(&self) -> Result<(), ProofError> {
        merkle::verify_inclusion(
            &self.leaf_hash,
            self.index,
            self.tree_size,
            &self.proof,
            &self.root,
        )
    }
}

/// A consistency proof between two tree sizes.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsistencyProof {
    pub old_size: u64,
    pub new_size: u64,
    #[serde(with = "hex32")]
    pub old_root: Hash,
    #[serde(with = "hex32")]
    pub new_root: Hash,
    #[serde(with = "hex32_vec")]
    pub proof: Vec<Hash>,
    pub old_checkpoint: Option<String>,
    pub new_checkpoint: Option<String>,
}

impl ConsistencyProof {
    pub fn verify(&self) -> Result<(), ProofError> {
        merkle::verify_consistency(
            self.old_size,
            self.new_size,
            &self.proof,
            &self.old_root,
            &self.new_root,
        )
    }
}

mod hex32 {
    use serde::{Deserialize, Deserializer, Serializer};
    pub fn serialize<S: Serializer>(h: &[u8; 32], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&hex::encode(h))
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<[u8; 32], D::Error> {
        let s = String::deserialize(d)?;
        parse(&s).map_err(serde::de::Error::custom)
    }
    pub fn parse(s: &str) -> Result<[u8; 32], String> {
        let mut out = [0u8; 32];
        if s.len() != 64 || s.bytes().any(|b| b.is_ascii_uppercase()) {
            return Err("expected 64 lowercase hex digits".into());
        }
        hex::decode_to_slice(s, &mut out).map_err(|e| e.to_string())?;
        Ok(out)
    }
}

mod hex32_vec {
    use serde::{Deserialize, Deserializer, Serializer};
    pub fn serialize<S: Serializer>(v: &[[u8; 32]], s: S) -> Result<S::Ok, S::Error> {
        super::ser_hex_vec(v, s)
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<[u8; 32]>, D::Error> {
        let v: Vec<String> = Vec::deserialize(d)?;
        if v.len() > 128 {
            return Err(serde::de::Error::custom("proof has more than 128 hashes"));
        }
        v.iter()
            .map(|s| super::hex32::parse(s).map_err(serde::de::Error::custom))
            .collect()
    }
}

/// What exactly was found wrong with a tampered ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TamperReason {
    /// The stored data does not hash to the stored leaf hash.
    LeafHash,
    /// Entry indices jump over this index (a row was deleted).
    Gap { next_found: u64 },
    /// The latest checkpoint covers more entries than are present (trailing rows deleted).
    Truncated { checkpoint_size: u64, entries: u64 },
    /// Entries beyond the latest checkpoint (rows inserted without a checkpoint).
    Uncovered { checkpoint_size: u64 },
    /// The entries do not produce the root recorded for this checkpoint size.
    CheckpointRoot { checkpoint_size: u64 },
    /// The checkpoint's signed note is missing, invalid or disagrees with its row.
    CheckpointSignature {
        checkpoint_size: u64,
        detail: String,
    },
    /// A column cannot be read or does not agree with the hashed data.
    Unreadable { detail: String },
    /// Records a request id or a bundle that an earlier entry already records.
    Duplicate { first: u64, what: String },
}

impl std::fmt::Display for TamperReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TamperReason::LeafHash => write!(f, "does not match its hash"),
            TamperReason::Gap { next_found } => {
                write!(f, "is missing (the next entry present is {next_found})")
            }
            TamperReason::Truncated {
                checkpoint_size,
                entries,
            } => write!(
                f,
                "is missing (the checkpoint covers {checkpoint_size} entries, only {entries} are present)"
            ),
            TamperReason::Uncovered { checkpoint_size } => write!(
                f,
                "is not covered by a checkpoint (the latest checkpoint covers {checkpoint_size} entries)"
            ),
            TamperReason::CheckpointRoot { checkpoint_size } => write!(
                f,
                "or a later one up to index {} was changed (the entries do not give the root of the checkpoint for size {checkpoint_size})",
                checkpoint_size.saturating_sub(1)
            ),
            TamperReason::CheckpointSignature {
                checkpoint_size,
                detail,
            } => write!(
                f,
                "or a later one is not covered by a valid signed checkpoint (checkpoint for size {checkpoint_size}: {detail})"
            ),
            TamperReason::Unreadable { detail } => write!(f, "cannot be read ({detail})"),
            TamperReason::Duplicate { first, what } => write!(
                f,
                "records {what} a second time (first in entry {first}): the same request was judged twice"
            ),
        }
    }
}

/// Errors of the ledger. Every message is one line saying what is wrong and what to do.
#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    #[error("ledger entry {first_bad_index} {reason}: the ledger was modified outside airgap-audit; {RUNBOOK}")]
    Tampered {
        first_bad_index: u64,
        reason: TamperReason,
    },
    #[error("the ledger's append-only trigger {name} was removed: the ledger was modified outside airgap-audit; {RUNBOOK}")]
    TriggerMissing { name: String },
    #[error("no ledger at {}: run 'airgap-audit init --home DIR' first, or pass the station's --home", path.display())]
    NotFound { path: PathBuf },
    #[error("a ledger already exists at {}: refusing to overwrite it; pick another path", path.display())]
    AlreadyExists { path: PathBuf },
    #[error("{} is not an airgap-audit ledger ({detail}): pass the station's --home or the right file", path.display())]
    NotALedger { path: PathBuf, detail: String },
    #[error("invalid ledger entry: {0}; this is a bug in the caller, please report it")]
    InvalidEntry(String),
    #[error("ledger has no entry {index} (it holds {size} entries): use an index below {size}")]
    NoSuchEntry { index: u64, size: u64 },
    #[error("the ledger was opened without the checkpoint signing key, so it cannot append: check {}", key_hint.display())]
    NoSigningKey { key_hint: PathBuf },
    #[error("cannot build the proof: {0}; use sizes and indices within the ledger")]
    Proof(#[from] ProofError),
    #[error("{0}")]
    Key(#[from] CheckpointError),
    #[error("ledger database error on {}: {source}; check the disk and the file's permissions, then run 'airgap-audit ledger verify'", path.display())]
    Sqlite {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    #[error("ledger file error on {}: {source}; check the disk and the file's permissions", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{detail} (high-water mark {}): entries this station committed are gone; stop processing and follow OPERATIONS.md \"Ledger fails verification\"; if the ledger was restored from a backup on purpose, run 'airgap-audit ledger accept-rollback --reason TEXT'", file.display())]
    RolledBack { file: PathBuf, detail: String },
    #[error("{}: the station's high-water mark is unusable: {detail}; stop processing and follow OPERATIONS.md \"Ledger fails verification\"", file.display())]
    HighWater { file: PathBuf, detail: String },
    #[error("ledger entry {index} already records {what}, written by another run while this one was judging; nothing of this batch was recorded: run the command again (what is recorded is not judged twice)")]
    AlreadyRecorded { index: u64, what: String },
    #[error("snapshot {} does not match its checkpoint {}: {detail}; the snapshot or its checkpoint was altered, do not rely on it", snapshot.display(), checkpoint.display())]
    SnapshotMismatch {
        snapshot: PathBuf,
        checkpoint: PathBuf,
        detail: String,
    },
}

impl LedgerError {
    /// The first entry index the error points at, for tamper errors.
    pub fn first_bad_index(&self) -> Option<u64> {
        match self {
            LedgerError::Tampered {
                first_bad_index, ..
            } => Some(*first_bad_index),
            _ => None,
        }
    }
}

fn tampered(first_bad_index: u64, reason: TamperReason) -> LedgerError {
    LedgerError::Tampered {
        first_bad_index,
        reason,
    }
}

/// Canonical JSON ([`crate::canonical`], the same encoding verdicts and receipts are signed in):
/// object keys sorted by their UTF-8 bytes at every level, no whitespace, serde_json's string
/// escaping and shortest number form.
///
/// A `Value` holds no non-finite number, so the only possible error is nesting deeper than
/// [`crate::canonical::MAX_DEPTH`]: appends check [`MAX_BODY_DEPTH`] (the same bound) first, and
/// when re-checking a stored body the empty string simply never matches, which reports the row.
pub fn canonical_json(v: &Value) -> String {
    crate::canonical::to_string(v).unwrap_or_default()
}

/// Nesting depth of a JSON value (a scalar is 0), without recursion.
fn json_depth(v: &Value) -> usize {
    let mut max = 0;
    let mut stack = vec![(v, 0usize)];
    while let Some((v, d)) = stack.pop() {
        max = max.max(d);
        match v {
            Value::Array(a) => stack.extend(a.iter().map(|x| (x, d + 1))),
            Value::Object(m) => stack.extend(m.values().map(|x| (x, d + 1))),
            _ => {}
        }
    }
    max
}

fn push_json_str(s: &str, out: &mut String) {
    // Serializing a &str cannot fail; the fallback keeps this total anyway.
    match serde_json::to_string(s) {
        Ok(q) => out.push_str(&q),
        Err(_) => out.push_str("\"\""),
    }
}

fn json_opt_str(v: Option<&str>) -> String {
    match v {
        Some(s) => {
            let mut o = String::new();
            push_json_str(s, &mut o);
            o
        }
        None => "null".into(),
    }
}

/// The fields of an entry that go into its leaf, borrowed from a new entry or a stored row.
struct LeafFields<'a> {
    index: u64,
    kind: &'a str,
    subject: &'a str,
    bundle_sha256: Option<&'a str>,
    orchestrator_key: Option<&'a str>,
    sequence: Option<i64>,
    decision: Option<&'a str>,
    created_at: &'a str,
    /// Canonical JSON text of the body.
    body: &'a str,
}

impl LeafFields<'_> {
    /// Everything after the body in the canonical leaf document (keys in sorted order).
    fn tail(&self) -> String {
        format!(
            ",\"bundle_sha256\":{},\"created_at\":{},\"decision\":{},\"format\":{},\"index\":{},\"kind\":{},\"orchestrator_key\":{},\"sequence\":{},\"subject\":{}}}",
            json_opt_str(self.bundle_sha256),
            json_opt_str(Some(self.created_at)),
            json_opt_str(self.decision),
            json_opt_str(Some(ENTRY_FORMAT)),
            self.index,
            json_opt_str(Some(self.kind)),
            json_opt_str(self.orchestrator_key),
            self.sequence.map_or_else(|| "null".to_string(), |s| s.to_string()),
            json_opt_str(Some(self.subject)),
        )
    }

    fn leaf_hash(&self) -> Hash {
        let tail = self.tail();
        merkle::leaf_hash_parts(&[b"{\"body\":", self.body.as_bytes(), tail.as_bytes()])
    }

    /// The exact leaf data bytes (for export and tests; hashing does not build this).
    fn leaf_data(&self) -> Vec<u8> {
        let mut v = b"{\"body\":".to_vec();
        v.extend_from_slice(self.body.as_bytes());
        v.extend_from_slice(self.tail().as_bytes());
        v
    }
}

fn row_fields(r: &store::RawRow, index: u64) -> LeafFields<'_> {
    LeafFields {
        index,
        kind: &r.kind,
        subject: &r.subject,
        bundle_sha256: r.bundle_sha256.as_deref(),
        orchestrator_key: r.orchestrator_key.as_deref(),
        sequence: r.sequence,
        decision: r.decision.as_deref(),
        created_at: &r.created_at,
        body: &r.body,
    }
}

/// A root as checkpoints write it (standard base64), so printed roots match saved notes.
pub fn b64(h: &Hash) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(h)
}

fn parse_time(s: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(s, &Rfc3339).ok()
}

fn now_rfc3339() -> String {
    OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .unwrap_or_else(|_| OffsetDateTime::now_utc())
        .format(&Rfc3339)
        .unwrap_or_else(|_| "1970-01-01T00:00:00Z".into())
}

/// The Merkle-tree ledger. Holds all leaf hashes in memory (32 bytes per entry) so roots and
/// proofs need no further reads.
pub struct Ledger {
    conn: Connection,
    path: PathBuf,
    leaves: Vec<Hash>,
    acc: RootAccumulator,
    signer: Option<CheckpointSigner>,
    verifier: Option<CheckpointVerifier>,
    read_only: bool,
    /// The station's high-water mark file (`<ledger>.highwater`), kept for a ledger opened with
    /// the station layout ([`LedgerKeys::Station`]); `None` for snapshots and bare files.
    high_water: Option<PathBuf>,
}

/// Largest high-water mark file read (one signed checkpoint note).
const MAX_HIGH_WATER_BYTES: u64 = 4096;

/// The high-water mark file beside a ledger file: `ledger.sqlite` → `ledger.highwater`.
pub fn high_water_path(ledger: &Path) -> PathBuf {
    ledger.with_extension("highwater")
}

impl std::fmt::Debug for Ledger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ledger")
            .field("path", &self.path)
            .field("size", &self.leaves.len())
            .field(
                "signer",
                &self.signer.as_ref().map(|s| s.name().to_string()),
            )
            .finish()
    }
}

/// Result of scanning all rows: leaf hashes, or the first problem.
struct Scan {
    leaves: Vec<Hash>,
}

impl Ledger {
    /// Create a new, empty ledger at `path` (refuses to overwrite), with the station's keys.
    pub fn create(path: &Path) -> Result<Ledger, LedgerError> {
        Ledger::create_with(path, LedgerKeys::Station)
    }

    pub fn create_with(path: &Path, keys: LedgerKeys) -> Result<Ledger, LedgerError> {
        if std::fs::symlink_metadata(path).is_ok() {
            return Err(LedgerError::AlreadyExists {
                path: path.to_path_buf(),
            });
        }
        let station_layout = matches!(keys, LedgerKeys::Station);
        let (signer, verifier) = resolve_keys(path, keys)?;
        let verifier_present = verifier.is_some();
        let conn = store::create(path).map_err(|e| sql(path, e))?;
        sync_parent_dir(path)?;
        Ok(Ledger {
            conn,
            path: path.to_path_buf(),
            leaves: Vec::new(),
            acc: RootAccumulator::new(),
            signer,
            verifier,
            read_only: false,
            high_water: (station_layout && verifier_present).then(|| high_water_path(path)),
        })
    }

    /// Open an existing ledger with the station's keys, recompute every leaf hash and the root,
    /// and compare them with the latest checkpoint (and its signature, when a key is present).
    pub fn open(path: &Path) -> Result<Ledger, LedgerError> {
        Ledger::open_with(path, LedgerKeys::Station)
    }

    pub fn open_with(path: &Path, keys: LedgerKeys) -> Result<Ledger, LedgerError> {
        Ledger::open_inner(path, keys, false, true)
    }

    /// Open for reading only (auditors, snapshots): appends fail, nothing is written.
    pub fn open_read_only(path: &Path, keys: LedgerKeys) -> Result<Ledger, LedgerError> {
        Ledger::open_inner(path, keys, true, true)
    }

    /// Open the station's ledger WITHOUT comparing it with the high-water mark, only to record
    /// a deliberate recovery ([`Ledger::accept_rollback`]); everything else is checked as usual.
    pub fn open_for_recovery(path: &Path) -> Result<Ledger, LedgerError> {
        Ledger::open_inner(path, LedgerKeys::Station, false, false)
    }

    fn open_inner(
        path: &Path,
        keys: LedgerKeys,
        read_only: bool,
        check_high_water: bool,
    ) -> Result<Ledger, LedgerError> {
        match std::fs::symlink_metadata(path) {
            Ok(m) if m.file_type().is_file() => {}
            Ok(_) => {
                return Err(LedgerError::NotALedger {
                    path: path.to_path_buf(),
                    detail: "not a regular file (symlinks are not followed)".into(),
                })
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(LedgerError::NotFound {
                    path: path.to_path_buf(),
                })
            }
            Err(e) => return Err(io_err(path, e)),
        }
        let station_layout = matches!(keys, LedgerKeys::Station);
        let (signer, verifier) = resolve_keys(path, keys)?;
        let verifier_present = verifier.is_some();
        let conn = store::open(path, read_only).map_err(|e| sql(path, e))?;
        let v1 = match store::schema_version(&conn) {
            Ok(Some(v)) if v == store::SCHEMA_VERSION => false,
            Ok(Some(v)) if v == store::SCHEMA_V1 => true,
            Ok(Some(v)) => {
                return Err(LedgerError::NotALedger {
                    path: path.to_path_buf(),
                    detail: format!("unsupported schema {v:?}"),
                })
            }
            Ok(None) => {
                return Err(LedgerError::NotALedger {
                    path: path.to_path_buf(),
                    detail: "no ledger schema".into(),
                })
            }
            Err(e) => {
                return Err(LedgerError::NotALedger {
                    path: path.to_path_buf(),
                    detail: e.to_string(),
                })
            }
        };
        let mut ledger = Ledger {
            conn,
            path: path.to_path_buf(),
            leaves: Vec::new(),
            acc: RootAccumulator::new(),
            signer,
            verifier,
            read_only,
            high_water: (station_layout && verifier_present).then(|| high_water_path(path)),
        };
        ledger.load(false)?;
        if check_high_water {
            if ledger.high_water.is_some() {
                ledger.check_high_water()?;
            } else if verifier_present {
                // Opened with an explicit key (an auditor's `ledger verify --key`): a mark beside
                // the file is still checked, read-only.
                ledger.check_mark(&high_water_path(path))?;
            }
        }
        if v1 && !read_only {
            // Only a ledger that verified (load above, duplicates included) is migrated.
            let tx = ledger
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(|e| sql(path, e))?;
            store::migrate_v1(&tx).map_err(|e| sql(path, e))?;
            tx.commit().map_err(|e| sql(path, e))?;
        }
        Ok(ledger)
    }

    /// Recompute every leaf from the stored data and check the tree against the checkpoints.
    /// `full`: check every checkpoint and signature and re-parse every body (verify), else only
    /// the latest checkpoint (open).
    fn load(&mut self, full: bool) -> Result<VerifyReport, LedgerError> {
        // One read transaction: the entries and the latest checkpoint come from the same
        // snapshot, so a batch `watch` commits meanwhile cannot look like a truncation.
        let snapshot = self.conn.is_autocommit();
        if snapshot {
            self.conn
                .execute_batch("BEGIN DEFERRED")
                .map_err(|e| self.sql(e))?;
        }
        let result = self.load_in_snapshot(full);
        if snapshot {
            // Nothing was written; ending the read transaction cannot lose anything.
            let _ = self.conn.execute_batch("ROLLBACK");
        }
        result
    }

    fn load_in_snapshot(&mut self, full: bool) -> Result<VerifyReport, LedgerError> {
        let scan = self.scan(full)?;
        let n = scan.leaves.len() as u64;
        let mut acc = RootAccumulator::new();
        for l in &scan.leaves {
            acc.push(*l);
        }
        let root = acc.root();
        let latest = store::latest_checkpoint(&self.conn).map_err(|e| self.sql(e))?;
        let checkpoint_size = match &latest {
            None => 0,
            Some(c) => u64::try_from(c.size).unwrap_or(0),
        };
        if checkpoint_size > n {
            return Err(tampered(
                n,
                TamperReason::Truncated {
                    checkpoint_size,
                    entries: n,
                },
            ));
        }
        if checkpoint_size < n {
            return Err(tampered(
                checkpoint_size,
                TamperReason::Uncovered { checkpoint_size },
            ));
        }
        let (checkpoints, signatures_verified) = if full {
            self.check_all_checkpoints(&scan.leaves)?
        } else {
            if let Some(c) = &latest {
                let ok = <[u8; 32]>::try_from(c.root.as_slice())
                    .is_ok_and(|r| merkle::hashes_equal(&r, &root));
                if !ok {
                    // Find exactly which checkpoint first disagrees, to name the first bad index.
                    self.check_all_checkpoints(&scan.leaves)?;
                    return Err(tampered(
                        0,
                        TamperReason::CheckpointRoot { checkpoint_size },
                    ));
                }
                if let Some(v) = &self.verifier {
                    if let Err(detail) = check_note(v, c.note.as_deref(), checkpoint_size, &root) {
                        // Name the newest entry still covered by a good signature.
                        self.check_all_checkpoints(&scan.leaves)?;
                        return Err(tampered(
                            0,
                            TamperReason::CheckpointSignature {
                                checkpoint_size,
                                detail,
                            },
                        ));
                    }
                }
            }
            (
                u64::from(latest.is_some()),
                u64::from(self.verifier.is_some() && latest.is_some()),
            )
        };
        // A request id or bundle recorded twice (two runs judged the same bundles, or rows were
        // copied in): the entries hash fine, so the tree alone would not show it.
        if let Some((first, second, what)) =
            store::first_duplicate(&self.conn).map_err(|e| self.sql(e))?
        {
            return Err(tampered(
                u64::try_from(second).unwrap_or(u64::MAX),
                TamperReason::Duplicate {
                    first: u64::try_from(first).unwrap_or(u64::MAX),
                    what,
                },
            ));
        }
        let missing = store::missing_triggers(&self.conn).map_err(|e| self.sql(e))?;
        if let Some(name) = missing.first() {
            return Err(LedgerError::TriggerMissing {
                name: name.to_string(),
            });
        }
        self.leaves = scan.leaves;
        self.acc = acc;
        Ok(VerifyReport {
            size: n,
            root,
            checkpoints,
            signatures_verified,
            key: self.verifier.as_ref().map(|v| v.name().to_string()),
        })
    }

    /// Read every row in index order, recompute its leaf hash from its data and compare.
    fn scan(&self, full: bool) -> Result<Scan, LedgerError> {
        let sql_text = format!("SELECT {} FROM entries ORDER BY idx", store::ENTRY_COLUMNS);
        let mut stmt = self.conn.prepare(&sql_text).map_err(|e| self.sql(e))?;
        let mut rows = stmt.query([]).map_err(|e| self.sql(e))?;
        let mut leaves = Vec::new();
        loop {
            let expected = leaves.len() as u64;
            let row = match rows.next() {
                Ok(Some(r)) => r,
                Ok(None) => break,
                Err(e) => return Err(self.sql(e)),
            };
            let idx: i64 = row.get(0).map_err(|e| self.sql(e))?;
            let idx = u64::try_from(idx).unwrap_or(u64::MAX);
            if idx != expected {
                return Err(tampered(expected, TamperReason::Gap { next_found: idx }));
            }
            // Borrow the column bytes straight from SQLite: no copy of the body on this path.
            let (fields, stored) = store::borrow_row(row, expected).map_err(|e| {
                tampered(
                    expected,
                    TamperReason::Unreadable {
                        detail: e.to_string(),
                    },
                )
            })?;
            check_fields(&fields, stored, expected, full)?;
            let unix = store::created_unix(row).map_err(|e| {
                tampered(
                    expected,
                    TamperReason::Unreadable {
                        detail: e.to_string(),
                    },
                )
            })?;
            check_created_unix(fields.created_at, unix, expected)?;
            leaves.push(fields_leaf(&fields, stored, expected)?);
        }
        Ok(Scan { leaves })
    }

    /// Check every checkpoint row: root at its size, and (with a key) its signed note.
    /// Returns (checkpoints, signatures verified).
    fn check_all_checkpoints(&self, leaves: &[Hash]) -> Result<(u64, u64), LedgerError> {
        let rows = store::all_checkpoints(&self.conn).map_err(|e| self.sql(e))?;
        let mut acc = RootAccumulator::new();
        let mut prev_good = 0u64;
        let mut sigs = 0u64;
        for c in &rows {
            let size = u64::try_from(c.size).unwrap_or(0);
            if size == 0 || size > leaves.len() as u64 {
                return Err(tampered(
                    prev_good,
                    TamperReason::Truncated {
                        checkpoint_size: size,
                        entries: leaves.len() as u64,
                    },
                ));
            }
            while acc.size() < size {
                let i = usize::try_from(acc.size()).unwrap_or(usize::MAX);
                match leaves.get(i) {
                    Some(l) => acc.push(*l),
                    None => break,
                }
            }
            let root = acc.root();
            let ok = <[u8; 32]>::try_from(c.root.as_slice())
                .is_ok_and(|r| merkle::hashes_equal(&r, &root));
            if !ok {
                return Err(tampered(
                    prev_good,
                    TamperReason::CheckpointRoot {
                        checkpoint_size: size,
                    },
                ));
            }
            if let Some(v) = &self.verifier {
                check_note(v, c.note.as_deref(), size, &root).map_err(|detail| {
                    tampered(
                        prev_good,
                        TamperReason::CheckpointSignature {
                            checkpoint_size: size,
                            detail,
                        },
                    )
                })?;
                sigs += 1;
            }
            prev_good = size;
        }
        Ok((rows.len() as u64, sigs))
    }

    /// Recompute everything: every leaf hash from its data, every body's canonical form, every
    /// checkpoint's root and (with a key) signature, the append-only triggers.
    pub fn verify(&mut self) -> Result<VerifyReport, LedgerError> {
        self.load(true)
    }

    /// Number of entries.
    pub fn size(&self) -> u64 {
        self.leaves.len() as u64
    }

    /// The current Merkle root.
    pub fn root(&self) -> Hash {
        self.acc.root()
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The checkpoint verifier in use, if any.
    pub fn verifier(&self) -> Option<&CheckpointVerifier> {
        self.verifier.as_ref()
    }

    /// The root of the tree made of the first `size` entries.
    pub fn root_at(&self, size: u64) -> Result<Hash, LedgerError> {
        let n = usize::try_from(size).unwrap_or(usize::MAX);
        match self.leaves.get(..n) {
            Some(prefix) => Ok(merkle::root_from_leaves(prefix)),
            None => Err(LedgerError::Proof(ProofError::IndexOutOfRange {
                index: size,
                size: self.size(),
            })),
        }
    }

    /// Whether this ledger extends the tree of `size` entries with `root`: it holds at least
    /// `size` entries and its first `size` give exactly `root`. `Err` is one phrase saying how it
    /// does not (shorter: wiped, truncated or rolled back; other root: rewritten or rolled back).
    pub fn check_extends(&self, size: u64, root: &Hash) -> Result<(), String> {
        if size > self.size() {
            return Err(format!(
                "the station's ledger holds {} entries, fewer than the {size} of the checkpoint: it was wiped, truncated or rolled back",
                self.size()
            ));
        }
        let ours = self.root_at(size).map_err(|e| e.to_string())?;
        if !merkle::hashes_equal(&ours, root) {
            return Err(format!(
                "the station's ledger does not extend the checkpoint: its first {size} entries give root {}, not {}; it was rewritten or rolled back",
                b64(&ours),
                b64(root)
            ));
        }
        Ok(())
    }

    /// Append entries in one IMMEDIATE transaction with one commit (one fsync): the entries and
    /// a checkpoint for the new size, signed when the signing key is loaded. Durable on return.
    pub fn append_batch(&mut self, entries: Vec<NewEntry>) -> Result<Vec<Appended>, LedgerError> {
        if entries.is_empty() {
            return Ok(Vec::new());
        }
        if self.read_only || (self.signer.is_none() && self.verifier.is_some()) {
            return Err(LedgerError::NoSigningKey {
                key_hint: self.key_dir().join("checkpoint.key"),
            });
        }
        let prepared = entries
            .iter()
            .map(Prepared::new)
            .collect::<Result<Vec<_>, _>>()?;
        // Another process may have appended since we loaded; catch up (re-verifying) first.
        let on_disk = self.stored_size()?;
        if on_disk != self.size() {
            self.load(false)?;
        }
        let start = self.size();
        let mut acc = self.acc.clone();
        let mut out = Vec::with_capacity(prepared.len());
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| sql(&path, e))?;
        let stored: Option<i64> = tx
            .query_row("SELECT max(size) FROM checkpoints", [], |r| r.get(0))
            .map_err(|e| sql(&path, e))?;
        if stored.map_or(0, |s| u64::try_from(s).unwrap_or(0)) != start {
            // Lost a race with another writer between the check above and BEGIN IMMEDIATE.
            drop(tx);
            self.load(false)?;
            return self.append_batch(entries);
        }
        for (i, p) in prepared.iter().enumerate() {
            // Replay re-checked inside the write transaction: whatever the caller looked up
            // before, nothing can record a bundle or a verdict's request id twice.
            let hit = store::already_recorded(
                &tx,
                p.entry.kind.as_str(),
                &p.entry.subject,
                p.entry.bundle_sha256.as_deref(),
            )
            .map_err(|e| sql(&path, e))?;
            let in_batch = prepared[..i].iter().position(|q| {
                (q.entry.bundle_sha256.is_some() && q.entry.bundle_sha256 == p.entry.bundle_sha256)
                    || (q.entry.kind == EntryKind::Verdict
                        && p.entry.kind == EntryKind::Verdict
                        && q.entry.subject.eq_ignore_ascii_case(&p.entry.subject))
            });
            if let Some((idx, what)) = hit {
                return Err(LedgerError::AlreadyRecorded {
                    index: u64::try_from(idx).unwrap_or(u64::MAX),
                    what,
                });
            }
            if in_batch.is_some() {
                return Err(LedgerError::InvalidEntry(format!(
                    "entry {i} of the batch records {:?} again",
                    p.entry.subject
                )));
            }
            let index = start + i as u64;
            let idx = i64::try_from(index)
                .map_err(|_| LedgerError::InvalidEntry("ledger index overflow".into()))?;
            let fields = p.fields(index);
            let leaf = fields.leaf_hash();
            store::insert_entry(
                &tx,
                &store::InsertRow {
                    idx,
                    kind: p.entry.kind.as_str(),
                    subject: &p.entry.subject,
                    bundle_sha256: p.entry.bundle_sha256.as_deref(),
                    orchestrator_key: p.entry.orchestrator_key.as_deref(),
                    sequence: p.sequence,
                    decision: p.entry.decision.as_deref(),
                    created_at: &p.entry.created_at,
                    created_unix: p.created_unix,
                    body: &p.body,
                    leaf_hash: &leaf,
                },
            )
            .map_err(|e| sql(&path, e))?;
            acc.push(leaf);
            out.push(Appended {
                index,
                leaf_hash: leaf,
            });
        }
        let size = acc.size();
        let root = acc.root();
        let note = self.signer.as_ref().map(|s| {
            s.sign(&Checkpoint {
                origin: s.name().to_string(),
                size,
                root,
                extensions: Vec::new(),
            })
        });
        let size_i = i64::try_from(size)
            .map_err(|_| LedgerError::InvalidEntry("ledger size overflow".into()))?;
        store::insert_checkpoint(&tx, size_i, &root, note.as_deref()).map_err(|e| sql(&path, e))?;
        tx.commit().map_err(|e| sql(&path, e))?;
        self.leaves.extend(out.iter().map(|a| a.leaf_hash));
        self.acc = acc;
        if let Some(note) = &note {
            // After the commit: a crash between the two leaves the mark behind the ledger, which
            // the next open moves forward. A mark that cannot be written weakens only the
            // rollback check, so the committed batch stands and the failure is logged.
            if let Err(e) = self.write_high_water(note) {
                tracing::warn!("{e}");
            }
        }
        Ok(out)
    }

    /// Records `note` (the signed checkpoint of the current tree) as the high-water mark.
    fn write_high_water(&self, note: &str) -> Result<(), LedgerError> {
        let Some(hw) = &self.high_water else {
            return Ok(());
        };
        crate::fsx::write_atomic(hw, note.as_bytes(), 0o644).map_err(|e| LedgerError::Io {
            path: hw.clone(),
            source: std::io::Error::other(e.to_string()),
        })
    }

    /// The station's high-water mark (the signed checkpoint of the largest tree this station has
    /// committed, kept outside the ledger file) must be extended by the ledger: a ledger that was
    /// put back from an older copy, truncated, cut back to a checkpoint or wiped is refused. A
    /// missing mark is written from the current tree (first run of this version); a mark behind
    /// the ledger (crash right after a commit) is moved forward.
    fn check_high_water(&mut self) -> Result<(), LedgerError> {
        let Some(hw) = self.high_water.clone() else {
            return Ok(());
        };
        match self.check_mark(&hw)? {
            None => self.advance_high_water(),
            Some(size) if size < self.size() => self.advance_high_water(),
            Some(_) => Ok(()),
        }
    }

    /// Checks the ledger against the mark in `hw` without writing anything: `Ok(None)` when
    /// there is no mark file (or no key to authenticate it), `Ok(Some(size))` when the ledger
    /// extends the mark of that size.
    fn check_mark(&self, hw: &Path) -> Result<Option<u64>, LedgerError> {
        let text = match crate::fsx::read_capped(hw, MAX_HIGH_WATER_BYTES) {
            Ok(t) => t,
            Err(crate::fsx::FsxError::Io { err, .. })
                if err.kind() == std::io::ErrorKind::NotFound =>
            {
                return Ok(None)
            }
            Err(e) => {
                return Err(LedgerError::HighWater {
                    file: hw.to_path_buf(),
                    detail: e.to_string(),
                })
            }
        };
        let Some(v) = &self.verifier else {
            // Without the station's checkpoint key the mark cannot be authenticated.
            return Ok(None);
        };
        let cp = v.verify(&text).map_err(|e| LedgerError::HighWater {
            file: hw.to_path_buf(),
            detail: format!("it is not a checkpoint signed by this station's key ({e})"),
        })?;
        self.check_extends(cp.size, &cp.root)
            .map_err(|detail| LedgerError::RolledBack {
                file: hw.to_path_buf(),
                detail,
            })?;
        Ok(Some(cp.size))
    }

    /// Writes the stored signed checkpoint of the current tree as the mark (read-write only).
    fn advance_high_water(&self) -> Result<(), LedgerError> {
        if self.read_only || self.signer.is_none() || self.size() == 0 {
            return Ok(());
        }
        if let Some(note) = self.stored_checkpoint(self.size())? {
            self.write_high_water(&note)?;
        }
        Ok(())
    }

    /// The station's high-water mark as written (the signed checkpoint note of the largest tree
    /// committed), for a copy outside the station home (each stick's outbox). `None` for a ledger
    /// without the station layout or before the first signed checkpoint.
    pub fn high_water_note(&self) -> Option<String> {
        let hw = self.high_water.as_ref()?;
        let text = crate::fsx::read_capped(hw, MAX_HIGH_WATER_BYTES).ok()?;
        String::from_utf8(text).ok()
    }

    /// Judges a checkpoint note found outside the station (a stick's copy of the high-water
    /// mark): only a note signed by this station's checkpoint key (so of its origin) is evidence;
    /// such a note must be extended by the ledger, unless a `recovery` entry already gave up a
    /// tree at least as large (the rollback it shows was accepted deliberately).
    pub fn judge_outside_note(&self, note: &[u8]) -> Result<OutsideNote, LedgerError> {
        let Some(v) = &self.verifier else {
            return Ok(OutsideNote::NotOurs(
                "no checkpoint key to check it with".into(),
            ));
        };
        let cp = match v.verify(note) {
            Ok(cp) if cp.origin == v.name() => cp,
            Ok(cp) => {
                return Ok(OutsideNote::NotOurs(format!(
                    "its origin {:?} is not this station's {:?}",
                    cp.origin,
                    v.name()
                )))
            }
            Err(e) => return Ok(OutsideNote::NotOurs(e.to_string())),
        };
        let Err(detail) = self.check_extends(cp.size, &cp.root) else {
            return Ok(OutsideNote::Extended { size: cp.size });
        };
        let given_up = self
            .list(&Filter {
                kind: Some(EntryKind::Recovery),
                ..Default::default()
            })?
            .iter()
            .flat_map(|e| {
                ["previous_high_water", "stick_checkpoint"]
                    .into_iter()
                    .filter_map(|k| e.body.get(k)?.get("size")?.as_u64())
                    .collect::<Vec<_>>()
            })
            .max();
        if given_up.is_some_and(|g| g >= cp.size) {
            return Ok(OutsideNote::GivenUp { size: cp.size });
        }
        Ok(OutsideNote::NotExtended {
            size: cp.size,
            detail,
        })
    }

    /// The explicit, logged recovery step after a rollback that is deliberate (a ledger restored
    /// from a backup): appends a `recovery` entry recording `reason` and the mark being given up
    /// (so the ledger itself says that entries were lost, and how many), which also moves the
    /// high-water mark to the tree that now includes that entry. Open with
    /// [`Ledger::open_for_recovery`].
    ///
    /// `stick_note`: a stick's copy of the mark that showed the rollback (`accept-rollback
    /// --stick`), recorded too, so that stick is processed again afterwards.
    pub fn accept_rollback(
        &mut self,
        reason: &str,
        stick_note: Option<&[u8]>,
    ) -> Result<Appended, LedgerError> {
        let Some(hw) = self.high_water.clone() else {
            return Err(LedgerError::InvalidEntry(
                "not a station ledger: it has no high-water mark".into(),
            ));
        };
        let previous = match crate::fsx::read_capped(&hw, MAX_HIGH_WATER_BYTES) {
            Ok(t) => String::from_utf8_lossy(&t).into_owned(),
            Err(_) => String::new(),
        };
        let (prev_size, prev_root) = match self
            .verifier
            .as_ref()
            .and_then(|v| v.verify(previous.as_bytes()).ok())
        {
            Some(cp) => (Some(cp.size), Some(b64(&cp.root))),
            None => (None, None),
        };
        let stick = match stick_note {
            None => serde_json::Value::Null,
            Some(note) => {
                let v = self
                    .verifier
                    .as_ref()
                    .ok_or_else(|| LedgerError::NoSigningKey {
                        key_hint: self.key_dir().join("checkpoint.key"),
                    })?;
                let cp = v.verify(note).map_err(LedgerError::Key)?;
                serde_json::json!({
                    "note": String::from_utf8_lossy(note),
                    "size": cp.size,
                    "root": b64(&cp.root),
                })
            }
        };
        let appended = self.append_batch(vec![NewEntry {
            kind: EntryKind::Recovery,
            subject: "accept_rollback".into(),
            bundle_sha256: None,
            orchestrator_key: None,
            sequence: None,
            decision: None,
            created_at: now_rfc3339(),
            body: serde_json::json!({
                "reason": reason,
                "previous_high_water": {
                    "note": previous,
                    "size": prev_size,
                    "root": prev_root,
                },
                "stick_checkpoint": stick,
                "accepted_size": self.size(),
                "accepted_root": b64(&self.root()),
            }),
        }])?;
        appended
            .into_iter()
            .next()
            .ok_or_else(|| LedgerError::InvalidEntry("append returned no entry".into()))
    }

    fn stored_size(&self) -> Result<u64, LedgerError> {
        let s: Option<i64> = self
            .conn
            .query_row("SELECT max(size) FROM checkpoints", [], |r| r.get(0))
            .map_err(|e| self.sql(e))?;
        Ok(s.map_or(0, |s| u64::try_from(s).unwrap_or(0)))
    }

    /// A signed C2SP checkpoint note for the current tree.
    pub fn checkpoint(&self, signer: &CheckpointSigner, origin: &str) -> String {
        signer.sign(&Checkpoint {
            origin: origin.to_string(),
            size: self.size(),
            root: self.root(),
            extensions: Vec::new(),
        })
    }

    /// The tree sizes with a stored signed checkpoint note, ascending, with their roots: the only
    /// sizes a proof can be checked against offline (`ledger verify-proof`).
    pub fn signed_sizes(&self) -> Result<Vec<(u64, Hash)>, LedgerError> {
        let rows = store::all_checkpoints(&self.conn).map_err(|e| self.sql(e))?;
        Ok(rows
            .into_iter()
            .filter(|r| r.note.is_some())
            .filter_map(|r| {
                let size = u64::try_from(r.size).ok()?;
                let root: Hash = r.root.as_slice().try_into().ok()?;
                Some((size, root))
            })
            .collect())
    }

    /// The stored signed checkpoint note for tree size `size`, if one was stored.
    pub fn stored_checkpoint(&self, size: u64) -> Result<Option<String>, LedgerError> {
        let Ok(s) = i64::try_from(size) else {
            return Ok(None);
        };
        let note: Option<Option<String>> = self
            .conn
            .query_row("SELECT note FROM checkpoints WHERE size = ?1", [s], |r| {
                r.get(0)
            })
            .optional()
            .map_err(|e| self.sql(e))?;
        Ok(note.flatten())
    }

    /// The entry at `index`, checked against its leaf hash.
    pub fn entry(&self, index: u64) -> Result<Option<Entry>, LedgerError> {
        let Ok(idx) = i64::try_from(index) else {
            return Ok(None);
        };
        let sql_text = format!(
            "SELECT {} FROM entries WHERE idx = ?1",
            store::ENTRY_COLUMNS
        );
        self.query_entries(&sql_text, rusqlite::params![idx])
            .map(|v| v.into_iter().next())
    }

    /// The first (lowest-index) entry recorded for this bundle digest.
    pub fn find_by_bundle(&self, bundle_sha256: &str) -> Result<Option<Entry>, LedgerError> {
        let sql_text = format!(
            "SELECT {} FROM entries WHERE bundle_sha256 = ?1 ORDER BY idx LIMIT 1",
            store::ENTRY_COLUMNS
        );
        self.query_entries(&sql_text, rusqlite::params![bundle_sha256])
            .map(|v| v.into_iter().next())
    }

    /// The first entry of this kind about this subject (e.g. the verdict for a request id).
    pub fn find_by_subject(
        &self,
        kind: EntryKind,
        subject: &str,
    ) -> Result<Option<Entry>, LedgerError> {
        let sql_text = format!(
            "SELECT {} FROM entries WHERE kind = ?1 AND subject = ?2 ORDER BY idx LIMIT 1",
            store::ENTRY_COLUMNS
        );
        self.query_entries(&sql_text, rusqlite::params![kind.as_str(), subject])
            .map(|v| v.into_iter().next())
    }

    /// The verdict entry of a request id, compared ignoring ASCII case: request ids name outbox
    /// files, and two ids differing only in case name the same file on a FAT/exFAT stick, so
    /// they are one request id to the station.
    pub fn find_verdict_for_request_id(
        &self,
        request_id: &str,
    ) -> Result<Option<Entry>, LedgerError> {
        self.find_for_request_id(EntryKind::Verdict, request_id)
    }

    /// The first entry of `kind` about a request id, compared ignoring ASCII case (see
    /// [`Ledger::find_verdict_for_request_id`]).
    pub fn find_for_request_id(
        &self,
        kind: EntryKind,
        request_id: &str,
    ) -> Result<Option<Entry>, LedgerError> {
        let sql_text = format!(
            "SELECT {} FROM entries WHERE kind = ?1 AND subject = ?2 COLLATE NOCASE ORDER BY idx LIMIT 1",
            store::ENTRY_COLUMNS
        );
        self.query_entries(&sql_text, rusqlite::params![kind.as_str(), request_id])
            .map(|v| v.into_iter().next())
    }

    /// The highest sequence number recorded for an orchestrator key.
    pub fn max_sequence(&self, orchestrator_key: &str) -> Result<Option<u64>, LedgerError> {
        let s: Option<i64> = self
            .conn
            .query_row(
                "SELECT max(sequence) FROM entries WHERE orchestrator_key = ?1",
                [orchestrator_key],
                |r| r.get(0),
            )
            .map_err(|e| self.sql(e))?;
        Ok(s.and_then(|s| u64::try_from(s).ok()))
    }

    /// Entries matching `filter`, lowest index first.
    pub fn list(&self, filter: &Filter) -> Result<Vec<Entry>, LedgerError> {
        let mut sql_text = format!("SELECT {} FROM entries WHERE 1=1", store::ENTRY_COLUMNS);
        let mut params: Vec<rusqlite::types::Value> = Vec::new();
        let mut push = |clause: &str, v: rusqlite::types::Value| {
            params.push(v);
            sql_text.push_str(&format!(" AND {clause} ?{}", params.len()));
        };
        if let Some(k) = filter.kind {
            push("kind =", k.as_str().to_string().into());
        }
        if let Some(s) = &filter.subject {
            push("subject =", s.clone().into());
        }
        if let Some(d) = &filter.decision {
            push("decision =", d.clone().into());
        }
        sql_text.push_str(" ORDER BY idx");
        // Time filters read the hashed `created_at` of each row (checked against its leaf hash
        // as it is read), never the unhashed `created_unix`, so an edit cannot hide an entry.
        let timed = filter.since.is_some() || filter.until.is_some();
        if let (Some(l), false) = (filter.limit, timed) {
            sql_text.push_str(&format!(" LIMIT {}", l.min(i64::MAX as u64)));
        }
        let entries = self.query_entries(&sql_text, rusqlite::params_from_iter(params))?;
        if !timed {
            return Ok(entries);
        }
        let mut out = Vec::new();
        for e in entries {
            let Some(t) = parse_time(&e.created_at) else {
                return Err(tampered(
                    e.index,
                    TamperReason::Unreadable {
                        detail: "created_at is not an RFC 3339 time".into(),
                    },
                ));
            };
            if filter.since.is_some_and(|s| t < s) || filter.until.is_some_and(|u| t >= u) {
                continue;
            }
            out.push(e);
            if filter.limit.is_some_and(|l| out.len() as u64 >= l) {
                break;
            }
        }
        Ok(out)
    }

    fn query_entries<P: rusqlite::Params>(
        &self,
        sql_text: &str,
        params: P,
    ) -> Result<Vec<Entry>, LedgerError> {
        let mut stmt = self.conn.prepare(sql_text).map_err(|e| self.sql(e))?;
        let mut rows = stmt.query(params).map_err(|e| self.sql(e))?;
        let mut out = Vec::new();
        while let Some(row) = rows.next().map_err(|e| self.sql(e))? {
            let idx: i64 = row.get(0).map_err(|e| self.sql(e))?;
            let index = u64::try_from(idx).unwrap_or(u64::MAX);
            let raw = store::read_row(row).map_err(|e| {
                tampered(
                    index,
                    TamperReason::Unreadable {
                        detail: e.to_string(),
                    },
                )
            })?;
            out.push(self.to_entry(&raw, index)?);
        }
        Ok(out)
    }

    /// Turn a row into an [`Entry`], checking it against the hash loaded at open.
    fn to_entry(&self, raw: &store::RawRow, index: u64) -> Result<Entry, LedgerError> {
        check_row(raw, index, false)?;
        let leaf = row_leaf(raw, index)?;
        let known = usize::try_from(index)
            .ok()
            .and_then(|i| self.leaves.get(i))
            .copied();
        // Rows appended by another process since we loaded are checked by their own hash only.
        if known.is_some_and(|k| !merkle::hashes_equal(&k, &leaf)) {
            return Err(tampered(index, TamperReason::LeafHash));
        }
        let kind = EntryKind::parse(&raw.kind).ok_or_else(|| {
            tampered(
                index,
                TamperReason::Unreadable {
                    detail: format!("unknown kind {:?}", raw.kind),
                },
            )
        })?;
        let body: Value = serde_json::from_str(&raw.body).map_err(|e| {
            tampered(
                index,
                TamperReason::Unreadable {
                    detail: format!("body is not JSON: {e}"),
                },
            )
        })?;
        Ok(Entry {
            index,
            kind,
            subject: raw.subject.clone(),
            bundle_sha256: raw.bundle_sha256.clone(),
            orchestrator_key: raw.orchestrator_key.clone(),
            sequence: raw.sequence.and_then(|s| u64::try_from(s).ok()),
            decision: raw.decision.clone(),
            created_at: raw.created_at.clone(),
            body,
            leaf_hash: leaf,
        })
    }

    /// The exact leaf data bytes of entry `index` (what its leaf hash is computed over).
    pub fn leaf_data(&self, index: u64) -> Result<Vec<u8>, LedgerError> {
        let idx = i64::try_from(index).map_err(|_| LedgerError::NoSuchEntry {
            index,
            size: self.size(),
        })?;
        let sql_text = format!(
            "SELECT {} FROM entries WHERE idx = ?1",
            store::ENTRY_COLUMNS
        );
        let raw = self
            .conn
            .query_row(&sql_text, [idx], store::read_row)
            .optional()
            .map_err(|e| self.sql(e))?
            .ok_or(LedgerError::NoSuchEntry {
                index,
                size: self.size(),
            })?;
        Ok(row_fields(&raw, index).leaf_data())
    }

    /// Inclusion proof of entry `index` in the tree of `tree_size` entries (default: now).
    pub fn prove_inclusion(
        &self,
        index: u64,
        tree_size: Option<u64>,
    ) -> Result<InclusionProof, LedgerError> {
        let size = tree_size.unwrap_or(self.size());
        if size > self.size() {
            return Err(ProofError::IndexOutOfRange {
                index: size,
                size: self.size(),
            }
            .into());
        }
        let proof = merkle::prove_inclusion(&self.leaves, index, size)?;
        let leaf_hash = usize::try_from(index)
            .ok()
            .and_then(|i| self.leaves.get(i))
            .copied()
            .ok_or(ProofError::IndexOutOfRange { index, size })?;
        Ok(InclusionProof {
            index,
            tree_size: size,
            leaf_hash,
            root: self.root_at(size)?,
            proof,
            checkpoint: self.stored_checkpoint(size)?,
        })
    }

    /// Consistency proof from tree size `old` to `new` (default: now).
    pub fn prove_consistency(
        &self,
        old: u64,
        new: Option<u64>,
    ) -> Result<ConsistencyProof, LedgerError> {
        let new = new.unwrap_or(self.size());
        let proof = merkle::prove_consistency(&self.leaves, old, new)?;
        Ok(ConsistencyProof {
            old_size: old,
            new_size: new,
            old_root: self.root_at(old)?,
            new_root: self.root_at(new)?,
            proof,
            old_checkpoint: self.stored_checkpoint(old)?,
            new_checkpoint: self.stored_checkpoint(new)?,
        })
    }

    /// Export a snapshot: a consistent copy (`VACUUM INTO`), verified, zstd-compressed to `out`
    /// (fsynced, written via a temporary name and renamed), with the signed checkpoint of the
    /// copied tree beside it as `<out>.checkpoint`, then a `snapshot_export` ledger entry.
    pub fn export_snapshot(&mut self, out: &Path) -> Result<SnapshotInfo, LedgerError> {
        let checkpoint_path = checkpoint_path_for(out);
        for p in [out, checkpoint_path.as_path()] {
            if std::fs::symlink_metadata(p).is_ok() {
                return Err(LedgerError::AlreadyExists {
                    path: p.to_path_buf(),
                });
            }
        }
        if self.signer.is_none() {
            return Err(LedgerError::NoSigningKey {
                key_hint: self.key_dir().join("checkpoint.key"),
            });
        }
        let dir = parent_dir(out);
        let stem = out
            .file_name()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "snapshot".into());
        let raw_copy = dir.join(format!(".{stem}.{}.sqlite.tmp", std::process::id()));
        let _cleanup = RemoveOnDrop(raw_copy.clone());
        let raw_str = raw_copy.to_str().ok_or_else(|| LedgerError::Io {
            path: raw_copy.clone(),
            source: std::io::Error::new(std::io::ErrorKind::InvalidInput, "path is not UTF-8"),
        })?;
        self.conn
            .execute("VACUUM INTO ?1", [raw_str])
            .map_err(|e| self.sql(e))?;
        fsync_file(&raw_copy)?;
        // The copy must itself verify, and tells us exactly which tree it holds.
        let verifier = self.signer.as_ref().map(|s| s.verifier());
        let (size, root, note) = {
            let keys = verifier.map_or(LedgerKeys::None, LedgerKeys::Verify);
            let mut copy = Ledger::open_read_only(&raw_copy, keys)?;
            let report = copy.verify()?;
            let note = copy.stored_checkpoint(report.size)?;
            (report.size, report.root, note)
        };
        let note = match note {
            Some(n) => n,
            // Only an empty ledger has no checkpoint row; sign its (empty) tree explicitly.
            None => self
                .signer
                .as_ref()
                .map(|s| self.checkpoint_for(s, size, root))
                .unwrap_or_default(),
        };
        let sqlite_sha256 =
            crate::fsx::sha256_file(&raw_copy).map_err(|e| io_err(&raw_copy, e.into_io()))?;
        let tmp_out = dir.join(format!(".{stem}.{}.zst.tmp", std::process::id()));
        let _cleanup2 = RemoveOnDrop(tmp_out.clone());
        compress_file(&raw_copy, &tmp_out)?;
        let compressed_sha256 =
            crate::fsx::sha256_file(&tmp_out).map_err(|e| io_err(&tmp_out, e.into_io()))?;
        let tmp_cp = dir.join(format!(".{stem}.{}.checkpoint.tmp", std::process::id()));
        let _cleanup3 = RemoveOnDrop(tmp_cp.clone());
        crate::fsx::write_new_synced(&tmp_cp, note.as_bytes(), 0o600)
            .map_err(|e| io_err(&tmp_cp, e))?;
        rename_no_replace(&tmp_out, out)?;
        rename_no_replace(&tmp_cp, &checkpoint_path)?;
        sync_dir(&dir)?;
        let info = SnapshotInfo {
            file: out.to_path_buf(),
            checkpoint_file: checkpoint_path,
            tree_size: size,
            root,
            sha256: compressed_sha256,
            sqlite_sha256,
            ledger_index: 0,
        };
        let appended = self.append_batch(vec![NewEntry {
            kind: EntryKind::SnapshotExport,
            subject: stem.clone(),
            bundle_sha256: None,
            orchestrator_key: None,
            sequence: None,
            decision: None,
            created_at: now_rfc3339(),
            body: serde_json::json!({
                "file": stem,
                "sha256": hex::encode(info.sha256),
                "sqlite_sha256": hex::encode(info.sqlite_sha256),
                "tree_size": size,
                "root": hex::encode(root),
                "checkpoint": note,
            }),
        }])?;
        Ok(SnapshotInfo {
            ledger_index: appended.first().map_or(0, |a| a.index),
            ..info
        })
    }

    fn checkpoint_for(&self, signer: &CheckpointSigner, size: u64, root: Hash) -> String {
        signer.sign(&Checkpoint {
            origin: signer.name().to_string(),
            size,
            root,
            extensions: Vec::new(),
        })
    }

    fn key_dir(&self) -> PathBuf {
        parent_dir(&self.path).join("keys")
    }

    fn sql(&self, e: rusqlite::Error) -> LedgerError {
        sql(&self.path, e)
    }
}

/// What [`Ledger::export_snapshot`] wrote.
#[derive(Debug, Clone, Serialize)]
pub struct SnapshotInfo {
    pub file: PathBuf,
    pub checkpoint_file: PathBuf,
    pub tree_size: u64,
    #[serde(serialize_with = "ser_hex")]
    pub root: Hash,
    /// SHA-256 of the compressed snapshot file.
    #[serde(serialize_with = "ser_hex")]
    pub sha256: [u8; 32],
    /// SHA-256 of the uncompressed SQLite copy.
    #[serde(serialize_with = "ser_hex")]
    pub sqlite_sha256: [u8; 32],
    /// Index of the `snapshot_export` entry recording this export.
    pub ledger_index: u64,
}

/// What [`Ledger::judge_outside_note`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutsideNote {
    /// Not a checkpoint of this station (other origin or key, or not a valid note): no evidence.
    NotOurs(String),
    /// The ledger extends it.
    Extended { size: u64 },
    /// The ledger does not extend it, but a `recovery` entry gave up a tree at least as large.
    GivenUp { size: u64 },
    /// The ledger does not extend it: entries this station committed are gone.
    NotExtended { size: u64, detail: String },
}

/// `<snapshot>.checkpoint`.
pub fn checkpoint_path_for(snapshot: &Path) -> PathBuf {
    let mut s = snapshot.as_os_str().to_os_string();
    s.push(".checkpoint");
    PathBuf::from(s)
}

/// Largest decompressed snapshot accepted by [`verify_snapshot`].
pub const MAX_SNAPSHOT_BYTES: u64 = 64 * 1024 * 1024 * 1024;

/// Check a snapshot offline: decompress it to a private temporary file, verify everything in it
/// with `verifier`, and check that its tree is exactly the one in the signed `<snapshot>.checkpoint`.
pub fn verify_snapshot(
    snapshot: &Path,
    checkpoint_file: &Path,
    verifier: CheckpointVerifier,
) -> Result<VerifyReport, LedgerError> {
    let note = crate::fsx::read_capped(checkpoint_file, checkpoint::MAX_NOTE_BYTES as u64)
        .map_err(|e| io_err(checkpoint_file, e.into_io()))?;
    let mismatch = |detail: String| LedgerError::SnapshotMismatch {
        snapshot: snapshot.to_path_buf(),
        checkpoint: checkpoint_file.to_path_buf(),
        detail,
    };
    let cp = verifier
        .verify(&note)
        .map_err(|e| mismatch(e.to_string()))?;
    if cp.origin != verifier.name() {
        return Err(mismatch(format!(
            "checkpoint origin {:?} is not the key's name {:?}",
            cp.origin,
            verifier.name()
        )));
    }
    let tmp = std::env::temp_dir().join(format!(
        "airgap-audit-snapshot-{}-{}.sqlite",
        std::process::id(),
        OffsetDateTime::now_utc().unix_timestamp_nanos()
    ));
    let _cleanup = RemoveOnDrop(tmp.clone());
    decompress_file(snapshot, &tmp, MAX_SNAPSHOT_BYTES)?;
    let report = {
        let mut l = Ledger::open_read_only(&tmp, LedgerKeys::Verify(verifier))
            .map_err(|e| relabel(e, snapshot))?;
        l.verify().map_err(|e| relabel(e, snapshot))?
    };
    if report.size != cp.size || !merkle::hashes_equal(&report.root, &cp.root) {
        return Err(mismatch(format!(
            "the snapshot holds {} entries with root {}, the checkpoint says {} entries with root {}",
            report.size,
            hex::encode(report.root),
            cp.size,
            hex::encode(cp.root)
        )));
    }
    Ok(report)
}

/// Errors about the temporary copy should name the snapshot the operator passed.
fn relabel(e: LedgerError, snapshot: &Path) -> LedgerError {
    match e {
        LedgerError::Sqlite { source, .. } => LedgerError::Sqlite {
            path: snapshot.to_path_buf(),
            source,
        },
        LedgerError::NotALedger { detail, .. } => LedgerError::NotALedger {
            path: snapshot.to_path_buf(),
            detail,
        },
        other => other,
    }
}

/// Checks on a row that do not need the Merkle tree: known kind, a 32-byte leaf hash and, when
/// `full`, a body in canonical JSON and a valid time.
fn check_fields(
    f: &LeafFields<'_>,
    stored_leaf: &[u8],
    index: u64,
    full: bool,
) -> Result<(), LedgerError> {
    let unreadable = |detail: String| tampered(index, TamperReason::Unreadable { detail });
    if EntryKind::parse(f.kind).is_none() {
        return Err(unreadable(format!("unknown kind {:?}", f.kind)));
    }
    if stored_leaf.len() != 32 {
        return Err(unreadable("leaf hash is not 32 bytes".into()));
    }
    if full {
        let body: Value = serde_json::from_str(f.body)
            .map_err(|e| unreadable(format!("body is not JSON: {e}")))?;
        if canonical_json(&body) != f.body {
            return Err(unreadable("body is not in canonical form".into()));
        }
        if parse_time(f.created_at).is_none() {
            return Err(unreadable("created_at is not an RFC 3339 time".into()));
        }
    }
    Ok(())
}

fn check_row(raw: &store::RawRow, index: u64, full: bool) -> Result<(), LedgerError> {
    check_fields(&row_fields(raw, index), &raw.leaf_hash, index, full)?;
    check_created_unix(&raw.created_at, raw.created_unix, index)
}

/// The stored `created_unix` must be exactly the hashed `created_at` in Unix seconds: it is only
/// an index for time filters, so any other value is an edit outside airgap-audit.
fn check_created_unix(created_at: &str, created_unix: i64, index: u64) -> Result<(), LedgerError> {
    match parse_time(created_at) {
        Some(t) if t.unix_timestamp() == created_unix => Ok(()),
        _ => Err(tampered(
            index,
            TamperReason::Unreadable {
                detail: format!(
                    "created_unix {created_unix} does not agree with the hashed created_at {created_at:?}"
                ),
            },
        )),
    }
}

/// Recompute a row's leaf hash from its data and compare it with the stored one.
fn fields_leaf(f: &LeafFields<'_>, stored_leaf: &[u8], index: u64) -> Result<Hash, LedgerError> {
    let leaf = f.leaf_hash();
    match <[u8; 32]>::try_from(stored_leaf) {
        Ok(s) if merkle::hashes_equal(&s, &leaf) => Ok(leaf),
        _ => Err(tampered(index, TamperReason::LeafHash)),
    }
}

fn row_leaf(raw: &store::RawRow, index: u64) -> Result<Hash, LedgerError> {
    fields_leaf(&row_fields(raw, index), &raw.leaf_hash, index)
}

fn check_note(
    v: &CheckpointVerifier,
    note: Option<&str>,
    size: u64,
    root: &Hash,
) -> Result<(), String> {
    let note = note.ok_or_else(|| "it is not signed".to_string())?;
    let cp = v.verify(note.as_bytes()).map_err(|e| e.to_string())?;
    if cp.origin != v.name() {
        return Err(format!("its origin {:?} is not {:?}", cp.origin, v.name()));
    }
    if cp.size != size || !merkle::hashes_equal(&cp.root, root) {
        return Err(format!(
            "the signed note is for size {} with another root",
            cp.size
        ));
    }
    Ok(())
}

/// An entry validated and prepared for insertion.
struct Prepared<'a> {
    entry: &'a NewEntry,
    body: String,
    sequence: Option<i64>,
    created_unix: i64,
}

impl<'a> Prepared<'a> {
    fn new(e: &'a NewEntry) -> Result<Prepared<'a>, LedgerError> {
        let bad = |s: String| Err(LedgerError::InvalidEntry(s));
        for (name, v) in [
            ("subject", Some(e.subject.as_str())),
            ("bundle_sha256", e.bundle_sha256.as_deref()),
            ("orchestrator_key", e.orchestrator_key.as_deref()),
            ("decision", e.decision.as_deref()),
        ] {
            if let Some(v) = v {
                if v.len() > MAX_FIELD_BYTES || v.contains('\0') {
                    return bad(format!(
                        "{name} is longer than {MAX_FIELD_BYTES} bytes or contains NUL"
                    ));
                }
            }
        }
        if e.subject.is_empty() {
            return bad("subject is empty".into());
        }
        let Some(t) = parse_time(&e.created_at) else {
            return bad(format!(
                "created_at {:?} is not an RFC 3339 time",
                e.created_at
            ));
        };
        let sequence = match e.sequence {
            None => None,
            Some(s) => match i64::try_from(s) {
                Ok(s) => Some(s),
                Err(_) => return bad(format!("sequence {s} is larger than {}", i64::MAX)),
            },
        };
        // serde_json parses at most 128 levels by default; a deeper body would read back as
        // "not JSON" and look like tampering, so refuse it here.
        if json_depth(&e.body) > MAX_BODY_DEPTH {
            return bad(format!("body nests deeper than {MAX_BODY_DEPTH} levels"));
        }
        let body = canonical_json(&e.body);
        if body.len() > MAX_BODY_BYTES {
            return bad(format!(
                "body is {} bytes, over {MAX_BODY_BYTES}",
                body.len()
            ));
        }
        Ok(Prepared {
            entry: e,
            body,
            sequence,
            created_unix: t.unix_timestamp(),
        })
    }

    fn fields(&self, index: u64) -> LeafFields<'_> {
        LeafFields {
            index,
            kind: self.entry.kind.as_str(),
            subject: &self.entry.subject,
            bundle_sha256: self.entry.bundle_sha256.as_deref(),
            orchestrator_key: self.entry.orchestrator_key.as_deref(),
            sequence: self.sequence,
            decision: self.entry.decision.as_deref(),
            created_at: &self.entry.created_at,
            body: &self.body,
        }
    }
}

fn resolve_keys(
    path: &Path,
    keys: LedgerKeys,
) -> Result<(Option<CheckpointSigner>, Option<CheckpointVerifier>), LedgerError> {
    Ok(match keys {
        LedgerKeys::None => (None, None),
        LedgerKeys::Verify(v) => (None, Some(v)),
        LedgerKeys::Sign(s) => {
            let v = s.verifier();
            (Some(s), Some(v))
        }
        LedgerKeys::Station => {
            let dir = parent_dir(path).join("keys");
            let secret = dir.join("checkpoint.key");
            let public = dir.join("checkpoint.pub");
            if std::fs::symlink_metadata(&secret).is_ok() {
                let s = CheckpointSigner::load(&secret)?;
                let v = s.verifier();
                (Some(s), Some(v))
            } else if std::fs::symlink_metadata(&public).is_ok() {
                (None, Some(checkpoint::load_verifier(&public)?))
            } else {
                (None, None)
            }
        }
    })
}

fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn sql(path: &Path, source: rusqlite::Error) -> LedgerError {
    LedgerError::Sqlite {
        path: path.to_path_buf(),
        source,
    }
}

fn io_err(path: &Path, source: std::io::Error) -> LedgerError {
    LedgerError::Io {
        path: path.to_path_buf(),
        source,
    }
}

struct RemoveOnDrop(PathBuf);

impl Drop for RemoveOnDrop {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
        for suffix in ["-wal", "-shm", "-journal"] {
            let mut p = self.0.as_os_str().to_os_string();
            p.push(suffix);
            let _ = std::fs::remove_file(PathBuf::from(p));
        }
    }
}

fn sync_parent_dir(path: &Path) -> Result<(), LedgerError> {
    sync_dir(&parent_dir(path))
}

fn sync_dir(dir: &Path) -> Result<(), LedgerError> {
    crate::fsx::fsync_dir(dir).map_err(|e| io_err(dir, e))
}

fn fsync_file(path: &Path) -> Result<(), LedgerError> {
    crate::fsx::open_nofollow(path)
        .and_then(|f| f.sync_all())
        .map_err(|e| io_err(path, e))
}

fn create_private(path: &Path) -> Result<std::fs::File, LedgerError> {
    crate::fsx::create_new(path, 0o600).map_err(|e| io_err(path, e))
}

fn open_nofollow(path: &Path) -> Result<std::fs::File, LedgerError> {
    crate::fsx::open_nofollow(path).map_err(|e| io_err(path, e))
}

fn compress_file(src: &Path, dst: &Path) -> Result<(), LedgerError> {
    let mut input = open_nofollow(src)?;
    let out = create_private(dst)?;
    let mut enc = zstd::Encoder::new(out, 10).map_err(|e| io_err(dst, e))?;
    std::io::copy(&mut input, &mut enc).map_err(|e| io_err(dst, e))?;
    let out = enc.finish().map_err(|e| io_err(dst, e))?;
    out.sync_all().map_err(|e| io_err(dst, e))
}

fn decompress_file(src: &Path, dst: &Path, cap: u64) -> Result<(), LedgerError> {
    use std::io::Read;
    let input = open_nofollow(src)?;
    let dec = zstd::Decoder::new(input).map_err(|e| io_err(src, e))?;
    let mut out = create_private(dst)?;
    let n = std::io::copy(&mut dec.take(cap + 1), &mut out).map_err(|e| io_err(src, e))?;
    if n > cap {
        return Err(io_err(
            src,
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("snapshot decompresses to more than {cap} bytes"),
            ),
        ));
    }
    out.sync_all().map_err(|e| io_err(dst, e))
}

/// Rename that refuses to replace an existing file (checked just before; the window is the
/// operator's own directory).
fn rename_no_replace(from: &Path, to: &Path) -> Result<(), LedgerError> {
    if std::fs::symlink_metadata(to).is_ok() {
        return Err(LedgerError::AlreadyExists {
            path: to.to_path_buf(),
        });
    }
    std::fs::rename(from, to).map_err(|e| io_err(to, e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn canonical_json_sorts_recursively_without_whitespace() {
        let v = json!({"b": [1, {"z": true, "a": null}], "a": "é\"\n", "c": 1.5});
        assert_eq!(
            canonical_json(&v),
            r#"{"a":"é\"\n","b":[1,{"a":null,"z":true}],"c":1.5}"#
        );
    }

    #[test]
    fn leaf_data_is_canonical_json_of_the_entry() {
        let body = canonical_json(&json!({"y": 2, "x": 1}));
        let f = LeafFields {
            index: 3,
            kind: "verdict",
            subject: "req-1",
            bundle_sha256: Some("ab"),
            orchestrator_key: None,
            sequence: Some(7),
            decision: Some("approve"),
            created_at: "2026-11-26T00:00:00Z",
            body: &body,
        };
        let data = f.leaf_data();
        let parsed: Value = serde_json::from_slice(&data).unwrap();
        assert_eq!(canonical_json(&parsed).as_bytes(), &data[..]);
        assert_eq!(parsed["index"], 3);
        assert_eq!(parsed["format"], ENTRY_FORMAT);
        assert_eq!(f.leaf_hash(), merkle::leaf_hash(&data));
    }

    #[test]
    fn entry_kind_strings_round_trip() {
        for k in EntryKind::ALL {
            assert_eq!(EntryKind::parse(k.as_str()), Some(k));
            assert_eq!(serde_json::to_value(k).unwrap(), json!(k.as_str()));
        }
        assert!("bogus".parse::<EntryKind>().is_err());
    }
}
