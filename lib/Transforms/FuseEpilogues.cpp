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

/// Whether `map` reads an operand broadcast along the loops it leaves out:
/// some of the loops, in their order.
bool isBroadcast(AffineMap map) {
  int64_t previous = -1;
  for (AffineExpr result : map.getResults()) {
    auto dim = dyn_cast<AffineDimExpr>(result);
    if (!dim || int64_t(dim.getPosition()) <= previous)
      return false;
    previous = dim.getPosition();
  }
  return true;
}

/// Whether `consumer` computes element by element from `value` at the same
/// index (and from other tensors of the same shape, or of its element type
/// broadcast along some dims: a bias), producing the same element type,
/// with scalar ops that also apply to vectors.
bool isEpilogue(linalg::GenericOp consumer, Value value) {
  if (consumer.getNumDpsInits() != 1 || consumer.getNumReductionLoops() != 0 ||
      !consumer.getMatchingIndexingMap(consumer.getDpsInitOperand(0))
           .isIdentity() ||
      consumer.getResult(0).getType() != value.getType() ||
      !value.hasOneUse() || consumer.payloadUsesValueFromOperand(
                                consumer.getDpsInitOperand(0)))
    return false;
  for (OpOperand *input : consumer.getDpsInputOperands()) {
    AffineMap map = consumer.getMatchingIndexingMap(input);
    bool same = input->get().getType() == value.getType() && map.isIdentity();
    bool broadcast =
        input->get() != value &&
        getElementTypeOrSelf(input->get()) == getElementTypeOrSelf(value) &&
        isBroadcast(map);
    if (!same && !broadcast)
      return false;
  }
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

/// The read of `operand` (read by `map` from the loops of the tile's
/// output) at the elements of the tile `tile` reads: at the same indices
/// for an operand of the output's shape, at the indices of its dims and
/// broadcast along the others for a broadcast one.
Value readAtTile(OpBuilder &b, Location loc, vector::TransferReadOp tile,
                 Value operand, AffineMap map) {
  if (map.isIdentity())
    return b.create<vector::TransferReadOp>(
        loc, tile.getVectorType(), operand, tile.getIndices(),
        tile.getPermutationMapAttr(), tile.getPadding(), tile.getMask(),
        tile.getInBoundsAttr());
  SmallVector<Value> indices;
  for (AffineExpr result : map.getResults())
    indices.push_back(
        tile.getIndices()[cast<AffineDimExpr>(result).getPosition()]);
  // Each dim of the tile's vector: the operand's dim read along the same
  // loop, or a broadcast.
  SmallVector<AffineExpr> vectorDims;
  for (AffineExpr result : tile.getPermutationMap().getResults()) {
    auto dim = dyn_cast<AffineDimExpr>(result);
    std::optional<unsigned> position =
        dim ? map.getResultPosition(dim) : std::nullopt;
    vectorDims.push_back(position ? b.getAffineDimExpr(*position)
                                  : b.getAffineConstantExpr(0));
  }
  auto permutation =
      AffineMap::get(map.getNumResults(), 0, vectorDims, b.getContext());
  SmallVector<bool> inBounds(vectorDims.size(), true);
  return b.create<vector::TransferReadOp>(
      loc, tile.getVectorType(), operand, indices,
      AffineMapAttr::get(permutation), tile.getPadding(), Value(),
      b.getBoolArrayAttr(inBounds));
}

void fuse(RewriterBase &rewriter, linalg::GenericOp consumer, Value value,
          ArrayRef<sic::AccumulatorTile> tiles) {
  Location loc = consumer.getLoc();
  // Read before the uses of `value` start moving to the fused tiles.
  SmallVector<Value> operands = consumer.getDpsInputs();
  SmallVector<AffineMap> maps;
  for (OpOperand *input : consumer.getDpsInputOperands())
    maps.push_back(consumer.getMatchingIndexingMap(input));
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
    for (auto [operand, map] : llvm::zip(operands, maps))
      inputs.push_back(readAtTile(
          rewriter, loc, read, operand == value ? accumulated : operand, map));
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
