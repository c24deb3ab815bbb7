//===- Pipeline.h - What each phase and -O level of the compiler runs -*- C++
//-*-===//
//
// The one place that says which passes run up to each phase at each -O
// level. sic-compile builds its pass manager from here, and sic-opt's
// --sic-pipeline runs the same passes, so lit tests can pin any stage.
//
//===----------------------------------------------------------------------===//

#ifndef SIC_PIPELINE_PIPELINE_H
#define SIC_PIPELINE_PIPELINE_H

#include "dialects/Sic/Transforms/CheckPolicy.h"
#include "sic/Target/TargetDescription.h"
#include "sic/Transforms/PassOptions.h"

#include "llvm/Support/CodeGen.h"

#include <cstdint>
#include <optional>
#include <string>

namespace mlir {
class OpPassManager;
} // namespace mlir

namespace mlir::sic {

/// The named phases, in order; `--compile-to=<phase>` stops after one.
enum class Phase {
  Input,      ///< the imported sic.graph, unchecked
  Verify,     ///< after sic-verify-graph
  Schedule,   ///< after sic-schedule: a func.func in topological order
  Optimize,   ///< graph-level simplification (-O1 and up)
  Lower,      ///< linalg/tensor/arith/math on tensors (fused, tiled and
              ///< vectorized at -O2)
  Bufferize,  ///< one-shot bufferization: memrefs (vector tiles lowered to
              ///< FMAs at -O2)
  PlanMemory, ///< one static arena, outputs written in place
  LLVM,       ///< the LLVM dialect, entry function included
};

/// The `--compile-to` values: each phase's name and what it prints, for
/// llvm::cl options (sic-compile's flag, sic-opt's pipeline option).
#define SIC_PHASE_VALUES                                                       \
  clEnumValN(::mlir::sic::Phase::Input, "input",                               \
             "the imported graph, unchecked"),                                 \
      clEnumValN(::mlir::sic::Phase::Verify, "verify",                         \
                 "the graph after sic-verify-graph"),                          \
      clEnumValN(::mlir::sic::Phase::Schedule, "schedule",                     \
                 "a func.func in topological order"),                          \
      clEnumValN(::mlir::sic::Phase::Optimize, "optimize",                     \
                 "after graph-level folding (-O1 and up)"),                    \
      clEnumValN(::mlir::sic::Phase::Lower, "lower",                           \
                 "linalg/tensor/arith/math on tensors"),                       \
      clEnumValN(::mlir::sic::Phase::Bufferize, "bufferize",                   \
                 "after one-shot bufferization (memrefs)"),                    \
      clEnumValN(::mlir::sic::Phase::PlanMemory, "plan-memory",                \
                 "after sic-plan-memory: one static arena"),                   \
      clEnumValN(::mlir::sic::Phase::LLVM, "llvm",                             \
                 "the LLVM dialect, ready for translation")

/// What a pipeline runs: the last phase and the -O level, the memory
/// planner's options, and the checks and hooks compiled into the code.
struct PipelineOptions {
  Phase last = Phase::LLVM;
  unsigned optLevel = 2;
  /// sic-plan-memory's report, on stdout.
  MemoryReport memoryReport = MemoryReport::None;
  /// The machine to compile for, set on the module as #sic.target by the
  /// first compiling pass (empty fields: the host's).
  TargetSelection target;
  /// The check policy: with debug, every op's output is checked for NaN/Inf
  /// and the arena's guards after every op.
  CheckPolicy checks = CheckPolicy::Release;
  /// Compile calls of the runtime before and after every op (profiling).
  bool instrument = false;
  /// Tests only: run sic-test-internal-error first among the compiling
  /// passes, to see what a user sees when a pass goes wrong.
  std::optional<InjectedError> injectedError;
};

/// What an -O level asks of LLVM after the pipeline: its IR optimization
/// level (0 to 3, as `opt -O<n>`) and its code generator's.
struct LLVMLevels {
  unsigned optimize;
  llvm::CodeGenOptLevel codeGen;
};

/// The LLVM levels of -O`optLevel`: -O0 none, -O1 less, -O2 the default,
/// -O3 aggressive. The -O levels are decided here, for the passes above
/// and for LLVM alike.
LLVMLevels getLLVMLevels(unsigned optLevel);

/// Adds to `pm` (anchored on builtin.module) the passes that take an
/// imported module through `options.last`: the checking pipeline, then the
/// compiling one.
void buildPipeline(OpPassManager &pm, const PipelineOptions &options);

/// The passes that check a model against SIC's rules (verify, schedule): a
/// failure among them refuses the model.
void buildCheckingPipeline(OpPassManager &pm, const PipelineOptions &options);

/// The passes after the checks, through `options.last`. They compile any
/// model the checks accept: a failure among them is an internal error.
/// They are the optimizing pipeline, then the lowering one.
void buildCompilingPipeline(OpPassManager &pm, const PipelineOptions &options);

/// The compiling passes that keep the model in the sic dialect: setting the
/// #sic.target, then graph-level optimization (Phase::Optimize). What they
/// leave is the model that is compiled, which `--summary` describes.
void buildOptimizingPipeline(OpPassManager &pm, const PipelineOptions &options);

/// The compiling passes from Phase::Lower through `options.last`: op hooks,
/// lowering, bufferization, the memory plan, the LLVM dialect.
void buildLoweringPipeline(OpPassManager &pm, const PipelineOptions &options);

/// Registers `--sic-pipeline=compile-to=<phase> opt-level=<n> ...` for
/// sic-opt.
void registerSicPipeline();

} // namespace mlir::sic

#endif // SIC_PIPELINE_PIPELINE_H
