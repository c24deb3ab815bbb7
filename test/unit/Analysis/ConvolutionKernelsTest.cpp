//===- ConvolutionKernelsTest.cpp - Which kernel computes a convolution ---===//

#include "sic/Analysis/ConvolutionKernels.h"

#include "mlir/AsmParser/AsmParser.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/MLIRContext.h"

#include "gtest/gtest.h"

using namespace mlir;
using namespace mlir::sic;

namespace {

class ConvolutionKernelsTest : public ::testing::Test {
protected:
  ConvolutionKernelsTest() {
    context.loadDialect<SicDialect>();
    target = cast<TargetAttr>(parseAttribute(
        "#sic.target<triple = \"x86_64-pc-linux-gnu\", cpu = \"znver5\", "
        "features = \"\", vector_bits = 512, vector_registers = 32, "
        "l1_bytes = 49152, l2_bytes = 1048576, l3_bytes = 33554432, "
        "cache_line_bytes = 64, alignment = 64>",
        &context));
    avx2 = cast<TargetAttr>(parseAttribute(
        "#sic.target<triple = \"x86_64-pc-linux-gnu\", cpu = \"znver3\", "
        "features = \"\", vector_bits = 256, vector_registers = 16, "
        "l1_bytes = 32768, l2_bytes = 524288, l3_bytes = 33554432, "
        "cache_line_bytes = 64, alignment = 64>",
        &context));
  }

  /// A 3x3 convolution of unit strides, 32 channels in and out, on an
  /// output `height` rows high and 32 wide, with a constant f32 filter.
  ConvolutionFacts facts(int64_t height) {
    ConvolutionFacts facts;
    facts.staticWork = true;
    facts.strides = unit;
    facts.dilations = unit;
    facts.channels = 32;
    facts.filters = 32;
    facts.kernelHeight = 3;
    facts.height = height;
    facts.width = 32;
    facts.constantFilter = true;
    facts.element = Builder(&context).getF32Type();
    return facts;
  }

