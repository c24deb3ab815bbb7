//===- ConvToWinograd.cpp - The sic-conv-to-winograd pass -----------------===//
//
// Winograd's minimal filtering F(m, 3) along a convolution's height: its
// output rows m at a time are m sums of m + 2 products instead of 3m
// (Lavin and Gray, "Fast Algorithms for Convolutional Neural Networks").
// With the input X padded, the filter g [F, C, 3, KW], t a tile of m output
// rows and x a column:
//
//   R_i[n, c, t, x] = sum_r BT[i][r] X[n, c, m t + r, x]        i < m + 2
//   U_i[f, c, 0, k] = sum_h G[i][h] g[f, c, h, k]              (when compiled)
//   M_i = conv(R_i, U_i)                       (one row high, direct kernels)
//   Y[n, f, m t + a, x] = init + sum_i AT[a][i] M_i[n, f, t, x]     a < m
//
// The row sums read and write whole rows (vectorized like any elementwise
// op); the m + 2 convolutions are direct kernels at the register-tiled
// rate. The tiles go in blocks of a few (a loop threads share), so that
// R_i and M_i are read back from cache; on resnet_small at one thread,
// F(2, 3) made the model 1.32x faster than direct kernels, F(4, 3) 1.17x
// faster again, and blocks with the epilogue applied by the output's sums
// about 1.05x more (sic-run --baseline, 10 rounds).
//
// F(4x4, 3x3) applies F(4, 3) to the row convolutions along the width
// too: with V_ij = sum_q BT[j][q] R_i[.., 4 s + q],
//
//   M_ij[n, f, t s] = sum_c U_ij[f, c] V_ij[n, c, t s]      (1x1 convolutions)
//   M_i[n, f, t, 4 s + b] = sum_j AT[b][j] M_ij[n, f, t s]
//
// Reading every 4th column is what a vector cannot do, so the tiles'
// columns are kept in phases (column 4 s + p at [p, s]): the input is
// split once, the row sums and V_ij then read whole rows of phases, and
// the output rows are transposed back from their sums in phases, a vector
// of tiles at a time (hence a vector of tiles per row at least).
//
//===----------------------------------------------------------------------===//

#include "sic/Transforms/Passes.h"

#include "dialects/Sic/IR/ParallelMark.h"
#include "dialects/Sic/IR/SicDialect.h"

#include "DirectConvolution.h"
#include "MinimalFiltering.h"
#include "StaticTiles.h"
#include "WinogradOnChannels.h"
#include "WinogradViews.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StructuredOpsUtils.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::sic {
#define GEN_PASS_DEF_CONVTOWINOGRADPASS
#include "sic/Transforms/Passes.h.inc"
} // namespace mlir::sic

using namespace mlir;

namespace {

using sic::applyEpilogue;
using sic::buildFlatSums;
using sic::buildProductFilters;
using sic::buildRow;
using sic::buildSum;
using sic::buildSums;
using sic::collapseColumns;
using sic::collapseTiles;
using sic::expandColumns;
using sic::expandTiles;
using sic::getEpilogue;
using sic::getMinimalFiltering;
using sic::getSharedProduct;
using sic::getTransposedMap;
using sic::insertEvery;
using sic::insertPhase;
using sic::MinimalFiltering;
using sic::padEnd;
using sic::sliceEvery;
using sic::slicePhase;
using sic::sumsOf;
using sic::transposeColumns;

/// What every block of a Winograd convolution shares.
struct Layer {
  linalg::Conv2DNchwFchwOp conv;
  MinimalFiltering filtering;
  /// The input, padded with the extra rows of the last tile; for tiles of
  /// m columns, padded to whole tiles of columns too and split in phases
  /// ([N, C, H', m, S + 1]).
  Value input;
  /// Whether the tiles are m columns wide too (F(m x m, 3 x 3)).
  bool columns = false;
  /// The products' filters: U_i, or U_ij at i (m + 2) + j for tiles of m
  /// columns (buildProductFilters).
  SmallVector<Value> filters;
  /// The accumulator's start and the product it starts (-1: none, the
  /// output's sums add the accumulator).
  linalg::LinalgOp start;
  int64_t shared = -1;
  /// The consumer the output's sums apply, and its other inputs.
  linalg::GenericOp epilogue;
  SmallVector<Value> epilogueInputs;
  /// The tiles of m output rows in a block.
  int64_t blockTiles = 0;
};

/// A block's slots: R_i [N, C, tiles, W'] and M_i [N, F, tiles, W]; for
/// tiles of m columns too (S of them a row), R_i [N, C, tiles, m, S + 1]
/// and M_i [N, F, tiles, m, S] in phases, V_j [N, C, B] and M_ij [N, F, 1, B]
/// (B = tiles S, the slots of each j written again for each i), and the
/// output rows' sums in phases, one per row of the tiles.
struct BlockSlots {
  SmallVector<Value> rowSums, products, columnSums, columnProducts, outputSums;

