//===- OnnxConversion.cpp - State of one ONNX import ----------------------===//

#include "OnnxConversion.h"

#include "OnnxFolding.h"
#include "OnnxTensors.h"

#include "sic/Import/GraphBuilder.h"
#include "sic/Support/ShapeRules.h"

#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Verifier.h"

#include <limits>

using namespace mlir;
using namespace mlir::sic;

OnnxConversion::OnnxConversion(Block *body, ImportDiagnostics &diagnostics,
                               const ImportLimits &limits, int64_t opset)
    : builder(OpBuilder::atBlockEnd(body)), diagnostics(diagnostics),
      limits(limits), opset(opset) {}

InFlightDiagnostic OnnxConversion::emitNodeError(const onnx::NodeProto &node) {
  InFlightDiagnostic diag = diagnostics.error() << "node ";
  if (!node.name().empty())
    diag << "'" << node.name() << "' ";
  diag << "(" << node.op_type() << "): ";
  return diag;
}

const onnx::AttributeProto *
OnnxConversion::findAttribute(const onnx::NodeProto &node,
                              llvm::StringRef name) {
  readAttributes.insert(name);
  for (const onnx::AttributeProto &attribute : node.attribute())
    if (attribute.name() == name)
      return &attribute;
  return nullptr;
}

bool OnnxConversion::hasAttribute(const onnx::NodeProto &node,
                                  llvm::StringRef name) {
  return findAttribute(node, name) != nullptr;
}

LogicalResult OnnxConversion::checkAttributesRead(const onnx::NodeProto &node) {
  bool valid = true;
  for (const onnx::AttributeProto &attribute : node.attribute()) {
    if (readAttributes.contains(attribute.name()))
      continue;
    emitNodeError(node) << "attribute '" << attribute.name() << "' is not one "
                        << node.op_type() << " takes in opset " << opset;
    valid = false;
  }
  return success(valid);
}

template <typename T, typename Read>
FailureOr<T> OnnxConversion::getAttribute(const onnx::NodeProto &node,
                                          llvm::StringRef name,
                                          std::optional<T> fallback, int type,
                                          const char *expected, Read read) {
  const onnx::AttributeProto *attribute = findAttribute(node, name);
  if (!attribute && fallback)
    return *fallback;
  if (!attribute || attribute->type() != type) {
    emitNodeError(node) << "attribute '" << name << "' must be " << expected;
    return failure();
  }
  return read(*attribute);
}

FailureOr<int64_t> OnnxConversion::getInt(const onnx::NodeProto &node,
                                          llvm::StringRef name,
                                          std::optional<int64_t> fallback) {
  return getAttribute<int64_t>(
      node, name, fallback, onnx::AttributeProto::INT, "an integer",
      [](const onnx::AttributeProto &a) { return a.i(); });
}

FailureOr<float> OnnxConversion::getFloat(const onnx::NodeProto &node,
                                          llvm::StringRef name,
                                          std::optional<float> fallback) {
  return getAttribute<float>(
      node, name, fallback, onnx::AttributeProto::FLOAT, "a float",
      [](const onnx::AttributeProto &a) { return a.f(); });
}

template <typename T, typename Field>
FailureOr<SmallVector<T, 4>>
OnnxConversion::readList(const onnx::NodeProto &node, llvm::StringRef name,
                         const Field &values) {
  if (uint64_t(values.size()) > getMaxListSize(limits)) {
    emitNodeError(node) << "attribute '" << name << "' has " << values.size()
                        << " values, more than the limit of "
                        << getMaxListSize(limits);
    return failure();
  }
  return SmallVector<T, 4>(values.begin(), values.end());
}

FailureOr<SmallVector<int64_t, 4>>
OnnxConversion::getInts(const onnx::NodeProto &node, llvm::StringRef name,
                        std::optional<SmallVector<int64_t, 4>> fallback) {
  return getAttribute<SmallVector<int64_t, 4>>(
      node, name, fallback, onnx::AttributeProto::INTS, "a list of integers",
      [&](const onnx::AttributeProto &a) {
        return readList<int64_t>(node, name, a.ints());
      });
}

