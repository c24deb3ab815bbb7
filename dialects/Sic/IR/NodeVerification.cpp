//===- NodeVerification.cpp - Checking sic nodes --------------------------===//

#include "NodeRules.h"

#include "sic/Support/ShapeRules.h"

#include "llvm/ADT/SmallSet.h"

using namespace mlir;
using namespace mlir::sic;

/// "2 inputs", "2 or 3 inputs", "between 2 and 5 inputs", "at least 1 input".
static void describeCount(InFlightDiagnostic &diag, unsigned min,
                          std::optional<unsigned> max) {
  unsigned last = max.value_or(min);
  if (!max)
    diag << "at least " << min;
  else if (min == *max)
    diag << min;
  else if (*max == min + 1)
    diag << min << " or " << *max;
  else
    diag << "between " << min << " and " << *max;
  diag << (last == 1 ? " input" : " inputs");
}

LogicalResult mlir::sic::checkNodeArity(NodeOpInterface node) {
  Operation *op = node;
  unsigned numInputs = op->getNumOperands();
  unsigned min = node.getMinInputs();
  std::optional<unsigned> max = node.getMaxInputs();
  if (numInputs < min || (max && numInputs > *max)) {
    InFlightDiagnostic diag = op->emitOpError("expects ");
    describeCount(diag, min, max);
    return diag << ", got " << numInputs;
  }
  if (op->getNumResults() != 1)
    return op->emitOpError("expects 1 output, got ") << op->getNumResults();
  return success();
}

LogicalResult mlir::sic::checkNode(NodeOpInterface node) {
  Operation *op = node;
  if (failed(checkNodeArity(node)))
    return failure();
  SmallVector<Type, 1> inferred;
  if (failed(node.inferOutputTypes(inferred)))
    return failure();
  Type declared = op->getResult(0).getType();
  if (declared != inferred.front())
    return op->emitOpError("output type ")
           << declared << " does not match the inferred type "
           << inferred.front();
  return success();
}

LogicalResult mlir::sic::verifyNodeOutsideGraph(Operation *op) {
  if (isa_and_nonnull<GraphOp>(op->getParentOp()))
    return success();
  return checkNode(cast<NodeOpInterface>(op));
}

//===----------------------------------------------------------------------===//
// Rule helpers
//===----------------------------------------------------------------------===//

namespace rules = mlir::sic::rules;

InFlightDiagnostic rules::emitInputError(NodeOpInterface node, unsigned index) {
  return node->emitOpError("input '")
         << node.getInputName(index) << "' (#" << index << ") ";
}

LogicalResult rules::checkRank(NodeOpInterface node, unsigned index,
                               int64_t rank) {
  int64_t actual = getInputType(node, index).getRank();
  if (actual != rank)
    return emitInputError(node, index)
           << "expects rank " << rank << ", got " << actual;
  return success();
}

LogicalResult rules::checkMinRank(NodeOpInterface node, unsigned index,
                                  int64_t rank) {
  int64_t actual = getInputType(node, index).getRank();
  if (actual < rank)
    return emitInputError(node, index)
           << "expects rank >= " << rank << ", got " << actual;
  return success();
}

LogicalResult rules::checkF32(NodeOpInterface node, unsigned index) {
  Type type = getInputType(node, index).getElementType();
  if (!type.isF32())
    return emitInputError(node, index)
           << "expects element type f32, got " << type;
  return success();
}

LogicalResult rules::checkElements(NodeOpInterface node, unsigned index,
                                   Elements elements) {
  Type type = getInputType(node, index).getElementType();
  switch (elements) {
  case Elements::F32:
    return checkF32(node, index);
  case Elements::Float:
    if (!isa<FloatType>(type))
      return emitInputError(node, index)
             << "expects element type f32 or f64, got " << type;
    return success();
  case Elements::Numeric:
    if (type.isInteger(1))
      return emitInputError(node, index)
             << "expects element type f32, f64, i32 or i64, got " << type;
    return success();
  case Elements::Bool:
    if (!type.isInteger(1))
      return emitInputError(node, index)
             << "expects element type i1, got " << type;
    return success();
  case Elements::Integer:
    if (!type.isSignlessInteger(32) && !type.isSignlessInteger(64))
      return emitInputError(node, index)
             << "expects element type i32 or i64, got " << type;
    return success();
  case Elements::Bits:
    if (!isa<IntegerType>(type))
      return emitInputError(node, index)
             << "expects element type i1, i32 or i64, got " << type;
    return success();
  case Elements::Any:
    return success();
  }
  llvm_unreachable("every element family is checked");
}

