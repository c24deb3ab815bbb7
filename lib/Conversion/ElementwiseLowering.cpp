//===- ElementwiseLowering.cpp - sic elementwise ops to linalg.generic ----===//
//
// Every elementwise op becomes one linalg.generic whose body computes a
// scalar; -O2's fusion merges chains of them into one loop nest.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"

#include "dialects/Sic/IR/SicOps.h"
#include "sic/Conversion/SicToLinalg.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/PatternMatch.h"

#include <cmath>

using namespace mlir;
using namespace mlir::sic;

namespace {

bool isFloat(Value value) { return isa<FloatType>(value.getType()); }

Value constantLike(OpBuilder &b, Location loc, Value like, double value) {
  return buildScalar(b, loc, like.getType(), value);
}

/// Integer division that truncates toward zero and is defined everywhere:
/// x / 0 is 0 and MIN / -1 wraps to MIN (LLVM's sdiv is undefined on both).
Value buildSafeSignedDiv(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  Type type = lhs.getType();
  unsigned width = type.getIntOrFloatBitWidth();
  Value zero = constantLike(b, loc, lhs, 0);
  Value one = constantLike(b, loc, lhs, 1);
  Value minusOne = constantLike(b, loc, lhs, -1);
  Value min = b.create<arith::ConstantOp>(
      loc, b.getIntegerAttr(type, APInt::getSignedMinValue(width)));
  Value byZero =
      b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq, rhs, zero);
  Value overflows = b.create<arith::AndIOp>(
      loc, b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq, lhs, min),
      b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq, rhs, minusOne));
  Value safeRhs = b.create<arith::SelectOp>(
      loc, b.create<arith::OrIOp>(loc, byZero, overflows), one, rhs);
  Value quotient = b.create<arith::DivSIOp>(loc, lhs, safeRhs);
  return b.create<arith::SelectOp>(loc, byZero, zero, quotient);
}

//===--- Scalar bodies, one per op ----------------------------------------===//

Value computeScalar(AddOp, OpBuilder &b, Location loc, ValueRange args) {
  return buildAdd(b, loc, args[0], args[1]);
}
Value computeScalar(SubOp, OpBuilder &b, Location loc, ValueRange args) {
  return buildBinary<arith::SubFOp, arith::SubIOp>(b, loc, args[0], args[1]);
}
Value computeScalar(MulOp, OpBuilder &b, Location loc, ValueRange args) {
  return buildBinary<arith::MulFOp, arith::MulIOp>(b, loc, args[0], args[1]);
}
Value computeScalar(DivOp, OpBuilder &b, Location loc, ValueRange args) {
  if (isFloat(args[0]))
    return b.create<arith::DivFOp>(loc, args[0], args[1]);
  return buildSafeSignedDiv(b, loc, args[0], args[1]);
}
Value computeScalar(PowOp, OpBuilder &b, Location loc, ValueRange args) {
  return b.create<math::PowFOp>(loc, args[0], args[1]);
}
Value computeScalar(FmodOp, OpBuilder &b, Location loc, ValueRange args) {
  // LLVM's frem: C's fmod, exact.
  return b.create<arith::RemFOp>(loc, args[0], args[1]);
}
Value computeScalar(MaxOp, OpBuilder &b, Location loc, ValueRange args) {
  return buildMax(b, loc, args[0], args[1]);
}
Value computeScalar(MinOp, OpBuilder &b, Location loc, ValueRange args) {
  return buildBinary<arith::MinimumFOp, arith::MinSIOp>(b, loc, args[0], args[1]);
}
/// `lhs <floatPredicate> rhs` on floats, `lhs <intPredicate> rhs` on
/// integers.
Value buildCompare(OpBuilder &b, Location loc, Value lhs, Value rhs,
                   arith::CmpFPredicate floatPredicate,
                   arith::CmpIPredicate intPredicate) {
  if (isFloat(lhs))
    return b.create<arith::CmpFOp>(loc, floatPredicate, lhs, rhs);
  return b.create<arith::CmpIOp>(loc, intPredicate, lhs, rhs);
}
// The comparisons: an ordered float predicate (false on NaN) and a signed
// integer one; i1 only compares equal.
#define SIC_COMPARE_SCALAR(SIC_OP, FLOAT, INT)                                 \
  Value computeScalar(SIC_OP, OpBuilder &b, Location loc, ValueRange args) {   \
    return buildCompare(b, loc, args[0], args[1], arith::CmpFPredicate::FLOAT, \
                        arith::CmpIPredicate::INT);                            \
  }
