//===- HalfFloats.h - f16 and bf16 values on the host -----------*- C++ -*-===//
//
// The 16-bit float types a model may store (f16, bf16) as the host holds
// them: by their bits, converted to and from double with one rounding to
// nearest even, as compiled models convert.
//
//===----------------------------------------------------------------------===//

#ifndef SIC_SUPPORT_HALFFLOATS_H
#define SIC_SUPPORT_HALFFLOATS_H

#include <cstdint>
#include <type_traits>

namespace mlir::sic {

/// An IEEE 754 binary16 value, by its bits.
struct Float16 {
  uint16_t bits = 0;
};

/// A bfloat16 value (the upper half of a binary32), by its bits.
struct BFloat16 {
  uint16_t bits = 0;
};

/// The exact value of a 16-bit float.
double toDouble(Float16 value);
double toDouble(BFloat16 value);

/// `value` rounded once to nearest even; past the largest finite value it
/// becomes an infinity, a NaN stays a NaN.
Float16 toFloat16(double value);
BFloat16 toBFloat16(double value);

/// Whether a type is one of the 16-bit floats above.
template <typename T>
constexpr bool isHalfFloat =
    std::is_same_v<T, Float16> || std::is_same_v<T, BFloat16>;

} // namespace mlir::sic

#endif // SIC_SUPPORT_HALFFLOATS_H
