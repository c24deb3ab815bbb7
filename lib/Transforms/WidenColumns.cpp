//===- WidenColumns.cpp - Register tiles computed wider and cropped -------===//

#include "WidenColumns.h"

#include "ConstantBytes.h"

#include "sic/Support/ConstantElements.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StructuredOpsUtils.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;

namespace {

/// The alignment of a padded constant's data: a cache line.
constexpr int64_t kConstantAlignment = 64;

/// `type` with its last dim `extra` larger.
RankedTensorType widen(RankedTensorType type, int64_t extra) {
  SmallVector<int64_t> shape(type.getShape());
  shape.back() += extra;
  return type.clone(shape);
}

/// `constant` with `extra` zeros after each row of its last dim, built at
/// compile time (a splat becomes its value and zeros); nothing when its
/// data is not at hand.
Value padConstantColumns(RewriterBase &rewriter, Location loc,
                         arith::ConstantOp constant, int64_t extra) {
  auto type = cast<RankedTensorType>(constant.getType());
  auto value = dyn_cast<ElementsAttr>(constant.getValue());
  if (!value || type.getElementTypeBitWidth() % 8 != 0)
    return Value();
  FailureOr<std::vector<char>> data = sic::getElementBytes(value);
  if (failed(data))
    return Value();
  int64_t elementBytes = type.getElementTypeBitWidth() / 8;
  return sic::buildConstantLike(
      rewriter, loc, constant, widen(type, extra),
      sic::padRowBytes(*data, type.getShape().back() * elementBytes,
                       extra * elementBytes),
      kConstantAlignment);
}

/// `value` with `extra` more zeros at the end of its last dim: a constant
/// is padded at compile time, a zero padding it comes from grows, anything
/// else is padded.
Value padColumns(RewriterBase &rewriter, Location loc, Value value,
                 int64_t extra) {
  if (auto constant = value.getDefiningOp<arith::ConstantOp>())
    if (Value padded = padConstantColumns(rewriter, loc, constant, extra))
      return padded;
  auto type = cast<RankedTensorType>(value.getType());
  Value source = value, zero;
  SmallVector<int64_t> low(type.getRank(), 0), high(type.getRank(), 0);
  auto pad = value.getDefiningOp<tensor::PadOp>();
  if (pad && !pad.getNofold() &&
      !ShapedType::isDynamicShape(pad.getStaticLow()) &&
      !ShapedType::isDynamicShape(pad.getStaticHigh()))
    if (Value padding = pad.getConstantPaddingValue())
      if (matchPattern(padding, m_AnyZeroFloat()) ||
          matchPattern(padding, m_Zero())) {
        source = pad.getSource();
        zero = padding;
        low.assign(pad.getStaticLow().begin(), pad.getStaticLow().end());
        high.assign(pad.getStaticHigh().begin(), pad.getStaticHigh().end());
      }
  if (!zero)
    zero = rewriter.create<arith::ConstantOp>(
        loc, rewriter.getZeroAttr(type.getElementType()));
  high.back() += extra;
  auto asFolds = [&](ArrayRef<int64_t> values) {
    return llvm::to_vector(llvm::map_range(values, [&](int64_t v) {
      return OpFoldResult(rewriter.getIndexAttr(v));
    }));
  };
  return rewriter.create<tensor::PadOp>(loc, widen(type, extra), source,
                                        asFolds(low), asFolds(high), zero);
}

/// Whether an input read through `map` (of a generic whose innermost loop
/// is `columns`) varies along the columns alone, in its last dim, as a
/// bias over the columns does: widened, it is padded with zeros. (A
/// residual that varies along the rows too is not: padding it would copy
/// it.)
bool isAlongColumns(AffineMap map, unsigned columns) {
  return map.getNumResults() != 0 &&
         map.getResults().back() ==
             getAffineDimExpr(columns, map.getContext()) &&
         llvm::all_of(map.getResults().drop_back(), [](AffineExpr result) {
           return isa<AffineConstantExpr>(result);
         });
}

/// Whether `generic` can be rebuilt wider, with its input `narrow` (if
/// any) widened: elementwise, writing a new tensor, each input either
/// `narrow` with the identity map, varying along the columns alone (a bias
/// over the columns, padded) or not varying along them (a bias over the
/// rows, a scalar).
bool canWiden(linalg::GenericOp generic, Value narrow) {
  if (generic.getNumDpsInits() != 1 ||
      !generic.getDpsInitOperand(0)->get().getDefiningOp<tensor::EmptyOp>() ||
      generic.getNumParallelLoops() != generic.getNumLoops() ||
      !generic.getIndexingMapsArray().back().isIdentity())
    return false;
  unsigned columns = generic.getNumLoops() - 1;
  return llvm::all_of(generic.getDpsInputOperands(), [&](OpOperand *input) {
    AffineMap map = generic.getMatchingIndexingMap(input);
    if (narrow && input->get() == narrow)
      return map.isIdentity();
    return !map.isFunctionOfDim(columns) || isAlongColumns(map, columns);
  });
}

/// `generic` (canWiden) rebuilt `extra` columns wider, reading `wide` for
/// `narrow` and its inputs along the columns padded.
Value cloneWider(RewriterBase &rewriter, linalg::GenericOp generic,
                 int64_t extra, Value narrow, Value wide) {
  auto type =
      widen(cast<RankedTensorType>(generic->getResult(0).getType()), extra);
  IRMapping mapping;
  unsigned columns = generic.getNumLoops() - 1;
  for (OpOperand *input : generic.getDpsInputOperands()) {
    Value value = input->get();
    if ((!narrow || value != narrow) && !mapping.contains(value) &&
        isAlongColumns(generic.getMatchingIndexingMap(input), columns))
      mapping.map(value, padColumns(rewriter, generic.getLoc(), value, extra));
  }
  if (narrow)
    mapping.map(narrow, wide);
  mapping.map(generic.getDpsInitOperand(0)->get(),
              rewriter
                  .create<tensor::EmptyOp>(generic.getLoc(), type.getShape(),
                                           type.getElementType())
                  .getResult());
  Operation *wider = rewriter.clone(*generic, mapping);
  wider->getResult(0).setType(type);
  return wider->getResult(0);
}

/// The accumulator's start `init`, `extra` columns wider: a fill, or a
/// generic that writes a new tensor (a bias broadcast, canWiden), is
/// rebuilt that wide; anything else is padded.
Value widenInit(RewriterBase &rewriter, Location loc, Value init,
                int64_t extra) {
  if (auto fill = init.getDefiningOp<linalg::FillOp>()) {
    auto type = widen(cast<RankedTensorType>(init.getType()), extra);
    Value empty = rewriter.create<tensor::EmptyOp>(loc, type.getShape(),
                                                   type.getElementType());
    return rewriter.create<linalg::FillOp>(loc, fill.getInputs()[0], empty)
        .getResult(0);
  }
  auto generic = init.getDefiningOp<linalg::GenericOp>();
  if (generic && canWiden(generic, Value()))
    return cloneWider(rewriter, generic, extra, Value(), Value());
  return padColumns(rewriter, loc, init, extra);
}

/// The first `type.getShape()` elements of `value`.
Value crop(RewriterBase &rewriter, Location loc, Value value,
           RankedTensorType type) {
  SmallVector<OpFoldResult> offsets(type.getRank(), rewriter.getIndexAttr(0));
  SmallVector<OpFoldResult> strides(type.getRank(), rewriter.getIndexAttr(1));
  SmallVector<OpFoldResult> sizes;
  for (int64_t size : type.getShape())
    sizes.push_back(rewriter.getIndexAttr(size));
  return rewriter.create<tensor::ExtractSliceOp>(loc, type, value, offsets,
                                                 sizes, strides);
}

} // namespace