SIC_COMPARE_SCALAR(EqualOp, OEQ, eq)
SIC_COMPARE_SCALAR(LessOp, OLT, slt)
SIC_COMPARE_SCALAR(LessOrEqualOp, OLE, sle)
SIC_COMPARE_SCALAR(GreaterOp, OGT, sgt)
SIC_COMPARE_SCALAR(GreaterOrEqualOp, OGE, sge)
#undef SIC_COMPARE_SCALAR
Value computeScalar(AndOp, OpBuilder &b, Location loc, ValueRange args) {
  return b.create<arith::AndIOp>(loc, args[0], args[1]);
}
Value computeScalar(OrOp, OpBuilder &b, Location loc, ValueRange args) {
  return b.create<arith::OrIOp>(loc, args[0], args[1]);
}
Value computeScalar(XorOp, OpBuilder &b, Location loc, ValueRange args) {
  return b.create<arith::XOrIOp>(loc, args[0], args[1]);
}
Value computeScalar(NotOp, OpBuilder &b, Location loc, ValueRange args) {
  // Every bit flipped: for i1, logical not.
  return b.create<arith::XOrIOp>(loc, args[0],
                                 constantLike(b, loc, args[0], -1));
}
/// `x` shifted by `s` bits (`left`, or logically right); 0 when `s` is
/// negative or not below the bit width, where LLVM's shifts are poison (the
/// select never picks them).
Value buildShift(OpBuilder &b, Location loc, Value x, Value s, bool left) {
  Value width = constantLike(b, loc, x, x.getType().getIntOrFloatBitWidth());
  Value inRange =
      b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ult, s, width);
  Value shifted = left ? b.create<arith::ShLIOp>(loc, x, s).getResult()
                       : b.create<arith::ShRUIOp>(loc, x, s).getResult();
  return b.create<arith::SelectOp>(loc, inRange, shifted,
                                   constantLike(b, loc, x, 0));
}
Value computeScalar(ShiftLeftOp, OpBuilder &b, Location loc, ValueRange args) {
  return buildShift(b, loc, args[0], args[1], /*left=*/true);
}
Value computeScalar(ShiftRightOp, OpBuilder &b, Location loc, ValueRange args) {
  return buildShift(b, loc, args[0], args[1], /*left=*/false);
}
Value computeScalar(WhereOp, OpBuilder &b, Location loc, ValueRange args) {
  return b.create<arith::SelectOp>(loc, args[0], args[1], args[2]);
}
Value computeScalar(ReluOp, OpBuilder &b, Location loc, ValueRange args) {
  return buildMax(b, loc, args[0], constantLike(b, loc, args[0], 0));
}
Value computeScalar(LeakyReluOp op, OpBuilder &b, Location loc,
                    ValueRange args) {
  return buildLeakyReluScalar(b, loc, args[0], op.getAlpha().convertToFloat());
}
Value computeScalar(SigmoidOp, OpBuilder &b, Location loc, ValueRange args) {
  return buildSigmoidScalar(b, loc, args[0]);
}
// The ops that are one op of the math dialect.
#define SIC_MATH_SCALAR(SIC_OP, MATH_OP)                                       \
  Value computeScalar(SIC_OP, OpBuilder &b, Location loc, ValueRange args) {   \
    return b.create<math::MATH_OP>(loc, args[0]);                              \
  }
