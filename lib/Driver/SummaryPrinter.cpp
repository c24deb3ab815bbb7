//===- SummaryPrinter.cpp - sic-compile --summary -------------------------===//

#include "SummaryPrinter.h"

#include "sic/Analysis/ModelSummary.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

using namespace mlir;
using namespace mlir::sic;

void mlir::sic::printModelSummaries(ModuleOp module, unsigned optLevel,
                                    llvm::raw_ostream &os) {
  module.walk([&](func::FuncOp func) {
    if (!func.isExternal() && !func.isPrivate())
      printModelSummary(computeModelSummary(func, optLevel), os);
  });
}
