//===- ContractionOps.cpp - Evaluating matmul, gemm and conv2d nodes ------===//
//
// Every dot product accumulates in double (for f32, each product of two
// floats is exact in double) and rounds once to the element type. Matmul
// and gemm take f32 or f64; conv2d f32.
//
//===----------------------------------------------------------------------===//

#include "Kernels.h"

#include "dialects/Sic/IR/SicOps.h"
#include "sic/Support/ShapeRules.h"

#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::sic;
using namespace mlir::sic::reference;

namespace {

template <typename T>
HostTensor evaluateMatmulAs(MatmulOp op, NodeInputs inputs) {
  // numpy.matmul: a 1-D lhs is a row [1, K] and a 1-D rhs a column [K, 1];
  // the output drops the promoted dim, which leaves its row-major layout
  // that of [batch..., M, N].
  SmallVector<int64_t> lhsShape(inputs[0]->getShape());
  SmallVector<int64_t> rhsShape(inputs[1]->getShape());
  if (lhsShape.size() == 1)
    lhsShape.insert(lhsShape.begin(), 1);
  if (rhsShape.size() == 1)
    rhsShape.push_back(1);
  int64_t m = lhsShape[lhsShape.size() - 2], k = lhsShape.back();
  int64_t n = rhsShape.back();
  ArrayRef<int64_t> lhsBatch = ArrayRef(lhsShape).drop_back(2);
  ArrayRef<int64_t> rhsBatch = ArrayRef(rhsShape).drop_back(2);
  std::optional<Shape> batch = broadcastShapes(lhsBatch, rhsBatch);
  assert(batch && "the verifier checks that the batch dims broadcast");
  // Strides in whole matrices.
  SmallVector<int64_t> lhsStrides = getBroadcastStrides(lhsBatch, *batch);
  SmallVector<int64_t> rhsStrides = getBroadcastStrides(rhsBatch, *batch);

  HostTensor result(getOutputType(op));
  ArrayRef<T> lhs = inputs[0]->getValues<T>();
  ArrayRef<T> rhs = inputs[1]->getValues<T>();
  MutableArrayRef<T> output = result.getValues<T>();
  int64_t outputBase = 0;
  forEachIndex(*batch, [&](ArrayRef<int64_t> index) {
    int64_t lhsBase = getOffset(index, lhsStrides) * m * k;
    int64_t rhsBase = getOffset(index, rhsStrides) * k * n;
    for (int64_t i = 0; i < m; ++i) {
      for (int64_t j = 0; j < n; ++j) {
        double sum = 0;
        for (int64_t p = 0; p < k; ++p)
          sum += static_cast<double>(lhs[lhsBase + i * k + p]) *
                 rhs[rhsBase + p * n + j];
        output[outputBase + i * n + j] = static_cast<T>(sum);
      }
    }
    outputBase += m * n;
  });
  return result;
}

template <typename T> HostTensor evaluateGemmAs(GemmOp op, NodeInputs inputs) {
  RankedTensorType type = getOutputType(op);
  int64_t m = type.getDimSize(0), n = type.getDimSize(1);
  ArrayRef<int64_t> aShape = inputs[0]->getShape();
  ArrayRef<int64_t> bShape = inputs[1]->getShape();
  int64_t k = op.getTransA() ? aShape[0] : aShape[1];
  // Strides of op(A) and op(B) over their (row, column) indices.
  int64_t aRow = op.getTransA() ? 1 : aShape[1];
  int64_t aColumn = op.getTransA() ? aShape[1] : 1;
  int64_t bRow = op.getTransB() ? 1 : bShape[1];
  int64_t bColumn = op.getTransB() ? bShape[1] : 1;
  double alpha = op.getAlpha().convertToFloat();
  double beta = op.getBeta().convertToFloat();

  ArrayRef<T> a = inputs[0]->getValues<T>();
  ArrayRef<T> b = inputs[1]->getValues<T>();
  const HostTensor *c = inputs.size() > 2 ? inputs[2] : nullptr;
  SmallVector<int64_t> cStrides;
  if (c)
    cStrides = getBroadcastStrides(c->getShape(), type.getShape());
  HostTensor result(type);
  MutableArrayRef<T> output = result.getValues<T>();
  for (int64_t i = 0; i < m; ++i) {
    for (int64_t j = 0; j < n; ++j) {
      double sum = 0;
      for (int64_t p = 0; p < k; ++p)
        sum += static_cast<double>(a[i * aRow + p * aColumn]) *
               b[p * bRow + j * bColumn];
      double value = alpha * sum;
      if (c)
        value += beta * c->getValues<T>()[getOffset({i, j}, cStrides)];
      output[i * n + j] = static_cast<T>(value);
    }
  }
  return result;
}

HostTensor evaluateConv2D(Conv2DOp op, NodeInputs inputs) {
  RankedTensorType type = getOutputType(op);
  ArrayRef<int64_t> inputShape = inputs[0]->getShape();
  ArrayRef<int64_t> filterShape = inputs[1]->getShape();
  int64_t batches = inputShape[0], inChannels = inputShape[1];
  int64_t height = inputShape[2], width = inputShape[3];
  int64_t outChannels = filterShape[0], groupChannels = filterShape[1];
  int64_t outChannelsPerGroup = outChannels / op.getGroup();
  int64_t kernelH = filterShape[2], kernelW = filterShape[3];
  int64_t outH = type.getDimSize(2), outW = type.getDimSize(3);
  ArrayRef<int64_t> strides = op.getStrides(), pads = op.getPads(),
                    dilations = op.getDilations();

  ArrayRef<float> input = inputs[0]->getValues<float>();
  ArrayRef<float> filter = inputs[1]->getValues<float>();
  HostTensor result(type);
  MutableArrayRef<float> output = result.getValues<float>();
  int64_t position = 0;
  for (int64_t batch = 0; batch < batches; ++batch) {
    for (int64_t outChannel = 0; outChannel < outChannels; ++outChannel) {
      int64_t firstInChannel = outChannel / outChannelsPerGroup * groupChannels;
      for (int64_t oh = 0; oh < outH; ++oh) {
        for (int64_t ow = 0; ow < outW; ++ow) {
          double sum = 0;
          for (int64_t c = 0; c < groupChannels; ++c) {
            // The input channel's [H, W] image and its [kH, kW] filter.
            ArrayRef<float> image = input.slice(
                (batch * inChannels + firstInChannel + c) * height * width,
                height * width);
            ArrayRef<float> kernel = filter.slice(
                (outChannel * groupChannels + c) * kernelH * kernelW,
                kernelH * kernelW);
            for (int64_t kh = 0; kh < kernelH; ++kh) {
              int64_t ih = oh * strides[0] - pads[0] + kh * dilations[0];
              if (ih < 0 || ih >= height)
                continue;
              for (int64_t kw = 0; kw < kernelW; ++kw) {
                int64_t iw = ow * strides[1] - pads[1] + kw * dilations[1];
                if (iw < 0 || iw >= width)
                  continue;
                sum += static_cast<double>(image[ih * width + iw]) *
                       kernel[kh * kernelW + kw];
              }
            }
          }
          if (inputs.size() > 2)
            sum += inputs[2]->getValues<float>()[outChannel];
          output[position++] = static_cast<float>(sum);
        }
      }
    }
  }
  return result;
}

} // namespace

std::optional<HostTensor>
reference::evaluateContractionNode(Operation *node, NodeInputs inputs) {
  return llvm::TypeSwitch<Operation *, std::optional<HostTensor>>(node)
      .Case([&](MatmulOp op) {
        return inputs[0]->getElementType().isF64()
                   ? evaluateMatmulAs<double>(op, inputs)
                   : evaluateMatmulAs<float>(op, inputs);
      })
      .Case([&](GemmOp op) {
        return inputs[0]->getElementType().isF64()
                   ? evaluateGemmAs<double>(op, inputs)
                   : evaluateGemmAs<float>(op, inputs);
      })
      .Case([&](Conv2DOp op) { return evaluateConv2D(op, inputs); })
      .Default([](Operation *) { return std::nullopt; });
}
