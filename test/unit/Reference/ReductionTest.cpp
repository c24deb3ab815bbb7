//===- ReductionTest.cpp - Reference values of reduce nodes ---------------===//

#include "ReferenceTestSupport.h"

using namespace mlir;
using namespace mlir::sic;
using namespace mlir::sic::unittest;

namespace {

class ReferenceReduction : public ReferenceTest {
protected:
  /// [[1, 2, 3], [4, 5, 6]]
  HostTensor x() { return f32({2, 3}, {1, 2, 3, 4, 5, 6}); }
};

std::string reduce(StringRef op, StringRef output, StringRef attributes,
                   StringRef input = "tensor<2x3xf32>") {
  return nodeModel(op, {input}, output, attributes);
}

TEST_F(ReferenceReduction, ReduceSumKeepsOrDropsDims) {
  expectResult(
      reduce("reduce_sum", "tensor<2x1xf32>", "{axes = array<i64: 1>}"), {x()},
      f32({2, 1}, {6, 15}));
  expectResult(reduce("reduce_sum", "tensor<2xf32>",
                      "{axes = array<i64: 1>, keepdims = false}"),
               {x()}, f32({2}, {6, 15}));
  expectResult(
      reduce("reduce_sum", "tensor<1x3xf32>", "{axes = array<i64: -2>}"), {x()},
      f32({1, 3}, {5, 7, 9}));
}

TEST_F(ReferenceReduction, EmptyAxesReduceEverything) {
  expectResult(reduce("reduce_sum", "tensor<1x1xf32>", "{axes = array<i64>}"),
               {x()}, f32({1, 1}, {21}));
  expectResult(reduce("reduce_sum", "tensor<f32>",
                      "{axes = array<i64>, keepdims = false}"),
               {x()}, f32({}, {21}));
  expectResult(reduce("reduce_mean", "tensor<f32>",
                      "{axes = array<i64>, keepdims = false}"),
               {x()}, f32({}, {3.5}));
}

TEST_F(ReferenceReduction, ReducesSeveralAxes) {
  expectResult(reduce("reduce_sum", "tensor<2xf32>",
                      "{axes = array<i64: 0, 2>, keepdims = false}",
                      "tensor<2x2x2xf32>"),
               {f32({2, 2, 2}, {1, 2, 3, 4, 5, 6, 7, 8})}, f32({2}, {14, 22}));
}

TEST_F(ReferenceReduction, ReduceMean) {
  expectResult(
      reduce("reduce_mean", "tensor<1x3xf32>", "{axes = array<i64: 0>}"), {x()},
      f32({1, 3}, {2.5, 3.5, 4.5}));
}

TEST_F(ReferenceReduction, ReduceMaxPropagatesNaN) {
  expectResult(
      reduce("reduce_max", "tensor<2x1xf32>", "{axes = array<i64: 1>}"), {x()},
      f32({2, 1}, {3, 6}));
  expectResult(reduce("reduce_max", "tensor<1xf32>", "{axes = array<i64: 0>}",
                      "tensor<3xf32>"),
               {f32({3}, {1, kNaN, 3})}, f32({1}, {kNaN}));
}

TEST_F(ReferenceReduction, IntegerReductions) {
  expectResult(reduce("reduce_sum", "tensor<1xi32>", "{axes = array<i64: 0>}",
                      "tensor<3xi32>"),
               {i32({3}, {kMaxI32, 1, 2})}, i32({1}, {kMinI32 + 2}));
  expectResult(reduce("reduce_max", "tensor<1xi64>", "{axes = array<i64: 0>}",
                      "tensor<3xi64>"),
               {i64({3}, {-5, -7, -2})}, i64({1}, {-2}));
}

TEST_F(ReferenceReduction, TopK) {
  // Largest first, equal values by index, NaN after every number.
  expectResult(
      reduce("top_k", "tensor<1x4xi64>", "{k = 4 : i64}", "tensor<1x5xf32>"),
      {f32({1, 5}, {2, kNaN, 7, 2, -1})}, i64({1, 4}, {2, 0, 3, 4}));
  expectResult(reduce("top_k", "tensor<1x5xi64>",
                      "{k = 5 : i64, largest = false}", "tensor<1x5xf32>"),
               {f32({1, 5}, {2, kNaN, 7, 2, -1})},
               i64({1, 5}, {4, 0, 3, 2, 1}));
  expectResult(reduce("top_k", "tensor<1x1xi64>",
                      "{k = 1 : i64, axis = 0 : i64}", "tensor<3x1xi32>"),
               {i32({3, 1}, {5, 9, 9})}, i64({1, 1}, {1}));
}

TEST_F(ReferenceReduction, ReduceProd) {
  expectResult(
      reduce("reduce_prod", "tensor<2x1xf32>", "{axes = array<i64: 1>}"), {x()},
      f32({2, 1}, {6, 120}));
  // A product over no element is 1.
  expectResult(reduce("reduce_prod", "tensor<2xf32>",
                      "{axes = array<i64: 1>, keepdims = false}",
                      "tensor<2x0xf32>"),
               {f32({2, 0}, {})}, f32({2}, {1, 1}));
  // Integer products wrap: 2^31 is the minimum of i32.
  expectResult(reduce("reduce_prod", "tensor<1xi32>", "{axes = array<i64: 0>}",
                      "tensor<2xi32>"),
               {i32({2}, {1 << 16, 1 << 15})}, i32({1}, {kMinI32}));
}

} // namespace
