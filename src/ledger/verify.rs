/*!
Verification: every leaf recomputed from its stored data, the tree checked against the stored
checkpoints (and their signatures, with a key), duplicates and the append-only triggers. Open
runs the quick form (latest checkpoint only), [`Ledger::verify`] the full one.
*/
use rusqlite::Row;
use serde::Serialize;
use serde_json::Value;

use super::checkpoint::CheckpointVerifier;
use super::entry::{parse_time, EntryKind};
use super::error::{tampered, LedgerError, TamperReason};
use super::leaf::{canonical_json, LeafFields};
use super::merkle::{Hash, RootAccumulator};
use super::{hex32, merkle, store, Ledger};

/// The result of a full [`Ledger::verify`].
#[derive(Debug, Clone, Serialize)]
pub struct VerifyReport {
    pub size: u64,
    #[serde(serialize_with = "hex32::serialize")]
    pub root: Hash,
    pub checkpoints: u64,
    /// Checkpoint signatures checked (0 when no key was available).
    pub signatures_verified: u64,
    /// The checkpoint key name the signatures were checked against.
    pub key: Option<String>,
}

/// Result of scanning all rows: leaf hashes, or the first problem.
struct Scan {
    leaves: Vec<Hash>,
}

impl Ledger {
    /// Recompute every leaf from the stored data and check the tree against the checkpoints.
    /// `full`: check every checkpoint and signature and re-parse every body (verify), else only
    /// the latest checkpoint (open).
    pub(super) fn load(&mut self, full: bool) -> Result<VerifyReport, LedgerError> {
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
            let (_, leaf) = check_stored_row(row, expected, full)?;
            leaves.push(leaf);
        }
        Ok(Scan { leaves })
    }

    /// Check every checkpoint row: root at its size, and (with a key) its signed note.
    /// Returns (checkpoints, signatures verified).
    pub(super) fn check_all_checkpoints(&self, leaves: &[Hash]) -> Result<(u64, u64), LedgerError> {
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

/// Every check one stored row allows on its own (see [`check_fields`], [`check_created_unix`]),
/// then its leaf hash recomputed and compared with the stored one. Borrows the columns straight
/// from SQLite: no copy of the body on this path.
pub(super) fn check_stored_row<'r>(
    row: &'r Row<'_>,
    index: u64,
    full: bool,
) -> Result<(LeafFields<'r>, Hash), LedgerError> {
    let unreadable = |e: rusqlite::Error| {
        tampered(
            index,
            TamperReason::Unreadable {
                detail: e.to_string(),
            },
        )
    };
    let (fields, stored) = store::borrow_row(row, index).map_err(unreadable)?;
    check_fields(&fields, stored, index, full)?;
    let unix = store::created_unix(row).map_err(unreadable)?;
    check_created_unix(fields.created_at, unix, index)?;
    let leaf = fields_leaf(&fields, stored, index)?;
    Ok((fields, leaf))
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

pub(super) fn check_note(
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
