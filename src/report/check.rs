/*!
What `check` prints, built from its assessments: the text report ([`text`], the `.verdict.txt`
wording plus what `check` knows) and the `airgap-audit/check/v1` JSON document ([`json`]). SARIF
and JUnit are in [`super::sarif`] and [`super::junit`].
*/
use std::collections::BTreeSet;

use super::PlanReport;
use crate::engine::{Assessment, Disposition};

/// `check --format json` (docs/schemas/check.schema.json): for one plan, its assessment with the
/// format tag and the plan's name beside the assessment's fields; for several, the format tag, the
/// most severe decision and one such document per plan under `plans`.
pub fn json(plans: &[PlanReport]) -> serde_json::Value {
    let one = |p: &PlanReport| {
        let mut v = serde_json::json!({
            "format": super::formats::CHECK,
            "plan": p.name,
        });
        if let (Some(obj), Ok(serde_json::Value::Object(fields))) =
            (v.as_object_mut(), serde_json::to_value(p.assessment))
        {
            obj.extend(fields);
        }
        v
    };
    match plans {
        [single] => one(single),
        _ => serde_json::json!({
            "format": super::formats::CHECK,
            "decision": super::worst_decision(plans.iter().map(|p| p.assessment)),
            "plans": plans.iter().map(one).collect::<Vec<_>>(),
        }),
    }
}

/// The text report: the same wording as the `.verdict.txt` ([`super::text`]), then the
/// technical details `check` knows (decision and exit code, policy, model settings).
pub fn text(a: &Assessment) -> String {
    let opinions: Vec<super::text::Opinion> = if a.model.status == "on" {
        a.model
            .judgements
            .iter()
            .map(|j| super::text::Opinion {
                address: &j.address,
                label: j.label,
                confidence_permille: (j.confidence.clamp(0.0, 1.0) * 1000.0).round() as u32,
            })
            .collect()
    } else {
        Vec::new()
    };
    // The approvals `check` was given: the kinds the assessment's findings name and that are
    // not still needed.
    let granted: BTreeSet<String> = a
        .findings
        .iter()
        .filter_map(|f| match &f.disposition {
            Disposition::Approval(k) if !a.approvals_still_needed.contains(k) => Some(k.clone()),
            _ => None,
        })
        .collect();
    let report = super::text::build(&super::text::ReportInput {
        decision: a.decision,
        findings: &a.findings,
        scope: &a.scope,
        summary: &a.summary.lines,
        granted: &granted,
        opinions: &opinions,
        valid_until: None,
        requester_signed_by: None,
    });
    let mut s = report.plain;
    s.push_str("\nTECHNICAL DETAILS\n");
    s.push_str(&format!(
        "Decision: {} (exit code {})\n",
        a.decision,
        a.decision.exit_code()
    ));
    s.push_str(&report.technical);
    s.push_str(&format!("Policy sha256: {}\n", a.policy_sha256));
    match &a.model.info {
        Some(info) => s.push_str(&format!(
            "Local model: {} (model sha256 {}, prompt {}, grammar {}, {}; concerns at {:.0}% confidence)\n",
            a.model.status,
            info.model_sha256,
            info.prompt_version,
            info.grammar_version,
            info.sampling,
            info.concern_threshold * 100.0
        )),
        None => s.push_str(&format!("Local model: {}\n", a.model.status)),
    }
    if let Some(n) = &a.model.note {
        s.push_str(&format!("  note: {n}\n"));
    }
    s
}
