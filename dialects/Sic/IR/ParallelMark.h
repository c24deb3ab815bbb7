//===- ParallelMark.h - The mark of loops threads may share -----*- C++ -*-===//
//
// `sic.parallel`: a unit attribute on a tile loop whose iterations write
// disjoint parts of their op's outputs, set by the tiling when the op has
// enough work to share between threads and consumed by
// sic-parallelize-loops. The dialect verifies it (a unit attribute, on a
// loop) with its other discardable attributes.
//
//===----------------------------------------------------------------------===//

#ifndef SIC_DIALECTS_SIC_IR_PARALLELMARK_H
#define SIC_DIALECTS_SIC_IR_PARALLELMARK_H

#include "llvm/ADT/StringRef.h"

namespace mlir::sic {

constexpr llvm::StringLiteral kParallelMark = "sic.parallel";

} // namespace mlir::sic

#endif // SIC_DIALECTS_SIC_IR_PARALLELMARK_H
