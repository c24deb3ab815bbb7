//===- NormalizationOps.cpp - Rules of batch_norm, layer_norm, softmax ----===//

#include "NodeRules.h"

#include "sic/Support/ShapeRules.h"

using namespace mlir;
using namespace mlir::sic;
using namespace mlir::sic::rules;

LogicalResult BatchNormOp::inferOutputTypes(SmallVectorImpl<Type> &types) {
  if (failed(checkAllF32(*this)) || failed(checkMinRank(*this, 0, 2)) ||
      failed(checkNonNegative(*this, "epsilon", getEpsilon())))
    return failure();
  RankedTensorType input = getInputType(*this, 0);
  for (unsigned i = 1; i < 5; ++i)
    if (failed(checkVector(*this, i, input.getDimSize(1))))
      return failure();
  types.push_back(input);
  return success();
}

LogicalResult SoftmaxOp::inferOutputTypes(SmallVectorImpl<Type> &types) {
  if (failed(checkF32(*this, 0)) || failed(checkMinRank(*this, 0, 1)))
    return failure();
  RankedTensorType input = getInputType(*this, 0);
  if (failed(normalizeAxisAttr(*this, "axis", getAxis(), input.getRank())))
    return failure();
  types.push_back(input);
  return success();
}

LogicalResult LayerNormOp::inferOutputTypes(SmallVectorImpl<Type> &types) {
  if (failed(checkAllF32(*this)) || failed(checkMinRank(*this, 0, 1)) ||
      failed(checkNonNegative(*this, "epsilon", getEpsilon())))
    return failure();
  RankedTensorType input = getInputType(*this, 0);
  FailureOr<int64_t> axis =
      normalizeAxisAttr(*this, "axis", getAxis(), input.getRank());
  if (failed(axis))
    return failure();
  ArrayRef<int64_t> normalized = input.getShape().drop_front(*axis);
  for (unsigned i = 1, e = getInputs().size(); i < e; ++i) {
    RankedTensorType type = getInputType(*this, i);
    if (!isBroadcastableTo(type.getShape(), normalized))
      return emitInputError(*this, i)
             << "of type " << type
             << " does not broadcast to the normalized dimensions ["
             << normalized << "]";
  }
  types.push_back(input);
  return success();
}
