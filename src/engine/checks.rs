/*!
The built-in hard and soft policies of DESIGN.md's table (all except the intent, injection and
model ones, which live in `intent`, `injection` and `advisor`). Every check reads typed resource
attributes by resource type (AWS, Azure, GCP shapes); none searches the serialized plan. Which
attributes a type's encryption at rest and network exposure are read from is the type's row in
the resource catalog (`catalog`); the readers are here.

Scope: planned managed-resource changes only. Data sources (`read`), `no-op` and `forget` changes
touch no infrastructure and are never judged, and `resource_drift` is reported by the summary but
never judged as planned. Values Terraform does not know yet (`after_unknown`) are "cannot verify",
never "pass", for encryption, tags and data residency.

Besides the table, one advisory finding: `iam_wildcard_permissions` (default `warn`). None of the
table's ids is about privilege (an unrequested admin policy is `scope_creep`, the intent stage's
call), but an auditor should still see an IAM grant of everything; the policy file can raise its
disposition.
*/
use std::collections::BTreeMap;

use serde_json::Value;

use super::catalog::{self, AtRestRule, AtRestSpecial, ExposureRule};
use super::change::{self, Action, Change};
use super::findings::{ids, Finding};
use super::network::{self, Range};
use super::plan::REDACTED;
use super::policy::PolicyConfig;
use super::EngineInput;

/// Runs every built-in check over the planned changes.
pub fn run(input: &EngineInput) -> Vec<Finding> {
    let mut out = Vec::new();
    let cfg = &input.policy.config;
    let add = |out: &mut Vec<Finding>, id: &str, c: Option<&Change>, msg: String| {
        out.push(Finding::new(
            id,
            input.policy.disposition(id),
            c.map(|c| c.address.as_str()),
            msg,
        ));
    };
    let has_ticket = input
        .request
        .change_ticket
        .as_deref()
        .is_some_and(|t| !t.trim().is_empty());

    for c in judged(input) {
        // Deletion: anything whose actions include delete; forget/moves/imports are not.
        if c.action.destroys() {
            let why = match c.action_reason.as_deref() {
                Some(r) => format!(" ({})", r.replace('_', " ")),
                None => String::new(),
            };
            add(
                &mut out,
                ids::DELETION_REQUIRES_CONFIRMATION,
                Some(c),
                format!(
                    "{} destroys the existing {}{why}; confirm the deletion",
                    c.action.as_str(),
                    c.resource_type
                ),
            );
        }
        if c.class.production && !has_ticket {
            add(
                &mut out,
                ids::PRODUCTION_CHANGE_REQUIRES_TICKET,
                Some(c),
                format!(
                    "{} of a production {} without a change ticket; add the ticket to the request",
                    c.action.as_str(),
                    c.resource_type
                ),
            );
        }
        audit_check(c, cfg, &mut out, &add);
        if c.action != Action::Delete {
            encryption_checks(c, cfg, &mut out, &add);
            tags_check(c, cfg, &mut out, &add);
            gdpr_check(c, cfg, &mut out, &add);
            pci_exposure_check(c, &mut out, &add);
            reserved_check(c, cfg, &mut out, &add);
            iam_check(c, &mut out, &add);
        }
    }
    exposure_checks(input, &mut out, &add);

    if let Some(cost) = input.cost {
        let delta = cost.monthly_after - cost.monthly_before;
        if delta.is_finite() && delta > cfg.cost.threshold {
            add(
                &mut out,
                ids::COST_THRESHOLD_APPROVAL,
                None,
                format!(
                    "monthly cost rises by {delta:.0} {} ({:.0} → {:.0}), over the {:.0} threshold; finance must approve",
                    cost.currency, cost.monthly_before, cost.monthly_after, cfg.cost.threshold
                ),
            );
        }
    }
    out
}

/// Changes that touch infrastructure: managed resources being created, updated, replaced or
/// deleted.
fn judged<'a>(input: &'a EngineInput) -> impl Iterator<Item = &'a Change> {
    input
        .plan
        .changes
        .iter()
        .filter(|c| c.mode != "data" && c.action.mutates())
}

type Add<'a> = dyn Fn(&mut Vec<Finding>, &str, Option<&Change>, String) + 'a;

// ---- audit and logging infrastructure ----

fn audit_check(c: &Change, cfg: &PolicyConfig, out: &mut Vec<Finding>, add: &Add) {
    let t = c.resource_type.as_str();
    let is_audit = cfg.audit.resource_types.iter().any(|x| x == t);
    let reduces = cfg.audit.logging_reducing_types.iter().any(|x| x == t);
    if reduces {
        add(
            out,
            ids::NO_AUDIT_MODIFICATION,
            Some(c),
            format!(
                "{} of a {t} removes entries from the audit logs",
                c.action.as_str()
            ),
        );
        return;
    }
    if is_audit && c.action != Action::Create {
        let what = match c.action {
            Action::Update => {
                let changed = changed_keys(&c.before, &c.after);
                if changed.is_empty() {
                    "updates".to_string()
                } else {
                    format!("updates {}", changed.join(", "))
                }
            }
            Action::Delete => "deletes".to_string(),
            _ => "replaces".to_string(),
        };
        add(
            out,
            ids::NO_AUDIT_MODIFICATION,
            Some(c),
            format!("{what} audit/logging infrastructure ({t}); audit trails may only be added to"),
        );
        return;
    }
    // Access logging switched off on a bucket or load balancer (inline blocks).
    if c.action == Action::Update || c.action.replaces() {
        for key in ["logging", "access_logs", "log_config", "logging_config"] {
            let before_on = block_enabled(c.before.get(key));
            let after_on = block_enabled(c.after.get(key));
            if before_on && !after_on && !c.unknown_after(key) {
                add(
                    out,
                    ids::NO_AUDIT_MODIFICATION,
                    Some(c),
                    format!(
                        "switches off `{key}` on {}; audit trails may only be added to",
                        c.resource_type
                    ),
                );
                return;
            }
        }
        for key in ["enable_logging", "logging_enabled"] {
            if c.before.get(key) == Some(&Value::Bool(true))
                && c.after.get(key) == Some(&Value::Bool(false))
            {
                add(
                    out,
                    ids::NO_AUDIT_MODIFICATION,
                    Some(c),
                    format!(
                        "sets `{key}` to false on {}; audit trails may only be added to",
                        c.resource_type
                    ),
                );
                return;
            }
        }
    }
}

