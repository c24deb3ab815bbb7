//===- OnnxNormalizationOps.cpp - ONNX normalizations and softmaxes -------===//
//
// The converters of BatchNormalization, LayerNormalization (with its Mean
// and InvStdDev outputs), InstanceNormalization, MeanVarianceNormalization,
// LRN, Softmax and LogSoftmax. A softmax over one axis is sic.softmax, and
// so is an f32 LogSoftmax (with `log`); an f64 LogSoftmax, and a softmax
// before opset 13 over the input flattened at an axis that is not the last,
// are built from reductions and elementwise sic ops.
//
//===----------------------------------------------------------------------===//

#include "OnnxConverters.h"

#include "sic/Support/ShapeRules.h"

using namespace mlir;
using namespace mlir::sic;

namespace {

/// The mean of `x` over `axes` and its variance (the mean of the squared
/// centered input), both with the axes kept, and the centered input.
struct Moments {
  Value mean, centered, variance;
};

Moments buildMoments(NodeBuilder &b, Value x, ArrayRef<int64_t> axes) {
  Value mean = b.create<ReduceMeanOp>(ValueRange{x}, axes, true);
  Value centered = b.create<SubOp>(ValueRange{x, mean});
  Value variance = b.create<ReduceMeanOp>(
      ValueRange{b.create<MulOp>(ValueRange{centered, centered})}, axes, true);
  return {mean, centered, variance};
}

} // namespace

LogicalResult mlir::sic::convertBatchNorm(OnnxConversion &c,
                                          const onnx::NodeProto &node) {
  if (failed(expectInputs(c, node, 5, 5)))
    return failure();
  FailureOr<float> epsilon = c.getFloat(node, "epsilon", 1e-5f);
  FailureOr<int64_t> training = c.getInt(node, "training_mode", 0);
  c.ignoreAttribute("momentum"); // only training updates the statistics
  // Before opset 7: inference whatever is_test says, as in onnxruntime.
  if (c.getOpset() < 7)
    c.ignoreAttribute("is_test");
  // Before opset 9: statistics per channel (spatial = 1) or per element.
  FailureOr<int64_t> spatial =
      c.getOpset() < 9 ? c.getInt(node, "spatial", 1) : FailureOr<int64_t>(1);
  if (failed(epsilon) || failed(training) || failed(spatial))
    return failure();
  if (*training != 0) {
    c.emitNodeError(node) << "training_mode is not supported for inference";
    return failure();
  }
  if (*spatial != 1) {
    c.emitNodeError(node) << "spatial = " << *spatial
                          << " (statistics per element, opset < 9) is not "
                             "supported; SIC normalizes per channel";
    return failure();
  }
  FailureOr<SmallVector<Value>> inputs = c.getPresentInputValues(node, 5);
  if (failed(inputs))
    return failure();
  return c.emit<BatchNormOp>(node, *inputs, APFloat(*epsilon));
}

LogicalResult mlir::sic::convertSoftmax(OnnxConversion &c,
                                        const onnx::NodeProto &node,
                                        bool logarithm) {
  if (failed(expectInputs(c, node, 1, 1)))
    return failure();
  FailureOr<int64_t> axis = c.getInt(node, "axis", c.getOpset() < 13 ? 1 : -1);
  FailureOr<Value> input = c.getInputValue(node, 0);
  if (failed(axis) || failed(input))
    return failure();
  int64_t rank = cast<RankedTensorType>(input->getType()).getRank();
  std::optional<int64_t> normalized = normalizeAxis(*axis, rank);
  if (!normalized) {
    c.emitNodeError(node) << "axis " << *axis << " is out of range for rank "
                          << rank;
    return failure();
  }
  // Before opset 13 the input was flattened at `axis` into a matrix: the
  // softmax runs over every axis from `axis` on.
  SmallVector<int64_t, 4> axes = {*normalized};
  if (c.getOpset() < 13)
    for (int64_t dim = *normalized + 1; dim < rank; ++dim)
      axes.push_back(dim);
  if (axes.size() == 1 &&
      (!logarithm ||
       cast<RankedTensorType>(input->getType()).getElementType().isF32()))
    return c.emit<SoftmaxOp>(node, *input, *normalized, logarithm);
  NodeBuilder b(c, node);
  return b.bind(buildSoftmax(b, *input, axes, logarithm));
}

