//===- OnnxReductionOps.cpp - ONNX reductions -----------------------------===//
//
// The converters of the Reduce* operators, ArgMax/ArgMin and TopK. ReduceMean,
// ReduceSum, ReduceMax and ReduceProd are sic ops; the others are built from
// them and elementwise sic ops: ReduceMin is -max(-x) (floats only),
// ReduceSumSquare sum(x * x), ReduceL1 sum(|x|), ReduceL2 sqrt(sum(x * x)),
// ReduceLogSum log(sum(x)) and ReduceLogSumExp m + log(sum(exp(x - m))) with m
// the maximum.
//
//===----------------------------------------------------------------------===//

#include "OnnxConverters.h"

using namespace mlir;
using namespace mlir::sic;

namespace {

/// The ONNX opset from which each reduction reads its axes from an input.
int64_t getAxesInputSince(ReduceKind kind) {
  return kind == ReduceKind::Sum ? 13 : 18;
}

} // namespace

Value mlir::sic::buildReduceMin(NodeBuilder &b, Value x, ArrayRef<int64_t> axes,
                                bool keepdims) {
  return b.create<NegOp>(ValueRange{b.create<ReduceMaxOp>(
      ValueRange{b.create<NegOp>(ValueRange{x})}, axes, keepdims)});
}

LogicalResult mlir::sic::convertReduce(OnnxConversion &c,
                                       const onnx::NodeProto &node,
                                       ReduceKind kind) {
  int64_t axesInputSince = getAxesInputSince(kind);
  if (failed(expectInputs(c, node, 1, c.getOpset() < axesInputSince ? 1 : 2)))
    return failure();
  FailureOr<int64_t> keepdims = c.getInt(node, "keepdims", 1);
  FailureOr<int64_t> noop = c.getInt(node, "noop_with_empty_axes", 0);
  FailureOr<Value> input = c.getInputValue(node, 0);
  if (failed(keepdims) || failed(noop) || failed(input))
    return failure();
  FailureOr<SmallVector<int64_t, 4>> axes = SmallVector<int64_t, 4>();
  if (c.getOpset() < axesInputSince)
    axes = c.getInts(node, "axes", SmallVector<int64_t, 4>());
  else if (!c.getInput(node, 1).empty())
    axes = c.getConstantInts(node, 1);
  if (failed(axes))
    return failure();
  bool isFloat =
      isa<FloatType>(cast<RankedTensorType>(input->getType()).getElementType());
  if (kind == ReduceKind::Min && !isFloat) {
    c.emitNodeError(node) << "ReduceMin is supported on f32 and f64 only";
    return failure();
  }
  // No axes with noop_with_empty_axes reduces nothing: the elementwise
  // parts apply alone.
  bool reduces = !axes->empty() || !*noop;
  NodeBuilder b(c, node);
  auto reduce = [&](auto opTag, Value value, bool keep) -> Value {
    using OpT = decltype(opTag);
    return reduces ? b.create<OpT>(ValueRange{value}, *axes, keep) : value;
  };
  Value x = *input;
  Value result;
  switch (kind) {
  case ReduceKind::Mean:
    result = reduce(ReduceMeanOp(), x, *keepdims);
    break;
  case ReduceKind::Sum:
    result = reduce(ReduceSumOp(), x, *keepdims);
    break;
  case ReduceKind::Max:
    result = reduce(ReduceMaxOp(), x, *keepdims);
    break;
  case ReduceKind::Prod:
    result = reduce(ReduceProdOp(), x, *keepdims);
    break;
  case ReduceKind::Min:
    result = reduces ? buildReduceMin(b, x, *axes, *keepdims) : x;
    break;
  case ReduceKind::SumSquare:
  case ReduceKind::L2:
    result =
        reduce(ReduceSumOp(), b.create<MulOp>(ValueRange{x, x}), *keepdims);
    if (kind == ReduceKind::L2)
      result = b.create<SqrtOp>(ValueRange{result});
    break;
  case ReduceKind::L1:
    result = reduce(ReduceSumOp(), b.create<AbsOp>(ValueRange{x}), *keepdims);
    break;
  case ReduceKind::LogSum:
    result = b.create<LogOp>(ValueRange{reduce(ReduceSumOp(), x, *keepdims)});
    break;
  case ReduceKind::LogSumExp: {
    // Shifted by the maximum so that exp cannot overflow.
    Value shift = reduce(ReduceMaxOp(), x, true);
    Value sum = reduce(
        ReduceSumOp(),
        b.create<ExpOp>(ValueRange{b.create<SubOp>(ValueRange{x, shift})}),
        *keepdims);
    Value kept = *keepdims ? shift : reduce(ReduceMaxOp(), x, false);
    result =
        b.create<AddOp>(ValueRange{b.create<LogOp>(ValueRange{sum}), kept});
    break;
  }
  }
  return b.bind(result);
}

