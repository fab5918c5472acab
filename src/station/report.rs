/*!
What a run tells the operator: progress [`Event`]s, one [`Report`] line per inbox entry, the
run's [`Summary`] and its exit code, and the outcome an entry stands for.
*/
use crate::ledger::{BundleRecord, NewEntry};

/// Progress events for the CLI (progress bar and per-bundle lines).
pub enum Event<'a> {
    /// The inbox listing found this many entries; every one gets a [`Event::Passed`] and a
    /// [`Event::Done`].
    Start { total: usize },
    /// Work starts on this inbox entry (read, open, judge): what the operator is waiting for.
    Working { file: &'a str },
    /// One more entry is through the slow part (judged, or skipped). Its [`Event::Done`]
    /// follows once its batch is committed, so progress moves per bundle, not per batch.
    Passed,
    /// One entry is done (its files are durable in the outbox, or it was skipped).
    Done(&'a Report),
}

/// What happened to one inbox entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Judged in this run (or earlier, when `already` is set) and its verdict is in the outbox.
    Verdict {
        request_id: String,
        decision: String,
        findings: usize,
        /// The verdict was made by a two-person override (`<id>.override.verdict.json`).
        by_override: bool,
        ledger_index: u64,
        already: bool,
        reemitted: bool,
    },
    /// Refused: a signed receipt is in the outbox.
    Rejected {
        reason_code: String,
        reason: String,
        ledger_index: u64,
        already: bool,
        reemitted: bool,
    },
    /// An execution report was checked; its signed result (and, on a deviation, an alert) is in
    /// the outbox.
    Execution {
        request_id: String,
        /// `match` or `deviation`.
        result: String,
        discrepancies: u64,
        critical: bool,
        ledger_index: u64,
        already: bool,
        reemitted: bool,
    },
    /// Not a bundle (symlink, stray file, unreadable): reported, not recorded.
    Skipped { reason: String },
    /// The same bytes as another file in this inbox, judged once under that name.
    Duplicate { of: String },
}

/// One line of the run's report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub file: String,
    pub outcome: Outcome,
}

/// Every outside string in the line (file name, request id, reason text, the other file's name)
/// goes through [`crate::display::sanitize`]: the line is printed on the operator's terminal and
/// written to `DONE.txt`.
impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::display::sanitize;
        let file = sanitize(&self.file);
        let tail = |already: bool, reemitted: bool| match (already, reemitted) {
            (true, true) => " [already processed; re-emitted to the outbox]",
            (true, false) => " [already processed]",
            (false, _) => "",
        };
        match &self.outcome {
            Outcome::Verdict {
                request_id,
                decision,
                findings,
                by_override,
                already,
                reemitted,
                ..
            } => {
                let s = if *findings == 1 { "" } else { "s" };
                let how = if *by_override {
                    " by two-person override"
                } else {
                    ""
                };
                write!(
                    f,
                    "{file}: {}{how} {} ({findings} finding{s}){}",
                    sanitize(decision),
                    sanitize(request_id),
                    tail(*already, *reemitted)
                )
            }
            Outcome::Rejected {
                reason,
                already,
                reemitted,
                ..
            } => write!(
                f,
                "{file}: rejected: {}{}",
                sanitize(reason),
                tail(*already, *reemitted)
            ),
            Outcome::Execution {
                request_id,
                result,
                discrepancies,
                critical,
                already,
                reemitted,
                ..
            } => {
                let s = if *discrepancies == 1 { "y" } else { "ies" };
                let level = if *critical { ", CRITICAL" } else { "" };
                write!(
                    f,
                    "{file}: execution check {}: {} ({discrepancies} discrepanc{s}{level}){}",
                    sanitize(request_id),
                    sanitize(result).to_ascii_uppercase(),
                    tail(*already, *reemitted)
                )
            }
            Outcome::Skipped { reason } => write!(f, "{file}: skipped: {}", sanitize(reason)),
            Outcome::Duplicate { of } => {
                write!(
                    f,
                    "{file}: same bytes as {}; judged once, see that file",
                    sanitize(of)
                )
            }
        }
    }
}

