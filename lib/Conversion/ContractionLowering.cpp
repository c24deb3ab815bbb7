//===- ContractionLowering.cpp - sic matmul/gemm/conv2d to linalg ---------===//
//
// Contractions become linalg's named ops (matmul, batch_matmul, conv_2d_*),
// which keep their structure for kernels that tile and vectorize them. Bias terms initialize the
// accumulator instead of being added afterwards.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"

#include "dialects/Sic/IR/SicOps.h"
#include "sic/Conversion/SicToLinalg.h"
#include "sic/Support/ShapeRules.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace mlir::sic;

namespace {

RankedTensorType withShape(RankedTensorType type, ArrayRef<int64_t> shape) {
  return RankedTensorType::get(shape, type.getElementType());
}

Value buildZeros(OpBuilder &b, Location loc, RankedTensorType type) {
  return buildFilled(b, loc, type,
                     buildScalar(b, loc, type.getElementType(), 0));
}

/// `value` broadcast to `shape` (a no-op when it has that shape already).
Value buildBroadcast(OpBuilder &b, Location loc, Value value,
                     ArrayRef<int64_t> shape) {
  RankedTensorType type = getTensorType(value);
  if (type.getShape() == shape)
    return value;
  return buildElementwise(b, loc, withShape(type, shape), value,
                          [](OpBuilder &, Location, ValueRange args) {
                            return args[0];
                          });
}

struct MatmulLowering : public OpRewritePattern<MatmulOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(MatmulOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType resultType = getTensorType(op.getOutput());
    Value lhs = op.getLhs(), rhs = op.getRhs();
    // numpy.matmul promotes 1-D operands to a row (lhs) or column (rhs).
    RankedTensorType lhsType = getTensorType(lhs), rhsType = getTensorType(rhs);
    if (lhsType.getRank() == 1)
      lhs = buildReshape(rewriter, loc, lhs,
                         withShape(lhsType, {1, lhsType.getDimSize(0)}));
    if (rhsType.getRank() == 1)
      rhs = buildReshape(rewriter, loc, rhs,
                         withShape(rhsType, {rhsType.getDimSize(0), 1}));
    lhsType = getTensorType(lhs);
    rhsType = getTensorType(rhs);
    int64_t m = lhsType.getShape().end()[-2], k = lhsType.getShape().back();
    int64_t n = rhsType.getShape().back();

    Value product;
    if (rhsType.getRank() == 2) {
      // Batch dims of lhs only: fold them into M for one large matmul.
      // (Not elements / k: k may be 0.)
      int64_t rows = *getElementCount(lhsType.getShape().drop_back());
      Value flatLhs =
          buildReshape(rewriter, loc, lhs, withShape(lhsType, {rows, k}));
      auto productType = withShape(resultType, {rows, n});
      product = rewriter
                    .create<linalg::MatmulOp>(
                        loc, productType, ValueRange{flatLhs, rhs},
                        buildZeros(rewriter, loc, productType))
                    .getResult(0);
    } else {
      ArrayRef<int64_t> lhsBatch = lhsType.getShape().drop_back(2);
      ArrayRef<int64_t> rhsBatch = rhsType.getShape().drop_back(2);
      Shape batch = *broadcastShapes(lhsBatch, rhsBatch);
      int64_t batchSize = *getElementCount(batch);
      auto shapeWith = [&](int64_t rows, int64_t cols) {
        Shape shape(batch);
        shape.append({rows, cols});
        return shape;
      };
      Value fullLhs = buildBroadcast(rewriter, loc, lhs, shapeWith(m, k));
      Value fullRhs = buildBroadcast(rewriter, loc, rhs, shapeWith(k, n));
      Value batchedLhs = buildReshape(rewriter, loc, fullLhs,
                                      withShape(lhsType, {batchSize, m, k}));
      Value batchedRhs = buildReshape(rewriter, loc, fullRhs,
                                      withShape(rhsType, {batchSize, k, n}));
      auto productType = withShape(resultType, {batchSize, m, n});
      product = rewriter
                    .create<linalg::BatchMatmulOp>(
                        loc, productType, ValueRange{batchedLhs, batchedRhs},
                        buildZeros(rewriter, loc, productType))
                    .getResult(0);
    }
    rewriter.replaceOp(op, buildReshape(rewriter, loc, product, resultType));
    return success();
  }
};

