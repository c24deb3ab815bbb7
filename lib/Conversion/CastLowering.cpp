//===- CastLowering.cpp - The scalar of sic.cast --------------------------===//
//
// sic.cast is the one op on the storage-only element types (i8, i16, ui8 to
// ui64, f16, bf16). Arith computes on signless integers, so an unsigned
// element enters and leaves the computation through a signless view of the
// same width (sic-lower-to-linalg makes every type signless afterwards).
// f16 and bf16 convert through integer operations on their bits, exact and
// with no call into a runtime library the model's .so does not link.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"

#include <cmath>

using namespace mlir;
using namespace mlir::sic;

namespace {

Value intConstant(OpBuilder &b, Location loc, Type type, uint64_t value) {
  return b.create<arith::ConstantOp>(
      loc, b.getIntegerAttr(type, APInt(type.getIntOrFloatBitWidth(), value)));
}

Value floatConstant(OpBuilder &b, Location loc, Type type, double value) {
  return b.create<arith::ConstantOp>(loc, b.getFloatAttr(type, value));
}

/// A signless value of `type`'s width with the bits of `x`.
Value viewAs(OpBuilder &b, Location loc, Value x, Type type) {
  if (x.getType() == type)
    return x;
  return b.create<UnrealizedConversionCastOp>(loc, type, x).getResult(0);
}

/// The f32 value of an f16 or bf16 `x`, exactly.
Value extendHalf(OpBuilder &b, Location loc, Value x) {
  Type i16 = b.getI16Type(), i32 = b.getI32Type(), f32 = b.getF32Type();
  auto c = [&](uint64_t value) { return intConstant(b, loc, i32, value); };
  Value w = b.create<arith::ShLIOp>(
      loc,
      b.create<arith::ExtUIOp>(loc, i32,
                               b.create<arith::BitcastOp>(loc, i16, x)),
      c(16));
  // bf16 is the upper half of an f32.
  if (x.getType().isBF16())
    return b.create<arith::BitcastOp>(loc, f32, w);
  // f16: the exponent and mantissa move into f32's fields and are rescaled
  // by 2^-112 (normals, infinities and NaNs); subnormals are their mantissa
  // as the low bits of 0.5's, less 0.5.
  Value sign = b.create<arith::AndIOp>(loc, w, c(0x80000000u));
  Value twice = b.create<arith::AddIOp>(loc, w, w);
  Value normal = b.create<arith::MulFOp>(
      loc,
      b.create<arith::BitcastOp>(
          loc, f32,
          b.create<arith::AddIOp>(
              loc, b.create<arith::ShRUIOp>(loc, twice, c(4)), c(0x70000000u))),
      floatConstant(b, loc, f32, std::ldexp(1.0, -112)));
  Value subnormal = b.create<arith::SubFOp>(
      loc,
      b.create<arith::BitcastOp>(
          loc, f32,
          b.create<arith::OrIOp>(loc,
                                 b.create<arith::ShRUIOp>(loc, twice, c(17)),
                                 c(0x3F000000u))),
      floatConstant(b, loc, f32, 0.5));
  Value isSubnormal = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ult,
                                              twice, c(1u << 27));
  Value magnitude = b.create<arith::SelectOp>(
      loc, isSubnormal, b.create<arith::BitcastOp>(loc, i32, subnormal),
      b.create<arith::BitcastOp>(loc, i32, normal));
  return b.create<arith::BitcastOp>(
      loc, f32, b.create<arith::OrIOp>(loc, sign, magnitude));
}

