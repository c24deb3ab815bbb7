//===- OnnxImporter.cpp - Import an ONNX model (.onnx) --------------------===//
//
// Parses the protobuf, fixes the graph inputs' shapes, converts each node in
// topological order (OnnxOps.cpp; each node's output type comes from its sic
// op's rules) and hands the result to the GraphBuilder that SIC's own format
// uses too. ONNX's own shape inference is not used: it is not safe on
// hostile models (a zero stride crashes it).
//
//===----------------------------------------------------------------------===//

#include "sic/Import/OnnxImporter.h"

#include "OnnxOps.h"
#include "OnnxTensors.h"

#include "dialects/Sic/IR/SicOps.h"
#include "sic/Import/GraphBuilder.h"
#include "sic/Support/GraphAlgorithms.h"

#include <climits>
#include <map>

using namespace mlir;
using namespace mlir::sic;

namespace {

constexpr int64_t kMinOpset = 1, kMaxOpset = 18;

class OnnxImporter {
public:
  OnnxImporter(onnx::ModelProto &model, MLIRContext *context,
               ImportDiagnostics &diagnostics, const OnnxImportOptions &options,
               int64_t opset)
      : model(model), graph(*model.mutable_graph()), diagnostics(diagnostics),
        options(options),
        conversion(context, diagnostics, options.limits, opset) {}

  /// Fills `description`; false if a fault was reported.
  bool run(ModelDescription &description);

private:
  void readInputs();
  void readInitializers();
  void convertNodes();
  void describe(ModelDescription &description);

  onnx::ModelProto &model;
  onnx::GraphProto &graph;
  ImportDiagnostics &diagnostics;
  const OnnxImportOptions &options;
  OnnxConversion conversion;
  std::vector<std::string> inputs;
};

} // namespace

void OnnxImporter::readInputs() {
  llvm::StringSet<> initializers;
  for (const onnx::TensorProto &tensor : graph.initializer())
    initializers.insert(tensor.name());
  llvm::StringSet<> fixed;
  for (onnx::ValueInfoProto &input : *graph.mutable_input()) {
    // Before IR version 4, initializers are listed as inputs too.
    if (initializers.contains(input.name()))
      continue;
    const std::string &name = input.name();
    inputs.push_back(name);
    if (!input.type().has_tensor_type()) {
      diagnostics.error() << "graph input '" << name << "' is not a tensor";
      continue;
    }
    onnx::TypeProto::Tensor &tensor =
        *input.mutable_type()->mutable_tensor_type();
    std::optional<ElementType> type = getOnnxElementType(tensor.elem_type());
    if (!type) {
      diagnostics.error() << "graph input '" << name << "' has element type "
                          << onnx::TensorProto::DataType_Name(
                                 onnx::TensorProto::DataType(
                                     tensor.elem_type()))
                          << "; SIC supports FLOAT, INT32 and INT64";
      continue;
    }
    SmallVector<int64_t, 4> shape;
    auto override = options.inputShapes.find(name);
    if (override != options.inputShapes.end()) {
      fixed.insert(name);
      shape = override->second;
      if (tensor.has_shape() &&
          tensor.shape().dim_size() != int(shape.size())) {
        diagnostics.error()
            << "--input-shape gives '" << name << "' rank " << shape.size()
            << ", but the model declares rank " << tensor.shape().dim_size();
        continue;
      }
    } else if (!tensor.has_shape()) {
      diagnostics.error() << "graph input '" << name
                          << "' has no shape; give one with --input-shape "
                          << name << "=<d0>x<d1>...";
      continue;
    } else {
      bool dynamic = false;
      for (auto [index, dim] : llvm::enumerate(tensor.shape().dim())) {
        if (dim.has_dim_value() && dim.dim_value() >= 0) {
          shape.push_back(dim.dim_value());
          continue;
        }
        InFlightDiagnostic diag = diagnostics.error()
                                  << "graph input '" << name << "' dimension "
                                  << index << " is dynamic";
        if (dim.has_dim_param())
          diag << " ('" << dim.dim_param() << "')";
        diag << "; fix it with --input-shape " << name << "=<d0>x<d1>...";
        dynamic = true;
      }
      if (dynamic)
        continue;
    }
    if (std::optional<std::string> breach =
            checkShapeLimits(shape, options.limits)) {
      diagnostics.error() << "graph input '" << name << "' " << *breach;
      continue;
    }
    conversion.setType(name, *type, shape);
  }
  for (const auto &entry : options.inputShapes)
    if (!fixed.contains(entry.getKey()))
      diagnostics.error() << "--input-shape names '" << entry.getKey()
                          << "', which is not a graph input";
}

