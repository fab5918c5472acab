/*!
The plan store: every plan the station judged, kept for the whole retention period so an auditor
(and the execution check) can read the approved plan itself, not only its digest.

`HOME/plans/<sha256>.json.zst`: content-addressed by the SHA-256 of the exact plan bytes (the
`plan_sha256` every verdict records in the ledger, which is what covers the store: a stored plan
is valid when it decompresses to bytes of that digest), zstd-compressed, written to a temp name,
fsynced, renamed and the folder fsynced. The station stores a plan *before* the ledger commit of
its verdict, so a committed verdict never lacks its plan; a crash in between leaves at most a
plan nobody refers to, which the re-run stores again (same name, same bytes).

Plans of every decision are kept (an approval by override later needs the vetoed plan);
`ledger verify` requires the plan of every `approve` verdict ([`check`]).

Touches only `HOME/plans`; never writes the ledger (only [`approved_plans`] reads it), never the
stick.
*/
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::home::{HomeError, StationHome};
use crate::ledger::{EntryKind, Filter, Ledger, LedgerError};

/// The store's folder under the station home.
pub const DIR: &str = "plans";
/// zstd level of stored plans (plans compress well; stored once, read rarely).
const LEVEL: i32 = 9;

/// Why a stored plan cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum PlanStoreError {
    #[error("the approved plan {sha256} is missing from {dir}; restore {dir} from the station's backup (OPERATIONS.md \"Plan store\")")]
    Missing { sha256: String, dir: String },
    #[error("the stored plan {path} is damaged ({why}); restore it from the station's backup (OPERATIONS.md \"Plan store\")")]
    Corrupt { path: String, why: String },
    #[error(transparent)]
    Home(#[from] HomeError),
}

/// `HOME/plans/<sha256>.json.zst`.
pub fn path_for(home_root: &Path, sha256: &str) -> PathBuf {
    home_root.join(DIR).join(format!("{sha256}.json.zst"))
}

/// Stores `plan` under its SHA-256 (hex, returned). Nothing is written when an intact copy is
/// already there; a damaged one is replaced.
pub fn store(home_root: &Path, plan: &[u8], cap: u64) -> Result<String, PlanStoreError> {
    let sha = hex::encode(Sha256::digest(plan));
    let dir = home_root.join(DIR);
    match std::fs::symlink_metadata(&dir) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => return Err(HomeError::NotRegular(dir.display().to_string()).into()),
        Err(_) => {
            std::fs::create_dir(&dir).map_err(|e| HomeError::io(&dir, e))?;
            crate::fsx::fsync_dir(home_root).map_err(|e| HomeError::io(home_root, e))?;
        }
    }
    if load(home_root, &sha, cap).is_ok() {
        return Ok(sha);
    }
    let zst = zstd::bulk::compress(plan, LEVEL).map_err(|e| PlanStoreError::Corrupt {
        path: path_for(home_root, &sha).display().to_string(),
        why: format!("cannot compress: {e}"),
    })?;
    crate::fsx::write_atomic(&path_for(home_root, &sha), &zst, 0o644).map_err(HomeError::from)?;
    Ok(sha)
}

/// The stored plan of digest `sha256`, decompressed (at most `cap` bytes) and checked.
pub fn load(home_root: &Path, sha256: &str, cap: u64) -> Result<Vec<u8>, PlanStoreError> {
    let path = path_for(home_root, sha256);
    let zst = match crate::fsx::read_capped(&path, cap) {
        Ok(b) => b,
        Err(crate::fsx::FsxError::Io { err, .. }) if err.kind() == std::io::ErrorKind::NotFound => {
            return Err(PlanStoreError::Missing {
                sha256: sha256.to_string(),
                dir: home_root.join(DIR).display().to_string(),
            })
        }
        Err(e) => return Err(HomeError::from(e).into()),
    };
    let corrupt = |why: String| PlanStoreError::Corrupt {
        path: path.display().to_string(),
        why,
    };
    let plan =
        crate::envelope::bundle::decompress(&zst, cap).map_err(|e| corrupt(e.to_string()))?;
    let actual = hex::encode(Sha256::digest(&plan));
    if actual != sha256 {
        return Err(corrupt(format!("its content hashes to {actual}")));
    }
    Ok(plan)
}

/// True when the plan of digest `sha256` is stored intact.
pub fn check(home_root: &Path, sha256: &str, cap: u64) -> Result<(), PlanStoreError> {
    load(home_root, sha256, cap).map(|_| ())
}

/// What `ledger verify` found in the plan store for the ledger's `approve` verdicts.
pub struct ApprovedPlans {
    /// False when the home has no plan store at all (a station older than the execution check):
    /// then nothing is checked, and the report says so.
    pub store_present: bool,
    pub intact: u64,
    /// The first approve verdict whose plan is missing or damaged: (index, request id, why).
    pub first_bad: Option<(u64, String, PlanStoreError)>,
}

/// Checks the stored plan of every `approve` verdict in the ledger, in ledger order, up to the
/// first that is missing or damaged (what `ledger verify` reports).
pub fn approved_plans(h: &StationHome, ledger: &Ledger) -> Result<ApprovedPlans, LedgerError> {
    let cap = h
        .load_config()
        .map(|c| c.limits.max_request_bytes)
        .unwrap_or_else(|_| crate::envelope::bundle::Limits::default().max_request_bytes);
    let verdicts = ledger.list(&Filter {
        kind: Some(EntryKind::Verdict),
        decision: Some("approve".into()),
        ..Filter::default()
    })?;
    let mut found = ApprovedPlans {
        store_present: h.root().join(DIR).is_dir(),
        intact: 0,
        first_bad: None,
    };
    if !found.store_present {
        return Ok(found);
    }
    for e in verdicts {
        let sha = e
            .recorded
            .body
            .get("hashes")
            .and_then(|h| h.get("plan_sha256"))
            .and_then(|s| s.as_str())
            .unwrap_or_default();
        match check(h.root(), sha, cap) {
            Ok(()) => found.intact += 1,
            Err(err) => {
                found.first_bad = Some((e.index, e.recorded.subject.clone(), err));
                break;
            }
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_plans_round_trip_and_damage_is_named() {
        let home = tempfile::tempdir().unwrap();
        let plan = br#"{"format_version":"1.2","resource_changes":[]}"#;
        let sha = store(home.path(), plan, 1 << 20).unwrap();
        assert_eq!(load(home.path(), &sha, 1 << 20).unwrap(), plan);
        assert_eq!(
            store(home.path(), plan, 1 << 20).unwrap(),
            sha,
            "idempotent"
        );
        let other = "0".repeat(64);
        assert!(matches!(
            check(home.path(), &other, 1 << 20),
            Err(PlanStoreError::Missing { .. })
        ));
        // Another plan's bytes under this name: refused, then repaired by storing again.
        let wrong = zstd::bulk::compress(b"{}", 3).unwrap();
        std::fs::write(path_for(home.path(), &sha), wrong).unwrap();
        assert!(matches!(
            check(home.path(), &sha, 1 << 20),
            Err(PlanStoreError::Corrupt { .. })
        ));
        store(home.path(), plan, 1 << 20).unwrap();
        check(home.path(), &sha, 1 << 20).unwrap();
    }
}
