/*!
What can go wrong with a ledger, each as one line for the operator: [`LedgerError`], and for a
tampered ledger exactly what was found ([`TamperReason`]).
*/
use std::path::{Path, PathBuf};

use super::checkpoint::CheckpointError;
use super::merkle::ProofError;

/// Where the operator is sent when the ledger does not verify (or lost entries).
pub const RUNBOOK: &str = "stop processing and follow OPERATIONS.md \"Ledger fails verification\"";

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
    #[error("{detail} (high-water mark {}): entries this station committed are gone; {RUNBOOK}; if the ledger was restored from a backup on purpose, run 'airgap-audit ledger accept-rollback --reason TEXT'", file.display())]
    RolledBack { file: PathBuf, detail: String },
    #[error("{}: the station's high-water mark is unusable: {detail}; {RUNBOOK}", file.display())]
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

pub(super) fn tampered(first_bad_index: u64, reason: TamperReason) -> LedgerError {
    LedgerError::Tampered {
        first_bad_index,
        reason,
    }
}

pub(super) fn sql(path: &Path, source: rusqlite::Error) -> LedgerError {
    LedgerError::Sqlite {
        path: path.to_path_buf(),
        source,
    }
}

pub(super) fn io_err(path: &Path, source: std::io::Error) -> LedgerError {
    LedgerError::Io {
        path: path.to_path_buf(),
        source,
    }
}
