/*!
`airgap-audit model install|show|calibrate|bench`: the station's local GGUF model.

- `install FILE` copies a GGUF file (carried in on a USB stick) into `<home>/models/`, checks that
  llama.cpp loads it and decodes the prompt prefix, appends a `ModelChange` ledger entry with its
  SHA-256 (the commit point), then points `station.toml` at it. Takes the station lock, so it
  never races `process`/`watch`.
- `show` prints which model the station would use, its SHA-256, and whether the ledger records
  that hash as installed.
- `calibrate DIR` runs the model over a scenario folder and prints every change's label and
  confidence, the highest concern confidence on cases a human lets through (the calibrated
  threshold, see [`crate::llm::DEFAULT_CONCERN_THRESHOLD`]) and per-change scope accuracy against
  `expect.out_of_scope`. `--zero-shot` drops the few-shot examples to measure what they bring.
- `bench` measures cold start, the first bundle, warm bundles with prefix reuse and llama.cpp's
  raw prompt/generation speed as the floor, side by side (`scripts/bench-llm.sh` runs it on a
  release build). The prompt floor is measured from an empty context and at the prefix's depth.
*/
#[cfg(feature = "llm")]
use std::collections::BTreeSet;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[cfg(feature = "llm")]
use anyhow::Context;
use anyhow::{anyhow, bail};

#[cfg(feature = "llm")]
use crate::engine::advisor::{ChangeFacts, ChangeJudgement};
#[cfg(feature = "llm")]
use crate::engine::{self, plan, Decision, PolicySet};
#[cfg(feature = "llm")]
use crate::eval::scenario::{self, PlanSource, Scenario};
use crate::home::{model_file, StationHome};
use crate::ledger::Ledger;
use crate::llm::{self, AdvisorConfig};

/// `println!` that returns the write error instead of panicking (a closed pipe, e.g. `| head`,
/// ends the command cleanly at the top level).
macro_rules! outln {
    ($($arg:tt)*) => {
        writeln!(std::io::stdout().lock(), $($arg)*)
    };
}

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  airgap-audit model install /media/usb/gemma-3-270m-q4_k_m.gguf\n  airgap-audit model show\n  airgap-audit model calibrate examples/scenarios\n  airgap-audit model bench --scenarios examples/scenarios"
)]
pub struct ModelArgs {
    /// Station home (default: $AIRGAP_AUDIT_HOME).
    #[arg(long, value_name = "DIR", global = true)]
    pub home: Option<PathBuf>,
    #[command(subcommand)]
    pub command: ModelCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum ModelCommand {
    /// Copy a GGUF model into the station, check it loads, record its SHA-256 in the ledger and
    /// make it the station's model.
    #[command(
        after_help = "Example:\n  airgap-audit model install /media/usb/gemma-3-270m-q4_k_m.gguf"
    )]
    Install {
        /// The GGUF file (e.g. from a USB stick).
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Show the model the station uses, its SHA-256 and its ledger record.
    #[command(after_help = "Example:\n  airgap-audit model show --home /var/lib/airgap-audit")]
    Show,
    /// Run the model over a scenario folder: labels, calibrated threshold, scope accuracy.
    #[command(after_help = "Example:\n  airgap-audit model calibrate examples/scenarios")]
    Calibrate {
        /// Folder of `airgap-audit/scenario/v1` files.
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        /// GGUF model (default: the station's, else the default model in models/).
        #[arg(long, value_name = "PATH")]
        model: Option<PathBuf>,
        /// Leave the few-shot examples out of the prompt.
        #[arg(long)]
        zero_shot: bool,
        /// Threshold to score scope accuracy at (default: the built-in calibrated value).
        #[arg(long, value_name = "P")]
        threshold: Option<f64>,
        /// Turn off contextual calibration of the label probabilities.
        #[arg(long)]
        raw_labels: bool,
    },
    /// Benchmark the model stage against llama.cpp's raw speed on this machine.
    #[command(after_help = "Example:\n  airgap-audit model bench --scenarios examples/scenarios")]
    Bench {
        /// Scenario folder providing seed scenarios 1 and 2 and the changes for a 50-change plan.
        #[arg(long, value_name = "DIR")]
        scenarios: PathBuf,
        /// GGUF model (default: the station's, else the default model in models/).
        #[arg(long, value_name = "PATH")]
        model: Option<PathBuf>,
        /// Warm repetitions per bundle (the median is reported).
        #[arg(long, default_value_t = 5)]
        rounds: usize,
    },
}

