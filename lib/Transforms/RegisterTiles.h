//===- RegisterTiles.h - The register tiles of a tiled contraction -*- C++
//-*-===//
//
// sic-vectorize-contractions tiles each contraction (and direct
// convolution) into loop nests of register tiles, marking their loops with
// #sic.tile_loop; peeling leaves several nests, each carrying the output
// tensor on to the next. Each tile reads its accumulators from that tensor
// before its reduction loop, accumulates, and writes them back. The passes
// that work on those tiles (sic-fuse-accumulator-inits, sic-fuse-epilogues)
// find them here.
//
//===----------------------------------------------------------------------===//

#ifndef SIC_LIB_TRANSFORMS_REGISTERTILES_H
#define SIC_LIB_TRANSFORMS_REGISTERTILES_H

#include "dialects/Sic/IR/SicDialect.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

#include <optional>

namespace mlir::sic {

/// One register tile: its reduction loop (the accumulation loop) and the
/// read of its accumulators in the innermost loop of the reduction.
struct AccumulatorTile {
  scf::ForOp loop;
  vector::TransferReadOp read;
};

/// The register tiles of one tiled contraction, and the operand of its
/// first loop nest that takes the accumulators' initial value (the
/// contraction's original `outs`).
struct TileChain {
  SmallVector<AccumulatorTile> tiles;
  OpOperand *initial;
};

/// The #sic.tile_loop sic-vectorize-contractions put on `loop`, if any.
TileLoopAttr getTileLoop(scf::ForOp loop);

/// The register tiles that compute `value`, the result of one tiled
/// contraction, following the chain of its peeled loop nests back to the
/// accumulators' initial value; nothing unless every tile there is
/// vectorized, reads its accumulators from the whole carried tensor at
/// indices fixed outside its reduction loop, and writes them back. A
/// reduction loop may start from a write into the carried tensor (the
/// initial value of its accumulators, sic-fuse-accumulator-inits).
std::optional<TileChain> findTileChain(Value value);

} // namespace mlir::sic

#endif // SIC_LIB_TRANSFORMS_REGISTERTILES_H
