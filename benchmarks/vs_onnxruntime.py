#!/usr/bin/env python3
"""SIC -O2 against onnxruntime (CPU), measured in the same run.

For each model: compile it with `sic-compile -O2` and write one set of
seeded random inputs as .npy files; then in each of --rounds rounds time it
with `sic-run --bench --threads N` and with onnxruntime on N intra-op
threads, for each N of --threads, on those same inputs, alternating which
side goes first from one round to the next; rounds go over all the models in
turn, so that drift in the machine's speed falls on both alike. The figure
of each side is the median over the rounds of each round's p50; SIC/ORT is
below 1 where SIC is faster.

onnxruntime is called through its C API by `ort_bench` (--ort-bench, by
default ../shared/tools/ort_bench): nothing sits between its timer and
`OrtApi::Run`. Without it the script falls back to onnxruntime-node
(`ort_bench.js`), whose binding adds about 20 us a call, and says so: small
models are then compared against the binding rather than onnxruntime.

    benchmarks/vs_onnxruntime.py [--models mlp_b1,noop_add] [--rounds 3]
        [--runs 200] [--threads 1,2] [--json out.json]

onnxruntime (the npm package onnxruntime-node, which holds the C library
too) is installed into benchmarks/.ort (gitignored) when it is missing.
"""

import argparse
import array
import datetime
import json
import math
import os
import random
import re
import shutil
import statistics
import sys
import tempfile

from sic_bench import BenchError, bench_sic, find_tools, run

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HERE = os.path.join(ROOT, "benchmarks")
MODELS = ["mlp_b1", "mlp_b64", "resnet_small", "transformer_block", "noop_add"]
NOOP = "noop_add"
ORT_PACKAGE = "onnxruntime-node"
ORT_VERSION = "1.30.0"
ORT_LIBRARY = os.path.join("bin", "napi-v6", "linux", "x64",
                           "libonnxruntime.so.1")
# sic-run's type names: the .npy descriptor, the array module's typecode
# and how a random element is drawn (as sic-run draws them).
NPY_TYPES = {
    "f32": ("<f4", "f", lambda rng: rng.uniform(-1.0, 1.0)),
    "i32": ("<i4", "i", lambda rng: rng.randint(1, 8)),
    "i64": ("<i8", "q", lambda rng: rng.randint(1, 8)),
    "i1": ("|b1", "B", lambda rng: rng.randint(0, 1)),
}
INPUT_LINE = re.compile(r"^input '(.*)' \(#\d+\) (\w+)\[([0-9, ]*)\]: ")


def installed_ort_version(ort_dir):
    manifest = os.path.join(ort_dir, "node_modules", ORT_PACKAGE,
                            "package.json")
    try:
        with open(manifest) as f:
            return json.load(f).get("version")
    except (OSError, ValueError):
        return None


def ensure_ort(ort_dir, version):
    """Installs onnxruntime-node@version into ort_dir if it is not there;
    returns the package's folder."""
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
    return os.path.join(ort_dir, "node_modules", ORT_PACKAGE)


class OrtFromC:
    """onnxruntime through its C API: ort_bench with $ORT_LIB."""

    caller = "c-api"

    def __init__(self, ort_bench, package, version):
        self.ort_bench = ort_bench
        self.library = os.path.join(package, ORT_LIBRARY)
        if not os.path.exists(self.library):
            raise BenchError(f"{self.library} not found: {ORT_PACKAGE} "
                             "holds no CPU library for this platform")
        self.versions = {"onnxruntime": version, "library": self.library}

    def bench(self, model, threads, warmup, runs, inputs):
        command = [self.ort_bench, model, str(threads), str(warmup),
                   str(runs)]
        command += [f"{name}={path}" for name, path in inputs.items()]
        env = dict(os.environ, ORT_LIB=self.library)
        out = run(command, f"ort_bench {model}", env=env)
        record = json.loads(out)
        return {"p50_ms": record["p50_ms"], "record": record}


