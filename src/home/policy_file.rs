/*!
The policy set as files: `policy.toml` and the Rego modules of the directory it names, read with
their exact text, and the `policy_change` ledger entry that records that text.

Why the text: a verdict records only the policy set's SHA-256. The first batch a station commits
under a policy set the ledger has not recorded yet carries a `policy_change` entry holding the
whole set (the TOML text and every Rego file's path and text), so any verdict's `policy_sha256`
resolves from the ledger alone, and every change of policy leaves a trace there.

The station's own settings (`station.toml`: verdict lifetime, clock skew, size limits, who may
approve what) are recorded the same way and in the same entry: a batch whose `station.toml`
differs from the one the ledger recorded last carries a `policy_change` entry too, so a changed
setting (even one that needed no countersignature) is never silent.

Entry body (`kind = policy_change`, `subject` = the policy set's SHA-256):
`{"policy_sha256", "previous_policy_sha256" (null for the first), "policy_toml",
"rego": [{"name", "path", "text"}, ...] (sorted by name), "countersigned_by": {"manager",
"security"} key ids (null unless the set is weaker than the defaults), "station_toml",
"station_toml_sha256", "station_countersigned_by" (as `countersigned_by`, for station.toml)}`.
Both digests are recomputed from that text whenever the latest entry is read, so an entry that
does not carry the settings it names is refused. Entries written before station settings were
recorded lack the three `station_*` fields; the next batch then records them.
*/
use std::path::Path;

use anyhow::{anyhow, bail, Context};
use serde_json::{json, Value};

use crate::engine::PolicySet;
use crate::ledger::{EntryKind, Filter, Ledger, LedgerError, NewEntry};

/// Largest policy file or Rego module read.
pub const MAX_POLICY_BYTES: u64 = 4 * 1024 * 1024;
/// Most Rego modules read from a policy directory.
pub const MAX_REGO_MODULES: usize = 1000;

/// One Rego module as read: its file name (what the digest covers), its path relative to the
/// policy file's folder, and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegoFile {
    pub name: String,
    pub path: String,
    pub text: String,
}

/// A policy set with the exact text it was built from.
#[derive(Debug)]
pub struct PolicySources {
    pub set: PolicySet,
    /// The policy file's bytes (checked as UTF-8 by the TOML parser).
    pub toml_bytes: Vec<u8>,
    /// Sorted by name, as the digest takes them.
    pub rego: Vec<RegoFile>,
}

impl PolicySources {
    /// The policy file's text (the parser accepted it, so it is UTF-8).
    pub fn toml_text(&self) -> String {
        String::from_utf8_lossy(&self.toml_bytes).into_owned()
    }

    /// The `policy_change` ledger entry recording this set and the station's settings;
    /// `previous` is the SHA-256 of the policy set the ledger recorded last, if any.
    /// `countersigned`: the manager's and security officer's key ids when the file is weaker than
    /// the defaults and was accepted on their signatures ([`crate::home::countersign`]).
    pub fn change_entry(
        &self,
        previous: Option<&str>,
        countersigned: Option<&crate::home::countersign::Countersigned>,
        station: &StationSettings,
        created_at: &str,
    ) -> NewEntry {
        let signers = |c: &crate::home::countersign::Countersigned| json!({"manager": c.manager_key_id, "security": c.security_key_id});
        let rego: Vec<Value> = self
            .rego
            .iter()
            .map(|r| json!({"name": r.name, "path": r.path, "text": r.text}))
            .collect();
        NewEntry {
            kind: EntryKind::PolicyChange,
            subject: self.set.sha256.clone(),
            bundle_sha256: None,
            orchestrator_key: None,
            sequence: None,
            decision: None,
            created_at: created_at.to_string(),
            body: json!({
                "policy_sha256": self.set.sha256,
                "previous_policy_sha256": previous,
                "policy_toml": self.toml_text(),
                "rego": rego,
                "countersigned_by": countersigned.map(signers),
                "station_toml": String::from_utf8_lossy(&station.toml_bytes),
                "station_toml_sha256": station.sha256(),
                "station_countersigned_by": station.countersigned.as_ref().map(signers),
            }),
        }
    }
}

/// The station's settings file as read, for the `policy_change` entry.
#[derive(Debug, Clone)]
pub struct StationSettings {
    /// `station.toml`'s bytes (the TOML parser accepted them, so they are UTF-8).
    pub toml_bytes: Vec<u8>,
    /// Who countersigned it when it is weaker than the defaults.
    pub countersigned: Option<crate::home::countersign::Countersigned>,
}

