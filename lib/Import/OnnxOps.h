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

} // namespace mlir::sic

#endif // SIC_LIB_IMPORT_ONNXOPS_H
