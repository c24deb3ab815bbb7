//===- SummaryPrinter.cpp - sic-compile --summary -------------------------===//

#include "SummaryPrinter.h"

#include "sic/Analysis/ModelSummary.h"

#include "mlir/Pass/Pass.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace mlir::sic;

bool SummaryPrinter::isModel(func::FuncOp func) {
  return !func.isExternal() && !func.isPrivate();
}

void SummaryPrinter::runBeforePass(Pass *pass, Operation *op) {
  auto func = dyn_cast<func::FuncOp>(op);
  if (!func || !isModel(func) || pass->getArgument() != "convert-sic-to-linalg")
    return;
  std::lock_guard<std::mutex> lock(mutex);
  reachedLowering = true;
  printModelSummary(computeModelSummary(func), llvm::outs());
}

void SummaryPrinter::finish(ModuleOp module, bool planned) {
  if (!reachedLowering)
    module.walk([](func::FuncOp func) {
      if (isModel(func))
        printModelSummary(computeModelSummary(func), llvm::outs());
    });
  if (!planned)
    llvm::outs() << "memory plan: none (the pipeline stops before "
                    "plan-memory)\n";
}
