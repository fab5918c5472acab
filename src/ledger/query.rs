/*!
Reading entries: by index, bundle, subject, request id or [`Filter`]; every row read is checked
against its leaf hash before it is returned.
*/
use rusqlite::OptionalExtension;
use time::OffsetDateTime;

use super::entry::{parse_time, Entry, EntryKind};
use super::error::{tampered, LedgerError, TamperReason};
use super::leaf::LeafFields;
use super::merkle::Hash;
use super::verify::check_stored_row;
use super::{merkle, store, Ledger};

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

impl Ledger {
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
            let Some(t) = parse_time(&e.recorded.created_at) else {
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
            let (fields, leaf) = check_stored_row(row, index, false)?;
            out.push(self.to_entry(&fields, leaf)?);
        }
        Ok(out)
    }

    /// A checked row as an [`Entry`], compared with the hash loaded at open.
    fn to_entry(&self, fields: &LeafFields<'_>, leaf: Hash) -> Result<Entry, LedgerError> {
        let index = fields.index;
        let known = usize::try_from(index)
            .ok()
            .and_then(|i| self.leaves.get(i))
            .copied();
        // Rows appended by another process since we loaded are checked by their own hash only.
        if known.is_some_and(|k| !merkle::hashes_equal(&k, &leaf)) {
            return Err(tampered(index, TamperReason::LeafHash));
        }
        Entry::decode(fields, leaf)
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
        self.conn
            .query_row(&sql_text, [idx], |row| {
                store::borrow_row(row, index).map(|(fields, _)| fields.leaf_data())
            })
            .optional()
            .map_err(|e| self.sql(e))?
            .ok_or(LedgerError::NoSuchEntry {
                index,
                size: self.size(),
            })
    }
}
