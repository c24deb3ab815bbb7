//===- ElementwiseOps.cpp - Rules of elementwise unary and binary nodes ---===//

#include "NodeRules.h"

#include "sic/Support/ShapeRules.h"

using namespace mlir;
using namespace mlir::sic;
using namespace mlir::sic::rules;

static LogicalResult inferBinary(NodeOpInterface node, Elements elements,
                                 SmallVectorImpl<Type> &types) {
  if (failed(checkSameElementType(node, 1)) ||
      failed(checkElements(node, 0, elements)))
    return failure();
  RankedTensorType lhs = getInputType(node, 0), rhs = getInputType(node, 1);
  std::optional<Shape> shape = broadcastShapes(lhs.getShape(), rhs.getShape());
  if (!shape)
    return node->emitOpError("cannot broadcast input shapes ")
           << lhs << " and " << rhs;
  return addOutput(types, *shape, lhs.getElementType());
}

/// A binary op's rule with an i1 output: a comparison.
static LogicalResult inferCompare(NodeOpInterface node, Elements elements,
                                  SmallVectorImpl<Type> &types) {
  if (failed(inferBinary(node, elements, types)))
    return failure();
  auto output = cast<RankedTensorType>(types.back());
  types.back() = output.clone(IntegerType::get(node->getContext(), 1));
  return success();
}

static LogicalResult inferUnary(NodeOpInterface node, Elements elements,
                                SmallVectorImpl<Type> &types) {
  if (failed(checkElements(node, 0, elements)))
    return failure();
  types.push_back(getInputType(node, 0));
  return success();
}

// Each elementwise op's rule is the family rule with its element types.
#define SIC_ELEMENTWISE_RULE(OP, FAMILY, ELEMENTS)                             \
  LogicalResult OP::inferOutputTypes(SmallVectorImpl<Type> &types) {           \
    return FAMILY(*this, Elements::ELEMENTS, types);                           \
  }
SIC_ELEMENTWISE_RULE(AddOp, inferBinary, Numeric)
SIC_ELEMENTWISE_RULE(SubOp, inferBinary, Numeric)
SIC_ELEMENTWISE_RULE(MulOp, inferBinary, Numeric)
SIC_ELEMENTWISE_RULE(DivOp, inferBinary, Numeric)
SIC_ELEMENTWISE_RULE(PowOp, inferBinary, Float)
SIC_ELEMENTWISE_RULE(FmodOp, inferBinary, Float)
SIC_ELEMENTWISE_RULE(MaxOp, inferBinary, Numeric)
SIC_ELEMENTWISE_RULE(MinOp, inferBinary, Numeric)
SIC_ELEMENTWISE_RULE(AndOp, inferBinary, Bits)
SIC_ELEMENTWISE_RULE(OrOp, inferBinary, Bits)
SIC_ELEMENTWISE_RULE(XorOp, inferBinary, Bits)
SIC_ELEMENTWISE_RULE(ShiftLeftOp, inferBinary, Integer)
SIC_ELEMENTWISE_RULE(ShiftRightOp, inferBinary, Integer)
SIC_ELEMENTWISE_RULE(EqualOp, inferCompare, Any)
SIC_ELEMENTWISE_RULE(LessOp, inferCompare, Numeric)
SIC_ELEMENTWISE_RULE(LessOrEqualOp, inferCompare, Numeric)
SIC_ELEMENTWISE_RULE(GreaterOp, inferCompare, Numeric)
SIC_ELEMENTWISE_RULE(GreaterOrEqualOp, inferCompare, Numeric)
SIC_ELEMENTWISE_RULE(NotOp, inferUnary, Bits)
SIC_ELEMENTWISE_RULE(ReluOp, inferUnary, Numeric)
SIC_ELEMENTWISE_RULE(LeakyReluOp, inferUnary, Float)
SIC_ELEMENTWISE_RULE(SigmoidOp, inferUnary, Float)
SIC_ELEMENTWISE_RULE(TanhOp, inferUnary, Float)
SIC_ELEMENTWISE_RULE(ExpOp, inferUnary, Float)
SIC_ELEMENTWISE_RULE(LogOp, inferUnary, Float)
SIC_ELEMENTWISE_RULE(SqrtOp, inferUnary, Float)
SIC_ELEMENTWISE_RULE(ErfOp, inferUnary, Float)
SIC_ELEMENTWISE_RULE(NegOp, inferUnary, Numeric)
SIC_ELEMENTWISE_RULE(AbsOp, inferUnary, Numeric)
SIC_ELEMENTWISE_RULE(ReciprocalOp, inferUnary, Float)
SIC_ELEMENTWISE_RULE(FloorOp, inferUnary, Float)
SIC_ELEMENTWISE_RULE(CeilOp, inferUnary, Float)
SIC_ELEMENTWISE_RULE(RoundOp, inferUnary, Float)
SIC_ELEMENTWISE_RULE(SignOp, inferUnary, Float)
SIC_ELEMENTWISE_RULE(SinOp, inferUnary, Float)
SIC_ELEMENTWISE_RULE(CosOp, inferUnary, Float)
SIC_ELEMENTWISE_RULE(TanOp, inferUnary, Float)
SIC_ELEMENTWISE_RULE(AsinOp, inferUnary, Float)
SIC_ELEMENTWISE_RULE(AcosOp, inferUnary, Float)
SIC_ELEMENTWISE_RULE(AtanOp, inferUnary, Float)
SIC_ELEMENTWISE_RULE(SinhOp, inferUnary, Float)
SIC_ELEMENTWISE_RULE(CoshOp, inferUnary, Float)
SIC_ELEMENTWISE_RULE(AsinhOp, inferUnary, Float)
SIC_ELEMENTWISE_RULE(AcoshOp, inferUnary, Float)
SIC_ELEMENTWISE_RULE(AtanhOp, inferUnary, Float)
SIC_ELEMENTWISE_RULE(SoftplusOp, inferUnary, Float)
SIC_ELEMENTWISE_RULE(SoftsignOp, inferUnary, Float)
SIC_ELEMENTWISE_RULE(HardSigmoidOp, inferUnary, Float)
SIC_ELEMENTWISE_RULE(HardSwishOp, inferUnary, Float)
SIC_ELEMENTWISE_RULE(GeluOp, inferUnary, Float)
#undef SIC_ELEMENTWISE_RULE

LogicalResult WhereOp::inferOutputTypes(SmallVectorImpl<Type> &types) {
  if (failed(checkElements(*this, 0, Elements::Bool)))
    return failure();
  RankedTensorType x = getInputType(*this, 1), y = getInputType(*this, 2);
  if (x.getElementType() != y.getElementType())
    return emitInputError(*this, 2)
           << "expects element type " << x.getElementType()
           << " (that of input 'x'), got " << y.getElementType();
  RankedTensorType condition = getInputType(*this, 0);
  std::optional<Shape> shape =
      broadcastShapes(condition.getShape(), x.getShape());
  if (shape)
    shape = broadcastShapes(*shape, y.getShape());
  if (!shape)
    return emitOpError("cannot broadcast input shapes ")
           << condition << ", " << x << " and " << y;
  return addOutput(types, *shape, x.getElementType());
}

// min > max is allowed: as in ONNX, every element then becomes max.
LogicalResult ClipOp::inferOutputTypes(SmallVectorImpl<Type> &types) {
  std::optional<APFloat> min = getMin(), max = getMax();
  if ((min && min->isNaN()) || (max && max->isNaN()))
    return emitOpError("expects bounds that are not NaN");
  return inferUnary(*this, Elements::F32, types);
}
