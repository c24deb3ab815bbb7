"""Writes an ONNX text classifier head as exporters write one: token ids (an
int64 input) look up rows of an embedding table (Gather), a mask built from
the ids (Equal to the padding id, Not, Cast) zeroes the padding, the rows
are averaged and projected (MatMul, Add) and Softmax gives the classes; the
segment ids (an int32 input) look up a segment vector added to each token.
Needs python3-onnx.

    token_embedding.py OUT.onnx
"""

import sys

import numpy
from onnx import TensorProto, helper, numpy_helper, save

VOCABULARY, WIDTH, CLASSES, PADDING = 50, 8, 3, 0
generator = numpy.random.default_rng(11)


def initializer(name, values):
    return numpy_helper.from_array(values, name)


initializers = [
    initializer("embedding",
                generator.standard_normal((VOCABULARY, WIDTH),
                                          dtype=numpy.float32)),
    initializer("segments",
                generator.standard_normal((2, WIDTH), dtype=numpy.float32)),
    initializer("projection",
                generator.standard_normal((WIDTH, CLASSES),
                                          dtype=numpy.float32)),
    initializer("bias", generator.standard_normal(CLASSES,
                                                  dtype=numpy.float32)),
    initializer("padding", numpy.array(PADDING, numpy.int64)),
    initializer("axis1", numpy.array([1], numpy.int64)),
]

nodes = [
    helper.make_node("Gather", ["embedding", "ids"], ["rows"], name="lookup"),
    helper.make_node("Gather", ["segments", "segment_ids"], ["segment_rows"],
                     name="segment_lookup"),
    helper.make_node("Add", ["rows", "segment_rows"], ["tokens"],
                     name="tokens"),
    helper.make_node("Equal", ["ids", "padding"], ["is_padding"],
                     name="is_padding"),
    helper.make_node("Not", ["is_padding"], ["is_token"], name="is_token"),
    helper.make_node("Cast", ["is_token"], ["weight"], name="weight",
                     to=TensorProto.FLOAT),
    helper.make_node("Unsqueeze", ["weight", "axis1"], ["weight3"],
                     name="weight3"),
    helper.make_node("Transpose", ["weight3"], ["weight_t"], name="weight_t",
                     perm=[0, 2, 1]),
    helper.make_node("Mul", ["tokens", "weight_t"], ["masked"],
                     name="masked"),
    helper.make_node("ReduceMean", ["masked"], ["pooled"], name="pooled",
                     axes=[1], keepdims=0),
    helper.make_node("MatMul", ["pooled", "projection"], ["projected"],
                     name="projected"),
    helper.make_node("Add", ["projected", "bias"], ["logits"],
                     name="logits"),
    helper.make_node("Softmax", ["logits"], ["classes"], name="classes",
                     axis=-1),
]

graph = helper.make_graph(
    nodes, "token_embedding",
    [helper.make_tensor_value_info("ids", TensorProto.INT64, [2, 6]),
     helper.make_tensor_value_info("segment_ids", TensorProto.INT32, [2, 6])],
    [helper.make_tensor_value_info("classes", TensorProto.FLOAT,
                                   [2, CLASSES])],
    initializers)
model = helper.make_model(graph,
                          opset_imports=[helper.make_opsetid("", 13)])
model.ir_version = 8
save(model, sys.argv[1])
