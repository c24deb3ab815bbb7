//===- GraphBuilder.cpp - Check a model and build its sic.graph -----------===//

#include "sic/Import/GraphBuilder.h"

#include "ImportDiagnostics.h"
#include "NodeAttributes.h"

#include "dialects/Sic/IR/SicOps.h"

#include "llvm/ADT/StringSet.h"
#include "sic/Support/ShapeRules.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/CheckedArithmetic.h"

#include <map>

using namespace mlir;
using namespace mlir::sic;

namespace {

/// Who writes a tensor.
struct Source {
  enum Kind { None, GraphInput, Constant, Node } kind = None;
  size_t index = 0; // graph input position or node index
};

class GraphBuilder {
public:
  GraphBuilder(const ModelDescription &model, MLIRContext *context,
               Location fileLoc, const ImportLimits &limits)
      : model(model), context(context), diagnostics(fileLoc), limits(limits),
        sources(model.tensors.size()) {}

  OwningOpRef<ModuleOp> build();

private:
  std::string describeTensor(uint64_t index) const;
  std::string describeNode(size_t index) const;
  Location getTensorLoc(uint64_t index) const;
  Location getNodeLoc(size_t index) const;
  Type getTensorType(uint64_t index) const;

  void checkTensors();
  void checkGraphInputs();
  void checkNodes();
  /// Checks a node's tensor indices (`role` is "input" or "output").
  bool checkIndices(size_t node, ArrayRef<uint64_t> indices, const char *role);
  void claimSource(uint64_t tensor, Source source);
  void checkNodeAttributes(size_t node, OperationName name);

  OwningOpRef<ModuleOp> emitGraph();
  Value getOrCreatePlaceholder(OpBuilder &builder, uint64_t tensor);

  const ModelDescription &model;
  MLIRContext *context;
  ImportDiagnostics diagnostics;
  const ImportLimits &limits;
  std::vector<Source> sources;
  /// The converted attributes of each node with a known op.
  std::vector<NamedAttrList> nodeAttributes;
  std::vector<Value> values;
};

} // namespace

std::string GraphBuilder::describeTensor(uint64_t index) const {
  return "tensor #" + std::to_string(index) + " '" + model.tensors[index].name +
         "'";
}

std::string GraphBuilder::describeNode(size_t index) const {
  const NodeDescription &node = model.nodes[index];
  std::string text = "node #" + std::to_string(index);
  if (!node.name.empty())
    text += " '" + node.name + "'";
  return text + " (" + node.op + ")";
}

Location GraphBuilder::getTensorLoc(uint64_t index) const {
  return NameLoc::get(StringAttr::get(context, model.tensors[index].name),
                      diagnostics.getFileLoc());
}

Location GraphBuilder::getNodeLoc(size_t index) const {
  const NodeDescription &node = model.nodes[index];
  std::string name =
      node.name.empty() ? node.op + "#" + std::to_string(index) : node.name;
  return NameLoc::get(StringAttr::get(context, name), diagnostics.getFileLoc());
}

Type GraphBuilder::getTensorType(uint64_t index) const {
  const TensorDescription &tensor = model.tensors[index];
  return RankedTensorType::get(tensor.shape,
                               getMlirElementType(context, tensor.elementType));
}

//===----------------------------------------------------------------------===//
// Checks
//===----------------------------------------------------------------------===//

