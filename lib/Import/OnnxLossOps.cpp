//===- OnnxLossOps.cpp - ONNX NegativeLogLikelihoodLoss and friends -------===//
//
// NegativeLogLikelihoodLoss and SoftmaxCrossEntropyLoss with constant
// targets (the class of each sample, known when the model is compiled):
// gather_elements picks each sample's input at its class, a gather picks its
// class weight, and the reduction is a sum (divided by the total weight for
// "mean"). A target equal to ignore_index contributes nothing and weighs
// nothing; any other target must be a class in range.
//
//===----------------------------------------------------------------------===//

#include "OnnxConverters.h"

#include "sic/Support/ShapeRules.h"

using namespace mlir;
using namespace mlir::sic;

namespace {

/// The loss of `scores` (N, C, d1, ...) against the constant target input
/// #`targetInput` of `node`, with the optional weight input
/// #`weightInput`; fails (reporting it) on a target out of range.
LogicalResult buildNllLoss(OnnxConversion &c, const onnx::NodeProto &node,
                           NodeBuilder &b, Value scores, int targetInput,
                           int weightInput, Value logProbabilities) {
  FailureOr<std::string> reduction = c.getString(node, "reduction", "mean");
  std::optional<int64_t> ignored;
  if (c.hasAttribute(node, "ignore_index")) {
    FailureOr<int64_t> index = c.getInt(node, "ignore_index");
    if (failed(index))
      return failure();
    ignored = *index;
  }
  FailureOr<SmallVector<int64_t, 4>> targets =
      c.getConstantIntTensor(node, targetInput);
  FailureOr<ArrayRef<int64_t>> targetShape = c.getInputShape(node, targetInput);
  if (failed(reduction) || failed(targets) || failed(targetShape))
    return failure();
  if (*reduction != "mean" && *reduction != "sum" && *reduction != "none") {
    c.emitNodeError(node) << "reduction '" << *reduction
                          << "' is not one of none, sum, mean";
    return failure();
  }
  ArrayRef<int64_t> shape = cast<RankedTensorType>(scores.getType()).getShape();
  SmallVector<int64_t, 4> expected(shape);
  if (shape.size() >= 2)
    expected.erase(expected.begin() + 1);
  if (shape.size() < 2 || *targetShape != ArrayRef<int64_t>(expected)) {
    c.emitNodeError(node) << "expects scores (N, C, ...) and a target of "
                             "their shape without C";
    return failure();
  }
  int64_t classes = shape[1];
  // Ignored targets read class 0 and weigh 0.
  std::vector<int64_t> classIndex(targets->size());
  std::vector<float> kept(targets->size());
  int64_t counted = 0;
  for (auto [i, target] : llvm::enumerate(*targets)) {
    bool ignore = ignored && target == *ignored;
    if (!ignore && (target < 0 || target >= classes)) {
      c.emitNodeError(node) << "target holds class " << target
                            << ", out of range for " << classes << " classes";
      return failure();
    }
    classIndex[i] = ignore ? 0 : target;
    kept[i] = ignore ? 0.0f : 1.0f;
    counted += !ignore;
  }
  OpBuilder &builder = c.getBuilder();
  auto bytes = [](const auto &values) {
    return ArrayRef<char>(reinterpret_cast<const char *>(values.data()),
                          values.size() * sizeof(values[0]));
  };
  SmallVector<int64_t, 4> pickShape(*targetShape);
  pickShape.insert(pickShape.begin() + 1, 1);
  std::string name = c.getConstantName(node);
  Value picked = b.create<GatherElementsOp>(
      ValueRange{scores, c.createConstant(name,
                                          RankedTensorType::get(
                                              pickShape, builder.getI64Type()),
                                          bytes(classIndex))},
      int64_t(1));
  picked = b.create<ReshapeOp>(ValueRange{picked}, *targetShape);
  // Each sample's weight: its class weight (when given), 0 if ignored.
  Value weight;
  auto targetType = [&](Type element) {
    return RankedTensorType::get(*targetShape, element);
  };
  if (!c.getInput(node, weightInput).empty()) {
    FailureOr<Value> weights = c.getInputValue(node, weightInput);
    if (failed(weights))
      return failure();
    weight = b.create<GatherOp>(
        ValueRange{*weights,
                   c.createConstant(name, targetType(builder.getI64Type()),
                                    bytes(classIndex))},
        int64_t(0));
  }
  if (counted != int64_t(targets->size())) {
    Value mask =
        c.createConstant(name, targetType(builder.getF32Type()), bytes(kept));
    weight = weight ? b.create<MulOp>(ValueRange{weight, mask}) : mask;
  }
  Value loss = b.create<NegOp>(ValueRange{
      weight ? b.create<MulOp>(ValueRange{picked, weight}) : picked});
  if (*reduction != "none") {
    Value total =
        b.create<ReduceSumOp>(ValueRange{loss}, ArrayRef<int64_t>{}, false);
    if (*reduction == "mean") {
      Value count = weight ? b.create<ReduceSumOp>(ValueRange{weight},
                                                   ArrayRef<int64_t>{}, false)
                           : b.scalar(float(counted));
      total = b.create<DivOp>(ValueRange{total, count});
    }
    loss = total;
  }
  if (logProbabilities)
    return b.bind({loss, logProbabilities});
  return b.bind(loss);
}

} // namespace

LogicalResult mlir::sic::convertNllLoss(OnnxConversion &c,
                                        const onnx::NodeProto &node) {
  if (failed(expectInputs(c, node, 2, 3)))
    return failure();
  FailureOr<Value> input = c.getInputValue(node, 0);
  if (failed(input))
    return failure();
  NodeBuilder b(c, node);
  return buildNllLoss(c, node, b, *input, 1, 2, nullptr);
}

LogicalResult
mlir::sic::convertSoftmaxCrossEntropy(OnnxConversion &c,
                                      const onnx::NodeProto &node) {
  if (failed(expectInputs(c, node, 2, 3)))
    return failure();
  FailureOr<Value> scores = c.getInputValue(node, 0);
  if (failed(scores))
    return failure();
  if (cast<RankedTensorType>(scores->getType()).getRank() < 2) {
    c.emitNodeError(node) << "expects scores (N, C, ...)";
    return failure();
  }
  // The log-probabilities over the classes (axis 1).
  NodeBuilder b(c, node);
  Value logProbabilities = buildSoftmax(b, *scores, {1}, /*logarithm=*/true);
  if (!logProbabilities)
    return failure();
  return buildNllLoss(c, node, b, logProbabilities, 1, 2, logProbabilities);
}
