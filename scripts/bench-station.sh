#!/usr/bin/env bash
# bench-station.sh: the station benchmark (issue 3). `process` on N request bundles (default
# 1000) of realistic size, engine only (release build without the `llm` feature, so no model),
# in bundles/s — side by side, in the same run, with the floor: the real CLIs doing only the
# envelope work on the same bundles, one bundle at a time (age -d, tar x, minisign -V, zstd -d).
#
# Bundles cycle through every plan of the corpus (the public scenarios' inline plans and the real
# plans in examples/tfplans, ~1–420 KB), each sealed with `airgap-audit bundle seal` for a
# fresh station with a fresh orchestrator key. Nothing outside a temporary folder is touched.
#
# Usage: scripts/bench-station.sh [N]        Environment: KEEP=1 keeps the work folder.
# Output: the figures, then `RESULT process=<b/s> cli_floor=<b/s> ratio=<x>`.
set -euo pipefail

N="${1:-1000}"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
corpus="$repo/examples"
for tool in age minisign tar zstd python3 cargo; do
    command -v "$tool" >/dev/null 2>&1 || { echo "bench-station: '$tool' is not installed (run scripts/setup.sh)" >&2; exit 2; }
done
[ -d "$corpus/scenarios" ] || { echo "bench-station: no scenarios at $corpus/scenarios" >&2; exit 2; }

echo "bench-station: building (release, --no-default-features)..." >&2
work="$(mktemp -d "${TMPDIR:-/tmp}/bench-station.XXXXXX")"
if [ "${KEEP:-0}" != 1 ]; then trap 'rm -rf "$work"' EXIT; fi
(cd "$repo" && cargo build --release --no-default-features --quiet)
# A private copy: target/release/airgap-audit is shared with default-feature (model) builds.
cp "$(cd "$repo" && cd "${CARGO_TARGET_DIR:-target}" && pwd)/release/airgap-audit" "$work/airgap-audit"
bin="$work/airgap-audit"
home="$work/station"
usb="$work/usb"
mkdir -p "$usb/inbox" "$work/plans" "$work/floor"

"$bin" init --home "$home" --station-id st-bench >/dev/null
minisign -G -W -p "$work/orch.pub" -s "$work/orch.key" >/dev/null
"$bin" trust add --home "$home" --role orchestrator "$work/orch.pub" >/dev/null

# Plans and request texts: scenario plans written out as files, real plans as they are.
python3 - "$corpus" "$work/plans" <<'PY'
import json, os, sys, shutil
corpus, out = sys.argv[1], sys.argv[2]
n = 0
scen = os.path.join(corpus, "scenarios")
for f in sorted(os.listdir(scen)):
    if not f.endswith(".json"):
        continue
    d = json.load(open(os.path.join(scen, f)))
    if "plan" in d:
        plan = os.path.join(out, f"{n:03d}.plan.json")
        with open(plan, "w") as fh:
            json.dump(d["plan"], fh, indent=2)
    else:
        plan = os.path.join(out, f"{n:03d}.plan.json")
        shutil.copy(os.path.join(scen, d["plan_file"]), plan)
    open(os.path.join(out, f"{n:03d}.txt"), "w").write(d["request"]["text"])
    n += 1
tf = os.path.join(corpus, "tfplans")
for f in sorted(os.listdir(tf)):
    if not f.endswith(".json"):
        continue
    shutil.copy(os.path.join(tf, f), os.path.join(out, f"{n:03d}.plan.json"))
    open(os.path.join(out, f"{n:03d}.txt"), "w").write("Apply the infrastructure change in this plan")
    n += 1
PY
plans=("$work"/plans/*.plan.json)
echo "bench-station: sealing $N bundles from ${#plans[@]} plans..." >&2
for ((i = 1; i <= N; i++)); do
    p="${plans[$(((i - 1) % ${#plans[@]}))]}"
    "$bin" bundle seal --station-recipient-file "$home/keys/age.pub" --station-id st-bench \
        --orchestrator-key "$work/orch.key" --request-file "${p%.plan.json}.txt" \
        --requested-by bench@example.com --plan "$p" --sequence "$i" \
        --request-id "bench-$(printf %05d "$i")" --out "$usb/inbox/$(printf %05d "$i").aab" >/dev/null
done
bytes=$(cat "$usb"/inbox/*.aab | wc -c)
plan_min=$(stat -c %s "${plans[@]}" | sort -n | head -1)
plan_max=$(stat -c %s "${plans[@]}" | sort -n | tail -1)
echo "bench-station: $N bundles, $((bytes / N)) bytes on average (plans ${plan_min}–${plan_max} bytes)"

# With KEEP=1, a pristine copy of the station lets `process` be re-timed on the same bundles.
if [ "${KEEP:-0}" = 1 ]; then cp -a "$home" "$work/station.pristine"; echo "bench-station: work folder $work" >&2; fi

# Warm the page cache for both contenders alike.
cat "$usb"/inbox/*.aab >/dev/null

now() { date +%s.%N; }

# 1. The station: the whole pipeline, ledger commits and signed outbox files included.
t0=$(now)
set +e
"$bin" process "$usb" --home "$home" >"$work/process.out" 2>"$work/process.err"
rc=$?
set -e
t1=$(now)
if [ "$rc" -ne 0 ]; then
    echo "bench-station: process exited $rc:" >&2
    tail -3 "$work/process.out" "$work/process.err" >&2
    exit 1
fi
verdicts=$(find "$usb/outbox" -name '*.verdict.json' | wc -l)
[ "$verdicts" -eq "$N" ] || { echo "bench-station: $verdicts verdicts for $N bundles" >&2; exit 1; }
tail -1 "$work/process.out"

# 2. The floor: only the envelope, with the real CLIs, one bundle at a time.
t2=$(now)
for f in "$usb"/inbox/*.aab; do
    d="$work/floor/x"
    rm -rf "$d"
    mkdir "$d"
    age -d -i "$home/keys/age.key" -o "$d/inner.tar" "$f"
    tar -x -f "$d/inner.tar" -C "$d"
    minisign -V -q -p "$work/orch.pub" -m "$d/request.json.zst"
    zstd -d -q "$d/request.json.zst" -o "$d/request.json"
done
t3=$(now)

python3 - "$N" "$t0" "$t1" "$t2" "$t3" <<'PY'
import sys
n = int(sys.argv[1]); t0, t1, t2, t3 = map(float, sys.argv[2:])
p = n / (t1 - t0); f = n / (t3 - t2)
print(f"process (full pipeline, engine only): {p:8.1f} bundles/s  ({t1 - t0:.2f} s for {n})")
print(f"CLI floor (age+tar+minisign+zstd)   : {f:8.1f} bundles/s  ({t3 - t2:.2f} s for {n})")
print(f"ratio process / floor               : {p / f:8.2f}x")
print(f"RESULT process={p:.1f} cli_floor={f:.1f} ratio={p / f:.2f}")
PY
