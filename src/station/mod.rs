/*!
The station pipeline (`process`): bundles from a USB inbox in, signed verdicts and rejection
receipts to its outbox, every result committed to the ledger before any file is written.

Owns the orchestration only; each stage is a plain function of another module (DESIGN.md
"Pipeline"): [`crate::stick::inbox`] (read, caps, no symlinks) → [`crate::envelope::bundle::open`] (age, tar,
minisign, zstd, strict request parse) → [`checks`] here (freshness, replay, sequence rollback,
station id) → [`crate::envelope::approval::check_all`] → [`crate::engine::evaluate`] (with the model, if
configured) → [`emit`] (verdict core) → [`crate::ledger::Ledger::append_batch`] (commit point) →
[`emit`] (sign) → [`crate::stick::outbox`] (atomic write). A bundle whose document is a two-person
override (same envelope) leaves this path after the envelope checks for `overrides`, which
queues an `override` entry or a rejection the same way.

Files, one per step of a run: `setup` (what is loaded from the home, and the model), `scan`
(what on the stick is new; the scan pass that puts bundles in judging order), `batch` (a batch's
context, its one commit, then its files), `judge` (a request bundle up to the append),
`execution` (an execution report up to the append), `overrides`, [`checks`], [`emit`],
`report` (the lines, the summary, the exit code). This file holds the [`Station`] handle and
the run itself ([`Station::process`]).

Run structure (why it is shaped like this):
- **Exclusive lock** on the station home folder itself for the whole run ([`lock`]).
- **Scan pass**: every bundle is read and opened once to learn its orchestrator sequence number.
  Bundles are then judged in sequence order (ties by file name), so the rollback rule ("a
  sequence must be higher than every one already recorded for that orchestrator key") does not
  depend on how the files happen to be named. What the scan opened (decrypted, verified,
  parsed) is kept for the judge, so each bundle is opened once, and the judge uses the very
  bytes the scan ordered; past [`Options::kept_opened_bytes`] of opened documents a bundle keeps
  only its digest and order, and the judge reads and opens it again.
- **Group commit**: bundles are judged in batches of up to [`Options::batch_size`]; a batch's
  ledger entries are appended in ONE transaction (one fsync), then its files are written. A file
  is never written before its entry is durable.
- **Idempotence**: a bundle whose SHA-256 is already in the ledger is never judged again; its
  verdict or receipt is re-emitted from the ledger entry when missing or damaged in the outbox
  (signing is deterministic, so the bytes are identical). The same bytes under two names in one
  inbox are judged once.
- Deterministic under crashes: each bundle's outcome depends only on the ledger state left by the
  bundles before it in the judging order, which a crashed run has committed as a prefix.
- **Execution reports** (the state after apply, [`crate::envelope::execution_report`]) travel in the same
  envelope and obey the same admission rules (plus one check per request id). Each is checked
  against the verdict for its request id and the approved plan kept by [`crate::home::plan_store`]
  (every verdict's plan is stored before its verdict commits) by [`crate::engine::execution`]; the
  result is an `execution_check` entry and signed files ([`crate::verdict::execution_check`]), plus
  `ALERT-<id>.txt` on a deviation. A report whose request is judged earlier in the same batch
  starts a new batch, so the verdict it is checked against is committed first.
- **One stick folder**: the stick is opened once ([`crate::stick::mount::Mount`]) and reached only
  through that handle, so a stick swapped mid-run gets nothing of the run.
- **Traces**: the first batch under a policy set the ledger has not recorded also appends its
  `policy_change` entry ([`crate::home::policy_file`]); settings weaker than the defaults load only
  when countersigned ([`crate::home::countersign`]); each stick leaves with the high-water mark
  (`outbox/station-checkpoint.txt`) and is refused when it carries one the ledger does not extend.
*/
pub mod checks;
pub mod emit;
pub mod inspect;
pub mod lock;
pub mod run_document;
pub mod watch;

mod batch;
mod execution;
mod judge;
mod overrides;
mod report;
mod scan;
mod setup;

use std::path::{Path, PathBuf};

use time::OffsetDateTime;

use crate::engine::advisor::IntentAdvisor;
use crate::fault;
use crate::home::{StationConfig, StationHome};
use crate::ledger::{Ledger, LedgerError, OutsideNote, RUNBOOK};
use crate::stick::inbox;
use crate::stick::outbox::{Outbox, OutboxError};

