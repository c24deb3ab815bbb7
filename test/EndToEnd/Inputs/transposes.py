"""Writes ONNX models of transposes and the outputs NumPy gives them, then
compiles each at -O0 and -O2 and compares. At -O2 a transpose whose
innermost output dim reads its input with a stride runs in squares of one
vector by one vector, transposed in registers; the shapes leave partial
squares along both dims, and the element types give squares of 4 (64-bit),
8 (32-bit), 16 (16-bit) and 32 (8-bit) lanes on AVX2.

    transposes.py SIC_COMPILE SIC_RUN
"""

import sys

import numpy
import onnx
from onnx import helper, mapping, numpy_helper

from compare_levels import compare_levels

rng = numpy.random.default_rng(11)


def check(name, nodes, inputs, expected, sic_compile, sic_run,
          initializers=()):
    def element(dtype):
        return mapping.NP_TYPE_TO_TENSOR_TYPE[numpy.dtype(dtype)]

    graph = helper.make_graph(
        nodes, name,
        [helper.make_tensor_value_info(key, element(value.dtype), value.shape)
         for key, value in inputs.items()],
        [helper.make_tensor_value_info("y", element(expected.dtype),
                                       expected.shape)],
        [numpy_helper.from_array(value, key)
         for key, value in initializers])
    model = helper.make_model(graph,
                              opset_imports=[helper.make_opsetid("", 17)])
    onnx.checker.check_model(model)
    onnx.save(model, f"{name}.onnx")
    compare_levels(name, inputs, {"y": numpy.ascontiguousarray(expected)},
                   sic_compile, sic_run)
    print(f"{name}: -O0 and -O2 match NumPy")


def values(shape, dtype):
    if dtype == numpy.bool_:
        return rng.integers(0, 2, shape).astype(dtype)
    if numpy.issubdtype(dtype, numpy.integer):
        info = numpy.iinfo(dtype)
        return rng.integers(info.min, info.max, shape, dtype=dtype,
                            endpoint=True)
    return rng.standard_normal(shape).astype(dtype)


def check_transpose(name, dtype, shape, perm, sic_compile, sic_run):
    x = values(shape, dtype)
    check(name, [helper.make_node("Transpose", ["x"], ["y"], perm=perm)],
          {"x": x}, numpy.transpose(x, perm), sic_compile, sic_run)


def main():
    sic_compile, sic_run = sys.argv[1:3]
    for dtype, name in [(numpy.float32, "f32"), (numpy.float64, "f64"),
                        (numpy.int64, "i64"), (numpy.int32, "i32"),
                        (numpy.float16, "f16"), (numpy.int8, "i8"),
                        (numpy.uint8, "u8"), (numpy.bool_, "bool")]:
        check_transpose(f"matrix_{name}", dtype, [37, 70], [1, 0],
                        sic_compile, sic_run)
    # Squares with one row or column left over along each dim.
    check_transpose("one_over_f32", numpy.float32, [17, 9], [1, 0],
                    sic_compile, sic_run)
    check_transpose("one_over_i8", numpy.int8, [33, 65], [1, 0],
                    sic_compile, sic_run)
    check_transpose("batched", numpy.float32, [3, 40, 24], [0, 2, 1],
                    sic_compile, sic_run)
    check_transpose("rows_kept", numpy.float32, [2, 5, 3, 20], [0, 2, 1, 3],
                    sic_compile, sic_run)
    check_transpose("three_dims_moved", numpy.float32, [4, 9, 11, 13],
                    [3, 1, 0, 2], sic_compile, sic_run)

    # Attention's keys: a bias added, heads split, then two transposes,
    # which fuse with the add into one transposing loop nest.
    x = values([1, 37, 60], numpy.float32)
    b = values([60], numpy.float32)
    shape = numpy.array([1, 37, 3, 20], numpy.int64)
    heads = (x + b).reshape(1, 37, 3, 20)
    keys = numpy.transpose(numpy.transpose(heads, [0, 2, 1, 3]), [0, 1, 3, 2])
    check("attention_keys",
          [helper.make_node("Add", ["x", "b"], ["s"]),
           helper.make_node("Reshape", ["s", "shape"], ["h"]),
           helper.make_node("Transpose", ["h"], ["t"], perm=[0, 2, 1, 3]),
           helper.make_node("Transpose", ["t"], ["y"], perm=[0, 1, 3, 2])],
          {"x": x}, keys, sic_compile, sic_run,
          initializers=[("b", b), ("shape", shape)])

    # A transpose between two elementwise ops, fused with both.
    x = values([24, 45], numpy.float32)
    expected = numpy.maximum(numpy.transpose(x * 2.0), 0).astype(numpy.float32)
    check("between_elementwise",
          [helper.make_node("Mul", ["x", "two"], ["m"]),
           helper.make_node("Transpose", ["m"], ["t"], perm=[1, 0]),
           helper.make_node("Relu", ["t"], ["y"])],
          {"x": x}, expected, sic_compile, sic_run,
          initializers=[("two", numpy.array(2.0, numpy.float32))])

    # An NHWC model's round trip around an elementwise op (tf2onnx): the
    # two transposes compose to none once fused with the relu.
    x = values([1, 20, 30, 16], numpy.float32)
    check("round_trip",
          [helper.make_node("Transpose", ["x"], ["a"], perm=[0, 3, 1, 2]),
           helper.make_node("Relu", ["a"], ["b"]),
           helper.make_node("Transpose", ["b"], ["y"], perm=[0, 2, 3, 1])],
          {"x": x}, numpy.maximum(x, 0), sic_compile, sic_run)


if __name__ == "__main__":
    main()
