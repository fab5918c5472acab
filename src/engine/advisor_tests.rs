//! How the model's yes/no answers feed the findings (`run_advisor`): the model only ever adds a
//! concern or escalates, never approves or vetoes on its own. The answers are replayed (a model's
//! answers are the only input of this mapping); the real model's answers are covered by
//! `tests/llm_model.rs`.
use std::collections::BTreeSet;

use serde_json::json;

use super::advisor::{AdvisorInfo, ChangeFacts, ChangeJudgement, IntentAdvisor, IntentLabel};
use super::findings::ids;
use super::testing::{create, plan_with};
use super::{evaluate, Assessment, Decision, EngineInput, PolicySet, Request};

const THRESHOLD: f64 = 0.6;

/// Gives each change the answer listed for its address (in scope at 0.9 when not listed).
struct ReplayedAnswers(Vec<(&'static str, IntentLabel, f64)>);

impl IntentAdvisor for ReplayedAnswers {
    fn info(&self) -> AdvisorInfo {
        AdvisorInfo {
            model_sha256: "00".repeat(32),
            prompt_version: "replayed".to_string(),
            grammar_version: "replayed".to_string(),
            sampling: "replayed answers".to_string(),
            concern_threshold: THRESHOLD,
        }
    }

    fn judge(&mut self, _: &str, changes: &[ChangeFacts]) -> Result<Vec<ChangeJudgement>, String> {
        Ok(changes
            .iter()
            .map(|c| {
                let (label, confidence) = self
                    .0
                    .iter()
                    .find(|(a, _, _)| *a == c.address)
                    .map_or((IntentLabel::InScope, 0.9), |(_, l, p)| (*l, *p));
                ChangeJudgement {
                    address: c.address.clone(),
                    label,
                    confidence,
                }
            })
            .collect())
    }
}

const QUEUE: &str = "aws_sqs_queue.orders";
const EXTRA: &str = "aws_sqs_queue.prod_billing";

fn tags(environment: &str) -> serde_json::Value {
    json!({"Owner": "team", "Environment": environment, "CostCenter": "42"})
}

/// A staging queue that was asked for, optionally with a production queue nobody asked for.
fn assess(request: &str, with_extra: bool, answers: &mut ReplayedAnswers) -> Assessment {
    let mut changes = vec![create(
        QUEUE,
        json!({"name": "staging-orders", "tags": tags("staging")}),
    )];
    if with_extra {
        changes.push(create(
            EXTRA,
            json!({"name": "prod-billing", "tags": tags("production")}),
        ));
    }
    let plan = plan_with(changes, json!({}));
    let request = Request {
        text: request.to_string(),
        ..Request::default()
    };
    let approvals = BTreeSet::new();
    let policy = PolicySet::default();
    let input = EngineInput {
        request: &request,
        plan: &plan,
        approvals: &approvals,
        cost: None,
        policy: &policy,
    };
    evaluate(&input, Some(answers))
}

fn concerns(a: &Assessment) -> Vec<&str> {
    a.findings
        .iter()
        .filter(|f| f.id == ids::LLM_INTENT_CONCERN)
        .filter_map(|f| f.resource.as_deref())
        .collect()
}

const ASK: &str = "Create an SQS queue for staging orders";

#[test]
fn a_confident_no_adds_a_concern_that_a_person_must_clear() {
    let without = assess(ASK, false, &mut ReplayedAnswers(vec![]));
    assert_eq!(
        without.decision,
        Decision::Approve,
        "{:?}",
        without.findings
    );
    let mut answers = ReplayedAnswers(vec![(QUEUE, IntentLabel::OutOfScope, 0.8)]);
    let with = assess(ASK, false, &mut answers);
    assert_eq!(concerns(&with), vec![QUEUE]);
    assert_eq!(with.decision, Decision::Escalate);
    assert!(with
        .required_approvals
        .contains(&"human_review".to_string()));
}

#[test]
fn a_no_under_the_threshold_is_recorded_but_adds_nothing() {
    let mut answers = ReplayedAnswers(vec![(QUEUE, IntentLabel::OutOfScope, THRESHOLD - 0.01)]);
    let a = assess(ASK, false, &mut answers);
    assert!(concerns(&a).is_empty(), "{:?}", a.findings);
    assert_eq!(a.decision, Decision::Approve);
    assert_eq!(a.model.judgements.len(), 1);
    assert_eq!(a.model.judgements[0].label, IntentLabel::OutOfScope);
}

#[test]
fn a_confident_yes_never_clears_what_the_deterministic_analysis_found() {
    let off = assess(ASK, true, &mut ReplayedAnswers(vec![]));
    assert!(
        off.findings.iter().any(|f| f.id == ids::SCOPE_CREEP),
        "{:?}",
        off.findings
    );
    let mut answers = ReplayedAnswers(vec![(EXTRA, IntentLabel::InScope, 0.99)]);
    let on = assess(ASK, true, &mut answers);
    assert_eq!(on.decision, Decision::Veto);
    assert_eq!(on.decision, off.decision);
    for f in &off.findings {
        assert!(on.findings.contains(f), "the model removed {f:?}");
    }
    assert!(concerns(&on).is_empty());
}

#[test]
fn where_the_analysis_is_unsure_its_finding_carries_the_models_answer() {
    // A request that names nothing leaves every change unclear.
    let mut answers = ReplayedAnswers(vec![(QUEUE, IntentLabel::OutOfScope, 0.73)]);
    let a = assess("apply the changes as planned", false, &mut answers);
    let unclear = a
        .findings
        .iter()
        .find(|f| f.id == ids::INTENT_UNCLEAR && f.resource.as_deref() == Some(QUEUE))
        .unwrap_or_else(|| panic!("no intent_unclear: {:?}", a.findings));
    assert!(
        unclear
            .message
            .ends_with("; the local model judged it not asked for (confidence 0.73)"),
        "{}",
        unclear.message
    );
    assert_ne!(a.decision, Decision::Approve);
}
