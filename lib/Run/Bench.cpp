//===- Bench.cpp - Time repeated runs of a model --------------------------===//

#include "sic/Run/Bench.h"

#include <algorithm>
#include <cassert>
#include <chrono>
#include <cmath>
#include <fmt/format.h>

using namespace mlir::sic;

namespace {

/// The `q`-th quantile (0 to 1) of `sorted`, interpolated linearly.
double getQuantile(llvm::ArrayRef<double> sorted, double q) {
  double rank = q * (sorted.size() - 1);
  size_t below = static_cast<size_t>(std::floor(rank));
  size_t above = std::min(below + 1, sorted.size() - 1);
  return sorted[below] + (rank - below) * (sorted[above] - sorted[below]);
}

} // namespace

BenchStats mlir::sic::computeStats(llvm::ArrayRef<double> times) {
  assert(!times.empty() && "no times");
  llvm::SmallVector<double> sorted(times);
  llvm::sort(sorted);
  double n = times.size(), sum = 0, squares = 0;
  for (double time : times)
    sum += time;
  double mean = sum / n;
  for (double time : times)
    squares += (time - mean) * (time - mean);
  return BenchStats{mean,
                    times.size() > 1 ? std::sqrt(squares / (n - 1)) : 0.0,
                    sorted.front(),
                    sorted.back(),
                    getQuantile(sorted, 0.50),
                    getQuantile(sorted, 0.90),
                    getQuantile(sorted, 0.99)};
}

llvm::Expected<llvm::SmallVector<double>>
mlir::sic::timeRuns(llvm::function_ref<llvm::Error()> run,
                    const BenchOptions &options, llvm::raw_ostream &progress,
                    Clock clock) {
  assert(options.runs > 0 && "no timed runs");
  unsigned total = options.warmup + options.runs;
  llvm::SmallVector<double> times;
  double start = clock(), lastReport = start;
  for (unsigned i = 0; i < total; ++i) {
    double before = clock();
    if (llvm::Error error = run())
      return std::move(error);
    double after = clock();
    if (i >= options.warmup)
      times.push_back((after - before) * 1e3);
    double elapsed = after - start;
    if (after - lastReport < 1.0 || elapsed / (i + 1) * total <= 2.0)
      continue;
    lastReport = after;
    progress << fmt::format("sic-run: bench: {} {}/{} ({:.0f} s)\n",
                            i < options.warmup ? "warm-up" : "run",
                            i < options.warmup ? i + 1 : i + 1 - options.warmup,
                            i < options.warmup ? options.warmup : options.runs,
                            elapsed);
    progress.flush();
  }
  return times;
}

llvm::Expected<llvm::SmallVector<double>>
mlir::sic::timeRuns(llvm::function_ref<llvm::Error()> run,
                    const BenchOptions &options, llvm::raw_ostream &progress) {
  return timeRuns(run, options, progress, [] {
    return std::chrono::duration<double>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
  });
}
