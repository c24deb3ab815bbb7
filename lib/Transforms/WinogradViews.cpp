//===- WinogradViews.cpp - A Winograd convolution's tensors ---------------===//

#include "WinogradViews.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StructuredOpsUtils.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;

namespace {

using utils::IteratorType;

/// The offsets, sizes and strides of positions first + step * t (t <
/// count) along dim `dim` of a tensor of shape `whole`.
struct StridedSlice {
  SmallVector<OpFoldResult> offsets, sizes, strides;
  SmallVector<int64_t> shape;

  StridedSlice(OpBuilder &b, ArrayRef<int64_t> whole, int64_t dim,
               OpFoldResult first, int64_t step, int64_t count)
      : shape(whole) {
    shape[dim] = count;
    offsets.assign(whole.size(), b.getIndexAttr(0));
    offsets[dim] = first;
    sizes = getAsIndexOpFoldResult(b.getContext(), shape);
    strides.assign(whole.size(), b.getIndexAttr(1));
    strides[dim] = b.getIndexAttr(step);
  }
};

/// The offsets, sizes and strides of `value`[:, :, :, phase, first + s] for
/// s < count, `value` [N, X, T, m, S'].
struct PhaseSlice {
  SmallVector<OpFoldResult> offsets, sizes, strides;
  RankedTensorType type;

  PhaseSlice(OpBuilder &b, RankedTensorType whole, int64_t phase, int64_t first,
             int64_t count)
      : offsets({b.getIndexAttr(0), b.getIndexAttr(0), b.getIndexAttr(0),
                 b.getIndexAttr(phase), b.getIndexAttr(first)}),
        strides(5, b.getIndexAttr(1)) {
    SmallVector<int64_t> shape(whole.getShape().take_front(3));
    shape.push_back(count);
    type = whole.clone(shape);
    sizes = getAsIndexOpFoldResult(b.getContext(), whole.getShape());
    sizes[3] = b.getIndexAttr(1);
    sizes[4] = b.getIndexAttr(count);
  }
};

} // namespace

Value mlir::sic::sliceEvery(OpBuilder &b, Location loc, Value value,
                            int64_t dim, OpFoldResult first, int64_t step,
                            int64_t count) {
  auto type = cast<RankedTensorType>(value.getType());
  StridedSlice slice(b, type.getShape(), dim, first, step, count);
  return b.create<tensor::ExtractSliceOp>(loc, type.clone(slice.shape), value,
                                          slice.offsets, slice.sizes,
                                          slice.strides);
}

Value mlir::sic::insertEvery(OpBuilder &b, Location loc, Value value,
                             Value into, int64_t dim, OpFoldResult first,
                             int64_t step) {
  auto type = cast<RankedTensorType>(value.getType());
  StridedSlice slice(b, type.getShape(), dim, first, step,
                     type.getDimSize(dim));
  return b.create<tensor::InsertSliceOp>(loc, value, into, slice.offsets,
                                         slice.sizes, slice.strides);
}

OpFoldResult mlir::sic::buildRow(OpBuilder &b, Location loc, OpFoldResult first,
                                 int64_t scale, int64_t offset) {
  if (std::optional<int64_t> constant = getConstantIntValue(first))
    return b.getIndexAttr(*constant * scale + offset);
  Value scaled = b.create<arith::MulIOp>(
      loc, cast<Value>(first), b.create<arith::ConstantIndexOp>(loc, scale));
  if (offset == 0)
    return scaled;
  return b
      .create<arith::AddIOp>(loc, scaled,
                             b.create<arith::ConstantIndexOp>(loc, offset))
      .getResult();
}

SmallVector<Value> mlir::sic::buildSums(
    OpBuilder &b, Location loc, ValueRange inputs, ValueRange inits,
    function_ref<SmallVector<Value>(OpBuilder &, Location, ValueRange)> body,
    ArrayRef<AffineMap> maps) {
  int64_t rank = cast<RankedTensorType>(inits[0].getType()).getRank();
  auto identity = b.getMultiDimIdentityMap(rank);
  SmallVector<AffineMap> allMaps(maps);
  if (allMaps.empty())
    allMaps.assign(inputs.size(), identity);
  if (allMaps.size() == inputs.size())
    allMaps.append(inits.size(), identity);
  auto generic = b.create<linalg::GenericOp>(
      loc, ValueRange(inits).getTypes(), inputs, inits, allMaps,
      SmallVector<IteratorType>(rank, IteratorType::parallel),
      [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        nested.create<linalg::YieldOp>(nestedLoc,
                                       body(nested, nestedLoc, args));
      });
  return generic.getResults();
}

SmallVector<Value> mlir::sic::buildFlatSums(
    OpBuilder &b, Location loc, ValueRange inputs, ValueRange inits,
    function_ref<SmallVector<Value>(OpBuilder &, Location, ValueRange)> body) {
  auto flatten = [&](ValueRange values) {
    SmallVector<Value> flat;
    for (Value value : values)
      flat.push_back(b.create<tensor::CollapseShapeOp>(
          loc, value, ArrayRef<ReassociationIndices>{{0}, {1}, {2}, {3, 4}}));
    return flat;
  };
  SmallVector<Value> results =
      buildSums(b, loc, flatten(inputs), flatten(inits), body);
  for (auto [result, init] : llvm::zip(results, inits)) {
    auto type = cast<RankedTensorType>(init.getType());
    result = b.create<tensor::ExpandShapeOp>(
        loc, type, result,
        ArrayRef<ReassociationIndices>{{0}, {1}, {2}, {3, 4}});
  }
  return results;
}

