#!/usr/bin/env python3
"""List the crate modules each module of src/ uses, and print the import loops among them.

    python3 scripts/import_loops.py            # top-level modules of src/
    python3 scripts/import_loops.py engine     # the submodules of src/engine/

A module uses another when its files name it by path (`crate::X`, or inside a folder
`crate::<folder>::X` and `super::X`), in `use` lines or inline. Test modules (`#[cfg(test)]`
to the end of a file) are left out: a test may reach anywhere. A loop is a strongly connected
group of more than one module (Tarjan); each is printed with one cycle through it. Exit status 1
when there is a loop, so CI can hold the line once they are gone.
"""
import os
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src")


def modules(folder):
    """Module name -> list of its .rs files, for the modules directly under `folder`."""
    out = {}
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if name.endswith(".rs") and name not in ("lib.rs", "main.rs", "mod.rs"):
            out[name[:-3]] = [path]
        elif os.path.isdir(path):
            files = []
            for d, _, fs in os.walk(path):
                files += [os.path.join(d, f) for f in fs if f.endswith(".rs")]
            out[name] = sorted(files)
    return out


def without_tests(text):
    cut = text.find("#[cfg(test)]\nmod tests")
    return text if cut < 0 else text[:cut]


def uses(files, names, prefix, own_folder_file):
    """Names of `names` these files refer to through `prefix` (and `super::` for a file directly
    inside the folder being examined)."""
    found = set()
    for f in files:
        text = without_tests(open(f, encoding="utf-8").read())
        # Strip comments so a doc link does not count as a use.
        text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
        text = re.sub(r"//[^\n]*", "", text)
        for m in re.finditer(prefix + r"(\w+)", text):
            found.add(m.group(1))
        # `use crate::{a, b::c}` groups.
        for m in re.finditer(prefix + r"\{([^}]*)\}", text):
            for part in re.split(r"[,\s]+", m.group(1)):
                found.add(part.split("::")[0])
        if own_folder_file(f):
            for m in re.finditer(r"\bsuper::(\w+)", text):
                found.add(m.group(1))
            for m in re.finditer(r"\bsuper::\{([^}]*)\}", text):
                for part in re.split(r"[,\s]+", m.group(1)):
                    found.add(part.split("::")[0])
    return {n for n in found if n in names}


def sccs(graph):
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return [c for c in out if len(c) > 1]


def a_cycle(graph, comp):
    """One shortest cycle through the first module of `comp`, staying inside `comp`."""
    start = comp[0]
    inside = set(comp)
    paths = [[start]]
    seen = {start}
    while paths:
        nxt = []
        for p in paths:
            for w in sorted(graph[p[-1]] & inside):
                if w == start:
                    return p + [start]
                if w not in seen:
                    seen.add(w)
                    nxt.append(p + [w])
        paths = nxt
    return comp


def main():
    sub = sys.argv[1] if len(sys.argv) > 1 else None
    folder = os.path.join(ROOT, sub) if sub else ROOT
    mods = modules(folder)
    names = set(mods)
    prefix = r"\bcrate::" + (re.escape(sub) + "::" if sub else "")
    graph = {}
    for m, files in mods.items():
        # `super::` inside src/<sub>/<m>.rs is a sibling; deeper files' `super::` is their own.
        direct = lambda f, m=m: sub is not None and os.path.dirname(f) in (
            folder,
            os.path.join(folder, m),
        )
        graph[m] = uses(files, names, prefix, direct) - {m}
    where = f"src/{sub}/" if sub else "src/"
    print(f"# modules of {where} and the modules of {where} each uses")
    for m in sorted(graph):
        print(f"{m}: {' '.join(sorted(graph[m])) or '-'}")
    loops = sccs(graph)
    print()
    if not loops:
        print("no import loops")
        return 0
    print(f"{len(loops)} import loop(s):")
    for comp in loops:
        print(f"  {{{', '.join(comp)}}}: e.g. {' -> '.join(a_cycle(graph, comp))}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
