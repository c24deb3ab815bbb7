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
// rate. Along the width nothing changes, so every access stays a row
// segment: a two-dimensional F(m x m, 3 x 3) would save more products but
// read its tiles' columns with a stride of m. The tiles go in blocks of a
// few (a loop threads share), so that R_i and M_i are read back from
// cache; on resnet_small at one thread, F(2, 3) made the model 1.32x
// faster than direct kernels, F(4, 3) 1.17x faster again, and blocks with
// the epilogue applied by the output's sums about 1.05x more (sic-run
// --baseline, 10 rounds).
//
//===----------------------------------------------------------------------===//

#include "sic/Transforms/Passes.h"

#include "dialects/Sic/IR/ParallelMark.h"
#include "dialects/Sic/IR/SicDialect.h"

#include "ConstantBytes.h"
#include "DirectConvolution.h"
#include "StaticTiles.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StructuredOpsUtils.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"

#include <cstring>

namespace mlir::sic {
#define GEN_PASS_DEF_CONVTOWINOGRADPASS
#include "sic/Transforms/Passes.h.inc"
} // namespace mlir::sic

using namespace mlir;

namespace {

using utils::IteratorType;

/// The matrices of F(m, 3) on the points 0, ±1, ±2 (and infinity): BT is
/// (m + 2) x (m + 2), G (m + 2) x 3, AT m x (m + 2), row-major.
struct MinimalFiltering {
  int64_t rows;
  ArrayRef<double> bt, g, at;

  int64_t getProducts() const { return rows + 2; }
};

constexpr double kBT2[] = {1, 0, -1, 0, 0, 1, 1, 0, 0, -1, 1, 0, 0, 1, 0, -1};
constexpr double kG2[] = {1, 0, 0, .5, .5, .5, .5, -.5, .5, 0, 0, 1};
constexpr double kAT2[] = {1, 1, 1, 0, 0, 1, -1, -1};

constexpr double kBT4[] = {4, 0, -5, 0,  1, 0, 0, -4, -4, 1,  1, 0,
                           0, 4, -4, -1, 1, 0, 0, -2, -1, 2,  1, 0,
                           0, 2, -1, -2, 1, 0, 0, 4,  0,  -5, 0, 1};
constexpr double kG4[] = {1. / 4,  0,        0,       -1. / 6, -1. / 6, -1. / 6,
                          -1. / 6, 1. / 6,   -1. / 6, 1. / 24, 1. / 12, 1. / 6,
                          1. / 24, -1. / 12, 1. / 6,  0,       0,       1};
constexpr double kAT4[] = {1, 1, 1, 1, 1, 0, 0, 1, -1, 2, -2, 0,
                           0, 1, 1, 4, 4, 0, 0, 1, -1, 8, -8, 1};

MinimalFiltering getMinimalFiltering(int64_t rows) {
  if (rows == 4)
    return {4, kBT4, kG4, kAT4};
  return {2, kBT2, kG2, kAT2};
}

/// sum_j coefficients[j] * values[j], skipping zeros and multiplying by
/// no ±1, from the first positive term (no negation) when there is one.
Value buildSum(OpBuilder &b, Location loc, ArrayRef<double> coefficients,
               ValueRange values) {
  auto indices = llvm::seq<int64_t>(0, coefficients.size());
  SmallVector<int64_t> order(indices.begin(), indices.end());
  auto positive =
      llvm::find_if(order, [&](int64_t j) { return coefficients[j] > 0; });
  if (positive != order.end())
    std::rotate(order.begin(), positive, positive + 1);
  Value sum;
  for (int64_t j : order) {
    double coefficient = coefficients[j];
    Value value = values[j];
    if (coefficient == 0)
      continue;
    Value term = value;
    if (std::abs(coefficient) != 1)
      term = b.create<arith::MulFOp>(
          loc, term,
          b.create<arith::ConstantOp>(
              loc, b.getFloatAttr(value.getType(), std::abs(coefficient))));
    if (!sum)
      sum = coefficient < 0 ? b.create<arith::NegFOp>(loc, term) : term;
    else if (coefficient < 0)
      sum = b.create<arith::SubFOp>(loc, sum, term);
    else
      sum = b.create<arith::AddFOp>(loc, sum, term);
  }
  return sum;
}

/// The offsets, sizes and strides of rows first + rows * t (t < count) of
/// a tensor of `shape` [N, C, H, W].
struct RowSlice {
  SmallVector<OpFoldResult> offsets, sizes, strides;
  SmallVector<int64_t> shape;

