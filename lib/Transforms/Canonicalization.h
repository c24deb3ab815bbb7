//===- Canonicalization.h - Every canonicalization pattern -----*- C++ -*-===//
//
// What the canonicalizer pass applies, for passes that canonicalize between
// their own steps.
//
//===----------------------------------------------------------------------===//

#ifndef SIC_LIB_TRANSFORMS_CANONICALIZATION_H
#define SIC_LIB_TRANSFORMS_CANONICALIZATION_H

#include "mlir/IR/PatternMatch.h"

namespace mlir::sic {

/// Adds the canonicalization patterns of every loaded dialect and
/// registered op to `patterns`.
void populateCanonicalizationPatterns(RewritePatternSet &patterns);

/// Canonicalizes `root` as the canonicalizer pass does.
LogicalResult canonicalize(Operation *root);

} // namespace mlir::sic

#endif // SIC_LIB_TRANSFORMS_CANONICALIZATION_H
