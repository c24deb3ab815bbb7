"""Writes ONNX models whose convolutions sic-compile computes with
Winograd's F(2, 3) or F(4, 3) along the height (constant filters three
rows high, unit strides, 16 channels or more) and the outputs their
definition gives, in float64 NumPy; then compiles each at -O0 and -O2 and
compares.

    winograd.py SIC_COMPILE SIC_RUN
"""

import sys

import numpy
import onnx
from onnx import TensorProto as T
from onnx import helper, numpy_helper

from compare_levels import compare_levels


def conv(x, w, b, pads):
    """y[n, f, i, j] = b[f] + sum over c, kh, kw of
    w[f, c, kh, kw] * padded x[n, c, i + kh, j + kw]."""
    padded = numpy.pad(x.astype(numpy.float64),
                       [(0, 0), (0, 0), (pads[0], pads[2]),
                        (pads[1], pads[3])])
    _, _, kh_size, kw_size = w.shape
    height = padded.shape[2] - kh_size + 1
    width = padded.shape[3] - kw_size + 1
    y = numpy.zeros((x.shape[0], w.shape[0], height, width))
    for kh in range(kh_size):
        for kw in range(kw_size):
            y += numpy.einsum("nchw,fc->nfhw",
                              padded[:, :, kh:kh + height, kw:kw + width],
                              w[:, :, kh, kw].astype(numpy.float64))
    if b is not None:
        y += b.reshape(1, -1, 1, 1)
    return y


def check(name, nodes, x, weights, expected, sic_compile, sic_run):
    graph = helper.make_graph(
        nodes, name, [helper.make_tensor_value_info("x", T.FLOAT, x.shape)],
        [helper.make_tensor_value_info("y", T.FLOAT, expected.shape)],
        [numpy_helper.from_array(value, key)
         for key, value in weights.items()])
    model = helper.make_model(graph,
                              opset_imports=[helper.make_opsetid("", 17)])
    onnx.checker.check_model(model)
    onnx.save(model, f"{name}.onnx")
    compare_levels(name, {"x": x}, {"y": expected.astype(numpy.float32)},
                   sic_compile, sic_run)
    print(f"{name}: -O0 and -O2 match the definition")


def check_conv_relu(name, x, w, b, sic_compile, sic_run):
    """relu(conv3x3(x) + b) with pads of 1."""
    check(name,
          [helper.make_node("Conv", ["x", "w", "b"], ["c"],
                            pads=[1, 1, 1, 1]),
           helper.make_node("Relu", ["c"], ["y"])],
          x, {"w": w, "b": b},
          numpy.maximum(conv(x, w, b, [1, 1, 1, 1]), 0), sic_compile,
          sic_run)


def check_conv_residual_relu(name, x, w, b, sic_compile, sic_run):
    """relu(conv3x3(x) + b + x) with pads of 1."""
    check(name,
          [helper.make_node("Conv", ["x", "w", "b"], ["c"],
                            pads=[1, 1, 1, 1]),
           helper.make_node("Add", ["c", "x"], ["s"]),
           helper.make_node("Relu", ["s"], ["y"])],
          x, {"w": w, "b": b},
          numpy.maximum(conv(x, w, b, [1, 1, 1, 1]) + x, 0), sic_compile,
          sic_run)