/// An f32 `x` rounded to f16 or bf16 (`to`), to nearest even; values past
/// the largest finite one become infinities, NaNs stay NaNs.
Value truncateToHalf(OpBuilder &b, Location loc, Value x, FloatType to) {
  Type i16 = b.getI16Type(), i32 = b.getI32Type(), f32 = b.getF32Type();
  auto c = [&](uint64_t value) { return intConstant(b, loc, i32, value); };
  Value w = b.create<arith::BitcastOp>(loc, i32, x);
  Value bits;
  if (to.isBF16()) {
    // Adding 0x7fff plus the kept lowest bit rounds to nearest even and
    // carries into the exponent (up to infinity) when it must.
    Value odd = b.create<arith::AndIOp>(
        loc, b.create<arith::ShRUIOp>(loc, w, c(16)), c(1));
    Value rounded = b.create<arith::ShRUIOp>(
        loc,
        b.create<arith::AddIOp>(loc, w,
                                b.create<arith::AddIOp>(loc, odd, c(0x7FFF))),
        c(16));
    Value quiet = b.create<arith::OrIOp>(
        loc, b.create<arith::ShRUIOp>(loc, w, c(16)), c(0x40));
    Value isNan = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::UNO, x, x);
    bits = b.create<arith::SelectOp>(loc, isNan, quiet, rounded);
  } else {
    // f16: the float unit rounds |x| at the right binary place by adding a
    // power of two that pushes the bits f16 drops out of the mantissa;
    // scaling by 2^112 then 2^-110 first sends what overflows f16 to
    // infinity.
    Value magnitude = b.create<math::AbsFOp>(loc, x);
    Value base = b.create<arith::MulFOp>(
        loc,
        b.create<arith::MulFOp>(
            loc, magnitude, floatConstant(b, loc, f32, std::ldexp(1.0, 112))),
        floatConstant(b, loc, f32, std::ldexp(1.0, -110)));
    Value twice = b.create<arith::AddIOp>(loc, w, w);
    Value sign = b.create<arith::AndIOp>(loc, w, c(0x80000000u));
    Value exponent = b.create<arith::MaxUIOp>(
        loc, b.create<arith::AndIOp>(loc, twice, c(0xFF000000u)),
        c(0x71000000u));
    Value sum = b.create<arith::AddFOp>(
        loc,
        b.create<arith::BitcastOp>(
            loc, f32,
            b.create<arith::AddIOp>(
                loc, b.create<arith::ShRUIOp>(loc, exponent, c(1)),
                c(0x07800000u))),
        base);
    Value sumBits = b.create<arith::BitcastOp>(loc, i32, sum);
    Value nonSign = b.create<arith::AddIOp>(
        loc,
        b.create<arith::AndIOp>(
            loc, b.create<arith::ShRUIOp>(loc, sumBits, c(13)), c(0x7C00)),
        b.create<arith::AndIOp>(loc, sumBits, c(0x0FFF)));
    Value isNan = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ugt, twice,
                                          c(0xFF000000u));
    bits = b.create<arith::OrIOp>(
        loc, b.create<arith::ShRUIOp>(loc, sign, c(16)),
        b.create<arith::SelectOp>(loc, isNan, c(0x7E00), nonSign));
  }
  return b.create<arith::BitcastOp>(loc, to,
                                    b.create<arith::TruncIOp>(loc, i16, bits));
}

/// An f64 `x` as the f32 that rounds to odd: the truncation toward zero,
/// with its lowest bit set when it is inexact. Rounding that to a format of
/// fewer than 24 bits rounds as if from `x` directly (no double rounding).
Value truncateToOdd(OpBuilder &b, Location loc, Value x) {
  Type i32 = b.getI32Type();
  Value nearest = b.create<arith::TruncFOp>(loc, b.getF32Type(), x);
  Value back = b.create<arith::ExtFOp>(loc, x.getType(), nearest);
  Value inexact =
      b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::ONE, back, x);
  Value away = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OGT,
                                       b.create<math::AbsFOp>(loc, back),
                                       b.create<math::AbsFOp>(loc, x));
  Value bits = b.create<arith::BitcastOp>(loc, i32, nearest);
  Value towardZero = b.create<arith::SelectOp>(
      loc, away,
      b.create<arith::SubIOp>(loc, bits, intConstant(b, loc, i32, 1)), bits);
  Value odd = b.create<arith::SelectOp>(
      loc, inexact,
      b.create<arith::OrIOp>(loc, towardZero, intConstant(b, loc, i32, 1)),
      bits);
  return b.create<arith::BitcastOp>(loc, b.getF32Type(), odd);
}

/// Float (f32 or f64) to float.
Value buildFloatToFloat(OpBuilder &b, Location loc, Value x, FloatType to) {
  unsigned from = x.getType().getIntOrFloatBitWidth();
  if (to.isF16() || to.isBF16())
    return truncateToHalf(b, loc, from == 64 ? truncateToOdd(b, loc, x) : x,
                          to);
  // f32 <-> f64: widening is exact, narrowing rounds to nearest even.
  if (to.getWidth() > from)
    return b.create<arith::ExtFOp>(loc, to, x);
  return b.create<arith::TruncFOp>(loc, to, x);
}