void GraphBuilder::checkTensors() {
  llvm::StringMap<uint64_t> names;
  uint64_t constantBytes = 0;
  for (auto [index, tensor] : llvm::enumerate(model.tensors)) {
    if (tensor.name.empty()) {
      diagnostics.error() << "tensor #" << index << " has no name";
    } else {
      auto [it, inserted] = names.try_emplace(tensor.name, index);
      if (!inserted)
        diagnostics.error()
            << describeTensor(index) << ": the name is already used by tensor #"
            << it->second;
    }
    if (tensor.shape.size() > limits.maxRank) {
      diagnostics.error() << describeTensor(index) << " "
                          << *checkShapeLimits(tensor.shape, limits);
      continue;
    }
    bool validDims = true;
    for (auto [dim, size] : llvm::enumerate(tensor.shape)) {
      if (size < 0) {
        diagnostics.error() << describeTensor(index) << ": dimension " << dim
                            << " is " << size << ", but sizes must be >= 0";
        validDims = false;
      }
    }
    if (!validDims)
      continue;
    if (std::optional<std::string> breach =
            checkShapeLimits(tensor.shape, limits)) {
      diagnostics.error() << describeTensor(index) << " " << *breach;
      continue;
    }
    if (!tensor.data)
      continue;
    sources[index] = {Source::Constant, index};
    // At the largest --max-tensor-elements (2^60), 8-byte elements overflow.
    std::optional<int64_t> bytes =
        llvm::checkedMul(*getElementCount(tensor.shape),
                         int64_t(getElementSize(tensor.elementType)));
    if (!bytes) {
      diagnostics.error() << describeTensor(index)
                          << " has more than 2^63 bytes";
      continue;
    }
    uint64_t expected = *bytes;
    if (tensor.data->size() != expected) {
      diagnostics.error() << describeTensor(index) << ": constant data has "
                          << tensor.data->size() << " bytes, but "
                          << getTensorType(index) << " needs " << expected;
      continue;
    }
    constantBytes += expected;
  }
  if (constantBytes > limits.maxConstantBytes)
    diagnostics.error() << "the constants take " << constantBytes
                        << " bytes, more than the limit of "
                        << limits.maxConstantBytes;
}

void GraphBuilder::claimSource(uint64_t tensor, Source source) {
  Source &previous = sources[tensor];
  if (previous.kind == Source::None) {
    previous = source;
    return;
  }
  auto describe = [&](Source s) {
    switch (s.kind) {
    case Source::GraphInput:
      return "graph input #" + std::to_string(s.index);
    case Source::Constant:
      return std::string("its constant data");
    case Source::Node:
      return describeNode(s.index);
    case Source::None:
      break;
    }
    llvm_unreachable("a claimed source has a kind");
  };
  diagnostics.error() << describeTensor(tensor) << " is written by both "
                      << describe(previous) << " and " << describe(source);
}

void GraphBuilder::checkGraphInputs() {
  for (auto [position, tensor] : llvm::enumerate(model.inputs)) {
    if (tensor >= model.tensors.size()) {
      diagnostics.error() << "graph input #" << position << " is tensor #"
                          << tensor << ", but the model has "
                          << model.tensors.size() << " tensors";
      continue;
    }
    claimSource(tensor, {Source::GraphInput, position});
  }
  for (auto [position, tensor] : llvm::enumerate(model.outputs))
    if (tensor >= model.tensors.size())
      diagnostics.error() << "graph output #" << position << " is tensor #"
                          << tensor << ", but the model has "
                          << model.tensors.size() << " tensors";
  if (!model.outputNames.empty() &&
      model.outputNames.size() != model.outputs.size())
    diagnostics.error() << "the model names " << model.outputNames.size()
                        << " graph outputs, but has " << model.outputs.size();
  checkOutputNames(diagnostics, model.outputNames);
}

bool GraphBuilder::checkIndices(size_t node, ArrayRef<uint64_t> indices,
                                const char *role) {
  bool valid = true;
  for (auto [position, tensor] : llvm::enumerate(indices)) {
    if (tensor < model.tensors.size())
      continue;
    diagnostics.error() << describeNode(node) << ": " << role << " #"
                        << position << " is tensor #" << tensor
                        << ", but the model has " << model.tensors.size()
                        << " tensors";
    valid = false;
  }
  return valid;
}

void GraphBuilder::checkNodeAttributes(size_t node, OperationName name) {
  NamedAttrList &converted = nodeAttributes[node];
  ArrayRef<StringAttr> accepted = name.getAttributeNames();
  for (const AttributeDescription &attribute : model.nodes[node].attributes) {
    auto isNamed = [&](StringAttr a) { return a.strref() == attribute.name; };
    if (!llvm::any_of(accepted, isNamed)) {
      InFlightDiagnostic diag = diagnostics.error()
                                << describeNode(node) << " has no attribute '"
                                << attribute.name << "'";
      if (!accepted.empty()) {
        diag << " (it accepts ";
        llvm::interleaveComma(accepted, diag,
                              [&](StringAttr name) { diag << name.strref(); });
        diag << ")";
      }
      continue;
    }
    if (converted.get(attribute.name)) {
      diagnostics.error() << describeNode(node) << " sets attribute '"
                          << attribute.name << "' twice";
      continue;
    }
    std::string error;
    FailureOr<Attribute> value =
        convertNodeAttribute(context, attribute.name, attribute.value,
                             getMaxListSize(limits), error);
    if (failed(value)) {
      diagnostics.error() << describeNode(node) << ": attribute '"
                          << attribute.name << "' " << error;
      continue;
    }
    converted.append(attribute.name, *value);
  }
}

