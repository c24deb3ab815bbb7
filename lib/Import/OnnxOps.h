//===- OnnxOps.h - ONNX operators as sic nodes ------------------*- C++ -*-===//

#ifndef SIC_LIB_IMPORT_ONNXOPS_H
#define SIC_LIB_IMPORT_ONNXOPS_H

#include "OnnxConversion.h"

namespace mlir::sic {

/// Converts one node of the default ONNX domain into sic nodes (or an alias
/// or a constant). Returns std::nullopt when SIC does not support the op;
/// otherwise whether the conversion succeeded (a failure was reported).
std::optional<LogicalResult> convertOnnxNode(OnnxConversion &conversion,
                                             const onnx::NodeProto &node);

/// Converts `graph` (the model's, or a branch of a node): its initializers
/// become constants, then its nodes are converted in a topological order;
/// ops SIC lacks are counted with OnnxConversion::noteUnsupportedOp.
/// Fails, having reported why, when any of them did not convert.
LogicalResult convertOnnxGraph(OnnxConversion &conversion,
                               const onnx::GraphProto &graph);

} // namespace mlir::sic

#endif // SIC_LIB_IMPORT_ONNXOPS_H
