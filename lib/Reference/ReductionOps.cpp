//===- ReductionOps.cpp - Evaluating the reduce_* and arg_* ops -----------===//

#include "Kernels.h"

#include "dialects/Sic/IR/SicOps.h"

#include "llvm/ADT/TypeSwitch.h"

#include <algorithm>
#include <numeric>

using namespace mlir;
using namespace mlir::sic;
using namespace mlir::sic::reference;

namespace {

/// Which dims a reduce node reduces: its axes, or every dim when it lists
/// none.
SmallVector<bool> getReducedDims(ArrayRef<int64_t> axes, int64_t rank) {
  SmallVector<bool> reduced(rank, axes.empty());
  for (int64_t axis : axes)
    reduced[getVerifiedAxis(axis, rank)] = true;
  return reduced;
}

/// Folds every input element into its output element's accumulator with
/// `combine(accumulator, element)`, starting from `init`. The output's
/// row-major order is the same with or without keepdims, so the input index
/// with its reduced dims zeroed locates the accumulator.
template <typename Acc, typename T, typename Fn>
std::vector<Acc> accumulate(const HostTensor &input, ArrayRef<bool> reduced,
                            int64_t outputSize, Acc init, Fn combine) {
  ArrayRef<int64_t> shape = input.getShape();
  SmallVector<int64_t> keptShape(shape);
  for (auto [dim, isReduced] : llvm::enumerate(reduced))
    if (isReduced)
      keptShape[dim] = 1;
  SmallVector<int64_t> strides = getRowMajorStrides(keptShape);
  for (auto [dim, isReduced] : llvm::enumerate(reduced))
    if (isReduced)
      strides[dim] = 0;

  std::vector<Acc> accumulators(outputSize, init);
  ArrayRef<T> values = input.getValues<T>();
  int64_t position = 0;
  forEachIndex(shape, [&](ArrayRef<int64_t> index) {
    Acc &accumulator = accumulators[getOffset(index, strides)];
    accumulator = combine(accumulator, values[position++]);
  });
  return accumulators;
}

template <typename Op>
HostTensor evaluateReduce(Op op, const HostTensor &input) {
  RankedTensorType type = getOutputType(op);
  SmallVector<bool> reduced =
      getReducedDims(op.getAxes(), input.getShape().size());
  int64_t outputSize = type.getNumElements();
  return visitNumericType(input.getElementType(), [&](auto zero) {
    using T = decltype(zero);
    if constexpr (std::is_same_v<Op, ReduceMaxOp>) {
      std::vector<T> maxima = accumulate<T, T>(
          input, reduced, outputSize, lowest<T>(),
          [](T accumulator, T value) { return maximum(accumulator, value); });
      return HostTensor(type, std::move(maxima));
    } else if constexpr (std::is_same_v<Op, ReduceProdOp>) {
      // In the element type, as the compiled code multiplies: integers
      // wrap, floats round at each step.
      std::vector<T> products = accumulate<T, T>(
          input, reduced, outputSize, T(1), [](T product, T value) {
            if constexpr (std::is_floating_point_v<T>)
              return product * value;
            else
              return wrappingMul(product, value);
          });
      return HostTensor(type, std::move(products));
    } else if constexpr (std::is_floating_point_v<T>) {
      std::vector<double> sums = accumulate<double, T>(
          input, reduced, outputSize, 0.0,
          [](double sum, T value) { return sum + value; });
      double divisor = 1;
      if constexpr (std::is_same_v<Op, ReduceMeanOp>)
        for (auto [size, isReduced] :
             llvm::zip_equal(input.getShape(), reduced))
          if (isReduced)
            divisor *= static_cast<double>(size);
      std::vector<T> results;
      for (double sum : sums)
        results.push_back(static_cast<T>(sum / divisor));
      return HostTensor(type, std::move(results));
    } else {
      // Integer sums wrap; reduce_mean takes only f32.
      std::vector<T> sums = accumulate<T, T>(
          input, reduced, outputSize, T(0),
          [](T sum, T value) { return wrappingAdd(sum, value); });
      return HostTensor(type, std::move(sums));
    }
  });
}

/// arg_max and arg_min: for each position outside the axis, the index
/// along it of the first (or last) largest (smallest) element; NaN is
/// passed over.
template <typename Op>
HostTensor evaluateArgReduce(Op op, const HostTensor &input) {
  constexpr bool max = std::is_same_v<Op, ArgMaxOp>;
  ArrayRef<int64_t> shape = input.getShape();
  int64_t rank = shape.size();
  int64_t axis = getVerifiedAxis(op.getAxis(), rank);
  int64_t outer = 1, inner = 1;
  for (int64_t dim = 0; dim < axis; ++dim)
    outer *= shape[dim];
  for (int64_t dim = axis + 1; dim < rank; ++dim)
    inner *= shape[dim];
  int64_t size = shape[axis];
  bool last = op.getSelectLastIndex();
  return visitNumericType(input.getElementType(), [&](auto zero) {
    using T = decltype(zero);
    ArrayRef<T> values = input.getValues<T>();
    std::vector<int64_t> indices;
    for (int64_t o = 0; o < outer; ++o)
      for (int64_t i = 0; i < inner; ++i) {
        int64_t chosen = 0;
        T best = max ? lowest<T>() : highest<T>();
        for (int64_t k = 0; k < size; ++k) {
          T value = values[(o * size + k) * inner + i];
          bool replaces = max ? (last ? value >= best : value > best)
                              : (last ? value <= best : value < best);
          if (replaces) {
            best = value;
            chosen = k;
          }
        }
        indices.push_back(chosen);
      }
    return HostTensor(getOutputType(op), std::move(indices));
  });
}

/// top_k: for each position outside the axis, the indices along it of the
/// k largest (smallest) elements in that order, equal ones by index, NaN
/// after every number.
HostTensor evaluateTopK(TopKOp op, const HostTensor &input) {
  ArrayRef<int64_t> shape = input.getShape();
  int64_t rank = shape.size();
  int64_t axis = getVerifiedAxis(op.getAxis(), rank);
  int64_t outer = getProduct(shape.take_front(axis));
  int64_t inner = getProduct(shape.drop_front(axis + 1));
  int64_t size = shape[axis], k = op.getK();
  bool largest = op.getLargest();
  return visitNumericType(input.getElementType(), [&](auto zero) {
    using T = decltype(zero);
    ArrayRef<T> values = input.getValues<T>();
    std::vector<int64_t> result(outer * k * inner);
    SmallVector<int64_t> order(size);
    for (int64_t o = 0; o < outer; ++o)
      for (int64_t i = 0; i < inner; ++i) {
        auto at = [&](int64_t index) {
          return values[(o * size + index) * inner + i];
        };
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
          T x = at(a), y = at(b);
          if constexpr (std::is_floating_point_v<T>) {
            if (std::isnan(x) || std::isnan(y))
              return !std::isnan(x);
          }
          return largest ? x > y : x < y;
        });
        for (int64_t rankIndex = 0; rankIndex < k; ++rankIndex)
          result[(o * k + rankIndex) * inner + i] = order[rankIndex];
      }
    return HostTensor(getOutputType(op), std::move(result));
  });
}

} // namespace

std::optional<HostTensor> reference::evaluateReductionNode(Operation *node,
                                                           NodeInputs inputs) {
  return llvm::TypeSwitch<Operation *, std::optional<HostTensor>>(node)
      .Case<ReduceMeanOp, ReduceSumOp, ReduceMaxOp, ReduceProdOp>(
          [&](auto op) { return evaluateReduce(op, *inputs[0]); })
      .Case<ArgMaxOp, ArgMinOp>(
          [&](auto op) { return evaluateArgReduce(op, *inputs[0]); })
      .Case([&](TopKOp op) { return evaluateTopK(op, *inputs[0]); })
      .Default([](Operation *) { return std::nullopt; });
}
