//===- ModelSummaryTest.cpp - Parameters and MACs of sic nodes ------------===//

#include "sic/Analysis/ModelSummary.h"

#include "dialects/Sic/IR/SicDialect.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

#include "gtest/gtest.h"

using namespace mlir;
using namespace mlir::sic;

namespace {

class ModelSummaryTest : public ::testing::Test {
protected:
  ModelSummaryTest() { context.loadDialect<SicDialect, func::FuncDialect>(); }

  /// The summary of the one function in `source`, compiled at `optLevel`.
  ModelSummary summarize(StringRef source, unsigned optLevel = 2) {
    module = parseSourceString<ModuleOp>(source, &context);
    EXPECT_TRUE(module);
    return computeModelSummary(*module->getOps<func::FuncOp>().begin(),
                               optLevel);
  }

  MLIRContext context;
  OwningOpRef<ModuleOp> module;
};

// N * M * OH * OW * C/group * KH * KW: 2 * 6 * 2 * 3 outputs, each reading a
// filter row of 2 * 3 * 2 (input channels 4 in 2 groups).
TEST_F(ModelSummaryTest, Conv2DCountsOneFilterRowPerOutput) {
  ModelSummary summary = summarize(R"mlir(
    func.func @f(%x: tensor<2x4x4x4xf32>, %w: tensor<6x2x3x2xf32>) -> tensor<2x6x2x3xf32> {
      %y = sic.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 2 : i64} : (tensor<2x4x4x4xf32>, tensor<6x2x3x2xf32>) -> tensor<2x6x2x3xf32>
      return %y : tensor<2x6x2x3xf32>
    })mlir");
  ASSERT_EQ(summary.nodes.size(), 1u);
  EXPECT_EQ(summary.nodes[0].op, "conv2d");
  EXPECT_EQ(summary.nodes[0].macs, 2u * 6 * 2 * 3 * 2 * 3 * 2);
  // The filter is an argument, not a parameter.
  EXPECT_EQ(summary.nodes[0].parameters, 0u);
}

// Every batch counts; a 1-D operand's dropped dim counts as 1.
TEST_F(ModelSummaryTest, MatmulCountsOutputsTimesK) {
  ModelSummary summary = summarize(R"mlir(
    func.func @f(%a: tensor<3x2x5xf32>, %b: tensor<5x4xf32>, %v: tensor<5xf32>) -> (tensor<3x2x4xf32>, tensor<3x2xf32>, tensor<4xf32>) {
      %y = sic.matmul %a, %b : (tensor<3x2x5xf32>, tensor<5x4xf32>) -> tensor<3x2x4xf32>
      %mv = sic.matmul %a, %v : (tensor<3x2x5xf32>, tensor<5xf32>) -> tensor<3x2xf32>
      %vm = sic.matmul %v, %b : (tensor<5xf32>, tensor<5x4xf32>) -> tensor<4xf32>
      return %y, %mv, %vm : tensor<3x2x4xf32>, tensor<3x2xf32>, tensor<4xf32>
    })mlir");
  ASSERT_EQ(summary.nodes.size(), 3u);
  EXPECT_EQ(summary.nodes[0].macs, 3u * 2 * 4 * 5);
  EXPECT_EQ(summary.nodes[1].macs, 3u * 2 * 5);
  EXPECT_EQ(summary.nodes[2].macs, 4u * 5);
  EXPECT_EQ(summary.macs, 120u + 30 + 20);
}

// M * N * K, with K read through trans_a; C adds none.
TEST_F(ModelSummaryTest, GemmCountsMNK) {
  ModelSummary summary = summarize(R"mlir(
    func.func @f(%a: tensor<7x3xf32>) -> tensor<3x2xf32> {
      %b = sic.constant dense<1.0> : tensor<2x7xf32>
      %c = sic.constant dense<1.0> : tensor<2xf32>
      %y = sic.gemm %a, %b, %c {trans_a = true, trans_b = true} : (tensor<7x3xf32>, tensor<2x7xf32>, tensor<2xf32>) -> tensor<3x2xf32>
      return %y : tensor<3x2xf32>
    })mlir");
  ASSERT_EQ(summary.nodes.size(), 1u);
  EXPECT_EQ(summary.nodes[0].macs, 3u * 2 * 7);
  EXPECT_EQ(summary.nodes[0].parameters, 14u + 2);
}

