/*!
The policy file (TOML): thresholds, tag conventions, region lists, dispositions, plan limits and
the Rego directory. Parsed from bytes (never from a path: the caller reads the file); strict
(`deny_unknown_fields` everywhere, so a typo is an error rather than a silently ignored rule);
every field has a documented default, and the embedded `policy/default.toml` spells all of them
out. The [`PolicySet`] carries the SHA-256 over the policy bytes and every Rego module, so each
result names exactly the rules it was judged by.
*/
use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use toml::de::{DeTable, DeValue};
use toml::Spanned;

use super::findings::{default_disposition, Disposition};
use super::rego::{RegoError, RegoPolicies};

/// The embedded default policy file (`policy/default.toml`): the one place the default value of
/// every policy key is written.
pub const DEFAULT_POLICY_TOML: &str = include_str!("../../policy/default.toml");

/// Lays the operator's table over the defaults: a key present in both tables is merged when both
/// values are tables (a section, `[dispositions]`), else the operator's value (an array, a number)
/// replaces the default whole. Keys stay with their own spans, so errors point into their file.
fn lay_over<'a>(defaults: &mut DeTable<'a>, operator: DeTable<'a>) {
    for (key, value) in operator {
        let span = value.span();
        match (defaults.get_mut(key.get_ref().as_ref()), value.into_inner()) {
            (Some(existing), DeValue::Table(inner)) if existing.get_ref().is_table() => {
                if let DeValue::Table(table) = existing.get_mut() {
                    lay_over(table, inner);
                }
            }
            (_, value) => {
                defaults.remove(key.get_ref().as_ref());
                defaults.insert(key, Spanned::new(span, value));
            }
        }
    }
}

/// Errors building a policy set. Each displays as one line saying what to fix.
#[derive(Debug, thiserror::Error)]
pub enum PolicyError {
    #[error("policy file is not valid UTF-8; save it as UTF-8 text")]
    NotUtf8,
    #[error("policy file: {0}; fix the line or compare with the documented default.toml")]
    Toml(String),
    #[error("policy file: [dispositions] {id} = {value:?} is not `veto`, `warn` or `approval:<kind>` (lowercase kind)")]
    BadDisposition { id: String, value: String },
    #[error("policy file: [dispositions] names unknown finding id {0:?}; use one of the ids in docs/ARCHITECTURE.md \"Findings and decisions\"")]
    UnknownFindingId(String),
    #[error("policy file: {0}")]
    Invalid(String),
    #[error("{0}; fix the Rego module or remove it from the policy directory")]
    Rego(#[from] RegoError),
}

/// Cost policy.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CostConfig {
    /// Monthly increase (after − before, in the estimate's currency) above which finance approves.
    pub threshold: f64,
}

/// How production resources are recognised.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ProductionConfig {
    /// Tag/label keys naming the environment (case-insensitive).
    pub tag_keys: Vec<String>,
    /// Values of those keys that mean production (case-insensitive).
    pub tag_values: Vec<String>,
    /// Name/address tokens that mean production (case-insensitive, whole tokens split on
    /// non-alphanumerics, so `nonprod` is not `prod`).
    pub name_tokens: Vec<String>,
    /// Other environment words recognised in names, so a `dev`/`staging` token is reported as the
    /// environment.
    pub other_environment_tokens: Vec<String>,
}

/// How PCI-scoped resources are recognised.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PciConfig {
    /// A tag value or a name token containing one of these (case-insensitive) is PCI.
    pub markers: Vec<String>,
}

/// How GDPR-scoped resources are recognised.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct GdprConfig {
    /// A tag value containing one of these (case-insensitive) is GDPR-scoped.
    pub markers: Vec<String>,
}

/// Which regions count as inside the EU for data residency.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RegionsConfig {
    /// Region prefixes inside the EU (case-insensitive).
    pub eu_prefixes: Vec<String>,
    /// Exact region names inside the EU (case-insensitive; Azure spellings are compared with
    /// spaces removed, so `West Europe` = `westeurope`).
    pub eu_exact: Vec<String>,
}

/// What "the whole internet" is as an ingress source.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct NetworkConfig {
    /// Source words that mean any address (case-insensitive), besides CIDR sets that cover the
    /// whole IPv4 or IPv6 space.
    pub internet_words: Vec<String>,
}

/// Tagging policy.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TagsConfig {
    /// Keys every taggable resource must carry (case-insensitive).
    pub required: Vec<String>,
}