class OrtFromNode:
    """onnxruntime through onnxruntime-node: ort_bench.js, which feeds its
    own seeded random inputs of the same shapes."""

    caller = "node"

    def __init__(self, package):
        self.node = shutil.which("node")
        if not self.node:
            raise BenchError("node is not on PATH to run onnxruntime-node "
                             "(install nodejs)")
        self.package = package
        check = ("const ort = require(process.argv[1]);"
                 "process.stdout.write(JSON.stringify(ort.env.versions));")
        out = run([self.node, "-e", check, package],
                  f"loading {ORT_PACKAGE}'s CPU binding from {package}")
        binding = json.loads(out)
        self.versions = {"onnxruntime": binding.get("common"),
                         "binding": binding,
                         "node": run([self.node, "--version"],
                                     "node --version").strip()}

    def bench(self, model, threads, warmup, runs, inputs):
        out = run([self.node, os.path.join(HERE, "ort_bench.js"), model,
                   "--threads", str(threads), "--warmup", str(warmup),
                   "--runs", str(runs), "--ort-dir",
                   os.path.dirname(os.path.dirname(self.package))],
                  f"ort_bench.js {model}")
        record = json.loads(out)
        return {"p50_ms": record["time_ms"]["p50"], "record": record}


def read_input_types(sic_run, library):
    """[(name, type, shape)] of the model's inputs, from what sic-run says of
    the inputs it makes for one run."""
    out = run([sic_run, library], f"sic-run {library}")
    inputs = []
    for line in out.splitlines():
        match = INPUT_LINE.match(line)
        if match:
            name, dtype, dims = match.groups()
            if dtype not in NPY_TYPES:
                raise BenchError(f"{library}: input '{name}' has type "
                                 f"{dtype}, which this script cannot write")
            shape = tuple(int(d) for d in dims.split(",") if d.strip())
            inputs.append((name, dtype, shape))
    return inputs


def write_npy(path, dtype, shape, rng):
    """A C-order .npy file (format 1.0) of `shape` with random elements."""
    descr, typecode, draw = NPY_TYPES[dtype]
    count = math.prod(shape)
    data = array.array(typecode, (draw(rng) for _ in range(count)))
    if sys.byteorder != "little":
        data.byteswap()
    dims = ", ".join(str(d) for d in shape) + ("," if len(shape) == 1 else "")
    header = (f"{{'descr': '{descr}', 'fortran_order': False, "
              f"'shape': ({dims}), }}")
    # The magic, version and length take 10 bytes; the header ends with a
    # newline and pads the data's start to a multiple of 64.
    header += " " * (-(10 + len(header) + 1) % 64) + "\n"
    with open(path, "wb") as f:
        f.write(b"\x93NUMPY\x01\x00")
        f.write(len(header).to_bytes(2, "little"))
        f.write(header.encode("latin1"))
        f.write(data.tobytes())


def write_inputs(sic_run, library, work, name, seed):
    """One .npy file per input of the model; {input name: path}."""
    rng = random.Random(seed)
    files = {}
    for index, (input_name, dtype, shape) in enumerate(
            read_input_types(sic_run, library)):
        path = os.path.join(work, f"{name}.input{index}.npy")
        write_npy(path, dtype, shape, rng)
        files[input_name] = path
    return files


def spread(values):
    """(max - min) / median of `values`, in percent."""
    middle = statistics.median(values)
    return 100.0 * (max(values) - min(values)) / middle if middle else 0.0


def summarize(p50s):
    return {"p50_ms": statistics.median(p50s), "round_p50s_ms": p50s,
            "spread_pct": spread(p50s)}


def geometric_mean(values):
    return math.exp(statistics.fmean(math.log(v) for v in values))


def format_ms(value):
    """`value` with 4 significant digits, without an exponent."""
    if value <= 0:
        return f"{value:.4f}"
    places = max(0, 3 - math.floor(math.log10(value)))
    return f"{value:.{places}f}"


