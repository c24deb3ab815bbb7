//===- GatherNDLowering.cpp - sic gather_nd to scf and linalg.generic -----===//
//
// gather_nd normalizes its index tuples first, each index once: constant
// ones were checked and normalized when the model was compiled; ones
// computed at run time by a loop nest over the tuples that checks each
// index against its own dimension (buildCheckedIndex). One linalg.generic
// over the output then reads, for each element, its tuple's normalized
// indices and the data element they select.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"

#include "sic/Conversion/SicToLinalg.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace mlir::sic;

namespace {

/// The index tuples of `op` as i64 positions in [0, n), in the shape of its
/// indices.
Value buildNormalizedTuples(OpBuilder &b, GatherNDOp op) {
  Location loc = op.getLoc();
  RankedTensorType indexType = getTensorType(op.getIndices());
  auto normalizedType =
      RankedTensorType::get(indexType.getShape(), b.getI64Type());
  // The op is verified: constant indices are readable and in range.
  if (std::optional<SmallVector<int64_t>> constant = *readGatherIndices(op))
    return b.create<arith::ConstantOp>(
        loc, DenseElementsAttr::get(normalizedType, ArrayRef(*constant)));
  ArrayRef<int64_t> shape = indexType.getShape();
  int64_t depth = shape.back(), batch = op.getBatchDims();
  ArrayRef<int64_t> dataShape = getTensorType(op.getData()).getShape();
  scf::LoopNest loops = buildShapeLoops(
      b, loc, shape.drop_back(), buildEmpty(b, loc, normalizedType),
      [&](OpBuilder &nb, Location l, ValueRange tuple, ValueRange carried) {
        Value normalized = carried.front();
        for (int64_t position = 0; position < depth; ++position) {
          SmallVector<Value> at(tuple);
          at.push_back(nb.create<arith::ConstantIndexOp>(l, position));
          int64_t dim = batch + position;
          auto check =
              IndexCheckAttr::get(nb.getContext(), op->getName().getStringRef(),
                                  getNodeName(op), dim, dataShape[dim]);
          Value index = buildCheckedIndex(
              nb, l, nb.create<tensor::ExtractOp>(l, op.getIndices(), at),
              check);
          normalized = nb.create<tensor::InsertOp>(l, index, normalized, at);
        }
        return scf::ValueVector{normalized};
      });
  return loops.results.front();
}

/// output[batch..., t..., rest...] = data[batch..., tuple(t)..., rest...].
struct GatherNDLowering : public OpRewritePattern<GatherNDOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(GatherNDOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType resultType = getTensorType(op.getOutput());
    int64_t tupleRank = getTensorType(op.getIndices()).getRank() - 1;
    int64_t depth = getTensorType(op.getIndices()).getShape().back();
    int64_t batch = op.getBatchDims(), rank = resultType.getRank();
    Value tuples = buildNormalizedTuples(rewriter, op);
    Value data =
        buildFoldableData(rewriter, loc, op.getData(), op.getIndices());
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    auto generic = rewriter.create<linalg::GenericOp>(
        loc, resultType, ValueRange(), buildEmpty(rewriter, loc, resultType),
        ArrayRef<AffineMap>{rewriter.getMultiDimIdentityMap(rank)}, iterators,
        [&](OpBuilder &b, Location l, ValueRange) {
          SmallVector<Value> position, coordinates;
          for (int64_t dim = 0; dim < rank; ++dim)
            position.push_back(b.create<linalg::IndexOp>(l, dim));
          coordinates.append(position.begin(), position.begin() + batch);
          for (int64_t component = 0; component < depth; ++component) {
            SmallVector<Value> at(position.begin(),
                                  position.begin() + tupleRank);
            at.push_back(b.create<arith::ConstantIndexOp>(l, component));
            coordinates.push_back(b.create<arith::IndexCastOp>(
                l, b.getIndexType(),
                b.create<tensor::ExtractOp>(l, tuples, at)));
          }
          coordinates.append(position.begin() + tupleRank, position.end());
          b.create<linalg::YieldOp>(
              l, b.create<tensor::ExtractOp>(l, data, coordinates).getResult());
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

} // namespace

void mlir::sic::populateGatherNDLoweringPatterns(RewritePatternSet &patterns) {
  patterns.add<GatherNDLowering>(patterns.getContext());
}
