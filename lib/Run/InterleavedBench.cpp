//===- InterleavedBench.cpp - Benchmark models in interleaved rounds ------===//

#include "sic/Run/Bench.h"

#include <cassert>
#include <fmt/format.h>

using namespace mlir::sic;

llvm::Expected<llvm::SmallVector<BenchTimes>>
mlir::sic::timeInterleaved(llvm::ArrayRef<ModelRun> runs,
                           const BenchOptions &options, unsigned rounds,
                           llvm::raw_ostream &progress, Clock clock) {
  assert(!runs.empty() && "no models");
  assert(rounds > 0 && rounds <= options.runs && "rounds out of range");
  llvm::SmallVector<BenchTimes> results(runs.size());
  double start = clock(), lastReport = start;
  for (unsigned round = 0; round < rounds; ++round) {
    // Round r times runs * (r + 1) / rounds - runs * r / rounds runs of
    // each model: at least one, options.runs over all rounds.
    BenchOptions chunk = options;
    chunk.warmup = round == 0 ? options.warmup : 0;
    chunk.runs = uint64_t(options.runs) * (round + 1) / rounds -
                 uint64_t(options.runs) * round / rounds;
    for (size_t turn = 0; turn < runs.size(); ++turn) {
      size_t model = (round + turn) % runs.size();
      llvm::Expected<BenchTimes> times =
          timeRuns(runs[model], chunk, llvm::nulls(), clock);
      if (!times)
        return times.takeError();
      results[model].times.append(times->times);
      results[model].seconds += times->seconds;
    }
    double now = clock();
    if (round + 1 < rounds && now - lastReport >= options.progressInterval) {
      lastReport = now;
      progress << fmt::format("sic-run: bench: round {}/{} ({:.0f} s)\n",
                              round + 1, rounds, now - start);
      progress.flush();
    }
  }
  return std::move(results);
}
