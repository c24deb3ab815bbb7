//===- VectorizeGenerics.cpp - The sic-vectorize-generics pass ------------===//

#include "sic/Transforms/Passes.h"

#include "dialects/Sic/IR/SicDialect.h"

#include "BodyEffects.h"
#include "Canonicalization.h"
#include "SliceTransferFolding.h"
#include "StaticTiles.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/SCF/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::sic {
#define GEN_PASS_DEF_VECTORIZEGENERICSPASS
#include "sic/Transforms/Passes.h.inc"
} // namespace mlir::sic

using namespace mlir;

namespace {

/// Vector registers per tile of the innermost loop.
constexpr int64_t kRegistersPerTile = 4;

bool isProjectedPermutation(AffineMap map) {
  return map.isProjectedPermutation(/*allowZeroInResults=*/true);
}

/// The tile sizes of `op`: its innermost loop in chunks of
/// kRegistersPerTile vectors, every other loop by one; nothing for an op
/// that is not a static generic on tensors, or whose innermost loop is
/// shorter than a vector. Its maps must be projected permutations, except
/// for an all-parallel op (a convolution's patch copy), whose tiles may
/// become such once their unit dims are dropped (when the innermost loop
/// reads with stride 1; other tiles stay scalar). An op that cannot be tiled
/// statically (a slice with a negative step, an empty loop) stays whole.
std::optional<SmallVector<int64_t>> chooseTile(linalg::GenericOp op,
                                               unsigned vectorBits) {
  if (!op.hasPureTensorSemantics() || op.hasDynamicShape() ||
      op.getNumLoops() == 0 || op.hasIndexSemantics() ||
      sic::hasBodyEffects(op) || !sic::canTileStatically(op) ||
      (!llvm::all_of(op.getIndexingMapsArray(), isProjectedPermutation) &&
       op.getNumReductionLoops() != 0))
    return std::nullopt;
  unsigned widest = 0;
  for (Value operand : op->getOperands()) {
    Type element = getElementTypeOrSelf(operand);
    // A vector of i1 packs bits in memory, where SIC stores a bool a byte.
    if (!element.isIntOrFloat() || element.isInteger(1))
      return std::nullopt;
    widest = std::max(widest, element.getIntOrFloatBitWidth());
  }
  int64_t lanes = std::max<int64_t>(1, vectorBits / std::max(widest, 8u));
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  if (ranges.back() < lanes)
    return std::nullopt;
  SmallVector<int64_t> sizes(ranges.size(), 1);
  sizes.back() = std::min(ranges.back(), kRegistersPerTile * lanes);
  return sizes;
}

/// The generics a rewrite creates and keeps.
struct CreatedGenerics : public RewriterBase::Listener {
  void notifyOperationInserted(Operation *op,
                               OpBuilder::InsertPoint previous) override {
    if (auto generic = dyn_cast<linalg::GenericOp>(op))
      generics.push_back(generic);
  }
  void notifyOperationErased(Operation *op) override {
    llvm::erase(generics, op);
  }
  SmallVector<Operation *> generics;
};

struct VectorizeGenericsPass
    : public sic::impl::VectorizeGenericsPassBase<VectorizeGenericsPass> {
  using VectorizeGenericsPassBase::VectorizeGenericsPassBase;

  void runOnOperation() override {
    FailureOr<sic::TargetAttr> target = sic::requireTarget(getOperation());
    if (failed(target))
      return signalPassFailure();
    SmallVector<std::pair<linalg::GenericOp, SmallVector<int64_t>>> generics;
    getOperation().walk([&](linalg::GenericOp op) {
      if (auto sizes = chooseTile(op, target->getVectorBits()))
        generics.emplace_back(op, std::move(*sizes));
    });
    if (generics.empty())
      return;
    IRRewriter rewriter(&getContext());
    for (auto &[op, sizes] : generics)
      if (failed(sic::tileStatically(rewriter, op, sizes, /*order=*/{},
                                     [&](const scf::SCFTilingResult &tiled) {
                                       sic::markForVectorization(
                                           tiled.tiledOps.back());
                                     })))
        return signalPassFailure();
    if (failed(sic::canonicalize(getOperation())))
      return signalPassFailure();
    for (linalg::LinalgOp tile : sic::takeTilesToVectorize(getOperation())) {
      auto op = dyn_cast<linalg::GenericOp>(tile.getOperation());
      if (!op)
        continue;
      // A tile whose shape stayed dynamic is left to the scalar loops.
      if (op.hasDynamicShape())
        continue;
      rewriter.setInsertionPoint(op);
      if (llvm::all_of(op.getIndexingMapsArray(), isProjectedPermutation)) {
        (void)linalg::vectorize(rewriter, op);
        continue;
      }
      // A patch copy's tile reads input[.., oh*s + kh, ow*s + kw] with
      // every dim but ow of size 1. Dropping the unit loops leaves a read
      // at [0, .., ow*s]; dropping the operand's unit dims then leaves a
      // copy along one dim, which vectorizes unless the read is strided.
      // Rank-reducing slices, not reshapes: a reshape of a strided slice
      // would be a copy.
      linalg::ControlDropUnitDims options;
      options.rankReductionStrategy = linalg::ControlDropUnitDims::
          RankReductionStrategy::ExtractInsertSlice;
      linalg::GenericOp copy = op;
      bool dropped = false;
      for (int round = 0; round < 2 && copy; ++round) {
        CreatedGenerics created;
        IRRewriter dropping(&getContext(), &created);
        dropping.setInsertionPoint(copy);
        if (failed(linalg::dropUnitDims(dropping, copy, options)))
          break;
        dropped = true;
        copy = created.generics.size() == 1
                   ? cast<linalg::GenericOp>(created.generics.front())
                   : linalg::GenericOp();
      }
      if (dropped && copy) {
        rewriter.setInsertionPoint(copy);
        (void)linalg::vectorize(rewriter, copy);
      }
    }
    // Transfers read straight from the tiled tensors; broadcasts become
    // explicit; the unit dims of the tiles' vectors go.
    RewritePatternSet patterns(&getContext());
    vector::populateVectorTransferPermutationMapLoweringPatterns(patterns);
    vector::populateCastAwayVectorLeadingOneDimPatterns(patterns);
    vector::TransferReadOp::getCanonicalizationPatterns(patterns,
                                                        &getContext());
    vector::TransferWriteOp::getCanonicalizationPatterns(patterns,
                                                         &getContext());
    sic::populateSliceTransferFoldingPatterns(patterns);
    if (failed(applyPatternsAndFoldGreedily(getOperation(),
                                            std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
