//===- Bench.h - Time repeated runs of a model ------------------*- C++ -*-===//

#ifndef SIC_RUN_BENCH_H
#define SIC_RUN_BENCH_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

namespace mlir::sic {

/// How many runs a benchmark makes.
struct BenchOptions {
  unsigned warmup = 10; ///< untimed runs first
  unsigned runs = 100;  ///< timed runs, at least 1
};

/// Statistics of the times of the timed runs, in milliseconds.
struct BenchStats {
  double mean, stddev, min, max, p50, p90, p99;
};

/// The statistics of `times` (ms; not empty). Percentiles interpolate
/// linearly between the closest ranks (numpy.percentile's default); stddev
/// is the sample standard deviation, 0 for one run.
BenchStats computeStats(llvm::ArrayRef<double> times);

/// A clock in seconds.
using Clock = llvm::function_ref<double()>;

/// Calls `run` options.warmup times, then options.runs times timed by
/// `clock`, and returns the time of each timed run in milliseconds. When the
/// runs look like taking more than 2 seconds in all, writes a progress line
/// to `progress` every second. Stops at the first error `run` returns.
llvm::Expected<llvm::SmallVector<double>>
timeRuns(llvm::function_ref<llvm::Error()> run, const BenchOptions &options,
         llvm::raw_ostream &progress, Clock clock);

/// timeRuns on a steady clock.
llvm::Expected<llvm::SmallVector<double>>
timeRuns(llvm::function_ref<llvm::Error()> run, const BenchOptions &options,
         llvm::raw_ostream &progress);

} // namespace mlir::sic

#endif // SIC_RUN_BENCH_H
