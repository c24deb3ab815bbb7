//===- GraphAlgorithmsTest.cpp - Stable order and cycle finding -----------===//

#include "sic/Support/GraphAlgorithms.h"

#include "gtest/gtest.h"

using namespace mlir::sic;

namespace {

DependenceGraph
makeGraph(unsigned n,
          std::initializer_list<std::pair<unsigned, unsigned>> edges) {
  DependenceGraph graph(n);
  for (auto [from, to] : edges)
    graph.addEdge(from, to);
  return graph;
}

using Order = std::vector<unsigned>;
using Nodes = llvm::SmallVector<unsigned>;

TEST(StableTopologicalOrder, KeepsModelOrderWhenFree) {
  EXPECT_EQ(getStableTopologicalOrder(makeGraph(4, {})), Order({0, 1, 2, 3}));
}

TEST(StableTopologicalOrder, MovesProducersFirst) {
  // Written as: 0 reads 2, 2 reads 3, 1 is independent.
  auto order = getStableTopologicalOrder(makeGraph(4, {{3, 2}, {2, 0}}));
  EXPECT_EQ(order, Order({1, 3, 2, 0}));
}

TEST(StableTopologicalOrder, BreaksTiesByModelOrder) {
  // Diamond 0 -> {1, 2} -> 3 written in order; 4 is independent.
  auto order =
      getStableTopologicalOrder(makeGraph(5, {{0, 2}, {0, 1}, {1, 3}, {2, 3}}));
  EXPECT_EQ(order, Order({0, 1, 2, 3, 4}));
}

TEST(StableTopologicalOrder, CountsDuplicateEdges) {
  // Node 1 reads node 0's output twice.
  auto order = getStableTopologicalOrder(makeGraph(2, {{0, 1}, {0, 1}}));
  EXPECT_EQ(order, Order({0, 1}));
}

TEST(StableTopologicalOrder, FailsOnCycles) {
  EXPECT_EQ(getStableTopologicalOrder(makeGraph(3, {{0, 1}, {1, 0}})),
            std::nullopt);
  EXPECT_EQ(getStableTopologicalOrder(makeGraph(1, {{0, 0}})), std::nullopt);
}

TEST(FindCycles, NoneInADag) {
  EXPECT_TRUE(findCycles(makeGraph(3, {{0, 1}, {1, 2}, {0, 2}})).empty());
}

TEST(FindCycles, NamesTheNodesInEdgeOrder) {
  // 0 -> 2 -> 1 -> 0, plus a tail 1 -> 3.
  auto cycles = findCycles(makeGraph(4, {{0, 2}, {2, 1}, {1, 0}, {1, 3}}));
  ASSERT_EQ(cycles.size(), 1u);
  EXPECT_EQ(cycles[0].nodes, Nodes({0, 2, 1}));
  EXPECT_EQ(cycles[0].componentSize, 3u);
}

TEST(FindCycles, SelfLoop) {
  auto cycles = findCycles(makeGraph(2, {{1, 1}}));
  ASSERT_EQ(cycles.size(), 1u);
  EXPECT_EQ(cycles[0].nodes, Nodes({1}));
}

TEST(FindCycles, OnePerComponentInModelOrder) {
  auto cycles =
      findCycles(makeGraph(6, {{4, 5}, {5, 4}, {0, 1}, {1, 2}, {2, 0}}));
  ASSERT_EQ(cycles.size(), 2u);
  EXPECT_EQ(cycles[0].nodes, Nodes({0, 1, 2}));
  EXPECT_EQ(cycles[1].nodes, Nodes({4, 5}));
}

TEST(FindCycles, ShortestCycleThroughTheFirstNode) {
  // Component {0, 1, 2, 3}: the long way 0 -> 1 -> 2 -> 3 -> 0 and the
  // short way 0 -> 3 -> 0.
  auto cycles =
      findCycles(makeGraph(4, {{0, 1}, {1, 2}, {2, 3}, {3, 0}, {0, 3}}));
  ASSERT_EQ(cycles.size(), 1u);
  EXPECT_EQ(cycles[0].nodes, Nodes({0, 3}));
  EXPECT_EQ(cycles[0].componentSize, 4u);
}

TEST(FindCycles, DeepChainsDoNotExhaustTheStack) {
  // A million-node ring: recursive DFS would overflow the stack.
  constexpr unsigned n = 1'000'000;
  DependenceGraph graph(n);
  for (unsigned i = 0; i < n; ++i)
    graph.addEdge(i, (i + 1) % n);
  auto cycles = findCycles(graph);
  ASSERT_EQ(cycles.size(), 1u);
  EXPECT_EQ(cycles[0].nodes.size(), n);
  EXPECT_EQ(getStableTopologicalOrder(graph), std::nullopt);
}

} // namespace
