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

/// The shortest dim of a transpose tile: a vector of 4 rows or columns
/// (a tile's 4 columns of Winograd's F(4x4, 3x3)) still transposes in
/// whole-register shuffles.
constexpr int64_t kShortestTransposed = 4;

bool isProjectedPermutation(AffineMap map) {
  return map.isProjectedPermutation(/*allowZeroInResults=*/true);
}

/// The loop along which an all-parallel `op` reads one of its inputs
/// contiguously when that is not its innermost loop (a transpose: the
/// innermost loop reads that input with a stride), if any.
std::optional<unsigned> getTransposedLoop(linalg::GenericOp op) {
  if (op.getNumReductionLoops() != 0)
    return std::nullopt;
  unsigned innermost = op.getNumLoops() - 1;
  for (OpOperand *input : op.getDpsInputOperands()) {
    AffineMap map = op.getMatchingIndexingMap(input);
    if (map.getNumResults() == 0 || !map.isProjectedPermutation())
      continue;
    auto last = dyn_cast<AffineDimExpr>(map.getResults().back());
    if (last && last.getPosition() != innermost &&
        map.isFunctionOfDim(innermost))
      return last.getPosition();
  }
  return std::nullopt;
}

/// The tile sizes of `op`: its innermost loop in chunks of
/// kRegistersPerTile vectors, every other loop by one; nothing for an op
/// that is not a static generic on tensors, or whose innermost loop is
/// shorter than a vector. Its maps must be projected permutations, except
/// for an all-parallel op (a convolution's patch copy), whose tiles may
/// become such once their unit dims are dropped (when the innermost loop
/// reads with stride 1; other tiles stay scalar). An op that cannot be tiled
/// statically (a slice with a negative step, an empty loop) stays whole. A
/// transpose (getTransposedLoop) is tiled in squares of one vector by one
/// vector (or the whole of a dim of 4 or more that is shorter, when the
/// other is a vector long): each tile reads vectors of its input along
/// that input's rows, transposes them in registers and writes vectors of
/// the output.
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
  SmallVector<int64_t> sizes(ranges.size(), 1);
  if (std::optional<unsigned> rows = getTransposedLoop(op);
      rows && std::max(ranges[*rows], ranges.back()) >= lanes &&
      std::min(ranges[*rows], ranges.back()) >= kShortestTransposed) {
    sizes[*rows] = std::min(ranges[*rows], lanes);
    sizes.back() = std::min(ranges.back(), lanes);
    return sizes;
  }
  if (ranges.back() < lanes)
    return std::nullopt;
  sizes.back() = std::min(ranges.back(), kRegistersPerTile * lanes);
  return sizes;
}

/// The ops of type `OpT` a rewrite creates and keeps.
template <typename OpT> struct CreatedOps : public RewriterBase::Listener {
  void notifyOperationInserted(Operation *op,
                               OpBuilder::InsertPoint previous) override {
    if (auto created = dyn_cast<OpT>(op))
      ops.push_back(created);
  }
  void notifyOperationErased(Operation *op) override { llvm::erase(ops, op); }
  SmallVector<OpT> ops;
};