  SmallVector<Value> getAll() const {
    SmallVector<Value> all;
    for (const SmallVector<Value> *group : getGroups())
      llvm::append_range(all, *group);
    return all;
  }

  /// `all` (as getAll() orders them) in the groups of `like`'s sizes.
  static BlockSlots split(ValueRange all, const BlockSlots &like) {
    BlockSlots slots;
    auto next = all.begin();
    for (auto [group, likeGroup] :
         llvm::zip(slots.getGroups(), like.getGroups())) {
      group->assign(next, next + likeGroup->size());
      next += likeGroup->size();
    }
    return slots;
  }

private:
  SmallVector<const SmallVector<Value> *> getGroups() const {
    return {&rowSums, &products, &columnSums, &columnProducts, &outputSums};
  }
  SmallVector<SmallVector<Value> *> getGroups() {
    return {&rowSums, &products, &columnSums, &columnProducts, &outputSums};
  }
};

/// A block's results: the output with its rows written, and the slots it
/// wrote.
struct BlockResults {
  Value output;
  BlockSlots slots;
};

/// For tiles of m columns, M_i by F(m, 3) along the width: from R_i in
/// phases ([N, C, tiles, m, S + 1], column m s + p at [.., p, s]), V_ij,
/// the sums of its columns m s + q (q < m + 2, phase q mod m from tile s +
/// q / m: whole rows of phases) into the slots `sums`; their 1x1
/// convolutions M_ij with U_ij (the block's tiles as one row of columns, so
/// that register tiles see them all) into the slots `products`; then M_i's
/// phases ([N, F, tiles, m, S]) as sums of those, written into `into`.
/// Updates the slots to the values written.
Value buildColumnProducts(OpBuilder &b, Location loc, const Layer &layer,
                          int64_t i, Value rowSum, Value into,
                          MutableArrayRef<Value> sums,
                          MutableArrayRef<Value> products) {
  const MinimalFiltering &filtering = layer.filtering;
  linalg::Conv2DNchwFchwOp conv = layer.conv;
  int64_t rows = filtering.rows, count = filtering.getProducts();
  int64_t columns = cast<RankedTensorType>(into.getType()).getDimSize(4);
  SmallVector<Value> inputColumns, sumInits;
  for (int64_t q = 0; q < count; ++q)
    inputColumns.push_back(
        slicePhase(b, loc, rowSum, q % rows, q / rows, columns));
  for (Value slot : sums)
    sumInits.push_back(expandTiles(b, loc, slot, columns));
  SmallVector<Value> combined =
      buildSums(b, loc, inputColumns, sumInits, sumsOf(filtering.bt, count));

  Type element = getElementTypeOrSelf(into.getType());
  Value zero = b.create<arith::ConstantOp>(loc, b.getFloatAttr(element, 0));
  SmallVector<Value> tileProducts;
  for (int64_t j = 0; j < count; ++j) {
    sums[j] = collapseTiles(b, loc, combined[j]);
    // The accumulators' slot itself, not a reshaped view of it: the
    // register tiles' accumulators then stay in registers.
    Value init =
        i == layer.shared && j == layer.shared
            ? sic::buildStartInto(b, loc, layer.start, products[j])
            : b.create<linalg::FillOp>(loc, zero, products[j]).getResult(0);
    products[j] = b.create<linalg::Conv2DNchwFchwOp>(
                       loc, init.getType(),
                       ValueRange{expandTiles(b, loc, sums[j], 0),
                                  layer.filters[i * count + j]},
                       init, conv.getStrides(), conv.getDilations())
                      .getResult(0);
    tileProducts.push_back(
        expandTiles(b, loc, collapseTiles(b, loc, products[j]), columns));
  }

  // A phase at a time, each written into the tensor its predecessor wrote.
  for (int64_t p = 0; p < rows; ++p) {
    Value sum =
        buildSums(b, loc, tileProducts, slicePhase(b, loc, into, p, 0, columns),
                  sumsOf(filtering.at.slice(p * count, count), count))
            .front();
    into = insertPhase(b, loc, sum, into, p);
  }
  return into;
}

/// The output's value at a row of the tiles from the sum of its products
/// `sum` and the rest of the arguments of the op that writes it (the
/// epilogue's other inputs from `others`, then the accumulator).
Value finishOutput(OpBuilder &b, Location loc, const Layer &layer, Value sum,
                   ValueRange args, int64_t others) {
  if (layer.shared < 0)
    sum = b.create<arith::AddFOp>(loc, args.back(), sum);
  if (layer.epilogue)
    sum = applyEpilogue(b, layer.epilogue, layer.conv->getResult(0), sum,
                        args.slice(others, layer.epilogueInputs.size()));
  return sum;
}

/// The output rows of `blockTiles` tiles from tile `first` (R_i, M_i, then
/// the sums), with `slots` to write into, written into `output`. For tiles
/// of m columns too, R_i and M_i are kept in phases (from the input in
/// phases, buildLayer); the output rows' sums are made in phases too, then
/// each row transposed into place as the epilogue is applied.
BlockResults buildBlock(OpBuilder &b, Location loc, const Layer &layer,
                        OpFoldResult first, Value output, BlockSlots slots) {
  const MinimalFiltering &filtering = layer.filtering;
  linalg::Conv2DNchwFchwOp conv = layer.conv;
  int64_t rows = filtering.rows, count = filtering.getProducts();
  int64_t tiles = layer.blockTiles;

  // R_i: the input's rows combined, one row per tile.
  SmallVector<Value> inputRows;
  for (int64_t r = 0; r < count; ++r)
    inputRows.push_back(sliceEvery(
        b, loc, layer.input, 2, buildRow(b, loc, first, rows, r), rows, tiles));
  SmallVector<Value> combined =
      layer.columns ? buildFlatSums(b, loc, inputRows, slots.rowSums,
                                    sumsOf(filtering.bt, count))
                    : buildSums(b, loc, inputRows, slots.rowSums,
                                sumsOf(filtering.bt, count));

  // M_i: the row convolutions, or their tiles of m columns; the shared
  // product starts from the accumulator's start, the others from zero.
  ValueRange products = slots.products;
  Type element = getElementTypeOrSelf(products[0].getType());
  Value zero = b.create<arith::ConstantOp>(loc, b.getFloatAttr(element, 0));
  SmallVector<Value> convProducts;
  for (int64_t i = 0; i < count; ++i) {
    if (layer.columns) {
      convProducts.push_back(buildColumnProducts(b, loc, layer, i, combined[i],
                                                 products[i], slots.columnSums,
                                                 slots.columnProducts));
      continue;
    }
    Value init =
        i == layer.shared
            ? sic::buildStartInto(b, loc, layer.start, products[i])
            : b.create<linalg::FillOp>(loc, zero, products[i]).getResult(0);
    convProducts.push_back(b.create<linalg::Conv2DNchwFchwOp>(
                                loc, init.getType(),
                                ValueRange{combined[i], layer.filters[i]}, init,
                                conv.getStrides(), conv.getDilations())
                               .getResult(0));
  }
  slots.rowSums = combined;
  slots.products = convProducts;

  // Y: each output row of a tile sums the products (and the accumulator,
  // unless the shared product started from it), then applies the epilogue
  // when there is one. One generic per row of the tiles, each writing the
  // output its predecessor wrote: a row's slice of the output is taken
  // after the rows before it are in, so that all are written in place.
  int64_t others = layer.epilogueInputs.size();
  if (!layer.columns) {
    for (int64_t a = 0; a < rows; ++a) {
      OpFoldResult row = buildRow(b, loc, first, rows, a);
      SmallVector<Value> inputs(convProducts);
      for (Value input : layer.epilogueInputs)
        inputs.push_back(sliceEvery(b, loc, input, 2, row, rows, tiles));
      Value sum =
          buildSums(b, loc, inputs,
                    sliceEvery(b, loc, output, 2, row, rows, tiles),
                    [&](OpBuilder &nested, Location bodyLoc, ValueRange args) {
                      Value sum = buildSum(nested, bodyLoc,
                                           filtering.at.slice(a * count, count),
                                           args.take_front(count));
                      return SmallVector<Value>{finishOutput(
                          nested, bodyLoc, layer, sum, args, count)};
                    })
              .front();
      output = insertEvery(b, loc, sum, output, 2, row, rows);
    }
    return {output, slots};
  }

  // In phases: all the rows' sums at once, then each row transposed (its
  // tiles' columns m apart) with the epilogue, through [S, m] views.
  slots.outputSums = buildFlatSums(b, loc, convProducts, slots.outputSums,
                                   sumsOf(filtering.at, count));
  SmallVector<AffineMap> maps = {getTransposedMap(b.getContext())};
  maps.append(others, b.getMultiDimIdentityMap(5));
  for (int64_t a = 0; a < rows; ++a) {
    OpFoldResult row = buildRow(b, loc, first, rows, a);
    auto tileRows = [&](Value value) {
      return expandColumns(
          b, loc, sliceEvery(b, loc, value, 2, row, rows, tiles), rows);
    };
    SmallVector<Value> inputs = {slots.outputSums[a]};
    for (Value input : layer.epilogueInputs)
      inputs.push_back(tileRows(input));
    Value sum = buildSums(
                    b, loc, inputs, tileRows(output),
                    [&](OpBuilder &nested, Location bodyLoc, ValueRange args) {
                      return SmallVector<Value>{finishOutput(
                          nested, bodyLoc, layer, args[0], args, 1)};
                    },
                    maps)
                    .front();
    output =
        insertEvery(b, loc, collapseColumns(b, loc, sum), output, 2, row, rows);
  }
  return {output, slots};
}

/// The tiles of a block: the fewest (a divisor of `tiles`) whose rows
/// give the row convolutions two vectors of columns, so that each block's
/// row sums and products stay in cache between the ops that make and read
/// them.
int64_t chooseBlockTiles(int64_t tiles, int64_t width, int64_t lanes) {
  for (int64_t count = 1; count < tiles; ++count)
    if (tiles % count == 0 && count * width >= 2 * lanes)
      return count;
  return tiles;
}

/// The offsets, sizes and strides of block `block` of a buffer of `type`
/// [blocks, ...].
struct BlockSlice {
  SmallVector<OpFoldResult> offsets, sizes, strides;
  RankedTensorType type;

