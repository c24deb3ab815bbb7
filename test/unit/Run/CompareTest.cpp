//===- CompareTest.cpp - Comparing outputs with expected values -----------===//

#include "sic/Run/Compare.h"

#include "gtest/gtest.h"

#include <cmath>
#include <limits>

using namespace mlir::sic;

namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();

template <typename T>
NdArray makeArray(sic_dtype_t dtype, std::initializer_list<T> values) {
  NdArray array(dtype, {static_cast<int64_t>(values.size())});
  llvm::copy(values, array.getValues<T>().begin());
  return array;
}

Comparison compareFloats(std::initializer_list<float> got,
                         std::initializer_list<float> expected,
                         Tolerance tolerance = {}) {
  return compareArrays(makeArray(SIC_DTYPE_F32, got),
                       makeArray(SIC_DTYPE_F32, expected), tolerance);
}

TEST(Compare, AcceptsFloatsWithinAtolPlusRtol) {
  Comparison comparison =
      compareFloats({1.0f, 100.5f, 0.0f}, {1.0f, 100.0f, 0.25f}, {0.01, 0.25});
  EXPECT_TRUE(comparison.matches());
  EXPECT_EQ(comparison.numElements, 3);
  EXPECT_DOUBLE_EQ(comparison.maxAbsError, 0.5);
  EXPECT_EQ(comparison.maxRelError, 1.0);
}

TEST(Compare, ReportsTheFirstFloatBeyondTheTolerance) {
  Comparison comparison =
      compareFloats({1.0f, 2.0f, 3.5f, 5.0f}, {1.0f, 2.0f, 3.0f, 4.0f});
  EXPECT_FALSE(comparison.matches());
  EXPECT_EQ(comparison.numMismatches, 2);
  ASSERT_TRUE(comparison.firstMismatch.has_value());
  EXPECT_EQ(comparison.firstMismatch->index, 2);
  EXPECT_EQ(comparison.firstMismatch->got, 3.5);
  EXPECT_EQ(comparison.firstMismatch->expected, 3.0);
  EXPECT_EQ(comparison.maxAbsError, 1.0);
  EXPECT_EQ(comparison.maxRelError, 0.25);
}

TEST(Compare, TreatsNaNInOneArrayOnlyAsAMismatch) {
  EXPECT_TRUE(compareFloats({kNaN, 1.0f}, {kNaN, 1.0f}).matches());
  EXPECT_EQ(compareFloats({kNaN, 1.0f}, {0.0f, 1.0f}).numMismatches, 1);
  EXPECT_EQ(compareFloats({0.0f, 1.0f}, {kNaN, 1.0f}).numMismatches, 1);
  // A NaN has no error to report.
  EXPECT_EQ(compareFloats({kNaN}, {0.0f}).maxAbsError, 0.0);
}

TEST(Compare, ComparesInfinitiesBySign) {
  EXPECT_TRUE(compareFloats({kInf, -kInf}, {kInf, -kInf}).matches());
  EXPECT_FALSE(compareFloats({kInf}, {-kInf}).matches());
  EXPECT_FALSE(compareFloats({kInf}, {1e30f}, {1.0, 1.0}).matches());
  EXPECT_FALSE(compareFloats({1.0f}, {kInf}, {1.0, 1.0}).matches());
}

TEST(Compare, CountsAZeroExpectedValueAsInfiniteRelativeError) {
  Comparison comparison = compareFloats({1e-6f}, {0.0f});
  EXPECT_TRUE(comparison.matches()); // within atol
  EXPECT_TRUE(std::isinf(comparison.maxRelError));
}

TEST(Compare, RequiresIntegersToBeEqual) {
  Tolerance loose{1.0, 100.0};
  EXPECT_TRUE(compareArrays(makeArray<int32_t>(SIC_DTYPE_I32, {1, -2}),
                            makeArray<int32_t>(SIC_DTYPE_I32, {1, -2}), loose)
                  .matches());
  Comparison comparison =
      compareArrays(makeArray<int64_t>(SIC_DTYPE_I64, {INT64_MAX, 5}),
                    makeArray<int64_t>(SIC_DTYPE_I64, {INT64_MAX, 6}), loose);
  EXPECT_EQ(comparison.numMismatches, 1);
  EXPECT_EQ(comparison.firstMismatch->index, 1);
  EXPECT_EQ(comparison.maxAbsError, 1.0);
}

TEST(Compare, RequiresBoolsToBeEqual) {
  Tolerance loose{1.0, 100.0};
  EXPECT_TRUE(
      compareArrays(makeArray<bool>(SIC_DTYPE_BOOL, {true, false, true}),
                    makeArray<bool>(SIC_DTYPE_BOOL, {true, false, true}), loose)
          .matches());
  Comparison comparison = compareArrays(
      makeArray<bool>(SIC_DTYPE_BOOL, {true, false, true}),
      makeArray<bool>(SIC_DTYPE_BOOL, {true, true, false}), loose);
  EXPECT_EQ(comparison.numElements, 3);
  EXPECT_EQ(comparison.numMismatches, 2);
  ASSERT_TRUE(comparison.firstMismatch.has_value());
  EXPECT_EQ(comparison.firstMismatch->index, 1);
  EXPECT_EQ(comparison.firstMismatch->got, 0.0);
  EXPECT_EQ(comparison.firstMismatch->expected, 1.0);
  EXPECT_EQ(comparison.maxAbsError, 1.0);
}

} // namespace
