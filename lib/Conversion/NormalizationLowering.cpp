//===- NormalizationLowering.cpp - batch_norm/softmax/layer_norm ----------===//

#include "LoweringUtils.h"

#include "dialects/Sic/IR/SicOps.h"
#include "sic/Conversion/SicToLinalg.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/PatternMatch.h"

#include <numeric>

using namespace mlir;
using namespace mlir::sic;

namespace {

/// `reduced` (the result of buildReduction over `dims` of a `like` tensor)
/// with the reduced dims back as size 1, so it broadcasts against `like`.
Value keepDims(OpBuilder &b, Location loc, Value reduced, Value like,
               ArrayRef<int64_t> dims) {
  RankedTensorType type = getTensorType(like);
  SmallVector<int64_t> shape(type.getShape());
  for (int64_t dim : dims)
    shape[dim] = 1;
  return buildReshape(b, loc, reduced,
                      RankedTensorType::get(shape, type.getElementType()));
}

Value buildSum(OpBuilder &b, Location loc, Value input,
               ArrayRef<int64_t> dims) {
  Value zero = buildScalar(b, loc, getTensorType(input).getElementType(), 0);
  return keepDims(b, loc,
                  buildReduction(b, loc, input, dims, zero,
                                 [](OpBuilder &nb, Location l, ValueRange args) {
                                   return buildAdd(nb, l, args[0], args[1]);
                                 }),
                  input, dims);
}

struct BatchNormLowering : public OpRewritePattern<BatchNormOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(BatchNormOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType resultType = getTensorType(op.getOutput());
    Type elementType = resultType.getElementType();
    // Per channel: factor = scale / sqrt(variance + epsilon).
    Value epsilon = buildScalar(rewriter, loc, elementType,
                                op.getEpsilon().convertToFloat());
    Value factor = buildElementwise(
        rewriter, loc, getTensorType(op.getScale()),
        ValueRange{op.getScale(), op.getVariance()},
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value root = b.create<math::SqrtOp>(
              l, b.create<arith::AddFOp>(l, args[1], epsilon));
          return b.create<arith::DivFOp>(l, args[0], root);
        });
    // [C] -> [1, C, 1, ...] so it broadcasts along the channel dim.
    SmallVector<int64_t> channelShape(resultType.getRank(), 1);
    channelShape[1] = resultType.getDimSize(1);
    auto channelType = RankedTensorType::get(channelShape, elementType);
    auto perChannel = [&](Value value) {
      return buildReshape(rewriter, loc, value, channelType);
    };
    Value result = buildElementwise(
        rewriter, loc, resultType,
        ValueRange{op.getInput(), perChannel(op.getMean()), perChannel(factor),
                   perChannel(op.getBias())},
        [](OpBuilder &b, Location l, ValueRange args) {
          Value centered = b.create<arith::SubFOp>(l, args[0], args[1]);
          Value scaled = b.create<arith::MulFOp>(l, centered, args[2]);
          return b.create<arith::AddFOp>(l, scaled, args[3]);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct SoftmaxLowering : public OpRewritePattern<SoftmaxOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(SoftmaxOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = op.getInput();
    RankedTensorType type = getTensorType(input);
    int64_t axis[] = {normalizeVerifiedAxis(op.getAxis(), type.getRank())};
    Value lowest = buildLowest(rewriter, loc, type.getElementType());
    // The shift only keeps exp in range. A NaN in a row makes the whole row
    // NaN through its sum whatever the shift, and x - 0 = x - -0: the
    // maximum may ignore NaNs and the sign of zero (maxnumf), which costs
    // one vector op where maximumf's fix-ups cost six.
    Value max = keepDims(
        rewriter, loc,
        buildReduction(rewriter, loc, input, axis, lowest,
                       [](OpBuilder &b, Location l, ValueRange args) {
                         return b.create<arith::MaxNumFOp>(l, args[0], args[1]);
                       }),
        input, axis);
    Value exps = buildElementwise(
        rewriter, loc, type, ValueRange{input, max},
        [](OpBuilder &b, Location l, ValueRange args) {
          return b.create<math::ExpOp>(
              l, b.create<arith::SubFOp>(l, args[0], args[1]));
        });
    Value sums = buildSum(rewriter, loc, exps, axis);
    if (op.getLog()) {
      // (x - max) - log(sum), from the input again: finite where
      // exp(x - max) underflows, one logarithm per row.
      Value logs =
          buildElementwise(rewriter, loc, getTensorType(sums), sums,
                           [](OpBuilder &b, Location l, ValueRange args) {
                             return b.create<math::LogOp>(l, args[0]);
                           });
      rewriter.replaceOp(
          op, buildElementwise(
                  rewriter, loc, type, ValueRange{input, max, logs},
                  [](OpBuilder &b, Location l, ValueRange args) {
                    return b.create<arith::SubFOp>(
                        l, b.create<arith::SubFOp>(l, args[0], args[1]),
                        args[2]);
                  }));
      return success();
    }
    rewriter.replaceOp(
        op, buildElementwise(rewriter, loc, type, ValueRange{exps, sums},
                             [](OpBuilder &b, Location l, ValueRange args) {
                               return b.create<arith::DivFOp>(l, args[0],
                                                              args[1]);
                             }));
    return success();
  }
};

struct LayerNormLowering : public OpRewritePattern<LayerNormOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(LayerNormOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = op.getInput();
    RankedTensorType type = getTensorType(input);
    Type elementType = type.getElementType();
    int64_t axis = normalizeVerifiedAxis(op.getAxis(), type.getRank());
    SmallVector<int64_t> dims(type.getRank() - axis);
    std::iota(dims.begin(), dims.end(), axis);
    int64_t count = 1;
    for (int64_t dim : dims)
      count *= type.getDimSize(dim);
    Value inverseCount =
        buildScalar(rewriter, loc, elementType, 1.0 / static_cast<double>(count));

    Value sums = buildSum(rewriter, loc, input, dims);
    Value centered = buildElementwise(
        rewriter, loc, type, ValueRange{input, sums},
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value mean = b.create<arith::MulFOp>(l, args[1], inverseCount);
          return b.create<arith::SubFOp>(l, args[0], mean);
        });
    Value squares = buildElementwise(
        rewriter, loc, type, centered,
        [](OpBuilder &b, Location l, ValueRange args) {
          return b.create<arith::MulFOp>(l, args[0], args[0]);
        });
    Value squareSums = buildSum(rewriter, loc, squares, dims);
    Value epsilon = buildScalar(rewriter, loc, elementType,
                                op.getEpsilon().convertToFloat());
    SmallVector<Value> operands = {centered, squareSums, op.getScale()};
    if (Value bias = op.getBias())
      operands.push_back(bias);
    rewriter.replaceOp(
        op, buildElementwise(
                rewriter, loc, type, operands,
                [&](OpBuilder &b, Location l, ValueRange args) {
                  Value variance =
                      b.create<arith::MulFOp>(l, args[1], inverseCount);
                  Value root = b.create<math::SqrtOp>(
                      l, b.create<arith::AddFOp>(l, variance, epsilon));
                  Value normalized =
                      b.create<arith::DivFOp>(l, args[0], root);
                  Value scaled =
                      b.create<arith::MulFOp>(l, normalized, args[2]);
                  if (args.size() == 3)
                    return scaled;
                  return b.create<arith::AddFOp>(l, scaled, args[3]).getResult();
                }));
    return success();
  }
};

} // namespace

void mlir::sic::populateNormalizationLoweringPatterns(
    RewritePatternSet &patterns) {
  patterns.add<BatchNormLowering, SoftmaxLowering, LayerNormLowering>(
      patterns.getContext());
}
