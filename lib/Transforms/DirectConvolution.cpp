//===- DirectConvolution.cpp - Convolutions without patch copies ----------===//

#include "DirectConvolution.h"

#include "ConstantBytes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StructuredOpsUtils.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;

sic::ConvolutionPlan mlir::sic::planConvolution(linalg::Conv2DNchwFchwOp conv,
                                                sic::TargetAttr target) {
  auto empty = [](Value value) {
    return cast<RankedTensorType>(value.getType()).getNumElements() == 0;
  };
  auto input = cast<RankedTensorType>(conv.getInputs()[0].getType());
  auto filter = cast<RankedTensorType>(conv.getInputs()[1].getType());
  auto type = cast<RankedTensorType>(conv->getResult(0).getType());
  SmallVector<int64_t, 2> strides(conv.getStrides().getValues<int64_t>());
  SmallVector<int64_t, 2> dilations(conv.getDilations().getValues<int64_t>());
  auto constant = conv.getInputs()[1].getDefiningOp<arith::ConstantOp>();
  ConvolutionFacts facts;
  facts.staticWork = conv.hasPureTensorSemantics() && !conv.hasDynamicShape() &&
                     llvm::none_of(conv->getOperands(), empty);
  facts.strides = strides;
  facts.dilations = dilations;
  facts.channels = input.getDimSize(1);
  facts.filters = filter.getDimSize(0);
  facts.kernelHeight = filter.getDimSize(2);
  facts.kernelWidth = filter.getDimSize(3);
  facts.height = type.getDimSize(2);
  facts.width = type.getDimSize(3);
  // The filter's elements are read as the output's type.
  facts.constantFilter = constant &&
                         input.getElementType() == type.getElementType() &&
                         filter.getElementType() == type.getElementType() &&
                         !getStoredElementBytes(constant).empty();
  facts.element = type.getElementType();
  return sic::planConvolution(facts, target);
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

linalg::LinalgOp mlir::sic::getAccumulatorStart(linalg::Conv2DNchwFchwOp conv) {
  auto start = conv.getOutputs()[0].getDefiningOp<linalg::LinalgOp>();
  if (!start || start->getNumResults() != 1 || start.getNumDpsInits() != 1 ||
      start.hasIndexSemantics() ||
      start.getNumParallelLoops() != start.getNumLoops() ||
      start.getNumLoops() != 4 || !start->getResult(0).hasOneUse() ||
      !start.getMatchingIndexingMap(start.getDpsInitOperand(0)).isIdentity() ||
      start.payloadUsesValueFromOperand(start.getDpsInitOperand(0)) ||
      !start.getDpsInitOperand(0)->get().getDefiningOp<tensor::EmptyOp>())
    return nullptr;
  for (OpOperand *input : start.getDpsInputOperands()) {
    AffineMap map = start.getMatchingIndexingMap(input);
    if (map.isFunctionOfDim(2) || map.isFunctionOfDim(3))
      return nullptr;
  }
  return start;
}

Value mlir::sic::buildStartInto(OpBuilder &b, Location loc,
                                linalg::LinalgOp start, Value into) {
  SmallVector<Value> operands = start.getDpsInputs();
  operands.push_back(into);
  return clone(b, start.getOperation(), into.getType(), operands)->getResult(0);
}

SmallVector<std::pair<linalg::Conv2DNchwFchwOp, sic::ConvolutionPlan>>
mlir::sic::collectConvolutions(Operation *root, TargetAttr target,
                               ConvolutionKernel kernel) {
  SmallVector<std::pair<linalg::Conv2DNchwFchwOp, ConvolutionPlan>> convs;
  root->walk([&](linalg::Conv2DNchwFchwOp conv) {
    ConvolutionPlan plan = planConvolution(conv, target);
    if (plan.kernel == kernel)
      convs.emplace_back(conv, plan);
  });
  return convs;
}

linalg::GenericOp mlir::sic::getEpilogue(linalg::Conv2DNchwFchwOp conv) {
  Value result = conv->getResult(0);
  if (!result.hasOneUse())
    return nullptr;
  auto consumer = dyn_cast<linalg::GenericOp>(*result.getUsers().begin());
  if (!consumer || consumer.getNumResults() != 1 ||
      consumer.getNumDpsInits() != 1 || consumer.hasIndexSemantics() ||
      consumer.getNumParallelLoops() != consumer.getNumLoops() ||
      !llvm::all_of(consumer.getIndexingMapsArray(),
                    [](AffineMap map) { return map.isIdentity(); }))
    return nullptr;
  OpOperand *init = consumer.getDpsInitOperand(0);
  if (init->get() == result || consumer.payloadUsesValueFromOperand(init) ||
      !init->get().getDefiningOp<tensor::EmptyOp>())
    return nullptr;
  return consumer;
}

Value mlir::sic::applyBody(OpBuilder &b, linalg::GenericOp op,
                           ValueRange inputs) {
  IRMapping mapping;
  Block *body = op.getBody();
  mapping.map(body->getArguments().take_front(inputs.size()), inputs);
  for (Operation &inner : body->without_terminator())
    b.clone(inner, mapping);
  return mapping.lookupOrDefault(body->getTerminator()->getOperand(0));
}

Value mlir::sic::applyEpilogue(OpBuilder &b, linalg::GenericOp epilogue,
                               Value result, Value value, ValueRange others) {
  SmallVector<Value> inputs;
  auto other = others.begin();
  for (Value input : epilogue.getDpsInputs())
    inputs.push_back(input == result ? value : *other++);
  return applyBody(b, epilogue, inputs);
}