LogicalResult mlir::sic::convertTopK(OnnxConversion &c,
                                     const onnx::NodeProto &node) {
  // K is an attribute before opset 10, an input from it; largest and
  // sorted exist from opset 11 (unsorted output may come in any order, so
  // SIC's sorted one serves both).
  bool kInput = c.getOpset() >= 10;
  if (failed(expectInputs(c, node, kInput ? 2 : 1, kInput ? 2 : 1)))
    return failure();
  FailureOr<int64_t> axis = c.getInt(node, "axis", -1);
  FailureOr<int64_t> largest =
      c.getOpset() >= 11 ? c.getInt(node, "largest", 1) : FailureOr<int64_t>(1);
  if (c.getOpset() >= 11)
    c.ignoreAttribute("sorted");
  FailureOr<SmallVector<int64_t, 4>> k = failure();
  if (kInput)
    k = c.getConstantInts(node, 1);
  else if (FailureOr<int64_t> attribute = c.getInt(node, "k");
           succeeded(attribute))
    k = SmallVector<int64_t, 4>{*attribute};
  FailureOr<Value> input = c.getInputValue(node, 0);
  if (failed(axis) || failed(largest) || failed(k) || failed(input))
    return failure();
  if (k->size() != 1) {
    c.emitNodeError(node) << "expects K to hold one value, got " << k->size();
    return failure();
  }
  NodeBuilder b(c, node);
  Value indices =
      b.create<TopKOp>(ValueRange{*input}, k->front(), *axis, *largest != 0);
  Value values = b.create<GatherElementsOp>(ValueRange{*input, indices}, *axis);
  return b.bind(ValueRange{values, indices});
}

LogicalResult mlir::sic::convertGlobalMaxPool(OnnxConversion &c,
                                              const onnx::NodeProto &node) {
  FailureOr<Value> input = getOnlyInput(c, node);
  if (failed(input))
    return failure();
  int64_t rank = cast<RankedTensorType>(input->getType()).getRank();
  if (rank < 3) {
    c.emitNodeError(node) << "expects an input of rank >= 3 (N, C and "
                             "spatial axes), got rank "
                          << rank;
    return failure();
  }
  SmallVector<int64_t, 4> axes;
  for (int64_t dim = 2; dim < rank; ++dim)
    axes.push_back(dim);
  return c.emit<ReduceMaxOp>(node, *input, axes, true);
}

template <typename OpT>
LogicalResult mlir::sic::convertArgReduce(OnnxConversion &c,
                                          const onnx::NodeProto &node) {
  if (failed(expectInputs(c, node, 1, 1)))
    return failure();
  FailureOr<int64_t> axis = c.getInt(node, "axis", 0);
  FailureOr<int64_t> keepdims = c.getInt(node, "keepdims", 1);
  // select_last_index exists from opset 12.
  FailureOr<int64_t> last = c.getOpset() >= 12
                                ? c.getInt(node, "select_last_index", 0)
                                : FailureOr<int64_t>(0);
  FailureOr<Value> input = c.getInputValue(node, 0);
  if (failed(axis) || failed(keepdims) || failed(last) || failed(input))
    return failure();
  return c.emit<OpT>(node, *input, *axis, *keepdims != 0, *last != 0);
}

template LogicalResult
mlir::sic::convertArgReduce<ArgMaxOp>(OnnxConversion &,
                                      const onnx::NodeProto &);
template LogicalResult
mlir::sic::convertArgReduce<ArgMinOp>(OnnxConversion &,
                                      const onnx::NodeProto &);
