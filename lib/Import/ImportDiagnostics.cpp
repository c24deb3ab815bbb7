//===- ImportDiagnostics.cpp - Errors about a model file ------------------===//

#include "ImportDiagnostics.h"

#include "sic/Support/ShapeRules.h"

#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringSet.h"

using namespace mlir;
using namespace mlir::sic;

bool mlir::sic::checkModelCounts(ImportDiagnostics &diagnostics,
                                 uint64_t numTensors, uint64_t numNodes,
                                 const ImportLimits &limits) {
  bool valid = true;
  if (numTensors > limits.maxTensors) {
    diagnostics.error() << "the model has " << numTensors
                        << " tensors, more than the limit of "
                        << limits.maxTensors;
    valid = false;
  }
  if (numNodes > limits.maxNodes) {
    diagnostics.error() << "the model has " << numNodes
                        << " nodes, more than the limit of " << limits.maxNodes;
    valid = false;
  }
  return valid;
}

void mlir::sic::reportUnsupportedOps(
    ImportDiagnostics &diagnostics, llvm::StringRef what,
    const std::map<std::string, size_t> &counts) {
  if (counts.empty())
    return;
  InFlightDiagnostic diag = diagnostics.error()
                            << "unsupported " << what << ": ";
  llvm::interleaveComma(counts, diag, [&](const auto &entry) {
    diag << "'" << entry.first << "' (" << entry.second
         << (entry.second == 1 ? " node)" : " nodes)");
  });
}

std::optional<std::string>
mlir::sic::checkShapeLimits(llvm::ArrayRef<int64_t> shape,
                            const ImportLimits &limits) {
  if (shape.size() > limits.maxRank)
    return "has rank " + std::to_string(shape.size()) +
           ", more than the limit of " + std::to_string(limits.maxRank);
  std::optional<int64_t> elements = getElementCount(shape);
  if (!elements || uint64_t(*elements) > limits.maxTensorElements)
    return (elements ? "has " + std::to_string(*elements) + " elements"
                     : std::string("has more than 2^63 elements")) +
           ", more than the limit of " +
           std::to_string(limits.maxTensorElements);
  return std::nullopt;
}

void mlir::sic::checkOutputNames(ImportDiagnostics &diagnostics,
                                 llvm::ArrayRef<std::string> names) {
  llvm::StringSet<> seen;
  for (auto [position, name] : llvm::enumerate(names))
    if (name.empty() || !seen.insert(name).second)
      diagnostics.error() << "graph output #" << position << " needs a "
                          << "non-empty name of its own, not '" << name << "'";
}

std::string mlir::sic::formatNumber(double value) {
  SmallString<24> text;
  llvm::APFloat(value).toString(text);
  return text.str().str();
}