impl StationSettings {
    pub fn sha256(&self) -> String {
        sha256_hex(&self.toml_bytes)
    }
}

/// What the ledger's latest `policy_change` entry records: the policy set's SHA-256 and, when
/// the entry carries it, station.toml's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    pub policy_sha256: String,
    pub station_toml_sha256: Option<String>,
}

impl Recorded {
    /// Whether a batch under `policy` and `station` must carry a new `policy_change` entry.
    pub fn differs_from(recorded: Option<&Recorded>, policy: &str, station: &str) -> bool {
        match recorded {
            None => true,
            Some(r) => {
                r.policy_sha256 != policy || r.station_toml_sha256.as_deref() != Some(station)
            }
        }
    }
}

/// Reads the policy file and every `*.rego` in the directory it names (relative to the file, not
/// recursive, symlinks refused), checks the bounds of its numeric settings and builds the set.
pub fn load(path: &Path) -> anyhow::Result<PolicySources> {
    let bytes = read(path, "policy file")?;
    let config = crate::engine::policy::PolicyConfig::parse(&bytes)
        .map_err(|e| anyhow!("{}: {e}", path.display()))?;
    crate::bounds::check_policy(&config).map_err(|e| anyhow!("{}: {e}", path.display()))?;
    let mut rego = Vec::new();
    if let Some(dir) = &config.rego.dir {
        let base = path.parent().unwrap_or(Path::new("."));
        let dir_path = base.join(dir);
        rego = read_rego_dir(&dir_path, Path::new(dir))
            .with_context(|| format!("policy file {}", path.display()))?;
    }
    rego.sort_by(|a, b| a.name.cmp(&b.name));
    let set = build(&bytes, &rego).map_err(|e| anyhow!("{}: {e}", path.display()))?;
    Ok(PolicySources {
        set,
        toml_bytes: bytes,
        rego,
    })
}

/// The policy set of a command run on files (`check`, `eval`, `status`): the policy file and its
/// Rego directory ([`load`]), or the embedded default policy when no file is given.
pub fn load_set(path: Option<&Path>) -> anyhow::Result<PolicySet> {
    match path {
        None => Ok(PolicySet::default()),
        Some(p) => load(p).map(|s| s.set),
    }
}

/// [`load_set`] plus every `*.rego` in each of `rego_dirs`, restricted to the Rego packages in
/// `namespaces` when any are given (conftest's `--namespace`).
pub fn load_set_with_rego(
    path: Option<&Path>,
    rego_dirs: &[std::path::PathBuf],
    namespaces: &[String],
) -> anyhow::Result<PolicySet> {
    if rego_dirs.is_empty() && namespaces.is_empty() {
        return load_set(path);
    }
    let (toml, mut modules): (Option<Vec<u8>>, Vec<(String, String)>) = match path {
        None => (None, Vec::new()),
        Some(p) => {
            let sources = load(p)?;
            let modules = sources
                .rego
                .iter()
                .map(|r| (r.name.clone(), r.text.clone()))
                .collect();
            (Some(sources.toml_bytes), modules)
        }
    };
    for dir in rego_dirs {
        for r in read_rego_dir(dir, dir)? {
            modules.push((r.path, r.text));
        }
    }
    let mut set = PolicySet::from_parts(toml.as_deref(), &modules).map_err(|e| anyhow!("{e}"))?;
    if !namespaces.is_empty() {
        let rego = set.rego.as_mut().ok_or_else(|| {
            anyhow!("--namespace needs Rego policies; add --rego DIR or a [rego] dir in the policy file")
        })?;
        rego.retain_namespaces(namespaces)
            .map_err(|e| anyhow!("{e}"))?;
    }
    Ok(set)
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}