LogicalResult rules::checkAllF32(NodeOpInterface node) {
  for (unsigned i = 0, e = node->getNumOperands(); i < e; ++i)
    if (failed(checkF32(node, i)))
      return failure();
  return success();
}

LogicalResult rules::checkAllFloat(NodeOpInterface node) {
  if (failed(checkElements(node, 0, Elements::Float)))
    return failure();
  for (unsigned i = 1, e = node->getNumOperands(); i < e; ++i)
    if (failed(checkSameElementType(node, i)))
      return failure();
  return success();
}

LogicalResult rules::checkSameElementType(NodeOpInterface node,
                                          unsigned index) {
  Type first = getInputType(node, 0).getElementType();
  Type type = getInputType(node, index).getElementType();
  if (type != first)
    return emitInputError(node, index)
           << "expects element type " << first << " (that of input '"
           << node.getInputName(0) << "'), got " << type;
  return success();
}

LogicalResult rules::checkVector(NodeOpInterface node, unsigned index,
                                 int64_t size) {
  RankedTensorType type = getInputType(node, index);
  if (type.getRank() != 1 || type.getDimSize(0) != size)
    return emitInputError(node, index)
           << "expects shape [" << size << "], got " << type;
  return success();
}

LogicalResult rules::checkAttrSize(NodeOpInterface node, StringRef name,
                                   ArrayRef<int64_t> values, size_t size) {
  if (values.size() != size)
    return node->emitOpError("expects ")
           << size << " values in '" << name << "', got " << values.size();
  return success();
}

LogicalResult rules::checkAttrMin(NodeOpInterface node, StringRef name,
                                  ArrayRef<int64_t> values, int64_t min) {
  for (int64_t value : values)
    if (value < min)
      return node->emitOpError("expects every value in '")
             << name << "' to be >= " << min << ", got " << value;
  return success();
}

LogicalResult rules::checkNonNegative(NodeOpInterface node, StringRef name,
                                      const APFloat &value) {
  if (!value.isFinite() || value.isNegative())
    return node->emitOpError("expects '")
           << name << "' to be finite and >= 0, got " << formatFloat(value);
  return success();
}

std::string rules::formatFloat(const APFloat &value) {
  SmallString<16> text;
  value.toString(text);
  return text.str().str();
}

FailureOr<int64_t> rules::normalizeAxisAttr(NodeOpInterface node,
                                            StringRef name, int64_t axis,
                                            int64_t rank) {
  std::optional<int64_t> normalized = normalizeAxis(axis, rank);
  if (!normalized)
    return node->emitOpError("expects '") << name << "' in [" << -rank << ", "
                                          << rank - 1 << "], got " << axis;
  return *normalized;
}

FailureOr<SmallVector<int64_t>> rules::normalizeAxesAttr(NodeOpInterface node,
                                                         StringRef name,
                                                         ArrayRef<int64_t> axes,
                                                         int64_t rank) {
  SmallVector<int64_t> normalized;
  llvm::SmallSet<int64_t, 8> seen;
  for (int64_t axis : axes) {
    FailureOr<int64_t> value = normalizeAxisAttr(node, name, axis, rank);
    if (failed(value))
      return failure();
    if (!seen.insert(*value).second)
      return node->emitOpError("expects distinct axes in '")
             << name << "', got axis " << *value << " twice";
    normalized.push_back(*value);
  }
  return normalized;
}

SmallVector<bool> rules::markAxes(ArrayRef<int64_t> axes, int64_t rank) {
  SmallVector<bool> marked(rank, false);
  for (int64_t axis : axes)
    marked[axis] = true;
  return marked;
}

LogicalResult rules::addOutput(SmallVectorImpl<Type> &types,
                               ArrayRef<int64_t> shape, Type elementType) {
  types.push_back(RankedTensorType::get(shape, elementType));
  return success();
}
