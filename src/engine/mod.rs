/*!
The audit engine: request + plan + approvals + cost estimate in, findings and a decision out.

Stages (each a plain function, testable alone): [`plan`] normalization → [`checks`] (hard and soft
policies from the [`policy`] file) → [`rego`] user policies → [`intent`] deterministic intent
analysis and [`injection`] detection → optional [`advisor`] (local model, advisory) →
[`findings::decide`]. The engine never touches files, keys or USB sticks: callers pass bytes and
typed values in, and `check`, `eval` and the station all call [`evaluate`].
*/
pub mod advisor;
pub mod categories;
pub mod checks;
pub mod classify;
pub mod findings;
pub mod injection;
pub mod intent;
pub mod network;
pub mod plan;
pub mod policy;
pub mod rego;
pub mod summary;

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

pub use findings::{Decision, Disposition, Finding};
pub use plan::{Action, Change, Plan};
pub use policy::PolicySet;

/// What the user asked, as carried in the request document.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Request {
    pub text: String,
    #[serde(default)]
    pub requested_by: Option<String>,
    #[serde(default)]
    pub change_ticket: Option<String>,
}

/// The orchestrator's monthly cost estimate for the plan.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CostEstimate {
    pub monthly_before: f64,
    pub monthly_after: f64,
    #[serde(default = "default_currency")]
    pub currency: String,
}

fn default_currency() -> String {
    "USD".to_string()
}

/// Everything the engine judges. Approvals are the kinds already verified by the caller (the
/// station checks signatures, roles, plan digest and expiry; `check` and `eval` take them as given).
pub struct EngineInput<'a> {
    pub request: &'a Request,
    pub plan: &'a Plan,
    pub approvals: &'a BTreeSet<String>,
    pub cost: Option<&'a CostEstimate>,
    pub policy: &'a PolicySet,
}

/// Per-change scope judgement, deterministic and (when a model ran) the model's.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ChangeScope {
    pub address: String,
    pub action: String,
    pub category: String,
    /// Deterministic analysis: does the request cover this change?
    pub in_scope: bool,
    pub reason: String,
}

/// The model stage's record in an assessment.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ModelReport {
    /// `on`, `off` or `failed`.
    pub status: String,
    pub info: Option<advisor::AdvisorInfo>,
    pub judgements: Vec<advisor::ChangeJudgement>,
    /// Why the stage failed or was off.
    pub note: Option<String>,
}

/// The engine's answer.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Assessment {
    pub decision: Decision,
    /// Sorted approval kinds still missing (non-empty only for `escalate`).
    pub required_approvals: Vec<String>,
    pub findings: Vec<Finding>,
    pub scope: Vec<ChangeScope>,
    /// Plain-language summary for the requester and the operator.
    pub summary: summary::Summary,
    pub policy_sha256: String,
    pub model: ModelReport,
}
