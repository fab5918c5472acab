/*!
The policy file (TOML): thresholds, tag conventions, region lists, dispositions, plan limits and
the Rego directory. Parsed from bytes (never from a path: the caller reads the file); strict
(`deny_unknown_fields` everywhere, so a typo is an error rather than a silently ignored rule);
every field has a documented default, and the embedded `policy/default.toml` spells all of them
out. The [`PolicySet`] carries the SHA-256 over the policy bytes and every Rego module, so each
result names exactly the rules it was judged by.
*/
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::findings::{ids, Disposition};
use super::rego::{RegoError, RegoPolicies};

/// The embedded default policy file (`policy/default.toml`).
pub const DEFAULT_POLICY_TOML: &str = include_str!("../../policy/default.toml");

/// The default disposition of each finding id (DESIGN.md table).
pub fn default_disposition(id: &str) -> Disposition {
    match id {
        ids::PRODUCTION_CHANGE_REQUIRES_TICKET => Disposition::Approval("change_ticket".into()),
        ids::DELETION_REQUIRES_CONFIRMATION => {
            Disposition::Approval("deletion_confirmation".into())
        }
        ids::PUBLIC_EXPOSURE_REQUIRES_SECURITY_REVIEW => Disposition::Approval("security".into()),
        ids::COST_THRESHOLD_APPROVAL => Disposition::Approval("finance".into()),
        ids::ENABLE_ENCRYPTION_BY_DEFAULT
        | ids::REQUIRED_TAGS
        | ids::INTENT_UNCLEAR
        | ids::LLM_INTENT_CONCERN => Disposition::Approval("human_review".into()),
        ids::USE_RESERVED_INSTANCES | super::checks::IAM_WILDCARD_PERMISSIONS => Disposition::Warn,
        // Everything else in the table, and any unknown id, blocks: fail closed.
        _ => Disposition::Veto,
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
#[serde(default, deny_unknown_fields)]
pub struct CostConfig {
    /// Monthly increase (after − before, in the estimate's currency) above which finance approves.
    /// Default 1000.
    pub threshold: f64,
}

impl Default for CostConfig {
    fn default() -> Self {
        CostConfig { threshold: 1000.0 }
    }
}

/// How production resources are recognised.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct ProductionConfig {
    /// Tag/label keys naming the environment (case-insensitive). Default Environment, env, stage, tier.
    pub tag_keys: Vec<String>,
    /// Values of those keys that mean production (case-insensitive). Default prod, production, prd, live.
    pub tag_values: Vec<String>,
    /// Name/address tokens that mean production (case-insensitive, whole tokens split on
    /// non-alphanumerics, so `nonprod` is not `prod`). Default prod, production, prd.
    pub name_tokens: Vec<String>,
    /// Other environment words recognised in names, so a `dev`/`staging` token is reported as the
    /// environment. Default dev, development, test, qa, uat, staging, stage, stg, nonprod, sandbox, demo.
    pub other_environment_tokens: Vec<String>,
}

impl Default for ProductionConfig {
    fn default() -> Self {
        ProductionConfig {
            tag_keys: strings(&["Environment", "env", "stage", "tier"]),
            tag_values: strings(&["prod", "production", "prd", "live"]),
            name_tokens: strings(&["prod", "production", "prd"]),
            other_environment_tokens: strings(&[
                "dev",
                "development",
                "test",
                "qa",
                "uat",
                "staging",
                "stage",
                "stg",
                "nonprod",
                "sandbox",
                "demo",
            ]),
        }
    }
}

/// How PCI-scoped resources are recognised.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct PciConfig {
    /// A tag value or a name token containing one of these (case-insensitive) is PCI. Default pci, cardholder.
    pub markers: Vec<String>,
}

impl Default for PciConfig {
    fn default() -> Self {
        PciConfig {
            markers: strings(&["pci", "cardholder"]),
        }
    }
}

/// How GDPR-scoped resources are recognised.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct GdprConfig {
    /// A tag value containing one of these (case-insensitive) is GDPR-scoped. Default gdpr.
    pub markers: Vec<String>,
}

impl Default for GdprConfig {
    fn default() -> Self {
        GdprConfig {
            markers: strings(&["gdpr"]),
        }
    }
}

/// Which regions count as inside the EU for data residency.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct RegionsConfig {
    /// Region prefixes inside the EU (case-insensitive). Default `eu-` (AWS), `europe-` (GCP).
    pub eu_prefixes: Vec<String>,
    /// Exact region names inside the EU (case-insensitive; Azure spellings are compared with
    /// spaces removed, so `West Europe` = `westeurope`). Default: GCP/BigQuery `EU` and the GCS
    /// European dual-regions, and every Azure European location.
    pub eu_exact: Vec<String>,
}

impl Default for RegionsConfig {
    fn default() -> Self {
        RegionsConfig {
            eu_prefixes: strings(&["eu-", "europe-"]),
            eu_exact: strings(&[
                "eu",
                "eur4",
                "eur5",
                "eur7",
                "eur8",
                "northeurope",
                "westeurope",
                "francecentral",
                "francesouth",
                "germanywestcentral",
                "germanynorth",
                "swedencentral",
                "swedensouth",
                "norwayeast",
                "norwaywest",
                "switzerlandnorth",
                "switzerlandwest",
                "uksouth",
                "ukwest",
                "italynorth",
                "polandcentral",
                "spaincentral",
                "austriaeast",
                "belgiumcentral",
                "denmarkeast",
            ]),
        }
    }
}

/// What "the whole internet" is as an ingress source.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct NetworkConfig {
    /// Source words that mean any address (case-insensitive), besides CIDR sets that cover the
    /// whole IPv4 or IPv6 space. Default `*`, `any`, `internet`.
    pub internet_words: Vec<String>,
}

