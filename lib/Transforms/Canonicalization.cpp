//===- Canonicalization.cpp - Every canonicalization pattern --------------===//

#include "Canonicalization.h"

#include "mlir/IR/Dialect.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

void mlir::sic::populateCanonicalizationPatterns(RewritePatternSet &patterns) {
  MLIRContext *context = patterns.getContext();
  for (Dialect *dialect : context->getLoadedDialects())
    dialect->getCanonicalizationPatterns(patterns);
  for (RegisteredOperationName op : context->getRegisteredOperations())
    op.getCanonicalizationPatterns(patterns, context);
}

mlir::LogicalResult mlir::sic::canonicalize(Operation *root) {
  RewritePatternSet patterns(root->getContext());
  populateCanonicalizationPatterns(patterns);
  return applyPatternsAndFoldGreedily(root, std::move(patterns));
}
