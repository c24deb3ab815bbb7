//===- ScatterLowering.cpp - sic scatter_elements and scatter_nd to scf ---===//
//
// A scatter is a loop nest over its updates, in row-major order, carrying
// the output tensor (the data to begin with): each iteration reads its
// indices, checks each once against its dimension (buildCheckedIndex: an
// index out of range fails the run and writes element 0 instead, so no
// write leaves the output), combines the update with the element it lands
// on and inserts the result. Once bufferized the loop writes in place into
// the output's buffer, which starts as a copy of the data (bufferization's
// where the data is an input or still read; an explicit one where it is a
// constant).
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"

#include "sic/Conversion/SicToLinalg.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace mlir::sic;

namespace {

/// `update` combined by `reduction` with `current`, the element it lands on.
Value buildCombined(OpBuilder &b, Location loc, ScatterReduction reduction,
                    Value current, Value update) {
  switch (reduction) {
  case ScatterReduction::none:
    return update;
  case ScatterReduction::add:
    return buildAdd(b, loc, current, update);
  case ScatterReduction::mul:
    return buildBinary<arith::MulFOp, arith::MulIOp>(b, loc, current, update);
  case ScatterReduction::max:
    return buildMax(b, loc, current, update);
  case ScatterReduction::min:
    return buildBinary<arith::MinimumFOp, arith::MinSIOp>(b, loc, current,
                                                          update);
  }
  llvm_unreachable("unknown scatter reduction");
}

/// The checked position along dimension `dim` of `op`'s data that the raw
/// index `raw` selects, as an index.
Value buildPosition(OpBuilder &b, Location loc, Operation *op, Value raw,
                    int64_t dim) {
  auto check = IndexCheckAttr::get(
      b.getContext(), op->getName().getStringRef(), getNodeName(op), dim,
      getTensorType(op->getOperand(0)).getDimSize(dim));
  return b.create<arith::IndexCastOp>(loc, b.getIndexType(),
                                      buildCheckedIndex(b, loc, raw, check));
}

/// `output` with the update `update` combined into its element at
/// `coordinates`.
Value buildScatteredElement(OpBuilder &b, Location loc,
                            ScatterReduction reduction, Value output,
                            Value update, ValueRange coordinates) {
  if (reduction != ScatterReduction::none)
    update = buildCombined(
        b, loc, reduction,
        b.create<tensor::ExtractOp>(loc, output, coordinates), update);
  return b.create<tensor::InsertOp>(loc, update, output, coordinates);
}

/// output[indices[i][j]][j] = updates[i][j] (axis 0), combined by the
/// reduction.
struct ScatterElementsLowering : public OpRewritePattern<ScatterElementsOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ScatterElementsOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType updatesType = getTensorType(op.getUpdates());
    int64_t axis = normalizeVerifiedAxis(op.getAxis(), updatesType.getRank());
    scf::LoopNest loops = buildShapeLoops(
        rewriter, loc, updatesType.getShape(),
        buildUnfoldable(rewriter, loc, op.getData()),
        [&](OpBuilder &b, Location l, ValueRange ivs, ValueRange carried) {
          SmallVector<Value> coordinates(ivs);
          coordinates[axis] = buildPosition(
              b, l, op, b.create<tensor::ExtractOp>(l, op.getIndices(), ivs),
              axis);
          Value update = b.create<tensor::ExtractOp>(l, op.getUpdates(), ivs);
          return scf::ValueVector{buildScatteredElement(
              b, l, op.getReduction(), carried.front(), update, coordinates)};
        });
    rewriter.replaceOp(op, loops.results.front());
    return success();
  }
};

/// output[indices[i][0], ..., indices[i][k-1], rest...] = updates[i, rest...],
/// combined by the reduction.
struct ScatterNDLowering : public OpRewritePattern<ScatterNDOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ScatterNDOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    ArrayRef<int64_t> dataShape = getTensorType(op.getData()).getShape();
    ArrayRef<int64_t> indexShape = getTensorType(op.getIndices()).getShape();
    int64_t depth = indexShape.back();
    scf::LoopNest tuples = buildShapeLoops(
        rewriter, loc, indexShape.drop_back(),
        buildUnfoldable(rewriter, loc, op.getData()),
        [&](OpBuilder &b, Location l, ValueRange tuple, ValueRange carried) {
          // The tuple's indices, each checked once.
          SmallVector<Value> start;
          for (int64_t dim = 0; dim < depth; ++dim) {
            SmallVector<Value> at(tuple);
            at.push_back(b.create<arith::ConstantIndexOp>(l, dim));
            start.push_back(buildPosition(
                b, l, op, b.create<tensor::ExtractOp>(l, op.getIndices(), at),
                dim));
          }
          scf::LoopNest slice = buildShapeLoops(
              b, l, dataShape.drop_front(depth), carried,
              [&](OpBuilder &nb, Location nl, ValueRange rest,
                  ValueRange output) {
                SmallVector<Value> coordinates(start), at(tuple);
                llvm::append_range(coordinates, rest);
                llvm::append_range(at, rest);
                Value update =
                    nb.create<tensor::ExtractOp>(nl, op.getUpdates(), at);
                return scf::ValueVector{
                    buildScatteredElement(nb, nl, op.getReduction(),
                                          output.front(), update, coordinates)};
              });
          return scf::ValueVector(slice.results);
        });
    rewriter.replaceOp(op, tuples.results.front());
    return success();
  }
};

} // namespace

void mlir::sic::populateScatterLoweringPatterns(RewritePatternSet &patterns) {
  patterns.add<ScatterElementsLowering, ScatterNDLowering>(
      patterns.getContext());
}
