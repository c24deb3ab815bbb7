//===- StaticTiles.h - Tiling into tiles of one static shape ---*- C++ -*-===//
//
// The tiling the vectorizing passes share: tile, then peel every tile loop's
// last partial iteration, so that once the bounds are folded each tile has a
// static shape the vectorizer takes.
//
//===----------------------------------------------------------------------===//

#ifndef SIC_LIB_TRANSFORMS_STATICTILES_H
#define SIC_LIB_TRANSFORMS_STATICTILES_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"

namespace mlir::sic {

/// Iterations of an op's loop nest (the multiply-adds of a contraction, the
/// elements of an elementwise op) below which its loops stay on one
/// thread: handing a loop to other threads costs microseconds.
constexpr int64_t kParallelWork = int64_t{1} << 16;

/// Whether `op` can be tiled into static tiles. Not when a loop is empty
/// (there is nothing to compute, and a tile size of 0 means "untiled"), nor
/// when a map result shrinks as a loop index grows: a tile's window is taken
/// from each map at the tile's first index and its sizes, which is right
/// only without negative coefficients (a reversed read), floordiv or mod.
bool canTileStatically(linalg::LinalgOp op);

/// Tiles `op` by `sizes` (0: not tiled) with its loops in `order` (empty:
/// the op's own), replaces it with the tiled loops, calls `mark` on them
/// (attributes set there are copied to the remainders), and peels each tile
/// loop, inner loops first, so that a remainder is a loop of its own. When
/// `op` has enough work to share between threads, its loops over parallel
/// dims are marked `sic.parallel`. `op` must be one that canTileStatically.
LogicalResult
tileStatically(RewriterBase &rewriter, linalg::LinalgOp op,
               ArrayRef<int64_t> sizes, ArrayRef<int64_t> order,
               function_ref<void(const scf::SCFTilingResult &)> mark);

/// Marks `tile` (`sic.vectorize`) as one to vectorize once its shape is
/// static; from tileStatically's `mark`.
void markForVectorization(Operation *tile);

/// The tiles under `root` marked by markForVectorization, in walk order,
/// their marks removed.
SmallVector<linalg::LinalgOp> takeTilesToVectorize(Operation *root);

} // namespace mlir::sic

#endif // SIC_LIB_TRANSFORMS_STATICTILES_H