void GraphBuilder::checkNodes() {
  nodeAttributes.resize(model.nodes.size());
  // Unsupported ops are reported once, with their counts, in name order.
  std::map<std::string, size_t> unsupported;
  for (auto [index, node] : llvm::enumerate(model.nodes)) {
    std::optional<RegisteredOperationName> name =
        RegisteredOperationName::lookup(getOpName(node.op), context);
    if (!name || !name->hasInterface<NodeOpInterface>())
      ++unsupported[node.op];
    else
      checkNodeAttributes(index, *name);
    checkIndices(index, node.inputs, "input");
    if (checkIndices(index, node.outputs, "output"))
      for (uint64_t tensor : node.outputs)
        claimSource(tensor, {Source::Node, index});
  }
  reportUnsupportedOps(diagnostics, "ops", unsupported);
}

//===----------------------------------------------------------------------===//
// Emission
//===----------------------------------------------------------------------===//

Value GraphBuilder::getOrCreatePlaceholder(OpBuilder &builder,
                                           uint64_t tensor) {
  if (!values[tensor])
    values[tensor] = builder.create<PlaceholderOp>(getTensorLoc(tensor),
                                                   getTensorType(tensor),
                                                   model.tensors[tensor].name);
  return values[tensor];
}

static ElementsAttr createConstantValue(ShapedType type, StringRef name,
                                        ArrayRef<char> data, bool inPlace) {
  // Use the model's bytes in place when they live long enough and are
  // aligned; copy otherwise.
  AsmResourceBlob blob =
      inPlace &&
              reinterpret_cast<uintptr_t>(data.data()) % kConstantAlignment == 0
          ? UnmanagedAsmResourceBlob::allocateWithAlign(data,
                                                        kConstantAlignment)
          : HeapAsmResourceBlob::allocateAndCopyWithAlign(data,
                                                          kConstantAlignment);
  return DenseResourceElementsAttr::get(type, name, std::move(blob));
}

