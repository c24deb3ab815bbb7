//===- OnnxDataMovementOps.cpp - ONNX shape and data movement operators ---===//
//
// The converters of Reshape, Transpose, Concat, Slice, Squeeze, Unsqueeze,
// Flatten, Pad and Gather. The inputs ONNX passes as tensors but SIC
// needs as attributes (Reshape's shape, Slice's starts, ...) must be
// constants.
//
//===----------------------------------------------------------------------===//

#include "OnnxConverters.h"
#include "OnnxTensors.h"

#include "sic/Support/ShapeRules.h"

using namespace mlir;
using namespace mlir::sic;

LogicalResult mlir::sic::convertReshape(OnnxConversion &c,
                                        const onnx::NodeProto &node) {
  if (failed(expectInputs(c, node, 2, 2)))
    return failure();
  FailureOr<ArrayRef<int64_t>> input = c.getInputShape(node, 0);
  FailureOr<ArrayRef<int64_t>> targetShape = c.getInputShape(node, 1);
  FailureOr<SmallVector<int64_t, 4>> target = c.getConstantInts(node, 1);
  FailureOr<int64_t> allowZero = c.getInt(node, "allowzero", 0);
  if (failed(input) || failed(targetShape) || failed(target) ||
      failed(allowZero))
    return failure();
  if (targetShape->size() != 1) {
    c.emitNodeError(node) << "its shape input must be 1-D, got rank "
                          << targetShape->size();
    return failure();
  }
  // Resolve 0 (copy the input's dimension) and -1 (whatever is left).
  SmallVector<int64_t, 4> shape;
  std::optional<size_t> inferred;
  for (auto [index, dim] : llvm::enumerate(*target)) {
    if (dim == 0 && !*allowZero) {
      if (index >= input->size()) {
        c.emitNodeError(node)
            << "shape entry " << index << " is 0, but the input has rank "
            << input->size();
        return failure();
      }
      dim = (*input)[index];
    } else if (dim == -1 && !inferred) {
      inferred = index;
      dim = 1;
    } else if (dim < 0) {
      c.emitNodeError(node) << "has an invalid target shape entry " << dim;
      return failure();
    }
    shape.push_back(dim);
  }
  if (inferred) {
    std::optional<int64_t> total = getElementCount(*input);
    std::optional<int64_t> known = getElementCount(shape);
    if (!total || !known || *known == 0 || *total % *known != 0) {
      c.emitNodeError(node) << "cannot infer the -1 entry of the target shape";
      return failure();
    }
    shape[*inferred] = *total / *known;
  }
  return c.emit<ReshapeOp>(node, c.lookup(c.getInput(node, 0)), shape);
}

LogicalResult mlir::sic::convertTranspose(OnnxConversion &c,
                                          const onnx::NodeProto &node) {
  if (failed(expectInputs(c, node, 1, 1)))
    return failure();
  FailureOr<ArrayRef<int64_t>> input = c.getInputShape(node, 0);
  if (failed(input))
    return failure();
  SmallVector<int64_t, 4> reversed;
  for (int64_t i = input->size() - 1; i >= 0; --i)
    reversed.push_back(i);
  FailureOr<SmallVector<int64_t, 4>> perm = c.getInts(node, "perm", reversed);
  if (failed(perm))
    return failure();
  return c.emit<TransposeOp>(node, c.lookup(c.getInput(node, 0)), *perm);
}

LogicalResult mlir::sic::convertConcat(OnnxConversion &c,
                                       const onnx::NodeProto &node) {
  // Before opset 4, axis was optional and 1 by default.
  FailureOr<int64_t> axis =
      c.getOpset() < 4 ? c.getInt(node, "axis", 1) : c.getInt(node, "axis");
  FailureOr<SmallVector<Value>> inputs =
      c.getPresentInputValues(node, node.input_size());
  if (failed(axis) || failed(inputs))
    return failure();
  return c.emit<ConcatOp>(node, *inputs, *axis);
}

