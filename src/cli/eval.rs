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
`crate::llm::DEFAULT_MODEL_RELATIVE_PATH` when that file exists; it is chosen and loaded once by
[`crate::eval::runner::choose_model`] and judges every scenario. The running and scoring are in
[`crate::eval`]; this file parses the arguments and prints.
*/
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::anyhow;

use crate::eval::runner::{self, choose_model, EvalModel, ModelOff, TimedAdvisor};
use crate::eval::scenario::{self, LoadError};
use crate::eval::score::{self, Score};
use crate::home::policy_file::load_set;

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

pub fn run(args: EvalArgs) -> anyhow::Result<ExitCode> {
    let policy = load_set(args.policy.as_deref())?;
    let files = scenario::files(&args.dir).map_err(|e| match e {
        LoadError::Empty(_) => anyhow!("{e}; point eval at a scenario folder"),
        e => anyhow!(e),
    })?;
    let explicit = args.model.clone().or_else(|| {
        std::env::var_os("AIRGAP_AUDIT_MODEL")
            .filter(|p| !p.is_empty())
            .map(PathBuf::from)
    });
    let (mut advisor, model_line) = match choose_model(args.no_llm, explicit)
        .map_err(|e| anyhow!(e))?
    {
        EvalModel::On { path, advisor } => {
            let info = advisor.info();
            let line = format!(
                "model: on {} sha256 {} (prompt {}, grammar {}, {}, concern threshold {})",
                path.display(),
                info.model_sha256,
                info.prompt_version,
                info.grammar_version,
                info.sampling,
                info.concern_threshold
            );
            (Some(TimedAdvisor::new(advisor)), line)
        }
        EvalModel::Off(why) => (
            None,
            match why {
                ModelOff::NotWanted => "model: off (--no-llm)".to_string(),
                ModelOff::NoDefault(path) => format!(
                    "model: off (no model at {}; run the model fetch script or pass --model)",
                    path.display()
                ),
                ModelOff::NotBuilt => "model: off (this build has no `llm` feature)".to_string(),
            },
        ),
    };
    let text = args.format == EvalFormat::Text;
    if text {
        println!("{model_line}");
        println!("policy sha256: {}", policy.sha256);
        println!("{} scenario files in {}", files.len(), args.dir.display());
    }

    let mut report = Score::default();
    let mut cases = Vec::with_capacity(files.len());
    for path in &files {
        let case = runner::run_file(path, &policy, advisor.as_mut(), &mut report);
        if let (true, Some(why)) = (text, &case.failure) {
            println!("FAIL {}: {why}", case.id);
        }
        cases.push(case);
    }
    match args.format {
        EvalFormat::Text => {
            print_score(&report, advisor.is_some());
            if let Some(model) = &advisor {
                println!("{}", time_line(model));
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

/// `model time: …` with the time per judged change, wall clock on this machine.
fn time_line(model: &TimedAdvisor) -> String {
    let per_change = if model.changes == 0 {
        "n/a".to_string()
    } else {
        format!("{:.0} ms", 1000.0 * model.seconds / model.changes as f64)
    };
    format!(
        "  model time: {:.1} s for {} changes, {per_change} per change",
        model.seconds, model.changes
    )
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
