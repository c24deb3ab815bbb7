//===- OnnxComputeOps.cpp - ONNX Gemm, Clip, normalizations, reductions ---===//
//
// The converters of the ONNX operators that compute (beyond one-to-one
// elementwise ops): Gemm, Clip, BatchNormalization, Softmax,
// LayerNormalization, the reductions and Cast.
//
//===----------------------------------------------------------------------===//

#include "OnnxConverters.h"
#include "OnnxTensors.h"

#include "sic/Import/GraphBuilder.h"
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
  // attributes; any other bound is max(x, min) then min(., max).
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

LogicalResult mlir::sic::convertBatchNorm(OnnxConversion &c,
                                          const onnx::NodeProto &node) {
  if (failed(expectInputs(c, node, 5, 5)))
    return failure();
  FailureOr<float> epsilon = c.getFloat(node, "epsilon", 1e-5f);
  FailureOr<int64_t> training = c.getInt(node, "training_mode", 0);
  c.ignoreAttribute("momentum"); // only training updates the statistics
  // Before opset 7: inference whatever is_test says, as in onnxruntime.
  if (c.getOpset() < 7)
    c.ignoreAttribute("is_test");
  // Before opset 9: statistics per channel (spatial = 1) or per element.
  FailureOr<int64_t> spatial =
      c.getOpset() < 9 ? c.getInt(node, "spatial", 1) : FailureOr<int64_t>(1);
  if (failed(epsilon) || failed(training) || failed(spatial))
    return failure();
  if (*training != 0) {
    c.emitNodeError(node) << "training_mode is not supported for inference";
    return failure();
  }
  if (*spatial != 1) {
    c.emitNodeError(node) << "spatial = " << *spatial
                          << " (statistics per element, opset < 9) is not "
                             "supported; SIC normalizes per channel";
    return failure();
  }
  FailureOr<SmallVector<Value>> inputs = c.getPresentInputValues(node, 5);
  if (failed(inputs))
    return failure();
  return c.emit<BatchNormOp>(node, *inputs, APFloat(*epsilon));
}

LogicalResult mlir::sic::convertSoftmax(OnnxConversion &c,
                                        const onnx::NodeProto &node) {
  if (failed(expectInputs(c, node, 1, 1)))
    return failure();
  FailureOr<int64_t> axis = c.getInt(node, "axis", c.getOpset() < 13 ? 1 : -1);
  if (failed(axis))
    return failure();
  if (c.getOpset() < 13) {
    // Before opset 13 Softmax flattened the input at `axis`; that is a
    // softmax along one axis only when `axis` is the last one.
    FailureOr<ArrayRef<int64_t>> shape = c.getInputShape(node, 0);
    if (failed(shape))
      return failure();
    std::optional<int64_t> normalized = normalizeAxis(*axis, shape->size());
    if (!normalized || *normalized != int64_t(shape->size()) - 1) {
      c.emitNodeError(node) << "before opset 13, Softmax is supported only "
                               "along the last axis";
      return failure();
    }
  }
  FailureOr<Value> input = c.getInputValue(node, 0);
  if (failed(input))
    return failure();
  return c.emit<SoftmaxOp>(node, *input, *axis);
}

LogicalResult mlir::sic::convertLayerNorm(OnnxConversion &c,
                                          const onnx::NodeProto &node) {
  if (failed(expectInputs(c, node, 2, 3)))
    return failure();
  FailureOr<int64_t> axis = c.getInt(node, "axis", -1);
  FailureOr<float> epsilon = c.getFloat(node, "epsilon", 1e-5f);
  c.ignoreAttribute("stash_type"); // SIC normalizes in f32
  FailureOr<SmallVector<Value>> inputs = c.getPresentInputValues(node, 3);
  if (failed(axis) || failed(epsilon) || failed(inputs))
    return failure();
  return c.emit<LayerNormOp>(node, *inputs, *axis, APFloat(*epsilon));
}

template <typename OpT>
LogicalResult mlir::sic::convertReduce(OnnxConversion &c,
                                       const onnx::NodeProto &node,
                                       int64_t axesInputSince) {
  if (failed(expectInputs(c, node, 1, c.getOpset() < axesInputSince ? 1 : 2)))
    return failure();
  FailureOr<int64_t> keepdims = c.getInt(node, "keepdims", 1);
  FailureOr<int64_t> noop = c.getInt(node, "noop_with_empty_axes", 0);
  if (failed(keepdims) || failed(noop))
    return failure();
  FailureOr<SmallVector<int64_t, 4>> axes = SmallVector<int64_t, 4>();
  if (c.getOpset() < axesInputSince)
    axes = c.getInts(node, "axes", SmallVector<int64_t, 4>());
  else if (!c.getInput(node, 1).empty())
    axes = c.getConstantInts(node, 1);
  if (failed(axes))
    return failure();
  if (axes->empty() && *noop)
    return c.alias(node, 0);
  FailureOr<Value> input = c.getInputValue(node, 0);
  if (failed(input))
    return failure();
  return c.emit<OpT>(node, *input, *axes, *keepdims != 0);
}

template LogicalResult
mlir::sic::convertReduce<ReduceMeanOp>(OnnxConversion &,
                                       const onnx::NodeProto &, int64_t);
template LogicalResult
mlir::sic::convertReduce<ReduceSumOp>(OnnxConversion &, const onnx::NodeProto &,
                                      int64_t);
template LogicalResult
mlir::sic::convertReduce<ReduceMaxOp>(OnnxConversion &, const onnx::NodeProto &,
                                      int64_t);

template <typename OpT>
LogicalResult mlir::sic::convertArgReduce(OnnxConversion &c,
                                          const onnx::NodeProto &node) {
  if (failed(expectInputs(c, node, 1, 1)))
    return failure();
  FailureOr<int64_t> axis = c.getInt(node, "axis", 0);
  FailureOr<int64_t> keepdims = c.getInt(node, "keepdims", 1);
  // select_last_index exists from opset 12.
  FailureOr<int64_t> last = c.getOpset() >= 12
                                ? c.getInt(node, "select_last_index", 0)
                                : FailureOr<int64_t>(0);
  FailureOr<Value> input = c.getInputValue(node, 0);
  if (failed(axis) || failed(keepdims) || failed(last) || failed(input))
    return failure();
  return c.emit<OpT>(node, *input, *axis, *keepdims != 0, *last != 0);
}

template LogicalResult
mlir::sic::convertArgReduce<ArgMaxOp>(OnnxConversion &,
                                      const onnx::NodeProto &);
template LogicalResult
mlir::sic::convertArgReduce<ArgMinOp>(OnnxConversion &,
                                      const onnx::NodeProto &);

LogicalResult mlir::sic::convertCast(OnnxConversion &c,
                                     const onnx::NodeProto &node) {
  if (failed(expectInputs(c, node, 1, 1)))
    return failure();
  FailureOr<int64_t> to = c.getInt(node, "to");
  if (failed(to))
    return failure();
  std::optional<ElementType> type = getOnnxElementType(*to);
  if (!type) {
    c.emitNodeError(node) << "casts to an element type SIC does not support";
    return failure();
  }
  FailureOr<Value> input = c.getInputValue(node, 0);
  if (failed(input))
    return failure();
  return c.emit<CastOp>(
      node, *input,
      TypeAttr::get(getMlirElementType(c.getBuilder().getContext(), *type)));
}