/// A logging block counts as on when present and not explicitly disabled.
fn block_enabled(v: Option<&Value>) -> bool {
    match v {
        Some(Value::Array(items)) => items.iter().any(|i| {
            i.is_object() && i.get("enabled") != Some(&Value::Bool(false))
                || i.get("enable") == Some(&Value::Bool(true))
        }),
        Some(Value::Object(m)) => m.get("enabled") != Some(&Value::Bool(false)),
        _ => false,
    }
}

fn changed_keys(before: &Value, after: &Value) -> Vec<String> {
    let (Some(b), Some(a)) = (before.as_object(), after.as_object()) else {
        return Vec::new();
    };
    let mut keys: Vec<String> = a
        .iter()
        .filter(|(k, v)| k.as_str() != "tags_all" && b.get(*k) != Some(*v))
        .map(|(k, _)| format!("`{k}`"))
        .collect();
    keys.extend(
        b.keys()
            .filter(|k| !a.contains_key(*k))
            .map(|k| format!("`{k}`")),
    );
    keys.truncate(6);
    keys
}

// ---- encryption at rest ----

/// What the plan says about a resource's encryption at rest.
#[derive(Debug, Clone, PartialEq)]
pub enum AtRest {
    /// Not storage, or storage the provider always encrypts and that is not explicitly disabled.
    NotApplicable,
    Encrypted,
    /// Off or unset; the string says which attribute.
    Off(String),
    /// Terraform learns the value only at apply.
    Unknown(String),
}

/// Encryption at rest of a change's `after` values, by the rule its catalog row names.
pub fn encryption_at_rest(c: &Change) -> AtRest {
    let a = &c.after;
    // A top-level boolean attribute that must be true; unset means off.
    let flag = |key: &str| -> AtRest {
        if c.unknown_after(key) {
            return AtRest::Unknown(format!("`{key}` is known only after apply"));
        }
        match a.get(key) {
            Some(Value::Bool(true)) => AtRest::Encrypted,
            Some(Value::Bool(false)) => AtRest::Off(format!("`{key}` is false")),
            Some(Value::String(s)) if s == REDACTED => {
                AtRest::Unknown(format!("`{key}` is sensitive"))
            }
            _ => AtRest::Off(format!("`{key}` is not set")),
        }
    };
    let Some(rule) = catalog::at_rest_rule(&c.resource_type) else {
        // Not storage the catalog knows, or storage always encrypted (GCS buckets, persistent
        // disks and Cloud SQL are encrypted by Google).
        return AtRest::NotApplicable;
    };
    match rule {
        AtRestRule::Flag(key) => flag(key),
        AtRestRule::FlagUnlessReplica { flag: key, source } => {
            // A read replica inherits its source's encryption.
            if a.get(source)
                .and_then(Value::as_str)
                .is_some_and(|s| !s.is_empty())
            {
                return AtRest::NotApplicable;
            }
            flag(key)
        }
        AtRestRule::NestedFlag(block, key) => nested_flag(c, block, key),
        AtRestRule::Equals { key, value } => match a.get(key).and_then(Value::as_str) {
            _ if c.unknown_after(key) => {
                AtRest::Unknown(format!("`{key}` is known only after apply"))
            }
            Some(t) if t.eq_ignore_ascii_case(value) => AtRest::Encrypted,
            Some(t) => AtRest::Off(format!("`{key}` is {t}")),
            None => AtRest::Off(format!("`{key}` is not set")),
        },
        // Encrypted by the platform; only an explicit opt-out counts.
        AtRestRule::OptOut(key) => {
            if a.get(key) == Some(&Value::Bool(false)) {
                AtRest::Off(format!("`{key}` is false"))
            } else {
                AtRest::NotApplicable
            }
        }
        // Encrypted by default (S3 since 2023); can only be weakened, not switched off, so pass.
        AtRestRule::PlatformEncrypted => AtRest::NotApplicable,
        AtRestRule::Special(special) => special_at_rest(a, special),
    }
}

