//===- DataMovementLowering.cpp - sic data movement ops to tensor/linalg --===//
//
// Reshapes become collapse/expand_shape (views once bufferized), slices
// extract_slice (views; a negative step also reverses the view with a
// linalg.generic), concat becomes insert_slice into one buffer; gather and
// gather_elements read their data at indices checked at compile time, or
// checked once each at run time when computed there; the rest are linalg
// ops.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"

#include "dialects/Sic/IR/SicOps.h"
#include "sic/Conversion/SicToLinalg.h"
#include "sic/Support/ConstantElements.h"
#include "sic/Support/ShapeRules.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::sic;

namespace {

/// Constants of at most this many elements leave the sic dialect as dense
/// attributes: MLIR's own folders and lowerings read small constants element
/// by element (a rank-0 global, a broadcast scalar read in a vectorized
/// tile), which a dense_resource does not allow. Larger weights stay blobs,
/// used in place.
constexpr int64_t kInlineConstantElements = 16;

struct ConstantLowering : public OpRewritePattern<ConstantOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ConstantOp op,
                                PatternRewriter &rewriter) const override {
    ElementsAttr value = op.getValue();
    // i1 constants are always dense attributes, whose elements LLVM lays
    // out one byte each, as SIC stores bools.
    if (value.getNumElements() <= kInlineConstantElements ||
        value.getElementType().isInteger(1)) {
      FailureOr<DenseElementsAttr> dense =
          toDenseElements(value, [&] { return op.emitOpError(); });
      if (failed(dense))
        return failure();
      value = *dense;
    }
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(op, cast<TypedAttr>(value));
    return success();
  }
};

/// reshape, flatten, squeeze, unsqueeze: the same elements under the
/// output's shape.
template <typename OpTy>
struct ReshapeLowering : public OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, buildReshape(rewriter, op.getLoc(), op.getInput(),
                                        getTensorType(op.getOutput())));
    return success();
  }
};

struct TransposeLowering : public OpRewritePattern<TransposeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(TransposeOp op,
                                PatternRewriter &rewriter) const override {
    // An identity permutation moves nothing. (MLIR 19's canonicalizer also
    // erases an identity linalg.transpose between two buffers, leaving its
    // output unwritten.)
    if (llvm::equal(op.getPerm(), llvm::seq<int64_t>(0, op.getPerm().size()))) {
      rewriter.replaceOp(op, op.getInput());
      return success();
    }
    Location loc = op.getLoc();
    Value init = buildEmpty(rewriter, loc, getTensorType(op.getOutput()));
    rewriter.replaceOp(op, rewriter
                               .create<linalg::TransposeOp>(
                                   loc, op.getInput(), init, op.getPerm())
                               .getResult()[0]);
    return success();
  }
};