Value mlir::sic::buildSoftmax(NodeBuilder &b, Value x, ArrayRef<int64_t> axes,
                              bool logarithm) {
  // y = exp(x - max) / sum(exp(x - max)), or its logarithm
  // (x - max) - log(sum(exp(x - max))).
  Value shifted = b.create<SubOp>(
      ValueRange{x, b.create<ReduceMaxOp>(ValueRange{x}, axes, true)});
  Value exponentials = b.create<ExpOp>(ValueRange{shifted});
  Value sum = b.create<ReduceSumOp>(ValueRange{exponentials}, axes, true);
  if (logarithm)
    return b.create<SubOp>(
        ValueRange{shifted, b.create<LogOp>(ValueRange{sum})});
  return b.create<DivOp>(ValueRange{exponentials, sum});
}

LogicalResult mlir::sic::convertLayerNorm(OnnxConversion &c,
                                          const onnx::NodeProto &node) {
  if (failed(expectInputs(c, node, 2, 3)))
    return failure();
  FailureOr<int64_t> axis = c.getInt(node, "axis", -1);
  FailureOr<float> epsilon = c.getFloat(node, "epsilon", 1e-5f);
  c.ignoreAttribute("stash_type"); // SIC normalizes in f32
  FailureOr<SmallVector<Value>> inputs = c.getPresentInputValues(node, 3);
  if (failed(axis) || failed(epsilon) || failed(inputs))
    return failure();
  NodeBuilder b(c, node);
  Value normalized = b.create<LayerNormOp>(*inputs, *axis, APFloat(*epsilon));
  auto read = [&](int index) {
    return index < node.output_size() && c.isUsed(node.output(index));
  };
  if (!normalized || (!read(1) && !read(2)))
    return b.bind(normalized);
  // Mean and InvStdDev = 1 / sqrt(variance + epsilon), over the normalized
  // axes, kept as dimensions of size 1. (The op's rules have checked axis.)
  Value x = inputs->front();
  int64_t rank = cast<RankedTensorType>(x.getType()).getRank();
  SmallVector<int64_t, 4> axes;
  for (int64_t dim = *normalizeAxis(*axis, rank); dim < rank; ++dim)
    axes.push_back(dim);
  Moments moments = buildMoments(b, x, axes);
  Value inverse = b.create<ReciprocalOp>(ValueRange{b.create<SqrtOp>(ValueRange{
      b.create<AddOp>(ValueRange{moments.variance, b.scalar(*epsilon)})})});
  return b.bind({normalized, read(1) ? moments.mean : Value(),
                 read(2) ? inverse : Value()});
}

LogicalResult mlir::sic::convertInstanceNorm(OnnxConversion &c,
                                             const onnx::NodeProto &node) {
  if (failed(expectInputs(c, node, 3, 3)))
    return failure();
  FailureOr<float> epsilon = c.getFloat(node, "epsilon", 1e-5f);
  FailureOr<SmallVector<Value>> inputs = c.getPresentInputValues(node, 3);
  if (failed(epsilon) || failed(inputs))
    return failure();
  Value x = (*inputs)[0];
  ArrayRef<int64_t> shape = cast<RankedTensorType>(x.getType()).getShape();
  int64_t rank = shape.size();
  if (rank < 3) {
    c.emitNodeError(node) << "expects an input of rank >= 3 (N, C and "
                             "spatial axes), got rank "
                          << rank;
    return failure();
  }
  // (x - mean) / sqrt(variance + epsilon) * scale + bias, the statistics
  // over the spatial axes; scale and bias ([C]) as [C, 1, ...].
  SmallVector<int64_t, 4> axes, perChannel = {shape[1]};
  for (int64_t dim = 2; dim < rank; ++dim) {
    axes.push_back(dim);
    perChannel.push_back(1);
  }
  NodeBuilder b(c, node);
  Moments moments = buildMoments(b, x, axes);
  Value deviation = b.create<SqrtOp>(ValueRange{
      b.create<AddOp>(ValueRange{moments.variance, b.scalar(*epsilon)})});
  Value scale = b.create<ReshapeOp>(ValueRange{(*inputs)[1]}, perChannel);
  Value bias = b.create<ReshapeOp>(ValueRange{(*inputs)[2]}, perChannel);
  Value normalized = b.create<DivOp>(ValueRange{moments.centered, deviation});
  return b.bind(b.create<AddOp>(
      ValueRange{b.create<MulOp>(ValueRange{normalized, scale}), bias}));
}

