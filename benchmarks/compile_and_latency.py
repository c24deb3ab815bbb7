#!/usr/bin/env python3
"""Compile time and -O2 vs -O0 latency of the benchmark models.

For each model: the wall time of `sic-compile -O2` (median of --compiles),
then `sic-run --bench` on the -O0 and the -O2 library, one after the other in
this run, and the ratio of their p50 latencies (the speed-up of -O2). Prints
a table and, with --json, writes the numbers and both bench records.

    benchmarks/compile_and_latency.py [--build build] [--models ../shared/models]
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

from sic_bench import bench_sic

MODELS = ["mlp_b1", "mlp_b64", "resnet_small", "transformer_block"]


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default=os.path.join(root, "build"))
    parser.add_argument("--models",
                        default=os.path.join(root, "..", "shared", "models"))
    parser.add_argument("--compiles", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--json", help="write the results to this file")
    args = parser.parse_args()

    sic_compile = os.path.join(args.build, "bin", "sic-compile")
    sic_run = os.path.join(args.build, "bin", "sic-run")
    results = []
    with tempfile.TemporaryDirectory() as work:
        for name in MODELS:
            model = os.path.join(args.models, name + ".onnx")
            if not os.path.exists(model):
                print(f"{name}: {model} not found, skipped", file=sys.stderr)
                continue
            libraries, compile_times = {}, []
            for level in (0, 2):
                libraries[level] = os.path.join(work, f"{name}.O{level}.so")
                for _ in range(args.compiles if level == 2 else 1):
                    start = time.perf_counter()
                    subprocess.run([sic_compile, model, f"-O{level}", "-o",
                                    libraries[level]], check=True)
                    if level == 2:
                        compile_times.append(time.perf_counter() - start)
            records = {
                level: bench_sic(sic_run, libraries[level], args.warmup, args.runs,
                             os.path.join(work, f"{name}.O{level}.json"))
                for level in (0, 2)
            }
            p50 = {level: records[level]["time_ms"]["p50"] for level in records}
            results.append({
                "model": name,
                "compile_seconds_O2": statistics.median(compile_times),
                "p50_ms_O0": p50[0],
                "p50_ms_O2": p50[2],
                "speedup_O2_over_O0": p50[0] / p50[2],
                "records": records,
            })

    print(f"{'model':<20} {'compile -O2 (s)':>16} {'-O0 p50 (ms)':>13} "
          f"{'-O2 p50 (ms)':>13} {'-O0/-O2':>8}")
    for r in results:
        print(f"{r['model']:<20} {r['compile_seconds_O2']:>16.2f} "
              f"{r['p50_ms_O0']:>13.3f} {r['p50_ms_O2']:>13.3f} "
              f"{r['speedup_O2_over_O0']:>8.2f}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=2)
    return 0 if results else 1


if __name__ == "__main__":
    sys.exit(main())
