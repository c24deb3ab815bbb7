#!/usr/bin/env python3
"""SIC -O2 against onnxruntime (CPU, 1 thread), measured in the same run.

For each model: compile it with `sic-compile -O2`, then in each of --rounds
rounds time it with `sic-run --bench` and with onnxruntime through
`ort_bench.js` (Node, onnxruntime-node), alternating which goes first from
one round to the next; rounds go over all the models in turn, so that drift
in the machine's speed falls on both alike. The figure of each side is the
median over the rounds of each round's p50; the ratio ORT/SIC is above 1
where SIC is faster. noop_add (y = x + 1 on one element) gives the fixed
per-call cost of each side: for onnxruntime it is mostly the Node binding's.

    benchmarks/vs_onnxruntime.py [--models mlp_b1,noop_add] [--rounds 3]
        [--runs 200] [--ort-threads 1,2] [--json out.json]

onnxruntime-node is installed into benchmarks/.ort (gitignored) with npm
when it is missing.
"""

import argparse
import datetime
import json
import math
import os
import shutil
import statistics
import sys
import tempfile

from sic_bench import BenchError, bench_sic, run

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HERE = os.path.join(ROOT, "benchmarks")
MODELS = ["mlp_b1", "mlp_b64", "resnet_small", "transformer_block", "noop_add"]
NOOP = "noop_add"
ORT_PACKAGE = "onnxruntime-node"
ORT_VERSION = "1.30.0"


def installed_ort_version(ort_dir):
    manifest = os.path.join(ort_dir, "node_modules", ORT_PACKAGE,
                            "package.json")
    try:
        with open(manifest) as f:
            return json.load(f).get("version")
    except (OSError, ValueError):
        return None


def ensure_ort(ort_dir, version):
    """Installs onnxruntime-node@version into ort_dir if it is not there, and
    checks that Node loads its CPU binding. Returns node's path and the
    versions the package reports."""
    node = shutil.which("node")
    if not node:
        raise BenchError("node not found on PATH: the onnxruntime side runs "
                         "in Node.js (install nodejs and npm)")
    if installed_ort_version(ort_dir) != version:
        npm = shutil.which("npm")
        if not npm:
            raise BenchError(
                f"{ORT_PACKAGE}@{version} is not installed in {ort_dir} and "
                "npm is not on PATH to install it (install npm, or run "
                f"`npm install --prefix {ort_dir} --ignore-scripts "
                f"{ORT_PACKAGE}@{version}` where npm is available)")
        os.makedirs(ort_dir, exist_ok=True)
        print(f"installing {ORT_PACKAGE}@{version} into {ort_dir} ...",
              file=sys.stderr)
        # --ignore-scripts: the package's install script downloads GPU
        # libraries; the CPU library is in the package itself.
        run([npm, "install", "--prefix", ort_dir, "--ignore-scripts",
             "--no-audit", "--no-fund", "--save-exact",
             f"{ORT_PACKAGE}@{version}"], "npm install")
        got = installed_ort_version(ort_dir)
        if got != version:
            raise BenchError(f"npm install left {ORT_PACKAGE} {got} in "
                             f"{ort_dir}, not {version}")
    package = os.path.join(ort_dir, "node_modules", ORT_PACKAGE)
    check = ("const ort = require(process.argv[1]);"
             "process.stdout.write(JSON.stringify(ort.env.versions));")
    out = run([node, "-e", check, package],
              f"loading {ORT_PACKAGE}'s CPU binding from {package}")
    return node, json.loads(out)


def bench_ort(node, model, threads, warmup, runs, ort_dir):
    out = run([node, os.path.join(HERE, "ort_bench.js"), model,
               "--threads", str(threads), "--warmup", str(warmup),
               "--runs", str(runs), "--ort-dir", ort_dir],
              f"ort_bench.js {model}")
    return json.loads(out)


def spread(values):
    """(max - min) / median of `values`, in percent."""
    middle = statistics.median(values)
    return 100.0 * (max(values) - min(values)) / middle if middle else 0.0


def summarize(p50s):
    return {"p50_ms": statistics.median(p50s), "round_p50s_ms": p50s,
            "spread_pct": spread(p50s)}


