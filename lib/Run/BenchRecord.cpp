//===- BenchRecord.cpp - A benchmark's JSON record ------------------------===//

#include "sic/Run/BenchRecord.h"

#include "RunError.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SHA256.h"

#include <cmath>
#include <ctime>
#include <sys/utsname.h>
#include <thread>

using namespace mlir::sic;

namespace {

/// The first "model name" of /proc/cpuinfo.
std::string getCpuModel() {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> cpuinfo =
      llvm::MemoryBuffer::getFileAsStream("/proc/cpuinfo");
  if (!cpuinfo)
    return "unknown";
  llvm::SmallVector<llvm::StringRef> lines;
  (*cpuinfo)->getBuffer().split(lines, '\n');
  for (llvm::StringRef line : lines) {
    auto [key, value] = line.split(':');
    if (key.trim() == "model name")
      return value.trim().str();
  }
  return "unknown";
}

std::string getOs() {
  struct utsname name;
  if (uname(&name) != 0)
    return "unknown";
  return fmt::format("{} {} {} {}", name.sysname, name.release, name.version,
                     name.machine);
}

std::string getUtcDate() {
  std::time_t now = std::time(nullptr);
  std::tm utc;
  char text[32];
  if (!gmtime_r(&now, &utc) ||
      !std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc))
    return "unknown";
  return text;
}

/// A JSON string of `text`, which may come from anywhere (a path, the
/// kernel): invalid UTF-8 is replaced.
llvm::json::Value toJsonString(llvm::StringRef text) {
  return llvm::json::isUTF8(text) ? text.str() : llvm::json::fixUTF8(text);
}

llvm::json::Object toJson(const BenchModel &model) {
  return llvm::json::Object{
      {"path", toJsonString(model.path)},
      {"sha256", model.sha256},
      {"name", toJsonString(model.name)},
      {"contract_hash", fmt::format("0x{:016x}", model.contractHash)}};
}

llvm::json::Object toJson(const Platform &platform) {
  return llvm::json::Object{{"cpu", toJsonString(platform.cpu)},
                            {"cores", platform.cores},
                            {"os", toJsonString(platform.os)},
                            {"compiler", platform.compiler},
                            {"llvm", platform.llvm}};
}

llvm::json::Object toJson(const BenchStats &stats) {
  return llvm::json::Object{{"mean", stats.mean}, {"stddev", stats.stddev},
                            {"min", stats.min},   {"max", stats.max},
                            {"p50", stats.p50},   {"p90", stats.p90},
                            {"p99", stats.p99}};
}

/// `number`, or null when it is infinite or NaN, which JSON cannot hold.
llvm::json::Value toJsonNumber(double number) {
  if (std::isfinite(number))
    return number;
  return nullptr;
}

llvm::json::Object toJson(const OutputErrors &errors) {
  return llvm::json::Object{
      {"max_abs_error", toJsonNumber(errors.maxAbsError)},
      {"max_rel_error", toJsonNumber(errors.maxRelError)}};
}

llvm::json::Object toJson(const ComparedModel &compared) {
  const ModelSize &size = compared.size;
  llvm::json::Value accuracy = nullptr;
  if (compared.accuracy)
    accuracy = toJson(*compared.accuracy);
  return llvm::json::Object{
      {"model", toJson(compared.model)},
      {"time_ms", toJson(compared.stats)},
      {"calls_per_s", compared.throughput},
      {"size_bytes", llvm::json::Object{{"file", size.fileBytes},
                                        {"code", size.codeBytes},
                                        {"constants", size.constantBytes},
                                        {"arena", size.arenaBytes}}},
      {"accuracy", std::move(accuracy)}};
}

/// `numerator / denominator`; 1 when both are 0, null when only the
/// denominator is.
llvm::json::Value getRatio(double numerator, double denominator) {
  if (denominator == 0)
    return numerator == 0 ? llvm::json::Value(1.0) : nullptr;
  return toJsonNumber(numerator / denominator);
}

