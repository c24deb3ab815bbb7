//===- VectorizeContractions.cpp - The sic-vectorize-contractions pass ----===//
//
// Register tiling: each tile of the output (MR rows by NR columns) is
// computed by one vector.contract per step of the reduction, so after
// bufferization and hoisting its MR * NR / lanes accumulators live in
// registers for the whole reduction and every step is MR broadcasts, NR /
// lanes loads and MR * NR / lanes FMAs.
//
//===----------------------------------------------------------------------===//

#include "sic/Transforms/Passes.h"

#include "dialects/Sic/IR/SicDialect.h"

#include "Canonicalization.h"
#include "DirectConvolution.h"
#include "SliceTransferFolding.h"
#include "StaticTiles.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
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
#define GEN_PASS_DEF_VECTORIZECONTRACTIONSPASS
#include "sic/Transforms/Passes.h.inc"
} // namespace mlir::sic

using namespace mlir;

namespace {

/// How a contraction is tiled: a tile size per loop (1 for batch and
/// reduction loops) and the loop order, reduction loops innermost.
struct RegisterTile {
  SmallVector<int64_t> sizes;
  SmallVector<int64_t> order;
  unsigned reductionLoops;
  unsigned rowLoop;
};

/// The loops a register tile is made of: rows (`row`, from the left-hand
/// side: a contraction's M, a convolution's output channels), columns
/// (`column`, the output's innermost dim, from the right-hand side), the
/// next outer output dim when it comes from the right-hand side too, and
/// the reduction loops.
struct TileLoops {
  unsigned row;
  unsigned column;
  std::optional<unsigned> outer;
  SmallVector<unsigned> reduction;
};

/// The loops of a contraction whose output's innermost dim indexes the
/// right-hand side.
std::optional<TileLoops> getContractionLoops(linalg::LinalgOp op) {
  if (!linalg::isaContractionOpInterface(op))
    return std::nullopt;
  FailureOr<linalg::ContractionDimensions> dims =
      linalg::inferContractionDims(op);
  AffineMap output = op.getMatchingIndexingMap(op.getDpsInitOperand(0));
  unsigned rank = output.getNumResults();
  if (failed(dims) || rank < 2)
    return std::nullopt;
  // Columns: the output's innermost dim, which must come from the
  // right-hand side. Rows: the innermost output dim from the left-hand side.
  auto column = dyn_cast<AffineDimExpr>(output.getResult(rank - 1));
  if (!column || !llvm::is_contained(dims->n, column.getPosition()))
    return std::nullopt;
  TileLoops loops;
  loops.column = column.getPosition();
  std::optional<unsigned> rowLoop;
  for (AffineExpr result : llvm::reverse(output.getResults()))
    if (auto dim = dyn_cast<AffineDimExpr>(result);
        dim && llvm::is_contained(dims->m, dim.getPosition())) {
      rowLoop = dim.getPosition();
      break;
    }
  if (!rowLoop)
    return std::nullopt;
  loops.row = *rowLoop;
  auto outer = dyn_cast<AffineDimExpr>(output.getResult(rank - 2));
  if (outer && outer.getPosition() != loops.row &&
      llvm::is_contained(dims->n, outer.getPosition()))
    loops.outer = outer.getPosition();
  loops.reduction.assign(dims->k.begin(), dims->k.end());
  return loops;
}

/// The loops of a direct convolution (sic::isDirectConvolution): rows over
/// the filters, columns over the output's width, the output's rows outer;
/// loops (n, f, oh, ow, c, kh, kw).
std::optional<TileLoops> getConvolutionLoops(linalg::LinalgOp op) {
  auto conv = dyn_cast<linalg::Conv2DNchwFchwOp>(op.getOperation());
  if (!conv || !sic::isDirectConvolution(conv))
    return std::nullopt;
  return TileLoops{1, 3, 2, {4, 5, 6}};
}

/// Whether a register tile `columns` wide is whole vectors or a power of
/// two: LLVM keeps other widths badly in registers (a 24- or 28-wide
/// accumulator is shuffled lane by lane at every step, several times
/// slower).
bool isCleanWidth(int64_t columns, int64_t lanes) {
  return columns % lanes == 0 || llvm::isPowerOf2_64(columns);
}

/// The register tiles' width over `range` columns, at most `widest`: the
/// widest, but narrower by whole vectors while that leaves a remainder
/// tile that is not clean. Narrower tiles then take more rows.
int64_t chooseColumns(int64_t range, int64_t widest, int64_t lanes) {
  int64_t columns = std::min(range, widest);
  while (columns > lanes && columns % lanes == 0 &&
         !isCleanWidth(range % columns, lanes))
    columns -= lanes;
  return columns;
}

/// Rows and the widest columns of the register tiles of an output with
/// `rowRange` rows: half the vector registers hold accumulators (16 of
/// AVX-512's 32, 8 of AVX2's 16); rows come first, up to 8, then vectors
/// per row, 2 to 8.
std::pair<int64_t, int64_t> getTileBounds(int64_t rowRange, int64_t lanes,
                                          sic::TargetAttr target) {
  int64_t accumulators = target.getVectorRegisters() / 2;
  int64_t rows = std::min<int64_t>(rowRange, accumulators / 2);
  int64_t vectorsPerRow = std::clamp<int64_t>(accumulators / rows, 2, 8);
  return {rows, vectorsPerRow * lanes};
}

/// The vector lanes of `target` for `element`.
int64_t getLanes(Type element, sic::TargetAttr target) {
  return std::max<int64_t>(1, target.getVectorBits() /
                                  element.getIntOrFloatBitWidth());
}

/// The register tile of a static contraction or direct convolution on
/// tensors that can be tiled statically, or nothing for any other op.
std::optional<RegisterTile> chooseTile(linalg::LinalgOp op,
                                       sic::TargetAttr target) {
  if (!op.hasPureTensorSemantics() || op.hasDynamicShape() ||
      op.getNumDpsInits() != 1 || !sic::canTileStatically(op))
    return std::nullopt;
  std::optional<TileLoops> loops = getContractionLoops(op);
  if (!loops)
    loops = getConvolutionLoops(op);
  if (!loops)
    return std::nullopt;
  unsigned columnLoop = loops->column, rowLoop = loops->row;
  Type element = getElementTypeOrSelf(op.getDpsInitOperand(0)->get());
  if (!element.isIntOrFloat())
    return std::nullopt;

  int64_t lanes = getLanes(element, target);
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  RegisterTile tile;
  tile.sizes.assign(ranges.size(), 1);
  auto [rows, widest] = getTileBounds(ranges[rowLoop], lanes, target);
  int64_t columns = chooseColumns(ranges[columnLoop], widest, lanes);
  if (columns < std::min(ranges[columnLoop], widest))
    rows = std::min<int64_t>(ranges[rowLoop], target.getVectorRegisters() / 2 /
                                                  (columns / lanes));
  tile.sizes[rowLoop] = rows;
  tile.sizes[columnLoop] = columns;
  // A narrow output (a 16-pixel-wide image) also takes the next outer
  // output dim into the tile when it comes from the right-hand side, so
  // each row still has its vectors per row and the FMAs outnumber loads.
  if (columns == ranges[columnLoop] && loops->outer)
    tile.sizes[*loops->outer] = std::min<int64_t>(
        ranges[*loops->outer], std::max<int64_t>(1, widest / columns));

  // Column panels outside row tiles: a panel of the right-hand side (K x NR)
  // is loaded from memory once and reused from cache by every row tile.
  for (unsigned loop = 0; loop < ranges.size(); ++loop)
    if (!llvm::is_contained(loops->reduction, loop) && loop != rowLoop)
      tile.order.push_back(loop);
  tile.order.push_back(rowLoop);
  llvm::append_range(tile.order, loops->reduction);
  tile.reductionLoops = loops->reduction.size();
  tile.rowLoop = rowLoop;
  return tile;
}

/// The smallest output width at or above that of `conv`, a direct
/// convolution whose register tiles would not be clean, for which they are;
/// nothing when they already are (or for any other op).
std::optional<int64_t> getCleanWidth(linalg::Conv2DNchwFchwOp conv,
                                     sic::TargetAttr target) {
  auto type = cast<RankedTensorType>(conv->getResult(0).getType());
  if (!sic::isDirectConvolution(conv) || !type.getElementType().isIntOrFloat())
    return std::nullopt;
  int64_t lanes = getLanes(type.getElementType(), target);
  int64_t widest = getTileBounds(type.getDimSize(1), lanes, target).second;
  auto isClean = [&](int64_t width) {
    int64_t columns = chooseColumns(width, widest, lanes);
    return isCleanWidth(columns, lanes) && isCleanWidth(width % columns, lanes);
  };
  int64_t width = type.getDimSize(3);
  if (isClean(width))
    return std::nullopt;
  while (!isClean(width))
    ++width;
  return width;
}

/// Cache blocking of a contraction with register tile `tile`: the tile
/// sizes of a first tiling into column panels and blocks of the reduction
/// (rows untiled), when the panel of the right-hand side (K x NR) would not
/// stay in L1 while the row tiles of its column panel go over it, and more
/// than one row tile reads it; nothing otherwise. A block's panel takes two
/// thirds of L1, leaving room for the left-hand side's rows: on znver5 (48
/// KiB) blocks of 16 to 32 KiB were within a few percent of each other, 48
/// KiB blocks slowed the MLP and transformer by 10%, and blocking the 36 KiB
/// panels of 32-channel convolutions slowed resnet_small by 5% (a blocked
/// contraction takes no epilogue). A block's reduction is a divisor of the
/// whole, so blocks have one static shape.
std::optional<SmallVector<int64_t>> chooseCacheBlock(linalg::LinalgOp op,
                                                     const RegisterTile &tile,
                                                     sic::TargetAttr target) {
  if (tile.reductionLoops != 1)
    return std::nullopt;
  unsigned reduction = tile.order.back();
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  if (ranges[tile.rowLoop] <= tile.sizes[tile.rowLoop])
    return std::nullopt;
  Type element = getElementTypeOrSelf(op.getDpsInitOperand(0)->get());
  int64_t stepBytes = element.getIntOrFloatBitWidth() / 8;
  for (auto [loop, size] : llvm::enumerate(tile.sizes))
    if (loop != tile.rowLoop && loop != reduction)
      stepBytes *= size;
  int64_t depth = ranges[reduction];
  int64_t l1Bytes = static_cast<int64_t>(target.getL1Bytes());
  if (depth * stepBytes <= l1Bytes)
    return std::nullopt;
  int64_t limit = l1Bytes * 2 / 3 / stepBytes;
  int64_t block = limit;
  while (depth % block != 0)
    --block;
  if (block < limit / 4)
    return std::nullopt;
  SmallVector<int64_t> sizes(tile.sizes);
  sizes[tile.rowLoop] = 0;
  sizes[reduction] = block;
  return sizes;
}

LogicalResult tile(RewriterBase &rewriter, linalg::LinalgOp op,
                   const RegisterTile &tile, unsigned number) {
  return sic::tileStatically(
      rewriter, op, tile.sizes, tile.order,
      [&](const scf::SCFTilingResult &tiled) {
        sic::markForVectorization(tiled.tiledOps.back());
        // The outermost reduction loop accumulates the register tile.
        unsigned accumulation = tiled.loops.size() - tile.reductionLoops;
        for (auto [index, loop] : llvm::enumerate(tiled.loops))
          loop->setAttr(
              sic::SicDialect::TileLoopAttrHelper::getNameStr(),
              sic::TileLoopAttr::get(rewriter.getContext(), number,
                                     index == accumulation
                                         ? sic::TileLoopRole::Accumulation
                                         : sic::TileLoopRole::Tile));
      });
}

/// Turns the vectorized tiles' broadcast-multiply-reduce into
/// vector.contract and reads the operands straight from the tiled tensors.
LogicalResult formContractions(Operation *root) {
  MLIRContext *context = root->getContext();
  RewritePatternSet patterns(context);
  vector::populateVectorTransferPermutationMapLoweringPatterns(patterns);
  vector::populateVectorReductionToContractPatterns(patterns);
  vector::populateSinkVectorBroadcastPatterns(patterns);
  vector::TransferReadOp::getCanonicalizationPatterns(patterns, context);
  vector::TransferWriteOp::getCanonicalizationPatterns(patterns, context);
  sic::populateSliceTransferFoldingPatterns(patterns);
  return applyPatternsAndFoldGreedily(root, std::move(patterns));
}

struct VectorizeContractionsPass
    : public sic::impl::VectorizeContractionsPassBase<
          VectorizeContractionsPass> {
  using VectorizeContractionsPassBase::VectorizeContractionsPassBase;

  void runOnOperation() override {
    FailureOr<sic::TargetAttr> target = sic::requireTarget(getOperation());
    if (failed(target))
      return signalPassFailure();
    IRRewriter rewriter(&getContext());
    // Direct convolutions whose rows no clean register tiles cover are
    // computed wider and cropped.
    SmallVector<std::pair<linalg::Conv2DNchwFchwOp, int64_t>> narrow;
    getOperation().walk([&](linalg::Conv2DNchwFchwOp conv) {
      if (std::optional<int64_t> width = getCleanWidth(conv, *target))
        narrow.emplace_back(conv, *width);
    });
    for (auto [conv, width] : narrow)
      sic::widenDirectConvolution(rewriter, conv, width);

    // Cache blocks first; their static blocks are contractions the register
    // tiling below takes like any other.
    SmallVector<std::tuple<linalg::LinalgOp, SmallVector<int64_t>,
                           SmallVector<int64_t>>>
        blocked;
    getOperation().walk([&](linalg::LinalgOp op) {
      if (std::optional<RegisterTile> tile = chooseTile(op, *target))
        if (auto sizes = chooseCacheBlock(op, *tile, *target))
          blocked.emplace_back(op, std::move(*sizes), tile->order);
    });
    for (auto &[op, sizes, order] : blocked)
      if (failed(sic::tileStatically(rewriter, op, sizes, order,
                                     [](const scf::SCFTilingResult &) {})))
        return signalPassFailure();
    // Folds the constant bounds peeling left, so the blocks' shapes become
    // static, and removes the loops of one iteration.
    if (!blocked.empty() && failed(sic::canonicalize(getOperation())))
      return signalPassFailure();

    SmallVector<std::pair<linalg::LinalgOp, RegisterTile>> contractions;
    getOperation().walk([&](linalg::LinalgOp op) {
      if (std::optional<RegisterTile> tile = chooseTile(op, *target))
        contractions.emplace_back(op, std::move(*tile));
    });
    if (contractions.empty())
      return;
    for (auto [number, contraction] : llvm::enumerate(contractions))
      if (failed(tile(rewriter, contraction.first, contraction.second, number)))
        return signalPassFailure();
    if (failed(sic::canonicalize(getOperation())))
      return signalPassFailure();

    for (linalg::LinalgOp op : sic::takeTilesToVectorize(getOperation())) {
      // A tile whose shape stayed dynamic is left to the scalar loops.
      rewriter.setInsertionPoint(op);
      if (op.hasDynamicShape())
        continue;
      if (auto conv = dyn_cast<linalg::Conv2DNchwFchwOp>(op.getOperation())) {
        FailureOr<linalg::GenericOp> generic =
            sic::generalizeDirectConvolutionTile(rewriter, conv);
        if (failed(generic))
          continue;
        op = *generic;
      }
      (void)linalg::vectorize(rewriter, op);
    }
    if (failed(formContractions(getOperation())))
      signalPassFailure();
  }
};

} // namespace
