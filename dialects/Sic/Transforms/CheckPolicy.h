//===- CheckPolicy.h - What compiled code checks beyond the binding -*- C++ -*-===//

#ifndef SIC_DIALECT_TRANSFORMS_CHECKPOLICY_H
#define SIC_DIALECT_TRANSFORMS_CHECKPOLICY_H

#include "dialects/Sic/IR/SicDialect.h"

namespace mlir::sic {

/// CheckPolicy (SicBase.td) is what the compiled code checks beyond the
/// runtime's binding checks: nothing (release), or after every op its
/// output's NaN/Inf and the arena's guards (debug).

/// The values for llvm::cl (sic-compile's --checks, the pipeline's and
/// sic-insert-op-hooks' checks option).
#define SIC_CHECK_POLICY_VALUES                                                \
  clEnumValN(::mlir::sic::CheckPolicy::Release, "release",                     \
             "nothing: no hooks in the code (the default)"),                   \
      clEnumValN(::mlir::sic::CheckPolicy::Debug, "debug",                     \
                 "after every op, NaN/Inf in its output and the arena's "      \
                 "canaries, reported naming the op")

} // namespace mlir::sic

#endif // SIC_DIALECT_TRANSFORMS_CHECKPOLICY_H
