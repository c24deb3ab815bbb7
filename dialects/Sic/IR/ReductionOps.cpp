//===- ReductionOps.cpp - Rules of reduce_mean, reduce_sum, reduce_max ----===//

#include "NodeRules.h"

#include "llvm/ADT/STLExtras.h"

using namespace mlir;
using namespace mlir::sic;
using namespace mlir::sic::rules;

static LogicalResult inferReduce(NodeOpInterface node, ArrayRef<int64_t> axes,
                                 bool keepdims, Elements elements,
                                 SmallVectorImpl<Type> &types) {
  if (elements == Elements::F32 && failed(checkF32(node, 0)))
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
  return inferReduce(*this, getAxes(), getKeepdims(), Elements::F32, types);
}

LogicalResult ReduceSumOp::inferOutputTypes(SmallVectorImpl<Type> &types) {
  return inferReduce(*this, getAxes(), getKeepdims(), Elements::Any, types);
}

LogicalResult ReduceMaxOp::inferOutputTypes(SmallVectorImpl<Type> &types) {
  return inferReduce(*this, getAxes(), getKeepdims(), Elements::Any, types);
}
