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

using Attributes = std::vector<AttributeDescription>;

/// Emits `op` on the given inputs with `attributes`.
LogicalResult emitNode(OnnxConversion &c, const onnx::NodeProto &node,
                       StringRef op, ArrayRef<StringRef> inputs,
                       Attributes attributes = {});

/// The node's present inputs (ONNX marks an absent optional input with "").
SmallVector<StringRef> getPresentInputs(OnnxConversion &c,
                                        const onnx::NodeProto &node, int limit);

/// Reports a node whose input count is outside [min, max].
LogicalResult expectInputs(OnnxConversion &c, const onnx::NodeProto &node,
                           int min, int max);

/// A converter that maps `arity` inputs one to one onto `op`.
LogicalResult convertDirect(OnnxConversion &c, const onnx::NodeProto &node,
                            StringRef op, int arity);

// Sliding windows (OnnxWindowOps.cpp).
LogicalResult convertConv(OnnxConversion &c, const onnx::NodeProto &node);
/// MaxPool, or AveragePool when `average`.
LogicalResult convertPool(OnnxConversion &c, const onnx::NodeProto &node,
                          bool average);

// Contractions, normalizations, reductions, casts (OnnxComputeOps.cpp).
LogicalResult convertGemm(OnnxConversion &c, const onnx::NodeProto &node);
LogicalResult convertClip(OnnxConversion &c, const onnx::NodeProto &node);
LogicalResult convertBatchNorm(OnnxConversion &c, const onnx::NodeProto &node);
LogicalResult convertSoftmax(OnnxConversion &c, const onnx::NodeProto &node);
LogicalResult convertLayerNorm(OnnxConversion &c, const onnx::NodeProto &node);
/// ReduceMean, ReduceSum, ReduceMax: axes moved from an attribute to an
/// input in opset `axesInputSince`.
LogicalResult convertReduce(OnnxConversion &c, const onnx::NodeProto &node,
                            StringRef op, int64_t axesInputSince);
/// ArgMax, ArgMin (`op`: arg_max, arg_min).
LogicalResult convertArgReduce(OnnxConversion &c, const onnx::NodeProto &node,
                               StringRef op);
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
LogicalResult convertConstant(OnnxConversion &c, const onnx::NodeProto &node);

} // namespace mlir::sic

#endif // SIC_LIB_IMPORT_ONNXCONVERTERS_H
