//===- OnnxSelectionOps.cpp - ONNX operators built from comparisons -------===//
//
// Operators that compare and select, built from sic.equal, sic.less,
// sic.greater, sic.not, sic.or and sic.where: ThresholdedRelu, Shrink,
// IsNaN, IsInf, Hardmax, OneHot and Mod (a float one is sic.fmod). Each is
// exact: it only compares and moves values, or does integer arithmetic.
//
//===----------------------------------------------------------------------===//

#include "OnnxConverters.h"

#include "sic/Support/ShapeRules.h"

#include <limits>

using namespace mlir;
using namespace mlir::sic;

Value mlir::sic::buildThresholdedRelu(NodeBuilder &b, Value x, float alpha) {
  // x > alpha ? x : 0
  Value above = b.create<GreaterOp>(ValueRange{x, b.scalar(alpha, x)});
  return b.create<WhereOp>(ValueRange{above, x, b.scalar(0, x)});
}

LogicalResult mlir::sic::convertThresholdedRelu(OnnxConversion &c,
                                                const onnx::NodeProto &node) {
  FailureOr<float> alpha = c.getFloat(node, "alpha", 1.0f);
  FailureOr<Value> x = getOnlyInput(c, node);
  if (failed(alpha) || failed(x))
    return failure();
  NodeBuilder b(c, node);
  return b.bind(buildThresholdedRelu(b, *x, *alpha));
}

LogicalResult mlir::sic::convertShrink(OnnxConversion &c,
                                       const onnx::NodeProto &node) {
  FailureOr<float> bias = c.getFloat(node, "bias", 0.0f);
  FailureOr<float> lambd = c.getFloat(node, "lambd", 0.5f);
  FailureOr<Value> x = getOnlyInput(c, node);
  if (failed(bias) || failed(lambd) || failed(x))
    return failure();
  // x < -lambd ? x + bias : x > lambd ? x - bias : 0
  NodeBuilder b(c, node);
  Value low = b.create<LessOp>(ValueRange{*x, b.scalar(-*lambd, *x)});
  Value high = b.create<GreaterOp>(ValueRange{*x, b.scalar(*lambd, *x)});
  Value raised = b.create<AddOp>(ValueRange{*x, b.scalar(*bias, *x)});
  Value lowered = b.create<SubOp>(ValueRange{*x, b.scalar(*bias, *x)});
  Value upper = b.create<WhereOp>(ValueRange{high, lowered, b.scalar(0, *x)});
  return b.bind(b.create<WhereOp>(ValueRange{low, raised, upper}));
}

LogicalResult mlir::sic::convertIsNaN(OnnxConversion &c,
                                      const onnx::NodeProto &node) {
  FailureOr<Value> x = getOnlyInput(c, node);
  if (failed(x))
    return failure();
  // NaN is the one value not equal to itself.
  NodeBuilder b(c, node);
  return b.bind(
      b.create<NotOp>(ValueRange{b.create<EqualOp>(ValueRange{*x, *x})}));
}

LogicalResult mlir::sic::convertIsInf(OnnxConversion &c,
                                      const onnx::NodeProto &node) {
  FailureOr<int64_t> negative = c.getInt(node, "detect_negative", 1);
  FailureOr<int64_t> positive = c.getInt(node, "detect_positive", 1);
  FailureOr<Value> x = getOnlyInput(c, node);
  if (failed(negative) || failed(positive) || failed(x))
    return failure();
  NodeBuilder b(c, node);
  double infinity = std::numeric_limits<double>::infinity();
  SmallVector<Value, 2> detected;
  if (*positive)
    detected.push_back(
        b.create<EqualOp>(ValueRange{*x, b.scalar(infinity, *x)}));
  if (*negative)
    detected.push_back(
        b.create<EqualOp>(ValueRange{*x, b.scalar(-infinity, *x)}));
  if (detected.empty()) {
    auto type =
        cast<RankedTensorType>(x->getType()).clone(c.getBuilder().getI1Type());
    return c.bind(node, c.createConstant(c.getConstantName(node),
                                         DenseElementsAttr::get(type, false)));
  }
  return b.bind(detected.size() == 1 ? detected.front()
                                     : b.create<OrOp>(ValueRange(detected)));
}

