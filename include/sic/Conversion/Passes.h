//===- Passes.h - Passes that leave the sic dialect -------------*- C++ -*-===//

#ifndef SIC_CONVERSION_PASSES_H
#define SIC_CONVERSION_PASSES_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::sic {

#define GEN_PASS_DECL
#include "sic/Conversion/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "sic/Conversion/Passes.h.inc"

} // namespace mlir::sic

#endif // SIC_CONVERSION_PASSES_H
