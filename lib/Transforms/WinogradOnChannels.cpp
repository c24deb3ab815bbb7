//===- WinogradOnChannels.cpp - F(m x m, 3 x 3) along channels ------------===//
//
// Every sum of the transforms reads and writes whole vectors of channels
// (or filters): the input is transposed to [N, H, W, C] once, and a row or
// column of a tile is then a strided slice along a dim that is not the
// vectors'. The products are one contraction batched over the (m + 2)^2
// of them, whose rows are the tiles and whose columns are the filters, so
// that its register tiles are the contractions' own whatever the map's
// width. The output is Y [N, H, W, F] transposed back as the accumulator's
// start and the epilogue are applied.
//
//===----------------------------------------------------------------------===//

#include "WinogradOnChannels.h"

#include "DirectConvolution.h"
#include "WinogradViews.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace {

using sic::buildSums;
using sic::Every;
using sic::insertEvery;
using sic::permuteDims;
using sic::sliceEvery;
using sic::sumsOf;

/// A new tensor: an allocation, not an empty tensor, which CSE would merge
/// with alike ones into one buffer.
Value buildSlot(OpBuilder &b, Location loc, ArrayRef<int64_t> shape,
                Type element) {
  return b.create<bufferization::AllocTensorOp>(
      loc, RankedTensorType::get(shape, element), ValueRange{});
}

/// Slot `index` of `slots` [K, B, X] as [tiles..., X] (B their product).
Value sliceSlot(OpBuilder &b, Location loc, Value slots, int64_t index,
                ArrayRef<int64_t> tiles) {
  auto type = cast<RankedTensorType>(slots.getType());
  int64_t rows = type.getDimSize(1), width = type.getDimSize(2);
  Value slice = b.create<tensor::ExtractSliceOp>(
      loc, type.clone({rows, width}), slots,
      getAsIndexOpFoldResult(b.getContext(), {index, 0, 0}),
      getAsIndexOpFoldResult(b.getContext(), {1, rows, width}),
      getAsIndexOpFoldResult(b.getContext(), {1, 1, 1}));
  SmallVector<int64_t> shape(tiles);
  shape.push_back(width);
  return b.create<tensor::ExpandShapeOp>(
      loc, type.clone(shape), slice,
      ArrayRef<ReassociationIndices>{{0, 1, 2}, {3}});
}

/// `value` [tiles..., X] written into slot `index` of `slots` [K, B, X].
Value insertSlot(OpBuilder &b, Location loc, Value value, Value slots,
                 int64_t index) {
  auto type = cast<RankedTensorType>(slots.getType());
  Value rows = b.create<tensor::CollapseShapeOp>(
      loc, value, ArrayRef<ReassociationIndices>{{0, 1, 2}, {3}});
  return b.create<tensor::InsertSliceOp>(
      loc, rows, slots, getAsIndexOpFoldResult(b.getContext(), {index, 0, 0}),
      getAsIndexOpFoldResult(b.getContext(),
                             {1, type.getDimSize(1), type.getDimSize(2)}),
      getAsIndexOpFoldResult(b.getContext(), {1, 1, 1}));
}

/// The products M_ij [K, B, F] = V_ij [K, B, C] U_ij^T [K, C, F].
Value buildProducts(OpBuilder &b, Location loc, Value sums, Value filters) {
  auto sumsType = cast<RankedTensorType>(sums.getType());
  int64_t filterCount = cast<RankedTensorType>(filters.getType()).getDimSize(2);
  Type element = sumsType.getElementType();
  Value zero = b.create<arith::ConstantOp>(loc, b.getFloatAttr(element, 0));
  Value init =
      b.create<linalg::FillOp>(loc, zero,
                               buildSlot(b, loc,
                                         {sumsType.getDimSize(0),
                                          sumsType.getDimSize(1), filterCount},
                                         element))
          .getResult(0);
  MLIRContext *context = b.getContext();
  auto map = [&](ArrayRef<unsigned> dims) {
    return AffineMap::getMultiDimMapWithTargets(4, dims, context);
  };
  using utils::IteratorType;
  return b
      .create<linalg::GenericOp>(
          loc, init.getType(), ValueRange{sums, filters}, init,
          ArrayRef<AffineMap>{map({0, 1, 3}), map({0, 3, 2}), map({0, 1, 2})},
          ArrayRef<IteratorType>{IteratorType::parallel, IteratorType::parallel,
                                 IteratorType::parallel,
                                 IteratorType::reduction},
          [](OpBuilder &nested, Location nestedLoc, ValueRange args) {
            sic::buildMultiplyAdd(nested, nestedLoc, args);
          })
      .getResult(0);
}

} // namespace

