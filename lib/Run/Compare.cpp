//===- Compare.cpp - Compare model outputs with expected values -----------===//

#include "sic/Run/Compare.h"

#include <cassert>
#include <cmath>
#include <limits>

using namespace mlir::sic;

namespace {

template <typename T> auto toComparable(T value) {
  if constexpr (isHalfFloat<T>)
    return toDouble(value);
  else
    return value;
}

/// Whether `got` is off from `expected`: floats beyond the tolerance, or NaN
/// in one only; integers and bools unless equal.
template <typename T>
bool isMismatch(T got, T expected, const Tolerance &tolerance) {
  if constexpr (std::is_floating_point_v<T>) {
    if (std::isnan(got) || std::isnan(expected))
      return std::isnan(got) != std::isnan(expected);
    if (got == expected) // infinities of the same sign included
      return false;
    // An infinity is within no tolerance of another value, even one whose
    // tolerance is infinite.
    if (std::isinf(got) || std::isinf(expected))
      return true;
    double error = std::fabs(double(got) - double(expected));
    return error > tolerance.atol + tolerance.rtol * std::fabs(expected);
  } else {
    return got != expected;
  }
}

} // namespace

Comparison mlir::sic::compareArrays(const NdArray &got, const NdArray &expected,
                                    const Tolerance &tolerance) {
  assert(got.getDtype() == expected.getDtype() &&
         got.getShape() == expected.getShape() && "different array types");
  Comparison result;
  result.numElements = got.getNumElements();
  visitDtype(got.getDtype(), [&](auto zero) {
    using T = decltype(zero);
    llvm::ArrayRef<T> gotValues = got.getValues<T>(),
                      expectedValues = expected.getValues<T>();
    for (int64_t i = 0; i < result.numElements; ++i) {
      // f16 and bf16 compare by their values.
      auto a = toComparable(gotValues[i]), b = toComparable(expectedValues[i]);
      // In double: the difference of two int64, f32 or f64 values is exact
      // enough for a report, and never overflows.
      double difference = std::fabs(double(a) - double(b));
      if (!std::isnan(difference) && !(a == b)) {
        result.maxAbsError = std::max(result.maxAbsError, difference);
        double relative = b == 0 ? std::numeric_limits<double>::infinity()
                                 : difference / std::fabs(double(b));
        result.maxRelError = std::max(result.maxRelError, relative);
      }
      if (!isMismatch(a, b, tolerance))
        continue;
      if (result.numMismatches++ == 0)
        result.firstMismatch = Mismatch{i, double(a), double(b)};
    }
  });
  return result;
}
