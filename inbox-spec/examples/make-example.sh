#!/bin/sh
# Builds a request bundle (.aab) with ONLY the real CLIs: zstd, minisign, tar, age
# (plus POSIX sh, coreutils' sha256sum/base64/date). This script is the executable form of
# inbox-spec/README.md; tests/interop_cli.rs runs it and the station must accept its output.
#
# Rebuild the checked-in example (fresh THROWAWAY keys every time):
#   inbox-spec/examples/make-example.sh
#
# Build a bundle for a real station (all variables required in this mode):
#   STATION_RECIPIENT=age1... STATION_ID=st-... ORCH_KEY=orchestrator.key \
#   SEQUENCE=42 OUT=inbox/0042.aab  inbox-spec/examples/make-example.sh
# Optional: PLAN (default: examples/plan.json), REQUEST_ID, REQUEST_TEXT, REQUESTED_BY,
#   TICKET, TTL_SECONDS (default 86400).
# REQUEST_TEXT and REQUESTED_BY are pasted into JSON as-is: they must not contain '"' or '\'
# (a real orchestrator builds the JSON with a JSON library instead).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
for tool in zstd minisign tar age age-keygen sha256sum base64 date; do
    command -v "$tool" >/dev/null 2>&1 || { echo "make-example.sh: '$tool' is not installed" >&2; exit 2; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ -z "${STATION_RECIPIENT:-}" ]; then
    # Example mode: throwaway station identity and orchestrator key. The station identity is
    # checked in (it only ever decrypts this example); the orchestrator's secret key is not.
    rm -f "$here/station-THROWAWAY.agekey" "$here/station.agepub" "$here/orchestrator.pub" "$here/example.aab" \
        "$here/request.json" "$here/request.json.zst.minisig"
    age-keygen -o "$here/station-THROWAWAY.agekey" 2>/dev/null
    age-keygen -y "$here/station-THROWAWAY.agekey" > "$here/station.agepub"
    minisign -G -W -f -p "$here/orchestrator.pub" -s "$work/orchestrator.key" >/dev/null
    STATION_RECIPIENT=$(cat "$here/station.agepub")
    STATION_ID=st-example
    ORCH_KEY=$work/orchestrator.key
    SEQUENCE=1
    REQUEST_ID=${REQUEST_ID:-req-example-0001}
    OUT=$here/example.aab
fi
: "${STATION_ID:?set STATION_ID}" "${ORCH_KEY:?set ORCH_KEY}" "${SEQUENCE:?set SEQUENCE}" "${OUT:?set OUT}"
PLAN=${PLAN:-$here/plan.json}
REQUEST_ID=${REQUEST_ID:-req-$(date -u +%s)-$$}
REQUEST_TEXT=${REQUEST_TEXT:-Create a tagged S3 bucket acme-staging-logs for staging logs in eu-west-1}
REQUESTED_BY=${REQUESTED_BY:-alice@example.com}
TTL_SECONDS=${TTL_SECONDS:-86400}
if [ -n "${TICKET:-}" ]; then ticket="\"$TICKET\""; else ticket=null; fi

# 1. The request document (JSON). Field order does not matter; unknown fields are rejected.
now=$(date -u +%s)
created_at=$(date -u -d "@$now" +%Y-%m-%dT%H:%M:%SZ)
expires_at=$(date -u -d "@$((now + TTL_SECONDS))" +%Y-%m-%dT%H:%M:%SZ)
plan_sha256=$(sha256sum "$PLAN" | cut -d' ' -f1)
plan_b64=$(base64 -w0 "$PLAN")
printf '{"format":"airgap-audit/request/v1","request_id":"%s","station_id":"%s","sequence":%s,"created_at":"%s","expires_at":"%s","request":{"text":"%s","requested_by":"%s","change_ticket":%s},"plan_sha256":"%s","plan_b64":"%s","approvals":[]}' \
    "$REQUEST_ID" "$STATION_ID" "$SEQUENCE" "$created_at" "$expires_at" \
    "$REQUEST_TEXT" "$REQUESTED_BY" "$ticket" "$plan_sha256" "$plan_b64" > "$work/request.json"

# 2. Compress, then sign the COMPRESSED bytes (the station verifies before it decompresses).
zstd -q -19 "$work/request.json" -o "$work/request.json.zst"
minisign -S -s "$ORCH_KEY" -m "$work/request.json.zst" \
    -t "airgap-audit request request_id=$REQUEST_ID station_id=$STATION_ID sequence=$SEQUENCE" >/dev/null

# 3. A ustar tar with exactly these two members, in this order, no directories.
(cd "$work" && tar --format=ustar -cf inner.tar request.json.zst request.json.zst.minisig)

# 4. Encrypt to the station (binary age, no --armor).
age -r "$STATION_RECIPIENT" -o "$work/bundle.aab" "$work/inner.tar"
mv "$work/bundle.aab" "$OUT"
if [ "$OUT" = "$here/example.aab" ]; then
    # The decompressed request document, for readers of the spec.
    cp "$work/request.json" "$here/request.json"
    cp "$work/request.json.zst.minisig" "$here/request.json.zst.minisig"
fi
echo "$OUT request_id=$REQUEST_ID sequence=$SEQUENCE plan_sha256=$plan_sha256"
