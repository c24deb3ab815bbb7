//===- BenchRecord.h - A benchmark's JSON record ----------------*- C++ -*-===//
//
// `sic-run --bench-json`: one JSON object with what was run (the model file,
// its hash), where (CPU, cores, OS, the compiler that built sic-run) and the
// statistics, for scripts that compare benchmarks across runs and hosts.
//
//===----------------------------------------------------------------------===//

#ifndef SIC_RUN_BENCHRECORD_H
#define SIC_RUN_BENCHRECORD_H

#include "sic/Run/Bench.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

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
/// ("sic-run-bench/1"), "date" (UTC, ISO 8601), "model" (path, sha256, name,
/// contract_hash), "platform" (cpu, cores, os, compiler, llvm), "threads",
/// "warmup" and "runs" (each thread's), "time_ms" (mean, stddev, min, max,
/// p50, p90, p99 over the runs of all threads) and "calls_per_s"
/// (`throughput`: the timed runs of all threads per second).
void writeBenchRecord(const BenchModel &model, const Platform &platform,
                      const BenchOptions &options, const BenchStats &stats,
                      double throughput, llvm::raw_ostream &os);

} // namespace mlir::sic

#endif // SIC_RUN_BENCHRECORD_H
