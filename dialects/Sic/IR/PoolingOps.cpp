//===- PoolingOps.cpp - Rules of pooling nodes ----------------------------===//

#include "NodeRules.h"

#include "sic/Support/ShapeRules.h"

using namespace mlir;
using namespace mlir::sic;
using namespace mlir::sic::rules;

/// Both 2-D pools: NCHW f32 input, [h, w] window attributes, and no window
/// wholly in the padding (which would have no maximum and average over
/// nothing): a non-empty input, pads smaller than the window, and no pads
/// with a dilated window (whose taps could skip over the input).
static LogicalResult inferPool2D(NodeOpInterface node, ArrayRef<int64_t> kernel,
                                 ArrayRef<int64_t> strides,
                                 ArrayRef<int64_t> pads,
                                 ArrayRef<int64_t> dilations, bool ceilMode,
                                 SmallVectorImpl<Type> &types) {
  if (failed(checkF32(node, 0)) || failed(checkRank(node, 0, 4)) ||
      failed(checkAttrSize(node, "kernel_shape", kernel, 2)) ||
      failed(checkAttrSize(node, "strides", strides, 2)) ||
      failed(checkAttrSize(node, "pads", pads, 4)) ||
      failed(checkAttrSize(node, "dilations", dilations, 2)) ||
      failed(checkAttrMin(node, "kernel_shape", kernel, 1)) ||
      failed(checkAttrMin(node, "strides", strides, 1)) ||
      failed(checkAttrMin(node, "pads", pads, 0)) ||
      failed(checkAttrMin(node, "dilations", dilations, 1)))
    return failure();
  RankedTensorType input = getInputType(node, 0);
  Shape shape{input.getDimSize(0), input.getDimSize(1)};
  for (unsigned i = 0; i < 2; ++i) {
    if (input.getDimSize(2 + i) == 0)
      return emitInputError(node, 0)
             << "expects a non-empty spatial dimension " << i;
    if (dilations[i] > 1 && (pads[i] != 0 || pads[2 + i] != 0))
      return node->emitOpError("expects no pads with dilation ")
             << dilations[i] << " along spatial dimension " << i;
    if (pads[i] >= kernel[i] || pads[2 + i] >= kernel[i])
      return node->emitOpError("expects pads smaller than the window (")
             << kernel[i] << ") along spatial dimension " << i << ", got "
             << pads[i] << " and " << pads[2 + i];
    WindowDim dim{input.getDimSize(2 + i),
                  kernel[i],
                  strides[i],
                  dilations[i],
                  pads[i],
                  pads[2 + i]};
    std::optional<int64_t> size = getWindowOutputSize(dim, ceilMode);
    if (!size)
      return node->emitOpError("has an empty output: the window (")
             << kernel[i] << " at dilation " << dilations[i]
             << ") does not fit in the padded input ("
             << input.getDimSize(2 + i) << " + " << pads[i] << " + "
             << pads[2 + i] << ") along spatial dimension " << i;
    shape.push_back(*size);
  }
  return addOutput(types, shape, input.getElementType());
}

LogicalResult MaxPool2DOp::inferOutputTypes(SmallVectorImpl<Type> &types) {
  return inferPool2D(*this, getKernelShape(), getStrides(), getPads(),
                     getDilations(), getCeilMode(), types);
}

LogicalResult AvgPool2DOp::inferOutputTypes(SmallVectorImpl<Type> &types) {
  return inferPool2D(*this, getKernelShape(), getStrides(), getPads(),
                     getDilations(), getCeilMode(), types);
}

LogicalResult GlobalAvgPoolOp::inferOutputTypes(SmallVectorImpl<Type> &types) {
  if (failed(checkF32(*this, 0)) || failed(checkMinRank(*this, 0, 3)))
    return failure();
  RankedTensorType input = getInputType(*this, 0);
  Shape shape(input.getShape());
  std::fill(shape.begin() + 2, shape.end(), 1);
  return addOutput(types, shape, input.getElementType());
}
