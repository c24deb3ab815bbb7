//===- FuseAccumulatorInits.cpp - The sic-fuse-accumulator-inits pass -----===//
//
// A contraction's `outs` is its accumulators' initial value: a bias
// broadcast over the output (a convolution's, a Gemm's) or zeros. Computed
// as an op of its own, it is a pass that writes the whole output before
// the contraction's tiles read it back. When it is a fill or a broadcast
// of a smaller tensor, each register tile computes its own part of it
// instead, right before its reduction loop: the tile's accumulators start
// from the bias in registers, and the pass over memory disappears.
//
//===----------------------------------------------------------------------===//

#include "sic/Transforms/Passes.h"

#include "RegisterTiles.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/PatternMatch.h"

#include "llvm/ADT/SmallBitVector.h"

namespace mlir::sic {
#define GEN_PASS_DEF_FUSEACCUMULATORINITSPASS
#include "sic/Transforms/Passes.h.inc"
} // namespace mlir::sic

using namespace mlir;

namespace {

/// Whether `generic` copies its one input into its output, broadcast: an
/// identity output map, an input map whose results are distinct loops or
/// the constant 0, and a body that yields the input's element.
bool isBroadcast(linalg::GenericOp generic) {
  if (generic.getNumDpsInputs() != 1 || generic.getNumDpsInits() != 1 ||
      generic.getNumReductionLoops() != 0 ||
      !generic.getMatchingIndexingMap(generic.getDpsInitOperand(0))
           .isIdentity() ||
      !isa<RankedTensorType>(generic.getDpsInputs()[0].getType()))
    return false;
  Block *body = generic.getBody();
  if (!llvm::hasSingleElement(*body) ||
      body->getTerminator()->getOperand(0) != body->getArgument(0))
    return false;
  AffineMap map = generic.getMatchingIndexingMap(generic.getDpsInputOperand(0));
  llvm::SmallBitVector seen(map.getNumDims());
  for (AffineExpr result : map.getResults()) {
    if (auto dim = dyn_cast<AffineDimExpr>(result)) {
      if (seen.test(dim.getPosition()))
        return false;
      seen.set(dim.getPosition());
      continue;
    }
    auto constant = dyn_cast<AffineConstantExpr>(result);
    if (!constant || constant.getValue() != 0)
      return false;
  }
  return true;
}

/// The part of `generic`'s broadcast that `read` reads from its output:
/// a read of the input with the broadcast dims of the output broadcast.
Value readBroadcast(OpBuilder &b, linalg::GenericOp generic,
                    vector::TransferReadOp read) {
  Location loc = read.getLoc();
  AffineMap map = generic.getMatchingIndexingMap(generic.getDpsInputOperand(0));
  MLIRContext *context = b.getContext();
  SmallVector<AffineExpr> results(map.getNumDims(),
                                  getAffineConstantExpr(0, context));
  SmallVector<Value> indices;
  for (auto [position, result] : llvm::enumerate(map.getResults())) {
    if (auto dim = dyn_cast<AffineDimExpr>(result)) {
      indices.push_back(read.getIndices()[dim.getPosition()]);
      results[dim.getPosition()] = getAffineDimExpr(position, context);
      continue;
    }
    indices.push_back(b.create<arith::ConstantIndexOp>(loc, 0));
  }
  AffineMap permutation =
      AffineMap::get(map.getNumResults(), 0, results, context);
  SmallVector<bool> inBounds(read.getVectorType().getRank(), true);
  Type element = read.getVectorType().getElementType();
  Value padding =
      b.create<arith::ConstantOp>(loc, element, b.getZeroAttr(element));
  return b.create<vector::TransferReadOp>(
      loc, read.getVectorType(), generic.getDpsInputs()[0], indices,
      AffineMapAttr::get(permutation), padding, /*mask=*/Value(),
      b.getBoolArrayAttr(inBounds));
}

/// The register tiles of every tiled contraction in `func`, found from the
/// last of each contraction's loop nests.
SmallVector<sic::TileChain> findChains(func::FuncOp func) {
  auto sameContraction = [](scf::ForOp loop, sic::TileLoopAttr attr) {
    sic::TileLoopAttr other = sic::getTileLoop(loop);
    return other && other.getContraction() == attr.getContraction();
  };
  SmallVector<sic::TileChain> chains;
  func.walk([&](scf::ForOp loop) {
    sic::TileLoopAttr attr = sic::getTileLoop(loop);
    if (!attr || loop.getNumResults() != 1 ||
        sameContraction(loop->getParentOfType<scf::ForOp>(), attr))
      return;
    for (Operation *user : loop.getResult(0).getUsers())
      if (auto next = dyn_cast<scf::ForOp>(user);
          next && sameContraction(next, attr))
        return;
    if (std::optional<sic::TileChain> chain =
            sic::findTileChain(loop.getResult(0)))
      chains.push_back(std::move(*chain));
  });
  return chains;
}

/// Moves the initial value of `chain`'s accumulators into its tiles, when
/// it is a fill or a broadcast read by nothing else.
void fuse(RewriterBase &rewriter, sic::TileChain &chain) {
  Value initial = chain.initial->get();
  Operation *producer = initial.getDefiningOp();
  if (!producer || !initial.hasOneUse() ||
      llvm::any_of(chain.tiles, [](sic::AccumulatorTile tile) {
        return !tile.read.getPermutationMap().isIdentity() ||
               tile.read.getMask();
      }))
    return;
  std::function<Value(vector::TransferReadOp)> start;
  Value destination;
  if (auto fill = dyn_cast<linalg::FillOp>(producer)) {
    destination = fill.getOutputs()[0];
    start = [&, value = fill.getInputs()[0]](vector::TransferReadOp read) {
      return rewriter
          .create<vector::BroadcastOp>(read.getLoc(), read.getVectorType(),
                                       value)
          .getResult();
    };
  } else if (auto generic = dyn_cast<linalg::GenericOp>(producer);
             generic && isBroadcast(generic)) {
    destination = generic.getDpsInits()[0];
    start = [&, generic](vector::TransferReadOp read) {
      return readBroadcast(rewriter, generic, read);
    };
  } else {
    return;
  }
  rewriter.modifyOpInPlace(chain.initial->getOwner(),
                           [&] { chain.initial->set(destination); });
  for (sic::AccumulatorTile tile : chain.tiles) {
    rewriter.setInsertionPoint(tile.loop);
    vector::TransferReadOp read = tile.read;
    OpOperand &init = tile.loop.getInitArgsMutable()[0];
    Value written =
        rewriter
            .create<vector::TransferWriteOp>(
                read.getLoc(), start(read), init.get(), read.getIndices(),
                read.getPermutationMapAttr(), read.getInBoundsAttr())
            .getResult();
    rewriter.modifyOpInPlace(tile.loop, [&] { init.set(written); });
  }
  rewriter.eraseOp(producer);
}

struct FuseAccumulatorInitsPass
    : public sic::impl::FuseAccumulatorInitsPassBase<FuseAccumulatorInitsPass> {
  void runOnOperation() override {
    IRRewriter rewriter(&getContext());
    for (sic::TileChain &chain : findChains(getOperation()))
      fuse(rewriter, chain);
  }
};

} // namespace
