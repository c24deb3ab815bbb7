//===- PadInPlace.cpp - The sic-pad-in-place pass -------------------------===//
//
// tensor.pad bufferizes to a new buffer filled whole with the padding value
// and a copy of the tensor into its interior: two passes over a
// convolution's input for a border of one pixel. Here a pad of static
// shape and constant value becomes that buffer with its border filled
// (slabs along each padded dim) and the tensor inserted into its interior.
// When the tensor's producer writes into a tensor.empty (through its loops'
// iteration arguments, destination operands and vector transfer writes),
// it writes into the interior instead, and the insert is no copy: the
// border is all the pad costs. The tensor's later readers then read the
// interior.
//
//===----------------------------------------------------------------------===//

#include "sic/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Dominance.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::sic {
#define GEN_PASS_DEF_PADINPLACEPASS
#include "sic/Transforms/Passes.h.inc"
} // namespace mlir::sic

using namespace mlir;

namespace {

/// The use of a tensor.empty that `value`'s producer writes into, found
/// through destination operands, loops' initial values and transfer
/// writes, each value on the way read by the next op alone; nothing when
/// the chain ends elsewhere.
OpOperand *findEmptyDestination(Value value) {
  OpOperand *use = nullptr;
  for (;;) {
    auto result = dyn_cast<OpResult>(value);
    if (!result)
      return nullptr;
    Operation *op = result.getOwner();
    if (isa<tensor::EmptyOp>(op))
      return use;
    if (use && !value.hasOneUse())
      return nullptr;
    if (auto loop = dyn_cast<scf::ForOp>(op))
      use = &loop.getInitArgsMutable()[result.getResultNumber()];
    else if (auto write = dyn_cast<vector::TransferWriteOp>(op))
      use = &write.getSourceMutable();
    else if (auto dps = dyn_cast<DestinationStyleOpInterface>(op))
      use = dps.getTiedOpOperand(result);
    else
      return nullptr;
    if (!use)
      return nullptr;
    value = use->get();
  }
}

SmallVector<OpFoldResult> fold(OpBuilder &b, ArrayRef<int64_t> values) {
  return getAsIndexOpFoldResult(b.getContext(), values);
}

/// An empty tensor of `pad`'s type with its border filled with `value`:
/// for each padded dim, the slabs before and after the interior, whole in
/// the other dims.
Value buildBorder(OpBuilder &b, tensor::PadOp pad, Value value) {
  Location loc = pad.getLoc();
  RankedTensorType type = pad.getResultType();
  ArrayRef<int64_t> shape = type.getShape();
  ArrayRef<int64_t> low = pad.getStaticLow();
  ArrayRef<int64_t> high = pad.getStaticHigh();
  Value result = b.create<tensor::EmptyOp>(loc, shape, type.getElementType());
  for (unsigned dim = 0; dim < shape.size(); ++dim)
    for (auto [offset, size] : {std::pair(int64_t{0}, low[dim]),
                                std::pair(shape[dim] - high[dim], high[dim])}) {
      if (size == 0)
        continue;
      SmallVector<int64_t> offsets(shape.size(), 0), sizes(shape);
      SmallVector<int64_t> strides(shape.size(), 1);
      offsets[dim] = offset;
      sizes[dim] = size;
      Value slab = b.create<tensor::ExtractSliceOp>(
          loc, result, fold(b, offsets), fold(b, sizes), fold(b, strides));
      Value filled = b.create<linalg::FillOp>(loc, value, slab).getResult(0);
      result =
          b.create<tensor::InsertSliceOp>(loc, filled, result, fold(b, offsets),
                                          fold(b, sizes), fold(b, strides));
    }
  return result;
}

/// Whether `pad` has the static shapes and constant padding this pass
/// builds its buffer for.
bool isStaticConstantPad(tensor::PadOp pad) {
  return !pad.getNofold() && pad.getSourceType().hasStaticShape() &&
         pad.getResultType().hasStaticShape() &&
         pad.getConstantPaddingValue() &&
         !ShapedType::isDynamicShape(pad.getStaticLow()) &&
         !ShapedType::isDynamicShape(pad.getStaticHigh());
}

void rewrite(RewriterBase &rewriter, tensor::PadOp pad,
             DominanceInfo &dominance) {
  Location loc = pad.getLoc();
  Value value = pad.getConstantPaddingValue();
  OpOperand *empty = findEmptyDestination(pad.getSource());
  // The border goes before the producer, when the value is known there.
  Operation *at = pad;
  if (empty) {
    Operation *user =
        pad->getBlock()->findAncestorOpInBlock(*empty->getOwner());
    if (user && (value.getDefiningOp<arith::ConstantOp>() ||
                 dominance.properlyDominates(value, user)))
      at = user;
    else
      empty = nullptr;
  }
  rewriter.setInsertionPoint(at);
  if (auto constant = value.getDefiningOp<arith::ConstantOp>();
      constant && !dominance.properlyDominates(value, at))
    value = rewriter.clone(*constant)->getResult(0);
  Value border = buildBorder(rewriter, pad, value);
  // The interior: the source's place in the padded tensor.
  SmallVector<OpFoldResult> offsets = fold(rewriter, pad.getStaticLow());
  SmallVector<OpFoldResult> sizes =
      fold(rewriter, pad.getSourceType().getShape());
  SmallVector<OpFoldResult> strides(offsets.size(), rewriter.getIndexAttr(1));
  auto interiorOf = [&](Value tensor) -> Value {
    return rewriter.create<tensor::ExtractSliceOp>(loc, tensor, offsets, sizes,
                                                   strides);
  };
  if (empty) {
    Value interior = interiorOf(border);
    rewriter.modifyOpInPlace(empty->getOwner(), [&] { empty->set(interior); });
  }
  rewriter.setInsertionPoint(pad);
  Value source = pad.getSource();
  auto insert = rewriter.replaceOpWithNewOp<tensor::InsertSliceOp>(
      pad, source, border, offsets, sizes, strides);
  if (!empty)
    return;
  // Later readers of the source read the padded tensor's interior, the
  // same bytes: bufferization would otherwise see them read the source
  // after the insert wrote over it, and compute the source elsewhere.
  rewriter.setInsertionPointAfter(insert);
  Value interior = interiorOf(insert.getResult());
  Operation *inserted = insert;
  rewriter.replaceUsesWithIf(source, interior, [&](OpOperand &use) {
    return use.getOwner() != inserted &&
           dominance.properlyDominates(inserted, use.getOwner());
  });
}

struct PadInPlacePass : public sic::impl::PadInPlacePassBase<PadInPlacePass> {
  void runOnOperation() override {
    SmallVector<tensor::PadOp> pads;
    getOperation().walk([&](tensor::PadOp pad) {
      if (isStaticConstantPad(pad))
        pads.push_back(pad);
    });
    IRRewriter rewriter(&getContext());
    DominanceInfo dominance(getOperation());
    for (tensor::PadOp pad : pads)
      rewrite(rewriter, pad, dominance);
  }
};

} // namespace
