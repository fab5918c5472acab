//! IAM grants of everything (`iam_wildcard_permissions`, advisory).

use super::*;

// ---- IAM wildcards ----

pub(super) fn iam_check(c: &Change, out: &mut Vec<Finding>, add: &Add) {
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
    if doc.len() > 1_000_000 || crate::engine::plan::json_depth_exceeds(doc.as_bytes(), 32) {
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
