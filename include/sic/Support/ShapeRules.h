//===- ShapeRules.h - Shape arithmetic shared by ops and importers -*- C++
//-*-===//
//
// Pure shape math (NumPy broadcasting, matmul, sliding windows, slices) with
// overflow-checked arithmetic. Every function returns std::nullopt instead of
// asserting, because its inputs come from untrusted model files; the caller
// turns a nullopt into a diagnostic that names the node.
//
//===----------------------------------------------------------------------===//

#ifndef SIC_SUPPORT_SHAPERULES_H
#define SIC_SUPPORT_SHAPERULES_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"

#include <cstdint>
#include <optional>

namespace mlir::sic {

using Shape = llvm::SmallVector<int64_t, 4>;

/// Number of elements of `shape`, or nullopt if a dim is negative or the
/// product overflows int64_t.
std::optional<int64_t> getElementCount(llvm::ArrayRef<int64_t> shape);

/// Maps `axis` in [-rank, rank) to [0, rank); nullopt when out of range.
std::optional<int64_t> normalizeAxis(int64_t axis, int64_t rank);

/// NumPy (multidirectional) broadcasting of two shapes; nullopt when a pair of
/// aligned dims differs and neither is 1.
std::optional<Shape> broadcastShapes(llvm::ArrayRef<int64_t> lhs,
                                     llvm::ArrayRef<int64_t> rhs);

/// True when `from` broadcasts to exactly `to` (ONNX unidirectional
/// broadcasting: `to` is not changed by the broadcast).
bool isBroadcastableTo(llvm::ArrayRef<int64_t> from,
                       llvm::ArrayRef<int64_t> to);

/// Result shape of numpy.matmul(lhs, rhs): 1-D operands are promoted to
/// matrices and the promoted dim dropped again; leading (batch) dims
/// broadcast. nullopt on a rank-0 operand, a contraction-size mismatch, or
/// batch dims that do not broadcast.
std::optional<Shape> getMatmulShape(llvm::ArrayRef<int64_t> lhs,
                                    llvm::ArrayRef<int64_t> rhs);

/// One spatial dimension of a sliding window (convolution or pooling).
struct WindowDim {
  int64_t input;
  int64_t kernel;
  int64_t stride;
  int64_t dilation;
  int64_t padBegin;
  int64_t padEnd;
};

/// Output extent of a sliding window: floor (or ceil with `ceilMode`) of
/// (input + pads - dilation * (kernel - 1) - 1) / stride + 1. nullopt when a
/// parameter is out of range (kernel, stride or dilation < 1, negative pads),
/// on overflow, or when the window does not fit once (extent < 1). With
/// `ceilMode`, the last window must start inside the input or the begin
/// padding (ONNX/PyTorch rule).
std::optional<int64_t> getWindowOutputSize(const WindowDim &dim,
                                           bool ceilMode = false);

/// The elements an ONNX Slice selects along one axis of extent `dim`.
struct SliceRange {
  int64_t start; ///< first selected index, in [0, dim)
  int64_t size;  ///< number of selected elements, >= 0
  int64_t step;  ///< nonzero; negative walks backwards
};

/// ONNX Slice semantics for one axis: negative `start`/`end` count from the
/// end, both are clamped to the axis (going backwards, `start` to [0, dim-1]
/// and `end` to [-1, dim-1]), and `step` may be negative. nullopt when
/// `step` is 0 or `dim` is negative.
std::optional<SliceRange> getSliceRange(int64_t dim, int64_t start, int64_t end,
                                        int64_t step);

} // namespace mlir::sic

#endif // SIC_SUPPORT_SHAPERULES_H
