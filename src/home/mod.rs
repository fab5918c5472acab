/*!
The station home: where a station's files live, and the strict `station.toml` config.

A station home is a directory made by `airgap-audit init` (DESIGN.md "Keys and trust"):

```text
station.toml          StationConfig (this module)
policy.toml           engine policy file; policy.d/ = Rego directory
keys/age.key          age X25519 identity (0600)
keys/verdict.key      minisign secret key, unencrypted (0600); keys/verdict.pub
keys/checkpoint.key   checkpoint signing key (0600); keys/checkpoint.pub
trust.json            trust store (see [`crate::home::trust`])
ledger.highwater      signed checkpoint of the largest ledger committed (see `crate::ledger`)
ledger.sqlite         the ledger (see `crate::ledger`)
```

Every command finds the home through `--home DIR` or `AIRGAP_AUDIT_HOME` ([`StationHome::resolve`]).
This module owns the paths, the config parser ([`StationConfig::parse`], pure, no I/O) and the
few careful file primitives the key and trust code share: capped reads that never follow a
symlink, atomic replace (temp + fsync + rename + directory fsync) and create-only secret files.
It never holds key material itself; [`keys`] writes and reads the key files.

Its submodules are the rest of the station's own state: [`keys`] (key files), [`trust`] (the
trust store, pure) and [`trust_sync`] (its file and its ledger entries kept in step),
[`policy_file`] (the policy set as files and its `policy_change` entry), [`countersign`]
(settings weaker than the defaults and the two signatures they need), [`plan_store`] (every
judged plan, content-addressed) and [`setup`] (creating a station).
*/
pub mod countersign;
pub mod keys;
pub mod model_file;
pub mod plan_store;
pub mod policy_file;
pub mod setup;
pub mod trust;
pub mod trust_sync;

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::envelope::bundle::Limits;
use crate::home::trust::Role;

/// Environment variable naming the station home when `--home` is not given.
pub const HOME_ENV: &str = "AIRGAP_AUDIT_HOME";

/// Largest `station.toml` / `trust.json` / key file we read.
pub const MAX_SMALL_FILE: u64 = 1024 * 1024;

/// Errors about the station home and its files. Each message is one line: what, then what to do.
#[derive(Debug, thiserror::Error)]
pub enum HomeError {
    #[error("no station home given; pass --home DIR or set {HOME_ENV}")]
    NotGiven,
    #[error("{0}: no station here (station.toml is missing); run 'airgap-audit init --home {0}' or point --home at the station")]
    NotAStation(String),
    #[error("{0}: a station already exists here; refusing to overwrite it (choose another --home, or move the old station away deliberately)")]
    AlreadyExists(String),
    #[error("{path}: {err}; check the path and its permissions")]
    Io { path: String, err: std::io::Error },
    #[error("{0}: is a symlink or not a regular file; refusing to follow it (replace it with the real file)")]
    NotRegular(String),
    #[error("{path}: larger than {cap} bytes; this is not a file the station wrote (restore it from the station's backup)")]
    TooLarge { path: String, cap: u64 },
    #[error(
        "{path}: invalid station config: {msg}; fix the file (see OPERATIONS.md, 'station.toml')"
    )]
    Config { path: String, msg: String },
    #[error("{path}: secret key file is accessible by group or others (mode {mode:03o}); run 'chmod 600 {path}'")]
    SecretTooOpen { path: String, mode: u32 },
    #[error("{path}: the station's {what} is writable by group or others (mode {mode:03o}): anyone who can write there can swap keys, policy or the ledger; run 'chmod go-w {path}'")]
    FolderTooOpen {
        path: String,
        what: &'static str,
        mode: u32,
    },
    #[error("{path}: the station's {what} is owned by user id {owner}, not by the user running the station (user id {user}); run the station as its owner or 'chown' the folder to the station user")]
    FolderOwner {
        path: String,
        what: &'static str,
        owner: u32,
        user: u32,
    },
    #[error("{path}: the station's {what} is a symlink or not a folder; use the real folder")]
    FolderNotDir { path: String, what: &'static str },
    #[error("{path}: {err}")]
    Key {
        path: String,
        err: crate::sig::KeyError,
    },
}

