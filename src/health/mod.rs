/*!
Station health: what `airgap-audit status` shows and the `airgap_audit_healthy` gauge of the
metrics ([`metrics`]). One rule decides health for both ([`Problems`]):

- the ledger opens and verifies (every leaf hash and the root against the signed checkpoint and
  the high-water mark, as `process` checks it before each run);
- the ledger has a checkpoint (an empty ledger has none: the station has recorded nothing yet);
- the folder holding the ledger has at least the minimum free space;
- a configured model file is present, a regular file, and starts with the GGUF magic.

Reads only: nothing here writes to the station home except [`metrics::write`]. The station's
lock is not taken, so `status` works while `watch` runs.
*/
pub mod metrics;

use std::path::Path;

use serde::Serialize;
use time::OffsetDateTime;

use crate::home::{StationConfig, StationHome};
use crate::ledger::{Ledger, LedgerKeys};

/// The `format` field of `status --format json` (schema: `outbox-spec/schemas/status.schema.json`).
pub const STATUS_FORMAT: &str = "airgap-audit/status/v1";

/// Free space under which the station is unhealthy (256 MiB): a verdict entry is a few KiB, so
/// this leaves room for thousands of bundles while the operator makes room.
pub const DEFAULT_MIN_FREE_BYTES: u64 = 256 * 1024 * 1024;

/// Extra attempts to open the ledger before `status` reports it failing (see [`Status::gather`]).
const OPEN_RETRIES: usize = 2;

/// Free bytes for an unprivileged writer on the file system holding `path` (statvfs).
pub fn free_bytes(path: &Path) -> Result<u64, String> {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(path.as_os_str().as_bytes())
        .map_err(|_| format!("{}: path holds a NUL byte", path.display()))?;
    let mut st = std::mem::MaybeUninit::<libc::statvfs>::zeroed();
    #[allow(unsafe_code)]
    // SAFETY: `c` is a valid NUL-terminated path and `st` points to writable statvfs storage.
    let rc = unsafe { libc::statvfs(c.as_ptr(), st.as_mut_ptr()) };
    if rc != 0 {
        return Err(format!(
            "{}: cannot read free space: {}",
            path.display(),
            std::io::Error::last_os_error()
        ));
    }
    #[allow(unsafe_code)]
    // SAFETY: statvfs returned 0, so it filled the structure.
    let st = unsafe { st.assume_init() };
    #[allow(clippy::unnecessary_cast)] // the field types differ between targets
    Ok((st.f_bavail as u64).saturating_mul(st.f_frsize as u64))
}

/// The configured model file, as far as the station can tell without loading llama.cpp.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ModelStatus {
    /// `model.path` is set in station.toml.
    pub configured: bool,
    pub path: Option<String>,
    /// SHA-256 of the file (only when hashed: `status`, not the per-batch metrics).
    pub sha256: Option<String>,
    /// A regular GGUF file that can be read; `None` when no model is configured.
    pub loads: Option<bool>,
    /// Why it does not load.
    pub error: Option<String>,
}

/// Checks the configured model. `hash`: read and hash the whole file (`status`); otherwise only
/// its type and magic (the metrics after each batch, where hashing a large model would be waste).
pub fn model_status(home: &StationHome, config: &StationConfig, hash: bool) -> ModelStatus {
    let Some(rel) = &config.model.path else {
        return ModelStatus {
            configured: false,
            path: None,
            sha256: None,
            loads: None,
            error: None,
        };
    };
    let path = home.root().join(rel);
    let checked = if hash {
        crate::llm::hash_model_file(&path)
            .map(Some)
            .map_err(|e| e.to_string())
    } else {
        check_gguf_head(&path).map(|()| None)
    };
    let (sha256, error) = match checked {
        Ok(sha) => (sha, None),
        Err(e) => (None, Some(e)),
    };
    ModelStatus {
        configured: true,
        path: Some(path.display().to_string()),
        sha256,
        loads: Some(error.is_none()),
        error,
    }
}

