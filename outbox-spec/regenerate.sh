#!/bin/sh
# Regenerates outbox-spec/examples/ from the checked-in THROWAWAY keys and plan, through the
# library code (verdict, approval, receipt, ledger), so the examples are exactly what the station
# writes. Signing is deterministic: an unchanged format gives byte-identical files.
#
#   outbox-spec/regenerate.sh             rewrite the examples
#   outbox-spec/regenerate.sh --new-keys  also replace the throwaway keys
#
# `cargo test --test all outbox_spec::` (run in CI) fails when the checked-in files are out of date.
set -eu
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--new-keys" ]; then
    rm -f outbox-spec/examples/keys/*
fi
OUTBOX_SPEC_REGENERATE=1 cargo test --no-default-features --test all outbox_spec:: -- --nocapture
