#!/usr/bin/env python3
"""A model's convolution layers against this machine's GEMM rate.

For each Conv node of the model (default ../shared/models/resnet_small.onnx)
the script writes a model of that layer alone (its shapes, attributes,
weights and bias) and a matrix product of the same multiply-adds on
square shapes (M = N = K, the cube root rounded to 16, constant weights):
the rate SIC's register-tiled GEMM reaches on this machine when its
operands stay in cache. It compiles both at -O2 and times them on one
thread with `sic-run --bench` in interleaved rounds (the layer first in odd
rounds, the product in even ones), then prints each layer's GFLOP/s (the
median over the rounds of each round's p50), the product's, and their
ratio; the last row weighs the layers by their time.

    benchmarks/conv_rate.py [--model M.onnx] [--rounds 5] [--runs 200]
        [--json out.json]

Needs python3-onnx and numpy, and a build (scripts/dev.sh build).
"""

import argparse
import json
import os
import statistics
import sys
import tempfile

import numpy
import onnx
from onnx import TensorProto, helper, numpy_helper, shape_inference

from sic_bench import BenchError, bench_sic, find_tools, run

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OPSET = 17


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model",
                        default=os.path.join(ROOT, "..", "shared", "models",
                                             "resnet_small.onnx"))
    parser.add_argument("--build-dir", default=os.path.join(ROOT, "build"))
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--json", help="write the results to this file")
    args = parser.parse_args()
    if args.rounds < 1 or args.runs < 1 or args.warmup < 0:
        parser.error("--rounds and --runs must be >= 1, --warmup >= 0")
    return args


def static_shape(value_info):
    dims = value_info.type.tensor_type.shape.dim
    if not all(d.HasField("dim_value") for d in dims):
        raise BenchError(f"'{value_info.name}' has no static shape")
    return [d.dim_value for d in dims]


def save_model(path, name, nodes, inputs, outputs, initializers):
    graph = helper.make_graph(nodes, name, inputs, outputs, initializers)
    onnx.save(helper.make_model(
        graph, opset_imports=[helper.make_opsetid("", OPSET)]), path)


def conv_layers(model_path):
    """[(name, node, x shape, y shape, initializers, multiply-adds)] of the
    model's Conv nodes of constant weights."""
    model = shape_inference.infer_shapes(onnx.load(model_path))
    graph = model.graph
    shapes = {v.name: v for v in list(graph.value_info) + list(graph.input)
              + list(graph.output)}
    constants = {t.name: t for t in graph.initializer}
    layers = []
    for index, node in enumerate(graph.node):
        if node.op_type != "Conv" or node.input[1] not in constants:
            continue
        if node.input[0] not in shapes or node.output[0] not in shapes:
            raise BenchError(f"{model_path}: no shapes for Conv "
                             f"'{node.name}'")
        x = static_shape(shapes[node.input[0]])
        y = static_shape(shapes[node.output[0]])
        w = list(constants[node.input[1]].dims)
        # A grouped filter's second dim is its channels per group.
        macs = int(numpy.prod(y)) * int(numpy.prod(w[1:]))
        inits = [constants[n] for n in node.input[1:] if n]
        layers.append((node.name or f"conv{index}", node, x, y, inits, macs))
    return layers


def write_layer(path, node, x, y, initializers):
    layer = helper.make_node("Conv", ["x"] + list(node.input[1:]), ["y"],
                             name=node.name)
    layer.attribute.extend(node.attribute)
    save_model(path, "layer", [layer],
               [helper.make_tensor_value_info("x", TensorProto.FLOAT, x)],
               [helper.make_tensor_value_info("y", TensorProto.FLOAT, y)],
               initializers)


def gemm_side(macs):
    return max(16, int(round(macs ** (1 / 3) / 16)) * 16)


def write_gemm(path, side):
    rng = numpy.random.default_rng(3)
    weights = numpy_helper.from_array(
        rng.standard_normal((side, side)).astype(numpy.float32), "w")
    save_model(path, "gemm", [helper.make_node("MatMul", ["w", "x"], ["y"])],
               [helper.make_tensor_value_info("x", TensorProto.FLOAT,
                                              [side, side])],
               [helper.make_tensor_value_info("y", TensorProto.FLOAT,
                                              [side, side])], [weights])


