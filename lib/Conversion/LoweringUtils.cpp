//===- LoweringUtils.cpp - Building blocks of the sic lowerings -----------===//

#include "LoweringUtils.h"

#include "sic/Support/ConstantElements.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/Matchers.h"

#include <cmath>
#include <numeric>

using namespace mlir;
using namespace mlir::sic;

RankedTensorType mlir::sic::getTensorType(Value value) {
  return cast<RankedTensorType>(value.getType());
}

Value mlir::sic::buildEmpty(OpBuilder &b, Location loc, RankedTensorType type) {
  return b.create<tensor::EmptyOp>(loc, type.getShape(), type.getElementType());
}

Value mlir::sic::buildFilled(OpBuilder &b, Location loc, RankedTensorType type,
                             Value scalar) {
  return b.create<linalg::FillOp>(loc, scalar, buildEmpty(b, loc, type))
      .getResult(0);
}

/// The indexing map that reads `inputShape` broadcast to `resultShape`.
static AffineMap getBroadcastMap(MLIRContext *context,
                                 ArrayRef<int64_t> inputShape,
                                 ArrayRef<int64_t> resultShape) {
  unsigned offset = resultShape.size() - inputShape.size();
  SmallVector<AffineExpr> exprs;
  for (auto [i, size] : llvm::enumerate(inputShape)) {
    if (size == 1 && resultShape[offset + i] != 1)
      exprs.push_back(getAffineConstantExpr(0, context));
    else
      exprs.push_back(getAffineDimExpr(offset + i, context));
  }
  return AffineMap::get(resultShape.size(), 0, exprs, context);
}

Value mlir::sic::buildElementwise(OpBuilder &b, Location loc,
                                  RankedTensorType resultType,
                                  ValueRange inputs, ScalarBody body) {
  MLIRContext *context = b.getContext();
  SmallVector<AffineMap> maps;
  for (Value input : inputs)
    maps.push_back(getBroadcastMap(context, getTensorType(input).getShape(),
                                   resultType.getShape()));
  maps.push_back(b.getMultiDimIdentityMap(resultType.getRank()));
  SmallVector<utils::IteratorType> iterators(resultType.getRank(),
                                             utils::IteratorType::parallel);
  auto generic = b.create<linalg::GenericOp>(
      loc, resultType, inputs, buildEmpty(b, loc, resultType), maps, iterators,
      [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        Value result = body(nested, nestedLoc, args.drop_back());
        nested.create<linalg::YieldOp>(nestedLoc, result);
      });
  return generic.getResult(0);
}

Value mlir::sic::buildReduction(OpBuilder &b, Location loc, Value input,
                                ArrayRef<int64_t> reduced, Value init,
                                ScalarBody combine) {
  RankedTensorType inputType = getTensorType(input);
  MLIRContext *context = b.getContext();
  SmallVector<int64_t> keptShape;
  SmallVector<AffineExpr> keptExprs;
  SmallVector<utils::IteratorType> iterators;
  for (int64_t dim = 0; dim < inputType.getRank(); ++dim) {
    if (llvm::is_contained(reduced, dim)) {
      iterators.push_back(utils::IteratorType::reduction);
      continue;
    }
    iterators.push_back(utils::IteratorType::parallel);
    keptShape.push_back(inputType.getDimSize(dim));
    keptExprs.push_back(getAffineDimExpr(dim, context));
  }
  auto resultType =
      RankedTensorType::get(keptShape, inputType.getElementType());
  SmallVector<AffineMap> maps = {
      b.getMultiDimIdentityMap(inputType.getRank()),
      AffineMap::get(inputType.getRank(), 0, keptExprs, context)};
  auto generic = b.create<linalg::GenericOp>(
      loc, resultType, input, buildFilled(b, loc, resultType, init), maps,
      iterators, [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        nested.create<linalg::YieldOp>(nestedLoc,
                                       combine(nested, nestedLoc, args));
      });
  return generic.getResult(0);
}

/// `value` with its dims merged into one (a rank-0 tensor becomes [1]).
static Value buildFlat(OpBuilder &b, Location loc, Value value) {
  RankedTensorType type = getTensorType(value);
  auto flatType =
      RankedTensorType::get({type.getNumElements()}, type.getElementType());
  if (type.getRank() == 1)
    return value;
  if (type.getRank() == 0)
    return b.create<tensor::ExpandShapeOp>(loc, flatType, value,
                                           ArrayRef<ReassociationIndices>{});
  ReassociationIndices all(type.getRank());
  std::iota(all.begin(), all.end(), 0);
  return b.create<tensor::CollapseShapeOp>(loc, flatType, value,
                                           ArrayRef<ReassociationIndices>{all});
}

