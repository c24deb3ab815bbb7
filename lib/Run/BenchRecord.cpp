//===- BenchRecord.cpp - A benchmark's JSON record ------------------------===//

#include "sic/Run/BenchRecord.h"

#include "RunError.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SHA256.h"

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

} // namespace

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
  llvm::json::Object record{
      {"format", "sic-run-bench/1"},
      {"date", getUtcDate()},
      {"model",
       llvm::json::Object{
           {"path", toJsonString(model.path)},
           {"sha256", model.sha256},
           {"name", toJsonString(model.name)},
           {"contract_hash", fmt::format("0x{:016x}", model.contractHash)}}},
      {"platform", llvm::json::Object{{"cpu", toJsonString(platform.cpu)},
                                      {"cores", platform.cores},
                                      {"os", toJsonString(platform.os)},
                                      {"compiler", platform.compiler},
                                      {"llvm", platform.llvm}}},
      {"threads", options.threads},
      {"warmup", options.warmup},
      {"runs", options.runs},
      {"calls_per_s", throughput},
      {"time_ms", llvm::json::Object{{"mean", stats.mean},
                                     {"stddev", stats.stddev},
                                     {"min", stats.min},
                                     {"max", stats.max},
                                     {"p50", stats.p50},
                                     {"p90", stats.p90},
                                     {"p99", stats.p99}}}};
  os << llvm::formatv("{0:2}", llvm::json::Value(std::move(record))) << "\n";
}
