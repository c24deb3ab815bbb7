"""A SIC model as the random-graph tester builds and shrinks it, its checks
(`analyze`) and its FlatBuffers JSON form (docs/model-format.md)."""

import json
import struct

import oprules
from oprules import BOOL, F32, INTEGERS, Value

# sic-run's random inputs (lib/Run/RandomInputs.cpp): f32 in [-1, 1),
# integers in [1, 8], bools either.
INPUT_RANGE = {F32: (-1.0, 1.0), **dict.fromkeys(INTEGERS, (1, 8)),
               BOOL: (0, 1)}
# A constant's elements in its buffer; a bool is one byte, 0 or 1.
PACK = {"F32": "<f", "I32": "<i", "I64": "<q", BOOL: "<B"}


class Tensor:
    """A graph input, a constant (`data`, row-major) or a node's output."""

    def __init__(self, name, dtype, shape, data=None):
        self.name, self.dtype, self.shape, self.data = (name, dtype,
                                                        tuple(shape), data)


class Node:
    def __init__(self, name, op, inputs, output, attrs):
        self.name, self.op, self.inputs = name, op, list(inputs)
        self.output, self.attrs = output, dict(attrs)


class Model:
    """Nodes read and write Tensor objects; the file's indices are made
    when it is written."""

    def __init__(self, name):
        self.name = name
        self.inputs, self.constants, self.nodes, self.outputs = [], [], [], []

    def tensors(self):
        return (self.inputs + self.constants +
                [node.output for node in self.nodes])

    def consumed(self):
        return {id(t) for node in self.nodes for t in node.inputs}

    def copy(self):
        """A copy whose nodes and lists can change independently (tensors
        are copied too, so that a shrink can change their shapes)."""
        twin = {id(t): Tensor(t.name, t.dtype, t.shape, t.data)
                for t in self.tensors()}
        other = Model(self.name)
        other.inputs = [twin[id(t)] for t in self.inputs]
        other.constants = [twin[id(t)] for t in self.constants]
        other.nodes = [Node(n.name, n.op, [twin[id(t)] for t in n.inputs],
                            twin[id(n.output)], n.attrs) for n in self.nodes]
        other.outputs = [twin[id(t)] for t in self.outputs]
        return other


def source_value(tensor):
    """The Value of a graph input or a constant."""
    if tensor.data is None:
        lo, hi = INPUT_RANGE[tensor.dtype]
        return Value(tensor.dtype, tensor.shape, lo, hi, exact=True,
                     varied=True)
    lo, hi = (min(tensor.data), max(tensor.data)) if tensor.data else (0, 0)
    return Value(tensor.dtype, tensor.shape, lo, hi, exact=True,
                 data=tensor.data)


def analyze(model):
    """Checks that `model` is a valid, tame graph and gives every node's
    output tensor the shape its op's rule infers (a shrink changes input
    shapes). Returns the Value of every tensor by id; raises
    oprules.Invalid or oprules.Unsafe naming the node."""
    values = {id(t): source_value(t) for t in model.inputs + model.constants}
    pending = list(model.nodes)
    while pending:
        ready = [n for n in pending
                 if all(id(t) in values for t in n.inputs)]
        if not ready:
            raise oprules.Invalid("a cycle or a tensor without a source")
        for node in ready:
            try:
                value = oprules.infer(node.op, node.attrs,
                                      [values[id(t)] for t in node.inputs])
            except (oprules.Invalid, oprules.Unsafe) as error:
                raise type(error)(f"{node.name}: {error}") from None
            node.output.dtype, node.output.shape = value.dtype, value.shape
            values[id(node.output)] = value
        pending = [n for n in pending if id(n.output) not in values]
    names = [t.name for t in model.tensors()]
    if len(set(names)) != len(names):
        raise oprules.Invalid("tensor names repeat")
    consumed = model.consumed()
    if not model.outputs or any(id(n.output) not in consumed and
                                n.output not in model.outputs
                                for n in model.nodes):
        raise oprules.Invalid("a node output is neither read nor an output")
    return values


def _attribute(name, value):
    kind = oprules.ATTRIBUTE_KINDS[name]
    field = "values" if kind in ("Ints", "Floats", "Texts") else "value"
    return {"name": name, "value_type": kind, "value": {field: value}}


def to_json(model, comment):
    """The model as FlatBuffers JSON, for `flatc -b`, with `comment` (lines)
    on top."""
    tensors = model.tensors()
    index = {id(t): i for i, t in enumerate(tensors)}
    buffers = [{}]
    tensor_entries = []
    for t in tensors:
        entry = {"name": t.name, "dtype": t.dtype, "shape": list(t.shape)}
        if t.data is not None:
            data = b"".join(struct.pack(PACK[t.dtype], v) for v in t.data)
            buffers.append({"data": list(data)})
            entry["buffer"] = len(buffers) - 1
        tensor_entries.append(entry)
    nodes = [{"name": n.name, "op": n.op,
              "inputs": [index[id(t)] for t in n.inputs],
              "outputs": [index[id(n.output)]],
              "attributes": [_attribute(k, v) for k, v in n.attrs.items()]}
             for n in model.nodes]

    def lines(entries):
        return ",\n".join("    " + json.dumps(e) for e in entries)

    header = "".join(f"// {line}\n" for line in comment)
    return (f"{header}{{\n"
            f'  "name": {json.dumps(model.name)},\n'
            f'  "producer": "test/Random/randgraph.py",\n'
            f'  "tensors": [\n{lines(tensor_entries)}\n  ],\n'
            f'  "nodes": [\n{lines(nodes)}\n  ],\n'
            f'  "inputs": {[index[id(t)] for t in model.inputs]},\n'
            f'  "outputs": {[index[id(t)] for t in model.outputs]},\n'
            f'  "buffers": [\n{lines(buffers)}\n  ]\n'
            "}\n")


def round_f32(x):
    """x rounded to the nearest f32, as the file stores it."""
    return struct.unpack("<f", struct.pack("<f", x))[0]
