//===- GraphDependences.h - The dependence graph of a sic.graph -*- C++ -*-===//

#ifndef SIC_TRANSFORMS_GRAPHDEPENDENCES_H
#define SIC_TRANSFORMS_GRAPHDEPENDENCES_H

#include "dialects/Sic/IR/SicOps.h"

#include "sic/Support/GraphAlgorithms.h"

#include <vector>

namespace mlir::sic {

/// The ops of a sic.graph body (terminator excluded) in model order, and the
/// edges from each op to the ops that read its results.
struct GraphDependences {
  explicit GraphDependences(GraphOp graph);

  std::vector<Operation *> ops;
  DependenceGraph edges;
};

/// Emits one error per cycle among `dependences`, at the cycle's first node,
/// naming every node on it in order. Returns failure if there was a cycle.
LogicalResult reportCycles(const GraphDependences &dependences);

} // namespace mlir::sic

#endif // SIC_TRANSFORMS_GRAPHDEPENDENCES_H
