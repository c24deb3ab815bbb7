//===- ConstantBytes.cpp - The stored bytes of a tensor constant ----------===//

#include "ConstantBytes.h"

#include "sic/Support/ConstantElements.h"

using namespace mlir;

ArrayRef<char> mlir::sic::getStoredElementBytes(arith::ConstantOp constant) {
  auto value = dyn_cast<ElementsAttr>(constant.getValue());
  if (!value)
    return {};
  FailureOr<ArrayRef<char>> bytes = getStoredBytes(value);
  // A splat stores one element only.
  if (failed(bytes) ||
      bytes->size() != uint64_t(value.getNumElements()) *
                           getElementByteSize(value.getElementType()))
    return {};
  return *bytes;
}