/// Reserved-instance advice.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ReservedConfig {
    /// Compute resource types that bill on demand unless reserved.
    pub resource_types: Vec<String>,
    /// Advise only for production resources (the long-running ones).
    pub production_only: bool,
}

/// Audit and logging infrastructure (`no_audit_modification`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct AuditConfig {
    /// Resource types that are audit or logging infrastructure: updating, replacing or deleting
    /// one is a veto; creating one is fine.
    pub resource_types: Vec<String>,
    /// Types whose mere creation switches logging off (log exclusions): any mutation is a veto.
    pub logging_reducing_types: Vec<String>,
}

/// Hostile-input caps for plans (checked before anything is allocated for the document).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PlanLimits {
    /// Largest plan accepted, in bytes.
    pub max_bytes: u64,
    /// Deepest JSON nesting accepted (arrays and objects).
    pub max_depth: usize,
}

/// User policies.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RegoConfig {
    /// Directory of `*.rego` files, relative to the policy file. `None`: no user policies.
    #[serde(default)]
    pub dir: Option<String>,
}

/// The whole policy file. Every section and key is optional in an operator's file: an absent
/// one takes its value from the embedded `policy/default.toml` (see [`PolicyConfig::parse`]),
/// so no field has a default written in Rust.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PolicyConfig {
    pub cost: CostConfig,
    pub production: ProductionConfig,
    pub pci: PciConfig,
    pub gdpr: GdprConfig,
    pub regions: RegionsConfig,
    pub network: NetworkConfig,
    pub tags: TagsConfig,
    pub reserved_instances: ReservedConfig,
    pub audit: AuditConfig,
    pub plan: PlanLimits,
    pub rego: RegoConfig,
    /// Per-finding disposition overrides: finding id → `veto` | `warn` | `approval:<kind>`.
    pub dispositions: BTreeMap<String, String>,
    /// Not in the file: set by [`PolicySet::from_parts`] when Rego modules are present, so plan
    /// parsing keeps the whole document for them as `input`.
    #[serde(skip)]
    pub keep_plan_document: bool,
}

impl PolicyConfig {
    /// True when plans must be kept whole for user (Rego) policies.
    pub fn needs_plan_document(&self) -> bool {
        self.keep_plan_document || self.rego.dir.is_some()
    }
}

impl PolicyConfig {
    /// Parses an operator's policy file. Pure: bytes in. Each key the file leaves out takes its
    /// value from the embedded `policy/default.toml`, the one place the defaults are written.
    pub fn parse(bytes: &[u8]) -> Result<PolicyConfig, PolicyError> {
        Self::parse_over(DEFAULT_POLICY_TOML, bytes)
    }

    /// Parses `bytes` with every absent key taken from the policy text `defaults`. Strict:
    /// unknown keys and wrong types are errors that name the line of `bytes` they are on,
    /// because the operator's keys keep their own positions when laid over the defaults.
    fn parse_over(defaults: &str, bytes: &[u8]) -> Result<PolicyConfig, PolicyError> {
        let text = std::str::from_utf8(bytes).map_err(|_| PolicyError::NotUtf8)?;
        let one_line = |e: toml::de::Error, source: &str| {
            let msg = e.message().replace('\n', " ");
            match e.span() {
                Some(span) => {
                    let line = source
                        .get(..span.start)
                        .map(|p| p.bytes().filter(|&b| b == b'\n').count() + 1)
                        .unwrap_or(0);
                    PolicyError::Toml(format!("line {line}: {}", msg.trim()))
                }
                None => PolicyError::Toml(msg.trim().to_string()),
            }
        };
        let mut merged = DeTable::parse(defaults).map_err(|e| one_line(e, defaults))?;
        let operator = DeTable::parse(text).map_err(|e| one_line(e, text))?;
        lay_over(merged.get_mut(), operator.into_inner());
        let config = PolicyConfig::deserialize(toml::de::Deserializer::from(merged))
            .map_err(|e| one_line(e, text))?;
        config.validate()?;
        Ok(config)
    }