void mlir::sic::widenColumns(RewriterBase &rewriter, linalg::LinalgOp op,
                             OpOperand &input, int64_t width) {
  Location loc = op.getLoc();
  Value narrow = op->getResult(0);
  auto type = cast<RankedTensorType>(narrow.getType());
  int64_t extra = width - type.getShape().back();
  rewriter.setInsertionPoint(op);
  SmallVector<Value> operands(op->getOperands());
  operands[input.getOperandNumber()] =
      padColumns(rewriter, loc, input.get(), extra);
  OpOperand *init = op.getDpsInitOperand(0);
  Value wideInit = widenInit(rewriter, loc, init->get(), extra);
  operands[init->getOperandNumber()] = wideInit;
  Value wide = clone(rewriter, op, TypeRange{wideInit.getType()}, operands)
                   ->getResult(0);
  // Its one elementwise consumer (an activation) is widened with it and
  // cropped after, so sic-fuse-epilogues still applies it to the tiles.
  auto consumer = op->hasOneUse()
                      ? dyn_cast<linalg::GenericOp>(*op->user_begin())
                      : linalg::GenericOp();
  if (consumer && canWiden(consumer, narrow)) {
    rewriter.setInsertionPoint(consumer);
    Value wider = cloneWider(rewriter, consumer, extra, narrow, wide);
    rewriter.replaceOp(consumer, crop(rewriter, consumer.getLoc(), wider,
                                      cast<RankedTensorType>(
                                          consumer->getResult(0).getType())));
    rewriter.eraseOp(op);
    return;
  }
  rewriter.replaceOp(op, crop(rewriter, loc, wide, type));
}