/// A regular file (no symlink) whose first bytes are the GGUF magic.
fn check_gguf_head(path: &Path) -> Result<(), String> {
    use std::io::Read;
    let shown = path.display();
    let meta = std::fs::symlink_metadata(path).map_err(|e| {
        format!("model file {shown} is missing or unreadable ({e}); run 'airgap-audit model install FILE'")
    })?;
    if !meta.file_type().is_file() {
        return Err(format!(
            "model path {shown} is not a regular file (symlinks are not followed); point the station at the GGUF file itself"
        ));
    }
    let mut head = [0u8; 4];
    crate::fsx::open_nofollow(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .map_err(|e| format!("model file {shown} cannot be read: {e}"))?;
    if !crate::llm::is_gguf_magic(&head) {
        return Err(format!(
            "model file {shown} is not a GGUF file; install a GGUF model"
        ));
    }
    Ok(())
}

/// The ledger as `status` reports it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct LedgerStatus {
    pub path: String,
    /// Opened and verified.
    pub ok: bool,
    /// Why it did not open or verify.
    pub error: Option<String>,
    pub size: Option<u64>,
    /// Hex Merkle root.
    pub root: Option<String>,
    /// A signed checkpoint is stored for the current size.
    pub has_checkpoint: bool,
    /// When the last checkpoint was written (the newest entry's time, RFC 3339).
    pub last_checkpoint_at: Option<String>,
    pub last_checkpoint_age_secs: Option<i64>,
}

/// Facts about an open ledger, shared by `status` and the metrics.
#[derive(Debug, Clone)]
pub struct LedgerFacts {
    pub size: u64,
    pub root_hex: String,
    pub has_checkpoint: bool,
    pub last_checkpoint_at: Option<OffsetDateTime>,
}

pub fn ledger_facts(ledger: &Ledger) -> Result<LedgerFacts, crate::ledger::LedgerError> {
    let size = ledger.size();
    let has_checkpoint = size > 0 && ledger.stored_checkpoint(size)?.is_some();
    let last_checkpoint_at = ledger.last_entry_time()?.and_then(|t| {
        OffsetDateTime::parse(&t, &time::format_description::well_known::Rfc3339).ok()
    });
    Ok(LedgerFacts {
        size,
        root_hex: hex::encode(ledger.root()),
        has_checkpoint,
        last_checkpoint_at,
    })
}

/// What makes a station unhealthy, one operator-readable line each (empty = healthy).
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct Problems(pub Vec<String>);

impl Problems {
    /// The health rule (see the module doc). `ledger`: the verified facts, or why the ledger did
    /// not open; `free`: free bytes where the ledger lives, or why they could not be read.
    pub fn assess(
        ledger: Result<&LedgerFacts, &str>,
        free: Result<u64, &str>,
        min_free: u64,
        model: &ModelStatus,
    ) -> Problems {
        let mut p = Vec::new();
        match ledger {
            Err(e) => p.push(format!("ledger: {e}")),
            Ok(f) if !f.has_checkpoint => p.push(
                "ledger: no checkpoint yet (the ledger is empty: add trusted keys with 'airgap-audit trust add')"
                    .to_string(),
            ),
            Ok(_) => {}
        }
        match free {
            Err(e) => p.push(format!("disk: {e}")),
            Ok(n) if n < min_free => p.push(format!(
                "disk: {n} bytes free where the ledger lives, under the minimum of {min_free}; free space or move the station home (OPERATIONS.md)"
            )),
            Ok(_) => {}
        }
        if let (true, Some(e)) = (model.configured, &model.error) {
            p.push(format!("model: {e}"));
        }
        Problems(p)
    }

    pub fn healthy(&self) -> bool {
        self.0.is_empty()
    }
}

