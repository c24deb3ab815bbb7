//===- ConstantElements.cpp - A constant's elements, whatever their storage ===//

#include "sic/Support/ConstantElements.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/DialectResourceBlobManager.h"

#include <cstring>

using namespace mlir;

/// Bytes per element of `value` as SIC stores it (i1: one byte, 0 or 1),
/// or 0 for an element type SIC does not store.
static int64_t getElementSize(ElementsAttr value) {
  Type element = value.getElementType();
  if (!element.isIntOrFloat() ||
      (element.getIntOrFloatBitWidth() % 8 != 0 && !element.isInteger(1)))
    return 0;
  return sic::getElementByteSize(element);
}

/// Whether `value` is a dense attribute of i1, which packs its elements in
/// bits: its bytes are not SIC's one byte per element.
static bool isPackedBool(ElementsAttr value) {
  return isa<DenseElementsAttr>(value) && value.getElementType().isInteger(1);
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
  if (isPackedBool(value)) {
    if (emitError)
      emitError() << "has i1 elements packed in bits, not stored as bytes";
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
  if (isPackedBool(value)) {
    auto values = cast<DenseElementsAttr>(value).getValues<bool>();
    return std::vector<char>(values.begin(), values.end());
  }
  FailureOr<ArrayRef<char>> stored = getStoredBytes(value, emitError);
  if (failed(stored))
    return failure();
  int64_t count = value.getNumElements();
  int64_t elementSize = getElementSize(value);
  // A resource stores i1 one byte per element; one other than 0 is true.
  if (value.getElementType().isInteger(1)) {
    std::vector<char> bytes(count);
    for (int64_t i = 0; i < count; ++i)
      bytes[i] = (*stored)[i] != 0;
    return bytes;
  }
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
  if (type.getElementType().isInteger(1)) {
    SmallVector<bool> values(
        llvm::map_range(*stored, [](char byte) { return byte != 0; }));
    return DenseElementsAttr::get(type, values);
  }
  return DenseElementsAttr::getFromRawBuffer(type, *stored);
}

ArrayRef<char> mlir::sic::getStoredElementBytes(ElementsAttr value) {
  FailureOr<ArrayRef<char>> bytes = getStoredBytes(value);
  // A splat stores one element only.
  if (failed(bytes) ||
      bytes->size() != uint64_t(value.getNumElements()) *
                           getElementByteSize(value.getElementType()))
    return {};
  return *bytes;
}