/// The encryption rules too particular for [`AtRestRule`]'s data.
fn special_at_rest(a: &Value, special: AtRestSpecial) -> AtRest {
    match special {
        AtRestSpecial::InstanceBlockDevices => {
            // Root and extra EBS devices: flagged only when explicitly off (the account default
            // may encrypt unset ones).
            for key in ["root_block_device", "ebs_block_device"] {
                if let Some(items) = a.get(key).and_then(Value::as_array) {
                    for d in items {
                        if d.get("encrypted") == Some(&Value::Bool(false)) {
                            return AtRest::Off(format!("`{key}.encrypted` is false"));
                        }
                    }
                }
            }
            AtRest::NotApplicable
        }
        AtRestSpecial::LaunchTemplateBlockDevices => {
            if let Some(maps) = a.get("block_device_mappings").and_then(Value::as_array) {
                for m in maps {
                    for ebs in m.get("ebs").and_then(Value::as_array).into_iter().flatten() {
                        if matches!(ebs.get("encrypted"), Some(Value::String(s)) if s == "false")
                            || ebs.get("encrypted") == Some(&Value::Bool(false))
                        {
                            return AtRest::Off(
                                "`block_device_mappings.ebs.encrypted` is false".into(),
                            );
                        }
                    }
                }
            }
            AtRest::NotApplicable
        }
        AtRestSpecial::SqsManagedSse => {
            let kms = a
                .get("kms_master_key_id")
                .and_then(Value::as_str)
                .is_some_and(|s| !s.is_empty());
            if !kms && a.get("sqs_managed_sse_enabled") == Some(&Value::Bool(false)) {
                AtRest::Off("`sqs_managed_sse_enabled` is false and no KMS key is set".into())
            } else {
                AtRest::NotApplicable
            }
        }
        // Azure Storage accounts are encrypted by the platform; only an explicit opt-out counts.
        AtRestSpecial::AzureStorageAccount => {
            if a.get("infrastructure_encryption_enabled") == Some(&Value::Bool(false))
                && a.get("encryption_disabled") == Some(&Value::Bool(true))
            {
                AtRest::Off("storage encryption is disabled".into())
            } else {
                AtRest::NotApplicable
            }
        }
    }
}

/// `block[0].key` must be true (AWS search domains' `encrypt_at_rest { enabled = true }`).
fn nested_flag(c: &Change, block: &str, key: &str) -> AtRest {
    if c.unknown_after(block) {
        return AtRest::Unknown(format!("`{block}` is known only after apply"));
    }
    let v = c
        .after
        .get(block)
        .and_then(Value::as_array)
        .and_then(|a| a.first())
        .and_then(|b| b.get(key));
    match v {
        Some(Value::Bool(true)) => AtRest::Encrypted,
        Some(Value::Bool(false)) => AtRest::Off(format!("`{block}.{key}` is false")),
        _ => AtRest::Off(format!("`{block}.{key}` is not set")),
    }
}

fn encryption_checks(c: &Change, _cfg: &PolicyConfig, out: &mut Vec<Finding>, add: &Add) {
    let state = encryption_at_rest(c);
    let why = match &state {
        AtRest::Off(w) => format!("encryption at rest is off: {w}"),
        AtRest::Unknown(w) => format!("encryption at rest cannot be verified: {w}"),
        _ => return,
    };
    add(
        out,
        ids::ENABLE_ENCRYPTION_BY_DEFAULT,
        Some(c),
        format!(
            "{} {}: {why}; enable encryption",
            c.action.as_str(),
            c.resource_type
        ),
    );
    if c.class.pci {
        add(
            out,
            ids::PCI_BASELINE_REQUIREMENTS,
            Some(c),
            format!(
                "PCI-scoped {} {why}; PCI requires encryption at rest",
                c.resource_type
            ),
        );
    }
}

// ---- tags ----

fn tags_check(c: &Change, cfg: &PolicyConfig, out: &mut Vec<Finding>, add: &Add) {
    let Some(after) = c.after.as_object() else {
        return;
    };
    let tag_keys: Vec<&str> = ["tags", "labels"]
        .into_iter()
        .filter(|k| after.contains_key(*k))
        .collect();
    if tag_keys.is_empty() {
        return;
    }
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|ch| ch.is_ascii_alphanumeric())
            .map(|ch| ch.to_ascii_lowercase())
            .collect()
    };
    let mut present: Vec<String> = Vec::new();
    let mut unknown = false;
    for key in ["tags", "tags_all", "labels", "effective_labels"] {
        if c.unknown_after(key) {
            // `tags_all` is routinely unknown (provider default tags merge at apply); it only
            // matters when `tags` itself does not settle the question.
            unknown |= key != "tags_all" && key != "effective_labels";
            continue;
        }
        if let Some(m) = after.get(key).and_then(Value::as_object) {
            present.extend(m.keys().map(|k| norm(k)));
        }
    }
    let missing: Vec<&str> = cfg
        .tags
        .required
        .iter()
        .filter(|r| !present.contains(&norm(r)))
        .map(String::as_str)
        .collect();
    if missing.is_empty() {
        return;
    }
    let msg = if unknown {
        format!(
            "{} tags are known only after apply, so {} cannot be verified; set them in the configuration",
            c.resource_type,
            missing.join(", ")
        )
    } else {
        format!(
            "{} lacks required tag{} {}; add them",
            c.resource_type,
            if missing.len() == 1 { "" } else { "s" },
            missing.join(", ")
        )
    };
    add(out, ids::REQUIRED_TAGS, Some(c), msg);
}

// ---- GDPR residency ----

