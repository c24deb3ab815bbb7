//===- OnnxCumSum.cpp - ONNX CumSum as a log-step scan -------------------===//
//
// CumSum along an axis of n elements in ceil(log2 n) steps (Hillis and
// Steele): step k adds to every element the one 2^k before it along the
// axis (after it when reversed), read from the input shifted by a pad of
// 2^k zeros; after the steps each element holds the sum of every element
// up to it. An exclusive sum first shifts the input by one. Every sum holds
// exactly the terms ONNX sums (plus exact zeros), associated as a tree:
// O(n log n) additions over the tensor, each step one fused pass.
//
//===----------------------------------------------------------------------===//

#include "OnnxConverters.h"

using namespace mlir;
using namespace mlir::sic;

namespace {

/// `x` shifted by `distance` along `axis` (toward the end, or toward the
/// start when `reverse`), `zero` shifted in.
Value shift(NodeBuilder &b, Value x, int64_t axis, int64_t distance,
            bool reverse, float zero) {
  int64_t rank = cast<RankedTensorType>(x.getType()).getRank();
  SmallVector<int64_t, 8> pads(2 * rank, 0);
  pads[axis] = reverse ? -distance : distance;
  pads[rank + axis] = reverse ? distance : -distance;
  return b.create<PadOp>(ValueRange{x}, ArrayRef<int64_t>(pads),
                         PadMode::constant, APFloat(zero));
}

} // namespace

LogicalResult mlir::sic::convertCumSum(OnnxConversion &c,
                                       const onnx::NodeProto &node) {
  if (failed(expectInputs(c, node, 2, 2)))
    return failure();
  FailureOr<int64_t> exclusive = c.getInt(node, "exclusive", 0);
  FailureOr<int64_t> reverse = c.getInt(node, "reverse", 0);
  FailureOr<Value> input = c.getInputValue(node, 0);
  FailureOr<SmallVector<int64_t, 4>> axes = c.getConstantInts(node, 1);
  if (failed(exclusive) || failed(reverse) || failed(input) || failed(axes))
    return failure();
  auto type = cast<RankedTensorType>(input->getType());
  int64_t rank = type.getRank();
  if (axes->size() != 1 || (*axes)[0] < -rank || (*axes)[0] >= rank) {
    auto diagnostic = c.emitNodeError(node);
    diagnostic << "input #1 '" << c.getInput(node, 1)
               << "' (the axis) must hold one value in [" << -rank << ", "
               << rank << "), got [";
    llvm::interleaveComma(*axes, diagnostic);
    diagnostic << "]";
    return failure();
  }
  int64_t axis = (*axes)[0] < 0 ? (*axes)[0] + rank : (*axes)[0];
  Type element = type.getElementType();
  if (!element.isF32() && !element.isF64() && !element.isInteger(32) &&
      !element.isInteger(64)) {
    c.emitNodeError(node) << "sums f32, f64, i32 or i64, got " << element;
    return failure();
  }
  if (type.getDimSize(axis) == 0)
    return c.bindOutputs(node, *input);
  NodeBuilder b(c, node);
  // An exclusive sum starts from 0 (an empty sum); the steps add -0, which
  // leaves every value as it is, -0 included.
  Value sum = *exclusive ? shift(b, *input, axis, 1, *reverse, 0.0f) : *input;
  for (int64_t distance = 1; distance < type.getDimSize(axis); distance *= 2)
    sum = b.create<AddOp>(
        ValueRange{sum, shift(b, sum, axis, distance, *reverse, -0.0f)});
  return b.bind(sum);
}
