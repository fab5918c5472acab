/*!
Aggregate counts over the ledger, for `status` and the Prometheus metrics ([`crate::health`]).

Counters are derived from the ledger, never from process memory, so they are cumulative across
runs and restarts and agree with what an auditor can recount with `ledger list`. The rows were
checked against their leaf hashes when the ledger was opened.
*/
use super::entry::EntryKind;
use super::error::LedgerError;
use super::Ledger;

/// Entries by kind, verdicts by decision, rejections by reason code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    /// (kind, decision or `None`, count), every combination present.
    pub by_kind_decision: Vec<(EntryKind, Option<String>, u64)>,
    /// (reason code or `None` when the body has none, count) over rejection entries.
    pub rejection_reasons: Vec<(Option<String>, u64)>,
}

impl Counts {
    /// Entries of `kind` (all decisions).
    pub fn of_kind(&self, kind: EntryKind) -> u64 {
        self.by_kind_decision
            .iter()
            .filter(|(k, _, _)| *k == kind)
            .map(|(_, _, n)| n)
            .sum()
    }
}

/// The entries the last `process` run recorded: one run stamps all its entries with one time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastBatch {
    /// The run's `created_at` (RFC 3339).
    pub at: String,
    /// (decision, count) of its verdicts.
    pub decisions: Vec<(String, u64)>,
    pub rejected: u64,
}

impl Ledger {
    /// Counts over every entry (two grouped queries).
    pub fn counts(&self) -> Result<Counts, LedgerError> {
        let mut out = Counts::default();
        let mut stmt = self
            .conn
            .prepare("SELECT kind, decision, count(*) FROM entries GROUP BY kind, decision")
            .map_err(|e| self.sql(e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, i64>(2)?,
                ))
            })
            .map_err(|e| self.sql(e))?;
        for row in rows {
            let (kind, decision, n) = row.map_err(|e| self.sql(e))?;
            let kind = EntryKind::parse(&kind).ok_or_else(|| {
                LedgerError::InvalidEntry(format!("unknown entry kind {kind:?} in the ledger"))
            })?;
            out.by_kind_decision
                .push((kind, decision, u64::try_from(n).unwrap_or(0)));
        }
        let mut stmt = self
            .conn
            .prepare(
                "SELECT json_extract(body, '$.reason_code'), count(*) FROM entries \
                 WHERE kind = 'rejection' GROUP BY 1",
            )
            .map_err(|e| self.sql(e))?;
        let rows = stmt
            .query_map([], |r| {
                // A non-text reason code (a damaged body) reads as none.
                let code = r.get::<_, Option<String>>(0).unwrap_or(None);
                Ok((code, r.get::<_, i64>(1)?))
            })
            .map_err(|e| self.sql(e))?;
        for row in rows {
            let (code, n) = row.map_err(|e| self.sql(e))?;
            out.rejection_reasons
                .push((code, u64::try_from(n).unwrap_or(0)));
        }
        Ok(out)
    }

    /// The `created_at` of the newest entry: the time of the latest checkpoint, which is
    /// written in the same transaction as every append. `None` for an empty ledger.
    pub fn last_entry_time(&self) -> Result<Option<String>, LedgerError> {
        match self.size().checked_sub(1) {
            Some(last) => Ok(self.entry(last)?.map(|e| e.recorded.created_at)),
            None => Ok(None),
        }
    }

    /// The verdicts and rejections of the last run that recorded any (see [`LastBatch`]).
    pub fn last_batch(&self) -> Result<Option<LastBatch>, LedgerError> {
        let at: Option<String> = self
            .conn
            .query_row(
                "SELECT created_at FROM entries WHERE kind IN ('verdict', 'rejection') \
                 ORDER BY idx DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .map(Some)
            .or_else(|e| match e {
                rusqlite::Error::QueryReturnedNoRows => Ok(None),
                e => Err(e),
            })
            .map_err(|e| self.sql(e))?;
        let Some(at) = at else {
            return Ok(None);
        };
        let mut stmt = self
            .conn
            .prepare(
                "SELECT kind, decision, count(*) FROM entries \
                 WHERE kind IN ('verdict', 'rejection') AND created_at = ?1 \
                 GROUP BY kind, decision ORDER BY kind, decision",
            )
            .map_err(|e| self.sql(e))?;
        let rows = stmt
            .query_map([&at], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, i64>(2)?,
                ))
            })
            .map_err(|e| self.sql(e))?;
        let mut batch = LastBatch {
            at,
            decisions: Vec::new(),
            rejected: 0,
        };
        for row in rows {
            let (kind, decision, n) = row.map_err(|e| self.sql(e))?;
            let n = u64::try_from(n).unwrap_or(0);
            if kind == "rejection" {
                batch.rejected += n;
            } else {
                batch.decisions.push((decision.unwrap_or_default(), n));
            }
        }
        Ok(Some(batch))
    }
}
