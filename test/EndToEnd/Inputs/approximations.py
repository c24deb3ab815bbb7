"""Measures the error of the elementwise functions that -O2 computes with
inline polynomials (sic-approximate-math) against Python's double-precision
math library, on a sweep of each function's domain and its special values,
at -O0 (libm's f32 functions) and -O2. Prints each function's largest error
in units in the last place of the f32 result (ulp), and fails when one
passes its bound or a special value is not exact.

usage: approximations.py SIC-COMPILE SIC-RUN
"""

import math
import subprocess
import sys

import numpy
import onnx
from onnx import TensorProto, helper

# Values whose results are exact: zeros keep their sign, NaN stays NaN.
SPECIALS = [0.0, -0.0, math.inf, -math.inf, math.nan]


def sweep(low, high, tiny):
    """Evenly spaced values over [low, high] and logarithmically spaced ones
    of both signs from the smallest subnormal to `tiny`."""
    even = numpy.linspace(low, high, 400001)
    small = numpy.logspace(math.log10(1.5e-45), math.log10(tiny), 20001)
    return numpy.concatenate([even, small, -small]).astype(numpy.float32)


# name: (ONNX op, reference, values, largest error in ulp allowed)
FUNCTIONS = {
    "erf": ("Erf", math.erf, sweep(-6.0, 6.0, 1.0), 6.0),
    "tanh": ("Tanh", math.tanh, sweep(-12.0, 12.0, 1.0), 6.0),
    "exp": ("Exp", math.exp, sweep(-87.0, 88.0, 1.0), 6.0),
    "log": ("Log", lambda x: -math.inf if x == 0 else math.log(x),
            numpy.concatenate(
                [numpy.logspace(-37, 38, 400001),
                 numpy.linspace(0.5, 2.0, 100001)]).astype(numpy.float32),
            6.0),
}


def reference(function, values):
    def one(value):
        try:
            return function(float(value))
        except (ValueError, OverflowError):
            return math.nan
    return numpy.array([one(value) for value in values])


def ulp_errors(got, want):
    """|got - want| in ulp of want rounded to f32; 0 where both are NaN or
    equal infinities."""
    want32 = want.astype(numpy.float32)
    spacing = numpy.spacing(numpy.abs(want32)).astype(numpy.float64)
    both_nan = numpy.isnan(got) & numpy.isnan(want)
    same = (got == want) | both_nan
    with numpy.errstate(invalid="ignore"):
        errors = numpy.abs(got.astype(numpy.float64) - want) / spacing
    return numpy.where(same, 0.0, errors)


def check(name, sic_compile, sic_run):
    op, function, values, bound = FUNCTIONS[name]
    values = numpy.concatenate(
        [values, numpy.array(SPECIALS, dtype=numpy.float32)])
    shape = [len(values)]
    graph = helper.make_graph(
        [helper.make_node(op, ["x"], ["y"])], name,
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, shape)],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, shape)])
    model = helper.make_model(
        graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 7
    onnx.save(model, f"{name}.onnx")
    numpy.save(f"{name}.x.npy", values)
    want = reference(function, values)
    worst = {}
    for level in ("-O0", "-O2"):
        subprocess.run([sic_compile, f"{name}.onnx", level, "-o",
                        f"{name}{level}.so"], check=True)
        subprocess.run([sic_run, f"{name}{level}.so", "--input",
                        f"x={name}.x.npy", "--output-dir", f"{name}{level}"],
                       check=True, stdout=subprocess.DEVNULL)
        got = numpy.load(f"{name}{level}/y.npy")
        errors = ulp_errors(got, want)
        specials = got[-len(SPECIALS):]
        exact = want[-len(SPECIALS):]
        numbers = ~numpy.isnan(exact)
        if not (numpy.array_equal(specials, exact, equal_nan=True) and
                numpy.array_equal(numpy.signbit(specials[numbers]),
                                  numpy.signbit(exact[numbers]))):
            sys.exit(f"{name}{level}: special values {SPECIALS} gave "
                     f"{specials.tolist()}")
        worst[level] = errors.max()
        if worst[level] > bound:
            at = values[errors.argmax()]
            sys.exit(f"{name}{level}: {worst[level]:.1f} ulp at {at!r}, "
                     f"more than {bound}")
    print(f"{name}: -O0 and -O2 within {bound:g} ulp "
          f"(measured {worst['-O0']:.1f} and {worst['-O2']:.1f})")


def main():
    sic_compile, sic_run = sys.argv[1:3]
    for name in FUNCTIONS:
        check(name, sic_compile, sic_run)


main()
