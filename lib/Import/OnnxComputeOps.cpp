//===- OnnxComputeOps.cpp - ONNX Gemm, Clip, normalizations, reductions ---===//
//
// The converters of the ONNX operators that compute elementwise or contract
// (beyond one-to-one ops): Gemm, Div, Clip, Cast, the variadic Sum, Mean,
// Max and Min, and the activations built from sic ops (Elu, Selu, Celu).
//
//===----------------------------------------------------------------------===//

#include "OnnxConverters.h"
#include "OnnxTensors.h"

#include "sic/Import/GraphBuilder.h"
#include "sic/Reference/Evaluator.h"
#include "sic/Support/ShapeRules.h"

using namespace mlir;
using namespace mlir::sic;

LogicalResult mlir::sic::convertGemm(OnnxConversion &c,
                                     const onnx::NodeProto &node) {
  if (failed(expectInputs(c, node, 2, 3)))
    return failure();
  FailureOr<float> alpha = c.getFloat(node, "alpha", 1.0f);
  FailureOr<float> beta = c.getFloat(node, "beta", 1.0f);
  FailureOr<int64_t> transA = c.getInt(node, "transA", 0);
  FailureOr<int64_t> transB = c.getInt(node, "transB", 0);
  FailureOr<SmallVector<Value>> inputs = c.getPresentInputValues(node, 3);
  if (failed(alpha) || failed(beta) || failed(transA) || failed(transB) ||
      failed(inputs))
    return failure();
  return c.emit<GemmOp>(node, *inputs, APFloat(*alpha), APFloat(*beta),
                        *transA != 0, *transB != 0);
}

LogicalResult mlir::sic::convertDiv(OnnxConversion &c,
                                    const onnx::NodeProto &node) {
  if (failed(expectInputs(c, node, 2, 2)))
    return failure();
  // Integer division by zero has no value; a constant zero divisor is a
  // fault in the model rather than a 0 (what the kernels give).
  StringRef divisor = c.getInput(node, 1);
  if (std::optional<SmallVector<int64_t, 4>> values =
          c.lookupConstantInts(divisor);
      values && llvm::is_contained(*values, 0)) {
    c.emitNodeError(node) << "divides integers by zero (input #1 '" << divisor
                          << "' holds 0)";
    return failure();
  }
  return convertDirect<DivOp>(c, node, 2);
}

LogicalResult mlir::sic::convertClip(OnnxConversion &c,
                                     const onnx::NodeProto &node) {
  if (failed(expectInputs(c, node, 1, 3)))
    return failure();
  FailureOr<Value> input = c.getInputValue(node, 0);
  if (failed(input))
    return failure();
  if (c.getOpset() < 11) {
    FloatAttr bounds[2];
    const char *names[] = {"min", "max"};
    for (auto [index, name] : llvm::enumerate(names)) {
      if (!c.hasAttribute(node, name))
        continue;
      FailureOr<float> value = c.getFloat(node, name);
      if (failed(value))
        return failure();
      bounds[index] = c.getBuilder().getF32FloatAttr(*value);
    }
    return c.emit<ClipOp>(node, *input, bounds[0], bounds[1]);
  }
  // From opset 11 the bounds are inputs: constant f32 scalars become clip's
  // attributes; any other bound is max(x, min) then min(., max). Without
  // either, Clip passes its input through.
  if (c.getInput(node, 1).empty() && c.getInput(node, 2).empty())
    return c.alias(node, 0);
  Value bounds[2];
  FloatAttr constants[2];
  bool allConstant = true;
  for (int index = 0; index < 2; ++index) {
    if (c.getInput(node, 1 + index).empty())
      continue;
    FailureOr<Value> bound = c.getInputValue(node, 1 + index);
    if (failed(bound))
      return failure();
    bounds[index] = *bound;
    auto constant = bound->getDefiningOp<ConstantOp>();
    FailureOr<std::vector<float>> value = failure();
    if (constant && constant.getType().getElementType().isF32())
      value = readConstantValues<float>(constant);
    if (succeeded(value) && value->size() == 1)
      constants[index] = c.getBuilder().getF32FloatAttr(value->front());
    else
      allConstant = false;
  }
  if (allConstant)
    return c.emit<ClipOp>(node, *input, constants[0], constants[1]);
  Value result = *input;
  if (bounds[0]) {
    FailureOr<Value> raised =
        c.create<MaxOp>(node, ValueRange{result, bounds[0]});
    if (failed(raised))
      return failure();
    result = *raised;
  }
  if (!bounds[1])
    return c.bind(node, result);
  return c.emit<MinOp>(node, ValueRange{result, bounds[1]});
}

