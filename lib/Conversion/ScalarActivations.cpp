//===- ScalarActivations.cpp - Scalar float functions of the lowerings ----===//

#include "LoweringUtils.h"

#include "mlir/Dialect/Math/IR/Math.h"

using namespace mlir;
using namespace mlir::sic;

namespace {
Value constantLike(OpBuilder &b, Location loc, Value like, double value) {
  return buildScalar(b, loc, like.getType(), value);
}
} // namespace

Value mlir::sic::buildClamp(OpBuilder &b, Location loc, Value x, double low,
                            double high) {
  Value upper =
      b.create<arith::MinimumFOp>(loc, x, constantLike(b, loc, x, high));
  return b.create<arith::MaximumFOp>(loc, upper, constantLike(b, loc, x, low));
}

Value mlir::sic::buildSigmoidScalar(OpBuilder &b, Location loc, Value x) {
  Value one = constantLike(b, loc, x, 1);
  Value exp = b.create<math::ExpOp>(loc, b.create<arith::NegFOp>(loc, x));
  return b.create<arith::DivFOp>(loc, one,
                                 b.create<arith::AddFOp>(loc, one, exp));
}

Value mlir::sic::buildSoftplusScalar(OpBuilder &b, Location loc, Value x) {
  Value tail = b.create<math::Log1pOp>(
      loc,
      b.create<math::ExpOp>(
          loc, b.create<arith::NegFOp>(loc, b.create<math::AbsFOp>(loc, x))));
  return b.create<arith::AddFOp>(
      loc, b.create<arith::MaximumFOp>(loc, x, constantLike(b, loc, x, 0)),
      tail);
}

Value mlir::sic::buildSoftsignScalar(OpBuilder &b, Location loc, Value x) {
  return b.create<arith::DivFOp>(
      loc, x,
      b.create<arith::AddFOp>(loc, constantLike(b, loc, x, 1),
                              b.create<math::AbsFOp>(loc, x)));
}

Value mlir::sic::buildHardSigmoidScalar(OpBuilder &b, Location loc, Value x,
                                        double alpha, double beta) {
  Value scaled =
      b.create<arith::MulFOp>(loc, x, constantLike(b, loc, x, alpha));
  Value shifted =
      b.create<arith::AddFOp>(loc, scaled, constantLike(b, loc, x, beta));
  return buildClamp(b, loc, shifted, 0, 1);
}

Value mlir::sic::buildLeakyReluScalar(OpBuilder &b, Location loc, Value x,
                                      double alpha) {
  Value negative = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OLT, x,
                                           constantLike(b, loc, x, 0));
  Value scaled =
      b.create<arith::MulFOp>(loc, x, constantLike(b, loc, x, alpha));
  return b.create<arith::SelectOp>(loc, negative, scaled, x);
}
