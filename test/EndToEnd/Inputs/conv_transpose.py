"""Writes an ONNX model of ConvTranspose cases the ONNX node suite does not
cover (groups, a bias, a filter that is a graph input, strides with
dilations and output_padding, negative pads, 1-D with output_shape), its
inputs, and the outputs ConvTranspose's definition gives, computed here
directly: every input element scatters its filter window, scaled, into the
output. Needs python3-onnx.

    conv_transpose.py DIR     writes DIR/model.onnx, DIR/<input>.npy and
                              DIR/<output>.expected.npy
"""

import os
import sys

import numpy
from onnx import TensorProto, helper, numpy_helper, save

rng = numpy.random.default_rng(7)


def reference(x, w, bias, strides, dilations, pads, output_padding, group):
    """ConvTranspose by its definition; `pads` is the begins, then the
    ends."""
    spatial = x.ndim - 2
    channels, per_group = w.shape[:2]
    kernel = w.shape[2:]
    full = [strides[i] * (x.shape[2 + i] - 1) + output_padding[i]
            + dilations[i] * (kernel[i] - 1) + 1 for i in range(spatial)]
    y = numpy.zeros((x.shape[0], per_group * group, *full), numpy.float64)
    in_group = channels // group
    for index in numpy.ndindex(*x.shape):
        n, c, position = index[0], index[1], index[2:]
        g = c // in_group
        for m in range(per_group):
            for window in numpy.ndindex(*kernel):
                out = tuple(position[i] * strides[i] + window[i] * dilations[i]
                            for i in range(spatial))
                y[(n, g * per_group + m, *out)] += x[index] * w[(c, m,
                                                                 *window)]
    crop = tuple(slice(pads[i], full[i] - pads[spatial + i])
                 for i in range(spatial))
    if any(p < 0 for p in pads):
        # A negative pad adds positions that no input reaches.
        widths = [(0, 0), (0, 0)] + [(max(-pads[i], 0),
                                      max(-pads[spatial + i], 0))
                                     for i in range(spatial)]
        y = numpy.pad(y, widths)
        crop = tuple(slice(max(pads[i], 0),
                           y.shape[2 + i] - max(pads[spatial + i], 0))
                     for i in range(spatial))
    y = y[(slice(None), slice(None), *crop)]
    # The bias is added to every output element, those a negative pad adds
    # too: y = the convolution + B everywhere.
    if bias is not None:
        y = y + bias.reshape((1, -1) + (1,) * spatial)
    return y.astype(numpy.float32)


CASES = [
    # name, x shape, w shape, bias, filter as input, attributes
    ("grouped", (2, 4, 3, 5), (4, 3, 3, 2), True, False,
     dict(group=2, strides=[2, 3], pads=[1, 0, 0, 2])),
    ("depthwise", (1, 3, 4, 4), (3, 1, 3, 3), False, False,
     dict(group=3, strides=[2, 2], output_padding=[1, 0])),
    ("dilated", (1, 2, 4, 3), (2, 3, 2, 3), True, False,
     dict(strides=[2, 1], dilations=[2, 3], output_padding=[1, 0])),
    ("filter_input", (1, 2, 3, 3), (2, 2, 3, 3), False, True,
     dict(strides=[2, 2], pads=[1, 1, 1, 1])),
    ("negative_pads", (1, 1, 3, 3), (1, 2, 2, 2), False, False,
     dict(strides=[2, 2], pads=[-1, 0, 1, -2])),
    ("one_d", (2, 3, 6), (3, 4, 3), True, False,
     dict(strides=[3], output_shape=[20])),
    ("negative_end_pads", (1, 2, 3, 4), (2, 2, 3, 3), True, False,
     dict(strides=[2, 2], pads=[0, 1, -1, -2])),
    ("small_kernel", (1, 2, 4, 3), (2, 3, 2, 1), True, False,
     dict(strides=[3, 2], output_padding=[2, 1])),
]


def main():
    out = sys.argv[1]
    nodes, inputs, outputs, initializers = [], [], [], []
    for name, x_shape, w_shape, with_bias, filter_input, attributes in CASES:
        x = rng.uniform(-1, 1, x_shape).astype(numpy.float32)
        w = rng.uniform(-1, 1, w_shape).astype(numpy.float32)
        group = attributes.get("group", 1)
        bias = (rng.uniform(-1, 1, w_shape[1] * group).astype(numpy.float32)
                if with_bias else None)
        spatial = len(x_shape) - 2
        strides = attributes.get("strides", [1] * spatial)
        dilations = attributes.get("dilations", [1] * spatial)
        output_padding = attributes.get("output_padding", [0] * spatial)
        pads = attributes.get("pads", [0] * 2 * spatial)
        if "output_shape" in attributes:
            # Resolved as ONNX says for NOTSET: the odd unit at the
            # beginning.
            pads = []
            totals = []
            for i in range(spatial):
                full = (strides[i] * (x_shape[2 + i] - 1) + output_padding[i]
                        + dilations[i] * (w_shape[2 + i] - 1) + 1)
                totals.append(full - attributes["output_shape"][i])
            pads = ([t - t // 2 for t in totals] + [t // 2 for t in totals])
        y = reference(x.astype(numpy.float64), w.astype(numpy.float64),
                      bias, strides, dilations, pads, output_padding, group)
        numpy.save(os.path.join(out, f"{name}_x.npy"), x)
        inputs.append(helper.make_tensor_value_info(
            f"{name}_x", TensorProto.FLOAT, x_shape))
        node_inputs = [f"{name}_x", f"{name}_w"]
        if filter_input:
            numpy.save(os.path.join(out, f"{name}_w.npy"), w)
            inputs.append(helper.make_tensor_value_info(
                f"{name}_w", TensorProto.FLOAT, w_shape))
        else:
            initializers.append(numpy_helper.from_array(w, f"{name}_w"))
        if bias is not None:
            initializers.append(numpy_helper.from_array(bias, f"{name}_b"))
            node_inputs.append(f"{name}_b")
        nodes.append(helper.make_node("ConvTranspose", node_inputs,
                                      [f"{name}_y"], name=name, **attributes))
        numpy.save(os.path.join(out, f"{name}_y.expected.npy"), y)
        outputs.append(helper.make_tensor_value_info(
            f"{name}_y", TensorProto.FLOAT, y.shape))
    graph = helper.make_graph(nodes, "conv_transpose", inputs, outputs,
                              initializers)
    model = helper.make_model(graph,
                              opset_imports=[helper.make_opsetid("", 17)])
    save(model, os.path.join(out, "model.onnx"))


if __name__ == "__main__":
    main()
