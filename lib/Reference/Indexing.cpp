//===- Indexing.cpp - Index arithmetic of the reference evaluator ---------===//

#include "Kernels.h"

#include "sic/Support/ShapeRules.h"

using namespace mlir;
using namespace mlir::sic;

SmallVector<int64_t> reference::getRowMajorStrides(ArrayRef<int64_t> shape) {
  SmallVector<int64_t> strides(shape.size(), 1);
  for (int64_t dim = static_cast<int64_t>(shape.size()) - 2; dim >= 0; --dim)
    strides[dim] = strides[dim + 1] * shape[dim + 1];
  return strides;
}

SmallVector<int64_t> reference::getBroadcastStrides(ArrayRef<int64_t> from,
                                                    ArrayRef<int64_t> to) {
  assert(from.size() <= to.size() && "broadcasting to a lower rank");
  SmallVector<int64_t> fromStrides = getRowMajorStrides(from);
  SmallVector<int64_t> strides(to.size(), 0);
  size_t leading = to.size() - from.size();
  for (size_t dim = 0; dim < from.size(); ++dim)
    if (from[dim] != 1)
      strides[leading + dim] = fromStrides[dim];
  return strides;
}

int64_t reference::getProduct(ArrayRef<int64_t> dims) {
  std::optional<int64_t> product = getElementCount(dims);
  assert(product && "the evaluator bounds the dims of every tensor");
  return *product;
}

int64_t reference::getVerifiedAxis(int64_t axis, int64_t rank) {
  std::optional<int64_t> normalized = normalizeAxis(axis, rank);
  assert(normalized && "the verifier checks every axis");
  return *normalized;
}

FailureOr<SmallVector<int64_t>>
reference::readDataIndices(Operation *node, const HostTensor &indices,
                           ArrayRef<int64_t> shape,
                           llvm::function_ref<int64_t(int64_t)> dimOf) {
  SmallVector<int64_t> result;
  auto append = [&](auto values) -> LogicalResult {
    for (int64_t index : values) {
      int64_t dim = dimOf(result.size());
      std::optional<int64_t> normalized = normalizeAxis(index, shape[dim]);
      if (!normalized)
        return node->emitOpError("reads index ")
               << index << ", out of range for dimension " << dim << " of size "
               << shape[dim];
      result.push_back(*normalized);
    }
    return success();
  };
  if (failed(indices.holds<int32_t>() ? append(indices.getValues<int32_t>())
                                      : append(indices.getValues<int64_t>())))
    return failure();
  return result;
}

FailureOr<SmallVector<int64_t>>
reference::readIndexTuples(Operation *node, const HostTensor &indices,
                           ArrayRef<int64_t> shape, int64_t batch) {
  int64_t depth = indices.getShape().back();
  return readDataIndices(node, indices, shape, [&](int64_t position) {
    return batch + position % depth;
  });
}

int64_t reference::getOffset(ArrayRef<int64_t> index,
                             ArrayRef<int64_t> strides) {
  assert(index.size() == strides.size() && "index and strides differ in rank");
  int64_t offset = 0;
  for (auto [position, stride] : llvm::zip_equal(index, strides))
    offset += position * stride;
  return offset;
}

void reference::forEachIndex(ArrayRef<int64_t> shape,
                             llvm::function_ref<void(ArrayRef<int64_t>)> fn) {
  if (llvm::is_contained(shape, 0))
    return;
  SmallVector<int64_t> index(shape.size(), 0);
  while (true) {
    fn(index);
    // Advance like an odometer: the last dim fastest.
    int64_t dim = static_cast<int64_t>(shape.size()) - 1;
    for (; dim >= 0; --dim) {
      if (++index[dim] < shape[dim])
        break;
      index[dim] = 0;
    }
    if (dim < 0)
      return;
  }
}
