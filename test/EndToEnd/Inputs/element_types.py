"""Writes ONNX models whose values have the element types SIC stores but
does not compute on (INT8, UINT8, INT16, UINT16, UINT32, UINT64, FLOAT16,
BFLOAT16), with inputs and the outputs numpy computes for them: integer
arithmetic that wraps at the type's width, float16 arithmetic rounded after
every op, and casts between the types.

    element_types.py SIC_COMPILE SIC_RUN

writes each model with its inputs and expected outputs (.npy) into the
current folder, compiles it at -O0 and -O2 and runs it, comparing exactly;
exits non-zero, naming the model, at the first failure.
"""

import os
import subprocess
import sys

import numpy
import onnx
from onnx import TensorProto as T
from onnx import helper, numpy_helper

NUMPY_TYPES = {
    T.INT8: numpy.int8, T.UINT8: numpy.uint8, T.INT16: numpy.int16,
    T.UINT16: numpy.uint16, T.INT32: numpy.int32, T.UINT32: numpy.uint32,
    T.INT64: numpy.int64, T.UINT64: numpy.uint64, T.FLOAT16: numpy.float16,
    T.FLOAT: numpy.float32, T.DOUBLE: numpy.float64, T.BOOL: numpy.bool_}


def bfloat16(values):
    """float32 `values` rounded to bfloat16 (to nearest even), as float32."""
    bits = numpy.asarray(values, numpy.float32).view(numpy.uint32)
    bits = bits.astype(numpy.uint64)
    rounded = (bits + 0x7FFF + ((bits >> 16) & 1)) >> 16 << 16
    return rounded.astype(numpy.uint32).view(numpy.float32)


class Model:
    def __init__(self, name):
        self.name, self.nodes, self.inputs, self.outputs = name, [], [], []
        self.initializers, self.fed, self.expected = [], [], []

    def input(self, name, elem_type, values):
        values = numpy.asarray(values, NUMPY_TYPES.get(elem_type,
                                                       numpy.float32))
        self.inputs.append(helper.make_tensor_value_info(
            name, elem_type, list(values.shape)))
        self.fed.append((name, values))
        return name

    def constant(self, name, values, elem_type):
        values = numpy.asarray(values, NUMPY_TYPES[elem_type])
        self.initializers.append(numpy_helper.from_array(values, name))
        return name

    def node(self, op, inputs, output, **attributes):
        self.nodes.append(helper.make_node(op, inputs, [output],
                                           name=output, **attributes))
        return output

    def output(self, name, elem_type, values):
        values = numpy.asarray(values)
        self.outputs.append(helper.make_tensor_value_info(
            name, elem_type, list(values.shape)))
        self.expected.append((name, values))

    def check(self, sic_compile, sic_run):
        graph = helper.make_graph(self.nodes, self.name, self.inputs,
                                  self.outputs, self.initializers)
        model = helper.make_model(
            graph, opset_imports=[helper.make_opsetid("", 17)])
        onnx.checker.check_model(model)
        onnx.save(model, f"{self.name}.onnx")
        args = []
        for kind, pairs in (("input", self.fed), ("expect", self.expected)):
            for index, (name, values) in enumerate(pairs):
                path = f"{self.name}.{kind}{index}.npy"
                numpy.save(path, values)
                args += [f"--{kind}", f"{name}={path}"]
        for level in ("-O0", "-O2"):
            library = f"{self.name}{level}.so"
            subprocess.run([sic_compile, f"{self.name}.onnx", level, "-o",
                            library], check=True)
            subprocess.run([sic_run, library, "--rtol", "0", "--atol", "0"]
                           + args, check=True, stdout=subprocess.DEVNULL)
        print(f"{self.name}: -O0 and -O2 match numpy exactly")


