//===- OnnxWindowOps.cpp - ONNX Conv, MaxPool and AveragePool -------------===//
//
// The sliding-window operators as sic nodes: their 2-D window attributes,
// with ONNX's auto_pad resolved into explicit pads. A 1-D window (a rank-3
// NCL input: audio front ends, an STFT written as Conv1d) is the 2-D window
// of height 1 over the input reshaped to NC1L, which is exact.
//
//===----------------------------------------------------------------------===//

#include "OnnxConverters.h"

#include "llvm/Support/CheckedArithmetic.h"

using namespace mlir;
using namespace mlir::sic;

namespace {

/// Resolves ONNX auto_pad for a 2-D window into explicit
/// [top, left, bottom, right] pads; a `lifted` 1-D window's [begin, end]
/// pads become [0, begin, 0, end].
FailureOr<SmallVector<int64_t, 4>>
resolvePads(OnnxConversion &c, const onnx::NodeProto &node,
            ArrayRef<int64_t> input, ArrayRef<int64_t> kernel,
            ArrayRef<int64_t> strides, ArrayRef<int64_t> dilations,
            bool lifted) {
  FailureOr<std::string> autoPad = c.getString(node, "auto_pad", "NOTSET");
  if (failed(autoPad))
    return failure();
  if (*autoPad == "NOTSET" && lifted) {
    FailureOr<SmallVector<int64_t, 4>> pads =
        c.getInts(node, "pads", SmallVector<int64_t, 4>{0, 0});
    if (failed(pads))
      return failure();
    if (pads->size() != 2) {
      c.emitNodeError(node)
          << "expects 2 pads for a 1-D window, got " << pads->size();
      return failure();
    }
    return SmallVector<int64_t, 4>{0, (*pads)[0], 0, (*pads)[1]};
  }
  if (*autoPad == "NOTSET")
    return c.getInts(node, "pads", SmallVector<int64_t, 4>{0, 0, 0, 0});
  if (*autoPad == "VALID")
    return SmallVector<int64_t, 4>{0, 0, 0, 0};
  if (*autoPad != "SAME_UPPER" && *autoPad != "SAME_LOWER") {
    c.emitNodeError(node) << "unknown auto_pad '" << *autoPad << "'";
    return failure();
  }
  SmallVector<int64_t, 4> pads(4, 0);
  for (int i = 0; i < 2; ++i) {
    // total = max(0, (ceil(input / stride) - 1) * stride + span - input),
    // span = dilation * (kernel - 1) + 1, all overflow-checked.
    std::optional<int64_t> span, reach;
    if (strides[i] >= 1 && dilations[i] >= 1 && kernel[i] >= 1 &&
        input[2 + i] >= 0) {
      int64_t output =
          input[2 + i] / strides[i] + (input[2 + i] % strides[i] != 0 ? 1 : 0);
      span = llvm::checkedMul(dilations[i], kernel[i] - 1);
      reach = llvm::checkedMul(std::max<int64_t>(output - 1, 0), strides[i]);
      if (span)
        span = llvm::checkedAdd(*span, int64_t(1));
      if (span && reach)
        reach = llvm::checkedAdd(*reach, *span);
    }
    if (!span || !reach) {
      c.emitNodeError(node) << "has a window that auto_pad cannot resolve";
      return failure();
    }
    int64_t total = std::max<int64_t>(0, *reach - input[2 + i]);
    int64_t small = total / 2, large = total - small;
    pads[i] = *autoPad == "SAME_UPPER" ? small : large;
    pads[2 + i] = *autoPad == "SAME_UPPER" ? large : small;
  }
  return pads;
}

/// The window of `node`, whose spatial kernel is `kernel` when the node
/// does not say (Conv: its filter's).
FailureOr<SlidingWindow>
readWindow(OnnxConversion &c, const onnx::NodeProto &node,
           std::optional<SmallVector<int64_t, 4>> kernel) {
  FailureOr<ArrayRef<int64_t>> input = c.getInputShape(node, 0);
  if (failed(input) || failed(checkWindowRank(c, node, input->size())))
    return failure();
  size_t spatial = input->size() - 2;
  SmallVector<int64_t, 4> ones(spatial, 1);
  FailureOr<SmallVector<int64_t, 4>> kernelShape =
      c.getInts(node, "kernel_shape", kernel);
  FailureOr<SmallVector<int64_t, 4>> strides = c.getInts(node, "strides", ones);
  FailureOr<SmallVector<int64_t, 4>> dilations =
      c.getInts(node, "dilations", ones);
  if (failed(kernelShape) || failed(strides) || failed(dilations))
    return failure();
  if (kernelShape->size() != spatial || strides->size() != spatial ||
      dilations->size() != spatial) {
    c.emitNodeError(node) << "expects " << spatial
                          << "-D kernel_shape, strides and dilations";
    return failure();
  }
  SlidingWindow window{*kernelShape, *strides, {}, *dilations, spatial == 1};
  SmallVector<int64_t, 4> shape(*input);
  if (window.lifted) {
    shape.insert(shape.begin() + 2, 1);
    for (SmallVector<int64_t, 4> *list :
         {&window.kernel, &window.strides, &window.dilations})
      list->insert(list->begin(), 1);
  }
  FailureOr<SmallVector<int64_t, 4>> pads =
      resolvePads(c, node, shape, window.kernel, window.strides,
                  window.dilations, window.lifted);
  if (failed(pads))
    return failure();
  window.pads = *pads;
  return window;
}

} // namespace

