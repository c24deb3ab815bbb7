//===- OnnxReverseSequence.cpp - ONNX ReverseSequence as a gather
//----------===//
//
// ReverseSequence with constant sequence_lens: a gather_elements along the
// time axis whose indices, fixed when the model is compiled, reverse the
// first sequence_lens[b] steps of each batch entry b and keep the rest.
//
//===----------------------------------------------------------------------===//

#include "OnnxConverters.h"

using namespace mlir;
using namespace mlir::sic;

LogicalResult mlir::sic::convertReverseSequence(OnnxConversion &c,
                                                const onnx::NodeProto &node) {
  if (failed(expectInputs(c, node, 2, 2)))
    return failure();
  FailureOr<int64_t> batchAxis = c.getInt(node, "batch_axis", 1);
  FailureOr<int64_t> timeAxis = c.getInt(node, "time_axis", 0);
  FailureOr<Value> input = c.getInputValue(node, 0);
  if (failed(batchAxis) || failed(timeAxis) || failed(input))
    return failure();
  auto type = cast<RankedTensorType>(input->getType());
  if (type.getRank() < 2 || (*batchAxis != 0 && *batchAxis != 1) ||
      (*timeAxis != 0 && *timeAxis != 1) || *batchAxis == *timeAxis) {
    c.emitNodeError(node) << "batch_axis " << *batchAxis << " and time_axis "
                          << *timeAxis
                          << " must be 0 and 1, in either order, of an input "
                             "of rank 2 or more (got rank "
                          << type.getRank() << ")";
    return failure();
  }
  FailureOr<SmallVector<int64_t, 4>> lengths = c.getConstantIntTensor(node, 1);
  if (failed(lengths))
    return failure();
  int64_t batch = type.getDimSize(*batchAxis);
  int64_t steps = type.getDimSize(*timeAxis);
  if (int64_t(lengths->size()) != batch) {
    c.emitNodeError(node) << "sequence_lens has " << lengths->size()
                          << " values for a batch of " << batch;
    return failure();
  }
  for (int64_t length : *lengths)
    if (length < 0 || length > steps) {
      c.emitNodeError(node) << "sequence_lens holds " << length
                            << ", outside [0, " << steps << "]";
      return failure();
    }
  // The index of every element along the time axis; dimensions 0 and 1 are
  // the batch and time axes, the others are contiguous runs of `inner`.
  int64_t inner = type.getNumElements() / std::max<int64_t>(batch * steps, 1);
  std::vector<int64_t> indices(type.getNumElements());
  for (int64_t outer = 0; outer < type.getDimSize(0); ++outer)
    for (int64_t second = 0; second < type.getDimSize(1); ++second) {
      int64_t b = *batchAxis == 0 ? outer : second;
      int64_t t = *batchAxis == 0 ? second : outer;
      int64_t length = (*lengths)[b];
      int64_t source = t < length ? length - 1 - t : t;
      int64_t base = (outer * type.getDimSize(1) + second) * inner;
      std::fill_n(indices.begin() + base, inner, source);
    }
  auto indexType =
      RankedTensorType::get(type.getShape(), c.getBuilder().getI64Type());
  Value indexConstant = c.createConstant(
      c.getConstantName(node), indexType,
      ArrayRef<char>(reinterpret_cast<const char *>(indices.data()),
                     indices.size() * sizeof(int64_t)));
  return c.emit<GatherElementsOp>(node, ValueRange{*input, indexConstant},
                                  *timeAxis);
}
