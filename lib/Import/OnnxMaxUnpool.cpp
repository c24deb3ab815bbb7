//===- OnnxMaxUnpool.cpp - ONNX MaxUnpool as a scatter
//---------------------===//
//
// MaxUnpool writes each input value at the position its index names in the
// output flattened whole (the indices MaxPool returns), zeros elsewhere:
// a scatter_elements of the flattened input into a zero vector of the
// output's element count, reshaped to the output. Indices read at run time
// are checked as every scatter's are. The indices address the unpooled
// shape, (in - 1) * stride + kernel - pads along each spatial axis; a larger
// output_shape adds zeros at the end of each axis, as ONNX's reference
// does.
//
//===----------------------------------------------------------------------===//

#include "OnnxConverters.h"

#include "sic/Support/ShapeRules.h"

#include "llvm/Support/CheckedArithmetic.h"

using namespace mlir;
using namespace mlir::sic;

namespace {

/// The unpooled shape the window attributes give:
/// (in - 1) * stride + kernel - pads along each spatial axis.
FailureOr<SmallVector<int64_t, 4>> getUnpooledShape(OnnxConversion &c,
                                                    const onnx::NodeProto &node,
                                                    ArrayRef<int64_t> input) {
  size_t spatial = input.size() - 2;
  FailureOr<SmallVector<int64_t, 4>> kernel = c.getInts(node, "kernel_shape");
  FailureOr<SmallVector<int64_t, 4>> strides =
      c.getInts(node, "strides", SmallVector<int64_t, 4>(spatial, 1));
  FailureOr<SmallVector<int64_t, 4>> pads =
      c.getInts(node, "pads", SmallVector<int64_t, 4>(2 * spatial, 0));
  if (failed(kernel) || failed(strides) || failed(pads))
    return failure();
  if (kernel->size() != spatial || strides->size() != spatial ||
      pads->size() != 2 * spatial) {
    c.emitNodeError(node) << "kernel_shape, strides and pads must have "
                          << spatial << ", " << spatial << " and "
                          << 2 * spatial << " values";
    return failure();
  }
  SmallVector<int64_t, 4> shape(input.take_front(2));
  for (size_t i = 0; i < spatial; ++i) {
    std::optional<int64_t> size =
        llvm::checkedMul(input[i + 2] - 1, (*strides)[i]);
    if (size)
      size = llvm::checkedAdd(*size, (*kernel)[i]);
    if (size)
      size = llvm::checkedSub(*size, (*pads)[i]);
    if (size)
      size = llvm::checkedSub(*size, (*pads)[i + spatial]);
    if ((*kernel)[i] < 1 || (*strides)[i] < 1 || (*pads)[i] < 0 ||
        (*pads)[i + spatial] < 0 || !size || *size < 1) {
      c.emitNodeError(node)
          << "kernel_shape [" << *kernel << "], strides [" << *strides
          << "] and pads [" << *pads << "] give no output for input shape ["
          << input << "]";
      return failure();
    }
    shape.push_back(*size);
  }
  return shape;
}

/// output_shape (input #2): the unpooled shape or larger along the spatial
/// axes.
FailureOr<SmallVector<int64_t, 4>> getOutputShape(OnnxConversion &c,
                                                  const onnx::NodeProto &node,
                                                  ArrayRef<int64_t> unpooled) {
  FailureOr<SmallVector<int64_t, 4>> shape = c.getConstantInts(node, 2);
  if (failed(shape))
    return failure();
  bool fits = shape->size() == unpooled.size();
  for (size_t i = 0; fits && i < unpooled.size(); ++i)
    fits = i < 2 ? (*shape)[i] == unpooled[i] : (*shape)[i] >= unpooled[i];
  if (!fits) {
    c.emitNodeError(node) << "output_shape [" << *shape
                          << "] must keep the batch and channels and be at "
                             "least the unpooled shape ["
                          << unpooled << "]";
    return failure();
  }
  return *shape;
}

} // namespace

LogicalResult mlir::sic::convertMaxUnpool(OnnxConversion &c,
                                          const onnx::NodeProto &node) {
  if (failed(expectInputs(c, node, 2, 3)))
    return failure();
  FailureOr<Value> input = c.getInputValue(node, 0);
  FailureOr<Value> indices = c.getInputValue(node, 1);
  if (failed(input) || failed(indices))
    return failure();
  auto type = cast<RankedTensorType>(input->getType());
  auto indexType = cast<RankedTensorType>(indices->getType());
  if (type.getRank() < 3 || indexType.getShape() != type.getShape()) {
    c.emitNodeError(node) << "expects an input (N, C, D1, ...) and indices "
                             "of its shape, got "
                          << type << " and " << indexType;
    return failure();
  }
  FailureOr<SmallVector<int64_t, 4>> shape =
      getUnpooledShape(c, node, type.getShape());
  if (failed(shape))
    return failure();
  FailureOr<SmallVector<int64_t, 4>> outputShape =
      c.getInput(node, 2).empty() ? *shape : getOutputShape(c, node, *shape);
  if (failed(outputShape))
    return failure();
  // The unpooled shape is at most the output's along every axis.
  if (std::optional<std::string> breach =
          checkShapeLimits(*outputShape, c.getLimits())) {
    c.emitNodeError(node) << "its output " << *breach;
    return failure();
  }
  int64_t count = type.getNumElements();
  auto zerosType =
      RankedTensorType::get({*getElementCount(*shape)}, type.getElementType());
  Value zeros = c.createConstant(
      c.getConstantName(node),
      DenseElementsAttr::get(
          zerosType, c.getBuilder().getZeroAttr(type.getElementType())));
  NodeBuilder b(c, node);
  Value flatInput =
      b.create<ReshapeOp>(ValueRange{*input}, ArrayRef<int64_t>{count});
  Value flatIndices =
      b.create<ReshapeOp>(ValueRange{*indices}, ArrayRef<int64_t>{count});
  Value scattered =
      b.create<ScatterElementsOp>(ValueRange{zeros, flatIndices, flatInput},
                                  int64_t(0), ScatterReduction::none);
  Value unpooled =
      b.create<ReshapeOp>(ValueRange{scattered}, ArrayRef<int64_t>(*shape));
  if (*outputShape == *shape)
    return b.bind(unpooled);
  // A larger output_shape adds zeros at the end of each axis.
  SmallVector<int64_t, 8> pads(shape->size(), 0);
  for (auto [size, unpooledSize] : llvm::zip(*outputShape, *shape))
    pads.push_back(size - unpooledSize);
  return b.bind(b.create<PadOp>(ValueRange{unpooled}, ArrayRef<int64_t>(pads),
                                PadMode::constant, APFloat(0.0f)));
}
