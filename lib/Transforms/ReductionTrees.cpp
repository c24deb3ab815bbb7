//===- ReductionTrees.cpp - Horizontal min/max in vector registers --------===//

#include "ReductionTrees.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;

namespace {

using Kind = vector::CombiningKind;

void rewrite(RewriterBase &rewriter, vector::ReductionOp reduction) {
  Location loc = reduction.getLoc();
  Kind kind = reduction.getKind();
  rewriter.setInsertionPoint(reduction);
  Value vector = reduction.getVector();
  int64_t lanes = reduction.getSourceVectorType().getNumElements();
  // Halves while wider than 4 lanes.
  for (; lanes > 4; lanes /= 2) {
    auto half = [&](int64_t offset) {
      return rewriter.create<vector::ExtractStridedSliceOp>(
          loc, vector, ArrayRef<int64_t>{offset}, ArrayRef<int64_t>{lanes / 2},
          ArrayRef<int64_t>{1});
    };
    // Named first: the order of arguments' evaluation is the compiler's.
    Value low = half(0);
    Value high = half(lanes / 2);
    vector = vector::makeArithReduction(rewriter, loc, kind, low, high);
  }
  // The initial value joins every lane, then lanes swap pairs, then
  // neighbors.
  if (Value acc = reduction.getAcc())
    vector = vector::makeArithReduction(
        rewriter, loc, kind, vector,
        rewriter.create<vector::BroadcastOp>(loc, vector.getType(), acc));
  static const int64_t pairs[] = {2, 3, 0, 1}, neighbors[] = {1, 0, 3, 2};
  for (ArrayRef<int64_t> mask : {ArrayRef(pairs), ArrayRef(neighbors)})
    vector = vector::makeArithReduction(
        rewriter, loc, kind, vector,
        rewriter.create<vector::ShuffleOp>(loc, vector, vector, mask));
  rewriter.replaceOpWithNewOp<vector::ExtractOp>(reduction, vector, 0);
}

} // namespace

void mlir::sic::buildMinMaxReductionTrees(RewriterBase &rewriter,
                                          Operation *root) {
  SmallVector<vector::ReductionOp> found;
  root->walk([&](vector::ReductionOp reduction) {
    VectorType type = reduction.getSourceVectorType();
    Kind kind = reduction.getKind();
    int64_t lanes = type.getNumElements();
    if ((kind == Kind::MAXIMUMF || kind == Kind::MINIMUMF ||
         kind == Kind::MAXNUMF || kind == Kind::MINNUMF) &&
        type.getRank() == 1 && !type.isScalable() && lanes >= 4 &&
        llvm::isPowerOf2_64(lanes))
      found.push_back(reduction);
  });
  for (vector::ReductionOp reduction : found)
    rewrite(rewriter, reduction);
}
