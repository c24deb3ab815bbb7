//===- Kernels.h - The reference evaluator's op families --------*- C++ -*-===//
//
// Each op family of the sic dialect has one evaluation file, mirroring
// dialects/Sic/IR; this header declares their entry points and the index and
// scalar helpers they share. Nodes reach a family verified, so every rule of
// their op holds (arity, shapes, attribute ranges) and the output type is
// the inferred one.
//
//===----------------------------------------------------------------------===//

#ifndef SIC_LIB_REFERENCE_KERNELS_H
#define SIC_LIB_REFERENCE_KERNELS_H

#include "sic/Reference/Evaluator.h"

#include "llvm/ADT/STLFunctionalExtras.h"

#include <cmath>
#include <limits>
#include <optional>
#include <type_traits>

namespace mlir::sic::reference {

/// The tensors a node reads, in operand order.
using NodeInputs = ArrayRef<const HostTensor *>;

/// The output of `node` on `inputs`, or nullopt when `node` belongs to
/// another family.
std::optional<HostTensor> evaluateElementwiseNode(Operation *node,
                                                  NodeInputs inputs);
std::optional<HostTensor> evaluateContractionNode(Operation *node,
                                                  NodeInputs inputs);
std::optional<HostTensor> evaluatePoolingNode(Operation *node,
                                              NodeInputs inputs);
std::optional<HostTensor> evaluateNormalizationNode(Operation *node,
                                                    NodeInputs inputs);
std::optional<HostTensor> evaluateReductionNode(Operation *node,
                                                NodeInputs inputs);
std::optional<HostTensor> evaluateRecurrenceNode(Operation *node,
                                                 NodeInputs inputs);
std::optional<HostTensor> evaluateDataMovementNode(Operation *node,
                                                   NodeInputs inputs);
std::optional<HostTensor> evaluateScatterNode(Operation *node,
                                              NodeInputs inputs);

/// Fails, with an error at `node`, when `node` reads or writes data at
/// indices taken from `inputs` (gather, gather_elements, scatter_elements,
/// scatter_nd) and one is out of range. The
/// rules check constant indices; the kernels assume every index is checked.
LogicalResult checkDataIndices(Operation *node, NodeInputs inputs);

/// The type of `node`'s (only) output.
inline RankedTensorType getOutputType(Operation *node) {
  return cast<RankedTensorType>(node->getResult(0).getType());
}

//===----------------------------------------------------------------------===//
// Indexing
//===----------------------------------------------------------------------===//

/// The row-major strides of `shape`.
SmallVector<int64_t> getRowMajorStrides(ArrayRef<int64_t> shape);

/// Strides that read a tensor of shape `from` at each index of shape `to`,
/// to which it broadcasts under NumPy rules (trailing dims aligned): one per
/// dim of `to`, 0 where `from` is missing or stretched from size 1.
SmallVector<int64_t> getBroadcastStrides(ArrayRef<int64_t> from,
                                         ArrayRef<int64_t> to);

/// The product of `dims`, which are dims of a tensor the evaluator holds (it
/// bounds the product of every tensor's nonzero dims).
int64_t getProduct(ArrayRef<int64_t> dims);

/// `axis` (an attribute the verifier has checked against `rank`) in
/// [0, rank).
int64_t getVerifiedAxis(int64_t axis, int64_t rank);

/// The linear offset of `index` under `strides`.
int64_t getOffset(ArrayRef<int64_t> index, ArrayRef<int64_t> strides);

/// The values of `indices` (i32 or i64), the index at each position read
/// for dimension `dimOf(position)` of `shape`: a negative one moved up by
/// the dimension's size. Fails at the first out of range, emitting the
/// error at `node`.
FailureOr<SmallVector<int64_t>>
readDataIndices(Operation *node, const HostTensor &indices,
                ArrayRef<int64_t> shape,
                llvm::function_ref<int64_t(int64_t)> dimOf);
/// readDataIndices of index tuples (gather_nd, scatter_nd): indices [..., k]
/// whose every tuple indexes the k dimensions of `shape` after `batch`.
FailureOr<SmallVector<int64_t>> readIndexTuples(Operation *node,
                                                const HostTensor &indices,
                                                ArrayRef<int64_t> shape,
                                                int64_t batch);

/// Calls `fn` with every index of `shape`, in row-major order (once, with
/// an empty index, for rank 0; never for a shape with no elements).
void forEachIndex(ArrayRef<int64_t> shape,
                  llvm::function_ref<void(ArrayRef<int64_t>)> fn);

//===----------------------------------------------------------------------===//
// Scalars
//===----------------------------------------------------------------------===//

/// Calls `fn` with a value of the C++ type that holds the elements of
/// `elementType`, a number: float (f32), int32_t (i32) or int64_t (i64).
template <typename Fn>
decltype(auto) visitNumericType(Type elementType, Fn &&fn) {
  if (elementType.isF32())
    return fn(float());
  if (elementType.isF64())
    return fn(double());
  if (elementType.isSignlessInteger(32))
    return fn(int32_t());
  assert(elementType.isSignlessInteger(64) && "not a numeric element type");
  return fn(int64_t());
}

/// visitNumericType for every sic element type: also bool (i1).
template <typename Fn>
decltype(auto) visitElementType(Type elementType, Fn &&fn) {
  if (elementType.isSignlessInteger(1))
    return fn(bool());
  return visitNumericType(elementType, std::forward<Fn>(fn));
}

/// visitElementType for every element type a model stores: also the
/// storage-only ones i8, i16 (int8_t, int16_t), ui8 to ui64 (uint8_t to
/// uint64_t), f16 (Float16) and bf16 (BFloat16), which only the graph's
/// inputs and outputs and sic.cast hold.
template <typename Fn>
decltype(auto) visitModelElementType(Type elementType, Fn &&fn) {
  if (elementType.isF16())
    return fn(Float16());
  if (elementType.isBF16())
    return fn(BFloat16());
  if (auto integer = dyn_cast<IntegerType>(elementType)) {
    bool isUnsigned = integer.isUnsigned();
    switch (integer.getWidth()) {
    case 8:
      return isUnsigned ? fn(uint8_t()) : fn(int8_t());
    case 16:
      return isUnsigned ? fn(uint16_t()) : fn(int16_t());
    case 32:
      if (isUnsigned)
        return fn(uint32_t());
      break;
    case 64:
      if (isUnsigned)
        return fn(uint64_t());
      break;
    }
  }
  return visitElementType(elementType, std::forward<Fn>(fn));
}
/// Integer arithmetic that wraps like two's complement (through unsigned
/// arithmetic, which has no overflow).
template <typename T> T wrappingAdd(T lhs, T rhs) {
  using U = std::make_unsigned_t<T>;
  return static_cast<T>(static_cast<U>(lhs) + static_cast<U>(rhs));
}
template <typename T> T wrappingSub(T lhs, T rhs) {
  using U = std::make_unsigned_t<T>;
  return static_cast<T>(static_cast<U>(lhs) - static_cast<U>(rhs));
}
template <typename T> T wrappingMul(T lhs, T rhs) {
  using U = std::make_unsigned_t<T>;
  return static_cast<T>(static_cast<U>(lhs) * static_cast<U>(rhs));
}

/// The identity of maximum: -inf for floats, the minimum for integers.
template <typename T> constexpr T lowest() {
  if constexpr (std::is_floating_point_v<T>)
    return -std::numeric_limits<T>::infinity();
  else
    return std::numeric_limits<T>::min();
}

/// The identity of minimum: +inf for floats, the maximum for integers.
template <typename T> constexpr T highest() {
  if constexpr (std::is_floating_point_v<T>)
    return std::numeric_limits<T>::infinity();
  else
    return std::numeric_limits<T>::max();
}

/// The larger of two values; for floats IEEE 754-2019 maximum: NaN if either
/// is NaN, and +0 above -0.
template <typename T> T maximum(T lhs, T rhs) {
  if constexpr (std::is_floating_point_v<T>) {
    if (std::isnan(lhs) || std::isnan(rhs))
      return std::numeric_limits<T>::quiet_NaN();
    if (lhs == rhs)
      return std::signbit(lhs) ? rhs : lhs;
  }
  return lhs < rhs ? rhs : lhs;
}

/// The smaller of two values; for floats IEEE 754-2019 minimum: NaN if either
/// is NaN, and -0 below +0.
template <typename T> T minimum(T lhs, T rhs) {
  if constexpr (std::is_floating_point_v<T>) {
    if (std::isnan(lhs) || std::isnan(rhs))
      return std::numeric_limits<T>::quiet_NaN();
    if (lhs == rhs)
      return std::signbit(lhs) ? lhs : rhs;
  }
  return rhs < lhs ? rhs : lhs;
}

} // namespace mlir::sic::reference

#endif // SIC_LIB_REFERENCE_KERNELS_H
