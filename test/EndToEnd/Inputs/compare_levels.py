"""Compiles a model at -O0 and -O2 and runs each on given inputs against
given expected outputs (sic-run --expect), or prints how sic-compile
refuses one; for the tests whose scripts compute the expected outputs
from an op's definition."""

import subprocess

import numpy


def compare_levels(name, inputs, expected, sic_compile, sic_run):
    """Saves `inputs` and `expected` (name -> array) as NAME.KEY.npy,
    compiles NAME.onnx at -O0 and -O2, and runs each; raises on a
    mismatch."""
    args = []
    for key, value in inputs.items():
        numpy.save(f"{name}.{key}.npy", value)
        args += ["--input", f"{key}={name}.{key}.npy"]
    for key, value in expected.items():
        numpy.save(f"{name}.{key}.npy", numpy.asarray(value))
        args += ["--expect", f"{key}={name}.{key}.npy"]
    for level in ("-O0", "-O2"):
        subprocess.run([sic_compile, f"{name}.onnx", level, "-o",
                        f"{name}{level}.so"], check=True)
        subprocess.run([sic_run, f"{name}{level}.so"] + args, check=True,
                       stdout=subprocess.DEVNULL)


def print_refusal(name, sic_compile):
    """Compiles NAME.onnx and prints its exit code and errors."""
    result = subprocess.run([sic_compile, f"{name}.onnx", "-o", f"{name}.so"],
                            capture_output=True, text=True)
    print(f"{name}: exit {result.returncode}: {result.stderr.strip()}")
