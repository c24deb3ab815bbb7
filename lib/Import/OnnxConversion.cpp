//===- OnnxConversion.cpp - State of one ONNX import ----------------------===//

#include "OnnxConversion.h"

#include "NodeAttributes.h"

#include "dialects/Sic/IR/SicOps.h"
#include "sic/Support/ShapeRules.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/ScopeExit.h"

#include <cstring>

using namespace mlir;
using namespace mlir::sic;

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

FailureOr<SmallVector<int64_t, 4>>
OnnxConversion::getInts(const onnx::NodeProto &node, llvm::StringRef name,
                        std::optional<SmallVector<int64_t, 4>> fallback) {
  return getAttribute<SmallVector<int64_t, 4>>(
      node, name, fallback, onnx::AttributeProto::INTS, "a list of integers",
      [](const onnx::AttributeProto &a) {
        return SmallVector<int64_t, 4>(a.ints().begin(), a.ints().end());
      });
}

FailureOr<std::string>
OnnxConversion::getString(const onnx::NodeProto &node, llvm::StringRef name,
                          std::optional<std::string> fallback) {
  return getAttribute<std::string>(
      node, name, fallback, onnx::AttributeProto::STRING, "a string",
      [](const onnx::AttributeProto &a) { return a.s(); });
}

llvm::StringRef OnnxConversion::getInput(const onnx::NodeProto &node,
                                         int index) const {
  return index < node.input_size() ? llvm::StringRef(node.input(index))
                                   : llvm::StringRef();
}

llvm::StringRef OnnxConversion::resolve(llvm::StringRef value) const {
  // Alias targets are stored resolved, so this takes at most one step; the
  // bound keeps it finite whatever the aliases hold.
  for (size_t step = 0; step <= aliases.size(); ++step) {
    auto it = aliases.find(value);
    if (it == aliases.end() || it->second == value)
      break;
    value = it->second;
  }
  return value;
}

std::optional<ArrayRef<int64_t>>
OnnxConversion::getShape(llvm::StringRef value) const {
  auto it = shapes.find(resolve(value));
  if (it == shapes.end())
    return std::nullopt;
  return ArrayRef<int64_t>(it->second);
}

FailureOr<ArrayRef<int64_t>>
OnnxConversion::getInputShape(const onnx::NodeProto &node, int index) {
  llvm::StringRef input = getInput(node, index);
  if (std::optional<ArrayRef<int64_t>> shape = getShape(input))
    return *shape;
  // Nodes are converted in topological order: an unknown input has no
  // writer (or its writers form a cycle, reported before conversion).
  emitNodeError(node) << "reads '" << input
                      << "', which no node, initializer or graph input "
                         "writes before it";
  return failure();
}

std::optional<SmallVector<int64_t, 4>>
OnnxConversion::lookupConstantInts(llvm::StringRef value) const {
  value = resolve(value);
  auto constant = constants.find(value);
  if (constant != constants.end() &&
      constant->second.elementType != ElementType::F32) {
    const OnnxConstant &tensor = constant->second;
    size_t size = getElementSize(tensor.elementType);
    SmallVector<int64_t, 4> result;
    for (size_t offset = 0; offset + size <= tensor.bytes.size();
         offset += size) {
      if (size == 8) {
        int64_t element;
        std::memcpy(&element, tensor.bytes.data() + offset, 8);
        result.push_back(element);
      } else {
        int32_t element;
        std::memcpy(&element, tensor.bytes.data() + offset, 4);
        result.push_back(element);
      }
    }
    return result;
  }
  return std::nullopt;
}

FailureOr<SmallVector<int64_t, 4>>
OnnxConversion::getConstantInts(const onnx::NodeProto &node, int index) {
  llvm::StringRef input = getInput(node, index);
  if (std::optional<SmallVector<int64_t, 4>> values = lookupConstantInts(input))
    return *values;
  emitNodeError(node) << "input #" << index << " '" << input
                      << "' must be a constant integer tensor (SIC compiles "
                         "static shapes)";
  return failure();
}

FailureOr<float> OnnxConversion::getConstantFloat(const onnx::NodeProto &node,
                                                  int index) {
  llvm::StringRef input = resolve(getInput(node, index));
  auto constant = constants.find(input);
  if (constant == constants.end() ||
      constant->second.elementType != ElementType::F32 ||
      constant->second.bytes.size() != sizeof(float)) {
    emitNodeError(node) << "input #" << index << " '" << input
                        << "' must be a constant f32 scalar";
    return failure();
  }
  float value;
  std::memcpy(&value, constant->second.bytes.data(), sizeof(float));
  return value;
}

FailureOr<PendingNode *>
OnnxConversion::emit(const onnx::NodeProto &node, llvm::StringRef op,
                     llvm::ArrayRef<llvm::StringRef> inputs) {
  if (node.output_size() == 0 || node.output(0).empty()) {
    emitNodeError(node) << "has no output";
    return failure();
  }
  for (int i = 1; i < node.output_size(); ++i) {
    if (!node.output(i).empty() && isUsed(node.output(i))) {
      emitNodeError(node) << "output #" << i << " '" << node.output(i)
                          << "' is used, but SIC computes only output #0";
      return failure();
    }
  }
  if (failed(checkUnwritten(node, node.output(0))))
    return failure();
  PendingNode &pending = nodes.emplace_back();
  pending.name = node.name();
  pending.op = op.str();
  for (llvm::StringRef input : inputs)
    pending.inputs.push_back(resolve(input).str());
  pending.outputs.push_back(node.output(0));
  return &pending;
}