/// Converts `input` to element type `to` (any model element type) for
/// Cast and CastLike; the result holds values of `to`.
static LogicalResult emitCastTo(OnnxConversion &c, const onnx::NodeProto &node,
                                Value input, Type to) {
  // u64 values compute as i64: a conversion reads them as unsigned.
  Type source = c.getStorageType(input);
  if (source.isUnsignedInteger(64) && !to.isInteger(64)) {
    FailureOr<Value> unsignedInput =
        c.create<CastOp>(node, input, TypeAttr::get(source));
    if (failed(unsignedInput))
      return failure();
    input = *unsignedInput;
  }
  if (isStorageOnlyType(to)) {
    FailureOr<Value> output = c.narrowTo(node, input, to);
    return failed(output) ? failure() : c.bind(node, *output);
  }
  FailureOr<Value> output = c.create<CastOp>(node, input, TypeAttr::get(to));
  if (failed(output))
    return failure();
  c.setStorageType(*output, to);
  return c.bind(node, *output);
}

LogicalResult mlir::sic::convertCast(OnnxConversion &c,
                                     const onnx::NodeProto &node) {
  if (failed(expectInputs(c, node, 1, 1)))
    return failure();
  c.ignoreAttribute("saturate"); // only for float8 targets
  FailureOr<int64_t> to = c.getInt(node, "to");
  if (failed(to))
    return failure();
  std::optional<ElementType> type = getOnnxElementType(*to);
  if (!type) {
    c.emitNodeError(node) << "casts to a type that "
                          << describeUnsupportedOnnxType(*to);
    return failure();
  }
  FailureOr<Value> input = c.getInputValue(node, 0);
  if (failed(input))
    return failure();
  return emitCastTo(c, node, *input,
                    getMlirElementType(c.getBuilder().getContext(), *type));
}

LogicalResult mlir::sic::convertBitShift(OnnxConversion &c,
                                         const onnx::NodeProto &node) {
  if (failed(expectInputs(c, node, 2, 2)))
    return failure();
  FailureOr<std::string> direction = c.getString(node, "direction");
  FailureOr<SmallVector<Value>> inputs = c.getPresentInputValues(node, 2);
  if (failed(direction) || failed(inputs))
    return failure();
  if (*direction == "LEFT")
    return c.emit<ShiftLeftOp>(node, *inputs);
  if (*direction == "RIGHT")
    return c.emit<ShiftRightOp>(node, *inputs);
  c.emitNodeError(node) << "attribute 'direction' must be \"LEFT\" or "
                           "\"RIGHT\", got \""
                        << *direction << "\"";
  return failure();
}

LogicalResult mlir::sic::convertCastLike(OnnxConversion &c,
                                         const onnx::NodeProto &node) {
  if (failed(expectInputs(c, node, 2, 2)))
    return failure();
  c.ignoreAttribute("saturate"); // only for float8 targets
  FailureOr<SmallVector<Value>> inputs = c.getPresentInputValues(node, 2);
  if (failed(inputs))
    return failure();
  return emitCastTo(c, node, (*inputs)[0], c.getStorageType((*inputs)[1]));
}

LogicalResult mlir::sic::convertDropout(OnnxConversion &c,
                                        const onnx::NodeProto &node) {
  if (failed(expectInputs(c, node, 1, 3)))
    return failure();
  c.ignoreAttribute("seed"); // inference drops nothing
  c.ignoreAttribute("ratio");
  // Before opset 7: inference whatever is_test says, as in onnxruntime.
  if (c.getOpset() < 7)
    c.ignoreAttribute("is_test");
  // From opset 12 the third input asks for training: it must be false.
  if (!c.getInput(node, 2).empty()) {
    FailureOr<Value> mode = c.getInputValue(node, 2);
    if (failed(mode))
      return failure();
    auto constant = mode->getDefiningOp<ConstantOp>();
    FailureOr<HostTensor> value = failure();
    if (constant && constant.getType().getElementType().isInteger(1) &&
        constant.getType().getNumElements() == 1)
      value = readConstantTensor(constant);
    if (failed(value) || value->getValues<bool>().front()) {
      InFlightDiagnostic diag =
          c.emitNodeError(node)
          << "input #2 'training_mode' must be a constant false (SIC "
             "compiles inference, where Dropout drops nothing)";
      if (!constant)
        diag << "; " << c.explainNotConstant(*mode);
      return failure();
    }
  }
  FailureOr<Value> input = c.getInputValue(node, 0);
  if (failed(input))
    return failure();
  Value mask;
  if (node.output_size() > 1 && !node.output(1).empty()) {
    auto type = cast<RankedTensorType>(input->getType())
                    .clone(c.getBuilder().getI1Type());
    mask = c.createConstant(node.output(1), DenseElementsAttr::get(type, true));
  }
  return c.bindOutputs(node, {*input, mask});
}

