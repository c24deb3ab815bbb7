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

#include "llvm/Support/CheckedArithmetic.h"

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

/// Pad's `pads` for the dims its axes input (#3, constant) names, as pads
/// for every dim of a tensor of rank `rank` (0 for the others).
static FailureOr<SmallVector<int64_t, 4>>
expandPadAxes(OnnxConversion &c, const onnx::NodeProto &node,
              ArrayRef<int64_t> pads, int64_t rank) {
  FailureOr<SmallVector<int64_t, 4>> axes = c.getConstantInts(node, 3);
  if (failed(axes))
    return failure();
  if (pads.size() != 2 * axes->size()) {
    c.emitNodeError(node) << "has " << pads.size() << " pads for "
                          << axes->size() << " axes; expects twice as many";
    return failure();
  }
  SmallVector<int64_t, 4> full(2 * rank, 0);
  SmallVector<bool> seen(rank, false);
  for (auto [index, axis] : llvm::enumerate(*axes)) {
    std::optional<int64_t> dim = normalizeAxis(axis, rank);
    if (!dim || seen[*dim]) {
      c.emitNodeError(node)
          << "axis " << axis
          << (dim ? " is repeated" : " is out of range for rank ")
          << (dim ? "" : std::to_string(rank));
      return failure();
    }
    seen[*dim] = true;
    full[*dim] = pads[index];
    full[rank + *dim] = pads[axes->size() + index];
  }
  return full;
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
  // A constant value computed at run time: padded with 0, then selected.
  Value runtimeValue;
  if (c.getOpset() < 11) {
    pads = c.getInts(node, "pads");
    value = c.getFloat(node, "value", 0.0f);
  } else {
    pads = c.getConstantInts(node, 1);
    Value given = c.lookup(c.getInput(node, 2));
    if (given && !given.getDefiningOp<ConstantOp>() &&
        *mode == PadMode::constant)
      runtimeValue = given;
    else if (!c.getInput(node, 2).empty())
      value = c.getConstantFloat(node, 2);
    if (succeeded(pads) && !c.getInput(node, 3).empty())
      pads = expandPadAxes(c, node, *pads,
                           cast<RankedTensorType>(input->getType()).getRank());
  }
  if (failed(pads) || failed(value))
    return failure();
  if (!runtimeValue)
    return c.emit<PadOp>(node, *input, *pads, *mode, APFloat(*value));
  // The border: a constant mask, true where the padding goes (it folds).
  NodeBuilder b(c, node);
  auto type = cast<RankedTensorType>(input->getType());
  auto maskType = type.clone(c.getBuilder().getI1Type());
  Value inside = c.createConstant(c.getConstantName(node),
                                  DenseElementsAttr::get(maskType, false));
  Value border = b.create<PadOp>(ValueRange{inside}, *pads, PadMode::constant,
                                 APFloat(1.0f));
  Value padded = b.create<PadOp>(ValueRange{*input}, *pads, PadMode::constant,
                                 APFloat(0.0f));
  return b.bind(b.create<WhereOp>(ValueRange{border, runtimeValue, padded}));
}

LogicalResult mlir::sic::convertGatherND(OnnxConversion &c,
                                         const onnx::NodeProto &node) {
  if (failed(expectInputs(c, node, 2, 2)))
    return failure();
  FailureOr<int64_t> batchDims = c.getOpset() >= 12
                                     ? c.getInt(node, "batch_dims", 0)
                                     : FailureOr<int64_t>(0);
  FailureOr<SmallVector<Value>> inputs = c.getPresentInputValues(node, 2);
  if (failed(batchDims) || failed(inputs))
    return failure();
  return c.emit<GatherNDOp>(node, *inputs, *batchDims);
}

