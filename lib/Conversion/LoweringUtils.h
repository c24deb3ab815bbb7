//===- LoweringUtils.h - Building blocks of the sic lowerings ---*- C++ -*-===//

#ifndef SIC_LIB_CONVERSION_LOWERINGUTILS_H
#define SIC_LIB_CONVERSION_LOWERINGUTILS_H

#include "dialects/Sic/IR/SicOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/STLFunctionalExtras.h"

namespace mlir::sic {

/// Computes one scalar of a linalg.generic body from its scalar operands.
using ScalarBody =
    llvm::function_ref<Value(OpBuilder &, Location, ValueRange)>;

/// The type of `value`, which every sic tensor is: static and ranked.
RankedTensorType getTensorType(Value value);

/// A linalg.generic computing `resultType` elementwise; each input broadcasts
/// to it under NumPy rules (trailing alignment, size-1 dims stretch).
Value buildElementwise(OpBuilder &b, Location loc, RankedTensorType resultType,
                       ValueRange inputs, ScalarBody body);

/// An uninitialized tensor of `type`.
Value buildEmpty(OpBuilder &b, Location loc, RankedTensorType type);

/// A tensor of `type` filled with `scalar`.
Value buildFilled(OpBuilder &b, Location loc, RankedTensorType type,
                  Value scalar);

/// Reduces `input` over the dims in `reduced` (sorted, unique) with
/// `combine(element, accumulator)` starting from `init`; the reduced dims are
/// dropped from the result.
Value buildReduction(OpBuilder &b, Location loc, Value input,
                     ArrayRef<int64_t> reduced, Value init, ScalarBody combine);

/// `value` reinterpreted as `type` (same element count, row-major order)
/// through collapse/expand_shape, so it bufferizes to a view.
Value buildReshape(OpBuilder &b, Location loc, Value value,
                   RankedTensorType type);

/// `value` padded with `low`/`high` elements of `padValue` per dim.
Value buildPad(OpBuilder &b, Location loc, RankedTensorType type, Value value,
               ArrayRef<int64_t> low, ArrayRef<int64_t> high, Value padValue);

/// A scalar constant of `type` (float or integer) holding `value`; for an
/// integer type, `value` truncated toward zero and saturated (NaN: 0).
Value buildScalar(OpBuilder &b, Location loc, Type type, double value);

/// `x` converted to element type `to` as sic.cast converts (CastLowering.cpp);
/// either may be a storage-only type.
Value buildCast(OpBuilder &b, Location loc, Value x, Type to);

/// The lowest value of `type`: -inf for floats, the minimum for integers.
Value buildLowest(OpBuilder &b, Location loc, Type type);

/// `lhs op rhs` with FloatOp for float scalars, IntOp for integers.
template <typename FloatOp, typename IntOp>
Value buildBinary(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  if (isa<FloatType>(lhs.getType()))
    return b.create<FloatOp>(loc, lhs, rhs);
  return b.create<IntOp>(loc, lhs, rhs);
}

/// `lhs op rhs` for float or signed-integer scalars.
Value buildAdd(OpBuilder &b, Location loc, Value lhs, Value rhs);
Value buildMax(OpBuilder &b, Location loc, Value lhs, Value rhs);

/// Scalar float functions of the elementwise ops, shared with the
/// recurrent cells' gates (ScalarActivations.cpp).
/// max(low, min(high, x)).
Value buildClamp(OpBuilder &b, Location loc, Value x, double low, double high);
/// 1 / (1 + exp(-x)).
Value buildSigmoidScalar(OpBuilder &b, Location loc, Value x);
/// log(1 + exp(x)), as max(x, 0) + log1p(exp(-|x|)), which cannot overflow.
Value buildSoftplusScalar(OpBuilder &b, Location loc, Value x);
/// x / (1 + |x|).
Value buildSoftsignScalar(OpBuilder &b, Location loc, Value x);
/// clamp(alpha * x + beta, 0, 1).
Value buildHardSigmoidScalar(OpBuilder &b, Location loc, Value x, double alpha,
                             double beta);
/// x < 0 ? alpha * x : x.
Value buildLeakyReluScalar(OpBuilder &b, Location loc, Value x, double alpha);

/// The position along a dimension of `check.getSize()` elements that an
/// index read from data at run time (i32 or i64) selects, as an i64: a
/// negative one counts from the end. One out of range calls
/// sic.index_fault, which fails the run, and selects element 0 instead, so
/// no access leaves the tensor.
Value buildCheckedIndex(OpBuilder &b, Location loc, Value raw,
                        IndexCheckAttr check);

/// `value`, or a copy of it when it is a constant: code that reads a
/// tensor element by element in loops reads a copy, since once a loop of
/// one iteration folds away a constant's element would be read at constant
/// coordinates, and tensor.extract's folder aborts on a dense_resource
/// (../shared/notes/mlir19.md).
Value buildUnfoldable(OpBuilder &b, Location loc, Value value);

/// `data`, read element by element at `indices`: a dense_resource
/// constant read at constant indices becomes a dense attribute, so that
/// MLIR's folders, which abort on a dense_resource
/// (../shared/notes/mlir19.md), fold the reads to the elements the indices
/// select. Read at indices known at run time only, it stays a blob, used in
/// place.
Value buildFoldableData(OpBuilder &b, Location loc, Value data, Value indices);

/// Loops over `shape` from 0 in steps of 1, carrying `carried`; `body`
/// returns the carried values of the next iteration. No loop for an empty
/// shape: `body` runs once.
scf::LoopNest
buildShapeLoops(OpBuilder &b, Location loc, ArrayRef<int64_t> shape,
                ValueRange carried,
                function_ref<scf::ValueVector(OpBuilder &, Location, ValueRange,
                                              ValueRange)>
                    body);

/// Normalizes a (possibly negative) axis of a rank-`rank` tensor; the
/// verifier has checked its range.
int64_t normalizeVerifiedAxis(int64_t axis, int64_t rank);

} // namespace mlir::sic

#endif // SIC_LIB_CONVERSION_LOWERINGUTILS_H
