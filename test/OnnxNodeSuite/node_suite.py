#!/usr/bin/python3
"""The ONNX backend node suite, compiled and run by SIC.

Every case under the suite's folder (Debian's libonnx-testdata:
/usr/include/onnx/backend/test/data/node) is compiled with `sic-compile -O2`,
run with `sic-run` on the case's inputs, and its outputs compared with the
case's at rtol 1e-3 / atol 1e-7 (integers exactly). The harness adapts one
thing: integer graph inputs (shapes, axes, indices) are frozen into
initializers holding the case's values, as static-shape compilers do.

  node_suite.py run --expected expected.txt ...   # check every case
  node_suite.py run --update ...                  # rewrite expected.txt
  node_suite.py docs --expected expected.txt --out onnx-support.md [--check]

Each case has one outcome: pass; refused (sic-compile's one-line reason);
mismatch (outputs differ); unreadable (test data SIC's runner cannot take:
sequences, optionals, maps); crash (an internal error or a signal) or hang
(past --timeout). `run` fails when an outcome differs from the expected file
either way (a regression, or a case that starts passing before the file
says so), and on any crash or hang.
"""

import argparse
import concurrent.futures
import os
import re
import shutil
import subprocess
import sys
import tempfile

import numpy
import onnx
from onnx import numpy_helper

OUTCOMES = ("pass", "refused", "mismatch", "unreadable", "crash", "hang")
RTOL, ATOL = "1e-3", "1e-7"
INTEGER_TYPES = {
    onnx.TensorProto.INT8, onnx.TensorProto.UINT8, onnx.TensorProto.INT16,
    onnx.TensorProto.UINT16, onnx.TensorProto.INT32, onnx.TensorProto.UINT32,
    onnx.TensorProto.INT64, onnx.TensorProto.UINT64}
# What sic-run's .npy files hold (a bfloat16 tensor's file holds float32).
NPY_TYPES = {numpy.dtype(name) for name in (
    "float32", "float64", "float16", "int8", "int16", "int32", "int64",
    "uint8", "uint16", "uint32", "uint64", "bool")}


class Outcome:
    def __init__(self, kind, reason=""):
        assert kind in OUTCOMES
        self.kind, self.reason = kind, " ".join(reason.split())

    def line(self, case):
        return f"{case} {self.kind}" + (f": {self.reason}" if self.reason
                                         else "")


def list_cases(suite):
    return sorted(name for name in os.listdir(suite)
                  if os.path.isfile(os.path.join(suite, name, "model.onnx")))


def read_tensors(folder, prefix, values):
    """The TensorProtos `prefix`_N.pb of a test data set, one per value
    (graph input or output), or None when one is not a tensor."""
    tensors = []
    for index, value in enumerate(values):
        if not value.type.HasField("tensor_type"):
            return None
        tensor = onnx.TensorProto()
        with open(os.path.join(folder, f"{prefix}_{index}.pb"), "rb") as f:
            tensor.ParseFromString(f.read())
        array = numpy_helper.to_array(tensor)
        # The suite stores a bfloat16 tensor as its bits, in uint16; sic-run
        # reads and writes bfloat16 tensors as float32.
        if (value.type.tensor_type.elem_type == onnx.TensorProto.BFLOAT16
                and array.dtype == numpy.uint16):
            array = (array.astype(numpy.uint32) << 16).view(numpy.float32)
        tensors.append(array)
    return tensors


def first_error(stderr):
    """sic-compile's first error line, without the file it names."""
    for line in stderr.splitlines():
        match = re.search(r"\berror: (.*)", line)
        if match:
            return match.group(1)
    lines = [line for line in stderr.splitlines() if line.strip()]
    return lines[0] if lines else "no message"


