//===- OnnxGraph.cpp - An ONNX graph's initializers and nodes -------------===//
//
// Converts a graph, the model's or a branch of a control-flow node: its
// initializers become constants of the conversion, then its nodes are
// converted in a topological order. A node with branches depends on the
// nodes that write the values its branches read from the enclosing graph.
//
//===----------------------------------------------------------------------===//

#include "OnnxOps.h"
#include "OnnxTensors.h"

#include "sic/Support/GraphAlgorithms.h"

#include "llvm/ADT/StringSet.h"

using namespace mlir;
using namespace mlir::sic;

/// Calls `fn` with every name a node of `graph`'s branches reads, at any
/// depth, and every branch output.
static void
forEachBranchName(const onnx::NodeProto &node,
                  llvm::function_ref<void(const std::string &)> fn) {
  for (const onnx::AttributeProto &attribute : node.attribute()) {
    if (attribute.type() != onnx::AttributeProto::GRAPH)
      continue;
    for (const onnx::NodeProto &inner : attribute.g().node()) {
      for (const std::string &input : inner.input())
        fn(input);
      forEachBranchName(inner, fn);
    }
    for (const onnx::ValueInfoProto &output : attribute.g().output())
      fn(output.name());
  }
}

/// A topological order of `graph`'s nodes, or nullopt after reporting the
/// cycles that prevent one.
static std::optional<std::vector<unsigned>>
orderNodes(OnnxConversion &c, const onnx::GraphProto &graph) {
  llvm::StringMap<unsigned> producers;
  for (auto [index, node] : llvm::enumerate(graph.node()))
    // An empty name marks an absent optional input or output: no edge.
    for (const std::string &output : node.output())
      if (!output.empty())
        producers.try_emplace(output, index);
  DependenceGraph dependences(graph.node_size());
  for (auto [index, node] : llvm::enumerate(graph.node())) {
    auto read = [&, index = index](const std::string &name) {
      c.markUsed(name);
      if (auto it = producers.find(name); it != producers.end())
        dependences.addEdge(it->second, index);
    };
    for (const std::string &input : node.input())
      read(input);
    forEachBranchName(node, read);
  }
  for (const onnx::ValueInfoProto &output : graph.output())
    c.markUsed(output.name());
  std::optional<std::vector<unsigned>> order =
      getStableTopologicalOrder(dependences);
  if (order)
    return order;
  // Types are inferred node by node, in order: a cycle stops the import.
  for (const Cycle &cycle : findCycles(dependences)) {
    InFlightDiagnostic diag =
        c.getDiagnostics().error()
        << "cycle through " << cycle.nodes.size()
        << (cycle.nodes.size() == 1 ? " node: " : " nodes: ");
    for (unsigned node : cycle.nodes)
      diag << "'" << graph.node(node).name() << "' -> ";
    diag << "'" << graph.node(cycle.nodes.front()).name() << "'";
  }
  return std::nullopt;
}

LogicalResult mlir::sic::convertOnnxGraph(OnnxConversion &c,
                                          const onnx::GraphProto &graph) {
  bool valid = true;
  for (const onnx::TensorProto &tensor : graph.initializer()) {
    FailureOr<OnnxConstant> constant =
        readOnnxTensor(c, tensor, "initializer '" + tensor.name() + "'");
    valid = succeeded(constant) &&
            succeeded(c.addConstant(tensor.name(), std::move(*constant))) &&
            valid;
  }
  if (!valid)
    return failure();
  std::optional<std::vector<unsigned>> order = orderNodes(c, graph);
  if (!order)
    return failure();
  for (unsigned index : *order) {
    const onnx::NodeProto &node = graph.node(index);
    bool readsLost = llvm::any_of(node.input(), [&](const std::string &input) {
      return c.isLost(input);
    });
    forEachBranchName(
        node, [&](const std::string &name) { readsLost |= c.isLost(name); });
    bool converted = false;
    if (!readsLost) {
      bool defaultDomain = node.domain().empty() || node.domain() == "ai.onnx";
      std::optional<LogicalResult> result =
          defaultDomain ? convertOnnxNode(c, node) : std::nullopt;
      if (!result)
        c.noteUnsupportedOp(defaultDomain
                                ? node.op_type()
                                : node.domain() + "." + node.op_type());
      converted = result && succeeded(*result);
    }
    if (converted)
      continue;
    valid = false;
    for (const std::string &output : node.output())
      c.markLost(output);
  }
  return success(valid);
}
