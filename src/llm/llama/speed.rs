//! llama.cpp's raw speed on this machine, measured like `llama-bench`: the floor the
//! advisor's benchmark is compared against.

use super::runtime::{backend, model_for};
use super::*;

/// llama.cpp's raw speed on this machine, measured like `llama-bench` (pp = one batch of
/// `pp_tokens` prompt tokens, tg = `tg_tokens` greedy single-token steps), as the floor the
/// advisor is compared against.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RawSpeed {
    pub threads: usize,
    pub pp_tokens: usize,
    /// Tokens already in the context when the timed prompt decode starts (llama-bench's `-d`).
    pub depth: usize,
    pub pp_tokens_per_second: f64,
    pub tg_tokens: usize,
    pub tg_tokens_per_second: f64,
}

/// Measures [`RawSpeed`] with a fresh context on the (cached) model at `path`: llama.cpp's own
/// speed with its default context settings, like `llama-bench -p pp_tokens -n tg_tokens -d depth`.
///
/// `depth` tokens are decoded first, untimed, and the timed prompt decode follows them, so every
/// timed token also attends to the depth. A bundle's tokens follow the advisor's fixed prefix in
/// the same way, which is why the bench measures the floor at that depth as well as at 0.
pub fn raw_speed(
    path: &Path,
    threads: usize,
    pp_tokens: usize,
    tg_tokens: usize,
    depth: usize,
) -> Result<RawSpeed, LlmError> {
    let sha = hash_model_file(path)?;
    let model = model_for(path, &sha)?;
    let t = i32::try_from(threads.max(1)).unwrap_or(1);
    let n_ctx = u32::try_from(depth + pp_tokens + tg_tokens + 16).unwrap_or(4096);
    let n_batch = u32::try_from(pp_tokens.max(BATCH_TOKENS)).unwrap_or(4096);
    let params = LlamaContextParams::default()
        .with_n_ctx(NonZeroU32::new(n_ctx))
        .with_n_batch(n_batch)
        .with_n_ubatch(BATCH_TOKENS as u32)
        .with_n_threads(t)
        .with_n_threads_batch(t);
    let mut ctx = model
        .new_context(backend()?, params)
        .map_err(|e| LlmError::Context(e.to_string()))?;
    // Deterministic filler text, like llama-bench's random tokens but reproducible.
    let filler =
        "The station audits planned infrastructure changes. ".repeat((depth + pp_tokens) / 4 + 8);
    let mut all = model.vocab().tokenize(filler.as_bytes(), true, false);
    all.truncate(depth + pp_tokens);
    let depth = depth.min(all.len());
    let (context, tokens) = all.split_at(depth);
    for (c, chunk) in context.chunks(BATCH_TOKENS).enumerate() {
        let mut batch = LlamaBatch::new(chunk.len(), 1);
        for (i, tok) in chunk.iter().enumerate() {
            batch
                .add(*tok, to_pos(c * BATCH_TOKENS + i)?, &[0], false)
                .map_err(|e| LlmError::Decode(e.to_string()))?;
        }
        ctx.decode(&mut batch)
            .map_err(|e| LlmError::Decode(e.to_string()))?;
    }
    let mut batch = LlamaBatch::new(pp_tokens.max(1), 1);
    for (i, tok) in tokens.iter().enumerate() {
        batch
            .add(*tok, to_pos(depth + i)?, &[0], i + 1 == tokens.len())
            .map_err(|e| LlmError::Decode(e.to_string()))?;
    }
    let t0 = Instant::now();
    ctx.decode(&mut batch)
        .map_err(|e| LlmError::Decode(e.to_string()))?;
    let pp_s = t0.elapsed().as_secs_f64();

    let mut sampler = LlamaSampler::greedy();
    let mut last = batch.n_tokens() - 1;
    let mut one = LlamaBatch::new(1, 1);
    let t1 = Instant::now();
    for pos in depth + tokens.len()..depth + tokens.len() + tg_tokens {
        let tok = sampler.sample(&ctx, last);
        one.clear();
        one.add(tok, to_pos(pos)?, &[0], true)
            .map_err(|e| LlmError::Decode(e.to_string()))?;
        ctx.decode(&mut one)
            .map_err(|e| LlmError::Decode(e.to_string()))?;
        last = 0;
    }
    let tg_s = t1.elapsed().as_secs_f64();
    Ok(RawSpeed {
        threads: threads.max(1),
        pp_tokens: tokens.len(),
        depth,
        pp_tokens_per_second: tokens.len() as f64 / pp_s,
        tg_tokens,
        tg_tokens_per_second: if tg_tokens == 0 {
            0.0
        } else {
            tg_tokens as f64 / tg_s
        },
    })
}
