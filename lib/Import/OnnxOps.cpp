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

#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

using namespace mlir;
using namespace mlir::sic;

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

FailureOr<Value> mlir::sic::getOnlyInput(OnnxConversion &c,
                                         const onnx::NodeProto &node) {
  if (failed(expectInputs(c, node, 1, 1)))
    return failure();
  return c.getInputValue(node, 0);
}

LogicalResult
mlir::sic::convertDataDependentShape(OnnxConversion &c,
                                     const onnx::NodeProto &node) {
  c.emitNodeError(node) << "has a data-dependent output shape (its size "
                           "depends on the values of its inputs), and SIC "
                           "compiles static shapes";
  return failure();
}

namespace {

using Converter = LogicalResult (*)(OnnxConversion &, const onnx::NodeProto &);

const llvm::StringMap<Converter> &getConverters() {
  static const llvm::StringMap<Converter> converters = [] {
    llvm::StringMap<Converter> map;
    // Elementwise ops that map one to one.
#define SIC_DIRECT(ONNX, OP, ARITY)                                            \
  map[ONNX] = [](OnnxConversion &c, const onnx::NodeProto &node) {             \
    return convertDirect<OP>(c, node, ARITY);                                  \
  }
    SIC_DIRECT("Add", AddOp, 2);
    SIC_DIRECT("Sub", SubOp, 2);
    SIC_DIRECT("Mul", MulOp, 2);
    SIC_DIRECT("MatMul", MatmulOp, 2);
    SIC_DIRECT("Relu", ReluOp, 1);
    SIC_DIRECT("Equal", EqualOp, 2);
    SIC_DIRECT("Less", LessOp, 2);
    SIC_DIRECT("LessOrEqual", LessOrEqualOp, 2);
    SIC_DIRECT("Greater", GreaterOp, 2);
    SIC_DIRECT("GreaterOrEqual", GreaterOrEqualOp, 2);
    SIC_DIRECT("And", AndOp, 2);
    SIC_DIRECT("Or", OrOp, 2);
    SIC_DIRECT("Xor", XorOp, 2);
    SIC_DIRECT("Not", NotOp, 1);
    // sic.and, or, xor and not are bitwise on integers.
    SIC_DIRECT("BitwiseAnd", AndOp, 2);
    SIC_DIRECT("BitwiseOr", OrOp, 2);
    SIC_DIRECT("BitwiseXor", XorOp, 2);
    SIC_DIRECT("BitwiseNot", NotOp, 1);
    SIC_DIRECT("Where", WhereOp, 3);
    SIC_DIRECT("Sigmoid", SigmoidOp, 1);
    SIC_DIRECT("Tanh", TanhOp, 1);
    SIC_DIRECT("Exp", ExpOp, 1);
    SIC_DIRECT("Log", LogOp, 1);
    SIC_DIRECT("Sqrt", SqrtOp, 1);
    SIC_DIRECT("Erf", ErfOp, 1);
    SIC_DIRECT("Neg", NegOp, 1);
    SIC_DIRECT("Abs", AbsOp, 1);
    SIC_DIRECT("HardSwish", HardSwishOp, 1);
    SIC_DIRECT("GlobalAveragePool", GlobalAvgPoolOp, 1);
    SIC_DIRECT("Reciprocal", ReciprocalOp, 1);
    SIC_DIRECT("Floor", FloorOp, 1);
    SIC_DIRECT("Ceil", CeilOp, 1);
    SIC_DIRECT("Round", RoundOp, 1);
    SIC_DIRECT("Sign", SignOp, 1);
    SIC_DIRECT("Sin", SinOp, 1);
    SIC_DIRECT("Cos", CosOp, 1);
    SIC_DIRECT("Tan", TanOp, 1);
    SIC_DIRECT("Asin", AsinOp, 1);
    SIC_DIRECT("Acos", AcosOp, 1);
    SIC_DIRECT("Atan", AtanOp, 1);
    SIC_DIRECT("Sinh", SinhOp, 1);
    SIC_DIRECT("Cosh", CoshOp, 1);
    SIC_DIRECT("Asinh", AsinhOp, 1);
    SIC_DIRECT("Acosh", AcoshOp, 1);
    SIC_DIRECT("Atanh", AtanhOp, 1);
    SIC_DIRECT("Softplus", SoftplusOp, 1);
    SIC_DIRECT("Softsign", SoftsignOp, 1);
#undef SIC_DIRECT
    map["LeakyRelu"] = [](OnnxConversion &c, const onnx::NodeProto &node) {
      FailureOr<float> alpha = c.getFloat(node, "alpha", 0.01f);
      if (failed(alpha) || failed(expectInputs(c, node, 1, 1)))
        return failure();
      FailureOr<Value> input = c.getInputValue(node, 0);
      if (failed(input))
        return failure();
      return c.emit<LeakyReluOp>(node, *input, APFloat(*alpha));
    };
    map["HardSigmoid"] = [](OnnxConversion &c, const onnx::NodeProto &node) {
      FailureOr<float> alpha = c.getFloat(node, "alpha", 0.2f);
      FailureOr<float> beta = c.getFloat(node, "beta", 0.5f);
      if (failed(alpha) || failed(beta) || failed(expectInputs(c, node, 1, 1)))
        return failure();
      FailureOr<Value> input = c.getInputValue(node, 0);
      if (failed(input))
        return failure();
      return c.emit<HardSigmoidOp>(node, *input, APFloat(*alpha),
                                   APFloat(*beta));
    };
    map["Identity"] = [](OnnxConversion &c, const onnx::NodeProto &node) {
      if (failed(expectInputs(c, node, 1, 1)))
        return failure();
      return c.alias(node, 0);
    };
    map["Dropout"] = convertDropout;
    map["Div"] = convertDiv;
    map["Pow"] = convertPow;
    map["PRelu"] = convertPRelu;
    map["GlobalMaxPool"] = convertGlobalMaxPool;
    map["InstanceNormalization"] = convertInstanceNorm;
    map["MeanVarianceNormalization"] = convertMeanVarianceNorm;
    map["LRN"] = convertLrn;
    map["EyeLike"] = convertEyeLike;
    map["HannWindow"] = [](OnnxConversion &c, const onnx::NodeProto &node) {
      return convertWindow(c, node, WindowFunction::Hann);
    };
    map["HammingWindow"] = [](OnnxConversion &c, const onnx::NodeProto &node) {
      return convertWindow(c, node, WindowFunction::Hamming);
    };
    map["BlackmanWindow"] = [](OnnxConversion &c, const onnx::NodeProto &node) {
      return convertWindow(c, node, WindowFunction::Blackman);
    };
    map["Clip"] = convertClip;
    map["Gemm"] = convertGemm;
    map["Conv"] = convertConv;
    map["ConvTranspose"] = convertConvTranspose;
    map["MaxPool"] = [](OnnxConversion &c, const onnx::NodeProto &node) {
      return convertPool(c, node, /*average=*/false);
    };
    map["AveragePool"] = [](OnnxConversion &c, const onnx::NodeProto &node) {
      return convertPool(c, node, /*average=*/true);
    };
    map["BatchNormalization"] = convertBatchNorm;
    map["Softmax"] = [](OnnxConversion &c, const onnx::NodeProto &node) {
      return convertSoftmax(c, node, /*logarithm=*/false);
    };
    map["LogSoftmax"] = [](OnnxConversion &c, const onnx::NodeProto &node) {
      return convertSoftmax(c, node, /*logarithm=*/true);
    };
    map["LayerNormalization"] = convertLayerNorm;
#define SIC_REDUCE(ONNX, KIND)                                                 \
  map[ONNX] = [](OnnxConversion &c, const onnx::NodeProto &node) {             \
    return convertReduce(c, node, ReduceKind::KIND);                           \
  }
    SIC_REDUCE("ReduceMean", Mean);
    SIC_REDUCE("ReduceSum", Sum);
    SIC_REDUCE("ReduceMax", Max);
    SIC_REDUCE("ReduceMin", Min);
    SIC_REDUCE("ReduceProd", Prod);
    SIC_REDUCE("ReduceSumSquare", SumSquare);
    SIC_REDUCE("ReduceL1", L1);
    SIC_REDUCE("ReduceL2", L2);
    SIC_REDUCE("ReduceLogSum", LogSum);
    SIC_REDUCE("ReduceLogSumExp", LogSumExp);
#undef SIC_REDUCE
#define SIC_VARIADIC(ONNX, KIND)                                               \
  map[ONNX] = [](OnnxConversion &c, const onnx::NodeProto &node) {             \
    return convertVariadic(c, node, VariadicKind::KIND);                       \
  }
    SIC_VARIADIC("Sum", Sum);
    SIC_VARIADIC("Mean", Mean);
    SIC_VARIADIC("Max", Max);
    SIC_VARIADIC("Min", Min);
#undef SIC_VARIADIC
#define SIC_EXPONENTIAL(ONNX, UNIT)                                            \
  map[ONNX] = [](OnnxConversion &c, const onnx::NodeProto &node) {             \
    return convertExponentialUnit(c, node, ExponentialUnit::UNIT);             \
  }
    SIC_EXPONENTIAL("Elu", Elu);
    SIC_EXPONENTIAL("Selu", Selu);
    SIC_EXPONENTIAL("Celu", Celu);
#undef SIC_EXPONENTIAL
    map["ArgMax"] = [](OnnxConversion &c, const onnx::NodeProto &node) {
      return convertArgReduce<ArgMaxOp>(c, node);
    };
    map["ArgMin"] = [](OnnxConversion &c, const onnx::NodeProto &node) {
      return convertArgReduce<ArgMinOp>(c, node);
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
    map["CastLike"] = convertCastLike;
    map["BitShift"] = convertBitShift;
    map["If"] = convertIf;
    map["Loop"] = convertLoop;
    map["Scan"] = convertScan;
    map["QuantizeLinear"] = convertQuantizeLinear;
    map["DequantizeLinear"] = convertDequantizeLinear;
    map["DynamicQuantizeLinear"] = convertDynamicQuantizeLinear;
    map["LSTM"] = [](OnnxConversion &c, const onnx::NodeProto &node) {
      return convertRecurrent(c, node, RecurrentCell::lstm);
    };
    map["GRU"] = [](OnnxConversion &c, const onnx::NodeProto &node) {
      return convertRecurrent(c, node, RecurrentCell::gru);
    };
    map["RNN"] = [](OnnxConversion &c, const onnx::NodeProto &node) {
      return convertRecurrent(c, node, RecurrentCell::rnn);
    };
    map["ThresholdedRelu"] = convertThresholdedRelu;
    map["Shrink"] = convertShrink;
    map["IsNaN"] = convertIsNaN;
    map["IsInf"] = convertIsInf;
    map["Hardmax"] = convertHardmax;
    map["Det"] = convertDet;
    map["RoiAlign"] = convertRoiAlign;
    map["OneHot"] = convertOneHot;
    map["Mod"] = convertMod;
    map["Einsum"] = convertEinsum;
    map["CumSum"] = convertCumSum;
    map["Constant"] = convertConstant;
    map["Shape"] = convertShape;
    map["Size"] = convertSize;
    map["ConstantOfShape"] = convertConstantOfShape;
    map["Range"] = convertRange;
    map["Gather"] = convertGather<GatherOp>;
    map["Split"] = convertSplit;
    map["GatherElements"] = convertGather<GatherElementsOp>;
    map["ScatterElements"] =
        map["Scatter"] = [](OnnxConversion &c, const onnx::NodeProto &node) {
          return convertScatter(c, node, /*elements=*/true);
        };
    map["GatherND"] = convertGatherND;
    map["TopK"] = convertTopK;
    map["ScatterND"] = [](OnnxConversion &c, const onnx::NodeProto &node) {
      return convertScatter(c, node, /*elements=*/false);
    };
    map["Trilu"] = convertTrilu;
    map["Resize"] = map["Upsample"] = convertResize;
    map["MaxUnpool"] = convertMaxUnpool;
    map["GridSample"] = convertGridSample;
    map["DFT"] = convertDft;
    map["STFT"] = convertStft;
    map["ReverseSequence"] = convertReverseSequence;
    map["NonZero"] = map["Compress"] = map["Unique"] =
        map["NonMaxSuppression"] = convertDataDependentShape;
    map["NegativeLogLikelihoodLoss"] = convertNllLoss;
    map["SoftmaxCrossEntropyLoss"] = convertSoftmaxCrossEntropy;
    map["Expand"] = convertExpand;
    map["Tile"] = convertTile;
    map["DepthToSpace"] = [](OnnxConversion &c, const onnx::NodeProto &node) {
      return convertDepthSpace(c, node, /*toSpace=*/true);
    };
    map["SpaceToDepth"] = [](OnnxConversion &c, const onnx::NodeProto &node) {
      return convertDepthSpace(c, node, /*toSpace=*/false);
    };
    return map;
  }();
  return converters;
}

/// Refuses a node that would read a UINT64 value as signed: SIC computes
/// them in i64, exact for +, -, *, bitwise ops, equality and data movement,
/// but not where the order or the sign of a value matters.
LogicalResult checkUnsigned64(OnnxConversion &c, const onnx::NodeProto &node) {
  static const llvm::StringSet<> signedOps = {
      "Div",         "Mod",        "Less",
      "LessOrEqual", "Greater",    "GreaterOrEqual",
      "Max",         "Min",        "ArgMax",
      "ArgMin",      "TopK",       "ReduceMax",
      "ReduceMin",   "ReduceMean", "Mean",
      "Clip",        "Pow",        "Relu",
      "Sign",        "Abs",        "Hardmax",
      "MaxPool",     "Sort"};
  if (!signedOps.contains(node.op_type()))
    return success();
  for (int i = 0; i < node.input_size(); ++i) {
    Value input = c.lookup(node.input(i));
    if (!input || !c.getStorageType(input).isUnsignedInteger(64))
      continue;
    c.emitNodeError(node) << "reads UINT64 input #" << i << " '"
                          << node.input(i)
                          << "'; SIC computes UINT64 values as INT64, and "
                          << node.op_type()
                          << " would read those from 2^63 up as negative";
    return failure();
  }
  return success();
}

} // namespace

std::optional<LogicalResult>
mlir::sic::convertOnnxNode(OnnxConversion &conversion,
                           const onnx::NodeProto &node) {
  llvm::StringSet<> outer = conversion.beginNode();
  auto restore =
      llvm::make_scope_exit([&] { conversion.endNode(std::move(outer)); });
  // Operators newer than the oldest opset SIC reads.
  static const llvm::StringMap<int64_t> introduced = {
      {"Sin", 7},
      {"Cos", 7},
      {"Tan", 7},
      {"Asin", 7},
      {"Acos", 7},
      {"Atan", 7},
      {"Erf", 9},
      {"Sign", 9},
      {"Sinh", 9},
      {"Cosh", 9},
      {"Asinh", 9},
      {"Acosh", 9},
      {"Atanh", 9},
      {"Round", 11},
      {"HardSwish", 14},
      {"ConstantOfShape", 9},
      {"Range", 11},
      {"LayerNormalization", 17},
      {"Where", 9},
      {"LessOrEqual", 12},
      {"GreaterOrEqual", 12},
      {"Shrink", 9},
      {"IsNaN", 9},
      {"OneHot", 9},
      {"IsInf", 10},
      {"Mod", 10},
      {"Einsum", 12},
      {"CastLike", 15},
      {"BitShift", 11},
      {"QuantizeLinear", 10},
      {"DequantizeLinear", 10},
      {"DynamicQuantizeLinear", 11},
      {"BitwiseAnd", 18},
      {"BitwiseOr", 18},
      {"BitwiseXor", 18},
      {"BitwiseNot", 18},
      {"CumSum", 11},
      {"Det", 11},
      {"RoiAlign", 10},
      {"ThresholdedRelu", 10},
      {"MaxUnpool", 9},
      {"GridSample", 16},
      {"DFT", 17},
      {"STFT", 17},
      {"ReverseSequence", 10},
      {"NonZero", 9},
      {"Compress", 9},
      {"Unique", 11},
      {"NonMaxSuppression", 10}};
  if (auto it = introduced.find(node.op_type());
      it != introduced.end() && conversion.getOpset() < it->second) {
    conversion.emitNodeError(node)
        << node.op_type() << " exists from opset " << it->second
        << ", but the model imports opset " << conversion.getOpset();
    return failure();
  }
  const llvm::StringMap<Converter> &converters = getConverters();
  auto it = converters.find(node.op_type());
  if (it == converters.end())
    return std::nullopt;
  if (failed(checkUnsigned64(conversion, node)))
    return failure();
  if (failed(it->second(conversion, node)))
    return failure();
  return conversion.checkAttributesRead(node);
}