LogicalResult OnnxConversion::alias(const onnx::NodeProto &node,
                                    llvm::StringRef value) {
  if (node.output_size() == 0 || node.output(0).empty()) {
    emitNodeError(node) << "has no output";
    return failure();
  }
  // Targets are stored resolved and an output is written once, so an alias
  // never closes a loop and resolve() takes at most one step.
  llvm::StringRef output = node.output(0), target = resolve(value);
  if (failed(checkUnwritten(node, output)))
    return failure();
  aliases[output] = target.str();
  return success();
}

LogicalResult OnnxConversion::checkUnwritten(const onnx::NodeProto &node,
                                             llvm::StringRef output) {
  // Every written name has a type: graph inputs, constants, aliases (through
  // their target) and converted node outputs.
  if (!aliases.count(output) && !shapes.count(output))
    return success();
  emitNodeError(node) << "output '" << output
                      << "' is already written elsewhere";
  return failure();
}

void OnnxConversion::addConstant(llvm::StringRef value, OnnxConstant constant) {
  setType(value, constant.elementType, constant.shape);
  constants[value] = std::move(constant);
}

void OnnxConversion::setType(llvm::StringRef value, ElementType elementType,
                             ArrayRef<int64_t> shape) {
  elementTypes[value] = elementType;
  shapes[value] = SmallVector<int64_t, 4>(shape);
}

std::optional<ElementType>
OnnxConversion::getElementType(llvm::StringRef value) const {
  auto it = elementTypes.find(resolve(value));
  if (it == elementTypes.end())
    return std::nullopt;
  return it->second;
}

void OnnxConversion::addIntConstant(llvm::StringRef value,
                                    ElementType elementType,
                                    ArrayRef<int64_t> shape,
                                    ArrayRef<int64_t> values) {
  std::vector<char> bytes;
  for (int64_t element : values) {
    char buffer[8];
    if (elementType == ElementType::I64) {
      std::memcpy(buffer, &element, 8);
      bytes.insert(bytes.end(), buffer, buffer + 8);
    } else {
      int32_t narrow = int32_t(element);
      std::memcpy(buffer, &narrow, 4);
      bytes.insert(bytes.end(), buffer, buffer + 4);
    }
  }
  addConstant(value, OnnxConstant{elementType, SmallVector<int64_t, 4>(shape),
                                  store(bytes)});
}

LogicalResult OnnxConversion::inferOutputType(const onnx::NodeProto &node,
                                              const PendingNode &pending) {
  const std::string &output = pending.outputs.front();
  if (pending.inputs.empty()) {
    emitNodeError(node) << "has no inputs";
    return failure();
  }
  // Build the node alone inside a scratch sic.graph (so that only its ODS
  // invariants are verified), on arguments of its input types, and ask its
  // op's rules for the output type.
  OpBuilder builder(context);
  auto scratch = builder.create<GraphOp>(diagnostics.getFileLoc(), "scratch",
                                         builder.getFunctionType({}, {}));
  auto erase = llvm::make_scope_exit([&] { scratch->destroy(); });
  Block *body = new Block();
  scratch.getBody().push_back(body);
  SmallVector<Value> operands;
  for (const std::string &input : pending.inputs) {
    std::optional<ArrayRef<int64_t>> shape = getShape(input);
    std::optional<ElementType> type = getElementType(input);
    if (!shape || !type) {
      // Nodes are converted in topological order: an unknown input has no
      // writer, or its writers form a cycle.
      emitNodeError(node) << "reads '" << input
                          << "', which no node, initializer or graph input "
                             "writes before it";
      return failure();
    }
    Type element = *type == ElementType::F32   ? Type(builder.getF32Type())
                   : *type == ElementType::I32 ? Type(builder.getI32Type())
                                               : Type(builder.getI64Type());
    operands.push_back(body->addArgument(RankedTensorType::get(*shape, element),
                                         builder.getUnknownLoc()));
  }
  std::string nodeName = pending.name.empty() ? pending.op : pending.name;
  OperationState state(
      NameLoc::get(builder.getStringAttr(nodeName), diagnostics.getFileLoc()),
      getOpName(pending.op));
  state.addOperands(operands);
  for (const AttributeDescription &attribute : pending.attributes) {
    std::string error;
    FailureOr<Attribute> value =
        convertNodeAttribute(context, attribute.name, attribute.value,
                             getMaxListSize(limits), error);
    if (failed(value)) {
      emitNodeError(node) << "attribute '" << attribute.name << "' " << error;
      return failure();
    }
    state.addAttribute(attribute.name, *value);
  }
  // The result type is a stand-in until the rules say.
  state.addTypes(operands.front().getType());
  builder.setInsertionPointToEnd(body);
  auto nodeOp = cast<NodeOpInterface>(builder.create(state));
  SmallVector<Type, 1> inferred;
  if (failed(verify(nodeOp, /*verifyRecursively=*/false)) ||
      failed(checkNodeArity(nodeOp)) ||
      failed(nodeOp.inferOutputTypes(inferred))) {
    diagnostics.recordError();
    return failure();
  }
  auto type = cast<RankedTensorType>(inferred.front());
  if (std::optional<std::string> breach =
          checkShapeLimits(type.getShape(), limits)) {
    emitNodeError(node) << "its output " << *breach;
    return failure();
  }
  Type element = type.getElementType();
  setType(output,
          element.isF32()         ? ElementType::F32
          : element.isInteger(32) ? ElementType::I32
                                  : ElementType::I64,
          type.getShape());
  return success();
}

ArrayRef<char> OnnxConversion::store(ArrayRef<char> bytes) {
  std::vector<char> &copy = storage.emplace_back(bytes.begin(), bytes.end());
  return copy;
}
