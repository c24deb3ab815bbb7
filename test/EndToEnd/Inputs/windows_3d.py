"""Writes ONNX models with 3-D windows (NCDHW: Conv with pads, strides,
dilations, groups and a bias; ConvTranspose with strides, a dilation,
pads, output_padding, groups and a bias; MaxPool and AveragePool with pads, strides,
ceil_mode and both count_include_pad) and the outputs their definitions
give, computed window by window in NumPy; then compiles each at -O0 and
-O2 and compares.

    windows_3d.py SIC_COMPILE SIC_RUN
"""

import itertools
import sys

import numpy
import onnx
from onnx import TensorProto as T
from onnx import helper

from compare_levels import compare_levels


def conv3d(x, w, b, strides, pads, dilations, group):
    n, c, *size = x.shape
    o, cg, *kernel = w.shape
    padded = numpy.pad(x, [(0, 0), (0, 0)] + [(pads[i], pads[3 + i])
                                             for i in range(3)])
    out = [(padded.shape[2 + i] - dilations[i] * (kernel[i] - 1) - 1)
           // strides[i] + 1 for i in range(3)]
    y = numpy.zeros([n, o] + out, numpy.float64)
    og = o // group
    for batch, f, *at in itertools.product(range(n), range(o),
                                           *map(range, out)):
        g = f // og
        total = b[f] if b is not None else 0.0
        for ci, *k in itertools.product(range(cg), *map(range, kernel)):
            pos = [at[i] * strides[i] + k[i] * dilations[i] for i in range(3)]
            total += padded[batch, g * cg + ci][tuple(pos)] * w[f, ci][
                tuple(k)]
        y[(batch, f, *at)] = total
    return y.astype(numpy.float32)


def conv_transpose3d(x, w, b, strides, pads, dilations, output_padding,
                     group):
    """Every input element scatters its filter window, scaled, into the
    full output, which the pads then crop."""
    n, c, *size = x.shape
    _, og, *kernel = w.shape
    full = [strides[i] * (size[i] - 1) + output_padding[i]
            + dilations[i] * (kernel[i] - 1) + 1 for i in range(3)]
    y = numpy.zeros([n, og * group] + full, numpy.float64)
    cg = c // group
    for batch, ci, *at in itertools.product(range(n), range(c),
                                            *map(range, size)):
        g = ci // cg
        for m, *k in itertools.product(range(og), *map(range, kernel)):
            pos = [at[i] * strides[i] + k[i] * dilations[i] for i in range(3)]
            y[(batch, g * og + m, *pos)] += x[batch, ci][tuple(at)] * w[
                ci, m][tuple(k)]
    y += b.reshape(1, -1, 1, 1, 1)
    crop = tuple(slice(pads[i], full[i] - pads[3 + i]) for i in range(3))
    return y[(slice(None), slice(None)) + crop].astype(numpy.float32)


def pool3d(x, kernel, strides, pads, ceil, average, count_pad):
    n, c, *size = x.shape
    out = []
    for i in range(3):
        span = size[i] + pads[i] + pads[3 + i] - kernel[i]
        count = (-(-span // strides[i]) if ceil else span // strides[i]) + 1
        # A window that starts in the end padding is dropped.
        if ceil and (count - 1) * strides[i] >= size[i] + pads[i]:
            count -= 1
        out.append(count)
    y = numpy.zeros([n, c] + out, numpy.float32)
    for batch, ch, *at in itertools.product(range(n), range(c),
                                            *map(range, out)):
        lo = [at[i] * strides[i] - pads[i] for i in range(3)]
        hi = [min(lo[i] + kernel[i], size[i] + pads[3 + i])
              for i in range(3)]
        valid = [(max(lo[i], 0), min(hi[i], size[i])) for i in range(3)]
        window = x[batch, ch, valid[0][0]:valid[0][1],
                   valid[1][0]:valid[1][1], valid[2][0]:valid[2][1]]
        if not average:
            y[(batch, ch, *at)] = window.max()
            continue
        count = (numpy.prod([hi[i] - lo[i] for i in range(3)]) if count_pad
                 else window.size)
        y[(batch, ch, *at)] = window.astype(numpy.float64).sum() / count
    return y


def check(name, node, inputs, expected, sic_compile, sic_run):
    graph = helper.make_graph(
        [node], name,
        [helper.make_tensor_value_info(k, T.FLOAT, list(v.shape))
         for k, v in inputs.items()],
        [helper.make_tensor_value_info("y", T.FLOAT, list(expected.shape))])
    model = helper.make_model(graph,
                              opset_imports=[helper.make_opsetid("", 17)])
    onnx.checker.check_model(model)
    onnx.save(model, f"{name}.onnx")
    compare_levels(name, inputs, {"y": expected}, sic_compile, sic_run)
    print(f"{name}: -O0 and -O2 match the definition")


def main():
    sic_compile, sic_run = sys.argv[1:]
    rng = numpy.random.default_rng(3)
    x = rng.uniform(-1, 1, (2, 4, 5, 6, 7)).astype(numpy.float32)
    w = rng.uniform(-1, 1, (6, 2, 3, 2, 3)).astype(numpy.float32)
    b = rng.uniform(-1, 1, 6).astype(numpy.float32)
    conv = dict(strides=[2, 1, 2], pads=[1, 0, 1, 1, 1, 2],
                dilations=[2, 1, 1], group=2)
    check("conv3d", helper.make_node("Conv", ["x", "w", "b"], ["y"], **conv),
          {"x": x, "w": w, "b": b}, conv3d(x, w, b, **conv), sic_compile,
          sic_run)
    wt = rng.uniform(-1, 1, (4, 3, 2, 3, 2)).astype(numpy.float32)
    bt = rng.uniform(-1, 1, 6).astype(numpy.float32)
    transposed = dict(strides=[2, 1, 3], pads=[1, 0, 0, 0, 1, 1],
                      dilations=[1, 2, 1], output_padding=[1, 0, 2], group=2)
    check("conv_transpose3d",
          helper.make_node("ConvTranspose", ["x", "w", "b"], ["y"],
                           **transposed),
          {"x": x, "w": wt, "b": bt}, conv_transpose3d(x, wt, bt, **transposed),
          sic_compile, sic_run)
    pool = dict(kernel=[3, 2, 3], strides=[2, 2, 1], pads=[1, 0, 1, 1, 1, 0])
    attrs = dict(kernel_shape=pool["kernel"], strides=pool["strides"],
                 pads=pool["pads"], ceil_mode=1)
    check("max_pool3d", helper.make_node("MaxPool", ["x"], ["y"], **attrs),
          {"x": x}, pool3d(x, ceil=True, average=False, count_pad=False,
                           **pool), sic_compile, sic_run)
    for count_pad in (0, 1):
        check(f"avg_pool3d_count{count_pad}",
              helper.make_node("AveragePool", ["x"], ["y"],
                               count_include_pad=count_pad, **attrs),
              {"x": x}, pool3d(x, ceil=True, average=True,
                               count_pad=count_pad, **pool),
              sic_compile, sic_run)


if __name__ == "__main__":
    main()
