//===- OnnxMaxPoolIndices.cpp - MaxPool's Indices output
//-------------------===//
//
// The Indices output of MaxPool: where each maximum is, as an index into
// the input flattened whole (row-major, or with storage_order 1 the
// spatial axes column-major). The input, padded with NaN (which arg_max
// passes over, so padding never wins), is cut into one strided slice per
// kernel offset; arg_max across them picks the first largest offset, a
// gather maps it to its distance from the window's corner, and constants
// add the corner's position and the plane's (batch and channel) offset.
//
//===----------------------------------------------------------------------===//

#include "OnnxConverters.h"

#include <limits>

using namespace mlir;
using namespace mlir::sic;

Value mlir::sic::buildMaxPoolIndices(NodeBuilder &b, OnnxConversion &c,
                                     const onnx::NodeProto &node, Value x,
                                     const SlidingWindow &window,
                                     RankedTensorType pooled,
                                     bool columnMajor) {
  auto type = cast<RankedTensorType>(x.getType());
  int64_t n = type.getDimSize(0), channels = type.getDimSize(1);
  int64_t height = type.getDimSize(2), width = type.getDimSize(3);
  int64_t outHeight = pooled.getDimSize(2), outWidth = pooled.getDimSize(3);
  ArrayRef<int64_t> kernel = window.kernel, strides = window.strides,
                    pads = window.pads, dilations = window.dilations;
  // The flat offset of spatial position (h, w) within a plane.
  auto position = [&](int64_t h, int64_t w) {
    return columnMajor ? h + w * height : h * width + w;
  };
  // Pads past the input's end that ceil_mode windows reach.
  int64_t bottom = std::max<int64_t>(0, (outHeight - 1) * strides[0] +
                                            (kernel[0] - 1) * dilations[0] + 1 -
                                            height - pads[0]);
  int64_t right = std::max<int64_t>(0, (outWidth - 1) * strides[1] +
                                           (kernel[1] - 1) * dilations[1] + 1 -
                                           width - pads[1]);
  Value padded = x;
  if (pads[0] || pads[1] || bottom || right)
    padded = b.create<PadOp>(
        ValueRange{x},
        ArrayRef<int64_t>{0, 0, pads[0], pads[1], 0, 0, bottom, right},
        PadMode::constant, APFloat(std::numeric_limits<float>::quiet_NaN()));
  SmallVector<Value> slices;
  SmallVector<int64_t> offsets;
  for (int64_t i = 0; i < kernel[0]; ++i)
    for (int64_t j = 0; j < kernel[1]; ++j) {
      int64_t top = i * dilations[0], left = j * dilations[1];
      Value slice = b.create<SliceOp>(
          ValueRange{padded}, ArrayRef<int64_t>{top, left},
          ArrayRef<int64_t>{top + (outHeight - 1) * strides[0] + 1,
                            left + (outWidth - 1) * strides[1] + 1},
          ArrayRef<int64_t>{2, 3}, ArrayRef<int64_t>{strides[0], strides[1]});
      slices.push_back(
          b.create<UnsqueezeOp>(ValueRange{slice}, ArrayRef<int64_t>{4}));
      offsets.push_back(position(top, left));
    }
  Value stacked = slices.size() == 1
                      ? slices.front()
                      : b.create<ConcatOp>(ValueRange(slices), int64_t(4));
  Value chosen = b.create<ArgMaxOp>(ValueRange{stacked}, int64_t(4),
                                    /*keepdims=*/false,
                                    /*select_last_index=*/false);
  Value offset = b.create<GatherOp>(
      ValueRange{
          createIndexConstant(c, node, {int64_t(offsets.size())}, offsets),
          chosen},
      int64_t(0));
  SmallVector<int64_t> corners, planes;
  for (int64_t h = 0; h < outHeight; ++h)
    for (int64_t w = 0; w < outWidth; ++w)
      corners.push_back(
          position(h * strides[0] - pads[0], w * strides[1] - pads[1]));
  for (int64_t plane = 0; plane < n * channels; ++plane)
    planes.push_back(plane * height * width);
  Value corner =
      createIndexConstant(c, node, {1, 1, outHeight, outWidth}, corners);
  Value planeStart = createIndexConstant(c, node, {n, channels, 1, 1}, planes);
  return b.create<AddOp>(
      ValueRange{b.create<AddOp>(ValueRange{offset, corner}), planeStart});
}