SIC_MATH_SCALAR(TanhOp, TanhOp)
SIC_MATH_SCALAR(ExpOp, ExpOp)
SIC_MATH_SCALAR(LogOp, LogOp)
SIC_MATH_SCALAR(SqrtOp, SqrtOp)
SIC_MATH_SCALAR(ErfOp, ErfOp)
SIC_MATH_SCALAR(FloorOp, FloorOp)
SIC_MATH_SCALAR(CeilOp, CeilOp)
SIC_MATH_SCALAR(RoundOp, RoundEvenOp)
SIC_MATH_SCALAR(SinOp, SinOp)
SIC_MATH_SCALAR(CosOp, CosOp)
SIC_MATH_SCALAR(TanOp, TanOp)
SIC_MATH_SCALAR(AsinOp, AsinOp)
SIC_MATH_SCALAR(AcosOp, AcosOp)
SIC_MATH_SCALAR(AtanOp, AtanOp)
SIC_MATH_SCALAR(SinhOp, SinhOp)
SIC_MATH_SCALAR(CoshOp, CoshOp)
SIC_MATH_SCALAR(AsinhOp, AsinhOp)
SIC_MATH_SCALAR(AcoshOp, AcoshOp)
SIC_MATH_SCALAR(AtanhOp, AtanhOp)
#undef SIC_MATH_SCALAR

Value computeScalar(ReciprocalOp, OpBuilder &b, Location loc, ValueRange args) {
  return b.create<arith::DivFOp>(loc, constantLike(b, loc, args[0], 1),
                                 args[0]);
}
/// 1 above 0, -1 below; 0, -0 and NaN stay as they are.
Value computeScalar(SignOp, OpBuilder &b, Location loc, ValueRange args) {
  Value x = args[0];
  Value zero = constantLike(b, loc, x, 0);
  Value positive =
      b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OGT, x, zero);
  Value negative =
      b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OLT, x, zero);
  Value below =
      b.create<arith::SelectOp>(loc, negative, constantLike(b, loc, x, -1), x);
  return b.create<arith::SelectOp>(loc, positive, constantLike(b, loc, x, 1),
                                   below);
}
Value computeScalar(SoftplusOp, OpBuilder &b, Location loc, ValueRange args) {
  return buildSoftplusScalar(b, loc, args[0]);
}
Value computeScalar(SoftsignOp, OpBuilder &b, Location loc, ValueRange args) {
  return buildSoftsignScalar(b, loc, args[0]);
}
Value computeScalar(NegOp, OpBuilder &b, Location loc, ValueRange args) {
  if (isFloat(args[0]))
    return b.create<arith::NegFOp>(loc, args[0]);
  return b.create<arith::SubIOp>(loc, constantLike(b, loc, args[0], 0),
                                 args[0]);
}
Value computeScalar(AbsOp, OpBuilder &b, Location loc, ValueRange args) {
  if (isFloat(args[0]))
    return b.create<math::AbsFOp>(loc, args[0]);
  return b.create<math::AbsIOp>(loc, args[0]);
}
Value computeScalar(ClipOp op, OpBuilder &b, Location loc, ValueRange args) {
  Value x = args[0];
  if (std::optional<APFloat> min = op.getMin())
    x = b.create<arith::MaximumFOp>(
        loc, x, constantLike(b, loc, x, min->convertToFloat()));
  if (std::optional<APFloat> max = op.getMax())
    x = b.create<arith::MinimumFOp>(
        loc, x, constantLike(b, loc, x, max->convertToFloat()));
  return x;
}
Value computeScalar(HardSigmoidOp op, OpBuilder &b, Location loc,
                    ValueRange args) {
  return buildHardSigmoidScalar(b, loc, args[0], op.getAlpha().convertToFloat(),
                                op.getBeta().convertToFloat());
}
Value computeScalar(HardSwishOp, OpBuilder &b, Location loc, ValueRange args) {
  Value x = args[0];
  Value sixth =
      b.create<arith::DivFOp>(loc, x, constantLike(b, loc, x, 6));
  Value gate = buildClamp(
      b, loc, b.create<arith::AddFOp>(loc, sixth, constantLike(b, loc, x, 0.5)),
      0, 1);
  return b.create<arith::MulFOp>(loc, x, gate);
}
Value computeScalar(GeluOp op, OpBuilder &b, Location loc, ValueRange args) {
  Value x = args[0];
  Value inner;
  if (op.getApproximate() == GeluApproximation::tanh) {
    // sqrt(2 / pi) * (x + 0.044715 * x^3)
    Value cube = b.create<arith::MulFOp>(loc, x, b.create<arith::MulFOp>(loc, x, x));
    Value sum = b.create<arith::AddFOp>(
        loc, x,
        b.create<arith::MulFOp>(loc, cube, constantLike(b, loc, x, 0.044715)));
    Value arg = b.create<arith::MulFOp>(
        loc, sum, constantLike(b, loc, x, std::sqrt(2.0 / M_PI)));
    inner = b.create<math::TanhOp>(loc, arg);
  } else {
    inner = b.create<math::ErfOp>(
        loc, b.create<arith::MulFOp>(loc, x, constantLike(b, loc, x, M_SQRT1_2)));
  }
  Value half = b.create<arith::MulFOp>(loc, x, constantLike(b, loc, x, 0.5));
  return b.create<arith::MulFOp>(
      loc, half,
      b.create<arith::AddFOp>(loc, constantLike(b, loc, x, 1), inner));
}

