//===- ModuleLimits.h - Import limits on a parsed .mlir model ---*- C++ -*-===//

#ifndef SIC_LIB_IMPORT_MODULELIMITS_H
#define SIC_LIB_IMPORT_MODULELIMITS_H

#include "ImportDiagnostics.h"

#include "mlir/IR/BuiltinOps.h"

namespace mlir::sic {

/// Reports every way a model parsed from MLIR text breaks `limits`, as the
/// .fb and ONNX importers do for theirs: more nodes or values
/// (tensors) than admitted, a tensor of too high a rank or too many
/// elements, or constants of more bytes in all. A splat constant counts at
/// its full size: it is a few bytes of text, but the compiled model stores
/// every element. Returns whether the module is within the limits.
bool checkModuleLimits(ModuleOp module, ImportDiagnostics &diagnostics,
                       const ImportLimits &limits);

} // namespace mlir::sic

#endif // SIC_LIB_IMPORT_MODULELIMITS_H
