//===- RecurrenceTest.cpp - Reference values of recurrence nodes ----------===//

#include "ReferenceTestSupport.h"

#include <cmath>

using namespace mlir;
using namespace mlir::sic;
using namespace mlir::sic::unittest;

namespace {

using ReferenceRecurrence = ReferenceTest;

std::string attributes(StringRef cell, StringRef activations,
                       StringRef parameters, StringRef extra = "") {
  return ("{cell = #sic<recurrent_cell " + cell + ">, activations = [" +
          activations + "], activation_alpha = array<f32: " + parameters +
          ">, activation_beta = array<f32: " + parameters + ">" + extra + "}")
      .str();
}

TEST_F(ReferenceRecurrence, RnnFeedsEachStateToTheNext) {
  // h1 = tanh(0.5 + 0.5 * 0 + 0.1), h2 = tanh(-0.25 + 0.5 * h1 + 0.1).
  double h1 = std::tanh(0.6), h2 = std::tanh(-0.15 + 0.5 * h1);
  expectResult(
      nodeModel("recurrence",
                {"tensor<1x2x1x1xf32>", "tensor<1x1x1xf32>", "tensor<1x1xf32>",
                 "tensor<1x1x1xf32>"},
                "tensor<2x1x1x1xf32>",
                attributes("rnn", "#sic<activation tanh>", "0.0")),
      {f32({1, 2, 1, 1}, {0.5, -0.25}), f32({1, 1, 1}, {0.5}),
       f32({1, 1}, {0.1}), f32({1, 1, 1}, {0})},
      f32({2, 1, 1, 1}, {static_cast<float>(h1), static_cast<float>(h2)}),
      1e-6);
}

TEST_F(ReferenceRecurrence, ReverseTakesTheLastStepFirst) {
  // Step 1 runs first from h0 = 1 with relu: h = relu(2 + 1) = 3; then step
  // 0: relu(-1 + 3) = 2. Y keeps time order.
  expectResult(
      nodeModel("recurrence",
                {"tensor<1x2x1x1xf32>", "tensor<1x1x1xf32>", "tensor<1x1xf32>",
                 "tensor<1x1x1xf32>"},
                "tensor<2x1x1x1xf32>",
                attributes("rnn", "#sic<activation relu>", "0.0",
                           ", direction = #sic<recurrence_direction reverse>")),
      {f32({1, 2, 1, 1}, {-1, 2}), f32({1, 1, 1}, {1}), f32({1, 1}, {0}),
       f32({1, 1, 1}, {1})},
      f32({2, 1, 1, 1}, {2, 3}));
}

TEST_F(ReferenceRecurrence, LstmCellAndHiddenStates) {
  // One unit, affine activations (alpha 1, beta 0) everywhere, R = 0 so
  // that every gate is its input: i = 1, o = 0.5, f = 0.25, c~ = 2.
  // c = f * c0 + i * c~ = 0.25 * 4 + 2 = 3, h = o * c = 1.5.
  expectResult(
      nodeModel("recurrence",
                {"tensor<1x1x1x4xf32>", "tensor<1x1x4xf32>", "tensor<1x4xf32>",
                 "tensor<1x1x1xf32>", "tensor<1x1x1xf32>"},
                "tensor<2x1x1x1x1xf32>",
                "{cell = #sic<recurrent_cell lstm>, activations = "
                "[#sic<activation affine>, #sic<activation affine>, "
                "#sic<activation affine>], activation_alpha = array<f32: 1.0, "
                "1.0, 1.0>, activation_beta = array<f32: 0.0, 0.0, 0.0>, "
                "cell_states = true}"),
      {f32({1, 1, 1, 4}, {1, 0.5, 0.25, 2}), f32({1, 1, 4}, {0, 0, 0, 0}),
       f32({1, 4}, {0, 0, 0, 0}), f32({1, 1, 1}, {7}), f32({1, 1, 1}, {4})},
      f32({2, 1, 1, 1, 1}, {1.5, 3}));
}

TEST_F(ReferenceRecurrence, GruResetsBeforeOrAfterTheProduct) {
  // One unit, x = 0, h0 = 2, R = 1 for every gate, R_b = 1 for the
  // candidate only; affine gates: z = r = 0.25 * h0 = 0.5. Without
  // linear_before_reset the candidate is 0.5 * ((r * h0) * 1 + 1) = 1, with
  // it 0.5 * r * (h0 * 1 + 1) = 0.75; h = (1 - z) * c~ + z * h0.
  for (StringRef extra : {"", ", linear_before_reset = true"})
    expectResult(
        nodeModel("recurrence",
                  {"tensor<1x1x1x3xf32>", "tensor<1x1x3xf32>",
                   "tensor<1x3xf32>", "tensor<1x1x1xf32>"},
                  "tensor<1x1x1x1xf32>",
                  ("{cell = #sic<recurrent_cell gru>, activations = "
                   "[#sic<activation affine>, #sic<activation affine>], "
                   "activation_alpha = array<f32: 0.25, 0.5>, activation_beta "
                   "= array<f32: 0.0, 0.0>" +
                   extra + "}")
                      .str()),
        {f32({1, 1, 1, 3}, {0, 0, 0}), f32({1, 1, 3}, {1, 1, 1}),
         f32({1, 3}, {0, 0, 1}), f32({1, 1, 1}, {2})},
        f32({1, 1, 1, 1}, {extra.empty() ? 1.5f : 1.375f}));
}

} // namespace
