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
use crate::engine::{self, plan, Assessment, Decision, PolicySet};
use crate::scenario::{self, PlanSource, Scenario};

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
const DECISIONS: [Decision; 3] = [Decision::Approve, Decision::Escalate, Decision::Veto];

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

    let mut report = Report::default();
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
            report.print(advisor.as_ref());
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

/// One scenario's outcome, for the JSON and JUnit reports.
struct Case {
    id: String,
    expected: Option<Decision>,
    got: Option<Decision>,
    failure: Option<String>,
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

/// `None` when the case passes (README rules), else why not, on one line.
fn compare(sc: &Scenario, a: &Assessment) -> Option<String> {
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

/// Per-change "out of scope" predictions against labels.
#[derive(Debug, Default, Clone, Copy)]
struct ScopeTally {
    true_out: u32,
    false_out: u32,
    true_in: u32,
    false_in: u32,
}

impl ScopeTally {
    fn add(&mut self, predicted_out: bool, labelled_out: bool) {
        match (predicted_out, labelled_out) {
            (true, true) => self.true_out += 1,
            (true, false) => self.false_out += 1,
            (false, false) => self.true_in += 1,
            (false, true) => self.false_in += 1,
        }
    }

    fn line(&self, name: &str) -> String {
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
/// in as another [`ScopeTally`] here and a line in [`Report::print`].
#[derive(Debug, Default)]
struct Report {
    passed: u32,
    failed: u32,
    /// matrix[expected][got], in [`DECISIONS`] order.
    matrix: [[u32; 3]; 3],
    deterministic: ScopeTally,
    model: ScopeTally,
    combined: ScopeTally,
    labelled_cases: u32,
    /// Expected veto or escalate, got approve: the judge let a plan through that it should not
    /// have. Listed by id, since every one of them is a defect.
    harmful_approvals: Vec<String>,
    /// Expected approve or escalate, got veto: honest work blocked.
    false_vetoes: Vec<String>,
    /// Expected approve, got escalate with `intent_unclear` among the findings.
    unclear_escalations: Vec<String>,
    /// Labelled out-of-scope changes the model flagged that the deterministic analysis had in
    /// scope (`rescued`) or left unclear (`decided`), and in-scope changes it flagged (`false`).
    model_rescued: u32,
    model_decided: u32,
    model_false: u32,
}

fn decision_index(d: Decision) -> usize {
    DECISIONS.iter().position(|x| *x == d).unwrap_or(0)
}

impl Report {
    fn tally(&mut self, sc: &Scenario, a: &Assessment, threshold: Option<f64>) {
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
    fn json(
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

    fn print(&self, model: Option<&TimedAdvisor>) {
        let total: u32 = self.matrix.iter().flatten().sum();
        let right: u32 = (0..3).map(|i| self.matrix[i][i]).sum();
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
            self.harmful_approvals.len(),
            list(&self.harmful_approvals)
        );
        println!(
            "false vetoes (expected approve or escalate, got veto): {}{}",
            self.false_vetoes.len(),
            list(&self.false_vetoes)
        );
        println!(
            "escalations caused by intent_unclear (expected approve): {}{}",
            self.unclear_escalations.len(),
            list(&self.unclear_escalations)
        );
        println!();
        println!("decision confusion matrix (rows expected, columns got):");
        println!(
            "  {:<10} {:>8} {:>8} {:>8}",
            "", "approve", "escalate", "veto"
        );
        for (i, d) in DECISIONS.iter().enumerate() {
            let row = self.matrix[i];
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
            self.labelled_cases
        );
        println!("{}", self.deterministic.line("deterministic"));
        if let Some(model) = model {
            println!("{}", self.model.line("model"));
            println!("{}", self.combined.line("combined"));
            println!(
                "  model adds: {} out-of-scope changes the deterministic analysis had in scope, {} it left unclear; {} false concerns on in-scope changes",
                self.model_rescued, self.model_decided, self.model_false
            );
            println!("{}", model.line());
        }
        println!();
    }
}
