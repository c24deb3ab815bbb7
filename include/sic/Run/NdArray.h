//===- NdArray.h - A dense array of model tensor data -----------*- C++ -*-===//
//
// The host memory sic-run binds to a compiled model: a dense row-major array
// of f32, i32, i64 or bool elements, aligned for any model input or output.
//
//===----------------------------------------------------------------------===//

#ifndef SIC_RUN_NDARRAY_H
#define SIC_RUN_NDARRAY_H

#include "sic/Support/HalfFloats.h"
#include "sic/abi.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace mlir::sic {

/// A dense row-major array of f32, i32, i64 or bool elements, zero-initialized
/// and owned, whose data is aligned to at least kAlignment bytes. A bool
/// element is a byte of 0 or 1 (SIC_DTYPE_BOOL, C++ bool).
class NdArray {
public:
  /// The alignment of every array's data: a cache line, more than any model
  /// SIC compiles asks for.
  static constexpr uint64_t kAlignment = 64;

  /// An array of zeros. `dtype` must be a sic_dtype_t and `shape` must have
  /// a byte size (see computeByteSize) that fits in memory.
  NdArray(sic_dtype_t dtype, llvm::ArrayRef<int64_t> shape);

  sic_dtype_t getDtype() const { return dtype; }
  llvm::ArrayRef<int64_t> getShape() const { return shape; }
  int64_t getNumElements() const { return numElements; }
  uint64_t getByteSize() const { return numElements * sic_dtype_size(dtype); }

  void *getData() { return data.get(); }
  const void *getData() const { return data.get(); }

  /// The elements; `T` must be the C++ type of the dtype (float, int32_t,
  /// int64_t, bool).
  template <typename T> llvm::MutableArrayRef<T> getValues() {
    return llvm::MutableArrayRef<T>(static_cast<T *>(getData()),
                                    static_cast<size_t>(numElements));
  }
  template <typename T> llvm::ArrayRef<T> getValues() const {
    // Not braces: for bool, {pointer, size} would pick ArrayRef's
    // initializer_list constructor.
    return llvm::ArrayRef<T>(static_cast<const T *>(getData()),
                             static_cast<size_t>(numElements));
  }

  /// The byte size of an array of `dtype` and `shape`; nullopt when a dim is
  /// negative or the size does not fit in int64_t.
  static std::optional<uint64_t> computeByteSize(sic_dtype_t dtype,
                                                 llvm::ArrayRef<int64_t> shape);

private:
  struct Free {
    uint64_t byteSize;
    void operator()(void *pointer) const;
  };

  sic_dtype_t dtype;
  llvm::SmallVector<int64_t, 4> shape;
  int64_t numElements;
  std::unique_ptr<void, Free> data;
};

/// "f32[1, 4]"; "f32[]" for a scalar.
std::string describeType(sic_dtype_t dtype, llvm::ArrayRef<int64_t> shape);

// A bool element is one byte, as sic_dtype_size(SIC_DTYPE_BOOL) says.
static_assert(sizeof(bool) == 1, "SIC_DTYPE_BOOL elements are C++ bools");

/// Calls `fn` with a value of the C++ type of `dtype` (float, double,
/// int8_t to int64_t, uint8_t to uint64_t, bool, Float16 or BFloat16), which
/// must be a sic_dtype_t, and returns what it returns.
template <typename Fn> auto visitDtype(sic_dtype_t dtype, Fn &&fn) {
  switch (dtype) {
  case SIC_DTYPE_I32:
    return fn(int32_t());
  case SIC_DTYPE_I64:
    return fn(int64_t());
  case SIC_DTYPE_BOOL:
    return fn(bool());
  case SIC_DTYPE_F64:
    return fn(double());
  case SIC_DTYPE_I8:
    return fn(int8_t());
  case SIC_DTYPE_U8:
    return fn(uint8_t());
  case SIC_DTYPE_I16:
    return fn(int16_t());
  case SIC_DTYPE_U16:
    return fn(uint16_t());
  case SIC_DTYPE_U32:
    return fn(uint32_t());
  case SIC_DTYPE_U64:
    return fn(uint64_t());
  case SIC_DTYPE_F16:
    return fn(Float16());
  case SIC_DTYPE_BF16:
    return fn(BFloat16());
  default:
    return fn(float());
  }
}

/// `array` (bf16) as f32, exactly: numpy has no bfloat16, so sic-run's
/// .npy files hold bf16 tensors as f32.
NdArray widenBFloat16(const NdArray &array);
/// `array` (f32) rounded to bf16.
NdArray narrowToBFloat16(const NdArray &array);

} // namespace mlir::sic

#endif // SIC_RUN_NDARRAY_H
