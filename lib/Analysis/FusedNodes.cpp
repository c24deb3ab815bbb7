//===- FusedNodes.cpp - The model nodes lowering fused into one kernel ----===//

#include "sic/Analysis/FusedNodes.h"

#include "sic/Support/NodeNames.h"

using namespace mlir;

namespace {

/// Disjoint sets of node names, numbered in the order they are first seen.
class NameSets {
public:
  /// The number of `name`, added as a set of its own if new.
  unsigned add(StringRef name) {
    auto [it, inserted] = numbers.try_emplace(name, parents.size());
    if (inserted) {
      parents.push_back(it->second);
      names.push_back(it->first());
    }
    return it->second;
  }

  unsigned find(unsigned number) {
    while (parents[number] != number)
      number = parents[number] = parents[parents[number]];
    return number;
  }

  /// Merges the sets; the one first seen leads.
  void merge(unsigned a, unsigned b) {
    a = find(a);
    b = find(b);
    parents[std::max(a, b)] = std::min(a, b);
  }

  size_t size() const { return parents.size(); }
  StringRef getName(unsigned number) const { return names[number]; }

private:
  llvm::StringMap<unsigned> numbers;
  SmallVector<unsigned> parents;
  SmallVector<StringRef> names; // the keys of `numbers`, by number
};

} // namespace

llvm::StringMap<unsigned> mlir::sic::groupFusedNodes(ModuleOp lowered) {
  NameSets sets;
  lowered.walk([&](Operation *op) {
    SmallVector<StringRef> names = findNodeNames(op->getLoc());
    for (StringRef name : names)
      sets.merge(sets.add(names.front()), sets.add(name));
  });
  SmallVector<unsigned> members(sets.size(), 0);
  for (unsigned number = 0; number < sets.size(); ++number)
    ++members[sets.find(number)];
  // A kernel's number: the order of its leader among the leaders of two or
  // more names.
  llvm::DenseMap<unsigned, unsigned> kernels;
  llvm::StringMap<unsigned> result;
  for (unsigned number = 0; number < sets.size(); ++number) {
    unsigned leader = sets.find(number);
    if (members[leader] < 2)
      continue;
    auto [kernel, inserted] = kernels.try_emplace(leader, kernels.size());
    result[sets.getName(number)] = kernel->second;
  }
  return result;
}
