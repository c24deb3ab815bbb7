//===- StaticTiles.cpp - Tiling into tiles of one static shape ------------===//

#include "StaticTiles.h"

#include "dialects/Sic/IR/SicDialect.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/Transforms.h"

using namespace mlir;

bool mlir::sic::canTileStatically(linalg::LinalgOp op) {
  if (llvm::is_contained(op.getStaticLoopRanges(), 0))
    return false;
  auto isIncreasing = [](AffineExpr expr) {
    bool increasing = true;
    expr.walk([&](AffineExpr sub) {
      if (auto binary = dyn_cast<AffineBinaryOpExpr>(sub)) {
        auto factor = dyn_cast<AffineConstantExpr>(binary.getRHS());
        if (binary.getKind() != AffineExprKind::Add &&
            (binary.getKind() != AffineExprKind::Mul || !factor ||
             factor.getValue() < 0))
          increasing = false;
      }
    });
    return increasing;
  };
  return llvm::all_of(op.getIndexingMapsArray(), [&](AffineMap map) {
    return llvm::all_of(map.getResults(), isIncreasing);
  });
}

LogicalResult mlir::sic::tileStatically(
    RewriterBase &rewriter, linalg::LinalgOp op, ArrayRef<int64_t> sizes,
    ArrayRef<int64_t> order,
    function_ref<void(const scf::SCFTilingResult &)> mark) {
  assert(canTileStatically(op) && "not an op of static tiles");
  auto tileable = dyn_cast<TilingInterface>(op.getOperation());
  if (!tileable)
    return failure();
  scf::SCFTilingOptions options;
  options.setTileSizes(getAsIndexOpFoldResult(op.getContext(), sizes));
  if (!order.empty())
    options.setInterchange(order);
  rewriter.setInsertionPoint(op);
  FailureOr<scf::SCFTilingResult> tiled =
      scf::tileUsingSCF(rewriter, tileable, options);
  if (failed(tiled))
    return failure();
  rewriter.replaceOp(op, tiled->replacements);
  mark(*tiled);
  // Inner loops first: peeling an outer loop then copies the peeled inner
  // ones. A loop whose step divides its range stays as it is.
  for (LoopLikeOpInterface loop : llvm::reverse(tiled->loops))
    if (auto forOp = dyn_cast<scf::ForOp>(loop.getOperation())) {
      scf::ForOp remainder;
      (void)scf::peelForLoopAndSimplifyBounds(rewriter, forOp, remainder);
    }
  return success();
}

void mlir::sic::markForVectorization(Operation *tile) {
  tile->setAttr(SicDialect::VectorizeAttrHelper::getNameStr(),
                UnitAttr::get(tile->getContext()));
}

SmallVector<linalg::LinalgOp> mlir::sic::takeTilesToVectorize(Operation *root) {
  SmallVector<linalg::LinalgOp> tiles;
  root->walk([&](linalg::LinalgOp op) {
    if (op->removeAttr(SicDialect::VectorizeAttrHelper::getNameStr()))
      tiles.push_back(op);
  });
  return tiles;
}
