/*!
Findings, dispositions and the decision rule (DESIGN.md "Findings and decisions", normative).

Every stage of the engine, and the local model, only ever *adds* findings; the decision is a pure
function of the final list plus the set of approval kinds that arrived validly signed.
*/
use std::collections::BTreeSet;
use std::fmt;

use serde::{Deserialize, Serialize};

/// Built-in finding ids: the normative table's, then the two the engine adds besides it. Kept as
/// constants so a typo is a compile error.
pub mod ids {
    pub const PRODUCTION_CHANGE_REQUIRES_TICKET: &str = "production_change_requires_ticket";
    pub const DELETION_REQUIRES_CONFIRMATION: &str = "deletion_requires_confirmation";
    pub const NO_PUBLIC_PRODUCTION_ACCESS: &str = "no_public_production_access";
    pub const PUBLIC_EXPOSURE_REQUIRES_SECURITY_REVIEW: &str =
        "public_exposure_requires_security_review";
    pub const COST_THRESHOLD_APPROVAL: &str = "cost_threshold_approval";
    pub const NO_AUDIT_MODIFICATION: &str = "no_audit_modification";
    pub const PCI_BASELINE_REQUIREMENTS: &str = "pci_baseline_requirements";
    pub const GDPR_DATA_RESIDENCY: &str = "gdpr_data_residency";
    pub const INVALID_PLAN: &str = "invalid_plan";
    pub const SCOPE_CREEP: &str = "scope_creep";
    pub const MISSING_ACTION: &str = "missing_action";
    pub const PROMPT_INJECTION_SUSPECTED: &str = "prompt_injection_suspected";
    pub const ENABLE_ENCRYPTION_BY_DEFAULT: &str = "enable_encryption_by_default";
    pub const REQUIRED_TAGS: &str = "required_tags";
    pub const USE_RESERVED_INSTANCES: &str = "use_reserved_instances";
    pub const INTENT_UNCLEAR: &str = "intent_unclear";
    pub const LLM_INTENT_CONCERN: &str = "llm_intent_concern";
    /// IAM policy granting `Action: "*"` on `Resource: "*"` (or an owner-level role). Default warn.
    pub const IAM_WILDCARD_PERMISSIONS: &str = "iam_wildcard_permissions";
    /// A user (Rego) policy that failed to evaluate. Veto by default (fail closed).
    pub const USER_POLICY_ERROR: &str = "user_policy_error";
}

/// Everything fixed about one built-in finding id, in one place: its default disposition, the
/// words the plain-language summary and the text report use for it, and what a results viewer
/// (SARIF rule, JUnit test, `docs/findings.md`) says about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FindingInfo {
    pub id: &'static str,
    /// One short line (SARIF `shortDescription`).
    pub title: &'static str,
    /// What the finding means (SARIF `fullDescription`).
    pub meaning: &'static str,
    /// What to do about it (SARIF `help`).
    pub help: &'static str,
    /// GitHub code scanning's `security-severity`: 9.0+ critical, 7.0 high, 4.0 medium, 0.1 low.
    pub security_severity: &'static str,
    /// Result viewer tags (at most 10: GitHub shows no more per rule).
    pub tags: &'static [&'static str],
    /// What the finding does to the decision unless the policy file's `[dispositions]` says
    /// otherwise (DESIGN.md table).
    pub default_disposition: DefaultDisposition,
    /// The finding's group heading in the plain-language summary (`engine::summary`).
    pub label: &'static str,
    /// What a plan-wide finding (one with no resource) is about, as the text report names it.
    pub plan_wide_subject: &'static str,
    /// Why the text report marks a change with this finding; `None`: the finding's own message
    /// says it best.
    pub reason: Option<&'static str>,
}

/// A default disposition as the catalog writes it ([`Disposition`] owns its approval kind).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DefaultDisposition {
    Veto,
    Approval(&'static str),
    Warn,
}

impl DefaultDisposition {
    pub fn to_disposition(self) -> Disposition {
        match self {
            DefaultDisposition::Veto => Disposition::Veto,
            DefaultDisposition::Approval(kind) => Disposition::Approval(kind.to_string()),
            DefaultDisposition::Warn => Disposition::Warn,
        }
    }
}

