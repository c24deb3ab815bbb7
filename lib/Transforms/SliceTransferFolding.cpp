//===- SliceTransferFolding.cpp - Slices folded into vector transfers -----===//

#include "SliceTransferFolding.h"

#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;

namespace {

/// insert_slice(transfer_write(v, S), D) -> transfer_write(v, D) at the
/// slice's offsets, when v covers all of S: an unmasked, in-bounds write at
/// index 0 whose vector is S's trailing dims (S's leading dims, if any,
/// being 1), with unit strides. A rank-reducing insert_slice maps S's dims
/// to D's dims that it keeps.
struct InsertSliceOfCoveringWrite
    : public OpRewritePattern<tensor::InsertSliceOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(tensor::InsertSliceOp insert,
                                PatternRewriter &rewriter) const override {
    auto write = insert.getSource().getDefiningOp<vector::TransferWriteOp>();
    if (!write || !write.hasPureTensorSemantics() || write.getMask() ||
        write.hasOutOfBoundsDim() || !insert.hasUnitStride() ||
        !write.getPermutationMap().isMinorIdentity() ||
        !llvm::all_of(write.getIndices(),
                      [](Value index) { return isConstantIntValue(index, 0); }))
      return failure();
    ArrayRef<int64_t> source = insert.getSourceType().getShape();
    ArrayRef<int64_t> vector = write.getVectorType().getShape();
    size_t leading = source.size() - vector.size();
    if (ArrayRef<int64_t>(source).drop_front(leading) != vector ||
        !llvm::all_of(source.take_front(leading),
                      [](int64_t dim) { return dim == 1; }))
      return failure();

    // The dims of D that S's dims are, and of those the vector's.
    int64_t destRank = insert.getDestType().getRank();
    llvm::SmallBitVector dropped = insert.getDroppedDims();
    SmallVector<AffineExpr> vectorDims;
    for (int64_t dim = 0; dim < destRank; ++dim)
      if (!dropped.test(dim))
        vectorDims.push_back(rewriter.getAffineDimExpr(dim));
    vectorDims.erase(vectorDims.begin(), vectorDims.begin() + leading);
    AffineMap map = AffineMap::get(destRank, 0, vectorDims, getContext());
    SmallVector<Value> offsets = getValueOrCreateConstantIndexOp(
        rewriter, insert.getLoc(), insert.getMixedOffsets());
    rewriter.replaceOpWithNewOp<vector::TransferWriteOp>(
        insert, write.getVector(), insert.getDest(), offsets,
        AffineMapAttr::get(map),
        rewriter.getBoolArrayAttr(SmallVector<bool>(vector.size(), true)));
    return success();
  }
};

} // namespace

void mlir::sic::populateSliceTransferFoldingPatterns(
    RewritePatternSet &patterns) {
  RewritePatternSet upstream(patterns.getContext());
  tensor::populateFoldTensorSubsetIntoVectorTransferPatterns(upstream);
  for (std::unique_ptr<RewritePattern> &pattern : upstream.getNativePatterns())
    if (!pattern->getDebugName().contains("InsertSliceOfTransferWrite"))
      patterns.add(std::move(pattern));
  patterns.add<InsertSliceOfCoveringWrite>(patterns.getContext());
}