struct GemmLowering : public OpRewritePattern<GemmOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(GemmOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType resultType = getTensorType(op.getOutput());
    Type elementType = resultType.getElementType();
    float alpha = op.getAlpha().convertToFloat();
    float beta = op.getBeta().convertToFloat();
    Value c = op.getC();
    Value betaValue = buildScalar(rewriter, loc, elementType, beta);
    auto scaledBias = [&](OpBuilder &b, Location l, Value bias) {
      return beta == 1.0f ? bias : b.create<arith::MulFOp>(l, bias, betaValue);
    };

    // With alpha = 1 the accumulator starts at beta * C: the bias costs no
    // extra pass over the output.
    bool biasInInit = c && alpha == 1.0f;
    Value init = biasInInit
                     ? buildElementwise(rewriter, loc, resultType, c,
                                        [&](OpBuilder &b, Location l,
                                            ValueRange args) {
                                          return scaledBias(b, l, args[0]);
                                        })
                     : buildZeros(rewriter, loc, resultType);

    Value a = op.getA(), bMatrix = op.getB();
    bool transA = op.getTransA(), transB = op.getTransB();
    if (transA && transB) {
      // op(A) * op(B) with both transposed: transpose A, keep B's layout.
      RankedTensorType aType = getTensorType(a);
      auto transposedType =
          withShape(aType, {aType.getDimSize(1), aType.getDimSize(0)});
      a = rewriter
              .create<linalg::TransposeOp>(
                  loc, a, buildEmpty(rewriter, loc, transposedType),
                  ArrayRef<int64_t>{1, 0})
              .getResult()[0];
      transA = false;
    }
    Value product;
    if (transB)
      product = rewriter
                    .create<linalg::MatmulTransposeBOp>(loc, resultType,
                                                        ValueRange{a, bMatrix},
                                                        init)
                    .getResult(0);
    else if (transA)
      product = rewriter
                    .create<linalg::MatmulTransposeAOp>(loc, resultType,
                                                        ValueRange{a, bMatrix},
                                                        init)
                    .getResult(0);
    else
      product = rewriter
                    .create<linalg::MatmulOp>(loc, resultType,
                                              ValueRange{a, bMatrix}, init)
                    .getResult(0);

    if (!biasInInit && alpha != 1.0f) {
      Value alphaValue = buildScalar(rewriter, loc, elementType, alpha);
      SmallVector<Value> operands = {product};
      if (c)
        operands.push_back(c);
      product = buildElementwise(
          rewriter, loc, resultType, operands,
          [&](OpBuilder &b, Location l, ValueRange args) {
            Value scaled = b.create<arith::MulFOp>(l, args[0], alphaValue);
            if (args.size() == 1)
              return scaled;
            return b.create<arith::AddFOp>(l, scaled, scaledBias(b, l, args[1]))
                .getResult();
          });
    } else if (!biasInInit && c) {
      product = buildElementwise(
          rewriter, loc, resultType, ValueRange{product, c},
          [&](OpBuilder &b, Location l, ValueRange args) {
            return b.create<arith::AddFOp>(l, args[0], scaledBias(b, l, args[1]))
                .getResult();
          });
    }
    rewriter.replaceOp(op, product);
    return success();
  }
};

struct Conv2DLowering : public OpRewritePattern<Conv2DOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(Conv2DOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType resultType = getTensorType(op.getOutput());
    Type elementType = resultType.getElementType();
    Value input = op.getInput(), filter = op.getFilter();
    ArrayRef<int64_t> pads = op.getPads();

    if (llvm::any_of(pads, [](int64_t pad) { return pad != 0; })) {
      RankedTensorType inputType = getTensorType(input);
      SmallVector<int64_t> low = {0, 0, pads[0], pads[1]};
      SmallVector<int64_t> high = {0, 0, pads[2], pads[3]};
      SmallVector<int64_t> paddedShape(inputType.getShape());
      for (int i = 2; i < 4; ++i)
        paddedShape[i] += low[i] + high[i];
      input = buildPad(rewriter, loc, withShape(inputType, paddedShape), input,
                       low, high, buildScalar(rewriter, loc, elementType, 0));
    }

    // The bias broadcast over [N, M, OH, OW] is the accumulator's start.
    int64_t channels = resultType.getDimSize(1);
    Value init;
    if (Value bias = op.getBias())
      init = buildBroadcast(
          rewriter, loc,
          buildReshape(rewriter, loc, bias,
                       withShape(resultType, {1, channels, 1, 1})),
          resultType.getShape());
    else
      init = buildZeros(rewriter, loc, resultType);

    auto strides = rewriter.getI64TensorAttr(op.getStrides());
    auto dilations = rewriter.getI64TensorAttr(op.getDilations());
    int64_t groups = op.getGroup();
    Value result;
    if (groups == 1) {
      result = rewriter
                   .create<linalg::Conv2DNchwFchwOp>(
                       loc, resultType, ValueRange{input, filter}, init,
                       strides, dilations)
                   .getResult(0);
    } else {
      // Split the channel dims into [group, channels per group].
      auto split = [&](Value value, int64_t splitDim) {
        RankedTensorType type = getTensorType(value);
        SmallVector<int64_t> shape(type.getShape());
        shape[splitDim] /= groups;
        shape.insert(shape.begin() + splitDim, groups);
        return buildReshape(rewriter, loc, value, withShape(type, shape));
      };
      Value groupedInit = split(init, 1);
      Value grouped =
          rewriter
              .create<linalg::Conv2DNgchwGfchwOp>(
                  loc, groupedInit.getType(),
                  ValueRange{split(input, 1), split(filter, 0)}, groupedInit,
                  strides, dilations)
              .getResult(0);
      result = buildReshape(rewriter, loc, grouped, resultType);
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void mlir::sic::populateContractionLoweringPatterns(
    RewritePatternSet &patterns) {
  patterns.add<MatmulLowering, GemmLowering, Conv2DLowering>(
      patterns.getContext());
}