/// Every built-in finding id, in the order of the normative table (DESIGN.md). Rego findings
/// (`rego:<package>.<rule>`) are the policy author's and are described by [`describe`].
pub const CATALOG: &[FindingInfo] = &[
    FindingInfo {
        id: ids::PRODUCTION_CHANGE_REQUIRES_TICKET,
        title: "A production change needs a change ticket",
        meaning: "The plan changes a resource marked as production and the request carries no change ticket.",
        help: "Add the change ticket to the request, or have a change manager sign a change_ticket approval of this plan.",
        security_severity: "4.0",
        tags: &["security", "change-management", "production"],
        default_disposition: DefaultDisposition::Approval("change_ticket"),
        label: "production change without a ticket",
        plan_wide_subject: "The plan as a whole",
        reason: Some("it changes production"),
    },
    FindingInfo {
        id: ids::DELETION_REQUIRES_CONFIRMATION,
        title: "Destroying a resource needs a deletion confirmation",
        meaning: "The plan deletes or replaces a resource; data or service held by it may be lost.",
        help: "If the deletion is intended, have the requester or a manager sign a deletion_confirmation approval of this plan; otherwise change the plan so it keeps the resource.",
        security_severity: "5.0",
        tags: &["security", "data-loss", "deletion"],
        default_disposition: DefaultDisposition::Approval("deletion_confirmation"),
        label: "resources destroyed",
        plan_wide_subject: "The plan as a whole",
        reason: Some("it destroys something that exists"),
    },
    FindingInfo {
        id: ids::NO_PUBLIC_PRODUCTION_ACCESS,
        title: "No ingress from the whole internet to production",
        meaning: "The plan opens a production resource to the whole internet (0.0.0.0/0 or ::/0, or ranges that add up to it).",
        help: "Restrict the source to known address ranges or a load balancer's security group; no approval can cure this.",
        security_severity: "9.0",
        tags: &["security", "network", "exposure", "production"],
        default_disposition: DefaultDisposition::Veto,
        label: "internet access to production",
        plan_wide_subject: "The plan as a whole",
        reason: Some("it would let anyone on the internet reach a production system"),
    },
    FindingInfo {
        id: ids::PUBLIC_EXPOSURE_REQUIRES_SECURITY_REVIEW,
        title: "Ingress from the whole internet needs a security review",
        meaning: "The plan opens a non-production resource to the whole internet.",
        help: "Restrict the source ranges, or have security sign a security approval of this plan.",
        security_severity: "7.0",
        tags: &["security", "network", "exposure"],
        default_disposition: DefaultDisposition::Approval("security"),
        label: "open to the whole internet",
        plan_wide_subject: "The plan as a whole",
        reason: Some("anyone on the internet could reach it"),
    },
    FindingInfo {
        id: ids::COST_THRESHOLD_APPROVAL,
        title: "A monthly cost increase over the threshold needs finance",
        meaning: "The orchestrator's cost estimate rises by more than the policy's monthly threshold.",
        help: "Have finance sign a finance approval of this plan, or make the plan cheaper.",
        security_severity: "2.0",
        tags: &["cost", "finance"],
        default_disposition: DefaultDisposition::Approval("finance"),
        label: "cost increase over the threshold",
        plan_wide_subject: "Cost",
        reason: None,
    },
    FindingInfo {
        id: ids::NO_AUDIT_MODIFICATION,
        title: "Audit and logging infrastructure must not be weakened",
        meaning: "The plan changes, deletes or disables audit trails, flow logs or log storage.",
        help: "Leave the audit resources out of the plan; changes to them go through a separate, reviewed process.",
        security_severity: "9.0",
        tags: &["security", "audit", "logging"],
        default_disposition: DefaultDisposition::Veto,
        label: "audit or logging weakened",
        plan_wide_subject: "The plan as a whole",
        reason: Some("it would weaken or remove audit logging"),
    },
    FindingInfo {
        id: ids::PCI_BASELINE_REQUIREMENTS,
        title: "PCI resources need encryption, logging and no public access",
        meaning: "A resource in PCI scope lacks encryption at rest, logging, or is publicly reachable.",
        help: "Enable encryption and logging and remove public access on the PCI resource.",
        security_severity: "8.0",
        tags: &["security", "compliance", "pci-dss"],
        default_disposition: DefaultDisposition::Veto,
        label: "PCI baseline not met",
        plan_wide_subject: "The plan as a whole",
        reason: Some("it breaks the security baseline for payment-card (PCI) systems"),
    },
    FindingInfo {
        id: ids::GDPR_DATA_RESIDENCY,
        title: "GDPR data must stay in EU regions",
        meaning: "A resource holding GDPR data is placed, or replicated, outside the policy's EU regions.",
        help: "Place the resource and its replicas in one of the EU regions the policy lists.",
        security_severity: "8.0",
        tags: &["security", "compliance", "gdpr", "residency"],
        default_disposition: DefaultDisposition::Veto,
        label: "GDPR data outside the EU",
        plan_wide_subject: "The plan as a whole",
        reason: Some("it could keep personal data covered by GDPR outside the EU"),
    },
    FindingInfo {
        id: ids::INVALID_PLAN,
        title: "The plan must be a complete, error-free Terraform plan",
        meaning: "The plan could not be read, or Terraform marked it errored or incomplete.",
        help: "Produce the plan again with `terraform plan -out tfplan` and `terraform show -json tfplan`, and resubmit.",
        security_severity: "5.0",
        tags: &["correctness", "plan"],
        default_disposition: DefaultDisposition::Veto,
        label: "the plan is not valid",
        plan_wide_subject: "The plan itself",
        reason: None,
    },
    FindingInfo {
        id: ids::SCOPE_CREEP,
        title: "The plan changes something the request did not ask for",
        meaning: "A change in the plan is outside what the request asked for.",
        help: "Remove the change from the plan, or say in the request that it is wanted.",
        security_severity: "7.0",
        tags: &["security", "intent", "scope"],
        default_disposition: DefaultDisposition::Veto,
        label: "changes the request does not cover",
        plan_wide_subject: "The plan as a whole",
        reason: Some("you did not ask for this"),
    },
    FindingInfo {
        id: ids::MISSING_ACTION,
        title: "The plan omits something the request asked for",
        meaning: "The request asks for something the plan does not do.",
        help: "Add the missing change to the plan, or narrow the request.",
        security_severity: "3.0",
        tags: &["correctness", "intent"],
        default_disposition: DefaultDisposition::Veto,
        label: "requested work the plan does not do",
        plan_wide_subject: "Something you asked for",
        reason: None,
    },
    FindingInfo {
        id: ids::PROMPT_INJECTION_SUSPECTED,
        title: "Text tries to steer the auditor",
        meaning: "Text in the request or the plan addresses the auditor or tries to change its instructions.",
        help: "Remove the instructions aimed at the auditor from the request and the plan's values, and find out how they got there.",
        security_severity: "9.5",
        tags: &["security", "prompt-injection"],
        default_disposition: DefaultDisposition::Veto,
        label: "text that tries to steer the auditor",
        plan_wide_subject: "The request or plan text",
        reason: Some("it carries text that tries to instruct the auditor"),
    },
    FindingInfo {
        id: ids::ENABLE_ENCRYPTION_BY_DEFAULT,
        title: "Storage must be encrypted at rest",
        meaning: "A storage resource is created or changed without encryption at rest.",
        help: "Turn on encryption at rest for the resource, or have a reviewer (security, a manager or change management) sign a human_review approval.",
        security_severity: "6.0",
        tags: &["security", "encryption"],
        default_disposition: DefaultDisposition::Approval("human_review"),
        label: "storage not encrypted at rest",
        plan_wide_subject: "The plan as a whole",
        reason: Some("its data would not be encrypted at rest"),
    },
    FindingInfo {
        id: ids::REQUIRED_TAGS,
        title: "Taggable resources need the required tags",
        meaning: "A taggable resource lacks one of the tags the policy requires (by default Owner, Environment and CostCenter).",
        help: "Add the missing tags to the resource, or have a reviewer (security, a manager or change management) sign a human_review approval.",
        security_severity: "1.0",
        tags: &["governance", "tagging"],
        default_disposition: DefaultDisposition::Approval("human_review"),
        label: "required tags missing",
        plan_wide_subject: "The plan as a whole",
        reason: Some("it lacks the Owner, Environment or CostCenter tag"),
    },
    FindingInfo {
        id: ids::USE_RESERVED_INSTANCES,
        title: "Long-running compute could be reserved",
        meaning: "Compute sized for long-running work is bought on demand.",
        help: "Consider reserved capacity or a savings plan; this never blocks.",
        security_severity: "0.1",
        tags: &["cost"],
        default_disposition: DefaultDisposition::Warn,
        label: "on-demand compute that could be reserved",
        plan_wide_subject: "The plan as a whole",
        reason: Some("a reservation would cost less"),
    },
    FindingInfo {
        id: ids::INTENT_UNCLEAR,
        title: "A change could not be matched with the request, nor shown to be outside it",
        meaning: "The deterministic analysis could neither tie a change to the request nor show it is outside it.",
        help: "A reviewer (security, a manager or change management) reads the change and signs a human_review approval if it belongs to the request; or reword the request to name it.",
        security_severity: "4.0",
        tags: &["intent", "review"],
        default_disposition: DefaultDisposition::Approval("human_review"),
        label: "not clearly asked for: a person must decide",
        plan_wide_subject: "The plan as a whole",
        reason: Some("it is not clear you asked for this"),
    },
    FindingInfo {
        id: ids::LLM_INTENT_CONCERN,
        title: "The local model doubts a change serves the request",
        meaning: "The local model, asked as an advisor whether the request asked for a change or for something that needs it, confidently answered no, or the model stage failed.",
        help: "A reviewer (security, a manager or change management) reads the change and signs a human_review approval if it belongs to the request.",
        security_severity: "4.0",
        tags: &["intent", "review", "model"],
        default_disposition: DefaultDisposition::Approval("human_review"),
        label: "the local model doubts the intent",
        plan_wide_subject: "The local model",
        reason: Some("the local model doubts you asked for this"),
    },
    FindingInfo {
        id: ids::IAM_WILDCARD_PERMISSIONS,
        title: "An IAM policy grants wildcard permissions",
        meaning: "An IAM policy allows every action or every resource (`*`).",
        help: "Grant the specific actions and resources the workload needs.",
        security_severity: "5.0",
        tags: &["security", "iam", "least-privilege"],
        default_disposition: DefaultDisposition::Warn,
        label: "iam wildcard permissions",
        plan_wide_subject: "The plan as a whole",
        reason: None,
    },
    FindingInfo {
        id: ids::USER_POLICY_ERROR,
        title: "A user Rego policy failed to evaluate",
        meaning: "One of the policy author's Rego policies failed to compile or evaluate, so the plan was not fully checked.",
        help: "Fix the Rego policy (run `airgap-audit rego test DIR`) and audit the plan again.",
        security_severity: "5.0",
        tags: &["policy", "rego"],
        default_disposition: DefaultDisposition::Veto,
        label: "user policy error",
        plan_wide_subject: "The plan as a whole",
        reason: None,
    },
];

