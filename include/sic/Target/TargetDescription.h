//===- TargetDescription.h - The machine a model is compiled for -*- C++ -*-===//
//
// From what the user names (--target-triple, --target-cpu,
// --target-features, or nothing: the host) to the #sic.target attribute the
// compiling passes read, and from that attribute to LLVM's target machine.
//
//===----------------------------------------------------------------------===//

#ifndef SIC_TARGET_TARGETDESCRIPTION_H
#define SIC_TARGET_TARGETDESCRIPTION_H

#include "dialects/Sic/IR/SicDialect.h"

#include "llvm/Support/CodeGen.h"
#include "llvm/Support/Error.h"

#include <memory>
#include <string>

namespace llvm {
class TargetMachine;
} // namespace llvm

namespace mlir::sic {

/// The target as the user names it; empty fields mean the host's (an empty
/// CPU of another triple means LLVM's "generic").
struct TargetSelection {
  std::string triple;
  std::string cpu;
  /// Comma-separated LLVM features, each with + or -, e.g. "+avx2,-avx512f".
  std::string features;
};

/// The #sic.target of `selection`. The triple, the CPU and each feature are
/// checked against LLVM's lists: an unknown one is an error naming it. The
/// vector registers follow from the features; the caches come from SIC's
/// table of CPUs, or its architecture's generic entry for a CPU the table
/// lacks. For the host, `features` keeps only what differs from the CPU's
/// defaults (a virtual machine may hide some).
llvm::Expected<TargetAttr> describeTarget(MLIRContext *context,
                                          const TargetSelection &selection);

/// LLVM's target machine for `target`, emitting position-independent code
/// with code generator level `level`.
llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
createTargetMachine(TargetAttr target, llvm::CodeGenOptLevel level);

} // namespace mlir::sic

#endif // SIC_TARGET_TARGETDESCRIPTION_H