def main():
    sic_compile, sic_run = sys.argv[1:]
    rng = numpy.random.default_rng(5)

    def uniform(*shape):
        return rng.uniform(-1, 1, shape).astype(numpy.float32)

    def filters(*shape):
        """Scaled by the square root of the window's size, as trained
        filters are, so that sums keep the inputs' magnitude."""
        return (uniform(*shape) / numpy.sqrt(numpy.prod(shape[1:]))).astype(
            numpy.float32)

    # relu(conv3x3(x) + b), 12 rows in three tiles of F(4, 3): the bias
    # starts the shared product. 20 channels, no whole vectors: rows.
    x, w, b = uniform(1, 20, 12, 16), filters(24, 20, 3, 3), uniform(24)
    check_conv_relu("bias_relu", x, w, b, sic_compile, sic_run)

    # A 3x5 filter, uneven pads, two images, no bias; 10 rows in three
    # tiles of F(4, 3), the input's pad grown by 2 rows, 2 rows cropped.
    x, w = uniform(2, 20, 10, 28), filters(16, 20, 3, 5)
    check("wide_filter",
          [helper.make_node("Conv", ["x", "w"], ["y"], pads=[1, 2, 1, 2])],
          x, {"w": w}, conv(x, w, None, [1, 2, 1, 2]), sic_compile, sic_run)

    # Two layers without padding and a residual add: x's 10 rows give 8
    # (F(4, 3)), then 6 (F(2, 3): three tiles of 4 products, as many as two
    # of 6); rows 14 and 12 pixels wide, computed 16 wide and cropped.
    x = uniform(1, 32, 10, 16)
    w1, b1 = filters(32, 32, 3, 3), uniform(32)
    w2, b2 = filters(32, 32, 3, 3), uniform(32)
    first = conv(x, w1, b1, [0, 0, 0, 0])
    second = conv(first.astype(numpy.float32), w2, b2, [0, 0, 0, 0])
    check("residual",
          [helper.make_node("Conv", ["x", "w1", "b1"], ["c1"]),
           helper.make_node("Conv", ["c1", "w2", "b2"], ["c2"]),
           helper.make_node("Slice", ["c1", "starts", "ends", "axes"],
                            ["crop"]),
           helper.make_node("Add", ["c2", "crop"], ["y"])],
          x, {"w1": w1, "b1": b1, "w2": w2, "b2": b2,
              "starts": numpy.array([1, 1], numpy.int64),
              "ends": numpy.array([7, 13], numpy.int64),
              "axes": numpy.array([2, 3], numpy.int64)},
          second + first[:, :, 1:7, 1:13], sic_compile, sic_run)

    # Seven rows: two tiles of F(4, 3), the input padded with one more row
    # of zeros, one row cropped (20 channels: rows).
    x, w = uniform(1, 20, 7, 16), filters(16, 20, 3, 3)
    check("seven_rows",
          [helper.make_node("Conv", ["x", "w"], ["y"], pads=[1, 1, 1, 1])],
          x, {"w": w}, conv(x, w, None, [1, 1, 1, 1]), sic_compile, sic_run)

    # Rows 32 pixels wide, in blocks a loop threads share. Two images, 16
    # rows in tiles of 4 x 4 (F(4x4, 3x3), two rows of tiles a block), bias
    # and relu; a residual add of the input and a relu; 6 rows in tiles of
    # F(2, 3) rows, one a block.
    x, w, b = uniform(2, 16, 16, 32), filters(16, 16, 3, 3), uniform(16)
    check_conv_relu("blocks_relu", x, w, b, sic_compile, sic_run)
    check_conv_residual_relu("blocks_residual", x, w, b, sic_compile,
                             sic_run)
    x = uniform(1, 16, 6, 32)
    check("blocks_f23",
          [helper.make_node("Conv", ["x", "w", "b"], ["y"],
                            pads=[1, 1, 1, 1])],
          x, {"w": w, "b": b}, conv(x, w, b, [1, 1, 1, 1]), sic_compile,
          sic_run)

    # Tiles of 4 x 4 (F(4x4, 3x3), rows of 8 tiles or more): two images
    # without padding, no bias, 14 x 34 pixels giving 12 x 32 (the input
    # padded with two columns for the tiles' phases); 10 rows with a bias,
    # the last tile's 2 extra rows cropped; 4 rows, one block of one row
    # of tiles, with a bias and a relu.
    x, w = uniform(2, 16, 14, 34), filters(24, 16, 3, 3)
    check("tiles_valid",
          [helper.make_node("Conv", ["x", "w"], ["y"])],
          x, {"w": w}, conv(x, w, None, [0, 0, 0, 0]), sic_compile, sic_run)
    x, w, b = uniform(1, 16, 10, 32), filters(16, 16, 3, 3), uniform(16)
    check("tiles_cropped",
          [helper.make_node("Conv", ["x", "w", "b"], ["y"],
                            pads=[1, 1, 1, 1])],
          x, {"w": w, "b": b}, conv(x, w, b, [1, 1, 1, 1]), sic_compile,
          sic_run)
    x = uniform(1, 16, 4, 64)
    check_conv_relu("tiles_one_block", x, w, b, sic_compile, sic_run)

    # Tiles of 4 x 4 with the channels in the vectors (rows of fewer than 8
    # tiles, channels and filters whole vectors): two images of 16 x 16
    # with a bias (the start's body applied as the output is written) and
    # a relu; 14 x 14 with a residual add of the input and a relu, the last
    # tiles' rows and columns cropped; 7 x 9 without a bias, 1 row and 3
    # columns cropped.
    x, w, b = uniform(2, 16, 16, 16), filters(24, 16, 3, 3), uniform(24)
    check_conv_relu("channels_relu", x, w, b, sic_compile, sic_run)
    x, w, b = uniform(1, 32, 14, 14), filters(32, 32, 3, 3), uniform(32)
    check_conv_residual_relu("channels_residual", x, w, b, sic_compile,
                             sic_run)
    x, w = uniform(1, 16, 7, 9), filters(16, 16, 3, 3)
    check("channels_plain",
          [helper.make_node("Conv", ["x", "w"], ["y"], pads=[1, 1, 1, 1])],
          x, {"w": w}, conv(x, w, None, [1, 1, 1, 1]), sic_compile, sic_run)

    # Five rows: 2.4 products per row with tiles of 2 or 4, not a quarter
    # fewer than a direct kernel's 3: direct.
    x, w = uniform(1, 16, 5, 16), filters(16, 16, 3, 3)
    check("five_rows",
          [helper.make_node("Conv", ["x", "w"], ["y"], pads=[1, 1, 1, 1])],
          x, {"w": w}, conv(x, w, None, [1, 1, 1, 1]), sic_compile, sic_run)

if __name__ == "__main__":
    main()
