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
use super::score::ScopeTally;
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
    pub raw: ScopeTally,
    /// Concerns counted only at or over the threshold.
    pub at_threshold: ScopeTally,
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
        (ScopeTally::default(), ScopeTally::default(), 0u32);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::advisor::IntentLabel;

    fn case(id: &str, decision: Decision, out: &[&str]) -> ModelCase {
        ModelCase {
            id: id.to_string(),
            decision,
            request: "r".to_string(),
            facts: Vec::new(),
            out_of_scope: Some(out.iter().map(|a| a.to_string()).collect()),
        }
    }

    fn judged(address: &str, label: IntentLabel, confidence: f64) -> ChangeJudgement {
        ChangeJudgement {
            address: address.to_string(),
            label,
            confidence,
        }
    }

    /// The suggested threshold is set by concerns on cases a person lets through only: a confident
    /// concern on a vetoed case must not raise it, and it never drops under the floor.
    #[test]
    fn calibrated_threshold_comes_from_non_veto_cases_and_keeps_the_floor() {
        let pass = case("pass", Decision::Approve, &[]);
        let veto = case("veto", Decision::Veto, &["b"]);
        let run = vec![
            (&pass, vec![judged("a", IntentLabel::OutOfScope, 0.611)]),
            (&veto, vec![judged("b", IntentLabel::OutOfScope, 0.99)]),
        ];
        let c = summarize(&run, 0.63);
        assert_eq!(c.max_pass, 0.611);
        assert_eq!(c.max_case.as_deref(), Some("pass a"));
        assert_eq!(c.suggested, 0.67);
        let quiet = vec![(&pass, vec![judged("a", IntentLabel::InScope, 0.9)])];
        let c = summarize(&quiet, 0.63);
        assert_eq!(c.max_case, None);
        assert_eq!(c.suggested, crate::llm::MIN_CONCERN_THRESHOLD);
    }

    /// At the threshold a concern under it counts as "in scope"; the raw labels count it out.
    #[test]
    fn scope_accuracy_counts_a_concern_only_at_or_over_the_threshold() {
        let labelled = case("l", Decision::Escalate, &["out1", "out2"]);
        let mut unlabelled = case("u", Decision::Approve, &[]);
        unlabelled.out_of_scope = None;
        let run = vec![
            (
                &labelled,
                vec![
                    judged("out1", IntentLabel::OutOfScope, 0.9),
                    judged("out2", IntentLabel::OutOfScope, 0.55),
                    judged("in1", IntentLabel::OutOfScope, 0.7),
                    judged("in2", IntentLabel::InScope, 0.99),
                ],
            ),
            (&unlabelled, vec![judged("x", IntentLabel::OutOfScope, 0.9)]),
        ];
        let c = summarize(&run, 0.63);
        assert_eq!(c.labelled_changes, 4);
        let tally = |true_out, false_out, true_in, false_in| ScopeTally {
            true_out,
            false_out,
            true_in,
            false_in,
        };
        assert_eq!(c.raw, tally(2, 1, 1, 0));
        assert_eq!(c.at_threshold, tally(1, 1, 1, 1));
        assert_eq!((c.raw.right(), c.at_threshold.right()), (3, 2));
        assert_eq!(labelled.truth("out2"), Truth::LabelledOut);
        assert_eq!(labelled.truth("in1"), Truth::LabelledIn);
        assert_eq!(unlabelled.truth("x"), Truth::Unlabelled);
    }

    /// The benchmark needs both seed scenarios and some changes; the 50-change plan has unique
    /// addresses even when the pool is smaller.
    #[test]
    fn bench_bundles_need_both_seeds_and_give_fifty_distinct_changes() {
        let facts = |a: &str| ChangeFacts {
            address: a.to_string(),
            action: "create".to_string(),
            resource_type: "t".to_string(),
            category: "c".to_string(),
            environment: None,
            attributes: Vec::new(),
        };
        let mut s1 = case("seed-1-x", Decision::Approve, &[]);
        s1.facts = vec![facts("a"), facts("b")];
        let s2 = case("seed-2-y", Decision::Veto, &[]);
        let dir = Path::new("scen");
        let only_one = bench_bundles(std::slice::from_ref(&s1), dir).unwrap_err();
        assert_eq!(
            only_one.to_string(),
            "no scenario whose id starts with \"seed-2\" in scen"
        );
        let cases = vec![s1, s2];
        let (one, two, fifty) = bench_bundles(&cases, dir).unwrap();
        assert_eq!((one.id.as_str(), two.id.as_str()), ("seed-1-x", "seed-2-y"));
        assert_eq!(fifty.len(), 50);
        let unique: BTreeSet<&str> = fifty.iter().map(|f| f.address.as_str()).collect();
        assert_eq!(unique.len(), 50);
        let no_changes = vec![
            case("seed-1", Decision::Approve, &[]),
            case("seed-2", Decision::Approve, &[]),
        ];
        assert!(bench_bundles(&no_changes, dir).is_err());
    }
}
