//===- ApproximateMath.cpp - The sic-approximate-math pass ----------------===//

#include "sic/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::sic {
#define GEN_PASS_DEF_APPROXIMATEMATHPASS
#include "sic/Transforms/Passes.h.inc"
} // namespace mlir::sic

using namespace mlir;

namespace {

/// The functions whose approximations are as accurate as libm's within
/// SIC's tolerances (Passes.td).
bool isApproximated(Operation *op) {
  return isa<math::ExpOp, math::ExpM1Op, math::LogOp, math::Log1pOp,
             math::Log2Op, math::ErfOp, math::TanhOp>(op);
}

/// erf on f32 as x P(x^2) / Q(x^2), a rational minimax approximation of
/// degrees 9 and 12 on [-c, c], c = 3.8325, where erf(c) rounds to 1 in f32
/// (relative error 2e-8 in exact arithmetic; measured in f32 against
/// double-precision erf, at most 5 ulp and 3e-7 absolute). x is clamped to
/// [-4, 4], where the quotient has passed 1 for good, and the result to
/// [-1, 1]. MLIR's approximation picks its coefficients from three intervals
/// with selects, four times as many instructions: in a GELU after a MatMul
/// they cost a fifth of the MatMul's time. NaN stays NaN (the clamps
/// compare, and a comparison with NaN is false), -0 stays -0 and infinities
/// become +-1.
struct RationalErf : public OpRewritePattern<math::ErfOp> {
  // Above MLIR's patterns, which have the default benefit of 1.
  RationalErf(MLIRContext *context) : OpRewritePattern(context, 2) {}

  LogicalResult matchAndRewrite(math::ErfOp op,
                                PatternRewriter &rewriter) const override {
    Type type = op.getType();
    if (!getElementTypeOrSelf(type).isF32())
      return failure();
    Location loc = op.getLoc();
    auto constant = [&](double value) -> Value {
      Attribute scalar = rewriter.getF32FloatAttr(static_cast<float>(value));
      if (auto vector = dyn_cast<VectorType>(type))
        return rewriter.create<arith::ConstantOp>(
            loc, DenseElementsAttr::get(vector, scalar));
      return rewriter.create<arith::ConstantOp>(loc, cast<TypedAttr>(scalar));
    };
    // clamp(v, -bound, bound), NaN kept: a comparison with NaN is false.
    auto clamp = [&](Value v, double bound) {
      Value high = constant(bound);
      Value low = constant(-bound);
      Value above = rewriter.create<arith::CmpFOp>(
          loc, arith::CmpFPredicate::OGT, v, high);
      v = rewriter.create<arith::SelectOp>(loc, above, high, v);
      Value below = rewriter.create<arith::CmpFOp>(
          loc, arith::CmpFPredicate::OLT, v, low);
      return rewriter.create<arith::SelectOp>(loc, below, low, v).getResult();
    };
    // Horner's scheme in x^2, highest coefficient first.
    auto polynomial = [&](Value square, ArrayRef<double> coefficients) {
      Value sum = constant(coefficients.front());
      for (double coefficient : coefficients.drop_front())
        sum = rewriter.create<math::FmaOp>(loc, sum, square,
                                           constant(coefficient));
      return sum;
    };
    Value x = clamp(op.getOperand(), 4.0);
    Value square = rewriter.create<arith::MulFOp>(loc, x, x);
    Value numerator = rewriter.create<arith::MulFOp>(
        loc, x,
        polynomial(square, {2.2904920927442791e-4, 3.4086077391340917e-3,
                            5.0956764094399504e-2, 1.852172478438435e-1,
                            1.1283791436222532}));
    Value denominator =
        polynomial(square, {-1.1790220910690152e-7, 2.3546743343174498e-5,
                            1.0180184024124812e-3, 1.4071159051491939e-2,
                            1.109886299356875e-1, 4.9747716320092283e-1, 1.0});
    rewriter.replaceOp(
        op, clamp(rewriter.create<arith::DivFOp>(loc, numerator, denominator),
                  1.0));
    return success();
  }
};

struct ApproximateMathPass
    : public sic::impl::ApproximateMathPassBase<ApproximateMathPass> {
  void runOnOperation() override {
    SmallVector<Operation *> ops;
    getOperation().walk([&](Operation *op) {
      if (isApproximated(op))
        ops.push_back(op);
    });
    RewritePatternSet patterns(&getContext());
    populateMathPolynomialApproximationPatterns(patterns);
    patterns.add<RationalErf>(&getContext());
    // The functions one approximation introduces (exp in tanh's, say) are
    // approximated too.
    GreedyRewriteConfig config;
    config.strictMode = GreedyRewriteStrictness::ExistingAndNewOps;
    if (failed(applyOpPatternsAndFold(ops, std::move(patterns), config)))
      signalPassFailure();
  }
};

} // namespace
