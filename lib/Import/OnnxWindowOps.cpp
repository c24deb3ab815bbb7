//===- OnnxWindowOps.cpp - ONNX Conv, MaxPool and AveragePool -------------===//
//
// The sliding-window operators as sic nodes: their 2-D window attributes,
// with ONNX's auto_pad resolved into explicit pads.
//
//===----------------------------------------------------------------------===//

#include "OnnxConverters.h"

#include "llvm/Support/CheckedArithmetic.h"

using namespace mlir;
using namespace mlir::sic;

namespace {

/// Resolves ONNX auto_pad for a 2-D window into explicit
/// [top, left, bottom, right] pads.
FailureOr<SmallVector<int64_t, 4>>
resolvePads(OnnxConversion &c, const onnx::NodeProto &node,
            ArrayRef<int64_t> input, ArrayRef<int64_t> kernel,
            ArrayRef<int64_t> strides, ArrayRef<int64_t> dilations) {
  FailureOr<std::string> autoPad = c.getString(node, "auto_pad", "NOTSET");
  if (failed(autoPad))
    return failure();
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

/// The window attributes of Conv, MaxPool and AveragePool.
struct Window {
  SmallVector<int64_t, 4> kernel, strides, pads, dilations;
};

FailureOr<Window> readWindow(OnnxConversion &c, const onnx::NodeProto &node,
                             std::optional<SmallVector<int64_t, 4>> kernel) {
  FailureOr<ArrayRef<int64_t>> input = c.getInputShape(node, 0);
  if (failed(input))
    return failure();
  if (input->size() != 4) {
    c.emitNodeError(node) << "SIC supports 2-D windows (rank-4 NCHW input), "
                             "got rank "
                          << input->size();
    return failure();
  }
  Window window;
  FailureOr<SmallVector<int64_t, 4>> kernelShape =
      c.getInts(node, "kernel_shape", kernel);
  FailureOr<SmallVector<int64_t, 4>> strides =
      c.getInts(node, "strides", SmallVector<int64_t, 4>{1, 1});
  FailureOr<SmallVector<int64_t, 4>> dilations =
      c.getInts(node, "dilations", SmallVector<int64_t, 4>{1, 1});
  if (failed(kernelShape) || failed(strides) || failed(dilations))
    return failure();
  if (kernelShape->size() != 2 || strides->size() != 2 ||
      dilations->size() != 2) {
    c.emitNodeError(node) << "expects 2-D kernel_shape, strides and dilations";
    return failure();
  }
  FailureOr<SmallVector<int64_t, 4>> pads =
      resolvePads(c, node, *input, *kernelShape, *strides, *dilations);
  if (failed(pads))
    return failure();
  return Window{*kernelShape, *strides, *pads, *dilations};
}

} // namespace

LogicalResult mlir::sic::convertConv(OnnxConversion &c,
                                     const onnx::NodeProto &node) {
  if (failed(expectInputs(c, node, 2, 3)))
    return failure();
  std::optional<SmallVector<int64_t, 4>> kernel;
  if (std::optional<ArrayRef<int64_t>> filter = c.getShape(c.getInput(node, 1));
      filter && filter->size() == 4)
    kernel = SmallVector<int64_t, 4>(filter->drop_front(2));
  FailureOr<Window> window = readWindow(c, node, kernel);
  FailureOr<int64_t> group = c.getInt(node, "group", 1);
  FailureOr<SmallVector<Value>> inputs = c.getPresentInputValues(node, 3);
  if (failed(window) || failed(group) || failed(inputs))
    return failure();
  return c.emit<Conv2DOp>(node, *inputs, window->strides, window->pads,
                          window->dilations, *group);
}

LogicalResult mlir::sic::convertPool(OnnxConversion &c,
                                     const onnx::NodeProto &node,
                                     bool average) {
  if (failed(expectInputs(c, node, 1, 1)))
    return failure();
  FailureOr<Window> window = readWindow(c, node, std::nullopt);
  FailureOr<int64_t> ceilMode = c.getInt(node, "ceil_mode", 0);
  c.ignoreAttribute("storage_order"); // only lays out the unused Indices
  FailureOr<Value> input = c.getInputValue(node, 0);
  if (failed(window) || failed(ceilMode) || failed(input))
    return failure();
  if (!average)
    return c.emit<MaxPool2DOp>(node, *input, window->kernel, window->strides,
                               window->pads, window->dilations, *ceilMode != 0);
  FailureOr<int64_t> countPad = c.getInt(node, "count_include_pad", 0);
  if (failed(countPad))
    return failure();
  return c.emit<AvgPool2DOp>(node, *input, window->kernel, window->strides,
                             window->pads, window->dilations, *ceilMode != 0,
                             *countPad != 0);
}