FailureOr<SmallVector<float, 4>>
OnnxConversion::getFloats(const onnx::NodeProto &node, llvm::StringRef name,
                          std::optional<SmallVector<float, 4>> fallback) {
  return getAttribute<SmallVector<float, 4>>(
      node, name, fallback, onnx::AttributeProto::FLOATS, "a list of floats",
      [&](const onnx::AttributeProto &a) {
        return readList<float>(node, name, a.floats());
      });
}

FailureOr<SmallVector<std::string, 4>>
OnnxConversion::getStrings(const onnx::NodeProto &node, llvm::StringRef name,
                           std::optional<SmallVector<std::string, 4>> fallback) {
  return getAttribute<SmallVector<std::string, 4>>(
      node, name, fallback, onnx::AttributeProto::STRINGS, "a list of strings",
      [&](const onnx::AttributeProto &a) {
        return readList<std::string>(node, name, a.strings());
      });
}

FailureOr<std::string>
OnnxConversion::getString(const onnx::NodeProto &node, llvm::StringRef name,
                          std::optional<std::string> fallback) {
  return getAttribute<std::string>(
      node, name, fallback, onnx::AttributeProto::STRING, "a string",
      [](const onnx::AttributeProto &a) { return a.s(); });
}

FailureOr<const onnx::TensorProto *>
OnnxConversion::getTensor(const onnx::NodeProto &node, llvm::StringRef name) {
  return getAttribute<const onnx::TensorProto *>(
      node, name, static_cast<const onnx::TensorProto *>(nullptr),
      onnx::AttributeProto::TENSOR, "a tensor",
      [](const onnx::AttributeProto &a) { return &a.t(); });
}

FailureOr<const onnx::GraphProto *>
OnnxConversion::getGraph(const onnx::NodeProto &node, llvm::StringRef name) {
  return getAttribute<const onnx::GraphProto *>(
      node, name, std::nullopt, onnx::AttributeProto::GRAPH, "a graph",
      [](const onnx::AttributeProto &a) { return &a.g(); });
}

llvm::StringRef OnnxConversion::getInput(const onnx::NodeProto &node,
                                         int index) const {
  return index < node.input_size() ? llvm::StringRef(node.input(index))
                                   : llvm::StringRef();
}

//===----------------------------------------------------------------------===//
// Values
//===----------------------------------------------------------------------===//

Value OnnxConversion::lookup(llvm::StringRef name) {
  // "" marks an absent optional input, whatever a model names "".
  if (name.empty())
    return nullptr;
  if (Value value = values.lookup(name))
    return value;
  auto constant = constants.find(name);
  if (constant == constants.end())
    return nullptr;
  const OnnxConstant &data = constant->second;
  auto type = RankedTensorType::get(
      data.shape, getMlirElementType(builder.getContext(), data.elementType));
  Value value = createConstant(name, type, data.bytes);
  if (data.storage)
    setStorageType(value,
                   getMlirElementType(builder.getContext(), *data.storage));
  values[name] = value;
  return value;
}

FailureOr<Value> OnnxConversion::getInputValue(const onnx::NodeProto &node,
                                               int index) {
  llvm::StringRef input = getInput(node, index);
  if (Value value = lookup(input))
    return value;
  // Nodes are converted in topological order: an unknown input has no
  // writer (or its writers form a cycle, reported before conversion).
  emitNodeError(node) << "reads '" << input
                      << "', which no node, initializer or graph input "
                         "writes before it";
  return failure();
}

