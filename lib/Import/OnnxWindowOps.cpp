//===- OnnxWindowOps.cpp - ONNX Conv, MaxPool and AveragePool -------------===//
//
// The sliding-window operators as sic nodes: their 2-D window attributes,
// with ONNX's auto_pad resolved into explicit pads. A 1-D window (a rank-3
// NCL input: audio front ends, an STFT written as Conv1d) is the 2-D window
// of height 1 over the input reshaped to NC1L, which is exact. A 3-D window
// (NCDHW) pools as two 2-D pools (planes, then depth) and convolves as one
// 2-D convolution of the depth taps stacked as channels.
//
//===----------------------------------------------------------------------===//

#include "OnnxConverters.h"

#include "llvm/Support/CheckedArithmetic.h"

using namespace mlir;
using namespace mlir::sic;

namespace {

/// Resolves ONNX auto_pad for a window over `input` (its n spatial sizes)
/// into explicit pads: the n begins, then the n ends.
FailureOr<SmallVector<int64_t, 4>>
resolvePads(OnnxConversion &c, const onnx::NodeProto &node,
            ArrayRef<int64_t> input, ArrayRef<int64_t> kernel,
            ArrayRef<int64_t> strides, ArrayRef<int64_t> dilations) {
  size_t n = input.size();
  FailureOr<std::string> autoPad = c.getString(node, "auto_pad", "NOTSET");
  if (failed(autoPad))
    return failure();
  if (*autoPad == "NOTSET") {
    FailureOr<SmallVector<int64_t, 4>> pads =
        c.getInts(node, "pads", SmallVector<int64_t, 4>(2 * n, 0));
    if (succeeded(pads) && pads->size() != 2 * n) {
      c.emitNodeError(node) << "expects " << 2 * n << " pads for a " << n
                            << "-D window, got " << pads->size();
      return failure();
    }
    return pads;
  }
  if (*autoPad == "VALID")
    return SmallVector<int64_t, 4>(2 * n, 0);
  if (*autoPad != "SAME_UPPER" && *autoPad != "SAME_LOWER") {
    c.emitNodeError(node) << "unknown auto_pad '" << *autoPad << "'";
    return failure();
  }
  SmallVector<int64_t, 4> pads(2 * n, 0);
  for (size_t i = 0; i < n; ++i) {
    // total = max(0, (ceil(input / stride) - 1) * stride + span - input),
    // span = dilation * (kernel - 1) + 1, all overflow-checked.
    std::optional<int64_t> span, reach;
    if (strides[i] >= 1 && dilations[i] >= 1 && kernel[i] >= 1 &&
        input[i] >= 0) {
      int64_t output = input[i] / strides[i] + (input[i] % strides[i] != 0);
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
    int64_t total = std::max<int64_t>(0, *reach - input[i]);
    int64_t small = total / 2, large = total - small;
    pads[i] = *autoPad == "SAME_UPPER" ? small : large;
    pads[n + i] = *autoPad == "SAME_UPPER" ? large : small;
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
  FailureOr<SmallVector<int64_t, 4>> pads = resolvePads(
      c, node, input->drop_front(2), *kernelShape, *strides, *dilations);
  if (failed(pads))
    return failure();
  SlidingWindow window{*kernelShape, *strides, *pads, *dilations, spatial == 1};
  // A 1-D window is the 2-D window of height 1.
  if (window.lifted) {
    for (SmallVector<int64_t, 4> *list :
         {&window.kernel, &window.strides, &window.dilations})
      list->insert(list->begin(), 1);
    window.pads = {0, (*pads)[0], 0, (*pads)[1]};
  }
  return window;
}

/// The 2-D window of a 3-D one over its last two axes (`depth` false) or
/// its first (`depth`, as the height of a window of width 1).
SlidingWindow getPlaneWindow(const SlidingWindow &window, bool depth) {
  ArrayRef<int64_t> k = window.kernel, s = window.strides, d = window.dilations,
                    p = window.pads;
  if (depth)
    return {{k[0], 1}, {s[0], 1}, {p[0], 0, p[3], 0}, {d[0], 1}, false};
  return {{k[1], k[2]},
          {s[1], s[2]},
          {p[1], p[2], p[4], p[5]},
          {d[1], d[2]},
          false};
}

} // namespace

LogicalResult mlir::sic::checkWindowRank(OnnxConversion &c,
                                         const onnx::NodeProto &node,
                                         size_t rank) {
  if (rank >= 3 && rank <= 5)
    return success();
  c.emitNodeError(node) << "SIC supports 1-D, 2-D and 3-D windows (rank-3 "
                           "NCL, rank-4 NCHW or rank-5 NCDHW input), got rank "
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

/// A 3-D convolution as one 2-D convolution: the depth taps of each output
/// plane stacked as channels (channel c, tap k at c * Kd + k, the filter's
/// own order), the output planes as a batch. Exact: the same products,
/// summed by the 2-D kernel.
Value mlir::sic::buildConv3D(NodeBuilder &b, OnnxConversion &c,
                             const onnx::NodeProto &node,
                             const SlidingWindow &window, ValueRange inputs,
                             int64_t group) {
  auto xType = cast<RankedTensorType>(inputs[0].getType());
  auto wType = cast<RankedTensorType>(inputs[1].getType());
  if (wType.getRank() != 5) {
    c.emitNodeError(node) << "expects a rank-5 filter for a 3-D window, got "
                          << wType;
    return {};
  }
  ArrayRef<int64_t> x = xType.getShape(), w = wType.getShape();
  int64_t taps = window.kernel[0], stride = window.strides[0],
          dilation = window.dilations[0];
  int64_t padded = x[2] + window.pads[0] + window.pads[3];
  int64_t span = dilation * (taps - 1) + 1;
  if (taps < 1 || stride < 1 || dilation < 1 || padded < span) {
    c.emitNodeError(node) << "has a depth window of " << span
                          << " over a padded depth of " << padded;
    return {};
  }
  int64_t depth = (padded - span) / stride + 1;
  Value input = inputs[0];
  if (window.pads[0] || window.pads[3])
    input = b.create<PadOp>(ValueRange{input},
                            ArrayRef<int64_t>{0, 0, window.pads[0], 0, 0, 0, 0,
                                              window.pads[3], 0, 0},
                            PadMode::constant, APFloat(0.0f));
  SmallVector<Value> stacked;
  for (int64_t k = 0; k < taps; ++k) {
    Value slice = b.create<SliceOp>(
        ValueRange{input}, ArrayRef<int64_t>{k * dilation},
        ArrayRef<int64_t>{k * dilation + (depth - 1) * stride + 1},
        ArrayRef<int64_t>{2}, ArrayRef<int64_t>{stride});
    stacked.push_back(b.create<ReshapeOp>(
        ValueRange{slice},
        ArrayRef<int64_t>{x[0], x[1], 1, depth, x[3], x[4]}));
  }
  Value channels = taps == 1
                       ? stacked.front()
                       : b.create<ConcatOp>(ValueRange(stacked), int64_t(2));
  Value planes = b.create<ReshapeOp>(
      ValueRange{b.create<TransposeOp>(
          ValueRange{b.create<ReshapeOp>(
              ValueRange{channels},
              ArrayRef<int64_t>{x[0], x[1] * taps, depth, x[3], x[4]})},
          ArrayRef<int64_t>{0, 2, 1, 3, 4})},
      ArrayRef<int64_t>{x[0] * depth, x[1] * taps, x[3], x[4]});
  SmallVector<Value> convInputs = {
      planes,
      b.create<ReshapeOp>(ValueRange{inputs[1]},
                          ArrayRef<int64_t>{w[0], w[1] * w[2], w[3], w[4]})};
  if (inputs.size() > 2)
    convInputs.push_back(inputs[2]);
  SlidingWindow plane = getPlaneWindow(window, /*depth=*/false);
  Value output = b.create<Conv2DOp>(ValueRange(convInputs), plane.strides,
                                    plane.pads, plane.dilations, group);
  if (!output)
    return {};
  ArrayRef<int64_t> y = cast<RankedTensorType>(output.getType()).getShape();
  return b.create<TransposeOp>(
      ValueRange{b.create<ReshapeOp>(
          ValueRange{output},
          ArrayRef<int64_t>{x[0], depth, y[1], y[2], y[3]})},
      ArrayRef<int64_t>{0, 2, 1, 3, 4});
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
  if (window->kernel.size() == 3) {
    NodeBuilder b(c, node);
    Value y = buildConv3D(b, c, node, *window, *inputs, *group);
    return y ? b.bind(y) : failure();
  }
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
  auto pool = [&](Value input, const SlidingWindow &w) {
    return average
               ? b.create<AvgPool2DOp>(ValueRange{input}, w.kernel, w.strides,
                                       w.pads, w.dilations, *ceilMode != 0,
                                       *countPad != 0)
               : b.create<MaxPool2DOp>(ValueRange{input}, w.kernel, w.strides,
                                       w.pads, w.dilations, *ceilMode != 0);
  };
  Value pooled;
  if (window->kernel.size() == 3) {
    if (withIndices) {
      c.emitNodeError(node)
          << "computes its Indices output for 1-D and 2-D windows only";
      return failure();
    }
    // A 3-D window is separable: each depth plane pooled over its rows and
    // columns, then each column of planes over the depth (a maximum of
    // maxima; an average of averages, each over its valid elements, which
    // a box window counts as the product of its axes' counts).
    ArrayRef<int64_t> shape = cast<RankedTensorType>(x.getType()).getShape();
    Value planes =
        pool(b.create<ReshapeOp>(
                 ValueRange{x}, ArrayRef<int64_t>{shape[0], shape[1] * shape[2],
                                                  shape[3], shape[4]}),
             getPlaneWindow(*window, /*depth=*/false));
    if (!planes)
      return failure();
    ArrayRef<int64_t> planar =
        cast<RankedTensorType>(planes.getType()).getShape();
    Value depthwise =
        pool(b.create<ReshapeOp>(ValueRange{planes},
                                 ArrayRef<int64_t>{shape[0], shape[1], shape[2],
                                                   planar[2] * planar[3]}),
             getPlaneWindow(*window, /*depth=*/true));
    if (!depthwise)
      return failure();
    int64_t depth = cast<RankedTensorType>(depthwise.getType()).getDimSize(2);
    pooled = b.create<ReshapeOp>(
        ValueRange{depthwise},
        ArrayRef<int64_t>{shape[0], shape[1], depth, planar[2], planar[3]});
  } else {
    pooled = pool(x, *window);
  }
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
