//===- WinogradOnChannels.h - F(m x m, 3 x 3) along channels ---*- C++ -*-===//
//
// Winograd's F(m x m, 3 x 3) for maps too narrow for tiles of columns in
// phases (fewer than a vector of tiles a row): the sums of the transforms
// run along vectors of channels or filters instead of along the rows.
//
//===----------------------------------------------------------------------===//

#ifndef SIC_LIB_TRANSFORMS_WINOGRADONCHANNELS_H
#define SIC_LIB_TRANSFORMS_WINOGRADONCHANNELS_H

#include "MinimalFiltering.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::sic {

/// Rewrites `conv` (a constant f32 filter [F, C, 3, 3], unit strides and
/// dilations) into F(m x m, 3 x 3) of `filtering` with the channels in the
/// vectors. With the input X transposed to [N, H, W, C] (its rows and
/// columns padded with zeros to whole tiles), T x S tiles of m x m
/// outputs, B = N T S:
///
///   R[i, n, t, w, c] = sum_r BT[i][r] X[n, m t + r, w, c]
///   V[i, j, n t s, c] = sum_q BT[j][q] R[i, n, t, m s + q, c]
///   M[i, j, b, f] = sum_c V[i, j, b, c] U_ij^T[c, f]   (batched contraction)
///   P[i, b, n, t, s, f] = sum_j AT[b][j] M[i, j, n t s, f]
///   Y[n, t, a, s, b, f] = sum_i AT[a][i] P[i, b, n, t, s, f]
///   out[n, f, y, x] = epilogue(start + Y[n, y, x, f])  (Y as [N, m T, m S, F])
///
/// Each sum is one generic over all its rows (i, j, b or a), with the
/// coefficients as inputs indexed by that row.
///
/// The accumulator's start (a bias broadcast) and the convolution's
/// elementwise consumer (sic::getEpilogue) are applied as the output is
/// written, Y transposed back to [N, F, H, W].
void rewriteWinogradOnChannels(RewriterBase &rewriter,
                               linalg::Conv2DNchwFchwOp conv,
                               const MinimalFiltering &filtering,
                               int64_t alignment);

} // namespace mlir::sic

#endif // SIC_LIB_TRANSFORMS_WINOGRADONCHANNELS_H