LogicalResult mlir::sic::convertVariadic(OnnxConversion &c,
                                         const onnx::NodeProto &node,
                                         VariadicKind kind) {
  FailureOr<SmallVector<Value>> inputs =
      c.getPresentInputValues(node, node.input_size());
  if (failed(inputs))
    return failure();
  if (inputs->empty()) {
    c.emitNodeError(node) << "has no inputs";
    return failure();
  }
  // Left to right, broadcasting at each step as ONNX does.
  NodeBuilder b(c, node);
  Value result = inputs->front();
  for (Value input : ArrayRef(*inputs).drop_front()) {
    switch (kind) {
    case VariadicKind::Sum:
    case VariadicKind::Mean:
      result = b.create<AddOp>(ValueRange{result, input});
      break;
    case VariadicKind::Max:
      result = b.create<MaxOp>(ValueRange{result, input});
      break;
    case VariadicKind::Min:
      result = b.create<MinOp>(ValueRange{result, input});
      break;
    }
  }
  if (kind == VariadicKind::Mean && inputs->size() > 1)
    result =
        b.create<DivOp>(ValueRange{result, b.scalar(inputs->size(), result)});
  return b.bind(result);
}

Value mlir::sic::buildExponentialUnit(NodeBuilder &b, Value x,
                                      ExponentialUnit unit, float alpha,
                                      float gamma) {
  // max(x, 0) + alpha * (exp(min(x, 0) / s) - 1), times gamma (Selu); s is
  // alpha for Celu and 1 otherwise. For x > 0 the second term is exactly 0,
  // and exp never overflows.
  Value zero = b.scalar(0, x);
  Value negative = b.create<MinOp>(ValueRange{x, zero});
  if (unit == ExponentialUnit::Celu)
    negative = b.create<DivOp>(ValueRange{negative, b.scalar(alpha, x)});
  Value grown = b.create<SubOp>(
      ValueRange{b.create<ExpOp>(ValueRange{negative}), b.scalar(1, x)});
  Value result = b.create<AddOp>(
      ValueRange{b.create<ReluOp>(ValueRange{x}),
                 b.create<MulOp>(ValueRange{grown, b.scalar(alpha, x)})});
  if (unit == ExponentialUnit::Selu)
    result = b.create<MulOp>(ValueRange{result, b.scalar(gamma, x)});
  return result;
}

LogicalResult mlir::sic::convertExponentialUnit(OnnxConversion &c,
                                                const onnx::NodeProto &node,
                                                ExponentialUnit unit) {
  if (failed(expectInputs(c, node, 1, 1)))
    return failure();
  // ONNX's defaults: Selu's alpha and gamma, to float precision.
  float defaultAlpha =
      unit == ExponentialUnit::Selu ? 1.67326319217681884765625f : 1.0f;
  FailureOr<float> alpha = c.getFloat(node, "alpha", defaultAlpha);
  FailureOr<float> gamma =
      unit == ExponentialUnit::Selu
          ? c.getFloat(node, "gamma", 1.05070102214813232421875f)
          : FailureOr<float>(1.0f);
  FailureOr<Value> input = c.getInputValue(node, 0);
  if (failed(alpha) || failed(gamma) || failed(input))
    return failure();
  NodeBuilder b(c, node);
  return b.bind(buildExponentialUnit(b, *input, unit, *alpha, *gamma));
}

LogicalResult mlir::sic::convertPRelu(OnnxConversion &c,
                                      const onnx::NodeProto &node) {
  if (failed(expectInputs(c, node, 2, 2)))
    return failure();
  FailureOr<SmallVector<Value>> inputs = c.getPresentInputValues(node, 2);
  if (failed(inputs))
    return failure();
  // max(x, 0) + slope * min(x, 0), the slope broadcasting.
  NodeBuilder b(c, node);
  Value x = (*inputs)[0], zero = b.scalar(0, x);
  return b.bind(b.create<AddOp>(
      ValueRange{b.create<MaxOp>(ValueRange{x, zero}),
                 b.create<MulOp>(ValueRange{
                     (*inputs)[1], b.create<MinOp>(ValueRange{x, zero})})}));
}

LogicalResult mlir::sic::convertPow(OnnxConversion &c,
                                    const onnx::NodeProto &node) {
  if (failed(expectInputs(c, node, 2, 2)))
    return failure();
  FailureOr<SmallVector<Value>> inputs = c.getPresentInputValues(node, 2);
  if (failed(inputs))
    return failure();
  // The exponent takes the float base's type (exact for the exponents that
  // do not overflow the result). An integer base is raised in f64 and the
  // result truncated to its type, as onnxruntime computes it: exact while
  // the power is below 2^53.
  Value base = (*inputs)[0], exponent = (*inputs)[1];
  NodeBuilder b(c, node);
  Type baseType = cast<RankedTensorType>(base.getType()).getElementType();
  Type exponentType =
      cast<RankedTensorType>(exponent.getType()).getElementType();
  if (baseType.isInteger(1) || exponentType.isInteger(1)) {
    c.emitNodeError(node) << "takes numbers, got " << baseType << " and "
                          << exponentType;
    return failure();
  }
  Type computeType =
      isa<FloatType>(baseType) ? baseType : c.getBuilder().getF64Type();
  auto convert = [&](Value value, Type type) {
    return cast<RankedTensorType>(value.getType()).getElementType() == type
               ? value
               : b.create<CastOp>(ValueRange{value}, TypeAttr::get(type));
  };
  Value power = b.create<PowOp>(
      ValueRange{convert(base, computeType), convert(exponent, computeType)});
  return b.bind(convert(power, baseType));
}
