"""Writes ONNX Scan models with the outputs of ONNX's definition computed
here step by step: opset 9 and up with scan and output axes (negative
too), reversed inputs and outputs, two states and two scan inputs; opset 8
with its batch axis. Compiles each at -O0 and -O2 and compares. Then
writes the Scan nodes SIC refuses and prints sic-compile's errors.

    scan_models.py SIC_COMPILE SIC_RUN
"""

import sys

import numpy
from onnx import TensorProto as T
from onnx import helper

from compare_levels import compare_levels, print_refusal


def body_graph(states, scans, outputs):
    """A body: state i becomes state i + the sum of every scan slice; scan
    output k is state 0 times (k + 1), after the update. `states` and
    `scans` are shapes, all alike."""
    shape = states[0]
    inputs = [helper.make_tensor_value_info(f"b_s{i}", T.FLOAT, shape)
              for i in range(len(states))]
    inputs += [helper.make_tensor_value_info(f"b_x{j}", T.FLOAT, shape)
               for j in range(len(scans))]
    nodes = [helper.make_node("Sum", [f"b_x{j}" for j in range(len(scans))],
                              ["b_total"])]
    for i in range(len(states)):
        nodes.append(helper.make_node("Add", [f"b_s{i}", "b_total"], [f"b_n{i}"]))
    for k in range(outputs):
        nodes.append(helper.make_node("Mul", ["b_n0", f"b_k{k}"], [f"b_o{k}"]))
    constants = [helper.make_tensor(f"b_k{k}", T.FLOAT, [], [k + 1.0])
                 for k in range(outputs)]
    results = [helper.make_tensor_value_info(f"b_n{i}", T.FLOAT, shape)
               for i in range(len(states))]
    results += [helper.make_tensor_value_info(f"b_o{k}", T.FLOAT, shape)
                for k in range(outputs)]
    return helper.make_graph(nodes, "body", inputs, results, constants)


def scan(states, scans, outputs, input_axes, input_directions, output_axes,
         output_directions):
    """ONNX's Scan of body_graph, step by step."""
    steps = scans[0].shape[input_axes[0]]
    states = [s.astype(numpy.float64) for s in states]
    stacks = [[] for _ in range(outputs)]
    for step in range(steps):
        slices = [numpy.take(x, steps - 1 - step if d else step, axis=a)
                  for x, a, d in zip(scans, input_axes, input_directions)]
        total = sum(slices)
        states = [s + total for s in states]
        for k in range(outputs):
            stacks[k].append(states[0] * (k + 1))
    stacked = []
    for entries, axis, direction in zip(stacks, output_axes,
                                        output_directions):
        if direction:
            entries = entries[::-1]
        stacked.append(numpy.stack(entries, axis=axis))
    return states, stacked


def make(name, opset, inputs, node_inputs, outputs, body, attrs,
         initializers=()):
    node = helper.make_node("Scan", node_inputs, [o for o, _ in outputs],
                            name=name, body=body, **attrs)
    graph = helper.make_graph(
        [node], name,
        [helper.make_tensor_value_info(n, T.FLOAT, s) for n, s in inputs],
        [helper.make_tensor_value_info(n, T.FLOAT, s) for n, s in outputs],
        list(initializers))
    model = helper.make_model(graph,
                              opset_imports=[helper.make_opsetid("", opset)])
    with open(f"{name}.onnx", "wb") as f:
        f.write(model.SerializeToString())


