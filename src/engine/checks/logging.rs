//! Audit and logging infrastructure: changes that remove, disable or weaken audit logging.

use super::*;

// ---- audit and logging infrastructure ----

pub(super) fn audit_check(c: &Change, cfg: &PolicyConfig, out: &mut Vec<Finding>, add: &Add) {
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
pub(super) fn block_enabled(v: Option<&Value>) -> bool {
    match v {
        Some(Value::Array(items)) => items.iter().any(|i| {
            i.is_object() && i.get("enabled") != Some(&Value::Bool(false))
                || i.get("enable") == Some(&Value::Bool(true))
        }),
        Some(Value::Object(m)) => m.get("enabled") != Some(&Value::Bool(false)),
        _ => false,
    }
}

pub(super) fn changed_keys(before: &Value, after: &Value) -> Vec<String> {
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
