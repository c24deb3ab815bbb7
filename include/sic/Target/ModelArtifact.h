//===- ModelArtifact.h - LLVM dialect to model.so, model.o, LLVM IR -*- C++ -*-===//
//
// The last steps of sic-compile: translate the lowered module to LLVM IR, add
// the entry function and the descriptor of runtime/include/sic/abi.h,
// optimize and generate code for the target with a TargetMachine, and link a
// shared library with lld in-process. No system compiler or linker runs.
//
//===----------------------------------------------------------------------===//

#ifndef SIC_TARGET_MODELARTIFACT_H
#define SIC_TARGET_MODELARTIFACT_H

#include "sic/Target/ModelSignature.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/CodeGen.h"
#include "llvm/Support/raw_ostream.h"

#include <string>

namespace mlir::sic {

/// How hard LLVM works: its optimization level (0 to 3) and its code
/// generator's, as getLLVMLevels decides them for an -O level.
struct CodeGenOptions {
  unsigned llvmOptLevel = 2;
  llvm::CodeGenOptLevel codeGenLevel = llvm::CodeGenOptLevel::Default;
};

/// What to write.
enum class ArtifactKind {
  SharedLibrary, ///< model.so: load with the runtime
  Object,        ///< model.o: link into an application
  LLVMIR,        ///< the optimized LLVM IR, as text
};

/// Writes `module` (lowered to the LLVM dialect by the pipeline) as an
/// artifact of `kind` to `outputPath` ("-" is stdout, except for shared
/// libraries), for the module's #sic.target. Emits an error at the module
/// and fails when it has no target, code generation fails or the link
/// fails.
LogicalResult writeModelArtifact(ModuleOp module, const ModelSignature &signature,
                                 const CodeGenOptions &options,
                                 ArtifactKind kind, StringRef outputPath);

/// Writes model.h: the contract (names, dtypes, shapes, byte sizes, arena
/// size) as C constants, with the contract hash an application passes when
/// it opens the model.
void writeModelHeader(const ModelSignature &signature, llvm::raw_ostream &os);

} // namespace mlir::sic

#endif // SIC_TARGET_MODELARTIFACT_H
