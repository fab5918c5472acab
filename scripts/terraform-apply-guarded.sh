#!/bin/sh
# terraform-apply-guarded.sh: refuse `terraform apply` unless the air-gapped station approved
# exactly this plan.
#
# Usage:
#   terraform-apply-guarded.sh --station-key verdict.pub --verdict R-42.verdict.json \
#       [--chdir DIR] PLANFILE [-- extra terraform apply arguments]
#
# Steps:
#   1. copy PLANFILE into a private temporary directory (so the file checked is the file applied);
#   2. terraform show -json COPY > plan.json  (the plan file bytes the orchestrator sealed);
#   3. airgap-audit verify-verdict --station-key PUB --plan plan.json VERDICT
#      (signature, plan SHA-256, decision approve, not expired);
#   4. only then: terraform apply [extra args] COPY.
#
# Environment: AIRGAP_AUDIT (path of the airgap-audit binary, default: airgap-audit on PATH),
# TERRAFORM (default: terraform on PATH).
# Exit: terraform apply's status when the verdict is valid; 1 when the verdict does not allow the
# apply (one line on stderr says why); 2 for usage errors or when terraform show fails.
set -eu

AIRGAP_AUDIT=${AIRGAP_AUDIT:-airgap-audit}
TERRAFORM=${TERRAFORM:-terraform}
prog=terraform-apply-guarded

usage() {
    echo "usage: $prog --station-key PUB --verdict VERDICT.json [--chdir DIR] PLANFILE [-- APPLY_ARGS...]" >&2
    exit 2
}

station_key=
verdict=
chdir=
planfile=
while [ $# -gt 0 ]; do
    case $1 in
        --station-key) [ $# -ge 2 ] || usage; station_key=$2; shift 2 ;;
        --verdict) [ $# -ge 2 ] || usage; verdict=$2; shift 2 ;;
        --chdir) [ $# -ge 2 ] || usage; chdir=$2; shift 2 ;;
        --) shift; break ;;
        -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) echo "$prog: unknown option $1" >&2; usage ;;
        *) [ -z "$planfile" ] || usage; planfile=$1; shift ;;
    esac
done
[ -n "$station_key" ] && [ -n "$verdict" ] && [ -n "$planfile" ] || usage

if [ -n "$chdir" ]; then
    cd "$chdir" || { echo "$prog: cannot enter $chdir" >&2; exit 2; }
fi
[ -f "$planfile" ] || { echo "$prog: plan file $planfile not found; run 'terraform plan -out=$planfile' first" >&2; exit 2; }
[ -f "$verdict" ] || { echo "$prog: verdict $verdict not found; copy it from the station's outbox" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/$prog.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
# A private copy: the plan cannot be swapped between the check and the apply.
cp "$planfile" "$work/tfplan"
if ! "$TERRAFORM" show -json "$work/tfplan" > "$work/plan.json"; then
    echo "$prog: 'terraform show -json $planfile' failed; is this a saved plan file for this configuration?" >&2
    exit 2
fi

set +e
"$AIRGAP_AUDIT" verify-verdict --station-key "$station_key" --plan "$work/plan.json" "$verdict"
status=$?
set -e
case $status in
    0) ;;
    1) echo "$prog: refusing to apply: no valid station approval for this plan" >&2; exit 1 ;;
    *) echo "$prog: refusing to apply: could not check the verdict (see the error above)" >&2; exit 2 ;;
esac

"$TERRAFORM" apply "$@" "$work/tfplan"
