//===- OnnxImporter.cpp - Import an ONNX model (.onnx) --------------------===//
//
// Parses the protobuf, fixes the graph inputs' shapes and converts each node
// in topological order (OnnxGraph.cpp) straight into typed sic ops of one
// sic.graph (OnnxOps.cpp; each op's output type comes from its own rules, and
// nodes on constants are evaluated at once). ONNX's own shape inference is not
// used: it is not safe on hostile models (a zero stride crashes it).
//
//===----------------------------------------------------------------------===//

#include "sic/Import/OnnxImporter.h"

#include "OnnxOps.h"
#include "OnnxTensors.h"

#include "sic/Import/GraphBuilder.h"

#include <climits>

using namespace mlir;
using namespace mlir::sic;

namespace {

constexpr int64_t kMinOpset = 1, kMaxOpset = 18;

class OnnxImporter {
public:
  OnnxImporter(onnx::ModelProto &model, MLIRContext *context,
               ImportDiagnostics &diagnostics, const OnnxImportOptions &options,
               int64_t opset)
      : graph(*model.mutable_graph()), context(context),
        diagnostics(diagnostics), options(options), opset(opset) {}

  /// The imported module, or null if a fault was reported.
  OwningOpRef<ModuleOp> run();

private:
  /// The graph inputs' names and types.
  void readInputs();
  /// Creates the module and its sic.graph on the inputs.
  void createGraph();
  void writeOutputs();

  onnx::GraphProto &graph;
  MLIRContext *context;
  ImportDiagnostics &diagnostics;
  const OnnxImportOptions &options;
  int64_t opset;
  SmallVector<std::string> inputNames;
  SmallVector<Type> inputTypes;
  OwningOpRef<ModuleOp> module;
  GraphOp graphOp;
  std::optional<OnnxConversion> conversion;
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
    if (!input.type().has_tensor_type()) {
      diagnostics.error() << "graph input '" << name << "' is not a tensor";
      continue;
    }
    onnx::TypeProto::Tensor &tensor =
        *input.mutable_type()->mutable_tensor_type();
    std::optional<ElementType> type = getOnnxElementType(tensor.elem_type());
    if (!type) {
      diagnostics.error() << "graph input '" << name << "' "
                          << describeUnsupportedOnnxType(tensor.elem_type());
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
    inputNames.push_back(name);
    inputTypes.push_back(
        RankedTensorType::get(shape, getMlirElementType(context, *type)));
  }
  for (const auto &entry : options.inputShapes)
    if (!fixed.contains(entry.getKey()))
      diagnostics.error() << "--input-shape names '" << entry.getKey()
                          << "', which is not a graph input";
}

void OnnxImporter::createGraph() {
  Location fileLoc = diagnostics.getFileLoc();
  OpBuilder builder(context);
  module = ModuleOp::create(fileLoc);
  builder.setInsertionPointToEnd(module->getBody());
  graphOp = builder.create<GraphOp>(
      fileLoc, graph.name().empty() ? "model" : graph.name(),
      builder.getFunctionType(inputTypes, {}));
  SmallVector<Attribute> inputAttrs;
  for (StringRef name : inputNames)
    inputAttrs.push_back(builder.getDictionaryAttr(
        builder.getNamedAttr(SicDialect::NameAttrHelper::getNameStr(),
                             builder.getStringAttr(name))));
  graphOp.setArgAttrsAttr(builder.getArrayAttr(inputAttrs));
  Block *body = graphOp.addEntryBlock();
  conversion.emplace(body, diagnostics, options.limits, opset);
  for (auto [name, argument] : llvm::zip(inputNames, body->getArguments())) {
    argument.setLoc(NameLoc::get(builder.getStringAttr(name), fileLoc));
    conversion->bindInput(name, argument);
  }
}

void OnnxImporter::writeOutputs() {
  OpBuilder builder = OpBuilder::atBlockEnd(&graphOp.getBody().front());
  SmallVector<Value> outputs;
  SmallVector<Type> outputTypes;
  SmallVector<Attribute> outputAttrs;
  SmallVector<std::string> names;
  for (const onnx::ValueInfoProto &output : graph.output()) {
    names.push_back(output.name());
    Value value = conversion->lookup(output.name());
    if (!value) {
      diagnostics.error() << "graph output '" << output.name()
                          << "' is not written by any node, initializer or "
                             "graph input";
      continue;
    }
    // A value of a storage-only type leaves the graph in that type.
    value = conversion->toStorage(value);
    outputs.push_back(value);
    outputTypes.push_back(value.getType());
    outputAttrs.push_back(builder.getDictionaryAttr(
        builder.getNamedAttr(SicDialect::NameAttrHelper::getNameStr(),
                             builder.getStringAttr(output.name()))));
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
    ArrayRef<int64_t> computed =
        cast<RankedTensorType>(value.getType()).getShape();
    if (int(declared.size()) ==
            output.type().tensor_type().shape().dim_size() &&
        ArrayRef<int64_t>(declared) != computed)
      diagnostics.error() << "graph output '" << output.name()
                          << "' is declared with shape [" << declared
                          << "], but its node computes [" << computed << "]";
  }
  checkOutputNames(diagnostics, names);
  builder.create<OutputOp>(diagnostics.getFileLoc(), outputs);
  graphOp.setFunctionType(builder.getFunctionType(
      graphOp.getFunctionType().getInputs(), outputTypes));
  graphOp.setResAttrsAttr(builder.getArrayAttr(outputAttrs));
  conversion->eraseUnusedConstants();
}

OwningOpRef<ModuleOp> OnnxImporter::run() {
  readInputs();
  createGraph();
  if (diagnostics.hadError())
    return nullptr;
  (void)convertOnnxGraph(*conversion, graph);
  reportUnsupportedOps(diagnostics, "ONNX ops",
                       conversion->getUnsupportedOps());
  if (diagnostics.hadError())
    return nullptr;
  writeOutputs();
  if (diagnostics.hadError())
    return nullptr;
  return std::move(module);
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

  context->loadDialect<SicDialect>();
  // Constants are copied into the module when something reads them; the
  // model proto holds the initializers' bytes until then.
  return OnnxImporter(model, context, diagnostics, options, opset).run();
}