/// Float (f32 or f64) to integer: rounds toward zero and saturates to the
/// integer's range (unsigned when `isUnsigned`); NaN becomes 0.
Value buildFloatToInt(OpBuilder &b, Location loc, Value x, IntegerType to,
                      bool isUnsigned) {
  unsigned width = to.getWidth();
  Type type = x.getType();
  // 2^(width-1), 2^width and their negations are exact in f32 and f64; every
  // float within [low, high) converts in range.
  double high = std::ldexp(1.0, isUnsigned ? width : width - 1);
  double low = isUnsigned ? 0.0 : -high;
  Value tooHigh = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OGE, x,
                                          floatConstant(b, loc, type, high));
  Value tooLow = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OLT, x,
                                         floatConstant(b, loc, type, low));
  Value isNan = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::UNO, x, x);
  Value safe = b.create<arith::SelectOp>(
      loc,
      b.create<arith::OrIOp>(loc, b.create<arith::OrIOp>(loc, tooHigh, tooLow),
                             isNan),
      floatConstant(b, loc, type, 0), x);
  Value converted = isUnsigned
                        ? b.create<arith::FPToUIOp>(loc, to, safe).getResult()
                        : b.create<arith::FPToSIOp>(loc, to, safe).getResult();
  APInt max =
      isUnsigned ? APInt::getMaxValue(width) : APInt::getSignedMaxValue(width);
  APInt min =
      isUnsigned ? APInt::getZero(width) : APInt::getSignedMinValue(width);
  Value highValue = b.create<arith::ConstantOp>(loc, b.getIntegerAttr(to, max));
  Value lowValue = b.create<arith::ConstantOp>(loc, b.getIntegerAttr(to, min));
  Value clamped = b.create<arith::SelectOp>(
      loc, tooLow, lowValue,
      b.create<arith::SelectOp>(loc, tooHigh, highValue, converted));
  return b.create<arith::SelectOp>(loc, isNan, intConstant(b, loc, to, 0),
                                   clamped);
}

/// Integer to integer: a narrower one keeps the low bits, a wider one
/// extends the sign (or zeros, from an unsigned `x`).
Value buildIntToInt(OpBuilder &b, Location loc, Value x, IntegerType to,
                    bool fromUnsigned) {
  unsigned from = x.getType().getIntOrFloatBitWidth();
  if (from > to.getWidth())
    return b.create<arith::TruncIOp>(loc, to, x);
  if (from == to.getWidth())
    return x;
  if (fromUnsigned)
    return b.create<arith::ExtUIOp>(loc, to, x);
  return b.create<arith::ExtSIOp>(loc, to, x);
}

/// The cast on signless views: `x` and `to` are signless or float;
/// `fromUnsigned` says how to read `x`, `toUnsigned` how to write `to`.
Value buildSignlessCast(OpBuilder &b, Location loc, Value x, Type to,
                        bool fromUnsigned, bool toUnsigned) {
  Type from = x.getType();
  if (from == to)
    return x;
  // f16 and bf16 compute as f32.
  if (from.isF16() || from.isBF16())
    return buildSignlessCast(b, loc, extendHalf(b, loc, x), to, false,
                             toUnsigned);
  // To i1: anything but 0 (NaN included) is true; from i1, true is 1.
  if (to.isInteger(1)) {
    Value zero = isa<FloatType>(from) ? floatConstant(b, loc, from, 0)
                                      : intConstant(b, loc, from, 0);
    return isa<FloatType>(from)
               ? b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::UNE, x,
                                         zero)
                     .getResult()
               : b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ne, x, zero)
                     .getResult();
  }
  auto toInt = dyn_cast<IntegerType>(to);
  auto toFloat = dyn_cast<FloatType>(to);
  if (isa<FloatType>(from))
    return toInt ? buildFloatToInt(b, loc, x, toInt, toUnsigned)
                 : buildFloatToFloat(b, loc, x, toFloat);
  if (toInt)
    return buildIntToInt(b, loc, x, toInt, fromUnsigned || from.isInteger(1));
  // Integer to f32 or f64 rounds once. To f16 or bf16 it goes exactly
  // through f32 (16 bits or fewer) or f64 (32), then rounds once; a 64-bit
  // integer rounds into f64 first, which can round twice for bf16 past 2^53.
  unsigned width = from.getIntOrFloatBitWidth();
  bool toHalf = toFloat.getWidth() == 16;
  FloatType wide = !toHalf       ? toFloat
                   : width <= 16 ? b.getF32Type()
                                 : b.getF64Type();
  Value converted = fromUnsigned || width == 1
                        ? b.create<arith::UIToFPOp>(loc, wide, x).getResult()
                        : b.create<arith::SIToFPOp>(loc, wide, x).getResult();
  return toHalf ? buildFloatToFloat(b, loc, converted, toFloat) : converted;
}

/// The signless integer type of `type`'s width, or `type` itself.
Type getSignless(Type type) {
  auto integer = dyn_cast<IntegerType>(type);
  if (!integer || integer.isSignless())
    return type;
  return IntegerType::get(type.getContext(), integer.getWidth());
}

} // namespace

Value mlir::sic::buildCast(OpBuilder &b, Location loc, Value x, Type to) {
  Type from = x.getType();
  if (from == to)
    return x;
  Type signlessTo = getSignless(to);
  Value result = buildSignlessCast(b, loc, viewAs(b, loc, x, getSignless(from)),
                                   signlessTo, from.isUnsignedInteger(),
                                   to.isUnsignedInteger());
  return viewAs(b, loc, result, to);
}
