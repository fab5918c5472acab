/*!
The audit engine: request + plan + approvals + cost estimate in, findings and a decision out.

Stages (each a plain function, testable alone): [`plan`] normalization → [`checks`] (hard and soft
policies from the [`policy`] file) → [`rego`] user policies → [`intent`] deterministic intent
analysis and [`injection`] detection → optional [`advisor`] (local model, advisory) →
[`findings::decide`]. The engine never touches files, keys or USB sticks: callers pass bytes and
typed values in, and `check`, `eval` and the station all call [`evaluate`].
*/
pub mod advisor;
#[cfg(test)]
mod advisor_tests;
pub mod catalog;
pub mod change;
pub mod checks;
pub mod classify;
pub mod execution;
pub mod facts;
pub mod findings;
pub mod injection;
pub mod intent;
pub mod network;
pub mod plan;
pub mod policy;
pub mod redact;
pub mod rego;
pub mod summary;
#[cfg(test)]
mod testing;

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

pub use change::{Action, Change};
pub use facts::change_facts;
pub use findings::{Decision, Disposition, Finding};
pub use plan::Plan;
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
    /// Neither shown to be covered nor shown to be out of scope (`intent_unclear`): a human
    /// decides. Always false when `in_scope` is true. Left out of the JSON when false, so
    /// documents written before the third outcome existed read the same.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unclear: bool,
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
    /// Sorted approval kinds the plan needs and lacks even when it is blocked: what would still
    /// be needed once the blocks are fixed ([`findings::approvals_still_needed`], the one rule
    /// every output states). Equals `required_approvals` unless the decision is `veto`.
    #[serde(default)]
    pub approvals_still_needed: Vec<String>,
    pub findings: Vec<Finding>,
    pub scope: Vec<ChangeScope>,
    /// Plain-language summary for the requester and the operator.
    pub summary: summary::Summary,
    pub policy_sha256: String,
    pub model: ModelReport,
}

