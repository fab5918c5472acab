/*!
The llama.cpp runner behind the [`IntentAdvisor`] seam (feature `llm`).

How one bundle is judged (all on the CPU, greedy, fixed thread count, so it reproduces):

1. At load, the file is hashed once (the SHA-256 the verdict records), the model is loaded (once
   per process and content hash; it stays mapped until exit), and the fixed prefix (instructions +
   few-shot examples, [`super::prompt::prefix`]) is decoded once into sequence 0. Its KV cache is
   kept for the life of the advisor.
2. Per bundle, the request text (untrusted; tokenized with special-token parsing off) follows
   the prefix, and the changes are judged in groups: the prefix in sequence 0 is shared into
   sequences 1..=G (`seq_cp` on a unified KV cache only shares cells, nothing is recomputed), the
   request tokens are added once for all of them (one token, many sequence ids), each change's
   facts go into its own sequence, and the whole group is one batched decode. Changes never see
   each other, so one change's text cannot sway another's label.
3. At each change's decision position (after ` =>`), the answer (`yes` or `no`, one narrow
   question per change, see [`super::prompt`]) is produced by a sampler chain
   of a fixed logit bias on the answer tokens (contextual calibration, measured once at load
   on content-free inputs), the GBNF grammar and greedy selection, applied to the few tokens
   whose text lies inside a label (`label_piece_tokens`; the same choice as over the whole
   vocabulary, ~50 ms cheaper per label). The chosen token is accepted once. The confidence is
   the softmax over the (biased) logits of the answer tokens at that position: a property of
   the model's distribution, not a number the model writes.
4. The group's sequences and the request are then removed (`seq_rm`), leaving exactly the prefix
   for the next bundle. The SWA layers of Gemma 3 use a full-size cache (`swa_full`) so removing
   positions past the prefix is exact.

Failures (decode error, grammar failure, deadline exceeded) return `Err`; the KV cache is reset to
the prefix at the start of every `judge`, so one failed bundle does not poison the next.

llama.cpp's own log (C callback) is routed to `tracing` at debug level, target `llama_cpp`.
*/
use std::ffi::{c_char, c_void, CStr};
use std::num::NonZeroU32;
use std::path::Path;
use std::sync::{Mutex, Once, OnceLock};
use std::time::{Duration, Instant};

use llama_cpp_2::context::params::LlamaContextParams;
use llama_cpp_2::context::LlamaContext;
use llama_cpp_2::llama_backend::LlamaBackend;
use llama_cpp_2::llama_batch::LlamaBatch;
use llama_cpp_2::model::params::LlamaModelParams;
use llama_cpp_2::model::{LlamaChatMessage, LlamaModel};
use llama_cpp_2::sampling::LlamaSampler;
use llama_cpp_2::token::data::LlamaTokenData;
use llama_cpp_2::token::data_array::LlamaTokenDataArray;
use llama_cpp_2::token::logit_bias::LlamaLogitBias;
use llama_cpp_2::token::LlamaToken;

use super::grammar::{self, GBNF, GRAMMAR_VERSION, LABELS, N_LABELS};
use super::prompt::{self, Segment, PROMPT_VERSION};
use super::{hash_model_file, physical_cores, AdvisorConfig, LlmError};
use crate::engine::advisor::{AdvisorInfo, ChangeFacts, ChangeJudgement, IntentAdvisor};
use labels::{label_piece_tokens, label_tokens, sample_among, to_labels};
use runtime::{backend, chat_frame, model_for};

pub use labels::softmax;
pub use runtime::route_logs_to_tracing;
pub use speed::{raw_speed, RawSpeed};

mod labels;
mod runtime;
mod speed;

/// Most tokens per decode call (and per physical micro-batch). Bounds how long one step can run,
/// so the deadline is checked at least this often.
const BATCH_TOKENS: usize = 512;
/// Fewest tokens per decode call: below this, CPU prompt processing loses its matrix speed.
const MIN_BATCH_TOKENS: usize = 128;
/// The model size [`BATCH_TOKENS`] is sized for (the embedded default has about 270M).
const REFERENCE_PARAMS: u64 = 300_000_000;

