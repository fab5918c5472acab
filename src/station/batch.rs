/*!
One batch: its context ([`BatchState`]), the bundles it judges, its one ledger commit (with a
`policy_change` entry when the settings are new), then its files; and how the judging order is
cut into batches.
*/
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;

use time::OffsetDateTime;

use super::emit::Document;
use super::report::{outcome_of, Event, Outcome, Report};
use super::scan::Scanned;
use super::{Options, Station, StationError};
use crate::fault;
use crate::ledger::{Appended, Entry, LedgerError, NewEntry};
use crate::stick::outbox::{OutFile, Outbox};

/// Splits the judging order into batches of at most `size` (as ranges of `plan`), also ending a
/// batch before an execution report whose request is judged earlier in that batch: the report is
/// checked against the verdict, which must be committed (and so have its ledger index) first.
pub(super) fn batches(plan: &[Scanned], size: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut requests: BTreeSet<&str> = BTreeSet::new();
    for (i, s) in plan.iter().enumerate() {
        let needs_commit =
            matches!(&s.request_of, Some((true, id)) if requests.contains(id.as_str()));
        if i > start && (i - start >= size || needs_commit) {
            out.push(start..i);
            start = i;
            requests.clear();
        }
        if let Some((false, id)) = &s.request_of {
            requests.insert(id.as_str());
        }
    }
    if start < plan.len() {
        out.push(start..plan.len());
    }
    out
}

/// What one bundle of a batch turned into before the commit.
pub(super) struct Slot {
    pub(super) file: String,
    pub(super) kind: SlotKind,
}

pub(super) enum SlotKind {
    /// Index into the batch's pending entries.
    New(usize),
    /// Already in the ledger: re-emit if missing.
    Known(Box<Entry>),
    /// Nothing to record.
    Report(Outcome),
}

/// Bundles of earlier batches of this run (for duplicate detection by name), and their timings.
#[derive(Default)]
pub(super) struct RunState {
    pub(super) shas: HashMap<String, String>,
    /// Processing time of each bundle judged in this run (for the metrics' histogram).
    pub(super) bundle_durations: Vec<std::time::Duration>,
}

/// The batch context: its one clock reading, the entries it will commit (the ledger does not see
/// them until the append) and what it has admitted so far. Every stage that judges a bundle takes
/// it instead of the separate pieces.
pub(super) struct BatchState {
    pub(super) now: OffsetDateTime,
    /// The entries to commit; only [`BatchState::queue`] adds to it.
    pub(super) pending: Vec<NewEntry>,
    /// Each pending entry's document, typed (`documents[i]` is `pending[i]`'s body), signed
    /// into its files after the commit without reading the body back.
    documents: Vec<Document>,
    pub(super) shas: HashMap<String, String>,
    pub(super) request_ids: BTreeSet<String>,
    /// Request ids (lower case) an override of this batch overrules.
    pub(super) overridden: BTreeSet<String>,
    /// Request ids (lower-cased) of execution reports checked in this batch.
    pub(super) report_ids: BTreeSet<String>,
    pub(super) max_sequence: BTreeMap<String, u64>,
}

impl BatchState {
    pub(super) fn new(now: OffsetDateTime) -> BatchState {
        BatchState {
            now,
            pending: Vec::new(),
            documents: Vec::new(),
            shas: HashMap::new(),
            request_ids: BTreeSet::new(),
            overridden: BTreeSet::new(),
            report_ids: BTreeSet::new(),
            max_sequence: BTreeMap::new(),
        }
    }

    /// Queues an entry of the bundle `file` (SHA-256 `sha`) for the batch's commit, with the
    /// typed document its body was made from.
    pub(super) fn queue(
        &mut self,
        file: &str,
        sha: &str,
        entry: NewEntry,
        document: Document,
    ) -> SlotKind {
        // Re-emission reads the body back; the files must not depend on which way they came.
        debug_assert!(
            Document::from_entry(entry.kind, &entry.body, 0)
                .ok()
                .as_ref()
                == Some(&document),
            "a {:?} entry's body does not read back as the document it was made from",
            entry.kind
        );
        self.shas.insert(sha.to_string(), file.to_string());
        self.pending.push(entry);
        self.documents.push(document);
        SlotKind::New(self.pending.len() - 1)
    }
}

