//===- Bench.h - Time repeated runs of a model ------------------*- C++ -*-===//

#ifndef SIC_RUN_BENCH_H
#define SIC_RUN_BENCH_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

namespace mlir::sic {

/// How many runs a benchmark makes, and from how many threads.
struct BenchOptions {
  unsigned warmup = 10; ///< untimed runs first, on each thread
  unsigned runs = 100;  ///< timed runs of each thread, at least 1
  unsigned concurrency = 1; ///< threads running at once, at least 1
  /// Seconds between two progress lines, which start once the benchmark
  /// looks like taking more than two intervals in all; 0 writes a line after
  /// every run (for tests).
  double progressInterval = 1.0;
  /// Threads of each context, sharing a run's parallel loops (recorded).
  unsigned threads = 1;
};

/// Statistics of the times of the timed runs, in milliseconds.
struct BenchStats {
  double mean, stddev, min, max, p50, p90, p99;
};

/// The statistics of `times` (ms; not empty). Percentiles interpolate
/// linearly between the closest ranks (numpy.percentile's default); stddev
/// is the sample standard deviation, 0 for one run.
BenchStats computeStats(llvm::ArrayRef<double> times);

/// What a benchmark measured.
struct BenchTimes {
  /// The time of each timed run in milliseconds, thread after thread.
  llvm::SmallVector<double> times;
  /// The wall time of the timed runs of all threads, from their common start
  /// to the end of the last one.
  double seconds = 0;

  /// Timed runs per second, all threads together; 0 when no time passed.
  double getThroughput() const {
    return seconds > 0 ? times.size() / seconds : 0;
  }
};

/// A clock in seconds.
using Clock = llvm::function_ref<double()>;

/// Seconds on the steady clock, which every thread may read at once.
double getSteadyClock();

/// Calls `run(thread)` from options.concurrency threads at once, `thread`
/// being 0 (the calling thread) to options.concurrency - 1: options.warmup
/// untimed times on each thread, then, once every thread has warmed up,
/// options.runs times timed by `clock`, which must be safe to call from every
/// thread at once. When the runs look like taking more than two progress
/// intervals in all, writes a line counting the runs of all threads to
/// `progress` every interval. The first error a run returns stops every thread
/// and is returned.
llvm::Expected<BenchTimes>
timeRuns(llvm::function_ref<llvm::Error(unsigned thread)> run,
         const BenchOptions &options, llvm::raw_ostream &progress, Clock clock);

/// timeRuns on a steady clock.
llvm::Expected<BenchTimes>
timeRuns(llvm::function_ref<llvm::Error(unsigned thread)> run,
         const BenchOptions &options, llvm::raw_ostream &progress);

/// Calls one function of `runs` per model.
using ModelRun = llvm::function_ref<llvm::Error(unsigned thread)>;

/// Benchmarks several models against each other in `rounds` interleaved
/// rounds (1 to options.runs), so that what drifts while they run (clock
/// frequency, heat, other processes) weighs on each alike: every round
/// times each model's share of options.runs with timeRuns, one model after
/// the other, starting with a different one each round. A model's
/// options.warmup untimed runs precede its first round. Writes a line to
/// `progress` each progress interval, after a round. Returns each model's
/// times in the order of `runs`; their seconds are those of its rounds.
llvm::Expected<llvm::SmallVector<BenchTimes>>
timeInterleaved(llvm::ArrayRef<ModelRun> runs, const BenchOptions &options,
                unsigned rounds, llvm::raw_ostream &progress, Clock clock);

} // namespace mlir::sic

#endif // SIC_RUN_BENCH_H