/// The home's wording for a failed careful file operation.
impl From<crate::fsx::FsxError> for HomeError {
    fn from(e: crate::fsx::FsxError) -> Self {
        use crate::fsx::FsxError;
        match e {
            FsxError::Io { path, err } => HomeError::io(&path, err),
            FsxError::Symlink { path } | FsxError::NotRegular { path } => {
                HomeError::NotRegular(path.display().to_string())
            }
            FsxError::TooLarge { path, cap, .. } => HomeError::TooLarge {
                path: path.display().to_string(),
                cap,
            },
        }
    }
}

impl HomeError {
    pub(crate) fn io(path: &Path, source: std::io::Error) -> Self {
        HomeError::Io {
            path: path.display().to_string(),
            err: source,
        }
    }
}

/// A station home directory and the paths of every file in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StationHome {
    root: PathBuf,
}

impl StationHome {
    /// `--home` if given, else `AIRGAP_AUDIT_HOME`, else [`HomeError::NotGiven`]. Does not check
    /// that a station exists there (`init` resolves a home that does not exist yet).
    pub fn resolve(explicit: Option<&Path>) -> Result<Self, HomeError> {
        if let Some(p) = explicit {
            return Ok(Self::at(p));
        }
        match std::env::var_os(HOME_ENV) {
            Some(v) if !v.is_empty() => Ok(Self::at(Path::new(&v))),
            _ => Err(HomeError::NotGiven),
        }
    }

    /// [`StationHome::resolve`], then require `station.toml` to be there.
    pub fn resolve_existing(explicit: Option<&Path>) -> Result<Self, HomeError> {
        let home = Self::resolve(explicit)?;
        home.require_station()?;
        Ok(home)
    }

    pub fn at(root: &Path) -> Self {
        StationHome {
            root: root.to_path_buf(),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }
    pub fn station_toml(&self) -> PathBuf {
        self.root.join("station.toml")
    }
    pub fn policy_toml(&self) -> PathBuf {
        self.root.join("policy.toml")
    }
    pub fn policy_dir(&self) -> PathBuf {
        self.root.join("policy.d")
    }
    pub fn keys_dir(&self) -> PathBuf {
        self.root.join("keys")
    }
    pub fn age_key(&self) -> PathBuf {
        self.keys_dir().join("age.key")
    }
    pub fn verdict_key(&self) -> PathBuf {
        self.keys_dir().join("verdict.key")
    }
    pub fn verdict_pub(&self) -> PathBuf {
        self.keys_dir().join("verdict.pub")
    }
    pub fn checkpoint_key(&self) -> PathBuf {
        self.keys_dir().join("checkpoint.key")
    }
    pub fn checkpoint_pub(&self) -> PathBuf {
        self.keys_dir().join("checkpoint.pub")
    }
    pub fn trust_json(&self) -> PathBuf {
        self.root.join("trust.json")
    }
    pub fn ledger(&self) -> PathBuf {
        self.root.join("ledger.sqlite")
    }

    /// The secret key files whose modes the station checks before it runs.
    pub fn secret_files(&self) -> [PathBuf; 3] {
        [self.age_key(), self.verdict_key(), self.checkpoint_key()]
    }

    /// True if anything `init` would create is already here.
    pub fn has_station_files(&self) -> bool {
        [
            self.station_toml(),
            self.keys_dir(),
            self.trust_json(),
            self.ledger(),
            self.policy_toml(),
        ]
        .iter()
        .any(|p| p.symlink_metadata().is_ok())
    }

    pub fn require_station(&self) -> Result<(), HomeError> {
        match self.station_toml().symlink_metadata() {
            Ok(_) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                Err(HomeError::NotAStation(self.root.display().to_string()))
            }
            Err(e) => Err(HomeError::io(&self.station_toml(), e)),
        }
    }

    /// Reads and strictly parses `station.toml`.
    pub fn load_config(&self) -> Result<StationConfig, HomeError> {
        self.load_config_bytes().map(|(c, _)| c)
    }

