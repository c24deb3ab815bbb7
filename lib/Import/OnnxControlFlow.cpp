//===- OnnxControlFlow.cpp - ONNX If and Loop
//------------------------------===//
//
// If converts its branches into the graph being built. A condition known at
// compile time (a constant, or a value folded from constants: shape tests)
// keeps the taken branch only. A condition computed at run time converts
// both branches and selects each output with sic.where: exact, since sic
// ops have no side effects and cannot fail, at the cost of running both.
//
// Loop is unrolled: its body is converted once per iteration, the trip
// count folded at compile time. A condition computed at run time keeps
// every iteration and selects, per loop-carried value, the last result of
// the iterations that run (sic.where again); scan outputs then would have a
// data-dependent length and are refused.
//
//===----------------------------------------------------------------------===//

#include "OnnxConverters.h"
#include "OnnxOps.h"

#include "sic/Reference/Evaluator.h"

using namespace mlir;
using namespace mlir::sic;

Value mlir::sic::keepStorageType(OnnxConversion &c, Value value, Type storage) {
  if (value)
    c.setStorageType(value, storage);
  return value;
}

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
  // The branch's names are its own: the other branch may use them too.
  return convertSubgraph(c, node, name, branch, {});
}

FailureOr<SmallVector<Value>>
mlir::sic::convertSubgraph(OnnxConversion &c, const onnx::NodeProto &node,
                           StringRef name, const onnx::GraphProto &graph,
                           ValueRange inputs) {
  size_t scope = c.beginScope();
  for (auto [input, value] : llvm::zip(graph.input(), inputs))
    if (failed(c.bindValue(node, input.name(), value)))
      return failure();
  if (failed(convertOnnxGraph(c, graph)))
    return failure();
  SmallVector<Value> outputs;
  for (const onnx::ValueInfoProto &output : graph.output()) {
    Value value = c.lookup(output.name());
    if (!value) {
      c.emitNodeError(node) << "its " << name << " output '" << output.name()
                            << "' is not written by any node, initializer or "
                               "input";
      return failure();
    }
    outputs.push_back(value);
  }
  c.endScope(scope);
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
    Type storage = c.getStorageType(then);
    if (storage != c.getStorageType(otherwise)) {
      c.emitNodeError(node) << "output #" << index << " holds " << storage
                            << " values in then_branch but "
                            << c.getStorageType(otherwise) << " in else_branch";
      return failure();
    }
    outputs.push_back(keepStorageType(
        c, b.create<WhereOp>(ValueRange{scalar, then, otherwise}), storage));
  }
  return b.bind(outputs);
}

namespace {

/// A bool scalar constant for `node`.
Value createBool(OnnxConversion &c, const onnx::NodeProto &node, bool value) {
  auto type = RankedTensorType::get({}, c.getBuilder().getI1Type());
  return c.createConstant(c.getConstantName(node),
                          DenseElementsAttr::get(type, ArrayRef<bool>(value)));
}

/// Whether `value` is a constant false.
FailureOr<bool> isConstantFalse(Value value) {
  auto constant = value.getDefiningOp<ConstantOp>();
  if (!constant)
    return false;
  FailureOr<HostTensor> tensor = readConstantTensor(constant);
  if (failed(tensor))
    return failure();
  return !tensor->getValues<bool>().front();
}

} // namespace

