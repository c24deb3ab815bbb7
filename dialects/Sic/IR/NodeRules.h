//===- NodeRules.h - Helpers for the rules of sic nodes ---------*- C++ -*-===//
//
// Shared by the op-family files that implement inferOutputTypes. Each check
// emits an op error that names the input the way users see it,
// "input 'filter' (#1) expects rank 4, got 3", and returns failure().
//
//===----------------------------------------------------------------------===//

#ifndef SIC_IR_NODERULES_H
#define SIC_IR_NODERULES_H

#include "dialects/Sic/IR/SicOps.h"

namespace mlir::sic::rules {

/// The element types an op family accepts: f32; a float (f32, f64); a number
/// (f32, f64, i32, i64); i1; an integer (i32, i64); i1 or an integer (the
/// bitwise ops); any.
enum class Elements { F32, Float, Numeric, Bool, Integer, Bits, Any };

/// The type of input `index` (the ODS constraints make it a static tensor).
inline RankedTensorType getInputType(NodeOpInterface node, unsigned index) {
  return cast<RankedTensorType>(node->getOperand(index).getType());
}

/// Starts an error about input `index`: "input 'name' (#index) ".
InFlightDiagnostic emitInputError(NodeOpInterface node, unsigned index);

/// Input `index` has rank `rank`.
LogicalResult checkRank(NodeOpInterface node, unsigned index, int64_t rank);
/// Input `index` has rank >= `rank`.
LogicalResult checkMinRank(NodeOpInterface node, unsigned index, int64_t rank);
/// Input `index` has f32 elements.
LogicalResult checkF32(NodeOpInterface node, unsigned index);
/// Input `index` has elements of `elements`.
LogicalResult checkElements(NodeOpInterface node, unsigned index,
                            Elements elements);
/// Every input has f32 elements.
LogicalResult checkAllF32(NodeOpInterface node);
/// Every input has the element type of input 0, f32 or f64.
LogicalResult checkAllFloat(NodeOpInterface node);
/// Input `index` has the element type of input 0.
LogicalResult checkSameElementType(NodeOpInterface node, unsigned index);
/// Input `index` is 1-D with `size` elements.
LogicalResult checkVector(NodeOpInterface node, unsigned index, int64_t size);

/// Attribute `name` has `size` entries.
LogicalResult checkAttrSize(NodeOpInterface node, StringRef name,
                            ArrayRef<int64_t> values, size_t size);
/// Every entry of attribute `name` is >= `min`.
LogicalResult checkAttrMin(NodeOpInterface node, StringRef name,
                           ArrayRef<int64_t> values, int64_t min);
/// `value` (attribute `name`) is finite and >= 0.
LogicalResult checkNonNegative(NodeOpInterface node, StringRef name,
                               const APFloat &value);

/// The shortest text that reads back as `value` ("6", "1.0E-5").
std::string formatFloat(const APFloat &value);

/// Normalizes attribute `name`'s axis against `rank`, or emits an error.
FailureOr<int64_t> normalizeAxisAttr(NodeOpInterface node, StringRef name,
                                     int64_t axis, int64_t rank);
/// Normalizes a list of distinct axes against `rank`, or emits an error.
FailureOr<SmallVector<int64_t>> normalizeAxesAttr(NodeOpInterface node,
                                                  StringRef name,
                                                  ArrayRef<int64_t> axes,
                                                  int64_t rank);

/// One flag per dimension of a rank-`rank` tensor, set for the (normalized,
/// in-range) `axes`: linear, where searching the list per dimension would
/// be quadratic in hostile attribute lengths.
SmallVector<bool> markAxes(ArrayRef<int64_t> axes, int64_t rank);

/// Appends a tensor type of `shape` and `elementType` to `types`.
LogicalResult addOutput(SmallVectorImpl<Type> &types, ArrayRef<int64_t> shape,
                        Type elementType);

} // namespace mlir::sic::rules

#endif // SIC_IR_NODERULES_H