void OnnxImporter::readInitializers() {
  for (const onnx::TensorProto &tensor : graph.initializer()) {
    FailureOr<OnnxConstant> constant = readOnnxTensor(
        conversion, tensor, "initializer '" + tensor.name() + "'");
    if (succeeded(constant))
      conversion.addConstant(tensor.name(), std::move(*constant));
  }
}

void OnnxImporter::convertNodes() {
  // Constants must be converted before the nodes that read them: take the
  // nodes in a topological order (ONNX requires one, files may differ).
  llvm::StringMap<unsigned> producers;
  for (auto [index, node] : llvm::enumerate(graph.node())) {
    // An empty name marks an absent optional input or output: no edge.
    for (const std::string &output : node.output())
      if (!output.empty())
        producers.try_emplace(output, index);
    for (const std::string &input : node.input())
      conversion.markUsed(input);
  }
  for (const onnx::ValueInfoProto &output : graph.output())
    conversion.markUsed(output.name());
  DependenceGraph dependences(graph.node_size());
  for (auto [index, node] : llvm::enumerate(graph.node()))
    for (const std::string &input : node.input())
      if (auto it = producers.find(input); it != producers.end())
        dependences.addEdge(it->second, index);
  std::optional<std::vector<unsigned>> order =
      getStableTopologicalOrder(dependences);
  if (!order) {
    // Types are inferred node by node, in order: a cycle stops the import.
    for (const Cycle &cycle : findCycles(dependences)) {
      InFlightDiagnostic diag =
          diagnostics.error()
          << "cycle through " << cycle.nodes.size()
          << (cycle.nodes.size() == 1 ? " node: " : " nodes: ");
      for (unsigned node : cycle.nodes)
        diag << "'" << graph.node(node).name() << "' -> ";
      diag << "'" << graph.node(cycle.nodes.front()).name() << "'";
    }
    return;
  }

  std::map<std::string, size_t> unsupported;
  // Values of nodes that could not be converted: their readers are skipped
  // rather than reported again for the same fault.
  llvm::StringSet<> lost;
  for (unsigned index : *order) {
    const onnx::NodeProto &node = graph.node(index);
    auto markLost = [&] {
      for (const std::string &output : node.output())
        lost.insert(output);
    };
    if (llvm::any_of(node.input(), [&](const std::string &input) {
          return lost.contains(input);
        })) {
      markLost();
      continue;
    }
    bool defaultDomain = node.domain().empty() || node.domain() == "ai.onnx";
    std::optional<LogicalResult> converted =
        defaultDomain ? convertOnnxNode(conversion, node) : std::nullopt;
    if (!converted)
      ++unsupported[defaultDomain ? node.op_type()
                                  : node.domain() + "." + node.op_type()];
    if (!converted || failed(*converted))
      markLost();
  }
  reportUnsupportedOps(diagnostics, "ONNX ops", unsupported);
}

