//===- ContractionOps.cpp - Rules of matmul, gemm and conv2d nodes --------===//

#include "NodeRules.h"

#include "sic/Support/ShapeRules.h"

using namespace mlir;
using namespace mlir::sic;
using namespace mlir::sic::rules;

LogicalResult MatmulOp::inferOutputTypes(SmallVectorImpl<Type> &types) {
  if (failed(checkAllFloat(*this)) || failed(checkMinRank(*this, 0, 1)) ||
      failed(checkMinRank(*this, 1, 1)))
    return failure();
  RankedTensorType lhs = getInputType(*this, 0), rhs = getInputType(*this, 1);
  int64_t lhsK = lhs.getShape().back();
  int64_t rhsK = rhs.getRank() == 1 ? rhs.getDimSize(0)
                                    : rhs.getDimSize(rhs.getRank() - 2);
  if (lhsK != rhsK)
    return emitOpError("expects the contracted dimensions to agree, got ")
           << lhsK << " (lhs) and " << rhsK << " (rhs)";
  std::optional<Shape> shape = getMatmulShape(lhs.getShape(), rhs.getShape());
  if (!shape)
    return emitOpError("cannot broadcast the batch dimensions of ")
           << lhs << " and " << rhs;
  return addOutput(types, *shape, lhs.getElementType());
}

LogicalResult GemmOp::inferOutputTypes(SmallVectorImpl<Type> &types) {
  if (failed(checkAllFloat(*this)) || failed(checkRank(*this, 0, 2)) ||
      failed(checkRank(*this, 1, 2)))
    return failure();
  ArrayRef<int64_t> a = getInputType(*this, 0).getShape();
  ArrayRef<int64_t> b = getInputType(*this, 1).getShape();
  int64_t m = getTransA() ? a[1] : a[0], k = getTransA() ? a[0] : a[1];
  int64_t bk = getTransB() ? b[1] : b[0], n = getTransB() ? b[0] : b[1];
  if (k != bk)
    return emitOpError("expects the contracted dimensions to agree, got ")
           << k << " (a) and " << bk << " (b)";
  Shape shape{m, n};
  if (Value c = getC()) {
    RankedTensorType cType = getInputType(*this, 2);
    if (!isBroadcastableTo(cType.getShape(), shape))
      return emitInputError(*this, 2)
             << "of type " << cType << " does not broadcast to [" << m << ", "
             << n << "]";
  }
  return addOutput(types, shape, getInputType(*this, 0).getElementType());
}

LogicalResult Conv2DOp::inferOutputTypes(SmallVectorImpl<Type> &types) {
  if (failed(checkAllF32(*this)) || failed(checkRank(*this, 0, 4)) ||
      failed(checkRank(*this, 1, 4)) ||
      failed(checkAttrSize(*this, "strides", getStrides(), 2)) ||
      failed(checkAttrSize(*this, "pads", getPads(), 4)) ||
      failed(checkAttrSize(*this, "dilations", getDilations(), 2)) ||
      failed(checkAttrMin(*this, "strides", getStrides(), 1)) ||
      failed(checkAttrMin(*this, "pads", getPads(), 0)) ||
      failed(checkAttrMin(*this, "dilations", getDilations(), 1)))
    return failure();
  ArrayRef<int64_t> input = getInputType(*this, 0).getShape();
  ArrayRef<int64_t> filter = getInputType(*this, 1).getShape();
  int64_t group = getGroup();
  if (group < 1)
    return emitOpError("expects 'group' >= 1, got ") << group;
  if (input[1] % group != 0 || filter[0] % group != 0)
    return emitOpError("expects input channels (")
           << input[1] << ") and output channels (" << filter[0]
           << ") divisible by 'group' (" << group << ")";
  if (filter[1] != input[1] / group)
    return emitInputError(*this, 1)
           << "expects " << input[1] / group
           << " input channels per group, got " << filter[1];
  if (getBias() && failed(checkVector(*this, 2, filter[0])))
    return failure();

  Shape shape{input[0], filter[0]};
  ArrayRef<int64_t> strides = getStrides(), pads = getPads(),
                    dilations = getDilations();
  for (unsigned i = 0; i < 2; ++i) {
    WindowDim dim{input[2 + i], filter[2 + i], strides[i],
                  dilations[i], pads[i],       pads[2 + i]};
    std::optional<int64_t> size = getWindowOutputSize(dim);
    if (!size)
      return emitOpError("has an empty output: the dilated filter (")
             << filter[2 + i] << " at dilation " << dilations[i]
             << ") does not fit in the padded input (" << input[2 + i] << " + "
             << pads[i] << " + " << pads[2 + i] << ") along spatial dimension "
             << i;
    shape.push_back(*size);
  }
  return addOutput(types, shape, getInputType(*this, 0).getElementType());
}