/// Vectorizes `op`. linalg's vectorizer knows the combiners that propagate
/// NaNs (maximumf, minimumf) but not those that ignore them (maxnumf,
/// minnumf, which need no NaN or signed-zero fix-ups in the vector code): a
/// reduction by one of those is vectorized as its twin, whose vector
/// reductions then take back the original kind.
void vectorize(RewriterBase &rewriter, linalg::GenericOp op) {
  using Kind = vector::CombiningKind;
  SmallVector<std::pair<Operation *, Kind>> swapped;
  // The combiners: the yielded ops that take their output's accumulator.
  SmallVector<Operation *> combiners;
  Block *block = op.getBody();
  for (auto [yielded, accumulator] : llvm::zip(
           block->getTerminator()->getOperands(), op.getRegionOutputArgs())) {
    Operation *combiner = yielded.getDefiningOp();
    if (combiner && combiner->getBlock() == block &&
        llvm::is_contained(combiner->getOperands(), accumulator))
      combiners.push_back(combiner);
  }
  // A body with twins of its own would not tell its reductions apart.
  if (llvm::any_of(block->without_terminator(), [](Operation &inner) {
        return isa<arith::MaximumFOp, arith::MinimumFOp>(inner);
      }))
    combiners.clear();
  for (Operation *inner : combiners) {
    Operation *twin = nullptr;
    Kind kind;
    rewriter.setInsertionPoint(inner);
    if (auto max = dyn_cast<arith::MaxNumFOp>(inner)) {
      twin = rewriter.create<arith::MaximumFOp>(
          max.getLoc(), max.getLhs(), max.getRhs(), max.getFastmath());
      kind = Kind::MAXNUMF;
    } else if (auto min = dyn_cast<arith::MinNumFOp>(inner)) {
      twin = rewriter.create<arith::MinimumFOp>(
          min.getLoc(), min.getLhs(), min.getRhs(), min.getFastmath());
      kind = Kind::MINNUMF;
    }
    if (twin) {
      rewriter.replaceOp(inner, twin);
      swapped.emplace_back(twin, kind);
    }
  }
  if (swapped.empty()) {
    rewriter.setInsertionPoint(op);
    (void)linalg::vectorize(rewriter, op);
    return;
  }
  CreatedOps<vector::MultiDimReductionOp> created;
  IRRewriter vectorizing(rewriter.getContext(), &created);
  vectorizing.setInsertionPoint(op);
  if (failed(linalg::vectorize(vectorizing, op))) {
    // Scalar loops: the original combiners back.
    for (auto [twin, kind] : swapped) {
      rewriter.setInsertionPoint(twin);
      Value lhs = twin->getOperand(0), rhs = twin->getOperand(1);
      Location loc = twin->getLoc();
      arith::FastMathFlags flags = cast<arith::ArithFastMathInterface>(twin)
                                       .getFastMathFlagsAttr()
                                       .getValue();
      rewriter.replaceOp(
          twin, kind == Kind::MAXNUMF
                    ? rewriter.create<arith::MaxNumFOp>(loc, lhs, rhs, flags)
                    : rewriter.create<arith::MinNumFOp>(loc, lhs, rhs, flags));
    }
    return;
  }
  for (vector::MultiDimReductionOp reduction : created.ops) {
    Kind kind = reduction.getKind();
    if (kind == Kind::MAXIMUMF || kind == Kind::MINIMUMF)
      reduction.setKindAttr(vector::CombiningKindAttr::get(
          reduction.getContext(),
          kind == Kind::MAXIMUMF ? Kind::MAXNUMF : Kind::MINNUMF));
  }
}

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
      if (llvm::all_of(op.getIndexingMapsArray(), isProjectedPermutation) &&
          !getTransposedLoop(op)) {
        vectorize(rewriter, op);
        continue;
      }
      // A patch copy's tile reads input[.., oh*s + kh, ow*s + kw] with
      // every dim but ow of size 1. Dropping the unit loops leaves a read
      // at [0, .., ow*s]; dropping the operand's unit dims then leaves a
      // copy along one dim, which vectorizes unless the read is strided.
      // A transpose's tile becomes a two-dimensional one whose transposed
      // read is a read of rows and a vector.transpose.
      // Rank-reducing slices, not reshapes: a reshape of a strided slice
      // would be a copy.
      linalg::ControlDropUnitDims options;
      options.rankReductionStrategy = linalg::ControlDropUnitDims::
          RankReductionStrategy::ExtractInsertSlice;
      linalg::GenericOp copy = op;
      bool dropped = false;
      for (int round = 0; round < 2 && copy; ++round) {
        CreatedOps<linalg::GenericOp> created;
        IRRewriter dropping(&getContext(), &created);
        dropping.setInsertionPoint(copy);
        if (failed(linalg::dropUnitDims(dropping, copy, options)))
          break;
        dropped = true;
        copy =
            created.ops.size() == 1 ? created.ops.front() : linalg::GenericOp();
      }
      if (copy && (dropped || getTransposedLoop(copy))) {
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