/// The trust store: role → key ids.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TrustStatus {
    pub roles: std::collections::BTreeMap<String, Vec<String>>,
    pub error: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct StationIds {
    pub id: Option<String>,
    pub home: String,
    /// The age recipient bundles are encrypted to.
    pub age_recipient: Option<String>,
    /// Key id of the verdict signing key (what `verify-verdict --station-key` checks).
    pub verdict_key_id: Option<String>,
    /// Name of the checkpoint key (C2SP note verifier name).
    pub checkpoint_key: Option<String>,
    pub error: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct PolicyStatus {
    pub sha256: Option<String>,
    pub error: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct BatchStatus {
    pub at: String,
    pub approve: u64,
    pub escalate: u64,
    pub veto: u64,
    pub rejected: u64,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DiskStatus {
    pub path: String,
    pub free_bytes: Option<u64>,
    pub min_free_bytes: u64,
    pub error: Option<String>,
}

/// Everything `status` reports (JSON: `outbox-spec/schemas/status.schema.json`).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Status {
    pub format: &'static str,
    pub checked_at: String,
    pub healthy: bool,
    pub problems: Problems,
    pub station: StationIds,
    pub trust: TrustStatus,
    pub ledger: LedgerStatus,
    pub model: ModelStatus,
    pub policy: PolicyStatus,
    pub last_batch: Option<BatchStatus>,
    /// Open alerts: every execution check of the last [`ALERT_WINDOW_DAYS`] days that found a
    /// deviation, newest first (one line each; the `ALERT-<id>.txt` on the stick says more).
    pub alerts: Vec<String>,
    pub disk: DiskStatus,
}

impl Status {
    /// Gathers the status of the station at `home`. `policy`: the policy set's SHA-256, or why
    /// it did not load (the caller loads it, as `process` does).
    pub fn gather(
        home: &StationHome,
        policy: Result<String, String>,
        min_free: u64,
        now: OffsetDateTime,
    ) -> Status {
        let config = home.load_config();
        let station = station_ids(home, config.as_ref().ok());
        let trust = trust_status(home);
        let ledger_path = home.ledger();
        let open_once = || {
            Ledger::open_read_only(&ledger_path, LedgerKeys::Station)
                .map_err(|e| e.to_string())
                .and_then(|l| {
                    let facts = ledger_facts(&l).map_err(|e| e.to_string())?;
                    let batch = l.last_batch().map_err(|e| e.to_string())?;
                    let alerts = open_alerts(&l, now).map_err(|e| e.to_string())?;
                    Ok((facts, batch, alerts))
                })
        };
        // The open reads the entries, then the latest checkpoint, in separate queries: a batch
        // that `watch` commits in between looks like a checkpoint beyond the entries. A damaged
        // ledger fails every time, so a failure is only believed when it repeats.
        let mut opened = open_once();
        for _ in 0..OPEN_RETRIES {
            if opened.is_ok() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(500));
            opened = open_once();
        }
        let model = match &config {
            Ok(c) => model_status(home, c, true),
            Err(e) => ModelStatus {
                configured: false,
                path: None,
                sha256: None,
                loads: None,
                error: Some(e.to_string()),
            },
        };
        let disk_dir = ledger_path.parent().unwrap_or(home.root()).to_path_buf();
        let free = free_bytes(&disk_dir);
        let mut problems = Problems::assess(
            opened.as_ref().map(|(f, _, _)| f).map_err(String::as_str),
            free.as_ref().copied().map_err(String::as_str),
            min_free,
            &model,
        );
        if let Err(e) = &config {
            problems.0.insert(0, format!("station.toml: {e}"));
        }
        if let Err(e) = &policy {
            problems.0.push(format!("policy: {e}"));
        }
        // `process` refuses to run without these, so they are problems too.
        if let Some(e) = &trust.error {
            problems.0.push(format!("trust store: {e}"));
        }
        if let Some(e) = &station.error {
            problems.0.push(format!("station keys: {e}"));
        }
        let ledger = match &opened {
            Ok((f, _, _)) => LedgerStatus {
                path: ledger_path.display().to_string(),
                ok: true,
                error: None,
                size: Some(f.size),
                root: Some(f.root_hex.clone()),
                has_checkpoint: f.has_checkpoint,
                last_checkpoint_at: f.last_checkpoint_at.map(crate::canonical::format_utc),
                last_checkpoint_age_secs: f
                    .last_checkpoint_at
                    .map(|t| (now - t).whole_seconds().max(0)),
            },
            Err(e) => LedgerStatus {
                path: ledger_path.display().to_string(),
                ok: false,
                error: Some(e.clone()),
                size: None,
                root: None,
                has_checkpoint: false,
                last_checkpoint_at: None,
                last_checkpoint_age_secs: None,
            },
        };
        let last_batch = opened
            .as_ref()
            .ok()
            .and_then(|(_, b, _)| b.as_ref())
            .map(|b| {
                let count = |d: &str| {
                    b.decisions
                        .iter()
                        .filter(|(k, _)| k == d)
                        .map(|(_, n)| n)
                        .sum()
                };
                BatchStatus {
                    at: b.at.clone(),
                    approve: count("approve"),
                    escalate: count("escalate"),
                    veto: count("veto"),
                    rejected: b.rejected,
                }
            });
        let (policy_sha, policy_err) = match policy {
            Ok(s) => (Some(s), None),
            Err(e) => (None, Some(e)),
        };
        Status {
            format: STATUS_FORMAT,
            checked_at: crate::canonical::format_utc(now),
            healthy: problems.healthy(),
            problems,
            station,
            trust,
            ledger,
            model,
            policy: PolicyStatus {
                sha256: policy_sha,
                error: policy_err,
            },
            last_batch,
            alerts: opened
                .as_ref()
                .map(|(_, _, a)| a.clone())
                .unwrap_or_default(),
            disk: DiskStatus {
                path: disk_dir.display().to_string(),
                free_bytes: free.as_ref().ok().copied(),
                min_free_bytes: min_free,
                error: free.err(),
            },
        }
    }
}

/// How far back `status` lists execution deviations as open alerts.
pub const ALERT_WINDOW_DAYS: i64 = 30;

/// Execution deviations recorded in the last [`ALERT_WINDOW_DAYS`] days, newest first.
fn open_alerts(l: &Ledger, now: OffsetDateTime) -> Result<Vec<String>, crate::ledger::LedgerError> {
    let entries = l.list(&crate::ledger::Filter {
        kind: Some(crate::ledger::EntryKind::ExecutionCheck),
        decision: Some("deviation".into()),
        since: Some(now - time::Duration::days(ALERT_WINDOW_DAYS)),
        ..crate::ledger::Filter::default()
    })?;
    Ok(entries
        .iter()
        .rev()
        .map(|e| {
            let core =
                crate::verdict::execution_check::ExecutionCore::from_value(&e.recorded.body).ok();
            let n = core.as_ref().map_or(0, |c| c.total_discrepancies());
            let level = if core.is_some_and(|c| c.critical()) {
                "critical"
            } else {
                "high"
            };
            format!(
                "execution deviation ({level}): request {} at {}, {n} discrepanc{} (ledger entry {})",
                crate::display::sanitize(&e.recorded.subject),
                e.recorded.created_at,
                if n == 1 { "y" } else { "ies" },
                e.index
            )
        })
        .collect())
}

fn station_ids(home: &StationHome, config: Option<&StationConfig>) -> StationIds {
    let mut errors = Vec::new();
    let age_recipient = crate::fsx::read_capped(&home.keys_dir().join("age.pub"), 4096)
        .map_err(|e| errors.push(e.to_string()))
        .ok()
        .and_then(|b| {
            String::from_utf8_lossy(&b)
                .lines()
                .map(str::trim)
                .find(|l| l.starts_with("age1"))
                .map(str::to_string)
        });
    let verdict_key_id = crate::home::keys::load_verify_key(&home.verdict_pub())
        .map_err(|e| errors.push(e.to_string()))
        .ok()
        .map(|k| k.key_id);
    let checkpoint_key = crate::ledger::checkpoint::load_verifier(&home.checkpoint_pub())
        .map_err(|e| errors.push(e.to_string()))
        .ok()
        .map(|v| v.name().to_string());
    StationIds {
        id: config.map(|c| c.station_id.clone()),
        home: home.root().display().to_string(),
        age_recipient,
        verdict_key_id,
        checkpoint_key,
        error: (!errors.is_empty()).then(|| errors.join("; ")),
    }
}

fn trust_status(home: &StationHome) -> TrustStatus {
    let mut roles: std::collections::BTreeMap<String, Vec<String>> = crate::home::trust::Role::ALL
        .iter()
        .map(|r| (r.as_str().to_string(), Vec::new()))
        .collect();
    let parsed = crate::fsx::read_capped(
        &home.trust_json(),
        crate::home::trust::MAX_TRUST_BYTES as u64,
    )
    .map_err(|e| e.to_string())
    .and_then(|b| crate::home::trust::TrustStore::parse(&b).map_err(|e| e.to_string()));
    match parsed {
        Ok(store) => {
            for (role, key) in store.entries() {
                roles
                    .entry(role.as_str().to_string())
                    .or_default()
                    .push(key.key_id.clone());
            }
            TrustStatus { roles, error: None }
        }
        Err(e) => TrustStatus {
            roles,
            error: Some(e),
        },
    }
}