  MLIRContext context;
  /// A Zen 5 (AVX-512, 32 registers) and a Zen 3 (AVX2, 16 registers).
  TargetAttr target, avx2;
  SmallVector<int64_t> unit = {1, 1};
};

// Of tiles of 2 and 4 rows, the one with fewer products for the output's
// rows rounded up to whole tiles (2 on a tie); neither when that is not a
// quarter fewer than a direct kernel's 3 per row.
TEST_F(ConvolutionKernelsTest, AccumulatorsByTileKindAndRegisters) {
  // 32 registers: half of them for either kind of tile.
  EXPECT_EQ(getAccumulatorRegisters(target, TileKind::Contraction), 16);
  EXPECT_EQ(getAccumulatorRegisters(target, TileKind::Convolution), 16);
  // 16 registers: 12 for a contraction (6 rows of 2 vectors), 8 for a
  // convolution.
  EXPECT_EQ(getAccumulatorRegisters(avx2, TileKind::Contraction), 12);
  EXPECT_EQ(getAccumulatorRegisters(avx2, TileKind::Convolution), 8);
  using Bounds = std::pair<int64_t, int64_t>;
  EXPECT_EQ(getTileBounds(128, 8, 12), Bounds(6, 16));
  EXPECT_EQ(getTileBounds(128, 8, 8), Bounds(4, 16));
  // One row: its vectors as wide as the accumulators allow (at most 8).
  EXPECT_EQ(getTileBounds(1, 8, 12), Bounds(1, 64));
  // Four or two rows: a power of two of vectors each (12 / 4 = 3 would
  // give rows of 24 floats, which LLVM inserts element by element).
  EXPECT_EQ(getTileBounds(4, 8, 12), Bounds(4, 16));
  EXPECT_EQ(getTileBounds(2, 8, 12), Bounds(2, 32));
  EXPECT_EQ(getTileBounds(3, 8, 12), Bounds(3, 32));
}

TEST(CleanWidthTest, NarrowestWidthTilesCoverCleanly) {
  // Whole vectors, or a remainder that is one or a power of two: as it is.
  EXPECT_EQ(getCleanWidth(64, 16, 8), 64);
  EXPECT_EQ(getCleanWidth(50, 32, 16), 50); // 3 x 16 + 2
  EXPECT_EQ(getCleanWidth(4, 64, 8), 4);
  // A vector and a fraction, or a fraction of a vector that is no power of
  // two: the next clean width.
  EXPECT_EQ(getCleanWidth(10, 16, 8), 16);
  EXPECT_EQ(getCleanWidth(28, 32, 16), 32);
  EXPECT_EQ(getCleanWidth(3, 64, 8), 4);
  EXPECT_EQ(getCleanWidth(14, 32, 16), 16);
  // Tiles of one 8-lane vector cover 28 as three vectors and 4.
  EXPECT_EQ(getCleanWidth(28, 16, 8), 28);
}

TEST_F(ConvolutionKernelsTest, WinogradTilesFollowTheHeight) {
  for (auto [height, rows] : {std::pair<int64_t, int64_t>{2, 2},
                              {3, 4},
                              {4, 4},
                              {6, 2},
                              {7, 4},
                              {8, 4},
                              {10, 4},
                              {12, 4},
                              {14, 4},
                              {64, 4}}) {
    ConvolutionPlan plan = planConvolution(facts(height), target);
    EXPECT_EQ(plan.kernel, ConvolutionKernel::Winograd) << height;
    EXPECT_EQ(plan.winogradRows, rows) << height;
    EXPECT_EQ(plan.computedWidth, 32) << height;
  }
  for (int64_t height : {1, 5}) {
    ConvolutionPlan plan = planConvolution(facts(height), target);
    EXPECT_EQ(plan.kernel, ConvolutionKernel::Direct) << height;
    EXPECT_EQ(plan.winogradRows, 0) << height;
  }
}

// F(4, 3) along the width too when the filter is 3 wide: in phases when a
// row holds a vector of whole 4-column tiles (64 columns on 16 lanes, 32 on
// 8), else with the channels in the vectors when the channels and filters
// fill whole vectors; F(4, 3) rows otherwise.
TEST_F(ConvolutionKernelsTest, WinogradTilesOfColumnsNeedVectors) {
  enum Tiles { Rows, Phases, OnChannels };
  auto tilesOf = [&](int64_t height, int64_t width, int64_t kernelWidth,
                     TargetAttr on, int64_t channels = 32) {
    ConvolutionFacts changed = facts(height);
    changed.width = width;
    changed.kernelWidth = kernelWidth;
    changed.channels = channels;
    ConvolutionPlan plan = planConvolution(changed, on);
    EXPECT_EQ(plan.kernel, ConvolutionKernel::Winograd);
    if (plan.winogradOnChannels) {
      EXPECT_EQ(plan.winogradColumns, 4);
      return OnChannels;
    }
    return plan.winogradColumns == 4 ? Phases : Rows;
  };
  EXPECT_EQ(tilesOf(8, 64, 3, target), Phases);
  EXPECT_EQ(tilesOf(8, 128, 3, target), Phases);
  EXPECT_EQ(tilesOf(8, 68, 3, target), Phases);
  EXPECT_EQ(tilesOf(8, 32, 3, avx2), Phases);
  EXPECT_EQ(tilesOf(8, 32, 3, target), OnChannels);
  EXPECT_EQ(tilesOf(8, 66, 3, target), OnChannels);
  EXPECT_EQ(tilesOf(8, 16, 3, avx2), OnChannels);
  EXPECT_EQ(tilesOf(8, 14, 3, avx2, 24), OnChannels);
  EXPECT_EQ(tilesOf(8, 32, 3, target, 24), Rows);
  EXPECT_EQ(tilesOf(8, 64, 5, target), Rows);
  EXPECT_EQ(tilesOf(6, 64, 3, target), Rows); // F(2, 3) rows
  ConvolutionFacts tiled = facts(8);
  tiled.width = 64;
  tiled.kernelWidth = 3;
  EXPECT_EQ(describeConvolutionPlan(planConvolution(tiled, target), 64),
            "winograd F(4x4,3x3)");
  tiled.width = 16;
  EXPECT_EQ(describeConvolutionPlan(planConvolution(tiled, target), 16),
            "winograd F(4x4,3x3) on channels");
}

// Each condition of the Winograd kernel, broken alone, leaves the direct
// one (or im2col for a stride, loops for groups).
TEST_F(ConvolutionKernelsTest, WinogradNeedsEachCondition) {
  SmallVector<int64_t> two = {2, 1};
  auto kernelOf = [&](function_ref<void(ConvolutionFacts &)> change) {
    ConvolutionFacts changed = facts(8);
    change(changed);
    return planConvolution(changed, target).kernel;
  };
  EXPECT_EQ(kernelOf([](ConvolutionFacts &) {}), ConvolutionKernel::Winograd);
  EXPECT_EQ(kernelOf([](ConvolutionFacts &f) { f.channels = 15; }),
            ConvolutionKernel::Direct);
  EXPECT_EQ(kernelOf([](ConvolutionFacts &f) { f.filters = 15; }),
            ConvolutionKernel::Direct);
  EXPECT_EQ(kernelOf([](ConvolutionFacts &f) { f.constantFilter = false; }),
            ConvolutionKernel::Direct);
  EXPECT_EQ(kernelOf([](ConvolutionFacts &f) { f.kernelHeight = 5; }),
            ConvolutionKernel::Direct);
  EXPECT_EQ(kernelOf([&](ConvolutionFacts &f) {
              f.element = Builder(&context).getF16Type();
            }),
            ConvolutionKernel::Direct);
  EXPECT_EQ(kernelOf([&](ConvolutionFacts &f) { f.dilations = two; }),
            ConvolutionKernel::Direct);
  EXPECT_EQ(kernelOf([&](ConvolutionFacts &f) { f.strides = two; }),
            ConvolutionKernel::Im2Col);
  EXPECT_EQ(kernelOf([](ConvolutionFacts &f) { f.group = 2; }),
            ConvolutionKernel::Loops);
  EXPECT_EQ(kernelOf([](ConvolutionFacts &f) { f.staticWork = false; }),
            ConvolutionKernel::Loops);
}

// --summary's names: the tile's rows, and the width computed when the
// row convolutions' tiles do not cover the output's own.
TEST_F(ConvolutionKernelsTest, DescribesWinogradPlans) {
  EXPECT_EQ(describeConvolutionPlan(planConvolution(facts(8), target), 32),
            "winograd F(4,3) rows");
  EXPECT_EQ(describeConvolutionPlan(planConvolution(facts(6), target), 32),
            "winograd F(2,3) rows");
  ConvolutionFacts narrow = facts(8);
  narrow.width = 28;
  EXPECT_EQ(describeConvolutionPlan(planConvolution(narrow, target), 28),
            "winograd F(4,3) rows, computed 32 wide");
}

} // namespace
