/*!
Scoring `eval` runs: whether one scenario passes (`compare`, the rules of the scenarios' README),
and the tallies of a run ([`Score`]): passes and failures, the confusion matrix of decisions,
harmful approvals and false vetoes, and per-change scope accuracy of the deterministic analysis,
the model and both combined. Pure: scenarios and assessments in, numbers and lines out; the CLI
prints them.
*/
use std::collections::BTreeSet;
use std::path::Path;

use super::scenario::Scenario;
use crate::engine::{self, Assessment, Decision};

/// The decisions in the order of the confusion matrix's rows and columns.
pub const DECISIONS: [Decision; 3] = [Decision::Approve, Decision::Escalate, Decision::Veto];

/// One scenario's outcome, for the JSON and JUnit reports.
pub struct Case {
    pub id: String,
    pub expected: Option<Decision>,
    pub got: Option<Decision>,
    pub failure: Option<String>,
}

/// `None` when the case passes (README rules), else why not, on one line.
pub fn compare(sc: &Scenario, a: &Assessment) -> Option<String> {
    let exp = &sc.expect;
    let ids: BTreeSet<&str> = a.findings.iter().map(|f| f.id.as_str()).collect();
    let mut problems = Vec::new();
    if a.decision != exp.decision {
        problems.push(format!("expected {}, got {}", exp.decision, a.decision));
    }
    if exp.decision == Decision::Escalate {
        if let Some(req) = &exp.required_approvals {
            let want: BTreeSet<&str> = req.iter().map(String::as_str).collect();
            let got: BTreeSet<&str> = a.required_approvals.iter().map(String::as_str).collect();
            if want != got {
                problems.push(format!(
                    "expected approvals [{}], got [{}]",
                    join(&want),
                    join(&got)
                ));
            }
        }
    }
    let missing: BTreeSet<&str> = exp
        .findings_include
        .iter()
        .map(String::as_str)
        .filter(|id| !ids.contains(id))
        .collect();
    if !missing.is_empty() {
        problems.push(format!("missing findings [{}]", join(&missing)));
    }
    let unexpected: BTreeSet<&str> = exp
        .findings_exclude
        .iter()
        .map(String::as_str)
        .filter(|id| ids.contains(id))
        .collect();
    if !unexpected.is_empty() {
        problems.push(format!("unexpected findings [{}]", join(&unexpected)));
    }
    if problems.is_empty() {
        return None;
    }
    // Say what the engine did find, so the line is enough to start debugging.
    let found: Vec<String> = a
        .findings
        .iter()
        .map(|f| format!("{}@{}", f.id, f.resource.as_deref().unwrap_or("plan")))
        .collect();
    Some(format!(
        "{} (decision {}, findings: {})",
        problems.join("; "),
        a.decision,
        if found.is_empty() {
            "none".to_string()
        } else {
            found.join(", ")
        }
    ))
}

fn join(set: &BTreeSet<&str>) -> String {
    set.iter().copied().collect::<Vec<_>>().join(", ")
}

/// Per-change "out of scope" predictions against labels ("out of scope" is the positive class).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ScopeTally {
    pub true_out: u32,
    pub false_out: u32,
    pub true_in: u32,
    pub false_in: u32,
}

impl ScopeTally {
    pub fn add(&mut self, predicted_out: bool, labelled_out: bool) {
        match (predicted_out, labelled_out) {
            (true, true) => self.true_out += 1,
            (true, false) => self.false_out += 1,
            (false, false) => self.true_in += 1,
            (false, true) => self.false_in += 1,
        }
    }

    /// Changes predicted right.
    pub fn right(&self) -> u32 {
        self.true_out + self.true_in
    }

    pub fn line(&self, name: &str) -> String {
        let total = self.true_out + self.false_out + self.true_in + self.false_in;
        let pct = |n: u32, d: u32| {
            if d == 0 {
                "n/a".to_string()
            } else {
                format!("{:.1}%", 100.0 * n as f64 / d as f64)
            }
        };
        format!(
            "  {name:<14} accuracy {:>6} ({}/{total})  out-of-scope precision {:>6}  recall {:>6}  [tp {} fp {} tn {} fn {}]",
            pct(self.true_out + self.true_in, total),
            self.true_out + self.true_in,
            pct(self.true_out, self.true_out + self.false_out),
            pct(self.true_out, self.true_out + self.false_in),
            self.true_out,
            self.false_out,
            self.true_in,
            self.false_in
        )
    }
}