/// Every built-in finding id, in catalog order: the ids a policy file may set a disposition for.
pub fn known_ids() -> impl Iterator<Item = &'static str> {
    CATALOG.iter().map(|i| i.id)
}

/// Whether `id` is a built-in finding id (in [`CATALOG`]).
pub fn is_known(id: &str) -> bool {
    CATALOG.iter().any(|i| i.id == id)
}

/// The catalog entry of a built-in finding id.
pub fn find(id: &str) -> Option<&'static FindingInfo> {
    CATALOG.iter().find(|i| i.id == id)
}

/// The default disposition of a finding id: the catalog's, and a veto for any id not in it (a
/// Rego finding, an unknown id): fail closed.
pub fn default_disposition(id: &str) -> Disposition {
    describe(id).default_disposition.to_disposition()
}

/// The catalog entry of a finding id. A Rego finding (`rego:<package>.<rule>`) and any id not in
/// the catalog get a generic entry, so every result can still name a rule.
pub fn describe(id: &str) -> FindingInfo {
    if let Some(info) = find(id) {
        return *info;
    }
    FindingInfo {
        id: "",
        title: "A user (Rego) policy reported a violation",
        meaning: "A rule of the policy author's Rego policies fired; its message says why.",
        help: "Read the rule's message and fix the plan, or ask the policy's author.",
        security_severity: "5.0",
        tags: &["policy", "rego"],
        default_disposition: DefaultDisposition::Veto,
        label: "",
        plan_wide_subject: "The plan as a whole",
        reason: None,
    }
}

