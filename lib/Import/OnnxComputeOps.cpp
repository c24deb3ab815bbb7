//===- OnnxComputeOps.cpp - ONNX Gemm, Clip, normalizations, reductions ---===//
//
// The converters of the ONNX operators that compute (beyond one-to-one
// elementwise ops): Gemm, Clip, BatchNormalization, Softmax,
// LayerNormalization, the reductions and Cast.
//
//===----------------------------------------------------------------------===//

#include "OnnxConverters.h"
#include "OnnxTensors.h"

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
  if (failed(alpha) || failed(beta) || failed(transA) || failed(transB))
    return failure();
  return emitNode(c, node, "gemm", getPresentInputs(c, node, 3),
                  {{"alpha", *alpha},
                   {"beta", *beta},
                   {"trans_a", *transA},
                   {"trans_b", *transB}});
}

LogicalResult mlir::sic::convertClip(OnnxConversion &c,
                                     const onnx::NodeProto &node) {
  if (failed(expectInputs(c, node, 1, 3)))
    return failure();
  Attributes attributes;
  const std::string names[] = {"min", "max"};
  for (auto [index, name] : llvm::enumerate(names)) {
    std::optional<float> bound;
    if (c.getOpset() < 11) {
      if (c.hasAttribute(node, name)) {
        FailureOr<float> value = c.getFloat(node, name);
        if (failed(value))
          return failure();
        bound = *value;
      }
    } else if (!c.getInput(node, 1 + index).empty()) {
      FailureOr<float> value = c.getConstantFloat(node, 1 + index);
      if (failed(value))
        return failure();
      bound = *value;
    }
    if (bound)
      attributes.push_back({name, AttributeDescription::Value(*bound)});
  }
  return emitNode(c, node, "clip", {c.getInput(node, 0)},
                  std::move(attributes));
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
  return emitNode(c, node, "batch_norm", getPresentInputs(c, node, 5),
                  {{"epsilon", *epsilon}});
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
  return emitNode(c, node, "softmax", {c.getInput(node, 0)}, {{"axis", *axis}});
}

LogicalResult mlir::sic::convertLayerNorm(OnnxConversion &c,
                                          const onnx::NodeProto &node) {
  if (failed(expectInputs(c, node, 2, 3)))
    return failure();
  FailureOr<int64_t> axis = c.getInt(node, "axis", -1);
  FailureOr<float> epsilon = c.getFloat(node, "epsilon", 1e-5f);
  c.ignoreAttribute("stash_type"); // SIC normalizes in f32
  if (failed(axis) || failed(epsilon))
    return failure();
  return emitNode(c, node, "layer_norm", getPresentInputs(c, node, 3),
                  {{"axis", *axis}, {"epsilon", *epsilon}});
}

LogicalResult mlir::sic::convertReduce(OnnxConversion &c,
                                       const onnx::NodeProto &node,
                                       StringRef op, int64_t axesInputSince) {
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
    return c.alias(node, c.getInput(node, 0));
  return emitNode(c, node, op, {c.getInput(node, 0)},
                  {{"axes", *axes}, {"keepdims", *keepdims}});
}

LogicalResult mlir::sic::convertArgReduce(OnnxConversion &c,
                                          const onnx::NodeProto &node,
                                          StringRef op) {
  if (failed(expectInputs(c, node, 1, 1)))
    return failure();
  FailureOr<int64_t> axis = c.getInt(node, "axis", 0);
  FailureOr<int64_t> keepdims = c.getInt(node, "keepdims", 1);
  // select_last_index exists from opset 12.
  FailureOr<int64_t> last = c.getOpset() >= 12
                                ? c.getInt(node, "select_last_index", 0)
                                : FailureOr<int64_t>(0);
  if (failed(axis) || failed(keepdims) || failed(last))
    return failure();
  return emitNode(
      c, node, op, {c.getInput(node, 0)},
      {{"axis", *axis}, {"keepdims", *keepdims}, {"select_last_index", *last}});
}

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
  const char *name = *type == ElementType::F32   ? "f32"
                     : *type == ElementType::I32 ? "i32"
                                                 : "i64";
  return emitNode(c, node, "cast", {c.getInput(node, 0)},
                  {{"to", std::string(name)}});
}
