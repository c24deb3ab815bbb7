//===- VectorAccumulators.h - Row reductions in vector registers -*- C++
//-*-===//
//
// A row reduced chunk by chunk (sic-vectorize-generics) reduces each chunk
// across its lanes into the row's scalar: one horizontal reduction per
// chunk, each waiting for the one before. Keeping a vector accumulator
// instead combines each chunk lane by lane (one vector op) and reduces
// across lanes once per row, after the loop.
//
//===----------------------------------------------------------------------===//

#ifndef SIC_LIB_TRANSFORMS_VECTORACCUMULATORS_H
#define SIC_LIB_TRANSFORMS_VECTORACCUMULATORS_H

#include "mlir/IR/PatternMatch.h"

namespace mlir::sic {

/// Rewrites every scf.for under `root` that carries a one-element vector
/// accumulator through a vector.reduction of a chunk (extract, reduce,
/// re-insert, yield) to carry a vector accumulator of the chunk's shape,
/// starting from the reduction's neutral value, and reduce it across lanes
/// into the original accumulator after the loop. Float sums then add in a
/// different order (fixed at compile time); reductions whose kind has no
/// neutral value SIC knows are left as they are.
void keepVectorAccumulators(RewriterBase &rewriter, Operation *root);

} // namespace mlir::sic

#endif // SIC_LIB_TRANSFORMS_VECTORACCUMULATORS_H