def format_ms(value):
    """`value` with 4 significant digits, without an exponent."""
    if value <= 0:
        return f"{value:.4f}"
    places = max(0, 3 - math.floor(math.log10(value)))
    return f"{value:.{places}f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", default=",".join(MODELS),
                        help="comma-separated model names "
                             "(default: %(default)s)")
    parser.add_argument("--model-dir",
                        default=os.path.join(ROOT, "..", "shared", "models"),
                        help="where NAME.onnx are (default: ../shared/models)")
    parser.add_argument("--build-dir", default=os.path.join(ROOT, "build"),
                        help="the SIC build with bin/sic-compile, bin/sic-run")
    parser.add_argument("--rounds", type=int, default=3,
                        help="rounds of SIC and ORT runs (default 3)")
    parser.add_argument("--warmup", type=int, default=10,
                        help="untimed runs before each round's timed ones")
    parser.add_argument("--runs", type=int, default=200,
                        help="timed runs of each side in each round")
    parser.add_argument("--ort-threads", default="1",
                        help="comma-separated intraOpNumThreads to time ORT "
                             "with; the ratio is against the first "
                             "(default 1)")
    parser.add_argument("--ort-dir", default=os.path.join(HERE, ".ort"),
                        help="npm prefix holding onnxruntime-node "
                             "(default benchmarks/.ort)")
    parser.add_argument("--ort-version", default=ORT_VERSION)
    parser.add_argument("--json", help="write the results to this file")
    args = parser.parse_args()

    models = [m for m in args.models.split(",") if m]
    try:
        ort_threads = [int(t) for t in args.ort_threads.split(",") if t]
    except ValueError:
        parser.error(f"--ort-threads: not a list of integers: "
                     f"{args.ort_threads}")
    if not models or not ort_threads or min(ort_threads) < 1:
        parser.error("need at least one model and thread counts >= 1")
    if args.rounds < 1 or args.runs < 1 or args.warmup < 0:
        parser.error("--rounds and --runs must be >= 1, --warmup >= 0")
    sic_compile = os.path.join(args.build_dir, "bin", "sic-compile")
    sic_run = os.path.join(args.build_dir, "bin", "sic-run")
    for tool in (sic_compile, sic_run):
        if not os.access(tool, os.X_OK):
            print(f"error: {tool} not found: build SIC first "
                  "(scripts/dev.sh build) or pass --build-dir",
                  file=sys.stderr)
            return 1
    ort_dir = os.path.abspath(args.ort_dir)
    try:
        node, ort_versions = ensure_ort(ort_dir, args.ort_version)
    except BenchError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1

    failures = []
    start_load = os.getloadavg()
    date = datetime.datetime.now(datetime.timezone.utc).strftime(
        "%Y-%m-%dT%H:%M:%SZ")
    with tempfile.TemporaryDirectory() as work:
        libraries = {}
        for name in models:
            model = os.path.join(args.model_dir, name + ".onnx")
            if not os.path.exists(model):
                failures.append(f"{name}: {model} not found")
                continue
            library = os.path.join(work, name + ".so")
            try:
                run([sic_compile, model, "-O2", "-o", library],
                    f"sic-compile {name}")
            except BenchError as error:
                failures.append(str(error))
                continue
            libraries[name] = (model, library)

        sic_records = {name: [] for name in libraries}
        ort_records = {name: {t: [] for t in ort_threads}
                       for name in libraries}
        for round_index in range(args.rounds):
            for name, (model, library) in list(libraries.items()):
                def time_sic():
                    record = os.path.join(work, f"{name}.{round_index}.json")
                    sic_records[name].append(bench_sic(
                        sic_run, library, args.warmup, args.runs, record))

                def time_ort():
                    for threads in ort_threads:
                        ort_records[name][threads].append(bench_ort(
                            node, model, threads, args.warmup, args.runs,
                            ort_dir))

                order = ((time_sic, time_ort) if round_index % 2 == 0
                         else (time_ort, time_sic))
                try:
                    for step in order:
                        step()
                except BenchError as error:
                    failures.append(str(error))
                    del libraries[name]
                print(f"round {round_index + 1}/{args.rounds}: {name} done",
                      file=sys.stderr)

    results = []
    for name in libraries:
        sic = summarize([r["time_ms"]["p50"] for r in sic_records[name]])
        ort = {t: summarize([r["time_ms"]["p50"]
                             for r in ort_records[name][t]])
               for t in ort_threads}
        results.append({
            "model": name,
            "sic": sic,
            "ort": {str(t): ort[t] for t in ort_threads},
            "ratio_ort_over_sic": {
                str(t): ort[t]["p50_ms"] / sic["p50_ms"] for t in ort_threads},
            "sic_records": sic_records[name],
            "ort_records": {str(t): ort_records[name][t] for t in ort_threads},
        })
    by_name = {r["model"]: r for r in results}
    noop = by_name.get(NOOP)
    first = str(ort_threads[0])
    for r in results:
        if noop is not None and r is not noop:
            # ORT less its whole noop_add time (the binding's cost and ORT's
            # own minimal run): a lower bound of the ratio.
            less = r["ort"][first]["p50_ms"] - noop["ort"][first]["p50_ms"]
            r["ratio_ort_less_noop_over_sic"] = less / r["sic"]["p50_ms"]

    platform = next((records[0]["platform"]
                     for records in sic_records.values() if records), {})
    summary = {
        "format": "sic-vs-onnxruntime/1",
        "date": date,
        "platform": platform,
        "loadavg_at_start": start_load,
        "loadavg_at_end": os.getloadavg(),
        "onnxruntime": ort_versions,
        "node": run([node, "--version"], "node --version").strip(),
        "ort_options": {"execution_provider": "cpu",
                        "graph_optimization": "all",
                        "execution_mode": "sequential",
                        "intra_op_threads": ort_threads},
        "sic_options": {"opt_level": "-O2"},
        "rounds": args.rounds,
        "warmup": args.warmup,
        "runs": args.runs,
        "results": results,
        "failures": failures,
    }

    print(f"SIC -O2 vs onnxruntime {ort_versions.get('node', '?')} (CPU EP, "
          f"graph optimization 'all', sequential), {date}")
    if platform:
        print(f"machine: {platform.get('cpu')}, {platform.get('cores')} "
              f"cores; load average at start {start_load[0]:.2f}")
    print(f"p50 in ms: median over {args.rounds} rounds of each round's p50 "
          f"({args.warmup} warm-up + {args.runs} timed runs per side and "
          "round);")
    print("spread: (max - min) / median of the rounds' p50s (ORT: "
          f"{ort_threads[0]} thread{'s' if ort_threads[0] > 1 else ''})")
    print()
    header = (f"{'model':<18} {'SIC p50':>9} "
              + "".join(f"{f'ORT {t}T p50':>12} {f'ORT{t}T/SIC':>10} "
                        for t in ort_threads)
              + f"{'(ORT-noop)/SIC':>15} {'spread SIC':>11} "
              f"{'spread ORT':>11}")
    print(header)
    for r in results:
        cells = f"{r['model']:<18} {format_ms(r['sic']['p50_ms']):>9} "
        for t in ort_threads:
            cells += (f"{format_ms(r['ort'][str(t)]['p50_ms']):>12} "
                      f"{r['ratio_ort_over_sic'][str(t)]:>10.2f} ")
        less = r.get("ratio_ort_less_noop_over_sic")
        cells += f"{(f'{less:.2f}' if less is not None else '-'):>15} "
        cells += (f"{r['sic']['spread_pct']:>10.1f}% "
                  f"{r['ort'][first]['spread_pct']:>10.1f}%")
        print(cells)
    print()
    print("ORT/SIC > 1: SIC is faster. Each ORT time is one `session.run` "
          "from Node and")
    print("includes the binding's fixed per-call cost (N-API, tensor "
          "wrapping, a promise),")
    if noop is not None:
        print(f"about {format_ms(noop['ort'][first]['p50_ms'])} ms here: "
              f"noop_add's ORT p50; SIC's noop_add p50 "
              f"({format_ms(noop['sic']['p50_ms'])} ms) is the runtime's "
              "checked call.")
        print("(ORT-noop)/SIC takes all of noop_add's ORT time off ORT: "
              "a lower bound of the ratio")
        print("without the binding; it matters only where the p50s are "
              "within ~10x of noop_add.")
    else:
        print("about 0.02 ms (time noop_add to see it on this machine).")
    if len(ort_threads) > 1 or ort_threads[0] != 1:
        print("SIC's library runs on one thread; ORT with more than one "
              "intra-op thread uses more cores.")
    for failure in failures:
        print(f"error: {failure}", file=sys.stderr)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(summary, f, indent=2)
            f.write("\n")
    return 1 if failures or not results else 0


if __name__ == "__main__":
    sys.exit(main())