def gflops(macs, ms):
    return 2 * macs / (ms * 1e6)


def main():
    args = parse_args()
    try:
        sic_compile, sic_run = find_tools(args.build_dir)
        layers = conv_layers(args.model)
    except (BenchError, OSError, onnx.checker.ValidationError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    if not layers:
        print(f"error: {args.model} has no Conv of constant weights",
              file=sys.stderr)
        return 1

    results = []
    with tempfile.TemporaryDirectory() as work:
        try:
            compiled = []
            for name, node, x, y, inits, macs in layers:
                side = gemm_side(macs)
                paths = {}
                for kind in ("layer", "gemm"):
                    onnx_path = os.path.join(work, f"{name}.{kind}.onnx")
                    if kind == "layer":
                        write_layer(onnx_path, node, x, y, inits)
                    else:
                        write_gemm(onnx_path, side)
                    paths[kind] = onnx_path[:-len("onnx")] + "so"
                    run([sic_compile, onnx_path, "-O2", "-o", paths[kind]],
                        f"sic-compile {name} ({kind})")
                compiled.append((name, x, y, macs, side, paths))
            times = {name: {"layer": [], "gemm": []}
                     for name, *_ in compiled}
            for round_index in range(args.rounds):
                for name, x, y, macs, side, paths in compiled:
                    order = (("layer", "gemm") if round_index % 2 == 0
                             else ("gemm", "layer"))
                    for kind in order:
                        record = bench_sic(
                            sic_run, paths[kind], args.warmup, args.runs,
                            os.path.join(work, f"{name}.{kind}.json"))
                        times[name][kind].append(record["time_ms"]["p50"])
                print(f"round {round_index + 1}/{args.rounds} done",
                      file=sys.stderr)
        except BenchError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1

    print(f"{args.model}: each Conv alone against a {OPSET}-opset MatMul "
          "of the same multiply-adds (square, in cache), one thread, p50 "
          f"median of {args.rounds} rounds")
    print(f"{'layer':<12} {'input':<16} {'MMACs':>7} {'conv ms':>9} "
          f"{'GFLOP/s':>8} {'GEMM side':>9} {'GEMM GFLOP/s':>12} "
          f"{'conv/GEMM':>9}")
    total_macs = total_conv = total_gemm = 0.0
    for name, x, y, macs, side, paths in compiled:
        conv_ms = statistics.median(times[name]["layer"])
        gemm_ms = statistics.median(times[name]["gemm"])
        conv_rate = gflops(macs, conv_ms)
        gemm_rate = gflops(side ** 3, gemm_ms)
        total_macs += macs
        total_conv += conv_ms
        total_gemm += macs / (gemm_rate * 1e6 / 2)
        results.append({"layer": name, "input": x, "output": y,
                        "macs": macs, "conv_p50_ms": times[name]["layer"],
                        "gemm_side": side, "gemm_p50_ms": times[name]["gemm"],
                        "conv_gflops": conv_rate, "gemm_gflops": gemm_rate,
                        "ratio": conv_rate / gemm_rate})
        print(f"{name:<12} {'x'.join(map(str, x)):<16} {macs / 1e6:>7.2f} "
              f"{conv_ms:>9.4f} {conv_rate:>8.1f} {side:>9} "
              f"{gemm_rate:>12.1f} {conv_rate / gemm_rate:>9.2f}")
    overall = gflops(total_macs, total_conv)
    at_gemm = gflops(total_macs, total_gemm)
    print(f"{'all layers':<12} {'':<16} {total_macs / 1e6:>7.2f} "
          f"{total_conv:>9.4f} {overall:>8.1f} {'':>9} {at_gemm:>12.1f} "
          f"{overall / at_gemm:>9.2f}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"format": "sic-conv-rate/1", "model": args.model,
                       "rounds": args.rounds, "runs": args.runs,
                       "layers": results,
                       "all_layers": {"gflops": overall,
                                      "gemm_gflops": at_gemm,
                                      "ratio": overall / at_gemm}},
                      f, indent=2)
            f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
