#!/usr/bin/env bash
# demo.sh: the whole air-gapped loop on one machine, in a couple of minutes.
#
#   1. builds airgap-audit (release, default features: with the local model stage);
#   2. (first) installs what it needs and fetches the default model (scripts/setup.sh);
#   3. creates a fresh demo station (demo-station/) and throwaway orchestrator and approver keys;
#   4. seals the 26 public scenarios (examples/scenarios) as signed, encrypted bundles onto a
#      demo "USB stick" (demo-usb/inbox/), each with the approvals its scenario carries, signed
#      by approvers holding the right roles;
#   5. runs `airgap-audit process demo-usb` and shows every verdict's plain-language summary
#      (demo-usb/outbox/*.verdict.txt), including the local model's labels;
#   6. checks one verdict the way the cloud side does (minisign -V, verify-verdict).
#
# Everything it makes is under demo-station/, demo-usb/ and demo-keys/ (recreated on each run).
# Keys made here are THROWAWAY keys: never use them for anything else.
# Usage: bash scripts/demo.sh        Environment: SKIP_BUILD=1 to reuse target/release;
# CARGO_TARGET_DIR is honoured (the binary is looked for where cargo put it).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
scenarios="$repo/examples/scenarios"
echo "== 0. prerequisites and the default model (scripts/setup.sh)"
bash scripts/setup.sh
for tool in minisign python3 cargo; do
    command -v "$tool" >/dev/null 2>&1 || { echo "demo: '$tool' is not installed; run scripts/setup.sh first" >&2; exit 2; }
done
[ -d "$scenarios" ] || { echo "demo: no scenarios at $scenarios" >&2; exit 2; }

if [ "${SKIP_BUILD:-0}" != 1 ]; then
    echo "== 1. build (release, with the model stage)"
    cargo build --release --quiet
fi
# Where cargo put the binary: CARGO_TARGET_DIR, if set, is relative to the repository (cwd here).
aa="$(cd "${CARGO_TARGET_DIR:-target}" && pwd)/release/airgap-audit"

echo "== 3. a fresh demo station and throwaway keys"
rm -rf demo-station demo-usb demo-keys
mkdir -p demo-usb/inbox demo-keys/plans demo-keys/approvals
"$aa" init --home demo-station --station-id st-demo
# The station uses only the model its config names: install the default one (checks that it
# loads, records its SHA-256 in the ledger, sets model.path in station.toml).
"$aa" model install --home demo-station models/gemma-3-270m-q4_k_m.gguf
minisign -G -W -p demo-keys/orchestrator.pub -s demo-keys/orchestrator.key >/dev/null
"$aa" trust add --home demo-station --role orchestrator --comment "demo orchestrator" demo-keys/orchestrator.pub
for role in requester finance security change_management; do
    minisign -G -W -p "demo-keys/$role.pub" -s "demo-keys/$role.key" >/dev/null
    "$aa" trust add --home demo-station --role "$role" --comment "demo $role approver" "demo-keys/$role.pub"
done

echo "== 4. seal the scenarios onto demo-usb/inbox"
# One line per scenario: id, plan file, request text file, requested_by, ticket, cost, approvals.
python3 - "$scenarios" demo-keys/plans >demo-keys/scenarios.tsv <<'PY'
import json, os, sys, shutil
src, out = sys.argv[1], sys.argv[2]
for f in sorted(os.listdir(src)):
    if not f.endswith(".json"):
        continue
    d = json.load(open(os.path.join(src, f)))
    sid = d["id"]
    plan = os.path.join(out, sid + ".plan.json")
    if "plan" in d:
        with open(plan, "w") as fh:
            json.dump(d["plan"], fh, indent=2)
    else:
        shutil.copy(os.path.join(src, d["plan_file"]), plan)
    text = os.path.join(out, sid + ".request.txt")
    open(text, "w").write(d["request"]["text"])
    c = d.get("cost_estimate")
    cost = f'{c["monthly_before"]}:{c["monthly_after"]}' if c else "-"
    cur = c.get("currency", "USD") if c else "USD"
    print("\t".join([sid, plan, text, d["request"].get("requested_by") or "unspecified",
                     d["request"].get("change_ticket") or "-", cost, cur,
                     ",".join(d.get("approvals", [])) or "-"]))