Value computeScalar(CastOp op, OpBuilder &b, Location loc, ValueRange args) {
  return buildCast(b, loc, args[0], op.getTo());
}

/// Lowers one elementwise op through its computeScalar overload.
template <typename OpTy>
struct ElementwiseLowering : public OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    Value result = buildElementwise(
        rewriter, op.getLoc(), getTensorType(op.getOutput()), op.getInputs(),
        [&](OpBuilder &b, Location loc, ValueRange args) {
          return computeScalar(op, b, loc, args);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void mlir::sic::populateElementwiseLoweringPatterns(
    RewritePatternSet &patterns) {
  patterns
      .add<ElementwiseLowering<AddOp>, ElementwiseLowering<SubOp>,
           ElementwiseLowering<MulOp>, ElementwiseLowering<DivOp>,
           ElementwiseLowering<PowOp>, ElementwiseLowering<FmodOp>,
           ElementwiseLowering<MaxOp>, ElementwiseLowering<MinOp>,
           ElementwiseLowering<ReluOp>, ElementwiseLowering<LeakyReluOp>,
           ElementwiseLowering<SigmoidOp>, ElementwiseLowering<TanhOp>,
           ElementwiseLowering<ExpOp>, ElementwiseLowering<LogOp>,
           ElementwiseLowering<SqrtOp>, ElementwiseLowering<ErfOp>,
           ElementwiseLowering<NegOp>, ElementwiseLowering<AbsOp>,
           ElementwiseLowering<ClipOp>, ElementwiseLowering<HardSigmoidOp>,
           ElementwiseLowering<HardSwishOp>, ElementwiseLowering<GeluOp>,
           ElementwiseLowering<CastOp>, ElementwiseLowering<ReciprocalOp>,
           ElementwiseLowering<FloorOp>, ElementwiseLowering<CeilOp>,
           ElementwiseLowering<RoundOp>, ElementwiseLowering<SignOp>,
           ElementwiseLowering<SinOp>, ElementwiseLowering<CosOp>,
           ElementwiseLowering<TanOp>, ElementwiseLowering<AsinOp>,
           ElementwiseLowering<AcosOp>, ElementwiseLowering<AtanOp>,
           ElementwiseLowering<SinhOp>, ElementwiseLowering<CoshOp>,
           ElementwiseLowering<AsinhOp>, ElementwiseLowering<AcoshOp>,
           ElementwiseLowering<AtanhOp>, ElementwiseLowering<SoftplusOp>,
           ElementwiseLowering<SoftsignOp>, ElementwiseLowering<EqualOp>,
           ElementwiseLowering<LessOp>, ElementwiseLowering<LessOrEqualOp>,
           ElementwiseLowering<GreaterOp>,
           ElementwiseLowering<GreaterOrEqualOp>, ElementwiseLowering<AndOp>,
           ElementwiseLowering<OrOp>, ElementwiseLowering<XorOp>,
           ElementwiseLowering<NotOp>, ElementwiseLowering<WhereOp>,
           ElementwiseLowering<ShiftLeftOp>, ElementwiseLowering<ShiftRightOp>>(
          patterns.getContext());
}