void OnnxImporter::describe(ModelDescription &description) {
  description.name = graph.name().empty() ? "model" : graph.name();
  llvm::StringMap<uint64_t> indices;
  // Adds the tensor a (resolved) name stands for, once; returns its index.
  auto tensorFor = [&](llvm::StringRef name,
                       const char *role) -> std::optional<uint64_t> {
    if (auto it = indices.find(name); it != indices.end())
      return it->second;
    std::optional<ArrayRef<int64_t>> shape = conversion.getShape(name);
    std::optional<ElementType> type = conversion.getElementType(name);
    if (!shape || !type) {
      diagnostics.error() << role << " '" << name
                          << "' is not written by any node, initializer or "
                             "graph input";
      return std::nullopt;
    }
    TensorDescription &tensor = description.tensors.emplace_back();
    tensor.name = name.str();
    tensor.elementType = *type;
    tensor.shape.assign(shape->begin(), shape->end());
    if (auto constant = conversion.getConstants().find(name);
        constant != conversion.getConstants().end())
      tensor.data = constant->second.bytes;
    indices[name] = description.tensors.size() - 1;
    return indices[name];
  };

  for (const std::string &input : inputs)
    if (std::optional<uint64_t> index = tensorFor(input, "graph input"))
      description.inputs.push_back(*index);
  for (const PendingNode &pending : conversion.getNodes()) {
    NodeDescription &node = description.nodes.emplace_back();
    node.name = pending.name;
    node.op = pending.op;
    node.attributes = pending.attributes;
    for (const std::string &output : pending.outputs)
      if (std::optional<uint64_t> index = tensorFor(output, "node output"))
        node.outputs.push_back(*index);
  }
  for (auto [pending, node] :
       llvm::zip(conversion.getNodes(), description.nodes))
    for (const std::string &input : pending.inputs)
      if (std::optional<uint64_t> index = tensorFor(input, "node input"))
        node.inputs.push_back(*index);
  for (const onnx::ValueInfoProto &output : graph.output()) {
    std::optional<uint64_t> index =
        tensorFor(conversion.resolve(output.name()), "graph output");
    if (!index)
      continue;
    description.outputs.push_back(*index);
    description.outputNames.push_back(output.name());
    // A fully static declared shape must be the one SIC computes.
    if (!output.type().has_tensor_type() ||
        !output.type().tensor_type().has_shape())
      continue;
    SmallVector<int64_t, 4> declared;
    for (const auto &dim : output.type().tensor_type().shape().dim()) {
      if (!dim.has_dim_value())
        break;
      declared.push_back(dim.dim_value());
    }
    ArrayRef<int64_t> computed = description.tensors[*index].shape;
    if (int(declared.size()) ==
            output.type().tensor_type().shape().dim_size() &&
        ArrayRef<int64_t>(declared) != computed)
      diagnostics.error() << "graph output '" << output.name()
                          << "' is declared with shape [" << declared
                          << "], but its node computes [" << computed << "]";
  }
}

bool OnnxImporter::run(ModelDescription &description) {
  readInputs();
  readInitializers();
  if (diagnostics.hadError())
    return false;
  convertNodes();
  if (diagnostics.hadError())
    return false;
  describe(description);
  return !diagnostics.hadError();
}

OwningOpRef<ModuleOp>
mlir::sic::importOnnxModel(llvm::MemoryBufferRef buffer, MLIRContext *context,
                           const OnnxImportOptions &options) {
  Location fileLoc =
      FileLineColLoc::get(context, buffer.getBufferIdentifier(), 0, 0);
  ImportDiagnostics diagnostics(fileLoc);
  if (buffer.getBufferSize() > size_t(INT_MAX)) {
    diagnostics.error() << "the file has " << buffer.getBufferSize()
                        << " bytes, more than an ONNX protobuf can hold";
    return nullptr;
  }
  onnx::ModelProto model;
  if (!model.ParseFromArray(buffer.getBufferStart(),
                            int(buffer.getBufferSize()))) {
    diagnostics.error() << "not an ONNX model: the protobuf does not parse";
    return nullptr;
  }
  int64_t opset = -1;
  for (const onnx::OperatorSetIdProto &import : model.opset_import())
    if (import.domain().empty() || import.domain() == "ai.onnx")
      opset = import.version();
  if (opset < kMinOpset || opset > kMaxOpset) {
    InFlightDiagnostic diag = diagnostics.error() << "unsupported ONNX opset ";
    if (opset < 0)
      diag << "(the model imports no default-domain opset)";
    else
      diag << opset;
    diag << "; SIC reads opsets " << kMinOpset << " to " << kMaxOpset;
    return nullptr;
  }
  const onnx::GraphProto &graph = model.graph();
  if (!checkModelCounts(diagnostics,
                        uint64_t(graph.input_size()) + graph.initializer_size(),
                        graph.node_size(), options.limits))
    return nullptr;

  ModelDescription description;
  context->loadDialect<SicDialect>();
  // The importer owns the bytes of the constants it made and the model proto
  // those of the initializers: both live until the builder has copied them
  // (the description leaves dataOutlivesModule false).
  OnnxImporter importer(model, context, diagnostics, options, opset);
  if (!importer.run(description))
    return nullptr;
  return buildGraph(description, context, fileLoc, options.limits);
}
