//===- SummaryPrinter.h - sic-compile --summary -----------------*- C++ -*-===//

#ifndef SIC_LIB_DRIVER_SUMMARYPRINTER_H
#define SIC_LIB_DRIVER_SUMMARYPRINTER_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/raw_ostream.h"

namespace mlir::sic {

/// Prints --summary's table of each model function of `module` (not of
/// declarations, such as the runtime hooks). The driver calls it when the
/// optimizing pipeline is done, so that it describes the scheduled and
/// folded model that is compiled; the memory planner prints the arena plan
/// after it.
void printModelSummaries(ModuleOp module, unsigned optLevel,
                         llvm::raw_ostream &os);

} // namespace mlir::sic

#endif // SIC_LIB_DRIVER_SUMMARYPRINTER_H
