//===- Canonicalization.cpp - Every canonicalization pattern --------------===//

#include "Canonicalization.h"

#include "mlir/IR/Dialect.h"
#include "mlir/IR/MLIRContext.h"

void mlir::sic::populateCanonicalizationPatterns(RewritePatternSet &patterns) {
  MLIRContext *context = patterns.getContext();
  for (Dialect *dialect : context->getLoadedDialects())
    dialect->getCanonicalizationPatterns(patterns);
  for (RegisteredOperationName op : context->getRegisteredOperations())
    op.getCanonicalizationPatterns(patterns, context);
}
