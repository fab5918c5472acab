/*!
Weakening a setting takes two people: a policy file or `station.toml` that is weaker than the
embedded defaults is refused at load unless two trusted keys, one `manager` and one `security`,
signed its exact bytes.

Weaker means (each compared with the embedded defaults, not with the previous file, so a chain
of small edits cannot walk around it):
- policy: a finding id whose default is `veto` set to anything else, or whose default is an
  approval set to `warn` or to an approval of another kind (another kind has other approvers);
  `cost.threshold` above the default;
- `station.toml`: an approval kind given a role it does not have by default (wider approvers), or
  `[override] required_roles` / `cost_roles` without one of their default roles (other or fewer
  people could then overrule a veto). `[override] not_overridable` can only add to the built-in
  list, so it has no weaker setting.

Signature file: `<file>.sig.json` beside the file (`policy.toml.sig.json`,
`station.toml.sig.json`), at most 16 KiB, strict JSON:
`{"format": "airgap-audit/settings-signatures/v1", "signatures": ["<.minisig text>", ...]}`
with 2 to 8 detached minisign signatures (the full text of each `.minisig` file) over the file's
exact bytes. It counts when one signature verifies with a key trusted for `manager` and another
with a different key trusted for `security`. OPERATIONS.md "Weakening a setting" has the ceremony.
*/
use std::path::{Path, PathBuf};

use crate::engine::findings::default_disposition;
use crate::engine::policy::PolicyConfig;
use crate::engine::{Disposition, PolicySet};
use crate::home::StationConfig;
use crate::sig::VerifyKey;

/// Format marker of a signature file.
pub const FORMAT: &str = "airgap-audit/settings-signatures/v1";
/// Largest signature file read.
pub const MAX_SIG_FILE_BYTES: u64 = 16 * 1024;
const MAX_SIGNATURES: usize = 8;

/// `<file>.sig.json`.
pub fn sig_path(file: &Path) -> PathBuf {
    let mut s = file.as_os_str().to_os_string();
    s.push(".sig.json");
    PathBuf::from(s)
}

/// How a policy is weaker than the embedded default policy, one phrase per setting.
pub fn policy_weakenings(config: &PolicyConfig) -> Vec<String> {
    let default = PolicySet::default().config;
    let mut out = Vec::new();
    for id in crate::engine::findings::known_ids() {
        let was = default_disposition(id);
        let now = config.disposition(id);
        let weaker = match (&was, &now) {
            (Disposition::Veto, Disposition::Veto) => false,
            (Disposition::Veto, _) => true,
            (Disposition::Approval(a), Disposition::Approval(b)) => a != b,
            (Disposition::Approval(_), Disposition::Warn) => true,
            (Disposition::Approval(_), Disposition::Veto) | (Disposition::Warn, _) => false,
        };
        if weaker {
            out.push(format!("dispositions.{id} = {now} (default {was})"));
        }
    }
    if config.cost.threshold > default.cost.threshold {
        out.push(format!(
            "cost.threshold = {} (default {})",
            config.cost.threshold, default.cost.threshold
        ));
    }
    out
}