LogicalResult mlir::sic::convertMeanVarianceNorm(OnnxConversion &c,
                                                 const onnx::NodeProto &node) {
  if (failed(expectInputs(c, node, 1, 1)))
    return failure();
  FailureOr<SmallVector<int64_t, 4>> axes =
      c.getInts(node, "axes", SmallVector<int64_t, 4>{0, 2, 3});
  FailureOr<Value> input = c.getInputValue(node, 0);
  if (failed(axes) || failed(input))
    return failure();
  // ONNX's definition: (x - E[x]) / (sqrt(E[x^2] - E[x]^2) + 1e-9).
  NodeBuilder b(c, node);
  Value x = *input;
  Value mean = b.create<ReduceMeanOp>(ValueRange{x}, *axes, true);
  Value meanOfSquares = b.create<ReduceMeanOp>(
      ValueRange{b.create<MulOp>(ValueRange{x, x})}, *axes, true);
  Value variance = b.create<SubOp>(
      ValueRange{meanOfSquares, b.create<MulOp>(ValueRange{mean, mean})});
  Value deviation = b.create<AddOp>(
      ValueRange{b.create<SqrtOp>(ValueRange{variance}), b.scalar(1e-9f)});
  return b.bind(b.create<DivOp>(
      ValueRange{b.create<SubOp>(ValueRange{x, mean}), deviation}));
}

LogicalResult mlir::sic::convertLrn(OnnxConversion &c,
                                    const onnx::NodeProto &node) {
  if (failed(expectInputs(c, node, 1, 1)))
    return failure();
  FailureOr<float> alpha = c.getFloat(node, "alpha", 1e-4f);
  FailureOr<float> beta = c.getFloat(node, "beta", 0.75f);
  FailureOr<float> bias = c.getFloat(node, "bias", 1.0f);
  FailureOr<int64_t> size = c.getInt(node, "size");
  FailureOr<Value> input = c.getInputValue(node, 0);
  if (failed(alpha) || failed(beta) || failed(bias) || failed(size) ||
      failed(input))
    return failure();
  auto type = cast<RankedTensorType>(input->getType());
  if (type.getRank() < 3 || *size < 1 || *size > type.getDimSize(1) + 1) {
    c.emitNodeError(node) << "expects an input of rank >= 3 and a size in "
                             "[1, channels + 1]";
    return failure();
  }
  // The sum of squares over a window of `size` channels around each one:
  // the squares padded with zeros along the channels, added slice by slice.
  int64_t before = (*size - 1) / 2, after = *size - 1 - before;
  int64_t rank = type.getRank(), channels = type.getDimSize(1);
  SmallVector<int64_t, 8> pads(2 * rank, 0);
  pads[1] = before;
  pads[rank + 1] = after;
  NodeBuilder b(c, node);
  Value x = *input;
  Value padded = b.create<PadOp>(ValueRange{b.create<MulOp>(ValueRange{x, x})},
                                 pads, PadMode::constant, APFloat(0.0f));
  Value sum;
  for (int64_t offset = 0; offset < *size; ++offset) {
    Value window =
        b.create<SliceOp>(ValueRange{padded}, ArrayRef<int64_t>{offset},
                          ArrayRef<int64_t>{offset + channels},
                          ArrayRef<int64_t>{1}, ArrayRef<int64_t>{1});
    sum = sum ? b.create<AddOp>(ValueRange{sum, window}) : window;
  }
  // x / (bias + alpha / size * sum)^beta
  Value scaled = b.create<AddOp>(ValueRange{
      b.scalar(*bias),
      b.create<MulOp>(ValueRange{sum, b.scalar(*alpha / float(*size))})});
  return b.bind(b.create<DivOp>(
      ValueRange{x, b.create<PowOp>(ValueRange{scaled, b.scalar(*beta)})}));
}
