//===- ConstantElements.h - A constant's elements, whatever their storage -===//
//
// A tensor constant reaches SIC in one of three storages: a dense attribute
// (written in IR text, or made by a pass), a dense splat (one value for every
// element), or a dense_resource blob (the importers' weights, which may point
// into the model file). MLIR 19 cannot iterate a dense_resource through
// ElementsAttr (it crashes, rank 0 included), so SIC never does: every reader
// of constant data goes through these functions.
//
//===----------------------------------------------------------------------===//

#ifndef SIC_SUPPORT_CONSTANTELEMENTS_H
#define SIC_SUPPORT_CONSTANTELEMENTS_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"

#include <cstring>

#include <vector>

namespace mlir::sic {

/// Bytes per element of a tensor of `elementType` in memory: the bit width
/// rounded up to whole bytes (i1 takes one byte, 0 or 1).
inline uint64_t getElementByteSize(Type elementType) {
  return (elementType.getIntOrFloatBitWidth() + 7) / 8;
}

/// The bytes `value` stores for its elements: row-major, little-endian, one
/// element only for a splat; a resource of i1 stores a byte per element.
/// Fails for element types that are not whole bytes (a dense attribute of i1
/// packs bits), a resource without data and data of the wrong size,
/// reporting why through `emitError` when one is given.
FailureOr<ArrayRef<char>>
getStoredBytes(ElementsAttr value,
               function_ref<InFlightDiagnostic()> emitError = {});

/// The bytes of `value`'s elements, row-major, when they are stored one
/// after another at their size: a dense attribute that is not a splat, or a
/// loaded dense_resource blob of the tensor's byte size; empty otherwise.
ArrayRef<char> getStoredElementBytes(ElementsAttr value);

/// The bytes of every element of `value`, row-major, a splat expanded; i1
/// elements are one byte each, 0 or 1.
FailureOr<std::vector<char>>
getElementBytes(ElementsAttr value,
                function_ref<InFlightDiagnostic()> emitError = {});

/// The elements of `value` as `T`, the C++ type of its element type (float,
/// double, int32_t, int64_t ...: the caller picks the one of that size).
template <typename T>
FailureOr<std::vector<T>>
readElements(ElementsAttr value,
             function_ref<InFlightDiagnostic()> emitError = {}) {
  FailureOr<std::vector<char>> bytes = getElementBytes(value, emitError);
  if (failed(bytes))
    return failure();
  if (bytes->size() != size_t(value.getNumElements()) * sizeof(T)) {
    if (emitError)
      emitError() << "has elements of " << value.getElementType()
                  << ", not of " << sizeof(T) << " bytes";
    return failure();
  }
  std::vector<T> values(value.getNumElements());
  if (!values.empty())
    std::memcpy(values.data(), bytes->data(), bytes->size());
  return values;
}

/// `value` as a dense attribute that every MLIR pass can read: a
/// dense_resource becomes a copy of its data (a splat stays a splat).
FailureOr<DenseElementsAttr>
toDenseElements(ElementsAttr value,
                function_ref<InFlightDiagnostic()> emitError = {});

} // namespace mlir::sic

#endif // SIC_SUPPORT_CONSTANTELEMENTS_H
