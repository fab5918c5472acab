/*!
Production, PCI and GDPR classification of one change, from the policy's conventions (DESIGN.md
"Conventions"): environment tags/labels, name and address tokens, PCI and GDPR markers in tag
values. Pure and shape-based: it reads typed attributes (`tags`, `tags_all`, `labels`, AWS ASG `tag`
blocks, name-like attributes), never the serialized plan.

For an update the resource's old and new values both count (a change that moves a resource out of
production still touches production); a deletion is judged by what is being deleted (`before`).
*/
use serde_json::Value;

use super::change::{Change, Classification};
use super::policy::PolicyConfig;
use super::redact::REDACTED;

/// Attributes whose string value names the resource (their tokens count like address tokens).
const NAME_KEYS: &[&str] = &[
    "name",
    "name_prefix",
    "bucket",
    "bucket_prefix",
    "identifier",
    "identifier_prefix",
    "cluster_identifier",
    "function_name",
    "cluster_name",
    "resource_group_name",
    "network_security_group_name",
    "server_name",
    "queue_name",
    "table_name",
    "domain_name",
];

/// Values that switch a marker-named tag key off (`PCI = "false"`).
const FALSY: &[&str] = &[
    "",
    "false",
    "no",
    "0",
    "none",
    "n/a",
    "na",
    "out",
    "out-of-scope",
];

/// Classifies a change under the policy conventions.
pub fn classify(change: &Change, config: &PolicyConfig) -> Classification {
    let mut class = Classification::default();
    let mut sides: Vec<&Value> = Vec::with_capacity(2);
    if !change.after.is_null() {
        sides.push(&change.after);
    }
    if !change.before.is_null() && (change.after.is_null() || change.action.mutates()) {
        sides.push(&change.before);
    }
    let mut names: Vec<String> = tokens(&change.address);
    for side in &sides {
        for key in NAME_KEYS {
            if let Some(s) = side.get(*key).and_then(Value::as_str) {
                if s != REDACTED {
                    names.extend(tokens(s));
                }
            }
        }
    }
    let pc = &config.production;
    let mut tag_env: Option<String> = None;
    for side in &sides {
        for (k, v) in tags_of(side) {
            let kl = k.to_ascii_lowercase();
            let vl = v.to_ascii_lowercase();
            if pc.tag_keys.iter().any(|t| t.eq_ignore_ascii_case(&k)) && !vl.is_empty() {
                if pc.tag_values.iter().any(|t| t.eq_ignore_ascii_case(&vl)) {
                    class.production = true;
                    tag_env = Some(vl.clone());
                } else if tag_env.is_none() {
                    tag_env = Some(vl.clone());
                }
            }
            if marked(&kl, &vl, &config.pci.markers) {
                class.pci = true;
            }
            if marked(&kl, &vl, &config.gdpr.markers) {
                class.gdpr = true;
            }
        }
    }
    let mut name_env: Option<String> = None;
    for t in &names {
        if pc.name_tokens.iter().any(|p| p.eq_ignore_ascii_case(t)) {
            class.production = true;
            name_env.get_or_insert_with(|| t.clone());
        } else if name_env.is_none()
            && pc
                .other_environment_tokens
                .iter()
                .any(|p| p.eq_ignore_ascii_case(t))
        {
            name_env = Some(t.clone());
        }
        if config
            .pci
            .markers
            .iter()
            .any(|m| !m.is_empty() && t.contains(&m.to_ascii_lowercase()))
        {
            class.pci = true;
        }
    }
    class.environment = match (tag_env, name_env) {
        // A production name token wins over a non-production tag: report what makes it production.
        (Some(t), Some(n)) if class.production && !is_prod_word(&t, config) => Some(n),
        (Some(t), _) => Some(t),
        (None, n) => n,
    };
    class
}

fn is_prod_word(w: &str, config: &PolicyConfig) -> bool {
    config
        .production
        .tag_values
        .iter()
        .chain(&config.production.name_tokens)
        .any(|p| p.eq_ignore_ascii_case(w))
}

/// A tag value containing a marker, or a marker-named key with a truthy value.
fn marked(key_lower: &str, value_lower: &str, markers: &[String]) -> bool {
    markers.iter().any(|m| {
        let m = m.to_ascii_lowercase();
        !m.is_empty()
            && (value_lower.contains(&m)
                || (key_lower.contains(&m) && !FALSY.contains(&value_lower)))
    })
}

