//===- FuseEpilogues.cpp - The sic-fuse-epilogues pass --------------------===//
//
// After a contraction's register tiles, its elementwise consumer (an
// activation, a residual add) is applied to each tile while the tile is
// still in registers: right after the tile's reduction loop, before the
// tile is stored. The consumer's own pass over memory and its output buffer
// disappear.
//
//===----------------------------------------------------------------------===//

#include "sic/Transforms/Passes.h"

#include "RegisterTiles.h"

#include "dialects/Sic/IR/SicDialect.h"
#include "sic/Support/NodeNames.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Dominance.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::sic {
#define GEN_PASS_DEF_FUSEEPILOGUESPASS
#include "sic/Transforms/Passes.h.inc"
} // namespace mlir::sic

using namespace mlir;

namespace {

/// Whether `consumer` computes element by element from `value` at the same
/// index (and from other tensors of the same shape), producing the same
/// element type, with scalar ops that also apply to vectors.
bool isEpilogue(linalg::GenericOp consumer, Value value) {
  if (consumer.getNumDpsInits() != 1 || consumer.getNumReductionLoops() != 0 ||
      !consumer.getMatchingIndexingMap(consumer.getDpsInitOperand(0))
           .isIdentity() ||
      consumer.getResult(0).getType() != value.getType() ||
      !value.hasOneUse() || consumer.payloadUsesValueFromOperand(
                                consumer.getDpsInitOperand(0)))
    return false;
  for (OpOperand *input : consumer.getDpsInputOperands())
    if (input->get().getType() != value.getType() ||
        !consumer.getMatchingIndexingMap(input).isIdentity())
      return false;
  Block *body = consumer.getBody();
  for (Operation &op : body->without_terminator()) {
    if (op.getNumRegions() != 0 ||
        !(isa<arith::ConstantOp>(op) ||
          OpTrait::hasElementwiseMappableTraits(&op)))
      return false;
    for (Value operand : op.getOperands())
      if (operand.getParentBlock() != body &&
          !(operand.getType().isIntOrFloat() &&
            operand.getDefiningOp<arith::ConstantOp>()))
        return false;
  }
  return true;
}

/// `consumer`'s body on vectors of `type`, applied to `inputs`.
Value buildVectorBody(OpBuilder &b, linalg::GenericOp consumer,
                      ValueRange inputs, VectorType type) {
  IRMapping mapping;
  Block *body = consumer.getBody();
  for (auto [arg, input] : llvm::zip(body->getArguments(), inputs))
    mapping.map(arg, input);
  for (Operation &op : body->without_terminator()) {
    if (auto constant = dyn_cast<arith::ConstantOp>(op)) {
      auto splatType = type.clone(constant.getType());
      mapping.map(constant.getResult(),
                  b.create<arith::ConstantOp>(
                      op.getLoc(), splatType,
                      DenseElementsAttr::get(splatType, constant.getValue())));
      continue;
    }
    OperationState state(op.getLoc(), op.getName());
    for (Value operand : op.getOperands()) {
      // A constant from outside the body, splat.
      if (!mapping.contains(operand)) {
        auto constant = operand.getDefiningOp<arith::ConstantOp>();
        auto splatType = type.clone(operand.getType());
        mapping.map(operand,
                    b.create<arith::ConstantOp>(
                        op.getLoc(), splatType,
                        DenseElementsAttr::get(splatType, constant.getValue())));
      }
      state.addOperands(mapping.lookup(operand));
    }
    for (Type result : op.getResultTypes())
      state.addTypes(type.clone(result));
    state.addAttributes(op.getAttrs());
    Operation *vectorOp = b.create(state);
    mapping.map(op.getResults(), vectorOp->getResults());
  }
  return mapping.lookup(body->getTerminator()->getOperand(0));
}

void fuse(RewriterBase &rewriter, linalg::GenericOp consumer, Value value,
          ArrayRef<sic::AccumulatorTile> tiles) {
  Location loc = consumer.getLoc();
  // Read before the uses of `value` start moving to the fused tiles.
  SmallVector<Value> operands = consumer.getDpsInputs();
  OpOperand *result = nullptr;
  for (OpOperand *input : consumer.getDpsInputOperands())
    if (input->get() == value)
      result = input;
  for (sic::AccumulatorTile tile : tiles) {
    vector::TransferReadOp read = tile.read;
    Value accumulated = tile.loop.getResult(0);
    SmallVector<OpOperand *> uses =
        llvm::to_vector(llvm::make_pointer_range(accumulated.getUses()));
    rewriter.setInsertionPointAfter(tile.loop);
    SmallVector<Value> inputs;
    for (Value operand : operands) {
      Value source = operand == value ? accumulated : operand;
      inputs.push_back(rewriter.create<vector::TransferReadOp>(
          loc, read.getVectorType(), source, read.getIndices(),
          read.getPermutationMapAttr(), read.getPadding(), read.getMask(),
          read.getInBoundsAttr()));
    }
    Value result =
        buildVectorBody(rewriter, consumer, inputs, read.getVectorType());
    Value written = rewriter.create<vector::TransferWriteOp>(
        loc, result, accumulated, read.getIndices(),
        read.getPermutationMapAttr(), read.getInBoundsAttr()).getResult();
    for (OpOperand *use : uses)
      rewriter.modifyOpInPlace(use->getOwner(), [&] { use->set(written); });
    // The epilogue's ops, from the tile's loop to its write, compute both
    // nodes: their locations name both.
    Operation *write = written.getDefiningOp();
    for (Operation *op = tile.loop->getNextNode();; op = op->getNextNode()) {
      rewriter.modifyOpInPlace(op, [&] {
        op->setLoc(sic::getFusedLoc(op->getLoc(), tile.loop.getLoc()));
      });
      if (op == write)
        break;
    }
  }
  // The consumer now reads the last tile's fused result.
  rewriter.replaceOp(consumer, result->get());
}

struct FuseEpiloguesPass
    : public sic::impl::FuseEpiloguesPassBase<FuseEpiloguesPass> {
  void runOnOperation() override {
    SmallVector<
        std::tuple<linalg::GenericOp, Value, SmallVector<sic::AccumulatorTile>>>
        fusions;
    DominanceInfo dominance(getOperation());
    getOperation().walk([&](linalg::GenericOp consumer) {
      for (OpOperand *input : consumer.getDpsInputOperands()) {
        std::optional<sic::TileChain> chain = sic::findTileChain(input->get());
        if (!chain || !isEpilogue(consumer, input->get()))
          continue;
        // The consumer's other inputs are read inside the tiles.
        bool available =
            llvm::all_of(consumer.getDpsInputs(), [&](Value other) {
              return other == input->get() ||
                     llvm::all_of(chain->tiles, [&](auto tile) {
                       return dominance.properlyDominates(other, tile.loop);
                     });
            });
        if (available) {
          fusions.emplace_back(consumer, input->get(), std::move(chain->tiles));
          return;
        }
      }
    });
    IRRewriter rewriter(&getContext());
    for (auto &[consumer, value, tiles] : fusions)
      fuse(rewriter, consumer, value, tiles);
    getOperation().walk([](scf::ForOp loop) {
      loop->removeAttr(sic::SicDialect::TileLoopAttrHelper::getNameStr());
    });
  }
};

} // namespace