def run_tool(command, timeout):
    try:
        return subprocess.run(command, capture_output=True, text=True,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        return None


def run_case(case, args):
    folder = os.path.join(args.suite, case)
    model = onnx.load(os.path.join(folder, "model.onnx"))
    graph = model.graph
    initialized = {tensor.name for tensor in graph.initializer}
    inputs = [value for value in graph.input if value.name not in initialized]
    data = os.path.join(folder, "test_data_set_0")
    try:
        input_values = read_tensors(data, "input", inputs)
        output_values = read_tensors(data, "output", graph.output)
    except Exception as error:  # a .pb that is no TensorProto
        return Outcome("unreadable", f"test data: {error}")
    if input_values is None or output_values is None:
        return Outcome("unreadable",
                       "test data holds a sequence, optional or map")

    work = tempfile.mkdtemp(prefix=case + ".", dir=args.work_dir)
    try:
        # The harness's one adaptation: integer inputs become initializers.
        fed = []
        for value, array in zip(inputs, input_values):
            if value.type.tensor_type.elem_type in INTEGER_TYPES:
                graph.initializer.append(
                    numpy_helper.from_array(array, value.name))
                graph.input.remove(value)
            else:
                fed.append((value.name, array))
        model_path = os.path.join(work, "model.onnx")
        onnx.save(model, model_path)
        library = os.path.join(work, "model.so")
        compiled = run_tool([args.sic_compile, model_path, "-O2", "-o",
                             library], args.timeout)
        if compiled is None:
            return Outcome("hang", f"sic-compile ran past {args.timeout} s")
        if compiled.returncode == 1:
            return Outcome("refused", first_error(compiled.stderr))
        if compiled.returncode != 0:
            return Outcome("crash", f"sic-compile exit {compiled.returncode}: "
                           + first_error(compiled.stderr))

        command = [args.sic_run, library, "--rtol", RTOL, "--atol", ATOL]
        for kind, pairs in (("--input", fed),
                            ("--expect", [(value.name, array) for value, array
                                          in zip(graph.output,
                                                 output_values)])):
            for index, (name, array) in enumerate(pairs):
                if array.dtype not in NPY_TYPES:
                    return Outcome("unreadable",
                                   f"{name} is {array.dtype}, which sic-run's "
                                   ".npy files do not hold")
                path = os.path.join(work, f"{kind[2:]}{index}.npy")
                numpy.save(path, array)
                command += [kind, f"{name}={path}"]
        ran = run_tool(command, args.timeout)
        if ran is None:
            return Outcome("hang", f"sic-run ran past {args.timeout} s")
        if ran.returncode == 0:
            return Outcome("pass")
        if ran.returncode == 2:
            return Outcome("mismatch", first_error(ran.stderr + ran.stdout))
        if ran.returncode == 1:
            # Without the case's temporary folder, the reason is stable.
            return Outcome("refused", "sic-run: " + first_error(
                ran.stderr).replace(work + os.sep, ""))
        return Outcome("crash", f"sic-run exit {ran.returncode}: "
                       + first_error(ran.stderr))
    finally:
        shutil.rmtree(work, ignore_errors=True)


def read_expected(path):
    expected = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            case, rest = line.split(" ", 1)
            kind, _, reason = rest.partition(": ")
            expected[case] = Outcome(kind, reason)
    return expected


HEADER = """\
# The expected outcome of every case of the ONNX backend node suite, as
# test/OnnxNodeSuite/node_suite.py runs it: "<case> <outcome>[: <reason>]".
# Regenerate with `scripts/dev.sh node-suite --update` after a change that
# makes cases pass or refuses them differently; docs/onnx-support.md is
# generated from this file.
"""


def command_run(args):
    cases = list_cases(args.suite)
    if args.filter:
        cases = [case for case in cases if re.search(args.filter, case)]
    os.makedirs(args.work_dir, exist_ok=True)
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        outcomes = dict(zip(cases, pool.map(lambda c: run_case(c, args),
                                            cases)))
    counts = {kind: 0 for kind in OUTCOMES}
    for outcome in outcomes.values():
        counts[outcome.kind] += 1
    print(f"{len(cases)} cases: " +
          ", ".join(f"{counts[kind]} {kind}" for kind in OUTCOMES))

    if args.update:
        expected = read_expected(args.expected) if (
            args.filter and os.path.exists(args.expected)) else {}
        expected.update(outcomes)
        with open(args.expected, "w") as f:
            f.write(HEADER)
            for case in sorted(expected):
                f.write(expected[case].line(case) + "\n")
        print(f"wrote {args.expected}")
        return 0

    failed = False
    for case, outcome in outcomes.items():
        if outcome.kind in ("crash", "hang"):
            print(f"FAIL {outcome.line(case)}")
            failed = True
    expected = read_expected(args.expected)
    for case, outcome in outcomes.items():
        want = expected.get(case)
        if want is None:
            print(f"FAIL {case}: not in {args.expected}; "
                  f"now {outcome.line(case)}")
            failed = True
        elif want.kind != outcome.kind:
            print(f"FAIL {case}: expected {want.kind}, now "
                  f"{outcome.line(case)}")
            failed = True
    if not args.filter:
        for case in sorted(set(expected) - set(outcomes)):
            print(f"FAIL {case}: in {args.expected}, but not in the suite")
            failed = True
    if failed:
        print("Update the expected outcomes (scripts/dev.sh node-suite "
              "--update) once a change is meant.")
    return 1 if failed else 0


def snake_case(name):
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


def case_op(case, suite):
    """The ONNX op a case tests: its one op, its expanded twin's, or the op
    the case's name starts with."""
    ops = [node.op_type for node in
           onnx.load(os.path.join(suite, case, "model.onnx")).graph.node]
    distinct = sorted(set(ops) - {"Constant"}) or sorted(set(ops))
    if len(distinct) == 1:
        return distinct[0]
    if case.endswith("_expanded") and os.path.isdir(
            os.path.join(suite, case[:-len("_expanded")])):
        return case_op(case[:-len("_expanded")], suite)
    named = [op for op in distinct
             if case.startswith("test_" + snake_case(op))]
    if named:
        return max(named, key=len)
    return ops[0] if ops else "(none)"


def command_docs(args):
    expected = read_expected(args.expected)
    by_op = {}
    for case, outcome in expected.items():
        by_op.setdefault(case_op(case, args.suite), []).append(
            (case, outcome))
    counts = {kind: 0 for kind in OUTCOMES}
    for outcome in expected.values():
        counts[outcome.kind] += 1
    lines = [
        "# ONNX support",
        "",
        "<!-- Generated by test/OnnxNodeSuite/node_suite.py docs from",
        "     test/OnnxNodeSuite/expected.txt; do not edit. -->",
        "",
        "What SIC does with each case of the ONNX backend node suite",
        "(Debian's libonnx-testdata, ONNX 1.12: " +
        f"{len(expected)} cases), as the `onnx-node-suite` test runs it:",
        "compiled with `sic-compile -O2`, run with `sic-run` on the case's",
        "inputs, outputs compared at rtol 1e-3 / atol 1e-7 (integers",
        "exactly). One adaptation: integer graph inputs (shapes, axes,",
        "indices) are frozen into initializers holding the case's values.",
        "",
        "Totals: " + ", ".join(f"{counts[kind]} {kind}" for kind in OUTCOMES
                               if counts[kind]) + ".",
        "",
        "| op | pass | cases | why the others do not pass |",
        "|---|---:|---:|---|",
    ]
    for op in sorted(by_op):
        cases = by_op[op]
        passed = sum(outcome.kind == "pass" for _, outcome in cases)
        reasons = {}
        for _, outcome in cases:
            if outcome.kind != "pass":
                text = outcome.kind + (f": {outcome.reason}"
                                       if outcome.reason else "")
                reasons[text] = reasons.get(text, 0) + 1
        why = "<br>".join(
            (f"{count}× " if count > 1 else "") + text.replace("|", "\\|")
            for text, count in sorted(reasons.items()))
        lines.append(f"| {op} | {passed} | {len(cases)} | {why} |")
    text = "\n".join(lines) + "\n"
    if args.check:
        with open(args.out) as f:
            if f.read() != text:
                print(f"{args.out} is not what {args.expected} says; "
                      "regenerate it (scripts/dev.sh node-suite --update)")
                return 1
        return 0
    with open(args.out, "w") as f:
        f.write(text)
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="compile and run every case")
    run.add_argument("--suite", required=True)
    run.add_argument("--expected", required=True)
    run.add_argument("--sic-compile", required=True)
    run.add_argument("--sic-run", required=True)
    run.add_argument("--work-dir", required=True)
    run.add_argument("-j", "--jobs", type=int, default=os.cpu_count())
    run.add_argument("--timeout", type=float, default=120)
    run.add_argument("--filter", help="only cases whose name matches")
    run.add_argument("--update", action="store_true",
                     help="write the outcomes to --expected")
    docs = commands.add_parser("docs", help="write docs/onnx-support.md")
    docs.add_argument("--suite", required=True)
    docs.add_argument("--expected", required=True)
    docs.add_argument("--out", required=True)
    docs.add_argument("--check", action="store_true",
                      help="fail when --out differs instead of writing it")
    args = parser.parse_args()
    return command_run(args) if args.command == "run" else command_docs(args)


if __name__ == "__main__":
    sys.exit(main())
