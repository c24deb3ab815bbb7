//===- SicDialect.h - The sic dialect ---------------------------*- C++ -*-===//

#ifndef SIC_IR_SICDIALECT_H
#define SIC_IR_SICDIALECT_H

#include "mlir/IR/Attributes.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
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

/// Whether a model stores elements of `type` but SIC computes on none: i8,
/// i16, ui8, ui16, ui32, ui64, f16 and bf16. Only the graph's inputs and
/// outputs and sic.cast hold them (Sic_StorageTensor).
inline bool isStorageOnlyType(Type type) {
  if (auto integer = dyn_cast<IntegerType>(type)) {
    unsigned width = integer.getWidth();
    if (integer.isUnsigned())
      return width == 8 || width == 16 || width == 32 || width == 64;
    return integer.isSignless() && (width == 8 || width == 16);
  }
  return type.isF16() || type.isBF16();
}

/// Whether `type` is an element type of a model's tensors: one SIC computes
/// on (f32, f64, i32, i64, i1) or a storage-only one.
inline bool isModelElementType(Type type) {
  return type.isF32() || type.isF64() || type.isSignlessInteger(32) ||
         type.isSignlessInteger(64) || type.isSignlessInteger(1) ||
         isStorageOnlyType(type);
}

/// The #sic.target of the module that holds `op`; emits an error at `op`
/// (its pass needs the target, which sic-set-target sets) and fails when
/// there is none.
FailureOr<TargetAttr> requireTarget(Operation *op);
} // namespace mlir::sic

#endif // SIC_IR_SICDIALECT_H