LogicalResult mlir::sic::convertScatter(OnnxConversion &c,
                                        const onnx::NodeProto &node,
                                        bool elements) {
  if (failed(expectInputs(c, node, 3, 3)))
    return failure();
  FailureOr<int64_t> axis =
      elements ? c.getInt(node, "axis", 0) : FailureOr<int64_t>(0);
  // reduction exists from opset 16 (none, add, mul), max and min from 18.
  FailureOr<std::string> reductionName =
      c.getOpset() >= 16 ? c.getString(node, "reduction", "none")
                         : FailureOr<std::string>(std::string("none"));
  FailureOr<SmallVector<Value>> inputs = c.getPresentInputValues(node, 3);
  if (failed(axis) || failed(reductionName) || failed(inputs))
    return failure();
  std::optional<ScatterReduction> reduction =
      symbolizeScatterReduction(*reductionName);
  if (!reduction) {
    c.emitNodeError(node) << "has reduction '" << *reductionName
                          << "'; expects none, add, mul, max or min";
    return failure();
  }
  if (elements)
    return c.emit<ScatterElementsOp>(node, *inputs, *axis, *reduction);
  return c.emit<ScatterNDOp>(node, *inputs, *reduction);
}

LogicalResult mlir::sic::convertSplit(OnnxConversion &c,
                                      const onnx::NodeProto &node) {
  if (failed(expectInputs(c, node, 1, c.getOpset() < 13 ? 1 : 2)))
    return failure();
  FailureOr<int64_t> axis = c.getInt(node, "axis", 0);
  FailureOr<Value> input = c.getInputValue(node, 0);
  // The sizes: an attribute before opset 13, an input from it.
  FailureOr<SmallVector<int64_t, 4>> sizes = SmallVector<int64_t, 4>();
  if (c.getOpset() < 13 && c.hasAttribute(node, "split"))
    sizes = c.getInts(node, "split");
  else if (c.getOpset() >= 13 && !c.getInput(node, 1).empty())
    sizes = c.getConstantInts(node, 1);
  // num_outputs exists from opset 18.
  std::optional<int64_t> parts;
  if (c.getOpset() >= 18 && c.hasAttribute(node, "num_outputs")) {
    FailureOr<int64_t> count = c.getInt(node, "num_outputs");
    if (failed(count))
      return failure();
    parts = *count;
  }
  if (failed(axis) || failed(input) || failed(sizes))
    return failure();
  ArrayRef<int64_t> shape = cast<RankedTensorType>(input->getType()).getShape();
  std::optional<int64_t> dim = normalizeAxis(*axis, shape.size());
  if (!dim) {
    c.emitNodeError(node) << "axis " << *axis << " is out of range for rank "
                          << shape.size();
    return failure();
  }
  int64_t size = shape[*dim], outputs = node.output_size();
  if (sizes->empty()) {
    int64_t count = parts.value_or(outputs);
    if (count < 1 || count != outputs) {
      c.emitNodeError(node) << "splits into " << count << " parts, but has "
                            << outputs << " outputs";
      return failure();
    }
    // num_outputs allows a smaller last part; otherwise the parts are equal.
    int64_t part = parts ? (size + count - 1) / count : size / count;
    if (!parts && size % count != 0) {
      c.emitNodeError(node) << "cannot split dimension " << *dim << " of size "
                            << size << " into " << count << " equal parts";
      return failure();
    }
    for (int64_t i = 0; i < count; ++i)
      sizes->push_back(std::clamp<int64_t>(size - i * part, 0, part));
  }
  std::optional<int64_t> total = 0;
  for (int64_t part : *sizes)
    total = part < 0 || !total ? std::nullopt : llvm::checkedAdd(*total, part);
  if (int64_t(sizes->size()) != outputs || total != size) {
    c.emitNodeError(node) << "splits dimension " << *dim << " of size " << size
                          << " into [" << *sizes << "], which must be "
                          << outputs << " sizes >= 0 adding up to " << size;
    return failure();
  }
  NodeBuilder b(c, node);
  SmallVector<Value> slices;
  int64_t offset = 0;
  for (int64_t part : *sizes) {
    slices.push_back(
        b.create<SliceOp>(ValueRange{*input}, ArrayRef<int64_t>{offset},
                          ArrayRef<int64_t>{offset + part},
                          ArrayRef<int64_t>{*dim}, ArrayRef<int64_t>{1}));
    offset += part;
  }
  return b.bind(slices);
}