/// Tokens per decode call for a model of `params` parameters and a context of `n_ctx`: a step
/// costs about tokens x parameters, so a larger model gets a smaller batch and a step takes
/// about as long as one of the default model's; never below [`MIN_BATCH_TOKENS`], never above
/// [`BATCH_TOKENS`] or half the context. A multiple of 32.
fn batch_tokens_for(params: u64, n_ctx: u32) -> usize {
    let scaled = if params == 0 {
        BATCH_TOKENS
    } else {
        let s = (BATCH_TOKENS as u128 * u128::from(REFERENCE_PARAMS)) / u128::from(params);
        usize::try_from(s).unwrap_or(BATCH_TOKENS)
    };
    let half_ctx = usize::try_from(n_ctx / 2).unwrap_or(BATCH_TOKENS);
    let tokens = scaled
        .clamp(MIN_BATCH_TOKENS, BATCH_TOKENS)
        .min(half_ctx.max(32));
    (tokens / 32).max(1) * 32
}
/// Sequences per context: sequence 0 holds prefix + request, 1.. hold one change each.
const MAX_SEQUENCES: u32 = 33;
/// A grammar label is at most this many tokens, whatever the tokenization.
const MAX_LABEL_TOKENS: usize = 6;

/// Timings of the last [`LlamaAdvisor::judge`] call, for benchmarks and logs.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct JudgeStats {
    pub changes: usize,
    /// Tokens decoded as prompt (request + change facts).
    pub prompt_tokens: usize,
    /// Extra single-token decodes needed when a label spanned several tokens.
    pub label_steps: usize,
    /// Time spent in prompt decodes (request + facts), the part comparable to raw pp speed.
    pub prompt_seconds: f64,
    pub total_seconds: f64,
}

/// Timings of [`LlamaAdvisor::load`].
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct LoadStats {
    pub hash_seconds: f64,
    pub load_seconds: f64,
    pub prefix_tokens: usize,
    pub prefix_seconds: f64,
    /// The three content-free probes of contextual calibration.
    pub bias_probe_seconds: f64,
}

/// The local model as an [`IntentAdvisor`].
pub struct LlamaAdvisor {
    model: &'static LlamaModel,
    ctx: LlamaContext<'static>,
    batch: LlamaBatch<'static>,
    /// Tokens per decode call, sized from the model ([`batch_tokens_for`]).
    batch_tokens: usize,
    config: AdvisorConfig,
    info: AdvisorInfo,
    prefix_len: usize,
    /// First token of each label, in [`LABELS`] order.
    label_tokens: [LlamaToken; N_LABELS],
    /// Every token whose text occurs inside a label, in id order: a superset of what the
    /// grammar can accept at any step (see [`label_piece_tokens`]).
    candidates: Vec<LlamaToken>,
    /// Sample label tokens over the whole vocabulary instead of over `candidates` (same result,
    /// slower; for the equivalence test).
    full_vocab_sampling: bool,
    /// Added to the label tokens' logits (contextual calibration, see [`LlamaAdvisor::load`]).
    label_bias: [f64; N_LABELS],
    load_stats: LoadStats,
    last: JudgeStats,
    /// Per change of the last judgement: label probabilities before and after the bias.
    last_raw: Vec<[f64; N_LABELS]>,
    last_calibrated: Vec<[f64; N_LABELS]>,
}

