//===- OnnxOps.cpp - ONNX operators as sic nodes --------------------------===//
//
// The table of ONNX operators (opsets 1 to 18) SIC converts, each to its
// converter (OnnxConverters.h), and what every converter shares. Each maps
// the operator's inputs and attributes, with ONNX's defaults for its opset,
// onto a sic node.
//
//===----------------------------------------------------------------------===//

#include "OnnxOps.h"

#include "OnnxConverters.h"
#include "OnnxFolding.h"

#include "llvm/ADT/StringMap.h"

using namespace mlir;
using namespace mlir::sic;

LogicalResult mlir::sic::emitNode(OnnxConversion &c,
                                  const onnx::NodeProto &node, StringRef op,
                                  ArrayRef<StringRef> inputs,
                                  Attributes attributes) {
  FailureOr<PendingNode *> pending = c.emit(node, op, inputs);
  if (failed(pending))
    return failure();
  (*pending)->attributes = std::move(attributes);
  return c.inferOutputType(node, **pending);
}

SmallVector<StringRef> mlir::sic::getPresentInputs(OnnxConversion &c,
                                                   const onnx::NodeProto &node,
                                                   int limit) {
  SmallVector<StringRef> inputs;
  for (int i = 0; i < std::min(limit, node.input_size()); ++i)
    if (!c.getInput(node, i).empty())
      inputs.push_back(c.getInput(node, i));
  return inputs;
}

LogicalResult mlir::sic::expectInputs(OnnxConversion &c,
                                      const onnx::NodeProto &node, int min,
                                      int max) {
  if (node.input_size() >= min && node.input_size() <= max)
    return success();
  InFlightDiagnostic diag = c.emitNodeError(node) << "expects ";
  if (min == max)
    diag << min;
  else
    diag << min << " to " << max;
  diag << (max == 1 ? " input, got " : " inputs, got ") << node.input_size();
  return failure();
}

LogicalResult mlir::sic::convertDirect(OnnxConversion &c,
                                       const onnx::NodeProto &node,
                                       StringRef op, int arity) {
  if (failed(expectInputs(c, node, arity, arity)))
    return failure();
  return emitNode(c, node, op, getPresentInputs(c, node, arity));
}