impl Default for NetworkConfig {
    fn default() -> Self {
        NetworkConfig {
            internet_words: strings(&["*", "any", "internet"]),
        }
    }
}

/// Tagging policy.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct TagsConfig {
    /// Keys every taggable resource must carry (case-insensitive). Default Owner, Environment, CostCenter.
    pub required: Vec<String>,
}

impl Default for TagsConfig {
    fn default() -> Self {
        TagsConfig {
            required: strings(&["Owner", "Environment", "CostCenter"]),
        }
    }
}

/// Reserved-instance advice.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct ReservedConfig {
    /// Compute resource types that bill on demand unless reserved. Default: AWS instances and
    /// DB instances, Azure VMs, GCP compute instances.
    pub resource_types: Vec<String>,
    /// Advise only for production resources (the long-running ones). Default true.
    pub production_only: bool,
}

impl Default for ReservedConfig {
    fn default() -> Self {
        ReservedConfig {
            resource_types: strings(&[
                "aws_instance",
                "aws_db_instance",
                "azurerm_linux_virtual_machine",
                "azurerm_windows_virtual_machine",
                "azurerm_virtual_machine",
                "google_compute_instance",
            ]),
            production_only: true,
        }
    }
}

/// Audit and logging infrastructure (`no_audit_modification`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct AuditConfig {
    /// Resource types that are audit or logging infrastructure: updating, replacing or deleting
    /// one is a veto; creating one is fine. Default: AWS CloudTrail, Config, flow logs, CloudWatch
    /// log groups and subscriptions, S3 access logging, GuardDuty, Security Hub; Azure diagnostic
    /// settings, log profiles, Log Analytics, NSG flow logs; GCP log sinks, log buckets, audit configs.
    pub resource_types: Vec<String>,
    /// Types whose mere creation switches logging off (log exclusions): any mutation is a veto.
    /// Default: the GCP logging exclusions.
    pub logging_reducing_types: Vec<String>,
}

impl Default for AuditConfig {
    fn default() -> Self {
        AuditConfig {
            resource_types: strings(&[
                "aws_cloudtrail",
                "aws_cloudtrail_event_data_store",
                "aws_config_configuration_recorder",
                "aws_config_configuration_recorder_status",
                "aws_config_delivery_channel",
                "aws_config_configuration_aggregator",
                "aws_flow_log",
                "aws_cloudwatch_log_group",
                "aws_cloudwatch_log_stream",
                "aws_cloudwatch_log_subscription_filter",
                "aws_cloudwatch_log_destination",
                "aws_cloudwatch_log_resource_policy",
                "aws_s3_bucket_logging",
                "aws_guardduty_detector",
                "aws_securityhub_account",
                "aws_macie2_account",
                "aws_detective_graph",
                "azurerm_monitor_diagnostic_setting",
                "azurerm_monitor_log_profile",
                "azurerm_monitor_aad_diagnostic_setting",
                "azurerm_log_analytics_workspace",
                "azurerm_network_watcher_flow_log",
                "azurerm_mssql_server_extended_auditing_policy",
                "azurerm_mssql_database_extended_auditing_policy",
                "azurerm_security_center_subscription_pricing",
                "google_logging_project_sink",
                "google_logging_folder_sink",
                "google_logging_organization_sink",
                "google_logging_billing_account_sink",
                "google_logging_project_bucket_config",
                "google_logging_folder_bucket_config",
                "google_logging_organization_bucket_config",
                "google_project_iam_audit_config",
                "google_folder_iam_audit_config",
                "google_organization_iam_audit_config",
            ]),
            logging_reducing_types: strings(&[
                "google_logging_project_exclusion",
                "google_logging_folder_exclusion",
                "google_logging_organization_exclusion",
                "google_logging_billing_account_exclusion",
            ]),
        }
    }
}

/// Hostile-input caps for plans (checked before anything is allocated for the document).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct PlanLimits {
    /// Largest plan accepted, in bytes. Default 268435456 (256 MiB).
    pub max_bytes: u64,
    /// Deepest JSON nesting accepted (arrays and objects). Default 128.
    pub max_depth: usize,
}

impl Default for PlanLimits {
    fn default() -> Self {
        PlanLimits {
            max_bytes: 256 * 1024 * 1024,
            max_depth: 128,
        }
    }
}

/// User policies.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct RegoConfig {
    /// Directory of `*.rego` files, relative to the policy file. Default: none (no user policies).
    pub dir: Option<String>,
}

/// The whole policy file. Every section is optional; absent fields take the documented defaults.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
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
    /// Parses a policy file. Pure: bytes in.
    pub fn parse(bytes: &[u8]) -> Result<PolicyConfig, PolicyError> {
        let text = std::str::from_utf8(bytes).map_err(|_| PolicyError::NotUtf8)?;
        let config: PolicyConfig = toml::from_str(text).map_err(|e| {
            let msg = e.message().replace('\n', " ");
            match e.span() {
                Some(span) => {
                    let line = text
                        .get(..span.start)
                        .map(|p| p.bytes().filter(|&b| b == b'\n').count() + 1)
                        .unwrap_or(0);
                    PolicyError::Toml(format!("line {line}: {}", msg.trim()))
                }
                None => PolicyError::Toml(msg.trim().to_string()),
            }
        })?;
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

    /// The disposition for a finding id: the policy file's override, else the DESIGN.md default.
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
            // The embedded file is checked by a unit test; fall back to the same defaults in code.
            config: PolicyConfig::parse(bytes).unwrap_or_default(),
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

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_default_equals_code_defaults() {
        let parsed = PolicyConfig::parse(DEFAULT_POLICY_TOML.as_bytes()).unwrap();
        assert_eq!(parsed, PolicyConfig::default());
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
