//===- VectorAccumulators.cpp - Row reductions in vector registers --------===//

#include "VectorAccumulators.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "llvm/ADT/SmallPtrSet.h"

using namespace mlir;

namespace {

/// The value `kind` combines with anything to give that thing back.
std::optional<TypedAttr> getNeutral(vector::CombiningKind kind, Type type) {
  using Kind = vector::CombiningKind;
  if (auto floatType = dyn_cast<FloatType>(type)) {
    const llvm::fltSemantics &semantics = floatType.getFloatSemantics();
    switch (kind) {
    case Kind::ADD:
      return FloatAttr::get(type, APFloat::getZero(semantics, true));
    case Kind::MUL:
      return FloatAttr::get(type, APFloat::getOne(semantics));
    case Kind::MAXIMUMF:
    case Kind::MAXNUMF:
      return FloatAttr::get(type, APFloat::getInf(semantics, true));
    case Kind::MINIMUMF:
    case Kind::MINNUMF:
      return FloatAttr::get(type, APFloat::getInf(semantics, false));
    default:
      return std::nullopt;
    }
  }
  auto intType = dyn_cast<IntegerType>(type);
  if (!intType)
    return std::nullopt;
  unsigned width = intType.getWidth();
  switch (kind) {
  case Kind::ADD:
    return IntegerAttr::get(type, APInt::getZero(width));
  case Kind::MUL:
    return IntegerAttr::get(type, APInt(width, 1));
  case Kind::MAXSI:
    return IntegerAttr::get(type, APInt::getSignedMinValue(width));
  case Kind::MINSI:
    return IntegerAttr::get(type, APInt::getSignedMaxValue(width));
  default:
    return std::nullopt;
  }
}

/// The only user of `value`, if it has exactly one.
Operation *getOnlyUser(Value value) {
  return value.hasOneUse() ? *value.getUsers().begin() : nullptr;
}

/// A loop-carried one-element accumulator reduced into by one chunk per
/// iteration: iter_arg -> vector.extract [0] -> vector.reduction(chunk) ->
/// vector.insertelement or broadcast -> scf.yield at the same position.
struct ChunkReduction {
  scf::ForOp loop;
  unsigned position;
  vector::ReductionOp reduction;
  Operation *repack;
};

std::optional<ChunkReduction> match(scf::ForOp loop, unsigned position) {
  BlockArgument carried = loop.getRegionIterArgs()[position];
  auto type = dyn_cast<VectorType>(carried.getType());
  if (!type || type.getRank() != 1 || type.getNumElements() != 1)
    return std::nullopt;
  auto extract = dyn_cast_or_null<vector::ExtractOp>(getOnlyUser(carried));
  if (!extract || extract.hasDynamicPosition() ||
      extract.getStaticPosition() != ArrayRef<int64_t>{0})
    return std::nullopt;
  auto reduction =
      dyn_cast_or_null<vector::ReductionOp>(getOnlyUser(extract.getResult()));
  if (!reduction || reduction.getAcc() != extract.getResult() ||
      reduction.getVector().getType().getRank() != 1)
    return std::nullopt;
  Operation *repack = getOnlyUser(reduction.getDest());
  if (!repack ||
      !isa<vector::InsertElementOp, vector::BroadcastOp, vector::SplatOp>(
          repack) ||
      repack->getResult(0).getType() != type)
    return std::nullopt;
  if (auto insert = dyn_cast<vector::InsertElementOp>(repack))
    if (insert.getSource() != reduction.getDest())
      return std::nullopt;
  auto yield =
      dyn_cast_or_null<scf::YieldOp>(getOnlyUser(repack->getResult(0)));
  if (!yield || yield->getParentOp() != loop ||
      yield.getOperand(position) != repack->getResult(0))
    return std::nullopt;
  if (!getNeutral(reduction.getKind(), type.getElementType()))
    return std::nullopt;
  return ChunkReduction{loop, position, reduction, repack};
}

void rewrite(RewriterBase &rewriter, const ChunkReduction &found) {
  scf::ForOp loop = found.loop;
  vector::ReductionOp reduction = found.reduction;
  Location loc = reduction.getLoc();
  vector::CombiningKind kind = reduction.getKind();
  arith::FastMathFlags flags = reduction.getFastmath();
  auto fastmath = arith::FastMathFlagsAttr::get(rewriter.getContext(), flags);
  auto chunkType = cast<VectorType>(reduction.getVector().getType());
  TypedAttr neutral = *getNeutral(kind, chunkType.getElementType());
  rewriter.setInsertionPoint(loop);
  Value start = rewriter.create<arith::ConstantOp>(
      loc, SplatElementsAttr::get(chunkType, neutral));
  Value chunk = reduction.getVector();
  auto widened = cast<scf::ForOp>(*loop.replaceWithAdditionalYields(
      rewriter, ValueRange{start}, /*replaceInitOperandUsesInLoop=*/false,
      [&](OpBuilder &b, Location l, ArrayRef<BlockArgument> lanes) {
        return SmallVector<Value>{
            vector::makeArithReduction(b, l, kind, chunk, lanes[0], fastmath)};
      }));
  // The one-element accumulator now passes through the loop unchanged and
  // takes the lanes' reduction after it.
  Operation *yield = widened.getBody()->getTerminator();
  yield->setOperand(found.position,
                    widened.getRegionIterArgs()[found.position]);
  Operation *extract = reduction.getAcc().getDefiningOp();
  rewriter.eraseOp(found.repack);
  rewriter.eraseOp(reduction);
  rewriter.eraseOp(extract);
  rewriter.setInsertionPointAfter(widened);
  Value result = widened.getResult(found.position);
  Value initial = rewriter.create<vector::ExtractOp>(loc, result, 0);
  Value total = rewriter.create<vector::ReductionOp>(
      loc, kind, widened.getResults().back(), initial, flags);
  Value repacked =
      rewriter.create<vector::BroadcastOp>(loc, result.getType(), total);
  rewriter.replaceAllUsesExcept(result, repacked, initial.getDefiningOp());
}

} // namespace

void mlir::sic::keepVectorAccumulators(RewriterBase &rewriter,
                                       Operation *root) {
  SmallVector<ChunkReduction> found;
  root->walk([&](scf::ForOp loop) {
    for (unsigned i = 0; i < loop.getNumRegionIterArgs(); ++i)
      if (std::optional<ChunkReduction> chunk = match(loop, i))
        found.push_back(*chunk);
  });
  // One accumulator per loop at a time: each rewrite replaces the loop.
  llvm::SmallPtrSet<Operation *, 8> seen;
  for (const ChunkReduction &chunk : found)
    if (seen.insert(chunk.loop).second)
      rewrite(rewriter, chunk);
}
