/*!
The local model stage: a GGUF model run by llama.cpp on the CPU as an
[`IntentAdvisor`](crate::engine::advisor::IntentAdvisor).

The model is a second, advisory opinion on scope: for each planned change it answers one narrow
question, `yes` or `no` (grammar-constrained, greedy): did the request ask for this change, or is
it needed by something the request asked for? The confidence is taken from the answer tokens'
probabilities at the decision position. The engine turns a confident `no` (label `out_of_scope`)
into an `llm_intent_concern` finding (cured by `human_review`) and writes the answer into the
`intent_unclear` finding of a change the deterministic analysis could not decide; the model can
never remove a finding or lower a decision. Any failure (load, timeout, grammar) is an `Err` from
`judge`, and the engine fails closed with a `human_review` finding carrying the reason.

- [`prompt`]: the prompt text, few-shot examples, untrusted-data delimiting ([`prompt::PROMPT_VERSION`]).
- [`grammar`]: the GBNF yes/no grammar ([`grammar::GRAMMAR_VERSION`]).
- `llama` (feature `llm`): the llama.cpp runner (`mod`), its process-wide state (`runtime`),
  answer tokens and sampling (`labels`) and raw speed for the benchmark (`speed`).

Without the `llm` feature, [`load_advisor`] returns `Ok(None)` and the stage is reported as off.
*/
#[cfg(feature = "llm")]
pub mod bench;
pub mod grammar;
#[cfg(feature = "llm")]
pub mod llama;
pub mod prompt;

use std::collections::BTreeSet;
use std::io::Read;
use std::path::Path;
use std::time::Duration;

use sha2::{Digest, Sha256};

use crate::engine::advisor::IntentAdvisor;

/// Where `scripts/fetch-model.sh` installs the embedded default model, relative to the repository
/// root.
pub const DEFAULT_MODEL_RELATIVE_PATH: &str = "models/gemma-3-270m-q4_k_m.gguf";

/// SHA-256 of the embedded default model (Gemma 3 270M, Q4_K_M), pinned in DESIGN.md.
pub const DEFAULT_MODEL_SHA256: &str =
    "a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818";

/// Confidence at or above which a `no` (label `out_of_scope`) raises `llm_intent_concern`.
///
/// Calibration method (`airgap-audit model calibrate DIR`, run 2026-12-04 with the default model,
/// prompt `in-scope-question/6+fewshot`, grammar `in-scope-yes-no-gbnf/1`, contextual calibration
/// on, flash attention, 2 threads): judge every change of every scenario of a development folder
/// (49 cases drawn from `examples/corpus/dev` and `dev2`: the 19 first wordings whose plans hold an
/// out-of-scope change and 30 honest cases; never the held-out parts); among the scenarios whose
/// expected decision is not `veto` (cases a human lets through, at once or after the approvals
/// they list; an added `human_review` would change their outcome), take the highest confidence of
/// any `no`; add a 0.05 margin for numeric drift; round up to 0.01; and never go under
/// [`MIN_CONCERN_THRESHOLD`]. The highest was 0.574 (an Azure Key Vault role assignment the request
/// asked for), so the threshold is 0.63. At 0.50 the model's `no` answers on that set were 1 right
/// and 4 false concerns; at 0.63, 1 right and none false, out of 19 out-of-scope changes. At this
/// size the model is a weak second opinion (`models/README.md` has the figures); a larger GGUF
/// model (or another build of llama.cpp) should be re-calibrated with the same command.
pub const DEFAULT_CONCERN_THRESHOLD: f64 = 0.63;

/// The lowest threshold calibration may suggest: a concern needs the model to put at least even
/// odds on `no`. When the public cases show no false concern at all they say
/// nothing about how confident a false one on an unseen case would be, and a lower threshold would
/// let any near-tie add a human review.
pub const MIN_CONCERN_THRESHOLD: f64 = 0.50;

