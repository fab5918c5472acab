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
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::bail;

#[cfg(feature = "llm")]
use crate::eval::calibration;
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
            let path = model_file::resolve(args.home.as_deref(), model.as_deref())?;
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
            let path = model_file::resolve(args.home.as_deref(), model.as_deref())?;
            bench(&scenarios, &path, rounds.clamp(1, 100))
        }
    }
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
    let path = match model_file::resolve(home, None) {
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
    let cases = calibration::load_cases(dir)?;
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
    let mut judged = Vec::new();
    // Each case is printed as soon as it is judged: a run over a folder takes minutes.
    for case in cases.iter().filter(|c| !c.facts.is_empty()) {
        let j = calibration::judge_case(&mut advisor, case)?;
        outln!("{} (expected {}):", case.id, case.decision.as_str())?;
        for (k, (f, jc)) in case.facts.iter().zip(&j.judgements).enumerate() {
            let r = j.raw.get(k).copied().unwrap_or_default();
            let probabilities: Vec<String> = r.iter().map(|p| format!("{p:.3}")).collect();
            outln!(
                "  {:<12} {:.4}  {:<13} | {} | {}",
                jc.label.as_str(),
                jc.confidence,
                case.truth(&f.address).as_str(),
                probabilities.join(" "),
                f.address
            )?;
        }
        judged.push((case, j.judgements));
    }
    let c = calibration::summarize(&judged, threshold);
    outln!()?;
    outln!(
        "calibration: highest concern confidence (answer no) on non-veto cases = {:.4} ({}); suggested threshold {:.2}",
        c.max_pass,
        c.max_case.as_deref().unwrap_or("none"),
        c.suggested
    )?;
    let total = c.labelled_changes;
    let line = |name: &str, t: crate::eval::score::ScopeTally| -> std::io::Result<()> {
        let ok = t.right();
        outln!(
            "  {name:<22} accuracy {:>5.1}% ({ok}/{total})  [tp {} fp {} tn {} fn {}]",
            if total == 0 {
                0.0
            } else {
                100.0 * ok as f64 / total as f64
            },
            t.true_out,
            t.false_out,
            t.true_in,
            t.false_in
        )
    };
    outln!("per-change scope accuracy of the model alone (labelled cases):")?;
    line("raw labels", c.raw)?;
    line(&format!("at threshold {threshold:.2}"), c.at_threshold)?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(not(feature = "llm"))]
fn bench(_dir: &Path, _model: &Path, _rounds: usize) -> anyhow::Result<ExitCode> {
    bail!("this build has no `llm` feature; run scripts/bench-llm.sh (default features)")
}

#[cfg(feature = "llm")]
fn bench(dir: &Path, model: &Path, rounds: usize) -> anyhow::Result<ExitCode> {
    use crate::llm::bench::{self, Bundle};

    let cases = calibration::load_cases(dir)?;
    let (seed1, seed2, fifty) = calibration::bench_bundles(&cases, dir)?;

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
