//===- PoolingOps.cpp - Evaluating pooling nodes --------------------------===//

#include "Kernels.h"

#include "dialects/Sic/IR/SicOps.h"

#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::sic;
using namespace mlir::sic::reference;

namespace {

/// One window of a 2-D pool: the input values it covers, and how many of its
/// positions lie inside the padded input (padding included).
struct Window {
  SmallVector<float> values;
  int64_t paddedSize = 0;
};

/// Evaluates a 2-D pool over an NCHW input: `reduce` turns each window into
/// its output element. With ceil_mode, the last window may reach past the
/// end padding; those positions count nowhere.
template <typename Op, typename Fn>
HostTensor pool2D(Op op, const HostTensor &input, Fn reduce) {
  RankedTensorType type = getOutputType(op);
  ArrayRef<int64_t> shape = input.getShape();
  ArrayRef<int64_t> kernel = op.getKernelShape(), strides = op.getStrides(),
                    pads = op.getPads(), dilations = op.getDilations();
  ArrayRef<float> values = input.getValues<float>();
  SmallVector<int64_t> inputStrides = getRowMajorStrides(shape);
  HostTensor result(type);
  MutableArrayRef<float> output = result.getValues<float>();
  int64_t position = 0;
  Window window;
  forEachIndex(type.getShape(), [&](ArrayRef<int64_t> index) {
    window.values.clear();
    window.paddedSize = 0;
    for (int64_t kh = 0; kh < kernel[0]; ++kh) {
      int64_t ih = index[2] * strides[0] - pads[0] + kh * dilations[0];
      if (ih >= shape[2] + pads[2])
        continue;
      for (int64_t kw = 0; kw < kernel[1]; ++kw) {
        int64_t iw = index[3] * strides[1] - pads[1] + kw * dilations[1];
        if (iw >= shape[3] + pads[3])
          continue;
        ++window.paddedSize;
        if (ih >= 0 && ih < shape[2] && iw >= 0 && iw < shape[3])
          window.values.push_back(
              values[getOffset({index[0], index[1], ih, iw}, inputStrides)]);
      }
    }
    output[position++] = reduce(window);
  });
  return result;
}

/// The verifier's window rules leave every window at least one input value.
float maxOfWindow(const Window &window) {
  float result = lowest<float>();
  for (float value : window.values)
    result = maximum(result, value);
  return result;
}

double sumOf(ArrayRef<float> values) {
  double sum = 0;
  for (float value : values)
    sum += value;
  return sum;
}

HostTensor evaluateGlobalAvgPool(GlobalAvgPoolOp op, const HostTensor &input) {
  // [N, C, spatial...]: one mean per (n, c) over a contiguous run.
  int64_t planes = input.getShape()[0] * input.getShape()[1];
  int64_t size = planes == 0 ? 0 : input.getNumElements() / planes;
  ArrayRef<float> values = input.getValues<float>();
  HostTensor result(getOutputType(op));
  MutableArrayRef<float> output = result.getValues<float>();
  for (int64_t plane = 0; plane < planes; ++plane)
    output[plane] = static_cast<float>(sumOf(values.slice(plane * size, size)) /
                                       static_cast<double>(size));
  return result;
}

} // namespace

std::optional<HostTensor> reference::evaluatePoolingNode(Operation *node,
                                                         NodeInputs inputs) {
  return llvm::TypeSwitch<Operation *, std::optional<HostTensor>>(node)
      .Case([&](MaxPool2DOp op) { return pool2D(op, *inputs[0], maxOfWindow); })
      .Case([&](AvgPool2DOp op) {
        bool countIncludePad = op.getCountIncludePad();
        return pool2D(op, *inputs[0], [&](const Window &window) {
          int64_t divisor =
              countIncludePad ? window.paddedSize : window.values.size();
          return static_cast<float>(sumOf(window.values) /
                                    static_cast<double>(divisor));
        });
      })
      .Case([&](GlobalAvgPoolOp op) {
        return evaluateGlobalAvgPool(op, *inputs[0]);
      })
      .Default([](Operation *) { return std::nullopt; });
}
