//===- ReassociateReductions.cpp - The sic-reassociate-reductions pass ----===//

#include "sic/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"

namespace mlir::sic {
#define GEN_PASS_DEF_REASSOCIATEREDUCTIONSPASS
#include "sic/Transforms/Passes.h.inc"
} // namespace mlir::sic

using namespace mlir;

namespace {

struct ReassociateReductionsPass
    : public sic::impl::ReassociateReductionsPassBase<
          ReassociateReductionsPass> {
  void runOnOperation() override {
    getOperation().walk([](linalg::GenericOp generic) {
      if (generic.getNumReductionLoops() == 0)
        return;
      Block *body = generic.getBody();
      for (auto [yielded, init] :
           llvm::zip(body->getTerminator()->getOperands(),
                     generic.getRegionOutputArgs())) {
        Operation *combiner = yielded.getDefiningOp();
        // Only a combiner of the accumulator with one new value.
        if (!combiner || combiner->getBlock() != body ||
            !llvm::is_contained(combiner->getOperands(), init) ||
            !isa<arith::AddFOp, arith::MulFOp, arith::MaximumFOp,
                 arith::MinimumFOp>(combiner))
          continue;
        auto fastMath = cast<arith::ArithFastMathInterface>(combiner);
        arith::FastMathFlags flags = fastMath.getFastMathFlagsAttr().getValue();
        combiner->setAttr(fastMath.getFastMathAttrName(),
                          arith::FastMathFlagsAttr::get(
                              combiner->getContext(),
                              flags | arith::FastMathFlags::reassoc));
      }
    });
  }
};

} // namespace
