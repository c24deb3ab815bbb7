//===- ElementwiseTest.cpp - Reference values of elementwise nodes --------===//

#include "ReferenceTestSupport.h"

#include <cmath>

using namespace mlir;
using namespace mlir::sic;
using namespace mlir::sic::unittest;

namespace {

using ReferenceElementwise = ReferenceTest;

std::string binary(StringRef op, StringRef lhs, StringRef rhs,
                   StringRef output) {
  return nodeModel(op, {lhs, rhs}, output);
}

std::string unary(StringRef op, StringRef type, StringRef attributes = "") {
  return nodeModel(op, {type}, type, attributes);
}

TEST_F(ReferenceElementwise, AddBroadcastsTrailingDims) {
  expectResult(
      binary("add", "tensor<2x3xf32>", "tensor<3xf32>", "tensor<2x3xf32>"),
      {f32({2, 3}, {1, 2, 3, 4, 5, 6}), f32({3}, {10, 20, 30})},
      f32({2, 3}, {11, 22, 33, 14, 25, 36}));
}

TEST_F(ReferenceElementwise, AddBroadcastsBothOperands) {
  expectResult(
      binary("add", "tensor<2x1xf32>", "tensor<1x3xf32>", "tensor<2x3xf32>"),
      {f32({2, 1}, {1, 2}), f32({1, 3}, {10, 20, 30})},
      f32({2, 3}, {11, 21, 31, 12, 22, 32}));
}

TEST_F(ReferenceElementwise, SubBroadcastsAScalar) {
  expectResult(binary("sub", "tensor<2xf32>", "tensor<f32>", "tensor<2xf32>"),
               {f32({2}, {5, 3}), f32({}, {1})}, f32({2}, {4, 2}));
}

TEST_F(ReferenceElementwise, MulMultiplies) {
  expectResult(binary("mul", "tensor<3xf32>", "tensor<3xf32>", "tensor<3xf32>"),
               {f32({3}, {1.5, -2, 0}), f32({3}, {2, 3, kInf})},
               f32({3}, {3, -6, kNaN}));
}

TEST_F(ReferenceElementwise, IntegerArithmeticWraps) {
  std::string type = "tensor<2xi32>";
  expectResult(binary("add", type, type, type),
               {i32({2}, {kMaxI32, -5}), i32({2}, {1, 3})},
               i32({2}, {kMinI32, -2}));
  expectResult(binary("sub", type, type, type),
               {i32({2}, {kMinI32, 1}), i32({2}, {1, 3})},
               i32({2}, {kMaxI32, -2}));
  expectResult(binary("mul", type, type, type),
               {i32({2}, {65536, 3}), i32({2}, {65536, -4})},
               i32({2}, {0, -12}));
  expectResult(binary("add", "tensor<1xi64>", "tensor<1xi64>", "tensor<1xi64>"),
               {i64({1}, {kMaxI64}), i64({1}, {1})}, i64({1}, {kMinI64}));
}

TEST_F(ReferenceElementwise, FloatDivisionFollowsIEEE) {
  expectResult(binary("div", "tensor<4xf32>", "tensor<4xf32>", "tensor<4xf32>"),
               {f32({4}, {7, 1, -1, 0}), f32({4}, {2, 0, 0, 0})},
               f32({4}, {3.5, kInf, -kInf, kNaN}));
}

TEST_F(ReferenceElementwise, IntegerDivisionTruncatesAndIsTotal) {
  std::string type = "tensor<7xi32>";
  expectResult(binary("div", type, type, type),
               {i32({7}, {7, -7, 7, -7, 5, kMinI32, kMinI32}),
                i32({7}, {2, 2, -2, -2, 0, -1, 2})},
               i32({7}, {3, -3, -3, 3, 0, kMinI32, kMinI32 / 2}));
  type = "tensor<3xi64>";
  expectResult(binary("div", type, type, type),
               {i64({3}, {kMinI64, 9, -9}), i64({3}, {-1, 0, 4})},
               i64({3}, {kMinI64, 0, -2}));
}

TEST_F(ReferenceElementwise, PowFollowsStdPow) {
  expectResult(
      binary("pow", "tensor<5xf32>", "tensor<5xf32>", "tensor<5xf32>"),
      {f32({5}, {2, 4, -8, kNaN, 0}), f32({5}, {3, 0.5, 1.0f / 3, 0, -1})},
      f32({5}, {8, 2, kNaN, 1, kInf}));
}

TEST_F(ReferenceElementwise, MaxAndMinPropagateNaN) {
  std::string type = "tensor<3xf32>";
  HostTensor lhs = f32({3}, {1, kNaN, 3}), rhs = f32({3}, {2, 1, -kInf});
  expectResult(binary("max", type, type, type), {lhs, rhs},
               f32({3}, {2, kNaN, 3}));
  expectResult(binary("min", type, type, type), {lhs, rhs},
               f32({3}, {1, kNaN, -kInf}));
}

TEST_F(ReferenceElementwise, MaxAndMinOfIntegers) {
  std::string type = "tensor<2xi64>";
  HostTensor lhs = i64({2}, {-3, 5}), rhs = i64({2}, {2, 5});
  expectResult(binary("max", type, type, type), {lhs, rhs}, i64({2}, {2, 5}));
  expectResult(binary("min", type, type, type), {lhs, rhs}, i64({2}, {-3, 5}));
}

TEST_F(ReferenceElementwise, OrdersNegativeZeroBelowPositiveZero) {
  std::string type = "tensor<2xf32>";
  HostTensor zeros = f32({2}, {-0.0f, 0.0f}), flipped = f32({2}, {0.0f, -0.0f});
  std::optional<SmallVector<HostTensor>> max =
      evaluate(binary("max", type, type, type), {zeros, flipped});
  ASSERT_TRUE(max) << diagnostics;
  EXPECT_FALSE(std::signbit(max->front().getValues<float>()[0]));
  EXPECT_FALSE(std::signbit(max->front().getValues<float>()[1]));
  std::optional<SmallVector<HostTensor>> min =
      evaluate(binary("min", type, type, type), {zeros, flipped});
  ASSERT_TRUE(min) << diagnostics;
  EXPECT_TRUE(std::signbit(min->front().getValues<float>()[0]));
  EXPECT_TRUE(std::signbit(min->front().getValues<float>()[1]));
  std::optional<SmallVector<HostTensor>> relu =
      evaluate(unary("relu", "tensor<1xf32>"), {f32({1}, {-0.0f})});
  ASSERT_TRUE(relu) << diagnostics;
  EXPECT_FALSE(std::signbit(relu->front().getValues<float>()[0]));
}

TEST_F(ReferenceElementwise, Relu) {
  expectResult(unary("relu", "tensor<4xf32>"), {f32({4}, {-1, 0, 2, kNaN})},
               f32({4}, {0, 0, 2, kNaN}));
  expectResult(unary("relu", "tensor<2xi32>"), {i32({2}, {-5, 7})},
               i32({2}, {0, 7}));
}

TEST_F(ReferenceElementwise, LeakyRelu) {
  expectResult(unary("leaky_relu", "tensor<2xf32>"), {f32({2}, {-2, 3})},
               f32({2}, {-0.02f, 3}));
  expectResult(unary("leaky_relu", "tensor<2xf32>", "{alpha = 0.5 : f32}"),
               {f32({2}, {-2, 3})}, f32({2}, {-1, 3}));
}

TEST_F(ReferenceElementwise, TranscendentalFunctions) {
  std::string type = "tensor<1xf32>";
  const double tolerance = 1e-7;
  expectResult(unary("sigmoid", type), {f32({1}, {2})},
               f32({1}, {0.8807970779778823f}), tolerance);
  expectResult(unary("tanh", type), {f32({1}, {0.5})},
               f32({1}, {0.46211715726000974f}), tolerance);
  expectResult(unary("exp", type), {f32({1}, {1})},
               f32({1}, {2.718281828459045f}), tolerance);
  expectResult(unary("log", "tensor<3xf32>"), {f32({3}, {2, 0, -1})},
               f32({3}, {0.6931471805599453f, -kInf, kNaN}), tolerance);
  expectResult(unary("sqrt", "tensor<2xf32>"), {f32({2}, {2, -1})},
               f32({2}, {1.4142135623730951f, kNaN}), tolerance);
  expectResult(unary("erf", type), {f32({1}, {0.5})},
               f32({1}, {0.5204998778130465f}), tolerance);
}

TEST_F(ReferenceElementwise, SigmoidSaturates) {
  expectResult(unary("sigmoid", "tensor<3xf32>"), {f32({3}, {0, -200, 200})},
               f32({3}, {0.5, 0, 1}));
}

TEST_F(ReferenceElementwise, NegAndAbs) {
  expectResult(unary("neg", "tensor<2xf32>"), {f32({2}, {1.5, -0.5})},
               f32({2}, {-1.5, 0.5}));
  expectResult(unary("neg", "tensor<2xi32>"), {i32({2}, {5, kMinI32})},
               i32({2}, {-5, kMinI32}));
  expectResult(unary("abs", "tensor<2xf32>"), {f32({2}, {-2.5, 1})},
               f32({2}, {2.5, 1}));
  expectResult(unary("abs", "tensor<2xi64>"), {i64({2}, {-3, kMinI64})},
               i64({2}, {3, kMinI64}));
}

TEST_F(ReferenceElementwise, ClipWithEitherBound) {
  std::string type = "tensor<4xf32>";
  HostTensor x = f32({4}, {-1, 3, 7, kNaN});
  expectResult(unary("clip", type, "{min = 0.0 : f32, max = 6.0 : f32}"), {x},
               f32({4}, {0, 3, 6, kNaN}));
  expectResult(unary("clip", type, "{min = 0.0 : f32}"), {x},
               f32({4}, {0, 3, 7, kNaN}));
  expectResult(unary("clip", type, "{max = 6.0 : f32}"), {x},
               f32({4}, {-1, 3, 6, kNaN}));
  expectResult(unary("clip", type), {x}, x);
}

TEST_F(ReferenceElementwise, ClipWithCrossedBoundsGivesMax) {
  expectResult(
      unary("clip", "tensor<3xf32>", "{min = 5.0 : f32, max = 1.0 : f32}"),
      {f32({3}, {0, 3, 9})}, f32({3}, {1, 1, 1}));
}

TEST_F(ReferenceElementwise, HardSigmoid) {
  expectResult(unary("hard_sigmoid", "tensor<4xf32>"),
               {f32({4}, {-5, 0, 1, 5})}, f32({4}, {0, 0.5, 0.7f, 1}), 1e-7);
  expectResult(unary("hard_sigmoid", "tensor<1xf32>",
                     "{alpha = 1.0 : f32, beta = 0.0 : f32}"),
               {f32({1}, {0.25})}, f32({1}, {0.25}));
}

TEST_F(ReferenceElementwise, HardSwish) {
  expectResult(unary("hard_swish", "tensor<5xf32>"),
               {f32({5}, {-4, -1, 0, 1, 4})},
               f32({5}, {0, -1.0f / 3, 0, 2.0f / 3, 4}), 1e-7);
}

TEST_F(ReferenceElementwise, GeluExactAndTanh) {
  HostTensor x = f32({4}, {0, 1, -1, 2});
  expectResult(unary("gelu", "tensor<4xf32>"), {x},
               f32({4}, {0, 0.8413447460685429f, -0.15865525393145707f,
                         1.9544997361036416f}),
               1e-7);
  expectResult(unary("gelu", "tensor<4xf32>",
                     "{approximate = #sic<gelu_approximation tanh>}"),
               {x},
               f32({4}, {0, 0.8411919906082768f, -0.15880800939172324f,
                         1.954597694087775f}),
               1e-7);
}

} // namespace
