#!/usr/bin/env python3
"""One model per NN op family, timed by vs_onnxruntime.py against
onnxruntime on the same shapes and inputs.

Each model is one op (or the few nodes an exporter writes for it) on the
shapes of a real network's layer: the contractions of the MLP and the
transformer block of ../shared/models (a Gemm, MatMuls by constant
weights, attention's context), the MLP's 10-column classifier head, an NHWC to NCHW transpose (tf2onnx), a
Conv1d audio front end, 3x3
convolutions on 56- and 28-pixel maps, a depthwise one, a ConvTranspose
decoder step, Resize upsampling of an FPN neck, LSTM and GRU over 50
steps, normalizations, softmaxes, a chain of activations, reductions,
pools, attention scores as an Einsum, CumSum, GridSample.

    benchmarks/families.py [--out DIR] [--only conv1d,lstm] [--write-only]
        [vs_onnxruntime options: --rounds 3 --runs 200 --threads 1 ...]

writes DIR/<family>.onnx (default: a temporary folder) and runs
vs_onnxruntime.py on them (not with --write-only). Needs python3-onnx and
numpy.
"""

import argparse
import os
import subprocess
import sys
import tempfile

import numpy
from onnx import TensorProto, helper, numpy_helper, save

HERE = os.path.dirname(os.path.abspath(__file__))
OPSET = 17

rng = numpy.random.default_rng(5)


def weight(name, shape, scale=0.1):
    return numpy_helper.from_array(
        (rng.standard_normal(shape) * scale).astype(numpy.float32), name)


def ints(name, values):
    return numpy_helper.from_array(numpy.array(values, numpy.int64), name)


def floats(name, values):
    return numpy_helper.from_array(numpy.array(values, numpy.float32), name)


def tensor(name, shape):
    return helper.make_tensor_value_info(name, TensorProto.FLOAT, shape)


def model(name, nodes, inputs, outputs, initializers=()):
    graph = helper.make_graph(nodes, name, inputs, outputs, list(initializers))
    return helper.make_model(
        graph, opset_imports=[helper.make_opsetid("", OPSET)])


def single(name, op, x_shape, y_shape, initializers=(), extra_inputs=(),
           **attributes):
    """A model of one `op` node on input x (and initializers)."""
    node = helper.make_node(op, ["x", *extra_inputs], ["y"], **attributes)
    return model(name, [node], [tensor("x", x_shape)],
                 [tensor("y", y_shape)], initializers)


def recurrent(name, op, gates):
    steps, batch, size, hidden = 50, 1, 64, 64
    return single(
        name, op, [steps, batch, size], [steps, 2, batch, hidden],
        [weight("w", [2, gates * hidden, size]),
         weight("r", [2, gates * hidden, hidden]),
         weight("b", [2, 2 * gates * hidden])],
        ["w", "r", "b"], hidden_size=hidden, direction="bidirectional")


def activations():
    shape = [1, 64, 56, 56]
    names = ["Elu", "Selu", "Softplus", "HardSwish", "Softsign"]
    nodes, previous = [], "x"
    for index, op in enumerate(names):
        output = "y" if index == len(names) - 1 else f"a{index}"
        nodes.append(helper.make_node(op, [previous], [output]))
        previous = output
    return model("activations", nodes, [tensor("x", shape)],
                 [tensor("y", shape)])


def reductions():
    nodes = [helper.make_node("ReduceL2", ["x"], ["l2"], axes=[1]),
             helper.make_node("ReduceLogSumExp", ["x"], ["lse"], axes=[1])]
    return model("reductions", nodes, [tensor("x", [64, 1024])],
                 [tensor("l2", [64, 1]), tensor("lse", [64, 1])])


def attention_scores():
    node = helper.make_node("Einsum", ["q", "k"], ["y"],
                            equation="bhqd,bhkd->bhqk")
    return model("einsum", [node],
                 [tensor("q", [1, 8, 128, 64]), tensor("k", [1, 8, 128, 64])],
                 [tensor("y", [1, 8, 128, 128])])


def grid_sample():
    node = helper.make_node("GridSample", ["x", "grid"], ["y"],
                            align_corners=0)
    return model("grid_sample", [node],
                 [tensor("x", [1, 32, 64, 64]),
                  tensor("grid", [1, 64, 64, 2])],
                 [tensor("y", [1, 32, 64, 64])])


def attention_context():
    node = helper.make_node("MatMul", ["p", "v"], ["y"])
    return model("attention_context", [node],
                 [tensor("p", [1, 4, 128, 128]), tensor("v", [1, 4, 128, 64])],
                 [tensor("y", [1, 4, 128, 64])])


