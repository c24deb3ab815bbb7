"""Shrinks a failing graph while it keeps failing the same way.

Greedy passes over smaller variants, each still a valid, tame graph
(model.analyze): drop a node (its consumers read one of its inputs of the
same type instead, or its output becomes a graph input), drop a graph
output that other nodes read, halve or cut to 1 a dimension of a graph
input or a constant (the shapes after it follow), and make a constant a
splat. A variant that still fails the same way replaces the graph.
"""

import oprules
from model import analyze


def _cleanup(m):
    """Restores the model's invariants after an edit: a node output nothing
    reads is a graph output, only node outputs are graph outputs, and every
    graph input and constant is read."""
    consumed = m.consumed()
    produced = {id(n.output) for n in m.nodes}
    outputs = [t for t in m.outputs if id(t) in produced]
    outputs += [n.output for n in m.nodes
                if id(n.output) not in consumed and n.output not in outputs]
    m.outputs = outputs
    m.inputs = [t for t in m.inputs if id(t) in consumed]
    m.constants = [t for t in m.constants if id(t) in consumed]
    return m


def _replace(m, old, new):
    for node in m.nodes:
        node.inputs = [new if t is old else t for t in node.inputs]
    m.outputs = [new if t is old else t for t in m.outputs]


def _bypass(model, index):
    """Node `index` dropped, its readers reading one of its inputs."""
    m = model.copy()
    node = m.nodes.pop(index)
    same = [t for t in node.inputs if (t.dtype, t.shape) ==
            (node.output.dtype, node.output.shape)]
    if not same:
        return None
    _replace(m, node.output, same[0])
    return _cleanup(m)


def _cut(model, index):
    """Node `index` dropped, its output a graph input."""
    m = model.copy()
    node = m.nodes.pop(index)
    if id(node.output) in m.consumed():
        m.inputs.append(node.output)
    return _cleanup(m)


def _drop_output(model, index):
    m = model.copy()
    if id(m.outputs[index]) not in m.consumed():
        return None
    del m.outputs[index]
    return m


def _resize(model, index, axis, size):
    """Graph input or constant `index` with dim `axis` cut to `size`."""
    m = model.copy()
    tensor = (m.inputs + m.constants)[index]
    shape = list(tensor.shape)
    if tensor.data:
        inner = 1
        for d in shape[axis + 1:]:
            inner *= d
        block = shape[axis] * inner
        tensor.data = [v for start in range(0, len(tensor.data), block)
                       for v in tensor.data[start:start + size * inner]]
    shape[axis] = size
    tensor.shape = tuple(shape)
    return m


def _splat(model, index):
    m = model.copy()
    tensor = m.constants[index]
    if len(set(tensor.data)) <= 1:
        return None
    tensor.data = [tensor.data[0]] * len(tensor.data)
    return m


def variants(model):
    """(key, thunk) for every one-step smaller variant, most shrinking
    first; the key names the edit across versions of the graph."""
    nodes = model.nodes
    for i in reversed(range(len(nodes))):
        yield ("bypass", nodes[i].name), lambda i=i: _bypass(model, i)
        yield ("cut", nodes[i].name), lambda i=i: _cut(model, i)
    for i, t in enumerate(model.outputs):
        yield ("output", t.name), lambda i=i: _drop_output(model, i)
    sources = model.inputs + model.constants
    for i, t in enumerate(sources):
        for axis, d in enumerate(t.shape):
            for size in sorted({1, d // 2} - {0, d}):
                yield (("resize", t.name, axis, size),
                       lambda i=i, axis=axis, size=size:
                       _resize(model, i, axis, size))
    for i, t in enumerate(model.constants):
        yield ("splat", t.name), lambda i=i: _splat(model, i)


def _valid(model):
    try:
        analyze(model)
        return True
    except (oprules.Invalid, oprules.Unsafe):
        return False


def shrink(model, still_fails, budget):
    """The smallest variant of `model` found for which `still_fails(model)`,
    trying at most `budget` variants."""
    tried = set()
    tries = 0
    progress = True
    while progress and tries < budget:
        progress = False
        for key, make in variants(model):
            if key in tried:
                continue
            candidate = make()
            if candidate is None or not _valid(candidate):
                continue
            tries += 1
            if still_fails(candidate):
                model, progress = candidate, True
                break
            tried.add(key)
            if tries >= budget:
                break
    return model

