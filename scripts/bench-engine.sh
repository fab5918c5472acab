#!/usr/bin/env bash
# Engine benchmark (issue 2): the audit engine on every plan in examples/tfplans vs bare serde_json
# parsing vs Checkov 3, in one run on this machine; prints per-mode times and the two target ratios.
# Not part of the test suite. Usage:
#   scripts/bench-engine.sh                    # Checkov from $CHECKOV, target/checkov-venv or PATH
#   scripts/bench-engine.sh --install-checkov  # first create target/checkov-venv with Checkov
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" = "--install-checkov" ]; then
    python3 -m venv target/checkov-venv
    target/checkov-venv/bin/pip install --quiet checkov
fi

if [ -z "${CHECKOV:-}" ] && [ ! -x target/checkov-venv/bin/checkov ] && ! command -v checkov >/dev/null 2>&1; then
    echo "note: Checkov is not installed, so its mode will be skipped;" \
         "install it with: scripts/bench-engine.sh --install-checkov (or set CHECKOV=/path/to/checkov)" >&2
fi

exec cargo bench --no-default-features --bench engine