def main():
    sic_compile, sic_run = sys.argv[1], sys.argv[2]
    rng = numpy.random.default_rng(3)
    normal = lambda *s: rng.standard_normal(s).astype(numpy.float32)

    def check(name, state_count, scans, outputs, input_axes,
              input_directions, output_axes, output_directions):
        element = list(numpy.take(scans[0], 0, axis=input_axes[0]).shape)
        states = [normal(*element) for _ in range(state_count)]
        finals, stacked = scan(states, scans, outputs, input_axes,
                               input_directions, output_axes,
                               output_directions)
        body = body_graph([element] * state_count, [element] * len(scans),
                          outputs)
        # Attributes as given: negative axes stay negative.
        attrs = {"num_scan_inputs": len(scans),
                 "scan_input_axes": input_axes[:],
                 "scan_input_directions": input_directions,
                 "scan_output_axes": output_axes[:],
                 "scan_output_directions": output_directions}
        feed = {f"i{i}": s for i, s in enumerate(states)}
        feed.update({f"x{j}": x for j, x in enumerate(scans)})
        expected = {f"f{i}": v for i, v in enumerate(finals)}
        expected.update({f"y{k}": v for k, v in enumerate(stacked)})
        make(name, 11, [(n, list(v.shape)) for n, v in feed.items()],
             list(feed), [(n, list(v.shape)) for n, v in expected.items()],
             body, attrs)
        compare_levels(name, feed,
                       {n: v.astype(numpy.float32)
                        for n, v in expected.items()},
                       sic_compile, sic_run)
        print(f"{name}: -O0 and -O2 match the definition")

    check("forward", 1, [normal(4, 3)], 1, [0], [0], [0], [0])
    check("axes", 2, [normal(3, 5, 2), normal(3, 2, 5)], 2, [1, -1], [0, 1],
          [1, -3], [1, 0])
    check("state_only", 2, [normal(2, 6)], 0, [-2], [1], [], [])

    # Opset 8: a batch of 2, each entry scanned on its own (axis 1).
    element = [3]
    initial, x = normal(2, 3), normal(2, 4, 3)
    finals, stacks = zip(*(scan([initial[b]], [x[b]], 1, [0], [1], [0], [0])
                           for b in range(2)))
    body = body_graph([element], [element], 1)
    make("batched", 8, [("i0", [2, 3]), ("x0", [2, 4, 3])],
         ["lens", "i0", "x0"], [("f0", [2, 3]), ("y0", [2, 4, 3])], body,
         {"num_scan_inputs": 1, "directions": [1]},
         [helper.make_tensor("lens", T.INT32, [2], [4, 4])])
    compare_levels("batched", {"i0": initial, "x0": x},
                   {"f0": numpy.stack([f[0] for f in finals]).astype(
                       numpy.float32),
                    "y0": numpy.stack([s[0] for s in stacks]).astype(
                        numpy.float32)},
                   sic_compile, sic_run)
    print("batched: -O0 and -O2 match the definition")

    # The nodes SIC refuses.
    body = body_graph([[3]], [[3]], 1)

    def refuse(name, opset, inputs, attrs, graph=body):
        # Opset 8's first input is sequence_lens, left out here.
        names = [n for n, _ in inputs]
        make(name, opset, inputs, [""] + names if opset < 9 else names,
             [("f0", None)], graph, attrs)
        print_refusal(name, sic_compile)

    one = {"num_scan_inputs": 1}
    refuse("no_scan", 11, [("i0", [3]), ("x0", [4, 3])],
           {"num_scan_inputs": 0})
    refuse("bad_axis", 11, [("i0", [3]), ("x0", [4, 3])],
           dict(one, scan_input_axes=[2]))
    refuse("axis_count", 11, [("i0", [3]), ("x0", [4, 3])],
           dict(one, scan_input_axes=[0, 1]))
    refuse("bad_direction", 11, [("i0", [3]), ("x0", [4, 3])],
           dict(one, scan_input_directions=[2]))
    refuse("bad_output_axis", 11, [("i0", [3]), ("x0", [4, 3])],
           dict(one, scan_output_axes=[-3]))
    refuse("uneven", 11, [("i0", [3]), ("x0", [4, 3]), ("x1", [5, 3])],
           {"num_scan_inputs": 2},
           graph=body_graph([[3]], [[3], [3]], 1))
    refuse("no_steps", 11, [("i0", [3]), ("x0", [0, 3])], one)
    refuse("growing", 11, [("i0", [1]), ("x0", [4, 3])], one,
           graph=body_graph([[1]], [[3]], 1))
    refuse("unbatched", 8, [("i0", [3]), ("x0", [2, 4, 3])], one)
    refuse("empty_batch", 8, [("i0", [0, 3]), ("x0", [0, 4, 3])], one)
    make("short", 8, [("i0", [2, 3]), ("x0", [2, 4, 3])],
         ["lens", "i0", "x0"], [("f0", None)], body, one,
         [helper.make_tensor("lens", T.INT32, [2], [4, 3])])
    print_refusal("short", sic_compile)


if __name__ == "__main__":
    main()
