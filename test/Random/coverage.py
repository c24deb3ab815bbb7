#!/usr/bin/env python3
"""Checks that the random graphs cover the sic dialect: every node op that
SicOps.td defines, every element type each op takes and every attribute
of each op, in the graphs of `--count` seeds from `--seed`, and that each
graph is valid and tame by the generator's own rules. Prints one line per
op (nodes per element type, attributes seen) and exits 1 naming what is
never generated, so an op or attribute added to the dialect must be added
to the generator too.

    coverage.py dialects/Sic/IR/SicOps.td [--count N]

The default count features every op once under each element type (graph
n features op n modulo the op count, under a type that changes each time
the op comes back).
"""

import argparse
import collections
import re
import sys

import oprules
import randgraph
from model import analyze


def dialect_ops(td_text):
    """{mnemonic: attribute names} of every node op in SicOps.td, with the
    attributes its class declares (the reductions share theirs)."""
    chunks = re.split(r"^(?=def |class )", td_text, flags=re.MULTILINE)
    class_attrs, ops = {}, {}
    for chunk in chunks:
        attrs = re.search(r"nodeAttributes = \(ins(.*?)\);", chunk, re.S)
        names = re.findall(r"\$(\w+)", attrs.group(1)) if attrs else []
        header = re.match(r"(def|class) (\w+)\s*(?:<[^:]*?>)?\s*:\s*(\w+)"
                          r'(?:<"(\w+)")?', chunk)
        if not header:
            continue
        keyword, name, parent, mnemonic = header.groups()
        if keyword == "class":
            class_attrs[name] = names
        elif mnemonic and parent != "Sic_Op":
            ops[mnemonic] = class_attrs.get(parent, []) + names
    return ops


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("ops_td", help="dialects/Sic/IR/SicOps.td")
    parser.add_argument(
        "--count", type=int,
        default=len(randgraph.OPS) * len(randgraph.ALL_TYPES))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--generator-regressions", type=int, nargs="*", default=[24215],
        help="seeds the generator itself once failed on, generated first "
        "(24215: sigmoid's bound overflowed on a wide input range)")
    args = parser.parse_args()
    for seed in args.generator_regressions:
        randgraph.generate(seed)
    with open(args.ops_td) as f:
        ops = dialect_ops(f.read())

    nodes = collections.Counter()
    attrs = collections.defaultdict(set)
    for seed in range(args.seed, args.seed + args.count):
        graph = randgraph.generate(seed)
        analyze(graph)
        for node in graph.nodes:
            # where's element type is that of x (its condition is bool).
            data = node.inputs[1 if node.op == "where" else 0]
            nodes[node.op, data.dtype] += 1
            attrs[node.op].update(node.attrs)
            if node.op == "cast":
                nodes["cast to", node.attrs["to"]] += 1

    missing = []
    for op in sorted(ops):
        wanted = [(op, d) for d in oprules.element_types(op)]
        if op == "cast":
            wanted += [("cast to", t) for t in oprules.CAST_TYPES]
        counts = " ".join(f"{d}:{nodes[key, d]}" for key, d in wanted)
        print(f"{op:16} {counts:52} {' '.join(sorted(attrs[op]))}")
        missing += [" ".join(key) for key in wanted if not nodes[key]]
        missing += [f"{op} attribute '{a}'" for a in ops[op]
                    if a not in attrs[op]]
    if missing:
        sys.exit(f"coverage.py: never generated in {args.count} graphs: "
                 + ", ".join(missing))
    print(f"coverage: {len(ops)} ops, every element type and attribute")


if __name__ == "__main__":
    main()
