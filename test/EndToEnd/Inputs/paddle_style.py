"""Writes an ONNX model shaped like Paddle2ONNX's exports: shapes computed in
the graph (Shape -> Gather -> Cast -> Mul/Div -> Unsqueeze -> Concat) feeding
Reshape and Slice, Gather on a data tensor with constant and with computed
indices, an If on a condition that folds and an If on one computed from the
data. Needs python3-onnx.

    paddle_style.py OUT.onnx
"""

import sys

import numpy
from onnx import TensorProto, helper, numpy_helper, save

nodes = []
initializers = []


def constant(name, values, dtype=numpy.int64):
    if all(tensor.name != name for tensor in initializers):
        initializers.append(
            numpy_helper.from_array(numpy.array(values, dtype=dtype), name))
    return name


def node(op, inputs, output, **attributes):
    nodes.append(helper.make_node(op, inputs, [output], name=output,
                                  **attributes))
    return output


def dim(index):
    """Dimension `index` of x, as Paddle computes it: a gathered shape
    element cast to int32 and back."""
    gathered = node("Gather", ["shape", constant(f"i{index}", index)],
                    f"dim{index}")
    narrow = node("Cast", [gathered], f"dim{index}_i32", to=TensorProto.INT32)
    return node("Cast", [narrow], f"dim{index}_i64", to=TensorProto.INT64)


def unsqueezed(value):
    return node("Unsqueeze", [value, constant("axis0", [0])], value + "_1d")


node("Shape", ["x"], "shape")
n, c, h, w = (dim(i) for i in range(4))
area = node("Mul", [h, w], "area")
# [n, c, h * w]: a flattening Reshape whose shape the graph computes.
target = node("Concat", [unsqueezed(n), unsqueezed(c), unsqueezed(area)],
              "target", axis=0)
flat = node("Reshape", ["x", target], "flat")
# The first half of each row: Slice with an end computed by integer Div.
half = node("Div", [area, constant("two", 2)], "half")
node("Slice", [flat, constant("zero1d", [0]), unsqueezed(half),
               constant("axis2", [2])], "first_half")
# Gather on data: constant indices, then an index computed from the shape
# (c - 1: the last channel).
node("Gather", ["table", constant("rows", [3, 0, 1])], "picked", axis=0)
last = node("Sub", [c, constant("one", 1)], "last")
node("Gather", ["x", last], "last_channel", axis=1)
# If on a condition that folds (the batch is 2): only then_branch remains.
is_two = node("Equal", [n, constant("batch", 2)], "is_two")
then_fold = helper.make_graph(
    [helper.make_node("Relu", ["table"], ["relu_table"])], "then_fold", [],
    [helper.make_tensor_value_info("relu_table", TensorProto.FLOAT, None)])
else_fold = helper.make_graph(
    [helper.make_node("Neg", ["table"], ["neg_table"])], "else_fold", [],
    [helper.make_tensor_value_info("neg_table", TensorProto.FLOAT, None)])
nodes.append(helper.make_node("If", [is_two], ["folded"], name="folded",
                              then_branch=then_fold, else_branch=else_fold))
# If on a condition computed from the data.
mean = node("ReduceMean", ["table"], "mean", keepdims=0)
positive = node("Greater", [mean, constant("zero", 0.0, numpy.float32)],
                "positive")
then_data = helper.make_graph(
    [helper.make_node("Mul", ["table", "scale"], ["scaled"])], "then_data",
    [], [helper.make_tensor_value_info("scaled", TensorProto.FLOAT, None)],
    [numpy_helper.from_array(numpy.array(2.0, numpy.float32), "scale")])
else_data = helper.make_graph(
    [helper.make_node("Identity", ["table"], ["same"])], "else_data", [],
    [helper.make_tensor_value_info("same", TensorProto.FLOAT, None)])
nodes.append(helper.make_node("If", [positive], ["selected"], name="selected",
                              then_branch=then_data, else_branch=else_data))

graph = helper.make_graph(
    nodes, "paddle_style",
    [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 3, 4, 6]),
     helper.make_tensor_value_info("table", TensorProto.FLOAT, [4, 5])],
    [helper.make_tensor_value_info(name, TensorProto.FLOAT, None)
     for name in ("flat", "first_half", "picked", "last_channel", "folded",
                  "selected")],
    initializers)
model = helper.make_model(graph,
                          opset_imports=[helper.make_opsetid("", 13)])
model.ir_version = 8
save(model, sys.argv[1])