// Other ops count no MACs; a constant two nodes read counts for each node
// and once in the totals; the output types and node names are kept.
TEST_F(ModelSummaryTest, SharedConstantsCountOnceInTotals) {
  ModelSummary summary = summarize(R"mlir(
    func.func @f(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>) {
      %k = sic.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
      %i = sic.constant dense<1> : tensor<3xi64>
      %a = sic.add %x, %k : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32> loc("first")
      %m = sic.mul %a, %k : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32> loc("second")
      %s = sic.softmax %m : (tensor<2x3xf32>) -> tensor<2x3xf32>
      %c = sic.cast %i {to = f32} : (tensor<3xi64>) -> tensor<3xf32>
      %t = sic.add %s, %c : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
      return %m, %s : tensor<2x3xf32>, tensor<2x3xf32>
    })mlir");
  ASSERT_EQ(summary.nodes.size(), 5u);
  EXPECT_EQ(summary.nodes[0].name, "first");
  EXPECT_EQ(summary.nodes[1].name, "second");
  EXPECT_EQ(summary.nodes[1].index, 1u);
  EXPECT_EQ(summary.nodes[2].op, "softmax");
  EXPECT_EQ(summary.nodes[0].parameters, 3u);
  EXPECT_EQ(summary.nodes[1].parameters, 3u);
  ASSERT_EQ(summary.nodes[1].outputs.size(), 1u);
  EXPECT_EQ(summary.nodes[1].outputs[0].getShape(), ArrayRef<int64_t>({2, 3}));
  EXPECT_EQ(summary.macs, 0u);
  // 3 f32 and 3 i64 elements.
  EXPECT_EQ(summary.parameters, 6u);
  EXPECT_EQ(summary.parameterBytes, 3u * 4 + 3 * 8);

  std::string text;
  llvm::raw_string_ostream os(text);
  printModelSummary(summary, os);
  EXPECT_NE(text.find("total: 5 nodes, 6 parameters (36 bytes), 0 MACs"),
            std::string::npos)
      << text;
}

// The kernel each convolution gets at -O2 on an AVX-512 target (16 f32
// lanes, 8 x 32 register tiles at most): unit strides run direct, in
// place, a 28-wide output computed 32 wide (16 + 12 columns would leave a
// tile LLVM shuffles), a 32-wide one as it is; strides above 1 through patches;
// groups as loops. Below -O2 every one is loops, and before the target is set
// there is no kernel to name.
TEST_F(ModelSummaryTest, ConvolutionsNameTheirKernel) {
  StringRef source = R"mlir(
    module attributes {sic.target = #sic.target<triple = "x86_64-pc-linux-gnu", cpu = "znver5", features = "", vector_bits = 512, vector_registers = 32, l1_bytes = 49152, l2_bytes = 1048576, l3_bytes = 33554432, cache_line_bytes = 64, alignment = 64>} {
    func.func @f(%x: tensor<1x8x30x30xf32>, %w: tensor<16x8x3x3xf32>, %g: tensor<16x4x3x3xf32>) -> (tensor<1x16x28x28xf32>, tensor<1x16x32x32xf32>, tensor<1x16x14x14xf32>, tensor<1x16x28x28xf32>) {
      %a = sic.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x8x30x30xf32>, tensor<16x8x3x3xf32>) -> tensor<1x16x28x28xf32>
      %b = sic.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 2, 2, 2, 2>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x8x30x30xf32>, tensor<16x8x3x3xf32>) -> tensor<1x16x32x32xf32>
      %c = sic.conv2d %x, %w {strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x8x30x30xf32>, tensor<16x8x3x3xf32>) -> tensor<1x16x14x14xf32>
      %d = sic.conv2d %x, %g {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 2 : i64} : (tensor<1x8x30x30xf32>, tensor<16x4x3x3xf32>) -> tensor<1x16x28x28xf32>
      return %a, %b, %c, %d : tensor<1x16x28x28xf32>, tensor<1x16x32x32xf32>, tensor<1x16x14x14xf32>, tensor<1x16x28x28xf32>
    }
    })mlir";
  ModelSummary summary = summarize(source);
  ASSERT_EQ(summary.nodes.size(), 4u);
  EXPECT_EQ(summary.nodes[0].kernel, "direct, computed 32 wide");
  EXPECT_EQ(summary.nodes[1].kernel, "direct");
  EXPECT_EQ(summary.nodes[2].kernel, "im2col");
  EXPECT_EQ(summary.nodes[3].kernel, "loops");
  for (const NodeSummary &node : summarize(source, 1).nodes)
    EXPECT_EQ(node.kernel, "loops");
  ModelSummary untargeted = summarize(R"mlir(
    func.func @f(%x: tensor<1x8x30x30xf32>, %w: tensor<16x8x3x3xf32>) -> tensor<1x16x28x28xf32> {
      %a = sic.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x8x30x30xf32>, tensor<16x8x3x3xf32>) -> tensor<1x16x28x28xf32>
      return %a : tensor<1x16x28x28xf32>
    })mlir");
  EXPECT_EQ(untargeted.nodes[0].kernel, "");
}

} // namespace
