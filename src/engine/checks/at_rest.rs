//! Encryption at rest: read from the attributes the resource catalog names for each type.

use super::*;

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
pub(super) fn special_at_rest(a: &Value, special: AtRestSpecial) -> AtRest {
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
pub(super) fn nested_flag(c: &Change, block: &str, key: &str) -> AtRest {
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

pub(super) fn encryption_checks(
    c: &Change,
    _cfg: &PolicyConfig,
    out: &mut Vec<Finding>,
    add: &Add,
) {
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
