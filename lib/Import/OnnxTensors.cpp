//===- OnnxTensors.cpp - ONNX tensors as constants ------------------------===//
//
// Decodes an ONNX TensorProto (raw or typed data) into a constant of the
// import, within the import limits.
//
//===----------------------------------------------------------------------===//

#include "OnnxTensors.h"

#include "sic/Import/GraphBuilder.h"
#include "sic/Support/HalfFloats.h"
#include "sic/Support/ShapeRules.h"

#include <climits>
#include <cstring>

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
  case onnx::TensorProto::INT8:
    return ElementType::I8;
  case onnx::TensorProto::UINT8:
    return ElementType::U8;
  case onnx::TensorProto::INT16:
    return ElementType::I16;
  case onnx::TensorProto::UINT16:
    return ElementType::U16;
  case onnx::TensorProto::UINT32:
    return ElementType::U32;
  case onnx::TensorProto::UINT64:
    return ElementType::U64;
  case onnx::TensorProto::FLOAT16:
    return ElementType::F16;
  case onnx::TensorProto::BFLOAT16:
    return ElementType::BF16;
  default:
    return std::nullopt;
  }
}

Type mlir::sic::getComputeElementType(Type type) {
  std::optional<ElementType> element = getModelElementType(type);
  if (!element)
    return type;
  return getMlirElementType(type.getContext(), getComputeType(*element));
}

std::string mlir::sic::describeUnsupportedOnnxType(int64_t dataType) {
  std::string name =
      dataType >= INT_MIN && dataType <= INT_MAX &&
              onnx::TensorProto::DataType_IsValid(int(dataType))
          ? onnx::TensorProto::DataType_Name(
                onnx::TensorProto::DataType(dataType))
          : "code " + std::to_string(dataType) + " (not an ONNX type)";
  return "has element type " + name +
         "; SIC supports FLOAT, DOUBLE, FLOAT16, BFLOAT16, INT8 to INT64, "
         "UINT8 to UINT64 and BOOL";
}

template <typename T, typename Repeated>
static ArrayRef<char> storeTyped(OnnxConversion &conversion,
                                 const Repeated &values) {
  SmallVector<T> copy(values.begin(), values.end());
  return conversion.store(ArrayRef<char>(
      reinterpret_cast<const char *>(copy.data()), copy.size() * sizeof(T)));
}

/// The `count` elements of type `From` in `bytes` as `To`, each converted
/// by `convert`.
template <typename From, typename To, typename Convert>
static ArrayRef<char> widen(OnnxConversion &conversion, ArrayRef<char> bytes,
                            int64_t count, Convert convert) {
  std::vector<To> values(count);
  for (int64_t i = 0; i < count; ++i) {
    From value;
    std::memcpy(&value, bytes.data() + i * sizeof(From), sizeof(From));
    values[i] = convert(value);
  }
  return conversion.store(ArrayRef<char>(
      reinterpret_cast<const char *>(values.data()), count * sizeof(To)));
}

/// The raw little-endian `bytes` of `count` elements of storage-only type
/// `type` in its compute type.
static ArrayRef<char> widenRaw(OnnxConversion &conversion, ElementType type,
                               ArrayRef<char> bytes, int64_t count) {
  auto same = [](auto value) { return value; };
  switch (type) {
  case ElementType::I8:
    return widen<int8_t, int32_t>(conversion, bytes, count, same);
  case ElementType::U8:
    return widen<uint8_t, int32_t>(conversion, bytes, count, same);
  case ElementType::I16:
    return widen<int16_t, int32_t>(conversion, bytes, count, same);
  case ElementType::U16:
    return widen<uint16_t, int32_t>(conversion, bytes, count, same);
  case ElementType::U32:
    return widen<uint32_t, int64_t>(conversion, bytes, count, same);
  case ElementType::U64:
    // Kept bit for bit: SIC computes u64 values in i64.
    return widen<uint64_t, int64_t>(conversion, bytes, count, same);
  case ElementType::F16:
    return widen<uint16_t, float>(conversion, bytes, count, [](uint16_t bits) {
      return float(toDouble(Float16{bits}));
    });
  case ElementType::BF16:
    return widen<uint16_t, float>(conversion, bytes, count, [](uint16_t bits) {
      return float(toDouble(BFloat16{bits}));
    });
  default:
    return bytes;
  }
}

/// The typed values of `tensor` (of element type `type`, `count` of them,
/// which the caller has checked) in its compute type.
static ArrayRef<char> readTypedValues(OnnxConversion &conversion,
                                      const onnx::TensorProto &tensor,
                                      ElementType type) {
  switch (type) {
  case ElementType::F32:
    return storeTyped<float>(conversion, tensor.float_data());
  case ElementType::F64:
    return storeTyped<double>(conversion, tensor.double_data());
  case ElementType::I64:
    return storeTyped<int64_t>(conversion, tensor.int64_data());
  case ElementType::Bool:
    return storeTyped<bool>(conversion, tensor.int32_data());
  case ElementType::U32:
  case ElementType::U64:
    return storeTyped<int64_t>(conversion, tensor.uint64_data());
  case ElementType::F16:
  case ElementType::BF16: {
    // The 16 bits of each value are the low half of an int32_data entry.
    SmallVector<uint16_t> bits(tensor.int32_data().begin(),
                               tensor.int32_data().end());
    return widenRaw(conversion, type,
                    ArrayRef<char>(reinterpret_cast<const char *>(bits.data()),
                                   bits.size() * 2),
                    bits.size());
  }
  default: // INT32, and INT8 to UINT16, whose values int32_data holds
    return storeTyped<int32_t>(conversion, tensor.int32_data());
  }
}

/// The number of typed values `tensor` holds for element type `type`.
static int64_t countTypedValues(const onnx::TensorProto &tensor,
                                ElementType type) {
  switch (type) {
  case ElementType::F32:
    return tensor.float_data_size();
  case ElementType::F64:
    return tensor.double_data_size();
  case ElementType::I64:
    return tensor.int64_data_size();
  case ElementType::U32:
  case ElementType::U64:
    return tensor.uint64_data_size();
  default: // BOOL, INT32, and the 8- and 16-bit types
    return tensor.int32_data_size();
  }
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
  ElementType compute = getComputeType(*type);
  OnnxConstant constant{compute, {}, {}};
  if (compute != *type)
    constant.storage = *type;
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
    constant.bytes =
        widenRaw(conversion, *type,
                 ArrayRef<char>(tensor.raw_data().data(), bytes), *count);
    return constant;
  }
  int64_t typedCount = countTypedValues(tensor, *type);
  if (typedCount != *count) {
    diagnostics.error() << what << " has " << typedCount
                        << " values, but its shape needs " << *count;
    return failure();
  }
  constant.bytes = readTypedValues(conversion, tensor, *type);
  return constant;
}
