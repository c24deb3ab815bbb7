//===- BenchMain.h - sic-run's benchmarks ---------------------*- C++ -*-===//
//
// `sic-run --bench`: one model timed from one thread or several.
// `sic-run --baseline other.so`: the model and a baseline build of it timed
// in interleaved rounds on the same inputs, with their sizes and errors.
//
//===----------------------------------------------------------------------===//

#ifndef SIC_LIB_RUN_BENCHMAIN_H
#define SIC_LIB_RUN_BENCHMAIN_H

#include "sic/Run/BenchRecord.h"
#include "sic/Run/CompiledModel.h"

#include "RunOptions.h"

namespace mlir::sic {

/// Benchmarks the bound model from --threads threads, each with a replica
/// of its own but the first, and prints (and records) the statistics.
llvm::Error runBench(const RunOptions &options, CompiledModel &model);

/// A comparison with a baseline, once both models have run on the same
/// inputs.
struct BaselineRun {
  CompiledModel &model, &baseline; ///< both bound to the same inputs
  CompareSetup setup;              ///< all but the bench options
  /// Each model's errors against the reference; none without --reference.
  std::optional<OutputErrors> modelAccuracy, baselineAccuracy;
  /// The errors of the model's outputs against the baseline's.
  OutputErrors agreement;
};

/// Benchmarks the model against the baseline in interleaved rounds, prints
/// each one's statistics, sizes and errors and what changed, and writes the
/// comparison record to --bench-json.
llvm::Error runBaselineBench(const RunOptions &options,
                             BaselineRun &comparison);

} // namespace mlir::sic

#endif // SIC_LIB_RUN_BENCHMAIN_H
