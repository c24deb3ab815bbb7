//===- GraphAlgorithms.h - Ordering and cycles of dependence graphs -*- C++
//-*-===//
//
// Graph algorithms over nodes numbered 0..n-1 in model order, independent of
// MLIR so they can be unit tested. All are iterative: a hostile model may be a
// chain of a million nodes, and recursion would overflow the stack.
//
//===----------------------------------------------------------------------===//

#ifndef SIC_SUPPORT_GRAPHALGORITHMS_H
#define SIC_SUPPORT_GRAPHALGORITHMS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>
#include <vector>

namespace mlir::sic {

/// A directed graph whose edges run from a producer to its consumers.
/// Duplicate edges are allowed (a node may read one tensor twice).
class DependenceGraph {
public:
  explicit DependenceGraph(unsigned numNodes) : successors(numNodes) {}

  void addEdge(unsigned from, unsigned to) { successors[from].push_back(to); }
  llvm::ArrayRef<unsigned> getSuccessors(unsigned node) const {
    return successors[node];
  }
  unsigned size() const { return successors.size(); }

private:
  std::vector<llvm::SmallVector<unsigned, 2>> successors;
};

/// A topological order in which, among the nodes that are ready, the one with
/// the smallest number always comes first: the order is deterministic and
/// keeps model order wherever the dependences allow it. nullopt if the graph
/// has a cycle.
std::optional<std::vector<unsigned>>
getStableTopologicalOrder(const DependenceGraph &graph);

/// A cycle found in a strongly connected component of the graph.
struct Cycle {
  /// The nodes of a shortest cycle through the component's smallest node,
  /// starting with it, in edge order (the start is not repeated at the end).
  llvm::SmallVector<unsigned> nodes;
  /// The number of nodes in the component (>= nodes.size()).
  unsigned componentSize;
};

/// One cycle for each strongly connected component that has one (a single
/// node counts only with a self edge), ordered by smallest node.
std::vector<Cycle> findCycles(const DependenceGraph &graph);

} // namespace mlir::sic

#endif // SIC_SUPPORT_GRAPHALGORITHMS_H