def parse_args():
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
    parser.add_argument("--threads", default="1,2",
                        help="comma-separated thread counts to compare at "
                             "(intra-op threads of both; default 1,2)")
    parser.add_argument("--seed", type=int, default=0,
                        help="seed of the inputs (default 0)")
    parser.add_argument("--ort-bench",
                        default=os.path.join(ROOT, "..", "shared", "tools",
                                             "ort_bench"),
                        help="onnxruntime's C API bench (default "
                             "../shared/tools/ort_bench; Node when absent)")
    parser.add_argument("--ort-dir", default=os.path.join(HERE, ".ort"),
                        help="npm prefix holding onnxruntime-node "
                             "(default benchmarks/.ort)")
    parser.add_argument("--ort-version", default=ORT_VERSION)
    parser.add_argument("--json", help="write the results to this file")
    args = parser.parse_args()
    args.models = [m for m in args.models.split(",") if m]
    try:
        args.threads = [int(t) for t in args.threads.split(",") if t]
    except ValueError:
        parser.error(f"--threads: not a list of integers: {args.threads}")
    if not args.models or not args.threads or min(args.threads) < 1:
        parser.error("need at least one model and thread counts >= 1")
    if args.rounds < 1 or args.runs < 1 or args.warmup < 0:
        parser.error("--rounds and --runs must be >= 1, --warmup >= 0")
    return args


def open_ort(args):
    package = ensure_ort(os.path.abspath(args.ort_dir), args.ort_version)
    if os.access(args.ort_bench, os.X_OK):
        return OrtFromC(os.path.abspath(args.ort_bench), package,
                        args.ort_version)
    print(f"warning: {args.ort_bench} not found: timing onnxruntime "
          "through Node, whose binding adds ~20 us a call; small models "
          "are then compared against the binding, not onnxruntime",
          file=sys.stderr)
    return OrtFromNode(package)


def measure(args, ort, sic_compile, sic_run, work, failures):
    """Compiles the models and times both sides in interleaved rounds;
    {model: ({threads: SIC records}, {threads: ORT results})}."""
    models = {}
    for name in args.models:
        model = os.path.join(args.model_dir, name + ".onnx")
        if not os.path.exists(model):
            failures.append(f"{name}: {model} not found")
            continue
        library = os.path.join(work, name + ".so")
        try:
            run([sic_compile, model, "-O2", "-o", library],
                f"sic-compile {name}")
            inputs = write_inputs(sic_run, library, work, name, args.seed)
        except BenchError as error:
            failures.append(str(error))
            continue
        models[name] = (model, library, inputs)

    measured = {name: ({t: [] for t in args.threads},
                       {t: [] for t in args.threads}) for name in models}
    for round_index in range(args.rounds):
        for name, (model, library, inputs) in list(models.items()):
            sic_records, ort_results = measured[name]

            def time_sic():
                for threads in args.threads:
                    record = os.path.join(
                        work, f"{name}.{round_index}.{threads}.json")
                    sic_records[threads].append(bench_sic(
                        sic_run, library, args.warmup, args.runs, record,
                        inputs, threads))

            def time_ort():
                for threads in args.threads:
                    ort_results[threads].append(ort.bench(
                        model, threads, args.warmup, args.runs, inputs))

            order = ((time_sic, time_ort) if round_index % 2 == 0
                     else (time_ort, time_sic))
            try:
                for step in order:
                    step()
            except BenchError as error:
                failures.append(str(error))
                del models[name]
                del measured[name]
            print(f"round {round_index + 1}/{args.rounds}: {name} done",
                  file=sys.stderr)
    return measured


