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
// read its tiles' columns with a stride of m.
//
//===----------------------------------------------------------------------===//

#include "sic/Transforms/Passes.h"

#include "dialects/Sic/IR/SicDialect.h"

#include "ConstantBytes.h"
#include "DirectConvolution.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StructuredOpsUtils.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"

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

  RowSlice(OpBuilder &b, ArrayRef<int64_t> whole, int64_t first, int64_t rows,
           int64_t count)
      : shape(whole) {
    shape[2] = count;
    offsets.assign(4, b.getIndexAttr(0));
    offsets[2] = b.getIndexAttr(first);
    sizes = getAsIndexOpFoldResult(b.getContext(), shape);
    strides.assign(4, b.getIndexAttr(1));
    strides[2] = b.getIndexAttr(rows);
  }
};

/// value[:, :, first + rows * t, :] for t < count.
Value sliceRows(OpBuilder &b, Location loc, Value value, int64_t first,
                int64_t rows, int64_t count) {
  auto type = cast<RankedTensorType>(value.getType());
  RowSlice slice(b, type.getShape(), first, rows, count);
  return b.create<tensor::ExtractSliceOp>(loc, type.clone(slice.shape), value,
                                          slice.offsets, slice.sizes,
                                          slice.strides);
}

/// `value` written into `into` at [:, :, first + rows * t, :].
Value insertRows(OpBuilder &b, Location loc, Value value, Value into,
                 int64_t first, int64_t rows) {
  auto type = cast<RankedTensorType>(value.getType());
  RowSlice slice(b, type.getShape(), first, rows, type.getDimSize(2));
  return b.create<tensor::InsertSliceOp>(loc, value, into, slice.offsets,
                                         slice.sizes, slice.strides);
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
  ArrayRef<char> bytes = sic::getStoredElementBytes(filter);
  ArrayRef<float> weights(reinterpret_cast<const float *>(bytes.data()),
                          type.getNumElements());
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
    padding = pad.getConstantPaddingValue();
  } else {
    padding =
        b.create<arith::ConstantOp>(loc, b.getZeroAttr(type.getElementType()));
  }
  high[2] = b.getIndexAttr(getConstantIntValue(high[2]).value_or(0) + extra);
  return b.create<tensor::PadOp>(loc, type.clone(shape), source, low, high,
                                 padding);
}

void rewrite(RewriterBase &rewriter, linalg::Conv2DNchwFchwOp conv,
             const MinimalFiltering &filtering, int64_t alignment) {
  Location loc = conv.getLoc();
  rewriter.setInsertionPoint(conv);
  Value input = conv.getInputs()[0];
  auto filter = conv.getInputs()[1].getDefiningOp<arith::ConstantOp>();
  Value init = conv.getOutputs()[0];
  auto outputType = cast<RankedTensorType>(init.getType());
  int64_t rows = filtering.rows, products = filtering.getProducts();
  // The last tile is whole: its extra rows read zeros and are cropped.
  int64_t height = outputType.getDimSize(2);
  int64_t tiles = llvm::divideCeil(height, rows);
  int64_t extra = tiles * rows - height;
  if (extra != 0)
    input = padRows(rewriter, loc, input, extra);

  // R_i: the input's rows combined, one row per tile.
  SmallVector<Value> inputRows;
  for (int64_t r = 0; r < products; ++r)
    inputRows.push_back(sliceRows(rewriter, loc, input, r, rows, tiles));
  auto rowSumType = cast<RankedTensorType>(inputRows[0].getType());
  SmallVector<Value> rowSumInits;
  for (int64_t i = 0; i < products; ++i)
    rowSumInits.push_back(rewriter.create<tensor::EmptyOp>(
        loc, rowSumType.getShape(), rowSumType.getElementType()));
  SmallVector<Value> rowSums = buildRowSums(
      rewriter, loc, inputRows, rowSumInits,
      [&](OpBuilder &b, Location bodyLoc, ValueRange args) {
        SmallVector<Value> sums;
        for (int64_t i = 0; i < products; ++i)
          sums.push_back(buildSum(b, bodyLoc,
                                  filtering.bt.slice(i * products, products),
                                  args.take_front(products)));
        return sums;
      });

  // M_i: the row convolutions; the shared product starts from the
  // accumulator's start when it has one, the others from zero.
  SmallVector<int64_t> productShape(outputType.getShape());
  productShape[2] = tiles;
  Type element = outputType.getElementType();
  linalg::LinalgOp start = sic::getAccumulatorStart(conv);
  int64_t shared = start ? getSharedProduct(filtering) : -1;
  SmallVector<Value> filters =
      buildRowFilters(rewriter, loc, filter, filtering, alignment);
  Value zero = rewriter.create<arith::ConstantOp>(
      loc, rewriter.getFloatAttr(element, 0));
  SmallVector<Value> convProducts;
  for (int64_t i = 0; i < products; ++i) {
    Value productInit =
        i == shared ? sic::buildStartLike(rewriter, loc, start, productShape)
                    : rewriter
                          .create<linalg::FillOp>(
                              loc, zero,
                              ValueRange{rewriter.create<tensor::EmptyOp>(
                                  loc, productShape, element)})
                          .getResult(0);
    convProducts.push_back(
        rewriter
            .create<linalg::Conv2DNchwFchwOp>(
                loc, productInit.getType(), ValueRange{rowSums[i], filters[i]},
                productInit, conv.getStrides(), conv.getDilations())
            .getResult(0));
  }

  // Y: each output row of a tile sums the products (and the accumulator,
  // unless the shared product started from it).
  SmallVector<int64_t> computedShape(outputType.getShape());
  computedShape[2] = tiles * rows;
  Value output;
  if (shared < 0)
    output = extra != 0 ? padRows(rewriter, loc, init, extra) : init;
  else if (extra != 0)
    output = rewriter.create<tensor::EmptyOp>(loc, computedShape, element);
  else
    output = start.getDpsInitOperand(0)->get();
  SmallVector<Value> outputRows;
  for (int64_t a = 0; a < rows; ++a)
    outputRows.push_back(sliceRows(rewriter, loc, output, a, rows, tiles));
  SmallVector<Value> sums = buildRowSums(
      rewriter, loc, convProducts, outputRows,
      [&](OpBuilder &b, Location bodyLoc, ValueRange args) {
        SmallVector<Value> results;
        for (int64_t a = 0; a < rows; ++a) {
          Value sum =
              buildSum(b, bodyLoc, filtering.at.slice(a * products, products),
                       args.take_front(products));
          if (shared < 0)
            sum = b.create<arith::AddFOp>(bodyLoc, args[products + a], sum);
          results.push_back(sum);
        }
        return results;
      });
  for (int64_t a = 0; a < rows; ++a)
    output = insertRows(rewriter, loc, sums[a], output, a, rows);
  if (extra != 0) {
    SmallVector<OpFoldResult> zeros(4, rewriter.getIndexAttr(0));
    SmallVector<OpFoldResult> ones(4, rewriter.getIndexAttr(1));
    output = rewriter.create<tensor::ExtractSliceOp>(
        loc, outputType, output, zeros,
        getAsIndexOpFoldResult(rewriter.getContext(), outputType.getShape()),
        ones);
  }
  rewriter.replaceOp(conv, output);
  if (shared >= 0)
    rewriter.eraseOp(start);
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
      rewrite(rewriter, conv, getMinimalFiltering(plan.winogradRows),
              target->getAlignment());
  }
};

} // namespace
