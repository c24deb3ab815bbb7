//===- RegisterTiles.cpp - The register tiles of a tiled contraction ------===//

#include "RegisterTiles.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"

using namespace mlir;
using namespace mlir::sic;

TileLoopAttr sic::getTileLoop(scf::ForOp loop) {
  return loop ? loop->getAttrOfType<TileLoopAttr>(
                    SicDialect::TileLoopAttrHelper::getNameStr())
              : nullptr;
}

namespace {

/// Whether `tensor`, inside loop `top`, is the tensor top's iterations
/// carry: top's iteration argument, or that of a loop nested in it whose
/// initial value is such a tensor (and not, say, a slice of it), or the
/// result of such a loop (the tiles before a peeled remainder's), or a
/// write into one.
bool isCarried(Value tensor, scf::ForOp top) {
  // The accumulators' initial value written into the carried tensor.
  if (auto write = tensor.getDefiningOp<vector::TransferWriteOp>())
    tensor = write.getSource();
  for (;;) {
    if (auto result = dyn_cast<OpResult>(tensor)) {
      auto loop = dyn_cast<scf::ForOp>(result.getOwner());
      if (!loop || !top->isProperAncestor(loop))
        return false;
      tensor = loop.getInitArgs()[result.getResultNumber()];
      continue;
    }
    auto arg = cast<BlockArgument>(tensor);
    auto loop = dyn_cast<scf::ForOp>(arg.getOwner()->getParentOp());
    if (!loop || arg.getArgNumber() == 0)
      return false;
    if (loop == top)
      return true;
    tensor = loop.getInitArgs()[arg.getArgNumber() - 1];
  }
}

} // namespace

std::optional<sic::TileChain> sic::findTileChain(Value value) {
  auto loop = value.getDefiningOp<scf::ForOp>();
  TileLoopAttr first = getTileLoop(loop);
  if (!first)
    return std::nullopt;
  SmallVector<AccumulatorTile> tiles;
  OpOperand *initial = nullptr;
  while (getTileLoop(loop) &&
         getTileLoop(loop).getContraction() == first.getContraction()) {
    bool complete = true;
    loop->walk([&](Operation *op) {
      if (isa<linalg::LinalgOp>(op))
        complete = false;
      auto contract = dyn_cast<vector::ContractionOp>(op);
      if (!contract)
        return;
      auto reduction = contract->getParentOfType<scf::ForOp>();
      while (reduction &&
             !(getTileLoop(reduction) &&
               getTileLoop(reduction).getRole() == TileLoopRole::Accumulation))
        reduction = reduction->getParentOfType<scf::ForOp>();
      bool nested = reduction && loop->isProperAncestor(reduction);
      if (!reduction || reduction.getNumRegionIterArgs() != 1 ||
          (reduction != loop &&
           !(nested && isCarried(reduction.getInitArgs()[0], loop)))) {
        complete = false;
        return;
      }
      // The loop whose iterations read and write the accumulators: the
      // reduction's, or the innermost of the reductions nested in it (a
      // convolution's window), each carrying the tensor of the one around
      // it and nothing else.
      scf::ForOp innermost = contract->getParentOfType<scf::ForOp>();
      for (scf::ForOp inner = innermost; inner != reduction;) {
        auto outer = inner->getParentOfType<scf::ForOp>();
        if (inner.getNumRegionIterArgs() != 1 || !outer ||
            inner.getInitArgs()[0] != outer.getRegionIterArgs()[0] ||
            !outer.getRegionIterArgs()[0].hasOneUse() ||
            outer.getBody()->getTerminator()->getOperand(0) !=
                inner.getResult(0)) {
          complete = false;
          return;
        }
        inner = outer;
      }
      if (llvm::any_of(tiles, [&](AccumulatorTile tile) {
            return tile.loop == reduction;
          }))
        return;
      // The accumulators: read once from the loop's tensor and written back
      // once at the same place, the write being what the loop carries on.
      vector::TransferReadOp read;
      vector::TransferWriteOp write;
      unsigned uses = 0;
      for (Operation *user : innermost.getRegionIterArgs()[0].getUsers()) {
        ++uses;
        if (auto candidate = dyn_cast<vector::TransferReadOp>(user))
          read = candidate;
        if (auto candidate = dyn_cast<vector::TransferWriteOp>(user))
          write = candidate;
      }
      if (uses != 2 || !read || !write ||
          write.getIndices() != read.getIndices() ||
          write.getVectorType() != read.getVectorType() ||
          innermost.getBody()->getTerminator()->getOperand(0) !=
              write.getResult() ||
          llvm::any_of(read.getIndices(), [&](Value index) {
            return reduction->isAncestor(index.getParentBlock()->getParentOp());
          })) {
        complete = false;
        return;
      }
      tiles.push_back({reduction, read});
    });
    if (!complete)
      return std::nullopt;
    unsigned result = cast<OpResult>(value).getResultNumber();
    initial = &loop.getInitArgsMutable()[result];
    // A nest that is one register tile starts from its initial value's
    // write, which reads the nest before.
    if (auto write = initial->get().getDefiningOp<vector::TransferWriteOp>())
      if (getTileLoop(loop).getRole() == TileLoopRole::Accumulation)
        initial = &write.getSourceMutable();
    value = initial->get();
    loop = value.getDefiningOp<scf::ForOp>();
  }
  if (tiles.empty())
    return std::nullopt;
  return TileChain{std::move(tiles), initial};
}