def print_table(summary, results, threads):
    ort = summary["onnxruntime"]
    caller = ("C API" if summary["ort_caller"] == "c-api"
              else f"Node binding (Node {ort['node']})")
    print(f"SIC -O2 vs onnxruntime {ort['onnxruntime']} called through its "
          f"{caller} (CPU EP, graph optimization 'all', sequential), "
          f"{summary['date']}")
    platform = summary["platform"]
    if platform:
        print(f"machine: {platform.get('cpu')}, {platform.get('cores')} "
              f"cores; load average at start "
              f"{summary['loadavg_at_start'][0]:.2f}")
    print(f"p50 in ms: median over {summary['rounds']} rounds of each "
          f"round's p50 ({summary['warmup']} warm-up + {summary['runs']} "
          "timed runs per side and round);")
    print("spread: (max - min) / median of the rounds' p50s")
    print()
    header = f"{'model':<18} "
    for t in threads:
        header += (f"{f'SIC {t}T p50':>12} {'spread':>7} "
                   f"{f'ORT {t}T p50':>12} {'spread':>7} "
                   f"{f'SIC/ORT {t}T':>11} ")
    print(header.rstrip())
    for r in results:
        cells = f"{r['model']:<18} "
        for t in threads:
            sic, ort = r["sic"][str(t)], r["ort"][str(t)]
            cells += (f"{format_ms(sic['p50_ms']):>12} "
                      f"{sic['spread_pct']:>6.1f}% "
                      f"{format_ms(ort['p50_ms']):>12} "
                      f"{ort['spread_pct']:>6.1f}% "
                      f"{r['sic_over_ort'][str(t)]:>11.2f} ")
        print(cells.rstrip())
    means = summary["geometric_mean_sic_over_ort"]
    if means:
        cells = f"{'geometric mean':<18} "
        for t in threads:
            cells += f"{'':>12} {'':>7} {'':>12} {'':>7} {means[str(t)]:>11.2f} "
        print(cells.rstrip() + f"   (all but {NOOP})")
    if len(threads) > 1:
        print()
        print(f"speedup of {threads[-1]} threads over {threads[0]} "
              "(p50 ratio): "
              + ", ".join(f"{r['model']} SIC {r['speedup']['sic']:.2f} "
                          f"ORT {r['speedup']['ort']:.2f}" for r in results))
    print()
    print("SIC/ORT < 1: SIC is faster; both sides run on the column's "
          "number of intra-op threads.")
    if summary["ort_caller"] == "node":
        print("warning: ORT was called through Node: each of its times "
              "includes the binding's")
        print("~20 us per call (see noop_add); install ../shared/tools/"
              "ort_bench to measure from C.")


def main():
    args = parse_args()
    try:
        sic_compile, sic_run = find_tools(args.build_dir)
    except BenchError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    try:
        ort = open_ort(args)
    except BenchError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1

    failures = []
    start_load = os.getloadavg()
    date = datetime.datetime.now(datetime.timezone.utc).strftime(
        "%Y-%m-%dT%H:%M:%SZ")
    with tempfile.TemporaryDirectory() as work:
        measured = measure(args, ort, sic_compile, sic_run, work, failures)

    results = []
    first, last = args.threads[0], args.threads[-1]
    for name, (sic_records, ort_results) in measured.items():
        sic_sides = {t: summarize([r["time_ms"]["p50"]
                                   for r in sic_records[t]])
                     for t in args.threads}
        ort_sides = {t: summarize([r["p50_ms"] for r in ort_results[t]])
                     for t in args.threads}
        results.append({
            "model": name,
            "sic": {str(t): sic_sides[t] for t in args.threads},
            "ort": {str(t): ort_sides[t] for t in args.threads},
            "sic_over_ort": {str(t): sic_sides[t]["p50_ms"]
                             / ort_sides[t]["p50_ms"]
                             for t in args.threads},
            "speedup": {
                "sic": sic_sides[first]["p50_ms"] / sic_sides[last]["p50_ms"],
                "ort": ort_sides[first]["p50_ms"] / ort_sides[last]["p50_ms"],
            },
            "sic_records": {str(t): sic_records[t] for t in args.threads},
            "ort_records": {str(t): [r["record"] for r in ort_results[t]]
                            for t in args.threads},
        })
    counted = [r for r in results if r["model"] != NOOP]
    means = {str(t): geometric_mean([r["sic_over_ort"][str(t)]
                                     for r in counted])
             for t in args.threads} if counted else {}
    platform = next((r["sic_records"][str(first)][0]["platform"]
                     for r in results), {})
    summary = {
        "format": "sic-vs-onnxruntime/3",
        "date": date,
        "platform": platform,
        "loadavg_at_start": start_load,
        "loadavg_at_end": os.getloadavg(),
        "onnxruntime": ort.versions,
        "ort_caller": ort.caller,
        "ort_options": {"execution_provider": "cpu",
                        "graph_optimization": "all",
                        "execution_mode": "sequential",
                        "intra_op_threads": args.threads},
        "sic_options": {"opt_level": "-O2", "threads": args.threads},
        "seed": args.seed,
        "rounds": args.rounds,
        "warmup": args.warmup,
        "runs": args.runs,
        "results": results,
        "geometric_mean_sic_over_ort": means,
        "failures": failures,
    }
    print_table(summary, results, args.threads)
    for failure in failures:
        print(f"error: {failure}", file=sys.stderr)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(summary, f, indent=2)
            f.write("\n")
    return 1 if failures or not results else 0


if __name__ == "__main__":
    sys.exit(main())
