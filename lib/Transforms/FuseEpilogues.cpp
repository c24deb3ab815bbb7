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

/// One tile's reduction loop and the read of its accumulators.
struct Tile {
  scf::ForOp loop;
  vector::TransferReadOp read;
};

/// The #sic.tile_loop sic-vectorize-contractions put on `loop`, if any.
sic::TileLoopAttr getTileLoop(scf::ForOp loop) {
  return loop ? loop->getAttrOfType<sic::TileLoopAttr>(
                    sic::SicDialect::TileLoopAttrHelper::getNameStr())
              : nullptr;
}

/// Whether `tensor`, inside loop `top`, is the tensor top's iterations
/// carry: top's iteration argument, or that of a loop nested in it whose
/// initial value is such a tensor (and not, say, a slice of it).
bool isCarried(Value tensor, scf::ForOp top) {
  while (auto arg = dyn_cast<BlockArgument>(tensor)) {
    auto loop = dyn_cast<scf::ForOp>(arg.getOwner()->getParentOp());
    if (!loop || arg.getArgNumber() == 0)
      return false;
    if (loop == top)
      return true;
    tensor = loop.getInitArgs()[arg.getArgNumber() - 1];
  }
  return false;
}

/// The register tiles that compute `value`, the result of one tiled
/// contraction, following the chain of its peeled loop nests back to the
/// accumulators' initial value; nothing unless every tile there is
/// vectorized, reads its accumulators from the whole carried tensor at
/// indices fixed outside its reduction loop, and writes them back.
std::optional<SmallVector<Tile>> findTiles(Value value) {
  auto loop = value.getDefiningOp<scf::ForOp>();
  sic::TileLoopAttr first = getTileLoop(loop);
  if (!first)
    return std::nullopt;
  SmallVector<Tile> tiles;
  while (getTileLoop(loop) &&
         getTileLoop(loop).getContraction() == first.getContraction()) {
    bool complete = true;
    loop->walk([&](Operation *op) {
      if (isa<linalg::LinalgOp>(op))
        complete = false;
      auto contract = dyn_cast<vector::ContractionOp>(op);
      if (!contract)
        return;
      auto reduction = contract->getParentOfType<scf::ForOp>();
      while (reduction &&
             !(getTileLoop(reduction) && getTileLoop(reduction).getRole() ==
                                             sic::TileLoopRole::Accumulation))
        reduction = reduction->getParentOfType<scf::ForOp>();
      bool nested = reduction && loop->isProperAncestor(reduction);
      if (!reduction || reduction.getNumRegionIterArgs() != 1 ||
          (reduction != loop &&
           !(nested && isCarried(reduction.getInitArgs()[0], loop)))) {
        complete = false;
        return;
      }
      // The loop whose iterations read and write the accumulators: the
      // reduction's, or the innermost of the reductions nested in it (a
      // convolution's window), each carrying the tensor of the one around
      // it and nothing else.
      scf::ForOp innermost = contract->getParentOfType<scf::ForOp>();
      for (scf::ForOp inner = innermost; inner != reduction;) {
        auto outer = inner->getParentOfType<scf::ForOp>();
        if (inner.getNumRegionIterArgs() != 1 || !outer ||
            inner.getInitArgs()[0] != outer.getRegionIterArgs()[0] ||
            !outer.getRegionIterArgs()[0].hasOneUse() ||
            outer.getBody()->getTerminator()->getOperand(0) !=
                inner.getResult(0)) {
          complete = false;
          return;
        }
        inner = outer;
      }
      if (llvm::any_of(tiles, [&](Tile tile) { return tile.loop == reduction; }))
        return;
      // The accumulators: read once from the loop's tensor and written back
      // once at the same place, the write being what the loop carries on.
      vector::TransferReadOp read;
      vector::TransferWriteOp write;
      unsigned uses = 0;
      for (Operation *user : innermost.getRegionIterArgs()[0].getUsers()) {
        ++uses;
        if (auto candidate = dyn_cast<vector::TransferReadOp>(user))
          read = candidate;
        if (auto candidate = dyn_cast<vector::TransferWriteOp>(user))
          write = candidate;
      }
      if (uses != 2 || !read || !write ||
          write.getIndices() != read.getIndices() ||
          write.getVectorType() != read.getVectorType() ||
          innermost.getBody()->getTerminator()->getOperand(0) !=
              write.getResult() ||
          llvm::any_of(read.getIndices(), [&](Value index) {
            return reduction->isAncestor(index.getParentBlock()->getParentOp());
          })) {
        complete = false;
        return;
      }
      tiles.push_back({reduction, read});
    });
    if (!complete)
      return std::nullopt;
    unsigned result = cast<OpResult>(value).getResultNumber();
    value = loop.getInitArgs()[result];
    loop = value.getDefiningOp<scf::ForOp>();
  }
  return tiles.empty() ? std::nullopt : std::optional(tiles);
}

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
          ArrayRef<Tile> tiles) {
  Location loc = consumer.getLoc();
  // Read before the uses of `value` start moving to the fused tiles.
  SmallVector<Value> operands = consumer.getDpsInputs();
  OpOperand *result = nullptr;
  for (OpOperand *input : consumer.getDpsInputOperands())
    if (input->get() == value)
      result = input;
  for (Tile tile : tiles) {
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
    SmallVector<std::tuple<linalg::GenericOp, Value, SmallVector<Tile>>>
        fusions;
    DominanceInfo dominance(getOperation());
    getOperation().walk([&](linalg::GenericOp consumer) {
      for (OpOperand *input : consumer.getDpsInputOperands()) {
        std::optional<SmallVector<Tile>> tiles = findTiles(input->get());
        if (!tiles || !isEpilogue(consumer, input->get()))
          continue;
        // The consumer's other inputs are read inside the tiles.
        bool available =
            llvm::all_of(consumer.getDpsInputs(), [&](Value other) {
              return other == input->get() ||
                     llvm::all_of(*tiles, [&](Tile tile) {
                       return dominance.properlyDominates(other, tile.loop);
                     });
            });
        if (available) {
          fusions.emplace_back(consumer, input->get(), std::move(*tiles));
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
