"""Writes ONNX RoiAlign models (average and maximum, both coordinate
modes, a spatial scale, regions partly and wholly outside the image,
batch_indices as a graph input) and the outputs onnxruntime's algorithm
gives, computed here sample by sample; compiles each at -O0 and -O2 and
compares. Then writes the RoiAlign nodes SIC refuses and prints
sic-compile's errors.

    roi_align.py SIC_COMPILE SIC_RUN
"""

import itertools
import sys

import numpy
import onnx
from onnx import TensorProto as T
from onnx import helper

from compare_levels import compare_levels, print_refusal


def bilinear(image, y, x):
    """The four neighbors of (y, x) with their weights; none outside."""
    height, width = image.shape
    if y < -1.0 or y > height or x < -1.0 or x > width:
        return []
    y, x = max(y, 0.0), max(x, 0.0)
    y_low, x_low = int(y), int(x)
    if y_low >= height - 1:
        y_low = y_high = height - 1
        y = float(y_low)
    else:
        y_high = y_low + 1
    if x_low >= width - 1:
        x_low = x_high = width - 1
        x = float(x_low)
    else:
        x_high = x_low + 1
    ly, lx = y - y_low, x - x_low
    hy, hx = 1.0 - ly, 1.0 - lx
    return [hy * hx * image[y_low, x_low], hy * lx * image[y_low, x_high],
            ly * hx * image[y_high, x_low], ly * lx * image[y_high, x_high]]


def roi_align(x, rois, batches, mode, height, width, ratio, scale,
              transform):
    offset = 0.5 if transform == "half_pixel" else 0.0
    y = numpy.zeros((len(rois), x.shape[1], height, width), numpy.float64)
    for r, c, ph, pw in itertools.product(range(len(rois)),
                                          range(x.shape[1]), range(height),
                                          range(width)):
        x1, y1, x2, y2 = (float(v) * scale - offset for v in rois[r])
        roi_w, roi_h = x2 - x1, y2 - y1
        if transform != "half_pixel":
            roi_w, roi_h = max(roi_w, 1.0), max(roi_h, 1.0)
        bin_h, bin_w = roi_h / height, roi_w / width
        values = []
        for iy, ix in itertools.product(range(ratio), range(ratio)):
            sy = y1 + ph * bin_h + (iy + 0.5) * bin_h / ratio
            sx = x1 + pw * bin_w + (ix + 0.5) * bin_w / ratio
            terms = bilinear(x[batches[r], c], sy, sx)
            if mode == "avg":
                values.append(sum(terms))
            else:
                values.append(max(terms) if terms else 0.0)
        y[r, c, ph, pw] = (sum(values) / ratio**2 if mode == "avg"
                           else max(values))
    return y.astype(numpy.float32)


def write(name, attrs, x_shape, regions, out_shape):
    graph = helper.make_graph(
        [helper.make_node("RoiAlign", ["x", "rois", "batches"], ["y"],
                          name=name, **attrs)], name,
        [helper.make_tensor_value_info("x", T.FLOAT, x_shape),
         helper.make_tensor_value_info("rois", T.FLOAT, [regions, 4]),
         helper.make_tensor_value_info("batches", T.INT64, [regions])],
        [helper.make_tensor_value_info("y", T.FLOAT, out_shape)])
    model = helper.make_model(graph,
                              opset_imports=[helper.make_opsetid("", 16)])
    onnx.save(model, f"{name}.onnx")


def check(name, x, rois, batches, sic_compile, sic_run, **attrs):
    expected = roi_align(x, rois, batches, attrs.get("mode", "avg"),
                         attrs["output_height"], attrs["output_width"],
                         attrs["sampling_ratio"],
                         attrs.get("spatial_scale", 1.0),
                         attrs.get("coordinate_transformation_mode",
                                   "half_pixel"))
    write(name, attrs, list(x.shape), len(rois), list(expected.shape))
    compare_levels(name, {"x": x, "rois": rois, "batches": batches},
                   {"y": expected}, sic_compile, sic_run)
    print(f"{name}: -O0 and -O2 match the definition")


def main():
    sic_compile, sic_run = sys.argv[1:]
    rng = numpy.random.default_rng(11)
    x = rng.uniform(-1, 1, (2, 3, 7, 9)).astype(numpy.float32)
    # Inside, across the right and bottom edges, reaching past -1 on the
    # left, wholly outside, and a region smaller than a pixel.
    rois = numpy.array([[1.0, 1.5, 6.0, 5.0], [5.5, 4.0, 11.0, 9.0],
                        [-4.0, -3.0, 2.0, 3.0], [20.0, 20.0, 24.0, 22.0],
                        [3.2, 2.1, 3.4, 2.3]], numpy.float32)
    batches = numpy.array([0, 1, 1, 0, 1], numpy.int64)
    for mode, transform in (("avg", "half_pixel"),
                            ("avg", "output_half_pixel"),
                            ("max", "half_pixel")):
        check(f"roi_{mode}_{transform}", x, rois, batches, sic_compile,
              sic_run, mode=mode, coordinate_transformation_mode=transform,
              output_height=3, output_width=4, sampling_ratio=2)
    check("roi_scaled", x, rois * 2.0, batches, sic_compile, sic_run,
          output_height=2, output_width=2, sampling_ratio=3,
          spatial_scale=0.5)
    for name, attrs, shape in (
            ("roi_adaptive", dict(sampling_ratio=0), [1, 1, 4, 4]),
            ("roi_mode", dict(mode="median", sampling_ratio=1), [1, 1, 4, 4]),
            ("roi_shapes", dict(sampling_ratio=1), [1, 4, 4])):
        write(name, attrs, shape, 1, [1, 1, 1, 1])
        print_refusal(name, sic_compile)


if __name__ == "__main__":
    main()
