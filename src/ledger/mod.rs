/*!
The tamper-evident ledger: an append-only SQLite table whose entries are the leaves of an
RFC 9162 Merkle tree, with a C2SP checkpoint signed by the station for every committed batch.

Owns: the ledger file (`<home>/ledger.sqlite`) — this module is its only writer — its
high-water mark file (`<home>/ledger.highwater`), and the checkpoint key format. Never touches:
bundles, verdict files, the outbox, the trust store.

- [`merkle`]: RFC 9162 hashing, proof shapes and proof verification (pure).
- [`checkpoint`]: C2SP signed-note checkpoints and the Ed25519 checkpoint key (parsing is pure).
- `store`: schema, pragmas, append-only triggers, row I/O.
- `entry`: the entry kinds, [`NewEntry`] (what an entry records, and the checks before an
  append) and [`Entry`] (a record read back: index, [`NewEntry`], leaf hash).
- `leaf`: the leaf encoding below, over borrowed fields.
- `error`: [`LedgerError`] and [`TamperReason`].
- `verify`: the checks of open and [`Ledger::verify`], one check per stored row.
- `query`: reading entries ([`Filter`]); `append`: [`Ledger::append_batch`].
- `proof`, `highwater`, `snapshot`: proofs, the high-water mark and recovery, snapshots.
- This file: the [`Ledger`] handle (create, open, keys, the tree and its checkpoints).

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

mod append;
mod documents;
mod entry;
mod error;
mod hex32;
mod highwater;
mod leaf;
mod proof;
mod query;
mod snapshot;
mod stats;
mod store;
mod verify;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, TransactionBehavior};

pub use checkpoint::{Checkpoint, CheckpointError, CheckpointSigner, CheckpointVerifier};
pub use documents::{CheckpointsDocument, ListDocument, SignedSize, VerifyDocument};
pub use entry::{
    Appended, BundleRecord, Entry, EntryKind, NewEntry, MAX_BODY_BYTES, MAX_BODY_DEPTH,
    MAX_FIELD_BYTES,
};
pub use error::{LedgerError, TamperReason, RUNBOOK};
pub use highwater::{high_water_path, OutsideNote};
pub use leaf::{canonical_json, ENTRY_FORMAT};
pub use merkle::{Hash, ProofError};
pub use proof::{ConsistencyProof, InclusionProof, ProofFile, ProofFileError};
pub use query::Filter;
pub use snapshot::{checkpoint_path_for, verify_snapshot, SnapshotInfo, MAX_SNAPSHOT_BYTES};
pub use stats::{Counts, LastBatch};
pub use verify::VerifyReport;

use error::{io_err, sql};
use merkle::RootAccumulator;

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

/// A root as checkpoints write it (standard base64), so printed roots match saved notes.
pub fn b64(h: &Hash) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(h)
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
        let dir = crate::fsx::parent_dir(path);
        crate::fsx::fsync_dir(dir).map_err(|e| io_err(dir, e))?;
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

    /// The signed note of the tree of `size` entries with `root`, under the signer's own name
    /// (the origin every stored checkpoint carries).
    fn sign_tree(signer: &CheckpointSigner, size: u64, root: Hash) -> String {
        signer.sign(&Checkpoint {
            origin: signer.name().to_string(),
            size,
            root,
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

    fn key_dir(&self) -> PathBuf {
        crate::fsx::parent_dir(&self.path).join("keys")
    }

    fn sql(&self, e: rusqlite::Error) -> LedgerError {
        sql(&self.path, e)
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
            let dir = crate::fsx::parent_dir(path).join("keys");
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
