/*!
The trust store on disk and in the ledger. Every change is first appended to the ledger as a
`TrustChange` entry whose body carries the whole resulting store, then `trust.json` is replaced
atomically. [`load_consistent`] rolls the file forward after an interrupted change and refuses a
file edited by hand; [`repair`] rewrites it from the ledger. The store itself is
[`crate::home::trust`]'s (pure).
*/
use crate::home::trust::{Role, TrustError, TrustStore, MAX_TRUST_BYTES};
use crate::sig::VerifyKey;

/// Errors keeping `trust.json` and the ledger in step. One line each.
#[derive(Debug, thiserror::Error)]
pub enum TrustSyncError {
    #[error(transparent)]
    Trust(#[from] TrustError),
    #[error(transparent)]
    Home(#[from] crate::home::HomeError),
    #[error(transparent)]
    Ledger(#[from] crate::ledger::LedgerError),
    #[error(
        "{path}: {err}; restore it with 'airgap-audit trust repair' (rebuilds it from the ledger)"
    )]
    File { path: String, err: TrustError },
    #[error("ledger entry {index} (trust change) does not carry a readable trust store: {why}; run 'airgap-audit ledger verify'")]
    BadLedgerEntry { index: u64, why: String },
    #[error("{path} disagrees with the ledger (latest trust change is entry {index}); it was edited outside 'airgap-audit trust': inspect it, then run 'airgap-audit trust repair' to rewrite it from the ledger")]
    Disagrees { path: String, index: u64 },
}

/// What a trust change did (the `action` of its ledger entry).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrustAction {
    Add,
    Remove,
}

/// The store recorded by the latest `TrustChange` ledger entry (empty if none), with its index,
/// and the store recorded by the entry before it.
fn ledger_stores(
    ledger: &crate::ledger::Ledger,
) -> Result<(Option<u64>, TrustStore, Option<TrustStore>), TrustSyncError> {
    let entries = ledger.list(&crate::ledger::Filter {
        kind: Some(crate::ledger::EntryKind::TrustChange),
        ..Default::default()
    })?;
    let store_of = |e: &crate::ledger::Entry| -> Result<TrustStore, TrustSyncError> {
        let v = e
            .recorded
            .body
            .get("store")
            .ok_or(TrustSyncError::BadLedgerEntry {
                index: e.index,
                why: "no 'store' field".into(),
            })?;
        let bytes = serde_json::to_vec(v).map_err(|err| TrustSyncError::BadLedgerEntry {
            index: e.index,
            why: err.to_string(),
        })?;
        TrustStore::parse(&bytes).map_err(|err| TrustSyncError::BadLedgerEntry {
            index: e.index,
            why: err.to_string(),
        })
    };
    let mut it = entries.iter().rev();
    match (it.next(), it.next()) {
        (None, _) => Ok((None, TrustStore::empty(), None)),
        (Some(last), prev) => {
            let prev = match prev {
                Some(p) => Some(store_of(p)?),
                None => Some(TrustStore::empty()),
            };
            Ok((Some(last.index), store_of(last)?, prev))
        }
    }
}

fn read_file(home: &crate::home::StationHome) -> Result<Option<TrustStore>, TrustSyncError> {
    let path = home.trust_json();
    match std::fs::symlink_metadata(&path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        _ => {}
    }
    let bytes = crate::fsx::read_capped(&path, MAX_TRUST_BYTES as u64)
        .map_err(crate::home::HomeError::from)?;
    TrustStore::parse(&bytes)
        .map(Some)
        .map_err(|err| TrustSyncError::File {
            path: path.display().to_string(),
            err,
        })
}

/// Loads the trust store, checking `trust.json` against the ledger, which is the source of truth.
///
/// - File equals the store of the latest `TrustChange` entry: fine.
/// - File is missing, or equals the store of the entry before it: a `trust add/remove` crashed
///   between its ledger append and the file rename (or the file was never written). The change
///   is durable in the ledger, so the file is rolled forward atomically and a warning is logged.
/// - Anything else: [`TrustSyncError::Disagrees`]; the station refuses to use either until the
///   operator runs `airgap-audit trust repair`.
pub fn load_consistent(
    home: &crate::home::StationHome,
    ledger: &crate::ledger::Ledger,
) -> Result<TrustStore, TrustSyncError> {
    let (index, expected, previous) = ledger_stores(ledger)?;
    let file = read_file(home)?;
    match file {
        Some(f) if f == expected => Ok(expected),
        f if f.is_none() || f == previous => {
            tracing::warn!(
                "{}: rolled forward to the ledger's latest trust change (an earlier 'trust' command was interrupted)",
                home.trust_json().display()
            );
            crate::fsx::write_atomic(&home.trust_json(), &expected.to_bytes(), 0o644)
                .map_err(crate::home::HomeError::from)?;
            Ok(expected)
        }
        _ => Err(TrustSyncError::Disagrees {
            path: home.trust_json().display().to_string(),
            index: index.unwrap_or(0),
        }),
    }
}

/// Rewrites `trust.json` from the ledger's latest trust change, whatever the file holds now.
pub fn repair(
    home: &crate::home::StationHome,
    ledger: &crate::ledger::Ledger,
) -> Result<TrustStore, TrustSyncError> {
    let (_, expected, _) = ledger_stores(ledger)?;
    crate::fsx::write_atomic(&home.trust_json(), &expected.to_bytes(), 0o644)
        .map_err(crate::home::HomeError::from)?;
    Ok(expected)
}

/// Adds or removes a key: ledger entry first (the commit point), then `trust.json` atomically.
/// Returns the new store and the ledger index of the change.
#[allow(clippy::too_many_arguments)]
pub fn change(
    home: &crate::home::StationHome,
    ledger: &mut crate::ledger::Ledger,
    action: TrustAction,
    role: Role,
    key: &VerifyKey,
    comment: &str,
    identity: Option<&str>,
    now: &str,
) -> Result<(TrustStore, u64), TrustSyncError> {
    let mut store = load_consistent(home, ledger)?;
    match action {
        TrustAction::Add => {
            store.add_with_identity(role, key, comment, now, identity)?;
        }
        TrustAction::Remove => {
            store.remove(role, &key.key_id)?;
        }
    }
    let mut body = serde_json::json!({
        "action": match action { TrustAction::Add => "add", TrustAction::Remove => "remove" },
        "role": role.as_str(),
        "key_id": key.key_id,
        "public_key": key.to_base64(),
        "comment": comment,
        "store_sha256": store.sha256_hex(),
        "store": store.to_json(),
    });
    if let Some(id) = store.identity_of(&key.key_id) {
        body["identity"] = serde_json::Value::String(id.to_string());
    }
    let appended = ledger.append_batch(vec![crate::ledger::NewEntry {
        kind: crate::ledger::EntryKind::TrustChange,
        subject: key.key_id.clone(),
        bundle_sha256: None,
        orchestrator_key: None,
        sequence: None,
        decision: None,
        created_at: now.to_string(),
        body,
    }])?;
    let index = appended.first().map(|a| a.index).unwrap_or(0);
    // Test-only crash point (same variable as the station's fault points): the ledger entry
    // is durable, the file is not yet written.
    if std::env::var("AIRGAP_AUDIT_FAULT").is_ok_and(|v| v == "trust-after-ledger:1") {
        std::process::abort();
    }
    crate::fsx::write_atomic(&home.trust_json(), &store.to_bytes(), 0o644)
        .map_err(crate::home::HomeError::from)?;
    Ok((store, index))
}
