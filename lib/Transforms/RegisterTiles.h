//===- RegisterTiles.h - What sic-vectorize-contractions leaves -*- C++ -*-===//
//
// The mark sic-vectorize-contractions puts on each register tile's
// reduction loop, where the tile's accumulators live, for the passes that
// work on the tiles after it (sic-fuse-epilogues).
//
//===----------------------------------------------------------------------===//

#ifndef SIC_LIB_TRANSFORMS_REGISTERTILES_H
#define SIC_LIB_TRANSFORMS_REGISTERTILES_H

#include "llvm/ADT/StringRef.h"

namespace mlir::sic {

/// A unit attribute on the outermost reduction loop of a register tile.
constexpr llvm::StringLiteral kAccumulationLoopAttr = "sic.accumulation";

} // namespace mlir::sic

#endif // SIC_LIB_TRANSFORMS_REGISTERTILES_H
