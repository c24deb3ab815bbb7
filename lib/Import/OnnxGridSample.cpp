//===- OnnxGridSample.cpp - ONNX GridSample as gathers and weights --------===//
//
// GridSample (opset 16, 2-D: input N x C x H x W, grid N x Ho x Wo x 2) as
// elementwise ops on the grid, gathers (the indices shared by the channels)
// and weighted sums, all at run time since the grid is data. As
// ONNX's reference computes it: each grid coordinate (x along W, y along H, in
// [-1, 1]) is denormalized (align_corners maps -1 and 1 to the centers of the
// edge pixels, else to their outer edges), then clamped (border) or reflected
// (reflection) into the image; nearest reads the pixel at the coordinate
// rounded half to even, bilinear the 2 x 2 and bicubic (a = -0.75) the 4 x 4
// pixels around it, weighted. A pixel outside the image reads 0 (zeros), the
// edge (border) or its mirror image (reflection). Every index read is clamped
// into the image first, so no read leaves the input.
//
//===----------------------------------------------------------------------===//

#include "OnnxConverters.h"

using namespace mlir;
using namespace mlir::sic;

namespace {

/// The options of a GridSample node.
struct GridOptions {
  std::string mode, padding;
  bool alignCorners;
};

/// A neighbor along one axis: its pixel index (f32, integral) and weight.
struct Neighbor {
  Value index, weight;
};

/// x reflected into [low, high] as ONNX's reference does: whole spans of
/// the range flip it back and forth.
Value reflect(NodeBuilder &b, Value x, double low, double high) {
  double span = high - low;
  if (span <= 0)
    return b.create<MulOp>(ValueRange{x, b.scalar(0.0f)});
  Value distance = b.create<AbsOp>(
      ValueRange{b.create<SubOp>(ValueRange{x, b.scalar(float(low))})});
  Value spans = b.create<FloorOp>(
      ValueRange{b.create<DivOp>(ValueRange{distance, b.scalar(float(span))})});
  Value rest = b.create<SubOp>(ValueRange{
      distance, b.create<MulOp>(ValueRange{spans, b.scalar(float(span))})});
  // spans - 2 * floor(spans / 2) is 0 for an even count.
  Value half = b.create<FloorOp>(
      ValueRange{b.create<MulOp>(ValueRange{spans, b.scalar(0.5f)})});
  Value odd = b.create<GreaterOp>(
      ValueRange{b.create<SubOp>(ValueRange{
                     spans, b.create<MulOp>(ValueRange{half, b.scalar(2.0f)})}),
                 b.scalar(0.5f)});
  return b.create<WhereOp>(
      ValueRange{odd, b.create<SubOp>(ValueRange{b.scalar(float(high)), rest}),
                 b.create<AddOp>(ValueRange{b.scalar(float(low)), rest})});
}

/// The range reflection maps into: pixel centers with align_corners, else
/// the image's outer edges.
std::pair<double, double> getReflectionRange(const GridOptions &options,
                                             int64_t size) {
  return options.alignCorners
             ? std::pair<double, double>(0, double(size - 1))
             : std::pair<double, double>(-0.5, double(size) - 0.5);
}

/// Clamps x into [0, size - 1].
Value clampIndex(NodeBuilder &b, Value x, int64_t size) {
  return b.create<MinOp>(
      ValueRange{b.create<MaxOp>(ValueRange{x, b.scalar(0.0f)}),
                 b.scalar(float(size - 1))});
}

/// The coordinate of grid component `grid` (N x 1 x P) along an axis of
/// `size` pixels: denormalized, then clamped or reflected.
Value buildPosition(NodeBuilder &b, const GridOptions &options, Value grid,
                    int64_t size) {
  Value shifted = b.create<AddOp>(ValueRange{grid, b.scalar(1.0f)});
  Value x =
      options.alignCorners
          ? b.create<MulOp>(
                ValueRange{shifted, b.scalar(0.5f * float(size - 1))})
          : b.create<MulOp>(ValueRange{
                b.create<SubOp>(ValueRange{
                    b.create<MulOp>(ValueRange{shifted, b.scalar(float(size))}),
                    b.scalar(1.0f)}),
                b.scalar(0.5f)});
  if (options.padding == "border")
    return clampIndex(b, x, size);
  if (options.padding == "reflection") {
    auto [low, high] = getReflectionRange(options, size);
    return reflect(b, x, low, high);
  }
  return x;
}

/// The neighbors `position` reads along its axis, with their weights.
SmallVector<Neighbor, 4>
buildNeighbors(NodeBuilder &b, const GridOptions &options, Value position) {
  if (options.mode == "nearest")
    return {{b.create<RoundOp>(ValueRange{position}), nullptr}};
  Value first = b.create<FloorOp>(ValueRange{position});
  Value t = b.create<SubOp>(ValueRange{position, first});
  if (options.mode == "bilinear")
    return {{first, b.create<SubOp>(ValueRange{b.scalar(1.0f), t})},
            {b.create<AddOp>(ValueRange{first, b.scalar(1.0f)}), t}};
  // Bicubic: the pixels at floor - 1 ... floor + 2.
  SmallVector<Value, 4> weights = buildCubicWeights(b, t, -0.75);
  SmallVector<Neighbor, 4> neighbors;
  for (int k = 0; k < 4; ++k)
    neighbors.push_back(
        {b.create<AddOp>(ValueRange{first, b.scalar(float(k - 1))}),
         weights[k]});
  return neighbors;
}

} // namespace