/// Default wall-clock budget for one bundle's judgement. Checked between decode steps (each a
/// bounded batch), so a stage that overruns fails closed shortly after the deadline.
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(120);

/// Largest model file `load_advisor` will open (bytes). A 270M Q4 model is ~250 MB; operators may
/// bring larger models, but not ones that cannot be reasonably run on a station CPU.
pub const MAX_MODEL_BYTES: u64 = 64 * 1024 * 1024 * 1024;

/// How the advisor runs. [`AdvisorConfig::default`] is what the station and `eval` use.
#[derive(Debug, Clone, PartialEq)]
pub struct AdvisorConfig {
    /// Threads for llama.cpp; `None` = the machine's physical cores ([`physical_cores`]).
    pub threads: Option<usize>,
    /// Context size in tokens (prefix + request + a group of changes).
    pub n_ctx: u32,
    /// Budget per bundle; exceeding it makes `judge` fail (the engine then fails closed).
    pub deadline: Duration,
    pub concern_threshold: f64,
    /// Include the few-shot examples in the fixed prefix (off only to measure their effect).
    pub few_shot: bool,
    /// Remove the model's label preference measured on content-free inputs (see
    /// `llama::LlamaAdvisor::load`).
    pub contextual_calibration: bool,
}

impl Default for AdvisorConfig {
    fn default() -> Self {
        AdvisorConfig {
            threads: None,
            n_ctx: 4096,
            deadline: DEFAULT_DEADLINE,
            concern_threshold: DEFAULT_CONCERN_THRESHOLD,
            few_shot: true,
            contextual_calibration: true,
        }
    }
}

/// Errors of the model stage. Each displays as one line: what is wrong, what to do.
#[derive(Debug, thiserror::Error)]
pub enum LlmError {
    #[error("model file {path} not found; run scripts/fetch-model.sh or `airgap-audit model install FILE`")]
    Missing { path: String },
    #[error("model path {path} is not a regular file (symlinks are not followed); point the station at the GGUF file itself")]
    NotAFile { path: String },
    #[error(
        "model file {path} is {size} bytes, over the {max} byte cap; use a smaller GGUF model"
    )]
    TooLarge { path: String, size: u64, max: u64 },
    #[error("cannot read model file {path}: {reason}; check the file and its permissions")]
    Read { path: String, reason: String },
    #[error("model file {path} is not a GGUF file; install a GGUF model")]
    NotGguf { path: String },
    #[error("llama.cpp could not load {path}; the file is damaged or not a supported model, install another GGUF model")]
    Load { path: String },
    #[error("llama.cpp backend failed to start: {0}; check the build and the machine")]
    Backend(String),
    #[error("llama.cpp context could not be created ({0}); lower the context size or free memory")]
    Context(String),
    #[error("the model's vocabulary cannot spell the answers yes and no as distinct tokens; use a model with a Gemma/Llama-style vocabulary")]
    Labels,
    #[error("the prompt does not fit the model context ({needed} > {n_ctx} tokens); raise the context size")]
    ContextFull { needed: usize, n_ctx: u32 },
    #[error("model decode failed: {0}; the model stage is unusable, ask for human review")]
    Decode(String),
    #[error("answer grammar failed: {0}; the model stage is unusable, ask for human review")]
    Grammar(String),
    #[error("model stage took longer than the {secs} s deadline; ask for human review or raise the deadline")]
    Timeout { secs: u64 },
}

/// Loads the advisor for `model_path` with the default configuration. `Ok(None)` when the build
/// has no `llm` feature. Errors are one line (what is wrong, what to do).
pub fn load_advisor(model_path: &Path) -> Result<Option<Box<dyn IntentAdvisor>>, String> {
    load_advisor_with(model_path, &AdvisorConfig::default())
}

