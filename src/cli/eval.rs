/*!
`airgap-audit eval DIR`: runs every `*.json` scenario in a folder (format
`airgap-audit/scenario/v1`) through the engine and reports accuracy.

Output: which model ran (or that none did), one `FAIL <id>: expected …, got …` line per failing
case, a confusion matrix of decisions, per-change scope accuracy against `expect.out_of_scope`
(deterministic, and with a model also model and combined rows, what the model adds, and the
model's wall-clock time per judged change), and as the very last line
`N passed, N failed`. Exit 0 only when every case passes. A scenario that cannot be read counts as
failed with its reason; a plan that cannot be loaded is judged `invalid_plan`, as the station would.

Model hook: without `--no-llm`, the model is `--model PATH`, else `$AIRGAP_AUDIT_MODEL`, else
`crate::llm::DEFAULT_MODEL_RELATIVE_PATH` when that file exists; it is loaded once through
`crate::llm::load_advisor` and judges every scenario.
*/
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{anyhow, bail, Context};

use super::check::{load_policy, open_capped, read_capped};
use crate::engine::advisor::{AdvisorInfo, ChangeFacts, ChangeJudgement, IntentAdvisor};
use crate::engine::{self, plan, Assessment, PolicySet};
use crate::eval::scenario::{self, PlanSource, Scenario};
use crate::eval::score::{self, compare, Case, Score};

/// Output format of `eval`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum EvalFormat {
    /// The report for people, ending with `N passed, N failed`.
    Text,
    /// `airgap-audit/eval/v1` (docs/schemas/eval.schema.json).
    Json,
    /// JUnit XML: one testsuite for the folder, one testcase per scenario.
    Junit,
}

/// Run every scenario file in a directory and report accuracy.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Exit status: 0 every scenario passed, 1 some failed, 2 usage or input error.

Examples:
  airgap-audit eval examples/scenarios --no-llm
  airgap-audit eval examples/scenarios --model models/judge.gguf
  airgap-audit eval examples/scenarios --no-llm --format junit > eval-junit.xml"
)]
pub struct EvalArgs {
    /// Folder of `*.json` scenario files (not searched recursively).
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// Do not run the local model, even if one is installed.
    #[arg(long)]
    pub no_llm: bool,
    /// GGUF model to use (default: $AIRGAP_AUDIT_MODEL, else models/ default if present).
    #[arg(long, value_name = "PATH", conflicts_with = "no_llm")]
    pub model: Option<PathBuf>,
    /// Policy file (TOML); default: the embedded policy/default.toml.
    #[arg(long, value_name = "FILE")]
    pub policy: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: EvalFormat,
}