LogicalResult mlir::sic::convertExpand(OnnxConversion &c,
                                       const onnx::NodeProto &node) {
  if (failed(expectInputs(c, node, 2, 2)))
    return failure();
  FailureOr<Value> input = c.getInputValue(node, 0);
  FailureOr<SmallVector<int64_t, 4>> shape = c.getConstantInts(node, 1);
  if (failed(input) || failed(shape))
    return failure();
  auto type = cast<RankedTensorType>(input->getType());
  std::optional<Shape> output = broadcastShapes(type.getShape(), *shape);
  if (!output || llvm::any_of(*shape, [](int64_t dim) { return dim < 0; })) {
    c.emitNodeError(node) << "cannot expand [" << type.getShape() << "] to ["
                          << *shape << "]";
    return failure();
  }
  // x * 1 is x, exactly, for every value: a splat of ones of the output's
  // shape broadcasts x.
  if (std::optional<std::string> breach =
          checkShapeLimits(*output, c.getLimits())) {
    c.emitNodeError(node) << "its output " << *breach;
    return failure();
  }
  auto onesType = RankedTensorType::get(*output, type.getElementType());
  Attribute one =
      type.getElementType().isF32()
          ? Attribute(c.getBuilder().getF32FloatAttr(1.0f))
          : Attribute(c.getBuilder().getIntegerAttr(type.getElementType(), 1));
  Value ones = c.createConstant(c.getConstantName(node),
                                DenseElementsAttr::get(onesType, one));
  return c.emit<MulOp>(node, ValueRange{*input, ones});
}

LogicalResult mlir::sic::convertTile(OnnxConversion &c,
                                     const onnx::NodeProto &node) {
  if (failed(expectInputs(c, node, 2, 2)))
    return failure();
  FailureOr<Value> input = c.getInputValue(node, 0);
  FailureOr<SmallVector<int64_t, 4>> repeats = c.getConstantInts(node, 1);
  if (failed(input) || failed(repeats))
    return failure();
  auto type = cast<RankedTensorType>(input->getType());
  Shape output;
  for (auto [dim, repeat] : llvm::zip(type.getShape(), *repeats))
    output.push_back(llvm::checkedMul(dim, repeat).value_or(-1));
  if (int64_t(repeats->size()) != type.getRank() ||
      llvm::any_of(*repeats, [](int64_t r) { return r < 0; }) ||
      llvm::is_contained(output, -1)) {
    c.emitNodeError(node) << "cannot tile [" << type.getShape() << "] by ["
                          << *repeats << "]";
    return failure();
  }
  if (std::optional<std::string> breach =
          checkShapeLimits(output, c.getLimits())) {
    c.emitNodeError(node) << "its output " << *breach;
    return failure();
  }
  // One concat of `repeat` copies per axis; an axis repeated 0 times is a
  // slice that takes nothing.
  NodeBuilder b(c, node);
  Value result = *input;
  for (auto [axis, repeat] : llvm::enumerate(*repeats)) {
    if (repeat == 1)
      continue;
    if (repeat == 0) {
      result = b.create<SliceOp>(
          ValueRange{result}, ArrayRef<int64_t>{0}, ArrayRef<int64_t>{0},
          ArrayRef<int64_t>{int64_t(axis)}, ArrayRef<int64_t>{1});
      continue;
    }
    SmallVector<Value> copies(repeat, result);
    result = b.create<ConcatOp>(copies, int64_t(axis));
  }
  return b.bind(result);
}

