"""Writes ONNX Resize models in the forms whose positions depend on more
than the scales: tf_crop_and_resize with a region of interest that is a
graph input or a constant (linear, cubic with exclude_outside, nearest on
integers, opset 18 axes), half_pixel_symmetric and both
keep_aspect_ratio_policy values, with the outputs of ONNX's definition
computed here element by element; compiles each at -O0 and -O2 and
compares. Then writes the Resize nodes SIC refuses and prints
sic-compile's errors.

    resize_crop.py SIC_COMPILE SIC_RUN
"""

import itertools
import math
import sys

import numpy
import onnx
from onnx import TensorProto as T
from onnx import helper

from compare_levels import compare_levels, print_refusal


def source_position(options, x, size, resized, scale, roi):
    """The input position output position x of an axis maps to."""
    extent = scale * size
    mode = options.get("coordinate_transformation_mode", "half_pixel")
    if mode == "tf_crop_and_resize":
        start, end = roi
        if extent == 1:
            return (end - start) * (size - 1) / 2 + start * (size - 1)
        return x * (end - start) * (size - 1) / (extent - 1) + start * (size - 1)
    if mode == "half_pixel_symmetric":
        offset = size / 2 * (1 - resized / extent)
        return offset + (x + 0.5) / scale - 0.5
    if mode == "align_corners":
        return 0.0 if extent == 1 else x * (size - 1) / (extent - 1)
    if mode == "asymmetric":
        return x / scale
    return (x + 0.5) / scale - 0.5


def cubic(a, t):
    """The cubic convolution weights of the 4 neighbors of ratio t."""
    u = 1 - t
    return [((a * (t + 1) - 5 * a) * (t + 1) + 8 * a) * (t + 1) - 4 * a,
            ((a + 2) * t - (a + 3)) * t * t + 1,
            ((a + 2) * u - (a + 3)) * u * u + 1,
            ((a * (u + 1) - 5 * a) * (u + 1) + 8 * a) * (u + 1) - 4 * a]


def interpolate_1d(options, values, position):
    """ONNX's interpolation of the 1-D `values` at `position`."""
    size = len(values)
    if options.get("coordinate_transformation_mode") == "tf_crop_and_resize" \
            and not 0 <= position <= size - 1:
        return options.get("extrapolation_value", 0.0)
    exact = position == math.floor(position)
    left = position - 1 if exact else math.floor(position)
    ratio = position - left
    mode = options.get("mode", "nearest")
    clamp = lambda i: min(max(int(i), 0), size - 1)
    if mode == "nearest":
        rounding = options.get("nearest_mode", "round_prefer_floor")
        right = {"round_prefer_floor": ratio > 0.5,
                 "round_prefer_ceil": ratio >= 0.5,
                 "floor": ratio >= 1, "ceil": True}[rounding]
        return values[clamp(left + right)]
    if mode == "linear":
        first, weights = left, [1 - ratio, ratio]
    else:
        first = left - 1
        weights = cubic(options.get("cubic_coeff_a", -0.75), ratio)
    indices = [first + k for k in range(len(weights))]
    if options.get("exclude_outside", 0):
        weights = [w if 0 <= i < size else 0.0
                   for w, i in zip(weights, indices)]
        total = sum(weights)
        weights = [w / total for w in weights] if total else weights
    return sum(w * float(values[clamp(i)]) for w, i in zip(weights, indices))


def resize(data, options, shape, scales, rois):
    """ONNX Resize of `data` to `shape` by per-axis scales and regions:
    the last axis interpolated first, the first last, as the reference
    recurses."""
    def at(array, index, axis):
        if array.ndim == 0:
            return float(array)
        size = array.shape[0]
        resizing = (scales[axis] != 1 or shape[axis] != size
                    or rois[axis] is not None)
        if not resizing:
            return at(array[index[0]], index[1:], axis + 1)
        inner = [at(array[i], index[1:], axis + 1) for i in range(size)]
        position = source_position(options, index[0], size, shape[axis],
                                   scales[axis], rois[axis])
        return interpolate_1d(options, inner, position)
    out = numpy.zeros(shape, dtype=numpy.float64)
    for index in itertools.product(*(range(n) for n in shape)):
        out[index] = at(data, index, 0)
    return out.astype(data.dtype)


