#!/usr/bin/env bash
# Runs the stable-toolchain fuzz targets (tests/fuzz_parsers.rs) for longer than CI does:
# FUZZ_CASES mutated inputs per target (default here 20000; CI runs 64).
#   scripts/fuzz.sh            # every target
#   scripts/fuzz.sh bundle     # only the targets whose name contains "bundle"
set -euo pipefail
cd "$(dirname "$0")/.."
export FUZZ_CASES="${FUZZ_CASES:-20000}"
cargo test --release --no-default-features --test fuzz_parsers -- --test-threads 2 "${1:-fuzz_}"
