//===- ConstantElements.cpp - A constant's elements, whatever their storage ===//

#include "sic/Support/ConstantElements.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/DialectResourceBlobManager.h"

#include <cstring>

using namespace mlir;

/// Bytes per element of `value`, or 0 when its elements are not whole bytes
/// (i1 is bit-packed in a dense attribute).
static int64_t getElementSize(ElementsAttr value) {
  Type element = value.getElementType();
  if (!element.isIntOrFloat() || element.getIntOrFloatBitWidth() % 8 != 0)
    return 0;
  return element.getIntOrFloatBitWidth() / 8;
}

FailureOr<ArrayRef<char>>
mlir::sic::getStoredBytes(ElementsAttr value,
                          function_ref<InFlightDiagnostic()> emitError) {
  int64_t elementSize = getElementSize(value);
  if (elementSize == 0) {
    if (emitError)
      emitError() << "has elements of " << value.getElementType()
                  << ", which are not whole bytes";
    return failure();
  }
  int64_t size = value.getNumElements() * elementSize;
  if (auto dense = dyn_cast<DenseElementsAttr>(value))
    return dense.getRawData();
  auto resource = dyn_cast<DenseResourceElementsAttr>(value);
  if (!resource) {
    if (emitError)
      emitError() << "has a value whose elements cannot be read";
    return failure();
  }
  DenseResourceElementsHandle handle = resource.getRawHandle();
  const AsmResourceBlob *blob = handle.getBlob();
  if (!blob) {
    if (emitError)
      emitError() << "has no data for resource '" << handle.getKey() << "'";
    return failure();
  }
  ArrayRef<char> bytes = blob->getData();
  if (int64_t(bytes.size()) != size) {
    if (emitError)
      emitError() << "expects " << size << " bytes in resource '"
                  << handle.getKey() << "', got " << bytes.size();
    return failure();
  }
  return bytes;
}

FailureOr<std::vector<char>>
mlir::sic::getElementBytes(ElementsAttr value,
                           function_ref<InFlightDiagnostic()> emitError) {
  FailureOr<ArrayRef<char>> stored = getStoredBytes(value, emitError);
  if (failed(stored))
    return failure();
  int64_t count = value.getNumElements();
  int64_t elementSize = getElementSize(value);
  if (int64_t(stored->size()) == count * elementSize)
    return std::vector<char>(stored->begin(), stored->end());
  // A splat: one element, repeated.
  std::vector<char> bytes(count * elementSize);
  for (int64_t i = 0; i < count; ++i)
    std::memcpy(bytes.data() + i * elementSize, stored->data(), elementSize);
  return bytes;
}

FailureOr<DenseElementsAttr>
mlir::sic::toDenseElements(ElementsAttr value,
                           function_ref<InFlightDiagnostic()> emitError) {
  if (auto dense = dyn_cast<DenseElementsAttr>(value))
    return dense;
  FailureOr<ArrayRef<char>> stored = getStoredBytes(value, emitError);
  if (failed(stored))
    return failure();
  auto type = cast<ShapedType>(value.getType());
  if (type.getNumElements() == 0)
    return DenseElementsAttr::get(type, ArrayRef<Attribute>());
  return DenseElementsAttr::getFromRawBuffer(type, *stored);
}
