//===- ElementwiseOps.cpp - Evaluating elementwise unary and binary nodes -===//

#include "Kernels.h"

#include "dialects/Sic/IR/SicOps.h"

#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace mlir::sic;
using namespace mlir::sic::reference;

namespace {

template <typename T> constexpr bool isFloat = std::is_floating_point_v<T>;

/// `fn(lhs, rhs)` at every index of the output, the inputs broadcast to it;
/// `R` is the C++ type of the output's elements.
template <typename T, typename R = T, typename Fn>
HostTensor mapBinaryAs(Operation *node, NodeInputs inputs, Fn fn) {
  RankedTensorType type = getOutputType(node);
  HostTensor result(type);
  SmallVector<int64_t> lhsStrides =
      getBroadcastStrides(inputs[0]->getShape(), type.getShape());
  SmallVector<int64_t> rhsStrides =
      getBroadcastStrides(inputs[1]->getShape(), type.getShape());
  ArrayRef<T> lhs = inputs[0]->getValues<T>(), rhs = inputs[1]->getValues<T>();
  MutableArrayRef<R> output = result.getValues<R>();
  int64_t position = 0;
  forEachIndex(type.getShape(), [&](ArrayRef<int64_t> index) {
    output[position++] = fn(lhs[getOffset(index, lhsStrides)],
                            rhs[getOffset(index, rhsStrides)]);
  });
  return result;
}

/// mapBinaryAs for ops that take every number type; `fn` is generic.
template <typename Fn>
HostTensor mapBinary(Operation *node, NodeInputs inputs, Fn fn) {
  return visitNumericType(inputs[0]->getElementType(), [&](auto zero) {
    return mapBinaryAs<decltype(zero)>(node, inputs, fn);
  });
}

/// mapBinaryAs for the bitwise ops, which take i1, i32 and i64; `fn` is
/// generic.
template <typename Fn>
HostTensor mapBits(Operation *node, NodeInputs inputs, Fn fn) {
  Type element = inputs[0]->getElementType();
  if (element.isInteger(1))
    return mapBinaryAs<bool>(
        node, inputs, [&](bool lhs, bool rhs) { return bool(fn(lhs, rhs)); });
  if (element.isInteger(64))
    return mapBinaryAs<int64_t>(node, inputs, [&](int64_t lhs, int64_t rhs) {
      return int64_t(fn(lhs, rhs));
    });
  return mapBinaryAs<int32_t>(node, inputs, [&](int32_t lhs, int32_t rhs) {
    return int32_t(fn(lhs, rhs));
  });
}

/// `x` shifted by `s` bits (`left`, or logically right); 0 when `s` is
/// negative or not below the bit width.
template <typename T> T shift(T x, T s, bool left) {
  using U = std::make_unsigned_t<T>;
  if (s < 0 || s >= T(sizeof(T) * 8))
    return 0;
  return static_cast<T>(left ? U(x) << s : U(x) >> s);
}

/// A shift of i32 or i64 inputs.
HostTensor mapShift(Operation *node, NodeInputs inputs, bool left) {
  return mapBits(node, inputs, [&](auto x, auto s) {
    if constexpr (std::is_same_v<decltype(x), bool>)
      return x; // the rules admit no i1 shift
    else
      return shift(x, s, left);
  });
}

/// A comparison `fn(lhs, rhs)` into bools, for inputs of any element type.
template <typename Fn>
HostTensor mapCompare(Operation *node, NodeInputs inputs, Fn fn) {
  return visitElementType(inputs[0]->getElementType(), [&](auto zero) {
    return mapBinaryAs<decltype(zero), bool>(node, inputs, fn);
  });
}

/// `condition ? x : y` at every index of the output, the inputs broadcast.
HostTensor evaluateWhere(Operation *node, NodeInputs inputs) {
  RankedTensorType type = getOutputType(node);
  SmallVector<SmallVector<int64_t>> strides;
  for (const HostTensor *input : inputs)
    strides.push_back(getBroadcastStrides(input->getShape(), type.getShape()));
  ArrayRef<bool> condition = inputs[0]->getValues<bool>();
  return visitElementType(type.getElementType(), [&](auto zero) {
    using T = decltype(zero);
    HostTensor result(type);
    ArrayRef<T> x = inputs[1]->getValues<T>(), y = inputs[2]->getValues<T>();
    MutableArrayRef<T> output = result.getValues<T>();
    int64_t position = 0;
    forEachIndex(type.getShape(), [&](ArrayRef<int64_t> index) {
      output[position++] = condition[getOffset(index, strides[0])]
                               ? x[getOffset(index, strides[1])]
                               : y[getOffset(index, strides[2])];
    });
    return result;
  });
}

/// A function of two floats evaluated in double: rounded once for f32, as
/// is for f64.
template <typename Fn>
HostTensor mapFloatBinary(Operation *node, NodeInputs inputs, Fn fn) {
  if (inputs[0]->getElementType().isF64())
    return mapBinaryAs<double>(node, inputs, fn);
  return mapBinaryAs<float>(node, inputs, [&](float lhs, float rhs) {
    return static_cast<float>(
        fn(static_cast<double>(lhs), static_cast<double>(rhs)));
  });
}

/// `fn(x)` for every element of the single input.
template <typename T, typename Fn>
HostTensor mapUnaryAs(NodeInputs inputs, Fn fn) {
  HostTensor result(inputs[0]->getType());
  llvm::transform(inputs[0]->getValues<T>(), result.getValues<T>().begin(), fn);
  return result;
}

/// mapUnaryAs for ops that take every number type; `fn` is generic.
template <typename Fn> HostTensor mapUnary(NodeInputs inputs, Fn fn) {
  return visitNumericType(inputs[0]->getElementType(), [&](auto zero) {
    return mapUnaryAs<decltype(zero)>(inputs, fn);
  });
}

/// A function of a float evaluated in double: rounded once for f32, as is
/// for f64.
template <typename Fn> HostTensor mapFloat(NodeInputs inputs, Fn fn) {
  if (inputs[0]->getElementType().isF64())
    return mapUnaryAs<double>(inputs, fn);
  return mapUnaryAs<float>(inputs, [&](float x) {
    return static_cast<float>(fn(static_cast<double>(x)));
  });
}

/// Truncates toward zero; x / 0 is 0 and MIN / -1 wraps to MIN.
template <typename T> T divide(T lhs, T rhs) {
  if constexpr (isFloat<T>) {
    return lhs / rhs;
  } else {
    if (rhs == 0)
      return 0;
    if (rhs == -1)
      return wrappingSub(T(0), lhs);
    return lhs / rhs;
  }
}

/// max(0, min(1, x)), propagating NaN.
double clampToUnit(double x) { return maximum(0.0, minimum(1.0, x)); }

double gelu(double x, GeluApproximation approximation) {
  if (approximation == GeluApproximation::tanh) {
    double inner =
        std::sqrt(2.0 / llvm::numbers::pi) * (x + 0.044715 * x * x * x);
    return 0.5 * x * (1.0 + std::tanh(inner));
  }
  return 0.5 * x * (1.0 + std::erf(x / llvm::numbers::sqrt2));
}

std::optional<HostTensor> evaluateBinary(Operation *node, NodeInputs inputs) {
  return llvm::TypeSwitch<Operation *, std::optional<HostTensor>>(node)
      .Case([&](AddOp) {
        return mapBinary(node, inputs, [](auto lhs, auto rhs) {
          if constexpr (isFloat<decltype(lhs)>)
            return lhs + rhs;
          else
            return wrappingAdd(lhs, rhs);
        });
      })
      .Case([&](SubOp) {
        return mapBinary(node, inputs, [](auto lhs, auto rhs) {
          if constexpr (isFloat<decltype(lhs)>)
            return lhs - rhs;
          else
            return wrappingSub(lhs, rhs);
        });
      })
      .Case([&](MulOp) {
        return mapBinary(node, inputs, [](auto lhs, auto rhs) {
          if constexpr (isFloat<decltype(lhs)>)
            return lhs * rhs;
          else
            return wrappingMul(lhs, rhs);
        });
      })
      .Case([&](DivOp) {
        return mapBinary(node, inputs,
                         [](auto lhs, auto rhs) { return divide(lhs, rhs); });
      })
      .Case([&](PowOp) {
        return mapFloatBinary(node, inputs, [](double lhs, double rhs) {
          return std::pow(lhs, rhs);
        });
      })
      .Case([&](FmodOp) {
        return mapFloatBinary(node, inputs, [](double lhs, double rhs) {
          return std::fmod(lhs, rhs);
        });
      })
      .Case([&](MaxOp) {
        return mapBinary(node, inputs,
                         [](auto lhs, auto rhs) { return maximum(lhs, rhs); });
      })
      .Case([&](MinOp) {
        return mapBinary(node, inputs,
                         [](auto lhs, auto rhs) { return minimum(lhs, rhs); });
      })
      .Case([&](EqualOp) {
        return mapCompare(node, inputs,
                          [](auto lhs, auto rhs) { return lhs == rhs; });
      })
      .Case([&](LessOp) {
        return mapCompare(node, inputs,
                          [](auto lhs, auto rhs) { return lhs < rhs; });
      })
      .Case([&](LessOrEqualOp) {
        return mapCompare(node, inputs,
                          [](auto lhs, auto rhs) { return lhs <= rhs; });
      })
      .Case([&](GreaterOp) {
        return mapCompare(node, inputs,
                          [](auto lhs, auto rhs) { return lhs > rhs; });
      })
      .Case([&](GreaterOrEqualOp) {
        return mapCompare(node, inputs,
                          [](auto lhs, auto rhs) { return lhs >= rhs; });
      })
      .Case([&](AndOp) {
        return mapBits(node, inputs,
                       [](auto lhs, auto rhs) { return lhs & rhs; });
      })
      .Case([&](OrOp) {
        return mapBits(node, inputs,
                       [](auto lhs, auto rhs) { return lhs | rhs; });
      })
      .Case([&](XorOp) {
        return mapBits(node, inputs,
                       [](auto lhs, auto rhs) { return lhs ^ rhs; });
      })
      .Case([&](ShiftLeftOp) { return mapShift(node, inputs, true); })
      .Case([&](ShiftRightOp) { return mapShift(node, inputs, false); })
      .Case([&](WhereOp) { return evaluateWhere(node, inputs); })
      .Default([](Operation *) { return std::nullopt; });
}

std::optional<HostTensor> evaluateUnary(Operation *node, NodeInputs inputs) {
  return llvm::TypeSwitch<Operation *, std::optional<HostTensor>>(node)
      .Case([&](ReluOp) {
        return mapUnary(inputs,
                        [](auto x) { return maximum(x, decltype(x)(0)); });
      })
      .Case([&](NotOp) {
        Type element = inputs[0]->getElementType();
        if (element.isInteger(1))
          return mapUnaryAs<bool>(inputs, [](bool x) { return !x; });
        if (element.isInteger(64))
          return mapUnaryAs<int64_t>(inputs, [](int64_t x) { return ~x; });
        return mapUnaryAs<int32_t>(inputs,
                                   [](int32_t x) { return int32_t(~x); });
      })
      .Case([&](NegOp) {
        return mapUnary(inputs, [](auto x) {
          if constexpr (isFloat<decltype(x)>)
            return -x;
          else
            return wrappingSub(decltype(x)(0), x);
        });
      })
      .Case([&](AbsOp) {
        return mapUnary(inputs, [](auto x) {
          if constexpr (isFloat<decltype(x)>)
            return std::fabs(x);
          else
            return x < 0 ? wrappingSub(decltype(x)(0), x) : x;
        });
      })
      .Case([&](LeakyReluOp op) {
        double alpha = op.getAlpha().convertToFloat();
        return mapFloat(inputs,
                        [&](double x) { return x < 0 ? alpha * x : x; });
      })
      .Case([&](SigmoidOp) {
        return mapFloat(inputs,
                        [](double x) { return 1.0 / (1.0 + std::exp(-x)); });
      })
      .Case([&](TanhOp) {
        return mapFloat(inputs, [](double x) { return std::tanh(x); });
      })
      .Case([&](ExpOp) {
        return mapFloat(inputs, [](double x) { return std::exp(x); });
      })
      .Case([&](LogOp) {
        return mapFloat(inputs, [](double x) { return std::log(x); });
      })
      .Case([&](SqrtOp) {
        return mapFloat(inputs, [](double x) { return std::sqrt(x); });
      })
      .Case([&](ErfOp) {
        return mapFloat(inputs, [](double x) { return std::erf(x); });
      })
      .Case([&](ReciprocalOp) {
        return mapFloat(inputs, [](double x) { return 1.0 / x; });
      })
      .Case([&](FloorOp) {
        return mapFloat(inputs, [](double x) { return std::floor(x); });
      })
      .Case([&](CeilOp) {
        return mapFloat(inputs, [](double x) { return std::ceil(x); });
      })
      .Case([&](RoundOp) {
        // Halves to even: nearbyint in the default rounding mode.
        return mapFloat(inputs, [](double x) { return std::nearbyint(x); });
      })
      .Case([&](SignOp) {
        return mapFloat(inputs, [](double x) {
          return x > 0 ? 1.0 : x < 0 ? -1.0 : x;
        });
      })
      .Case([&](SinOp) {
        return mapFloat(inputs, [](double x) { return std::sin(x); });
      })
      .Case([&](CosOp) {
        return mapFloat(inputs, [](double x) { return std::cos(x); });
      })
      .Case([&](TanOp) {
        return mapFloat(inputs, [](double x) { return std::tan(x); });
      })
      .Case([&](AsinOp) {
        return mapFloat(inputs, [](double x) { return std::asin(x); });
      })
      .Case([&](AcosOp) {
        return mapFloat(inputs, [](double x) { return std::acos(x); });
      })
      .Case([&](AtanOp) {
        return mapFloat(inputs, [](double x) { return std::atan(x); });
      })
      .Case([&](SinhOp) {
        return mapFloat(inputs, [](double x) { return std::sinh(x); });
      })
      .Case([&](CoshOp) {
        return mapFloat(inputs, [](double x) { return std::cosh(x); });
      })
      .Case([&](AsinhOp) {
        return mapFloat(inputs, [](double x) { return std::asinh(x); });
      })
      .Case([&](AcoshOp) {
        return mapFloat(inputs, [](double x) { return std::acosh(x); });
      })
      .Case([&](AtanhOp) {
        return mapFloat(inputs, [](double x) { return std::atanh(x); });
      })
      .Case([&](SoftplusOp) {
        return mapFloat(inputs, [](double x) {
          return std::max(x, 0.0) + std::log1p(std::exp(-std::fabs(x)));
        });
      })
      .Case([&](SoftsignOp) {
        return mapFloat(inputs,
                        [](double x) { return x / (1.0 + std::fabs(x)); });
      })
      .Case([&](ClipOp op) {
        std::optional<APFloat> min = op.getMin(), max = op.getMax();
        return mapUnaryAs<float>(inputs, [&](float x) {
          if (min)
            x = maximum(x, min->convertToFloat());
          if (max)
            x = minimum(x, max->convertToFloat());
          return x;
        });
      })
      .Case([&](HardSigmoidOp op) {
        double alpha = op.getAlpha().convertToFloat();
        double beta = op.getBeta().convertToFloat();
        return mapFloat(
            inputs, [&](double x) { return clampToUnit(alpha * x + beta); });
      })
      .Case([&](HardSwishOp) {
        return mapFloat(
            inputs, [](double x) { return x * clampToUnit(x / 6.0 + 0.5); });
      })
      .Case([&](GeluOp op) {
        GeluApproximation approximation = op.getApproximate();
        return mapFloat(inputs,
                        [&](double x) { return gelu(x, approximation); });
      })
      .Default([](Operation *) { return std::nullopt; });
}

} // namespace

std::optional<HostTensor>
reference::evaluateElementwiseNode(Operation *node, NodeInputs inputs) {
  if (std::optional<HostTensor> result = evaluateBinary(node, inputs))
    return result;
  return evaluateUnary(node, inputs);
}