/// Everything eval prints after the failure lines. New rows (another advisor, another metric) go
/// in as another [`ScopeTally`] here and a line in the text report.
#[derive(Debug, Default)]
pub struct Score {
    pub passed: u32,
    pub failed: u32,
    /// `matrix[expected][got]`, in [`DECISIONS`] order.
    pub matrix: [[u32; 3]; 3],
    pub deterministic: ScopeTally,
    pub model: ScopeTally,
    pub combined: ScopeTally,
    pub labelled_cases: u32,
    /// Expected veto or escalate, got approve: the judge let a plan through that it should not
    /// have. Listed by id, since every one of them is a defect.
    pub harmful_approvals: Vec<String>,
    /// Expected approve or escalate, got veto: honest work blocked.
    pub false_vetoes: Vec<String>,
    /// Expected approve, got escalate with `intent_unclear` among the findings.
    pub unclear_escalations: Vec<String>,
    /// Labelled out-of-scope changes the model flagged that the deterministic analysis had in
    /// scope (`rescued`) or left unclear (`decided`), and in-scope changes it flagged (`false`).
    pub model_rescued: u32,
    pub model_decided: u32,
    pub model_false: u32,
}

fn decision_index(d: Decision) -> usize {
    DECISIONS.iter().position(|x| *x == d).unwrap_or(0)
}

impl Score {
    pub fn tally(&mut self, sc: &Scenario, a: &Assessment, threshold: Option<f64>) {
        let expected = sc.expect.decision;
        self.matrix[decision_index(expected)][decision_index(a.decision)] += 1;
        if a.decision == Decision::Approve && expected != Decision::Approve {
            self.harmful_approvals.push(sc.id.clone());
        }
        if a.decision == Decision::Veto && expected != Decision::Veto {
            self.false_vetoes.push(sc.id.clone());
        }
        if a.decision == Decision::Escalate
            && expected == Decision::Approve
            && a.findings
                .iter()
                .any(|f| f.id == engine::findings::ids::INTENT_UNCLEAR)
        {
            self.unclear_escalations.push(sc.id.clone());
        }
        let Some(labels) = &sc.expect.out_of_scope else {
            return;
        };
        self.labelled_cases += 1;
        let labelled: BTreeSet<&str> = labels.iter().map(String::as_str).collect();
        // Judge every change the deterministic analysis scoped, plus any labelled address it
        // did not mention (a missed out-of-scope change counts against it).
        let mut seen = BTreeSet::new();
        for s in &a.scope {
            seen.insert(s.address.as_str());
            let truth = labelled.contains(s.address.as_str());
            // Unclear counts as flagged: it stops the plan until a person looks.
            let det = !s.in_scope;
            self.deterministic.add(det, truth);
            if let Some(th) = threshold {
                let model =
                    a.model.judgements.iter().any(|j| {
                        j.address == s.address && j.label.is_concern() && j.confidence >= th
                    });
                self.model.add(model, truth);
                self.combined.add(det || model, truth);
                match (model, truth) {
                    (true, true) if s.in_scope => self.model_rescued += 1,
                    (true, true) if s.unclear => self.model_decided += 1,
                    (true, false) => self.model_false += 1,
                    _ => {}
                }
            }
        }
        for addr in labelled.difference(&seen) {
            let model = threshold.is_some_and(|th| {
                a.model
                    .judgements
                    .iter()
                    .any(|j| j.address == *addr && j.label.is_concern() && j.confidence >= th)
            });
            self.deterministic.add(false, true);
            if threshold.is_some() {
                self.model.add(model, true);
                self.combined.add(model, true);
            }
        }
    }

    /// `eval --format json` (docs/schemas/eval.schema.json).
    pub fn json(
        &self,
        cases: &[Case],
        dir: &Path,
        model_line: &str,
        policy_sha256: &str,
        model_ran: bool,
    ) -> serde_json::Value {
        use serde_json::json;
        let tally = |t: &ScopeTally| json!({"true_out": t.true_out, "false_out": t.false_out, "true_in": t.true_in, "false_in": t.false_in});
        let mut matrix = serde_json::Map::new();
        for (i, d) in DECISIONS.iter().enumerate() {
            let row: serde_json::Map<String, serde_json::Value> = DECISIONS
                .iter()
                .enumerate()
                .map(|(j, g)| (g.as_str().to_string(), json!(self.matrix[i][j])))
                .collect();
            matrix.insert(d.as_str().to_string(), serde_json::Value::Object(row));
        }
        let mut scope = json!({"labelled_scenarios": self.labelled_cases, "deterministic": tally(&self.deterministic)});
        if model_ran {
            scope["model"] = tally(&self.model);
            scope["combined"] = tally(&self.combined);
        }
        json!({
            "format": crate::report::formats::EVAL,
            "folder": dir.display().to_string(),
            "model": model_line,
            "policy_sha256": policy_sha256,
            "scenarios": cases.iter().map(|c| json!({
                "id": c.id,
                "passed": c.failure.is_none(),
                "expected": c.expected,
                "got": c.got,
                "failure": c.failure,
            })).collect::<Vec<_>>(),
            "passed": self.passed,
            "failed": self.failed,
            "harmful_approvals": self.harmful_approvals,
            "false_vetoes": self.false_vetoes,
            "unclear_escalations": self.unclear_escalations,
            "confusion_matrix": matrix,
            "scope": scope,
        })
    }
}
