//===- Passes.h - Passes over the sic dialect -------------------*- C++ -*-===//

#ifndef SIC_DIALECT_TRANSFORMS_PASSES_H
#define SIC_DIALECT_TRANSFORMS_PASSES_H

#include "dialects/Sic/IR/SicOps.h"
#include "dialects/Sic/Transforms/CheckPolicy.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::sic {

#define GEN_PASS_DECL
#include "dialects/Sic/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "dialects/Sic/Transforms/Passes.h.inc"

} // namespace mlir::sic

#endif // SIC_DIALECT_TRANSFORMS_PASSES_H
