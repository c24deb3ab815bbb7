//===- OnnxResize.cpp - ONNX Resize as gathers and weighted sums ----------===//
//
// Resize (opsets 10 to 18) and Upsample with constant scales or sizes, one
// axis at a time: every output position of an axis reads fixed input
// positions with fixed weights, both known when the model is compiled.
// Nearest is one gather per resized axis; linear (2 neighbors) and cubic (4)
// are a gather per neighbor times its weights, summed. Coordinates, neighbors
// and weights follow ONNX's reference implementation: out-of-range neighbors
// take the edge value, or with exclude_outside get weight 0 and the others are
// renormalized.
//
//===----------------------------------------------------------------------===//

#include "OnnxConverters.h"

#include "sic/Support/ShapeRules.h"

#include <cmath>

using namespace mlir;
using namespace mlir::sic;

namespace {

struct ResizeOptions {
  std::string mode, transform, nearestMode;
  float cubicA;
  bool excludeOutside;
};

/// The input position output position `x` of an axis maps to.
double getSourcePosition(const ResizeOptions &options, int64_t x,
                         int64_t inputSize, double scale) {
  double outputSize = scale * double(inputSize);
  const std::string &mode = options.transform;
  if (mode == "align_corners")
    return outputSize == 1
               ? 0.0
               : double(x) * double(inputSize - 1) / (outputSize - 1);
  if (mode == "asymmetric")
    return double(x) / scale;
  if (mode == "pytorch_half_pixel")
    return outputSize == 1 ? -0.5 : (double(x) + 0.5) / scale - 0.5;
  if (mode == "tf_half_pixel_for_nn")
    return (double(x) + 0.5) / scale;
  return (double(x) + 0.5) / scale - 0.5; // half_pixel
}

/// The weights of the neighbors of a position `ratio` past the left one:
/// 2 for nearest and linear, 4 for cubic.
SmallVector<double, 4> getWeights(const ResizeOptions &options, double ratio,
                                  bool exact) {
  if (options.mode == "linear")
    return {1 - ratio, ratio};
  if (options.mode == "cubic") {
    double a = options.cubicA, t = ratio, u = 1 - ratio;
    return {((a * (t + 1) - 5 * a) * (t + 1) + 8 * a) * (t + 1) - 4 * a,
            ((a + 2) * t - (a + 3)) * t * t + 1,
            ((a + 2) * u - (a + 3)) * u * u + 1,
            ((a * (u + 1) - 5 * a) * (u + 1) + 8 * a) * (u + 1) - 4 * a};
  }
  bool right = exact                                        ? true
               : options.nearestMode == "round_prefer_ceil" ? ratio >= 0.5
               : options.nearestMode == "floor"             ? false
               : options.nearestMode == "ceil"              ? true
                                                            : ratio > 0.5;
  return {right ? 0.0 : 1.0, right ? 1.0 : 0.0};
}

/// Resizes axis `axis` of `x` from `inputSize` to `outputSize` elements.
Value resizeAxis(NodeBuilder &b, OnnxConversion &c, Value data, int64_t axis,
                 int64_t inputSize, int64_t outputSize, double scale,
                 const ResizeOptions &options) {
  size_t count = options.mode == "cubic" ? 4 : 2;
  // Per neighbor: the input index and the weight at each output position.
  std::vector<std::vector<int64_t>> indices(count,
                                            std::vector<int64_t>(outputSize));
  std::vector<std::vector<float>> weights(count,
                                          std::vector<float>(outputSize));
  for (int64_t x = 0; x < outputSize; ++x) {
    double source = getSourcePosition(options, x, inputSize, scale);
    // The neighbor on the left is preferred: an exact position counts as
    // ratio 1 past the one before it.
    bool exact = source == std::floor(source);
    double left = exact ? source - 1 : std::floor(source);
    SmallVector<double, 4> w =
        getWeights(options, exact ? 1 : source - left, exact);
    int64_t first = int64_t(left) - int64_t(count / 2 - 1);
    double total = 0;
    for (size_t k = 0; k < count; ++k) {
      int64_t index = first + int64_t(k);
      if (options.excludeOutside && (index < 0 || index >= inputSize))
        w[k] = 0;
      total += w[k];
      indices[k][x] = std::clamp<int64_t>(index, 0, inputSize - 1);
    }
    for (size_t k = 0; k < count; ++k)
      weights[k][x] =
          float(options.excludeOutside && total != 0 ? w[k] / total : w[k]);
  }
  auto type = cast<RankedTensorType>(data.getType());
  OpBuilder &builder = c.getBuilder();
  auto indexType = RankedTensorType::get({outputSize}, builder.getI64Type());
  SmallVector<int64_t, 4> weightShape(type.getRank(), 1);
  weightShape[axis] = outputSize;
  auto weightType = RankedTensorType::get(weightShape, builder.getF32Type());
  auto bytes = [](const auto &values) {
    return ArrayRef<char>(reinterpret_cast<const char *>(values.data()),
                          values.size() * sizeof(values[0]));
  };
  Value result;
  for (size_t k = 0; k < count; ++k) {
    // Nearest takes the one neighbor of weight 1 at each position.
    if (options.mode == "nearest") {
      std::vector<int64_t> chosen(outputSize);
      for (int64_t x = 0; x < outputSize; ++x)
        chosen[x] = weights[1][x] == 1 ? indices[1][x] : indices[0][x];
      return b.create<GatherOp>(
          ValueRange{data, c.createConstant("resize_indices", indexType,
                                            bytes(chosen))},
          axis);
    }
    Value gathered = b.create<GatherOp>(
        ValueRange{data, c.createConstant("resize_indices", indexType,
                                          bytes(indices[k]))},
        axis);
    Value weighted = b.create<MulOp>(
        ValueRange{gathered, c.createConstant("resize_weights", weightType,
                                              bytes(weights[k]))});
    result = result ? b.create<AddOp>(ValueRange{result, weighted}) : weighted;
  }
  return result;
}

/// The f32 values of a constant input.
FailureOr<SmallVector<float, 4>>
getConstantFloats(OnnxConversion &c, const onnx::NodeProto &node, int index) {
  FailureOr<Value> input = c.getInputValue(node, index);
  if (failed(input))
    return failure();
  auto constant = input->getDefiningOp<ConstantOp>();
  FailureOr<std::vector<float>> values = failure();
  if (constant && constant.getType().getElementType().isF32())
    values = readConstantValues<float>(constant);
  if (failed(values)) {
    InFlightDiagnostic diag = c.emitNodeError(node)
                              << "input #" << index << " '"
                              << c.getInput(node, index)
                              << "' must be a constant f32 tensor";
    if (!constant)
      diag << "; " << c.explainNotConstant(*input);
    return failure();
  }
  return SmallVector<float, 4>(values->begin(), values->end());
}

} // namespace

