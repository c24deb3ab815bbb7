//===- DirectConvolution.cpp - Convolutions without patch copies ----------===//

#include "DirectConvolution.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

using namespace mlir;

bool mlir::sic::hasStaticWork(linalg::Conv2DNchwFchwOp conv) {
  auto empty = [](Value value) {
    return cast<RankedTensorType>(value.getType()).getNumElements() == 0;
  };
  return conv.hasPureTensorSemantics() && !conv.hasDynamicShape() &&
         llvm::none_of(conv->getOperands(), empty);
}

bool mlir::sic::isDirectConvolution(linalg::Conv2DNchwFchwOp conv) {
  return hasStaticWork(conv) &&
         llvm::all_of(conv.getStrides().getValues<int64_t>(),
                      [](int64_t stride) { return stride == 1; });
}

namespace {

/// The loops `expr` sums (each term a loop, or a loop times a constant), or
/// nothing for any other expression.
std::optional<SmallVector<std::pair<unsigned, int64_t>>>
getTerms(AffineExpr expr) {
  SmallVector<std::pair<unsigned, int64_t>> terms;
  bool linear = true;
  std::function<void(AffineExpr)> collect = [&](AffineExpr sub) {
    if (auto dim = dyn_cast<AffineDimExpr>(sub)) {
      terms.emplace_back(dim.getPosition(), 1);
      return;
    }
    auto binary = dyn_cast<AffineBinaryOpExpr>(sub);
    if (binary && binary.getKind() == AffineExprKind::Add) {
      collect(binary.getLHS());
      collect(binary.getRHS());
      return;
    }
    if (binary && binary.getKind() == AffineExprKind::Mul)
      if (auto dim = dyn_cast<AffineDimExpr>(binary.getLHS()))
        if (auto factor = dyn_cast<AffineConstantExpr>(binary.getRHS())) {
          terms.emplace_back(dim.getPosition(), factor.getValue());
          return;
        }
    linear = false;
  };
  collect(expr);
  if (!linear)
    return std::nullopt;
  return terms;
}

/// `map` with each sum of loops replaced by the one loop of it that has
/// more than one iteration in `ranges` (with a factor of 1), or by a loop
/// of one iteration the map does not use otherwise.
std::optional<AffineMap> dropUnitTerms(AffineMap map,
                                       ArrayRef<int64_t> ranges) {
  llvm::SmallBitVector used(map.getNumDims());
  for (AffineExpr result : map.getResults())
    if (auto dim = dyn_cast<AffineDimExpr>(result))
      used.set(dim.getPosition());
  SmallVector<AffineExpr> results;
  for (AffineExpr result : map.getResults()) {
    if (isa<AffineDimExpr>(result)) {
      results.push_back(result);
      continue;
    }
    std::optional<SmallVector<std::pair<unsigned, int64_t>>> terms =
        getTerms(result);
    if (!terms)
      return std::nullopt;
    std::optional<unsigned> kept;
    for (auto [loop, factor] : *terms)
      if (ranges[loop] != 1) {
        if (kept || factor != 1)
          return std::nullopt;
        kept = loop;
      }
    for (auto [loop, factor] : *terms)
      if (!kept && !used.test(loop))
        kept = loop;
    if (!kept || used.test(*kept))
      return std::nullopt;
    used.set(*kept);
    results.push_back(getAffineDimExpr(*kept, map.getContext()));
  }
  return AffineMap::get(map.getNumDims(), 0, results, map.getContext());
}

} // namespace

void mlir::sic::buildMultiplyAdd(OpBuilder &b, Location loc, ValueRange args) {
  Value sum;
  if (isa<FloatType>(args[2].getType()))
    sum = b.create<arith::AddFOp>(
        loc, args[2], b.create<arith::MulFOp>(loc, args[0], args[1]));
  else
    sum = b.create<arith::AddIOp>(
        loc, args[2], b.create<arith::MulIOp>(loc, args[0], args[1]));
  b.create<linalg::YieldOp>(loc, sum);
}

FailureOr<linalg::GenericOp>
mlir::sic::generalizeDirectConvolutionTile(RewriterBase &rewriter,
                                           linalg::Conv2DNchwFchwOp tile) {
  SmallVector<int64_t> ranges = tile.getStaticLoopRanges();
  SmallVector<AffineMap> maps;
  for (AffineMap map : tile.getIndexingMapsArray()) {
    std::optional<AffineMap> projected = dropUnitTerms(map, ranges);
    if (!projected)
      return failure();
    maps.push_back(*projected);
  }
  // The filter first, as the left-hand side of a contraction: the rows of
  // a register tile come from it.
  std::swap(maps[0], maps[1]);
  Value input = tile.getInputs()[0], filter = tile.getInputs()[1];
  auto generic = rewriter.create<linalg::GenericOp>(
      tile.getLoc(), tile->getResultTypes(), ValueRange{filter, input},
      tile.getOutputs(), maps, tile.getIteratorTypesArray(),
      [](OpBuilder &b, Location loc, ValueRange args) {
        buildMultiplyAdd(b, loc, args);
      });
  rewriter.replaceOp(tile, generic->getResults());
  return generic;
}