/// True when a region name is inside the EU per the policy.
pub fn region_in_eu(region: &str, cfg: &PolicyConfig) -> bool {
    let r: String = region
        .chars()
        .filter(|ch| !ch.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    cfg.regions
        .eu_prefixes
        .iter()
        .any(|p| !p.is_empty() && r.starts_with(&p.to_ascii_lowercase()))
        || cfg.regions.eu_exact.iter().any(|e| {
            let e: String = e.chars().filter(|ch| !ch.is_whitespace()).collect();
            e.eq_ignore_ascii_case(&r)
        })
}

fn gdpr_check(c: &Change, cfg: &PolicyConfig, out: &mut Vec<Finding>, add: &Add) {
    if !c.class.gdpr {
        return;
    }
    let msg = match &c.region {
        Some(r) if region_in_eu(r, cfg) => return,
        Some(r) => format!(
            "GDPR-scoped {} is placed in {r}, outside the EU; use an EU region",
            c.resource_type
        ),
        None => format!(
            "GDPR-scoped {} has no region the plan shows, so it cannot be shown to stay in the EU; set an EU region explicitly",
            c.resource_type
        ),
    };
    add(out, ids::GDPR_DATA_RESIDENCY, Some(c), msg);
}

// ---- PCI public reachability and logging ----

fn pci_exposure_check(c: &Change, out: &mut Vec<Finding>, add: &Add) {
    if !c.class.pci {
        return;
    }
    let a = &c.after;
    let mut reasons = Vec::new();
    for key in [
        "publicly_accessible",
        "associate_public_ip_address",
        "map_public_ip_on_launch",
    ] {
        if a.get(key) == Some(&Value::Bool(true)) {
            reasons.push(format!("`{key}` is true"));
        }
    }
    if a.get("public_network_access_enabled") == Some(&Value::Bool(true)) {
        reasons.push("`public_network_access_enabled` is true".to_string());
    }
    // GCP instance with an access_config (external IP) on a network interface.
    if let Some(nics) = a.get("network_interface").and_then(Value::as_array) {
        if nics.iter().any(|n| {
            n.get("access_config")
                .and_then(Value::as_array)
                .is_some_and(|ac| !ac.is_empty())
        }) {
            reasons.push("a network interface has an external IP (`access_config`)".to_string());
        }
    }
    // Cloud SQL with a public IPv4 address.
    if let Some(settings) = a.get("settings").and_then(Value::as_array) {
        for s in settings {
            for ip in s
                .get("ip_configuration")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if ip.get("ipv4_enabled") == Some(&Value::Bool(true)) {
                    reasons.push("Cloud SQL `ipv4_enabled` is true".to_string());
                }
            }
        }
    }
    if catalog::public_address(&c.resource_type) {
        reasons.push(format!("it is a public IP ({})", c.resource_type));
    }
    for key in ["enable_logging", "logging_enabled"] {
        if a.get(key) == Some(&Value::Bool(false)) {
            reasons.push(format!("logging is off (`{key}` is false)"));
        }
    }
    for r in reasons {
        add(
            out,
            ids::PCI_BASELINE_REQUIREMENTS,
            Some(c),
            format!("PCI-scoped {}: {r}; PCI resources must not be publicly reachable and must keep logging", c.resource_type),
        );
    }
}

// ---- reserved instances ----

fn reserved_check(c: &Change, cfg: &PolicyConfig, out: &mut Vec<Finding>, add: &Add) {
    let rc = &cfg.reserved_instances;
    if !rc.resource_types.iter().any(|t| t == &c.resource_type) {
        return;
    }
    if rc.production_only && !c.class.production {
        return;
    }
    let a = &c.after;
    let spot = a
        .get("spot_price")
        .and_then(Value::as_str)
        .is_some_and(|s| !s.is_empty())
        || a.get("instance_market_options")
            .and_then(Value::as_array)
            .is_some_and(|m| !m.is_empty())
        || a.get("priority")
            .and_then(Value::as_str)
            .is_some_and(|p| p.eq_ignore_ascii_case("spot"))
        || a.get("scheduling")
            .and_then(Value::as_array)
            .and_then(|s| s.first())
            .is_some_and(|s| s.get("preemptible") == Some(&Value::Bool(true)));
    if spot {
        return;
    }
    // Only new capacity or a size change is worth advice.
    let size_keys = [
        "instance_type",
        "instance_class",
        "size",
        "vm_size",
        "machine_type",
    ];
    let sized = c.action != Action::Update
        || size_keys
            .iter()
            .any(|k| c.after.get(*k).is_some() && c.before.get(*k) != c.after.get(*k));
    if !sized {
        return;
    }
    let size = size_keys
        .iter()
        .find_map(|k| a.get(*k).and_then(Value::as_str))
        .unwrap_or("on-demand");
    add(
        out,
        ids::USE_RESERVED_INSTANCES,
        Some(c),
        format!(
            "long-running production {} ({size}) runs on demand; consider a reservation or savings plan",
            c.resource_type
        ),
    );
}

// ---- IAM wildcards ----

fn iam_check(c: &Change, out: &mut Vec<Finding>, add: &Add) {
    if let Some(why) = iam_wildcard(c) {
        add(out, ids::IAM_WILDCARD_PERMISSIONS, Some(c), why);
    }
}

/// Why this change grants everything, if it does: an AWS policy document allowing `*` actions on
/// `*` resources, or a GCP/Azure owner-level role.
pub fn iam_wildcard(c: &Change) -> Option<String> {
    let a = &c.after;
    match c.resource_type.as_str() {
        "aws_iam_policy"
        | "aws_iam_role_policy"
        | "aws_iam_user_policy"
        | "aws_iam_group_policy"
        | "aws_s3_bucket_policy"
        | "aws_iam_role" => {
            for key in ["policy", "inline_policy"] {
                let docs: Vec<&str> = match a.get(key) {
                    Some(Value::String(s)) => vec![s.as_str()],
                    Some(Value::Array(items)) => items
                        .iter()
                        .filter_map(|i| i.get("policy").and_then(Value::as_str))
                        .collect(),
                    _ => Vec::new(),
                };
                for doc in docs {
                    if policy_allows_everything(doc) {
                        return Some(format!(
                            "{} allows every action (\"*\") on every resource (\"*\"): administrator access; grant only what is needed",
                            c.resource_type
                        ));
                    }
                }
            }
            None
        }
        "google_project_iam_member"
        | "google_project_iam_binding"
        | "google_organization_iam_member"
        | "google_organization_iam_binding"
        | "google_folder_iam_member"
        | "google_folder_iam_binding" => {
            let role = a.get("role").and_then(Value::as_str)?;
            matches!(role, "roles/owner" | "roles/editor").then(|| {
                format!(
                    "{} grants the primitive role {role}; grant a narrower role",
                    c.resource_type
                )
            })
        }
        "azurerm_role_assignment" => {
            let role = a.get("role_definition_name").and_then(Value::as_str)?;
            matches!(role, "Owner" | "Contributor" | "User Access Administrator").then(|| {
                format!(
                    "{} assigns the broad role {role}; assign a narrower role",
                    c.resource_type
                )
            })
        }
        _ => None,
    }
}

