#!/usr/bin/env bash
# Makes the repository's own example plans with a real `terraform`: for each
# examples/terraform/<name>/main.tf, writes examples/plans/<name>.json, the exact bytes of
# `terraform show -json` of its plan.
#
# Only the built-in `terraform_data` resource is used, so nothing is downloaded and no cloud
# account is needed. When a folder also holds `applied.tf`, that configuration is applied first
# (terraform_data keeps its state in a local file) and `main.tf` is then planned against that
# state, which gives updates, replacements and deletions, not only creates.
#
# Each run gives new ids and timestamps, so rerun it only to change or add an example, and commit
# the outputs. Usage: bash scripts/make-example-plans.sh [NAME...]   (default: every folder)
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
sources="$repo/examples/terraform"
out_dir="$repo/examples/plans"

command -v terraform >/dev/null || {
    echo "make-example-plans: terraform is not on PATH; install Terraform >= 1.4 (terraform_data)" >&2
    exit 2
}

if [ "$#" -gt 0 ]; then
    names=("$@")
else
    names=()
    for dir in "$sources"/*/; do
        names+=("$(basename "$dir")")
    done
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# No user CLI configuration (plugin caches, credentials) may leak into the examples.
: >"$work/terraformrc"
export TF_CLI_CONFIG_FILE="$work/terraformrc" TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1

tf() { terraform -chdir="$1" "${@:2}" -no-color >>"$work/terraform.log" 2>&1 || {
    echo "make-example-plans: terraform ${*:2} failed in $1; its output:" >&2
    cat "$work/terraform.log" >&2
    exit 1
}; }

mkdir -p "$out_dir"
for name in "${names[@]}"; do
    src="$sources/$name"
    [ -f "$src/main.tf" ] || { echo "make-example-plans: no $src/main.tf" >&2; exit 2; }
    dir="$work/$name"
    mkdir -p "$dir"
    if [ -f "$src/applied.tf" ]; then
        cp "$src/applied.tf" "$dir/main.tf"
        tf "$dir" init -input=false
        tf "$dir" apply -input=false -auto-approve
    fi
    cp "$src/main.tf" "$dir/main.tf"
    tf "$dir" init -input=false
    tf "$dir" plan -input=false -out=tfplan
    terraform -chdir="$dir" show -json tfplan >"$out_dir/$name.json"
    echo "examples/plans/$name.json ($(wc -c <"$out_dir/$name.json") bytes, $(terraform version | head -1))"
done