FailureOr<SmallVector<Value>>
OnnxConversion::getPresentInputValues(const onnx::NodeProto &node, int limit) {
  SmallVector<Value> inputs;
  for (int i = 0; i < std::min(limit, node.input_size()); ++i) {
    if (getInput(node, i).empty())
      continue;
    FailureOr<Value> input = getInputValue(node, i);
    if (failed(input))
      return failure();
    inputs.push_back(*input);
  }
  return inputs;
}

std::optional<ArrayRef<int64_t>>
OnnxConversion::getShape(llvm::StringRef name) {
  if (Value value = lookup(name))
    return cast<RankedTensorType>(value.getType()).getShape();
  return std::nullopt;
}

FailureOr<ArrayRef<int64_t>>
OnnxConversion::getInputShape(const onnx::NodeProto &node, int index) {
  FailureOr<Value> input = getInputValue(node, index);
  if (failed(input))
    return failure();
  return cast<RankedTensorType>(input->getType()).getShape();
}

std::optional<SmallVector<int64_t, 4>>
OnnxConversion::lookupConstantInts(llvm::StringRef name) {
  Value value = lookup(name);
  auto constant = value ? value.getDefiningOp<ConstantOp>() : nullptr;
  if (!constant)
    return std::nullopt;
  Type element = constant.getType().getElementType();
  if (element.isInteger(64)) {
    FailureOr<std::vector<int64_t>> ints =
        readConstantValues<int64_t>(constant);
    if (succeeded(ints))
      return SmallVector<int64_t, 4>(ints->begin(), ints->end());
  } else if (element.isInteger(32)) {
    FailureOr<std::vector<int32_t>> ints =
        readConstantValues<int32_t>(constant);
    if (succeeded(ints))
      return SmallVector<int64_t, 4>(ints->begin(), ints->end());
  }
  return std::nullopt;
}

std::string OnnxConversion::explainNotConstant(Value value) {
  // The first graph input the value depends on, searched depth first; or,
  // when it depends on constants only, the node that was not evaluated.
  SmallVector<Value> pending = {value};
  DenseSet<Value> seen;
  while (!pending.empty()) {
    Value next = pending.pop_back_val();
    if (!seen.insert(next).second)
      continue;
    if (auto argument = dyn_cast<BlockArgument>(next)) {
      auto graph = cast<GraphOp>(argument.getOwner()->getParentOp());
      auto name = graph.getArgAttrOfType<StringAttr>(
          argument.getArgNumber(), SicDialect::NameAttrHelper::getNameStr());
      return "it depends on graph input '" + name.str() + "'";
    }
    for (Value operand : next.getDefiningOp()->getOperands())
      pending.push_back(operand);
  }
  return "it is computed by node '" + getNodeName(value.getDefiningOp()) +
         "', which is not evaluated at compile time (over the "
         "--max-folded-elements budget, or an op SIC evaluates only at run "
         "time)";
}

FailureOr<SmallVector<int64_t, 4>>
OnnxConversion::getConstantInts(const onnx::NodeProto &node, int index) {
  // The values become a list attribute.
  return getConstantInts(node, index, getMaxListSize(limits));
}

FailureOr<SmallVector<int64_t, 4>>
OnnxConversion::getConstantIntTensor(const onnx::NodeProto &node, int index) {
  // The values were read from a constant the import already holds.
  return getConstantInts(node, index, std::numeric_limits<uint64_t>::max());
}

FailureOr<SmallVector<int64_t, 4>>
OnnxConversion::getConstantInts(const onnx::NodeProto &node, int index,
                                uint64_t limit) {
  FailureOr<Value> input = getInputValue(node, index);
  if (failed(input))
    return failure();
  if (std::optional<SmallVector<int64_t, 4>> values =
          lookupConstantInts(getInput(node, index))) {
    if (values->size() <= limit)
      return *values;
    emitNodeError(node) << "input #" << index << " '" << getInput(node, index)
                        << "' has " << values->size()
                        << " values, more than the limit of " << limit;
    return failure();
  }
  InFlightDiagnostic diag =
      emitNodeError(node) << "input #" << index << " '" << getInput(node, index)
                          << "' must be a constant integer tensor (SIC "
                             "compiles static shapes)";
  if (!input->getDefiningOp<ConstantOp>())
    diag << "; " << explainNotConstant(*input);
  return failure();
}