/// Totals of a run, printed as the batch summary line and written to `DONE.txt` by `watch`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub approve: usize,
    pub escalate: usize,
    pub veto: usize,
    pub rejected: usize,
    /// Execution reports whose check found the infrastructure as approved.
    pub execution_match: usize,
    /// Execution reports whose check found a deviation.
    pub execution_deviation: usize,
    /// Request ids with a deviation (each has `ALERT-<id>.txt` in the outbox), in run order.
    pub alerts: Vec<String>,
    pub skipped: usize,
    pub duplicates: usize,
    /// Bundles already in the ledger before this run.
    pub already: usize,
    /// Files rewritten from the ledger because they were missing or damaged.
    pub reemitted: usize,
    /// macOS metadata files (`._*`, `.DS_Store`) ignored in the inbox (said once, in the summary).
    pub mac_metadata: usize,
    pub ledger_size: u64,
}

impl Summary {
    pub fn bundles(&self) -> usize {
        self.approve
            + self.escalate
            + self.veto
            + self.rejected
            + self.execution_match
            + self.execution_deviation
    }

    pub(super) fn add(&mut self, o: &Outcome) {
        match o {
            Outcome::Verdict {
                decision,
                already,
                reemitted,
                ..
            } => {
                match decision.as_str() {
                    "approve" => self.approve += 1,
                    "escalate" => self.escalate += 1,
                    _ => self.veto += 1,
                }
                self.already += usize::from(*already);
                self.reemitted += usize::from(*reemitted);
            }
            Outcome::Rejected {
                already, reemitted, ..
            } => {
                self.rejected += 1;
                self.already += usize::from(*already);
                self.reemitted += usize::from(*reemitted);
            }
            Outcome::Execution {
                request_id,
                result,
                already,
                reemitted,
                ..
            } => {
                if result == "match" {
                    self.execution_match += 1;
                } else {
                    self.execution_deviation += 1;
                    self.alerts.push(request_id.clone());
                }
                self.already += usize::from(*already);
                self.reemitted += usize::from(*reemitted);
            }
            Outcome::Skipped { .. } => self.skipped += 1,
            Outcome::Duplicate { .. } => self.duplicates += 1,
        }
    }

    /// Exit code of `process`: 0 when every inbox entry got a verdict or a matching execution
    /// check (whatever the decisions), 5 when any execution check found a deviation (it outranks
    /// the rest: something unapproved may be running), else 4 when any bundle was rejected or any
    /// entry skipped. (2 = station error, not from here.)
    pub fn exit_code(&self) -> u8 {
        if self.execution_deviation > 0 {
            EXIT_EXECUTION_DEVIATION
        } else if self.rejected > 0 || self.skipped > 0 {
            4
        } else {
            0
        }
    }
}

/// Exit code of `process` when an execution check found a deviation.
pub const EXIT_EXECUTION_DEVIATION: u8 = 5;

/// Alerts first (one line each, before the totals), so the operator cannot miss them.
impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for id in &self.alerts {
            let id = crate::display::sanitize(id);
            writeln!(
                f,
                "ALERT: execution deviation for request {id}: what was applied is not what was approved; read outbox/ALERT-{id}.txt"
            )?;
        }
        write!(
            f,
            "batch: {} bundle{} — {} approve, {} escalate, {} veto, {} rejected; {} skipped",
            self.bundles(),
            if self.bundles() == 1 { "" } else { "s" },
            self.approve,
            self.escalate,
            self.veto,
            self.rejected,
            self.skipped,
        )?;
        if self.execution_match + self.execution_deviation > 0 {
            write!(
                f,
                "; execution checks: {} match, {} deviation",
                self.execution_match, self.execution_deviation
            )?;
        }
        if self.duplicates > 0 {
            write!(f, ", {} duplicate", self.duplicates)?;
        }
        if self.already > 0 {
            write!(f, "; {} already processed", self.already)?;
        }
        if self.reemitted > 0 {
            write!(f, ", {} re-emitted", self.reemitted)?;
        }
        if self.mac_metadata > 0 {
            write!(
                f,
                "; {} macOS metadata file{} (._*, .DS_Store) ignored",
                self.mac_metadata,
                if self.mac_metadata == 1 { "" } else { "s" }
            )?;
        }
        write!(f, "; ledger size {}", self.ledger_size)
    }
}

