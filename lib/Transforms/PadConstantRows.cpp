//===- PadConstantRows.cpp - The sic-pad-constant-rows pass ---------------===//

#include "sic/Transforms/Passes.h"

#include "dialects/Sic/IR/SicDialect.h"

#include "ConstantBytes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::sic {
#define GEN_PASS_DEF_PADCONSTANTROWSPASS
#include "sic/Transforms/Passes.h.inc"
} // namespace mlir::sic

using namespace mlir;

namespace {

/// Rows this many bytes apart (or a multiple) conflict in the L1 cache.
constexpr int64_t kConflictStride = 1024;

/// The operand of `op` that is its right-hand side as a [K, N] matrix read
/// row by row (a reduction dim, then the output's innermost dim), if any.
OpOperand *getRowMajorRhs(linalg::LinalgOp op) {
  if (!op.hasPureTensorSemantics() || op.hasDynamicShape() ||
      op.getNumDpsInits() != 1 || !linalg::isaContractionOpInterface(op))
    return nullptr;
  FailureOr<linalg::ContractionDimensions> dims =
      linalg::inferContractionDims(op);
  AffineMap output = op.getMatchingIndexingMap(op.getDpsInitOperand(0));
  if (failed(dims) || output.getNumResults() == 0)
    return nullptr;
  auto column = dyn_cast<AffineDimExpr>(output.getResults().back());
  if (!column)
    return nullptr;
  for (OpOperand *input : op.getDpsInputOperands()) {
    AffineMap map = op.getMatchingIndexingMap(input);
    if (map.getNumResults() != 2)
      continue;
    auto row = dyn_cast<AffineDimExpr>(map.getResult(0));
    if (row && llvm::is_contained(dims->k, row.getPosition()) &&
        map.getResult(1) == column)
      return input;
  }
  return nullptr;
}

/// `constant` ([K, N]) with each row followed by `padBytes` of zeros (a
/// cache line), and the slice of its first N columns; nothing when its data
/// is not at hand.
FailureOr<Value> buildPadded(RewriterBase &rewriter, arith::ConstantOp constant,
                             int64_t padBytes) {
  auto type = cast<RankedTensorType>(constant.getType());
  ArrayRef<char> data = sic::getStoredElementBytes(constant);
  if (data.empty())
    return failure();
  int64_t elementBytes = type.getElementTypeBitWidth() / 8;
  int64_t rows = type.getDimSize(0), columns = type.getDimSize(1);
  int64_t rowBytes = columns * elementBytes;
  std::vector<char> padded = sic::padRowBytes(data, rowBytes, padBytes);
  auto paddedType = RankedTensorType::get(
      {rows, columns + padBytes / elementBytes}, type.getElementType());
  rewriter.setInsertionPointAfter(constant);
  Location loc = constant.getLoc();
  Value full = sic::buildConstantLike(rewriter, loc, constant, paddedType,
                                      padded, padBytes);
  SmallVector<OpFoldResult> offsets(2, rewriter.getIndexAttr(0));
  SmallVector<OpFoldResult> sizes =
      getAsIndexOpFoldResult(rewriter.getContext(), type.getShape());
  SmallVector<OpFoldResult> steps(2, rewriter.getIndexAttr(1));
  return rewriter
      .create<tensor::ExtractSliceOp>(loc, type, full, offsets, sizes, steps)
      .getResult();
}

struct PadConstantRowsPass
    : public sic::impl::PadConstantRowsPassBase<PadConstantRowsPass> {
  void runOnOperation() override {
    FailureOr<sic::TargetAttr> target = sic::requireTarget(getOperation());
    if (failed(target))
      return signalPassFailure();
    int64_t padBytes = target->getCacheLineBytes();
    IRRewriter rewriter(&getContext());
    // One padded copy per constant, however many contractions read it.
    llvm::DenseMap<Operation *, Value> paddedConstants;
    getOperation().walk([&](linalg::LinalgOp op) {
      OpOperand *rhs = getRowMajorRhs(op);
      auto constant =
          rhs ? rhs->get().getDefiningOp<arith::ConstantOp>() : nullptr;
      if (!constant)
        return;
      auto type = cast<RankedTensorType>(constant.getType());
      int64_t elementBytes = type.getElementTypeBitWidth() / 8;
      if (elementBytes == 0 ||
          (type.getDimSize(1) * elementBytes) % kConflictStride != 0)
        return;
      Value &slice = paddedConstants[constant];
      if (!slice) {
        FailureOr<Value> padded = buildPadded(rewriter, constant, padBytes);
        if (failed(padded))
          return;
        slice = *padded;
      }
      rewriter.modifyOpInPlace(op, [&] { rhs->set(slice); });
    });
  }
};

} // namespace