void mlir::sic::rewriteWinogradOnChannels(RewriterBase &rewriter,
                                          linalg::Conv2DNchwFchwOp conv,
                                          const MinimalFiltering &filtering,
                                          int64_t alignment) {
  Location loc = conv.getLoc();
  int64_t m = filtering.rows, count = filtering.getProducts();
  auto outputType = cast<RankedTensorType>(conv->getResult(0).getType());
  Type element = outputType.getElementType();
  ArrayRef<int64_t> out = outputType.getShape();
  int64_t batch = out[0], filters = out[1];
  int64_t tileRows = llvm::divideCeil(out[2], m);
  int64_t tileColumns = llvm::divideCeil(out[3], m);
  SmallVector<int64_t> tiles = {batch, tileRows, tileColumns};
  int64_t tileCount = batch * tileRows * tileColumns;
  Value input = conv.getInputs()[0];
  int64_t channels = cast<RankedTensorType>(input.getType()).getDimSize(1);
  linalg::GenericOp epilogue = getEpilogue(conv);
  auto start = dyn_cast_or_null<linalg::GenericOp>(
      getAccumulatorStart(conv).getOperation());
  rewriter.setInsertionPoint(epilogue ? epilogue.getOperation()
                                      : conv.getOperation());

  // The input with whole tiles of rows and columns, channels last.
  if (int64_t extra = m * tileRows - out[2])
    input = padEnd(rewriter, loc, input, 2, extra);
  if (int64_t extra = m * tileColumns - out[3])
    input = padEnd(rewriter, loc, input, 3, extra);
  // [N, C, H, W] as [N, H, W, C].
  Value x = permuteDims(rewriter, loc, input, {0, 3, 1, 2});
  int64_t width = m * tileColumns + 2;

  // R_i, then V_ij into slot i (m + 2) + j.
  SmallVector<Value> inputRows, rowSums;
  for (int64_t r = 0; r < count; ++r) {
    inputRows.push_back(
        sliceEvery(rewriter, loc, x, 1, rewriter.getIndexAttr(r), m, tileRows));
    rowSums.push_back(
        buildSlot(rewriter, loc, {batch, tileRows, width, channels}, element));
  }
  rowSums =
      buildSums(rewriter, loc, inputRows, rowSums, sumsOf(filtering.bt, count));
  Value sums =
      buildSlot(rewriter, loc, {count * count, tileCount, channels}, element);
  for (int64_t i = 0; i < count; ++i) {
    SmallVector<Value> columns, inits;
    for (int64_t q = 0; q < count; ++q) {
      columns.push_back(sliceEvery(rewriter, loc, rowSums[i], 2,
                                   rewriter.getIndexAttr(q), m, tileColumns));
      inits.push_back(sliceSlot(rewriter, loc, sums, i * count + q, tiles));
    }
    SmallVector<Value> combined =
        buildSums(rewriter, loc, columns, inits, sumsOf(filtering.bt, count));
    for (int64_t j = 0; j < count; ++j)
      sums = insertSlot(rewriter, loc, combined[j], sums, i * count + j);
  }

  Value products = buildProducts(
      rewriter, loc, sums,
      buildTransposedProductFilters(
          rewriter, loc, conv.getInputs()[1].getDefiningOp<arith::ConstantOp>(),
          filtering, alignment));

  // P_ib, then each Y_ab written into Y [N, m T, m S, F] (each slice taken
  // after the one before it is in, so that all are written in place).
  SmallVector<SmallVector<Value>> partial;
  for (int64_t i = 0; i < count; ++i) {
    SmallVector<Value> terms, inits;
    for (int64_t j = 0; j < count; ++j)
      terms.push_back(sliceSlot(rewriter, loc, products, i * count + j, tiles));
    for (int64_t column = 0; column < m; ++column)
      inits.push_back(buildSlot(
          rewriter, loc, {batch, tileRows, tileColumns, filters}, element));
    partial.push_back(
        buildSums(rewriter, loc, terms, inits, sumsOf(filtering.at, count)));
  }
  SmallVector<int64_t> whole = {batch, m * tileRows, m * tileColumns, filters};
  Value y = buildSlot(rewriter, loc, whole, element);
  for (int64_t column = 0; column < m; ++column) {
    SmallVector<Value> terms;
    for (int64_t i = 0; i < count; ++i)
      terms.push_back(partial[i][column]);
    for (int64_t a = 0; a < m; ++a) {
      // Output (a, column) of every tile.
      SmallVector<Every> entries = {
          {1, rewriter.getIndexAttr(a), m, tileRows},
          {2, rewriter.getIndexAttr(column), m, tileColumns}};
      Value sum =
          buildSums(rewriter, loc, terms, sliceEvery(rewriter, loc, y, entries),
                    sumsOf(filtering.at.slice(a * count, count), count))
              .front();
      y = insertEvery(rewriter, loc, sum, y, entries);
    }
  }
  if (whole[1] != out[2] || whole[2] != out[3])
    y = rewriter.create<tensor::ExtractSliceOp>(
        loc, RankedTensorType::get({batch, out[2], out[3], filters}, element),
        y, getAsIndexOpFoldResult(rewriter.getContext(), {0, 0, 0, 0}),
        getAsIndexOpFoldResult(rewriter.getContext(),
                               {batch, out[2], out[3], filters}),
        getAsIndexOpFoldResult(rewriter.getContext(), {1, 1, 1, 1}));

  // The output: Y transposed, plus the accumulator (its start's body when
  // it has one), then the epilogue.
  SmallVector<Value> inputs = {y};
  SmallVector<AffineMap> maps = {AffineMap::getPermutationMap(
      ArrayRef<unsigned>{0, 2, 3, 1}, rewriter.getContext())};
  int64_t startInputs = 1;
  if (start) {
    llvm::append_range(inputs, start.getDpsInputs());
    for (OpOperand *operand : start.getDpsInputOperands())
      maps.push_back(start.getMatchingIndexingMap(operand));
    startInputs = start.getNumDpsInputs();
  } else {
    inputs.push_back(conv.getOutputs()[0]);
    maps.push_back(rewriter.getMultiDimIdentityMap(4));
  }
  SmallVector<Value> others;
  if (epilogue)
    for (Value operand : epilogue.getDpsInputs())
      if (operand != conv->getResult(0))
        others.push_back(operand);
  llvm::append_range(inputs, others);
  maps.append(others.size(), rewriter.getMultiDimIdentityMap(4));
  Value init = epilogue ? epilogue.getDpsInitOperand(0)->get()
                        : rewriter.create<tensor::EmptyOp>(
                              loc, outputType.getShape(), element);
  Value result =
      buildSums(
          rewriter, loc, inputs, init,
          [&](OpBuilder &b, Location bodyLoc, ValueRange args) {
            ValueRange accumulator = args.slice(1, startInputs);
            Value sum = b.create<arith::AddFOp>(
                bodyLoc,
                start ? applyBody(b, start, accumulator) : accumulator[0],
                args[0]);
            if (epilogue)
              sum = applyEpilogue(b, epilogue, conv->getResult(0), sum,
                                  args.slice(1 + startInputs, others.size()));
            return SmallVector<Value>{sum};
          },
          maps)
          .front();
  if (epilogue) {
    rewriter.replaceOp(epilogue, result);
    rewriter.eraseOp(conv);
  } else {
    rewriter.replaceOp(conv, result);
  }
  if (start)
    rewriter.eraseOp(start);
}