LogicalResult mlir::sic::convertResize(OnnxConversion &c,
                                       const onnx::NodeProto &node) {
  // Upsample and Resize before opset 11 take the scales as input #1 (as an
  // attribute for Upsample before opset 9) and map positions asymmetrically,
  // nearest rounding down.
  bool upsample = node.op_type() == "Upsample";
  bool legacy = upsample || c.getOpset() < 11;
  bool scalesAttribute = upsample && c.getOpset() < 9;
  if (failed(expectInputs(c, node, 1, scalesAttribute ? 1 : legacy ? 2 : 4)))
    return failure();
  FailureOr<std::string> mode = c.getString(node, "mode", "nearest");
  FailureOr<std::string> transform = std::string("asymmetric");
  FailureOr<std::string> nearestMode = std::string("floor");
  FailureOr<float> cubicA = -0.75f;
  FailureOr<int64_t> exclude = 0;
  FailureOr<int64_t> antialias = 0;
  FailureOr<std::string> policy = std::string("stretch");
  if (!legacy) {
    transform =
        c.getString(node, "coordinate_transformation_mode", "half_pixel");
    nearestMode = c.getString(node, "nearest_mode", "round_prefer_floor");
    cubicA = c.getFloat(node, "cubic_coeff_a", -0.75f);
    exclude = c.getInt(node, "exclude_outside", 0);
    // Only tf_crop_and_resize reads the roi and the extrapolation value.
    c.ignoreAttribute("extrapolation_value");
  }
  if (c.getOpset() >= 18 && !upsample) {
    antialias = c.getInt(node, "antialias", 0);
    policy = c.getString(node, "keep_aspect_ratio_policy", "stretch");
  }
  FailureOr<Value> input = c.getInputValue(node, 0);
  if (failed(mode) || failed(transform) || failed(nearestMode) ||
      failed(cubicA) || failed(exclude) || failed(antialias) ||
      failed(policy) || failed(input))
    return failure();
  auto type = cast<RankedTensorType>(input->getType());
  int64_t rank = type.getRank();
  FailureOr<SmallVector<int64_t, 4>> axes = SmallVector<int64_t, 4>();
  if (c.getOpset() >= 18 && !upsample)
    axes = c.getInts(node, "axes", SmallVector<int64_t, 4>());
  if (failed(axes))
    return failure();
  static const char *const transforms[] = {"half_pixel", "pytorch_half_pixel",
                                           "align_corners", "asymmetric",
                                           "tf_half_pixel_for_nn"};
  static const char *const nearestModes[] = {
      "round_prefer_floor", "round_prefer_ceil", "floor", "ceil"};
  if (legacy && *mode != "nearest" && *mode != "linear") {
    c.emitNodeError(node) << "mode '" << *mode
                          << "' is not one of nearest, linear";
    return failure();
  }
  if ((*mode != "nearest" && *mode != "linear" && *mode != "cubic") ||
      !llvm::is_contained(transforms, *transform) ||
      !llvm::is_contained(nearestModes, *nearestMode) || *antialias != 0 ||
      *policy != "stretch") {
    c.emitNodeError(node)
        << "supported with modes nearest, linear and cubic, every "
           "coordinate_transformation_mode but tf_crop_and_resize and "
           "half_pixel_symmetric, without antialias and with "
           "keep_aspect_ratio_policy stretch";
    return failure();
  }
  if (*mode != "nearest" && !type.getElementType().isF32()) {
    c.emitNodeError(node) << *mode << " resizing needs f32 data";
    return failure();
  }
  // The resized axes: all, or those `axes` names (opset 18).
  SmallVector<int64_t, 4> dims;
  for (int64_t axis : *axes) {
    std::optional<int64_t> dim = normalizeAxis(axis, rank);
    if (!dim || llvm::is_contained(dims, *dim)) {
      c.emitNodeError(node) << "has axes that do not fit rank " << rank;
      return failure();
    }
    dims.push_back(*dim);
  }
  if (dims.empty())
    for (int64_t dim = 0; dim < rank; ++dim)
      dims.push_back(dim);
  // Scales (input 2, before opset 11 input 1) or sizes (input 3), one per
  // resized axis.
  int scalesInput = legacy ? 1 : 2;
  bool hasScales =
      scalesAttribute ||
      (!c.getInput(node, scalesInput).empty() &&
       c.getShape(c.getInput(node, scalesInput)) &&
       getElementCount(*c.getShape(c.getInput(node, scalesInput))) != 0);
  bool hasSizes = !legacy && !c.getInput(node, 3).empty();
  if (hasScales == hasSizes) {
    c.emitNodeError(node) << "needs either scales or sizes";
    return failure();
  }
  SmallVector<double, 4> scales;
  SmallVector<int64_t, 4> sizes;
  if (hasScales) {
    FailureOr<SmallVector<float, 4>> given =
        scalesAttribute ? c.getFloats(node, "scales")
                        : getConstantFloats(c, node, scalesInput);
    if (failed(given))
      return failure();
    for (float scale : *given)
      scales.push_back(scale);
  } else {
    FailureOr<SmallVector<int64_t, 4>> given = c.getConstantInts(node, 3);
    if (failed(given))
      return failure();
    sizes = *given;
  }
  size_t given = hasScales ? scales.size() : sizes.size();
  if (given != dims.size()) {
    c.emitNodeError(node) << "has " << given << " scales or sizes for "
                          << dims.size() << " axes";
    return failure();
  }
  NodeBuilder b(c, node);
  Value result = *input;
  ResizeOptions options{*mode, *transform, *nearestMode, *cubicA,
                        *exclude != 0};
  for (auto [position, dim] : llvm::enumerate(dims)) {
    int64_t inputSize = type.getDimSize(dim);
    double scale;
    int64_t outputSize;
    if (hasScales) {
      scale = scales[position];
      double extent = std::floor(double(inputSize) * scale);
      if (!(scale > 0) ||
          !(extent <= double(c.getLimits().maxTensorElements))) {
        c.emitNodeError(node)
            << "scale " << formatNumber(scale) << " does not fit axis " << dim
            << " of size " << inputSize;
        return failure();
      }
      outputSize = int64_t(extent);
    } else {
      outputSize = sizes[position];
      if (outputSize < 0 ||
          uint64_t(outputSize) > c.getLimits().maxTensorElements) {
        c.emitNodeError(node)
            << "size " << outputSize << " does not fit axis " << dim;
        return failure();
      }
      scale = inputSize == 0 ? 1.0 : double(outputSize) / double(inputSize);
    }
    if (outputSize == inputSize && scale == 1.0)
      continue;
    if (inputSize == 0) {
      c.emitNodeError(node) << "cannot resize the empty axis " << dim;
      return failure();
    }
    result =
        resizeAxis(b, c, result, dim, inputSize, outputSize, scale, options);
  }
  return b.bind(result);
}