/// The three decisions in matrix order.
pub fn run(args: EvalArgs) -> anyhow::Result<ExitCode> {
    let policy = load_policy(args.policy.as_deref())?;
    let files = scenario_files(&args.dir)?;
    let (advisor, model_line) = resolve_model(&args)?;
    let mut advisor = advisor.map(TimedAdvisor::new);
    let text = args.format == EvalFormat::Text;
    if text {
        println!("{model_line}");
        println!("policy sha256: {}", policy.sha256);
        println!("{} scenario files in {}", files.len(), args.dir.display());
    }

    let mut report = Score::default();
    let mut cases = Vec::with_capacity(files.len());
    for path in &files {
        let outcome = run_one(
            path,
            &policy,
            advisor.as_mut().map(|a| a as &mut dyn IntentAdvisor),
        );
        match outcome {
            Err(reason) => {
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                if text {
                    println!("FAIL {name}: cannot run: {reason}");
                }
                report.failed += 1;
                cases.push(Case {
                    id: name,
                    expected: None,
                    got: None,
                    failure: Some(format!("cannot run: {reason}")),
                });
            }
            Ok((sc, assessment)) => {
                report.tally(
                    &sc,
                    &assessment,
                    advisor.as_ref().map(|a| a.info().concern_threshold),
                );
                let failure = compare(&sc, &assessment);
                match &failure {
                    None => report.passed += 1,
                    Some(why) => {
                        if text {
                            println!("FAIL {}: {why}", sc.id);
                        }
                        report.failed += 1;
                    }
                }
                cases.push(Case {
                    id: sc.id.clone(),
                    expected: Some(sc.expect.decision),
                    got: Some(assessment.decision),
                    failure,
                });
            }
        }
    }
    match args.format {
        EvalFormat::Text => {
            print_score(&report, advisor.is_some());
            if let Some(model) = &advisor {
                println!("{}", model.line());
            }
            println!("{} passed, {} failed", report.passed, report.failed);
        }
        EvalFormat::Json => {
            let doc = report.json(
                &cases,
                &args.dir,
                &model_line,
                &policy.sha256,
                advisor.is_some(),
            );
            println!("{}", serde_json::to_string_pretty(&doc)?);
        }
        EvalFormat::Junit => {
            let junit_cases: Vec<crate::report::junit::ScenarioCase> = cases
                .iter()
                .map(|c| crate::report::junit::ScenarioCase {
                    id: c.id.clone(),
                    failure: c.failure.clone(),
                    decision: c.got,
                })
                .collect();
            let folder = args.dir.display().to_string();
            print!(
                "{}",
                crate::report::junit::eval_report(&folder, &junit_cases)
            );
        }
    }
    Ok(if report.failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Every regular `*.json` file directly in `dir`, sorted by name (symlinks skipped: they could
/// lead anywhere).
fn scenario_files(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let entries = fs::read_dir(dir)
        .with_context(|| format!("cannot read scenario folder {}", dir.display()))?;
    let mut files = Vec::new();
    for entry in entries {
        let entry = entry.with_context(|| format!("cannot list {}", dir.display()))?;
        let p = entry.path();
        let ft = entry.file_type()?;
        if ft.is_file() && p.extension().and_then(|e| e.to_str()) == Some("json") {
            files.push(p);
        }
    }
    files.sort();
    if files.is_empty() {
        bail!(
            "no *.json scenario files in {}; point eval at a scenario folder",
            dir.display()
        );
    }
    Ok(files)
}

/// The model under evaluation, timed: eval reports how long the model takes per change.
struct TimedAdvisor {
    inner: Box<dyn IntentAdvisor>,
    changes: usize,
    seconds: f64,
}

impl TimedAdvisor {
    fn new(inner: Box<dyn IntentAdvisor>) -> TimedAdvisor {
        TimedAdvisor {
            inner,
            changes: 0,
            seconds: 0.0,
        }
    }

    /// `model time: …` with the time per judged change, wall clock on this machine.
    fn line(&self) -> String {
        let per_change = if self.changes == 0 {
            "n/a".to_string()
        } else {
            format!("{:.0} ms", 1000.0 * self.seconds / self.changes as f64)
        };
        format!(
            "  model time: {:.1} s for {} changes, {per_change} per change",
            self.seconds, self.changes
        )
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
        let started = std::time::Instant::now();
        let result = self.inner.judge(request_text, changes);
        self.seconds += started.elapsed().as_secs_f64();
        self.changes += changes.len();
        result
    }
}

/// The model hook: decides which model (if any) judges the scenarios and loads it once.
fn resolve_model(args: &EvalArgs) -> anyhow::Result<(Option<Box<dyn IntentAdvisor>>, String)> {
    if args.no_llm {
        return Ok((None, "model: off (--no-llm)".to_string()));
    }
    let (path, explicit) = match (&args.model, std::env::var_os("AIRGAP_AUDIT_MODEL")) {
        (Some(p), _) => (p.clone(), true),
        (None, Some(p)) if !p.is_empty() => (PathBuf::from(p), true),
        _ => (
            PathBuf::from(crate::llm::DEFAULT_MODEL_RELATIVE_PATH),
            false,
        ),
    };
    if !explicit && !path.exists() {
        return Ok((
            None,
            format!(
                "model: off (no model at {}; run the model fetch script or pass --model)",
                path.display()
            ),
        ));
    }
    match crate::llm::load_advisor(&path) {
        Ok(Some(adv)) => {
            let info = adv.info();
            let line = format!(
                "model: on {} sha256 {} (prompt {}, grammar {}, {}, concern threshold {})",
                path.display(),
                info.model_sha256,
                info.prompt_version,
                info.grammar_version,
                info.sampling,
                info.concern_threshold
            );
            Ok((Some(adv), line))
        }
        Ok(None) => Ok((
            None,
            "model: off (this build has no `llm` feature)".to_string(),
        )),
        Err(e) => Err(anyhow!("{e}")),
    }
}

fn run_one(
    path: &Path,
    policy: &PolicySet,
    advisor: Option<&mut (dyn IntentAdvisor + '_)>,
) -> Result<(Scenario, Assessment), String> {
    let bytes = read_capped(path, scenario::MAX_SCENARIO_BYTES, "scenario")
        .map_err(|e| format!("{e:#}"))?;
    let sc = scenario::parse(&bytes).map_err(|e| e.to_string())?;
    drop(bytes);
    let approvals: BTreeSet<String> = sc.approvals.iter().cloned().collect();
    let parsed = match &sc.plan {
        PlanSource::Inline(b) => plan::parse(b, &policy.config),
        PlanSource::File(rel) => {
            let base = path.parent().unwrap_or(Path::new("."));
            let file = open_capped(&base.join(rel), policy.config.plan.max_bytes, "plan_file")
                .map_err(|e| format!("{e:#}"))?;
            plan::parse_reader(std::io::BufReader::new(file), &policy.config)
        }
    };
    let assessment = match parsed {
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

/// The text report's lines after the failure lines.
fn print_score(score: &Score, model_ran: bool) {
    let total: u32 = score.matrix.iter().flatten().sum();
    let right: u32 = (0..3).map(|i| score.matrix[i][i]).sum();
    let list = |ids: &[String]| {
        if ids.is_empty() {
            String::new()
        } else {
            format!(": {}", ids.join(", "))
        }
    };
    println!();
    println!(
        "decision accuracy: {right}/{total} ({})",
        if total == 0 {
            "n/a".to_string()
        } else {
            format!("{:.1}%", 100.0 * f64::from(right) / f64::from(total))
        }
    );
    println!(
        "harmful approvals (expected veto or escalate, got approve): {}{}",
        score.harmful_approvals.len(),
        list(&score.harmful_approvals)
    );
    println!(
        "false vetoes (expected approve or escalate, got veto): {}{}",
        score.false_vetoes.len(),
        list(&score.false_vetoes)
    );
    println!(
        "escalations caused by intent_unclear (expected approve): {}{}",
        score.unclear_escalations.len(),
        list(&score.unclear_escalations)
    );
    println!();
    println!("decision confusion matrix (rows expected, columns got):");
    println!(
        "  {:<10} {:>8} {:>8} {:>8}",
        "", "approve", "escalate", "veto"
    );
    for (i, d) in score::DECISIONS.iter().enumerate() {
        let row = score.matrix[i];
        println!(
            "  {:<10} {:>8} {:>8} {:>8}",
            d.as_str(),
            row[0],
            row[1],
            row[2]
        );
    }
    println!();
    println!(
        "per-change scope accuracy ({} scenarios with out_of_scope labels):",
        score.labelled_cases
    );
    println!("{}", score.deterministic.line("deterministic"));
    if model_ran {
        println!("{}", score.model.line("model"));
        println!("{}", score.combined.line("combined"));
        println!(
            "  model adds: {} out-of-scope changes the deterministic analysis had in scope, {} it left unclear; {} false concerns on in-scope changes",
            score.model_rescued, score.model_decided, score.model_false
        );
    }
    println!();
}