FailureOr<float> OnnxConversion::getConstantFloat(const onnx::NodeProto &node,
                                                  int index) {
  FailureOr<Value> input = getInputValue(node, index);
  if (failed(input))
    return failure();
  auto constant = input->getDefiningOp<ConstantOp>();
  FailureOr<std::vector<float>> value = failure();
  if (constant && constant.getType().getElementType().isF32())
    value = readConstantValues<float>(constant);
  if (failed(value) || value->size() != 1) {
    InFlightDiagnostic diag = emitNodeError(node)
                              << "input #" << index << " '"
                              << getInput(node, index)
                              << "' must be a constant f32 scalar";
    if (!constant)
      diag << "; " << explainNotConstant(*input);
    return failure();
  }
  return value->front();
}

void OnnxConversion::bindInput(llvm::StringRef name, BlockArgument argument) {
  Type storage = cast<RankedTensorType>(argument.getType()).getElementType();
  if (!isStorageOnlyType(storage)) {
    values[name] = argument;
    return;
  }
  Value value = createCast(argument, getComputeElementType(storage));
  setStorageType(value, storage);
  values[name] = value;
}

Type OnnxConversion::getStorageType(Value value) const {
  if (Type storage = storageTypes.lookup(value))
    return storage;
  return cast<RankedTensorType>(value.getType()).getElementType();
}

FailureOr<Value> OnnxConversion::narrowTo(const onnx::NodeProto &node,
                                          Value value, Type storage) {
  Type compute = cast<RankedTensorType>(value.getType()).getElementType();
  FailureOr<Value> narrow = create<CastOp>(node, value, TypeAttr::get(storage));
  if (failed(narrow))
    return failure();
  FailureOr<Value> back = create<CastOp>(node, *narrow, TypeAttr::get(compute));
  if (failed(back))
    return failure();
  setStorageType(*back, storage);
  return back;
}

Value OnnxConversion::toStorage(Value value) {
  Type storage = getStorageType(value);
  if (storage == cast<RankedTensorType>(value.getType()).getElementType())
    return value;
  return createCast(value, storage);
}

Value OnnxConversion::createCast(Value value, Type element) {
  auto type = cast<RankedTensorType>(value.getType());
  return builder
      .create<CastOp>(value.getLoc(), TypeRange{type.clone(element)},
                      ValueRange{value}, TypeAttr::get(element))
      ->getResult(0);
}

LogicalResult OnnxConversion::addConstant(llvm::StringRef name,
                                          OnnxConstant constant,
                                          const onnx::NodeProto *node) {
  if (node && failed(checkUnwritten(*node, name)))
    return failure();
  if (values.count(name) || constants.count(name)) {
    diagnostics.error() << "'" << name << "' is written twice";
    return failure();
  }
  constantBytes += constant.bytes.size();
  if (constantBytes > limits.maxConstantBytes) {
    diagnostics.error() << "the constants take more than "
                        << limits.maxConstantBytes
                        << " bytes, the limit (--max-constant-bytes)";
    return failure();
  }
  constants[name] = std::move(constant);
  scopeLog.push_back(name.str());
  return success();
}

LogicalResult OnnxConversion::bindValue(const onnx::NodeProto &node,
                                        llvm::StringRef name, Value value) {
  if (values.count(name) || constants.count(name)) {
    emitNodeError(node) << "body input '" << name
                        << "' is already written elsewhere";
    return failure();
  }
  values[name] = value;
  scopeLog.push_back(name.str());
  return success();
}

void OnnxConversion::endScope(size_t start) {
  for (size_t i = start; i < scopeLog.size(); ++i) {
    values.erase(scopeLog[i]);
    constants.erase(scopeLog[i]);
  }
  scopeLog.resize(start);
}