LogicalResult mlir::sic::convertLoop(OnnxConversion &c,
                                     const onnx::NodeProto &node) {
  FailureOr<const onnx::GraphProto *> bodyAttr = c.getGraph(node, "body");
  if (failed(bodyAttr))
    return failure();
  const onnx::GraphProto &body = **bodyAttr;
  int numCarried = node.input_size() - 2;
  if (numCarried < 0) {
    c.emitNodeError(node) << "expects a trip count and a condition (either "
                             "may be empty) before its loop-carried values";
    return failure();
  }
  int numScans = body.output_size() - 1 - numCarried;
  if (body.input_size() != numCarried + 2 || numScans < 0 ||
      node.output_size() > numCarried + numScans) {
    c.emitNodeError(node) << "its body takes " << body.input_size()
                          << " inputs and gives " << body.output_size()
                          << " outputs; with " << numCarried
                          << " loop-carried values it must take "
                          << numCarried + 2 << " and give at least "
                          << numCarried + 1;
    return failure();
  }
  std::optional<int64_t> tripCount;
  if (!c.getInput(node, 0).empty()) {
    FailureOr<SmallVector<int64_t, 4>> trip = c.getConstantInts(node, 0);
    if (failed(trip))
      return failure();
    if (trip->size() != 1) {
      c.emitNodeError(node)
          << "its trip count must hold one value, got " << trip->size();
      return failure();
    }
    tripCount = std::max<int64_t>(trip->front(), 0);
  }
  Value condition = createBool(c, node, true);
  if (!c.getInput(node, 1).empty()) {
    FailureOr<Value> given = c.getInputValue(node, 1);
    if (failed(given))
      return failure();
    auto type = cast<RankedTensorType>(given->getType());
    if (!type.getElementType().isInteger(1) || type.getNumElements() != 1) {
      c.emitNodeError(node) << "its condition must hold one bool, got " << type;
      return failure();
    }
    condition = *given;
  }
  SmallVector<Value> carried;
  for (int i = 0; i < numCarried; ++i) {
    FailureOr<Value> value = c.getInputValue(node, i + 2);
    if (failed(value))
      return failure();
    carried.push_back(*value);
  }
  // Unrolling stays within the node limit (each iteration adds the body's
  // nodes and its iteration number).
  uint64_t maxIterations =
      c.getLimits().maxNodes / (uint64_t(body.node_size()) + 1);
  NodeBuilder b(c, node);
  // The conjunction of the conditions computed at run time so far, as a
  // scalar: whether the iteration being built runs.
  Value running;
  SmallVector<SmallVector<Value>> scans(numScans);
  for (int64_t iteration = 0; !tripCount || iteration < *tripCount;
       ++iteration) {
    FailureOr<bool> stops = isConstantFalse(condition);
    if (failed(stops))
      return failure();
    if (*stops)
      break;
    if (!condition.getDefiningOp<ConstantOp>()) {
      if (!tripCount || numScans > 0) {
        c.emitNodeError(node)
            << "its condition is computed at run time, so the number of "
               "iterations is data-dependent"
            << (tripCount ? " and so is the length of its scan outputs"
                          : " and the loop has no trip count");
        return failure();
      }
      Value scalar =
          cast<RankedTensorType>(condition.getType()).getRank()
              ? b.create<ReshapeOp>(ValueRange{condition}, ArrayRef<int64_t>{})
              : condition;
      running = running ? b.create<AndOp>(ValueRange{running, scalar}) : scalar;
    }
    if (uint64_t(iteration) >= maxIterations) {
      c.emitNodeError(node)
          << "unrolls to more than " << maxIterations << " iterations of "
          << body.node_size() << " nodes, past the node limit of "
          << c.getLimits().maxNodes << " (--max-nodes)";
      return failure();
    }
    // The iteration number, the condition and the loop-carried values.
    SmallVector<Value> inputs = {createIndexConstant(c, node, {}, {iteration}),
                                 condition};
    llvm::append_range(inputs, carried);
    FailureOr<SmallVector<Value>> converted =
        convertSubgraph(c, node, "body", body, inputs);
    if (failed(converted))
      return failure();
    SmallVector<Value> &outputs = *converted;
    condition = outputs.front();
    for (int i = 0; i < numCarried; ++i) {
      Value next = outputs[1 + i];
      if (next.getType() != carried[i].getType()) {
        c.emitNodeError(node)
            << "loop-carried value #" << i << " is " << carried[i].getType()
            << " before iteration " << iteration << " and " << next.getType()
            << " after it";
        return failure();
      }
      carried[i] =
          running
              ? keepStorageType(
                    c, b.create<WhereOp>(ValueRange{running, next, carried[i]}),
                    c.getStorageType(next))
              : next;
    }
    for (int k = 0; k < numScans; ++k) {
      Value scan = outputs[1 + numCarried + k];
      SmallVector<int64_t> shape = {1};
      llvm::append_range(shape,
                         cast<RankedTensorType>(scan.getType()).getShape());
      scans[k].push_back(
          keepStorageType(c, b.create<ReshapeOp>(ValueRange{scan}, shape),
                          c.getStorageType(scan)));
    }
  }
  SmallVector<Value> results = carried;
  for (auto [k, stacked] : llvm::enumerate(scans)) {
    if (stacked.empty()) {
      c.emitNodeError(node) << "runs no iteration, so scan output #" << k
                            << " has no element type or shape to take";
      return failure();
    }
    results.push_back(
        stacked.size() == 1
            ? stacked.front()
            : keepStorageType(
                  c, b.create<ConcatOp>(ValueRange(stacked), int64_t(0)),
                  c.getStorageType(stacked.front())));
  }
  return b.bind(results);
}
