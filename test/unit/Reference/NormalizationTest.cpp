//===- NormalizationTest.cpp - Reference values of normalization nodes ----===//

#include "ReferenceTestSupport.h"

#include <cmath>

using namespace mlir;
using namespace mlir::sic;
using namespace mlir::sic::unittest;

namespace {

using ReferenceNormalization = ReferenceTest;

TEST_F(ReferenceNormalization, BatchNormPerChannel) {
  // Channel 0: (x - 1) / 2; channel 1: 2 * (x - 3) / 0.5 + 1.
  expectResult(nodeModel("batch_norm",
                         {"tensor<1x2x1x2xf32>", "tensor<2xf32>",
                          "tensor<2xf32>", "tensor<2xf32>", "tensor<2xf32>"},
                         "tensor<1x2x1x2xf32>", "{epsilon = 0.0 : f32}"),
               {f32({1, 2, 1, 2}, {1, 2, 3, 4}), f32({2}, {1, 2}),
                f32({2}, {0, 1}), f32({2}, {1, 3}), f32({2}, {4, 0.25})},
               f32({1, 2, 1, 2}, {0, 0.5, 1, 5}));
}

TEST_F(ReferenceNormalization, BatchNormAddsEpsilonToTheVariance) {
  std::string vector = "tensor<1xf32>";
  expectResult(nodeModel("batch_norm",
                         {"tensor<2x1xf32>", vector, vector, vector, vector},
                         "tensor<2x1xf32>"),
               {f32({2, 1}, {2, -1}), f32({1}, {1}), f32({1}, {0}),
                f32({1}, {0}), f32({1}, {1})},
               f32({2, 1}, {static_cast<float>(2 / std::sqrt(1.00001)),
                            static_cast<float>(-1 / std::sqrt(1.00001))}),
               1e-7);
}

TEST_F(ReferenceNormalization, SoftmaxAlongTheLastAxis) {
  // The second row would overflow exp without subtracting its maximum.
  expectResult(nodeModel("softmax", {"tensor<2x3xf32>"}, "tensor<2x3xf32>"),
               {f32({2, 3}, {1, 2, 3, 1000, 1000, 1000})},
               f32({2, 3}, {0.09003057317038046f, 0.24472847105479764f,
                            0.6652409557748219f, 1.0f / 3, 1.0f / 3, 1.0f / 3}),
               1e-7);
}

TEST_F(ReferenceNormalization, SoftmaxAlongALeadingAxis) {
  float ln3 = static_cast<float>(std::log(3.0));
  expectResult(nodeModel("softmax", {"tensor<2x2xf32>"}, "tensor<2x2xf32>",
                         "{axis = 0 : i64}"),
               {f32({2, 2}, {0, 1, ln3, 1})},
               f32({2, 2}, {0.25, 0.5, 0.75, 0.5}), 1e-7);
  expectResult(nodeModel("softmax", {"tensor<1x2x2xf32>"}, "tensor<1x2x2xf32>",
                         "{axis = 1 : i64}"),
               {f32({1, 2, 2}, {0, 1, ln3, 1})},
               f32({1, 2, 2}, {0.25, 0.5, 0.75, 0.5}), 1e-7);
}

TEST_F(ReferenceNormalization, LayerNormOverTheLastAxis) {
  // Both rows normalize to [-1, 1]; scale [1, 2], bias [0.5, 0].
  std::string attributes = "{epsilon = 0.0 : f32}";
  HostTensor x = f32({2, 2}, {1, 3, 2, 6}), scale = f32({2}, {1, 2});
  expectResult(nodeModel("layer_norm",
                         {"tensor<2x2xf32>", "tensor<2xf32>", "tensor<2xf32>"},
                         "tensor<2x2xf32>", attributes),
               {x, scale, f32({2}, {0.5, 0})}, f32({2, 2}, {-0.5, 2, -0.5, 2}));
  expectResult(nodeModel("layer_norm", {"tensor<2x2xf32>", "tensor<2xf32>"},
                         "tensor<2x2xf32>", attributes),
               {x, scale}, f32({2, 2}, {-1, 2, -1, 2}));
}

TEST_F(ReferenceNormalization,
       LayerNormOverTrailingDimsBroadcastsScaleAndBias) {
  // [1, 2, 3, 4] has mean 2.5 and variance 1.25; scale [1, -1] repeats along
  // the last dim, bias [[0], [10]] along the first.
  float a = static_cast<float>(1.5 / std::sqrt(1.25));
  float b = static_cast<float>(0.5 / std::sqrt(1.25));
  expectResult(
      nodeModel("layer_norm",
                {"tensor<1x2x2xf32>", "tensor<2xf32>", "tensor<2x1xf32>"},
                "tensor<1x2x2xf32>", "{axis = 1 : i64, epsilon = 0.0 : f32}"),
      {f32({1, 2, 2}, {1, 2, 3, 4}), f32({2}, {1, -1}), f32({2, 1}, {0, 10})},
      f32({1, 2, 2}, {-a, b, 10 + b, 10 - a}), 1e-6);
}

} // namespace