    fn validate(&self) -> Result<(), PolicyError> {
        for (id, value) in &self.dispositions {
            if !super::findings::is_known(id) {
                return Err(PolicyError::UnknownFindingId(id.clone()));
            }
            if Disposition::parse(value).is_none() {
                return Err(PolicyError::BadDisposition {
                    id: id.clone(),
                    value: value.clone(),
                });
            }
        }
        if !self.cost.threshold.is_finite() || self.cost.threshold < 0.0 {
            return Err(PolicyError::Invalid(
                "[cost] threshold must be a finite number ≥ 0".into(),
            ));
        }
        // The parsers recurse once per level (serde_json's own limit is off), so the cap also
        // bounds stack use.
        if !(8..=1024).contains(&self.plan.max_depth) {
            return Err(PolicyError::Invalid(
                "[plan] max_depth must be between 8 and 1024 (real plans nest about 10 deep)"
                    .into(),
            ));
        }
        if let Some(dir) = &self.rego.dir {
            if dir.is_empty() || dir.starts_with('/') || dir.split(['/', '\\']).any(|p| p == "..") {
                return Err(PolicyError::Invalid(format!(
                    "[rego] dir {dir:?} must be a relative path below the policy file's folder"
                )));
            }
        }
        Ok(())
    }

    /// The disposition for a finding id: the policy file's override, else the catalog's default.
    pub fn disposition(&self, id: &str) -> Disposition {
        self.dispositions
            .get(id)
            .and_then(|s| Disposition::parse(s))
            .unwrap_or_else(|| default_disposition(id))
    }
}

/// The parsed policy set: configuration plus user Rego modules, with the SHA-256 that verdicts
/// record. Build it with [`PolicySet::from_parts`] from bytes the caller has read.
#[derive(Debug, Clone, Serialize)]
pub struct PolicySet {
    pub config: PolicyConfig,
    /// Compiled user policies; `None` when there are no Rego modules.
    #[serde(skip)]
    pub rego: Option<RegoPolicies>,
    /// Hex SHA-256 over the policy file bytes and every Rego module (name and bytes, sorted by name).
    pub sha256: String,
}

impl PolicySet {
    /// Builds the set from the policy file bytes (`None` = the embedded default) and the Rego
    /// modules as (file name, source) pairs.
    pub fn from_parts(
        toml_bytes: Option<&[u8]>,
        rego_modules: &[(String, String)],
    ) -> Result<PolicySet, PolicyError> {
        let bytes = toml_bytes.unwrap_or(DEFAULT_POLICY_TOML.as_bytes());
        let mut config = PolicyConfig::parse(bytes)?;
        config.keep_plan_document = !rego_modules.is_empty();
        let mut modules = rego_modules.to_vec();
        modules.sort_by(|a, b| a.0.cmp(&b.0));
        let sha256 = policy_digest(bytes, &modules);
        let rego = if modules.is_empty() {
            None
        } else {
            Some(RegoPolicies::compile(&modules)?)
        };
        Ok(PolicySet {
            config,
            rego,
            sha256,
        })
    }

    /// The disposition for a finding id under this policy set.
    pub fn disposition(&self, id: &str) -> Disposition {
        self.config.disposition(id)
    }
}

impl Default for PolicySet {
    /// The embedded default policy, no user policies.
    fn default() -> Self {
        let bytes = DEFAULT_POLICY_TOML.as_bytes();
        PolicySet {
            config: PolicyConfig::default(),
            rego: None,
            sha256: policy_digest(bytes, &[]),
        }
    }
}

/// SHA-256 over length-framed parts, so moving bytes between the policy file and a module name
/// (or between two modules) always changes the digest.
fn policy_digest(policy: &[u8], sorted_modules: &[(String, String)]) -> String {
    let mut h = Sha256::new();
    h.update(b"airgap-audit/policy-set/v1\0");
    h.update((policy.len() as u64).to_be_bytes());
    h.update(policy);
    for (name, source) in sorted_modules {
        h.update((name.len() as u64).to_be_bytes());
        h.update(name.as_bytes());
        h.update((source.len() as u64).to_be_bytes());
        h.update(source.as_bytes());
    }
    hex::encode(h.finalize())
}