Value mlir::sic::createIndexConstant(OnnxConversion &c,
                                     const onnx::NodeProto &node,
                                     ArrayRef<int64_t> shape,
                                     ArrayRef<int64_t> values) {
  auto type = RankedTensorType::get(shape, c.getBuilder().getI64Type());
  return c.createConstant(c.getConstantName(node),
                          DenseElementsAttr::get(type, values));
}

/// 0, 1, ..., n - 1 along dimension `dim` of a rank-`rank` tensor whose
/// other dimensions are 1.
static Value createPositions(OnnxConversion &c, const onnx::NodeProto &node,
                             int64_t rank, int64_t dim, int64_t n) {
  SmallVector<int64_t, 4> shape(rank, 1);
  shape[dim] = n;
  SmallVector<int64_t> values(n);
  for (int64_t i = 0; i < n; ++i)
    values[i] = i;
  return createIndexConstant(c, node, shape, values);
}

LogicalResult mlir::sic::convertHardmax(OnnxConversion &c,
                                        const onnx::NodeProto &node) {
  FailureOr<int64_t> axis = c.getInt(node, "axis", c.getOpset() < 13 ? 1 : -1);
  FailureOr<Value> x = getOnlyInput(c, node);
  if (failed(axis) || failed(x))
    return failure();
  auto type = cast<RankedTensorType>(x->getType());
  ArrayRef<int64_t> shape = type.getShape();
  std::optional<int64_t> dim = normalizeAxis(*axis, shape.size());
  if (!dim) {
    c.emitNodeError(node) << "axis " << *axis << " is out of range for rank "
                          << shape.size();
    return failure();
  }
  if (type.getNumElements() == 0)
    return c.alias(node, 0);
  // The input as [outer, n, inner], n the elements one choice is made
  // among: the axis, or before opset 13 every axis from it on (the input
  // flattened into a matrix). The first largest becomes 1, the rest 0.
  int64_t outer = *getElementCount(shape.take_front(*dim));
  int64_t n = c.getOpset() < 13 ? *getElementCount(shape.drop_front(*dim))
                                : shape[*dim];
  int64_t inner = type.getNumElements() / (outer * n);
  NodeBuilder b(c, node);
  Value matrix =
      b.create<ReshapeOp>(ValueRange{*x}, ArrayRef<int64_t>{outer, n, inner});
  Value chosen =
      b.create<ArgMaxOp>(ValueRange{matrix}, int64_t(1), true, false);
  Value hot =
      b.create<EqualOp>(ValueRange{chosen, createPositions(c, node, 3, 1, n)});
  Value values =
      b.create<CastOp>(ValueRange{hot}, TypeAttr::get(type.getElementType()));
  return b.bind(b.create<ReshapeOp>(ValueRange{values}, shape));
}