SmallVector<Value, 4> mlir::sic::buildCubicWeights(NodeBuilder &b, Value t,
                                                   double a) {
  auto constant = [&](double value) { return b.scalar(value, t); };
  auto near = [&](Value d) { // ((a + 2) d - (a + 3)) d^2 + 1, for d <= 1
    Value d2 = b.create<MulOp>(ValueRange{d, d});
    return b.create<AddOp>(
        ValueRange{b.create<MulOp>(ValueRange{
                       b.create<SubOp>(ValueRange{
                           b.create<MulOp>(ValueRange{d, constant(a + 2)}),
                           constant(a + 3)}),
                       d2}),
                   constant(1)});
  };
  auto far = [&](Value d) { // ((a d - 5a) d + 8a) d - 4a, for 1 < d < 2
    Value inner = b.create<SubOp>(ValueRange{
        b.create<MulOp>(ValueRange{d, constant(a)}), constant(5 * a)});
    Value middle = b.create<AddOp>(
        ValueRange{b.create<MulOp>(ValueRange{inner, d}), constant(8 * a)});
    return b.create<SubOp>(
        ValueRange{b.create<MulOp>(ValueRange{middle, d}), constant(4 * a)});
  };
  Value u = b.create<SubOp>(ValueRange{constant(1), t});
  return {far(b.create<AddOp>(ValueRange{t, constant(1)})), near(t), near(u),
          far(b.create<AddOp>(ValueRange{u, constant(1)}))};
}