/// [`load_advisor`] with an explicit configuration.
pub fn load_advisor_with(
    model_path: &Path,
    config: &AdvisorConfig,
) -> Result<Option<Box<dyn IntentAdvisor>>, String> {
    #[cfg(feature = "llm")]
    {
        let advisor = llama::LlamaAdvisor::load(model_path, config).map_err(|e| e.to_string())?;
        Ok(Some(Box::new(advisor)))
    }
    #[cfg(not(feature = "llm"))]
    {
        let _ = (model_path, config);
        Ok(None)
    }
}

/// True when this build carries the model stage.
pub const fn enabled() -> bool {
    cfg!(feature = "llm")
}

/// Checks that `path` is a regular GGUF file (no symlink) under [`MAX_MODEL_BYTES`] and returns
/// its SHA-256 (hex). The hash is what the verdict and the ledger record.
pub fn hash_model_file(path: &Path) -> Result<String, LlmError> {
    let shown = path.display().to_string();
    let meta = std::fs::symlink_metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => LlmError::Missing {
            path: shown.clone(),
        },
        _ => LlmError::Read {
            path: shown.clone(),
            reason: e.to_string(),
        },
    })?;
    if !meta.file_type().is_file() {
        return Err(LlmError::NotAFile { path: shown });
    }
    if meta.len() > MAX_MODEL_BYTES {
        return Err(LlmError::TooLarge {
            path: shown,
            size: meta.len(),
            max: MAX_MODEL_BYTES,
        });
    }
    let read_err = |e: std::io::Error| LlmError::Read {
        path: shown.clone(),
        reason: e.to_string(),
    };
    let mut file = std::fs::File::open(path).map_err(read_err)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut first = true;
    loop {
        let n = file.read(&mut buf).map_err(read_err)?;
        if n == 0 {
            break;
        }
        if first {
            // Checked on the first block read (GGUF files are far larger than 4 bytes).
            if !is_gguf_magic(buf.get(..n).unwrap_or_default()) {
                return Err(LlmError::NotGguf { path: shown });
            }
            first = false;
        }
        hasher.update(buf.get(..n).unwrap_or_default());
    }
    if first {
        return Err(LlmError::NotGguf { path: shown });
    }
    Ok(hex::encode(hasher.finalize()))
}

/// GGUF files start with the ASCII magic `GGUF`.
pub fn is_gguf_magic(head: &[u8]) -> bool {
    head.starts_with(b"GGUF")
}

/// Physical CPU cores available to this process: distinct (package, core) pairs from the sysfs
/// topology of online CPUs (or `/proc/cpuinfo`), never more than the CPUs the process may use.
/// Falls back to `available_parallelism`.
pub fn physical_cores() -> usize {
    let usable = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let physical = sysfs_physical_cores().or_else(|| {
        std::fs::read_to_string("/proc/cpuinfo")
            .ok()
            .and_then(|s| cpuinfo_physical_cores(&s))
    });
    match physical {
        Some(n) if n > 0 => n.min(usable),
        _ => usable,
    }
}

fn sysfs_physical_cores() -> Option<usize> {
    let online = std::fs::read_to_string("/sys/devices/system/cpu/online").ok()?;
    let mut cores = BTreeSet::new();
    for cpu in parse_cpu_list(&online)? {
        let base = format!("/sys/devices/system/cpu/cpu{cpu}/topology");
        let read = |f: &str| -> Option<String> {
            std::fs::read_to_string(format!("{base}/{f}"))
                .ok()
                .map(|s| s.trim().to_string())
        };
        cores.insert((read("physical_package_id")?, read("core_id")?));
    }
    (!cores.is_empty()).then_some(cores.len())
}

/// Parses a Linux CPU list such as `0-3,8,10-11`. `None` on anything malformed.
pub fn parse_cpu_list(s: &str) -> Option<Vec<u32>> {
    let mut out = Vec::new();
    for part in s.trim().split(',').filter(|p| !p.is_empty()) {
        match part.split_once('-') {
            Some((a, b)) => {
                let (a, b): (u32, u32) = (a.parse().ok()?, b.parse().ok()?);
                if b < a || b - a > 4096 {
                    return None;
                }
                out.extend(a..=b);
            }
            None => out.push(part.parse().ok()?),
        }
    }
    (!out.is_empty()).then_some(out)
}

