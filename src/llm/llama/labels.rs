//! The answer tokens and their choice: label tokens, the sampler over them, and the softmax
//! that gives a label's confidence.

use super::*;

/// The first token of each answer as the grammar writes it (`" yes"`, `" no"`). They must be
/// distinct, or the label probabilities at the decision position could not be told apart.
pub(super) fn label_tokens(model: &LlamaModel) -> Result<[LlamaToken; N_LABELS], LlmError> {
    let vocab = model.vocab();
    let mut out = [LlamaToken(0); N_LABELS];
    for (slot, (_, text)) in out.iter_mut().zip(LABELS.iter()) {
        *slot = *vocab
            .tokenize(text.as_bytes(), false, false)
            .first()
            .ok_or(LlmError::Labels)?;
    }
    let distinct: std::collections::BTreeSet<i32> = out.iter().map(|t| t.0).collect();
    if distinct.len() != out.len() {
        return Err(LlmError::Labels);
    }
    Ok(out)
}

/// Every token whose text (rendered the way llama.cpp's grammar sampler renders it) is a
/// non-empty substring of a label, in id order.
///
/// The grammar only ever produces label text, so at any step it accepts a token only if the text
/// so far plus the token's text is still (a prefix of) a label: that token's text lies inside a
/// label. Labels are therefore chosen among these few dozen tokens instead of all 262,144: the
/// grammar would set every other token to -inf anyway, and greedy selection keeps the first
/// maximum in id order, so the chosen token is exactly the one a full-vocabulary pass would
/// choose (the llm tests check this on real logits). It saves ~50 ms per label token on 2 cores.
pub(super) fn label_piece_tokens(model: &LlamaModel) -> Result<Vec<LlamaToken>, LlmError> {
    let vocab = model.vocab();
    let mut piece = Vec::with_capacity(64);
    let mut tokens = Vec::new();
    for id in 0..model.n_vocab() {
        piece.clear();
        vocab.token_to_piece_into(LlamaToken(id), &mut piece, true, None);
        let inside_a_label = !piece.is_empty()
            && LABELS.iter().any(|(_, text)| {
                text.as_bytes()
                    .windows(piece.len())
                    .any(|w| w == piece.as_slice())
            });
        if inside_a_label {
            tokens.push(LlamaToken(id));
        }
    }
    if tokens.is_empty() {
        return Err(LlmError::Labels);
    }
    Ok(tokens)
}

/// Applies the sampler chain (bias, grammar, greedy) to `candidates` with their logits at output
/// `at`, then accepts the chosen token, as `LlamaSampler::sample` does over the whole vocabulary.
pub(super) fn sample_among(
    ctx: &LlamaContext<'_>,
    sampler: &mut LlamaSampler,
    at: i32,
    candidates: &[LlamaToken],
) -> Result<LlamaToken, LlmError> {
    let logits = ctx.get_logits_ith(at);
    let mut array = LlamaTokenDataArray::from_iter(
        candidates.iter().map(|t| {
            let logit = usize::try_from(t.0)
                .ok()
                .and_then(|k| logits.get(k))
                .copied()
                .unwrap_or(f32::NEG_INFINITY);
            LlamaTokenData::new(*t, logit, 0.0)
        }),
        false,
    );
    array.apply_sampler(sampler);
    let token = array
        .selected_token()
        .ok_or_else(|| LlmError::Grammar("the sampler chose no label token".to_string()))?;
    sampler.accept(token);
    Ok(token)
}

pub(super) fn to_labels(p: &[f64]) -> [f64; N_LABELS] {
    let mut out = [0.0; N_LABELS];
    for (o, v) in out.iter_mut().zip(p) {
        *o = *v;
    }
    out
}

/// Numerically stable softmax; all `-inf` gives all zeros.
pub fn softmax(logits: &[f64]) -> Vec<f64> {
    let max = logits.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if !max.is_finite() {
        return vec![0.0; logits.len()];
    }
    let exps: Vec<f64> = logits.iter().map(|l| (l - max).exp()).collect();
    let sum: f64 = exps.iter().sum();
    exps.iter().map(|e| e / sum).collect()
}