    /// [`Self::load_config`] with the exact bytes the config was parsed from (what a signature
    /// over the file must cover).
    pub fn load_config_bytes(&self) -> Result<(StationConfig, Vec<u8>), HomeError> {
        self.require_station()?;
        let path = self.station_toml();
        let bytes = crate::fsx::read_capped(&path, MAX_SMALL_FILE)?;
        let config = StationConfig::parse(&bytes).map_err(|msg| HomeError::Config {
            path: path.display().to_string(),
            msg,
        })?;
        Ok((config, bytes))
    }

    /// Refuses to go on if the home or `keys/` folder is owned by another user or writable by
    /// group or others, or if any secret key file is a symlink or has group/other permission
    /// bits.
    pub fn check_secret_modes(&self) -> Result<(), HomeError> {
        check_folder(&self.root, "home folder", true)?;
        check_folder(&self.root.join("keys"), "keys/ folder", false)?;
        for p in self.secret_files() {
            check_secret_mode(&p)?;
        }
        Ok(())
    }

    /// Checks secret file modes, then loads the station's age identity and verdict signing key.
    /// (The checkpoint key is loaded by the ledger's checkpoint code from [`Self::checkpoint_key`],
    /// after the same mode check.)
    pub fn load_keys(&self) -> Result<StationKeys, HomeError> {
        self.check_secret_modes()?;
        let key_err = |path: &Path, err| HomeError::Key {
            path: path.display().to_string(),
            err,
        };
        let age_path = self.age_key();
        let age_text = crate::fsx::read_capped(&age_path, MAX_SMALL_FILE)?;
        let age = crate::sig::age_keys::parse_age_identity(&age_text)
            .map_err(|e| key_err(&age_path, e))?;
        let verdict = self.load_verdict_key()?;
        Ok(StationKeys { age, verdict })
    }

    /// The verdict signing key alone (the caller has run [`Self::check_secret_modes`]).
    pub fn load_verdict_key(&self) -> Result<crate::sig::SigningKey, HomeError> {
        keys::load_signing_key(&self.verdict_key(), keys::KeyPassword::None)
    }
}

/// The station's decryption identity and verdict signing key, loaded after the mode check.
pub struct StationKeys {
    pub age: age::x25519::Identity,
    pub verdict: crate::sig::SigningKey,
}

/// `station.toml`. Every field but `station_id` has a documented default; unknown keys are
/// rejected so that a typo never silently falls back to a default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StationConfig {
    /// This station's id; a request document must name it.
    pub station_id: String,
    /// How far in the future a request's `created_at` may be (default 300 s).
    #[serde(default = "default_clock_skew")]
    pub clock_skew_secs: u64,
    /// How long an issued verdict stays valid (default 86400 s).
    #[serde(default = "default_verdict_ttl")]
    pub verdict_ttl_secs: u64,
    /// Refuse requests whose text is not signed by a key trusted for `requester` (default
    /// false: a signature is checked when present).
    #[serde(default)]
    pub require_requester_signature: bool,
    #[serde(default)]
    pub model: ModelConfig,
    #[serde(default)]
    pub limits: Limits,
    /// Approval kind → roles whose keys may sign it. Kinds not listed keep their default.
    #[serde(default)]
    pub approval_roles: BTreeMap<String, Vec<Role>>,
    /// Who must sign a two-person override, and what it can never overrule (`[override]`).
    #[serde(default, rename = "override")]
    pub overrides: OverrideConfig,
}

/// `[override]` of `station.toml` (DESIGN.md "After the verdict"; OPERATIONS.md "Override").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OverrideConfig {
    /// Roles that must each be filled by a different person (default `manager` + `security`).
    /// Dropping a default role is a weakening (countersigned, see `crate::home::countersign`).
    #[serde(default = "default_override_roles")]
    pub required_roles: Vec<Role>,
    /// Roles added when a cost finding is overruled (default `finance`).
    #[serde(default = "default_override_cost_roles")]
    pub cost_roles: Vec<Role>,
    /// Finding ids no override can overrule, in addition to the built-in ones
    /// ([`NOT_OVERRIDABLE`]): the list can only grow, so it can never be weakened.
    #[serde(default)]
    pub not_overridable: Vec<String>,
}

