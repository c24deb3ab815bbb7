//===- ContractionTest.cpp - Reference values of matmul, gemm, conv2d -----===//

#include "ReferenceTestSupport.h"

using namespace mlir;
using namespace mlir::sic;
using namespace mlir::sic::unittest;

namespace {

class ReferenceContraction : public ReferenceTest {
protected:
  /// [[1, 2, 3], [4, 5, 6]] and [[7, 8], [9, 10], [11, 12]], whose product
  /// is [[58, 64], [139, 154]].
  HostTensor a() { return f32({2, 3}, {1, 2, 3, 4, 5, 6}); }
  HostTensor b() { return f32({3, 2}, {7, 8, 9, 10, 11, 12}); }
  HostTensor aTransposed() { return f32({3, 2}, {1, 4, 2, 5, 3, 6}); }
  HostTensor bTransposed() { return f32({2, 3}, {7, 9, 11, 8, 10, 12}); }
  HostTensor product() { return f32({2, 2}, {58, 64, 139, 154}); }
};

std::string matmul(StringRef lhs, StringRef rhs, StringRef output) {
  return nodeModel("matmul", {lhs, rhs}, output);
}

TEST_F(ReferenceContraction, MatmulOfMatrices) {
  expectResult(matmul("tensor<2x3xf32>", "tensor<3x2xf32>", "tensor<2x2xf32>"),
               {a(), b()}, product());
}

TEST_F(ReferenceContraction, MatmulPromotesVectors) {
  HostTensor row = f32({3}, {1, 2, 3});
  expectResult(matmul("tensor<3xf32>", "tensor<3x2xf32>", "tensor<2xf32>"),
               {row, b()}, f32({2}, {58, 64}));
  expectResult(matmul("tensor<2x3xf32>", "tensor<3xf32>", "tensor<2xf32>"),
               {a(), f32({3}, {1, 0, -1})}, f32({2}, {-2, -2}));
  expectResult(matmul("tensor<3xf32>", "tensor<3xf32>", "tensor<f32>"),
               {row, f32({3}, {4, 5, 6})}, f32({}, {32}));
}

TEST_F(ReferenceContraction, MatmulBroadcastsBatchDims) {
  // Two 1x2 rows times one 2x2 matrix.
  expectResult(
      matmul("tensor<2x1x2xf32>", "tensor<2x2xf32>", "tensor<2x1x2xf32>"),
      {f32({2, 1, 2}, {1, 2, 3, 4}), f32({2, 2}, {1, 0, 0, 2})},
      f32({2, 1, 2}, {1, 4, 3, 8}));
  // Batch dims [2, 1] and [3] broadcast to [2, 3].
  expectResult(
      matmul("tensor<2x1x1x2xf32>", "tensor<3x2x1xf32>", "tensor<2x3x1x1xf32>"),
      {f32({2, 1, 1, 2}, {1, 2, 3, 4}), f32({3, 2, 1}, {1, 1, 1, 0, 0, 1})},
      f32({2, 3, 1, 1}, {3, 1, 2, 7, 3, 4}));
  // A 1-D lhs against a batch of columns.
  expectResult(matmul("tensor<2xf32>", "tensor<2x2x1xf32>", "tensor<2x1xf32>"),
               {f32({2}, {1, 1}), f32({2, 2, 1}, {1, 2, 3, 4})},
               f32({2, 1}, {3, 7}));
}

std::string gemm(StringRef a, StringRef b, StringRef attributes = "",
                 StringRef c = "") {
  SmallVector<StringRef> inputs{a, b};
  if (!c.empty())
    inputs.push_back(c);
  return nodeModel("gemm", inputs, "tensor<2x2xf32>", attributes);
}

TEST_F(ReferenceContraction, GemmTransposesEitherOperand) {
  expectResult(gemm("tensor<2x3xf32>", "tensor<3x2xf32>"), {a(), b()},
               product());
  expectResult(gemm("tensor<3x2xf32>", "tensor<3x2xf32>", "{trans_a = true}"),
               {aTransposed(), b()}, product());
  expectResult(gemm("tensor<2x3xf32>", "tensor<2x3xf32>", "{trans_b = true}"),
               {a(), bTransposed()}, product());
  expectResult(gemm("tensor<3x2xf32>", "tensor<2x3xf32>",
                    "{trans_a = true, trans_b = true}"),
               {aTransposed(), bTransposed()}, product());
}

TEST_F(ReferenceContraction, GemmScalesAndBroadcastsC) {
  expectResult(gemm("tensor<2x3xf32>", "tensor<3x2xf32>",
                    "{alpha = 0.5 : f32, beta = 2.0 : f32}", "tensor<2xf32>"),
               {a(), b(), f32({2}, {1, -1})}, f32({2, 2}, {31, 30, 71.5, 75}));
  expectResult(
      gemm("tensor<2x3xf32>", "tensor<3x2xf32>", "", "tensor<2x1xf32>"),
      {a(), b(), f32({2, 1}, {1, 2})}, f32({2, 2}, {59, 65, 141, 156}));
  expectResult(gemm("tensor<2x3xf32>", "tensor<3x2xf32>", "", "tensor<f32>"),
               {a(), b(), f32({}, {10})}, f32({2, 2}, {68, 74, 149, 164}));
}

std::string conv(StringRef input, StringRef filter, StringRef output,
                 StringRef attributes, StringRef bias = "") {
  SmallVector<StringRef> inputs{input, filter};
  if (!bias.empty())
    inputs.push_back(bias);
  return nodeModel("conv2d", inputs, output, attributes);
}

constexpr const char *kUnitWindow =
    "{strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, "
    "dilations = array<i64: 1, 1>";

class ReferenceConv2D : public ReferenceTest {
protected:
  /// 1..9 in a 3x3 image, and a filter that subtracts the pixel down-right.
  HostTensor image() { return f32({1, 1, 3, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9}); }
  HostTensor diagonal() { return f32({1, 1, 2, 2}, {1, 0, 0, -1}); }
};

TEST_F(ReferenceConv2D, SlidesTheFilterAndAddsBias) {
  std::string attributes = std::string(kUnitWindow) + "}";
  expectResult(conv("tensor<1x1x3x3xf32>", "tensor<1x1x2x2xf32>",
                    "tensor<1x1x2x2xf32>", attributes),
               {image(), diagonal()}, f32({1, 1, 2, 2}, {-4, -4, -4, -4}));
  expectResult(conv("tensor<1x1x3x3xf32>", "tensor<1x1x2x2xf32>",
                    "tensor<1x1x2x2xf32>", attributes, "tensor<1xf32>"),
               {image(), diagonal(), f32({1}, {0.5})},
               f32({1, 1, 2, 2}, {-3.5, -3.5, -3.5, -3.5}));
}

TEST_F(ReferenceConv2D, PadsAndStrides) {
  expectResult(conv("tensor<1x1x3x3xf32>", "tensor<1x1x2x2xf32>",
                    "tensor<1x1x2x2xf32>",
                    "{strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, "
                    "1>, dilations = array<i64: 1, 1>}"),
               {image(), diagonal()}, f32({1, 1, 2, 2}, {-1, -3, -7, -4}));
  // Only the left is padded.
  expectResult(conv("tensor<1x1x1x3xf32>", "tensor<1x1x1x2xf32>",
                    "tensor<1x1x1x3xf32>",
                    "{strides = array<i64: 1, 1>, pads = array<i64: 0, 1, 0, "
                    "0>, dilations = array<i64: 1, 1>}"),
               {f32({1, 1, 1, 3}, {1, 2, 3}), f32({1, 1, 1, 2}, {1, 1})},
               f32({1, 1, 1, 3}, {1, 3, 5}));
}

TEST_F(ReferenceConv2D, Dilations) {
  expectResult(conv("tensor<1x1x3x3xf32>", "tensor<1x1x2x2xf32>",
                    "tensor<1x1x1x1xf32>",
                    "{strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, "
                    "0>, dilations = array<i64: 2, 2>}"),
               {image(), diagonal()}, f32({1, 1, 1, 1}, {-8}));
}

TEST_F(ReferenceConv2D, SumsOverInputChannelsAndBatches) {
  std::string attributes = std::string(kUnitWindow) + "}";
  expectResult(conv("tensor<1x2x1x1xf32>", "tensor<3x2x1x1xf32>",
                    "tensor<1x3x1x1xf32>", attributes, "tensor<3xf32>"),
               {f32({1, 2, 1, 1}, {1, 2}),
                f32({3, 2, 1, 1}, {1, 1, 1, -1, 0, 2}), f32({3}, {1, 1, 1})},
               f32({1, 3, 1, 1}, {4, 0, 5}));
  expectResult(conv("tensor<2x1x1x1xf32>", "tensor<1x1x1x1xf32>",
                    "tensor<2x1x1x1xf32>", attributes),
               {f32({2, 1, 1, 1}, {1, 2}), f32({1, 1, 1, 1}, {3})},
               f32({2, 1, 1, 1}, {3, 6}));
}

TEST_F(ReferenceConv2D, Groups) {
  std::string attributes = std::string(kUnitWindow) + ", group = 2 : i64}";
  // Depthwise: each channel has its own 1x1 filter.
  expectResult(
      conv("tensor<1x2x2x2xf32>", "tensor<2x1x1x1xf32>", "tensor<1x2x2x2xf32>",
           attributes),
      {f32({1, 2, 2, 2}, {1, 2, 3, 4, 5, 6, 7, 8}), f32({2, 1, 1, 1}, {2, -1})},
      f32({1, 2, 2, 2}, {2, 4, 6, 8, -5, -6, -7, -8}));
  // Two input channels per group: output 1 reads input channels 2 and 3.
  expectResult(
      conv("tensor<1x4x1x1xf32>", "tensor<2x2x1x1xf32>", "tensor<1x2x1x1xf32>",
           attributes),
      {f32({1, 4, 1, 1}, {1, 2, 3, 4}), f32({2, 2, 1, 1}, {1, 1, 1, -1})},
      f32({1, 2, 1, 1}, {3, -1}));
}

} // namespace
