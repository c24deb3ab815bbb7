//===- OnnxFolding.cpp - Evaluate nodes on constants at import ------------===//
//
// A node whose inputs are all constants is computed when the graph is
// built, by the kernels of the reference evaluator: one implementation of
// each op's semantics on the host. That folds shape arithmetic of any depth
// (Shape -> Gather -> Concat -> Reshape) into the constants the converters
// need, and weights preprocessing into plain weights. The work is bounded
// by ImportLimits::maxFoldedElements; a node past it is computed at run
// time.
//
//===----------------------------------------------------------------------===//

#include "OnnxFolding.h"

#include "sic/Reference/Evaluator.h"

using namespace mlir;
using namespace mlir::sic;

FailureOr<Value> mlir::sic::foldNode(OnnxConversion &conversion,
                                     const onnx::NodeProto &node,
                                     Operation *op) {
  Value output = op->getResult(0);
  if (op->getNumResults() != 1)
    return output;
  auto type = cast<RankedTensorType>(output.getType());
  // The evaluator's work is about the elements it reads and writes.
  uint64_t elements = type.getNumElements();
  for (Value operand : op->getOperands())
    elements += cast<RankedTensorType>(operand.getType()).getNumElements();
  if (!conversion.takeFoldBudget(elements))
    return output;

  std::vector<HostTensor> inputs;
  for (Value operand : op->getOperands()) {
    FailureOr<HostTensor> input =
        readConstantTensor(operand.getDefiningOp<ConstantOp>());
    if (failed(input)) {
      conversion.getDiagnostics().recordError();
      return failure();
    }
    inputs.push_back(std::move(*input));
  }
  SmallVector<const HostTensor *> pointers;
  for (const HostTensor &input : inputs)
    pointers.push_back(&input);
  std::optional<HostTensor> result = evaluateNode(op, pointers);
  if (!result)
    return output;
  std::string name = conversion.getConstantName(node);
  Value folded = conversion.createConstant(name, type, result->getBytes());
  op->erase();
  return folded;
}
