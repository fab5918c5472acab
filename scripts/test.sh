#!/usr/bin/env bash
# The project's test command (README "Run the tests"; .ci/run calls it on a clean clone).
# Installs what the tests need (scripts/setup.sh: Debian packages and the default model), then
# checks formatting and lints, proves the cloud-side build works without llama.cpp, and runs the
# whole test suite with the real model.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh

echo "== cargo fmt --check"
cargo fmt --all -- --check

echo "== cargo clippy (default features, all targets)"
cargo clippy --all-targets -- -D warnings

echo "== cloud-side build without llama.cpp: verify-verdict tests"
cargo test --no-default-features --test all cli_verify_verdict::

echo "== cargo test (default features: real SQLite, real CLIs, real model)"
cargo test