LogicalResult mlir::sic::convertDepthSpace(OnnxConversion &c,
                                           const onnx::NodeProto &node,
                                           bool toSpace) {
  if (failed(expectInputs(c, node, 1, 1)))
    return failure();
  FailureOr<int64_t> block = c.getInt(node, "blocksize");
  // DepthToSpace's mode exists from opset 11.
  FailureOr<std::string> mode =
      toSpace && c.getOpset() >= 11
          ? c.getString(node, "mode", "DCR")
          : FailureOr<std::string>(std::string("DCR"));
  FailureOr<ArrayRef<int64_t>> shape = c.getInputShape(node, 0);
  if (failed(block) || failed(mode) || failed(shape))
    return failure();
  if (shape->size() != 4 || *block < 1 ||
      (toSpace && *mode != "DCR" && *mode != "CRD")) {
    c.emitNodeError(node) << "expects a rank-4 input, a blocksize >= 1 and "
                             "mode DCR or CRD";
    return failure();
  }
  int64_t n = (*shape)[0], ch = (*shape)[1], h = (*shape)[2], w = (*shape)[3];
  int64_t bs = *block;
  std::optional<int64_t> square = llvm::checkedMul(bs, bs);
  bool fits =
      square && (toSpace ? ch % *square == 0 : h % bs == 0 && w % bs == 0);
  if (!fits) {
    c.emitNodeError(node) << "cannot move blocks of " << bs << " in [" << *shape
                          << "]";
    return failure();
  }
  // A reshape, a transpose and a reshape (ONNX's own definition).
  SmallVector<int64_t, 6> split, perm;
  SmallVector<int64_t, 4> result;
  if (!toSpace) {
    split = {n, ch, h / bs, bs, w / bs, bs};
    perm = {0, 3, 5, 1, 2, 4};
    result = {n, ch * *square, h / bs, w / bs};
  } else if (*mode == "DCR") {
    split = {n, bs, bs, ch / *square, h, w};
    perm = {0, 3, 4, 1, 5, 2};
    result = {n, ch / *square, h * bs, w * bs};
  } else {
    split = {n, ch / *square, bs, bs, h, w};
    perm = {0, 1, 4, 2, 5, 3};
    result = {n, ch / *square, h * bs, w * bs};
  }
  NodeBuilder b(c, node);
  Value moved = b.create<TransposeOp>(
      ValueRange{b.create<ReshapeOp>(ValueRange{c.lookup(c.getInput(node, 0))},
                                     split)},
      perm);
  return b.bind(b.create<ReshapeOp>(ValueRange{moved}, result));
}

LogicalResult mlir::sic::convertTrilu(OnnxConversion &c,
                                      const onnx::NodeProto &node) {
  if (failed(expectInputs(c, node, 1, 2)))
    return failure();
  FailureOr<int64_t> upper = c.getInt(node, "upper", 1);
  FailureOr<Value> input = c.getInputValue(node, 0);
  FailureOr<SmallVector<int64_t, 4>> k = SmallVector<int64_t, 4>{0};
  if (!c.getInput(node, 1).empty())
    k = c.getConstantInts(node, 1);
  if (failed(upper) || failed(input) || failed(k))
    return failure();
  auto type = cast<RankedTensorType>(input->getType());
  if (type.getRank() < 2 || k->size() != 1) {
    c.emitNodeError(node) << "expects an input of rank >= 2 and one k";
    return failure();
  }
  // The input with a column of zeros appended, and a constant index per
  // element: its own column where it is kept, the zero column elsewhere.
  // Gathering moves values exactly (an inf or NaN outside the triangle
  // becomes 0, as ONNX says).
  ArrayRef<int64_t> shape = type.getShape();
  int64_t rows = shape[shape.size() - 2], columns = shape.back();
  int64_t count = *getElementCount(shape);
  if (!c.takeFoldBudget(count)) {
    c.emitNodeError(node) << "needs " << count
                          << " constant indices, more than "
                             "--max-folded-elements allows";
    return failure();
  }
  std::vector<int64_t> indices(count);
  for (int64_t i = 0; i < count; ++i) {
    int64_t column = i % columns, row = (i / columns) % rows;
    // Distances beyond int64 cannot occur: rows and columns fit the limits.
    bool kept =
        *upper ? column - row >= k->front() : column - row <= k->front();
    indices[i] = kept ? column : columns;
  }
  SmallVector<int64_t, 4> zeroShape(shape);
  zeroShape.back() = 1;
  Attribute zero =
      type.getElementType().isF32()
          ? Attribute(c.getBuilder().getF32FloatAttr(0.0f))
          : Attribute(c.getBuilder().getIntegerAttr(type.getElementType(), 0));
  Value zeros = c.createConstant(
      c.getConstantName(node),
      DenseElementsAttr::get(
          RankedTensorType::get(zeroShape, type.getElementType()), zero));
  Value index = c.createConstant(
      c.getConstantName(node),
      RankedTensorType::get(shape, c.getBuilder().getI64Type()),
      ArrayRef<char>(reinterpret_cast<const char *>(indices.data()),
                     indices.size() * sizeof(int64_t)));
  NodeBuilder b(c, node);
  Value widened =
      b.create<ConcatOp>(ValueRange{*input, zeros}, type.getRank() - 1);
  return b.bind(b.create<GatherElementsOp>(ValueRange{widened, index},
                                           type.getRank() - 1));
}