  RowSlice(OpBuilder &b, ArrayRef<int64_t> whole, OpFoldResult first,
           int64_t rows, int64_t count)
      : shape(whole) {
    shape[2] = count;
    offsets.assign(4, b.getIndexAttr(0));
    offsets[2] = first;
    sizes = getAsIndexOpFoldResult(b.getContext(), shape);
    strides.assign(4, b.getIndexAttr(1));
    strides[2] = b.getIndexAttr(rows);
  }
};

/// value[:, :, first + rows * t, :] for t < count.
Value sliceRows(OpBuilder &b, Location loc, Value value, OpFoldResult first,
                int64_t rows, int64_t count) {
  auto type = cast<RankedTensorType>(value.getType());
  RowSlice slice(b, type.getShape(), first, rows, count);
  return b.create<tensor::ExtractSliceOp>(loc, type.clone(slice.shape), value,
                                          slice.offsets, slice.sizes,
                                          slice.strides);
}

/// `value` written into `into` at [:, :, first + rows * t, :].
Value insertRows(OpBuilder &b, Location loc, Value value, Value into,
                 OpFoldResult first, int64_t rows) {
  auto type = cast<RankedTensorType>(value.getType());
  RowSlice slice(b, type.getShape(), first, rows, type.getDimSize(2));
  return b.create<tensor::InsertSliceOp>(loc, value, into, slice.offsets,
                                         slice.sizes, slice.strides);
}

/// first * scale + offset, folded when `first` is a constant.
OpFoldResult buildRow(OpBuilder &b, Location loc, OpFoldResult first,
                      int64_t scale, int64_t offset) {
  if (std::optional<int64_t> constant = getConstantIntValue(first))
    return b.getIndexAttr(*constant * scale + offset);
  Value scaled = b.create<arith::MulIOp>(
      loc, cast<Value>(first), b.create<arith::ConstantIndexOp>(loc, scale));
  if (offset == 0)
    return scaled;
  return b
      .create<arith::AddIOp>(loc, scaled,
                             b.create<arith::ConstantIndexOp>(loc, offset))
      .getResult();
}

/// An all-parallel generic with identity maps over `inputs` and `inits`
/// (all of one shape) whose body yields `body`(its arguments).
SmallVector<Value> buildRowSums(
    OpBuilder &b, Location loc, ValueRange inputs, ValueRange inits,
    function_ref<SmallVector<Value>(OpBuilder &, Location, ValueRange)> body) {
  auto identity = b.getMultiDimIdentityMap(4);
  SmallVector<AffineMap> maps(inputs.size() + inits.size(), identity);
  auto generic = b.create<linalg::GenericOp>(
      loc, ValueRange(inits).getTypes(), inputs, inits, maps,
      SmallVector<IteratorType>(4, IteratorType::parallel),
      [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        nested.create<linalg::YieldOp>(nestedLoc,
                                       body(nested, nestedLoc, args));
      });
  return generic.getResults();
}

/// The filters U_i [F, C, 1, KW] of the row convolutions, from the elements
/// of the constant filter `filter` [F, C, 3, KW] (f32).
SmallVector<Value> buildRowFilters(OpBuilder &b, Location loc,
                                   arith::ConstantOp filter,
                                   const MinimalFiltering &filtering,
                                   int64_t alignment) {
  auto type = cast<RankedTensorType>(filter.getType());
  // Copied: the stored bytes need not be aligned for floats.
  ArrayRef<char> bytes = sic::getStoredElementBytes(filter);
  std::vector<float> weights(type.getNumElements());
  std::memcpy(weights.data(), bytes.data(), weights.size() * sizeof(float));
  int64_t planes = type.getDimSize(0) * type.getDimSize(1);
  int64_t width = type.getDimSize(3);
  auto rowType = type.clone({type.getDimSize(0), type.getDimSize(1), 1, width});
  SmallVector<Value> filters;
  for (int64_t i = 0; i < filtering.getProducts(); ++i) {
    std::vector<float> row(planes * width);
    for (int64_t plane = 0; plane < planes; ++plane)
      for (int64_t k = 0; k < width; ++k) {
        double sum = 0;
        for (int64_t h = 0; h < 3; ++h)
          sum += filtering.g[i * 3 + h] * weights[(plane * 3 + h) * width + k];
        row[plane * width + k] = static_cast<float>(sum);
      }
    ArrayRef<char> rowBytes(reinterpret_cast<const char *>(row.data()),
                            row.size() * sizeof(float));
    filters.push_back(
        sic::buildConstantLike(b, loc, filter, rowType, rowBytes, alignment));
  }
  return filters;
}

/// The index of the product every output row takes once (a column of AT of
/// ones): its convolution can start from the accumulator's start.
int64_t getSharedProduct(const MinimalFiltering &filtering) {
  int64_t products = filtering.getProducts();
  for (int64_t i = 0; i < products; ++i)
    if (llvm::all_of(llvm::seq<int64_t>(0, filtering.rows), [&](int64_t a) {
          return filtering.at[a * products + i] == 1;
        }))
      return i;
  return -1;
}

/// The elementwise consumer of `conv`'s result that the output's sums can
/// apply as they write it (as sic-fuse-epilogues does for direct kernels):
/// its only user, an all-parallel generic of identity maps and one result
/// that takes it as an input and writes into a tensor.empty it does not
/// read. Null otherwise.
linalg::GenericOp getEpilogue(linalg::Conv2DNchwFchwOp conv) {
  Value result = conv->getResult(0);
  if (!result.hasOneUse())
    return nullptr;
  auto consumer = dyn_cast<linalg::GenericOp>(*result.getUsers().begin());
  if (!consumer || consumer.getNumResults() != 1 ||
      consumer.getNumDpsInits() != 1 || consumer.hasIndexSemantics() ||
      consumer.getNumParallelLoops() != consumer.getNumLoops() ||
      !llvm::all_of(consumer.getIndexingMapsArray(),
                    [](AffineMap map) { return map.isIdentity(); }))
    return nullptr;
  OpOperand *init = consumer.getDpsInitOperand(0);
  if (init->get() == result || consumer.payloadUsesValueFromOperand(init) ||
      !init->get().getDefiningOp<tensor::EmptyOp>())
    return nullptr;
  return consumer;
}

/// `epilogue`'s body cloned at `b` with `value` for its input `result` and
/// `others` for its other inputs, in order; its yielded value.
Value applyEpilogue(OpBuilder &b, linalg::GenericOp epilogue, Value result,
                    Value value, ValueRange others) {
  IRMapping mapping;
  Block *body = epilogue.getBody();
  auto other = others.begin();
  for (OpOperand *input : epilogue.getDpsInputOperands())
    mapping.map(body->getArgument(input->getOperandNumber()),
                input->get() == result ? value : *other++);
  for (Operation &op : body->without_terminator())
    b.clone(op, mapping);
  return mapping.lookupOrDefault(body->getTerminator()->getOperand(0));
}

/// `value` with `extra` more rows (dim 2) of zeros at the bottom: the
/// constant pad that made it grown when there is one (no second copy),
/// a new pad otherwise.
Value padRows(OpBuilder &b, Location loc, Value value, int64_t extra) {
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<int64_t> shape(type.getShape());
  shape[2] += extra;
  SmallVector<OpFoldResult> low(4, b.getIndexAttr(0));
  SmallVector<OpFoldResult> high(4, b.getIndexAttr(0));
  Value source = value;
  Value padding;
  auto pad = value.getDefiningOp<tensor::PadOp>();
  if (pad && pad.getConstantPaddingValue() &&
      matchPattern(pad.getConstantPaddingValue(), m_AnyZeroFloat()) &&
      pad.getStaticLow().size() == 4 &&
      !ShapedType::isDynamic(pad.getStaticHigh()[2])) {
    source = pad.getSource();
    low = pad.getMixedLowPad();
    high = pad.getMixedHighPad();
    // Made again: the pad's own may live in its body.
    Attribute zero;
    matchPattern(pad.getConstantPaddingValue(), m_Constant(&zero));
    padding = b.create<arith::ConstantOp>(loc, cast<TypedAttr>(zero));
  } else {
    padding =
        b.create<arith::ConstantOp>(loc, b.getZeroAttr(type.getElementType()));
  }
  high[2] = b.getIndexAttr(getConstantIntValue(high[2]).value_or(0) + extra);
  return b.create<tensor::PadOp>(loc, type.clone(shape), source, low, high,
                                 padding);
}

/// What every block of a Winograd convolution shares.
struct Layer {
  linalg::Conv2DNchwFchwOp conv;
  MinimalFiltering filtering;
  /// The input, padded with the extra rows of the last tile.
  Value input;
  /// The row convolutions' filters U_i.
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

/// A block's results: the output with its rows written, and the R_i and
/// M_i it wrote into the slots it was given.
struct BlockResults {
  Value output;
  SmallVector<Value> rowSums, products;
};

/// The output rows of `blockTiles` tiles from tile `first` (R_i, M_i, then
/// the sums), with `rowSums` and `products` (m + 2 each, [N, C, tiles, W']
/// and [N, F, tiles, W]) to write into, written into `output`.
BlockResults buildBlock(OpBuilder &b, Location loc, const Layer &layer,
                        OpFoldResult first, Value output, ValueRange rowSums,
                        ValueRange products) {
  const MinimalFiltering &filtering = layer.filtering;
  linalg::Conv2DNchwFchwOp conv = layer.conv;
  int64_t rows = filtering.rows, count = filtering.getProducts();
  int64_t tiles = layer.blockTiles;

  // R_i: the input's rows combined, one row per tile.
  SmallVector<Value> inputRows;
  for (int64_t r = 0; r < count; ++r)
    inputRows.push_back(sliceRows(
        b, loc, layer.input, buildRow(b, loc, first, rows, r), rows, tiles));
  SmallVector<Value> combined = buildRowSums(
      b, loc, inputRows, rowSums,
      [&](OpBuilder &nested, Location bodyLoc, ValueRange args) {
        SmallVector<Value> sums;
        for (int64_t i = 0; i < count; ++i)
          sums.push_back(buildSum(nested, bodyLoc,
                                  filtering.bt.slice(i * count, count),
                                  args.take_front(count)));
        return sums;
      });

  // M_i: the row convolutions; the shared product starts from the
  // accumulator's start, the others from zero.
  Type element = getElementTypeOrSelf(products[0].getType());
  Value zero = b.create<arith::ConstantOp>(loc, b.getFloatAttr(element, 0));
  SmallVector<Value> convProducts;
  for (int64_t i = 0; i < count; ++i) {
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

  // Y: each output row of a tile sums the products (and the accumulator,
  // unless the shared product started from it), then applies the epilogue
  // when there is one. One generic per row of the tiles, each writing the
  // output its predecessor wrote: a row's slice of the output is taken
  // after the rows before it are in, so that all are written in place.
  int64_t others = layer.epilogueInputs.size();
  Value result = conv->getResult(0);
  for (int64_t a = 0; a < rows; ++a) {
    OpFoldResult row = buildRow(b, loc, first, rows, a);
    SmallVector<Value> inputs(convProducts);
    for (Value input : layer.epilogueInputs)
      inputs.push_back(sliceRows(b, loc, input, row, rows, tiles));
    Value sum =
        buildRowSums(
            b, loc, inputs, sliceRows(b, loc, output, row, rows, tiles),
            [&](OpBuilder &nested, Location bodyLoc, ValueRange args) {
              Value sum = buildSum(nested, bodyLoc,
                                   filtering.at.slice(a * count, count),
                                   args.take_front(count));
              if (layer.shared < 0)
                sum = nested.create<arith::AddFOp>(bodyLoc, args.back(), sum);
              if (layer.epilogue)
                sum = applyEpilogue(nested, layer.epilogue, result, sum,
                                    args.slice(count, others));
              return SmallVector<Value>{sum};
            })
            .front();
    output = insertRows(b, loc, sum, output, row, rows);
  }
  return {output, combined, convProducts};
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
                 const MinimalFiltering &filtering, sic::TargetAttr target,
                 int64_t extra) {
  Location loc = conv.getLoc();
  Layer layer{conv, filtering, conv.getInputs()[0]};
  if (extra != 0)
    layer.input = padRows(rewriter, loc, layer.input, extra);
  layer.filters = buildRowFilters(
      rewriter, loc, conv.getInputs()[1].getDefiningOp<arith::ConstantOp>(),
      filtering, target.getAlignment());
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
    return extra != 0 ? padRows(rewriter, loc, init, extra) : init;
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
  auto buffers = [&](int64_t channels, int64_t columns) {
    SmallVector<Value> values;
    // Allocations, not empty tensors: CSE would merge alike empty tensors
    // into one buffer for all the slots.
    auto type = RankedTensorType::get(
        {blocks, outputType.getDimSize(0), channels, layer.blockTiles, columns},
        element);
    for (int64_t i = 0; i < count; ++i)
      values.push_back(rewriter.create<bufferization::AllocTensorOp>(
          loc, type, ValueRange{}));
    return values;
  };
  SmallVector<Value> rowSums =
      buffers(inputType.getDimSize(1), inputType.getDimSize(3));
  SmallVector<Value> products =
      buffers(outputType.getDimSize(1), outputType.getDimSize(3));
  if (blocks == 1) {
    OpFoldResult block = rewriter.getIndexAttr(0);
    return buildBlock(rewriter, loc, layer, block, output,
                      sliceSlots(rewriter, loc, rowSums, block),
                      sliceSlots(rewriter, loc, products, block))
        .output;
  }
  auto index = [&](int64_t value) -> Value {
    return rewriter.create<arith::ConstantIndexOp>(loc, value);
  };
  SmallVector<Value> carriedInits = {output};
  llvm::append_range(carriedInits, rowSums);
  llvm::append_range(carriedInits, products);
  auto loop = rewriter.create<scf::ForOp>(
      loc, index(0), index(blocks), index(1), carriedInits,
      [&](OpBuilder &b, Location nestedLoc, Value block, ValueRange carried) {
        Value first = b.create<arith::MulIOp>(
            nestedLoc, block,
            b.create<arith::ConstantIndexOp>(nestedLoc, layer.blockTiles));
        ValueRange carriedSums = carried.slice(1, count);
        ValueRange carriedProducts = carried.slice(1 + count, count);
        BlockResults results =
            buildBlock(b, nestedLoc, layer, first, carried[0],
                       sliceSlots(b, nestedLoc, carriedSums, block),
                       sliceSlots(b, nestedLoc, carriedProducts, block));
        SmallVector<Value> yielded = {results.output};
        llvm::append_range(yielded, insertSlots(b, nestedLoc, results.rowSums,
                                                carriedSums, block));
        llvm::append_range(yielded, insertSlots(b, nestedLoc, results.products,
                                                carriedProducts, block));
        b.create<scf::YieldOp>(nestedLoc, yielded);
      });
  int64_t work =
      outputType.getNumElements() * inputType.getDimSize(1) * 3 *
      cast<RankedTensorType>(layer.filters[0].getType()).getDimSize(3);
  if (work >= sic::kParallelWork)
    loop->setAttr(sic::kParallelMark, rewriter.getUnitAttr());
  return loop.getResult(0);
}

void rewrite(RewriterBase &rewriter, linalg::Conv2DNchwFchwOp conv,
             const MinimalFiltering &filtering, sic::TargetAttr target) {
  Location loc = conv.getLoc();
  auto outputType = cast<RankedTensorType>(conv->getResult(0).getType());
  // The last tile is whole: its extra rows read zeros and are cropped.
  int64_t height = outputType.getDimSize(2);
  int64_t tiles = llvm::divideCeil(height, filtering.rows);
  int64_t extra = tiles * filtering.rows - height;
  rewriter.setInsertionPoint(conv);
  Layer layer = buildLayer(rewriter, conv, filtering, target, extra);
  if (layer.epilogue)
    rewriter.setInsertionPoint(layer.epilogue);
  Value output = buildOutputBase(rewriter, layer, extra);
  // Blocks are shared between threads: one slot per block for each R_i
  // and M_i.
  layer.blockTiles =
      chooseBlockTiles(tiles, outputType.getDimSize(3),
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
             getOperation(), *target, sic::ConvolutionKernel::Winograd))
      rewrite(rewriter, conv, getMinimalFiltering(plan.winogradRows), *target);
  }
};

} // namespace
