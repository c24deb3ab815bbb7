//===- ModelDiagnostics.h - Diagnostics about model files -------*- C++ -*-===//

#ifndef SIC_IMPORT_MODELDIAGNOSTICS_H
#define SIC_IMPORT_MODELDIAGNOSTICS_H

#include "mlir/IR/Diagnostics.h"

namespace mlir::sic {

/// Prints each diagnostic as "<file>: <node or tensor>: error: <message>"
/// (notes likewise), which is how a model's locations read best: importers
/// locate ops at NameLoc(model name, file) rather than at a line.
class ModelDiagnosticHandler : public ScopedDiagnosticHandler {
public:
  ModelDiagnosticHandler(MLIRContext *context, llvm::raw_ostream &os);
};

} // namespace mlir::sic

#endif // SIC_IMPORT_MODELDIAGNOSTICS_H