  BlockSlice(OpBuilder &b, RankedTensorType buffer, OpFoldResult block)
      : offsets(buffer.getRank(), b.getIndexAttr(0)),
        sizes({b.getIndexAttr(1)}),
        strides(buffer.getRank(), b.getIndexAttr(1)) {
    ArrayRef<int64_t> shape = buffer.getShape().drop_front();
    offsets[0] = block;
    llvm::append_range(sizes, getAsIndexOpFoldResult(b.getContext(), shape));
    type = RankedTensorType::get(shape, buffer.getElementType());
  }
};

/// The slots of block `block` in `buffers`, one [blocks, ...] buffer each.
SmallVector<Value> sliceSlots(OpBuilder &b, Location loc, ValueRange buffers,
                              OpFoldResult block) {
  SmallVector<Value> slots;
  for (Value buffer : buffers) {
    BlockSlice slice(b, cast<RankedTensorType>(buffer.getType()), block);
    slots.push_back(b.create<tensor::ExtractSliceOp>(
        loc, slice.type, buffer, slice.offsets, slice.sizes, slice.strides));
  }
  return slots;
}

/// `values` written back into their slots of block `block` of `buffers`:
/// carried through the loop over blocks, one buffer per slot, so that each
/// is written in place.
SmallVector<Value> insertSlots(OpBuilder &b, Location loc, ValueRange values,
                               ValueRange buffers, OpFoldResult block) {
  SmallVector<Value> written;
  for (auto [value, buffer] : llvm::zip(values, buffers)) {
    BlockSlice slice(b, cast<RankedTensorType>(buffer.getType()), block);
    written.push_back(b.create<tensor::InsertSliceOp>(
        loc, value, buffer, slice.offsets, slice.sizes, slice.strides));
  }
  return written;
}

/// What every block of `conv` shares, for output tiles of
/// `filtering.rows` rows whose last one has `extra` rows past the output:
/// the input padded with those rows, the row filters, the accumulator's
/// start and the epilogue (only when no rows are cropped).
Layer buildLayer(RewriterBase &rewriter, linalg::Conv2DNchwFchwOp conv,
                 const MinimalFiltering &filtering, bool columns,
                 sic::TargetAttr target, int64_t extra) {
  Location loc = conv.getLoc();
  Layer layer;
  layer.conv = conv;
  layer.filtering = filtering;
  layer.input = conv.getInputs()[0];
  layer.columns = columns;
  if (extra != 0)
    layer.input = padEnd(rewriter, loc, layer.input, 2, extra);
  // Whole tiles of m columns: W + 2 columns padded to m (W / m + 1), then
  // split in phases ([N, C, H', m, W / m + 1], column m s + p at [.., p,
  // s]), once for all the blocks: the row sums then read whole rows of
  // tiles.
  if (columns) {
    Value padded =
        expandColumns(rewriter, loc,
                      padEnd(rewriter, loc, layer.input, 3, filtering.rows - 2),
                      filtering.rows);
    layer.input = transposeColumns(rewriter, loc, padded);
  }
  layer.filters = buildProductFilters(
      rewriter, loc, conv.getInputs()[1].getDefiningOp<arith::ConstantOp>(),
      filtering, layer.columns, target.getAlignment());
  layer.start = sic::getAccumulatorStart(conv);
  layer.shared = layer.start ? getSharedProduct(filtering) : -1;
  layer.epilogue =
      layer.shared >= 0 && extra == 0 ? getEpilogue(conv) : nullptr;
  if (layer.epilogue)
    for (Value input : layer.epilogue.getDpsInputs())
      if (input != conv->getResult(0))
        layer.epilogueInputs.push_back(input);
  return layer;
}

/// The tensor the output's sums write into, `extra` rows higher than the
/// output when the last tile is cropped: the epilogue's output, or the
/// accumulator the sums add (padded), or the start's output when the
/// shared product starts from it (a new tensor when rows are cropped).
Value buildOutputBase(RewriterBase &rewriter, const Layer &layer,
                      int64_t extra) {
  linalg::Conv2DNchwFchwOp conv = layer.conv;
  linalg::GenericOp epilogue = layer.epilogue;
  linalg::LinalgOp start = layer.start;
  Location loc = conv.getLoc();
  Value init = conv.getOutputs()[0];
  if (epilogue)
    return epilogue.getDpsInitOperand(0)->get();
  if (layer.shared < 0)
    return extra != 0 ? padEnd(rewriter, loc, init, 2, extra) : init;
  if (extra == 0)
    return start.getDpsInitOperand(0)->get();
  auto type = cast<RankedTensorType>(init.getType());
  SmallVector<int64_t> shape(type.getShape());
  shape[2] += extra;
  return rewriter.create<tensor::EmptyOp>(loc, shape, type.getElementType());
}

/// `output` with the rows of all `blocks` blocks written: the one block
/// inline, or a loop over blocks (marked for threads when the layer has
/// the work) that carries the output and, per R_i and M_i, a buffer of one
/// slot per block.
Value buildBlocks(RewriterBase &rewriter, const Layer &layer, Value output,
                  int64_t blocks) {
  linalg::Conv2DNchwFchwOp conv = layer.conv;
  Location loc = conv.getLoc();
  auto inputType = cast<RankedTensorType>(layer.input.getType());
  auto outputType = cast<RankedTensorType>(conv->getResult(0).getType());
  Type element = outputType.getElementType();
  int64_t count = layer.filtering.getProducts();
  int64_t batch = outputType.getDimSize(0), tiles = layer.blockTiles;
  auto buffers = [&](ArrayRef<int64_t> slot, int64_t number) {
    SmallVector<Value> values;
    // Allocations, not empty tensors: CSE would merge alike empty tensors
    // into one buffer for all the slots.
    SmallVector<int64_t> shape = {blocks};
    llvm::append_range(shape, slot);
    auto type = RankedTensorType::get(shape, element);
    for (int64_t i = 0; i < number; ++i)
      values.push_back(rewriter.create<bufferization::AllocTensorOp>(
          loc, type, ValueRange{}));
    return values;
  };
  int64_t channels = inputType.getDimSize(1);
  int64_t filters = outputType.getDimSize(1);
  BlockSlots slots;
  int64_t width = outputType.getDimSize(3);
  if (layer.columns) {
    int64_t rows = layer.filtering.rows, columns = width / rows;
    slots.rowSums = buffers({batch, channels, tiles, rows, columns + 1}, count);
    slots.products = buffers({batch, filters, tiles, rows, columns}, count);
    slots.columnSums = buffers({batch, channels, tiles * columns}, count);
    slots.columnProducts = buffers({batch, filters, 1, tiles * columns}, count);
    slots.outputSums = buffers({batch, filters, tiles, rows, columns}, rows);
  } else {
    slots.rowSums =
        buffers({batch, channels, tiles, inputType.getDimSize(3)}, count);
    slots.products = buffers({batch, filters, tiles, width}, count);
  }
  SmallVector<Value> allSlots = slots.getAll();
  if (blocks == 1) {
    OpFoldResult block = rewriter.getIndexAttr(0);
    return buildBlock(rewriter, loc, layer, block, output,
                      BlockSlots::split(
                          sliceSlots(rewriter, loc, allSlots, block), slots))
        .output;
  }
  auto index = [&](int64_t value) -> Value {
    return rewriter.create<arith::ConstantIndexOp>(loc, value);
  };
  SmallVector<Value> carriedInits = {output};
  llvm::append_range(carriedInits, allSlots);
  auto loop = rewriter.create<scf::ForOp>(
      loc, index(0), index(blocks), index(1), carriedInits,
      [&](OpBuilder &b, Location nestedLoc, Value block, ValueRange carried) {
        Value first = b.create<arith::MulIOp>(
            nestedLoc, block,
            b.create<arith::ConstantIndexOp>(nestedLoc, layer.blockTiles));
        ValueRange carriedSlots = carried.drop_front();
        BlockResults results = buildBlock(
            b, nestedLoc, layer, first, carried[0],
            BlockSlots::split(sliceSlots(b, nestedLoc, carriedSlots, block),
                              slots));
        SmallVector<Value> yielded = {results.output};
        llvm::append_range(yielded,
                           insertSlots(b, nestedLoc, results.slots.getAll(),
                                       carriedSlots, block));
        b.create<scf::YieldOp>(nestedLoc, yielded);
      });
  auto filterType = cast<ShapedType>(conv.getInputs()[1].getType());
  int64_t work =
      outputType.getNumElements() * channels * 3 * filterType.getDimSize(3);
  if (work >= sic::kParallelWork)
    loop->setAttr(sic::kParallelMark, rewriter.getUnitAttr());
  return loop.getResult(0);
}

void rewrite(RewriterBase &rewriter, linalg::Conv2DNchwFchwOp conv,
             const MinimalFiltering &filtering, bool columns,
             sic::TargetAttr target) {
  Location loc = conv.getLoc();
  auto outputType = cast<RankedTensorType>(conv->getResult(0).getType());
  // The last tile is whole: its extra rows read zeros and are cropped.
  int64_t height = outputType.getDimSize(2);
  int64_t tiles = llvm::divideCeil(height, filtering.rows);
  int64_t extra = tiles * filtering.rows - height;
  rewriter.setInsertionPoint(conv);
  Layer layer = buildLayer(rewriter, conv, filtering, columns, target, extra);
  if (layer.epilogue)
    rewriter.setInsertionPoint(layer.epilogue);
  Value output = buildOutputBase(rewriter, layer, extra);
  // Blocks are shared between threads: one slot per block for each R_i
  // and M_i.
  // Tiles of m columns too: a block's products have a column per tile.
  int64_t width = outputType.getDimSize(3);
  layer.blockTiles =
      chooseBlockTiles(tiles, columns ? width / filtering.rows : width,
                       sic::getLanes(outputType.getElementType(), target));
  output = buildBlocks(rewriter, layer, output, tiles / layer.blockTiles);
  if (extra != 0) {
    SmallVector<OpFoldResult> zeros(4, rewriter.getIndexAttr(0));
    SmallVector<OpFoldResult> ones(4, rewriter.getIndexAttr(1));
    output = rewriter.create<tensor::ExtractSliceOp>(
        loc, outputType, output, zeros,
        getAsIndexOpFoldResult(rewriter.getContext(), outputType.getShape()),
        ones);
  }
  if (layer.epilogue) {
    rewriter.replaceOp(layer.epilogue, output);
    rewriter.eraseOp(conv);
  } else {
    rewriter.replaceOp(conv, output);
  }
  if (layer.start)
    rewriter.eraseOp(layer.start);
}

struct ConvToWinogradPass
    : public sic::impl::ConvToWinogradPassBase<ConvToWinogradPass> {
  void runOnOperation() override {
    FailureOr<sic::TargetAttr> target = sic::requireTarget(getOperation());
    if (failed(target))
      return signalPassFailure();
    IRRewriter rewriter(&getContext());
    for (auto [conv, plan] : sic::collectConvolutions(
             getOperation(), *target, sic::ConvolutionKernel::Winograd)) {
      MinimalFiltering filtering = getMinimalFiltering(plan.winogradRows);
      if (plan.winogradOnChannels)
        sic::rewriteWinogradOnChannels(rewriter, conv, filtering,
                                       target->getAlignment());
      else
        rewrite(rewriter, conv, filtering, plan.winogradColumns != 0, *target);
    }
  }
};

} // namespace
