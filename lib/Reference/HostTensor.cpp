//===- HostTensor.cpp - Dense row-major tensors in host memory ------------===//

#include "Kernels.h"

using namespace mlir;
using namespace mlir::sic;

HostTensor::HostTensor(RankedTensorType type) : type(type) {
  size_t count = type.getNumElements();
  reference::visitModelElementType(type.getElementType(), [&](auto zero) {
    values = HostElements<decltype(zero)>(count, zero);
  });
}

HostTensor HostTensor::reshape(RankedTensorType newType) const {
  assert(newType.getElementType() == getElementType() &&
         newType.getNumElements() == getNumElements() &&
         "a reshape keeps the element type and count");
  HostTensor result = *this;
  result.type = newType;
  return result;
}

ArrayRef<char> HostTensor::getBytes() const {
  return std::visit(
      [](const auto &elements) {
        return ArrayRef<char>(reinterpret_cast<const char *>(elements.data()),
                              elements.size() * sizeof(elements[0]));
      },
      values);
}
