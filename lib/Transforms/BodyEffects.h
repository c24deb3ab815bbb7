//===- BodyEffects.h - Generics whose bodies have side effects --*- C++ -*-===//
//
// The bounds check of an index read from data calls the runtime from the
// body of the linalg.generic that normalizes the indices. Such a body must
// run exactly once per element of its own iteration space: it is neither
// fused into a consumer (where it would run once per element of that
// consumer) nor vectorized.
//
//===----------------------------------------------------------------------===//

#ifndef SIC_LIB_TRANSFORMS_BODYEFFECTS_H
#define SIC_LIB_TRANSFORMS_BODYEFFECTS_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace mlir::sic {

/// Whether an op of `op`'s body has a side effect.
inline bool hasBodyEffects(linalg::GenericOp op) {
  return llvm::any_of(op.getBody()->getOperations(), [](Operation &bodyOp) {
    return !isMemoryEffectFree(&bodyOp);
  });
}

} // namespace mlir::sic

#endif // SIC_LIB_TRANSFORMS_BODYEFFECTS_H
