//===- ReductionTrees.h - Horizontal min/max in vector registers -*- C++
//-*-===//
//
// LLVM expands a horizontal maximumf or minimumf (NaN-propagating, -0
// ordered below +0) by narrowing the vector and finishing on scalars, where
// each step moves lanes to general registers to compare signs, and a
// horizontal maxnumf or minnumf (NaN-ignoring) lane after lane: a row of
// 128 spends more on its one horizontal maximum than on its 8 vector
// maxima. The four ops are associative and commutative, so any tree of
// them gives the same value: this one halves the vector while it is wider
// than 4 lanes, then stays 4 lanes wide (lanes swapped by shuffles) until
// lane 0 holds the result, every step a vector op.
//
//===----------------------------------------------------------------------===//

#ifndef SIC_LIB_TRANSFORMS_REDUCTIONTREES_H
#define SIC_LIB_TRANSFORMS_REDUCTIONTREES_H

#include "mlir/IR/PatternMatch.h"

namespace mlir::sic {

/// Rewrites every vector.reduction <maximumf>, <minimumf>, <maxnumf> and
/// <minnumf> under `root`
/// of a 1-D float vector of at least 4 lanes (a power of two) into a tree of
/// vector ops.
void buildMinMaxReductionTrees(RewriterBase &rewriter, Operation *root);

} // namespace mlir::sic

#endif // SIC_LIB_TRANSFORMS_REDUCTIONTREES_H