LogicalResult mlir::sic::convertGridSample(OnnxConversion &c,
                                           const onnx::NodeProto &node) {
  if (failed(expectInputs(c, node, 2, 2)))
    return failure();
  FailureOr<std::string> mode = c.getString(node, "mode", "bilinear");
  FailureOr<std::string> padding = c.getString(node, "padding_mode", "zeros");
  FailureOr<int64_t> alignCorners = c.getInt(node, "align_corners", 0);
  FailureOr<SmallVector<Value>> inputs = c.getPresentInputValues(node, 2);
  if (failed(mode) || failed(padding) || failed(alignCorners) || failed(inputs))
    return failure();
  if ((*mode != "bilinear" && *mode != "nearest" && *mode != "bicubic") ||
      (*padding != "zeros" && *padding != "border" &&
       *padding != "reflection")) {
    c.emitNodeError(node) << "mode '" << *mode << "' and padding_mode '"
                          << *padding
                          << "' must be one of bilinear, nearest, bicubic and "
                             "one of zeros, border, reflection";
    return failure();
  }
  Value input = (*inputs)[0], grid = (*inputs)[1];
  auto type = cast<RankedTensorType>(input.getType());
  auto gridType = cast<RankedTensorType>(grid.getType());
  if (type.getRank() != 4 || gridType.getRank() != 4 ||
      gridType.getDimSize(0) != type.getDimSize(0) ||
      gridType.getDimSize(3) != 2 || !type.getElementType().isF32() ||
      !gridType.getElementType().isF32()) {
    c.emitNodeError(node) << "expects an f32 input N x C x H x W and an f32 "
                             "grid N x Ho x Wo x 2, got "
                          << type << " and " << gridType;
    return failure();
  }
  int64_t n = type.getDimSize(0), channels = type.getDimSize(1);
  int64_t height = type.getDimSize(2), width = type.getDimSize(3);
  int64_t points = gridType.getDimSize(1) * gridType.getDimSize(2);
  if (height == 0 || width == 0) {
    c.emitNodeError(node) << "cannot sample the empty image " << type;
    return failure();
  }
  GridOptions options{*mode, *padding, *alignCorners != 0};
  NodeBuilder b(c, node);
  SmallVector<int64_t, 4> outputShape = {n, channels, gridType.getDimSize(1),
                                         gridType.getDimSize(2)};
  if (n == 0)
    return b.bind(b.create<ReshapeOp>(ValueRange{input}, outputShape));
  // The grid's x and y components, each N x 1 x P.
  auto component = [&](int64_t k) {
    Value slice = b.create<SliceOp>(ValueRange{grid}, ArrayRef<int64_t>{k},
                                    ArrayRef<int64_t>{k + 1},
                                    ArrayRef<int64_t>{3}, ArrayRef<int64_t>{1});
    return b.create<ReshapeOp>(ValueRange{slice},
                               ArrayRef<int64_t>{n, 1, points});
  };
  Value x = buildPosition(b, options, component(0), width);
  Value y = buildPosition(b, options, component(1), height);
  Value image = b.create<ReshapeOp>(
      ValueRange{input}, ArrayRef<int64_t>{n, channels, height * width});
  Type i64 = c.getBuilder().getI64Type();
  // The pixels `flat` (N x 1 x P indices into the flattened image) selects,
  // every channel at the same indices: one gather from the image, or with
  // several batches from the channels' planes of every batch side by side
  // (C x N*HW), each batch's indices offset to its own plane.
  Value planes, offsets;
  if (n != 1) {
    planes =
        b.create<ReshapeOp>(ValueRange{b.create<TransposeOp>(
                                ValueRange{image}, ArrayRef<int64_t>{1, 0, 2})},
                            ArrayRef<int64_t>{channels, n * height * width});
    SmallVector<int64_t> starts;
    for (int64_t k = 0; k < n; ++k)
      starts.push_back(k * height * width);
    offsets = createIndexConstant(c, node, {n, 1, 1}, starts);
  }
  auto gather = [&](Value flat) {
    if (n == 1)
      return b.create<GatherOp>(
          ValueRange{image, b.create<ReshapeOp>(ValueRange{flat},
                                                ArrayRef<int64_t>{points})},
          int64_t(2));
    Value indices = b.create<ReshapeOp>(
        ValueRange{b.create<AddOp>(ValueRange{flat, offsets})},
        ArrayRef<int64_t>{n * points});
    Value gathered =
        b.create<GatherOp>(ValueRange{planes, indices}, int64_t(1));
    return b.create<TransposeOp>(
        ValueRange{b.create<ReshapeOp>(ValueRange{gathered},
                                       ArrayRef<int64_t>{channels, n, points})},
        ArrayRef<int64_t>{1, 0, 2});
  };
  Value widthIndex = createIndexConstant(c, node, {}, {width});
  // The pixel at (row, column), indices as f32 values: reflected back into
  // the image (reflection), then clamped; 0 outside it for zeros.
  auto pixel = [&](Value row, Value column) {
    Value inside;
    if (options.padding == "zeros") {
      auto within = [&](Value v, int64_t size) {
        return b.create<AndOp>(ValueRange{
            b.create<GreaterOrEqualOp>(ValueRange{v, b.scalar(0.0f)}),
            b.create<LessOrEqualOp>(ValueRange{v, b.scalar(float(size - 1))})});
      };
      inside = b.create<AndOp>(
          ValueRange{within(row, height), within(column, width)});
    } else if (options.padding == "reflection") {
      auto [rowLow, rowHigh] = getReflectionRange(options, height);
      auto [columnLow, columnHigh] = getReflectionRange(options, width);
      row = reflect(b, row, rowLow, rowHigh);
      column = reflect(b, column, columnLow, columnHigh);
    }
    Value rowIndex = b.create<CastOp>(ValueRange{clampIndex(b, row, height)},
                                      TypeAttr::get(i64));
    Value columnIndex = b.create<CastOp>(
        ValueRange{clampIndex(b, column, width)}, TypeAttr::get(i64));
    Value flat = b.create<AddOp>(ValueRange{
        b.create<MulOp>(ValueRange{rowIndex, widthIndex}), columnIndex});
    Value value = gather(flat);
    return inside ? b.create<WhereOp>(ValueRange{inside, value, b.scalar(0.0f)})
                  : value;
  };
  Value result;
  for (const Neighbor &row : buildNeighbors(b, options, y))
    for (const Neighbor &column : buildNeighbors(b, options, x)) {
      Value value = pixel(row.index, column.index);
      if (row.weight)
        value = b.create<MulOp>(ValueRange{
            value, b.create<MulOp>(ValueRange{row.weight, column.weight})});
      result = result ? b.create<AddOp>(ValueRange{result, value}) : value;
    }
  return b.bind(b.create<ReshapeOp>(ValueRange{result}, outputShape));
}