/// Counts distinct (`physical id`, `core id`) pairs in `/proc/cpuinfo` text.
pub fn cpuinfo_physical_cores(cpuinfo: &str) -> Option<usize> {
    let mut cores = BTreeSet::new();
    for block in cpuinfo.split("\n\n") {
        let field = |name: &str| {
            block.lines().find_map(|l| {
                let (k, v) = l.split_once(':')?;
                (k.trim() == name).then(|| v.trim().to_string())
            })
        };
        if let Some(core) = field("core id") {
            cores.insert((field("physical id").unwrap_or_default(), core));
        }
    }
    (!cores.is_empty()).then_some(cores.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_lists_parse_strictly() {
        assert_eq!(
            parse_cpu_list("0-3,8,10-11\n"),
            Some(vec![0, 1, 2, 3, 8, 10, 11])
        );
        assert_eq!(parse_cpu_list("0"), Some(vec![0]));
        assert_eq!(parse_cpu_list("3-1"), None);
        assert_eq!(parse_cpu_list("a-b"), None);
        assert_eq!(parse_cpu_list(""), None);
    }

    #[test]
    fn cpuinfo_counts_cores_not_hyperthreads() {
        let info = "processor\t: 0\nphysical id\t: 0\ncore id\t\t: 0\n\n\
                    processor\t: 1\nphysical id\t: 0\ncore id\t\t: 0\n\n\
                    processor\t: 2\nphysical id\t: 0\ncore id\t\t: 1\n\n\
                    processor\t: 3\nphysical id\t: 1\ncore id\t\t: 0\n";
        assert_eq!(cpuinfo_physical_cores(info), Some(3));
        assert_eq!(cpuinfo_physical_cores("processor : 0\n"), None);
    }

    #[test]
    fn physical_cores_is_at_least_one_and_within_usable() {
        let n = physical_cores();
        let usable = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1);
        assert!(n >= 1 && n <= usable);
    }

    #[test]
    fn model_file_checks_refuse_non_gguf_symlinks_and_missing() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("none.gguf");
        assert!(matches!(
            hash_model_file(&missing),
            Err(LlmError::Missing { .. })
        ));
        let text = dir.path().join("text.gguf");
        std::fs::write(&text, b"not a model").unwrap();
        assert!(matches!(
            hash_model_file(&text),
            Err(LlmError::NotGguf { .. })
        ));
        let empty = dir.path().join("empty.gguf");
        std::fs::write(&empty, b"").unwrap();
        assert!(matches!(
            hash_model_file(&empty),
            Err(LlmError::NotGguf { .. })
        ));
        let good = dir.path().join("tiny.gguf");
        std::fs::write(&good, b"GGUF\x03\x00\x00\x00").unwrap();
        assert_eq!(
            hash_model_file(&good).unwrap(),
            hex::encode(Sha256::digest(b"GGUF\x03\x00\x00\x00"))
        );
        let link = dir.path().join("link.gguf");
        std::os::unix::fs::symlink(&good, &link).unwrap();
        assert!(matches!(
            hash_model_file(&link),
            Err(LlmError::NotAFile { .. })
        ));
        assert!(matches!(
            hash_model_file(dir.path()),
            Err(LlmError::NotAFile { .. })
        ));
    }

    #[test]
    fn errors_are_one_line() {
        let e = LlmError::Timeout { secs: 5 }.to_string();
        assert!(!e.contains('\n'));
    }

    #[cfg(not(feature = "llm"))]
    #[test]
    fn without_the_feature_the_stage_is_off() {
        assert!(!enabled());
        assert!(load_advisor(Path::new("models/none.gguf"))
            .unwrap()
            .is_none());
    }
}