def families():
    return {
        "gemm_784x512": single("gemm_784x512", "Gemm", [64, 784], [64, 512],
                               [weight("w", [512, 784]), weight("b", [512])],
                               ["w", "b"], transB=1),
        "gemm_512x10": single("gemm_512x10", "Gemm", [64, 512], [64, 10],
                              [weight("w", [10, 512]), weight("b", [10])],
                              ["w", "b"], transB=1),
        "matmul_256x1024": single("matmul_256x1024", "MatMul", [1, 128, 256],
                                  [1, 128, 1024], [weight("w", [256, 1024])],
                                  ["w"]),
        "matmul_1024x256": single("matmul_1024x256", "MatMul",
                                  [1, 128, 1024], [1, 128, 256],
                                  [weight("w", [1024, 256])], ["w"]),
        "matmul_256x256": single("matmul_256x256", "MatMul", [1, 128, 256],
                                 [1, 128, 256], [weight("w", [256, 256])],
                                 ["w"]),
        "attention_context": attention_context(),
        "transpose_nhwc": single("transpose_nhwc", "Transpose",
                                 [1, 56, 56, 64], [1, 64, 56, 56],
                                 perm=[0, 3, 1, 2]),
        "conv1d": single("conv1d", "Conv", [1, 64, 400], [1, 64, 400],
                         [weight("w", [64, 64, 3]), weight("b", [64])],
                         ["w", "b"], pads=[1, 1]),
        "conv3x3": single("conv3x3", "Conv", [1, 32, 56, 56],
                          [1, 32, 56, 56],
                          [weight("w", [32, 32, 3, 3]), weight("b", [32])],
                          ["w", "b"], pads=[1, 1, 1, 1]),
        "conv3x3_28": single("conv3x3_28", "Conv", [1, 64, 28, 28],
                             [1, 64, 28, 28],
                             [weight("w", [64, 64, 3, 3]), weight("b", [64])],
                             ["w", "b"], pads=[1, 1, 1, 1]),
        "depthwise": single("depthwise", "Conv", [1, 64, 56, 56],
                            [1, 64, 56, 56],
                            [weight("w", [64, 1, 3, 3]), weight("b", [64])],
                            ["w", "b"], pads=[1, 1, 1, 1], group=64),
        "conv_transpose": single("conv_transpose", "ConvTranspose",
                                 [1, 32, 28, 28], [1, 16, 56, 56],
                                 [weight("w", [32, 16, 4, 4])], ["w"],
                                 strides=[2, 2], pads=[1, 1, 1, 1]),
        "resize_nearest": single("resize_nearest", "Resize", [1, 64, 32, 32],
                                 [1, 64, 64, 64],
                                 [floats("scales", [1, 1, 2, 2])],
                                 ["", "scales"], mode="nearest"),
        "resize_linear": single("resize_linear", "Resize", [1, 64, 32, 32],
                                [1, 64, 64, 64],
                                [floats("scales", [1, 1, 2, 2])],
                                ["", "scales"], mode="linear"),
        "lstm": recurrent("lstm", "LSTM", 4),
        "gru": recurrent("gru", "GRU", 3),
        "layer_norm": single("layer_norm", "LayerNormalization",
                             [1, 128, 256], [1, 128, 256],
                             [weight("scale", [256]), weight("bias", [256])],
                             ["scale", "bias"], axis=-1),
        "instance_norm": single("instance_norm", "InstanceNormalization",
                                [1, 32, 56, 56], [1, 32, 56, 56],
                                [weight("scale", [32]), weight("bias", [32])],
                                ["scale", "bias"]),
        "softmax": single("softmax", "Softmax", [8, 128, 128], [8, 128, 128],
                          axis=-1),
        "log_softmax": single("log_softmax", "LogSoftmax", [8, 128, 128],
                              [8, 128, 128], axis=-1),
        "activations": activations(),
        "reductions": reductions(),
        "max_pool": single("max_pool", "MaxPool", [1, 64, 56, 56],
                           [1, 64, 28, 28], kernel_shape=[3, 3],
                           strides=[2, 2], pads=[1, 1, 1, 1]),
        "avg_pool": single("avg_pool", "AveragePool", [1, 64, 56, 56],
                           [1, 64, 28, 28], kernel_shape=[3, 3],
                           strides=[2, 2], pads=[1, 1, 1, 1]),
        "einsum": attention_scores(),
        "cumsum": single("cumsum", "CumSum", [8, 512], [8, 512],
                         [ints("axis", 1)], ["axis"]),
        "grid_sample": grid_sample(),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", help="where to write the models (default: "
                                      "a temporary folder)")
    parser.add_argument("--only", help="comma-separated families")
    parser.add_argument("--write-only", action="store_true",
                        help="write the models and stop")
    args, rest = parser.parse_known_args()
    models = families()
    names = [n for n in (args.only or "").split(",") if n] or list(models)
    unknown = sorted(set(names) - set(models))
    if unknown:
        parser.error(f"unknown families {unknown}; known: {sorted(models)}")
    out = args.out or tempfile.mkdtemp(prefix="sic-families-")
    os.makedirs(out, exist_ok=True)
    for name in names:
        save(models[name], os.path.join(out, name + ".onnx"))
    if args.write_only:
        return 0
    command = [sys.executable, os.path.join(HERE, "vs_onnxruntime.py"),
               "--model-dir", out, "--models", ",".join(names), *rest]
    return subprocess.call(command)


if __name__ == "__main__":
    sys.exit(main())