impl Station {
    /// Judges one batch, commits it, writes its files. Returns one report per bundle.
    pub(super) fn run_batch(
        &mut self,
        chunk: &mut [Scanned],
        outbox: &Outbox,
        opts: &Options,
        run: &mut RunState,
        on_event: &mut dyn FnMut(Event<'_>),
    ) -> Result<Vec<Report>, StationError> {
        let now = opts.now;
        let mut slots: Vec<Slot> = Vec::with_capacity(chunk.len());
        let mut batch = BatchState::new(now);
        let t_judge = std::time::Instant::now();
        for s in chunk.iter_mut() {
            let file = s.candidate.name.clone();
            on_event(Event::Working { file: &file });
            let t_bundle = std::time::Instant::now();
            // Taken, so what the scan opened is freed as soon as the bundle is judged.
            let opening = s.opening.take();
            let slot = self.judge_one(&s.candidate, s.sha.as_deref(), opening, run, &mut batch)?;
            on_event(Event::Passed);
            if matches!(slot, SlotKind::New(_)) {
                run.bundle_durations.push(t_bundle.elapsed());
            }
            slots.push(Slot { file, kind: slot });
        }
        let judged = t_judge.elapsed();
        fault::hit("before-ledger-commit");
        let t_commit = std::time::Instant::now();
        let appended: Vec<Appended> = if batch.pending.is_empty() {
            Vec::new()
        } else {
            let mut entries = batch.pending.clone();
            // The first batch under a policy set or station.toml the ledger has not recorded
            // carries their text (after the bundles' entries, so slot indices stay those of
            // `pending`).
            let station_sha256 = self.s.station_settings.sha256();
            let new_settings = crate::home::policy_file::Recorded::differs_from(
                self.s.policy_recorded.as_ref(),
                &self.s.policy.sha256,
                &station_sha256,
            );
            if new_settings {
                let created_at = crate::canonical::format_utc(now);
                entries.push(
                    self.s.policy_sources.change_entry(
                        self.s
                            .policy_recorded
                            .as_ref()
                            .map(|r| r.policy_sha256.as_str()),
                        self.s.policy_countersigned.as_ref(),
                        &self.s.station_settings,
                        &created_at,
                    ),
                );
            }
            let appended = self.s.ledger.append_batch(entries)?;
            if new_settings {
                self.s.policy_recorded = Some(crate::home::policy_file::Recorded {
                    policy_sha256: self.s.policy.sha256.clone(),
                    station_toml_sha256: Some(station_sha256),
                });
            }
            appended
        };
        let committed = t_commit.elapsed();
        fault::hit("after-ledger-commit");
        run.shas.extend(batch.shas.drain());
        // From here on every entry is durable: only files remain to be written.
        let mut documents: Vec<Option<Document>> = std::mem::take(&mut batch.documents)
            .into_iter()
            .map(Some)
            .collect();
        let mut groups: Vec<Vec<OutFile>> = Vec::new();
        let mut reports = Vec::with_capacity(slots.len());
        for slot in slots {
            let (outcome, files) = match slot.kind {
                SlotKind::Report(o) => (o, Vec::new()),
                SlotKind::New(i) => {
                    let (Some(entry), Some(app), Some(document)) = (
                        batch.pending.get(i),
                        appended.get(i),
                        documents.get_mut(i).and_then(Option::take),
                    ) else {
                        return Err(StationError::Ledger(LedgerError::InvalidEntry(
                            "append_batch returned fewer entries than given".into(),
                        )));
                    };
                    let files = self
                        .s
                        .signer
                        .files_of(document, app.index, &app.leaf_hash)?;
                    (outcome_of(entry, app.index, false, false), files)
                }
                SlotKind::Known(entry) => {
                    let files = self.s.signer.files_for(
                        entry.recorded.kind,
                        &entry.recorded.body,
                        entry.index,
                        &entry.leaf_hash,
                    )?;
                    let missing = files.iter().any(|f| !outbox.is_current(&f.name, &f.bytes));
                    (
                        outcome_of(&entry.recorded, entry.index, true, missing),
                        files,
                    )
                }
            };
            if !files.is_empty() {
                groups.push(files);
            }
            reports.push(Report {
                file: slot.file,
                outcome,
            });
        }
        fault::hit("before-outbox-write");
        let t_write = std::time::Instant::now();
        outbox.write_groups(&groups)?;
        if !appended.is_empty() {
            self.write_stick_checkpoint(outbox)?;
        }
        tracing::debug!(
            "batch of {}: judge {judged:?}, ledger commit {committed:?}, sign+write {:?}",
            chunk.len(),
            t_write.elapsed()
        );
        if reports.iter().any(|r| {
            matches!(
                r.outcome,
                Outcome::Verdict {
                    reemitted: true,
                    ..
                } | Outcome::Rejected {
                    reemitted: true,
                    ..
                } | Outcome::Execution {
                    reemitted: true,
                    ..
                }
            )
        }) {
            fault::hit("after-reemit");
        }
        Ok(reports)
    }
}
