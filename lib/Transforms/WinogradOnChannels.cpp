//===- WinogradOnChannels.cpp - F(m x m, 3 x 3) along channels ------------===//
//
// Every sum of the transforms reads and writes whole vectors of channels
// (or filters): the input is transposed to [N, H, W, C] once, and a row or
// column of a tile is then a strided slice along a dim that is not the
// vectors'. Each transform is one generic whose coefficients are inputs
// (multiply-adds of every term, zeros too): fewer, larger ops than
// one per row of the transform's matrix, which compile to a fraction of
// the code and have the work to share between threads. The products are
// one contraction batched over the (m + 2)^2 of them, whose rows are the
// tiles and whose columns are the filters, so that its register tiles are
// the contractions' own whatever the map's width. The output is Y [N, H,
// W, F] transposed back as the accumulator's start and the epilogue are
// applied.
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
using sic::permuteDims;
using sic::sliceEvery;

/// A new tensor: an allocation, not an empty tensor, which CSE would merge
/// with alike ones into one buffer.
Value buildSlot(OpBuilder &b, Location loc, ArrayRef<int64_t> shape,
                Type element) {
  return b.create<bufferization::AllocTensorOp>(
      loc, RankedTensorType::get(shape, element), ValueRange{});
}

/// Column `column` of `matrix` (rows of `count`) as a constant [rows].
Value buildColumn(OpBuilder &b, Location loc, ArrayRef<double> matrix,
                  int64_t count, int64_t column, Type element) {
  SmallVector<Attribute> values;
  for (int64_t row = 0; row * count < int64_t(matrix.size()); ++row)
    values.push_back(b.getFloatAttr(element, matrix[row * count + column]));
  auto type = RankedTensorType::get({int64_t(values.size())}, element);
  return b.create<arith::ConstantOp>(loc, DenseElementsAttr::get(type, values));
}

/// init[..] = sum_q matrix[row, q] terms[q][..] (`matrix` in rows of
/// terms.size()), where dim `rowDim` of `init` is the row and each term is
/// read through `termMap` (from the dims of `init`): one generic, whose
/// coefficients are inputs (a column of `matrix` each), so that one body
/// serves every row. The row is its loop next to the innermost: the terms'
/// vectors it reads for one row are still in L1 for the next.
Value combine(OpBuilder &b, Location loc, ArrayRef<double> matrix,
              unsigned rowDim, ValueRange terms, AffineMap termMap,
              Value init) {
  int64_t count = terms.size();
  auto type = cast<RankedTensorType>(init.getType());
  unsigned rank = type.getRank();
  // The loop of each dim of `init`: the row's second to last.
  SmallVector<AffineExpr> loops;
  for (unsigned dim = 0, next = 0; dim < rank; ++dim) {
    if (dim == rowDim) {
      loops.push_back(b.getAffineDimExpr(rank - 2));
      continue;
    }
    if (next == rank - 2)
      ++next;
    loops.push_back(b.getAffineDimExpr(next++));
  }
  AffineMap output = AffineMap::get(rank, 0, loops, b.getContext());
  SmallVector<Value> inputs;
  SmallVector<AffineMap> maps;
  for (int64_t q = 0; q < count; ++q) {
    inputs.push_back(
        buildColumn(b, loc, matrix, count, q, type.getElementType()));
    maps.push_back(AffineMap::get(rank, 0, b.getAffineDimExpr(rank - 2)));
  }
  llvm::append_range(inputs, terms);
  maps.append(count, termMap.compose(output));
  maps.push_back(output);
  return sic::buildSums(
             b, loc, inputs, init,
             [&](OpBuilder &nested, Location bodyLoc, ValueRange args) {
               // Multiplies and adds LLVM may fuse: fused multiply-adds
               // where the target has them, no call to fmaf where not.
               auto contract = arith::FastMathFlags::contract;
               Value sum = nested.create<arith::MulFOp>(bodyLoc, args[0],
                                                        args[count], contract);
               for (int64_t q = 1; q < count; ++q)
                 sum = nested.create<arith::AddFOp>(
                     bodyLoc,
                     nested.create<arith::MulFOp>(bodyLoc, args[q],
                                                  args[count + q], contract),
                     sum, contract);
               return SmallVector<Value>{sum};
             },
             maps)
      .front();
}

