//===- ShapeRules.cpp - Shape arithmetic shared by ops and importers ------===//

#include "sic/Support/ShapeRules.h"

#include "llvm/Support/CheckedArithmetic.h"

#include <algorithm>

using namespace mlir::sic;

std::optional<int64_t>
mlir::sic::getElementCount(llvm::ArrayRef<int64_t> shape) {
  int64_t count = 1;
  for (int64_t dim : shape) {
    if (dim < 0)
      return std::nullopt;
    std::optional<int64_t> product = llvm::checkedMul(count, dim);
    if (!product)
      return std::nullopt;
    count = *product;
  }
  return count;
}

std::optional<int64_t> mlir::sic::normalizeAxis(int64_t axis, int64_t rank) {
  if (axis < -rank || axis >= rank)
    return std::nullopt;
  return axis < 0 ? axis + rank : axis;
}

std::optional<Shape> mlir::sic::broadcastShapes(llvm::ArrayRef<int64_t> lhs,
                                                llvm::ArrayRef<int64_t> rhs) {
  size_t rank = std::max(lhs.size(), rhs.size());
  Shape result(rank, 1);
  for (size_t i = 0; i < rank; ++i) {
    // Align from the trailing dimension.
    int64_t l = i < lhs.size() ? lhs[lhs.size() - 1 - i] : 1;
    int64_t r = i < rhs.size() ? rhs[rhs.size() - 1 - i] : 1;
    if (l != r && l != 1 && r != 1)
      return std::nullopt;
    result[rank - 1 - i] = l == 1 ? r : l;
  }
  return result;
}

bool mlir::sic::isBroadcastableTo(llvm::ArrayRef<int64_t> from,
                                  llvm::ArrayRef<int64_t> to) {
  std::optional<Shape> result = broadcastShapes(from, to);
  return result && llvm::ArrayRef<int64_t>(*result) == to;
}

std::optional<Shape> mlir::sic::getMatmulShape(llvm::ArrayRef<int64_t> lhs,
                                               llvm::ArrayRef<int64_t> rhs) {
  if (lhs.empty() || rhs.empty())
    return std::nullopt;
  // Promote vectors: lhs [K] -> [1, K], rhs [K] -> [K, 1].
  Shape a(lhs.begin(), lhs.end()), b(rhs.begin(), rhs.end());
  if (a.size() == 1)
    a.insert(a.begin(), 1);
  if (b.size() == 1)
    b.push_back(1);
  if (a[a.size() - 1] != b[b.size() - 2])
    return std::nullopt;
  std::optional<Shape> batch =
      broadcastShapes(llvm::ArrayRef<int64_t>(a).drop_back(2),
                      llvm::ArrayRef<int64_t>(b).drop_back(2));
  if (!batch)
    return std::nullopt;
  Shape result = std::move(*batch);
  if (lhs.size() > 1)
    result.push_back(a[a.size() - 2]);
  if (rhs.size() > 1)
    result.push_back(b.back());
  return result;
}

std::optional<int64_t> mlir::sic::getWindowOutputSize(const WindowDim &dim,
                                                      bool ceilMode) {
  if (dim.input < 0 || dim.kernel < 1 || dim.stride < 1 || dim.dilation < 1 ||
      dim.padBegin < 0 || dim.padEnd < 0)
    return std::nullopt;
  // span = dilation * (kernel - 1) + 1: the input extent one window covers.
  std::optional<int64_t> span = llvm::checkedMul(dim.dilation, dim.kernel - 1);
  std::optional<int64_t> padded = llvm::checkedAdd(dim.input, dim.padBegin);
  if (span)
    span = llvm::checkedAdd(*span, int64_t(1));
  if (padded)
    padded = llvm::checkedAdd(*padded, dim.padEnd);
  if (!span || !padded || *padded < *span)
    return std::nullopt;
  int64_t room = *padded - *span;
  int64_t size = room / dim.stride + 1;
  if (ceilMode && room % dim.stride != 0) {
    // The extra window starts at size * stride; it must start inside the
    // input or the begin padding (it is dropped when it starts in the end
    // padding).
    std::optional<int64_t> start = llvm::checkedMul(size, dim.stride);
    if (start && *start < dim.input + dim.padBegin)
      ++size;
  }
  return size;
}

std::optional<SliceRange> mlir::sic::getSliceRange(int64_t dim, int64_t start,
                                                   int64_t end, int64_t step) {
  if (step == 0 || dim < 0)
    return std::nullopt;
  auto resolve = [dim](int64_t index) {
    // Negative indices count from the end; saturate instead of overflowing.
    return index < 0 ? (index < -dim ? -1 : index + dim) : index;
  };
  int64_t first = resolve(start), last = resolve(end);
  int64_t size = 0;
  if (step > 0) {
    first = std::clamp<int64_t>(first, 0, dim);
    last = std::clamp<int64_t>(last, 0, dim);
    if (last > first)
      size = (last - first - 1) / step + 1;
  } else if (dim > 0) {
    // ONNX clamps a backward start to [0, dim - 1], the end to [-1, dim - 1].
    first = std::clamp<int64_t>(first, 0, dim - 1);
    last = std::clamp<int64_t>(last, -1, dim - 1);
    // Unsigned magnitude: -step overflows for INT64_MIN.
    uint64_t magnitude = uint64_t(0) - uint64_t(step);
    if (first > last)
      size = int64_t(uint64_t(first - last - 1) / magnitude) + 1;
  }
  return SliceRange{size == 0 ? 0 : first, size, step};
}