pub fn run(args: ModelArgs) -> anyhow::Result<ExitCode> {
    match args.command {
        ModelCommand::Install { file } => install(args.home.as_deref(), &file),
        ModelCommand::Show => show(args.home.as_deref()),
        ModelCommand::Calibrate {
            dir,
            model,
            zero_shot,
            threshold,
            raw_labels,
        } => {
            let path = resolve_model(args.home.as_deref(), model.as_deref())?;
            let config = AdvisorConfig {
                few_shot: !zero_shot,
                contextual_calibration: !raw_labels,
                ..AdvisorConfig::default()
            };
            calibrate(&dir, &path, &config, threshold)
        }
        ModelCommand::Bench {
            scenarios,
            model,
            rounds,
        } => {
            let path = resolve_model(args.home.as_deref(), model.as_deref())?;
            bench(&scenarios, &path, rounds.clamp(1, 100))
        }
    }
}

/// `--model`, else the station's configured model (when a home is given), else the default model
/// under `models/` in the working directory, then in this build's source tree.
fn resolve_model(home: Option<&Path>, explicit: Option<&Path>) -> anyhow::Result<PathBuf> {
    if let Some(p) = explicit {
        return Ok(p.to_path_buf());
    }
    if let Ok(h) = StationHome::resolve_existing(home) {
        let cfg = h.load_config()?;
        if let Some(p) = cfg.model.path {
            return Ok(h.root().join(p));
        }
        if let Some(name) = Path::new(llm::DEFAULT_MODEL_RELATIVE_PATH).file_name() {
            let in_home = h.root().join("models").join(name);
            if in_home.is_file() {
                return Ok(in_home);
            }
        }
    }
    let candidates = [
        PathBuf::from(llm::DEFAULT_MODEL_RELATIVE_PATH),
        Path::new(env!("CARGO_MANIFEST_DIR")).join(llm::DEFAULT_MODEL_RELATIVE_PATH),
    ];
    candidates.into_iter().find(|p| p.is_file()).ok_or_else(|| {
        anyhow!(
            "no model found at {}; run scripts/fetch-model.sh or pass --model PATH",
            llm::DEFAULT_MODEL_RELATIVE_PATH
        )
    })
}

fn install(home: Option<&Path>, file: &Path) -> anyhow::Result<ExitCode> {
    if !llm::enabled() {
        bail!("this build has no `llm` feature, so it cannot check that the model loads; install with a default-features build");
    }
    let home = StationHome::resolve_existing(home)?;
    home.check_secret_modes()?;
    let _lock = crate::station::lock::acquire(home.root())?;
    let mut ledger = Ledger::open(&home.ledger())?;
    let mut config = home.load_config()?;
    let done = model_file::install(&home, &mut ledger, &mut config, file)?;
    outln!(
        "installed {} as {} (sha256 {}, {} bytes); it loads and runs (prompt {}, grammar {}); ledger entry {}; station.toml now uses it",
        file.display(),
        done.path.display(),
        done.sha256,
        done.bytes,
        done.prompt_version,
        done.grammar_version,
        done.ledger_index
    )?;
    Ok(ExitCode::SUCCESS)
}