def uint8_ops():
    m = Model("uint8_ops")
    a = numpy.array([200, 0, 255, 17, 128, 3], numpy.uint8)
    b = numpy.array([100, 1, 255, 250, 128, 200], numpy.uint8)
    m.input("a", T.UINT8, a)
    m.input("b", T.UINT8, b)
    divisor = numpy.array([1, 2, 3, 7, 255, 16], numpy.uint8)
    m.constant("divisor", divisor, T.UINT8)
    m.output(m.node("Add", ["a", "b"], "sum"), T.UINT8, a + b)
    m.output(m.node("Sub", ["a", "b"], "difference"), T.UINT8, a - b)
    m.output(m.node("Mul", ["a", "b"], "product"), T.UINT8, a * b)
    m.output(m.node("Div", ["a", "divisor"], "quotient"), T.UINT8,
             a // divisor)
    m.output(m.node("Max", ["a", "b"], "larger"), T.UINT8, numpy.maximum(a, b))
    m.output(m.node("Greater", ["a", "b"], "greater"), T.BOOL, a > b)
    # The sum wraps before the cast reads it.
    m.output(m.node("Cast", ["sum"], "sum_f32", to=T.FLOAT), T.FLOAT,
             (a + b).astype(numpy.float32))
    m.output(m.node("Cast", ["a"], "a_i8", to=T.INT8), T.INT8,
             a.astype(numpy.int8))
    return m


def int8_ops():
    m = Model("int8_ops")
    a = numpy.array([-128, 127, -1, 5, -6, 100], numpy.int8)
    b = numpy.array([1, -1, -128, 5, 127, 100], numpy.int8)
    m.input("a", T.INT8, a)
    m.input("b", T.INT8, b)
    m.constant("low", numpy.array(-5, numpy.int8), T.INT8)
    m.constant("high", numpy.array(5, numpy.int8), T.INT8)
    m.output(m.node("Sub", ["a", "b"], "difference"), T.INT8, a - b)
    m.output(m.node("Add", ["a", "b"], "sum"), T.INT8, a + b)
    m.output(m.node("Neg", ["a"], "negated"), T.INT8, -a)
    m.output(m.node("Abs", ["a"], "magnitude"), T.INT8, numpy.abs(a))
    m.output(m.node("Clip", ["a", "low", "high"], "clipped"), T.INT8,
             numpy.clip(a, -5, 5))
    m.output(m.node("Cast", ["a"], "a_u16", to=T.UINT16), T.UINT16,
             a.astype(numpy.uint16))
    return m


def sixteen_bit_ops():
    m = Model("sixteen_bit_ops")
    a = numpy.array([30000, -32768, 255, -2], numpy.int16)
    b = numpy.array([65535, 0, 40000, 1], numpy.uint16)
    m.input("a", T.INT16, a)
    m.input("b", T.UINT16, b)
    m.output(m.node("Mul", ["a", "a"], "square"), T.INT16, a * a)
    m.output(m.node("Add", ["b", "b"], "twice"), T.UINT16, b + b)
    m.output(m.node("Where", ["mask", "b", "b_doubled"], "picked"), T.UINT16,
             numpy.where(a > 0, b, b + b))
    m.nodes.insert(0, helper.make_node("Add", ["b", "b"], ["b_doubled"]))
    m.constant("zero", numpy.array(0, numpy.int16), T.INT16)
    m.nodes.insert(0, helper.make_node("Greater", ["a", "zero"], ["mask"]))
    return m


def wide_unsigned_ops():
    m = Model("wide_unsigned_ops")
    a = numpy.array([4294967295, 0, 123456789, 7], numpy.uint32)
    b = numpy.array([18446744073709551615, 9223372036854775808, 3, 0],
                    numpy.uint64)
    m.input("a", T.UINT32, a)
    m.input("b", T.UINT64, b)
    m.output(m.node("Add", ["a", "a"], "a_twice"), T.UINT32, a + a)
    m.output(m.node("Div", ["a", "seven"], "a_seventh"), T.UINT32, a // 7)
    m.constant("seven", numpy.array(7, numpy.uint32), T.UINT32)
    m.output(m.node("Mul", ["b", "b"], "b_square"), T.UINT64, b * b)
    m.output(m.node("Equal", ["b", "b_square"], "b_fixed"), T.BOOL, b == b * b)
    m.output(m.node("Cast", ["b"], "b_f32", to=T.FLOAT), T.FLOAT,
             b.astype(numpy.float32))
    m.output(m.node("Cast", ["a"], "a_f64", to=T.DOUBLE), T.DOUBLE,
             a.astype(numpy.float64))
    return m


def float16_ops():
    m = Model("float16_ops")
    a = numpy.array([1.0, 65504.0, 0.1, -2.5, 6.1e-5, 1000.0], numpy.float16)
    b = numpy.array([2049.0, 16.0, 3.0, 1e-7, 3.0, 70.0], numpy.float16)
    x = numpy.array([1.0e-8, 65520.0, 0.333333, -0.0, 1e5, 2.0 ** -24],
                    numpy.float32)
    m.input("a", T.FLOAT16, a)
    m.input("b", T.FLOAT16, b)
    m.input("x", T.FLOAT, x)
    m.output(m.node("Add", ["a", "b"], "sum"), T.FLOAT16, a + b)
    m.output(m.node("Mul", ["a", "b"], "product"), T.FLOAT16, a * b)
    m.output(m.node("Div", ["a", "b"], "quotient"), T.FLOAT16, a / b)
    # Each op rounds: the product is f16 before the sum reads it.
    m.output(m.node("Add", ["product", "a"], "fused"), T.FLOAT16, a * b + a)
    m.output(m.node("Sqrt", ["b"], "root"), T.FLOAT16, numpy.sqrt(b))
    m.output(m.node("Cast", ["x"], "x_f16", to=T.FLOAT16), T.FLOAT16,
             x.astype(numpy.float16))
    m.output(m.node("Cast", ["a"], "a_f32", to=T.FLOAT), T.FLOAT,
             a.astype(numpy.float32))
    m.output(m.node("Cast", ["a"], "a_i32", to=T.INT32), T.INT32,
             a.astype(numpy.int32))
    return m


def shifts():
    m = Model("shifts")
    x = numpy.array([1, 255, 128, 3, 17, 200], numpy.uint8)
    y = numpy.array([0, 1, 7, 8, 3, 9], numpy.uint8)
    w = numpy.array([18446744073709551615, 9223372036854775808, 5, 12],
                    numpy.uint64)
    v = numpy.array([1, 63, 0, 2], numpy.uint64)
    m.input("x", T.UINT8, x)
    m.input("y", T.UINT8, y)
    m.input("w", T.UINT64, w)
    m.input("v", T.UINT64, v)
    m.output(m.node("BitShift", ["x", "y"], "left", direction="LEFT"),
             T.UINT8, numpy.left_shift(x, y))
    m.output(m.node("BitShift", ["x", "y"], "right", direction="RIGHT"),
             T.UINT8, numpy.right_shift(x, y))
    m.output(m.node("BitShift", ["w", "v"], "wide_right", direction="RIGHT"),
             T.UINT64, numpy.right_shift(w, v))
    m.output(m.node("BitShift", ["w", "v"], "wide_left", direction="LEFT"),
             T.UINT64, numpy.left_shift(w, v))
    return m


def quantization():
    m = Model("quantization")
    x = numpy.array([[-3.0, 0.5, 2.5, 300.0], [1.5, -1.5, 0.25, -400.0]],
                    numpy.float32)
    q = numpy.array([[0, 128, 255, 7], [250, 3, 9, 100]], numpy.uint8)
    m.input("x", T.FLOAT, x)
    m.input("q", T.UINT8, q)
    scale = numpy.array([0.5, 2.0], numpy.float32)
    zero = numpy.array([-3, 4], numpy.int8)
    m.constant("scale", scale, T.FLOAT)
    m.constant("zero", zero, T.INT8)
    m.constant("unit", numpy.array(0.25, numpy.float32), T.FLOAT)
    m.constant("middle", numpy.array(128, numpy.uint8), T.UINT8)
    # Per row (axis 0): round half to even, then saturate to int8.
    m.output(m.node("QuantizeLinear", ["x", "scale", "zero"], "quantized",
                    axis=0), T.INT8,
             numpy.clip(numpy.rint(x / scale[:, None]) + zero[:, None],
                        -128, 127).astype(numpy.int8))
    m.output(m.node("DequantizeLinear", ["q", "unit", "middle"],
                    "dequantized"), T.FLOAT,
             (q.astype(numpy.int32) - 128).astype(numpy.float32) * 0.25)
    return m


def control_flow():
    """An If on a condition computed at run time and a Loop with a scan
    output keep their outputs' types: float16 and uint8."""
    m = Model("control_flow")
    h = numpy.array([1.5, 300.0, -0.1], numpy.float16)
    v = numpy.array([200, 3], numpy.uint8)
    m.input("h", T.FLOAT16, h)
    m.input("go", T.BOOL, numpy.array(False))
    m.input("v", T.UINT8, v)
    half = [helper.make_tensor_value_info("h_out", T.FLOAT16, [3])]
    then_branch = helper.make_graph(
        [helper.make_node("Add", ["h", "h"], ["h_out"])], "then", [], half)
    else_branch = helper.make_graph(
        [helper.make_node("Mul", ["h", "h"], ["h_out"])], "else", [], half)
    m.node("If", ["go"], "picked", then_branch=then_branch,
           else_branch=else_branch)
    m.output("picked", T.FLOAT16, h * h)
    m.constant("two", numpy.array(2, numpy.int64), T.INT64)
    m.constant("yes", numpy.array(True), T.BOOL)
    body = helper.make_graph(
        [helper.make_node("Add", ["v_in", "v_in"], ["v_out"]),
         helper.make_node("Identity", ["v_out"], ["v_scan"]),
         helper.make_node("Identity", ["c_in"], ["c_out"])], "body",
        [helper.make_tensor_value_info("i", T.INT64, []),
         helper.make_tensor_value_info("c_in", T.BOOL, []),
         helper.make_tensor_value_info("v_in", T.UINT8, [2])],
        [helper.make_tensor_value_info("c_out", T.BOOL, []),
         helper.make_tensor_value_info("v_out", T.UINT8, [2]),
         helper.make_tensor_value_info("v_scan", T.UINT8, [2])])
    m.nodes.append(helper.make_node("Loop", ["two", "yes", "v"],
                                    ["doubled", "steps"], body=body))
    once = v + v
    m.output("doubled", T.UINT8, once + once)
    m.output("steps", T.UINT8, numpy.stack([once, once + once]))
    return m


def bfloat16_casts():
    m = Model("bfloat16_casts")
    x = numpy.array([1.0, 1.00390625, 1.005859375, 3.0e38, -0.1, 1e-40],
                    numpy.float32)
    m.input("x", T.FLOAT, x)
    m.node("Cast", ["x"], "x_bf16", to=T.BFLOAT16)
    # sic-run writes a bfloat16 output as float32.
    m.output("x_bf16", T.BFLOAT16, bfloat16(x))
    m.output(m.node("Mul", ["x_bf16", "x_bf16"], "square"), T.BFLOAT16,
             bfloat16(bfloat16(x) * bfloat16(x)))
    m.output(m.node("Cast", ["x_bf16"], "back", to=T.FLOAT), T.FLOAT,
             bfloat16(x))
    return m


def main():
    sic_compile, sic_run = sys.argv[1:]
    with numpy.errstate(over="ignore", invalid="ignore"):
        for make in (uint8_ops, int8_ops, sixteen_bit_ops, wide_unsigned_ops,
                     float16_ops, shifts, quantization, control_flow,
                     bfloat16_casts):
            make().check(sic_compile, sic_run)


if __name__ == "__main__":
    main()
