//===- NdArray.cpp - A dense array of model tensor data -------------------===//

#include "sic/Run/NdArray.h"

#include "sic/Support/ShapeRules.h"
#include "sic/runtime.h"

#include "llvm/Support/MemAlloc.h"

#include "llvm/ADT/STLExtras.h"
#include <cassert>
#include <cstring>

#include <fmt/format.h>
#include <fmt/ranges.h>

using namespace mlir::sic;

NdArray::NdArray(sic_dtype_t dtype, llvm::ArrayRef<int64_t> shape)
    : dtype(dtype), shape(shape),
      numElements(*computeByteSize(dtype, shape) / sic_dtype_size(dtype)),
      // Zero bytes still get a unique, aligned allocation.
      data(llvm::allocate_buffer(std::max<uint64_t>(getByteSize(), 1),
                                 kAlignment),
           Free{std::max<uint64_t>(getByteSize(), 1)}) {
  std::memset(data.get(), 0, getByteSize());
}

void NdArray::Free::operator()(void *pointer) const {
  llvm::deallocate_buffer(pointer, byteSize, kAlignment);
}

std::optional<uint64_t>
NdArray::computeByteSize(sic_dtype_t dtype, llvm::ArrayRef<int64_t> shape) {
  uint64_t elementSize = sic_dtype_size(dtype);
  assert(elementSize != 0 && "not a sic_dtype_t");
  std::optional<int64_t> count = getElementCount(shape);
  if (!count || static_cast<uint64_t>(*count) > INT64_MAX / elementSize)
    return std::nullopt;
  return *count * elementSize;
}

std::string mlir::sic::describeType(sic_dtype_t dtype,
                                    llvm::ArrayRef<int64_t> shape) {
  return fmt::format("{}[{}]", sic_dtype_name(dtype), fmt::join(shape, ", "));
}

NdArray mlir::sic::widenBFloat16(const NdArray &array) {
  assert(array.getDtype() == SIC_DTYPE_BF16 && "not a bf16 array");
  NdArray wide(SIC_DTYPE_F32, array.getShape());
  llvm::transform(array.getValues<BFloat16>(), wide.getValues<float>().begin(),
                  [](BFloat16 value) { return float(toDouble(value)); });
  return wide;
}

NdArray mlir::sic::narrowToBFloat16(const NdArray &array) {
  assert(array.getDtype() == SIC_DTYPE_F32 && "not an f32 array");
  NdArray narrow(SIC_DTYPE_BF16, array.getShape());
  llvm::transform(array.getValues<float>(),
                  narrow.getValues<BFloat16>().begin(),
                  [](float value) { return toBFloat16(value); });
  return narrow;
}
