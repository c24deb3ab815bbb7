"""Writes ONNX LSTM, GRU and RNN models in the forms the node suite leaves
out (bidirectional and batch-major, clip, named activations with their
parameters, peepholes, input_forget, linear_before_reset, many steps), with
the outputs of ONNX's definition computed here in float64 step by step;
compiles each at -O0 and -O2 and compares.

    recurrence_reference.py SIC_COMPILE SIC_RUN
"""

import sys

import numpy
from onnx import TensorProto as T
from onnx import helper

from compare_levels import compare_levels

# ONNX's activations, with the defaults of the parameters each reads.
ACTIVATIONS = {
    "relu": (lambda x, a, b: numpy.maximum(x, 0), None, None),
    "tanh": (lambda x, a, b: numpy.tanh(x), None, None),
    "sigmoid": (lambda x, a, b: 1 / (1 + numpy.exp(-x)), None, None),
    "affine": (lambda x, a, b: a * x + b, 1.0, 0.0),
    "leakyrelu": (lambda x, a, b: numpy.where(x < 0, a * x, x), 0.01, None),
    "scaledtanh": (lambda x, a, b: a * numpy.tanh(b * x), 1.0, 1.0),
    "hardsigmoid": (lambda x, a, b: numpy.clip(a * x + b, 0, 1), 0.2, 0.5),
    "elu": (lambda x, a, b: numpy.where(x >= 0, x, a * (numpy.exp(x) - 1)),
            1.0, None),
    "softsign": (lambda x, a, b: x / (1 + numpy.abs(x)), None, None),
    "softplus": (lambda x, a, b: numpy.log1p(numpy.exp(x)), None, None),
}
DEFAULTS = {"LSTM": ["sigmoid", "tanh", "tanh"], "GRU": ["sigmoid", "tanh"],
            "RNN": ["tanh"]}
GATES = {"LSTM": 4, "GRU": 3, "RNN": 1}


def activation_functions(names, alphas, betas):
    """Each named activation as a function: one with a parameter takes the
    next value of its list, or the default when the list runs out."""
    alphas, betas = list(alphas), list(betas)
    functions = []
    for name in names:
        function, alpha, beta = ACTIVATIONS[name.lower()]
        if alpha is not None:
            alpha = alphas.pop(0) if alphas else alpha
        if beta is not None:
            beta = betas.pop(0) if betas else beta
        functions.append(lambda x, f=function, a=alpha, b=beta: f(x, a, b))
    return functions


def recurrence(op, x, w, r, bias, h0, c0, peepholes, attrs):
    """Y, Y_h and Y_c of ONNX's definition; time-major arrays."""
    direction = attrs.get("direction", "forward")
    directions = 2 if direction == "bidirectional" else 1
    hidden = r.shape[2]
    names = attrs.get("activations", DEFAULTS[op] * directions)
    functions = activation_functions(names, attrs.get("activation_alpha", []),
                                     attrs.get("activation_beta", []))
    per = len(DEFAULTS[op])
    clip = attrs.get("clip")
    bound = (lambda v: numpy.clip(v, -clip, clip)) if clip else (lambda v: v)
    steps, batch = x.shape[0], x.shape[1]
    y = numpy.zeros((steps, directions, batch, hidden))
    last_h = numpy.zeros((directions, batch, hidden))
    last_c = numpy.zeros((directions, batch, hidden))
    for d in range(directions):
        f, *rest = functions[d * per:(d + 1) * per]
        gates = GATES[op] * hidden
        wb, rb = bias[d][:gates], bias[d][gates:]
        state, cell = h0[d].astype(numpy.float64), c0[d].astype(numpy.float64)
        order = range(steps)
        if direction == "reverse" or d == 1:
            order = reversed(order)
        for t in order:
            inputs = x[t] @ w[d].T + wb
            parts = lambda v: numpy.split(v, GATES[op], axis=-1)
            if op == "LSTM":
                i, o, forget, candidate = parts(inputs + state @ r[d].T + rb)
                pi, po, pf = numpy.split(peepholes[d], 3)
                i = f(bound(i + pi * cell))
                forget = 1 - i if attrs.get("input_forget") else \
                    f(bound(forget + pf * cell))
                cell = forget * cell + i * rest[0](bound(candidate))
                state = f(bound(o + po * cell)) * rest[1](cell)
            elif op == "GRU":
                xz, xr, xh = parts(inputs)
                rz, rr, rh = numpy.split(r[d], 3)
                bz, br, bh = parts(rb)
                z = f(bound(xz + state @ rz.T + bz))
                reset = f(bound(xr + state @ rr.T + br))
                if attrs.get("linear_before_reset"):
                    term = reset * (state @ rh.T + bh)
                else:
                    term = (reset * state) @ rh.T + bh
                state = (1 - z) * rest[0](bound(xh + term)) + z * state
            else:
                state = f(bound(inputs + state @ r[d].T + rb))
            y[t, d] = state
        last_h[d], last_c[d] = state, cell
    return y, last_h, last_c


