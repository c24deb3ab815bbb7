//===- LowerVectors.cpp - The sic-lower-vectors pass ----------------------===//

#include "sic/Transforms/Passes.h"

#include "dialects/Sic/IR/SicDialect.h"

#include "Canonicalization.h"
#include "ReductionTrees.h"
#include "VectorAccumulators.h"
#include "ViewedBuffer.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/Transforms/Hoisting.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/MemRef/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/Dialect/X86Vector/Transforms.h"
#include "mlir/IR/Dominance.h"
#include "mlir/Interfaces/ViewLikeInterface.h"
#include "mlir/Transforms/CSE.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/Transforms/LoopInvariantCodeMotionUtils.h"

#include "llvm/TargetParser/Triple.h"

#include <functional>

namespace mlir::sic {
#define GEN_PASS_DEF_LOWERVECTORSPASS
#include "sic/Transforms/Passes.h.inc"
} // namespace mlir::sic

using namespace mlir;

namespace {

using PatternAdder = std::function<void(RewritePatternSet &)>;

/// Whether an op in `loop` reaches a buffer that a transfer in it reads or
/// writes through a view made outside the loop. Hoisting a transfer pair
/// proves the rest of the loop leaves its buffer alone from the buffer's
/// uses inside the loop only, so it would miss that access (a recurrence's
/// step reading the state the step before wrote).
bool accessesThroughOuterViews(scf::ForOp loop) {
  llvm::SmallPtrSet<Value, 4> transferred;
  loop->walk([&](Operation *op) {
    if (auto read = dyn_cast<vector::TransferReadOp>(op))
      transferred.insert(read.getSource());
    else if (auto write = dyn_cast<vector::TransferWriteOp>(op))
      transferred.insert(write.getSource());
  });
  return loop
      ->walk([&](Operation *user) {
        for (Value operand : user->getOperands()) {
          auto view = operand.getDefiningOp<ViewLikeOpInterface>();
          if (view && !loop->isAncestor(view) &&
              transferred.contains(sic::getViewedBuffer(operand)))
            return WalkResult::interrupt();
        }
        return WalkResult::advance();
      })
      .wasInterrupted();
}

/// Hoists the transfer pairs of `nest` and the loops in it, as far as just
/// before `nest`. The hoisting replaces each loop it hoists out of, so it
/// runs on a region wrapped around the nest, unwrapped afterwards.
void hoistInNest(scf::ForOp nest) {
  OpBuilder builder(nest);
  Location loc = nest.getLoc();
  auto wrapper =
      builder.create<scf::ExecuteRegionOp>(loc, nest.getResultTypes());
  Block *block = builder.createBlock(&wrapper.getRegion());
  auto yield = builder.create<scf::YieldOp>(loc, nest.getResults());
  nest->replaceUsesWithIf(wrapper.getResults(), [&](OpOperand &use) {
    return use.getOwner() != yield;
  });
  nest->moveBefore(yield);
  linalg::hoistRedundantVectorTransfers(wrapper);
  wrapper.replaceAllUsesWith(block->getTerminator()->getOperands());
  for (Operation &op : llvm::make_early_inc_range(block->without_terminator()))
    op.moveBefore(wrapper);
  wrapper.erase();
}

/// Hoists the accumulators' reads and writes out of the loops that no
/// access through an outer view makes unsafe: the largest nests without
/// one, each as a whole.
void hoistAccumulatorTransfers(Operation *func) {
  func->walk([](scf::ForOp loop) { moveLoopInvariantCode(loop); });
  llvm::SmallPtrSet<Operation *, 4> unsafe;
  func->walk([&](scf::ForOp loop) {
    if (accessesThroughOuterViews(loop))
      unsafe.insert(loop);
  });
  if (unsafe.empty()) {
    linalg::hoistRedundantVectorTransfers(func);
    return;
  }
  SmallVector<scf::ForOp> nests;
  func->walk<WalkOrder::PreOrder>([&](scf::ForOp loop) {
    bool clean = !loop->walk([&](scf::ForOp inner) {
                        return unsafe.contains(inner) ? WalkResult::interrupt()
                                                      : WalkResult::advance();
                      })
                      .wasInterrupted();
    if (!clean)
      return WalkResult::advance();
    nests.push_back(loop);
    return WalkResult::skip();
  });
  for (scf::ForOp nest : nests)
    hoistInNest(nest);
}

LogicalResult applyOnce(Operation *root, const PatternAdder &add) {
  RewritePatternSet patterns(root->getContext());
  add(patterns);
  return applyPatternsAndFoldGreedily(root, std::move(patterns));
}

/// Adds the lowering of vector.transpose for `target`: on x86 with AVX
/// (256-bit vectors) an 8x8 f32 transpose is 24 shuffles and blends of
/// whole registers (x86vector's AVX2 lowering); with AVX-512, 16x16 ones
/// are shuffles tailored for it; any other transpose is one shuffle of
/// its elements as a flat vector, which LLVM's shuffle lowering splits
/// into register shuffles. (Element by element, an 8x8 transpose was 119
/// instructions on a Zen 3; one flat shuffle, 89; the AVX2 lowering, 37.)
void addTransposeLowering(RewritePatternSet &patterns, sic::TargetAttr target,
                          vector::VectorTransformsOptions options) {
  bool x86 = llvm::Triple(target.getTriple()).isX86();
  options.setVectorTransposeLowering(
      x86 && target.getVectorBits() == 512
          ? vector::VectorTransposeLowering::Shuffle16x16
          : vector::VectorTransposeLowering::Shuffle1D);
  vector::populateVectorTransposeLoweringPatterns(patterns, options);
  if (x86 && target.getVectorBits() == 256)
    x86vector::avx2::populateSpecializedTransposeLoweringPatterns(
        patterns,
        x86vector::avx2::LoweringOptions().setTransposeOptions(
            x86vector::avx2::TransposeLoweringOptions().lower8x8xf32()));
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
    FailureOr<sic::TargetAttr> target = sic::requireTarget(func);
    if (failed(target))
      return signalPassFailure();

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
    hoistAccumulatorTransfers(func);

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
          // Rows narrower than a register that are contiguous in memory
          // (a transpose's tile of 4 columns) are one read or write of
          // whole registers, not a register-half each.
          vector::populateFlattenVectorTransferPatterns(
              patterns, target->getVectorBits());
          vector::populateVectorTransferLoweringPatterns(patterns,
                                                         /*maxTransferRank=*/1);
          vector::populateVectorBroadcastLoweringPatterns(patterns);
          vector::populateVectorShapeCastLoweringPatterns(patterns);
          addTransposeLowering(patterns, *target, options);
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
