//===- LowerVectors.cpp - The sic-lower-vectors pass ----------------------===//

#include "sic/Transforms/Passes.h"

#include "Canonicalization.h"
#include "ReductionTrees.h"
#include "VectorAccumulators.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/Transforms/Hoisting.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/MemRef/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/IR/Dominance.h"
#include "mlir/Transforms/CSE.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <functional>

namespace mlir::sic {
#define GEN_PASS_DEF_LOWERVECTORSPASS
#include "sic/Transforms/Passes.h.inc"
} // namespace mlir::sic

using namespace mlir;

namespace {

using PatternAdder = std::function<void(RewritePatternSet &)>;

LogicalResult applyOnce(Operation *root, const PatternAdder &add) {
  RewritePatternSet patterns(root->getContext());
  add(patterns);
  return applyPatternsAndFoldGreedily(root, std::move(patterns));
}

struct LowerVectorsPass
    : public sic::impl::LowerVectorsPassBase<LowerVectorsPass> {
  void runOnOperation() override {
    Operation *func = getOperation();
    bool hasVectors = false;
    func->walk([&](Operation *op) {
      if (isa<vector::VectorDialect>(op->getDialect()))
        hasVectors = true;
    });
    if (!hasVectors)
      return;

    // Transfers index the buffers directly, and equal indices are one
    // value: hoisting compares values and does nothing without both.
    if (failed(applyOnce(func, [](RewritePatternSet &patterns) {
          memref::populateFoldMemRefAliasOpPatterns(patterns);
          sic::populateCanonicalizationPatterns(patterns);
        })))
      return signalPassFailure();
    IRRewriter rewriter(&getContext());
    DominanceInfo dominance;
    eliminateCommonSubExpressions(rewriter, dominance, func);
    // The accumulators' reads and writes leave the reduction loop.
    linalg::hoistRedundantVectorTransfers(func);

    vector::VectorTransformsOptions options;
    options.setVectorTransformsOptions(vector::VectorContractLowering::OuterProduct);
    PatternAdder steps[] = {
        [&](RewritePatternSet &patterns) {
          vector::populateVectorContractLoweringPatterns(patterns, options);
          vector::populateVectorMultiReductionLoweringPatterns(
              patterns, vector::VectorMultiReductionLowering::InnerReduction);
        },
        [](RewritePatternSet &patterns) {
          vector::populateVectorOuterProductLoweringPatterns(patterns);
        },
        [&](RewritePatternSet &patterns) {
          vector::populateVectorTransferPermutationMapLoweringPatterns(patterns);
          vector::populateVectorTransferLoweringPatterns(patterns,
                                                         /*maxTransferRank=*/1);
          vector::populateVectorBroadcastLoweringPatterns(patterns);
          vector::populateVectorShapeCastLoweringPatterns(patterns);
          vector::populateVectorTransposeLoweringPatterns(patterns, options);
        },
    };
    for (const PatternAdder &step : steps)
      if (failed(applyOnce(func, step)))
        return signalPassFailure();
    sic::keepVectorAccumulators(rewriter, func);
    sic::buildMinMaxReductionTrees(rewriter, func);
    // A row's reduction may add in any order: LLVM then reduces a vector
    // as a tree instead of one lane after another.
    func->walk([](vector::ReductionOp reduction) {
      if (isa<FloatType>(reduction.getType()))
        reduction.setFastmathAttr(arith::FastMathFlagsAttr::get(
            reduction.getContext(),
            reduction.getFastmath() | arith::FastMathFlags::reassoc));
    });
  }
};

} // namespace
