//===- PoolingTest.cpp - Reference values of pooling nodes ----------------===//

#include "ReferenceTestSupport.h"

using namespace mlir;
using namespace mlir::sic;
using namespace mlir::sic::unittest;

namespace {

using ReferencePooling = ReferenceTest;

/// A 2-D pool's window attributes, each list written out.
std::string window(StringRef kernel, StringRef strides, StringRef pads,
                   StringRef dilations, StringRef flags = "") {
  std::string text = "{kernel_shape = array<i64: " + kernel.str() +
                     ">, strides = array<i64: " + strides.str() +
                     ">, pads = array<i64: " + pads.str() +
                     ">, dilations = array<i64: " + dilations.str() + ">";
  if (!flags.empty())
    text += ", " + flags.str();
  return text + "}";
}

TEST_F(ReferencePooling, MaxPoolTakesEachWindowsMaximum) {
  HostTensor x = f32({1, 1, 4, 4},
                     {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
  expectResult(nodeModel("max_pool2d", {"tensor<1x1x4x4xf32>"},
                         "tensor<1x1x2x2xf32>",
                         window("2, 2", "2, 2", "0, 0, 0, 0", "1, 1")),
               {x}, f32({1, 1, 2, 2}, {6, 8, 14, 16}));
}

TEST_F(ReferencePooling, MaxPoolPaddingNeverWins) {
  expectResult(nodeModel("max_pool2d", {"tensor<1x1x2x2xf32>"},
                         "tensor<1x1x3x3xf32>",
                         window("2, 2", "1, 1", "1, 1, 1, 1", "1, 1")),
               {f32({1, 1, 2, 2}, {-1, -2, -3, -4})},
               f32({1, 1, 3, 3}, {-1, -1, -2, -1, -1, -2, -3, -3, -4}));
}

TEST_F(ReferencePooling, CeilModeAddsPartialWindows) {
  HostTensor x = f32({1, 1, 3, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9});
  expectResult(nodeModel("max_pool2d", {"tensor<1x1x3x3xf32>"},
                         "tensor<1x1x2x2xf32>",
                         window("2, 2", "2, 2", "0, 0, 0, 0", "1, 1",
                                "ceil_mode = true")),
               {x}, f32({1, 1, 2, 2}, {5, 6, 8, 9}));
  expectResult(nodeModel("avg_pool2d", {"tensor<1x1x3x3xf32>"},
                         "tensor<1x1x2x2xf32>",
                         window("2, 2", "2, 2", "0, 0, 0, 0", "1, 1",
                                "ceil_mode = true")),
               {x}, f32({1, 1, 2, 2}, {3, 4.5, 7.5, 9}));
}

TEST_F(ReferencePooling, DilatedWindows) {
  HostTensor x = f32({1, 1, 3, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9});
  std::string attributes = window("2, 2", "1, 1", "0, 0, 0, 0", "2, 2");
  expectResult(nodeModel("max_pool2d", {"tensor<1x1x3x3xf32>"},
                         "tensor<1x1x1x1xf32>", attributes),
               {x}, f32({1, 1, 1, 1}, {9}));
  expectResult(nodeModel("avg_pool2d", {"tensor<1x1x3x3xf32>"},
                         "tensor<1x1x1x1xf32>", attributes),
               {x}, f32({1, 1, 1, 1}, {5}));
}

TEST_F(ReferencePooling, AvgPoolCountsPaddingOnlyWhenAsked) {
  HostTensor x = f32({1, 1, 2, 2}, {1, 2, 3, 4});
  expectResult(nodeModel("avg_pool2d", {"tensor<1x1x2x2xf32>"},
                         "tensor<1x1x3x3xf32>",
                         window("2, 2", "1, 1", "1, 1, 1, 1", "1, 1")),
               {x}, f32({1, 1, 3, 3}, {1, 1.5, 2, 2, 2.5, 3, 3, 3.5, 4}));
  expectResult(
      nodeModel("avg_pool2d", {"tensor<1x1x2x2xf32>"}, "tensor<1x1x3x3xf32>",
                window("2, 2", "1, 1", "1, 1, 1, 1", "1, 1",
                       "count_include_pad = true")),
      {x}, f32({1, 1, 3, 3}, {0.25, 0.75, 0.5, 1, 2.5, 1.5, 0.75, 1.75, 1}));
}

TEST_F(ReferencePooling, CeilModeWindowsPastThePaddingCountNowhere) {
  // Windows start at 0, 2 and 4 of [1..5] padded by one on the right; the
  // last covers the 5, the pad, and a position past both.
  HostTensor x = f32({1, 1, 1, 5}, {1, 2, 3, 4, 5});
  expectResult(nodeModel("avg_pool2d", {"tensor<1x1x1x5xf32>"},
                         "tensor<1x1x1x3xf32>",
                         window("1, 3", "1, 2", "0, 0, 0, 1", "1, 1",
                                "ceil_mode = true, count_include_pad = true")),
               {x}, f32({1, 1, 1, 3}, {2, 4, 2.5}));
  expectResult(nodeModel("avg_pool2d", {"tensor<1x1x1x5xf32>"},
                         "tensor<1x1x1x3xf32>",
                         window("1, 3", "1, 2", "0, 0, 0, 1", "1, 1",
                                "ceil_mode = true")),
               {x}, f32({1, 1, 1, 3}, {2, 4, 5}));
}

TEST_F(ReferencePooling, GlobalAvgPoolAveragesEverySpatialDim) {
  expectResult(nodeModel("global_avg_pool", {"tensor<1x2x2x2xf32>"},
                         "tensor<1x2x1x1xf32>"),
               {f32({1, 2, 2, 2}, {1, 2, 3, 4, 5, 6, 7, 8})},
               f32({1, 2, 1, 1}, {2.5, 6.5}));
  expectResult(
      nodeModel("global_avg_pool", {"tensor<2x1x3xf32>"}, "tensor<2x1x1xf32>"),
      {f32({2, 1, 3}, {1, 2, 3, 4, 5, 6})}, f32({2, 1, 1}, {2, 5}));
}

} // namespace