llvm::json::Object getImprovement(const ComparedModel &baseline,
                                  const ComparedModel &optimized) {
  const ModelSize &before = baseline.size, &after = optimized.size;
  llvm::json::Value accuracyDelta = nullptr;
  if (baseline.accuracy && optimized.accuracy)
    accuracyDelta = llvm::json::Object{
        {"max_abs_error", toJsonNumber(optimized.accuracy->maxAbsError -
                                       baseline.accuracy->maxAbsError)},
        {"max_rel_error", toJsonNumber(optimized.accuracy->maxRelError -
                                       baseline.accuracy->maxRelError)}};
  return llvm::json::Object{
      {"speedup_p50", getRatio(baseline.stats.p50, optimized.stats.p50)},
      {"speedup_mean", getRatio(baseline.stats.mean, optimized.stats.mean)},
      {"throughput_ratio", getRatio(optimized.throughput, baseline.throughput)},
      {"size_ratio",
       llvm::json::Object{
           {"file", getRatio(after.fileBytes, before.fileBytes)},
           {"code", getRatio(after.codeBytes, before.codeBytes)},
           {"constants", getRatio(after.constantBytes, before.constantBytes)},
           {"arena", getRatio(after.arenaBytes, before.arenaBytes)}}},
      {"accuracy_delta", std::move(accuracyDelta)}};
}

} // namespace

void OutputErrors::add(const Comparison &comparison) {
  maxAbsError = std::max(maxAbsError, comparison.maxAbsError);
  maxRelError = std::max(maxRelError, comparison.maxRelError);
}

Platform mlir::sic::getPlatform() {
#if defined(__clang__)
  std::string compiler = __VERSION__; // "Clang 19.1.7 ..."
#else
  std::string compiler = "GCC " __VERSION__;
#endif
  return Platform{getCpuModel(), std::thread::hardware_concurrency(), getOs(),
                  compiler, LLVM_VERSION_STRING};
}

llvm::Expected<BenchModel>
mlir::sic::describeBenchModel(llvm::StringRef path, llvm::StringRef name,
                              uint64_t contractHash) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> file =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                  /*RequiresNullTerminator=*/false);
  if (!file)
    return makeRunError("{}: {}", path.str(), file.getError().message());
  llvm::SHA256 hash;
  hash.update((*file)->getBuffer());
  std::array<uint8_t, 32> digest = hash.final();
  return BenchModel{path.str(), llvm::toHex(digest, /*LowerCase=*/true),
                    name.str(), contractHash};
}

void mlir::sic::writeBenchRecord(const BenchModel &model,
                                 const Platform &platform,
                                 const BenchOptions &options,
                                 const BenchStats &stats, double throughput,
                                 llvm::raw_ostream &os) {
  llvm::json::Object record{{"format", "sic-run-bench/2"},
                            {"date", getUtcDate()},
                            {"model", toJson(model)},
                            {"platform", toJson(platform)},
                            {"concurrency", options.concurrency},
                            {"threads", options.threads},
                            {"warmup", options.warmup},
                            {"runs", options.runs},
                            {"calls_per_s", throughput},
                            {"time_ms", toJson(stats)}};
  os << llvm::formatv("{0:2}", llvm::json::Value(std::move(record))) << "\n";
}

void mlir::sic::writeCompareRecord(const ComparedModel &baseline,
                                   const ComparedModel &optimized,
                                   const OutputErrors &agreement,
                                   const CompareSetup &setup,
                                   const Platform &platform,
                                   llvm::raw_ostream &os) {
  llvm::json::Array inputs;
  for (const auto &[name, type, source] : setup.inputs)
    inputs.push_back(llvm::json::Object{{"name", toJsonString(name)},
                                        {"type", type},
                                        {"source", toJsonString(source)}});
  llvm::json::Value reference = nullptr;
  if (!setup.reference.empty())
    reference = toJsonString(setup.reference);
  llvm::json::Object record{
      {"format", "sic-run-compare/2"},
      {"date", getUtcDate()},
      {"platform", toJson(platform)},
      {"concurrency", setup.options.concurrency},
      {"threads", setup.options.threads},
      {"warmup", setup.options.warmup},
      {"runs", setup.options.runs},
      {"rounds", setup.rounds},
      {"inputs", std::move(inputs)},
      {"reference", std::move(reference)},
      {"baseline", toJson(baseline)},
      {"optimized", toJson(optimized)},
      {"agreement", toJson(agreement)},
      {"improvement", getImprovement(baseline, optimized)}};
  os << llvm::formatv("{0:2}", llvm::json::Value(std::move(record))) << "\n";
}
