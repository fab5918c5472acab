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

Run structure (why it is shaped like this):
- **Exclusive lock** on the station home folder itself for the whole run ([`lock`]).
- **Scan pass**: every bundle is read and opened once to learn its orchestrator sequence number,
  then dropped. Bundles are then judged in sequence order (ties by file name), so the rollback
  rule ("a sequence must be higher than every one already recorded for that orchestrator key")
  does not depend on how the files happen to be named. Opening is cheap next to judging, so the
  second open in the judging pass costs little; the scan keeps only a few bytes per bundle.
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
  (every verdict's plan is stored before its verdict commits) by [`engine::execution`]; the
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
pub mod lock;
mod overrides;
pub mod run_document;

use crate::fault;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use time::OffsetDateTime;

use crate::engine::advisor::{AdvisorInfo, ChangeFacts, ChangeJudgement, IntentAdvisor};
use crate::engine::{self, Assessment, EngineInput, PolicySet};
use crate::envelope::bundle::Limits;
use crate::envelope::bundle::{self, BundleError, OpenedBundle};
use crate::home::{StationConfig, StationHome, StationKeys};
use crate::ledger::{Appended, Entry, EntryKind, Ledger, LedgerError, NewEntry, OutsideNote};
use crate::sig::VerifyKey;
use crate::stick::inbox::{self, Candidate, RawBundle, ReadError};
use crate::stick::outbox::{OutFile, Outbox, OutboxError};

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
    #[error("{}/outbox/station-checkpoint.txt: this stick carries the station's checkpoint of {size} entries, which the station's ledger does not extend ({detail}): entries this station committed are gone; stop processing and follow OPERATIONS.md \"Ledger fails verification\"; if the ledger was restored from a backup on purpose, run 'airgap-audit ledger accept-rollback --reason TEXT --stick {}'", mount.display(), mount.display())]
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
    /// The clock (tests and `watch` pass the real one; kept explicit so a run uses one `now`).
    pub now: OffsetDateTime,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            batch_size: DEFAULT_BATCH,
            now: OffsetDateTime::now_utc(),
        }
    }
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

    fn add(&mut self, o: &Outcome) {
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

/// A model that failed to load: every judgement fails, so the engine fails closed with a
/// human-review finding that carries the reason (a configured model is never silently skipped).
struct FailedAdvisor {
    reason: String,
    path: String,
}

impl IntentAdvisor for FailedAdvisor {
    fn info(&self) -> AdvisorInfo {
        AdvisorInfo {
            model_sha256: String::new(),
            prompt_version: String::new(),
            grammar_version: String::new(),
            sampling: format!("not loaded: {}", self.path),
            concern_threshold: 1.0,
        }
    }

    fn judge(&mut self, _: &str, _: &[ChangeFacts]) -> Result<Vec<ChangeJudgement>, String> {
        Err(format!(
            "the configured model did not load: {}",
            self.reason
        ))
    }
}

/// Everything a run reads from the station home (reloaded per stick by `watch`).
struct Loaded {
    config: StationConfig,
    keys: StationKeys,
    signer: emit::Signer,
    orchestrators: Vec<VerifyKey>,
    /// Keys trusted for `requester`: the only keys a requester signature may be by.
    requesters: Vec<VerifyKey>,
    approvers: Vec<crate::envelope::approval::TrustedKey>,
    /// The whole trust store: override signers are checked by role and identity.
    trust: crate::home::trust::TrustStore,
    kind_roles: crate::envelope::approval::KindRoles,
    policy: PolicySet,
    /// The text `policy` was built from, for the `policy_change` entry.
    policy_sources: crate::home::policy_file::PolicySources,
    /// station.toml as read (and who countersigned it), recorded with the policy.
    station_settings: crate::home::policy_file::StationSettings,
    /// What the ledger recorded last; when the policy set or station.toml differ from it, the
    /// next committed batch carries a `policy_change` entry.
    policy_recorded: Option<crate::home::policy_file::Recorded>,
    /// Who countersigned a policy weaker than the defaults (recorded with it).
    policy_countersigned: Option<crate::home::countersign::Countersigned>,
    ledger: Ledger,
}

impl Loaded {
    /// Checks secret key modes, loads config and keys, opens the ledger (which recomputes the
    /// Merkle root and refuses a tampered ledger), the trust store (checked against the ledger)
    /// and the policy.
    fn load(home: &StationHome) -> Result<Loaded, StationError> {
        let (config, config_bytes) = home.load_config_bytes()?;
        let keys = home.load_keys()?;
        let signer = emit::Signer::load(home)?;
        let ledger = Ledger::open(&home.ledger())?;
        fault::hit("after-ledger-open");
        let trust = crate::home::trust_sync::load_consistent(home, &ledger)?;
        let orchestrators = trust.keys(crate::home::trust::Role::Orchestrator);
        let requesters = trust.keys(crate::home::trust::Role::Requester);
        // Every trusted key, orchestrator keys included: an approval signed by the orchestrator's
        // key is then reported as `wrong_role` (the key is trusted, for another role), not as
        // `untrusted_key`. No approval kind may name the orchestrator role (station.toml is
        // refused if it does), so such an approval never counts.
        let mut approvers = Vec::new();
        for (role, key) in trust.entries() {
            if let Ok(vk) = key.verify_key() {
                approvers.push(crate::envelope::approval::TrustedKey {
                    role: role.as_str().to_string(),
                    key: vk.key,
                });
            }
        }
        let kind_roles = crate::envelope::approval::kinds()
            .map(|k| {
                let roles = config.roles_for_kind(k);
                (
                    k.to_string(),
                    roles.iter().map(|r| r.as_str().to_string()).collect(),
                )
            })
            .collect();
        let policy_path = home.policy_toml();
        let policy_sources =
            crate::home::policy_file::load(&policy_path).map_err(|e| StationError::Policy {
                path: policy_path.clone(),
                msg: format!("{e:#}"),
            })?;
        let policy = policy_sources.set.clone();
        // Weaker than the defaults: only with a manager's and a security officer's signatures.
        let managers = trust.keys(crate::home::trust::Role::Manager);
        let security = trust.keys(crate::home::trust::Role::Security);
        let mut countersigned = [
            (
                home.station_toml(),
                &config_bytes,
                crate::home::countersign::station_weakenings(&config),
            ),
            (
                policy_path.clone(),
                &policy_sources.toml_bytes,
                crate::home::countersign::policy_weakenings(&policy.config),
            ),
        ]
        .into_iter()
        .map(|(file, bytes, weakenings)| {
            let c = crate::home::countersign::check(&file, bytes, weakenings, &managers, &security)?;
            if let Some(c) = &c {
                tracing::warn!(
                    "{}: weaker than the built-in defaults, accepted with the signatures of {} (manager) and {} (security)",
                    file.display(),
                    c.manager_key_id,
                    c.security_key_id
                );
            }
            Ok(c)
        })
        .collect::<Result<Vec<_>, crate::home::countersign::Refused>>()?;
        let policy_countersigned = countersigned.pop().flatten();
        let station_settings = crate::home::policy_file::StationSettings {
            toml_bytes: config_bytes,
            countersigned: countersigned.pop().flatten(),
        };
        let policy_recorded = crate::home::policy_file::latest_recorded(&ledger)?;
        Ok(Loaded {
            config,
            keys,
            signer,
            orchestrators,
            requesters,
            approvers,
            trust,
            kind_roles,
            policy,
            policy_sources,
            station_settings,
            policy_recorded,
            policy_countersigned,
            ledger,
        })
    }
}

/// An open station: the lock, what [`Loaded`] reads from the home, and the model (loaded once
/// per process so its prefix cache serves every bundle and every stick).
pub struct Station {
    home: StationHome,
    s: Loaded,
    advisor: Option<Box<dyn IntentAdvisor>>,
    _lock: lock::StationLock,
}

impl Station {
    /// Takes the lock, then loads everything (see [`Loaded::load`]) and the model.
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

    /// The SHA-256 (hex) of every bundle in `MOUNT/inbox` that the ledger does not hold yet:
    /// what `watch` decides a stick needs from. Digests and the ledger, never timestamps: a
    /// bundle written in the same second as `DONE.txt`, or with an old mtime, is still new.
    /// `cache` spares re-reading files whose identity and change time are unchanged (a rewrite
    /// always moves the kernel-set change time).
    pub fn unrecorded(
        &self,
        mount: &Path,
        cache: &mut DigestCache,
    ) -> Result<BTreeSet<String>, StationError> {
        let listing = inbox::list(mount)?;
        let mut out = BTreeSet::new();
        for c in &listing.bundles {
            let Some(sha) = cache.digest(&c.path) else {
                // Unreadable now: the run itself reports it as skipped.
                continue;
            };
            if self.s.ledger.find_by_bundle(&sha)?.is_none() {
                out.insert(sha);
            }
        }
        Ok(out)
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
        let plan = self.scan(&listing.bundles);
        tracing::debug!("scan: {} bundles in {:?}", plan.len(), t.elapsed());
        fault::hit("after-scan");
        fault::pause("after-scan");
        let batch = opts.batch_size.max(1);
        let mut ctx = RunState::default();
        for chunk in batches(&plan, batch) {
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

    /// The scan pass: read and open each bundle once, to order them by sequence number.
    fn scan(&self, candidates: &[Candidate]) -> Vec<Scanned> {
        let cap = self.s.config.limits.max_bundle_bytes;
        let mut out: Vec<Scanned> = candidates
            .iter()
            .map(|c| {
                let opened = match inbox::read_bundle(&c.path, cap) {
                    Ok(raw) => match self.s.ledger.find_by_bundle(&raw.sha256_hex()) {
                        Ok(Some(_)) => None,
                        _ => bundle::open_envelope(
                            &raw.bytes,
                            &self.s.keys.age,
                            &self.s.orchestrators,
                            &self.s.config.limits,
                        )
                        .ok()
                        .and_then(|env| {
                            // Same envelope, three documents: an override (told by its format),
                            // an execution report (by its members) or a request.
                            if env.payload == bundle::Payload::Request
                                && crate::verdict::override_doc::is_override_bundle(&env.document)
                            {
                                return overrides::sequence_of(&env).map(|seq| (seq, None));
                            }
                            env.into_opened().ok().map(|o| {
                                let seq = o.sequence();
                                let request_of = match o {
                                    bundle::Opened::Request(b) => {
                                        (false, b.request.doc.request_id.to_ascii_lowercase())
                                    }
                                    bundle::Opened::ExecutionReport(r) => {
                                        (true, r.report.doc.request_id.to_ascii_lowercase())
                                    }
                                };
                                (seq, Some(request_of))
                            })
                        }),
                    },
                    Err(_) => None,
                };
                Scanned {
                    candidate: c.clone(),
                    sequence: opened.as_ref().map(|(seq, _)| *seq),
                    request_of: opened.and_then(|(_, request_of)| request_of),
                }
            })
            .collect();
        // Unopenable and already-recorded bundles first (their order cannot matter), then the
        // rest by sequence; file name breaks ties, so the order is a function of the inbox alone.
        out.sort_by(|a, b| (a.sequence, &a.candidate.name).cmp(&(b.sequence, &b.candidate.name)));
        out
    }

    /// Judges one batch, commits it, writes its files. Returns one report per bundle.
    fn run_batch(
        &mut self,
        chunk: &[Scanned],
        outbox: &Outbox,
        opts: &Options,
        run: &mut RunState,
        on_event: &mut dyn FnMut(Event<'_>),
    ) -> Result<Vec<Report>, StationError> {
        let now = opts.now;
        let mut slots: Vec<Slot> = Vec::with_capacity(chunk.len());
        let mut batch = BatchState::new(now);
        let t_judge = std::time::Instant::now();
        for s in chunk {
            let file = s.candidate.name.clone();
            on_event(Event::Working { file: &file });
            let t_bundle = std::time::Instant::now();
            let slot = self.judge_one(&s.candidate, run, &mut batch)?;
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
        let mut groups: Vec<Vec<OutFile>> = Vec::new();
        let mut reports = Vec::with_capacity(slots.len());
        for slot in slots {
            let (outcome, files) = match slot.kind {
                SlotKind::Report(o) => (o, Vec::new()),
                SlotKind::New(i) => {
                    let (Some(entry), Some(app)) = (batch.pending.get(i), appended.get(i)) else {
                        return Err(StationError::Ledger(LedgerError::InvalidEntry(
                            "append_batch returned fewer entries than given".into(),
                        )));
                    };
                    let files = self.s.signer.files_for(
                        entry.kind,
                        &entry.body,
                        app.index,
                        &app.leaf_hash,
                    )?;
                    (outcome_of(entry, app.index, false, false), files)
                }
                SlotKind::Known(entry) => {
                    let files = self.s.signer.files_for(
                        entry.kind,
                        &entry.body,
                        entry.index,
                        &entry.leaf_hash,
                    )?;
                    let missing = files.iter().any(|f| !outbox.is_current(&f.name, &f.bytes));
                    let new = NewEntry {
                        kind: entry.kind,
                        subject: entry.subject.clone(),
                        bundle_sha256: entry.bundle_sha256.clone(),
                        orchestrator_key: entry.orchestrator_key.clone(),
                        sequence: entry.sequence,
                        decision: entry.decision.clone(),
                        created_at: entry.created_at.clone(),
                        body: entry.body.clone(),
                    };
                    (outcome_of(&new, entry.index, true, missing), files)
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

    /// Runs the pipeline on one bundle up to (not including) the ledger append.
    fn judge_one(
        &mut self,
        c: &Candidate,
        run: &mut RunState,
        batch: &mut BatchState,
    ) -> Result<SlotKind, StationError> {
        let now = batch.now;
        let limits: &Limits = &self.s.config.limits;
        let raw: RawBundle = match inbox::read_bundle(&c.path, limits.max_bundle_bytes) {
            Ok(raw) => raw,
            Err(ReadError::Oversized { size, cap }) => match inbox::stream_sha256(&c.path) {
                Ok(sha) => {
                    let e = BundleError::Oversized { size, cap };
                    let sha = hex::encode(sha);
                    if let Some(k) = self.known(c, &sha, run, batch)? {
                        return Ok(k);
                    }
                    return self.reject(c, &sha, e.reason_code(), &e.to_string(), batch);
                }
                Err(e) => {
                    return Ok(SlotKind::Report(Outcome::Skipped {
                        reason: e.to_string(),
                    }))
                }
            },
            Err(e) => {
                return Ok(SlotKind::Report(Outcome::Skipped {
                    reason: format!("{e}; the file was not processed"),
                }))
            }
        };
        fault::hit("after-read");
        let sha = raw.sha256_hex();
        if let Some(k) = self.known(c, &sha, run, batch)? {
            return Ok(k);
        }
        let opened: OpenedBundle = match bundle::open_envelope(
            &raw.bytes,
            &self.s.keys.age,
            &self.s.orchestrators,
            limits,
        )
        .and_then(|env| {
            if env.payload == bundle::Payload::Request
                && crate::verdict::override_doc::is_override_bundle(&env.document)
            {
                Ok(Err(env))
            } else {
                env.into_opened().map(Ok)
            }
        }) {
            Ok(Ok(bundle::Opened::Request(ob))) => *ob,
            Ok(Ok(bundle::Opened::ExecutionReport(r))) => {
                drop(raw);
                return self.judge_report(c, &sha, &r, batch);
            }
            // Same envelope, another document: a two-person override (`overrides`).
            Ok(Err(env)) => {
                drop(raw);
                return self.judge_override(c, &sha, env, batch);
            }
            Err(e) => return self.reject(c, &sha, e.reason_code(), &e.to_string(), batch),
        };
        drop(raw);
        fault::hit("after-decrypt");
        fault::hit("after-request-parse");
        let prior_max = self.s.ledger.max_sequence(&opened.orchestrator_key_id)?;
        let replayed = self
            .s
            .ledger
            .find_verdict_for_request_id(&opened.request.doc.request_id)?
            .map(|e| (e.index, e.subject));
        let state = checks::State {
            station_id: &self.s.config.station_id,
            now,
            clock_skew_secs: self.s.config.clock_skew_secs,
            ledger_verdict_for_request: replayed,
            batch_has_request: batch
                .request_ids
                .contains(&opened.request.doc.request_id.to_ascii_lowercase()),
            highest_sequence: prior_max
                .max(batch.max_sequence.get(&opened.orchestrator_key_id).copied()),
        };
        if let Err(e) = checks::check(&opened, &state) {
            return self.reject(c, &sha, e.reason_code(), &e.to_string(), batch);
        }
        let approvers = &self.s.approvers;
        let other_roles = |id: &str| -> Vec<String> {
            approvers
                .iter()
                .filter(|t| crate::sig::key_id_hex(t.key.keynum()) == id)
                .map(|t| t.role.clone())
                .collect()
        };
        let requester_signed_by = match checks::check_requester(
            &opened,
            &self.s.requesters,
            self.s.config.require_requester_signature,
            &other_roles,
        ) {
            Ok(k) => k,
            Err(e) => return self.reject(c, &sha, e.reason_code(), &e.to_string(), batch),
        };
        fault::hit("after-checks");
        let core = self.assess(&opened, now, requester_signed_by);
        fault::hit("after-evaluate");
        let (body, decision) = match core {
            emit::Core::Verdict { body, decision } => (body, decision),
            emit::Core::Unbuildable { reason } => {
                return self.reject(c, &sha, "verdict_unbuildable", &reason, batch)
            }
        };
        let doc = &opened.request.doc;
        let entry = NewEntry {
            kind: EntryKind::Verdict,
            subject: doc.request_id.clone(),
            bundle_sha256: Some(sha.clone()),
            orchestrator_key: Some(opened.orchestrator_key_id.clone()),
            sequence: Some(doc.sequence),
            decision: Some(decision),
            created_at: crate::canonical::format_utc(now),
            body,
        };
        // No input may stop the run: an entry the ledger would refuse fails the whole batch's
        // transaction, so it is refused here, as this one bundle's rejection.
        if let Err(e) = entry.check_recordable() {
            let why = match e {
                LedgerError::InvalidEntry(why) => why,
                other => other.to_string(),
            };
            return self.reject(
                c,
                &sha,
                "verdict_unbuildable",
                &format!("the station cannot record this request in its ledger ({why}); ask the orchestrator to check the request"),
                batch,
            );
        }
        // The plan is kept before its verdict is committed, so no committed verdict lacks it.
        crate::home::plan_store::store(
            self.home.root(),
            &opened.request.plan_bytes,
            self.s.config.limits.max_request_bytes,
        )?;
        fault::hit("after-plan-store");
        batch
            .request_ids
            .insert(doc.request_id.to_ascii_lowercase());
        let m = batch
            .max_sequence
            .entry(opened.orchestrator_key_id.clone())
            .or_insert(doc.sequence);
        *m = (*m).max(doc.sequence);
        batch.shas.insert(sha, c.name.clone());
        batch.pending.push(entry);
        Ok(SlotKind::New(batch.pending.len() - 1))
    }

    /// The execution check of one authenticated report, up to (not including) the ledger append:
    /// the request's admission rules (station, window, sequence), one check per request id, then
    /// the verdict lookup and the engine's comparison with the stored approved plan.
    fn judge_report(
        &self,
        c: &Candidate,
        sha: &str,
        r: &bundle::OpenedReport,
        batch: &mut BatchState,
    ) -> Result<SlotKind, StationError> {
        let now = batch.now;
        let doc = &r.report.doc;
        let refuse = |code: &str, why: String, batch: &mut BatchState| {
            self.reject(c, sha, code, &why, batch)
        };
        if let Err(e) = crate::envelope::execution_report::check_freshness(
            &r.report,
            &self.s.config.station_id,
            now,
            self.s.config.clock_skew_secs,
        ) {
            return refuse(e.reason_code(), e.to_string(), batch);
        }
        let id_lower = doc.request_id.to_ascii_lowercase();
        if let Some(e) = self
            .s
            .ledger
            .find_for_request_id(EntryKind::ExecutionCheck, &doc.request_id)?
        {
            return refuse(
                "replayed_execution_report",
                format!("request id {} already has an execution check (ledger entry {}); this bundle is a replay — one report per applied request", doc.request_id, e.index), batch,
            );
        }
        if batch.report_ids.contains(&id_lower) {
            return refuse(
                "replayed_execution_report",
                format!("request id {} has two execution reports in this inbox; only the first was checked", doc.request_id), batch,
            );
        }
        let prior_max = self.s.ledger.max_sequence(&r.orchestrator_key_id)?;
        if let Some(highest) =
            prior_max.max(batch.max_sequence.get(&r.orchestrator_key_id).copied())
        {
            if doc.sequence <= highest {
                let e = checks::CheckError::SequenceRollback {
                    key: r.orchestrator_key_id.clone(),
                    got: doc.sequence,
                    highest,
                };
                return refuse(e.reason_code(), e.to_string(), batch);
            }
        }
        let cfg = &self.s.policy.config;
        let state = match crate::canonical::find_duplicate_key(&r.report.state_bytes) {
            Some(key) => Err(format!(
                "the state has the key {:?} twice in one object; send exactly what 'terraform show -json' writes",
                crate::display::sanitize_clipped(&key, 80)
            )),
            None => engine::execution::parse_state(&r.report.state_bytes, cfg)
                .map_err(|e| e.to_string()),
        };
        let state = match state {
            Ok(s) => s,
            Err(why) => return refuse("bad_state_document", why, batch),
        };
        // The verdict in force: a two-person override's approval when there is one (it names
        // the same plan as the verdict it overruled), else the audit's own verdict.
        let verdict = match self
            .s
            .ledger
            .find_for_request_id(EntryKind::Override, &doc.request_id)?
        {
            Some(o) => Some(o),
            None => self.s.ledger.find_verdict_for_request_id(&doc.request_id)?,
        };
        let decision = verdict.as_ref().and_then(|v| v.decision.clone());
        let mut plan_sha256 = None;
        let comparison = match &verdict {
            None => engine::execution::not_approved(
                format!("the station never judged request {}: nothing was approved, yet a state after apply was reported", doc.request_id),
                Some(&state),
            ),
            Some(v) if v.decision.as_deref() != Some("approve") => engine::execution::not_approved(
                format!(
                    "the verdict for request {} (ledger entry {}) is {}, not approve: the plan was applied without approval",
                    doc.request_id,
                    v.index,
                    v.decision.as_deref().unwrap_or("unknown")
                ),
                Some(&state),
            ),
            Some(v) => {
                let core = crate::verdict::VerdictCore::from_value(&v.body)
                    .map_err(|e| emit::bad_entry(v.index, e))?;
                let plan_sha = core.hashes.plan_sha256.clone();
                let plan_bytes = match crate::home::plan_store::load(
                    self.home.root(),
                    &plan_sha,
                    self.s.config.limits.max_request_bytes,
                ) {
                    Ok(b) => b,
                    Err(e) => {
                        return refuse(
                            "approved_plan_unavailable",
                            format!("the station cannot check this report: {e}"), batch,
                        )
                    }
                };
                let plan = engine::plan::parse(&plan_bytes, cfg);
                let prior = engine::execution::prior_addresses(&plan_bytes);
                let (plan, prior) = match (plan, prior) {
                    (Ok(p), Ok(a)) => (p, a),
                    (Err(e), _) => {
                        return refuse("approved_plan_unavailable", format!("the approved plan {plan_sha} no longer loads under the current policy ({e}); check the policy's [plan] limits"), batch)
                    }
                    (_, Err(e)) => {
                        return refuse("approved_plan_unavailable", format!("the approved plan {plan_sha} has an unreadable prior_state ({e})"), batch)
                    }
                };
                let accepted: BTreeSet<(String, String)> = core
                    .findings
                    .iter()
                    .filter(|f| matches!(f.disposition, engine::Disposition::Approval(_)))
                    .filter_map(|f| f.resource.clone().map(|a| (f.id.clone(), a)))
                    .collect();
                plan_sha256 = Some(plan_sha);
                engine::execution::compare(&engine::execution::ExecutionInput {
                    plan: &plan,
                    prior: &prior,
                    state: &state,
                    policy: &self.s.policy,
                    accepted: &accepted,
                })
            }
        };
        let body = crate::verdict::execution_check::ExecutionCore::build(
            crate::verdict::execution_check::ExecutionInputs {
                request_id: &doc.request_id,
                station_id: &self.s.config.station_id,
                comparison: &comparison,
                approval: crate::verdict::execution_check::ApprovalRef {
                    verdict_ledger_index: verdict.as_ref().map(|v| v.index),
                    decision,
                },
                hashes: crate::verdict::execution_check::ExecutionHashes {
                    bundle_sha256: sha.to_string(),
                    report_sha256: r.report_sha256.clone(),
                    state_sha256: doc.state_sha256.clone(),
                    plan_sha256,
                    policy_sha256: self.s.policy.sha256.clone(),
                },
                issued_at: now,
            },
        )
        .and_then(|core| core.to_value());
        let body = match body {
            Ok(b) => b,
            Err(e) => {
                return refuse(
                    "execution_check_unbuildable",
                    format!("the station cannot write an execution check for this report ({e}); ask the orchestrator to check the report"), batch,
                )
            }
        };
        let entry = NewEntry {
            kind: EntryKind::ExecutionCheck,
            subject: doc.request_id.clone(),
            bundle_sha256: Some(sha.to_string()),
            orchestrator_key: Some(r.orchestrator_key_id.clone()),
            sequence: Some(doc.sequence),
            decision: Some(comparison.result.as_str().to_string()),
            created_at: crate::canonical::format_utc(now),
            body,
        };
        if let Err(e) = entry.check_recordable() {
            return refuse(
                "execution_check_unbuildable",
                format!("the station cannot record this report in its ledger ({e}); ask the orchestrator to check the report"), batch,
            );
        }
        batch.report_ids.insert(id_lower);
        let m = batch
            .max_sequence
            .entry(r.orchestrator_key_id.clone())
            .or_insert(doc.sequence);
        *m = (*m).max(doc.sequence);
        batch.shas.insert(sha.to_string(), c.name.clone());
        batch.pending.push(entry);
        Ok(SlotKind::New(batch.pending.len() - 1))
    }

    /// The engine stage and the verdict core of an authenticated, fresh request.
    fn assess(
        &mut self,
        ob: &OpenedBundle,
        now: OffsetDateTime,
        requester_signed_by: Option<String>,
    ) -> emit::Core {
        let doc = &ob.request.doc;
        let signed: Vec<crate::envelope::approval::SignedApproval> = doc
            .approvals
            .iter()
            .map(|a| crate::envelope::approval::SignedApproval {
                approval: a.approval.clone(),
                signature: a.signature.clone(),
            })
            .collect();
        let ctx = crate::envelope::approval::ApprovalContext {
            plan_sha256: &doc.plan_sha256,
            request_id: &doc.request_id,
            now,
            clock_skew_secs: self.s.config.clock_skew_secs,
            trusted: &self.s.approvers,
            kind_roles: &self.s.kind_roles,
        };
        let approvals = crate::envelope::approval::check_all(&signed, &ctx);
        let granted = approvals.granted_kinds();
        let request = doc.engine_request();
        let cost = doc.engine_cost();
        // serde_json keeps the last of two equal keys, so a plan with a repeated key deep inside
        // would be judged as one document and applied by Terraform tooling as maybe another:
        // such a plan is unloadable (the engine's invalid_plan veto), like one that fails to parse.
        let plan = match crate::canonical::find_duplicate_key(&ob.request.plan_bytes) {
            Some(key) => Err(format!(
                "the plan has the key {:?} twice in one object; a plan must be exactly what 'terraform show -json' writes",
                crate::display::sanitize_clipped(&key, 80)
            )),
            None => engine::plan::parse(&ob.request.plan_bytes, &self.s.policy.config)
                .map_err(|e| e.to_string()),
        };
        let assessment: Assessment = match plan {
            Ok(plan) => {
                let input = EngineInput {
                    request: &request,
                    plan: &plan,
                    approvals: &granted,
                    cost: cost.as_ref(),
                    policy: &self.s.policy,
                };
                let adv: Option<&mut dyn IntentAdvisor> = match self.advisor.as_mut() {
                    Some(b) => Some(b.as_mut()),
                    None => None,
                };
                engine::evaluate(&input, adv)
            }
            Err(e) => {
                engine::evaluate_unloadable(&request, &granted, cost.as_ref(), &self.s.policy, &e)
            }
        };
        emit::verdict_core(emit::VerdictInput {
            opened: ob,
            station_id: &self.s.config.station_id,
            assessment: &assessment,
            approvals: &approvals,
            now,
            ttl_secs: self.s.config.verdict_ttl_secs,
            requester_signed_by,
        })
    }

    /// A bundle already recorded (in the ledger, or earlier in this batch).
    fn known(
        &self,
        c: &Candidate,
        sha: &str,
        run: &RunState,
        batch: &BatchState,
    ) -> Result<Option<SlotKind>, StationError> {
        if let Some(first) = batch.shas.get(sha).or_else(|| run.shas.get(sha)) {
            if first != &c.name {
                return Ok(Some(SlotKind::Report(Outcome::Duplicate {
                    of: first.clone(),
                })));
            }
        }
        if let Some(e) = self.s.ledger.find_by_bundle(sha)? {
            if let Some(first) = run.shas.get(sha) {
                if first != &c.name {
                    return Ok(Some(SlotKind::Report(Outcome::Duplicate {
                        of: first.clone(),
                    })));
                }
            }
            return Ok(Some(SlotKind::Known(Box::new(e))));
        }
        Ok(None)
    }

    /// Queues a rejection entry (its receipt is written after the batch commits).
    fn reject(
        &self,
        c: &Candidate,
        sha: &str,
        code: &str,
        reason: &str,
        batch: &mut BatchState,
    ) -> Result<SlotKind, StationError> {
        let now = batch.now;
        let body = emit::rejection_core(emit::RejectionInput {
            bundle_file: &c.name,
            bundle_sha256: sha,
            reason_code: code,
            reason,
            station_id: &self.s.config.station_id,
            now,
        })?;
        batch.shas.insert(sha.to_string(), c.name.clone());
        batch.pending.push(NewEntry {
            kind: EntryKind::Rejection,
            subject: sha.to_string(),
            bundle_sha256: Some(sha.to_string()),
            // Rejections never advance an orchestrator's sequence: only judged requests do.
            orchestrator_key: None,
            sequence: None,
            decision: None,
            created_at: crate::canonical::format_utc(now),
            body,
        });
        Ok(SlotKind::New(batch.pending.len() - 1))
    }
}

/// Loads the model once per process, from `model.path` in station.toml (relative to the home;
/// `airgap-audit model install` sets it). Only the configured model is used: a verdict must depend
/// on nothing but the station's own recorded state, never on a file that happens to lie in the
/// working directory. Without the setting, or without the `llm` feature, the stage is off.
fn load_model(home: &StationHome, config: &StationConfig) -> Option<Box<dyn IntentAdvisor>> {
    if !crate::llm::enabled() {
        return None;
    }
    let Some(rel) = &config.model.path else {
        tracing::info!(
            "no model configured (run 'airgap-audit model install FILE'); the model stage is off"
        );
        return None;
    };
    let path = home.root().join(rel);
    match crate::llm::load_advisor(&path) {
        Ok(adv) => adv,
        Err(reason) => {
            tracing::warn!("model stage failed to load: {reason}");
            Some(Box::new(FailedAdvisor {
                reason,
                path: path.display().to_string(),
            }))
        }
    }
}

fn outcome_of(e: &NewEntry, index: u64, already: bool, reemitted: bool) -> Outcome {
    match e.kind {
        EntryKind::ExecutionCheck => {
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
        EntryKind::Verdict | EntryKind::Override => Outcome::Verdict {
            request_id: e.subject.clone(),
            decision: e.decision.clone().unwrap_or_default(),
            findings: e
                .body
                .get("findings")
                .and_then(|f| f.as_array())
                .map_or(0, Vec::len),
            by_override: e.kind == EntryKind::Override,
            ledger_index: index,
            already,
            reemitted,
        },
        // Only verdicts, overrides, execution checks and rejections are about a bundle; the
        // others never reach a slot.
        EntryKind::Rejection
        | EntryKind::TrustChange
        | EntryKind::PolicyChange
        | EntryKind::ModelChange
        | EntryKind::SnapshotExport
        | EntryKind::Recovery => Outcome::Rejected {
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

/// Bundle digests by file identity, for [`Station::unrecorded`]: a digest is reused only while
/// device, inode, size, mtime and ctime are all unchanged (ctime is set by the kernel on every
/// write or metadata change, and cannot be set back by `touch`).
#[derive(Default)]
pub struct DigestCache {
    known: HashMap<(u64, u64), ([i64; 5], String)>,
}

impl DigestCache {
    fn digest(&mut self, path: &Path) -> Option<String> {
        use std::os::unix::fs::MetadataExt;
        let m = std::fs::symlink_metadata(path).ok()?;
        let key = (m.dev(), m.ino());
        let stamp = [
            i64::try_from(m.size()).unwrap_or(i64::MAX),
            m.mtime(),
            m.mtime_nsec(),
            m.ctime(),
            m.ctime_nsec(),
        ];
        if let Some((s, sha)) = self.known.get(&key) {
            if *s == stamp {
                return Some(sha.clone());
            }
        }
        let sha = hex::encode(inbox::stream_sha256(path).ok()?);
        self.known.insert(key, (stamp, sha.clone()));
        Some(sha)
    }
}

/// A bundle in judging order.
struct Scanned {
    candidate: Candidate,
    /// The request's sequence number when the bundle opened and is not yet recorded.
    sequence: Option<u64>,
    /// (is an execution report, request id lower-cased) when the bundle opened.
    request_of: Option<(bool, String)>,
}

/// Splits the judging order into batches of at most `size`, also ending a batch before an
/// execution report whose request is judged earlier in that batch: the report is checked
/// against the verdict, which must be committed (and so have its ledger index) first.
fn batches(plan: &[Scanned], size: usize) -> Vec<&[Scanned]> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut requests: BTreeSet<&str> = BTreeSet::new();
    for (i, s) in plan.iter().enumerate() {
        let needs_commit =
            matches!(&s.request_of, Some((true, id)) if requests.contains(id.as_str()));
        if i > start && (i - start >= size || needs_commit) {
            out.push(&plan[start..i]);
            start = i;
            requests.clear();
        }
        if let Some((false, id)) = &s.request_of {
            requests.insert(id.as_str());
        }
    }
    if start < plan.len() {
        out.push(&plan[start..]);
    }
    out
}

/// What one bundle of a batch turned into before the commit.
struct Slot {
    file: String,
    kind: SlotKind,
}

enum SlotKind {
    /// Index into the batch's pending entries.
    New(usize),
    /// Already in the ledger: re-emit if missing.
    Known(Box<Entry>),
    /// Nothing to record.
    Report(Outcome),
}

/// Bundles of earlier batches of this run (for duplicate detection by name), and their timings.
#[derive(Default)]
struct RunState {
    shas: HashMap<String, String>,
    /// Processing time of each bundle judged in this run (for the metrics' histogram).
    bundle_durations: Vec<std::time::Duration>,
}

/// The batch context: its one clock reading, the entries it will commit (the ledger does not see
/// them until the append) and what it has admitted so far. Every stage that judges a bundle takes
/// it instead of the separate pieces.
struct BatchState {
    now: OffsetDateTime,
    pending: Vec<NewEntry>,
    shas: HashMap<String, String>,
    request_ids: BTreeSet<String>,
    /// Request ids (lower case) an override of this batch overrules.
    overridden: BTreeSet<String>,
    /// Request ids (lower-cased) of execution reports checked in this batch.
    report_ids: BTreeSet<String>,
    max_sequence: BTreeMap<String, u64>,
}

impl BatchState {
    fn new(now: OffsetDateTime) -> BatchState {
        BatchState {
            now,
            pending: Vec::new(),
            shas: HashMap::new(),
            request_ids: BTreeSet::new(),
            overridden: BTreeSet::new(),
            report_ids: BTreeSet::new(),
            max_sequence: BTreeMap::new(),
        }
    }
}
