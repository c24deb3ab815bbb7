//===- DataMovementTest.cpp - Reference values of shape and layout nodes --===//

#include "ReferenceTestSupport.h"

using namespace mlir;
using namespace mlir::sic;
using namespace mlir::sic::unittest;

namespace {

using ReferenceDataMovement = ReferenceTest;

TEST_F(ReferenceDataMovement, ReshapesKeepRowMajorOrder) {
  std::vector<float> values{1, 2, 3, 4, 5, 6};
  expectResult(nodeModel("reshape", {"tensor<2x3xf32>"}, "tensor<3x2xf32>",
                         "{shape = array<i64: 3, 2>}"),
               {f32({2, 3}, values)}, f32({3, 2}, values));
  expectResult(nodeModel("flatten", {"tensor<2x1x3xf32>"}, "tensor<2x3xf32>"),
               {f32({2, 1, 3}, values)}, f32({2, 3}, values));
  expectResult(nodeModel("squeeze", {"tensor<1x6x1xf32>"}, "tensor<6xf32>",
                         "{axes = array<i64: 0, -1>}"),
               {f32({1, 6, 1}, values)}, f32({6}, values));
  expectResult(nodeModel("unsqueeze", {"tensor<3xi64>"}, "tensor<1x3xi64>",
                         "{axes = array<i64: 0>}"),
               {i64({3}, {7, 8, 9})}, i64({1, 3}, {7, 8, 9}));
}

TEST_F(ReferenceDataMovement, Transpose) {
  expectResult(nodeModel("transpose", {"tensor<2x3xf32>"}, "tensor<3x2xf32>",
                         "{perm = array<i64: 1, 0>}"),
               {f32({2, 3}, {1, 2, 3, 4, 5, 6})},
               f32({3, 2}, {1, 4, 2, 5, 3, 6}));
  // Output [a, b, c] reads input [b, c, a].
  expectResult(nodeModel("transpose", {"tensor<2x2x2xi32>"},
                         "tensor<2x2x2xi32>", "{perm = array<i64: 2, 0, 1>}"),
               {i32({2, 2, 2}, {0, 1, 2, 3, 4, 5, 6, 7})},
               i32({2, 2, 2}, {0, 2, 4, 6, 1, 3, 5, 7}));
}

TEST_F(ReferenceDataMovement, ConcatAlongAnAxis) {
  HostTensor lhs = f32({2, 1}, {1, 2}), rhs = f32({2, 2}, {3, 4, 5, 6});
  HostTensor joined = f32({2, 3}, {1, 3, 4, 2, 5, 6});
  expectResult(nodeModel("concat", {"tensor<2x1xf32>", "tensor<2x2xf32>"},
                         "tensor<2x3xf32>", "{axis = 1 : i64}"),
               {lhs, rhs}, joined);
  expectResult(nodeModel("concat", {"tensor<2x1xf32>", "tensor<2x2xf32>"},
                         "tensor<2x3xf32>", "{axis = -1 : i64}"),
               {lhs, rhs}, joined);
  expectResult(
      nodeModel("concat",
                {"tensor<1x2xi64>", "tensor<2x2xi64>", "tensor<1x2xi64>"},
                "tensor<4x2xi64>", "{axis = 0 : i64}"),
      {i64({1, 2}, {1, 2}), i64({2, 2}, {3, 4, 5, 6}), i64({1, 2}, {7, 8})},
      i64({4, 2}, {1, 2, 3, 4, 5, 6, 7, 8}));
}

std::string slice(StringRef input, StringRef output, StringRef starts,
                  StringRef ends, StringRef axes, StringRef steps) {
  return nodeModel("slice", {input}, output,
                   "{starts = array<i64: " + starts.str() +
                       ">, ends = array<i64: " + ends.str() +
                       ">, axes = array<i64: " + axes.str() +
                       ">, steps = array<i64: " + steps.str() + ">}");
}

TEST_F(ReferenceDataMovement, SliceWithPositiveSteps) {
  HostTensor x = f32({5}, {0, 1, 2, 3, 4});
  expectResult(slice("tensor<5xf32>", "tensor<3xf32>", "1", "4", "0", "1"), {x},
               f32({3}, {1, 2, 3}));
  expectResult(slice("tensor<5xf32>", "tensor<3xf32>", "0", "5", "0", "2"), {x},
               f32({3}, {0, 2, 4}));
  // Out-of-range starts and ends clamp to the axis.
  expectResult(slice("tensor<5xf32>", "tensor<5xf32>", "-10", "100", "0", "1"),
               {x}, x);
}

TEST_F(ReferenceDataMovement, SliceWithNegativeSteps) {
  HostTensor x = f32({5}, {0, 1, 2, 3, 4});
  expectResult(slice("tensor<5xf32>", "tensor<5xf32>", "-1", "-6", "0", "-1"),
               {x}, f32({5}, {4, 3, 2, 1, 0}));
  expectResult(slice("tensor<5xf32>", "tensor<3xf32>", "4", "-100", "0", "-2"),
               {x}, f32({3}, {4, 2, 0}));
}

TEST_F(ReferenceDataMovement, SliceSeveralAxesKeepsTheOthersWhole) {
  HostTensor x = f32({3, 4}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
  // Rows 2 and 1 (backwards), columns 1 and 2.
  expectResult(slice("tensor<3x4xf32>", "tensor<2x2xf32>", "1, 2", "3, 0",
                     "1, 0", "1, -1"),
               {x}, f32({2, 2}, {9, 10, 5, 6}));
  expectResult(slice("tensor<3x4xf32>", "tensor<3x1xf32>", "-1", "4", "1", "1"),
               {x}, f32({3, 1}, {3, 7, 11}));
}

std::string pad(StringRef input, StringRef output, StringRef pads,
                StringRef mode, StringRef value = "") {
  std::string attributes = "{pads = array<i64: " + pads.str() +
                           ">, mode = #sic<pad_mode " + mode.str() + ">";
  if (!value.empty())
    attributes += ", value = " + value.str();
  return nodeModel("pad", {input}, output, attributes + "}");
}

TEST_F(ReferenceDataMovement, PadWithAConstant) {
  expectResult(
      pad("tensor<2xf32>", "tensor<5xf32>", "1, 2", "constant", "9.0 : f32"),
      {f32({2}, {1, 2})}, f32({5}, {9, 1, 2, 9, 9}));
  // Dim 1 gains a column in front, dim 0 a row at the end.
  expectResult(
      pad("tensor<2x2xf32>", "tensor<3x3xf32>", "0, 1, 1, 0", "constant"),
      {f32({2, 2}, {1, 2, 3, 4})}, f32({3, 3}, {0, 1, 2, 0, 3, 4, 0, 0, 0}));
}

TEST_F(ReferenceDataMovement, PadReflectsAndRepeatsTheEdge) {
  expectResult(pad("tensor<4xf32>", "tensor<7xf32>", "2, 1", "reflect"),
               {f32({4}, {1, 2, 3, 4})}, f32({7}, {3, 2, 1, 2, 3, 4, 3}));
  expectResult(pad("tensor<3xf32>", "tensor<8xf32>", "2, 3", "edge"),
               {f32({3}, {1, 2, 3})}, f32({8}, {1, 1, 1, 2, 3, 3, 3, 3}));
}

TEST_F(ReferenceDataMovement, NegativePadsCropFirst) {
  HostTensor x = f32({4}, {1, 2, 3, 4});
  expectResult(pad("tensor<4xf32>", "tensor<4xf32>", "-1, 1", "constant"), {x},
               f32({4}, {2, 3, 4, 0}));
  expectResult(pad("tensor<4xf32>", "tensor<5xf32>", "-1, 2", "reflect"), {x},
               f32({5}, {2, 3, 4, 3, 2}));
  expectResult(pad("tensor<4xf32>", "tensor<3xf32>", "1, -2", "edge"), {x},
               f32({3}, {1, 1, 2}));
}

TEST_F(ReferenceDataMovement, PadValueConvertsLikeCast) {
  expectResult(
      pad("tensor<1xi32>", "tensor<2xi32>", "1, 0", "constant", "2.7 : f32"),
      {i32({1}, {5})}, i32({2}, {2, 5}));
  expectResult(pad("tensor<1xi32>", "tensor<2xi32>", "0, 1", "constant",
                   "-1.0e+10 : f32"),
               {i32({1}, {5})}, i32({2}, {5, kMinI32}));
}

std::string cast(StringRef input, StringRef output, StringRef to) {
  return nodeModel("cast", {input}, output, "{to = " + to.str() + "}");
}

TEST_F(ReferenceDataMovement, CastFloatToIntegerTruncatesAndSaturates) {
  // 2147483520 is the largest f32 below 2^31.
  expectResult(cast("tensor<7xf32>", "tensor<7xi32>", "i32"),
               {f32({7}, {-1.7f, 2.9f, 1e10f, -1e10f, kNaN, 2147483520.0f,
                          -2147483648.0f})},
               i32({7}, {-1, 2, kMaxI32, kMinI32, 0, 2147483520, kMinI32}));
  expectResult(cast("tensor<3xf32>", "tensor<3xi64>", "i64"),
               {f32({3}, {3.99f, 1e19f, -9.3e18f})},
               i64({3}, {3, kMaxI64, kMinI64}));
}

TEST_F(ReferenceDataMovement, CastBetweenIntegersWraps) {
  expectResult(cast("tensor<3xi64>", "tensor<3xi32>", "i32"),
               {i64({3}, {(int64_t(1) << 40) + 7, -(int64_t(1) << 40), -5})},
               i32({3}, {7, 0, -5}));
  expectResult(cast("tensor<1xi32>", "tensor<1xi64>", "i64"), {i32({1}, {-3})},
               i64({1}, {-3}));
}

TEST_F(ReferenceDataMovement, CastToFloatRoundsToNearest) {
  expectResult(cast("tensor<2xi32>", "tensor<2xf32>", "f32"),
               {i32({2}, {16777217, -2})}, f32({2}, {16777216, -2}));
  expectResult(cast("tensor<1xi64>", "tensor<1xf32>", "f32"),
               {i64({1}, {kMaxI64})}, f32({1}, {9223372036854775808.0f}));
  expectResult(cast("tensor<1xf32>", "tensor<1xf32>", "f32"), {f32({1}, {1.5})},
               f32({1}, {1.5}));
}

TEST_F(ReferenceDataMovement, GathersAtIndicesReadFromData) {
  // Negative indices count from the end.
  expectResult(nodeModel("gather", {"tensor<3x2xf32>", "tensor<2xi64>"},
                         "tensor<2x2xf32>"),
               {f32({3, 2}, {1, 2, 3, 4, 5, 6}), i64({2}, {-1, 0})},
               f32({2, 2}, {5, 6, 1, 2}));
  expectResult(nodeModel("gather_elements",
                         {"tensor<2x3xf32>", "tensor<2x1xi32>"},
                         "tensor<2x1xf32>", "{axis = 1 : i64}"),
               {f32({2, 3}, {1, 2, 3, 4, 5, 6}), i32({2, 1}, {2, -3})},
               f32({2, 1}, {3, 4}));
}

TEST_F(ReferenceDataMovement, RefusesIndicesOutOfRange) {
  expectError(nodeModel("gather", {"tensor<3x2xf32>", "tensor<2xi64>"},
                        "tensor<2x2xf32>"),
              {f32({3, 2}, {1, 2, 3, 4, 5, 6}), i64({2}, {0, 3})},
              "'sic.gather' op reads index 3, out of range for dimension 0 "
              "of size 3");
  expectError(nodeModel("gather_elements",
                        {"tensor<2x3xf32>", "tensor<2x1xi32>"},
                        "tensor<2x1xf32>", "{axis = 1 : i64}"),
              {f32({2, 3}, {1, 2, 3, 4, 5, 6}), i32({2, 1}, {0, -4})},
              "'sic.gather_elements' op reads index -4, out of range for "
              "dimension 1 of size 3");
  expectError(
      nodeModel("scatter_nd",
                {"tensor<2x3xf32>", "tensor<1x2xi64>", "tensor<1xf32>"},
                "tensor<2x3xf32>"),
      {f32({2, 3}, {1, 2, 3, 4, 5, 6}), i64({1, 2}, {1, 3}), f32({1}, {9})},
      "'sic.scatter_nd' op reads index 3, out of range for "
      "dimension 1 of size 3");
}

TEST_F(ReferenceDataMovement, GathersAtIndexTuples) {
  // One batch dimension: each tuple indexes its own batch's rows.
  expectResult(nodeModel("gather_nd",
                         {"tensor<2x3x2xf32>", "tensor<2x1x1xi64>"},
                         "tensor<2x1x2xf32>", "{batch_dims = 1 : i64}"),
               {f32({2, 3, 2}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}),
                i64({2, 1, 1}, {2, -3})},
               f32({2, 1, 2}, {4, 5, 6, 7}));
}

TEST_F(ReferenceDataMovement, ScattersAtIndicesReadFromData) {
  // Duplicates apply in order: the later wins. Integer products wrap.
  expectResult(
      nodeModel("scatter_elements",
                {"tensor<2x3xf32>", "tensor<1x3xi64>", "tensor<1x3xf32>"},
                "tensor<2x3xf32>", "{axis = 1 : i64}"),
      {f32({2, 3}, {1, 2, 3, 4, 5, 6}), i64({1, 3}, {0, -1, 0}),
       f32({1, 3}, {7, 8, 9})},
      f32({2, 3}, {9, 2, 8, 4, 5, 6}));
  expectResult(
      nodeModel("scatter_elements",
                {"tensor<2x3xi32>", "tensor<1x2xi32>", "tensor<1x2xi32>"},
                "tensor<2x3xi32>", "{reduction = #sic<scatter_reduction mul>}"),
      {i32({2, 3}, {1, 2, 3, 4, 5, 6}), i32({1, 2}, {1, 1}),
       i32({1, 2}, {kMaxI32, 3})},
      i32({2, 3}, {1, 2, 3, -4, 15, 6}));
  // Each tuple writes a row slice; min propagates NaN.
  expectResult(
      nodeModel("scatter_nd",
                {"tensor<3x2xf32>", "tensor<2x1xi32>", "tensor<2x2xf32>"},
                "tensor<3x2xf32>", "{reduction = #sic<scatter_reduction min>}"),
      {f32({3, 2}, {1, 2, 3, 4, 5, 6}), i32({2, 1}, {-1, 0}),
       f32({2, 2}, {0, kNaN, 9, -9})},
      f32({3, 2}, {1, -9, 3, 4, 0, kNaN}));
}

} // namespace
