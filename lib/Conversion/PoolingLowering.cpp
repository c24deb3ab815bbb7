//===- PoolingLowering.cpp - sic pooling ops to linalg --------------------===//

#include "LoweringUtils.h"

#include "dialects/Sic/IR/SicOps.h"
#include "sic/Conversion/SicToLinalg.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"

#include <numeric>

using namespace mlir;
using namespace mlir::sic;

namespace {

/// One spatial dim of a pooling window, as the op and its result give it.
struct PoolDim {
  int64_t input, output, kernel, stride, dilation, padBegin, padEnd;

  /// The padded extent the windows read: with ceil_mode the last window may
  /// reach past the end padding.
  int64_t getReadEnd() const {
    return (output - 1) * stride + (kernel - 1) * dilation + 1 - padBegin;
  }

  /// How many positions of window `index` fall in [begin, end).
  int64_t countIn(int64_t index, int64_t begin, int64_t end) const {
    int64_t count = 0;
    for (int64_t k = 0; k < kernel; ++k) {
      int64_t position = index * stride - padBegin + k * dilation;
      count += position >= begin && position < end;
    }
    return count;
  }
};

template <typename OpTy>
SmallVector<PoolDim, 2> getPoolDims(OpTy op) {
  RankedTensorType inputType = getTensorType(op.getInput());
  RankedTensorType resultType = getTensorType(op.getOutput());
  SmallVector<PoolDim, 2> dims;
  for (int i = 0; i < 2; ++i)
    dims.push_back({inputType.getDimSize(2 + i), resultType.getDimSize(2 + i),
                    op.getKernelShape()[i], op.getStrides()[i],
                    op.getDilations()[i], op.getPads()[i],
                    op.getPads()[2 + i]});
  return dims;
}

/// `input` padded with `value` so that every window reads inside it.
Value buildPoolPadding(OpBuilder &b, Location loc, Value input,
                       ArrayRef<PoolDim> dims, Value value) {
  RankedTensorType type = getTensorType(input);
  SmallVector<int64_t> low = {0, 0}, high = {0, 0};
  SmallVector<int64_t> shape(type.getShape().take_front(2));
  for (const PoolDim &dim : dims) {
    low.push_back(dim.padBegin);
    high.push_back(std::max<int64_t>(0, dim.getReadEnd() - dim.input));
    shape.push_back(dim.input + low.back() + high.back());
  }
  if (llvm::all_of(low, [](int64_t p) { return p == 0; }) &&
      llvm::all_of(high, [](int64_t p) { return p == 0; }))
    return input;
  return buildPad(b, loc, RankedTensorType::get(shape, type.getElementType()),
                  input, low, high, value);
}

template <typename PoolOpTy, typename OpTy>
Value buildPool(OpBuilder &b, OpTy op, Value padded, Value init) {
  Location loc = op.getLoc();
  SmallVector<PoolDim, 2> dims = getPoolDims(op);
  Value window = b.create<tensor::EmptyOp>(
      loc, ArrayRef<int64_t>{dims[0].kernel, dims[1].kernel},
      getTensorType(padded).getElementType());
  return b
      .create<PoolOpTy>(loc, init.getType(), ValueRange{padded, window}, init,
                        b.getI64TensorAttr(op.getStrides()),
                        b.getI64TensorAttr(op.getDilations()))
      .getResult(0);
}

struct MaxPool2DLowering : public OpRewritePattern<MaxPool2DOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(MaxPool2DOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType resultType = getTensorType(op.getOutput());
    Value lowest = buildLowest(rewriter, loc, resultType.getElementType());
    Value padded = buildPoolPadding(rewriter, loc, op.getInput(),
                                    getPoolDims(op), lowest);
    rewriter.replaceOp(op, buildPool<linalg::PoolingNchwMaxOp>(
                               rewriter, op, padded,
                               buildFilled(rewriter, loc, resultType, lowest)));
    return success();
  }
};

struct AvgPool2DLowering : public OpRewritePattern<AvgPool2DOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(AvgPool2DOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType resultType = getTensorType(op.getOutput());
    Type elementType = resultType.getElementType();
    Value zero = buildScalar(rewriter, loc, elementType, 0);
    SmallVector<PoolDim, 2> dims = getPoolDims(op);
    Value padded = buildPoolPadding(rewriter, loc, op.getInput(), dims, zero);
    Value sums = buildPool<linalg::PoolingNchwSumOp>(
        rewriter, op, padded, buildFilled(rewriter, loc, resultType, zero));

    // The divisor of each output position, known at compile time: the
    // window's positions inside the input, or inside input and explicit
    // padding with count_include_pad (never the ceil_mode overhang). A
    // window with no such position divides by 1 (its sum is 0).
    SmallVector<float> divisors;
    for (int64_t row = 0; row < dims[0].output; ++row) {
      for (int64_t col = 0; col < dims[1].output; ++col) {
        int64_t count = 1;
        int64_t indices[] = {row, col};
        for (auto [dim, index] : llvm::zip_equal(dims, indices)) {
          count *= op.getCountIncludePad()
                       ? dim.countIn(index, -dim.padBegin,
                                     dim.input + dim.padEnd)
                       : dim.countIn(index, 0, dim.input);
        }
        divisors.push_back(static_cast<float>(std::max<int64_t>(count, 1)));
      }
    }
    auto divisorType = RankedTensorType::get(
        {dims[0].output, dims[1].output}, elementType);
    Value divisor = rewriter.create<arith::ConstantOp>(
        loc, DenseElementsAttr::get(divisorType, ArrayRef<float>(divisors)));
    rewriter.replaceOp(
        op, buildElementwise(rewriter, loc, resultType, ValueRange{sums, divisor},
                             [](OpBuilder &b, Location l, ValueRange args) {
                               return b.create<arith::DivFOp>(l, args[0],
                                                              args[1]);
                             }));
    return success();
  }
};

struct GlobalAvgPoolLowering : public OpRewritePattern<GlobalAvgPoolOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(GlobalAvgPoolOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType inputType = getTensorType(op.getInput());
    RankedTensorType resultType = getTensorType(op.getOutput());
    Type elementType = resultType.getElementType();
    SmallVector<int64_t> spatial(inputType.getRank() - 2);
    std::iota(spatial.begin(), spatial.end(), 2);
    Value sums = buildReduction(
        rewriter, loc, op.getInput(), spatial,
        buildScalar(rewriter, loc, elementType, 0),
        [](OpBuilder &b, Location l, ValueRange args) {
          return buildAdd(b, l, args[0], args[1]);
        });
    double count = static_cast<double>(inputType.getNumElements()) /
                   resultType.getNumElements();
    Value divisor = buildScalar(rewriter, loc, elementType, count);
    Value means = buildElementwise(
        rewriter, loc, getTensorType(sums), sums,
        [&](OpBuilder &b, Location l, ValueRange args) {
          return b.create<arith::DivFOp>(l, args[0], divisor);
        });
    rewriter.replaceOp(op, buildReshape(rewriter, loc, means, resultType));
    return success();
  }
};

} // namespace

void mlir::sic::populatePoolingLoweringPatterns(RewritePatternSet &patterns) {
  patterns.add<MaxPool2DLowering, AvgPool2DLowering, GlobalAvgPoolLowering>(
      patterns.getContext());
}
