/*!
Appending: one batch of entries and the checkpoint of the new tree in one write transaction.
*/
use rusqlite::TransactionBehavior;

use super::entry::{Appended, EntryKind, NewEntry, Prepared};
use super::error::{sql, LedgerError};
use super::{store, Ledger};

impl Ledger {
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
            store::insert_entry(&tx, idx, &fields, p.created_unix, &leaf)
                .map_err(|e| sql(&path, e))?;
            acc.push(leaf);
            out.push(Appended {
                index,
                leaf_hash: leaf,
            });
        }
        let size = acc.size();
        let root = acc.root();
        let note = self
            .signer
            .as_ref()
            .map(|s| Ledger::sign_tree(s, size, root));
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
}
