//===- RunOptions.h - sic-run's command-line options ------------*- C++ -*-===//

#ifndef SIC_LIB_RUN_RUNOPTIONS_H
#define SIC_LIB_RUN_RUNOPTIONS_H

#include "sic/Run/Bench.h"
#include "sic/Run/Compare.h"

#include "RunError.h"

#include "llvm/Support/CommandLine.h"

#include <algorithm>
#include <cmath>

namespace mlir::sic {

/// The most threads --threads takes.
constexpr unsigned kMaxThreads = 256;

/// sic-run's command line.
struct RunOptions {
  llvm::cl::OptionCategory category{"sic-run options"};
  llvm::cl::opt<std::string> model{llvm::cl::Positional, llvm::cl::Required,
                                   llvm::cl::cat(category),
                                   llvm::cl::desc("<model.so>")};
  llvm::cl::list<std::string> inputs{
      "input", llvm::cl::cat(category), llvm::cl::value_desc("name=file.npy"),
      llvm::cl::desc(
          "Read a model input from a .npy file (repeat for several); "
          "inputs not given are random")};
  llvm::cl::opt<uint64_t> seed{
      "seed", llvm::cl::cat(category), llvm::cl::init(0),
      llvm::cl::value_desc("n"),
      llvm::cl::desc("Seed of the random inputs: f32 uniform in [-1, 1), "
                     "integers in [1, 8] (default 0)")};
  llvm::cl::opt<std::string> outputDir{
      "output-dir", llvm::cl::cat(category), llvm::cl::value_desc("dir"),
      llvm::cl::desc(
          "Write each output to <dir>/<name>.npy (created if needed)")};
  llvm::cl::list<std::string> expects{
      "expect", llvm::cl::cat(category), llvm::cl::value_desc("name=file.npy"),
      llvm::cl::desc(
          "Compare an output with a .npy file (repeat for several)")};
  llvm::cl::opt<std::string> reference{
      "reference", llvm::cl::cat(category),
      llvm::cl::value_desc("model.fb|.onnx|.mlir"),
      llvm::cl::desc(
          "Compare every output with the reference evaluator's, run on "
          "the model file the model.so was compiled from")};
  llvm::cl::opt<double> rtol{
      "rtol", llvm::cl::cat(category), llvm::cl::init(Tolerance().rtol),
      llvm::cl::desc("Relative tolerance of f32 outputs (default "
                     "1e-4)")};
  llvm::cl::opt<double> atol{
      "atol", llvm::cl::cat(category), llvm::cl::init(Tolerance().atol),
      llvm::cl::desc("Absolute tolerance of f32 outputs (default "
                     "1e-5)")};
  llvm::cl::opt<bool> bench{
      "bench", llvm::cl::cat(category),
      llvm::cl::desc("Time repeated runs: p50/p90/p99, mean, "
                     "stddev in ms")};
  llvm::cl::opt<unsigned> warmup{
      "warmup", llvm::cl::cat(category), llvm::cl::init(BenchOptions().warmup),
      llvm::cl::desc("Untimed runs before the timed ones (default 10; implies "
                     "--bench)")};
  llvm::cl::opt<unsigned> runs{
      "runs", llvm::cl::cat(category), llvm::cl::init(BenchOptions().runs),
      llvm::cl::desc(
          "Timed runs of each thread (default 100; implies --bench)")};
  llvm::cl::opt<std::string> benchJson{
      "bench-json", llvm::cl::cat(category), llvm::cl::value_desc("file"),
      llvm::cl::desc("Write the benchmark as a JSON record: model, platform, "
                     "runs, statistics (implies --bench)")};
  // int, not unsigned, so that a negative count gets the range message.
  llvm::cl::opt<int> concurrency{
      "concurrency", llvm::cl::cat(category),
      llvm::cl::init(BenchOptions().concurrency), llvm::cl::value_desc("n"),
      llvm::cl::desc(
          "Benchmark from n threads at once, each with a context and "
          "tensors of its own, each making --warmup and --runs runs "
          "(1 to 256, default 1; implies --bench)")};
  llvm::cl::opt<int> threads{
      "threads", llvm::cl::cat(category),
      llvm::cl::init(BenchOptions().threads), llvm::cl::value_desc("n"),
      llvm::cl::desc("Threads of each context, which share the parallel "
                     "loops of a model compiled at -O2 or above (1 to 256, "
                     "default 1)")};
  llvm::cl::opt<std::string> baseline{
      "baseline", llvm::cl::cat(category), llvm::cl::value_desc("other.so"),
      llvm::cl::desc("Benchmark the model against another build of it (same "
                     "inputs and outputs) in interleaved rounds: speedup, "
                     "sizes, errors against --reference; --bench-json writes "
                     "the comparison (implies --bench)")};
  llvm::cl::opt<unsigned> rounds{
      "rounds", llvm::cl::cat(category), llvm::cl::init(10),
      llvm::cl::value_desc("n"),
      llvm::cl::desc("Rounds of a --baseline comparison, each timing both "
                     "models, --runs in all (1 to --runs; default 10, or "
                     "--runs when fewer)")};
  llvm::cl::opt<double> benchProgressInterval{
      "bench-progress-interval",
      llvm::cl::cat(category),
      llvm::cl::Hidden,
      llvm::cl::init(BenchOptions().progressInterval),
      llvm::cl::value_desc("seconds"),
      llvm::cl::desc("Seconds between progress lines of a benchmark that looks "
                     "like taking more than two; 0: a line after every run")};

