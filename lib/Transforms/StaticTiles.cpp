//===- StaticTiles.cpp - Tiling into tiles of one static shape ------------===//

#include "StaticTiles.h"

#include "dialects/Sic/IR/ParallelMark.h"
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

namespace {

/// Marks the loops of `op`'s tiling by `sizes` in `order` that run over
/// parallel dims (`sic.parallel`), when `op` has enough work to share. Its
/// tiles then write disjoint parts of its outputs.
void markParallelLoops(linalg::LinalgOp op, ArrayRef<int64_t> sizes,
                       ArrayRef<int64_t> order,
                       ArrayRef<LoopLikeOpInterface> loops) {
  int64_t work = 1;
  for (int64_t range : op.getStaticLoopRanges())
    work = range > 0 && work < sic::kParallelWork ? work * range : work;
  if (work < sic::kParallelWork)
    return;
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  if (order.size() != iterators.size())
    return;
  SmallVector<int64_t> dims;
  for (unsigned i = 0; i < iterators.size(); ++i) {
    int64_t dim = order[i];
    if (sizes[dim] != 0)
      dims.push_back(dim);
  }
  if (dims.size() != loops.size())
    return;
  for (auto [loop, dim] : llvm::zip(loops, dims))
    if (iterators[dim] == utils::IteratorType::parallel)
      loop->setAttr(sic::kParallelMark, UnitAttr::get(op->getContext()));
}

} // namespace

LogicalResult mlir::sic::tileStatically(
    RewriterBase &rewriter, linalg::LinalgOp op, ArrayRef<int64_t> sizes,
    ArrayRef<int64_t> order,
    function_ref<void(const scf::SCFTilingResult &)> mark) {
  assert(canTileStatically(op) && "not an op of static tiles");
  auto tileable = dyn_cast<TilingInterface>(op.getOperation());
  if (!tileable)
    return failure();
  SmallVector<int64_t> interchange(order);
  if (interchange.empty())
    interchange = llvm::to_vector(llvm::seq<int64_t>(op.getNumLoops()));
  scf::SCFTilingOptions options;
  options.setTileSizes(getAsIndexOpFoldResult(op.getContext(), sizes));
  if (!order.empty())
    options.setInterchange(order);
  rewriter.setInsertionPoint(op);
  FailureOr<scf::SCFTilingResult> tiled =
      scf::tileUsingSCF(rewriter, tileable, options);
  if (failed(tiled))
    return failure();
  markParallelLoops(op, sizes, interchange, tiled->loops);
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
