//===- SicHooks.h - Op hooks as calls of the runtime ------------*- C++ -*-===//
//
// What convert-sic-hooks writes and lib/Target reads: the functions the
// hooks call, which the compiled model defines next to its entry, and the
// argument that carries the runtime's environment table.
//
//===----------------------------------------------------------------------===//

#ifndef SIC_CONVERSION_SICHOOKS_H
#define SIC_CONVERSION_SICHOOKS_H

#include "dialects/Sic/IR/SicDialect.h"

#include "mlir/Interfaces/FunctionInterfaces.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>

namespace mlir {
class RewritePatternSet;
class Type;
} // namespace mlir

namespace mlir::sic {

/// `void sic_hook_before_op(const sic_env_t *env, i32 op)`.
constexpr llvm::StringLiteral kBeforeOpHookName = "sic_hook_before_op";
/// The start of the after-op hooks' names, one per element type:
/// `void sic_hook_after_op_f32(const sic_env_t *env, i32 op,
/// memref<f32> data)`, the data being the first element of the output (a
/// bare pointer once lowered).
constexpr llvm::StringLiteral kAfterOpHookPrefix = "sic_hook_after_op_";

/// `void sic_hook_index_fault(const sic_env_t *env, i32 check, i64 index)`,
/// `check` an index into the function's `sic.index_checks`.
constexpr llvm::StringLiteral kIndexFaultHookName = "sic_hook_index_fault";

/// The start of the names of parallel loops' launchers, one per loop:
/// `void sic_launch_<task>(const sic_env_t *env, i32 chunks, captures...)`
/// runs `void <task>(index chunk, captures...)` for every chunk through
/// sic_env_t.parallel_for (sic-parallelize-loops declares it; the
/// descriptor's builder defines it).
constexpr llvm::StringLiteral kTaskLaunchPrefix = "sic_launch_";

/// The after-op hook for outputs of `elementType`, e.g. sic_hook_after_op_f32.
std::string getAfterOpHookName(Type elementType);
/// The index of `func`'s environment argument (`sic.env`), if it has one.
inline std::optional<unsigned> getEnvArgIndex(FunctionOpInterface func) {
  for (unsigned i = 0, e = func.getNumArguments(); i < e; ++i)
    if (func.getArgAttr(i, SicDialect::EnvAttrHelper::getNameStr()))
      return i;
  return std::nullopt;
}

/// sic.before_op, sic.after_op and sic.index_fault: calls of the hook
/// functions, which must be declared, with the environment argument of the
/// enclosing function (and, for a fault, its `sic.index_checks` table).
void populateHookLoweringPatterns(RewritePatternSet &patterns);

} // namespace mlir::sic

#endif // SIC_CONVERSION_SICHOOKS_H
