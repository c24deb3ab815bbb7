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

/// Reads an ONNX tensor (an initializer or a Constant's value) as a
/// constant, checking its type, shape and size against the import limits.
/// `what` names it in errors ("initializer 'w'").
FailureOr<OnnxConstant> readOnnxTensor(OnnxConversion &conversion,
                                       const onnx::TensorProto &tensor,
                                       llvm::StringRef what);

/// The SIC element type of an ONNX TensorProto data type, if it has one.
std::optional<ElementType> getOnnxElementType(int64_t dataType);

} // namespace mlir::sic

#endif // SIC_LIB_IMPORT_ONNXOPS_H
