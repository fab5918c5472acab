/*!
The model stage's benchmark (`model bench`): cold start, the first bundle, warm bundles with
prefix reuse, and llama.cpp's raw prompt/generation speed as the floor, measured side by side on
this machine. `crate::eval::calibration::bench_bundles` picks the bundles; the CLI prints the
[`BenchReport`].
*/
use std::path::Path;
use std::time::Instant;

use super::llama::{raw_speed, LlamaAdvisor, LoadStats, RawSpeed};
use super::{physical_cores, AdvisorConfig, LlmError};
use crate::engine::advisor::ChangeFacts;

/// One bundle as the model sees it: the request's words and its changes.
#[derive(Debug, Clone, Copy)]
pub struct Bundle<'a> {
    pub request: &'a str,
    pub facts: &'a [ChangeFacts],
}

/// What [`run`] measured. Seconds are wall-clock; rates are prompt tokens per second; each
/// triple of ratios is (seed-1, seed-2, 50 changes).
#[derive(Debug, Clone)]
pub struct BenchReport {
    pub threads: usize,
    /// Cold start: hash + load + prefix decode.
    pub cold_seconds: f64,
    pub load: LoadStats,
    pub first_bundle_seconds: f64,
    /// Median seconds and median prompt tokens/s of the warm seed-1 bundle.
    pub seed1: (f64, f64),
    /// Median seconds and median prompt tokens/s of the warm seed-2 bundle.
    pub seed2: (f64, f64),
    /// Prompt tokens of the seed-2 bundle.
    pub seed2_tokens: usize,
    /// Median seconds and median prompt tokens/s of the warm 50-change bundle.
    pub fifty: (f64, f64),
    /// The last raw run (it also measured generation).
    pub raw: RawSpeed,
    /// Tokens before the timed prompt of the depth floor: the prefix's length.
    pub depth: usize,
    pub raw_pp_median: f64,
    pub raw_deep_median: f64,
    /// Raw pp from an empty context / advisor, median of the paired rounds.
    pub ratios_empty: [f64; 3],
    /// Raw pp at the prefix's depth / advisor, median of the paired rounds.
    pub ratios_deep: [f64; 3],
}

/// Loads the model at `model` cold, judges `seed1` once, then `rounds` warm rounds of `seed1`,
/// `seed2` and `fifty` (as a bundle with seed-1's request), interleaved with raw llama.cpp runs.
pub fn run(
    model: &Path,
    seed1: Bundle,
    seed2: Bundle,
    fifty: &[ChangeFacts],
    rounds: usize,
) -> Result<BenchReport, LlmError> {
    let config = AdvisorConfig::default();
    let t0 = Instant::now();
    let mut adv = LlamaAdvisor::load(model, &config)?;
    let cold = t0.elapsed().as_secs_f64();
    let ls = adv.load_stats();
    let threads = config.threads.unwrap_or_else(physical_cores);

    let t1 = Instant::now();
    adv.judge_changes(seed1.request, seed1.facts)?;
    let first = t1.elapsed().as_secs_f64();

    // Warm bundles and the raw floors are measured interleaved: raw runs before the first round
    // and after every round. Each bundle's ratio is taken against the mean of the two raw figures
    // around its own round, and the median of those paired ratios is reported: on a shared
    // machine the CPU speed drifts over minutes, and a floor measured at another time would put
    // that drift into the ratio.
    //
    // Two floors: llama.cpp's pp512 from an empty context (llama-bench's default), and pp512
    // after as many tokens as the fixed prefix (llama-bench `-d`). Every token of a bundle
    // attends to the prefix it follows, and the depth floor pays that same attention; the gap
    // between the two floors is the cost of the prefix itself, not of the advisor's code.
    let mut warm = |request: &str, facts: &[ChangeFacts], out: &mut Warm| -> Result<(), LlmError> {
        let t = Instant::now();
        adv.judge_changes(request, facts)?;
        out.seconds.push(t.elapsed().as_secs_f64());
        let s = adv.last_stats();
        out.prompt_rate
            .push(s.prompt_tokens as f64 / s.prompt_seconds.max(1e-9));
        out.prompt_tokens = s.prompt_tokens;
        Ok(())
    };
    let depth = ls.prefix_tokens;
    let (mut w9, mut w10, mut w50) = (Warm::default(), Warm::default(), Warm::default());
    let mut raw = raw_speed(model, threads, 512, 0, 0)?;
    let mut raw_pp = vec![raw.pp_tokens_per_second];
    let mut raw_deep = vec![raw_speed(model, threads, 512, 0, depth)?.pp_tokens_per_second];
    for round in 0..rounds {
        warm(seed1.request, seed1.facts, &mut w9)?;
        warm(seed2.request, seed2.facts, &mut w10)?;
        warm(seed1.request, fifty, &mut w50)?;
        // The last raw run also measures generation (tg128), the other floor.
        let tg = if round + 1 == rounds { 128 } else { 0 };
        raw = raw_speed(model, threads, 512, tg, 0)?;
        raw_pp.push(raw.pp_tokens_per_second);
        raw_deep.push(raw_speed(model, threads, 512, 0, depth)?.pp_tokens_per_second);
    }
    drop(adv);
    let around =
        |raw: &[f64]| -> Vec<f64> { raw.windows(2).map(|w| (w[0] + w[1]) / 2.0).collect() };
    let (around0, around_deep) = (around(&raw_pp), around(&raw_deep));
    let ratios_empty = [&w9, &w10, &w50].map(|w| w.paired_ratio(&around0));
    let ratios_deep = [&w9, &w10, &w50].map(|w| w.paired_ratio(&around_deep));
    let raw_pp_median = median(&mut raw_pp);
    let raw_deep_median = median(&mut raw_deep);
    let seed2_tokens = w10.prompt_tokens;
    Ok(BenchReport {
        threads,
        cold_seconds: cold,
        load: ls,
        first_bundle_seconds: first,
        seed1: w9.medians(),
        seed2: w10.medians(),
        seed2_tokens,
        fifty: w50.medians(),
        raw,
        depth,
        raw_pp_median,
        raw_deep_median,
        ratios_empty,
        ratios_deep,
    })
}

/// One warm bundle's measurements over the bench rounds.
#[derive(Default)]
struct Warm {
    seconds: Vec<f64>,
    prompt_rate: Vec<f64>,
    prompt_tokens: usize,
}

impl Warm {
    /// Median wall-clock seconds and median prompt tokens/s.
    fn medians(mut self) -> (f64, f64) {
        (median(&mut self.seconds), median(&mut self.prompt_rate))
    }

    /// Median over rounds of raw tokens/s (measured around that round) / this bundle's tokens/s.
    fn paired_ratio(&self, raw_around: &[f64]) -> f64 {
        let mut ratios: Vec<f64> = self
            .prompt_rate
            .iter()
            .zip(raw_around)
            .map(|(own, raw)| raw / own.max(1e-9))
            .collect();
        median(&mut ratios)
    }
}

fn median(v: &mut [f64]) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_is_the_upper_middle_and_zero_for_nothing() {
        assert_eq!(median(&mut []), 0.0);
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&mut [4.0, 1.0, 3.0, 2.0]), 3.0);
    }
}