Value mlir::sic::expandColumns(OpBuilder &b, Location loc, Value value,
                               int64_t m) {
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<int64_t> shape(type.getShape().drop_back());
  shape.append({type.getDimSize(3) / m, m});
  return b.create<tensor::ExpandShapeOp>(
      loc, type.clone(shape), value,
      ArrayRef<ReassociationIndices>{{0}, {1}, {2}, {3, 4}});
}

Value mlir::sic::collapseColumns(OpBuilder &b, Location loc, Value value) {
  return b.create<tensor::CollapseShapeOp>(
      loc, value, ArrayRef<ReassociationIndices>{{0}, {1}, {2}, {3, 4}});
}

AffineMap mlir::sic::getTransposedMap(MLIRContext *context) {
  return AffineMap::getPermutationMap(ArrayRef<unsigned>{0, 1, 2, 4, 3},
                                      context);
}

Value mlir::sic::permuteDims(OpBuilder &b, Location loc, Value value,
                             ArrayRef<unsigned> read) {
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<int64_t> shape(type.getRank());
  for (auto [dim, size] : llvm::enumerate(type.getShape()))
    shape[read[dim]] = size;
  Value init = b.create<tensor::EmptyOp>(loc, shape, type.getElementType());
  return buildSums(
             b, loc, value, init,
             [](OpBuilder &, Location, ValueRange args) {
               return SmallVector<Value>{args[0]};
             },
             AffineMap::getPermutationMap(read, b.getContext()))
      .front();
}

Value mlir::sic::transposeColumns(OpBuilder &b, Location loc, Value value) {
  return permuteDims(b, loc, value, {0, 1, 2, 4, 3});
}

Value mlir::sic::slicePhase(OpBuilder &b, Location loc, Value value,
                            int64_t phase, int64_t first, int64_t count) {
  PhaseSlice slice(b, cast<RankedTensorType>(value.getType()), phase, first,
                   count);
  return b.create<tensor::ExtractSliceOp>(loc, slice.type, value, slice.offsets,
                                          slice.sizes, slice.strides);
}

Value mlir::sic::insertPhase(OpBuilder &b, Location loc, Value value,
                             Value into, int64_t phase) {
  auto type = cast<RankedTensorType>(value.getType());
  PhaseSlice slice(b, cast<RankedTensorType>(into.getType()), phase, 0,
                   type.getDimSize(3));
  return b.create<tensor::InsertSliceOp>(loc, value, into, slice.offsets,
                                         slice.sizes, slice.strides);
}

Value mlir::sic::padEnd(OpBuilder &b, Location loc, Value value, int64_t dim,
                        int64_t extra) {
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<int64_t> shape(type.getShape());
  shape[dim] += extra;
  SmallVector<OpFoldResult> low(4, b.getIndexAttr(0));
  SmallVector<OpFoldResult> high(4, b.getIndexAttr(0));
  Value source = value;
  Value padding;
  auto pad = value.getDefiningOp<tensor::PadOp>();
  if (pad && pad.getConstantPaddingValue() &&
      matchPattern(pad.getConstantPaddingValue(), m_AnyZeroFloat()) &&
      pad.getStaticLow().size() == 4 &&
      !ShapedType::isDynamic(pad.getStaticHigh()[dim])) {
    source = pad.getSource();
    low = pad.getMixedLowPad();
    high = pad.getMixedHighPad();
    // Made again: the pad's own may live in its body.
    Attribute zero;
    matchPattern(pad.getConstantPaddingValue(), m_Constant(&zero));
    padding = b.create<arith::ConstantOp>(loc, cast<TypedAttr>(zero));
  } else {
    padding =
        b.create<arith::ConstantOp>(loc, b.getZeroAttr(type.getElementType()));
  }
  high[dim] =
      b.getIndexAttr(getConstantIntValue(high[dim]).value_or(0) + extra);
  return b.create<tensor::PadOp>(loc, type.clone(shape), source, low, high,
                                 padding);
}

Value mlir::sic::collapseTiles(OpBuilder &b, Location loc, Value value) {
  return b.create<tensor::CollapseShapeOp>(
      loc, value, ArrayRef<ReassociationIndices>{{0}, {1}, {2, 3}});
}

Value mlir::sic::expandTiles(OpBuilder &b, Location loc, Value value,
                             int64_t columns) {
  auto type = cast<RankedTensorType>(value.getType());
  int64_t whole = type.getDimSize(2);
  SmallVector<int64_t> shape = {type.getDimSize(0), type.getDimSize(1),
                                columns ? whole / columns : 1,
                                columns ? columns : whole};
  return b.create<tensor::ExpandShapeOp>(
      loc, type.clone(shape), value,
      ArrayRef<ReassociationIndices>{{0}, {1}, {2, 3}});
}
