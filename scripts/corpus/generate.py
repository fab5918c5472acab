#!/usr/bin/env python3
"""Writes the project's labelled audit corpus (examples/corpus/{dev,heldout,dev2,dev3,dev4,dev5,dev6,dev7,dev8,dev9,dev10,dev11,dev12,dev13,dev14,heldout8}/*.json).

Each concept (one request meaning, one plan, one expectation) is written once per wording, with
ids `<concept>--w1`, `--w2`, ... Concepts are split by meaning: every wording of a concept lives
on the same side, so held-out requests are genuinely unseen. Labels follow the policies' meaning
(../shared/DESIGN.md "Findings and decisions" and issue 9), never what the engine outputs.

Standard library only; the output is deterministic. Run from anywhere:
    python3 scripts/corpus/generate.py               # every part
    python3 scripts/corpus/generate.py --part dev2   # one part (ids are still checked across all)
"""
import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import dev  # noqa: E402
import dev2  # noqa: E402
import dev3  # noqa: E402
import dev4  # noqa: E402
import dev5  # noqa: E402
import heldout  # noqa: E402
import dev6  # noqa: E402
import dev7  # noqa: E402
import dev8  # noqa: E402
import dev9  # noqa: E402
import dev10  # noqa: E402
import dev11  # noqa: E402
import dev12  # noqa: E402
import dev13  # noqa: E402
import dev14  # noqa: E402
import heldout8  # noqa: E402
from lib import scenario, dump  # noqa: E402

ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
OUT = os.path.join(ROOT, "examples", "corpus")
DECISIONS = {"approve", "escalate", "veto"}


def check(concept):
    cid = concept["id"]
    words = concept["wordings"]
    if len(words) < 3:
        sys.exit(f"{cid}: needs at least three wordings")
    if len({w.strip().lower() for w in words}) != len(words):
        sys.exit(f"{cid}: wordings must differ")
    e = concept["expect"]
    if e["decision"] not in DECISIONS:
        sys.exit(f"{cid}: bad decision")
    if (e["decision"] == "escalate") != ("required_approvals" in e):
        sys.exit(f"{cid}: required_approvals only (and always) for escalate")
    addrs = {c["address"] for c in concept["plan"]["resource_changes"]}
    for a in e.get("out_of_scope", []):
        if a not in addrs:
            sys.exit(f"{cid}: out_of_scope address {a} is not in the plan")


PROD = {"prod", "production", "prd", "live"}


def lint_honest(concept):
    """Approve cases must be clean on every other policy: tags complete, production only with a ticket."""
    cid = concept["id"]
    if concept["expect"]["decision"] != "approve":
        return
    for c in concept["plan"]["resource_changes"]:
        for side in ("before", "after"):
            v = c["change"][side]
            if not isinstance(v, dict):
                continue
            for key in ("tags", "labels"):
                t = v.get(key)
                if side == "after" and isinstance(t, dict):
                    have = {k.lower() for k in t}
                    if not {"owner", "environment", "costcenter"} <= have:
                        sys.exit(f"{cid}: {c['address']} lacks a required tag")
                if isinstance(t, dict) and not concept["ticket"]:
                    env = {str(val).lower() for k, val in t.items() if k.lower() in ("environment", "env", "stage", "tier")}
                    if env & PROD:
                        sys.exit(f"{cid}: {c['address']} is production but the case has no ticket")
        tokens = set(c["address"].replace("[", ".").replace("]", ".").replace("-", "_").replace(".", "_").split("_"))
        if tokens & PROD and not concept["ticket"]:
            sys.exit(f"{cid}: {c['address']} has a production name token but the case has no ticket")


def write_split(name, concepts, seen):
    folder = os.path.join(OUT, name)
    os.makedirs(folder, exist_ok=True)
    wanted = set()
    for n, c in enumerate(concepts):
        if c["id"] in seen:
            sys.exit(f"concept id {c['id']} used twice")
        seen.add(c["id"])
        check(c)
        lint_honest(c)
        for i, text in enumerate(c["wordings"], start=1):
            cid = f"{c['id']}--w{i}"
            doc = scenario(cid, c["description"], text, c["plan"], c["expect"],
                           approvals=c["approvals"], ticket=c["ticket"], cost=c["cost"], who=n + i)
            fname = cid + ".json"
            wanted.add(fname)
            path = os.path.join(folder, fname)
            data = dump(doc)
            old = None
            if os.path.exists(path):
                with open(path, encoding="utf-8") as f:
                    old = f.read()
            if old != data:
                with open(path, "w", encoding="utf-8") as f:
                    f.write(data)
    for stale in sorted(os.listdir(folder)):
        if stale.endswith(".json") and stale not in wanted:
            os.remove(os.path.join(folder, stale))
    return len(wanted)


PARTS = {"dev": dev.CONCEPTS, "heldout": heldout.CONCEPTS, "dev2": dev2.CONCEPTS, "dev3": dev3.CONCEPTS,
         "dev4": dev4.CONCEPTS, "dev5": dev5.CONCEPTS,
         "dev6": dev6.CONCEPTS, "dev7": dev7.CONCEPTS,
         "dev8": dev8.CONCEPTS, "dev9": dev9.CONCEPTS,
         "dev10": dev10.CONCEPTS, "dev11": dev11.CONCEPTS,
         "dev12": dev12.CONCEPTS, "dev13": dev13.CONCEPTS,
         "dev14": dev14.CONCEPTS,
         "heldout8": heldout8.CONCEPTS}


def main():
    ap = argparse.ArgumentParser(description="Write the labelled audit corpus.")
    ap.add_argument("--part", choices=sorted(PARTS), action="append",
                    help="write only this part (repeatable); default: every part")
    args = ap.parse_args()
    # Concept ids must be unique across every part, written or not.
    all_ids = [c["id"] for concepts in PARTS.values() for c in concepts]
    if len(all_ids) != len(set(all_ids)):
        sys.exit("a concept id is used twice across the parts")
    seen = set()
    for name in args.part or ["dev", "heldout", "dev2", "dev3", "dev4", "dev5", "dev6", "dev7", "dev8", "dev9", "dev10", "dev11", "dev12", "dev13", "dev14", "heldout8"]:
        n = write_split(name, PARTS[name], seen)
        print(f"{name}: {len(PARTS[name])} concepts, {n} cases")


if __name__ == "__main__":
    main()
