//===- F32Constants.h - Reading and writing f32 constants -------*- C++ -*-===//
//
// What sic-fold-into-contractions reads of the constants it folds and how
// it writes new ones. Every new value is computed in double and rounded
// once to f32; a computation with a value that is not finite yields nothing.
//
//===----------------------------------------------------------------------===//

#ifndef SIC_TRANSFORMS_F32CONSTANTS_H
#define SIC_TRANSFORMS_F32CONSTANTS_H

#include "dialects/Sic/IR/SicOps.h"

#include "mlir/IR/PatternMatch.h"

#include <optional>
#include <vector>

namespace mlir::sic {

/// The sic.constant of f32 elements that defines `value`, if any.
ConstantOp getF32Constant(Value value);

/// A constant's op and its elements, read once.
struct ConstantValues {
  ConstantOp op;
  std::vector<float> values;

  RankedTensorType getType() const {
    return cast<RankedTensorType>(op->getResult(0).getType());
  }
};

/// The elements of `value` when a readable f32 sic.constant defines it.
std::optional<ConstantValues> readF32Constant(Value value);

/// `count` values `compute(i)`, each rounded to f32; nothing when one of
/// them is not finite.
std::optional<std::vector<float>>
computeF32(int64_t count, function_ref<double(int64_t)> compute);

/// A new sic.constant of `type` holding `values`, at `loc`. When `like`
/// holds a dense_resource blob the new constant does too (named after it),
/// so weights stay out of the IR text as the importers keep them; otherwise
/// it holds a dense attribute.
Value createConstant(RewriterBase &rewriter, Location loc,
                     RankedTensorType type, ArrayRef<float> values,
                     ConstantOp like);

RankedTensorType getF32TensorType(MLIRContext *context,
                                  ArrayRef<int64_t> shape);

/// A contraction's weight, rewritten: where it goes and its new elements.
struct NewConstant {
  Location loc;
  RankedTensorType type;
  std::vector<float> values;
  ConstantOp like;

  Value create(RewriterBase &rewriter) const {
    return createConstant(rewriter, loc, type, values, like);
  }
};

} // namespace mlir::sic

#endif // SIC_TRANSFORMS_F32CONSTANTS_H
