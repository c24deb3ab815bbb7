//===- OnnxResize.cpp - ONNX Resize as gathers and weighted sums ----------===//
//
// Resize (opsets 10 to 18) and Upsample with constant scales or sizes, one
// axis at a time: every output position of an axis reads fixed input
// positions with fixed weights, both known when the model is compiled.
// Nearest is one gather per resized axis; linear (2 neighbors) and cubic (4)
// are a gather per neighbor times its weights, summed. Coordinates, neighbors
// and weights follow ONNX's reference implementation: out-of-range neighbors
// take the edge value, or with exclude_outside get weight 0 and the others are
// renormalized. tf_crop_and_resize maps positions through the region of
// interest, which may be data: its positions, neighbors and weights are then
// computed at run time (in f64, as the reference does), and positions outside
// the input take extrapolation_value. half_pixel_symmetric, an opset-19
// mode, is accepted as written.
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
  float extrapolation;
};

/// The input position output position `x` of an axis resized to `resized`
/// elements maps to.
double getSourcePosition(const ResizeOptions &options, int64_t x,
                         int64_t inputSize, int64_t resized, double scale) {
  double outputSize = scale * double(inputSize);
  const std::string &mode = options.transform;
  if (mode == "half_pixel_symmetric") {
    double adjustment = double(resized) / outputSize;
    double offset = double(inputSize) / 2 * (1 - adjustment);
    return offset + (double(x) + 0.5) / scale - 0.5;
  }
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
    double source = getSourcePosition(options, x, inputSize, outputSize, scale);
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

/// The start and end of a resized axis's region of interest, f64 scalars.
struct Crop {
  Value start, end;
};

/// Resizes axis `axis` of `data` from `inputSize` to `outputSize` elements
/// in tf_crop_and_resize mode: input position start * (n - 1) + x * (end -
/// start) * (n - 1) / (outputSize - 1) for output position x; positions
/// outside [0, n - 1] take the extrapolation value.
Value resizeCroppedAxis(NodeBuilder &b, OnnxConversion &c, Value data,
                        int64_t axis, int64_t inputSize, int64_t outputSize,
                        double scale, const ResizeOptions &options, Crop crop) {
  OpBuilder &builder = c.getBuilder();
  Type f64 = builder.getF64Type();
  // ((x * (end - start)) * (n - 1)) / (extent - 1) + start * (n - 1), in
  // the reference's order of operations (an edge position's rounding
  // decides between the edge value and the extrapolation value); a single
  // position (extent 1) is the region's center: x = 1 over 2.
  double extent = scale * double(inputSize), last = double(inputSize - 1);
  std::vector<double> xs(outputSize);
  for (int64_t x = 0; x < outputSize; ++x)
    xs[x] = extent == 1 ? 1.0 : double(x);
  Value xValues = c.createConstant(
      "resize_positions", RankedTensorType::get({outputSize}, f64),
      ArrayRef<char>(reinterpret_cast<const char *>(xs.data()),
                     xs.size() * sizeof(double)));
  auto constant = [&](double value) { return b.scalar(value, xValues); };
  Value span = b.create<SubOp>(ValueRange{crop.end, crop.start});
  Value scaled = b.create<MulOp>(
      ValueRange{b.create<MulOp>(ValueRange{xValues, span}), constant(last)});
  Value position = b.create<AddOp>(
      ValueRange{b.create<DivOp>(ValueRange{
                     scaled, constant(extent == 1 ? 2.0 : extent - 1)}),
                 b.create<MulOp>(ValueRange{crop.start, constant(last)})});
  // Outside the input (or NaN): the extrapolation value, and position 0
  // for the reads.
  Value inside = b.create<AndOp>(ValueRange{
      b.create<GreaterOrEqualOp>(ValueRange{position, constant(0)}),
      b.create<LessOrEqualOp>(ValueRange{position, constant(last)})});
  position = b.create<WhereOp>(ValueRange{inside, position, constant(0)});
  // The neighbor on the left is preferred: an exact position counts as
  // ratio 1 past the one before it.
  Value floor = b.create<FloorOp>(ValueRange{position});
  Value exact = b.create<EqualOp>(ValueRange{position, floor});
  Value left = b.create<WhereOp>(ValueRange{
      exact, b.create<SubOp>(ValueRange{floor, constant(1)}), floor});
  Value ratio = b.create<SubOp>(ValueRange{position, left});
  SmallVector<int64_t, 4> spread(
      cast<RankedTensorType>(data.getType()).getRank(), 1);
  spread[axis] = outputSize;
  auto read = [&](Value index) {
    Value clamped = b.create<MinOp>(ValueRange{
        b.create<MaxOp>(ValueRange{index, constant(0)}), constant(last)});
    Value indices = b.create<CastOp>(ValueRange{clamped},
                                     TypeAttr::get(builder.getI64Type()));
    return b.create<GatherOp>(ValueRange{data, indices}, axis);
  };
  Value result;
  if (options.mode == "nearest") {
    // The right neighbor, by nearest_mode, for ratios in (0, 1].
    const std::string &rounding = options.nearestMode;
    Value half = constant(rounding == "floor" ? 1 : 0.5);
    Value right = rounding == "ceil"
                      ? b.create<GreaterOp>(ValueRange{ratio, constant(0)})
                  : rounding == "round_prefer_floor"
                      ? b.create<GreaterOp>(ValueRange{ratio, half})
                      : b.create<GreaterOrEqualOp>(ValueRange{ratio, half});
    result = read(b.create<WhereOp>(ValueRange{
        right, b.create<AddOp>(ValueRange{left, constant(1)}), left}));
  } else {
    SmallVector<Value, 4> weights;
    if (options.mode == "linear")
      weights = {b.create<SubOp>(ValueRange{constant(1), ratio}), ratio};
    else
      weights = buildCubicWeights(b, ratio, options.cubicA);
    int64_t first = 1 - int64_t(weights.size() / 2);
    SmallVector<Value, 4> indices;
    for (auto [k, weight] : llvm::enumerate(weights))
      indices.push_back(b.create<AddOp>(
          ValueRange{left, constant(double(first + int64_t(k)))}));
    if (options.excludeOutside) {
      // Neighbors outside the input weigh 0; the others are renormalized.
      Value total;
      for (auto [index, weight] : llvm::zip(indices, weights)) {
        Value within = b.create<AndOp>(ValueRange{
            b.create<GreaterOrEqualOp>(ValueRange{index, constant(0)}),
            b.create<LessOrEqualOp>(ValueRange{index, constant(last)})});
        weight = b.create<WhereOp>(ValueRange{within, weight, constant(0)});
        total = total ? b.create<AddOp>(ValueRange{total, weight}) : weight;
      }
      Value zero = b.create<EqualOp>(ValueRange{total, constant(0)});
      total = b.create<WhereOp>(ValueRange{zero, constant(1), total});
      for (Value &weight : weights)
        weight = b.create<DivOp>(ValueRange{weight, total});
    }
    for (auto [index, weight] : llvm::zip(indices, weights)) {
      Value spreadWeight = b.create<ReshapeOp>(
          ValueRange{b.create<CastOp>(ValueRange{weight},
                                      TypeAttr::get(builder.getF32Type()))},
          spread);
      Value weighted = b.create<MulOp>(ValueRange{read(index), spreadWeight});
      result =
          result ? b.create<AddOp>(ValueRange{result, weighted}) : weighted;
    }
  }
  Type element = cast<RankedTensorType>(data.getType()).getElementType();
  Value extrapolation = b.scalar(options.extrapolation);
  if (!element.isF32())
    extrapolation =
        b.create<CastOp>(ValueRange{extrapolation}, TypeAttr::get(element));
  return b.create<WhereOp>(ValueRange{
      b.create<ReshapeOp>(ValueRange{inside}, spread), result, extrapolation});
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
  FailureOr<float> extrapolation = 0.0f;
  if (!legacy) {
    transform =
        c.getString(node, "coordinate_transformation_mode", "half_pixel");
    nearestMode = c.getString(node, "nearest_mode", "round_prefer_floor");
    cubicA = c.getFloat(node, "cubic_coeff_a", -0.75f);
    exclude = c.getInt(node, "exclude_outside", 0);
    extrapolation = c.getFloat(node, "extrapolation_value", 0.0f);
  }
  if (c.getOpset() >= 18 && !upsample) {
    antialias = c.getInt(node, "antialias", 0);
    policy = c.getString(node, "keep_aspect_ratio_policy", "stretch");
  }
  FailureOr<Value> input = c.getInputValue(node, 0);
  if (failed(mode) || failed(transform) || failed(nearestMode) ||
      failed(cubicA) || failed(exclude) || failed(antialias) ||
      failed(policy) || failed(extrapolation) || failed(input))
    return failure();
  auto type = cast<RankedTensorType>(input->getType());
  int64_t rank = type.getRank();
  FailureOr<SmallVector<int64_t, 4>> axes = SmallVector<int64_t, 4>();
  if (c.getOpset() >= 18 && !upsample)
    axes = c.getInts(node, "axes", SmallVector<int64_t, 4>());
  if (failed(axes))
    return failure();
  static const char *const transforms[] = {
      "half_pixel",          "half_pixel_symmetric", "pytorch_half_pixel",
      "align_corners",       "asymmetric",           "tf_crop_and_resize",
      "tf_half_pixel_for_nn"};
  static const char *const policies[] = {"stretch", "not_larger",
                                         "not_smaller"};
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
      !llvm::is_contained(policies, *policy)) {
    c.emitNodeError(node)
        << "has mode '" << *mode << "', coordinate_transformation_mode '"
        << *transform << "', nearest_mode '" << *nearestMode
        << "', keep_aspect_ratio_policy '" << *policy << "' and antialias "
        << *antialias
        << "; SIC supports modes nearest, linear and cubic, the "
           "coordinate_transformation_modes, nearest_modes and "
           "keep_aspect_ratio_policies ONNX defines, and antialias 0";
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
  // Each resized axis's output size and scale.
  SmallVector<int64_t, 4> outputSizes;
  SmallVector<double, 4> axisScales;
  for (auto [position, dim] : llvm::enumerate(dims)) {
    int64_t inputSize = type.getDimSize(dim);
    if (hasScales) {
      double scale = scales[position];
      double extent = std::floor(double(inputSize) * scale);
      if (!(scale > 0) ||
          !(extent <= double(c.getLimits().maxTensorElements))) {
        c.emitNodeError(node)
            << "scale " << formatNumber(scale) << " does not fit axis " << dim
            << " of size " << inputSize;
        return failure();
      }
      outputSizes.push_back(int64_t(extent));
      axisScales.push_back(scale);
      continue;
    }
    int64_t outputSize = sizes[position];
    if (outputSize < 0 ||
        uint64_t(outputSize) > c.getLimits().maxTensorElements) {
      c.emitNodeError(node)
          << "size " << outputSize << " does not fit axis " << dim;
      return failure();
    }
    outputSizes.push_back(outputSize);
    axisScales.push_back(
        inputSize == 0 ? 1.0 : double(outputSize) / double(inputSize));
  }
  // keep_aspect_ratio_policy (sizes only): one scale for every resized
  // axis, the smallest (not_larger) or largest (not_smaller) of size /
  // input size, and sizes rounded from it.
  if (hasSizes && *policy != "stretch") {
    // An empty axis has no ratio (size / 0): it takes no part, and stays
    // empty.
    std::optional<double> common;
    for (auto [position, dim] : llvm::enumerate(dims)) {
      double ratio = axisScales[position];
      if (type.getDimSize(dim) != 0 &&
          (!common ||
           (*policy == "not_larger" ? ratio < *common : ratio > *common)))
        common = ratio;
    }
    for (auto [position, dim] : llvm::enumerate(dims)) {
      if (!common || type.getDimSize(dim) == 0) {
        outputSizes[position] = 0; // any scale of nothing
        continue;
      }
      double extent = std::floor(*common * double(type.getDimSize(dim)) + 0.5);
      if (!(extent <= double(c.getLimits().maxTensorElements))) {
        c.emitNodeError(node)
            << "keep_aspect_ratio_policy " << *policy << " scales axis " << dim
            << " of size " << type.getDimSize(dim) << " by "
            << formatNumber(*common) << " to " << formatNumber(extent)
            << " elements, more than --max-tensor-elements admits";
        return failure();
      }
      outputSizes[position] = int64_t(extent);
      axisScales[position] = *common;
    }
  }
  // tf_crop_and_resize: the region of interest, 2 values per resized axis
  // (starts, then ends), by default the whole axis.
  bool cropping = *transform == "tf_crop_and_resize";
  Value roi;
  if (cropping && !c.getInput(node, 1).empty()) {
    FailureOr<Value> given = c.getInputValue(node, 1);
    if (failed(given))
      return failure();
    auto roiType = cast<RankedTensorType>(given->getType());
    if (roiType.getNumElements() != 0) {
      if (roiType.getRank() != 1 || !isa<FloatType>(roiType.getElementType()) ||
          roiType.getNumElements() != int64_t(2 * dims.size())) {
        c.emitNodeError(node)
            << "needs a float roi of " << 2 * dims.size() << " values (start "
            << "and end of " << dims.size() << " axes), got " << roiType;
        return failure();
      }
      roi = *given;
    }
  }
  NodeBuilder b(c, node);
  FloatType f64 = c.getBuilder().getF64Type();
  if (roi && !cast<RankedTensorType>(roi.getType()).getElementType().isF64())
    roi = b.create<CastOp>(ValueRange{roi}, TypeAttr::get(f64));
  // The start and end of the `position`th resized axis.
  auto getBound = [&](size_t position, bool end) {
    if (!roi)
      return c.createScalar(node, end ? 1.0 : 0.0, f64);
    int64_t index = int64_t(position + (end ? dims.size() : 0));
    return b.create<GatherOp>(
        ValueRange{roi, createIndexConstant(c, node, {}, {index})}, int64_t(0));
  };
  Value result = *input;
  ResizeOptions options{*mode,   *transform,    *nearestMode,
                        *cubicA, *exclude != 0, *extrapolation};
  for (auto [position, dim] : llvm::enumerate(dims)) {
    int64_t inputSize = type.getDimSize(dim);
    int64_t outputSize = outputSizes[position];
    double scale = axisScales[position];
    if ((outputSize == inputSize && scale == 1.0 && !cropping) ||
        (inputSize == 0 && outputSize == 0))
      continue;
    if (inputSize == 0) {
      c.emitNodeError(node) << "cannot resize the empty axis " << dim;
      return failure();
    }
    result = cropping
                 ? resizeCroppedAxis(
                       b, c, result, dim, inputSize, outputSize, scale, options,
                       {getBound(position, false), getBound(position, true)})
                 : resizeAxis(b, c, result, dim, inputSize, outputSize, scale,
                              options);
  }
  return b.bind(result);
}
