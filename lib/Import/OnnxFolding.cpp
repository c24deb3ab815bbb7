//===- OnnxFolding.cpp - Fold static shape computations -------------------===//
//
// Only integer tensors small enough to be shapes are folded; anything else is
// left to the node converters (and, for a Shape of an unknown shape or a
// Gather of a non-constant, reported as unsupported).
//
//===----------------------------------------------------------------------===//

#include "OnnxFolding.h"

#include "OnnxTensors.h"

#include "sic/Support/ShapeRules.h"

#include "llvm/Support/CheckedArithmetic.h"

using namespace mlir;
using namespace mlir::sic;

namespace {

/// Folded values are shapes: a few elements at most.
constexpr size_t kMaxFoldedElements = 64;

struct IntTensor {
  ElementType elementType;
  SmallVector<int64_t, 4> shape;
  SmallVector<int64_t, 4> values;
};

/// The constant integer tensor input `index` holds, if it is one.
std::optional<IntTensor> getIntInput(OnnxConversion &c,
                                     const onnx::NodeProto &node, int index) {
  StringRef input = c.getInput(node, index);
  if (input.empty())
    return std::nullopt;
  // Shapes are small: larger constants are not folded (which also bounds
  // the folder's work).
  std::optional<ArrayRef<int64_t>> shape = c.getShape(input);
  if (!shape || shape->size() > kMaxFoldedElements ||
      getElementCount(*shape).value_or(INT64_MAX) > int64_t(kMaxFoldedElements))
    return std::nullopt;
  std::optional<SmallVector<int64_t, 4>> values = c.lookupConstantInts(input);
  std::optional<ElementType> type = c.getElementType(input);
  if (!values || !type || *type == ElementType::F32 ||
      getElementCount(*shape) != int64_t(values->size()))
    return std::nullopt;
  return IntTensor{*type, SmallVector<int64_t, 4>(*shape), *values};
}

/// Records a folded result; a result too large to be a shape is left to
/// the node converters instead.
std::optional<LogicalResult> record(OnnxConversion &c,
                                    const onnx::NodeProto &node,
                                    const IntTensor &result) {
  if (result.values.size() > kMaxFoldedElements || node.output_size() != 1 ||
      node.output(0).empty())
    return std::nullopt;
  c.addIntConstant(node.output(0), result.elementType, result.shape,
                   result.values);
  return success();
}

std::optional<LogicalResult> foldShape(OnnxConversion &c,
                                       const onnx::NodeProto &node) {
  std::optional<ArrayRef<int64_t>> shape = c.getShape(c.getInput(node, 0));
  if (!shape)
    return std::nullopt;
  FailureOr<int64_t> start = c.getInt(node, "start", 0);
  FailureOr<int64_t> end = c.getInt(node, "end", int64_t(shape->size()));
  if (failed(start) || failed(end))
    return failure();
  std::optional<SliceRange> range =
      getSliceRange(shape->size(), *start, *end, 1);
  SmallVector<int64_t, 4> values(
      shape->slice(range->start, range->size).begin(),
      shape->slice(range->start, range->size).end());
  return record(c, node, {ElementType::I64, {int64_t(values.size())}, values});
}

std::optional<LogicalResult> foldGather(OnnxConversion &c,
                                        const onnx::NodeProto &node) {
  std::optional<IntTensor> data = getIntInput(c, node, 0);
  std::optional<IntTensor> indices = getIntInput(c, node, 1);
  if (!data || !indices || data->shape.size() != 1)
    return std::nullopt;
  FailureOr<int64_t> axis = c.getInt(node, "axis", 0);
  if (failed(axis))
    return failure();
  if (*axis != 0 && *axis != -1) {
    c.emitNodeError(node) << "axis " << *axis << " is out of range";
    return failure();
  }
  IntTensor result{data->elementType, indices->shape, {}};
  int64_t size = data->values.size();
  for (int64_t index : indices->values) {
    std::optional<int64_t> normalized = normalizeAxis(index, size);
    if (!normalized) {
      c.emitNodeError(node) << "index " << index << " is out of range for "
                            << size << " elements";
      return failure();
    }
    result.values.push_back(data->values[*normalized]);
  }
  return record(c, node, result);
}

/// Unsqueeze and Squeeze keep the values and change the shape, which ONNX
/// shape inference or the axes give.
std::optional<LogicalResult> foldReshaping(OnnxConversion &c,
                                           const onnx::NodeProto &node) {
  std::optional<IntTensor> input = getIntInput(c, node, 0);
  if (!input || node.output_size() != 1)
    return std::nullopt;
  SmallVector<int64_t, 4> axes;
  if (std::optional<IntTensor> given = getIntInput(c, node, 1))
    axes = given->values;
  else if (c.hasAttribute(node, "axes")) {
    FailureOr<SmallVector<int64_t, 4>> attribute = c.getInts(node, "axes");
    if (failed(attribute))
      return failure();
    axes = *attribute;
  }
  // Shapes have few dimensions: leave anything larger to the converters.
  bool unsqueeze = node.op_type() == "Unsqueeze";
  int64_t rank = input->shape.size() + (unsqueeze ? axes.size() : 0);
  if (axes.size() > kMaxFoldedElements || rank > int64_t(kMaxFoldedElements))
    return std::nullopt;
  SmallVector<bool> marked(rank, axes.empty() && !unsqueeze);
  if (axes.empty() && !unsqueeze)
    for (int64_t dim = 0; dim < rank; ++dim)
      marked[dim] = input->shape[dim] == 1;
  for (int64_t axis : axes) {
    std::optional<int64_t> normalized = normalizeAxis(axis, rank);
    // Explicit axes start from no marks, so a marked one is a repeat.
    if (!normalized || marked[*normalized]) {
      c.emitNodeError(node) << "has axes that do not fit its input";
      return failure();
    }
    marked[*normalized] = true;
  }
  SmallVector<int64_t, 4> shape;
  ArrayRef<int64_t> rest = input->shape;
  for (int64_t dim = 0; dim < rank; ++dim) {
    if (unsqueeze && marked[dim]) {
      shape.push_back(1);
    } else if (unsqueeze && !rest.empty()) {
      shape.push_back(rest.front());
      rest = rest.drop_front();
    } else if (!unsqueeze && !marked[dim]) {
      shape.push_back(input->shape[dim]);
    }
  }
  if (getElementCount(shape) != int64_t(input->values.size())) {
    c.emitNodeError(node) << "has axes that do not fit its input";
    return failure();
  }
  return record(c, node, {input->elementType, shape, input->values});
}

std::optional<LogicalResult> foldConcat(OnnxConversion &c,
                                        const onnx::NodeProto &node) {
  if (node.input_size() == 0)
    return std::nullopt;
  // 1-D inputs: the axis can only be 0 (or -1).
  if (!c.hasAttribute(node, "axis"))
    return std::nullopt; // the converter reports the missing axis
  FailureOr<int64_t> axis = c.getInt(node, "axis");
  if (failed(axis))
    return failure();
  if (*axis != 0 && *axis != -1)
    return std::nullopt;
  IntTensor result{ElementType::I64, {0}, {}};
  for (int i = 0; i < node.input_size(); ++i) {
    std::optional<IntTensor> input = getIntInput(c, node, i);
    if (!input || input->shape.size() != 1 ||
        (i > 0 && input->elementType != result.elementType))
      return std::nullopt;
    result.elementType = input->elementType;
    result.values.append(input->values);
  }
  result.shape[0] = result.values.size();
  return record(c, node, result);
}

std::optional<LogicalResult> foldCast(OnnxConversion &c,
                                      const onnx::NodeProto &node) {
  std::optional<IntTensor> input = getIntInput(c, node, 0);
  FailureOr<int64_t> to = c.getInt(node, "to", 0);
  if (!input || failed(to))
    return std::nullopt;
  std::optional<ElementType> type = getOnnxElementType(*to);
  if (!type || *type == ElementType::F32)
    return std::nullopt;
  input->elementType = *type;
  return record(c, node, *input);
}

std::optional<LogicalResult> foldArithmetic(OnnxConversion &c,
                                            const onnx::NodeProto &node) {
  std::optional<IntTensor> lhs = getIntInput(c, node, 0);
  std::optional<IntTensor> rhs = getIntInput(c, node, 1);
  if (!lhs || !rhs)
    return std::nullopt;
  std::optional<Shape> shape = broadcastShapes(lhs->shape, rhs->shape);
  // Shapes are vectors: broadcast only scalars and single elements (which
  // also covers an empty operand: the result is empty too).
  if (!shape || shape->size() > 1 || lhs->elementType != rhs->elementType ||
      (lhs->values.size() != 1 && rhs->values.size() != 1 &&
       lhs->values.size() != rhs->values.size()))
    return std::nullopt;
  IntTensor result{lhs->elementType, *shape, {}};
  size_t count = size_t(*getElementCount(*shape));
  StringRef op = node.op_type();
  for (size_t i = 0; i < count; ++i) {
    int64_t a = lhs->values[lhs->values.size() == 1 ? 0 : i];
    int64_t b = rhs->values[rhs->values.size() == 1 ? 0 : i];
    std::optional<int64_t> value;
    if (op == "Add")
      value = llvm::checkedAdd(a, b);
    else if (op == "Sub")
      value = llvm::checkedSub(a, b);
    else if (op == "Mul")
      value = llvm::checkedMul(a, b);
    else if (b != 0 && !(a == INT64_MIN && b == -1))
      value = a / b;
    if (!value) {
      c.emitNodeError(node)
          << "overflows or divides by zero computing " << a << " and " << b;
      return failure();
    }
    result.values.push_back(*value);
  }
  return record(c, node, result);
}

} // namespace

std::optional<LogicalResult>
mlir::sic::foldOnnxNode(OnnxConversion &conversion,
                        const onnx::NodeProto &node) {
  StringRef op = node.op_type();
  if (op == "Shape")
    return foldShape(conversion, node);
  if (op == "Gather")
    return foldGather(conversion, node);
  if (op == "Unsqueeze" || op == "Squeeze")
    return foldReshaping(conversion, node);
  if (op == "Concat")
    return foldConcat(conversion, node);
  if (op == "Cast")
    return foldCast(conversion, node);
  if (op == "Add" || op == "Sub" || op == "Mul" || op == "Div")
    return foldArithmetic(conversion, node);
  return std::nullopt;
}
