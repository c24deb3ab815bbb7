//===- OnnxTensors.h - ONNX tensors as constants ----------------*- C++ -*-===//

#ifndef SIC_LIB_IMPORT_ONNXTENSORS_H
#define SIC_LIB_IMPORT_ONNXTENSORS_H

#include "OnnxConversion.h"

namespace mlir::sic {

/// Reads an ONNX tensor (an initializer or a Constant's value) as a
/// constant, checking its type, shape and size against the import limits.
/// `what` names it in errors ("initializer 'w'").
FailureOr<OnnxConstant> readOnnxTensor(OnnxConversion &conversion,
                                       const onnx::TensorProto &tensor,
                                       llvm::StringRef what);

/// The SIC element type of an ONNX TensorProto data type, if it has one.
std::optional<ElementType> getOnnxElementType(int64_t dataType);

/// The element type SIC computes values of MLIR element type `type` in: its
/// compute type (getComputeType) when it is storage-only, else `type`.
Type getComputeElementType(Type type);

/// Why a value of ONNX data type `dataType`, which has no SIC element type,
/// is refused: "has element type UINT8; SIC supports ...".
std::string describeUnsupportedOnnxType(int64_t dataType);

} // namespace mlir::sic

#endif // SIC_LIB_IMPORT_ONNXTENSORS_H
