#!/usr/bin/env bash
# Benchmarks the local model stage on this machine, in one run, side by side:
#   cold start (hash + load + prefix decode), the first bundle, warm bundles with prefix reuse for
#   seed scenario 1 (9 changes), seed scenario 2 (10 changes) and a 50-change plan, and llama.cpp's
#   raw prompt-processing (pp512) and generation (tg128) speed with the same model and threads as
#   the floor, with the ratios against the targets (warm 10-change bundle <= 1.5 s; prompt
#   processing within 1.3x of raw). The raw pp512 floor is measured twice, from an empty context
#   and after as many tokens as the model's fixed prefix (llama-bench's `-d`): every bundle token
#   attends to that prefix, and only the second floor pays the same attention. The target is
#   judged against the depth floor; the ratio against the empty-context floor is printed beside it.
#   Both floors are measured before the first round and after every round; each bundle's ratio is
#   paired with the raw figures around its own round and the median of the paired ratios is
#   reported, so that drift in the machine's speed lands on both sides of the ratio.
#
# Usage: scripts/bench-llm.sh [SCENARIO_DIR (default examples/scenarios)] [ROUNDS]
# Builds the release binary (llama.cpp optimized) and fetches the model first if needed.
# Run it on an otherwise idle machine: llama.cpp's threads busy-wait, so a loaded CPU distorts
# every figure.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
scenarios="${1:-$repo_root/examples/scenarios}"
rounds="${2:-7}"

cd "$repo_root"
scripts/fetch-model.sh >/dev/null
cargo build --release --quiet --bin airgap-audit
echo "machine: $(nproc) logical CPUs; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
"${CARGO_TARGET_DIR:-target}/release/airgap-audit" model bench --scenarios "$scenarios" --rounds "$rounds" \
    --model "$repo_root/models/gemma-3-270m-q4_k_m.gguf"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