PY
role_for() {
    case "$1" in
        finance) echo finance ;;
        security | human_review) echo security ;;
        deletion_confirmation) echo requester ;;
        change_ticket) echo change_management ;;
        *) echo "demo: unknown approval kind $1" >&2; exit 2 ;;
    esac
}
seq=0
while IFS=$'\t' read -r id plan text who ticket cost cur kinds; do
    seq=$((seq + 1))
    args=()
    [ "$ticket" != "-" ] && args+=(--ticket "$ticket")
    [ "$cost" != "-" ] && args+=(--cost "$cost" --currency "$cur")
    if [ "$kinds" != "-" ]; then
        IFS=, read -ra ks <<<"$kinds"
        for k in "${ks[@]}"; do
            r=$(role_for "$k")
            "$aa" approval sign --kind "$k" --plan "$plan" --key "demo-keys/$r.key" \
                --approver "demo $r approver" --out "demo-keys/approvals/$id-$k.json" >/dev/null
            args+=(--approval "demo-keys/approvals/$id-$k.json")
        done
    fi
    "$aa" bundle seal --station-recipient-file demo-station/keys/age.pub --station-id st-demo \
        --orchestrator-key demo-keys/orchestrator.key --request-file "$text" --requested-by "$who" \
        --plan "$plan" --sequence "$seq" --request-id "$id" "${args[@]}" \
        --out "demo-usb/inbox/$(printf %03d "$seq")-$id.aab" >/dev/null
done <demo-keys/scenarios.tsv
echo "sealed $seq bundles into demo-usb/inbox/"

echo "== 5. the station processes the stick"
set +e
"$aa" process demo-usb --home demo-station
rc=$?
set -e
echo "(process exit code $rc: 0 = every bundle got a verdict; see OPERATIONS.md)"

echo
echo "== the verdicts, as the requester and the operator read them"
for t in demo-usb/outbox/*.verdict.txt; do
    echo "------------------------------------------------------------------------------"
    cat "$t"
done

echo "== the local model's labels (advisory: the model can add a concern, never remove one)"
python3 - demo-usb/outbox <<'PY'
import glob, json, os, sys
for f in sorted(glob.glob(os.path.join(sys.argv[1], "*.verdict.json"))):
    v = json.load(open(f))
    m = v.get("model") or {}
    js = m.get("judgements") or []
    print(f"{v['request_id']}: model {m.get('status')}, decision {v['decision']}")
    for j in js:
        print(f"    {j['label']:<10} {j['confidence_permille'] / 10:5.1f}%  {j['address']}")
    if not js and m.get("note"):
        print(f"    ({m['note']})")
PY

echo "== 6. the cloud side checks a verdict before terraform apply"
# An approved verdict if there is one (the apply goes ahead), else the first (it is refused).
first=$(grep -l '"decision":"approve"' demo-usb/outbox/*.verdict.json | head -1 || true)
first=$(basename "${first:-$(ls demo-usb/outbox/*.verdict.json | head -1)}" .verdict.json)
plan=$(awk -F'\t' -v id="$first" '$1 == id { print $2 }' demo-keys/scenarios.tsv)
echo "checking $first against $plan"
minisign -V -p demo-station/keys/verdict.pub -m "demo-usb/outbox/$first.verdict.json" || true
if "$aa" verify-verdict --station-key demo-station/keys/verdict.pub --plan "$plan" \
    "demo-usb/outbox/$first.verdict.json"; then
    echo "verify-verdict: terraform apply of this plan is allowed"
else
    echo "verify-verdict: terraform apply of this plan is refused"
fi
"$aa" ledger verify --home demo-station
