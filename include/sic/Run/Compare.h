//===- Compare.h - Compare model outputs with expected values ---*- C++ -*-===//

#ifndef SIC_RUN_COMPARE_H
#define SIC_RUN_COMPARE_H

#include "sic/Run/NdArray.h"

#include <optional>

namespace mlir::sic {

/// How far a float may be from the expected value: |got - expected| <=
/// atol + rtol * |expected| (numpy.isclose). Integers and bools must be
/// equal; a bool counts as 0 or 1 in the errors below.
struct Tolerance {
  double rtol = 1e-4;
  double atol = 1e-5;
};

/// One element that is off.
struct Mismatch {
  int64_t index; ///< row-major
  double got, expected;
};

/// What comparing two arrays of the same dtype and shape found.
struct Comparison {
  int64_t numElements = 0;
  /// The elements that are off: beyond the tolerance, or NaN in one array
  /// and not in the other (a NaN in both is a match).
  int64_t numMismatches = 0;
  /// The largest |got - expected| and |got - expected| / |expected| over
  /// the elements where both are numbers; the relative error of an element
  /// whose expected value is 0 is infinite unless it is 0 too.
  double maxAbsError = 0, maxRelError = 0;
  /// The first element that is off.
  std::optional<Mismatch> firstMismatch;

  bool matches() const { return numMismatches == 0; }
};

/// Compares `got` with `expected`, which must have the same dtype and shape.
Comparison compareArrays(const NdArray &got, const NdArray &expected,
                         const Tolerance &tolerance);

} // namespace mlir::sic

#endif // SIC_RUN_COMPARE_H