/// What a finding does to the decision.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Disposition {
    /// Blocks the plan outright; no approval cures it.
    Veto,
    /// Cured by a valid approval of this kind (`finance`, `security`, `change_ticket`, ...).
    Approval(String),
    /// Reported, never blocks.
    Warn,
}

impl Disposition {
    /// Parses `veto`, `warn` or `approval:<kind>` (the policy file and verdict spelling).
    pub fn parse(s: &str) -> Option<Disposition> {
        match s {
            "veto" => Some(Disposition::Veto),
            "warn" => Some(Disposition::Warn),
            _ => {
                let kind = s.strip_prefix("approval:")?;
                let ok = !kind.is_empty()
                    && kind
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
                ok.then(|| Disposition::Approval(kind.to_string()))
            }
        }
    }
}

impl fmt::Display for Disposition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Disposition::Veto => f.write_str("veto"),
            Disposition::Warn => f.write_str("warn"),
            Disposition::Approval(kind) => write!(f, "approval:{kind}"),
        }
    }
}

impl Serialize for Disposition {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Disposition {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Disposition::parse(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown disposition {s:?}")))
    }
}

/// One result of one check.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Finding {
    pub id: String,
    pub disposition: Disposition,
    /// Resource address the finding is about; `None` for plan- or request-wide findings.
    pub resource: Option<String>,
    /// One sentence a human can act on. Never contains sensitive values.
    pub message: String,
}

