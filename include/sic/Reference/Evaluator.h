//===- Evaluator.h - The reference evaluator of sic models ------*- C++ -*-===//
//
// Evaluates a scheduled sic model (a func.func of sic nodes) with plain
// loops over host memory: the oracle that compiled models are tested
// against. It reads each node's attributes and computes; no MLIR lowering or
// execution engine is involved.
//
// Numerics: f32 elementwise functions are evaluated in double and rounded
// once; sums and dot products (matmul, gemm, conv2d, reductions, means and
// variances, softmax denominators, average pooling) accumulate in double.
// Integer arithmetic wraps (two's complement); integer division truncates
// toward zero, x / 0 is 0 and MIN / -1 is MIN. Float to integer conversion
// (cast, and pad's value on integer tensors) rounds toward zero, saturates,
// and maps NaN to 0; integer narrowing saturates; to i1, anything but 0
// (NaN included) is true. Float maxima and minima
// (max, min, relu, clip, max_pool2d, reduce_max, softmax's shift) follow IEEE
// 754-2019 maximum/minimum: NaN wins and -0 orders below +0. reduce_max over
// no elements gives the lowest value of the type (-inf for f32); means over
// no elements are NaN.
//
//===----------------------------------------------------------------------===//

#ifndef SIC_REFERENCE_EVALUATOR_H
#define SIC_REFERENCE_EVALUATOR_H

#include "dialects/Sic/IR/SicOps.h"
#include "sic/Support/HalfFloats.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinTypes.h"

#include "llvm/ADT/SmallVector.h"

#include <cassert>
#include <cstdint>
#include <type_traits>
#include <variant>
#include <vector>

namespace mlir::sic {

/// The container of a HostTensor's elements of C++ type `T`: a std::vector,
/// except for bool, whose std::vector packs bits.
template <typename T>
using HostElements =
    std::conditional_t<std::is_same_v<T, bool>, llvm::SmallVector<bool, 0>,
                       std::vector<T>>;

/// A dense row-major tensor in host memory, with the static shape and the
/// element type (f32, f64, i32, i64 or i1) of its RankedTensorType. The
/// values live in a HostElements of the element type's C++ type (float,
/// double, int32_t, int64_t, bool).
class HostTensor {
public:
  /// A tensor of `type` filled with zeros.
  explicit HostTensor(RankedTensorType type);

  /// A tensor of `type` holding `values` in row-major order. `T` must be the
  /// C++ type of the element type and `values` must hold every element.
  template <typename T>
  HostTensor(RankedTensorType type, std::vector<T> values)
      : type(type), values(std::move(values)) {
    checkValues<T>();
  }
  HostTensor(RankedTensorType type, llvm::SmallVector<bool, 0> values)
      : type(type), values(std::move(values)) {
    checkValues<bool>();
  }

  RankedTensorType getType() const { return type; }
  Type getElementType() const { return type.getElementType(); }
  ArrayRef<int64_t> getShape() const { return type.getShape(); }
  int64_t getNumElements() const { return type.getNumElements(); }

  /// Whether the elements are held as `T` (float, int32_t, int64_t, bool).
  template <typename T> bool holds() const {
    return std::holds_alternative<HostElements<T>>(values);
  }

  /// The elements in row-major order; `T` must be their C++ type.
  template <typename T> ArrayRef<T> getValues() const {
    assert(holds<T>() && "the tensor does not hold this element type");
    return *std::get_if<HostElements<T>>(&values);
  }
  template <typename T> MutableArrayRef<T> getValues() {
    assert(holds<T>() && "the tensor does not hold this element type");
    return *std::get_if<HostElements<T>>(&values);
  }

  /// The same elements under `newType`, which must have the same element
  /// type and number of elements (a reshape).
  HostTensor reshape(RankedTensorType newType) const;

  /// The elements' bytes, row-major, in the host's byte order.
  ArrayRef<char> getBytes() const;

private:
  template <typename T> void checkValues() const {
    assert(holds<T>() && "the values do not have the element type");
    assert(static_cast<int64_t>(getValues<T>().size()) == getNumElements() &&
           "the values do not fill the shape");
  }

  RankedTensorType type;
  std::variant<HostElements<float>, HostElements<double>, HostElements<int32_t>,
               HostElements<int64_t>, HostElements<bool>,
               // The storage-only types, held by the graph's inputs and
               // outputs and sic.cast.
               HostElements<int8_t>, HostElements<uint8_t>,
               HostElements<int16_t>, HostElements<uint16_t>,
               HostElements<uint32_t>, HostElements<uint64_t>,
               HostElements<Float16>, HostElements<BFloat16>>
      values;
};

/// Limits that keep the evaluator's memory bounded on any model.
struct ReferenceOptions {
  /// The largest tensor (input, constant or node output) the evaluator
  /// allocates, in bytes; a larger one is an error at its op.
  uint64_t maxTensorBytes = uint64_t(1) << 32;
};

/// Evaluates `function`, a scheduled sic model (block arguments are the model
/// inputs; the body holds sic.constant, sic nodes and func.return), on
/// `inputs` and returns its results in order. Fails with an error at the
/// function when it does not verify or the inputs do not match its signature
/// (count, element type, shape), and at the op for an op the evaluator does
/// not know, a constant without readable data, or a tensor over
/// `options.maxTensorBytes`. Tensors are freed after their last use.
FailureOr<SmallVector<HostTensor>>
evaluateReference(func::FuncOp function, ArrayRef<HostTensor> inputs,
                  const ReferenceOptions &options = {});

/// The output of one node on `inputs` (one per operand, of the operands'
/// types): the kernel the evaluator runs for it, for evaluating nodes on
/// constants at compile time. `node` must satisfy its op's rules and have
/// its inferred output type; std::nullopt when the evaluator does not know
/// its op. Allocates the output without a size check: the caller bounds it.
std::optional<HostTensor> evaluateNode(Operation *node,
                                       ArrayRef<const HostTensor *> inputs);

/// The value of a sic.constant, or an error at it when its data cannot be
/// read.
FailureOr<HostTensor> readConstantTensor(ConstantOp constant);

} // namespace mlir::sic

#endif // SIC_REFERENCE_EVALUATOR_H
