#!/usr/bin/env bash
# Execution-check benchmark (issue 13): the check of a generated 10,000-resource plan and state vs
# a bare serde_json parse of the same two documents, in one run on this machine; prints both
# times and the ratio (target <= 3). Not part of the test suite. Usage: scripts/bench-execution.sh
set -euo pipefail
cd "$(dirname "$0")/.."
exec cargo bench --no-default-features --bench execution
