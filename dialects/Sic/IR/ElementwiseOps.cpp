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

// Each elementwise op's rule is the family rule with its element types.
#define SIC_ELEMENTWISE_RULE(OP, FAMILY, ELEMENTS)                             \
  LogicalResult OP::inferOutputTypes(SmallVectorImpl<Type> &types) {           \
    return FAMILY(*this, Elements::ELEMENTS, types);                           \
  }
SIC_ELEMENTWISE_RULE(AddOp, inferBinary, Any)
SIC_ELEMENTWISE_RULE(SubOp, inferBinary, Any)
SIC_ELEMENTWISE_RULE(MulOp, inferBinary, Any)
SIC_ELEMENTWISE_RULE(DivOp, inferBinary, Any)
SIC_ELEMENTWISE_RULE(PowOp, inferBinary, F32)
SIC_ELEMENTWISE_RULE(MaxOp, inferBinary, Any)
SIC_ELEMENTWISE_RULE(MinOp, inferBinary, Any)
SIC_ELEMENTWISE_RULE(ReluOp, inferUnary, Any)
SIC_ELEMENTWISE_RULE(LeakyReluOp, inferUnary, F32)
SIC_ELEMENTWISE_RULE(SigmoidOp, inferUnary, F32)
SIC_ELEMENTWISE_RULE(TanhOp, inferUnary, F32)
SIC_ELEMENTWISE_RULE(ExpOp, inferUnary, F32)
SIC_ELEMENTWISE_RULE(LogOp, inferUnary, F32)
SIC_ELEMENTWISE_RULE(SqrtOp, inferUnary, F32)
SIC_ELEMENTWISE_RULE(ErfOp, inferUnary, F32)
SIC_ELEMENTWISE_RULE(NegOp, inferUnary, Any)
SIC_ELEMENTWISE_RULE(AbsOp, inferUnary, Any)
SIC_ELEMENTWISE_RULE(ReciprocalOp, inferUnary, F32)
SIC_ELEMENTWISE_RULE(FloorOp, inferUnary, F32)
SIC_ELEMENTWISE_RULE(CeilOp, inferUnary, F32)
SIC_ELEMENTWISE_RULE(RoundOp, inferUnary, F32)
SIC_ELEMENTWISE_RULE(SignOp, inferUnary, F32)
SIC_ELEMENTWISE_RULE(SinOp, inferUnary, F32)
SIC_ELEMENTWISE_RULE(CosOp, inferUnary, F32)
SIC_ELEMENTWISE_RULE(TanOp, inferUnary, F32)
SIC_ELEMENTWISE_RULE(AsinOp, inferUnary, F32)
SIC_ELEMENTWISE_RULE(AcosOp, inferUnary, F32)
SIC_ELEMENTWISE_RULE(AtanOp, inferUnary, F32)
SIC_ELEMENTWISE_RULE(SinhOp, inferUnary, F32)
SIC_ELEMENTWISE_RULE(CoshOp, inferUnary, F32)
SIC_ELEMENTWISE_RULE(AsinhOp, inferUnary, F32)
SIC_ELEMENTWISE_RULE(AcoshOp, inferUnary, F32)
SIC_ELEMENTWISE_RULE(AtanhOp, inferUnary, F32)
SIC_ELEMENTWISE_RULE(SoftplusOp, inferUnary, F32)
SIC_ELEMENTWISE_RULE(SoftsignOp, inferUnary, F32)
SIC_ELEMENTWISE_RULE(HardSigmoidOp, inferUnary, F32)
SIC_ELEMENTWISE_RULE(HardSwishOp, inferUnary, F32)
SIC_ELEMENTWISE_RULE(GeluOp, inferUnary, F32)
#undef SIC_ELEMENTWISE_RULE

// min > max is allowed: as in ONNX, every element then becomes max.
LogicalResult ClipOp::inferOutputTypes(SmallVectorImpl<Type> &types) {
  std::optional<APFloat> min = getMin(), max = getMax();
  if ((min && min->isNaN()) || (max && max->isNaN()))
    return emitOpError("expects bounds that are not NaN");
  return inferUnary(*this, Elements::F32, types);
}
