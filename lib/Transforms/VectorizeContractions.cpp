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
#include "WidenColumns.h"

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

/// Whether a convolution with `plan` is a direct one here: a Winograd
/// convolution that sic-conv-to-winograd left (not run) is computed as it
/// is.
bool isComputedDirectly(const sic::ConvolutionPlan &plan) {
  return plan.kernel == sic::ConvolutionKernel::Direct ||
         plan.kernel == sic::ConvolutionKernel::Winograd;
}

/// The loops of a direct convolution (sic::planConvolution): rows over
/// the filters, columns over the output's width, the output's rows outer;
/// loops (n, f, oh, ow, c, kh, kw).
std::optional<TileLoops> getConvolutionLoops(linalg::LinalgOp op,
                                             sic::TargetAttr target) {
  auto conv = dyn_cast<linalg::Conv2DNchwFchwOp>(op.getOperation());
  if (!conv || !isComputedDirectly(sic::planConvolution(conv, target)))
    return std::nullopt;
  return TileLoops{1, 3, 2, {4, 5, 6}};
}

/// The right-hand side of a contraction with `loops` whose columns no clean
/// register tiles cover, with the width to compute instead
/// (sic::getCleanWidth): a classifier's 10 columns are computed 16 wide.
/// Nothing when the columns are clean, or the right-hand side's last dim
/// is not the columns.
std::optional<std::pair<OpOperand *, int64_t>>
getNarrowColumns(linalg::LinalgOp op, const TileLoops &loops,
                 sic::TargetAttr target) {
  Type element = getElementTypeOrSelf(op.getDpsInitOperand(0)->get());
  if (!element.isIntOrFloat())
    return std::nullopt;
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  int64_t lanes = sic::getLanes(element, target);
  int64_t widest = sic::getTileBounds(ranges[loops.row], lanes,
                                      sic::getAccumulatorRegisters(
                                          target, sic::TileKind::Contraction))
                       .second;
  int64_t width = sic::getCleanWidth(ranges[loops.column], widest, lanes);
  if (width == ranges[loops.column])
    return std::nullopt;
  for (OpOperand *input : op.getDpsInputOperands()) {
    AffineMap map = op.getMatchingIndexingMap(input);
    if (map.getNumResults() == 0 ||
        map.getResults().back() !=
            getAffineDimExpr(loops.column, op.getContext()) ||
        llvm::any_of(map.getResults().drop_back(), [&](AffineExpr result) {
          return result.isFunctionOfDim(loops.column);
        }))
      continue;
    return std::make_pair(input, width);
  }
  return std::nullopt;
}

/// The register tile of a static contraction or direct convolution on
/// tensors that can be tiled statically, or nothing for any other op.
std::optional<RegisterTile> chooseTile(linalg::LinalgOp op,
                                       sic::TargetAttr target) {
  if (!op.hasPureTensorSemantics() || op.hasDynamicShape() ||
      op.getNumDpsInits() != 1 || !sic::canTileStatically(op))
    return std::nullopt;
  std::optional<TileLoops> loops = getContractionLoops(op);
  sic::TileKind kind = sic::TileKind::Contraction;
  if (!loops) {
    loops = getConvolutionLoops(op, target);
    kind = sic::TileKind::Convolution;
  }
  if (!loops)
    return std::nullopt;
  unsigned columnLoop = loops->column, rowLoop = loops->row;
  Type element = getElementTypeOrSelf(op.getDpsInitOperand(0)->get());
  if (!element.isIntOrFloat())
    return std::nullopt;

  int64_t lanes = sic::getLanes(element, target);
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  RegisterTile tile;
  tile.sizes.assign(ranges.size(), 1);
  int64_t accumulators = sic::getAccumulatorRegisters(target, kind);
  auto [rows, widest] =
      sic::getTileBounds(ranges[rowLoop], lanes, accumulators);
  int64_t columns = sic::chooseColumns(ranges[columnLoop], widest, lanes);
  if (columns < std::min(ranges[columnLoop], widest))
    rows = std::min<int64_t>(ranges[rowLoop], accumulators / (columns / lanes));
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
///
/// A tile of many rows needs no blocks: each vector of the panel feeds as
/// many FMAs as the tile has rows, so at most kStreamedBytesPerFma bytes
/// of the panel per FMA come from L2 (6 rows of 8 floats: 5.3 bytes, 11 of
/// L2's 32 bytes a cycle at 2 FMAs a cycle). On a Zen 3, 6-row tiles ran
/// the transformer's 1024x256 MatMul 1.14x faster without blocks than in
/// blocks of 256 (whose addresses, once LLVM unrolled the reduction, took
/// registers the accumulators needed).
std::optional<SmallVector<int64_t>> chooseCacheBlock(linalg::LinalgOp op,
                                                     const RegisterTile &tile,
                                                     sic::TargetAttr target) {
  constexpr int64_t kStreamedBytesPerFma = 6;
  if (tile.reductionLoops != 1 ||
      target.getVectorBits() / 8 <=
          kStreamedBytesPerFma * tile.sizes[tile.rowLoop])
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
    // Direct convolutions and contractions whose rows no clean register
    // tiles cover are computed wider and cropped.
    SmallVector<std::tuple<linalg::LinalgOp, OpOperand *, int64_t>> narrow;
    getOperation().walk([&](linalg::LinalgOp op) {
      if (auto conv = dyn_cast<linalg::Conv2DNchwFchwOp>(op.getOperation())) {
        sic::ConvolutionPlan plan = sic::planConvolution(conv, *target);
        int64_t width =
            cast<RankedTensorType>(conv->getResult(0).getType()).getDimSize(3);
        if (isComputedDirectly(plan) && plan.computedWidth != width)
          narrow.emplace_back(op, &conv->getOpOperand(0), plan.computedWidth);
        return;
      }
      if (!chooseTile(op, *target))
        return;
      if (std::optional<TileLoops> loops = getContractionLoops(op))
        if (auto columns = getNarrowColumns(op, *loops, *target))
          narrow.emplace_back(op, columns->first, columns->second);
    });
    for (auto [op, input, width] : narrow)
      sic::widenColumns(rewriter, op, *input, width);

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