def main():
    sic_compile, sic_run = sys.argv[1], sys.argv[2]
    rng = numpy.random.default_rng(11)

    def check(name, op, steps, batch, size, hidden, attrs, peepholes=False,
              layout=0, outputs=("y", "y_h", "y_c")):
        directions = 2 if attrs.get("direction") == "bidirectional" else 1
        gates = GATES[op] * hidden
        normal = lambda *shape: rng.standard_normal(shape).astype(
            numpy.float32)
        x = normal(steps, batch, size)
        w, r = normal(directions, gates, size), normal(directions, gates,
                                                       hidden) * 0.5
        bias = normal(directions, 2 * gates)
        h0, c0 = normal(directions, batch, hidden), normal(directions, batch,
                                                           hidden)
        p = normal(directions, 3 * hidden) if peepholes else \
            numpy.zeros((directions, 3 * hidden), numpy.float32)
        y, last_h, last_c = recurrence(op, x, w, r, bias, h0, c0, p, attrs)
        feed = {"x": x, "h0": h0}
        state_shape = [directions, batch, hidden]
        if layout:
            feed = {"x": x.transpose(1, 0, 2), "h0": h0.transpose(1, 0, 2)}
            state_shape = [batch, directions, hidden]
            y = y.transpose(2, 0, 1, 3)
            last_h, last_c = last_h.transpose(1, 0, 2), last_c.transpose(1, 0,
                                                                         2)
        node_inputs = ["x", "w", "r", "b", "", "h0"]
        initializers = [helper.make_tensor(n, T.FLOAT, v.shape, v.flatten())
                        for n, v in (("w", w), ("r", r), ("b", bias))]
        graph_inputs = [
            helper.make_tensor_value_info("x", T.FLOAT, list(feed["x"].shape)),
            helper.make_tensor_value_info("h0", T.FLOAT, state_shape)]
        if op == "LSTM":
            feed["c0"] = c0.transpose(1, 0, 2) if layout else c0
            node_inputs.append("c0")
            graph_inputs.append(
                helper.make_tensor_value_info("c0", T.FLOAT, state_shape))
            if peepholes:
                node_inputs.append("p")
                initializers.append(
                    helper.make_tensor("p", T.FLOAT, p.shape, p.flatten()))
        expected = {"y": y, "y_h": last_h, "y_c": last_c}
        node_outputs = [o if o in outputs else ""
                        for o in ("y", "y_h", "y_c")[:3 if op == "LSTM"
                                                     else 2]]
        node = helper.make_node(op, node_inputs, node_outputs, name=name,
                                hidden_size=hidden, layout=layout, **attrs)
        graph = helper.make_graph(
            [node], name, graph_inputs,
            [helper.make_tensor_value_info(o, T.FLOAT,
                                           list(expected[o].shape))
             for o in node_outputs if o], initializers)
        model = helper.make_model(
            graph, opset_imports=[helper.make_opsetid("", 14)])
        with open(f"{name}.onnx", "wb") as f:
            f.write(model.SerializeToString())
        compare_levels(name, feed,
                       {o: expected[o].astype(numpy.float32)
                        for o in node_outputs if o},
                       sic_compile, sic_run)
        print(f"{name}: -O0 and -O2 match the definition")

    check("lstm_bidirectional", "LSTM", 5, 3, 4, 6,
          {"direction": "bidirectional", "clip": 2.5,
           "activations": ["HardSigmoid", "Tanh", "Softsign", "sigmoid",
                           "ScaledTanh", "Elu"],
           "activation_alpha": [0.3, 0.9, 0.8],
           "activation_beta": [0.4, 1.1]},
          peepholes=True, layout=1)
    check("lstm_coupled", "LSTM", 4, 2, 3, 5, {"input_forget": 1},
          outputs=("y_c",))
    check("lstm_reverse", "LSTM", 3, 1, 4, 4, {"direction": "reverse"},
          peepholes=True)
    check("gru_linear_reverse", "GRU", 6, 2, 3, 5,
          {"direction": "reverse", "linear_before_reset": 1})
    check("gru_bidirectional", "GRU", 4, 3, 2, 3,
          {"direction": "bidirectional", "clip": 1.5,
           "activations": ["HardSigmoid", "Softplus", "Sigmoid", "Affine"],
           "activation_alpha": [0.25, 0.7], "activation_beta": [0.5, 0.1]},
          layout=1)
    check("rnn_leaky", "RNN", 7, 2, 3, 4,
          {"activations": ["LeakyRelu"], "activation_alpha": [0.2]})
    check("rnn_long", "RNN", 300, 1, 2, 3, {"direction": "bidirectional"})


if __name__ == "__main__":
    main()
