//===- OnnxQuantizeOps.cpp - ONNX QuantizeLinear and DequantizeLinear -----===//
//
// Both are exact decompositions into sic ops on the values' compute types.
// DequantizeLinear: y = f32(x - zero_point) * scale, the difference taken
// in i32 as ONNX does. DynamicQuantizeLinear: ONNX's function body (the
// range of x, widened to hold 0, mapped onto [0, 255]), then QuantizeLinear.
// QuantizeLinear: y = saturate(round(x / scale) + zero_point), rounding half to
// even and saturating to the zero point's type (uint8 without one). A scale or
// zero point is a scalar, or one value per index along `axis`, reshaped to
// broadcast against x.
//
//===----------------------------------------------------------------------===//

#include "OnnxConverters.h"

#include "sic/Support/ShapeRules.h"

using namespace mlir;
using namespace mlir::sic;

namespace {

/// The inputs of a (de)quantization: x, its scale and its zero point (null
/// when absent), the parameters shaped to broadcast against x, and the
/// zero point's element type (null when absent).
struct Quantization {
  Value x, scale, zeroPoint;
  Type zeroPointType;
};

/// A scale or zero point `value` (input `index`) for x of `shape`: a scalar
/// as it is, or one value per index along `axis` reshaped to broadcast.
FailureOr<Value> alongAxis(OnnxConversion &c, const onnx::NodeProto &node,
                           NodeBuilder &b, Value value, int index,
                           ArrayRef<int64_t> shape, int64_t axis) {
  auto type = cast<RankedTensorType>(value.getType());
  if (type.getRank() == 0 ||
      (type.getRank() == 1 && type.getNumElements() == 1))
    return value;
  std::optional<int64_t> dim = normalizeAxis(axis, shape.size());
  if (type.getRank() != 1 || !dim || shape[*dim] != type.getNumElements()) {
    InFlightDiagnostic diag = c.emitNodeError(node);
    diag << "input #" << index << " '" << c.getInput(node, index)
         << "' must be a scalar or hold one value per index along axis "
         << axis;
    if (dim)
      diag << " (" << shape[*dim] << ")";
    else
      diag << ", which is out of range for rank " << shape.size();
    diag << ", got " << type;
    return failure();
  }
  SmallVector<int64_t> broadcast(shape.size(), 1);
  broadcast[*dim] = type.getNumElements();
  return b.create<ReshapeOp>(ValueRange{value}, broadcast);
}

/// Reads x, the scale (f32) and the optional zero point of `node`.
FailureOr<Quantization> readQuantization(OnnxConversion &c,
                                         const onnx::NodeProto &node,
                                         NodeBuilder &b) {
  if (failed(expectInputs(c, node, 2, 3)))
    return failure();
  FailureOr<int64_t> axis = c.getInt(node, "axis", 1);
  FailureOr<Value> x = c.getInputValue(node, 0);
  FailureOr<Value> scale = c.getInputValue(node, 1);
  if (failed(axis) || failed(x) || failed(scale))
    return failure();
  if (!cast<RankedTensorType>(scale->getType()).getElementType().isF32()) {
    c.emitNodeError(node) << "its scale must be f32, got " << scale->getType();
    return failure();
  }
  ArrayRef<int64_t> shape = cast<RankedTensorType>(x->getType()).getShape();
  FailureOr<Value> shapedScale = alongAxis(c, node, b, *scale, 1, shape, *axis);
  if (failed(shapedScale))
    return failure();
  Quantization q{*x, *shapedScale, nullptr, nullptr};
  if (c.getInput(node, 2).empty())
    return q;
  FailureOr<Value> zeroPoint = c.getInputValue(node, 2);
  if (failed(zeroPoint))
    return failure();
  FailureOr<Value> shapedZero =
      alongAxis(c, node, b, *zeroPoint, 2, shape, *axis);
  if (failed(shapedZero))
    return failure();
  q.zeroPoint = *shapedZero;
  q.zeroPointType = c.getStorageType(*zeroPoint);
  return q;
}

} // namespace

