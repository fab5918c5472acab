#!/usr/bin/env bash
# Installs everything airgap-audit's build, tests and demo need on a fresh Debian machine:
# the C toolchain pieces llama.cpp's bindings need (cmake, clang, libclang), the real CLIs the
# interoperability tests compare against (age, minisign, zstd, tar, sqlite3), the checkers the
# monitoring tests run on the shipped files (promtool from the `prometheus` package, which also
# installs a Prometheus server service; systemd-analyze from `systemd`), a real JUnit reader
# (python `junitparser`, through `python3-pip`), and the embedded default model
# (scripts/fetch-model.sh). Safe to run again: it skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(cmake clang libclang-dev age minisign zstd tar sqlite3 ca-certificates prometheus systemd python3-pip)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing Debian packages: ${missing[*]}"
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# A real JUnit consumer for the JUnit output tests (tests/output_formats.rs), pinned; the tests
# skip with a message when it is absent.
if ! python3 -c "import junitparser" 2>/dev/null; then
    echo "setup: installing python package junitparser 5.0.3"
    python3 -m pip install --quiet junitparser==5.0.3 \
        || python3 -m pip install --quiet --break-system-packages junitparser==5.0.3
fi

bash scripts/fetch-model.sh