namespace {

using Converter = LogicalResult (*)(OnnxConversion &, const onnx::NodeProto &);

const llvm::StringMap<Converter> &getConverters() {
  static const llvm::StringMap<Converter> converters = [] {
    llvm::StringMap<Converter> map;
    // Elementwise ops that map one to one.
#define SIC_DIRECT(ONNX, SIC, ARITY)                                           \
  map[ONNX] = [](OnnxConversion &c, const onnx::NodeProto &node) {             \
    return convertDirect(c, node, SIC, ARITY);                                 \
  }
    SIC_DIRECT("Add", "add", 2);
    SIC_DIRECT("Sub", "sub", 2);
    SIC_DIRECT("Mul", "mul", 2);
    SIC_DIRECT("Div", "div", 2);
    SIC_DIRECT("Pow", "pow", 2);
    SIC_DIRECT("Max", "max", 2);
    SIC_DIRECT("Min", "min", 2);
    SIC_DIRECT("MatMul", "matmul", 2);
    SIC_DIRECT("Relu", "relu", 1);
    SIC_DIRECT("Sigmoid", "sigmoid", 1);
    SIC_DIRECT("Tanh", "tanh", 1);
    SIC_DIRECT("Exp", "exp", 1);
    SIC_DIRECT("Log", "log", 1);
    SIC_DIRECT("Sqrt", "sqrt", 1);
    SIC_DIRECT("Erf", "erf", 1);
    SIC_DIRECT("Neg", "neg", 1);
    SIC_DIRECT("Abs", "abs", 1);
    SIC_DIRECT("HardSwish", "hard_swish", 1);
    SIC_DIRECT("GlobalAveragePool", "global_avg_pool", 1);
    SIC_DIRECT("Reciprocal", "reciprocal", 1);
    SIC_DIRECT("Floor", "floor", 1);
    SIC_DIRECT("Ceil", "ceil", 1);
    SIC_DIRECT("Round", "round", 1);
    SIC_DIRECT("Sign", "sign", 1);
    SIC_DIRECT("Sin", "sin", 1);
    SIC_DIRECT("Cos", "cos", 1);
    SIC_DIRECT("Tan", "tan", 1);
    SIC_DIRECT("Asin", "asin", 1);
    SIC_DIRECT("Acos", "acos", 1);
    SIC_DIRECT("Atan", "atan", 1);
    SIC_DIRECT("Sinh", "sinh", 1);
    SIC_DIRECT("Cosh", "cosh", 1);
    SIC_DIRECT("Asinh", "asinh", 1);
    SIC_DIRECT("Acosh", "acosh", 1);
    SIC_DIRECT("Atanh", "atanh", 1);
    SIC_DIRECT("Softplus", "softplus", 1);
    SIC_DIRECT("Softsign", "softsign", 1);
#undef SIC_DIRECT
    map["LeakyRelu"] = [](OnnxConversion &c, const onnx::NodeProto &node) {
      FailureOr<float> alpha = c.getFloat(node, "alpha", 0.01f);
      if (failed(alpha) || failed(expectInputs(c, node, 1, 1)))
        return failure();
      return emitNode(c, node, "leaky_relu", {c.getInput(node, 0)},
                      {{"alpha", *alpha}});
    };
    map["HardSigmoid"] = [](OnnxConversion &c, const onnx::NodeProto &node) {
      FailureOr<float> alpha = c.getFloat(node, "alpha", 0.2f);
      FailureOr<float> beta = c.getFloat(node, "beta", 0.5f);
      if (failed(alpha) || failed(beta) || failed(expectInputs(c, node, 1, 1)))
        return failure();
      return emitNode(c, node, "hard_sigmoid", {c.getInput(node, 0)},
                      {{"alpha", *alpha}, {"beta", *beta}});
    };
    map["Identity"] = [](OnnxConversion &c, const onnx::NodeProto &node) {
      if (failed(expectInputs(c, node, 1, 1)))
        return failure();
      return c.alias(node, c.getInput(node, 0));
    };
    map["Dropout"] = [](OnnxConversion &c, const onnx::NodeProto &node) {
      c.ignoreAttribute("seed"); // inference drops nothing
      c.ignoreAttribute("ratio");
      // Before opset 7: inference whatever is_test says, as in onnxruntime.
      if (c.getOpset() < 7)
        c.ignoreAttribute("is_test");
      // Inference: Dropout passes its input through (its mask must be
      // unused).
      if (node.output_size() > 1 && !node.output(1).empty() &&
          c.isUsed(node.output(1))) {
        c.emitNodeError(node) << "its mask output is used";
        return failure();
      }
      return c.alias(node, c.getInput(node, 0));
    };
    map["Clip"] = convertClip;
    map["Gemm"] = convertGemm;
    map["Conv"] = convertConv;
    map["MaxPool"] = [](OnnxConversion &c, const onnx::NodeProto &node) {
      return convertPool(c, node, /*average=*/false);
    };
    map["AveragePool"] = [](OnnxConversion &c, const onnx::NodeProto &node) {
      return convertPool(c, node, /*average=*/true);
    };
    map["BatchNormalization"] = convertBatchNorm;
    map["Softmax"] = convertSoftmax;
    map["LayerNormalization"] = convertLayerNorm;
    map["ReduceMean"] = [](OnnxConversion &c, const onnx::NodeProto &node) {
      return convertReduce(c, node, "reduce_mean", 18);
    };
    map["ReduceMax"] = [](OnnxConversion &c, const onnx::NodeProto &node) {
      return convertReduce(c, node, "reduce_max", 18);
    };
    map["ReduceSum"] = [](OnnxConversion &c, const onnx::NodeProto &node) {
      return convertReduce(c, node, "reduce_sum", 13);
    };
    map["ArgMax"] = [](OnnxConversion &c, const onnx::NodeProto &node) {
      return convertArgReduce(c, node, "arg_max");
    };
    map["ArgMin"] = [](OnnxConversion &c, const onnx::NodeProto &node) {
      return convertArgReduce(c, node, "arg_min");
    };
    map["Reshape"] = convertReshape;
    map["Transpose"] = convertTranspose;
    map["Concat"] = convertConcat;
    map["Slice"] = convertSlice;
    map["Flatten"] = convertFlatten;
    map["Squeeze"] = [](OnnxConversion &c, const onnx::NodeProto &node) {
      return convertSqueeze(c, node, /*unsqueeze=*/false);
    };
    map["Unsqueeze"] = [](OnnxConversion &c, const onnx::NodeProto &node) {
      return convertSqueeze(c, node, /*unsqueeze=*/true);
    };
    map["Pad"] = convertPad;
    map["Cast"] = convertCast;
    map["Constant"] = convertConstant;
    return map;
  }();
  return converters;
}

} // namespace

std::optional<LogicalResult>
mlir::sic::convertOnnxNode(OnnxConversion &conversion,
                           const onnx::NodeProto &node) {
  conversion.beginNode();
  // Operators newer than the oldest opset SIC reads.
  static const llvm::StringMap<int64_t> introduced = {
      {"Sin", 7},   {"Cos", 7},   {"Tan", 7},      {"Asin", 7},
      {"Acos", 7},  {"Atan", 7},  {"Erf", 9},      {"Sign", 9},
      {"Sinh", 9},  {"Cosh", 9},  {"Asinh", 9},    {"Acosh", 9},
      {"Atanh", 9}, {"Round", 11}, {"HardSwish", 14},
      {"LayerNormalization", 17}};
  if (auto it = introduced.find(node.op_type());
      it != introduced.end() && conversion.getOpset() < it->second) {
    conversion.emitNodeError(node)
        << node.op_type() << " exists from opset " << it->second
        << ", but the model imports opset " << conversion.getOpset();
    return failure();
  }
  // A static shape computation (Shape, Gather, Concat, ... on known shapes)
  // becomes a constant.
  std::optional<LogicalResult> result = foldOnnxNode(conversion, node);
  if (!result) {
    const llvm::StringMap<Converter> &converters = getConverters();
    auto it = converters.find(node.op_type());
    if (it == converters.end())
      return std::nullopt;
    result = it->second(conversion, node);
  }
  if (succeeded(*result))
    return conversion.checkAttributesRead(node);
  return result;
}
