//===- ElementwiseOps.cpp - Rules of elementwise unary and binary nodes ---===//

#include "NodeRules.h"

#include "sic/Support/ShapeRules.h"

using namespace mlir;
using namespace mlir::sic;
using namespace mlir::sic::rules;

static LogicalResult inferBinary(NodeOpInterface node, Elements elements,
                                 SmallVectorImpl<Type> &types) {
  if (failed(checkSameElementType(node, 1)) ||
      (elements == Elements::F32 && failed(checkF32(node, 0))))
    return failure();
  RankedTensorType lhs = getInputType(node, 0), rhs = getInputType(node, 1);
  std::optional<Shape> shape = broadcastShapes(lhs.getShape(), rhs.getShape());
  if (!shape)
    return node->emitOpError("cannot broadcast input shapes ")
           << lhs << " and " << rhs;
  return addOutput(types, *shape, lhs.getElementType());
}

static LogicalResult inferUnary(NodeOpInterface node, Elements elements,
                                SmallVectorImpl<Type> &types) {
  if (elements == Elements::F32 && failed(checkF32(node, 0)))
    return failure();
  types.push_back(getInputType(node, 0));
  return success();
}

#define SIC_BINARY_RULE(OP, ELEMENTS)                                          \
  LogicalResult OP::inferOutputTypes(SmallVectorImpl<Type> &types) {           \
    return inferBinary(*this, Elements::ELEMENTS, types);                      \
  }
SIC_BINARY_RULE(AddOp, Any)
SIC_BINARY_RULE(SubOp, Any)
SIC_BINARY_RULE(MulOp, Any)
SIC_BINARY_RULE(DivOp, Any)
SIC_BINARY_RULE(PowOp, F32)
SIC_BINARY_RULE(MaxOp, Any)
SIC_BINARY_RULE(MinOp, Any)
#undef SIC_BINARY_RULE

#define SIC_UNARY_RULE(OP, ELEMENTS)                                           \
  LogicalResult OP::inferOutputTypes(SmallVectorImpl<Type> &types) {           \
    return inferUnary(*this, Elements::ELEMENTS, types);                       \
  }
SIC_UNARY_RULE(ReluOp, Any)
SIC_UNARY_RULE(LeakyReluOp, F32)
SIC_UNARY_RULE(SigmoidOp, F32)
SIC_UNARY_RULE(TanhOp, F32)
SIC_UNARY_RULE(ExpOp, F32)
SIC_UNARY_RULE(LogOp, F32)
SIC_UNARY_RULE(SqrtOp, F32)
SIC_UNARY_RULE(ErfOp, F32)
SIC_UNARY_RULE(NegOp, Any)
SIC_UNARY_RULE(AbsOp, Any)
SIC_UNARY_RULE(HardSigmoidOp, F32)
SIC_UNARY_RULE(HardSwishOp, F32)
SIC_UNARY_RULE(GeluOp, F32)
#undef SIC_UNARY_RULE

LogicalResult ClipOp::inferOutputTypes(SmallVectorImpl<Type> &types) {
  std::optional<APFloat> min = getMin(), max = getMax();
  if ((min && min->isNaN()) || (max && max->isNaN()))
    return emitOpError("expects bounds that are not NaN");
  if (min && max && *max < *min)
    return emitOpError("expects 'min' <= 'max', got ")
           << formatFloat(*min) << " > " << formatFloat(*max);
  return inferUnary(*this, Elements::F32, types);
}
