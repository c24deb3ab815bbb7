//===- SicDialect.h - The sic dialect ---------------------------*- C++ -*-===//

#ifndef SIC_IR_SICDIALECT_H
#define SIC_IR_SICDIALECT_H

#include "mlir/IR/Attributes.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/Operation.h"

#include "dialects/Sic/IR/SicEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "dialects/Sic/IR/SicAttributes.h.inc"

#include "dialects/Sic/IR/SicDialect.h.inc"

namespace mlir::sic {
/// The full name of the sic op `mnemonic`: "sic.gemm" for "gemm".
inline std::string getOpName(llvm::StringRef mnemonic) {
  return (SicDialect::getDialectNamespace() + "." + mnemonic).str();
}

/// The #sic.target of the module that holds `op`; emits an error at `op`
/// (its pass needs the target, which sic-set-target sets) and fails when
/// there is none.
FailureOr<TargetAttr> requireTarget(Operation *op);
} // namespace mlir::sic

#endif // SIC_IR_SICDIALECT_H
