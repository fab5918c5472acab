/*!
Findings, dispositions and the decision rule (DESIGN.md "Findings and decisions", normative).

Every stage of the engine, and the local model, only ever *adds* findings; the decision is a pure
function of the final list plus the set of approval kinds that arrived validly signed.
*/
use std::collections::BTreeSet;
use std::fmt;

use serde::{Deserialize, Serialize};

/// Finding ids from the normative table. Kept as constants so a typo is a compile error.
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
