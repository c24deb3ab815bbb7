//===- OnnxFolding.cpp - Evaluate nodes on constants at import ------------===//
//
// A node whose inputs are all constants is computed when the graph is
// built, by the kernels of the reference evaluator: one implementation of
// each op's semantics on the host. That folds shape arithmetic of any depth
// (Shape -> Gather -> Concat -> Reshape) into the constants the converters
// need, and weights preprocessing into plain weights. The work is bounded
// by ImportLimits::maxFoldedElements, counting the elements a node reads
// and writes and, for a contraction or a recurrence, each multiply-add: a
// node past it is computed at run time.
//
//===----------------------------------------------------------------------===//

#include "OnnxFolding.h"

#include "sic/Reference/Evaluator.h"

#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace mlir::sic;

/// The multiply-adds of evaluating `op`, when it is a contraction or a
/// recurrence: far more than the elements it reads and writes. Saturates.
static uint64_t countMultiplyAdds(Operation *op) {
  auto elements = [](Value value) -> uint64_t {
    return cast<RankedTensorType>(value.getType()).getNumElements();
  };
  auto dim = [](Value value, int64_t index) -> uint64_t {
    auto type = cast<RankedTensorType>(value.getType());
    return type.getDimSize(index < 0 ? index + type.getRank() : index);
  };
  // Output elements times the products that sum to each.
  uint64_t outputs = elements(op->getResult(0)), products = 0;
  if (auto matmul = dyn_cast<MatmulOp>(op))
    products = dim(matmul.getLhs(), -1);
  else if (auto gemm = dyn_cast<GemmOp>(op))
    products = dim(gemm.getA(), gemm.getTransA() ? 0 : 1);
  else if (auto conv = dyn_cast<Conv2DOp>(op))
    products = elements(conv.getFilter()) /
               std::max<uint64_t>(dim(conv.getFilter(), 0), 1);
  else if (auto recurrence = dyn_cast<RecurrenceOp>(op))
    return llvm::SaturatingMultiply(elements(recurrence.getInput()),
                                    dim(recurrence.getRecurrence(), 1));
  return llvm::SaturatingMultiply(outputs, products);
}

FailureOr<Value> mlir::sic::foldNode(OnnxConversion &conversion,
                                     const onnx::NodeProto &node,
                                     Operation *op) {
  Value output = op->getResult(0);
  if (op->getNumResults() != 1)
    return output;
  auto type = cast<RankedTensorType>(output.getType());
  // The evaluator's work: the elements it reads and writes, and the
  // multiply-adds of a contraction or recurrence.
  uint64_t work = countMultiplyAdds(op);
  work = llvm::SaturatingAdd(work, uint64_t(type.getNumElements()));
  for (Value operand : op->getOperands())
    work = llvm::SaturatingAdd(
        work,
        uint64_t(cast<RankedTensorType>(operand.getType()).getNumElements()));
  if (!conversion.takeFoldBudget(work))
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