/// Findings no override can ever overrule: a plan that cannot be read, or that tried to steer
/// the auditor, must be made again, not waved through.
pub const NOT_OVERRIDABLE: [&str; 2] = [
    crate::engine::findings::ids::INVALID_PLAN,
    crate::engine::findings::ids::PROMPT_INJECTION_SUSPECTED,
];

fn default_override_roles() -> Vec<Role> {
    vec![Role::Manager, Role::Security]
}

fn default_override_cost_roles() -> Vec<Role> {
    vec![Role::Finance]
}

impl Default for OverrideConfig {
    fn default() -> Self {
        OverrideConfig {
            required_roles: default_override_roles(),
            cost_roles: default_override_cost_roles(),
            not_overridable: Vec::new(),
        }
    }
}

impl OverrideConfig {
    /// Every finding id that may not be overruled: the built-in ones and the configured ones.
    pub fn not_overridable(&self) -> std::collections::BTreeSet<String> {
        NOT_OVERRIDABLE
            .iter()
            .map(|s| s.to_string())
            .chain(self.not_overridable.iter().cloned())
            .collect()
    }

    /// The structural rules (the counts are in [`crate::bounds`]).
    fn check(&self) -> Result<(), String> {
        for (key, roles) in [
            ("override.required_roles", &self.required_roles),
            ("override.cost_roles", &self.cost_roles),
        ] {
            if roles
                .iter()
                .any(|r| matches!(r, Role::Orchestrator | Role::Requester))
            {
                return Err(format!(
                    "{key}: the orchestrator and requester roles can never sign an override; name approver roles only"
                ));
            }
        }
        for id in &self.not_overridable {
            let ok = !id.is_empty()
                && id.len() <= 64
                && id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
            if !ok {
                return Err(format!(
                    "override.not_overridable: {:?} is not a finding id (snake_case, at most 64 characters)",
                    id.chars().take(60).collect::<String>()
                ));
            }
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelConfig {
    /// GGUF model file for the advisory model stage; absent = the model stage is off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<PathBuf>,
}

fn default_clock_skew() -> u64 {
    300
}
fn default_verdict_ttl() -> u64 {
    86_400
}

/// The default approval kind → roles map ([`crate::envelope::approval::KINDS_AND_DEFAULT_ROLES`], typed;
/// every role name there is a [`Role`], which a unit test checks).
pub fn default_approval_roles() -> BTreeMap<String, Vec<Role>> {
    crate::envelope::approval::KINDS_AND_DEFAULT_ROLES
        .iter()
        .map(|(kind, roles)| {
            let roles = roles
                .iter()
                .filter_map(|r| r.parse::<Role>().ok())
                .collect();
            (kind.to_string(), roles)
        })
        .collect()
}

impl StationConfig {
    /// A fresh config with defaults, as `init` writes it.
    pub fn new(station_id: String) -> Self {
        StationConfig {
            station_id,
            clock_skew_secs: default_clock_skew(),
            verdict_ttl_secs: default_verdict_ttl(),
            require_requester_signature: false,
            model: ModelConfig::default(),
            limits: Limits::default(),
            approval_roles: default_approval_roles(),
            overrides: OverrideConfig::default(),
        }
    }

    /// Strict parse of `station.toml` bytes. The error is a short phrase for [`HomeError::Config`].
    pub fn parse(bytes: &[u8]) -> Result<StationConfig, String> {
        let text = std::str::from_utf8(bytes).map_err(|_| "not UTF-8".to_string())?;
        let mut cfg: StationConfig =
            toml::from_str(text).map_err(|e| e.message().replace('\n', " "))?;
        if !crate::envelope::request::is_valid_id(&cfg.station_id) {
            return Err(format!(
                "station_id {:?} must be 1-128 characters of A-Z a-z 0-9 . _ - (not starting with '.')",
                cfg.station_id
            ));
        }
        for (kind, roles) in &cfg.approval_roles {
            if !crate::envelope::approval::kinds().any(|k| k == kind) {
                return Err(format!(
                    "approval_roles: unknown approval kind {kind:?} (known: {})",
                    crate::envelope::approval::kinds()
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            if roles.is_empty() {
                return Err(format!("approval_roles.{kind}: give at least one role"));
            }
            if roles.contains(&Role::Orchestrator) {
                return Err(format!(
                    "approval_roles.{kind}: the orchestrator role cannot approve (the orchestrator must never mint approvals); name approver roles only"
                ));
            }
        }
        cfg.overrides.check()?;
        cfg.check_bounds()?;
        let mut merged = default_approval_roles();
        merged.extend(std::mem::take(&mut cfg.approval_roles));
        cfg.approval_roles = merged;
        Ok(cfg)
    }

    /// The `station.toml` text `init` writes: every default spelled out, with comments.
    pub fn to_toml(&self) -> String {
        let mut s = String::new();
        s.push_str("# airgap-audit station configuration (see OPERATIONS.md).\n");
        s.push_str("# Unknown keys are rejected. Omitted keys take the defaults shown here.\n\n");
        s.push_str(&format!("station_id = {:?}\n", self.station_id));
        s.push_str(
            "# Every number below has bounds (OPERATIONS.md, 'Settings and their bounds'); a value\n# outside them stops the station at load with one line naming key, value and range.\n",
        );
        s.push_str(
            "# How far in the future a request's created_at may be, in seconds (0..=3600).\n",
        );
        s.push_str(&format!("clock_skew_secs = {}\n", self.clock_skew_secs));
        s.push_str(
            "# How long an issued verdict stays valid, in seconds (60..=2592000, 30 days).\n",
        );
        s.push_str(&format!("verdict_ttl_secs = {}\n", self.verdict_ttl_secs));
        s.push_str(
            "# Refuse requests whose text is not signed by a key trusted for 'requester'.\n",
        );
        s.push_str(&format!(
            "require_requester_signature = {}\n\n",
            self.require_requester_signature
        ));
        s.push_str(
            "[model]\n# GGUF model file for the advisory model stage; unset = model stage off.\n",
        );
        match &self.model.path {
            Some(p) => s.push_str(&format!("path = {:?}\n\n", p.display().to_string())),
            None => s.push_str("# path = \"/var/lib/airgap-audit/models/model.gguf\"\n\n"),
        }
        s.push_str("[limits]\n# Caps checked before anything is allocated or decompressed.\n");
        s.push_str(&format!(
            "max_bundle_bytes = {}\nmax_compressed_bytes = {}\nmax_request_bytes = {}\nmax_signature_bytes = {}\n\n",
            self.limits.max_bundle_bytes,
            self.limits.max_compressed_bytes,
            self.limits.max_request_bytes,
            self.limits.max_signature_bytes
        ));
        s.push_str(
            "[approval_roles]\n# Approval kind -> roles whose trusted keys may sign that kind.\n",
        );
        for (kind, roles) in &self.approval_roles {
            let list: Vec<String> = roles.iter().map(|r| format!("{:?}", r.as_str())).collect();
            s.push_str(&format!("{kind} = [{}]\n", list.join(", ")));
        }
        let quoted = |items: &mut dyn Iterator<Item = &str>| -> String {
            items
                .map(|i| format!("{i:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        s.push_str(
            "\n[override]\n# Two-person override of a veto (OPERATIONS.md section 9). Roles that must each be\n# signed by a different person (2..=6; dropping manager or security needs countersigning):\n",
        );
        s.push_str(&format!(
            "required_roles = [{}]\n# Added when a cost finding is overruled (0..=3):\ncost_roles = [{}]\n",
            quoted(&mut self.overrides.required_roles.iter().map(|r| r.as_str())),
            quoted(&mut self.overrides.cost_roles.iter().map(|r| r.as_str()))
        ));
        s.push_str(&format!(
            "# Findings no override can overrule, besides {} (0..=64):\nnot_overridable = [{}]\n",
            NOT_OVERRIDABLE.join(" and "),
            quoted(&mut self.overrides.not_overridable.iter().map(String::as_str))
        ));
        s
    }

    /// Checks every numeric setting against its documented bounds ([`crate::bounds`]).
    fn check_bounds(&self) -> Result<(), String> {
        use crate::bounds::*;
        CLOCK_SKEW_SECS.check(self.clock_skew_secs)?;
        VERDICT_TTL_SECS.check(self.verdict_ttl_secs)?;
        MAX_BUNDLE_BYTES.check(self.limits.max_bundle_bytes)?;
        MAX_COMPRESSED_BYTES.check(self.limits.max_compressed_bytes)?;
        MAX_REQUEST_BYTES.check(self.limits.max_request_bytes)?;
        MAX_SIGNATURE_BYTES.check(self.limits.max_signature_bytes)?;
        OVERRIDE_REQUIRED_ROLES.check(self.overrides.required_roles.len() as u64)?;
        OVERRIDE_COST_ROLES.check(self.overrides.cost_roles.len() as u64)?;
        OVERRIDE_NOT_OVERRIDABLE.check(self.overrides.not_overridable.len() as u64)?;
        Ok(())
    }

    /// Roles allowed to sign approvals of `kind` (empty for an unknown kind).
    pub fn roles_for_kind(&self, kind: &str) -> &[Role] {
        self.approval_roles
            .get(kind)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }
}

/// A folder of the station: owned by the user running the station and writable by no one else
/// (anyone who can write to it can replace or rename the key files, the policy or the ledger).
/// The home itself may be reached through a symlink the operator made (`follow`); `keys/` may not.
fn check_folder(path: &Path, what: &'static str, follow: bool) -> Result<(), HomeError> {
    use std::os::unix::fs::MetadataExt;
    let m = if follow {
        fs::metadata(path)
    } else {
        fs::symlink_metadata(path)
    }
    .map_err(|e| HomeError::io(path, e))?;
    if !m.file_type().is_dir() {
        return Err(HomeError::FolderNotDir {
            path: path.display().to_string(),
            what,
        });
    }
    #[allow(unsafe_code)]
    // SAFETY: geteuid has no preconditions and cannot fail.
    let user = unsafe { libc::geteuid() };
    if m.uid() != user {
        return Err(HomeError::FolderOwner {
            path: path.display().to_string(),
            what,
            owner: m.uid(),
            user,
        });
    }
    if m.mode() & 0o022 != 0 {
        return Err(HomeError::FolderTooOpen {
            path: path.display().to_string(),
            what,
            mode: m.mode() & 0o7777,
        });
    }
    Ok(())
}

/// Fails unless `path` is a regular file (not a symlink) with no group/other permission bits.
pub fn check_secret_mode(path: &Path) -> Result<(), HomeError> {
    let meta = fs::symlink_metadata(path).map_err(|e| HomeError::io(path, e))?;
    if !meta.file_type().is_file() {
        return Err(HomeError::NotRegular(path.display().to_string()));
    }
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(HomeError::SecretTooOpen {
            path: path.display().to_string(),
            mode,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_round_trips_and_defaults_apply() {
        let cfg = StationConfig::new("st-0123456789abcdef".into());
        let parsed = StationConfig::parse(cfg.to_toml().as_bytes()).unwrap();
        assert_eq!(parsed, cfg);
        let minimal = StationConfig::parse(b"station_id = \"s1\"\n").unwrap();
        assert_eq!(minimal.clock_skew_secs, 300);
        assert_eq!(minimal.verdict_ttl_secs, 86_400);
        assert_eq!(minimal.limits, Limits::default());
        assert_eq!(minimal.roles_for_kind("finance"), &[Role::Finance]);
    }

    #[test]
    fn override_settings_can_only_be_tightened_without_signatures() {
        let parse =
            |extra: &str| StationConfig::parse(format!("station_id = \"s1\"\n{extra}").as_bytes());
        let d = parse("").unwrap();
        assert_eq!(d.overrides, OverrideConfig::default());
        assert!(d.overrides.not_overridable().contains("invalid_plan"));
        assert!(crate::home::countersign::station_weakenings(&d).is_empty());
        // The built-in list stays whatever the file says: it can only grow.
        let more = parse("[override]\nnot_overridable = [\"no_audit_modification\"]\n").unwrap();
        let never = more.overrides.not_overridable();
        assert!(
            never.contains("prompt_injection_suspected") && never.contains("no_audit_modification")
        );
        assert!(crate::home::countersign::station_weakenings(&more).is_empty());
        // More people is stricter; dropping a default role is a weakening.
        let three = parse(
            "[override]\nrequired_roles = [\"manager\", \"security\", \"change_management\"]\n",
        )
        .unwrap();
        assert!(crate::home::countersign::station_weakenings(&three).is_empty());
        let weaker =
            parse("[override]\nrequired_roles = [\"manager\", \"manager\"]\ncost_roles = []\n")
                .unwrap();
        assert_eq!(
            crate::home::countersign::station_weakenings(&weaker),
            vec![
                "override.required_roles drops security".to_string(),
                "override.cost_roles drops finance".to_string()
            ]
        );
        for bad in [
            "[override]\nrequired_roles = [\"manager\"]\n",
            "[override]\nrequired_roles = [\"manager\", \"orchestrator\"]\n",
            "[override]\nrequired_roles = [\"manager\", \"requester\"]\n",
            "[override]\nnot_overridable = [\"Scope Creep\"]\n",
            "[override]\nquorum = 1\n",
        ] {
            assert!(parse(bad).is_err(), "accepted: {bad}");
        }
    }

    #[test]
    fn config_is_strict() {
        let bad: &[(&str, &str)] = &[
            ("unknown key", "station_id = \"s1\"\nclock_skew = 5\n"),
            ("missing id", "clock_skew_secs = 5\n"),
            ("bad id", "station_id = \"../x\"\n"),
            (
                "unknown kind",
                "station_id = \"s1\"\n[approval_roles]\nbribe = [\"finance\"]\n",
            ),
            (
                "unknown role",
                "station_id = \"s1\"\n[approval_roles]\nfinance = [\"ceo\"]\n",
            ),
            (
                "empty roles",
                "station_id = \"s1\"\n[approval_roles]\nfinance = []\n",
            ),
            (
                "zero cap",
                "station_id = \"s1\"\n[limits]\nmax_bundle_bytes = 0\n",
            ),
            (
                "unknown limit",
                "station_id = \"s1\"\n[limits]\nmax_anything = 1\n",
            ),
        ];
        for (label, text) in bad {
            assert!(
                StationConfig::parse(text.as_bytes()).is_err(),
                "accepted: {label}"
            );
        }
    }

    #[test]
    fn default_settings_are_inside_their_bounds() {
        let cfg = StationConfig::parse(b"station_id = \"s1\"\n").unwrap();
        cfg.check_bounds().unwrap();
    }

    #[test]
    fn every_default_approval_role_is_a_known_role() {
        let typed = default_approval_roles();
        for (kind, roles) in crate::envelope::approval::KINDS_AND_DEFAULT_ROLES {
            assert_eq!(typed[kind].len(), roles.len(), "{kind}");
        }
    }

    #[test]
    fn per_kind_override_keeps_other_defaults() {
        let cfg = StationConfig::parse(
            b"station_id = \"s1\"\n[approval_roles]\nfinance = [\"manager\"]\n",
        )
        .unwrap();
        assert_eq!(cfg.roles_for_kind("finance"), &[Role::Manager]);
        assert_eq!(cfg.roles_for_kind("security"), &[Role::Security]);
    }

    #[test]
    fn secret_mode_check_refuses_group_or_other_bits() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("k");
        crate::fsx::write_new_synced(&p, b"secret", 0o600).unwrap();
        check_secret_mode(&p).unwrap();
        fs::set_permissions(&p, fs::Permissions::from_mode(0o640)).unwrap();
        let e = check_secret_mode(&p).unwrap_err().to_string();
        assert!(e.contains("chmod 600"), "{e}");
    }

    #[test]
    fn capped_read_errors_keep_the_home_wording() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("k");
        crate::fsx::write_new_synced(&p, b"secret", 0o600).unwrap();
        let link = dir.path().join("l");
        std::os::unix::fs::symlink(&p, &link).unwrap();
        let e = HomeError::from(crate::fsx::read_capped(&link, 100).unwrap_err());
        assert!(matches!(e, HomeError::NotRegular(_)), "{e}");
        let e = HomeError::from(crate::fsx::read_capped(&p, 3).unwrap_err());
        assert!(matches!(e, HomeError::TooLarge { cap: 3, .. }), "{e}");
    }
}
