//===- EvaluatorTest.cpp - Inputs, constants, errors of the evaluator -----===//

#include "ReferenceTestSupport.h"

#include <cmath>

using namespace mlir;
using namespace mlir::sic;
using namespace mlir::sic::unittest;

namespace {

using ReferenceEvaluator = ReferenceTest;

constexpr const char *kAddOne = R"mlir(
  func.func @model(%x: tensor<2x2xf32> {sic.name = "image"}) -> tensor<2x2xf32> {
    %one = sic.constant dense<1.0> : tensor<2x2xf32>
    %y = sic.add %x, %one : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    return %y : tensor<2x2xf32>
  }
)mlir";

TEST_F(ReferenceEvaluator, EvaluatesNodesInOrder) {
  expectResult(R"mlir(
    func.func @model(%x: tensor<3xf32>) -> tensor<3xf32> {
      %c = sic.constant dense<[1.0, -2.0, 0.5]> : tensor<3xf32>
      %s = sic.add %x, %c : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
      %r = sic.relu %s : (tensor<3xf32>) -> tensor<3xf32>
      %y = sic.mul %r, %s : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
      return %y : tensor<3xf32>
    }
  )mlir",
               {f32({3}, {1, 1, 1})}, f32({3}, {4, 0, 2.25}));
}

TEST_F(ReferenceEvaluator, ReturnsSeveralResultsInputsAndConstants) {
  std::optional<SmallVector<HostTensor>> results =
      evaluate(R"mlir(
    func.func @model(%x: tensor<2xi64>, %unused: tensor<1xf32>)
        -> (tensor<2xi64>, tensor<2xi32>, tensor<2xi64>) {
      %c = sic.constant dense<[7, -8]> : tensor<2xi32>
      %n = sic.neg %x : (tensor<2xi64>) -> tensor<2xi64>
      return %n, %c, %x : tensor<2xi64>, tensor<2xi32>, tensor<2xi64>
    }
  )mlir",
               {i64({2}, {3, -4}), f32({1}, {0})});
  ASSERT_TRUE(results) << diagnostics;
  ASSERT_EQ(results->size(), 3u);
  EXPECT_EQ((*results)[0].getValues<int64_t>(), ArrayRef<int64_t>({-3, 4}));
  EXPECT_EQ((*results)[1].getValues<int32_t>(), ArrayRef<int32_t>({7, -8}));
  EXPECT_EQ((*results)[2].getValues<int64_t>(), ArrayRef<int64_t>({3, -4}));
}

TEST_F(ReferenceEvaluator, ReadsSplatConstants) {
  expectResult(kAddOne, {f32({2, 2}, {0, 1, 2, 3})}, f32({2, 2}, {1, 2, 3, 4}));
}

TEST_F(ReferenceEvaluator, ReadsDenseResourceConstants) {
  // 1.0 and 2.0 as little-endian f32 after the blob's 4-byte alignment;
  // i64 -1 and 2.
  std::optional<SmallVector<HostTensor>> results = evaluate(R"mlir(
    func.func @model() -> (tensor<2xf32>, tensor<2xi64>) {
      %w = sic.constant dense_resource<weights> : tensor<2xf32>
      %i = sic.constant dense_resource<indices> : tensor<2xi64>
      return %w, %i : tensor<2xf32>, tensor<2xi64>
    }
    {-#
      dialect_resources: {
        builtin: {
          weights: "0x040000000000803F00000040",
          indices: "0x08000000FFFFFFFFFFFFFFFF0200000000000000"
        }
      }
    #-}
  )mlir",
                                                            {});
  ASSERT_TRUE(results) << diagnostics;
  EXPECT_EQ((*results)[0].getValues<float>(), ArrayRef<float>({1, 2}));
  EXPECT_EQ((*results)[1].getValues<int64_t>(), ArrayRef<int64_t>({-1, 2}));
}

TEST_F(ReferenceEvaluator, RefusesResourcesOfTheWrongSize) {
  expectError(R"mlir(
    func.func @model() -> tensor<2xf32> {
      %w = sic.constant dense_resource<weights> : tensor<2xf32>
      return %w : tensor<2xf32>
    }
    {-#
      dialect_resources: { builtin: { weights: "0x040000000000803F" } }
    #-}
  )mlir",
              {}, "expects 8 bytes in resource 'weights', got 4");
}

TEST_F(ReferenceEvaluator, RefusesResourcesWithoutData) {
  expectError(R"mlir(
    func.func @model() -> tensor<2xf32> {
      %w = sic.constant dense_resource<absent> : tensor<2xf32>
      return %w : tensor<2xf32>
    }
  )mlir",
              {}, "has no data for resource 'absent'");
}

TEST_F(ReferenceEvaluator, RefusesTheWrongNumberOfInputs) {
  expectError(kAddOne, {}, "expects 1 input, got 0");
}