struct ConcatLowering : public OpRewritePattern<ConcatOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ConcatOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType resultType = getTensorType(op.getOutput());
    int64_t rank = resultType.getRank();
    int64_t axis = normalizeVerifiedAxis(op.getAxis(), rank);
    Value result = buildEmpty(rewriter, loc, resultType);
    int64_t offset = 0;
    for (Value input : op.getInputs()) {
      ArrayRef<int64_t> shape = getTensorType(input).getShape();
      SmallVector<int64_t> offsets(rank, 0), strides(rank, 1);
      offsets[axis] = offset;
      result = rewriter.create<tensor::InsertSliceOp>(
          loc, input, result, ValueRange{}, ValueRange{}, ValueRange{},
          offsets, shape, strides);
      offset += shape[axis];
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct SliceLowering : public OpRewritePattern<SliceOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(SliceOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType inputType = getTensorType(op.getInput());
    RankedTensorType resultType = getTensorType(op.getOutput());
    int64_t rank = inputType.getRank();
    // The elements a slice takes, in forward order: a strided view. A
    // backward axis takes the same elements as a forward walk from its last
    // one, then reversed.
    SmallVector<int64_t> offsets(rank, 0), strides(rank, 1);
    SmallVector<bool> reversed(rank, false);
    for (auto [i, axis] : llvm::enumerate(op.getAxes())) {
      int64_t dim = normalizeVerifiedAxis(axis, rank);
      SliceRange range = *getSliceRange(inputType.getDimSize(dim),
                                        op.getStarts()[i], op.getEnds()[i],
                                        op.getSteps()[i]);
      reversed[dim] = range.step < 0;
      offsets[dim] = range.size == 0
                         ? 0
                         : range.start + (range.size - 1) * std::min<int64_t>(
                                                                range.step, 0);
      strides[dim] = std::abs(range.step);
    }
    Value view = rewriter.create<tensor::ExtractSliceOp>(
        loc, resultType, op.getInput(), ValueRange{}, ValueRange{},
        ValueRange{}, offsets, resultType.getShape(), strides);
    if (!llvm::is_contained(reversed, true)) {
      rewriter.replaceOp(op, view);
      return success();
    }
    // Output index i of a reversed axis of size n reads index n - 1 - i. The
    // view and the output have one shape, so every loop's range is known
    // from the output.
    MLIRContext *context = rewriter.getContext();
    SmallVector<AffineExpr> exprs;
    for (int64_t dim = 0; dim < rank; ++dim) {
      AffineExpr index = getAffineDimExpr(dim, context);
      exprs.push_back(reversed[dim]
                          ? resultType.getDimSize(dim) - 1 - index
                          : index);
    }
    SmallVector<AffineMap> maps = {AffineMap::get(rank, 0, exprs, context),
                                   rewriter.getMultiDimIdentityMap(rank)};
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    auto generic = rewriter.create<linalg::GenericOp>(
        loc, resultType, view, buildEmpty(rewriter, loc, resultType), maps,
        iterators, [](OpBuilder &b, Location l, ValueRange args) {
          b.create<linalg::YieldOp>(l, args[0]);
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

/// The index to read along one dim of extent `size` for the padded position
/// `index` (already shifted by the begin padding), for reflect or edge mode.
/// Reflect repeats its mirror image, so any amount of padding stays inside.
Value buildSourceIndex(OpBuilder &b, Location loc, Value index, int64_t size,
                       PadMode mode) {
  auto constant = [&](int64_t value) {
    return b.create<arith::ConstantIndexOp>(loc, value);
  };
  if (mode == PadMode::edge || size == 1)
    return b.create<arith::MaxSIOp>(
        loc, b.create<arith::MinSIOp>(loc, index, constant(size - 1)),
        constant(0));
  int64_t period = 2 * (size - 1);
  Value folded = b.create<arith::RemSIOp>(loc, index, constant(period));
  Value negative = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::slt,
                                           folded, constant(0));
  Value positive = b.create<arith::SelectOp>(
      loc, negative, b.create<arith::AddIOp>(loc, folded, constant(period)),
      folded);
  Value mirrored = b.create<arith::SubIOp>(loc, constant(period), positive);
  Value inside = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::slt,
                                         positive, constant(size));
  return b.create<arith::SelectOp>(loc, inside, positive, mirrored);
}

struct PadLowering : public OpRewritePattern<PadOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(PadOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = op.getInput();
    RankedTensorType inputType = getTensorType(input);
    RankedTensorType resultType = getTensorType(op.getOutput());
    Type elementType = inputType.getElementType();
    int64_t rank = inputType.getRank();
    ArrayRef<int64_t> pads = op.getPads();

    // Negative pads crop: take that slice first, then pad what remains.
    SmallVector<int64_t> offsets(rank, 0), sizes(inputType.getShape()),
        strides(rank, 1), low(rank), high(rank);
    for (int64_t dim = 0; dim < rank; ++dim) {
      int64_t begin = pads[dim], end = pads[rank + dim];
      offsets[dim] = std::max<int64_t>(0, -begin);
      sizes[dim] -= std::max<int64_t>(0, -begin) + std::max<int64_t>(0, -end);
      low[dim] = std::max<int64_t>(0, begin);
      high[dim] = std::max<int64_t>(0, end);
    }
    if (ArrayRef<int64_t>(sizes) != inputType.getShape()) {
      auto croppedType = RankedTensorType::get(sizes, elementType);
      input = rewriter.create<tensor::ExtractSliceOp>(
          loc, croppedType, input, ValueRange{}, ValueRange{}, ValueRange{},
          offsets, sizes, strides);
    }

    Value result;
    if (op.getMode() == PadMode::constant) {
      Value fill =
          buildScalar(rewriter, loc, elementType, op.getValue().convertToFloat());
      result = buildPad(rewriter, loc, resultType, input, low, high, fill);
    } else {
      PadMode mode = op.getMode();
      auto generic = rewriter.create<linalg::GenericOp>(
          loc, resultType, ValueRange{}, buildEmpty(rewriter, loc, resultType),
          rewriter.getMultiDimIdentityMap(rank),
          SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
          [&](OpBuilder &b, Location l, ValueRange) {
            SmallVector<Value> indices;
            for (int64_t dim = 0; dim < rank; ++dim) {
              Value position = b.create<arith::SubIOp>(
                  l, b.create<linalg::IndexOp>(l, dim),
                  b.create<arith::ConstantIndexOp>(l, low[dim]));
              indices.push_back(
                  buildSourceIndex(b, l, position, sizes[dim], mode));
            }
            b.create<linalg::YieldOp>(
                l, b.create<tensor::ExtractOp>(l, input, indices).getResult());
          });
      result = generic.getResult(0);
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// The indices of a gather, as i64 positions in [0, n): constant ones were
/// normalized and checked when the model was compiled; ones computed at run
/// time are checked by a linalg.generic of their own, once per index (its
/// body's side effect keeps it from being fused into the gather, which
/// would check an index once per element it selects).
Value buildNormalizedIndices(OpBuilder &b, Operation *op, Value data,
                             int64_t axis) {
  Location loc = op->getLoc();
  Value indices = op->getOperand(1);
  auto indexType = cast<RankedTensorType>(indices.getType());
  auto normalizedType =
      RankedTensorType::get(indexType.getShape(), b.getI64Type());
  FailureOr<std::optional<SmallVector<int64_t>>> constant =
      TypeSwitch<Operation *, FailureOr<std::optional<SmallVector<int64_t>>>>(
          op)
          .Case<GatherOp, GatherElementsOp>(
              [](auto gather) { return readGatherIndices(gather); });
  // The op is verified: its indices are readable and in range.
  if (*constant)
    return b.create<arith::ConstantOp>(
        loc, DenseElementsAttr::get(normalizedType, ArrayRef(**constant)));
  auto check = IndexCheckAttr::get(b.getContext(), op->getName().getStringRef(),
                                   getNodeName(op), axis,
                                   getTensorType(data).getDimSize(axis));
  int64_t rank = indexType.getRank();
  SmallVector<AffineMap> maps(2, b.getMultiDimIdentityMap(rank));
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  return b
      .create<linalg::GenericOp>(
          loc, normalizedType, indices, buildEmpty(b, loc, normalizedType),
          maps, iterators,
          [&](OpBuilder &nested, Location l, ValueRange args) {
            nested.create<linalg::YieldOp>(
                l, buildCheckedIndex(nested, l, args[0], check));
          })
      .getResult(0);
}

/// One linalg.generic over the output of a gather `op`: it reads the
/// normalized indices (buildNormalizedIndices) through `indexMap` and the
/// data element at `coordinates(loop indices, index)` with tensor.extract.
Value buildGather(OpBuilder &b, Operation *op, Value data, AffineMap indexMap,
                  int64_t axis,
                  function_ref<SmallVector<Value>(OpBuilder &, Location, Value)>
                      coordinates) {
  Location loc = op->getLoc();
  auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
  Value indices = buildNormalizedIndices(b, op, data, axis);
  data = buildFoldableData(b, loc, data, op->getOperand(1));
  int64_t rank = resultType.getRank();
  SmallVector<AffineMap> maps = {indexMap, b.getMultiDimIdentityMap(rank)};
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  auto generic = b.create<linalg::GenericOp>(
      loc, resultType, indices, buildEmpty(b, loc, resultType), maps, iterators,
      [&](OpBuilder &nested, Location l, ValueRange args) {
        Value index = nested.create<arith::IndexCastOp>(
            l, nested.getIndexType(), args[0]);
        nested.create<linalg::YieldOp>(
            l, nested
                   .create<tensor::ExtractOp>(l, data,
                                              coordinates(nested, l, index))
                   .getResult());
      });
  return generic.getResult(0);
}

/// output[a, i, b] = data[a, indices[i], b].
struct GatherLowering : public OpRewritePattern<GatherOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(GatherOp op,
                                PatternRewriter &rewriter) const override {
    RankedTensorType resultType = getTensorType(op.getOutput());
    RankedTensorType indexType = getTensorType(op.getIndices());
    int64_t rank = resultType.getRank(), depth = indexType.getRank();
    int64_t axis = normalizeVerifiedAxis(op.getAxis(),
                                         getTensorType(op.getData()).getRank());
    SmallVector<AffineExpr> indexExprs;
    for (int64_t dim = axis; dim < axis + depth; ++dim)
      indexExprs.push_back(rewriter.getAffineDimExpr(dim));
    AffineMap indexMap =
        AffineMap::get(rank, 0, indexExprs, rewriter.getContext());
    rewriter.replaceOp(
        op, buildGather(
                rewriter, op, op.getData(), indexMap, axis,
                [&](OpBuilder &b, Location l, Value index) {
                  SmallVector<Value> coordinates;
                  for (int64_t dim = 0; dim < axis; ++dim)
                    coordinates.push_back(b.create<linalg::IndexOp>(l, dim));
                  coordinates.push_back(index);
                  for (int64_t dim = axis + depth; dim < rank; ++dim)
                    coordinates.push_back(b.create<linalg::IndexOp>(l, dim));
                  return coordinates;
                }));
    return success();
  }
};

/// output[i, j] = data[indices[i, j], j] (for axis 0).
struct GatherElementsLowering : public OpRewritePattern<GatherElementsOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(GatherElementsOp op,
                                PatternRewriter &rewriter) const override {
    RankedTensorType resultType = getTensorType(op.getOutput());
    int64_t rank = resultType.getRank();
    int64_t axis = normalizeVerifiedAxis(op.getAxis(), rank);
    rewriter.replaceOp(
        op, buildGather(rewriter, op, op.getData(),
                        rewriter.getMultiDimIdentityMap(rank), axis,
                        [&](OpBuilder &b, Location l, Value index) {
                          SmallVector<Value> coordinates;
                          for (int64_t dim = 0; dim < rank; ++dim)
                            coordinates.push_back(
                                dim == axis
                                    ? index
                                    : Value(b.create<linalg::IndexOp>(l, dim)));
                          return coordinates;
                        }));
    return success();
  }
};

} // namespace

Value mlir::sic::buildCheckedIndex(OpBuilder &b, Location loc, Value raw,
                                   IndexCheckAttr check) {
  Type i64 = b.getI64Type();
  Value index = raw.getType() == i64
                    ? raw
                    : Value(b.create<arith::ExtSIOp>(loc, i64, raw));
  Value zero = b.create<arith::ConstantIntOp>(loc, 0, 64);
  Value size = b.create<arith::ConstantIntOp>(loc, check.getSize(), 64);
  Value negative =
      b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::slt, index, zero);
  Value wrapped = b.create<arith::SelectOp>(
      loc, negative, b.create<arith::AddIOp>(loc, index, size), index);
  // Unsigned: one compare finds both a negative and a too large position.
  Value outside =
      b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::uge, wrapped, size);
  b.create<scf::IfOp>(loc, outside, [&](OpBuilder &then, Location l) {
    then.create<IndexFaultOp>(l, index, check);
    then.create<scf::YieldOp>(l);
  });
  return b.create<arith::SelectOp>(loc, outside, zero, wrapped);
}

void mlir::sic::populateDataMovementLoweringPatterns(
    RewritePatternSet &patterns) {
  patterns.add<ConstantLowering, GatherLowering, GatherElementsLowering,
               ReshapeLowering<ReshapeOp>, ReshapeLowering<FlattenOp>,
               ReshapeLowering<SqueezeOp>, ReshapeLowering<UnsqueezeOp>,
               TransposeLowering, ConcatLowering, SliceLowering, PadLowering>(
      patterns.getContext());
}
