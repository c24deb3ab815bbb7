//===- ReductionOps.cpp - Rules of the reduce_* and arg_* ops ------------===//

#include "NodeRules.h"

#include "llvm/ADT/STLExtras.h"

using namespace mlir;
using namespace mlir::sic;
using namespace mlir::sic::rules;

static LogicalResult inferReduce(NodeOpInterface node, ArrayRef<int64_t> axes,
                                 bool keepdims, Elements elements,
                                 SmallVectorImpl<Type> &types) {
  if (failed(checkElements(node, 0, elements)))
    return failure();
  RankedTensorType input = getInputType(node, 0);
  FailureOr<SmallVector<int64_t>> reduced =
      normalizeAxesAttr(node, "axes", axes, input.getRank());
  if (failed(reduced))
    return failure();
  SmallVector<bool> marked = markAxes(*reduced, input.getRank());
  SmallVector<int64_t> shape;
  for (auto [dim, size] : llvm::enumerate(input.getShape())) {
    bool isReduced = axes.empty() || marked[dim];
    if (!isReduced)
      shape.push_back(size);
    else if (keepdims)
      shape.push_back(1);
  }
  return addOutput(types, shape, input.getElementType());
}

LogicalResult ReduceMeanOp::inferOutputTypes(SmallVectorImpl<Type> &types) {
  return inferReduce(*this, getAxes(), getKeepdims(), Elements::Float, types);
}

LogicalResult ReduceSumOp::inferOutputTypes(SmallVectorImpl<Type> &types) {
  return inferReduce(*this, getAxes(), getKeepdims(), Elements::Numeric, types);
}

LogicalResult ReduceMaxOp::inferOutputTypes(SmallVectorImpl<Type> &types) {
  return inferReduce(*this, getAxes(), getKeepdims(), Elements::Numeric, types);
}

LogicalResult ReduceProdOp::inferOutputTypes(SmallVectorImpl<Type> &types) {
  return inferReduce(*this, getAxes(), getKeepdims(), Elements::Numeric, types);
}

static LogicalResult inferArgReduce(NodeOpInterface node, int64_t axis,
                                    bool keepdims,
                                    SmallVectorImpl<Type> &types) {
  if (failed(checkElements(node, 0, Elements::Numeric)))
    return failure();
  RankedTensorType input = getInputType(node, 0);
  FailureOr<int64_t> dim =
      normalizeAxisAttr(node, "axis", axis, input.getRank());
  if (failed(dim))
    return failure();
  if (input.getDimSize(*dim) == 0)
    return node->emitOpError("has no element to choose along axis ")
           << axis << " (size 0)";
  SmallVector<int64_t> shape(input.getShape());
  if (keepdims)
    shape[*dim] = 1;
  else
    shape.erase(shape.begin() + *dim);
  return addOutput(types, shape, IntegerType::get(node->getContext(), 64));
}

LogicalResult ArgMaxOp::inferOutputTypes(SmallVectorImpl<Type> &types) {
  return inferArgReduce(*this, getAxis(), getKeepdims(), types);
}

LogicalResult ArgMinOp::inferOutputTypes(SmallVectorImpl<Type> &types) {
  return inferArgReduce(*this, getAxis(), getKeepdims(), types);
}

LogicalResult TopKOp::inferOutputTypes(SmallVectorImpl<Type> &types) {
  if (failed(checkElements(*this, 0, Elements::Numeric)) ||
      failed(checkMinRank(*this, 0, 1)))
    return failure();
  RankedTensorType input = getInputType(*this, 0);
  FailureOr<int64_t> dim =
      normalizeAxisAttr(*this, "axis", getAxis(), input.getRank());
  if (failed(dim))
    return failure();
  int64_t size = input.getDimSize(*dim);
  // I64Attr reads back unsigned; the bits are the signed value.
  auto k = static_cast<int64_t>(getK());
  if (k < 0 || k > size)
    return emitOpError("expects 'k' in [0, ")
           << size << "] (the size of axis " << static_cast<int64_t>(getAxis())
           << "), got " << k;
  SmallVector<int64_t> shape(input.getShape());
  shape[*dim] = k;
  return addOutput(types, shape, IntegerType::get(getContext(), 64));
}
