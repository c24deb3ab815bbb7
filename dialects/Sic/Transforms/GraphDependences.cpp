//===- GraphDependences.cpp - The dependence graph of a sic.graph ---------===//

#include "GraphDependences.h"

#include "llvm/ADT/DenseMap.h"

using namespace mlir;
using namespace mlir::sic;

static std::vector<Operation *> getNodes(GraphOp graph) {
  std::vector<Operation *> ops;
  for (Operation &op : graph.getBody().front().without_terminator())
    ops.push_back(&op);
  return ops;
}

GraphDependences::GraphDependences(GraphOp graph)
    : ops(getNodes(graph)), edges(ops.size()) {
  llvm::DenseMap<Operation *, unsigned> index;
  for (auto [i, op] : llvm::enumerate(ops))
    index[op] = i;
  for (auto [i, op] : llvm::enumerate(ops))
    for (Value operand : op->getOperands())
      if (Operation *producer = operand.getDefiningOp())
        edges.addEdge(index.lookup(producer), i);
}

LogicalResult mlir::sic::reportCycles(const GraphDependences &dependences) {
  std::vector<Cycle> cycles = findCycles(dependences.edges);
  for (const Cycle &cycle : cycles) {
    Operation *first = dependences.ops[cycle.nodes.front()];
    InFlightDiagnostic diag =
        first->emitError("cycle through ")
        << cycle.nodes.size()
        << (cycle.nodes.size() == 1 ? " node: " : " nodes: ");
    for (unsigned node : cycle.nodes)
      diag << "'" << getNodeName(dependences.ops[node]) << "' -> ";
    diag << "'" << getNodeName(first) << "'";
    if (cycle.componentSize > cycle.nodes.size())
      diag << " (one of the cycles among " << cycle.componentSize
           << " mutually dependent nodes)";
  }
  return success(cycles.empty());
}
