#!/usr/bin/env python3
"""No circles among the VMM's files (docs/architecture.md, "The VMM's shape").

A file depends on another when it calls a function or names an object the
other defines, read from the compiled objects' symbol tables (nm), so a call
made through a header counts as much as an include.  Any set of files that
depend on each other in a circle fails the build, named with the symbols
that tie it.  With --includes, the same for source files and the headers
they include ("..." includes, paths from the top of the tree).

    tools/check-circles.py OBJECT...
    tools/check-circles.py --includes SOURCE...
"""
import os
import re
import subprocess
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"')


def symbols(obj):
    """The symbols obj defines (global) and the ones it needs from elsewhere."""
    out = subprocess.run(["nm", obj], capture_output=True, text=True, check=True).stdout
    defined, needed = set(), set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] == "U":
            needed.add(parts[1])
        elif len(parts) == 3 and parts[1] in "TDBR":
            defined.add(parts[2])
    return defined, needed


def edges(objs):
    """obj -> {other obj: symbols obj takes from it}."""
    defined_by, needs = {}, {}
    for obj in objs:
        defined, needed = symbols(obj)
        for sym in defined:
            defined_by[sym] = obj
        needs[obj] = needed
    graph = {obj: {} for obj in objs}
    for obj, needed in needs.items():
        for sym in needed:
            other = defined_by.get(sym)
            if other and other != obj:
                graph[obj].setdefault(other, set()).add(sym)
    return graph


def circles(graph):
    """Strongly connected components of more than one file (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in graph:
        if v not in index:
            visit(v)
    return found


def include_edges(files):
    """file -> {header: {"#include"}} for the headers among files it includes."""
    files = [f for f in files if os.path.exists(f)]  # deleted, not yet committed
    known = set(files)
    graph = {f: {} for f in files}
    for f in files:
        with open(f, encoding="utf-8") as src:
            for line in src:
                m = INCLUDE.match(line)
                if m and m.group(1) in known and m.group(1) != f:
                    graph[f][m.group(1)] = {"#include"}
    return graph


def main(args):
    graph = include_edges(args[1:]) if args[:1] == ["--includes"] else edges(args)
    bad = circles(graph)
    for comp in bad:
        print("circles: these files call each other in a circle:", file=sys.stderr)
        for a in comp:
            for b in comp:
                if b in graph[a]:
                    names = ", ".join(sorted(graph[a][b])[:4])
                    print(f"  {a} -> {b}: {names}", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