LogicalResult mlir::sic::convertDequantizeLinear(OnnxConversion &c,
                                                 const onnx::NodeProto &node) {
  NodeBuilder b(c, node);
  FailureOr<Quantization> q = readQuantization(c, node, b);
  if (failed(q))
    return failure();
  if (!cast<RankedTensorType>(q->x.getType()).getElementType().isInteger(32)) {
    c.emitNodeError(node) << "dequantizes int8, uint8 or int32 values, got "
                          << c.getStorageType(q->x);
    return failure();
  }
  Value centered =
      q->zeroPoint ? b.create<SubOp>(ValueRange{q->x, q->zeroPoint}) : q->x;
  Value real = b.create<CastOp>(ValueRange{centered},
                                TypeAttr::get(c.getBuilder().getF32Type()));
  return b.bind(b.create<MulOp>(ValueRange{real, q->scale}));
}

namespace {

/// saturate(round(x / scale) + zeroPoint) to the range of `target` (int8 or
/// uint8), in i32 holding values of `target`; `zeroPoint` (i32) may be null.
Value buildQuantize(OnnxConversion &c, NodeBuilder &b, Value x, Value scale,
                    Value zeroPoint, Type target) {
  Builder &builder = c.getBuilder();
  Type f32 = builder.getF32Type();
  if (!cast<RankedTensorType>(x.getType()).getElementType().isF32())
    x = b.create<CastOp>(ValueRange{x}, TypeAttr::get(f32));
  Value rounded =
      b.create<RoundOp>(ValueRange{b.create<DivOp>(ValueRange{x, scale})});
  if (zeroPoint)
    rounded = b.create<AddOp>(ValueRange{
        rounded, b.create<CastOp>(ValueRange{zeroPoint}, TypeAttr::get(f32))});
  bool isUnsigned = target.isUnsignedInteger();
  Value saturated = b.create<ClipOp>(
      ValueRange{rounded}, builder.getF32FloatAttr(isUnsigned ? 0 : -128),
      builder.getF32FloatAttr(isUnsigned ? 255 : 127));
  Value quantized = b.create<CastOp>(ValueRange{saturated},
                                     TypeAttr::get(builder.getI32Type()));
  if (quantized)
    c.setStorageType(quantized, target);
  return quantized;
}

} // namespace

LogicalResult mlir::sic::convertQuantizeLinear(OnnxConversion &c,
                                               const onnx::NodeProto &node) {
  NodeBuilder b(c, node);
  FailureOr<Quantization> q = readQuantization(c, node, b);
  if (failed(q))
    return failure();
  Type target = q->zeroPointType
                    ? q->zeroPointType
                    : c.getBuilder().getIntegerType(8, /*isSigned=*/false);
  if (!target.isInteger(8)) {
    c.emitNodeError(node) << "quantizes to int8 or uint8, got " << target;
    return failure();
  }
  return b.bind(buildQuantize(c, b, q->x, q->scale, q->zeroPoint, target));
}

LogicalResult
mlir::sic::convertDynamicQuantizeLinear(OnnxConversion &c,
                                        const onnx::NodeProto &node) {
  FailureOr<Value> input = getOnlyInput(c, node);
  if (failed(input))
    return failure();
  auto type = cast<RankedTensorType>(input->getType());
  if (!type.getElementType().isF32()) {
    c.emitNodeError(node) << "quantizes f32 values, got " << type;
    return failure();
  }
  // ONNX's function body: the range of x widened to hold 0, mapped onto
  // [0, 255].
  NodeBuilder b(c, node);
  SmallVector<int64_t> axes =
      llvm::to_vector(llvm::seq<int64_t>(0, type.getRank()));
  Value x = *input;
  Value zero = b.scalar(0);
  Value high = b.create<MaxOp>(
      ValueRange{b.create<ReduceMaxOp>(ValueRange{x}, axes, false), zero});
  Value low =
      b.create<MinOp>(ValueRange{buildReduceMin(b, x, axes, false), zero});
  Value scale = b.create<DivOp>(
      ValueRange{b.create<SubOp>(ValueRange{high, low}), b.scalar(255)});
  Value initial = b.create<SubOp>(
      ValueRange{zero, b.create<DivOp>(ValueRange{low, scale})});
  Builder &builder = c.getBuilder();
  Value zeroPoint =
      b.create<CastOp>(ValueRange{b.create<RoundOp>(ValueRange{b.create<ClipOp>(
                           ValueRange{initial}, builder.getF32FloatAttr(0),
                           builder.getF32FloatAttr(255))})},
                       TypeAttr::get(builder.getI32Type()));
  Type u8 = builder.getIntegerType(8, /*isSigned=*/false);
  if (zeroPoint)
    c.setStorageType(zeroPoint, u8);
  Value y = buildQuantize(c, b, x, scale, zeroPoint, u8);
  return b.bind({y, scale, zeroPoint});
}