pub(super) fn outcome_of(e: &NewEntry, index: u64, already: bool, reemitted: bool) -> Outcome {
    let record = e.kind.bundle_record();
    match record {
        BundleRecord::ExecutionCheck => {
            let core = crate::verdict::execution_check::ExecutionCore::from_value(&e.body).ok();
            Outcome::Execution {
                request_id: e.subject.clone(),
                result: e.decision.clone().unwrap_or_default(),
                discrepancies: core.as_ref().map_or(0, |c| c.total_discrepancies()),
                critical: core.as_ref().is_some_and(|c| c.critical()),
                ledger_index: index,
                already,
                reemitted,
            }
        }
        // An override's entry is a verdict (decision approve) for the overruled request.
        BundleRecord::Verdict | BundleRecord::OverrideVerdict => Outcome::Verdict {
            request_id: e.subject.clone(),
            decision: e.decision.clone().unwrap_or_default(),
            findings: e
                .body
                .get("findings")
                .and_then(|f| f.as_array())
                .map_or(0, Vec::len),
            by_override: record == BundleRecord::OverrideVerdict,
            ledger_index: index,
            already,
            reemitted,
        },
        // Only bundle records reach a slot; station bookkeeping never does, and would read as a
        // refusal with empty reasons if it did.
        BundleRecord::Rejection | BundleRecord::NotABundle => Outcome::Rejected {
            reason_code: str_field(&e.body, "reason_code"),
            reason: str_field(&e.body, "reason"),
            ledger_index: index,
            already,
            reemitted,
        },
    }
}

fn str_field(v: &serde_json::Value, key: &str) -> String {
    v.get(key)
        .and_then(|s| s.as_str())
        .unwrap_or_default()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::EntryKind;

    /// Each kind's entry is reported as its class in `ledger::entry` says, with no per-kind code
    /// here: a verdict counts its findings, an override's verdict says so, an execution check
    /// gives its result, the rest read as refusals with their reasons.
    #[test]
    fn every_kind_reports_the_outcome_its_class_declares() {
        for kind in EntryKind::ALL {
            let e = NewEntry {
                kind,
                subject: "req-1".into(),
                bundle_sha256: None,
                orchestrator_key: None,
                sequence: None,
                decision: Some("approve".into()),
                created_at: "2026-11-26T00:00:00Z".into(),
                body: serde_json::json!({"findings": [{}, {}], "reason_code": "stale", "reason": "too old"}),
            };
            let got = outcome_of(&e, 3, false, true);
            match kind.bundle_record() {
                BundleRecord::Verdict | BundleRecord::OverrideVerdict => assert_eq!(
                    got,
                    Outcome::Verdict {
                        request_id: "req-1".into(),
                        decision: "approve".into(),
                        findings: 2,
                        by_override: kind == EntryKind::Override,
                        ledger_index: 3,
                        already: false,
                        reemitted: true,
                    },
                    "{kind}"
                ),
                BundleRecord::ExecutionCheck => assert!(
                    matches!(&got, Outcome::Execution { request_id, ledger_index: 3, .. } if request_id == "req-1"),
                    "{kind}: {got:?}"
                ),
                BundleRecord::Rejection | BundleRecord::NotABundle => assert_eq!(
                    got,
                    Outcome::Rejected {
                        reason_code: "stale".into(),
                        reason: "too old".into(),
                        ledger_index: 3,
                        already: false,
                        reemitted: true,
                    },
                    "{kind}"
                ),
            }
        }
    }
}
