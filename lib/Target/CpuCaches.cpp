//===- CpuCaches.cpp - Data caches of the CPUs SIC knows ------------------===//
//
// Sizes per core from the vendors' optimization manuals. An L2 shared by a
// cluster of cores is listed at its share per core; L3 is the cache of one
// core complex or ring (what one thread can fill), not of the socket.
//
//===----------------------------------------------------------------------===//

#include "CpuCaches.h"

#include "llvm/ADT/STLExtras.h"

using namespace mlir::sic;

namespace {

constexpr uint64_t KiB = 1024;
constexpr uint64_t MiB = 1024 * KiB;

struct CpuEntry {
  llvm::StringLiteral cpu;
  CpuCaches caches;
};

constexpr CpuCaches kIntelClient = {32 * KiB, 256 * KiB, 8 * MiB, 64};
constexpr CpuCaches kIntelServer = {32 * KiB, 1 * MiB, 16 * MiB, 64};
constexpr CpuCaches kIntelHybrid = {48 * KiB, 2 * MiB, 24 * MiB, 64};

const CpuEntry kCpus[] = {
    // Intel.
    {"nehalem", kIntelClient},
    {"westmere", kIntelClient},
    {"sandybridge", kIntelClient},
    {"ivybridge", kIntelClient},
    {"haswell", kIntelClient},
    {"broadwell", kIntelClient},
    {"skylake", kIntelClient},
    {"skylake-avx512", kIntelServer},
    {"cascadelake", kIntelServer},
    {"cooperlake", kIntelServer},
    {"cannonlake", {32 * KiB, 256 * KiB, 4 * MiB, 64}},
    {"icelake-client", {48 * KiB, 512 * KiB, 8 * MiB, 64}},
    {"rocketlake", {48 * KiB, 512 * KiB, 16 * MiB, 64}},
    {"tigerlake", {48 * KiB, 1280 * KiB, 12 * MiB, 64}},
    {"icelake-server", {48 * KiB, 1280 * KiB, 32 * MiB, 64}},
    {"sapphirerapids", {48 * KiB, 2 * MiB, 64 * MiB, 64}},
    {"emeraldrapids", {48 * KiB, 2 * MiB, 64 * MiB, 64}},
    {"graniterapids", {48 * KiB, 2 * MiB, 64 * MiB, 64}},
    {"alderlake", {48 * KiB, 1280 * KiB, 24 * MiB, 64}},
    {"raptorlake", kIntelHybrid},
    {"meteorlake", kIntelHybrid},
    {"arrowlake", kIntelHybrid},
    {"lunarlake", {48 * KiB, 2560 * KiB, 12 * MiB, 64}},
    // AMD.
    {"znver1", {32 * KiB, 512 * KiB, 8 * MiB, 64}},
    {"znver2", {32 * KiB, 512 * KiB, 16 * MiB, 64}},
    {"znver3", {32 * KiB, 512 * KiB, 32 * MiB, 64}},
    {"znver4", {32 * KiB, 1 * MiB, 32 * MiB, 64}},
    {"znver5", {48 * KiB, 1 * MiB, 32 * MiB, 64}},
    // Arm.
    {"cortex-a72", {32 * KiB, 512 * KiB, 0, 64}},
    {"cortex-a76", {64 * KiB, 512 * KiB, 2 * MiB, 64}},
    {"neoverse-n1", {64 * KiB, 1 * MiB, 32 * MiB, 64}},
    {"neoverse-v1", {64 * KiB, 1 * MiB, 32 * MiB, 64}},
    {"neoverse-n2", {64 * KiB, 1 * MiB, 32 * MiB, 64}},
    {"neoverse-v2", {64 * KiB, 2 * MiB, 32 * MiB, 64}},
    {"apple-m1", {128 * KiB, 3 * MiB, 8 * MiB, 128}},
    {"apple-m2", {128 * KiB, 4 * MiB, 8 * MiB, 128}},
    {"apple-m3", {128 * KiB, 4 * MiB, 8 * MiB, 128}},
};

} // namespace

CpuCaches mlir::sic::getCpuCaches(const llvm::Triple &triple,
                                  llvm::StringRef cpu) {
  const CpuEntry *entry = llvm::find_if(
      kCpus, [&](const CpuEntry &candidate) { return candidate.cpu == cpu; });
  if (entry != std::end(kCpus))
    return entry->caches;
  if (triple.isX86())
    return kIntelClient;
  if (triple.isAArch64())
    return {64 * KiB, 512 * KiB, 0, 64};
  return {32 * KiB, 256 * KiB, 0, 64};
}