impl LlamaAdvisor {
    /// Hashes and loads the model, creates a context and decodes the fixed prefix.
    pub fn load(path: &Path, config: &AdvisorConfig) -> Result<LlamaAdvisor, LlmError> {
        let t0 = Instant::now();
        let sha256 = hash_model_file(path)?;
        let hash_seconds = t0.elapsed().as_secs_f64();
        let t1 = Instant::now();
        let model = model_for(path, &sha256)?;
        let load_seconds = t1.elapsed().as_secs_f64();

        let threads = config.threads.unwrap_or_else(physical_cores).clamp(1, 256);
        let threads_i32 = i32::try_from(threads).unwrap_or(1);
        // The context is what the station asks for, but never more than the model was trained
        // with (a small model cannot attend further; a large one needs no more for one bundle).
        let trained = model.n_ctx_train();
        let wanted = if trained > 0 {
            config.n_ctx.min(trained)
        } else {
            config.n_ctx
        };
        let n_ctx = NonZeroU32::new(wanted.max(512));
        // The batch is sized from the model too: a larger model gets fewer tokens per step.
        let batch_tokens = batch_tokens_for(model.n_params(), wanted.max(512));
        let (frame, frame_source) = chat_frame(model);
        let params = LlamaContextParams::default()
            .with_n_ctx(n_ctx)
            .with_n_batch(batch_tokens as u32)
            .with_n_ubatch(batch_tokens as u32)
            .with_n_seq_max(MAX_SEQUENCES)
            .with_n_threads(threads_i32)
            .with_n_threads_batch(threads_i32)
            .with_swa_full(true)
            .with_kv_unified(true)
            // Flash attention (llama.cpp's CPU kernel; skips masked cells, so another sequence's
            // cells never enter a change's sums). Measured on 2 cores against plain attention on
            // seed scenario 2, interleaved with the raw floor: 1.18x of raw pp instead of 1.33x.
            .with_flash_attention_policy(llama_cpp_sys_2::LLAMA_FLASH_ATTN_TYPE_ENABLED);
        let ctx = model
            .new_context(backend()?, params)
            .map_err(|e| LlmError::Context(e.to_string()))?;

        let label_tokens = label_tokens(model)?;
        let candidates = label_piece_tokens(model)?;
        let info = AdvisorInfo {
            model_sha256: sha256,
            prompt_version: format!(
                "{PROMPT_VERSION}+{}",
                if config.few_shot { "fewshot" } else { "zeroshot" }
            ),
            grammar_version: GRAMMAR_VERSION.to_string(),
            sampling: format!(
                "greedy (grammar-constrained, no RNG); threads={threads}; ctx={}; batch={batch_tokens}; \
                 attention=flash; confidence=softmax over label-token logits{frame_source}",
                ctx.n_ctx()
            ),
            concern_threshold: config.concern_threshold,
        };
        let mut advisor = LlamaAdvisor {
            model,
            ctx,
            batch: LlamaBatch::new(batch_tokens, MAX_SEQUENCES as i32),
            batch_tokens,
            config: config.clone(),
            info,
            prefix_len: 0,
            label_tokens,
            candidates,
            full_vocab_sampling: false,
            label_bias: [0.0; N_LABELS],
            load_stats: LoadStats {
                hash_seconds,
                load_seconds,
                ..LoadStats::default()
            },
            last: JudgeStats::default(),
            last_raw: Vec::new(),
            last_calibrated: Vec::new(),
        };
        let t2 = Instant::now();
        let prefix = model.vocab().tokenize(
            prompt::prefix_in(&frame, config.few_shot).as_bytes(),
            true,
            true,
        );
        if prefix.len() + 64 > advisor.ctx.n_ctx() as usize {
            return Err(LlmError::ContextFull {
                needed: prefix.len() + 64,
                n_ctx: advisor.ctx.n_ctx(),
            });
        }
        // No deadline for the prefix: it is part of loading, not of judging a bundle.
        let far = t2 + Duration::from_secs(24 * 3600);
        advisor.decode_into(&prefix, 0, 0, far)?;
        advisor.prefix_len = prefix.len();
        advisor.load_stats.prefix_tokens = prefix.len();
        advisor.load_stats.prefix_seconds = t2.elapsed().as_secs_f64();
        let t3 = Instant::now();
        if config.contextual_calibration {
            advisor.label_bias = advisor.content_free_bias()?;
        }
        advisor.load_stats.bias_probe_seconds = t3.elapsed().as_secs_f64();
        advisor.info.sampling = format!(
            "{}; label bias [{}]",
            advisor.info.sampling,
            advisor
                .label_bias
                .iter()
                .zip(LABELS.iter())
                .map(|(b, (l, _))| format!("{}={b:+.3}", l.as_str()))
                .collect::<Vec<_>>()
                .join(", ")
        );
        Ok(advisor)
    }