impl Finding {
    pub fn new(
        id: &str,
        disposition: Disposition,
        resource: Option<&str>,
        message: impl Into<String>,
    ) -> Finding {
        Finding {
            id: id.to_string(),
            disposition,
            resource: resource.map(str::to_string),
            message: message.into(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Decision {
    Approve,
    Escalate,
    Veto,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Approve => "approve",
            Decision::Escalate => "escalate",
            Decision::Veto => "veto",
        }
    }

    pub fn parse(s: &str) -> Option<Decision> {
        match s {
            "approve" => Some(Decision::Approve),
            "escalate" => Some(Decision::Escalate),
            "veto" => Some(Decision::Veto),
            _ => None,
        }
    }

    /// Exit code shared by `check` and documented in the README: 0 approve, 1 escalate, 3 veto.
    pub fn exit_code(self) -> u8 {
        match self {
            Decision::Approve => 0,
            Decision::Escalate => 1,
            Decision::Veto => 3,
        }
    }
}

impl fmt::Display for Decision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The decision rule: veto if any veto finding; else escalate if any approval finding is not
/// cured by a granted approval kind; else approve. Returns the decision and the sorted set of
/// missing approval kinds.
pub fn decide(findings: &[Finding], granted: &BTreeSet<String>) -> (Decision, Vec<String>) {
    if findings.iter().any(|f| f.disposition == Disposition::Veto) {
        return (Decision::Veto, Vec::new());
    }
    let missing = approvals_still_needed(findings, granted);
    if missing.is_empty() {
        (Decision::Approve, Vec::new())
    } else {
        (Decision::Escalate, missing)
    }
}

/// The one rule for required approvals that every output states (issue 12): the sorted approval
/// kinds the plan needs and lacks, whether or not it is blocked, i.e. what would still be needed
/// once the blocks are fixed. Under `escalate` it equals the decision's missing kinds; under
/// `veto` the verdict's `required_approvals` stays empty (normative), and this says what a
/// corrected plan with the same changes would also need.
pub fn approvals_still_needed(findings: &[Finding], granted: &BTreeSet<String>) -> Vec<String> {
    let missing: BTreeSet<&String> = findings
        .iter()
        .filter_map(|f| match &f.disposition {
            Disposition::Approval(kind) if !granted.contains(kind) => Some(kind),
            _ => None,
        })
        .collect();
    missing.into_iter().cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(id: &str, d: &str) -> Finding {
        Finding::new(id, Disposition::parse(d).unwrap(), None, "m")
    }

    #[test]
    fn catalog_describes_exactly_the_known_finding_ids() {
        let catalog: Vec<&str> = known_ids().collect();
        let unique: BTreeSet<&str> = catalog.iter().copied().collect();
        assert_eq!(unique.len(), catalog.len(), "an id is listed twice");
        assert!(catalog.iter().all(|id| is_known(id)));
        assert!(!is_known("rego:x.y"));
        for info in CATALOG {
            let severity: f64 = info.security_severity.parse().unwrap();
            assert!((0.1..=10.0).contains(&severity), "{}", info.id);
            assert!(
                !info.tags.is_empty() && info.tags.len() <= 10,
                "{}",
                info.id
            );
        }
    }

    #[test]
    fn ids_outside_the_catalog_default_to_a_veto() {
        assert_eq!(default_disposition("rego:main.deny"), Disposition::Veto);
        assert_eq!(default_disposition("no_such_id"), Disposition::Veto);
        assert_eq!(
            default_disposition(ids::COST_THRESHOLD_APPROVAL),
            Disposition::Approval("finance".into())
        );
        assert_eq!(
            default_disposition(ids::USE_RESERVED_INSTANCES),
            Disposition::Warn
        );
        for info in CATALOG {
            assert!(
                !info.label.is_empty() && !info.plan_wide_subject.is_empty(),
                "{}",
                info.id
            );
        }
    }

    #[test]
    fn veto_wins_over_everything() {
        let granted = BTreeSet::from(["finance".to_string()]);
        let (d, missing) = decide(&[f("a", "approval:finance"), f("b", "veto")], &granted);
        assert_eq!(d, Decision::Veto);
        assert!(missing.is_empty());
    }

    #[test]
    fn approvals_a_blocked_plan_would_still_need_are_stated_despite_the_veto() {
        let granted = BTreeSet::from(["finance".to_string()]);
        let findings = [
            f("a", "approval:finance"),
            f("b", "veto"),
            f("c", "approval:security"),
            f("d", "approval:change_ticket"),
            f("e", "approval:security"),
        ];
        assert_eq!(decide(&findings, &granted).1, Vec::<String>::new());
        assert_eq!(
            approvals_still_needed(&findings, &granted),
            ["change_ticket", "security"]
        );
        // Without the veto, the rule and the decision's missing kinds agree.
        let unblocked: Vec<Finding> = findings.iter().filter(|x| x.id != "b").cloned().collect();
        assert_eq!(
            decide(&unblocked, &granted).1,
            approvals_still_needed(&unblocked, &granted)
        );
    }

    #[test]
    fn missing_approvals_are_sorted_and_deduplicated() {
        let (d, missing) = decide(
            &[
                f("a", "approval:security"),
                f("b", "approval:finance"),
                f("c", "approval:security"),
                f("d", "warn"),
            ],
            &BTreeSet::new(),
        );
        assert_eq!(d, Decision::Escalate);
        assert_eq!(missing, vec!["finance", "security"]);
    }

    #[test]
    fn cured_and_warn_only_approves() {
        let granted = BTreeSet::from(["finance".to_string()]);
        let (d, _) = decide(&[f("a", "approval:finance"), f("w", "warn")], &granted);
        assert_eq!(d, Decision::Approve);
    }

    #[test]
    fn disposition_round_trips_and_rejects_junk() {
        for s in ["veto", "warn", "approval:human_review"] {
            assert_eq!(Disposition::parse(s).unwrap().to_string(), s);
        }
        for s in ["", "approval:", "approval:Finance", "block", "approval:a b"] {
            assert!(Disposition::parse(s).is_none(), "{s}");
        }
    }
}