  llvm::cl::opt<bool> profile{
      "profile", llvm::cl::cat(category),
      llvm::cl::desc(
          "Time every op of a model compiled with --instrument: a table "
          "of each op's mean time and share")};
  llvm::cl::opt<unsigned> profileRuns{
      "profile-runs", llvm::cl::cat(category), llvm::cl::init(10),
      llvm::cl::value_desc("n"),
      llvm::cl::desc("Profiled runs (default 10; implies --profile)")};
  llvm::cl::opt<std::string> profileTrace{
      "profile-trace", llvm::cl::cat(category),
      llvm::cl::value_desc("file.json"),
      llvm::cl::desc(
          "Write the profile as a Chrome trace (Trace Event Format), "
          "for Perfetto or chrome://tracing (implies --profile)")};

  bool wantsProfile() const {
    return profile || profileRuns.getNumOccurrences() || !profileTrace.empty();
  }

  /// The rounds of a --baseline comparison: --rounds, or 10 but never more
  /// than --runs.
  unsigned getRounds() const {
    return rounds.getNumOccurrences()
               ? rounds.getValue()
               : std::min(rounds.getValue(), runs.getValue());
  }

  /// The --warmup, --runs, --concurrency, progress interval and --threads.
  BenchOptions getBenchOptions() const {
    return BenchOptions{
        warmup, runs, static_cast<unsigned>(concurrency.getValue()),
        benchProgressInterval, static_cast<unsigned>(threads.getValue())};
  }

  bool wantsBench() const {
    return bench || warmup.getNumOccurrences() || runs.getNumOccurrences() ||
           concurrency.getNumOccurrences() || !benchJson.empty() ||
           !baseline.empty() || rounds.getNumOccurrences();
  }

  llvm::Error check() const {
    if (runs == 0)
      return makeRunError("--runs must be at least 1");
    if (rounds.getNumOccurrences() && (rounds == 0 || rounds > runs))
      return makeRunError("--rounds must be between 1 and --runs ({}), got {}",
                          runs.getValue(), rounds.getValue());
    if (profileRuns == 0)
      return makeRunError("--profile-runs must be at least 1");
    for (const llvm::cl::opt<int> *count : {&concurrency, &threads})
      if (*count < 1 || *count > static_cast<int>(kMaxThreads))
        return makeRunError("--{} must be between 1 and {}, got {}",
                            count->ArgStr.str(), kMaxThreads,
                            count->getValue());
    for (const llvm::cl::opt<double> *tolerance :
         {&rtol, &atol, &benchProgressInterval})
      if (!(*tolerance >= 0) || std::isinf(*tolerance))
        return makeRunError("--{} must be a finite number >= 0, got {}",
                            tolerance->ArgStr.str(), tolerance->getValue());
    return llvm::Error::success();
  }
};

} // namespace mlir::sic

#endif // SIC_LIB_RUN_RUNOPTIONS_H
