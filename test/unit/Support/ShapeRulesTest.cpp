//===- ShapeRulesTest.cpp - Broadcasting, windows, slices -----------------===//

#include "sic/Support/ShapeRules.h"

#include "gtest/gtest.h"

#include <cstdint>
#include <limits>

using namespace mlir::sic;

namespace {

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

Shape shape(std::initializer_list<int64_t> dims) { return Shape(dims); }

TEST(ElementCount, MultipliesDims) {
  EXPECT_EQ(getElementCount({}), 1);
  EXPECT_EQ(getElementCount({2, 3, 4}), 24);
  EXPECT_EQ(getElementCount({2, 0, 4}), 0);
}

TEST(ElementCount, RejectsNegativeDimsAndOverflow) {
  EXPECT_EQ(getElementCount({2, -1}), std::nullopt);
  EXPECT_EQ(getElementCount({kMax, 2}), std::nullopt);
  EXPECT_EQ(getElementCount({1 << 30, 1 << 30, 1 << 30}), std::nullopt);
}

TEST(NormalizeAxis, MapsNegativeAxesAndRejectsOutOfRange) {
  EXPECT_EQ(normalizeAxis(0, 3), 0);
  EXPECT_EQ(normalizeAxis(-1, 3), 2);
  EXPECT_EQ(normalizeAxis(-3, 3), 0);
  EXPECT_EQ(normalizeAxis(3, 3), std::nullopt);
  EXPECT_EQ(normalizeAxis(-4, 3), std::nullopt);
  EXPECT_EQ(normalizeAxis(0, 0), std::nullopt);
  EXPECT_EQ(normalizeAxis(kMin, 3), std::nullopt);
}

TEST(Broadcast, FollowsNumPy) {
  EXPECT_EQ(broadcastShapes({2, 3}, {3}), shape({2, 3}));
  EXPECT_EQ(broadcastShapes({4, 1, 5}, {3, 1}), shape({4, 3, 5}));
  EXPECT_EQ(broadcastShapes({}, {2, 2}), shape({2, 2}));
  EXPECT_EQ(broadcastShapes({1}, {0}), shape({0}));
  EXPECT_EQ(broadcastShapes({2, 3}, {2}), std::nullopt);
  EXPECT_EQ(broadcastShapes({0}, {2}), std::nullopt);
}

TEST(Broadcast, UnidirectionalKeepsTheTarget) {
  EXPECT_TRUE(isBroadcastableTo({512}, {1, 512}));
  EXPECT_TRUE(isBroadcastableTo({1, 1}, {4, 512}));
  EXPECT_TRUE(isBroadcastableTo({}, {4, 512}));
  EXPECT_FALSE(isBroadcastableTo({4, 512}, {512}));
  EXPECT_FALSE(isBroadcastableTo({2, 1}, {1, 5}));
}

TEST(Matmul, MatricesAndBatches) {
  EXPECT_EQ(getMatmulShape({2, 3}, {3, 4}), shape({2, 4}));
  EXPECT_EQ(getMatmulShape({5, 2, 3}, {3, 4}), shape({5, 2, 4}));
  EXPECT_EQ(getMatmulShape({5, 1, 2, 3}, {7, 3, 4}), shape({5, 7, 2, 4}));
  EXPECT_EQ(getMatmulShape({2, 3}, {4, 4}), std::nullopt);
  EXPECT_EQ(getMatmulShape({2, 2, 3}, {5, 3, 4}), std::nullopt);
}

TEST(Matmul, VectorsArePromotedAndDropped) {
  EXPECT_EQ(getMatmulShape({3}, {3, 4}), shape({4}));
  EXPECT_EQ(getMatmulShape({2, 3}, {3}), shape({2}));
  EXPECT_EQ(getMatmulShape({3}, {3}), shape({}));
  EXPECT_EQ(getMatmulShape({6, 2, 3}, {3}), shape({6, 2}));
  EXPECT_EQ(getMatmulShape({}, {3}), std::nullopt);
}

TEST(Window, ConvolutionSizes) {
  // 64x64, 3x3, pad 1, stride 1 keeps the size; stride 2 halves it.
  EXPECT_EQ(getWindowOutputSize({64, 3, 1, 1, 1, 1}), 64);
  EXPECT_EQ(getWindowOutputSize({64, 3, 2, 1, 1, 1}), 32);
  EXPECT_EQ(getWindowOutputSize({64, 1, 2, 1, 0, 0}), 32);
  // Dilation 2 makes a 3-tap kernel span 5.
  EXPECT_EQ(getWindowOutputSize({10, 3, 1, 2, 0, 0}), 6);
  EXPECT_EQ(getWindowOutputSize({4, 3, 1, 2, 0, 0}), std::nullopt);
}

TEST(Window, CeilModeDropsWindowsThatStartInTheEndPadding) {
  EXPECT_EQ(getWindowOutputSize({5, 2, 2, 1, 0, 0}, false), 2);
  EXPECT_EQ(getWindowOutputSize({5, 2, 2, 1, 0, 0}, true), 3);
  EXPECT_EQ(getWindowOutputSize({4, 2, 2, 1, 0, 0}, true), 2);
  // (4 + 2 - 3) / 2 + 1 = 2 full windows; a third (ceil) window would
  // start at 4, in the end padding, so it is dropped.
  EXPECT_EQ(getWindowOutputSize({4, 3, 2, 1, 0, 2}, true), 2);
}

TEST(Window, RejectsBadParametersAndOverflow) {
  EXPECT_EQ(getWindowOutputSize({8, 0, 1, 1, 0, 0}), std::nullopt);
  EXPECT_EQ(getWindowOutputSize({8, 3, 0, 1, 0, 0}), std::nullopt);
  EXPECT_EQ(getWindowOutputSize({8, 3, 1, 0, 0, 0}), std::nullopt);
  EXPECT_EQ(getWindowOutputSize({8, 3, 1, 1, -1, 0}), std::nullopt);
  EXPECT_EQ(getWindowOutputSize({kMax, 3, 1, 1, 1, 1}), std::nullopt);
  EXPECT_EQ(getWindowOutputSize({8, kMax, 1, kMax, 0, 0}), std::nullopt);
  EXPECT_EQ(getWindowOutputSize({kMax - 2, 1, kMax, 1, 0, 0}, true), 1);
}

TEST(Slice, ForwardWithClamping) {
  SliceRange r = *getSliceRange(10, 2, 8, 1);
  EXPECT_EQ(r.start, 2);
  EXPECT_EQ(r.size, 6);
  EXPECT_EQ(getSliceRange(10, 0, kMax, 3)->size, 4); // 0, 3, 6, 9
  EXPECT_EQ(getSliceRange(10, -3, kMax, 1)->start, 7);
  EXPECT_EQ(getSliceRange(10, kMin, 2, 1)->size, 2);
  EXPECT_EQ(getSliceRange(10, 8, 2, 1)->size, 0);
}

TEST(Slice, Backward) {
  SliceRange r = *getSliceRange(10, -1, kMin, -1); // reverse the axis
  EXPECT_EQ(r.start, 9);
  EXPECT_EQ(r.size, 10);
  EXPECT_EQ(getSliceRange(10, 8, 2, -2)->size, 3);    // 8, 6, 4
  EXPECT_EQ(getSliceRange(10, kMax, 0, -4)->size, 3); // 9, 5, 1
  EXPECT_EQ(getSliceRange(10, 5, 5, kMin)->size, 0);
  EXPECT_EQ(getSliceRange(10, 5, -20, kMin)->size, 1);
  // A start before the axis clamps to 0 going backwards: one element.
  SliceRange clamped = *getSliceRange(5, -10, -10, -1);
  EXPECT_EQ(clamped.start, 0);
  EXPECT_EQ(clamped.size, 1);
  EXPECT_EQ(getSliceRange(0, -1, -10, -1)->size, 0);
}

TEST(Slice, RejectsZeroStep) {
  EXPECT_EQ(getSliceRange(10, 0, 5, 0), std::nullopt);
}

} // namespace
