//===- OnnxTensors.cpp - ONNX tensors as constants ------------------------===//
//
// Decodes an ONNX TensorProto (raw or typed data) into a constant of the
// import, within the import limits.
//
//===----------------------------------------------------------------------===//

#include "OnnxTensors.h"

#include "sic/Support/ShapeRules.h"

#include <climits>

using namespace mlir;
using namespace mlir::sic;

std::optional<ElementType> mlir::sic::getOnnxElementType(int64_t dataType) {
  switch (dataType) {
  case onnx::TensorProto::FLOAT:
    return ElementType::F32;
  case onnx::TensorProto::DOUBLE:
    return ElementType::F64;
  case onnx::TensorProto::INT32:
    return ElementType::I32;
  case onnx::TensorProto::INT64:
    return ElementType::I64;
  case onnx::TensorProto::BOOL:
    return ElementType::Bool;
  default:
    return std::nullopt;
  }
}

std::string mlir::sic::describeUnsupportedOnnxType(int64_t dataType) {
  std::string name =
      dataType >= INT_MIN && dataType <= INT_MAX &&
              onnx::TensorProto::DataType_IsValid(int(dataType))
          ? onnx::TensorProto::DataType_Name(
                onnx::TensorProto::DataType(dataType))
          : "code " + std::to_string(dataType) + " (not an ONNX type)";
  return "has element type " + name +
         "; SIC supports FLOAT, DOUBLE, INT32, INT64 and BOOL";
}

template <typename T, typename Repeated>
static ArrayRef<char> storeTyped(OnnxConversion &conversion,
                                 const Repeated &values) {
  SmallVector<T> copy(values.begin(), values.end());
  return conversion.store(ArrayRef<char>(
      reinterpret_cast<const char *>(copy.data()), copy.size() * sizeof(T)));
}

FailureOr<OnnxConstant>
mlir::sic::readOnnxTensor(OnnxConversion &conversion,
                          const onnx::TensorProto &tensor,
                          llvm::StringRef what) {
  ImportDiagnostics &diagnostics = conversion.getDiagnostics();
  const ImportLimits &limits = conversion.getLimits();
  if (tensor.data_location() == onnx::TensorProto::EXTERNAL) {
    diagnostics.error() << what
                        << " keeps its data in an external file, which SIC "
                           "does not read";
    return failure();
  }
  std::optional<ElementType> type = getOnnxElementType(tensor.data_type());
  if (!type) {
    diagnostics.error() << what << " "
                        << describeUnsupportedOnnxType(tensor.data_type());
    return failure();
  }
  if (uint64_t(tensor.dims_size()) > limits.maxRank) {
    diagnostics.error() << what << " has rank " << tensor.dims_size()
                        << ", more than the limit of " << limits.maxRank;
    return failure();
  }
  OnnxConstant constant{*type, {}, {}};
  constant.shape.assign(tensor.dims().begin(), tensor.dims().end());
  std::optional<int64_t> count = getElementCount(constant.shape);
  if (!count || uint64_t(*count) > limits.maxTensorElements) {
    diagnostics.error() << what << " has a negative dimension or more than "
                        << limits.maxTensorElements << " elements";
    return failure();
  }
  uint64_t bytes = uint64_t(*count) * getElementSize(*type);
  if (tensor.has_raw_data()) {
    if (tensor.raw_data().size() != bytes) {
      diagnostics.error() << what << " has " << tensor.raw_data().size()
                          << " bytes of data, but its shape needs " << bytes;
      return failure();
    }
    constant.bytes = ArrayRef<char>(tensor.raw_data().data(), bytes);
    return constant;
  }
  // BOOL's typed values are in int32_data, as INT32's.
  int64_t typedCount = *type == ElementType::F32   ? tensor.float_data_size()
                       : *type == ElementType::F64 ? tensor.double_data_size()
                       : *type == ElementType::I64 ? tensor.int64_data_size()
                                                   : tensor.int32_data_size();
  if (typedCount != *count) {
    diagnostics.error() << what << " has " << typedCount
                        << " values, but its shape needs " << *count;
    return failure();
  }
  constant.bytes = *type == ElementType::F32
                       ? storeTyped<float>(conversion, tensor.float_data())
                   : *type == ElementType::F64
                       ? storeTyped<double>(conversion, tensor.double_data())
                   : *type == ElementType::I32
                       ? storeTyped<int32_t>(conversion, tensor.int32_data())
                   : *type == ElementType::Bool
                       ? storeTyped<bool>(conversion, tensor.int32_data())
                       : storeTyped<int64_t>(conversion, tensor.int64_data());
  return constant;
}
