#!/usr/bin/env python3
"""The random-graph differential tester: generates graphs from consecutive
seeds (randgraph.py), compiles each at -O0, -O1, -O2 and -O2
--checks=debug, runs every build against the reference evaluator and -O2
against -O0 (check.py), and prints one line per failing graph, then
`random graphs: N passed, N failed`. A failing graph is shrunk while it
fails the same way (shrink.py) and written out as a regression test
(regression.py); its unshrunk model goes to <out>/original/.

    difftest.py --count 300 --seed 1 -j 2 --bin-dir build/bin
"""

import argparse
import collections
import os
import shutil
import sys
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor

import check
import randgraph
import regression
import shrink
from model import to_json

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=300,
                        help="graphs to test (default 300)")
    parser.add_argument("--seed", type=int, default=1,
                        help="seed of the first graph (default 1)")
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count(),
                        help="graphs tested at once (default: every core)")
    parser.add_argument("--bin-dir", default=os.path.join(ROOT, "build", "bin"),
                        help="where sic-compile and sic-run are")
    parser.add_argument("--flatc", default="flatc")
    parser.add_argument("--schema", default=os.path.join(
        ROOT, "lib", "Import", "sic_model.fbs"))
    parser.add_argument("--out", help="where regression tests go (default: "
                        "test/Random/regressions in the build folder)")
    parser.add_argument("--timeout", type=float, default=20,
                        help="seconds each compile or run may take")
    parser.add_argument("--shrink-per-kind", type=int, default=1,
                        help="failures shrunk per kind, step and site (the "
                        "rest are only reported; default 1)")
    parser.add_argument("--shrink-budget", type=int, default=150,
                        help="variants tried per shrink (default 150)")
    return parser.parse_args()


def signature(failure, model):
    """What a shrunk graph must still show: the kind, the step and the
    site of the failure; for a mismatch, the op of the node that computes
    the first output that differs (so that shrinking does not trade one
    wrong op for another)."""
    site = failure.site
    if failure.kind == "mismatch":
        site = next((n.op for n in model.nodes if n.output.name == site), "")
    return failure.kind, failure.step, site


def describe(kind, step, site):
    return f"{kind} in {step}" + (f" ({site})" if site else "")


class Campaign:
    """The state the workers share: tools, counts, shrinks per kind."""

    def __init__(self, args):
        self.args = args
        bin_dir = args.bin_dir
        self.tools = check.Tools(os.path.join(bin_dir, "sic-compile"),
                                 os.path.join(bin_dir, "sic-run"), args.flatc,
                                 os.path.abspath(args.schema), args.timeout)
        self.out = os.path.abspath(args.out or os.path.join(
            bin_dir, "..", "test", "Random", "regressions"))
        self.lock = threading.Lock()
        self.failed = collections.Counter()
        self.shrinks = collections.Counter()
        self.done = 0

    def test_model(self, model, seed, workdir, builds=None):
        path = os.path.join(workdir, "model.json")
        with open(path, "w") as f:
            f.write(to_json(model, [f"random graph, seed {seed}"]))
        return check.check(path, workdir, self.tools, seed, builds)

    def shrink(self, model, seed, failure):
        """The shrunk model and the failure it still shows."""
        # Only the build that failed (flatc: none); -O2 is compared with -O0
        # only when both are built.
        builds = set()
        if failure.step == "-O2 vs -O0":
            builds = {"O0", "O2"}
        elif failure.step != "flatc":
            builds = {failure.step.split()[0].lstrip("-")}
        kept = [failure]
        wanted = signature(failure, model)

        def still_fails(candidate):
            with tempfile.TemporaryDirectory() as workdir:
                again = self.test_model(candidate, seed, workdir, builds)
            if again and signature(again, candidate) == wanted:
                kept[0] = again
                return True
            return False
        # A hang costs the whole time limit per variant.
        budget = self.args.shrink_budget
        if failure.kind == "timeout":
            budget = min(budget, 5)
        return shrink.shrink(model, still_fails, budget), kept[0]

    def run_one(self, seed):
        model = randgraph.generate(seed)
        with tempfile.TemporaryDirectory() as workdir:
            failure = self.test_model(model, seed, workdir)
        if failure is None:
            with self.lock:
                self.progress()
            return
        name = f"random-{seed}"
        original = os.path.join(self.out, "original")
        os.makedirs(original, exist_ok=True)
        with open(os.path.join(original, name + ".json"), "w") as f:
            f.write(to_json(model, [f"random graph, seed {seed}: {failure}"]))
        kind = signature(failure, model)
        with self.lock:
            shrinking = self.shrinks[kind] < self.args.shrink_per_kind
            self.shrinks[kind] += 1
        where = f"{original}/{name}.json"
        if shrinking:
            small, shown = self.shrink(model, seed, failure)
            test = regression.write(self.out, name, small, seed, shown)
            where = (f"{test} (shrunk from {len(model.nodes)} nodes to "
                     f"{len(small.nodes)})")
        with self.lock:
            self.failed[describe(*kind)] += 1
            print(f"FAIL seed {seed}: {failure}; {where}", flush=True)
            self.progress()

    def progress(self):
        self.done += 1
        if self.args.count >= 1000 and self.done % 500 == 0:
            print(f"random graphs: {self.done}/{self.args.count} tested, "
                  f"{sum(self.failed.values())} failed", file=sys.stderr,
                  flush=True)


def main():
    args = parse_args()
    campaign = Campaign(args)
    for tool in (campaign.tools.sic_compile, campaign.tools.sic_run):
        if not os.access(tool, os.X_OK):
            sys.exit(f"difftest.py: {tool} is not an executable")
    if shutil.which(args.flatc) is None:
        sys.exit(f"difftest.py: {args.flatc} not found")
    seeds = range(args.seed, args.seed + args.count)
    print(f"random graphs: seeds {args.seed} to {args.seed + args.count - 1}",
          flush=True)
    with ThreadPoolExecutor(max(args.jobs, 1)) as pool:
        for future in [pool.submit(campaign.run_one, s) for s in seeds]:
            future.result()
    failed = sum(campaign.failed.values())
    for kind, count in campaign.failed.most_common():
        print(f"  {count} x {kind}")
    print(f"random graphs: {args.count - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
