//===- Pipeline.h - What each phase of the compiler runs --------*- C++ -*-===//
//
// The one place that says which passes run up to each phase. sic-compile
// builds its pass manager from here, and sic-opt's --sic-pipeline runs the
// same passes, so lit tests can pin any stage.
//
//===----------------------------------------------------------------------===//

#ifndef SIC_PIPELINE_PIPELINE_H
#define SIC_PIPELINE_PIPELINE_H

namespace mlir {
class OpPassManager;
} // namespace mlir

namespace mlir::sic {

/// The named phases, in order; `--compile-to=<phase>` stops after one.
enum class Phase {
  Input,    ///< the imported sic.graph, unchecked
  Verify,   ///< after sic-verify-graph
  Schedule, ///< after sic-schedule: a func.func in topological order
};

/// The `--compile-to` values: each phase's name and what it prints, for
/// llvm::cl options (sic-compile's flag, sic-opt's pipeline option).
#define SIC_PHASE_VALUES                                                       \
  clEnumValN(::mlir::sic::Phase::Input, "input",                               \
             "the imported graph, unchecked"),                                 \
      clEnumValN(::mlir::sic::Phase::Verify, "verify",                         \
                 "the graph after sic-verify-graph"),                          \
      clEnumValN(::mlir::sic::Phase::Schedule, "schedule",                     \
                 "a func.func in topological order")

/// Adds to `pm` (anchored on builtin.module) the passes that take an
/// imported module through phase `last`.
void buildPipeline(OpPassManager &pm, Phase last);

/// Registers `--sic-pipeline=compile-to=<phase>` for sic-opt.
void registerSicPipeline();

} // namespace mlir::sic

#endif // SIC_PIPELINE_PIPELINE_H
