//===- Evaluator.cpp - Walks a scheduled sic model in order ---------------===//

#include "Kernels.h"

#include "dialects/Sic/IR/SicOps.h"
#include "sic/Support/ConstantElements.h"
#include "sic/Support/ShapeRules.h"

#include "mlir/IR/Verifier.h"
#include "llvm/ADT/SmallVectorExtras.h"

#include <algorithm>

using namespace mlir;
using namespace mlir::sic;

namespace {

/// "input 'x' (#0)" when the model names the argument, else "input #0".
std::string describeInput(func::FuncOp function, unsigned index) {
  std::string text = "input ";
  if (auto name = function.getArgAttrOfType<StringAttr>(
          index, SicDialect::NameAttrHelper::getNameStr()))
    text += "'" + name.str() + "' (#" + std::to_string(index) + ")";
  else
    text += "#" + std::to_string(index);
  return text;
}

/// Refuses a tensor of `type` over the size limit. Zero dims count as 1, so
/// that every product of dims that a kernel forms stays within the limit too.
LogicalResult checkTensorSize(Operation *op, RankedTensorType type,
                              const ReferenceOptions &options) {
  SmallVector<int64_t> extents = llvm::map_to_vector(
      type.getShape(), [](int64_t dim) { return std::max<int64_t>(dim, 1); });
  std::optional<int64_t> count = getElementCount(extents);
  uint64_t width = getElementByteSize(type.getElementType());
  if (!count || static_cast<uint64_t>(*count) > options.maxTensorBytes / width)
    return op->emitOpError("needs a tensor of type ")
           << type << ", larger than the reference evaluator's limit of "
           << options.maxTensorBytes << " bytes";
  return success();
}

/// The inputs match the signature, which the evaluator can hold.
LogicalResult checkInputs(func::FuncOp function, ArrayRef<HostTensor> inputs,
                          const ReferenceOptions &options) {
  ArrayRef<Type> types = function.getArgumentTypes();
  if (inputs.size() != types.size())
    return function.emitError("expects ")
           << types.size() << (types.size() == 1 ? " input" : " inputs")
           << ", got " << inputs.size();
  for (auto [index, expected] : llvm::enumerate(types)) {
    RankedTensorType actual = inputs[index].getType();
    auto type = dyn_cast<RankedTensorType>(expected);
    if (!type)
      return function.emitError()
             << describeInput(function, index) << " expects type " << expected
             << ", got " << actual;
    if (actual.getElementType() != type.getElementType())
      return function.emitError()
             << describeInput(function, index) << " expects element type "
             << type.getElementType() << ", got " << actual.getElementType();
    if (actual.getShape() != type.getShape())
      return function.emitError()
             << describeInput(function, index) << " expects shape ["
             << type.getShape() << "], got [" << actual.getShape() << "]";
    if (failed(checkTensorSize(function, type, options)))
      return failure();
  }
  return success();
}

template <typename T>
FailureOr<HostTensor> readConstant(ConstantOp op, RankedTensorType type) {
  auto emitError = [&] { return op.emitOpError(); };
  if constexpr (std::is_same_v<T, bool>) {
    FailureOr<std::vector<char>> bytes =
        getElementBytes(op.getValue(), emitError);
    if (failed(bytes))
      return failure();
    return HostTensor(type, SmallVector<bool, 0>(bytes->begin(), bytes->end()));
  } else {
    FailureOr<std::vector<T>> values =
        readElements<T>(op.getValue(), emitError);
    if (failed(values))
      return failure();
    return HostTensor(type, std::move(*values));
  }
}

} // namespace

FailureOr<HostTensor> mlir::sic::readConstantTensor(ConstantOp constant) {
  auto type = cast<RankedTensorType>(constant.getType());
  return reference::visitModelElementType(
      type.getElementType(),
      [&](auto zero) { return readConstant<decltype(zero)>(constant, type); });
}

std::optional<HostTensor>
mlir::sic::evaluateNode(Operation *node, ArrayRef<const HostTensor *> inputs) {
  for (auto family :
       {reference::evaluateElementwiseNode, reference::evaluateContractionNode,
        reference::evaluatePoolingNode, reference::evaluateNormalizationNode,
        reference::evaluateReductionNode, reference::evaluateRecurrenceNode,
        reference::evaluateDataMovementNode, reference::evaluateScatterNode})
    if (std::optional<HostTensor> result = family(node, inputs))
      return result;
  return std::nullopt;
}

namespace {

FailureOr<HostTensor> evaluateOp(Operation &op,
                                 const DenseMap<Value, HostTensor> &values,
                                 const ReferenceOptions &options) {
  bool isConstant = isa<ConstantOp>(op);
  if (!isConstant && !isa<NodeOpInterface>(op))
    return op.emitOpError("is not supported by the reference evaluator");
  // Verified nodes and constants have one static tensor result.
  RankedTensorType type = reference::getOutputType(&op);
  if (failed(checkTensorSize(&op, type, options)))
    return failure();
  if (isConstant)
    return readConstantTensor(cast<ConstantOp>(op));

  SmallVector<const HostTensor *> inputs;
  for (Value operand : op.getOperands())
    inputs.push_back(&values.find(operand)->second);
  if (failed(reference::checkDataIndices(&op, inputs)))
    return failure();
  if (std::optional<HostTensor> result = evaluateNode(&op, inputs))
    return std::move(*result);
  return op.emitOpError("is not supported by the reference evaluator");
}

} // namespace

FailureOr<SmallVector<HostTensor>>
mlir::sic::evaluateReference(func::FuncOp function, ArrayRef<HostTensor> inputs,
                             const ReferenceOptions &options) {
  if (function.isExternal())
    return function.emitError("has no body to evaluate");
  if (failed(verify(function)) ||
      failed(checkInputs(function, inputs, options)))
    return failure();

  Block &body = function.getBody().front();
  DenseMap<Value, HostTensor> values;
  for (auto [argument, input] : llvm::zip_equal(body.getArguments(), inputs))
    values.try_emplace(argument, input);

  // A tensor is freed once the last op that reads it has run; one that
  // nothing reads, at once.
  DenseMap<Value, Operation *> lastReaders;
  for (Operation &op : body)
    for (Value operand : op.getOperands())
      lastReaders[operand] = &op;
  auto releaseDead = [&](ValueRange candidates, Operation *reader) {
    for (Value value : candidates) {
      auto lastReader = lastReaders.find(value);
      if (lastReader == lastReaders.end() || lastReader->second == reader)
        values.erase(value);
    }
  };
  releaseDead(body.getArguments(), /*reader=*/nullptr);

  for (Operation &op : body) {
    if (auto ret = dyn_cast<func::ReturnOp>(op)) {
      SmallVector<HostTensor> results;
      for (Value operand : ret.getOperands())
        results.push_back(values.find(operand)->second);
      return results;
    }
    FailureOr<HostTensor> result = evaluateOp(op, values, options);
    if (failed(result))
      return failure();
    values.try_emplace(op.getResult(0), std::move(*result));
    releaseDead(op.getOperands(), &op);
    releaseDead(op.getResults(), &op);
  }
  llvm_unreachable("a verified function body ends in a terminator");
}
