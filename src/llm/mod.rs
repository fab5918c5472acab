/*!
The local model stage: a GGUF model run by llama.cpp on the CPU as an
[`IntentAdvisor`](crate::engine::advisor::IntentAdvisor). OWNER: llm helper.

Without the `llm` feature the stage is reported as off.
*/
use std::path::Path;

use crate::engine::advisor::IntentAdvisor;

/// Loads the advisor for `model_path`. `Ok(None)` when the build has no `llm` feature.
/// Errors are one line (what is wrong, what to do).
pub fn load_advisor(model_path: &Path) -> Result<Option<Box<dyn IntentAdvisor>>, String> {
    let _ = model_path;
    Ok(None)
}

/// Where `fetch-model.sh` installs the embedded default model, relative to the repository root.
pub const DEFAULT_MODEL_RELATIVE_PATH: &str = "models/gemma-3-270m-it-Q4_K_M.gguf";