LogicalResult mlir::sic::convertOneHot(OnnxConversion &c,
                                       const onnx::NodeProto &node) {
  if (failed(expectInputs(c, node, 3, 3)))
    return failure();
  FailureOr<int64_t> axis = c.getInt(node, "axis", -1);
  FailureOr<SmallVector<Value>> inputs = c.getPresentInputValues(node, 3);
  if (failed(axis) || failed(inputs))
    return failure();
  // The depth: one integer or float, which the output's shape needs.
  auto depthType = cast<RankedTensorType>((*inputs)[1].getType());
  int64_t depth = 0;
  if (depthType.getElementType().isF32()) {
    FailureOr<float> given = c.getConstantFloat(node, 1);
    if (failed(given))
      return failure();
    depth = *given >= 1 && *given <= float(c.getLimits().maxTensorElements)
                ? int64_t(*given)
                : 0;
  } else {
    FailureOr<SmallVector<int64_t, 4>> given = c.getConstantInts(node, 1);
    if (failed(given))
      return failure();
    if (given->size() == 1 && given->front() >= 1 &&
        uint64_t(given->front()) <= c.getLimits().maxTensorElements)
      depth = given->front();
  }
  if (depth < 1) {
    c.emitNodeError(node) << "input #1 'depth' must hold one value in [1, "
                          << c.getLimits().maxTensorElements << "]";
    return failure();
  }
  auto valuesType = cast<RankedTensorType>((*inputs)[2].getType());
  if (valuesType.getNumElements() != 2 || valuesType.getRank() != 1) {
    c.emitNodeError(node) << "input #2 'values' must hold [off, on], got "
                          << valuesType;
    return failure();
  }
  Value indices = (*inputs)[0];
  int64_t rank = cast<RankedTensorType>(indices.getType()).getRank() + 1;
  std::optional<int64_t> dim = normalizeAxis(*axis, rank);
  if (!dim) {
    c.emitNodeError(node) << "axis " << *axis << " is out of range for rank "
                          << rank;
    return failure();
  }
  // Each index, cast to i64 and a negative one counted from the end, is
  // compared with every position along the new axis: an index out of
  // range matches none and leaves all 'off'. Nothing is read at it.
  NodeBuilder b(c, node);
  Type i64 = c.getBuilder().getI64Type();
  if (cast<RankedTensorType>(indices.getType()).getElementType() != i64)
    indices = b.create<CastOp>(ValueRange{indices}, TypeAttr::get(i64));
  Value depthValue = createIndexConstant(c, node, {}, {depth});
  Value negative = b.create<LessOp>(
      ValueRange{indices, createIndexConstant(c, node, {}, {0})});
  indices = b.create<WhereOp>(ValueRange{
      negative, b.create<AddOp>(ValueRange{indices, depthValue}), indices});
  Value column =
      b.create<UnsqueezeOp>(ValueRange{indices}, ArrayRef<int64_t>{*dim});
  Value hot = b.create<EqualOp>(
      ValueRange{column, createPositions(c, node, rank, *dim, depth)});
  Value off = b.create<GatherOp>(
      ValueRange{(*inputs)[2], createIndexConstant(c, node, {}, {0})},
      int64_t(0));
  Value on = b.create<GatherOp>(
      ValueRange{(*inputs)[2], createIndexConstant(c, node, {}, {1})},
      int64_t(0));
  return b.bind(b.create<WhereOp>(ValueRange{hot, on, off}));
}

LogicalResult mlir::sic::convertMod(OnnxConversion &c,
                                    const onnx::NodeProto &node) {
  if (failed(expectInputs(c, node, 2, 2)))
    return failure();
  FailureOr<int64_t> fmod = c.getInt(node, "fmod", 0);
  FailureOr<SmallVector<Value>> inputs = c.getPresentInputValues(node, 2);
  if (failed(fmod) || failed(inputs))
    return failure();
  Value x = (*inputs)[0], y = (*inputs)[1];
  Type element = cast<RankedTensorType>(x.getType()).getElementType();
  // ONNX: a float remainder is C's fmod, and needs fmod = 1.
  if (isa<FloatType>(element)) {
    if (!*fmod) {
      c.emitNodeError(node) << "takes fmod = 1 for " << element
                            << " elements, as ONNX requires of floats";
      return failure();
    }
    NodeBuilder b(c, node);
    return b.bind(b.create<FmodOp>(ValueRange{x, y}));
  }
  // r = x - trunc(x / y) * y has the dividend's sign (fmod = 1); Mod
  // moves a nonzero r of the other sign than y by y. x mod 0 is 0.
  NodeBuilder b(c, node);
  auto scalarType = RankedTensorType::get({}, element);
  Value zero = c.createConstant(
      c.getConstantName(node),
      DenseElementsAttr::get(scalarType, IntegerAttr::get(element, 0)));
  Value remainder = b.create<SubOp>(ValueRange{
      x, b.create<MulOp>(ValueRange{b.create<DivOp>(ValueRange{x, y}), y})});
  if (!*fmod) {
    Value otherSign = b.create<XorOp>(
        ValueRange{b.create<LessOp>(ValueRange{remainder, zero}),
                   b.create<LessOp>(ValueRange{y, zero})});
    Value move = b.create<AndOp>(
        ValueRange{otherSign, b.create<NotOp>(ValueRange{b.create<EqualOp>(
                                  ValueRange{remainder, zero})})});
    remainder = b.create<WhereOp>(
        ValueRange{move, b.create<AddOp>(ValueRange{remainder, y}), remainder});
  }
  Value byZero = b.create<EqualOp>(ValueRange{y, zero});
  return b.bind(b.create<WhereOp>(ValueRange{byZero, zero, remainder}));
}
