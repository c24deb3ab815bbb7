//===- NormalizationOps.cpp - Evaluating batch_norm, softmax, layer_norm --===//

#include "Kernels.h"

#include "dialects/Sic/IR/SicOps.h"

#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::sic;
using namespace mlir::sic::reference;

namespace {

HostTensor evaluateBatchNorm(BatchNormOp op, NodeInputs inputs) {
  const HostTensor &input = *inputs[0];
  ArrayRef<int64_t> shape = input.getShape();
  int64_t channels = shape[1], size = getProduct(shape.drop_front(2));
  double epsilon = op.getEpsilon().convertToFloat();
  ArrayRef<float> x = input.getValues<float>();
  ArrayRef<float> scale = inputs[1]->getValues<float>();
  ArrayRef<float> bias = inputs[2]->getValues<float>();
  ArrayRef<float> mean = inputs[3]->getValues<float>();
  ArrayRef<float> variance = inputs[4]->getValues<float>();
  HostTensor result(input.getType());
  MutableArrayRef<float> output = result.getValues<float>();
  for (int64_t i = 0, e = input.getNumElements(); i < e; ++i) {
    int64_t c = i / size % channels;
    double normalized = (static_cast<double>(x[i]) - mean[c]) /
                        std::sqrt(variance[c] + epsilon);
    output[i] = static_cast<float>(scale[c] * normalized + bias[c]);
  }
  return result;
}

HostTensor evaluateSoftmax(SoftmaxOp op, const HostTensor &input) {
  ArrayRef<int64_t> shape = input.getShape();
  int64_t axis = getVerifiedAxis(op.getAxis(), shape.size());
  int64_t outer = getProduct(shape.take_front(axis)), size = shape[axis];
  int64_t inner = getProduct(shape.drop_front(axis + 1));
  ArrayRef<float> x = input.getValues<float>();
  HostTensor result(input.getType());
  MutableArrayRef<float> output = result.getValues<float>();
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t i = 0; i < inner; ++i) {
      // The elements along the axis are `inner` apart.
      int64_t base = o * size * inner + i;
      float max = lowest<float>();
      for (int64_t a = 0; a < size; ++a)
        max = maximum(max, x[base + a * inner]);
      double sum = 0;
      for (int64_t a = 0; a < size; ++a)
        sum += std::exp(static_cast<double>(x[base + a * inner]) - max);
      double logSum = std::log(sum);
      for (int64_t a = 0; a < size; ++a) {
        double shifted = static_cast<double>(x[base + a * inner]) - max;
        output[base + a * inner] = static_cast<float>(
            op.getLog() ? shifted - logSum : std::exp(shifted) / sum);
      }
    }
  }
  return result;
}

HostTensor evaluateLayerNorm(LayerNormOp op, NodeInputs inputs) {
  const HostTensor &input = *inputs[0];
  ArrayRef<int64_t> shape = input.getShape();
  int64_t axis = getVerifiedAxis(op.getAxis(), shape.size());
  ArrayRef<int64_t> normalizedShape = shape.drop_front(axis);
  int64_t outer = getProduct(shape.take_front(axis));
  int64_t size = getProduct(normalizedShape);
  double epsilon = op.getEpsilon().convertToFloat();

  // Where scale and bias are read at each position of a normalized group.
  auto getOffsets = [&](const HostTensor &tensor) {
    SmallVector<int64_t> strides =
        getBroadcastStrides(tensor.getShape(), normalizedShape);
    SmallVector<int64_t> offsets;
    forEachIndex(normalizedShape, [&](ArrayRef<int64_t> index) {
      offsets.push_back(getOffset(index, strides));
    });
    return offsets;
  };
  ArrayRef<float> scale = inputs[1]->getValues<float>();
  SmallVector<int64_t> scaleOffsets = getOffsets(*inputs[1]);
  const HostTensor *bias = inputs.size() > 2 ? inputs[2] : nullptr;
  SmallVector<int64_t> biasOffsets;
  if (bias)
    biasOffsets = getOffsets(*bias);

  ArrayRef<float> x = input.getValues<float>();
  HostTensor result(input.getType());
  MutableArrayRef<float> output = result.getValues<float>();
  for (int64_t o = 0; o < outer; ++o) {
    ArrayRef<float> group = x.slice(o * size, size);
    double mean = 0;
    for (float value : group)
      mean += value;
    mean /= static_cast<double>(size);
    double variance = 0;
    for (float value : group)
      variance += (value - mean) * (value - mean);
    variance /= static_cast<double>(size);
    double deviation = std::sqrt(variance + epsilon);
    for (int64_t i = 0; i < size; ++i) {
      double value = (group[i] - mean) / deviation * scale[scaleOffsets[i]];
      if (bias)
        value += bias->getValues<float>()[biasOffsets[i]];
      output[o * size + i] = static_cast<float>(value);
    }
  }
  return result;
}

} // namespace

std::optional<HostTensor>
reference::evaluateNormalizationNode(Operation *node, NodeInputs inputs) {
  return llvm::TypeSwitch<Operation *, std::optional<HostTensor>>(node)
      .Case([&](BatchNormOp op) { return evaluateBatchNorm(op, inputs); })
      .Case([&](SoftmaxOp op) { return evaluateSoftmax(op, *inputs[0]); })
      .Case([&](LayerNormOp op) { return evaluateLayerNorm(op, inputs); })
      .Default([](Operation *) { return std::nullopt; });
}
