#!/usr/bin/env bash
# Runs the stable-toolchain fuzz targets (tests/fuzz_parsers.rs) for longer than CI does:
# FUZZ_CASES mutated inputs per target (default here 20000; CI runs 64).
#   scripts/fuzz.sh            # every target
#   scripts/fuzz.sh bundle     # only the targets whose name contains "bundle"
set -euo pipefail
cd "$(dirname "$0")/.."
export FUZZ_CASES="${FUZZ_CASES:-20000}"
word="${1:-fuzz_}"
run=(cargo test --release --no-default-features --test all)
# The targets are the tests of the module `fuzz_parsers` of the one test binary. A test filter is
# a bare substring of `module::name`, so the word is matched here against that module's names.
listing="$("${run[@]}" -- --list)"
mapfile -t targets < <(sed -n 's/^fuzz_parsers::\([^:]*\): test$/\1/p' <<<"$listing" |
    { grep -F -- "$word" || true; } | sed 's/^/fuzz_parsers::/')
if [ "${#targets[@]}" -eq 0 ]; then
    echo "fuzz.sh: no fuzz target in tests/fuzz_parsers.rs has \"$word\" in its name" >&2
    exit 2
fi
"${run[@]}" -- --test-threads 2 --exact "${targets[@]}"
