//===- Passes.h - SIC's passes across dialects ----------------*- C++ -*-===//

#ifndef SIC_TRANSFORMS_PASSES_H
#define SIC_TRANSFORMS_PASSES_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "sic/Transforms/PassOptions.h"

#include "mlir/Pass/Pass.h"

namespace mlir::sic {

#define GEN_PASS_DECL
#include "sic/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "sic/Transforms/Passes.h.inc"

} // namespace mlir::sic

#endif // SIC_TRANSFORMS_PASSES_H