Value OnnxConversion::createConstant(llvm::StringRef name,
                                     RankedTensorType type,
                                     ArrayRef<char> bytes) {
  // An empty tensor's bytes may have no address, which the copy refuses.
  static const char none = 0;
  if (bytes.empty())
    bytes = ArrayRef<char>(&none, size_t(0));
  AsmResourceBlob blob =
      HeapAsmResourceBlob::allocateAndCopyWithAlign(bytes, kConstantAlignment);
  return createConstant(
      name, DenseResourceElementsAttr::get(type, name, std::move(blob)));
}

Value OnnxConversion::createConstant(llvm::StringRef name, ElementsAttr value) {
  auto type = cast<RankedTensorType>(value.getType());
  Location loc =
      NameLoc::get(builder.getStringAttr(name), diagnostics.getFileLoc());
  // Constants lead the graph, in the order they are made.
  OpBuilder::InsertionGuard guard(builder);
  if (lastConstant)
    builder.setInsertionPointAfter(lastConstant);
  else
    builder.setInsertionPointToStart(builder.getInsertionBlock());
  lastConstant = builder.create<ConstantOp>(loc, type, value);
  return lastConstant.getResult();
}

ArrayRef<char> OnnxConversion::store(ArrayRef<char> bytes) {
  std::vector<char> &copy = storage.emplace_back(bytes.begin(), bytes.end());
  return copy;
}

//===----------------------------------------------------------------------===//
// Creating sic ops
//===----------------------------------------------------------------------===//

Location OnnxConversion::getNodeLoc(const onnx::NodeProto &node,
                                    llvm::StringRef opName) {
  std::string name = node.name();
  if (name.empty())
    name =
        opName.drop_front(SicDialect::getDialectNamespace().size() + 1).str() +
        "#" + std::to_string(unnamedNodes++);
  return NameLoc::get(builder.getStringAttr(name), diagnostics.getFileLoc());
}

FailureOr<Value> OnnxConversion::finishNode(const onnx::NodeProto &node,
                                            Operation *op) {
  auto nodeOp = cast<NodeOpInterface>(op);
  SmallVector<Type, 1> inferred;
  if (failed(verify(op, /*verifyRecursively=*/false)) ||
      failed(checkNodeArity(nodeOp)) ||
      failed(nodeOp.inferOutputTypes(inferred))) {
    diagnostics.recordError();
    op->erase();
    return failure();
  }
  for (auto [result, type] : llvm::zip(op->getResults(), inferred)) {
    auto tensor = cast<RankedTensorType>(type);
    if (std::optional<std::string> breach =
            checkShapeLimits(tensor.getShape(), limits)) {
      emitNodeError(node) << "its output " << *breach;
      op->erase();
      return failure();
    }
    result.setType(tensor);
  }
  if (llvm::all_of(op->getOperands(), [](Value operand) {
        return operand.getDefiningOp<ConstantOp>();
      }))
    return foldNode(*this, node, op);
  return op->getResult(0);
}

LogicalResult OnnxConversion::bindOutputs(const onnx::NodeProto &node,
                                          ValueRange outputs) {
  // An optional output #0 may be left out (an LSTM read for its last
  // state only), not every output.
  if (llvm::all_of(node.output(),
                   [](const std::string &name) { return name.empty(); })) {
    emitNodeError(node) << "has no output";
    return failure();
  }
  for (int i = 1; i < node.output_size(); ++i) {
    bool computed = i < int(outputs.size()) && outputs[i];
    if (!computed && !node.output(i).empty() && isUsed(node.output(i))) {
      emitNodeError(node) << "output #" << i << " '" << node.output(i)
                          << "' is used, but SIC computes only output"
                          << (outputs.size() == 1 ? " #0" : "s #0 to #")
                          << (outputs.size() == 1
                                  ? ""
                                  : std::to_string(outputs.size() - 1));
      return failure();
    }
  }
  for (auto [index, output] : llvm::enumerate(outputs)) {
    if (int(index) >= node.output_size() || node.output(index).empty() ||
        !output)
      continue;
    if (failed(checkUnwritten(node, node.output(index))))
      return failure();
    Value value = output;
    if (Type storage = getInheritedStorageType(node, index, value)) {
      FailureOr<Value> narrow = narrowTo(node, value, storage);
      if (failed(narrow))
        return failure();
      value = *narrow;
    }
    values[node.output(index)] = value;
    scopeLog.push_back(node.output(index));
  }
  return success();
}

