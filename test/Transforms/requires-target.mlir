// Tests that every pass that sizes its work from the target refuses a
// module without #sic.target, naming the pass that sets it.
// RUN: sic-opt %s -verify-diagnostics --sic-vectorize-contractions
// RUN: sic-opt %s -verify-diagnostics --sic-vectorize-generics
// RUN: sic-opt %s -verify-diagnostics --sic-conv-to-im2col
// RUN: sic-opt %s -verify-diagnostics --sic-pad-constant-rows
// RUN: sic-opt %s -verify-diagnostics --sic-plan-memory
// sic-opt's sic-set-target refuses a CPU LLVM does not know.
// RUN: not sic-opt %s --sic-set-target=cpu=pentium9 2>&1 | FileCheck %s --check-prefix=CPU
// CPU: error: unknown target CPU 'pentium9' for x86_64-

// expected-error @+1 {{needs the #sic.target of its module, which sic-set-target sets}}
func.func @no_target() {
  return
}