/// Runs every stage on one input and fuses the findings into a decision (DESIGN.md "Findings and
/// decisions"). Never fails: a plan Terraform marked errored or incomplete yields `invalid_plan`
/// and the rest is still judged; a failing user policy or model fails closed with a finding.
pub fn evaluate(
    input: &EngineInput,
    advisor: Option<&mut (dyn advisor::IntentAdvisor + '_)>,
) -> Assessment {
    let policy = input.policy;
    let plan = input.plan;
    let mut findings: Vec<Finding> = Vec::new();
    let mut clock = std::time::Instant::now();
    let mut lap = |stage: &str| {
        tracing::debug!(
            stage,
            ms = clock.elapsed().as_millis() as u64,
            "engine stage done"
        );
        clock = std::time::Instant::now();
    };

    if plan.errored || !plan.complete {
        let why = if plan.errored {
            "Terraform reported errors while planning"
        } else {
            "Terraform marked the plan incomplete (more changes would follow)"
        };
        findings.push(Finding::new(
            findings::ids::INVALID_PLAN,
            policy.disposition(findings::ids::INVALID_PLAN),
            None,
            format!("{why}; fix the errors and plan again before asking for approval"),
        ));
    }

    findings.extend(checks::run(input));
    lap("checks");

    if let Some(rego) = &policy.rego {
        if !plan.document_complete {
            findings.push(Finding::new(
                findings::ids::USER_POLICY_ERROR,
                policy.disposition(findings::ids::USER_POLICY_ERROR),
                None,
                "user policies need the whole plan document, but the plan was parsed without it; parse it with this policy set's configuration",
            ));
        }
        match rego.evaluate(&plan.document) {
            Ok(found) => findings.extend(found),
            Err(e) => findings.push(Finding::new(
                findings::ids::USER_POLICY_ERROR,
                policy.disposition(findings::ids::USER_POLICY_ERROR),
                None,
                format!(
                    "user policy could not be evaluated ({e}); the plan cannot be shown to pass it"
                ),
            )),
        }
    }

    lap("rego");
    let intent = intent::analyze(input.request, plan);
    findings.extend(intent.findings);
    let scope = intent.scope;
    lap("intent");
    findings.extend(injection::scan(input.request, plan));
    lap("injection");

    let model = match advisor {
        None => ModelReport {
            status: "off".to_string(),
            info: None,
            judgements: Vec::new(),
            note: Some("no model configured".to_string()),
        },
        Some(adv) => run_advisor(adv, input, &mut findings),
    };

    // Explicit per-id overrides in the policy apply to every stage's findings.
    for f in &mut findings {
        if policy.config.dispositions.contains_key(&f.id) {
            f.disposition = policy.disposition(&f.id);
        }
    }
    let mut seen = BTreeSet::new();
    findings.retain(|f| seen.insert(f.clone()));

    lap("model");
    let (decision, required_approvals) = findings::decide(&findings, input.approvals);
    let approvals_still_needed = findings::approvals_still_needed(&findings, input.approvals);
    let summary = summary::build(input, &findings, &scope, decision, &required_approvals);
    lap("decision and summary");
    Assessment {
        decision,
        required_approvals,
        approvals_still_needed,
        findings,
        scope,
        summary,
        policy_sha256: policy.sha256.clone(),
        model,
    }
}

fn run_advisor(
    adv: &mut dyn advisor::IntentAdvisor,
    input: &EngineInput,
    findings: &mut Vec<Finding>,
) -> ModelReport {
    let info = adv.info();
    let facts = change_facts(input.plan);
    let id = findings::ids::LLM_INTENT_CONCERN;
    let disposition = input.policy.disposition(id);
    if facts.is_empty() {
        return ModelReport {
            status: "on".to_string(),
            info: Some(info),
            judgements: Vec::new(),
            note: Some("no changes to judge".to_string()),
        };
    }
    match adv.judge(&input.request.text, &facts) {
        Ok(judgements) => {
            let mut note = None;
            for fact in &facts {
                match judgements.iter().find(|j| j.address == fact.address) {
                    Some(j) => {
                        let concern =
                            j.label.is_concern() && j.confidence >= info.concern_threshold;
                        // Tie-breaker: where the deterministic analysis could not decide, its
                        // finding carries what the model thought, for the person who decides.
                        for f in findings.iter_mut().filter(|f| {
                            f.id == findings::ids::INTENT_UNCLEAR
                                && f.resource.as_deref() == Some(fact.address.as_str())
                        }) {
                            f.message.push_str(&format!(
                                "; the local model judged it {} (confidence {:.2})",
                                j.label.words(),
                                j.confidence
                            ));
                        }
                        if concern {
                            findings.push(Finding::new(
                                id,
                                disposition.clone(),
                                Some(&fact.address),
                                format!(
                                    "the local model judged this {} {} (confidence {:.2}); a human should confirm it was asked for",
                                    fact.action,
                                    j.label.words(),
                                    j.confidence
                                ),
                            ));
                        }
                    }
                    None => {
                        // Fail closed: a change the model did not judge is not cleared.
                        note = Some("the model returned no judgement for some changes".to_string());
                        findings.push(Finding::new(
                            id,
                            disposition.clone(),
                            Some(&fact.address),
                            "the local model gave no judgement for this change; a human must review its intent",
                        ));
                    }
                }
            }
            ModelReport {
                status: "on".to_string(),
                info: Some(info),
                judgements,
                note,
            }
        }
        Err(reason) => {
            findings.push(Finding::new(
                id,
                disposition,
                None,
                format!("the local model failed ({reason}); a human must review whether the plan matches the request"),
            ));
            ModelReport {
                status: "failed".to_string(),
                info: Some(info),
                judgements: Vec::new(),
                note: Some(reason),
            }
        }
    }
}

/// The assessment for a plan that could not be loaded at all (unparseable, not a plan, over a
/// cap): one `invalid_plan` veto carrying the parser's reason. Used where a verdict must still be
/// written (the station, `eval`); `check` reports such input as a usage error instead.
pub fn evaluate_unloadable(
    request: &Request,
    approvals: &BTreeSet<String>,
    cost: Option<&CostEstimate>,
    policy: &PolicySet,
    reason: &str,
) -> Assessment {
    let empty = Plan {
        format_version: String::new(),
        terraform_version: None,
        errored: false,
        complete: true,
        changes: Vec::new(),
        drift: Vec::new(),
        document: serde_json::Value::Null,
        document_complete: false,
    };
    let input = EngineInput {
        request,
        plan: &empty,
        approvals,
        cost,
        policy,
    };
    let findings = vec![Finding::new(
        findings::ids::INVALID_PLAN,
        policy.disposition(findings::ids::INVALID_PLAN),
        None,
        format!("the plan could not be loaded: {reason}"),
    )];
    let (decision, required_approvals) = findings::decide(&findings, approvals);
    let approvals_still_needed = findings::approvals_still_needed(&findings, approvals);
    let summary = summary::build(&input, &findings, &[], decision, &required_approvals);
    Assessment {
        decision,
        required_approvals,
        approvals_still_needed,
        findings,
        scope: Vec::new(),
        summary,
        policy_sha256: policy.sha256.clone(),
        model: ModelReport {
            status: "off".to_string(),
            info: None,
            judgements: Vec::new(),
            note: Some("no plan to judge".to_string()),
        },
    }
}