/// Every (key, value) tag/label pair of a resource's values: `tags`, `tags_all`, `labels`,
/// `user_labels`, and AWS Auto Scaling `tag` blocks (`[{key, value}]`). Non-string values are
/// skipped; redacted values are skipped.
pub fn tags_of(values: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for key in ["tags", "tags_all", "labels", "user_labels"] {
        if let Some(map) = values.get(key).and_then(Value::as_object) {
            for (k, v) in map {
                if let Some(s) = v.as_str() {
                    if s != REDACTED {
                        out.push((k.clone(), s.to_string()));
                    }
                }
            }
        }
    }
    for key in ["tag", "tags"] {
        if let Some(list) = values.get(key).and_then(Value::as_array) {
            for item in list {
                if let (Some(k), Some(v)) = (
                    item.get("key").and_then(Value::as_str),
                    item.get("value").and_then(Value::as_str),
                ) {
                    out.push((k.to_string(), v.to_string()));
                } else if let Some((k, v)) = item.as_str().and_then(|s| s.split_once(':')) {
                    // Datadog and others write tags as "key:value" strings.
                    if !k.is_empty() && v != REDACTED {
                        out.push((k.to_string(), v.to_string()));
                    }
                }
            }
        }
    }
    // Labels inside a settings or metadata block (Cloud SQL `settings[0].user_labels`,
    // Kubernetes `metadata[0].labels`).
    for block in ["settings", "metadata"] {
        if let Some(inner) = values
            .get(block)
            .and_then(Value::as_array)
            .and_then(|l| l.first())
        {
            for key in ["user_labels", "labels"] {
                if let Some(map) = inner.get(key).and_then(Value::as_object) {
                    for (k, v) in map.iter().take(64) {
                        if let Some(s) = v.as_str().filter(|s| *s != REDACTED) {
                            out.push((k.clone(), s.to_string()));
                        }
                    }
                }
            }
        }
    }
    out
}

/// Lower-case alphanumeric tokens: `module.prod_vpc["a"].aws_subnet.x-1` → module, prod, vpc, a, aws, subnet, x, 1.
pub fn tokens(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(str::to_ascii_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::change::{Action, Change};
    use serde_json::json;

    fn change(address: &str, action: Action, before: Value, after: Value) -> Change {
        Change {
            address: address.into(),
            module: None,
            mode: "managed".into(),
            resource_type: "aws_instance".into(),
            name: "x".into(),
            provider: "registry.terraform.io/hashicorp/aws".into(),
            action,
            before,
            after,
            after_unknown: Value::Null,
            before_sensitive: Value::Null,
            after_sensitive: Value::Null,
            action_reason: None,
            previous_address: None,
            importing: false,
            region: None,
            class: Classification::default(),
            deposed: None,
        }
    }

    #[test]
    fn production_by_tag_name_and_address() {
        let cfg = PolicyConfig::default();
        let c = change(
            "aws_instance.web",
            Action::Create,
            Value::Null,
            json!({"tags": {"ENV": "Live"}}),
        );
        let k = classify(&c, &cfg);
        assert!(k.production);
        assert_eq!(k.environment.as_deref(), Some("live"));
        let c = change(
            "aws_instance.prod_web",
            Action::Create,
            Value::Null,
            json!({}),
        );
        assert!(classify(&c, &cfg).production);
        let c = change(
            "aws_instance.nonprod_web",
            Action::Create,
            Value::Null,
            json!({"tags": {"Environment": "nonprod"}}),
        );
        let k = classify(&c, &cfg);
        assert!(!k.production);
        assert_eq!(k.environment.as_deref(), Some("nonprod"));
        let c = change(
            "aws_instance.web",
            Action::Create,
            Value::Null,
            json!({"name": "api-production-1"}),
        );
        assert!(classify(&c, &cfg).production);
    }

    #[test]
    fn deletion_is_judged_by_before_and_updates_by_both() {
        let cfg = PolicyConfig::default();
        let c = change(
            "aws_instance.a",
            Action::Delete,
            json!({"tags": {"env": "prod"}}),
            Value::Null,
        );
        assert!(classify(&c, &cfg).production);
        let c = change(
            "aws_instance.a",
            Action::Update,
            json!({"tags": {"env": "prod"}}),
            json!({"tags": {"env": "dev"}}),
        );
        assert!(classify(&c, &cfg).production);
    }

    #[test]
    fn pci_and_gdpr_markers() {
        let cfg = PolicyConfig::default();
        let c = change(
            "aws_db_instance.payments",
            Action::Create,
            Value::Null,
            json!({"tags": {"DataClass": "PCI-DSS"}}),
        );
        assert!(classify(&c, &cfg).pci);
        let c = change(
            "aws_db_instance.cardholder_data",
            Action::Create,
            Value::Null,
            json!({}),
        );
        assert!(classify(&c, &cfg).pci);
        let c = change(
            "aws_s3_bucket.x",
            Action::Create,
            Value::Null,
            json!({"tags": {"Compliance": "GDPR"}}),
        );
        let k = classify(&c, &cfg);
        assert!(k.gdpr && !k.pci);
        let c = change(
            "aws_s3_bucket.x",
            Action::Create,
            Value::Null,
            json!({"tags": {"pci": "false"}}),
        );
        assert!(!classify(&c, &cfg).pci);
    }
}