/// Every `*.rego` file directly in `dir_path` (not recursive, symlinks refused, at most
/// [`MAX_REGO_MODULES`]), sorted by name; each recorded `path` is `shown_dir/<name>`.
pub fn read_rego_dir(dir_path: &Path, shown_dir: &Path) -> anyhow::Result<Vec<RegoFile>> {
    let entries = std::fs::read_dir(dir_path)
        .with_context(|| format!("cannot read the Rego directory {}", dir_path.display()))?;
    let mut rego = Vec::new();
    for entry in entries {
        let entry = entry.with_context(|| format!("cannot list {}", dir_path.display()))?;
        let p = entry.path();
        if p.extension().and_then(|e| e.to_str()) != Some("rego") {
            continue;
        }
        if rego.len() >= MAX_REGO_MODULES {
            bail!(
                "{} holds more than {MAX_REGO_MODULES} Rego modules",
                dir_path.display()
            );
        }
        let src = read(&p, "Rego module")?;
        let text = String::from_utf8(src)
            .map_err(|_| anyhow!("Rego module {} is not UTF-8", p.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        rego.push(RegoFile {
            path: shown_dir.join(&name).to_string_lossy().into_owned(),
            name,
            text,
        });
    }
    rego.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(rego)
}

fn read(path: &Path, what: &str) -> anyhow::Result<Vec<u8>> {
    crate::fsx::read_capped(path, MAX_POLICY_BYTES)
        .map_err(|e| anyhow!("cannot read {what} {}: {e}", path.display()))
}

fn build(toml: &[u8], rego: &[RegoFile]) -> Result<PolicySet, crate::engine::policy::PolicyError> {
    let modules: Vec<(String, String)> = rego
        .iter()
        .map(|r| (r.name.clone(), r.text.clone()))
        .collect();
    PolicySet::from_parts(Some(toml), &modules)
}

/// Errors reading the policy record from the ledger. One line each.
#[derive(Debug, thiserror::Error)]
pub enum PolicyRecordError {
    #[error(transparent)]
    Ledger(#[from] LedgerError),
    #[error("ledger entry {index} (policy change) does not carry the policy set it names: {why}; run 'airgap-audit ledger verify' and follow OPERATIONS.md \"Ledger fails verification\"")]
    BadEntry { index: u64, why: String },
}

/// The policy set a `policy_change` entry records, rebuilt from its text; its digest must be the
/// one the entry names.
pub fn recorded_set(entry: &crate::ledger::Entry) -> Result<PolicySet, PolicyRecordError> {
    let bad = |why: String| PolicyRecordError::BadEntry {
        index: entry.index,
        why,
    };
    let body = &entry.recorded.body;
    let toml = body
        .get("policy_toml")
        .and_then(Value::as_str)
        .ok_or_else(|| bad("no 'policy_toml' text".into()))?;
    let mut rego = Vec::new();
    for r in body
        .get("rego")
        .and_then(Value::as_array)
        .ok_or_else(|| bad("no 'rego' list".into()))?
    {
        let field = |k: &str| {
            r.get(k)
                .and_then(Value::as_str)
                .map(str::to_string)
                .ok_or_else(|| bad(format!("a Rego file has no '{k}'")))
        };
        rego.push(RegoFile {
            name: field("name")?,
            path: field("path")?,
            text: field("text")?,
        });
    }
    let set = build(toml.as_bytes(), &rego).map_err(|e| bad(e.to_string()))?;
    let named = body.get("policy_sha256").and_then(Value::as_str);
    if named != Some(set.sha256.as_str()) || entry.recorded.subject != set.sha256 {
        return Err(bad(format!(
            "its text hashes to {}, it names {}",
            set.sha256,
            named.unwrap_or("nothing")
        )));
    }
    Ok(set)
}

/// The station.toml digest a `policy_change` entry records, checked against the text it carries;
/// `None` for entries written before station settings were recorded.
pub fn recorded_station_sha256(
    entry: &crate::ledger::Entry,
) -> Result<Option<String>, PolicyRecordError> {
    let body = &entry.recorded.body;
    let (text, named) = (
        body.get("station_toml"),
        body.get("station_toml_sha256").and_then(Value::as_str),
    );
    match (text, named) {
        (None, None) => Ok(None),
        (Some(Value::String(text)), Some(named)) => {
            let actual = sha256_hex(text.as_bytes());
            if actual != named {
                return Err(PolicyRecordError::BadEntry {
                    index: entry.index,
                    why: format!("its station.toml text hashes to {actual}, it names {named}"),
                });
            }
            Ok(Some(actual))
        }
        _ => Err(PolicyRecordError::BadEntry {
            index: entry.index,
            why: "it carries one of 'station_toml' and 'station_toml_sha256' without the other"
                .into(),
        }),
    }
}

/// What the ledger's latest `policy_change` entry records (checked with [`recorded_set`] and
/// [`recorded_station_sha256`]), or `None` when it has recorded none.
pub fn latest_recorded(ledger: &Ledger) -> Result<Option<Recorded>, PolicyRecordError> {
    let entries = ledger.list(&Filter {
        kind: Some(EntryKind::PolicyChange),
        ..Default::default()
    })?;
    match entries.last() {
        None => Ok(None),
        Some(e) => Ok(Some(Recorded {
            policy_sha256: recorded_set(e)?.sha256,
            station_toml_sha256: recorded_station_sha256(e)?,
        })),
    }
}