    /// Contextual calibration (Zhao et al., 2021, "Calibrate Before Use"): a small model prefers
    /// some labels whatever the input. The label distribution it gives for content-free inputs
    /// (the same prompt with every fact and the request replaced by `N/A`, by nothing, and by
    /// `[MASK]`) measures that preference; its negative log is added to the label logits so that
    /// a content-free input would get a uniform distribution. Computed once per load, from the
    /// model and prompt alone (nothing scenario-specific), and recorded in the sampling settings.
    fn content_free_bias(&mut self) -> Result<[f64; N_LABELS], LlmError> {
        let mut mean = [0.0f64; N_LABELS];
        let probes = ["N/A", "", "[MASK]"];
        // Part of loading: the per-bundle deadline does not apply.
        let deadline = std::mem::replace(&mut self.config.deadline, Duration::from_secs(24 * 3600));
        let result = self.content_free_mean(&probes, &mut mean);
        self.config.deadline = deadline;
        result?;
        let top = mean.iter().copied().fold(f64::MIN_POSITIVE, f64::max);
        let mut bias = [0.0f64; N_LABELS];
        for (b, p) in bias.iter_mut().zip(mean) {
            *b = (top.ln() - p.max(1e-9).ln()).clamp(0.0, 20.0);
        }
        Ok(bias)
    }

    fn content_free_mean(
        &mut self,
        probes: &[&str],
        mean: &mut [f64; N_LABELS],
    ) -> Result<(), LlmError> {
        for &probe in probes {
            let facts = ChangeFacts {
                address: probe.to_string(),
                action: probe.to_string(),
                resource_type: probe.to_string(),
                category: probe.to_string(),
                environment: Some(probe.to_string()),
                attributes: Vec::new(),
            };
            self.judge_changes(probe, std::slice::from_ref(&facts))?;
            let raw = self
                .last_raw
                .first()
                .copied()
                .unwrap_or([1.0 / N_LABELS as f64; N_LABELS]);
            for (m, p) in mean.iter_mut().zip(raw) {
                *m += p / probes.len() as f64;
            }
        }
        Ok(())
    }

    /// Token ids of one prompt segment as the advisor tokenizes it (trusted: special tokens
    /// parsed; untrusted: not), for tests and audits of the prompt handling.
    pub fn tokens_of(&self, segment: &Segment) -> Vec<i32> {
        self.tokenize(std::slice::from_ref(segment))
            .into_iter()
            .map(|t| t.0)
            .collect()
    }

    /// Label probabilities (in [`LABELS`] order) of the last judgement, per change: raw, and
    /// after the contextual-calibration bias (the latter give the confidences).
    pub fn last_probabilities(&self) -> (&[[f64; N_LABELS]], &[[f64; N_LABELS]]) {
        (&self.last_raw, &self.last_calibrated)
    }

    /// Chooses label tokens over the whole vocabulary (`true`) or only over the tokens whose
    /// text occurs inside a label (`false`, the default). Both give the same tokens; the switch
    /// exists so a test can prove it on real logits.
    pub fn set_full_vocab_sampling(&mut self, on: bool) {
        self.full_vocab_sampling = on;
    }

    /// How many vocabulary tokens are considered when a label token is chosen.
    pub fn label_token_candidates(&self) -> usize {
        self.candidates.len()
    }

    pub fn label_bias(&self) -> [f64; N_LABELS] {
        self.label_bias
    }

    pub fn load_stats(&self) -> LoadStats {
        self.load_stats
    }

    pub fn last_stats(&self) -> JudgeStats {
        self.last
    }

    pub fn prefix_tokens(&self) -> usize {
        self.prefix_len
    }

    /// Tokenizes prompt segments: trusted text with special-token parsing on (chat markers),
    /// untrusted text with it off. Never adds BOS (the prefix already has it).
    fn tokenize(&self, segments: &[Segment]) -> Vec<LlamaToken> {
        let vocab = self.model.vocab();
        let mut out = Vec::new();
        for seg in segments {
            match seg {
                Segment::Trusted(t) => out.extend(vocab.tokenize(t.as_bytes(), false, true)),
                Segment::Untrusted(t) => out.extend(vocab.tokenize(t.as_bytes(), false, false)),
            }
        }
        out
    }

    /// Decodes `tokens` into `seq` from position `pos`, in bounded steps, without logits.
    fn decode_into(
        &mut self,
        tokens: &[LlamaToken],
        seq: i32,
        pos: usize,
        deadline: Instant,
    ) -> Result<(), LlmError> {
        for (i, chunk) in tokens.chunks(self.batch_tokens).enumerate() {
            check_deadline(deadline, &self.config)?;
            self.batch.clear();
            let start = pos + i * self.batch_tokens;
            for (j, tok) in chunk.iter().enumerate() {
                self.batch
                    .add(*tok, to_pos(start + j)?, &[seq], false)
                    .map_err(|e| LlmError::Decode(e.to_string()))?;
            }
            self.ctx
                .decode(&mut self.batch)
                .map_err(|e| LlmError::Decode(e.to_string()))?;
        }
        Ok(())
    }