/// True when an IAM policy JSON has an `Allow` statement whose `Action` includes `*` and whose
/// `Resource` includes `*`. The embedded document is untrusted: depth-checked before parsing.
pub fn policy_allows_everything(doc: &str) -> bool {
    if doc.len() > 1_000_000 || super::plan::json_depth_exceeds(doc.as_bytes(), 32) {
        return false;
    }
    let Ok(v) = serde_json::from_str::<Value>(doc) else {
        return false;
    };
    let statements: Vec<&Value> = match v.get("Statement") {
        Some(Value::Array(s)) => s.iter().collect(),
        Some(s @ Value::Object(_)) => vec![s],
        _ => return false,
    };
    let has_star = |x: Option<&Value>| match x {
        Some(Value::String(s)) => s == "*",
        Some(Value::Array(items)) => items.iter().any(|i| i.as_str() == Some("*")),
        _ => false,
    };
    statements.iter().any(|s| {
        s.get("Effect").and_then(Value::as_str) == Some("Allow")
            && has_star(s.get("Action"))
            && has_star(s.get("Resource"))
    })
}

// ---- ingress from the whole internet ----

/// One ingress-bearing resource's sources, for the union across rules on the same target.
struct Exposure<'a> {
    change: &'a Change,
    ranges: Vec<Range>,
    /// A source word (`*`, `Any`, `Internet`) or a GCP firewall with no source at all.
    any: bool,
    /// The rule target (security group, NSG, SQL server) when the plan names it.
    target: Option<String>,
    ports: String,
}

