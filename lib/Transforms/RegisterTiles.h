//===- RegisterTiles.h - What sic-vectorize-contractions leaves -*- C++ -*-===//
//
// The marks sic-vectorize-contractions puts on the loops of its register
// tiles, for the passes that work on the tiles after it
// (sic-fuse-epilogues), which remove them.
//
//===----------------------------------------------------------------------===//

#ifndef SIC_LIB_TRANSFORMS_REGISTERTILES_H
#define SIC_LIB_TRANSFORMS_REGISTERTILES_H

#include "llvm/ADT/StringRef.h"

namespace mlir::sic {

/// On every loop that tiles one contraction (peeled copies included), the
/// contraction's number in its function: which loops belong together.
constexpr llvm::StringLiteral kTileLoopAttr = "sic.tiles";

/// A unit attribute on the outermost reduction loop of a register tile.
constexpr llvm::StringLiteral kAccumulationLoopAttr = "sic.accumulation";

} // namespace mlir::sic

#endif // SIC_LIB_TRANSFORMS_REGISTERTILES_H
