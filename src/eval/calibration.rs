/*!
The model alone on labelled scenarios, for `model calibrate` and `model bench`: each scenario
reduced to what the model sees ([`ModelCase`]), one case judged with the label probabilities
([`judge_case`], feature `llm`), the calibrated concern threshold and the per-change scope
accuracy of a run ([`summarize`]), and the bundles the benchmark times ([`bench_bundles`]).
*/
use std::collections::BTreeSet;
use std::path::Path;

use anyhow::anyhow;

use super::scenario::{self, LoadError};
use crate::engine::advisor::{ChangeFacts, ChangeJudgement};
use crate::engine::{self, Decision, PolicySet};

/// One scenario reduced to what the model sees, plus its labels.
#[derive(Debug, Clone)]
pub struct ModelCase {
    pub id: String,
    pub decision: Decision,
    pub request: String,
    /// Empty when the plan does not parse (the engine vetoes it; the model never sees it).
    pub facts: Vec<ChangeFacts>,
    pub out_of_scope: Option<BTreeSet<String>>,
}

/// What the labels say about one planned change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Truth {
    LabelledOut,
    LabelledIn,
    Unlabelled,
}

impl Truth {
    pub fn as_str(self) -> &'static str {
        match self {
            Truth::LabelledOut => "labelled out",
            Truth::LabelledIn => "labelled in",
            Truth::Unlabelled => "unlabelled",
        }
    }
}

impl ModelCase {
    /// The label of the change at `address`.
    pub fn truth(&self, address: &str) -> Truth {
        match &self.out_of_scope {
            Some(oos) if oos.contains(address) => Truth::LabelledOut,
            Some(_) => Truth::LabelledIn,
            None => Truth::Unlabelled,
        }
    }
}

/// Every scenario of `dir` ([`scenario::files`]) as a [`ModelCase`], plans parsed under the
/// default policy. A file that cannot be read or parsed stops the run (its path leads the line).
pub fn load_cases(dir: &Path) -> anyhow::Result<Vec<ModelCase>> {
    let policy = PolicySet::default();
    let mut out = Vec::new();
    for path in scenario::files(dir)? {
        let sc = scenario::read(&path).map_err(|e| match e {
            LoadError::Scenario(e) => anyhow!("{}: {e}", path.display()),
            e => anyhow!(e),
        })?;
        let facts = match scenario::load_plan(&path, &sc, &policy.config)? {
            Ok(p) => engine::change_facts(&p),
            Err(_) => Vec::new(),
        };
        out.push(ModelCase {
            id: sc.id,
            decision: sc.expect.decision,
            request: sc.request.text,
            facts,
            out_of_scope: sc.expect.out_of_scope.map(|v| v.into_iter().collect()),
        });
    }
    Ok(out)
}

/// One case's judgements, with the raw label probabilities of each change (before contextual
/// calibration), in [`crate::llm::grammar::LABELS`] order.
#[derive(Debug, Clone)]
pub struct CaseJudgement {
    pub judgements: Vec<ChangeJudgement>,
    pub raw: Vec<[f64; crate::llm::grammar::N_LABELS]>,
}

/// Judges `case` with the model. The error is one line naming the case.
#[cfg(feature = "llm")]
pub fn judge_case(
    advisor: &mut crate::llm::llama::LlamaAdvisor,
    case: &ModelCase,
) -> anyhow::Result<CaseJudgement> {
    use crate::engine::advisor::IntentAdvisor;
    let judgements = advisor
        .judge(&case.request, &case.facts)
        .map_err(|e| anyhow!("{}: {e}", case.id))?;
    let raw = advisor.last_probabilities().0.to_vec();
    Ok(CaseJudgement { judgements, raw })
}

/// Predicted against labelled truth, "out of scope" being the positive class.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Confusion {
    pub true_out: u32,
    pub false_out: u32,
    pub true_in: u32,
    pub false_in: u32,
}

impl Confusion {
    fn add(&mut self, predicted_out: bool, labelled_out: bool) {
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
}

/// What a calibration run concludes.
#[derive(Debug, Clone, PartialEq)]
pub struct Calibration {
    /// The highest concern confidence on any case a human lets through (not `veto`), and where
    /// (`<case id> <address>`; `None` when there was no concern there).
    pub max_pass: f64,
    pub max_case: Option<String>,
    /// The threshold the method of [`crate::llm::DEFAULT_CONCERN_THRESHOLD`] gives.
    pub suggested: f64,
    /// Judged changes of labelled cases.
    pub labelled_changes: u32,
    /// The model's labels as they are.
    pub raw: Confusion,
    /// Concerns counted only at or over the threshold.
    pub at_threshold: Confusion,
}

/// The calibration of a run: `judged` pairs each case with its judgements, scope scored at
/// `threshold`.
pub fn summarize(judged: &[(&ModelCase, Vec<ChangeJudgement>)], threshold: f64) -> Calibration {
    let mut max_pass = 0.0f64;
    let mut max_case = None;
    for (case, js) in judged {
        if case.decision == Decision::Veto {
            continue;
        }
        for j in js {
            if j.label.is_concern() && j.confidence > max_pass {
                max_pass = j.confidence;
                max_case = Some(format!("{} {}", case.id, j.address));
            }
        }
    }
    // Method of `llm::DEFAULT_CONCERN_THRESHOLD`: the maximum plus a 0.05 margin, rounded up,
    // and never under the floor.
    let suggested =
        (((max_pass + 0.05) * 100.0).ceil() / 100.0).max(crate::llm::MIN_CONCERN_THRESHOLD);
    let (mut raw, mut at_threshold, mut labelled_changes) =
        (Confusion::default(), Confusion::default(), 0u32);
    for (case, js) in judged {
        let Some(oos) = &case.out_of_scope else {
            continue;
        };
        for j in js {
            let truth = oos.contains(&j.address);
            raw.add(j.label.is_concern(), truth);
            at_threshold.add(j.label.is_concern() && j.confidence >= threshold, truth);
            labelled_changes += 1;
        }
    }
    Calibration {
        max_pass,
        max_case,
        suggested,
        labelled_changes,
        raw,
        at_threshold,
    }
}

/// The benchmark's bundles: the scenarios whose ids start with `seed-1` and `seed-2`, and a
/// 50-change plan made of every case's changes in turn.
pub fn bench_bundles<'a>(
    cases: &'a [ModelCase],
    dir: &Path,
) -> anyhow::Result<(&'a ModelCase, &'a ModelCase, Vec<ChangeFacts>)> {
    let find = |prefix: &str| {
        cases
            .iter()
            .find(|c| c.id.starts_with(prefix))
            .ok_or_else(|| {
                anyhow!(
                    "no scenario whose id starts with {prefix:?} in {}",
                    dir.display()
                )
            })
    };
    let seed1 = find("seed-1")?;
    let seed2 = find("seed-2")?;
    let pool: Vec<&ChangeFacts> = cases.iter().flat_map(|c| c.facts.iter()).collect();
    if pool.is_empty() {
        anyhow::bail!("the scenarios have no changes to build a 50-change plan from");
    }
    Ok((seed1, seed2, fifty_changes(&pool)))
}

/// A 50-change plan: every change of `pool` in turn, renamed so addresses stay unique. Empty when
/// `pool` is.
pub fn fifty_changes(pool: &[&ChangeFacts]) -> Vec<ChangeFacts> {
    if pool.is_empty() {
        return Vec::new();
    }
    (0..50)
        .filter_map(|i| {
            pool.get(i % pool.len()).map(|f| {
                let mut f = (*f).clone();
                f.address = format!("{}_{i}", f.address);
                f
            })
        })
        .collect()
}
