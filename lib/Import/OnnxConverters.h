//===- OnnxConverters.h - The converters of ONNX operators ------*- C++ -*-===//
//
// What the converters of ONNX operators share (emitting a node, checking
// inputs), and the converters of each family, which OnnxOps.cpp's table
// maps the operators' names to.
//
//===----------------------------------------------------------------------===//

#ifndef SIC_LIB_IMPORT_ONNXCONVERTERS_H
#define SIC_LIB_IMPORT_ONNXCONVERTERS_H

#include "OnnxConversion.h"

namespace mlir::sic {

/// Reports a node whose input count is outside [min, max].
LogicalResult expectInputs(OnnxConversion &c, const onnx::NodeProto &node,
                           int min, int max);

/// A converter that maps `arity` inputs one to one onto `OpT`.
template <typename OpT>
LogicalResult convertDirect(OnnxConversion &c, const onnx::NodeProto &node,
                            int arity) {
  if (failed(expectInputs(c, node, arity, arity)))
    return failure();
  FailureOr<SmallVector<Value>> inputs = c.getPresentInputValues(node, arity);
  if (failed(inputs))
    return failure();
  return c.emit<OpT>(node, *inputs);
}

// Sliding windows (OnnxWindowOps.cpp).
LogicalResult convertConv(OnnxConversion &c, const onnx::NodeProto &node);
/// MaxPool, or AveragePool when `average`.
LogicalResult convertPool(OnnxConversion &c, const onnx::NodeProto &node,
                          bool average);

// Contractions, normalizations, reductions, casts (OnnxComputeOps.cpp).
LogicalResult convertGemm(OnnxConversion &c, const onnx::NodeProto &node);
/// Div, refusing a constant integer divisor that holds 0.
LogicalResult convertDiv(OnnxConversion &c, const onnx::NodeProto &node);
LogicalResult convertClip(OnnxConversion &c, const onnx::NodeProto &node);
LogicalResult convertBatchNorm(OnnxConversion &c, const onnx::NodeProto &node);
LogicalResult convertSoftmax(OnnxConversion &c, const onnx::NodeProto &node);
LogicalResult convertLayerNorm(OnnxConversion &c, const onnx::NodeProto &node);
/// ReduceMean, ReduceSum, ReduceMax (`OpT`): axes moved from an attribute
/// to an input in opset `axesInputSince`.
template <typename OpT>
LogicalResult convertReduce(OnnxConversion &c, const onnx::NodeProto &node,
                            int64_t axesInputSince);
/// ArgMax, ArgMin (`OpT`).
template <typename OpT>
LogicalResult convertArgReduce(OnnxConversion &c, const onnx::NodeProto &node);
LogicalResult convertCast(OnnxConversion &c, const onnx::NodeProto &node);

// Shapes and data movement (OnnxDataMovementOps.cpp).
LogicalResult convertReshape(OnnxConversion &c, const onnx::NodeProto &node);
LogicalResult convertTranspose(OnnxConversion &c, const onnx::NodeProto &node);
LogicalResult convertConcat(OnnxConversion &c, const onnx::NodeProto &node);
LogicalResult convertSlice(OnnxConversion &c, const onnx::NodeProto &node);
/// Squeeze, or Unsqueeze when `unsqueeze`: axes moved from an attribute to
/// an input in opset 13.
LogicalResult convertSqueeze(OnnxConversion &c, const onnx::NodeProto &node,
                             bool unsqueeze);
LogicalResult convertFlatten(OnnxConversion &c, const onnx::NodeProto &node);
LogicalResult convertPad(OnnxConversion &c, const onnx::NodeProto &node);
LogicalResult convertGather(OnnxConversion &c, const onnx::NodeProto &node);

// Operators known at compile time (OnnxConstantOps.cpp).
LogicalResult convertConstant(OnnxConversion &c, const onnx::NodeProto &node);
/// Shape: the input's static shape (start to end) as a constant.
LogicalResult convertShape(OnnxConversion &c, const onnx::NodeProto &node);
LogicalResult convertSize(OnnxConversion &c, const onnx::NodeProto &node);
LogicalResult convertConstantOfShape(OnnxConversion &c,
                                     const onnx::NodeProto &node);
/// Range, whose inputs must be constants.
LogicalResult convertRange(OnnxConversion &c, const onnx::NodeProto &node);

} // namespace mlir::sic

#endif // SIC_LIB_IMPORT_ONNXCONVERTERS_H
