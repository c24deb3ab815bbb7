"""Writes models (FlatBuffers JSON, SIC's model format) in which every
operand of every op that reads a tensor is, in turn, a constant of rank 0,
a constant of one element, and a splat (one value in every element). The
importer holds these as dense_resource blobs, which MLIR cannot iterate:
the models check that no pass reads a constant any other way than SIC's one
reader. An op whose every input is constant is included too.

    constant_operands.py OUTDIR      writes OUTDIR/<family>.json
"""

import json
import os
import struct
import sys

# Each model has one input, x: f32[2, 3, 4, 5]; constants broadcast against
# it, or stand in for an op's other operands.
X_SHAPE = [2, 3, 4, 5]


class Model:
    def __init__(self, name):
        self.name = name
        self.tensors = [{"name": "x", "shape": X_SHAPE}]
        self.nodes = []
        self.outputs = []
        self.buffers = [{}]

    def constant(self, shape, values, dtype="F32"):
        """A constant tensor of `shape`; `values` repeats to fill it."""
        count = 1
        for dim in shape:
            count *= dim
        fmt = {"F32": "<f", "I32": "<i", "I64": "<q"}[dtype]
        data = b"".join(struct.pack(fmt, values[i % len(values)])
                        for i in range(count))
        self.buffers.append({"data": list(data)})
        self.tensors.append({"name": f"c{len(self.tensors)}", "shape": shape,
                             "dtype": dtype, "buffer": len(self.buffers) - 1})
        return len(self.tensors) - 1

    def node(self, op, inputs, shape, attributes=(), dtype="F32"):
        """A node writing a new tensor of `shape`, which becomes an output."""
        self.tensors.append({"name": f"{op}{len(self.tensors)}",
                             "shape": shape, "dtype": dtype})
        out = len(self.tensors) - 1
        self.nodes.append({"name": f"{op}_{len(self.nodes)}", "op": op,
                           "inputs": inputs, "outputs": [out],
                           "attributes": list(attributes)})
        self.outputs.append(out)
        return out

    def json(self):
        return {"name": self.name, "tensors": self.tensors,
                "nodes": self.nodes, "inputs": [0], "outputs": self.outputs,
                "buffers": self.buffers}


def ints(name, values):
    return {"name": name, "value_type": "Ints", "value": {"values": values}}


def int_attr(name, value):
    return {"name": name, "value_type": "Int", "value": {"value": value}}


# The three small constants, as shapes that broadcast against x's last dim.
SMALL = {"rank0": [], "one": [1], "splat": [5]}


def elementwise():
    m = Model("elementwise")
    for op in ("add", "sub", "mul", "div", "max", "min", "pow"):
        for shape in SMALL.values():
            # A positive constant keeps div and pow away from 0 and NaN.
            c = m.constant(shape, [1.5])
            base = m.node("abs", [0], X_SHAPE) if op == "pow" else 0
            m.node(op, [base, c], X_SHAPE)
            m.node(op, [c, base], X_SHAPE)
            m.node(op, [c, c], shape)
    for op in ("relu", "sigmoid", "tanh", "exp", "log", "sqrt", "erf", "neg",
               "abs", "hard_sigmoid", "hard_swish", "gelu", "leaky_relu",
               "clip"):
        for shape in SMALL.values():
            m.node(op, [m.constant(shape, [0.75])], shape)
    return m


def integer():
    m = Model("integer")
    for shape in SMALL.values():
        a = m.constant([2, 5], [3, -4, 5, 6, -7], "I64")
        b = m.constant(shape, [2], "I64")
        for op in ("add", "sub", "mul", "div", "max", "min"):
            m.node(op, [a, b], [2, 5], dtype="I64")
            m.node(op, [b, a], [2, 5], dtype="I64")
        m.node("cast", [b], shape, [{"name": "to", "value_type": "Text",
                                     "value": {"value": "f32"}}])
    return m


def contraction():
    m = Model("contraction")
    flat = m.node("reshape", [0], [6, 20], [ints("shape", [6, 20])])
    # matmul: [6,20] x [20,1] with a splat, and a one-element product.
    m.node("matmul", [flat, m.constant([20, 1], [0.5])], [6, 1])
    m.node("matmul", [m.constant([1, 1], [2.0]), m.constant([1, 3], [0.5])],
           [1, 3])
    # gemm: c of rank 0, one element and a splat; a constant a.
    for shape in ([], [1], [1, 4]):
        m.node("gemm", [flat, m.constant([20, 4], [0.25]),
                        m.constant(shape, [1.5])], [6, 4])
    m.node("gemm", [m.constant([1, 20], [1.0]), m.constant([4, 20], [0.5])],
           [1, 4], [int_attr("trans_b", 1)])
    # conv2d: a splat filter, a one-element bias; a constant input.
    one_channel = m.node("slice", [0], [2, 1, 4, 5],
                         [ints("starts", [0]), ints("ends", [1]),
                          ints("axes", [1]), ints("steps", [1])])
    m.node("conv2d", [one_channel, m.constant([1, 1, 3, 3], [0.5]),
                      m.constant([1], [2.0])], [2, 1, 2, 3],
           [ints("strides", [1, 1]), ints("pads", [0, 0, 0, 0]),
            ints("dilations", [1, 1])])
    m.node("conv2d", [m.constant([1, 1, 3, 3], [1.0]),
                      m.constant([1, 1, 1, 1], [3.0])], [1, 1, 3, 3],
           [ints("strides", [1, 1]), ints("pads", [0, 0, 0, 0]),
            ints("dilations", [1, 1])])
    return m


def normalization():
    m = Model("normalization")
    # batch_norm over 3 channels with splat parameters; layer_norm with a
    # splat scale and a one-element-broadcast bias.
    params = [m.constant([3], [v]) for v in (1.5, 0.25, 0.1, 2.0)]
    m.node("batch_norm", [0] + params, X_SHAPE)
    m.node("layer_norm", [0, m.constant([5], [2.0]), m.constant([5], [0.5])],
           X_SHAPE)
    m.node("softmax", [m.constant([1], [3.0])], [1])
    m.node("layer_norm", [m.constant([1, 5], [1.0]), m.constant([5], [1.0])],
           [1, 5])
    return m


def movement():
    m = Model("movement")
    r0 = m.constant([], [2.5])
    m.node("reshape", [r0], [1, 1], [ints("shape", [1, 1])])
    m.node("unsqueeze", [r0], [1], [ints("axes", [0])])
    m.node("squeeze", [m.constant([1, 1], [1.0])], [], [ints("axes", [0, 1])])
    m.node("concat", [0, m.constant([2, 3, 4, 1], [7.0])], [2, 3, 4, 6],
           [int_attr("axis", 3)])
    m.node("transpose", [m.constant([1, 1], [4.0])], [1, 1],
           [ints("perm", [1, 0])])
    m.node("pad", [m.constant([1], [1.0])], [3], [ints("pads", [1, 1])])
    m.node("reduce_sum", [m.constant([1], [2.0])], [1],
           [ints("axes", [0])])
    m.node("reduce_mean", [m.constant([4], [2.0])], [],
           [ints("axes", [0]), int_attr("keepdims", 0)])
    return m


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for family in (elementwise, integer, contraction, normalization,
                   movement):
        model = family()
        with open(os.path.join(out, model.name + ".json"), "w") as f:
            json.dump(model.json(), f)


if __name__ == "__main__":
    main()