LogicalResult mlir::sic::checkWindowRank(OnnxConversion &c,
                                         const onnx::NodeProto &node,
                                         size_t rank) {
  if (rank == 3 || rank == 4)
    return success();
  c.emitNodeError(node) << "SIC supports 1-D and 2-D windows (rank-3 NCL "
                           "or rank-4 NCHW input), got rank "
                        << rank;
  return failure();
}

Value mlir::sic::liftWindowInput(NodeBuilder &b, Value value) {
  if (!value)
    return value;
  SmallVector<int64_t, 4> shape(
      cast<RankedTensorType>(value.getType()).getShape());
  shape.insert(shape.begin() + 2, 1);
  return b.create<ReshapeOp>(ValueRange{value}, shape);
}

Value mlir::sic::lowerWindowOutput(NodeBuilder &b, Value value) {
  if (!value)
    return value;
  SmallVector<int64_t, 4> shape(
      cast<RankedTensorType>(value.getType()).getShape());
  shape.erase(shape.begin() + 2);
  return b.create<ReshapeOp>(ValueRange{value}, shape);
}

LogicalResult mlir::sic::convertConv(OnnxConversion &c,
                                     const onnx::NodeProto &node) {
  if (failed(expectInputs(c, node, 2, 3)))
    return failure();
  std::optional<SmallVector<int64_t, 4>> kernel;
  if (std::optional<ArrayRef<int64_t>> filter = c.getShape(c.getInput(node, 1));
      filter && filter->size() >= 3)
    kernel = SmallVector<int64_t, 4>(filter->drop_front(2));
  FailureOr<SlidingWindow> window = readWindow(c, node, kernel);
  FailureOr<int64_t> group = c.getInt(node, "group", 1);
  FailureOr<SmallVector<Value>> inputs = c.getPresentInputValues(node, 3);
  if (failed(window) || failed(group) || failed(inputs))
    return failure();
  if (!window->lifted)
    return c.emit<Conv2DOp>(node, *inputs, window->strides, window->pads,
                            window->dilations, *group);
  // The input and the filter get the unit height; the bias stays.
  NodeBuilder b(c, node);
  SmallVector<Value> lifted(*inputs);
  auto filterType = cast<RankedTensorType>(lifted[1].getType());
  if (filterType.getRank() != 3) {
    c.emitNodeError(node) << "expects a rank-3 filter for a 1-D window, got "
                          << filterType;
    return failure();
  }
  for (int i = 0; i < 2; ++i)
    lifted[i] = liftWindowInput(b, lifted[i]);
  return b.bind(lowerWindowOutput(
      b, b.create<Conv2DOp>(ValueRange(lifted), window->strides, window->pads,
                            window->dilations, *group)));
}

LogicalResult mlir::sic::convertPool(OnnxConversion &c,
                                     const onnx::NodeProto &node,
                                     bool average) {
  if (failed(expectInputs(c, node, 1, 1)))
    return failure();
  FailureOr<SlidingWindow> window = readWindow(c, node, std::nullopt);
  FailureOr<int64_t> ceilMode = c.getInt(node, "ceil_mode", 0);
  FailureOr<int64_t> storageOrder =
      average ? FailureOr<int64_t>(0) : c.getInt(node, "storage_order", 0);
  FailureOr<Value> input = c.getInputValue(node, 0);
  FailureOr<int64_t> countPad =
      average ? c.getInt(node, "count_include_pad", 0) : FailureOr<int64_t>(0);
  if (failed(window) || failed(ceilMode) || failed(storageOrder) ||
      failed(input) || failed(countPad))
    return failure();
  bool withIndices = node.output_size() > 1 && !node.output(1).empty();
  if (withIndices &&
      !cast<RankedTensorType>(input->getType()).getElementType().isF32()) {
    c.emitNodeError(node) << "computes its Indices output for f32 inputs only";
    return failure();
  }
  NodeBuilder b(c, node);
  Value x = window->lifted ? liftWindowInput(b, *input) : *input;
  // A max pool of the 8- and 16-bit integers (computed in i32) runs in f32,
  // which holds each of them exactly.
  Type element = cast<RankedTensorType>(x.getType()).getElementType();
  bool viaFloat = !average && !withIndices && element.isInteger(32) &&
                  c.getStorageType(*input).getIntOrFloatBitWidth() <= 16;
  if (viaFloat)
    x = b.create<CastOp>(ValueRange{x},
                         TypeAttr::get(c.getBuilder().getF32Type()));
  Value pooled = average
                     ? b.create<AvgPool2DOp>(ValueRange{x}, window->kernel,
                                             window->strides, window->pads,
                                             window->dilations, *ceilMode != 0,
                                             *countPad != 0)
                     : b.create<MaxPool2DOp>(ValueRange{x}, window->kernel,
                                             window->strides, window->pads,
                                             window->dilations, *ceilMode != 0);
  if (viaFloat)
    pooled = b.create<CastOp>(ValueRange{pooled}, TypeAttr::get(element));
  if (!withIndices)
    return b.bind(window->lifted ? lowerWindowOutput(b, pooled) : pooled);
  Value indices = buildMaxPoolIndices(b, c, node, x, *window,
                                      cast<RankedTensorType>(pooled.getType()),
                                      /*columnMajor=*/*storageOrder == 1);
  if (window->lifted)
    return b.bind(
        {lowerWindowOutput(b, pooled), lowerWindowOutput(b, indices)});
  return b.bind({pooled, indices});
}