/// How `station.toml` is weaker than the defaults: roles added to an approval kind, or an
/// override that no longer needs one of the default roles (fewer people, or other people, can
/// then overrule a veto).
pub fn station_weakenings(config: &StationConfig) -> Vec<String> {
    let default = crate::home::default_approval_roles();
    let mut out = Vec::new();
    let base = crate::home::OverrideConfig::default();
    for (key, now, was) in [
        (
            "override.required_roles",
            &config.overrides.required_roles,
            &base.required_roles,
        ),
        (
            "override.cost_roles",
            &config.overrides.cost_roles,
            &base.cost_roles,
        ),
    ] {
        let dropped: Vec<&str> = was
            .iter()
            .filter(|r| !now.contains(r))
            .map(|r| r.as_str())
            .collect();
        if !dropped.is_empty() {
            out.push(format!("{key} drops {}", dropped.join(", ")));
        }
    }
    for (kind, roles) in &config.approval_roles {
        let base = default.get(kind).map(Vec::as_slice).unwrap_or(&[]);
        let added: Vec<&str> = roles
            .iter()
            .filter(|r| !base.contains(r))
            .map(|r| r.as_str())
            .collect();
        if !added.is_empty() {
            out.push(format!(
                "approval_roles.{kind} adds {} (default {})",
                added.join(", "),
                base.iter()
                    .map(|r| r.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
    out
}

/// A weakening refused. One line: which file, how it is weaker, why the signatures do not count.
#[derive(Debug, thiserror::Error)]
#[error("{}: weakens the built-in defaults ({}) without signatures by two people: {why}; sign its exact bytes with a trusted manager key and a trusted security key into {} (OPERATIONS.md \"Weakening a setting\"), or undo the change", file.display(), weakenings.join("; "), sig_path(file).display())]
pub struct Refused {
    pub file: PathBuf,
    pub weakenings: Vec<String>,
    pub why: String,
}

/// Who signed an accepted weakening.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Countersigned {
    pub manager_key_id: String,
    pub security_key_id: String,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct SigFile {
    format: String,
    signatures: Vec<String>,
}

/// Checks a settings file: `Ok(None)` when it weakens nothing, `Ok(Some(..))` when it does and
/// `<file>.sig.json` carries valid signatures by a `manager` and a (different) `security` key
/// over `bytes`, else [`Refused`].
pub fn check(
    file: &Path,
    bytes: &[u8],
    weakenings: Vec<String>,
    managers: &[VerifyKey],
    security: &[VerifyKey],
) -> Result<Option<Countersigned>, Refused> {
    if weakenings.is_empty() {
        return Ok(None);
    }
    let refuse = |why: String| Refused {
        file: file.to_path_buf(),
        weakenings: weakenings.clone(),
        why,
    };
    let sig = sig_path(file);
    let raw = match crate::fsx::read_capped(&sig, MAX_SIG_FILE_BYTES) {
        Ok(r) => r,
        Err(crate::fsx::FsxError::Io { err, .. }) if err.kind() == std::io::ErrorKind::NotFound => {
            return Err(refuse(format!("there is no {}", sig.display())))
        }
        Err(e) => return Err(refuse(e.to_string())),
    };
    let parsed: SigFile = serde_json::from_slice(&raw)
        .map_err(|e| refuse(format!("{} is not a signature file ({e})", sig.display())))?;
    if parsed.format != FORMAT {
        return Err(refuse(format!(
            "{} has format {:?}, not {FORMAT:?}",
            sig.display(),
            parsed.format
        )));
    }
    if parsed.signatures.len() > MAX_SIGNATURES {
        return Err(refuse(format!(
            "{} holds more than {MAX_SIGNATURES} signatures",
            sig.display()
        )));
    }
    let mut manager_ids = Vec::new();
    let mut security_ids = Vec::new();
    let mut problems = Vec::new();
    for (i, s) in parsed.signatures.iter().enumerate() {
        let m = crate::sig::verify_detached(managers, bytes, s.as_bytes());
        let k = crate::sig::verify_detached(security, bytes, s.as_bytes());
        if let Ok(v) = &m {
            manager_ids.push(v.key_id.clone());
        }
        if let Ok(v) = &k {
            security_ids.push(v.key_id.clone());
        }
        if let (Err(e), Err(_)) = (m, k) {
            problems.push(format!(
                "signature {} does not count ({e}; only keys trusted as manager or security count)",
                i + 1
            ));
        }
    }
    for m in &manager_ids {
        if let Some(s) = security_ids.iter().find(|s| *s != m) {
            return Ok(Some(Countersigned {
                manager_key_id: m.clone(),
                security_key_id: s.clone(),
            }));
        }
    }
    let found = match (manager_ids.is_empty(), security_ids.is_empty()) {
        (true, true) => "no signature by a trusted manager or security key verifies".to_string(),
        (false, true) => "only a manager signature verifies, none by a security key".to_string(),
        (true, false) => "only a security signature verifies, none by a manager key".to_string(),
        (false, false) => "the manager and the security signature are by the same key".to_string(),
    };
    problems.insert(0, found);
    Err(refuse(problems.join("; ")))
}