LogicalResult mlir::sic::convertSlice(OnnxConversion &c,
                                      const onnx::NodeProto &node) {
  if (failed(expectInputs(c, node, c.getOpset() < 10 ? 1 : 3,
                          c.getOpset() < 10 ? 1 : 5)))
    return failure();
  FailureOr<ArrayRef<int64_t>> input = c.getInputShape(node, 0);
  if (failed(input))
    return failure();
  FailureOr<SmallVector<int64_t, 4>> starts, ends, axes, steps;
  if (c.getOpset() < 10) {
    starts = c.getInts(node, "starts");
    ends = c.getInts(node, "ends");
  } else {
    starts = c.getConstantInts(node, 1);
    ends = c.getConstantInts(node, 2);
  }
  if (failed(starts) || failed(ends))
    return failure();
  SmallVector<int64_t, 4> allAxes, ones(starts->size(), 1);
  for (size_t i = 0; i < starts->size(); ++i)
    allAxes.push_back(i);
  if (c.getOpset() < 10)
    axes = c.getInts(node, "axes", allAxes);
  else
    axes = c.getInput(node, 3).empty() ? FailureOr(allAxes)
                                       : c.getConstantInts(node, 3);
  steps = c.getOpset() < 10 || c.getInput(node, 4).empty()
              ? FailureOr(ones)
              : c.getConstantInts(node, 4);
  if (failed(axes) || failed(steps))
    return failure();
  return c.emit<SliceOp>(node, c.lookup(c.getInput(node, 0)), *starts, *ends,
                         *axes, *steps);
}

LogicalResult mlir::sic::convertSqueeze(OnnxConversion &c,
                                        const onnx::NodeProto &node,
                                        bool unsqueeze) {
  if (failed(expectInputs(c, node, 1, 2)))
    return failure();
  // An empty list stands for "no axes given" (Squeeze then removes every
  // dimension of size 1).
  FailureOr<SmallVector<int64_t, 4>> axes = SmallVector<int64_t, 4>();
  if (c.getOpset() < 13) {
    if (unsqueeze || c.hasAttribute(node, "axes"))
      axes = c.getInts(node, "axes");
  } else if (!c.getInput(node, 1).empty()) {
    axes = c.getConstantInts(node, 1);
  } else if (unsqueeze) {
    c.emitNodeError(node) << "needs its axes input";
    return failure();
  }
  if (failed(axes))
    return failure();
  FailureOr<Value> input = c.getInputValue(node, 0);
  if (failed(input))
    return failure();
  if (unsqueeze)
    return c.emit<UnsqueezeOp>(node, *input, *axes);
  if (axes->empty()) {
    // No axes: squeeze every dimension of size 1.
    for (auto [index, dim] :
         llvm::enumerate(cast<RankedTensorType>(input->getType()).getShape()))
      if (dim == 1)
        axes->push_back(index);
  }
  return c.emit<SqueezeOp>(node, *input, *axes);
}

LogicalResult mlir::sic::convertFlatten(OnnxConversion &c,
                                        const onnx::NodeProto &node) {
  if (failed(expectInputs(c, node, 1, 1)))
    return failure();
  FailureOr<int64_t> axis = c.getInt(node, "axis", 1);
  FailureOr<Value> input = c.getInputValue(node, 0);
  if (failed(axis) || failed(input))
    return failure();
  return c.emit<FlattenOp>(node, *input, *axis);
}

LogicalResult mlir::sic::convertPad(OnnxConversion &c,
                                    const onnx::NodeProto &node) {
  if (failed(expectInputs(c, node, 1, c.getOpset() < 11 ? 1 : 4)))
    return failure();
  FailureOr<std::string> modeName = c.getString(node, "mode", "constant");
  FailureOr<Value> input = c.getInputValue(node, 0);
  if (failed(modeName) || failed(input))
    return failure();
  std::optional<PadMode> mode = symbolizePadMode(*modeName);
  if (!mode) {
    c.emitNodeError(node) << "mode '" << *modeName
                          << "' is not supported (constant, reflect, edge)";
    return failure();
  }
  FailureOr<SmallVector<int64_t, 4>> pads;
  FailureOr<float> value = 0.0f;
  if (c.getOpset() < 11) {
    pads = c.getInts(node, "pads");
    value = c.getFloat(node, "value", 0.0f);
  } else {
    pads = c.getConstantInts(node, 1);
    if (!c.getInput(node, 2).empty())
      value = c.getConstantFloat(node, 2);
    if (!c.getInput(node, 3).empty()) {
      c.emitNodeError(node) << "the axes input is not supported";
      return failure();
    }
  }
  if (failed(pads) || failed(value))
    return failure();
  return c.emit<PadOp>(node, *input, *pads, *mode, APFloat(*value));
}

LogicalResult mlir::sic::convertGather(OnnxConversion &c,
                                       const onnx::NodeProto &node) {
  if (failed(expectInputs(c, node, 2, 2)))
    return failure();
  FailureOr<int64_t> axis = c.getInt(node, "axis", 0);
  FailureOr<SmallVector<Value>> inputs = c.getPresentInputValues(node, 2);
  if (failed(axis) || failed(inputs))
    return failure();
  return c.emit<GatherOp>(node, *inputs, *axis);
}
