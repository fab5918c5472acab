#!/usr/bin/env bash
# Remakes tests/vectors/bundle/*: request bundles built with the real CLIs (zstd, minisign, age;
# Python's tarfile for tar headers no `tar` command would write), one defect each. They are
# encrypted to the throwaway station key of inbox-spec/examples and signed by a fresh throwaway
# orchestrator key, whose public half is written to tests/vectors/keys/bundle-orchestrator.pub
# (the secret half is deleted). Each run gives new bytes (age and minisign are randomised), so
# rerun it only to add or change a case, and commit the results.
# Usage: bash tests/vectors/make-bundle-vectors.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
for tool in age minisign zstd python3; do
    command -v "$tool" >/dev/null || { echo "make-bundle-vectors: $tool is not installed" >&2; exit 2; }
done
out=tests/vectors/bundle
station_pub="$(cat inbox-spec/examples/station.agepub)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out" tests/vectors/keys
rm -f "$out"/*

minisign -G -W -p "$work/orch.pub" -s "$work/orch.key" >/dev/null
minisign -G -W -p "$work/other.pub" -s "$work/other.key" >/dev/null
cp "$work/orch.pub" tests/vectors/keys/bundle-orchestrator.pub
other_station="$(age-keygen 2>/dev/null | grep -o 'age1[0-9a-z]*' | head -1 || true)"
[ -n "$other_station" ] || other_station="$(age-keygen -o "$work/other.agekey" 2>&1 | grep -o 'age1[0-9a-z]*')"

# sign FILE [KEY] [extra minisign args]: FILE.minisig beside FILE.
sign() { minisign -S -s "${2:-$work/orch.key}" -m "$1" -t "vector" "${@:3}" >/dev/null; }
zst() { zstd -q -f "$1" -o "$2"; }

good="$work/good"
mkdir -p "$good"
cp inbox-spec/examples/request.json "$good/request.json"
zst "$good/request.json" "$good/request.json.zst"
sign "$good/request.json.zst"

# vector NAME EXPECT TAR_SPEC...: tar the members (python3 tarfile, ustar) and encrypt to the
# station; TAR_SPEC entries are `name=path` (a regular file), `sym:name=target`,
# `hard:name=target` or `dir:name`.
vector() {
    local name="$1" expect="$2"
    shift 2
    python3 - "$work/$name.tar" "$@" <<'PY'
import sys, tarfile, io
out, specs = sys.argv[1], sys.argv[2:]
with tarfile.open(out, "w", format=tarfile.USTAR_FORMAT) as t:
    for spec in specs:
        kind, _, rest = spec.rpartition(":") if spec.split("=")[0].count(":") else ("", "", spec)
        name, _, value = rest.partition("=")
        info = tarfile.TarInfo(name)
        info.mtime, info.mode = 0, 0o644
        if kind == "sym":
            info.type, info.linkname = tarfile.SYMTYPE, value
            t.addfile(info)
        elif kind == "hard":
            info.type, info.linkname = tarfile.LNKTYPE, value
            t.addfile(info)
        elif kind == "dir":
            info.type, info.mode = tarfile.DIRTYPE, 0o755
            t.addfile(info)
        else:
            data = open(value, "rb").read()
            info.size = len(data)
            t.addfile(info, io.BytesIO(data))
PY
    age -r "$station_pub" -o "$work/$name.aab" "$work/$name.tar"
    finish "$name" "$expect" "$work/$name.aab"
}
# finish NAME EXPECT FILE: header line, then the bundle bytes.
finish() { { printf '# expect: %s\n' "$2"; cat "$3"; } >"$out/$1"; }

Z="$good/request.json.zst"
S="$good/request.json.zst.minisig"
vector ok_cli_made ok "request.json.zst=$Z" "request.json.zst.minisig=$S"

# The envelope.
cp "$work/ok_cli_made.tar" "$work/plain.tar"
finish not_age_encrypted not_age_encrypted "$work/plain.tar"
age -r "$other_station" -o "$work/other.aab" "$work/plain.tar"
finish for_another_station wrong_recipient "$work/other.aab"
head -c -100 "$work/ok_cli_made.aab" >"$work/truncated.aab"
finish ciphertext_truncated decrypt_failed "$work/truncated.aab"
age -a -r "$station_pub" -o "$work/armored.aab" "$work/plain.tar"
finish age_armored not_age_encrypted "$work/armored.aab"
head -c 3000 /dev/urandom >"$work/noise"
age -r "$station_pub" -o "$work/noise.aab" "$work/noise"
finish plaintext_not_tar tar_malformed "$work/noise.aab"

# The tar.
vector members_reversed member_order "request.json.zst.minisig=$S" "request.json.zst=$Z"
printf 'hello\n' >"$work/notes.txt"
vector extra_member unexpected_member "request.json.zst=$Z" "request.json.zst.minisig=$S" "notes.txt=$work/notes.txt"
vector signature_member_missing unsigned "request.json.zst=$Z"
vector request_member_duplicated duplicate_member "request.json.zst=$Z" "request.json.zst=$Z" "request.json.zst.minisig=$S"
vector request_member_symlink symlink_member "sym:request.json.zst=/etc/passwd" "request.json.zst.minisig=$S"
vector request_member_hardlink hardlink_member "hard:request.json.zst=request.json.zst.minisig" "request.json.zst.minisig=$S"
vector member_climbs_out path_traversal "../request.json.zst=$Z" "request.json.zst.minisig=$S"
vector member_is_directory unexpected_member_type "dir:request.json.zst" "request.json.zst.minisig=$S"
head -c 5000 /dev/zero | tr '\0' 'A' >"$work/big.minisig"
vector signature_member_over_cap member_too_large "request.json.zst=$Z" "request.json.zst.minisig=$work/big.minisig"

# The signature.
: >"$work/empty.minisig"
vector signature_empty signature_malformed "request.json.zst=$Z" "request.json.zst.minisig=$work/empty.minisig"
cp "$Z" "$work/untrusted.zst"
sign "$work/untrusted.zst" "$work/other.key"
vector signed_by_untrusted_key untrusted_key "request.json.zst=$Z" "request.json.zst.minisig=$work/untrusted.zst.minisig"
printf '{"other":"request"}' >"$work/other.json"
zst "$work/other.json" "$work/other.zst"
sign "$work/other.zst"
vector signature_of_other_bytes bad_signature "request.json.zst=$Z" "request.json.zst.minisig=$work/other.zst.minisig"
printf 'untrusted comment: x\nnot base64 at all\n' >"$work/garbage.minisig"
vector signature_garbage signature_malformed "request.json.zst=$Z" "request.json.zst.minisig=$work/garbage.minisig"
cp "$Z" "$work/legacy.zst"
sign "$work/legacy.zst" "$work/orch.key" -l
vector signature_legacy_not_prehashed signature_malformed "request.json.zst=$Z" "request.json.zst.minisig=$work/legacy.zst.minisig"

# The compressed document (validly signed, so only decompression and parsing can refuse it).
head -c $((65 * 1024 * 1024)) /dev/zero >"$work/zeros"
zstd -q -19 -f "$work/zeros" -o "$work/bomb.zst"
sign "$work/bomb.zst"
vector zstd_bomb decompressed_too_large "request.json.zst=$work/bomb.zst" "request.json.zst.minisig=$work/bomb.zst.minisig"
cp inbox-spec/examples/request.json "$work/raw.zst"
sign "$work/raw.zst"
vector request_not_compressed zstd_malformed "request.json.zst=$work/raw.zst" "request.json.zst.minisig=$work/raw.zst.minisig"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d["approved"]=True; open(sys.argv[2],"w").write(json.dumps(d))' \
    inbox-spec/examples/request.json "$work/extra.json"
zst "$work/extra.json" "$work/extra.zst"
sign "$work/extra.zst"
vector request_unknown_field bad_request_document "request.json.zst=$work/extra.zst" "request.json.zst.minisig=$work/extra.zst.minisig"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d["plan_sha256"]="0"*64; open(sys.argv[2],"w").write(json.dumps(d))' \
    inbox-spec/examples/request.json "$work/digest.json"
zst "$work/digest.json" "$work/digest.zst"
sign "$work/digest.zst"
vector request_plan_digest_wrong plan_digest_mismatch "request.json.zst=$work/digest.zst" "request.json.zst.minisig=$work/digest.zst.minisig"

ls "$out" | wc -l | xargs echo "make-bundle-vectors: vectors written:"
