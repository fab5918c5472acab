//! llama.cpp's process-wide state: the backend, its log routed to `tracing`, the loaded
//! models, and the chat frame a model's template gives.

use super::*;

/// Where llama.cpp's C log callback lands.
#[allow(unsafe_code)] // each `unsafe` below carries its SAFETY reason
unsafe extern "C" fn log_to_tracing(
    _level: llama_cpp_sys_2::ggml_log_level,
    text: *const c_char,
    _user_data: *mut c_void,
) {
    if text.is_null() {
        return;
    }
    // SAFETY: llama.cpp passes a NUL-terminated string valid for the duration of the call.
    let text = unsafe { CStr::from_ptr(text) }.to_string_lossy();
    let line = text.trim_end();
    if !line.is_empty() {
        tracing::debug!(target: "llama_cpp", "{line}");
    }
}

/// Routes llama.cpp and ggml logging to `tracing` at debug level (once per process).
#[allow(unsafe_code)] // each `unsafe` below carries its SAFETY reason
pub fn route_logs_to_tracing() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // SAFETY: the callback is a plain function valid for the life of the process and takes
        // no user data.
        unsafe {
            llama_cpp_sys_2::llama_log_set(Some(log_to_tracing), std::ptr::null_mut());
            llama_cpp_sys_2::ggml_log_set(Some(log_to_tracing), std::ptr::null_mut());
        }
    });
}

pub(super) fn backend() -> Result<&'static LlamaBackend, LlmError> {
    static BACKEND: OnceLock<Result<LlamaBackend, String>> = OnceLock::new();
    route_logs_to_tracing();
    BACKEND
        .get_or_init(|| LlamaBackend::init().map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|e| LlmError::Backend(e.clone()))
}

/// Loads (or reuses) the model with this content hash. Models stay loaded for the life of the
/// process: a station judges many bundles with one model, and contexts borrow it.
pub(super) fn model_for(path: &Path, sha256: &str) -> Result<&'static LlamaModel, LlmError> {
    static MODELS: Mutex<Vec<(String, &'static LlamaModel)>> = Mutex::new(Vec::new());
    let backend = backend()?;
    let mut models = MODELS.lock().unwrap_or_else(|p| p.into_inner());
    if let Some((_, m)) = models.iter().find(|(h, _)| h == sha256) {
        return Ok(m);
    }
    let model =
        LlamaModel::load_from_file(backend, path, &LlamaModelParams::default()).map_err(|e| {
            tracing::debug!("llama.cpp load error: {e}");
            LlmError::Load {
                path: path.display().to_string(),
            }
        })?;
    let model: &'static LlamaModel = Box::leak(Box::new(model));
    models.push((sha256.to_string(), model));
    Ok(model)
}

/// The model's chat frame, from the chat template its GGUF carries, rendered by llama.cpp around
/// a sentinel message; without one, the format of its architecture when known (Gemma, the
/// embedded default's). Verdicts name a frame only when it is not the built-in Gemma one:
/// `; chat template from the model` or `; no chat template (plain text)`.
pub(super) fn chat_frame(model: &LlamaModel) -> (prompt::ChatFrame, &'static str) {
    const SENTINEL: &str = "\u{1}";
    let rendered = match model.chat_template(None) {
        Err(e) => {
            tracing::debug!(error = %e, "the model carries no chat template");
            None
        }
        Ok(tmpl) => LlamaChatMessage::new("user".to_string(), SENTINEL.to_string())
            .map_err(|e| e.to_string())
            .and_then(|msg| {
                model
                    .apply_chat_template(&tmpl, &[msg], true)
                    .map_err(|e| e.to_string())
            })
            .map_err(|e| tracing::debug!(error = %e, "the chat template could not be rendered"))
            .ok(),
    };
    tracing::debug!(rendered = ?rendered, "chat template rendered around a sentinel");
    // A GGUF without a template (the embedded default's quantization carries none) is prompted
    // in its architecture's format when this file knows it.
    let gemma = || {
        model
            .meta_val_str("general.architecture")
            .is_ok_and(|a| a.starts_with("gemma"))
    };
    match rendered.and_then(|r| prompt::ChatFrame::from_rendered(&r, SENTINEL)) {
        Some(frame) if frame == prompt::ChatFrame::gemma() => (frame, ""),
        Some(frame) => (frame, "; chat template from the model"),
        None if gemma() => (prompt::ChatFrame::gemma(), ""),
        None => (
            prompt::ChatFrame {
                user_open: String::new(),
                answer_open: "\n".to_string(),
            },
            "; no chat template (plain text)",
        ),
    }
}
