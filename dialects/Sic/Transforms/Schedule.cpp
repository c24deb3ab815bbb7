//===- Schedule.cpp - Turn each sic.graph into an ordered func.func -------===//

#include "GraphDependences.h"
#include "dialects/Sic/Transforms/Passes.h"

#include "mlir/IR/Builders.h"

namespace mlir::sic {
#define GEN_PASS_DEF_SCHEDULEPASS
#include "dialects/Sic/Transforms/Passes.h.inc"
} // namespace mlir::sic

using namespace mlir;
using namespace mlir::sic;

namespace {

LogicalResult schedule(GraphOp graph) {
  GraphDependences dependences(graph);
  std::optional<std::vector<unsigned>> order =
      getStableTopologicalOrder(dependences.edges);
  if (!order) {
    (void)reportCycles(dependences);
    return graph.emitOpError("cannot be scheduled: it has a cycle");
  }

  OpBuilder builder(graph);
  auto func = builder.create<func::FuncOp>(graph.getLoc(), graph.getSymName(),
                                           graph.getFunctionType());
  if (ArrayAttr argAttrs = graph.getArgAttrsAttr())
    func.setArgAttrsAttr(argAttrs);
  if (ArrayAttr resAttrs = graph.getResAttrsAttr())
    func.setResAttrsAttr(resAttrs);
  func.getBody().takeBody(graph.getBody());

  Block &body = func.getBody().front();
  auto output = cast<OutputOp>(body.getTerminator());
  for (unsigned node : *order)
    dependences.ops[node]->moveBefore(output);
  builder.setInsertionPoint(output);
  builder.create<func::ReturnOp>(output.getLoc(), output.getOutputs());
  output.erase();
  graph.erase();
  return success();
}

struct SchedulePass : public sic::impl::SchedulePassBase<SchedulePass> {
  void runOnOperation() override {
    auto graphs = llvm::to_vector(getOperation().getOps<GraphOp>());
    bool scheduled = true;
    for (GraphOp graph : graphs)
      scheduled &= succeeded(schedule(graph));
    if (!scheduled)
      signalPassFailure();
  }
};

} // namespace
