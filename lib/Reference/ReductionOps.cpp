//===- ReductionOps.cpp - Evaluating reduce_mean, reduce_sum, reduce_max --===//

#include "Kernels.h"

#include "dialects/Sic/IR/SicOps.h"

#include "llvm/ADT/TypeSwitch.h"

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
  return visitElementType(input.getElementType(), [&](auto zero) {
    using T = decltype(zero);
    if constexpr (std::is_same_v<Op, ReduceMaxOp>) {
      std::vector<T> maxima = accumulate<T, T>(
          input, reduced, outputSize, lowest<T>(),
          [](T accumulator, T value) { return maximum(accumulator, value); });
      return HostTensor(type, std::move(maxima));
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

} // namespace

std::optional<HostTensor> reference::evaluateReductionNode(Operation *node,
                                                           NodeInputs inputs) {
  return llvm::TypeSwitch<Operation *, std::optional<HostTensor>>(node)
      .Case<ReduceMeanOp, ReduceSumOp, ReduceMaxOp>(
          [&](auto op) { return evaluateReduce(op, *inputs[0]); })
      .Default([](Operation *) { return std::nullopt; });
}