fn show(home: Option<&Path>) -> anyhow::Result<ExitCode> {
    outln!(
        "model stage: {}",
        if llm::enabled() {
            "built in (feature `llm`)"
        } else {
            "off (this build has no `llm` feature)"
        }
    )?;
    let station = StationHome::resolve_existing(home).ok();
    let configured = match &station {
        Some(h) => h.load_config()?.model.path,
        None => None,
    };
    match (&station, &configured) {
        (Some(h), Some(p)) => outln!(
            "configured: {} (in {})",
            p.display(),
            h.station_toml().display()
        )?,
        (Some(h), None) => outln!(
            "configured: none in {} (the default model is used if present)",
            h.station_toml().display()
        )?,
        (None, _) => outln!("configured: no station home given (--home or AIRGAP_AUDIT_HOME)")?,
    }
    let path = match resolve_model(home, None) {
        Ok(p) => p,
        Err(e) => {
            outln!("model file: {e}")?;
            return Ok(ExitCode::from(1));
        }
    };
    let sha = llm::hash_model_file(&path)?;
    let size = fs::metadata(&path).map(|m| m.len()).unwrap_or_default();
    outln!("model file: {} ({size} bytes)", path.display())?;
    outln!("sha256: {sha}")?;
    if sha == llm::DEFAULT_MODEL_SHA256 {
        outln!("this is the embedded default model (Gemma 3 270M Q4_K_M)")?;
    }
    outln!(
        "prompt {} (+fewshot), grammar {}, concern threshold {}, threads {} (physical cores)",
        llm::prompt::PROMPT_VERSION,
        llm::grammar::GRAMMAR_VERSION,
        llm::DEFAULT_CONCERN_THRESHOLD,
        llm::physical_cores()
    )?;
    if let Some(h) = &station {
        let ledger = Ledger::open_read_only(&h.ledger(), crate::ledger::LedgerKeys::Station)?;
        match model_file::recorded_install(&ledger, &sha)? {
            Some((index, at)) => outln!("ledger: installed at entry {index} ({at})")?,
            None => outln!("ledger: no model_change entry records this hash (install it with 'airgap-audit model install FILE')")?,
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// One scenario reduced to what the model sees, plus its labels.
#[cfg(feature = "llm")]
struct Case {
    id: String,
    decision: Decision,
    request: String,
    facts: Vec<ChangeFacts>,
    out_of_scope: Option<BTreeSet<String>>,
}

#[cfg(feature = "llm")]
fn load_cases(dir: &Path) -> anyhow::Result<Vec<Case>> {
    let policy = PolicySet::default();
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .with_context(|| format!("cannot read scenario folder {}", dir.display()))?
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().map(|t| t.is_file()).unwrap_or(false))
        .map(|e| e.path())
        .filter(|p| p.extension().and_then(|x| x.to_str()) == Some("json"))
        .collect();
    files.sort();
    if files.is_empty() {
        bail!("no *.json scenario files in {}", dir.display());
    }
    let mut out = Vec::new();
    for path in files {
        let bytes =
            crate::cli::check::read_capped(&path, scenario::MAX_SCENARIO_BYTES, "scenario")?;
        let sc: Scenario =
            scenario::parse(&bytes).map_err(|e| anyhow!("{}: {e}", path.display()))?;
        let plan_bytes = match &sc.plan {
            PlanSource::Inline(b) => b.clone(),
            PlanSource::File(rel) => crate::cli::check::read_capped(
                &path.parent().unwrap_or(Path::new(".")).join(rel),
                policy.config.plan.max_bytes,
                "plan_file",
            )?,
        };
        // Plans that do not parse get no model judgement (the engine vetoes them anyway).
        let facts = match plan::parse(&plan_bytes, &policy.config) {
            Ok(p) => engine::change_facts(&p),
            Err(_) => Vec::new(),
        };
        out.push(Case {
            id: sc.id,
            decision: sc.expect.decision,
            request: sc.request.text,
            facts,
            out_of_scope: sc.expect.out_of_scope.map(|v| v.into_iter().collect()),
        });
    }
    Ok(out)
}

#[cfg(not(feature = "llm"))]
fn calibrate(
    _dir: &Path,
    _model: &Path,
    _config: &AdvisorConfig,
    _threshold: Option<f64>,
) -> anyhow::Result<ExitCode> {
    bail!("this build has no `llm` feature; rebuild with default features")
}

#[cfg(feature = "llm")]
fn calibrate(
    dir: &Path,
    model: &Path,
    config: &AdvisorConfig,
    threshold: Option<f64>,
) -> anyhow::Result<ExitCode> {
    use crate::engine::advisor::IntentAdvisor;
    let cases = load_cases(dir)?;
    let mut advisor = llm::llama::LlamaAdvisor::load(model, config)?;
    let info = advisor.info();
    outln!(
        "model sha256 {} prompt {} grammar {} ({})",
        info.model_sha256,
        info.prompt_version,
        info.grammar_version,
        info.sampling
    )?;
    outln!(
        "columns: label confidence truth | raw p({}) | address",
        llm::grammar::LABELS
            .iter()
            .map(|(_, text)| text.trim())
            .collect::<Vec<_>>()
            .join(" ")
    )?;
    let threshold = threshold.unwrap_or(info.concern_threshold);
    let mut results: Vec<(&Case, Vec<ChangeJudgement>)> = Vec::new();
    for case in &cases {
        if case.facts.is_empty() {
            continue;
        }
        let j = advisor
            .judge(&case.request, &case.facts)
            .map_err(|e| anyhow!("{}: {e}", case.id))?;
        let (raw, _) = advisor.last_probabilities();
        outln!("{} (expected {}):", case.id, case.decision.as_str())?;
        for (k, (f, j)) in case.facts.iter().zip(&j).enumerate() {
            let truth = match &case.out_of_scope {
                Some(oos) if oos.contains(&f.address) => "labelled out",
                Some(_) => "labelled in",
                None => "unlabelled",
            };
            let r = raw.get(k).copied().unwrap_or_default();
            let probabilities: Vec<String> = r.iter().map(|p| format!("{p:.3}")).collect();
            outln!(
                "  {:<12} {:.4}  {:<13} | {} | {}",
                j.label.as_str(),
                j.confidence,
                truth,
                probabilities.join(" "),
                f.address
            )?;
        }
        results.push((case, j));
    }

    // Calibration: the highest concern confidence on any case a human lets through.
    let mut max_pass = 0.0f64;
    let mut max_case = String::new();
    for (case, js) in &results {
        if case.decision == Decision::Veto {
            continue;
        }
        for j in js {
            if j.label.is_concern() && j.confidence > max_pass {
                max_pass = j.confidence;
                max_case = format!("{} {}", case.id, j.address);
            }
        }
    }
    // Method of `llm::DEFAULT_CONCERN_THRESHOLD`: the maximum plus a 0.05 margin, rounded up,
    // and never under the floor.
    let suggested = (((max_pass + 0.05) * 100.0).ceil() / 100.0).max(llm::MIN_CONCERN_THRESHOLD);
    outln!()?;
    outln!(
        "calibration: highest concern confidence (answer no) on non-veto cases = {max_pass:.4} ({}); suggested threshold {suggested:.2}",
        if max_case.is_empty() { "none" } else { &max_case }
    )?;

    // Scope accuracy on labelled cases: at the threshold, and on the raw labels.
    let (mut at, mut raw, mut total) = ((0u32, 0u32, 0u32, 0u32), (0u32, 0u32, 0u32, 0u32), 0u32);
    let add = |t: &mut (u32, u32, u32, u32), predicted: bool, truth: bool| match (predicted, truth)
    {
        (true, true) => t.0 += 1,
        (true, false) => t.1 += 1,
        (false, false) => t.2 += 1,
        (false, true) => t.3 += 1,
    };
    for (case, js) in &results {
        let Some(oos) = &case.out_of_scope else {
            continue;
        };
        for j in js {
            let truth = oos.contains(&j.address);
            add(&mut raw, j.label.is_concern(), truth);
            add(
                &mut at,
                j.label.is_concern() && j.confidence >= threshold,
                truth,
            );
            total += 1;
        }
    }
    let line = |name: &str, t: (u32, u32, u32, u32)| -> std::io::Result<()> {
        let ok = t.0 + t.2;
        outln!(
            "  {name:<22} accuracy {:>5.1}% ({ok}/{total})  [tp {} fp {} tn {} fn {}]",
            if total == 0 {
                0.0
            } else {
                100.0 * ok as f64 / total as f64
            },
            t.0,
            t.1,
            t.2,
            t.3
        )
    };
    outln!("per-change scope accuracy of the model alone (labelled cases):")?;
    line("raw labels", raw)?;
    line(&format!("at threshold {threshold:.2}"), at)?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(not(feature = "llm"))]
fn bench(_dir: &Path, _model: &Path, _rounds: usize) -> anyhow::Result<ExitCode> {
    bail!("this build has no `llm` feature; run scripts/bench-llm.sh (default features)")
}

#[cfg(feature = "llm")]
fn bench(dir: &Path, model: &Path, rounds: usize) -> anyhow::Result<ExitCode> {
    use crate::llm::bench::{self, Bundle};

    let cases = load_cases(dir)?;
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
        bail!("the scenarios have no changes to build a 50-change plan from");
    }
    let fifty = bench::fifty_changes(&pool);

    let report = bench::run(
        model,
        Bundle {
            request: &seed1.request,
            facts: &seed1.facts,
        },
        Bundle {
            request: &seed2.request,
            facts: &seed2.facts,
        },
        &fifty,
        rounds,
    )?;
    let bench::BenchReport {
        threads,
        cold_seconds: cold,
        load: ls,
        first_bundle_seconds: first,
        seed1: (w9, pp9),
        seed2: (w10, pp10),
        seed2_tokens: tokens10,
        fifty: (w50, pp50),
        raw,
        depth,
        raw_pp_median,
        raw_deep_median,
        ratios_empty: ratios0,
        ratios_deep,
    } = report;

    outln!(
        "model: {} ({} prefix tokens, threads {threads})",
        model.display(),
        ls.prefix_tokens
    )?;
    outln!("{:<56} {:>10} {:>14}", "stage", "seconds", "prompt tok/s")?;
    outln!(
        "{:<56} {:>10.3} {:>14}",
        "cold start (hash + load + prefix)",
        cold,
        ""
    )?;
    outln!(
        "{:<56} {:>10.3} {:>14}",
        "  of which: SHA-256 of the file",
        ls.hash_seconds,
        ""
    )?;
    outln!(
        "{:<56} {:>10.3} {:>14}",
        "  of which: llama.cpp load",
        ls.load_seconds,
        ""
    )?;
    outln!(
        "{:<56} {:>10.3} {:>14.1}",
        format!("  of which: prefix decode ({} tokens)", ls.prefix_tokens),
        ls.prefix_seconds,
        ls.prefix_tokens as f64 / ls.prefix_seconds.max(1e-9)
    )?;
    outln!(
        "{:<56} {:>10.3} {:>14}",
        "  of which: contextual-calibration probes",
        ls.bias_probe_seconds,
        ""
    )?;
    outln!(
        "{:<56} {:>10.3} {:>14}",
        format!("first bundle, seed-1 ({} changes)", seed1.facts.len()),
        first,
        ""
    )?;
    outln!(
        "{:<56} {:>10.3} {:>14.1}",
        format!(
            "warm bundle, seed-1 ({} changes, median of {rounds})",
            seed1.facts.len()
        ),
        w9,
        pp9
    )?;
    outln!(
        "{:<56} {:>10.3} {:>14.1}",
        format!(
            "warm bundle, seed-2 ({} changes, {tokens10} tok, median of {rounds})",
            seed2.facts.len()
        ),
        w10,
        pp10
    )?;
    outln!(
        "{:<56} {:>10.3} {:>14.1}",
        format!("warm bundle, 50 changes (median of {rounds})"),
        w50,
        pp50
    )?;
    outln!(
        "{:<56} {:>10} {:>14.1}",
        format!(
            "llama.cpp raw pp{} (floor, median of {})",
            raw.pp_tokens,
            rounds + 1
        ),
        "",
        raw_pp_median
    )?;
    outln!(
        "{:<56} {:>10} {:>14.1}",
        format!(
            "llama.cpp raw pp{} @ d{depth} (floor at the prefix's depth)",
            raw.pp_tokens
        ),
        "",
        raw_deep_median
    )?;
    outln!(
        "{:<56} {:>10} {:>14.1}",
        format!("llama.cpp raw tg{} (floor, tokens/s)", raw.tg_tokens),
        "",
        raw.tg_tokens_per_second
    )?;
    outln!()?;
    let verdict = |r: &[f64; 3]| {
        if r.iter().all(|r| *r <= 1.30) {
            "met"
        } else {
            "NOT met"
        }
    };
    outln!(
        "prompt-processing ratio, raw pp{} @ d{depth} / advisor (median of {rounds} paired rounds): \
         seed-1 {:.3}x, seed-2 {:.3}x, 50 changes {:.3}x (target <= 1.30x): {}",
        raw.pp_tokens,
        ratios_deep[0],
        ratios_deep[1],
        ratios_deep[2],
        verdict(&ratios_deep)
    )?;
    outln!(
        "prompt-processing ratio, raw pp{} from an empty context / advisor (includes attention over \
         the {depth}-token prefix): seed-1 {:.3}x, seed-2 {:.3}x, 50 changes {:.3}x (<= 1.30x: {})",
        raw.pp_tokens,
        ratios0[0],
        ratios0[1],
        ratios0[2],
        verdict(&ratios0)
    )?;
    outln!(
        "warm 10-change bundle: {w10:.3} s (target <= 1.5 s): {}",
        if w10 <= 1.5 { "met" } else { "NOT met" }
    )?;
    Ok(ExitCode::SUCCESS)
}