impl Default for PolicyConfig {
    /// The embedded `policy/default.toml`, parsed once.
    fn default() -> Self {
        static EMBEDDED: LazyLock<PolicyConfig> = LazyLock::new(|| {
            // Not outside input: the file is compiled in, and the unit test
            // `every_default_comes_from_the_embedded_file` parses it.
            PolicyConfig::parse(b"").expect("the embedded policy/default.toml parses")
        });
        EMBEDDED.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_default_comes_from_the_embedded_file() {
        let parsed = PolicyConfig::parse(DEFAULT_POLICY_TOML.as_bytes()).unwrap();
        assert_eq!(parsed, PolicyConfig::default());
        // A value changed in the default text is the value an empty operator file gets.
        let edited = DEFAULT_POLICY_TOML
            .replacen("threshold = 1000.0", "threshold = 1234.5", 1)
            .replacen("max_depth = 128", "max_depth = 64", 1)
            .replacen(
                r#"required = ["Owner", "Environment", "CostCenter"]"#,
                r#"required = ["Team"]"#,
                1,
            );
        let c = PolicyConfig::parse_over(&edited, b"").unwrap();
        assert_eq!(c.cost.threshold, 1234.5);
        assert_eq!(c.plan.max_depth, 64);
        assert_eq!(c.tags.required, vec!["Team".to_string()]);
        // A key missing from the default text has no second default in Rust to fall back on.
        let without = DEFAULT_POLICY_TOML.replacen("threshold = 1000.0", "", 1);
        let err = PolicyConfig::parse_over(&without, b"").unwrap_err();
        assert!(err.to_string().contains("threshold"), "{err}");
        assert_eq!(
            PolicyConfig::parse_over(&without, b"[cost]\nthreshold = 7.0\n")
                .unwrap()
                .cost
                .threshold,
            7.0
        );
    }

    #[test]
    fn an_operator_key_replaces_only_itself() {
        let c =
            PolicyConfig::parse(b"[cost]\nthreshold = 5.0\n[tags]\nrequired = [\"A\"]\n").unwrap();
        let d = PolicyConfig::default();
        assert_eq!(c.cost.threshold, 5.0);
        assert_eq!(
            c.tags.required,
            vec!["A".to_string()],
            "a list is replaced whole"
        );
        assert_eq!(c.production, d.production);
        assert_eq!(c.plan, d.plan);
        assert_eq!(c.reserved_instances, d.reserved_instances);
    }

    #[test]
    fn wrong_type_names_the_operator_line() {
        let err = PolicyConfig::parse(b"# comment\n\n[plan]\nmax_depth = \"deep\"\n").unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("line 4"), "{msg}");
        assert!(!msg.contains('\n'), "{msg}");
        let err = PolicyConfig::parse(b"[nosuch]\nx = 1\n").unwrap_err();
        assert!(err.to_string().contains("line 1"), "{err}");
    }

    #[test]
    fn empty_file_is_all_defaults() {
        assert_eq!(PolicyConfig::parse(b"").unwrap(), PolicyConfig::default());
    }

    #[test]
    fn unknown_field_is_rejected_in_one_line() {
        let err = PolicyConfig::parse(b"[cost]\nthreshhold = 5\n").unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("line 2"), "{msg}");
        assert!(!msg.contains('\n'), "{msg}");
    }

    #[test]
    fn dispositions_override_and_validate() {
        let c = PolicyConfig::parse(b"[dispositions]\nrequired_tags = \"warn\"\n").unwrap();
        assert_eq!(c.disposition("required_tags"), Disposition::Warn);
        assert_eq!(
            c.disposition("cost_threshold_approval"),
            Disposition::Approval("finance".into())
        );
        assert!(matches!(
            PolicyConfig::parse(b"[dispositions]\nrequired_tags = \"maybe\"\n"),
            Err(PolicyError::BadDisposition { .. })
        ));
        assert!(matches!(
            PolicyConfig::parse(b"[dispositions]\nno_such = \"warn\"\n"),
            Err(PolicyError::UnknownFindingId(_))
        ));
    }

    #[test]
    fn digest_covers_policy_and_modules() {
        let a = PolicySet::from_parts(None, &[]).unwrap();
        assert_eq!(a.sha256, PolicySet::default().sha256);
        let b = PolicySet::from_parts(Some(b"[cost]\nthreshold = 10\n"), &[]).unwrap();
        assert_ne!(a.sha256, b.sha256);
        let m1 = vec![("a.rego".to_string(), "package main\n".to_string())];
        let c = PolicySet::from_parts(None, &m1).unwrap();
        assert_ne!(a.sha256, c.sha256);
        let m2 = vec![
            ("b.rego".to_string(), "package b\n".to_string()),
            ("a.rego".to_string(), "package a\n".to_string()),
        ];
        let mut m3 = m2.clone();
        m3.reverse();
        let d = PolicySet::from_parts(None, &m2).unwrap();
        let e = PolicySet::from_parts(None, &m3).unwrap();
        assert_eq!(d.sha256, e.sha256, "module order must not matter");
    }
}
