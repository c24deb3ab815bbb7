//===- WinogradViews.h - A Winograd convolution's tensors ------*- C++ -*-===//
//
// Slices, reshapes, pads and elementwise sums of the [N, C, H, W] tensors
// of a Winograd convolution (sic-conv-to-winograd): every m-th row of a
// tensor, its rows in tiles of m columns and their phases (column m s + p
// at [p, s]), and the all-parallel generics that sum them.
//
//===----------------------------------------------------------------------===//

#ifndef SIC_LIB_TRANSFORMS_WINOGRADVIEWS_H
#define SIC_LIB_TRANSFORMS_WINOGRADVIEWS_H

#include "mlir/IR/Builders.h"

namespace mlir::sic {

/// value[..., first + step * t, ...] along dim `dim`, for t < count.
Value sliceEvery(OpBuilder &b, Location loc, Value value, int64_t dim,
                 OpFoldResult first, int64_t step, int64_t count);

/// `value` written into `into` at [..., first + step * t, ...] along dim
/// `dim`.
Value insertEvery(OpBuilder &b, Location loc, Value value, Value into,
                  int64_t dim, OpFoldResult first, int64_t step);

/// first * scale + offset, folded when `first` is a constant.
OpFoldResult buildRow(OpBuilder &b, Location loc, OpFoldResult first,
                      int64_t scale, int64_t offset);

/// An all-parallel generic over the shape of `inits`, which it writes in
/// order, reading `inputs` through `maps` (identity maps when none; the
/// inits' after the inputs', identity maps when they are not there), whose
/// body yields `body`(its arguments).
SmallVector<Value> buildSums(
    OpBuilder &b, Location loc, ValueRange inputs, ValueRange inits,
    function_ref<SmallVector<Value>(OpBuilder &, Location, ValueRange)> body,
    ArrayRef<AffineMap> maps = {});

/// buildSums on `inputs` and `inits` [N, X, T, A, B] read and written as
/// [N, X, T, A B] (contiguous in their last two dims), so that their rows
/// are vectors however short B is; the results as [N, X, T, A, B].
SmallVector<Value> buildFlatSums(
    OpBuilder &b, Location loc, ValueRange inputs, ValueRange inits,
    function_ref<SmallVector<Value>(OpBuilder &, Location, ValueRange)> body);

/// `value` [N, X, T, W] as [N, X, T, W / m, m]: a tile of m columns per
/// row of the last two dims.
Value expandColumns(OpBuilder &b, Location loc, Value value, int64_t m);

/// `value` [N, X, T, S, m] as [N, X, T, S m].
Value collapseColumns(OpBuilder &b, Location loc, Value value);

/// The order of loops of a transpose of the last two dims of 5.
AffineMap getTransposedMap(MLIRContext *context);

/// `value` with its dims permuted (a copy): the result reads it through
/// the permutation map `read`, so that its dim k is the result's dim
/// read[k].
Value permuteDims(OpBuilder &b, Location loc, Value value,
                  ArrayRef<unsigned> read);

/// `value` [N, X, T, A, B] as [N, X, T, B, A] (a copy).
Value transposeColumns(OpBuilder &b, Location loc, Value value);

/// `value`[:, :, :, phase, first + s] for s < count, as [N, X, T, count].
Value slicePhase(OpBuilder &b, Location loc, Value value, int64_t phase,
                 int64_t first, int64_t count);

/// `value` [N, X, T, S] written into `into`[:, :, :, phase, :].
Value insertPhase(OpBuilder &b, Location loc, Value value, Value into,
                  int64_t phase);

/// `value` with `extra` more rows or columns (dim 2 or 3) of zeros at the
/// end: the constant pad that made it grown when there is one (no second
/// copy), a new pad otherwise.
Value padEnd(OpBuilder &b, Location loc, Value value, int64_t dim,
             int64_t extra);

/// `value` [N, X, tiles, columns] as [N, X, tiles * columns].
Value collapseTiles(OpBuilder &b, Location loc, Value value);

/// `value` [N, X, B] as [N, X, B / columns, columns], or as [N, X, 1, B]
/// for a `columns` of 0.
Value expandTiles(OpBuilder &b, Location loc, Value value, int64_t columns);

} // namespace mlir::sic

#endif // SIC_LIB_TRANSFORMS_WINOGRADVIEWS_H
