//===- FuseElementwise.cpp - The sic-fuse-elementwise pass ----------------===//

#include "sic/Transforms/Passes.h"

#include "BodyEffects.h"

#include "sic/Support/NodeNames.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::sic {
#define GEN_PASS_DEF_FUSEELEMENTWISEPASS
#include "sic/Transforms/Passes.h.inc"
} // namespace mlir::sic

using namespace mlir;

namespace {

/// Whether `op`'s body reads the current value of an output: an
/// accumulation (a reduction over no dims has only parallel loops, yet
/// adds to its output), not a function of the inputs alone.
bool readsOutputs(linalg::GenericOp op) {
  return llvm::any_of(op.getDpsInitsMutable(), [&](OpOperand &init) {
    return op.payloadUsesValueFromOperand(&init);
  });
}

/// Fuse a single-use producer into an all-parallel consumer only, and only
/// a producer whose body is a function of its inputs without side effects:
/// fused, it runs once per element of the consumer, so once per element of
/// a broadcast too.
bool shouldFuse(OpOperand *operand) {
  Operation *producer = operand->get().getDefiningOp();
  auto consumer = dyn_cast<linalg::GenericOp>(operand->getOwner());
  auto generic = dyn_cast_or_null<linalg::GenericOp>(producer);
  return producer && producer->hasOneUse() && consumer &&
         consumer.getNumReductionLoops() == 0 &&
         !(generic && (readsOutputs(generic) || sic::hasBodyEffects(generic)));
}

/// Whether the reshape that produces `operand` should fold into its
/// consumer by collapsing the consumer's loops: an all-parallel generic
/// reading a contraction's result expanded (a MatMul of a [B, M, K] input,
/// computed as [B * M, K]), which can then apply to the contraction's
/// register tiles (sic-fuse-epilogues).
bool shouldCollapse(OpOperand *operand) {
  auto consumer = dyn_cast<linalg::GenericOp>(operand->getOwner());
  auto expand = operand->get().getDefiningOp<tensor::ExpandShapeOp>();
  auto contraction =
      expand ? expand.getSrc().getDefiningOp<linalg::LinalgOp>() : nullptr;
  return consumer && consumer.getNumReductionLoops() == 0 && contraction &&
         linalg::isaContractionOpInterface(contraction);
}

/// Names in `op`'s location every node whose computation its body holds:
/// fusion builds the fused op at the consumer's location, while the body
/// ops it moves in keep the producers'. What a fused kernel is made of then
/// reads from its location (`--emit=dot` draws it).
void nameFusedNodes(linalg::GenericOp op) {
  Location loc = op.getLoc();
  op.getBody()->walk(
      [&](Operation *inner) { loc = sic::getFusedLoc(loc, inner->getLoc()); });
  op->setLoc(loc);
}

struct FuseElementwisePass
    : public sic::impl::FuseElementwisePassBase<FuseElementwisePass> {
  void runOnOperation() override {
    // A transpose is a copy with permuted indices: as a generic it fuses
    // with the elementwise ops around it and with other transposes.
    SmallVector<linalg::TransposeOp> transposes;
    getOperation().walk(
        [&](linalg::TransposeOp op) { transposes.push_back(op); });
    IRRewriter rewriter(&getContext());
    for (linalg::TransposeOp op : transposes) {
      rewriter.setInsertionPoint(op);
      if (failed(linalg::generalizeNamedOp(rewriter, op)))
        return signalPassFailure();
    }
    RewritePatternSet patterns(&getContext());
    linalg::populateElementwiseOpsFusionPatterns(patterns, shouldFuse);
    if (failed(applyPatternsAndFoldGreedily(getOperation(),
                                            std::move(patterns)))) {
      signalPassFailure();
      return;
    }
    getOperation().walk(nameFusedNodes);
    // After fusion: the fused consumer then collapses as a whole.
    RewritePatternSet collapsing(&getContext());
    linalg::populateFoldReshapeOpsByCollapsingPatterns(collapsing,
                                                       shouldCollapse);
    if (failed(applyPatternsAndFoldGreedily(getOperation(),
                                            std::move(collapsing))))
      signalPassFailure();
  }
};

} // namespace
