//===- RecurrenceOps.cpp - Rules of recurrence ----------------------------===//

#include "NodeRules.h"

#include <cmath>

using namespace mlir;
using namespace mlir::sic;
using namespace mlir::sic::rules;

int64_t mlir::sic::getGateCount(RecurrentCell cell) {
  switch (cell) {
  case RecurrentCell::lstm:
    return 4;
  case RecurrentCell::gru:
    return 3;
  case RecurrentCell::rnn:
    return 1;
  }
  llvm_unreachable("unknown recurrent cell");
}

int64_t mlir::sic::getActivationCount(RecurrentCell cell) {
  switch (cell) {
  case RecurrentCell::lstm:
    return 3;
  case RecurrentCell::gru:
    return 2;
  case RecurrentCell::rnn:
    return 1;
  }
  llvm_unreachable("unknown recurrent cell");
}

int64_t mlir::sic::getDirectionCount(RecurrenceDirection direction) {
  return direction == RecurrenceDirection::bidirectional ? 2 : 1;
}

SmallVector<GateActivation, 3>
mlir::sic::getGateActivations(RecurrenceOp op, int64_t direction) {
  int64_t count = getActivationCount(op.getCell());
  SmallVector<GateActivation, 3> activations;
  for (int64_t k = direction * count; k < (direction + 1) * count; ++k)
    activations.push_back(
        {cast<ActivationAttr>(op.getActivations()[k]).getValue(),
         op.getActivationAlpha()[k], op.getActivationBeta()[k]});
  return activations;
}

namespace {
/// "an lstm", "a gru", "an rnn".
std::string describeCell(RecurrentCell cell) {
  return (cell == RecurrentCell::gru ? "a " : "an ") +
         stringifyRecurrentCell(cell).str();
}

/// Input `index` has shape `expected`.
LogicalResult checkShape(RecurrenceOp op, unsigned index,
                         ArrayRef<int64_t> expected) {
  ArrayRef<int64_t> shape = getInputType(op, index).getShape();
  if (shape != expected)
    return emitInputError(op, index)
           << "expects shape [" << expected << "], got [" << shape << "]";
  return success();
}

/// The flag `name` is set only on `cell`.
LogicalResult checkCellFlag(RecurrenceOp op, StringRef name, bool value,
                            RecurrentCell cell) {
  if (value && op.getCell() != cell)
    return op->emitOpError("attribute '")
           << name << "' applies to " << stringifyRecurrentCell(cell)
           << " cells only, got " << stringifyRecurrentCell(op.getCell());
  return success();
}
} // namespace

LogicalResult RecurrenceOp::inferOutputTypes(SmallVectorImpl<Type> &types) {
  if (failed(checkAllF32(*this)) || failed(checkRank(*this, 0, 4)) ||
      failed(checkRank(*this, 1, 3)))
    return failure();
  RecurrentCell cell = getCell();
  bool lstm = cell == RecurrentCell::lstm;
  if (getInputs().size() > 4 && !lstm)
    return emitOpError("expects 4 inputs for ")
           << describeCell(cell) << " cell, got " << getInputs().size();
  if (lstm && getInputs().size() < 5)
    return emitOpError("expects the input 'initial_c' of an lstm cell");
  if (failed(checkCellFlag(*this, "input_forget", getInputForget(),
                           RecurrentCell::lstm)) ||
      failed(checkCellFlag(*this, "cell_states", getCellStates(),
                           RecurrentCell::lstm)) ||
      failed(checkCellFlag(*this, "linear_before_reset", getLinearBeforeReset(),
                           RecurrentCell::gru)))
    return failure();

  int64_t D = getDirectionCount(getDirection()), G = getGateCount(cell);
  ArrayRef<int64_t> input = getInputType(*this, 0).getShape();
  int64_t S = input[1], B = input[2];
  int64_t H = getInputType(*this, 1).getDimSize(1);
  if (failed(checkShape(*this, 0, {D, S, B, G * H})) ||
      failed(checkShape(*this, 1, {D, H, G * H})) ||
      failed(checkShape(*this, 2, {D, G * H})) ||
      failed(checkShape(*this, 3, {D, B, H})) ||
      (getInitial_c() && failed(checkShape(*this, 4, {D, B, H}))) ||
      (getPeepholes() && failed(checkShape(*this, 5, {D, 3 * H}))))
    return failure();

  size_t activations = D * getActivationCount(cell);
  if (getActivations().size() != activations)
    return emitOpError("expects ")
           << activations
           << (activations == 1 ? " activation (" : " activations (")
           << getActivationCount(cell) << " per direction of "
           << describeCell(cell) << " cell), got " << getActivations().size();
  for (StringRef name : {"activation_alpha", "activation_beta"}) {
    auto values = (*this)->getAttrOfType<DenseF32ArrayAttr>(name);
    if (values.size() != static_cast<int64_t>(activations))
      return emitOpError("expects ") << activations << " values in '" << name
                                     << "', got " << values.size();
  }
  if (FloatAttr clip = getClipAttr();
      clip &&
      !(std::isfinite(clip.getValueAsDouble()) && clip.getValueAsDouble() > 0))
    return emitOpError("expects 'clip' to be finite and > 0, got ")
           << formatFloat(clip.getValue());

  SmallVector<int64_t, 5> shape = {S, D, B, H};
  if (getCellStates())
    shape.insert(shape.begin(), 2);
  return addOutput(types, shape, getInputType(*this, 0).getElementType());
}
