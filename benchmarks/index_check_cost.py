#!/usr/bin/env python3
"""What checking indices read from data costs: a gather on run-time indices
against the same gather on the same indices known when compiled.

Each case is one model compiled twice at -O2: once with the indices a
constant (checked and normalized by the compiler, read at run time from a
constant tensor) and once with the same indices a model input (each one
wrapped and compared against the dimension as it is read, a fault reported
through the runtime). Both run through `sic-run --bench` in interleaved
rounds in this run; the ratio of their p50 latencies is the cost of the
check. Prints a table and, with --json, the numbers and every bench record.

    benchmarks/index_check_cost.py [--build build] [--rounds 3]
"""

import argparse
import json
import os
import random
import statistics
import struct
import subprocess
import sys
import tempfile

from sic_bench import bench_sic

# name: (rows of the table, elements per row, indices)
CASES = {
    "embedding_rows": (4096, 256, 512),
    "scalar_lookup": (4096, 1, 65536),
}


def model_text(rows, width, count, indices):
    """The sic graph of one case: `indices` None means they are an input."""
    table = f"tensor<{rows}x{width}xf32>"
    index_type = f"tensor<{count}xi64>"
    result = f"tensor<{count}x{width}xf32>"
    arguments = [f'%table: {table} {{sic.name = "table"}}']
    body = []
    if indices is None:
        arguments.append(f'%indices: {index_type} {{sic.name = "indices"}}')
    else:
        values = ", ".join(str(i) for i in indices)
        body.append(f"  %indices = sic.constant dense<[{values}]> : "
                    f"{index_type} loc(\"indices\")")
    body.append(f"  %rows = sic.gather %table, %indices : ({table}, "
                f"{index_type}) -> {result} loc(\"lookup\")")
    body.append(f"  sic.output %rows : {result}")
    return (f"sic.graph @lookup({', '.join(arguments)})\n"
            f"    -> ({result} {{sic.name = \"rows\"}}) {{\n" +
            "\n".join(body) + "\n}\n")


def write_npy(path, descr, shape, values):
    """A C-order .npy file of format version 1.0; `descr` a struct code."""
    header = (f"{{'descr': '<{'i8' if descr == 'q' else 'f4'}', "
              f"'fortran_order': False, 'shape': ({', '.join(map(str, shape))},"
              f"), }}")
    header += " " * (63 - (10 + len(header)) % 64) + "\n"
    with open(path, "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)))
        f.write(header.encode("latin1"))
        f.write(struct.pack(f"<{len(values)}{descr}", *values))


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default=os.path.join(root, "build"))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--json", help="write the results to this file")
    args = parser.parse_args()

    sic_compile = os.path.join(args.build, "bin", "sic-compile")
    sic_run = os.path.join(args.build, "bin", "sic-run")
    generator = random.Random(7)
    results = []
    with tempfile.TemporaryDirectory() as work:
        for name, (rows, width, count) in CASES.items():
            indices = [generator.randrange(-rows, rows) for _ in range(count)]
            table = [generator.gauss(0.0, 1.0) for _ in range(rows * width)]
            files = {kind: os.path.join(work, f"{name}.{kind}.npy")
                     for kind in ("table", "indices")}
            write_npy(files["table"], "f", (rows, width), table)
            write_npy(files["indices"], "q", (count,), indices)
            libraries, inputs = {}, {}
            for kind in ("constant", "runtime"):
                source = os.path.join(work, f"{name}.{kind}.mlir")
                with open(source, "w") as f:
                    f.write(model_text(rows, width, count,
                                       indices if kind == "constant"
                                       else None))
                libraries[kind] = os.path.join(work, f"{name}.{kind}.so")
                subprocess.run([sic_compile, source, "-O2", "-o",
                                libraries[kind]], check=True)
                inputs[kind] = {"table": files["table"]}
                if kind == "runtime":
                    inputs[kind]["indices"] = files["indices"]
            records = {"constant": [], "runtime": []}
            for round_ in range(args.rounds):
                for kind in records:
                    records[kind].append(bench_sic(
                        sic_run, libraries[kind], args.warmup, args.runs,
                        os.path.join(work, f"{name}.{kind}.{round_}.json"),
                        inputs[kind]))
            p50 = {kind: statistics.median(r["time_ms"]["p50"]
                                           for r in records[kind])
                   for kind in records}
            results.append({
                "case": name,
                "table": [rows, width],
                "indices": count,
                "p50_ms_constant": p50["constant"],
                "p50_ms_runtime": p50["runtime"],
                "ratio_runtime_over_constant":
                    p50["runtime"] / p50["constant"],
                "records": records,
            })

    print(f"{'case':<16} {'table':>10} {'indices':>8} {'constant p50 (ms)':>18}"
          f" {'run-time p50 (ms)':>18} {'ratio':>6}")
    for r in results:
        shape = "x".join(str(d) for d in r["table"])
        print(f"{r['case']:<16} {shape:>10} {r['indices']:>8} "
              f"{r['p50_ms_constant']:>18.4f} {r['p50_ms_runtime']:>18.4f} "
              f"{r['ratio_runtime_over_constant']:>6.2f}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
