// Tests that every pass that sizes its work from the target refuses a
// module without #sic.target, naming the pass that sets it.
// RUN: sic-opt %s -verify-diagnostics --sic-vectorize-contractions
// RUN: sic-opt %s -verify-diagnostics --sic-vectorize-generics
// RUN: sic-opt %s -verify-diagnostics --sic-conv-to-im2col
// RUN: sic-opt %s -verify-diagnostics --sic-pad-constant-rows
// RUN: sic-opt %s -verify-diagnostics --sic-plan-memory

// expected-error @+1 {{needs the #sic.target of its module, which sic-set-target sets}}
func.func @no_target() {
  return
}
