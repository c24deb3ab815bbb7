//===- VerifyGraph.cpp - Report every structural fault of a graph ---------===//

#include "GraphDependences.h"
#include "dialects/Sic/Transforms/Passes.h"

namespace mlir::sic {
#define GEN_PASS_DEF_VERIFYGRAPHPASS
#include "dialects/Sic/Transforms/Passes.h.inc"
} // namespace mlir::sic

using namespace mlir;
using namespace mlir::sic;

namespace {

/// "'relu1', 'add2' and the graph outputs", in model order.
std::string describeReaders(PlaceholderOp placeholder) {
  SmallVector<Operation *> users(placeholder->getUsers());
  llvm::sort(users,
             [](Operation *a, Operation *b) { return a->isBeforeInBlock(b); });
  users.erase(std::unique(users.begin(), users.end()), users.end());
  std::string text;
  for (auto [i, user] : llvm::enumerate(users)) {
    if (i > 0)
      text += i + 1 == users.size() ? " and " : ", ";
    text += isa<OutputOp>(user) ? std::string("the graph outputs")
                                : "'" + getNodeName(user) + "'";
  }
  return text;
}

LogicalResult checkOp(Operation *op) {
  if (auto node = dyn_cast<NodeOpInterface>(op))
    return checkNode(node);
  if (auto placeholder = dyn_cast<PlaceholderOp>(op))
    return placeholder->emitError("tensor '")
           << placeholder.getName() << "' has no source; it is read by "
           << describeReaders(placeholder);
  if (isa<ConstantOp>(op))
    return success();
  return op->emitOpError("is not a model node (a sic.graph holds sic ops)");
}

struct VerifyGraphPass
    : public sic::impl::VerifyGraphPassBase<VerifyGraphPass> {
  void runOnOperation() override {
    GraphDependences dependences(getOperation());
    bool valid = true;
    for (Operation *op : dependences.ops)
      valid &= succeeded(checkOp(op));
    valid &= succeeded(reportCycles(dependences));
    if (!valid)
      signalPassFailure();
    markAllAnalysesPreserved();
  }
};

} // namespace
