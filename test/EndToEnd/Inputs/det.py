"""Writes ONNX Det models (a batch of matrices that need row swaps, a
singular one, 1x1, a single matrix, f64) and their determinants from
numpy.linalg.det, compiles each at -O0 and -O2 and compares; then writes
the models Det refuses (not square, too large, integers) and prints
sic-compile's errors.

    det.py SIC_COMPILE SIC_RUN
"""

import sys

import numpy
import onnx
from onnx import TensorProto as T
from onnx import helper

from compare_levels import compare_levels, print_refusal


def write(name, shape, elem, out_shape):
    graph = helper.make_graph(
        [helper.make_node("Det", ["x"], ["y"], name=name)], name,
        [helper.make_tensor_value_info("x", elem, shape)],
        [helper.make_tensor_value_info("y", elem, out_shape)])
    model = helper.make_model(graph,
                              opset_imports=[helper.make_opsetid("", 17)])
    onnx.save(model, f"{name}.onnx")


def check(name, x, sic_compile, sic_run):
    elem = T.DOUBLE if x.dtype == numpy.float64 else T.FLOAT
    expected = numpy.linalg.det(x.astype(numpy.float64)).astype(x.dtype)
    write(name, list(x.shape), elem, list(expected.shape))
    compare_levels(name, {"x": x}, {"y": expected}, sic_compile, sic_run)
    print(f"{name}: -O0 and -O2 match numpy.linalg.det")


def main():
    sic_compile, sic_run = sys.argv[1:]
    rng = numpy.random.default_rng(5)
    batch = rng.uniform(-1, 1, (2, 3, 4, 4)).astype(numpy.float32)
    # A zero where the first pivot would be, rows to swap twice, and a
    # singular matrix (two equal rows).
    batch[0, 0] = [[0, 2, 1, 3], [1, 0, 2, 1], [4, 1, 0, 2], [2, 3, 1, 0]]
    batch[0, 1, 3] = batch[0, 1, 1]
    check("det_batch", batch, sic_compile, sic_run)
    check("det_1x1", numpy.array([[[-3.5]], [[2.0]]], numpy.float32),
          sic_compile, sic_run)
    check("det_single", rng.uniform(-2, 2, (5, 5)).astype(numpy.float32),
          sic_compile, sic_run)
    check("det_f64", rng.uniform(-1, 1, (3, 3, 3)), sic_compile, sic_run)
    for name, shape, elem in (("det_not_square", [2, 3, 4], T.FLOAT),
                              ("det_too_large", [65, 65], T.FLOAT),
                              ("det_integers", [3, 3], T.INT32)):
        write(name, shape, elem, [])
        print_refusal(name, sic_compile)


if __name__ == "__main__":
    main()
