/*!
One planned resource change, typed: what Terraform will do ([`Action`]), to which resource
([`Change`]), and where it runs ([`Classification`]); and the configuration form of a resource
address ([`strip_instance_keys`]). The plan parser ([`super::plan`]) builds these, the
classifier ([`super::classify`]) fills in [`Classification`], and every later stage reads them;
this module sits below all of them and uses none.

TYPES ARE SHARED CONTRACT (engine checks, intent, model stage, verdicts use them). Extend them with
new fields if needed; do not rename or remove fields without updating every user.
*/
use serde_json::Value;

/// What Terraform will do to one resource instance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Create,
    Update,
    Delete,
    /// `["delete","create"]`: destroy first, then create.
    ReplaceDestroyBeforeCreate,
    /// `["create","delete"]`: create first (create_before_destroy), then destroy.
    ReplaceCreateBeforeDestroy,
    Read,
    NoOp,
    /// Removed from state without destroying the object (`removed { lifecycle { destroy = false } }`).
    Forget,
}

impl Action {
    /// True when the real object is destroyed (delete and both replace orders; never `forget`).
    pub fn destroys(self) -> bool {
        matches!(
            self,
            Action::Delete
                | Action::ReplaceDestroyBeforeCreate
                | Action::ReplaceCreateBeforeDestroy
        )
    }

    /// True when the action changes real infrastructure (not read, no-op or forget).
    pub fn mutates(self) -> bool {
        !matches!(self, Action::Read | Action::NoOp | Action::Forget)
    }

    /// True for both replace orders.
    pub fn replaces(self) -> bool {
        matches!(
            self,
            Action::ReplaceDestroyBeforeCreate | Action::ReplaceCreateBeforeDestroy
        )
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Update => "update",
            Action::Delete => "delete",
            Action::ReplaceDestroyBeforeCreate => "replace (destroy then create)",
            Action::ReplaceCreateBeforeDestroy => "replace (create then destroy)",
            Action::Read => "read",
            Action::NoOp => "no-op",
            Action::Forget => "forget",
        }
    }

    /// Maps a plan's `actions` list. `None` for a combination Terraform does not produce.
    pub fn from_actions(actions: &[String]) -> Option<Action> {
        let a: Vec<&str> = actions.iter().map(String::as_str).collect();
        Some(match a.as_slice() {
            ["create"] => Action::Create,
            ["update"] => Action::Update,
            ["delete"] => Action::Delete,
            ["delete", "create"] => Action::ReplaceDestroyBeforeCreate,
            ["create", "delete"] => Action::ReplaceCreateBeforeDestroy,
            ["read"] => Action::Read,
            ["no-op"] => Action::NoOp,
            ["forget"] => Action::Forget,
            // Terraform 1.10+ can plan a replacement whose old object is forgotten rather than
            // destroyed: nothing is destroyed, a new object is created.
            ["create", "forget"] | ["forget", "create"] => Action::Create,
            _ => return None,
        })
    }
}

/// Where a change is deployed and what data rules apply to it (policy conventions applied).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Classification {
    pub production: bool,
    pub pci: bool,
    pub gdpr: bool,
    /// The environment word found (tag value or name token), lower-cased: `prod`, `dev`, `staging`...
    pub environment: Option<String>,
}

/// One planned resource change, normalized.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Change {
    /// Full address, e.g. `module.sg["a"].aws_security_group.this[0]`.
    pub address: String,
    /// Module path (`module.sg["a"]`), `None` for the root module.
    pub module: Option<String>,
    /// `managed` or `data`.
    pub mode: String,
    /// Resource type, e.g. `aws_security_group`.
    pub resource_type: String,
    /// Resource name within its module, e.g. `this`.
    pub name: String,
    /// Provider name as in the plan, e.g. `registry.terraform.io/hashicorp/aws`.
    pub provider: String,
    pub action: Action,
    /// `before` with sensitive leaves replaced by `"(sensitive)"`; `Null` when absent. An AWS
    /// `tags_all` identical to `tags` is dropped (it adds nothing).
    pub before: Value,
    /// `after` with sensitive leaves replaced by `"(sensitive)"`; `Null` when absent. An AWS
    /// `tags_all` identical to `tags` is dropped (it adds nothing).
    pub after: Value,
    /// `after_unknown` as in the plan (`true` leaves mark values known only after apply).
    pub after_unknown: Value,
    /// Sensitivity masks as in the plan; `Null` when they mark nothing sensitive.
    pub before_sensitive: Value,
    pub after_sensitive: Value,
    pub action_reason: Option<String>,
    /// Set when a `moved` block renamed this resource.
    pub previous_address: Option<String>,
    /// Set when this change imports an existing object.
    pub importing: bool,
    /// The resource's own region/location, else its provider configuration's; `None` if unknown.
    pub region: Option<String>,
    pub class: Classification,
    /// Set for a change to a deposed object (a leftover of an interrupted create_before_destroy).
    pub deposed: Option<String>,
}

impl Change {
    /// The values that describe the resource as it will be (or, for a deletion, as it was):
    /// `after` when present, else `before`.
    pub fn current(&self) -> &Value {
        if self.after.is_null() {
            &self.before
        } else {
            &self.after
        }
    }

    /// True when Terraform only knows `after.<key>` after apply.
    pub fn unknown_after(&self, key: &str) -> bool {
        self.after_unknown
            .get(key)
            .is_some_and(|v| v == &Value::Bool(true))
    }

    /// The change's identity (address, module, mode, type, name, provider) with empty values.
    pub(super) fn clone_identity(&self) -> Change {
        Change {
            address: self.address.clone(),
            module: self.module.clone(),
            mode: self.mode.clone(),
            resource_type: self.resource_type.clone(),
            name: self.name.clone(),
            provider: self.provider.clone(),
            action: self.action,
            before: Value::Null,
            after: Value::Null,
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
}

/// `module.a["x"].aws_s3_bucket.b[0]` → `module.a.aws_s3_bucket.b`.
pub fn strip_instance_keys(address: &str) -> String {
    let mut out = String::with_capacity(address.len());
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for c in address.chars() {
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        match c {
            '"' if depth > 0 => in_string = true,
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strip_keys() {
        assert_eq!(
            strip_instance_keys(r#"module.a["x]y"].aws_s3_bucket.b[0]"#),
            "module.a.aws_s3_bucket.b"
        );
        assert_eq!(strip_instance_keys(""), "");
        assert_eq!(
            strip_instance_keys(r#"module.a[0].module.b["x]y"]"#),
            "module.a.module.b"
        );
    }
}