OwningOpRef<ModuleOp> GraphBuilder::emitGraph() {
  Location fileLoc = diagnostics.getFileLoc();
  OpBuilder builder(context);
  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  builder.setInsertionPointToEnd(module->getBody());

  SmallVector<Type> inputTypes, outputTypes;
  SmallVector<Attribute> inputAttrs, outputAttrs;
  auto nameAttr = [&](StringRef name) {
    return builder.getDictionaryAttr(
        builder.getNamedAttr(SicDialect::NameAttrHelper::getNameStr(),
                             builder.getStringAttr(name)));
  };
  for (uint64_t tensor : model.inputs) {
    inputTypes.push_back(getTensorType(tensor));
    inputAttrs.push_back(nameAttr(model.tensors[tensor].name));
  }
  for (auto [position, tensor] : llvm::enumerate(model.outputs)) {
    outputTypes.push_back(getTensorType(tensor));
    outputAttrs.push_back(nameAttr(model.outputNames.empty()
                                       ? model.tensors[tensor].name
                                       : model.outputNames[position]));
  }
  auto graph = builder.create<GraphOp>(
      fileLoc, model.name.empty() ? "model" : model.name,
      builder.getFunctionType(inputTypes, outputTypes));
  graph.setArgAttrsAttr(builder.getArrayAttr(inputAttrs));
  graph.setResAttrsAttr(builder.getArrayAttr(outputAttrs));
  Block *body = graph.addEntryBlock();
  builder.setInsertionPointToEnd(body);

  values.assign(model.tensors.size(), Value());
  for (auto [position, tensor] : llvm::enumerate(model.inputs)) {
    values[tensor] = body->getArgument(position);
    body->getArgument(position).setLoc(getTensorLoc(tensor));
  }
  for (auto [index, tensor] : llvm::enumerate(model.tensors))
    if (tensor.data)
      values[index] = builder.create<ConstantOp>(
          getTensorLoc(index), getTensorType(index),
          createConstantValue(cast<ShapedType>(getTensorType(index)),
                              tensor.name, *tensor.data,
                              model.dataOutlivesModule));

  // Create every node before wiring operands: a graph region may read a
  // value defined later, or even (in a faulty model) in a cycle.
  std::vector<Operation *> nodes;
  for (auto [index, node] : llvm::enumerate(model.nodes)) {
    OperationState state(getNodeLoc(index), getOpName(node.op));
    state.addAttributes(nodeAttributes[index]);
    for (uint64_t tensor : node.outputs)
      state.addTypes(getTensorType(tensor));
    Operation *op = builder.create(state);
    for (auto [result, tensor] : llvm::zip(op->getResults(), node.outputs))
      values[tensor] = result;
    nodes.push_back(op);
  }
  for (auto [op, node] : llvm::zip(nodes, model.nodes)) {
    SmallVector<Value> operands;
    for (uint64_t tensor : node.inputs)
      operands.push_back(getOrCreatePlaceholder(builder, tensor));
    op->setOperands(operands);
  }
  SmallVector<Value> outputs;
  for (uint64_t tensor : model.outputs)
    outputs.push_back(getOrCreatePlaceholder(builder, tensor));
  builder.create<OutputOp>(fileLoc, outputs);

  // ODS invariants (required attributes, attribute kinds) of each node; the
  // node's own rules are sic-verify-graph's to report.
  bool valid = true;
  for (Operation *op : nodes)
    valid &= succeeded(verify(op, /*verifyRecursively=*/false));
  if (!valid)
    return nullptr;
  return module;
}

OwningOpRef<ModuleOp> GraphBuilder::build() {
  if (!checkModelCounts(diagnostics, model.tensors.size(), model.nodes.size(),
                        limits))
    return nullptr;
  checkTensors();
  checkGraphInputs();
  checkNodes();
  if (diagnostics.hadError())
    return nullptr;
  return emitGraph();
}

Type mlir::sic::getMlirElementType(MLIRContext *context, ElementType type) {
  Builder builder(context);
  switch (type) {
  case ElementType::F32:
    return builder.getF32Type();
  case ElementType::F64:
    return builder.getF64Type();
  case ElementType::I32:
    return builder.getI32Type();
  case ElementType::I64:
    return builder.getI64Type();
  case ElementType::Bool:
    return builder.getI1Type();
  case ElementType::I8:
    return builder.getI8Type();
  case ElementType::I16:
    return builder.getI16Type();
  case ElementType::U8:
    return builder.getIntegerType(8, /*isSigned=*/false);
  case ElementType::U16:
    return builder.getIntegerType(16, /*isSigned=*/false);
  case ElementType::U32:
    return builder.getIntegerType(32, /*isSigned=*/false);
  case ElementType::U64:
    return builder.getIntegerType(64, /*isSigned=*/false);
  case ElementType::F16:
    return builder.getF16Type();
  case ElementType::BF16:
    return builder.getBF16Type();
  }
  llvm_unreachable("every element type has an MLIR type");
}

OwningOpRef<ModuleOp> mlir::sic::buildGraph(const ModelDescription &model,
                                            MLIRContext *context,
                                            Location fileLoc,
                                            const ImportLimits &limits) {
  context->loadDialect<SicDialect>();
  return GraphBuilder(model, context, fileLoc, limits).build();
}

std::optional<ElementType> mlir::sic::getModelElementType(Type type) {
  for (ElementType element :
       {ElementType::F32, ElementType::I32, ElementType::I64, ElementType::Bool,
        ElementType::F64, ElementType::I8, ElementType::U8, ElementType::I16,
        ElementType::U16, ElementType::U32, ElementType::U64, ElementType::F16,
        ElementType::BF16})
    if (getMlirElementType(type.getContext(), element) == type)
      return element;
  return std::nullopt;
}