TEST_F(ReferenceEvaluator, RefusesAnInputOfTheWrongElementType) {
  expectError(kAddOne, {i32({2, 2}, {0, 1, 2, 3})},
              "input 'image' (#0) expects element type 'f32', got 'i32'");
}

TEST_F(ReferenceEvaluator, RefusesAnInputOfTheWrongShape) {
  expectError(kAddOne, {f32({4}, {0, 1, 2, 3})},
              "input 'image' (#0) expects shape [2, 2], got [4]");
}

TEST_F(ReferenceEvaluator, NamesUnnamedInputsByPosition) {
  expectError(R"mlir(
    func.func @model(%x: tensor<1xf32>, %y: tensor<1xf32>) -> tensor<1xf32> {
      return %y : tensor<1xf32>
    }
  )mlir",
              {f32({1}, {0}), f32({2}, {0, 0})},
              "input #1 expects shape [1], got [2]");
}

TEST_F(ReferenceEvaluator, RefusesUnsupportedOps) {
  context.allowUnregisteredDialects();
  expectError(R"mlir(
    func.func @model() -> tensor<2xf32> {
      %0 = "other.op"() : () -> tensor<2xf32>
      return %0 : tensor<2xf32>
    }
  )mlir",
              {}, "'other.op' op is not supported by the reference evaluator");
}

TEST_F(ReferenceEvaluator, VerifiesTheFunction) {
  expectError(R"mlir(
    func.func @model(%x: tensor<2xf32>) -> tensor<3xf32> {
      %y = sic.relu %x : (tensor<2xf32>) -> tensor<3xf32>
      return %y : tensor<3xf32>
    }
  )mlir",
              {f32({2}, {0, 0})}, "does not match the inferred type");
}

TEST_F(ReferenceEvaluator, RefusesFunctionsWithoutBody) {
  expectError("func.func private @model(%x: tensor<2xf32>) -> tensor<2xf32>",
              {f32({2}, {0, 0})}, "has no body to evaluate");
}

TEST_F(ReferenceEvaluator, RefusesTensorsOverTheLimit) {
  ReferenceOptions options;
  options.maxTensorBytes = 12;
  expectError(R"mlir(
    func.func @model(%x: tensor<2xf32>, %y: tensor<2x1xf32>) -> tensor<2x2xf32> {
      %z = sic.add %x, %y : (tensor<2xf32>, tensor<2x1xf32>) -> tensor<2x2xf32>
      return %z : tensor<2x2xf32>
    }
  )mlir",
              {f32({2}, {0, 0}), f32({2, 1}, {0, 0})},
              "'sic.add' op needs a tensor of type 'tensor<2x2xf32>', larger "
              "than the reference evaluator's limit of 12 bytes",
              options);
}

TEST_F(ReferenceEvaluator, RefusesEmptyTensorsWhoseDimsOverflow) {
  // No elements, but the product of its other dims overflows 64 bits.
  expectError(R"mlir(
    func.func @model() -> tensor<0x4611686018427387904x4xf32> {
      %c = sic.constant dense<0.0> : tensor<0x4611686018427387904x4xf32>
      return %c : tensor<0x4611686018427387904x4xf32>
    }
  )mlir",
              {}, "larger than the reference evaluator's limit");
}

TEST_F(ReferenceEvaluator, ComputesOutputsOfEmptyInputs) {
  std::optional<SmallVector<HostTensor>> results = evaluate(R"mlir(
    func.func @model(%x: tensor<0x2xf32>)
        -> (tensor<1x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<0x2xf32>) {
      %s = sic.reduce_sum %x {axes = array<i64: 0>} : (tensor<0x2xf32>) -> tensor<1x2xf32>
      %m = sic.reduce_max %x {axes = array<i64: 0>, keepdims = false} : (tensor<0x2xf32>) -> tensor<2xf32>
      %a = sic.reduce_mean %x {axes = array<i64: 0>, keepdims = false} : (tensor<0x2xf32>) -> tensor<2xf32>
      %r = sic.relu %x : (tensor<0x2xf32>) -> tensor<0x2xf32>
      return %s, %m, %a, %r : tensor<1x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<0x2xf32>
    }
  )mlir",
                                                            {f32({0, 2}, {})});
  ASSERT_TRUE(results) << diagnostics;
  EXPECT_EQ((*results)[0].getValues<float>(), ArrayRef<float>({0, 0}));
  EXPECT_EQ((*results)[1].getValues<float>(), ArrayRef<float>({-kInf, -kInf}));
  EXPECT_TRUE(std::isnan((*results)[2].getValues<float>()[0]));
  EXPECT_EQ((*results)[3].getNumElements(), 0);
}

} // namespace
