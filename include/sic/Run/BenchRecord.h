//===- BenchRecord.h - A benchmark's JSON record ----------------*- C++ -*-===//
//
// `sic-run --bench-json`: one JSON object with what was run (the model file,
// its hash), where (CPU, cores, OS, the compiler that built sic-run) and the
// statistics, for scripts that compare benchmarks across runs and hosts.
//
// `sic-run --baseline other.so --bench-json`: the same for two models
// benchmarked against each other, with their sizes, their errors against the
// reference evaluator and what changed from the baseline to the other.
//
//===----------------------------------------------------------------------===//

#ifndef SIC_RUN_BENCHRECORD_H
#define SIC_RUN_BENCHRECORD_H

#include "sic/Run/Bench.h"
#include "sic/Run/Compare.h"
#include "sic/Run/ModelSize.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <array>
#include <optional>
#include <string>

namespace mlir::sic {

/// The host a benchmark runs on.
struct Platform {
  std::string cpu;      ///< "model name" of /proc/cpuinfo, "unknown" without
  unsigned cores;       ///< logical cores
  std::string os;       ///< uname: system, release, version, machine
  std::string compiler; ///< the C++ compiler that built sic-run
  std::string llvm;     ///< the LLVM/MLIR version sic-run is built with
};

/// Describes this host.
Platform getPlatform();

/// The model a benchmark ran.
struct BenchModel {
  std::string path;
  std::string sha256; ///< of the model file, lower-case hex
  std::string name;
  uint64_t contractHash;
};

/// Describes the model.so at `path`, which `name` and `contractHash` come
/// from; fails when the file cannot be read.
llvm::Expected<BenchModel> describeBenchModel(llvm::StringRef path,
                                              llvm::StringRef name,
                                              uint64_t contractHash);

/// Writes the record, a JSON object with the keys "format"
/// ("sic-run-bench/2"), "date" (UTC, ISO 8601), "model" (path, sha256, name,
/// contract_hash), "platform" (cpu, cores, os, compiler, llvm),
/// "concurrency" (threads calling at once), "threads" (each context's),
/// "warmup" and "runs" (each thread's), "time_ms" (mean, stddev, min, max,
/// p50, p90, p99 over the runs of all threads) and "calls_per_s"
/// (`throughput`: the timed runs of all threads per second).
void writeBenchRecord(const BenchModel &model, const Platform &platform,
                      const BenchOptions &options, const BenchStats &stats,
                      double throughput, llvm::raw_ostream &os);

/// The largest errors over the outputs of a model.
struct OutputErrors {
  double maxAbsError = 0, maxRelError = 0;

  /// Takes in one output's comparison.
  void add(const Comparison &comparison);
};

/// One model of a comparison.
struct ComparedModel {
  BenchModel model;
  BenchStats stats;
  double throughput; ///< timed runs per second
  ModelSize size;
  /// Its outputs' errors against the reference evaluator's; none without
  /// a reference.
  std::optional<OutputErrors> accuracy;
};

/// What both models of a comparison ran on and how.
struct CompareSetup {
  BenchOptions options;
  unsigned rounds;
  /// Each input: its name, type ("f32[1, 4]") and source (a file, or
  /// "random (seed n)").
  llvm::SmallVector<std::array<std::string, 3>> inputs;
  /// The reference evaluator's model file; empty without one.
  std::string reference;
};

/// Writes the comparison record, a JSON object with the keys "format"
/// ("sic-run-compare/2"), "date", "platform", "concurrency", "threads",
/// "warmup", "runs",
/// "rounds", "inputs", "reference", "baseline" and "optimized" (each: model,
/// time_ms, calls_per_s, size_bytes, accuracy), "agreement" (`agreement`:
/// the errors of the optimized model's outputs against the baseline's) and
/// "improvement" (speedups, size ratios, accuracy deltas). A number that
/// is not finite (a relative error where 0 was expected) is written null,
/// as is a ratio to 0.
void writeCompareRecord(const ComparedModel &baseline,
                        const ComparedModel &optimized,
                        const OutputErrors &agreement,
                        const CompareSetup &setup, const Platform &platform,
                        llvm::raw_ostream &os);

} // namespace mlir::sic

#endif // SIC_RUN_BENCHRECORD_H
