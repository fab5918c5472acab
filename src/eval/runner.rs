/*!
Running labelled scenarios through the engine, as `eval` does: which model judges them
([`choose_model`]), one scenario file judged and scored ([`run_file`]), and the model's wall-clock
time per judged change ([`TimedAdvisor`]). The CLI only prints what these return.
*/
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Instant;

use super::scenario::{self, LoadError, Scenario};
use super::score::{compare, Case, Score};
use crate::engine::advisor::{AdvisorInfo, ChangeFacts, ChangeJudgement, IntentAdvisor};
use crate::engine::{self, Assessment, PolicySet};

/// Which model judges the scenarios, loaded once.
pub enum EvalModel {
    On {
        path: PathBuf,
        advisor: Box<dyn IntentAdvisor>,
    },
    Off(ModelOff),
}

/// Why no model judges the scenarios.
#[derive(Debug, Clone, PartialEq)]
pub enum ModelOff {
    /// `--no-llm`.
    NotWanted,
    /// No model was named and the default one is not there.
    NoDefault(PathBuf),
    /// This build has no `llm` feature.
    NotBuilt,
}

/// The model hook: `explicit` (`--model`, else `$AIRGAP_AUDIT_MODEL`), else
/// [`crate::llm::DEFAULT_MODEL_RELATIVE_PATH`] when that file exists. A named model that cannot
/// be loaded is an error (the one line of [`crate::llm::LlmError`]); a missing default is not.
pub fn choose_model(no_llm: bool, explicit: Option<PathBuf>) -> Result<EvalModel, String> {
    if no_llm {
        return Ok(EvalModel::Off(ModelOff::NotWanted));
    }
    let (path, named) = match explicit {
        Some(p) => (p, true),
        None => (
            PathBuf::from(crate::llm::DEFAULT_MODEL_RELATIVE_PATH),
            false,
        ),
    };
    if !named && !path.exists() {
        return Ok(EvalModel::Off(ModelOff::NoDefault(path)));
    }
    Ok(match crate::llm::load_advisor(&path)? {
        Some(advisor) => EvalModel::On { path, advisor },
        None => EvalModel::Off(ModelOff::NotBuilt),
    })
}

/// Reads the scenario at `path`, judges it with `policy` (and the model, if any) as the station
/// would: a plan that does not parse is judged `invalid_plan`. An unreadable scenario or plan
/// file is the error.
pub fn assess(
    path: &Path,
    policy: &PolicySet,
    advisor: Option<&mut (dyn IntentAdvisor + '_)>,
) -> Result<(Scenario, Assessment), LoadError> {
    let sc = scenario::read(path)?;
    let approvals: BTreeSet<String> = sc.approvals.iter().cloned().collect();
    let assessment = match scenario::load_plan(path, &sc, &policy.config)? {
        Ok(plan) => {
            let input = engine::EngineInput {
                request: &sc.request,
                plan: &plan,
                approvals: &approvals,
                cost: sc.cost.as_ref(),
                policy,
            };
            engine::evaluate(&input, advisor)
        }
        Err(e) => engine::evaluate_unloadable(
            &sc.request,
            &approvals,
            sc.cost.as_ref(),
            policy,
            &e.to_string(),
        ),
    };
    Ok((sc, assessment))
}

/// Runs the scenario at `path` ([`assess`]) and records it in `score` (the tallies need the
/// model's concern threshold when a model ran). The case fails with `cannot run: …` when the
/// scenario cannot be read; its id is then the file name.
pub fn run_file(
    path: &Path,
    policy: &PolicySet,
    advisor: Option<&mut TimedAdvisor>,
    score: &mut Score,
) -> Case {
    let threshold = advisor.as_ref().map(|a| a.info().concern_threshold);
    match assess(path, policy, advisor.map(|a| a as &mut dyn IntentAdvisor)) {
        Err(reason) => {
            score.failed += 1;
            Case {
                id: path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                expected: None,
                got: None,
                failure: Some(format!("cannot run: {reason}")),
            }
        }
        Ok((sc, assessment)) => {
            score.tally(&sc, &assessment, threshold);
            let failure = compare(&sc, &assessment);
            if failure.is_none() {
                score.passed += 1;
            } else {
                score.failed += 1;
            }
            Case {
                id: sc.id,
                expected: Some(sc.expect.decision),
                got: Some(assessment.decision),
                failure,
            }
        }
    }
}

/// The model under evaluation, timed: eval reports how long the model takes per change.
pub struct TimedAdvisor {
    inner: Box<dyn IntentAdvisor>,
    /// Changes judged so far.
    pub changes: usize,
    /// Wall-clock seconds spent judging them.
    pub seconds: f64,
}

impl TimedAdvisor {
    pub fn new(inner: Box<dyn IntentAdvisor>) -> TimedAdvisor {
        TimedAdvisor {
            inner,
            changes: 0,
            seconds: 0.0,
        }
    }
}

impl IntentAdvisor for TimedAdvisor {
    fn info(&self) -> AdvisorInfo {
        self.inner.info()
    }

    fn judge(
        &mut self,
        request_text: &str,
        changes: &[ChangeFacts],
    ) -> Result<Vec<ChangeJudgement>, String> {
        let started = Instant::now();
        let result = self.inner.judge(request_text, changes);
        self.seconds += started.elapsed().as_secs_f64();
        self.changes += changes.len();
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A scenario that cannot be read fails its own case, named by its file, and the run goes
    /// on; a readable one is judged and scored.
    #[test]
    fn an_unreadable_scenario_fails_its_case_by_file_name_and_a_good_one_is_scored() {
        let tmp = tempfile::tempdir().unwrap();
        let bad = tmp.path().join("broken.json");
        std::fs::write(&bad, "{").unwrap();
        let good = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples/scenarios/seed-1-ml-segment-approved.json");
        let policy = PolicySet::default();
        let mut score = Score::default();
        let failed = run_file(&bad, &policy, None, &mut score);
        assert_eq!(failed.id, "broken.json");
        assert!(failed.got.is_none());
        let why = failed.failure.unwrap();
        assert!(
            why.starts_with("cannot run: scenario file is not UTF-8 JSON"),
            "{why}"
        );
        let passed = run_file(&good, &policy, None, &mut score);
        assert_eq!(passed.failure, None, "{}", passed.id);
        assert_eq!(passed.got, passed.expected);
        assert_eq!((score.passed, score.failed), (1, 1));
        assert_eq!(score.matrix.iter().flatten().sum::<u32>(), 1);
    }

    #[test]
    fn no_llm_and_a_missing_default_model_turn_the_model_off_but_a_named_one_must_load() {
        assert!(matches!(
            choose_model(true, Some(PathBuf::from("/nonexistent.gguf"))),
            Ok(EvalModel::Off(ModelOff::NotWanted))
        ));
        if crate::llm::enabled() {
            assert!(choose_model(false, Some(PathBuf::from("/nonexistent.gguf"))).is_err());
        } else {
            assert!(matches!(
                choose_model(false, Some(PathBuf::from("/nonexistent.gguf"))),
                Ok(EvalModel::Off(ModelOff::NotBuilt))
            ));
        }
    }
}
