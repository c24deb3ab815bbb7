"""Writes a failing graph as a regression test: `Inputs/<name>.json` (the
model as FlatBuffers JSON) and `<name>.test` (a lit test that compiles it
as the tester does and compares every build with the reference evaluator
and -O2 with -O0), ready to move into test/EndToEnd/."""

import os
import re

from check import ATOL, BUILDS, RTOL
from model import to_json


def lit_test(name, outputs, seed, what):
    """The lit test of model `name` (outputs named `outputs`), whose inputs
    come from `seed`; `what` says how it once failed."""
    model = f"%t/{name}.fb"
    lines = [
        f"# Tests that a graph the random-graph tester found (test/Random, "
        f"seed {seed}, shrunk)",
        "# compiles at every -O level and matches the reference evaluator "
        f"and -O0 (rtol {RTOL}, atol {ATOL}).",
        f"# It once failed: {what}.",
        f"RUN: rm -rf %t && mkdir %t && flatc -b -o %t %sic_schema "
        f"%S/Inputs/{name}.json",
    ]
    lines += [f"RUN: sic-compile {model} {' '.join(flags)} -o %t/{build}.so"
              for build, flags in BUILDS]
    for build, _ in BUILDS:
        run = (f"RUN: sic-run %t/{build}.so --seed {seed} --reference {model} "
               f"--rtol {RTOL} --atol {ATOL}")
        if build == "O0":
            run += " --output-dir %t/O0"
        if build == "O2":
            run += "".join(f" --expect {out}=%t/O0/{out}.npy"
                           for out in outputs)
        lines.append(run)
    return "\n".join(lines) + "\n"


def write(directory, name, model, seed, failure):
    """Writes the test of `model` into `directory`; returns its path."""
    inputs = os.path.join(directory, "Inputs")
    os.makedirs(inputs, exist_ok=True)
    # The work folder of the run that failed means nothing later.
    what = re.sub(r"(?<!\S)/\S*/", "", str(failure))
    ops = ", ".join(n.op for n in model.nodes)
    with open(os.path.join(inputs, name + ".json"), "w") as f:
        f.write(to_json(model, [
            f"A graph from the random-graph tester (test/Random, seed {seed}),",
            f"shrunk to {len(model.nodes)} node"
            f"{'' if len(model.nodes) == 1 else 's'} ({ops}).",
            f"It once failed: {what}."]))
    path = os.path.join(directory, name + ".test")
    with open(path, "w") as f:
        f.write(lit_test(name, [t.name for t in model.outputs], seed, what))
    return path