/// `value`[.., index, ..] along dim `dim`, without that dim.
Value sliceAt(OpBuilder &b, Location loc, Value value, int64_t dim,
              int64_t index) {
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<OpFoldResult> offsets(type.getRank(), b.getIndexAttr(0));
  offsets[dim] = b.getIndexAttr(index);
  SmallVector<OpFoldResult> sizes =
      getAsIndexOpFoldResult(b.getContext(), type.getShape());
  sizes[dim] = b.getIndexAttr(1);
  SmallVector<int64_t> shape(type.getShape());
  shape.erase(shape.begin() + dim);
  return b.create<tensor::ExtractSliceOp>(
      loc, type.clone(shape), value, offsets, sizes,
      SmallVector<OpFoldResult>(type.getRank(), b.getIndexAttr(1)));
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
  MLIRContext *context = rewriter.getContext();
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

  // R [i, N, T, width, C] = sum_r BT[i, r] x[N, m t + r, width, C], then
  // V [i, j, N, T, S, C] = sum_q BT[j, q] R[i, N, T, m s + q, C], as the
  // slots [i (m + 2) + j, tiles, C] of the products' left-hand side.
  auto map = [&](unsigned dims, ArrayRef<unsigned> targets) {
    return AffineMap::getMultiDimMapWithTargets(dims, targets, context);
  };
  SmallVector<Value> inputRows;
  for (int64_t r = 0; r < count; ++r)
    inputRows.push_back(
        sliceEvery(rewriter, loc, x, 1, rewriter.getIndexAttr(r), m, tileRows));
  Value rowSums =
      combine(rewriter, loc, filtering.bt, 0, inputRows, map(5, {1, 2, 3, 4}),
              buildSlot(rewriter, loc,
                        {count, batch, tileRows, width, channels}, element));
  SmallVector<Value> columns;
  for (int64_t q = 0; q < count; ++q)
    columns.push_back(sliceEvery(rewriter, loc, rowSums, 3,
                                 rewriter.getIndexAttr(q), m, tileColumns));
  Value sums =
      combine(rewriter, loc, filtering.bt, 1, columns, map(6, {0, 2, 3, 4, 5}),
              buildSlot(rewriter, loc,
                        {count, count, batch, tileRows, tileColumns, channels},
                        element));
  sums = rewriter.create<tensor::CollapseShapeOp>(
      loc, sums, ArrayRef<ReassociationIndices>{{0, 1}, {2, 3, 4}, {5}});

  Value products = buildProducts(
      rewriter, loc, sums,
      buildTransposedProductFilters(
          rewriter, loc, conv.getInputs()[1].getDefiningOp<arith::ConstantOp>(),
          filtering, alignment));

  // P [i, b, N, T, S, F] = sum_j AT[b, j] M[i, j, N, T, S, F], then
  // Y [N, T, a, S, b, F] = sum_i AT[a, i] P[i, b, N, T, S, F], which is
  // Y [N, m T, m S, F].
  products = rewriter.create<tensor::ExpandShapeOp>(
      loc,
      RankedTensorType::get(
          {count, count, batch, tileRows, tileColumns, filters}, element),
      products, ArrayRef<ReassociationIndices>{{0, 1}, {2, 3, 4}, {5}});
  SmallVector<Value> terms;
  for (int64_t j = 0; j < count; ++j)
    terms.push_back(sliceAt(rewriter, loc, products, 1, j));
  Value partial = combine(
      rewriter, loc, filtering.at, 1, terms, map(6, {0, 2, 3, 4, 5}),
      buildSlot(rewriter, loc,
                {count, m, batch, tileRows, tileColumns, filters}, element));
  terms.clear();
  for (int64_t i = 0; i < count; ++i)
    terms.push_back(sliceAt(rewriter, loc, partial, 0, i));
  Value y = combine(
      rewriter, loc, filtering.at, 2, terms, map(6, {4, 0, 1, 3, 5}),
      buildSlot(rewriter, loc, {batch, tileRows, m, tileColumns, m, filters},
                element));
  y = rewriter.create<tensor::CollapseShapeOp>(
      loc, y, ArrayRef<ReassociationIndices>{{0}, {1, 2}, {3, 4}, {5}});
  if (m * tileRows != out[2] || m * tileColumns != out[3])
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