    /// Drops everything after the prefix: the request in sequence 0 and all change sequences.
    fn reset_to_prefix(&mut self) -> Result<(), LlmError> {
        let prefix = u32::try_from(self.prefix_len).map_err(|e| LlmError::Decode(e.to_string()))?;
        self.ctx
            .clear_kv_cache_seq(Some(0), Some(prefix), None)
            .map_err(|e| LlmError::Decode(e.to_string()))?;
        for s in 1..MAX_SEQUENCES {
            self.ctx
                .clear_kv_cache_seq(Some(s), None, None)
                .map_err(|e| LlmError::Decode(e.to_string()))?;
        }
        Ok(())
    }

    /// Judges every change; the caller gets one judgement per change, in order.
    pub fn judge_changes(
        &mut self,
        request_text: &str,
        changes: &[ChangeFacts],
    ) -> Result<Vec<ChangeJudgement>, LlmError> {
        let started = Instant::now();
        let deadline = started + self.config.deadline;
        self.last = JudgeStats {
            changes: changes.len(),
            ..JudgeStats::default()
        };
        self.last_raw.clear();
        self.last_calibrated.clear();
        self.reset_to_prefix()?;
        let result = self.judge_inner(request_text, changes, deadline);
        // Leave exactly the prefix behind, whatever happened.
        let cleanup = self.reset_to_prefix();
        self.last.total_seconds = started.elapsed().as_secs_f64();
        let judgements = result?;
        cleanup?;
        Ok(judgements)
    }

    fn judge_inner(
        &mut self,
        request_text: &str,
        changes: &[ChangeFacts],
        deadline: Instant,
    ) -> Result<Vec<ChangeJudgement>, LlmError> {
        if changes.is_empty() {
            return Ok(Vec::new());
        }
        let n_ctx = self.ctx.n_ctx() as usize;
        let request = self.tokenize(&prompt::request_segments(request_text));
        let base = self.prefix_len + request.len();
        let per_change: Vec<Vec<LlamaToken>> = changes
            .iter()
            .map(|c| self.tokenize(&prompt::change_segments(c)))
            .collect();
        let longest = per_change.iter().map(Vec::len).max().unwrap_or(0);
        // Facts are capped in `prompt`, so this only trips on a context set far too small.
        let batch_tokens = self.batch_tokens;
        if base + longest.min(batch_tokens) + MAX_LABEL_TOKENS > n_ctx || longest > batch_tokens {
            return Err(LlmError::ContextFull {
                needed: base + longest + MAX_LABEL_TOKENS,
                n_ctx: self.ctx.n_ctx(),
            });
        }
        // The request rides in the first group's batch (its tokens belong to every sequence of
        // the group), unless it is too long to share a batch with the first change.
        let first_len = per_change.first().map_or(0, Vec::len);
        let mut pending_request = if request.len() + first_len <= batch_tokens {
            Some(request.as_slice())
        } else {
            let t = Instant::now();
            self.decode_into(&request, 0, self.prefix_len, deadline)?;
            self.last.prompt_seconds += t.elapsed().as_secs_f64();
            self.last.prompt_tokens += request.len();
            None
        };

        // Pack consecutive changes into groups that fit one decode step and the free context.
        let mut judgements = Vec::with_capacity(changes.len());
        let mut start = 0;
        while start < per_change.len() {
            let mut end = start;
            let mut tokens = pending_request.map_or(0, <[LlamaToken]>::len);
            while end < per_change.len() {
                let len = per_change.get(end).map_or(0, Vec::len);
                let seqs = end - start + 1;
                let fits_batch = tokens + len <= batch_tokens;
                let fits_ctx = base + tokens + len + seqs * MAX_LABEL_TOKENS <= n_ctx;
                if seqs >= MAX_SEQUENCES as usize || !(fits_batch && fits_ctx) {
                    break;
                }
                tokens += len;
                end += 1;
            }
            if end == start {
                return Err(LlmError::ContextFull {
                    needed: base + tokens + first_len,
                    n_ctx: self.ctx.n_ctx(),
                });
            }
            let group = per_change.get(start..end).unwrap_or_default();
            let facts = changes.get(start..end).unwrap_or_default();
            judgements.extend(self.judge_group(group, facts, base, pending_request, deadline)?);
            pending_request = None;
            start = end;
        }
        Ok(judgements)
    }