Value mlir::sic::buildReshape(OpBuilder &b, Location loc, Value value,
                              RankedTensorType type) {
  RankedTensorType from = getTensorType(value);
  if (from == type)
    return value;
  if (from.getRank() != type.getRank() && from.getRank() != 0 &&
      type.getRank() != 0) {
    if (auto reassociation = getReassociationIndicesForReshape(from, type)) {
      if (from.getRank() > type.getRank())
        return b.create<tensor::CollapseShapeOp>(loc, type, value,
                                                 *reassociation);
      return b.create<tensor::ExpandShapeOp>(loc, type, value, *reassociation);
    }
  }
  Value flat = buildFlat(b, loc, value);
  if (type.getRank() == 1)
    return flat;
  if (type.getRank() == 0)
    return b.create<tensor::CollapseShapeOp>(loc, type, flat,
                                             ArrayRef<ReassociationIndices>{});
  ReassociationIndices all(type.getRank());
  std::iota(all.begin(), all.end(), 0);
  return b.create<tensor::ExpandShapeOp>(loc, type, flat,
                                         ArrayRef<ReassociationIndices>{all});
}

Value mlir::sic::buildPad(OpBuilder &b, Location loc, RankedTensorType type,
                          Value value, ArrayRef<int64_t> low,
                          ArrayRef<int64_t> high, Value padValue) {
  MLIRContext *context = b.getContext();
  return b.create<tensor::PadOp>(loc, type, value,
                                 getAsIndexOpFoldResult(context, low),
                                 getAsIndexOpFoldResult(context, high),
                                 padValue);
}

Value mlir::sic::buildScalar(OpBuilder &b, Location loc, Type type,
                             double value) {
  if (auto floatType = dyn_cast<FloatType>(type))
    return b.create<arith::ConstantOp>(loc, b.getFloatAttr(floatType, value));
  // i1 is true for any value but 0; integers saturate and NaN becomes 0, as
  // sic.cast converts.
  if (type.isInteger(1))
    return b.create<arith::ConstantOp>(loc, b.getBoolAttr(value != 0));
  unsigned width = type.getIntOrFloatBitWidth();
  double limit = std::ldexp(1.0, width - 1);
  APInt integer = std::isnan(value)  ? APInt(width, 0)
                  : value >= limit   ? APInt::getSignedMaxValue(width)
                  : value < -limit   ? APInt::getSignedMinValue(width)
                                     : APInt(width, static_cast<int64_t>(value),
                                             /*isSigned=*/true);
  return b.create<arith::ConstantOp>(loc, b.getIntegerAttr(type, integer));
}

Value mlir::sic::buildLowest(OpBuilder &b, Location loc, Type type) {
  if (auto floatType = dyn_cast<FloatType>(type))
    return b.create<arith::ConstantOp>(
        loc, b.getFloatAttr(floatType, -std::numeric_limits<double>::infinity()));
  return b.create<arith::ConstantOp>(
      loc, b.getIntegerAttr(type, APInt::getSignedMinValue(
                                      type.getIntOrFloatBitWidth())));
}

Value mlir::sic::buildAdd(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  return buildBinary<arith::AddFOp, arith::AddIOp>(b, loc, lhs, rhs);
}

Value mlir::sic::buildMax(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  return buildBinary<arith::MaximumFOp, arith::MaxSIOp>(b, loc, lhs, rhs);
}

int64_t mlir::sic::normalizeVerifiedAxis(int64_t axis, int64_t rank) {
  return axis < 0 ? axis + rank : axis;
}

scf::LoopNest mlir::sic::buildShapeLoops(
    OpBuilder &b, Location loc, ArrayRef<int64_t> shape, ValueRange carried,
    function_ref<scf::ValueVector(OpBuilder &, Location, ValueRange,
                                  ValueRange)>
        body) {
  Value zero = b.create<arith::ConstantIndexOp>(loc, 0);
  Value one = b.create<arith::ConstantIndexOp>(loc, 1);
  SmallVector<Value> lower(shape.size(), zero), steps(shape.size(), one);
  SmallVector<Value> upper;
  for (int64_t size : shape)
    upper.push_back(b.create<arith::ConstantIndexOp>(loc, size));
  return scf::buildLoopNest(b, loc, lower, upper, steps, carried, body);
}

Value mlir::sic::buildFoldableData(OpBuilder &b, Location loc, Value data,
                                   Value indices) {
  if (!isa_and_nonnull<ConstantOp, arith::ConstantOp>(indices.getDefiningOp()))
    return data;
  ElementsAttr value;
  if (!matchPattern(data, m_Constant(&value)) ||
      !isa<DenseResourceElementsAttr>(value))
    return data;
  FailureOr<DenseElementsAttr> dense = toDenseElements(value);
  if (failed(dense))
    return data;
  return b.create<arith::ConstantOp>(loc, *dense);
}

Value mlir::sic::buildUnfoldable(OpBuilder &b, Location loc, Value value) {
  Operation *source = value.getDefiningOp();
  if (!source || !isa<ConstantOp, arith::ConstantOp>(source))
    return value;
  return b
      .create<linalg::CopyOp>(loc, value,
                              buildEmpty(b, loc, getTensorType(value)))
      .getResult(0);
}
