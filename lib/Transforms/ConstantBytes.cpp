//===- ConstantBytes.cpp - The stored bytes of a tensor constant ----------===//

#include "ConstantBytes.h"

#include "sic/Support/ConstantElements.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"

using namespace mlir;

ArrayRef<char> mlir::sic::getStoredElementBytes(arith::ConstantOp constant) {
  auto value = dyn_cast<ElementsAttr>(constant.getValue());
  return value ? getStoredElementBytes(value) : ArrayRef<char>();
}

std::vector<char> mlir::sic::padRowBytes(ArrayRef<char> bytes, int64_t rowBytes,
                                         int64_t padBytes) {
  int64_t rows = rowBytes == 0 ? 0 : bytes.size() / rowBytes;
  std::vector<char> padded(rows * (rowBytes + padBytes), 0);
  for (int64_t row = 0; row < rows; ++row)
    std::copy_n(bytes.begin() + row * rowBytes, rowBytes,
                padded.begin() + row * (rowBytes + padBytes));
  return padded;
}

Value mlir::sic::buildConstantLike(OpBuilder &builder, Location loc,
                                   arith::ConstantOp like,
                                   RankedTensorType type, ArrayRef<char> bytes,
                                   int64_t alignment) {
  ElementsAttr attr;
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(like.getValue()))
    attr = DenseResourceElementsAttr::get(
        type, resource.getRawHandle().getKey(),
        HeapAsmResourceBlob::allocateAndCopyWithAlign(bytes, alignment));
  else
    attr = DenseElementsAttr::getFromRawBuffer(type, bytes);
  return builder.create<arith::ConstantOp>(loc, type, cast<TypedAttr>(attr));
}
