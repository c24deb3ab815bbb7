//===- OnnxRoiAlign.cpp - ONNX RoiAlign as gathers of sample points -------===//
//
// RoiAlign pools each region of interest into output_height x
// output_width bins, each the average (or maximum) of sampling_ratio^2
// bilinear samples. The sample coordinates are computed from the rois (a
// run-time input) with elementwise ops: along each axis, position
// start + bin * (p + (i + 0.5) / ratio), as onnxruntime computes it. A
// sample outside [-1, size] reads 0; otherwise it is clamped to the image
// and read from its four neighbors (one gather of the channels each from
// the image as [N * H * W, C], at batch_indices' image), weighted by the
// bilinear weights. The maximum mode takes, as onnxruntime does, the
// largest of each sample's four weighted neighbors, then of the samples.
// sampling_ratio 0 (as many samples as a bin is pixels high, which depends
// on the rois' values) is refused.
//
//===----------------------------------------------------------------------===//

#include "OnnxConverters.h"

using namespace mlir;
using namespace mlir::sic;

namespace {

/// The sample coordinates along one axis and their two neighbors with
/// their weights, each R x S (or R x 1 x S): the pixel indices as f32.
struct AxisSamples {
  Value low, high, lowWeight, highWeight;
};

/// The samples of `bins` bins of `ratio` samples each along an axis of
/// `size` pixels, for regions starting at `start` with bins `bin` wide
/// (both R x 1).
AxisSamples buildAxis(NodeBuilder &b, OnnxConversion &c,
                      const onnx::NodeProto &node, Value start, Value bin,
                      int64_t bins, int64_t ratio, int64_t size) {
  // p + (i + 0.5) / ratio for each bin p and sample i, as 1 x S.
  SmallVector<float> fractions;
  for (int64_t p = 0; p < bins; ++p)
    for (int64_t i = 0; i < ratio; ++i)
      fractions.push_back(float(p) + (float(i) + 0.5f) / float(ratio));
  Value steps = c.createConstant(
      c.getConstantName(node),
      RankedTensorType::get({1, bins * ratio}, c.getBuilder().getF32Type()),
      ArrayRef<char>(reinterpret_cast<const char *>(fractions.data()),
                     fractions.size() * sizeof(float)));
  Value position = b.create<AddOp>(
      ValueRange{start, b.create<MulOp>(ValueRange{bin, steps})});
  float last = float(size - 1);
  Value inside = b.create<AndOp>(ValueRange{
      b.create<GreaterOrEqualOp>(ValueRange{position, b.scalar(-1.0f)}),
      b.create<LessOrEqualOp>(ValueRange{position, b.scalar(float(size))})});
  Value clamped = b.create<MaxOp>(ValueRange{position, b.scalar(0.0f)});
  Value low = b.create<FloorOp>(ValueRange{clamped});
  // At or past the last pixel, both neighbors are the last pixel.
  Value edge = b.create<GreaterOrEqualOp>(ValueRange{low, b.scalar(last)});
  low = b.create<WhereOp>(ValueRange{edge, b.scalar(last), low});
  Value high = b.create<WhereOp>(ValueRange{
      edge, b.scalar(last), b.create<AddOp>(ValueRange{low, b.scalar(1.0f)})});
  clamped = b.create<WhereOp>(ValueRange{edge, b.scalar(last), clamped});
  Value highWeight = b.create<SubOp>(ValueRange{clamped, low});
  Value lowWeight = b.create<SubOp>(ValueRange{b.scalar(1.0f), highWeight});
  Value zero = b.scalar(0.0f);
  return {low, high, b.create<WhereOp>(ValueRange{inside, lowWeight, zero}),
          b.create<WhereOp>(ValueRange{inside, highWeight, zero})};
}

} // namespace