Type OnnxConversion::getInheritedStorageType(const onnx::NodeProto &node,
                                             int index, Value value) {
  // A value whose type a converter set, or a node's input passed through.
  if (storageTypes.count(value))
    return nullptr;
  // Outputs whose ONNX type is not their data input's.
  static const llvm::StringSet<> ownTypes = {"Shape",
                                             "Size",
                                             "ArgMax",
                                             "ArgMin",
                                             "NonZero",
                                             "Cast",
                                             "CastLike",
                                             "EyeLike",
                                             "OneHot",
                                             "ConstantOfShape",
                                             "QuantizeLinear",
                                             "DequantizeLinear",
                                             "DynamicQuantizeLinear"};
  if (ownTypes.contains(node.op_type()))
    return nullptr;
  // The indices of TopK, Unique and MaxPool are int64 whatever the data.
  if (index > 0 && (node.op_type() == "TopK" || node.op_type() == "Unique" ||
                    node.op_type() == "MaxPool"))
    return nullptr;
  // The data input: the first, or Where's second (the first is its
  // condition).
  int data = node.op_type() == "Where" ? 1 : 0;
  Value input = lookup(getInput(node, data));
  if (!input)
    return nullptr;
  Type storage = getStorageType(input);
  if (!isStorageOnlyType(storage) ||
      cast<RankedTensorType>(value.getType()).getElementType() !=
          getComputeElementType(storage))
    return nullptr;
  return storage;
}

Value OnnxConversion::createScalar(const onnx::NodeProto &node, float value) {
  return createScalar(node, value, builder.getF32Type());
}

Value OnnxConversion::createScalar(const onnx::NodeProto &node, double value,
                                   FloatType type) {
  return createConstant(getConstantName(node),
                        DenseElementsAttr::get(RankedTensorType::get({}, type),
                                               FloatAttr::get(type, value)));
}

std::string OnnxConversion::getConstantName(const onnx::NodeProto &node) const {
  if (node.output_size() > 0 && !node.output(0).empty())
    return node.output(0);
  return node.name().empty() ? node.op_type() : node.name();
}

LogicalResult OnnxConversion::alias(const onnx::NodeProto &node, int index) {
  FailureOr<Value> input = getInputValue(node, index);
  if (failed(input))
    return failure();
  return bind(node, *input);
}

LogicalResult OnnxConversion::checkUnwritten(const onnx::NodeProto &node,
                                             llvm::StringRef output) {
  if (!values.count(output) && !constants.count(output))
    return success();
  emitNodeError(node) << "output '" << output
                      << "' is already written elsewhere";
  return failure();
}

void OnnxConversion::eraseUnusedConstants() {
  // Folding leaves constants that only folded nodes read, and inputs a
  // converter took as attributes (Reshape's shape) are read by nothing.
  Block *body = builder.getInsertionBlock();
  for (Operation &op : llvm::make_early_inc_range(*body))
    if (isa<ConstantOp>(op) && op.use_empty())
      op.erase();
  lastConstant = nullptr;
}

bool OnnxConversion::takeFoldBudget(uint64_t elements) {
  if (elements > limits.maxFoldedElements - foldedElements)
    return false;
  foldedElements += elements;
  return true;
}
