//===- OnnxControlFlow.cpp - ONNX If
//---------------------------------------===//
//
// If converts its branches into the graph being built. A condition known at
// compile time (a constant, or a value folded from constants: shape tests)
// keeps the taken branch only. A condition computed at run time converts
// both branches and selects each output with sic.where: exact, since sic
// ops have no side effects and cannot fail, at the cost of running both.
//
//===----------------------------------------------------------------------===//

#include "OnnxConverters.h"
#include "OnnxOps.h"

#include "sic/Reference/Evaluator.h"

using namespace mlir;
using namespace mlir::sic;

/// The values of `branch`'s outputs after converting its nodes, or a
/// failure reported at `node`.
static FailureOr<SmallVector<Value>>
convertBranch(OnnxConversion &c, const onnx::NodeProto &node,
              llvm::StringRef name, const onnx::GraphProto &branch) {
  if (branch.output_size() != node.output_size()) {
    c.emitNodeError(node) << "its " << name << " has " << branch.output_size()
                          << " outputs, but the node " << node.output_size();
    return failure();
  }
  if (failed(convertOnnxGraph(c, branch)))
    return failure();
  SmallVector<Value> outputs;
  for (const onnx::ValueInfoProto &output : branch.output()) {
    Value value = c.lookup(output.name());
    if (!value) {
      c.emitNodeError(node) << "its " << name << " output '" << output.name()
                            << "' is not written by any node, initializer or "
                               "graph input";
      return failure();
    }
    outputs.push_back(value);
  }
  return outputs;
}

LogicalResult mlir::sic::convertIf(OnnxConversion &c,
                                   const onnx::NodeProto &node) {
  if (failed(expectInputs(c, node, 1, 1)))
    return failure();
  FailureOr<const onnx::GraphProto *> thenBranch =
      c.getGraph(node, "then_branch");
  FailureOr<const onnx::GraphProto *> elseBranch =
      c.getGraph(node, "else_branch");
  FailureOr<Value> condition = c.getInputValue(node, 0);
  if (failed(thenBranch) || failed(elseBranch) || failed(condition))
    return failure();
  auto type = cast<RankedTensorType>(condition->getType());
  if (!type.getElementType().isInteger(1) || type.getNumElements() != 1) {
    c.emitNodeError(node) << "its condition must hold one bool, got " << type;
    return failure();
  }
  if (auto constant = condition->getDefiningOp<ConstantOp>()) {
    FailureOr<HostTensor> value = readConstantTensor(constant);
    if (failed(value))
      return failure();
    bool taken = value->getValues<bool>().front();
    FailureOr<SmallVector<Value>> outputs =
        taken ? convertBranch(c, node, "then_branch", **thenBranch)
              : convertBranch(c, node, "else_branch", **elseBranch);
    if (failed(outputs))
      return failure();
    return c.bindOutputs(node, *outputs);
  }
  FailureOr<SmallVector<Value>> thenOutputs =
      convertBranch(c, node, "then_branch", **thenBranch);
  if (failed(thenOutputs))
    return failure();
  FailureOr<SmallVector<Value>> elseOutputs =
      convertBranch(c, node, "else_branch", **elseBranch);
  if (failed(elseOutputs))
    return failure();
  NodeBuilder b(c, node);
  Value scalar =
      type.getRank() == 0
          ? *condition
          : b.create<ReshapeOp>(ValueRange{*condition}, ArrayRef<int64_t>{});
  SmallVector<Value> outputs;
  for (auto [index, then, otherwise] :
       llvm::enumerate(*thenOutputs, *elseOutputs)) {
    if (then.getType() != otherwise.getType()) {
      c.emitNodeError(node)
          << "output #" << index << " is " << then.getType()
          << " in then_branch but " << otherwise.getType()
          << " in else_branch; with a condition computed at run time both "
             "must have one type";
      return failure();
    }
    outputs.push_back(b.create<WhereOp>(ValueRange{scalar, then, otherwise}));
  }
  return b.bind(outputs);
}
