"""Writes an ONNX model of Einsum equations (batched and plain matrix
products, transposed operands, a diagonal, a trace, three operands, implicit
outputs, "...", a sum over a label) in f32, f64 and i64, and of CumSum
(exclusive, reverse, a negative axis) in f32, f64, i32 and i64, its inputs,
and the outputs numpy.einsum and numpy.cumsum give. Needs python3-onnx.

    einsum.py DIR     writes DIR/model.onnx, DIR/<name>_<i>.npy (operand i)
                      and DIR/<name>.expected.npy
"""

import os
import sys

import numpy
from onnx import TensorProto, helper, save

rng = numpy.random.default_rng(11)

TYPES = {numpy.float32: TensorProto.FLOAT, numpy.float64: TensorProto.DOUBLE,
         numpy.int32: TensorProto.INT32, numpy.int64: TensorProto.INT64}

CASES = [
    # name, equation, operand shapes, element type
    ("batch_matmul", "bij,bjk->bik", [(2, 3, 4), (2, 4, 5)], numpy.float32),
    ("transposed", "ji,kj->ik", [(4, 3), (5, 4)], numpy.float32),
    ("diagonal", "bii->bi", [(2, 3, 3)], numpy.float32),
    ("trace", "ii", [(4, 4)], numpy.float64),
    ("chain", "ij,jk,kl->il", [(2, 3), (3, 4), (4, 2)], numpy.float32),
    ("implicit", "ij,jk", [(3, 2), (2, 4)], numpy.float64),
    ("ellipsis", "...ij,...jk->...ik", [(2, 2, 3, 2), (2, 2, 2, 3)],
     numpy.float64),
    ("outer", "i,j->ij", [(3,), (4,)], numpy.float32),
    ("summed", "ijk->j", [(2, 3, 4)], numpy.float32),
    ("integers", "ij,j->i", [(3, 4), (4,)], numpy.int64),
    ("bilinear", "bn,anm,bm->ba", [(2, 3), (4, 3, 5), (2, 5)],
     numpy.float64),
]

CUMSUM_CASES = [
    # name, shape, axis, exclusive, reverse, element type
    ("cumsum", (2, 5), 1, 0, 0, numpy.float32),
    ("cumsum_exclusive_reverse", (4, 3), 0, 1, 1, numpy.float64),
    ("cumsum_exclusive", (3, 4), -1, 1, 0, numpy.int64),
    ("cumsum_reverse", (6,), 0, 0, 1, numpy.int32),
    # Longer than the 2048 elements of the last step's shift, exclusive and
    # reversed.
    ("cumsum_long", (3, 3000), 1, 1, 1, numpy.float64),
]


def random_array(shape, dtype):
    if numpy.issubdtype(dtype, numpy.integer):
        return rng.integers(-5, 6, shape).astype(dtype)
    return rng.uniform(-1, 1, shape).astype(dtype)


def cumsum(x, axis, exclusive, reverse):
    """ONNX CumSum: a running sum along `axis`, from the end when reversed,
    each position's own element left out when exclusive."""
    if reverse:
        x = numpy.flip(x, axis)
    y = numpy.cumsum(x, axis, dtype=x.dtype)
    if exclusive:
        y = numpy.moveaxis(y, axis, 0)
        y = numpy.concatenate([numpy.zeros_like(y[:1]), y[:-1]])
        y = numpy.moveaxis(y, 0, axis)
    if reverse:
        y = numpy.flip(y, axis)
    return numpy.array(y, dtype=x.dtype, order="C")


def main():
    out = sys.argv[1]
    nodes, inputs, outputs = [], [], []
    for name, equation, shapes, dtype in CASES:
        operands = []
        names = []
        for index, shape in enumerate(shapes):
            operand = random_array(shape, dtype)
            operands.append(operand)
            names.append(f"{name}_{index}")
            numpy.save(os.path.join(out, f"{names[-1]}.npy"), operand)
            inputs.append(helper.make_tensor_value_info(
                names[-1], TYPES[dtype], shape))
        expected = numpy.array(numpy.einsum(equation, *operands),
                               dtype=dtype, order="C")
        numpy.save(os.path.join(out, f"{name}.expected.npy"), expected)
        nodes.append(helper.make_node("Einsum", names, [name], name=name,
                                      equation=equation))
        outputs.append(helper.make_tensor_value_info(
            name, TYPES[dtype], expected.shape))
    initializers = []
    for name, shape, axis, exclusive, reverse, dtype in CUMSUM_CASES:
        x = random_array(shape, dtype)
        numpy.save(os.path.join(out, f"{name}_0.npy"), x)
        inputs.append(helper.make_tensor_value_info(f"{name}_0", TYPES[dtype],
                                                    shape))
        initializers.append(helper.make_tensor(f"{name}_axis",
                                               TensorProto.INT64, [], [axis]))
        expected = cumsum(x, axis, exclusive, reverse)
        numpy.save(os.path.join(out, f"{name}.expected.npy"), expected)
        nodes.append(helper.make_node("CumSum", [f"{name}_0", f"{name}_axis"],
                                      [name], name=name, exclusive=exclusive,
                                      reverse=reverse))
        outputs.append(helper.make_tensor_value_info(name, TYPES[dtype],
                                                     shape))
    graph = helper.make_graph(nodes, "einsum", inputs, outputs, initializers)
    model = helper.make_model(graph,
                              opset_imports=[helper.make_opsetid("", 14)])
    save(model, os.path.join(out, "model.onnx"))


if __name__ == "__main__":
    main()