def make(name, inputs, initializers, node_inputs, options, out_type,
         out_shape, opset):
    node = helper.make_node("Resize", node_inputs, ["y"], name=name,
                            **options)
    graph = helper.make_graph(
        [node], name,
        [helper.make_tensor_value_info(n, t, s) for n, t, s in inputs],
        [helper.make_tensor_value_info("y", out_type, out_shape)],
        initializer=initializers)
    model = helper.make_model(graph,
                              opset_imports=[helper.make_opsetid("", opset)])
    onnx.save(model, f"{name}.onnx")


def main():
    sic_compile, sic_run = sys.argv[1], sys.argv[2]
    rng = numpy.random.default_rng(5)
    x = rng.standard_normal((1, 2, 4, 5)).astype(numpy.float32)
    image = rng.standard_normal((1, 1, 4, 5)).astype(numpy.float32)
    ints = rng.integers(-50, 50, (1, 1, 3, 4)).astype(numpy.int32)
    tensor = lambda n, t, v: helper.make_tensor(n, t, [len(v)], v)

    def check(name, data, node_inputs, options, shape, scales, rois, opset,
              roi=None, initializers=(), element=T.FLOAT):
        inputs = [("x", element, list(data.shape))]
        feed = {"x": data}
        if roi is not None:
            roi_type = T.DOUBLE if roi.dtype == numpy.float64 else T.FLOAT
            inputs.append(("roi", roi_type, list(roi.shape)))
            feed["roi"] = roi
        make(name, inputs, list(initializers), node_inputs, options, element,
             shape, opset)
        # The region as the model holds it: f32 unless given in f64.
        exact = roi is not None and roi.dtype == numpy.float64
        rois = [r if r is None or exact
                else tuple(float(numpy.float32(v)) for v in r) for r in rois]
        expected = resize(data, options, shape, scales, rois)
        compare_levels(name, feed, {"y": expected}, sic_compile, sic_run)
        print(f"{name}: -O0 and -O2 match the definition")

    crop = {"coordinate_transformation_mode": "tf_crop_and_resize"}
    # A run-time region partly outside the input, linear.
    roi = numpy.array([0, 0, -0.2, 0.1, 1, 1, 0.9, 1.3], numpy.float32)
    check("crop_linear", x, ["x", "roi", "", "sizes"],
          dict(crop, mode="linear", extrapolation_value=10.0), [1, 2, 3, 4],
          [1, 1, 0.75, 0.8],
          [(0, 1), (0, 1), (-0.2, 0.9), (0.1, 1.3)], 13, roi=roi,
          initializers=[tensor("sizes", T.INT64, [1, 2, 3, 4])])
    # A constant region, cubic with exclude_outside, sizes from scales.
    check("crop_cubic", x, ["x", "region", "scales"],
          dict(crop, mode="cubic", exclude_outside=1, cubic_coeff_a=-0.5),
          [1, 2, 6, 4], [1, 1, 1.5, 0.8],
          [(0, 1), (0, 1), (0.1, 0.7), (0.3, 1.05)], 11,
          initializers=[
              tensor("region", T.FLOAT, [0, 0, 0.1, 0.3, 1, 1, 0.7, 1.05]),
              tensor("scales", T.FLOAT, [1, 1, 1.5, 0.8])])
    # Nearest on integers, an f64 region, each rounding.
    for rounding in ("ceil", "round_prefer_ceil", "floor"):
        roi = numpy.array([0, 0, 0.25, -0.5, 1, 1, 0.75, 1], numpy.float64)
        check(f"crop_nearest_{rounding}", ints, ["x", "roi", "", "sizes"],
              dict(crop, nearest_mode=rounding, extrapolation_value=-3.0),
              [1, 1, 5, 3], [1, 1, 5 / 3, 0.75],
              [(0, 1), (0, 1), (0.25, 0.75), (-0.5, 1)], 13, roi=roi,
              initializers=[tensor("sizes", T.INT64, [1, 1, 5, 3])],
              element=T.INT32)
    # Opset 18 axes: the region's values follow the order of axes.
    roi = numpy.array([0.2, -0.1, 0.9, 0.8], numpy.float32)
    check("crop_axes", image, ["x", "roi", "", "sizes"],
          dict(crop, mode="linear", axes=[3, 2]), [1, 1, 4, 3],
          [1, 1, 1, 0.6], [None, None, (-0.1, 0.8), (0.2, 0.9)], 18,
          roi=roi, initializers=[tensor("sizes", T.INT64, [3, 4])])
    check("symmetric", image, ["x", "", "scales"],
          {"mode": "linear",
           "coordinate_transformation_mode": "half_pixel_symmetric"},
          [1, 1, 6, 3], [1, 1, 1.7, 0.6], [None] * 4, 18,
          initializers=[tensor("scales", T.FLOAT, [1, 1, 1.7, 0.6])])
    # keep_aspect_ratio_policy: 7 / 5 is the smaller ratio, 3 / 4 the larger.
    check("not_larger", image, ["x", "", "", "sizes"],
          {"mode": "cubic", "keep_aspect_ratio_policy": "not_larger",
           "axes": [2, 3]},
          [1, 1, 6, 7], [1, 1, 1.4, 1.4], [None] * 4, 18,
          initializers=[tensor("sizes", T.INT64, [7, 7])])
    check("not_smaller", image, ["x", "", "", "sizes"],
          {"keep_aspect_ratio_policy": "not_smaller", "axes": [2, 3]},
          [1, 1, 3, 4], [1, 1, 0.75, 0.75], [None] * 4, 18,
          initializers=[tensor("sizes", T.INT64, [3, 3])])

    # Empty axes stay empty: one without a ratio under a policy, and a
    # cropped batch of none.
    check("aspect_empty", numpy.zeros((1, 1, 0, 5), numpy.float32),
          ["x", "", "", "sizes"],
          {"keep_aspect_ratio_policy": "not_larger", "axes": [2, 3]},
          [1, 1, 0, 10], [1, 1, 2, 2], [None] * 4, 18,
          initializers=[tensor("sizes", T.INT64, [4, 10])])
    check("crop_empty", numpy.zeros((0, 1, 4, 5), numpy.float32),
          ["x", "roi", "", "sizes"], dict(crop, mode="linear"), [0, 1, 3, 3],
          [1, 1, 0.75, 0.6], [(0, 1), (0, 1), (0.1, 0.9), (0.2, 0.8)], 13,
          roi=numpy.array([0, 0, 0.1, 0.2, 1, 1, 0.9, 0.8], numpy.float32),
          initializers=[tensor("sizes", T.INT64, [0, 1, 3, 3])])

    # Refused.
    make("roi_count", [("x", T.FLOAT, [1, 1, 4, 5]), ("roi", T.FLOAT, [6])],
         [tensor("sizes", T.INT64, [1, 1, 3, 3])],
         ["x", "roi", "", "sizes"], crop, T.FLOAT, [1, 1, 3, 3], 13)
    print_refusal("roi_count", sic_compile)
    make("antialias", [("x", T.FLOAT, [1, 1, 4, 5])],
         [tensor("sizes", T.INT64, [1, 1, 3, 3])], ["x", "", "", "sizes"],
         {"mode": "linear", "antialias": 1}, T.FLOAT, [1, 1, 3, 3], 18)
    print_refusal("antialias", sic_compile)
    make("aspect_huge", [("x", T.FLOAT, [1, 1, 4, 5])],
         [tensor("sizes", T.INT64, [2**32, 1])],
         ["x", "", "", "sizes"],
         {"keep_aspect_ratio_policy": "not_smaller", "axes": [2, 3]},
         T.FLOAT, [1, 1, 3, 3], 18)
    print_refusal("aspect_huge", sic_compile)


if __name__ == "__main__":
    main()