fn exposure_checks(input: &EngineInput, out: &mut Vec<Finding>, add: &Add) {
    let cfg = &input.policy.config;
    let mut exposures: Vec<Exposure> = Vec::new();
    for c in judged(input).filter(|c| c.action != Action::Delete) {
        if let Some(e) = exposure_of(c, cfg) {
            exposures.push(e);
        }
    }
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut flagged: Vec<(usize, String)> = Vec::new();
    for (i, e) in exposures.iter().enumerate() {
        if e.any || network::covers_everything(&e.ranges) {
            flagged.push((i, String::new()));
        } else if let Some(t) = &e.target {
            groups.entry(t.clone()).or_default().push(i);
        }
    }
    // Rules on one target that only together admit every address: flag the ones the union
    // needs (or all of them when each is redundant on its own).
    for members in groups.values() {
        if members.len() < 2 {
            continue;
        }
        let all: Vec<Range> = members
            .iter()
            .flat_map(|i| exposures[*i].ranges.iter().copied())
            .collect();
        if !network::covers_everything(&all) {
            continue;
        }
        let essential: Vec<usize> = members
            .iter()
            .copied()
            .filter(|i| {
                let rest: Vec<Range> = members
                    .iter()
                    .filter(|j| *j != i)
                    .flat_map(|j| exposures[*j].ranges.iter().copied())
                    .collect();
                !network::covers_everything(&rest)
            })
            .collect();
        let chosen = if essential.is_empty() {
            members.clone()
        } else {
            essential
        };
        let names: Vec<&str> = chosen
            .iter()
            .map(|i| exposures[*i].change.address.as_str())
            .collect();
        for i in &chosen {
            flagged.push((
                *i,
                format!(
                    " together with {}",
                    names
                        .iter()
                        .filter(|n| **n != exposures[*i].change.address)
                        .copied()
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
    }
    flagged.sort_by_key(|(i, _)| *i);
    flagged.dedup_by_key(|(i, _)| *i);
    for (i, together) in flagged {
        let e = &exposures[i];
        let prod = e.change.class.production || target_is_production(input, e.change);
        let id = if prod {
            ids::NO_PUBLIC_PRODUCTION_ACCESS
        } else {
            ids::PUBLIC_EXPOSURE_REQUIRES_SECURITY_REVIEW
        };
        let msg = if prod {
            format!(
                "{} admits the whole internet{together} to a production resource ({}); restrict the source to known networks",
                e.change.resource_type, e.ports
            )
        } else {
            format!(
                "{} admits the whole internet{together} ({}); a security review must approve public exposure",
                e.change.resource_type, e.ports
            )
        };
        add(out, id, Some(e.change), msg);
        let pci_target = e
            .change
            .current()
            .get("security_group_id")
            .and_then(Value::as_str)
            .is_some_and(|id| id_mentions(id, &cfg.pci.markers));
        if e.change.class.pci || pci_target {
            add(
                out,
                ids::PCI_BASELINE_REQUIREMENTS,
                Some(e.change),
                format!("PCI-scoped {} admits the whole internet; PCI resources must not be publicly reachable", e.change.resource_type),
            );
        }
    }
}

/// The ingress sources a resource opens, by its catalog exposure rule. `None` when it opens no
/// ingress.
fn exposure_of<'a>(c: &'a Change, cfg: &PolicyConfig) -> Option<Exposure<'a>> {
    let a = &c.after;
    let words = &cfg.network.internet_words;
    let s = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
    let list = |v: &Value, k: &str| -> Vec<String> {
        v.get(k)
            .and_then(Value::as_array)
            .map(|xs| {
                xs.iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut ranges = Vec::new();
    let mut any = false;
    let add_sources = |sources: &[String], ranges: &mut Vec<Range>, any: &mut bool| {
        for src in sources {
            if network::is_internet_word(src, words) {
                *any = true;
            } else if let Some(r) = network::parse_cidr(src) {
                ranges.push(r);
            }
        }
    };
    let port_range = |v: &Value| -> String {
        match (
            v.get("from_port").and_then(Value::as_i64),
            v.get("to_port").and_then(Value::as_i64),
        ) {
            (Some(f), Some(t)) if f == t => format!("port {f}"),
            (Some(f), Some(t)) => format!("ports {f}-{t}"),
            _ => "all ports".to_string(),
        }
    };
    let sg_sources = |v: &Value| {
        let mut srcs = list(v, "cidr_blocks");
        srcs.extend(list(v, "ipv6_cidr_blocks"));
        srcs
    };
    let nsg_sources = |v: &Value| {
        let mut srcs = list(v, "source_address_prefixes");
        srcs.extend(s(v, "source_address_prefix"));
        srcs
    };
    // Inline rule blocks (SG `ingress`, NSG `security_rule`): every entry's sources join one
    // union, and the entries that open everything by themselves are named first.
    let inline_entries =
        |entries: Vec<(Vec<String>, String)>, ranges: &mut Vec<Range>, any: &mut bool| {
            let mut p = Vec::new();
            for (srcs, entry_text) in entries {
                let before = ranges.len();
                let mut entry_any = false;
                add_sources(&srcs, ranges, &mut entry_any);
                *any |= entry_any;
                if ranges.len() > before || entry_any {
                    let alone = entry_any || network::covers_everything(&ranges[before..]);
                    p.push((alone, entry_text));
                }
            }
            entry_ports(p)
        };
    let target;
    let ports;
    match catalog::exposure_rule(&c.resource_type)? {
        ExposureRule::SecurityGroupInline => {
            let entries = a
                .get("ingress")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .map(|rule| (sg_sources(rule), port_range(rule)))
                .collect();
            ports = inline_entries(entries, &mut ranges, &mut any);
            target = s(a, "id").map(|id| format!("sg:{id}"));
        }
        ExposureRule::SecurityGroupRule => {
            if s(a, "type").as_deref() != Some("ingress") {
                return None;
            }
            add_sources(&sg_sources(a), &mut ranges, &mut any);
            target = s(a, "security_group_id").map(|id| format!("sg:{id}"));
            ports = port_range(a);
        }
        ExposureRule::VpcIngressRule => {
            let srcs: Vec<String> = ["cidr_ipv4", "cidr_ipv6"]
                .iter()
                .filter_map(|k| s(a, k))
                .collect();
            add_sources(&srcs, &mut ranges, &mut any);
            target = s(a, "security_group_id").map(|id| format!("sg:{id}"));
            ports = port_range(a);
        }
        ExposureRule::NsgRule => {
            if !azure_inbound_allow(a) {
                return None;
            }
            add_sources(&nsg_sources(a), &mut ranges, &mut any);
            target = match (
                s(a, "resource_group_name"),
                s(a, "network_security_group_name"),
            ) {
                (Some(rg), Some(n)) => Some(format!("nsg:{rg}/{n}")),
                _ => None,
            };
            ports = azure_ports(a);
        }
        ExposureRule::NsgInline => {
            let entries = a
                .get("security_rule")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter(|rule| azure_inbound_allow(rule))
                .map(|rule| (nsg_sources(rule), azure_ports(rule)))
                .collect();
            ports = inline_entries(entries, &mut ranges, &mut any);
            target = match (s(a, "resource_group_name"), s(a, "name")) {
                (Some(rg), Some(n)) => Some(format!("nsg:{rg}/{n}")),
                _ => None,
            };
        }
        ExposureRule::ServerFirewallRule => {
            let (Some(start), Some(end)) = (s(a, "start_ip_address"), s(a, "end_ip_address"))
            else {
                return None;
            };
            ranges.extend(network::parse_v4_range(&start, &end));
            target = s(a, "server_id")
                .or_else(|| {
                    Some(format!(
                        "{}/{}",
                        s(a, "resource_group_name")?,
                        s(a, "server_name")?
                    ))
                })
                .map(|k| format!("db:{k}"));
            ports = format!("addresses {start}–{end}");
        }
        ExposureRule::GcpFirewall => {
            let direction = s(a, "direction").unwrap_or_else(|| "INGRESS".to_string());
            let allows = a
                .get("allow")
                .and_then(Value::as_array)
                .is_some_and(|x| !x.is_empty());
            if !direction.eq_ignore_ascii_case("INGRESS")
                || !allows
                || a.get("disabled") == Some(&Value::Bool(true))
            {
                return None;
            }
            let srcs = list(a, "source_ranges");
            let has_other_source = !list(a, "source_tags").is_empty()
                || !list(a, "source_service_accounts").is_empty();
            if srcs.is_empty() && !has_other_source && !c.unknown_after("source_ranges") {
                // GCP applies 0.0.0.0/0 when an ingress rule names no source at all.
                any = true;
            }
            add_sources(&srcs, &mut ranges, &mut any);
            target = None;
            let mut p = Vec::new();
            for rule in a
                .get("allow")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let proto = s(rule, "protocol").unwrap_or_default();
                let ps = list(rule, "ports");
                p.push(if ps.is_empty() {
                    format!("{proto} all ports")
                } else {
                    format!("{proto} {}", ps.join(","))
                });
            }
            ports = p.join(", ");
        }
    }
    if ranges.is_empty() && !any {
        return None;
    }
    Some(Exposure {
        change: c,
        ranges,
        any,
        target,
        ports,
    })
}

/// The ports of the entries that admit everything alone, else of every entry with a source.
fn entry_ports(entries: Vec<(bool, String)>) -> String {
    let alone: Vec<&str> = entries
        .iter()
        .filter(|(a, _)| *a)
        .map(|(_, p)| p.as_str())
        .collect();
    if alone.is_empty() {
        entries
            .iter()
            .map(|(_, p)| p.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    } else {
        alone.join(", ")
    }
}

fn azure_inbound_allow(rule: &Value) -> bool {
    let get = |k: &str| rule.get(k).and_then(Value::as_str).unwrap_or("");
    get("direction").eq_ignore_ascii_case("Inbound") && get("access").eq_ignore_ascii_case("Allow")
}

fn azure_ports(rule: &Value) -> String {
    let mut ports: Vec<String> = rule
        .get("destination_port_ranges")
        .and_then(Value::as_array)
        .map(|xs| {
            xs.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    if let Some(p) = rule.get("destination_port_range").and_then(Value::as_str) {
        if !p.is_empty() {
            ports.push(p.to_string());
        }
    }
    if ports.is_empty() || ports.iter().any(|p| p == "*") {
        "all ports".to_string()
    } else {
        format!("port {}", ports.join(","))
    }
}

/// A rule that does not itself look like production may still open a production target: the
/// security group it names (by id, or through the configuration's reference to another resource
/// in this plan) or its Azure NSG.
fn target_is_production(input: &EngineInput, rule: &Change) -> bool {
    let a = rule.current();
    let target_id = a
        .get("security_group_id")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty());
    if target_id.is_some_and(|id| id_mentions(id, &input.policy.config.production.name_tokens)) {
        return true;
    }
    let referenced = configuration_references(input, rule, "security_group_id");
    input.plan.changes.iter().any(|other| {
        if other.address == rule.address || !other.class.production {
            return false;
        }
        let id_match = target_id.is_some_and(|id| {
            [&other.before, &other.after]
                .iter()
                .any(|v| v.get("id").and_then(Value::as_str) == Some(id))
        });
        let stripped = change::strip_instance_keys(&other.address);
        id_match || referenced.contains(&stripped)
    })
}

/// True when a group id carries one of the words. Real AWS ids are `sg-` plus hex digits, which
/// cannot spell these words, so a match is a name someone chose (`sg-prod-web`).
fn id_mentions(id: &str, words: &[String]) -> bool {
    let id = id.to_ascii_lowercase();
    words
        .iter()
        .any(|w| w.len() >= 3 && id.contains(&w.to_ascii_lowercase()))
}

/// Resource addresses that the configuration expression `attribute` of this change refers to
/// (`aws_security_group.web.id` → `aws_security_group.web`), root module only.
fn configuration_references(input: &EngineInput, c: &Change, attribute: &str) -> Vec<String> {
    if c.module.is_some() {
        return Vec::new();
    }
    let addr = change::strip_instance_keys(&c.address);
    let resources = input
        .plan
        .document
        .get("configuration")
        .and_then(|x| x.get("root_module"))
        .and_then(|x| x.get("resources"))
        .and_then(Value::as_array);
    let Some(resources) = resources else {
        return Vec::new();
    };
    let Some(res) = resources
        .iter()
        .find(|r| r.get("address").and_then(Value::as_str) == Some(addr.as_str()))
    else {
        return Vec::new();
    };
    res.get("expressions")
        .and_then(|e| e.get(attribute))
        .and_then(|e| e.get("references"))
        .and_then(Value::as_array)
        .map(|refs| {
            refs.iter()
                .filter_map(Value::as_str)
                .map(|r| {
                    let parts: Vec<&str> = r.split('.').collect();
                    if parts.len() >= 2 {
                        format!("{}.{}", parts[0], parts[1])
                    } else {
                        r.to_string()
                    }
                })
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iam_policy_documents() {
        assert!(policy_allows_everything(
            r#"{"Statement":[{"Effect":"Allow","Action":["*"],"Resource":"*"}]}"#
        ));
        assert!(policy_allows_everything(
            r#"{"Statement":{"Effect":"Allow","Action":"*","Resource":["*"]}}"#
        ));
        assert!(!policy_allows_everything(
            r#"{"Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}"#
        ));
        assert!(!policy_allows_everything(
            r#"{"Statement":[{"Effect":"Allow","Action":"ec2:Describe*","Resource":"*"}]}"#
        ));
        assert!(!policy_allows_everything(&"[".repeat(10_000)));
        assert!(!policy_allows_everything("not json"));
    }

    fn run_on(plan_json: serde_json::Value) -> Vec<Finding> {
        let policy = crate::engine::PolicySet::default();
        let plan =
            crate::engine::plan::parse(&serde_json::to_vec(&plan_json).unwrap(), &policy.config)
                .unwrap();
        let request = crate::engine::Request::default();
        let approvals = Default::default();
        run(&EngineInput {
            request: &request,
            plan: &plan,
            approvals: &approvals,
            cost: None,
            policy: &policy,
        })
    }

    fn rule(name: &str, sg: &str) -> serde_json::Value {
        serde_json::json!({
            "address": format!("aws_security_group_rule.{name}"), "mode": "managed",
            "type": "aws_security_group_rule", "name": name,
            "change": {"actions": ["create"], "before": null, "after": {
                "type": "ingress", "security_group_id": sg, "cidr_blocks": ["0.0.0.0/0"],
                "from_port": 443, "to_port": 443, "protocol": "tcp"}}
        })
    }

    #[test]
    fn rule_environment_comes_from_its_target_group() {
        let ids_of = |fs: &[Finding]| -> Vec<(String, String)> {
            fs.iter()
                .filter(|f| f.id.contains("public"))
                .map(|f| (f.id.clone(), f.resource.clone().unwrap_or_default()))
                .collect()
        };
        // Plain rule: security review.
        let f = run_on(serde_json::json!({"format_version": "1.2",
            "resource_changes": [rule("web", "sg-0a1b2c3d")]}));
        assert_eq!(
            ids_of(&f),
            vec![(
                ids::PUBLIC_EXPOSURE_REQUIRES_SECURITY_REVIEW.to_string(),
                "aws_security_group_rule.web".to_string()
            )]
        );
        // A group id naming production.
        let f = run_on(serde_json::json!({"format_version": "1.2",
            "resource_changes": [rule("web", "sg-prod-web")]}));
        assert_eq!(ids_of(&f)[0].0, ids::NO_PUBLIC_PRODUCTION_ACCESS);
        // A group in the plan, tagged production, referenced through the configuration.
        let sg = serde_json::json!({"address": "aws_security_group.api", "mode": "managed",
            "type": "aws_security_group", "name": "api",
            "change": {"actions": ["no-op"], "before": {"id": "sg-0ffee", "tags": {"Environment": "prod"}},
                       "after": {"id": "sg-0ffee", "tags": {"Environment": "prod"}}}});
        let config = serde_json::json!({"root_module": {"resources": [{"address": "aws_security_group_rule.web",
            "expressions": {"security_group_id": {"references": ["aws_security_group.api.id", "aws_security_group.api"]}}}]}});
        let f = run_on(serde_json::json!({"format_version": "1.2",
            "resource_changes": [rule("web", "sg-unknown"), sg.clone()], "configuration": config}));
        assert_eq!(ids_of(&f)[0].0, ids::NO_PUBLIC_PRODUCTION_ACCESS);
        // ... or by its id.
        let f = run_on(serde_json::json!({"format_version": "1.2",
            "resource_changes": [rule("web", "sg-0ffee"), sg]}));
        assert_eq!(ids_of(&f)[0].0, ids::NO_PUBLIC_PRODUCTION_ACCESS);
    }

    #[test]
    fn separate_ingress_rules_that_together_cover_everything() {
        let mut a = rule("low", "sg-0a1b");
        a["change"]["after"]["cidr_blocks"] = serde_json::json!(["0.0.0.0/1"]);
        let mut b = rule("high", "sg-0a1b");
        b["change"]["after"]["cidr_blocks"] = serde_json::json!(["128.0.0.0/1"]);
        let mut other = rule("elsewhere", "sg-0c0d");
        other["change"]["after"]["cidr_blocks"] = serde_json::json!(["128.0.0.0/1"]);
        let f =
            run_on(serde_json::json!({"format_version": "1.2", "resource_changes": [a, b, other]}));
        let flagged: Vec<&str> = f
            .iter()
            .filter(|f| f.id == ids::PUBLIC_EXPOSURE_REQUIRES_SECURITY_REVIEW)
            .filter_map(|f| f.resource.as_deref())
            .collect();
        assert_eq!(
            flagged,
            vec![
                "aws_security_group_rule.low",
                "aws_security_group_rule.high"
            ]
        );
    }

    #[test]
    fn a_dax_cluster_is_unencrypted_at_rest_unless_its_server_side_encryption_is_enabled() {
        let dax = |after: serde_json::Value| {
            run_on(
                serde_json::json!({"format_version": "1.2", "resource_changes": [
                crate::engine::testing::create("aws_dax_cluster.sessions", after)]}),
            )
            .iter()
            .filter(|f| f.id == ids::ENABLE_ENCRYPTION_BY_DEFAULT)
            .map(|f| f.message.clone())
            .collect::<Vec<_>>()
        };
        let base = serde_json::json!({"cluster_name": "sessions", "replication_factor": 3});
        let unset = dax(base.clone());
        assert_eq!(unset.len(), 1, "{unset:?}");
        assert!(
            unset[0].contains("`server_side_encryption.enabled` is not set"),
            "{unset:?}"
        );
        let mut off = base.clone();
        off["server_side_encryption"] = serde_json::json!([{"enabled": false}]);
        assert_eq!(dax(off).len(), 1);
        let mut on = base;
        on["server_side_encryption"] = serde_json::json!([{"enabled": true}]);
        assert!(dax(on).is_empty());
    }

    #[test]
    fn audit_infrastructure_create_is_fine_update_is_not() {
        let log = |actions: serde_json::Value| {
            serde_json::json!({"format_version": "1.2", "resource_changes": [{
            "address": "aws_cloudtrail.main", "mode": "managed", "type": "aws_cloudtrail", "name": "main",
            "change": {"actions": actions, "before": {"enable_logging": true}, "after": {"enable_logging": false}}}]})
        };
        let has = |fs: &[Finding]| fs.iter().any(|f| f.id == ids::NO_AUDIT_MODIFICATION);
        assert!(has(&run_on(log(serde_json::json!(["update"])))));
        assert!(has(&run_on(log(serde_json::json!(["delete"])))));
        assert!(has(&run_on(log(serde_json::json!(["delete", "create"])))));
        let mut create = log(serde_json::json!(["create"]));
        create["resource_changes"][0]["change"]["before"] = serde_json::Value::Null;
        assert!(!has(&run_on(create)));
        assert!(!has(&run_on(log(serde_json::json!(["no-op"])))));
    }

    #[test]
    fn eu_regions() {
        let cfg = PolicyConfig::default();
        for r in [
            "eu-west-1",
            "europe-west3",
            "EU",
            "West Europe",
            "westeurope",
            "germanywestcentral",
        ] {
            assert!(region_in_eu(r, &cfg), "{r}");
        }
        for r in [
            "us-east-1",
            "US",
            "us-central1",
            "eastus",
            "asia-east1",
            "europe",
        ] {
            assert!(!region_in_eu(r, &cfg), "{r}");
        }
    }
}
