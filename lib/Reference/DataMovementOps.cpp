//===- DataMovementOps.cpp - Evaluating shape and layout nodes ------------===//
//
// reshape, transpose, concat, slice, flatten, squeeze, unsqueeze, pad, cast,
// gather, gather_elements, gather_nd.
//
//===----------------------------------------------------------------------===//

#include "Kernels.h"

#include "dialects/Sic/IR/SicOps.h"
#include "sic/Support/ShapeRules.h"

#include "llvm/ADT/TypeSwitch.h"

#include <algorithm>

using namespace mlir;
using namespace mlir::sic;
using namespace mlir::sic::reference;

namespace {

/// Converts one element as sic.cast does: float to integer rounds toward
/// zero, saturates and maps NaN to 0; integer to a narrower integer wraps
/// and to a wider one extends by the source's signedness; to a float rounds
/// to nearest even (f16 and bf16 once, from the exact double); to bool,
/// anything but 0 is true.
template <typename To, typename From> To convertElement(From value) {
  if constexpr (isHalfFloat<From>) {
    return convertElement<To>(toDouble(value));
  } else if constexpr (std::is_same_v<To, Float16>) {
    return toFloat16(static_cast<double>(value));
  } else if constexpr (std::is_same_v<To, BFloat16>) {
    return toBFloat16(static_cast<double>(value));
  } else if constexpr (std::is_same_v<To, bool>) {
    return value != 0;
  } else if constexpr (std::is_same_v<To, From> ||
                       std::is_floating_point_v<To> ||
                       !std::is_floating_point_v<From>) {
    // Integer to integer converts modulo 2^bits, as two's complement wraps.
    return static_cast<To>(value);
  } else {
    if (std::isnan(value))
      return 0;
    // 2^digits is exact in float, and every float in [-2^digits, 2^digits)
    // (in [0, 2^digits) for an unsigned type) truncates to a value in range.
    From limit = std::ldexp(From(1), std::numeric_limits<To>::digits);
    if (value >= limit)
      return std::numeric_limits<To>::max();
    if (value < (std::is_signed_v<To> ? -limit : From(0)))
      return std::numeric_limits<To>::min();
    return static_cast<To>(value);
  }
}

/// Where an output index reads the input: an offset, or nullopt for the fill.
using Locator = llvm::function_ref<std::optional<int64_t>(ArrayRef<int64_t>)>;

/// A tensor of `type` whose element at each index is the input element at
/// `locate(index)`, or `fill` (converted as cast converts) where that is
/// nullopt.
HostTensor gather(RankedTensorType type, const HostTensor &input,
                  Locator locate, float fill = 0) {
  return visitElementType(type.getElementType(), [&](auto zero) {
    using T = decltype(zero);
    T fillValue = convertElement<T>(fill);
    ArrayRef<T> values = input.getValues<T>();
    HostTensor result(type);
    MutableArrayRef<T> output = result.getValues<T>();
    int64_t position = 0;
    forEachIndex(type.getShape(), [&](ArrayRef<int64_t> index) {
      std::optional<int64_t> offset = locate(index);
      output[position++] = offset ? values[*offset] : fillValue;
    });
    return result;
  });
}

HostTensor evaluateTranspose(TransposeOp op, const HostTensor &input) {
  SmallVector<int64_t> inputStrides = getRowMajorStrides(input.getShape());
  // Output dim i walks input dim perm[i].
  SmallVector<int64_t> strides;
  for (int64_t dim : op.getPerm())
    strides.push_back(inputStrides[dim]);
  return gather(getOutputType(op), input, [&](ArrayRef<int64_t> index) {
    return std::optional<int64_t>(getOffset(index, strides));
  });
}

HostTensor evaluateSlice(SliceOp op, const HostTensor &input) {
  ArrayRef<int64_t> shape = input.getShape();
  SmallVector<int64_t> starts(shape.size(), 0), steps(shape.size(), 1);
  for (auto [i, axis] : llvm::enumerate(op.getAxes())) {
    int64_t dim = getVerifiedAxis(axis, shape.size());
    std::optional<SliceRange> range = getSliceRange(
        shape[dim], op.getStarts()[i], op.getEnds()[i], op.getSteps()[i]);
    assert(range && "the verifier checks the steps");
    starts[dim] = range->start;
    steps[dim] = range->step;
  }
  SmallVector<int64_t> inputStrides = getRowMajorStrides(shape);
  return gather(getOutputType(op), input, [&](ArrayRef<int64_t> index) {
    int64_t offset = 0;
    for (size_t dim = 0; dim < index.size(); ++dim)
      offset += (starts[dim] + index[dim] * steps[dim]) * inputStrides[dim];
    return std::optional<int64_t>(offset);
  });
}

/// Where output position `position` of one padded dim reads the input, or
/// nullopt for the constant. Negative pads first crop the dim; positive pads
/// then extend what is left (the verifier keeps reflections within it).
std::optional<int64_t> locatePadded(int64_t position, int64_t size,
                                    int64_t begin, int64_t end, PadMode mode) {
  int64_t croppedStart = std::max<int64_t>(-begin, 0);
  int64_t cropped = size - croppedStart - std::max<int64_t>(-end, 0);
  int64_t q = position - std::max<int64_t>(begin, 0);
  if (q < 0 || q >= cropped) {
    if (mode == PadMode::constant)
      return std::nullopt;
    if (mode == PadMode::edge)
      q = std::clamp<int64_t>(q, 0, cropped - 1);
    else
      q = q < 0 ? -q : 2 * (cropped - 1) - q;
  }
  assert(q >= 0 && q < cropped && "the verifier bounds the pads");
  return croppedStart + q;
}

HostTensor evaluatePad(PadOp op, const HostTensor &input) {
  ArrayRef<int64_t> shape = input.getShape(), pads = op.getPads();
  int64_t rank = shape.size();
  SmallVector<int64_t> inputStrides = getRowMajorStrides(shape);
  return gather(
      getOutputType(op), input,
      [&](ArrayRef<int64_t> index) -> std::optional<int64_t> {
        int64_t offset = 0;
        for (int64_t dim = 0; dim < rank; ++dim) {
          std::optional<int64_t> position =
              locatePadded(index[dim], shape[dim], pads[dim], pads[rank + dim],
                           op.getMode());
          if (!position)
            return std::nullopt;
          offset += *position * inputStrides[dim];
        }
        return offset;
      },
      op.getValue().convertToFloat());
}

HostTensor evaluateConcat(ConcatOp op, NodeInputs inputs) {
  RankedTensorType type = getOutputType(op);
  int64_t axis = getVerifiedAxis(op.getAxis(), type.getRank());
  int64_t outer = getProduct(type.getShape().take_front(axis));
  return visitElementType(type.getElementType(), [&](auto zero) {
    using T = decltype(zero);
    HostTensor result(type);
    T *output = result.getValues<T>().data();
    // Each input contributes one contiguous run per outer index.
    for (int64_t o = 0; o < outer; ++o) {
      for (const HostTensor *input : inputs) {
        int64_t run = getProduct(input->getShape().drop_front(axis));
        output = llvm::copy(input->getValues<T>().slice(o * run, run), output);
      }
    }
    return result;
  });
}

HostTensor evaluateCast(CastOp op, const HostTensor &input) {
  RankedTensorType type = getOutputType(op);
  return visitModelElementType(input.getElementType(), [&](auto fromZero) {
    return visitModelElementType(type.getElementType(), [&](auto toZero) {
      using From = decltype(fromZero);
      using To = decltype(toZero);
      HostTensor result(type);
      llvm::transform(input.getValues<From>(), result.getValues<To>().begin(),
                      [](From value) { return convertElement<To>(value); });
      return result;
    });
  });
}

std::optional<HostTensor> evaluateGather(GatherOp op, const HostTensor &data,
                                         const HostTensor &indexTensor) {
  RankedTensorType type = getOutputType(op);
  ArrayRef<int64_t> dataShape = data.getShape();
  int64_t axis = getVerifiedAxis(op.getAxis(), dataShape.size());
  ArrayRef<int64_t> indexShape = indexTensor.getShape();
  FailureOr<SmallVector<int64_t>> indices = readDataIndices(
      op, indexTensor, dataShape, [&](int64_t) { return axis; });
  if (failed(indices)) // checkDataIndices has refused them
    return std::nullopt;
  SmallVector<int64_t> strides = getRowMajorStrides(dataShape);
  SmallVector<int64_t> indexStrides = getRowMajorStrides(indexShape);
  int64_t depth = indexShape.size();
  return gather(type, data, [&](ArrayRef<int64_t> index) {
    int64_t offset = 0;
    for (int64_t dim = 0; dim < axis; ++dim)
      offset += index[dim] * strides[dim];
    offset += (*indices)[getOffset(index.slice(axis, depth), indexStrides)] *
              strides[axis];
    for (int64_t dim = axis + 1; dim < int64_t(dataShape.size()); ++dim)
      offset += index[dim + depth - 1] * strides[dim];
    return std::optional<int64_t>(offset);
  });
}

std::optional<HostTensor>
evaluateGatherElements(GatherElementsOp op, const HostTensor &data,
                       const HostTensor &indexTensor) {
  RankedTensorType type = getOutputType(op);
  int64_t axis = getVerifiedAxis(op.getAxis(), data.getShape().size());
  FailureOr<SmallVector<int64_t>> indices = readDataIndices(
      op, indexTensor, data.getShape(), [&](int64_t) { return axis; });
  if (failed(indices)) // checkDataIndices has refused them
    return std::nullopt;
  SmallVector<int64_t> strides = getRowMajorStrides(data.getShape());
  int64_t position = 0;
  return gather(type, data, [&](ArrayRef<int64_t> index) {
    int64_t offset = 0;
    for (auto [dim, i] : llvm::enumerate(index))
      offset +=
          (int64_t(dim) == axis ? (*indices)[position] : i) * strides[dim];
    ++position;
    return std::optional<int64_t>(offset);
  });
}

std::optional<HostTensor> evaluateGatherND(GatherNDOp op,
                                           const HostTensor &data,
                                           const HostTensor &indexTensor) {
  ArrayRef<int64_t> shape = data.getShape();
  int64_t batch = op.getBatchDims();
  FailureOr<SmallVector<int64_t>> indices =
      readIndexTuples(op, indexTensor, shape, batch);
  if (failed(indices)) // checkDataIndices has refused them
    return std::nullopt;
  ArrayRef<int64_t> tupleShape = indexTensor.getShape().drop_back();
  int64_t depth = indexTensor.getShape().back();
  SmallVector<int64_t> strides = getRowMajorStrides(shape);
  SmallVector<int64_t> tupleStrides = getRowMajorStrides(tupleShape);
  return gather(getOutputType(op), data, [&](ArrayRef<int64_t> index) {
    int64_t tuple =
        getOffset(index.take_front(tupleShape.size()), tupleStrides);
    int64_t offset = 0;
    for (int64_t dim = 0; dim < batch; ++dim)
      offset += index[dim] * strides[dim];
    for (int64_t component = 0; component < depth; ++component)
      offset +=
          (*indices)[tuple * depth + component] * strides[batch + component];
    for (auto [rest, i] : llvm::enumerate(index.drop_front(tupleShape.size())))
      offset += i * strides[batch + depth + rest];
    return std::optional<int64_t>(offset);
  });
}

} // namespace

