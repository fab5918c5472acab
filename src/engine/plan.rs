/*!
Terraform plan loading and normalization: `terraform show -json` bytes in, a typed [`Plan`] out.

Pure: no files, no keys. The parser bounds size and nesting before it allocates, accepts UTF-8 and
UTF-16 (with BOM) plans, and never panics on hostile input. Sensitive values are replaced by a
redaction marker during normalization, so no later stage can leak them.

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
    /// `before` with sensitive leaves replaced by `"(sensitive)"`; `Null` when absent.
    pub before: Value,
    /// `after` with sensitive leaves replaced by `"(sensitive)"`; `Null` when absent.
    pub after: Value,
    /// `after_unknown` as in the plan (`true` leaves mark values known only after apply).
    pub after_unknown: Value,
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
}

/// A difference Terraform found between state and reality (`resource_drift`). Reported, never
/// treated as planned.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Drift {
    pub address: String,
    pub resource_type: String,
    pub action: Action,
}

/// A loaded, normalized plan.
#[derive(Debug, Clone)]
pub struct Plan {
    pub format_version: String,
    pub terraform_version: Option<String>,
    /// `errored: true` in the plan.
    pub errored: bool,
    /// `complete: false` in the plan (absent means complete, for older formats).
    pub complete: bool,
    pub changes: Vec<Change>,
    pub drift: Vec<Drift>,
    /// The plan document as parsed, for user (Rego) policies, which take it as `input`.
    pub document: Value,
}
