//===- ScatterOps.cpp - Evaluating scatter_elements and scatter_nd --------===//
//
// A copy of the data with each update, in row-major order of the updates,
// combined into the element it lands on. Indices read from data were
// checked by checkDataIndices before the node is evaluated.
//
//===----------------------------------------------------------------------===//

#include "Kernels.h"

#include "dialects/Sic/IR/SicOps.h"

#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::sic;
using namespace mlir::sic::reference;

namespace {

/// `update` combined by `reduction` with `current`, as the compiled code
/// does: integers wrap, max and min propagate NaN.
template <typename T>
T combine(ScatterReduction reduction, T current, T update) {
  if constexpr (std::is_same_v<T, bool>) {
    return update; // the verifier admits bool with no reduction only
  } else {
    switch (reduction) {
    case ScatterReduction::none:
      return update;
    case ScatterReduction::add:
      if constexpr (std::is_floating_point_v<T>)
        return current + update;
      else
        return wrappingAdd(current, update);
    case ScatterReduction::mul:
      if constexpr (std::is_floating_point_v<T>)
        return current * update;
      else
        return wrappingMul(current, update);
    case ScatterReduction::max:
      return maximum(current, update);
    case ScatterReduction::min:
      return minimum(current, update);
    }
    llvm_unreachable("unknown scatter reduction");
  }
}

/// A copy of `data` into which `scatter(apply)` applies every update:
/// `apply(offset in data, position in updates)`.
template <typename Scatter>
HostTensor scatterInto(const HostTensor &data, const HostTensor &updates,
                       ScatterReduction reduction, Scatter scatter) {
  return visitElementType(data.getElementType(), [&](auto zero) {
    using T = decltype(zero);
    HostTensor result = data;
    MutableArrayRef<T> output = result.getValues<T>();
    ArrayRef<T> values = updates.getValues<T>();
    scatter([&](int64_t offset, int64_t position) {
      output[offset] = combine(reduction, output[offset], values[position]);
    });
    return result;
  });
}

HostTensor evaluateScatterElements(ScatterElementsOp op, NodeInputs inputs) {
  const HostTensor &data = *inputs[0], &updates = *inputs[2];
  ArrayRef<int64_t> shape = data.getShape();
  int64_t axis = getVerifiedAxis(op.getAxis(), shape.size());
  FailureOr<SmallVector<int64_t>> indices =
      readDataIndices(op, *inputs[1], shape, [&](int64_t) { return axis; });
  assert(succeeded(indices) && "checkDataIndices has checked the indices");
  SmallVector<int64_t> strides = getRowMajorStrides(shape);
  return scatterInto(data, updates, op.getReduction(), [&](auto apply) {
    int64_t position = 0;
    forEachIndex(updates.getShape(), [&](ArrayRef<int64_t> index) {
      int64_t offset = 0;
      for (auto [dim, i] : llvm::enumerate(index))
        offset +=
            (int64_t(dim) == axis ? (*indices)[position] : i) * strides[dim];
      apply(offset, position++);
    });
  });
}

HostTensor evaluateScatterND(ScatterNDOp op, NodeInputs inputs) {
  const HostTensor &data = *inputs[0], &updates = *inputs[2];
  ArrayRef<int64_t> shape = data.getShape();
  int64_t depth = inputs[1]->getShape().back();
  FailureOr<SmallVector<int64_t>> indices =
      readIndexTuples(op, *inputs[1], shape, 0);
  assert(succeeded(indices) && "checkDataIndices has checked the indices");
  SmallVector<int64_t> strides = getRowMajorStrides(shape);
  int64_t sliceSize = getProduct(shape.drop_front(depth));
  int64_t tuples = getProduct(inputs[1]->getShape().drop_back());
  return scatterInto(data, updates, op.getReduction(), [&](auto apply) {
    for (int64_t tuple = 0; tuple < tuples; ++tuple) {
      int64_t start = 0;
      for (int64_t dim = 0; dim < depth; ++dim)
        start += (*indices)[tuple * depth + dim] * strides[dim];
      for (int64_t element = 0; element < sliceSize; ++element)
        apply(start + element, tuple * sliceSize + element);
    }
  });
}

} // namespace

std::optional<HostTensor> reference::evaluateScatterNode(Operation *node,
                                                         NodeInputs inputs) {
  return llvm::TypeSwitch<Operation *, std::optional<HostTensor>>(node)
      .Case([&](ScatterElementsOp op) {
        return evaluateScatterElements(op, inputs);
      })
      .Case([&](ScatterNDOp op) { return evaluateScatterND(op, inputs); })
      .Default([](Operation *) { return std::nullopt; });
}