std::optional<HostTensor>
reference::evaluateDataMovementNode(Operation *node, NodeInputs inputs) {
  const HostTensor &input = *inputs[0];
  return llvm::TypeSwitch<Operation *, std::optional<HostTensor>>(node)
      .Case<ReshapeOp, FlattenOp, SqueezeOp, UnsqueezeOp>(
          [&](Operation *op) { return input.reshape(getOutputType(op)); })
      .Case([&](TransposeOp op) { return evaluateTranspose(op, input); })
      .Case([&](SliceOp op) { return evaluateSlice(op, input); })
      .Case([&](PadOp op) { return evaluatePad(op, input); })
      .Case([&](ConcatOp op) { return evaluateConcat(op, inputs); })
      .Case([&](CastOp op) { return evaluateCast(op, input); })
      .Case([&](GatherOp op) { return evaluateGather(op, input, *inputs[1]); })
      .Case([&](GatherElementsOp op) {
        return evaluateGatherElements(op, input, *inputs[1]);
      })
      .Case([&](GatherNDOp op) {
        return evaluateGatherND(op, input, *inputs[1]);
      })
      .Default([](Operation *) { return std::nullopt; });
}

LogicalResult reference::checkDataIndices(Operation *node, NodeInputs inputs) {
  ArrayRef<int64_t> shape = inputs[0]->getShape();
  auto along = [&](int64_t axis) {
    int64_t dim = getVerifiedAxis(axis, shape.size());
    return LogicalResult(
        readDataIndices(node, *inputs[1], shape, [&](int64_t) { return dim; }));
  };
  return llvm::TypeSwitch<Operation *, LogicalResult>(node)
      .Case<GatherOp, GatherElementsOp, ScatterElementsOp>(
          [&](auto op) { return along(op.getAxis()); })
      .Case([&](ScatterNDOp) {
        return LogicalResult(readIndexTuples(node, *inputs[1], shape, 0));
      })
      .Case([&](GatherNDOp op) {
        return LogicalResult(
            readIndexTuples(node, *inputs[1], shape, op.getBatchDims()));
      })
      .Default([](Operation *) { return success(); });
}
