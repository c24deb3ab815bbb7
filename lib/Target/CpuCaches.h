//===- CpuCaches.h - Data caches of the CPUs SIC knows ----------*- C++ -*-===//

#ifndef SIC_TARGET_CPUCACHES_H
#define SIC_TARGET_CPUCACHES_H

#include "llvm/ADT/StringRef.h"
#include "llvm/TargetParser/Triple.h"

#include <cstdint>

namespace mlir::sic {

/// The data caches one core of a CPU sees.
struct CpuCaches {
  uint64_t l1Bytes;
  uint64_t l2Bytes; ///< the core's own L2 (or its share of a shared one)
  uint64_t l3Bytes; ///< the largest cache the core shares; 0 if none
  unsigned lineBytes;
};

/// The caches of LLVM CPU `cpu`, or of a generic CPU of `triple`'s
/// architecture when SIC's table lacks it.
CpuCaches getCpuCaches(const llvm::Triple &triple, llvm::StringRef cpu);

} // namespace mlir::sic

#endif // SIC_TARGET_CPUCACHES_H