    /// One batched decode for a group of changes (sequence i+1 = change i), then the labels.
    fn judge_group(
        &mut self,
        group: &[Vec<LlamaToken>],
        facts: &[ChangeFacts],
        base: usize,
        request: Option<&[LlamaToken]>,
        deadline: Instant,
    ) -> Result<Vec<ChangeJudgement>, LlmError> {
        check_deadline(deadline, &self.config)?;
        // Sequences share what sequence 0 already holds: the prefix, plus the request unless it
        // is decoded in this very batch.
        let shared = if request.is_some() {
            self.prefix_len
        } else {
            base
        };
        let shared_u32 = u32::try_from(shared).map_err(|e| LlmError::Decode(e.to_string()))?;
        let seqs: Vec<i32> = (0..=group.len())
            .map(|i| i32::try_from(i).map_err(|e| LlmError::Decode(e.to_string())))
            .collect::<Result<_, _>>()?;
        self.batch.clear();
        if let Some(req) = request {
            for (j, tok) in req.iter().enumerate() {
                self.batch
                    .add(*tok, to_pos(self.prefix_len + j)?, &seqs, false)
                    .map_err(|e| LlmError::Decode(e.to_string()))?;
            }
            self.last.prompt_tokens += req.len();
        }
        let mut logit_index = Vec::with_capacity(group.len());
        let mut next_pos = Vec::with_capacity(group.len());
        for (i, toks) in group.iter().enumerate() {
            let seq = i32::try_from(i + 1).map_err(|e| LlmError::Decode(e.to_string()))?;
            self.ctx
                .copy_kv_cache_seq(0, seq, Some(0), Some(shared_u32))
                .map_err(|e| LlmError::Decode(e.to_string()))?;
            for (j, tok) in toks.iter().enumerate() {
                let last = j + 1 == toks.len();
                if last {
                    logit_index.push(self.batch.n_tokens());
                }
                self.batch
                    .add(*tok, to_pos(base + j)?, &[seq], last)
                    .map_err(|e| LlmError::Decode(e.to_string()))?;
            }
            next_pos.push(base + toks.len());
            self.last.prompt_tokens += toks.len();
        }
        let t = Instant::now();
        self.ctx
            .decode(&mut self.batch)
            .map_err(|e| LlmError::Decode(e.to_string()))?;
        self.last.prompt_seconds += t.elapsed().as_secs_f64();

        // Confidence: softmax over the (bias-adjusted) label tokens' logits at the decision
        // position.
        let mut confidences = Vec::with_capacity(group.len());
        for &idx in &logit_index {
            let logits = self.ctx.get_logits_ith(idx);
            let raw: Vec<f64> = self
                .label_tokens
                .iter()
                .map(|t| {
                    usize::try_from(t.0)
                        .ok()
                        .and_then(|k| logits.get(k))
                        .map_or(f64::NEG_INFINITY, |&l| f64::from(l))
                })
                .collect();
            let adjusted: Vec<f64> = raw
                .iter()
                .zip(self.label_bias)
                .map(|(l, b)| l + b)
                .collect();
            let (p_raw, p_adj) = (softmax(&raw), softmax(&adjusted));
            self.last_raw.push(to_labels(&p_raw));
            self.last_calibrated.push(to_labels(&p_adj));
            confidences.push(p_adj);
        }

        // Labels: bias, grammar, greedy per sequence; multi-token labels take extra steps.
        let biases: Vec<LlamaLogitBias> = self
            .label_tokens
            .iter()
            .zip(self.label_bias)
            .map(|(t, b)| LlamaLogitBias::new(*t, b as f32))
            .collect();
        let n_vocab = self.model.n_vocab();
        let mut samplers = Vec::with_capacity(group.len());
        for _ in group {
            let g = LlamaSampler::grammar(self.model, GBNF, grammar::ROOT)
                .map_err(|e| LlmError::Grammar(e.to_string()))?;
            samplers.push(LlamaSampler::chain_simple([
                LlamaSampler::logit_bias(n_vocab, &biases),
                g,
                LlamaSampler::greedy(),
            ]));
        }
        let mut texts = vec![String::new(); group.len()];
        let mut done = vec![false; group.len()];
        let mut idx: Vec<i32> = logit_index.clone();
        for step in 0..MAX_LABEL_TOKENS {
            let mut pending = Vec::new();
            for i in 0..group.len() {
                if done.get(i).copied().unwrap_or(true) {
                    continue;
                }
                let (Some(sampler), Some(&at), Some(text)) =
                    (samplers.get_mut(i), idx.get(i), texts.get_mut(i))
                else {
                    continue;
                };
                // Both paths apply the chain and accept the token; never `accept` it again.
                let token = if self.full_vocab_sampling {
                    sampler.sample(&self.ctx, at)
                } else {
                    sample_among(&self.ctx, sampler, at, &self.candidates)?
                };
                if self.model.vocab().is_eog(token) {
                    return Err(LlmError::Grammar(format!(
                        "the model ended before completing a label (got {text:?})"
                    )));
                }
                let piece = self.model.vocab().token_to_piece(token, false, None);
                let piece = String::from_utf8_lossy(&piece);
                text.push_str(&piece);
                if grammar::parse_label(text).is_some() {
                    if let Some(d) = done.get_mut(i) {
                        *d = true;
                    }
                } else if grammar::is_label_prefix(text) {
                    pending.push((i, token));
                } else {
                    return Err(LlmError::Grammar(format!("output {text:?} is not a label")));
                }
            }
            if pending.is_empty() {
                break;
            }
            if step + 1 == MAX_LABEL_TOKENS {
                return Err(LlmError::Grammar("label did not complete".to_string()));
            }
            check_deadline(deadline, &self.config)?;
            self.batch.clear();
            for (k, (i, token)) in pending.iter().enumerate() {
                let seq = i32::try_from(i + 1).map_err(|e| LlmError::Decode(e.to_string()))?;
                let pos = next_pos.get(*i).copied().unwrap_or(base);
                self.batch
                    .add(*token, to_pos(pos)?, &[seq], true)
                    .map_err(|e| LlmError::Decode(e.to_string()))?;
                if let Some(p) = next_pos.get_mut(*i) {
                    *p += 1;
                }
                if let Some(x) = idx.get_mut(*i) {
                    *x = i32::try_from(k).map_err(|e| LlmError::Decode(e.to_string()))?;
                }
            }
            self.ctx
                .decode(&mut self.batch)
                .map_err(|e| LlmError::Decode(e.to_string()))?;
            self.last.label_steps += 1;
        }

        let mut out = Vec::with_capacity(group.len());
        for (i, f) in facts.iter().enumerate() {
            let text = texts.get(i).map_or("", String::as_str);
            let label = grammar::parse_label(text)
                .ok_or_else(|| LlmError::Grammar(format!("output {text:?} is not a label")))?;
            let k = LABELS.iter().position(|(l, _)| *l == label).unwrap_or(0);
            let confidence = confidences
                .get(i)
                .and_then(|c| c.get(k))
                .copied()
                .unwrap_or(0.0);
            out.push(ChangeJudgement {
                address: f.address.clone(),
                label,
                confidence,
            });
        }
        for i in 0..group.len() {
            let seq = u32::try_from(i + 1).map_err(|e| LlmError::Decode(e.to_string()))?;
            self.ctx
                .clear_kv_cache_seq(Some(seq), None, None)
                .map_err(|e| LlmError::Decode(e.to_string()))?;
        }
        Ok(out)
    }
}

impl IntentAdvisor for LlamaAdvisor {
    fn info(&self) -> AdvisorInfo {
        self.info.clone()
    }

    fn judge(
        &mut self,
        request_text: &str,
        changes: &[ChangeFacts],
    ) -> Result<Vec<ChangeJudgement>, String> {
        self.judge_changes(request_text, changes)
            .map_err(|e| e.to_string())
    }
}

fn check_deadline(deadline: Instant, config: &AdvisorConfig) -> Result<(), LlmError> {
    if Instant::now() > deadline {
        return Err(LlmError::Timeout {
            secs: config.deadline.as_secs(),
        });
    }
    Ok(())
}

fn to_pos(p: usize) -> Result<i32, LlmError> {
    i32::try_from(p).map_err(|e| LlmError::Decode(e.to_string()))
}

#[cfg(test)]
mod tests;
