//===- GraphAlgorithms.cpp - Ordering and cycles of dependence graphs -----===//

#include "sic/Support/GraphAlgorithms.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/ScopeExit.h"

#include <algorithm>
#include <deque>
#include <functional>
#include <queue>

using namespace mlir::sic;

std::optional<std::vector<unsigned>>
mlir::sic::getStableTopologicalOrder(const DependenceGraph &graph) {
  unsigned n = graph.size();
  std::vector<unsigned> pending(n, 0);
  for (unsigned node = 0; node < n; ++node)
    for (unsigned succ : graph.getSuccessors(node))
      ++pending[succ];

  std::priority_queue<unsigned, std::vector<unsigned>, std::greater<unsigned>>
      ready;
  for (unsigned node = 0; node < n; ++node)
    if (pending[node] == 0)
      ready.push(node);

  std::vector<unsigned> order;
  order.reserve(n);
  while (!ready.empty()) {
    unsigned node = ready.top();
    ready.pop();
    order.push_back(node);
    for (unsigned succ : graph.getSuccessors(node))
      if (--pending[succ] == 0)
        ready.push(succ);
  }
  if (order.size() != n)
    return std::nullopt;
  return order;
}

namespace {
/// Tarjan's strongly connected components with an explicit stack.
/// Returns, for every node, the id of its component; ids are dense.
std::vector<unsigned> getComponents(const DependenceGraph &graph,
                                    unsigned &numComponents) {
  constexpr unsigned kUnvisited = ~0u;
  unsigned n = graph.size();
  std::vector<unsigned> index(n, kUnvisited), lowLink(n, 0), component(n, 0);
  std::vector<bool> onStack(n, false);
  std::vector<unsigned> sccStack;
  // Frames of the simulated recursion: (node, next successor position).
  std::vector<std::pair<unsigned, unsigned>> frames;
  unsigned nextIndex = 0;
  numComponents = 0;

  for (unsigned root = 0; root < n; ++root) {
    if (index[root] != kUnvisited)
      continue;
    frames.push_back({root, 0});
    index[root] = lowLink[root] = nextIndex++;
    sccStack.push_back(root);
    onStack[root] = true;
    while (!frames.empty()) {
      auto &[node, pos] = frames.back();
      llvm::ArrayRef<unsigned> succs = graph.getSuccessors(node);
      if (pos < succs.size()) {
        unsigned succ = succs[pos++];
        if (index[succ] == kUnvisited) {
          index[succ] = lowLink[succ] = nextIndex++;
          sccStack.push_back(succ);
          onStack[succ] = true;
          frames.push_back({succ, 0});
        } else if (onStack[succ]) {
          lowLink[node] = std::min(lowLink[node], index[succ]);
        }
        continue;
      }
      unsigned done = node;
      frames.pop_back();
      if (!frames.empty())
        lowLink[frames.back().first] =
            std::min(lowLink[frames.back().first], lowLink[done]);
      if (lowLink[done] != index[done])
        continue;
      unsigned member;
      do {
        member = sccStack.back();
        sccStack.pop_back();
        onStack[member] = false;
        component[member] = numComponents;
      } while (member != done);
      ++numComponents;
    }
  }
  return component;
}

constexpr unsigned kNone = ~0u;

/// Breadth-first search for a shortest path from `start` back to itself
/// that stays inside the component of `start`. `parent` is all kNone on
/// entry and on return (only the entries the search set are reset), so one
/// array serves every component in time linear in the graph.
llvm::SmallVector<unsigned> getShortestCycle(const DependenceGraph &graph,
                                             llvm::ArrayRef<unsigned> component,
                                             unsigned start,
                                             std::vector<unsigned> &parent) {
  std::vector<unsigned> visited;
  auto reset = llvm::make_scope_exit([&] {
    for (unsigned node : visited)
      parent[node] = kNone;
  });
  std::deque<unsigned> queue{start};
  while (!queue.empty()) {
    unsigned node = queue.front();
    queue.pop_front();
    for (unsigned succ : graph.getSuccessors(node)) {
      if (component[succ] != component[start])
        continue;
      if (succ == start) {
        llvm::SmallVector<unsigned> cycle;
        for (unsigned at = node; at != start; at = parent[at])
          cycle.push_back(at);
        cycle.push_back(start);
        std::reverse(cycle.begin(), cycle.end());
        return cycle;
      }
      if (parent[succ] == kNone) {
        parent[succ] = node;
        visited.push_back(succ);
        queue.push_back(succ);
      }
    }
  }
  return {};
}
} // namespace

std::vector<Cycle> mlir::sic::findCycles(const DependenceGraph &graph) {
  unsigned numComponents = 0;
  std::vector<unsigned> component = getComponents(graph, numComponents);
  std::vector<unsigned> size(numComponents, 0);
  for (unsigned c : component)
    ++size[c];

  std::vector<Cycle> cycles;
  std::vector<bool> reported(numComponents, false);
  std::vector<unsigned> parent(graph.size(), kNone);
  // Visiting nodes in order meets each component first at its smallest node.
  for (unsigned node = 0; node < graph.size(); ++node) {
    unsigned c = component[node];
    if (reported[c])
      continue;
    reported[c] = true;
    // A single node is a cycle only with a self edge.
    if (size[c] == 1 && !llvm::is_contained(graph.getSuccessors(node), node))
      continue;
    llvm::SmallVector<unsigned> cycle =
        getShortestCycle(graph, component, node, parent);
    if (!cycle.empty())
      cycles.push_back({std::move(cycle), size[c]});
  }
  return cycles;
}