LogicalResult mlir::sic::convertRoiAlign(OnnxConversion &c,
                                         const onnx::NodeProto &node) {
  if (failed(expectInputs(c, node, 3, 3)))
    return failure();
  FailureOr<std::string> mode = c.getString(node, "mode", "avg");
  FailureOr<int64_t> height = c.getInt(node, "output_height", 1);
  FailureOr<int64_t> width = c.getInt(node, "output_width", 1);
  FailureOr<int64_t> ratio = c.getInt(node, "sampling_ratio", 0);
  FailureOr<float> scale = c.getFloat(node, "spatial_scale", 1.0f);
  FailureOr<std::string> transform =
      c.getString(node, "coordinate_transformation_mode",
                  c.getOpset() < 16 ? "output_half_pixel" : "half_pixel");
  FailureOr<SmallVector<Value>> inputs = c.getPresentInputValues(node, 3);
  if (failed(mode) || failed(height) || failed(width) || failed(ratio) ||
      failed(scale) || failed(transform) || failed(inputs))
    return failure();
  if ((*mode != "avg" && *mode != "max") ||
      (*transform != "half_pixel" && *transform != "output_half_pixel")) {
    c.emitNodeError(node) << "mode '" << *mode
                          << "' and coordinate_transformation_mode '"
                          << *transform
                          << "' must be avg or max and half_pixel or "
                             "output_half_pixel";
    return failure();
  }
  if (*height < 1 || *width < 1 || *ratio < 1 || *height > (1 << 16) ||
      *width > (1 << 16) || *ratio > 256) {
    c.emitNodeError(node)
        << "has output_height " << *height << ", output_width " << *width
        << " and sampling_ratio " << *ratio
        << "; SIC needs each >= 1 (sampling_ratio 0 takes as many samples "
           "as each region's bins are pixels high, which depends on the "
           "values of rois)";
    return failure();
  }
  Value x = (*inputs)[0], rois = (*inputs)[1], batches = (*inputs)[2];
  auto type = cast<RankedTensorType>(x.getType());
  auto roisType = cast<RankedTensorType>(rois.getType());
  auto batchesType = cast<RankedTensorType>(batches.getType());
  if (type.getRank() != 4 || !type.getElementType().isF32() ||
      roisType != RankedTensorType::get({roisType.getDimSize(0), 4},
                                        type.getElementType()) ||
      batchesType.getRank() != 1 ||
      batchesType.getDimSize(0) != roisType.getDimSize(0) ||
      !batchesType.getElementType().isInteger(64) ||
      type.getNumElements() == 0) {
    c.emitNodeError(node) << "expects a non-empty f32 X [N, C, H, W], f32 "
                             "rois [R, 4] and i64 batch_indices [R], got "
                          << type << ", " << roisType << " and " << batchesType;
    return failure();
  }
  ArrayRef<int64_t> shape = type.getShape();
  int64_t regions = roisType.getDimSize(0), channels = shape[1];
  NodeBuilder b(c, node);
  // Each region's corners in pixels (R x 1 each) and its bins' sizes.
  bool halfPixel = *transform == "half_pixel";
  auto corner = [&](int64_t k) {
    Value column = b.create<SliceOp>(
        ValueRange{rois}, ArrayRef<int64_t>{k}, ArrayRef<int64_t>{k + 1},
        ArrayRef<int64_t>{1}, ArrayRef<int64_t>{1});
    Value scaled = b.create<MulOp>(ValueRange{column, b.scalar(*scale)});
    return halfPixel ? b.create<SubOp>(ValueRange{scaled, b.scalar(0.5f)})
                     : scaled;
  };
  auto binSize = [&](Value start, Value end, int64_t bins) {
    Value extent = b.create<SubOp>(ValueRange{end, start});
    if (!halfPixel)
      extent = b.create<MaxOp>(ValueRange{extent, b.scalar(1.0f)});
    return b.create<DivOp>(ValueRange{extent, b.scalar(float(bins))});
  };
  Value left = corner(0), top = corner(1), right = corner(2),
        bottom = corner(3);
  AxisSamples columns = buildAxis(
      b, c, node, left, binSize(left, right, *width), *width, *ratio, shape[3]);
  AxisSamples rows = buildAxis(b, c, node, top, binSize(top, bottom, *height),
                               *height, *ratio, shape[2]);
  // Rows as R x Sy x 1, columns as R x 1 x Sx.
  int64_t sampleRows = *height * *ratio, sampleColumns = *width * *ratio;
  auto asRows = [&](Value v) {
    return b.create<ReshapeOp>(ValueRange{v},
                               ArrayRef<int64_t>{regions, sampleRows, 1});
  };
  auto asColumns = [&](Value v) {
    return b.create<ReshapeOp>(ValueRange{v},
                               ArrayRef<int64_t>{regions, 1, sampleColumns});
  };
  Type i64 = c.getBuilder().getI64Type();
  auto index = [&](Value v) {
    return b.create<CastOp>(ValueRange{v}, TypeAttr::get(i64));
  };
  // The image as [N * H * W, C]; a pixel's row there is
  // (batch * H + row) * W + column.
  Value pixels = b.create<ReshapeOp>(
      ValueRange{
          b.create<TransposeOp>(ValueRange{x}, ArrayRef<int64_t>{0, 2, 3, 1})},
      ArrayRef<int64_t>{shape[0] * shape[2] * shape[3], channels});
  Value imageRow = b.create<MulOp>(
      ValueRange{b.create<ReshapeOp>(ValueRange{batches},
                                     ArrayRef<int64_t>{regions, 1, 1}),
                 createIndexConstant(c, node, {}, {shape[2]})});
  Value widthIndex = createIndexConstant(c, node, {}, {shape[3]});
  // Each neighbor's weighted value, R x Sy x Sx x C.
  SmallVector<Value, 4> terms;
  for (auto [row, rowWeight] : {std::pair(rows.low, rows.lowWeight),
                                std::pair(rows.high, rows.highWeight)})
    for (auto [column, columnWeight] :
         {std::pair(columns.low, columns.lowWeight),
          std::pair(columns.high, columns.highWeight)}) {
      Value flat = b.create<AddOp>(ValueRange{
          b.create<MulOp>(ValueRange{
              b.create<AddOp>(ValueRange{imageRow, index(asRows(row))}),
              widthIndex}),
          index(asColumns(column))});
      Value value = b.create<GatherOp>(ValueRange{pixels, flat}, int64_t(0));
      Value weight = b.create<MulOp>(
          ValueRange{asRows(rowWeight), asColumns(columnWeight)});
      terms.push_back(b.create<MulOp>(ValueRange{
          value, b.create<ReshapeOp>(ValueRange{weight},
                                     ArrayRef<int64_t>{regions, sampleRows,
                                                       sampleColumns, 1})}));
    }
  bool average = *mode == "avg";
  Value samples = terms[0];
  for (Value term : ArrayRef(terms).drop_front())
    samples = average ? b.create<AddOp>(ValueRange{samples, term})
                      : b.create<MaxOp>(ValueRange{samples, term});
  // Bins: R x H x ratio x W x ratio x C, pooled over the two ratio axes.
  Value binned = b.create<ReshapeOp>(
      ValueRange{samples},
      ArrayRef<int64_t>{regions, *height, *ratio, *width, *ratio, channels});
  Value pooled =
      average ? b.create<DivOp>(ValueRange{
                    b.create<ReduceSumOp>(ValueRange{binned},
                                          ArrayRef<int64_t>{2, 4}, false),
                    b.scalar(float(*ratio * *ratio))})
              : b.create<ReduceMaxOp>(ValueRange{binned},
                                      ArrayRef<int64_t>{2, 4}, false);
  return b.bind(
      b.create<TransposeOp>(ValueRange{pooled}, ArrayRef<int64_t>{0, 3, 1, 2}));
}