use batch::{batches, RunState};
pub use report::{Event, Outcome, Report, Summary, EXIT_EXECUTION_DEVIATION};
pub use scan::DigestCache;
use setup::{load_model, Loaded};

/// Default number of bundles judged and committed together.
pub const DEFAULT_BATCH: usize = 64;

/// Station-level failures: the run stops, exit code 2, one line.
#[derive(Debug, thiserror::Error)]
pub enum StationError {
    #[error(transparent)]
    Home(#[from] crate::home::HomeError),
    #[error(transparent)]
    Lock(#[from] lock::LockError),
    /// Not a `#[source]`: the message already embeds it, and a chain printer would repeat it.
    #[error("the station refuses to run: {0}")]
    Ledger(LedgerError),
    /// Another writer recorded one of this batch's bundles first (see
    /// [`LedgerError::AlreadyRecorded`]); nothing of the batch was recorded.
    #[error("{0}")]
    Raced(LedgerError),
    #[error(transparent)]
    Trust(#[from] crate::home::trust_sync::TrustSyncError),
    #[error(transparent)]
    PolicyRecord(#[from] crate::home::policy_file::PolicyRecordError),
    #[error(transparent)]
    Weakened(#[from] crate::home::countersign::Refused),
    #[error(transparent)]
    Inbox(#[from] crate::stick::inbox::InboxError),
    #[error(transparent)]
    Outbox(#[from] OutboxError),
    #[error("{}/outbox/station-checkpoint.txt: this stick carries the station's checkpoint of {size} entries, which the station's ledger does not extend ({detail}): entries this station committed are gone; {RUNBOOK}; if the ledger was restored from a backup on purpose, run 'airgap-audit ledger accept-rollback --reason TEXT --stick {}'", mount.display(), mount.display())]
    StickCheckpoint {
        mount: PathBuf,
        size: u64,
        detail: String,
    },
    #[error("{path}: invalid policy: {msg}; fix the policy file (see OPERATIONS.md)")]
    Policy { path: PathBuf, msg: String },
    #[error("cannot sign: {0}; check keys/verdict.key (see OPERATIONS.md, key ceremony)")]
    Sign(String),
    #[error(transparent)]
    PlanStore(#[from] crate::home::plan_store::PlanStoreError),
}

impl From<LedgerError> for StationError {
    fn from(e: LedgerError) -> Self {
        match e {
            LedgerError::AlreadyRecorded { .. } => StationError::Raced(e),
            e => StationError::Ledger(e),
        }
    }
}

/// Tunables of one run.
#[derive(Debug, Clone)]
pub struct Options {
    pub batch_size: usize,
    /// Most bytes of opened bundles the scan pass keeps for the judge (default
    /// [`crate::bounds::MAX_KEPT_OPENED_BYTES`]); a bundle beyond it is opened again when judged.
    pub kept_opened_bytes: u64,
    /// The clock (tests and `watch` pass the real one; kept explicit so a run uses one `now`).
    pub now: OffsetDateTime,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            batch_size: DEFAULT_BATCH,
            kept_opened_bytes: crate::bounds::MAX_KEPT_OPENED_BYTES,
            now: OffsetDateTime::now_utc(),
        }
    }
}

/// An open station: the lock, what `setup::Loaded` reads from the home, and the model (loaded once
/// per process so its prefix cache serves every bundle and every stick).
pub struct Station {
    home: StationHome,
    s: Loaded,
    advisor: Option<Box<dyn IntentAdvisor>>,
    _lock: lock::StationLock,
}

impl Station {
    /// Takes the lock, then loads everything (see `setup::Loaded::load`) and the model.
    pub fn open(home: &StationHome) -> Result<Station, StationError> {
        home.require_station()?;
        let lock = lock::acquire(home.root())?;
        fault::hit("after-lock");
        let s = Loaded::load(home)?;
        let advisor = load_model(home, &s.config);
        Ok(Station {
            home: home.clone(),
            s,
            advisor,
            _lock: lock,
        })
    }

    /// Re-reads config, keys, trust, policy and the ledger (verified again), keeping the lock and
    /// the model: `watch` calls it before each stick so trust changes made meanwhile apply.
    pub fn reload(&mut self) -> Result<(), StationError> {
        self.s = Loaded::load(&self.home)?;
        Ok(())
    }

    pub fn home(&self) -> &StationHome {
        &self.home
    }

    pub fn config(&self) -> &StationConfig {
        &self.s.config
    }

    pub fn ledger(&self) -> &Ledger {
        &self.s.ledger
    }

    /// Processes every bundle in `MOUNT/inbox` (see the module doc).
    ///
    /// Everything on the stick is reached through `mount`'s handle (see [`crate::stick::mount`]): a
    /// stick swapped under the same path mid-run gets none of this run's files.
    pub fn process(
        &mut self,
        mount: &crate::stick::mount::Mount,
        opts: &Options,
        on_event: &mut dyn FnMut(Event<'_>),
    ) -> Result<Summary, StationError> {
        let at = mount.at();
        let listing = inbox::list_at(&at, mount.shown())?;
        let outbox = Outbox::open_at(&at, mount.shown())?;
        outbox.remove_stale_temps();
        outbox.probe()?;
        self.check_stick_checkpoint(mount.shown(), &outbox)?;
        fault::hit("after-outbox-open");
        let mut summary = Summary {
            mac_metadata: listing.mac_metadata,
            ..Summary::default()
        };
        on_event(Event::Start {
            total: listing.bundles.len() + listing.skipped.len(),
        });
        for s in &listing.skipped {
            let r = Report {
                file: s.name.clone(),
                outcome: Outcome::Skipped {
                    reason: s.reason.clone(),
                },
            };
            summary.add(&r.outcome);
            on_event(Event::Passed);
            on_event(Event::Done(&r));
        }
        let t = std::time::Instant::now();
        let mut plan = self.scan(&listing.bundles, opts.kept_opened_bytes);
        tracing::debug!("scan: {} bundles in {:?}", plan.len(), t.elapsed());
        fault::hit("after-scan");
        fault::pause("after-scan");
        let batch = opts.batch_size.max(1);
        let mut ctx = RunState::default();
        for range in batches(&plan, batch) {
            let chunk = &mut plan[range];
            let reports = self.run_batch(chunk, &outbox, opts, &mut ctx, on_event)?;
            for r in &reports {
                summary.add(&r.outcome);
                on_event(Event::Done(r));
            }
            fault::hit("after-batch");
        }
        self.write_stick_checkpoint(&outbox)?;
        summary.ledger_size = self.s.ledger.size();
        // Metrics are not results: a failure to write them is logged, never fails the run.
        if let Err(e) = crate::health::metrics::write(
            &self.home,
            &self.s.config,
            &self.s.ledger,
            &ctx.bundle_durations,
            Some(outbox.dir()),
        ) {
            tracing::warn!("metrics not written: {e}");
        }
        Ok(summary)
    }

    /// A stick carries the station's high-water mark as of its last visit: a ledger that does
    /// not extend it lost entries since (the whole home, mark included, put back from an older
    /// copy), which the mark in the home alone cannot show.
    fn check_stick_checkpoint(&self, mount: &Path, outbox: &Outbox) -> Result<(), StationError> {
        let note = match outbox.read_small(
            crate::stick::outbox::STATION_CHECKPOINT,
            crate::stick::outbox::MAX_CHECKPOINT_BYTES,
        ) {
            Ok(Some(n)) => n,
            Ok(None) => return Ok(()),
            Err(e) => {
                tracing::warn!("the stick's checkpoint copy is unreadable, not used: {e}");
                return Ok(());
            }
        };
        match self.s.ledger.judge_outside_note(&note)? {
            OutsideNote::Extended { .. } => Ok(()),
            OutsideNote::NotOurs(why) => {
                tracing::warn!(
                    "outbox/{} is not this station's checkpoint ({why}); ignored",
                    crate::stick::outbox::STATION_CHECKPOINT
                );
                Ok(())
            }
            OutsideNote::GivenUp { size } => {
                tracing::warn!(
                    "outbox/{} shows a ledger of {size} entries that a recorded recovery gave up",
                    crate::stick::outbox::STATION_CHECKPOINT
                );
                Ok(())
            }
            OutsideNote::NotExtended { size, detail } => Err(StationError::StickCheckpoint {
                mount: mount.to_path_buf(),
                size,
                detail,
            }),
        }
    }

    /// Copies the high-water mark to the stick (atomically; nothing when it is already there).
    fn write_stick_checkpoint(&self, outbox: &Outbox) -> Result<(), StationError> {
        let Some(note) = self.s.ledger.high_water_note() else {
            return Ok(());
        };
        if !outbox.is_current(crate::stick::outbox::STATION_CHECKPOINT, note.as_bytes()) {
            outbox.write_file(crate::stick::outbox::STATION_CHECKPOINT, note.as_bytes())?;
        }
        Ok(())
    }
}
