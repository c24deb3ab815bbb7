//===- ReductionLowering.cpp - sic reduce_* and arg_* to linalg.generic ---===//

#include "LoweringUtils.h"

#include "dialects/Sic/IR/SicOps.h"
#include "sic/Conversion/SicToLinalg.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/PatternMatch.h"

#include <cmath>
#include <numeric>

using namespace mlir;
using namespace mlir::sic;

namespace {

/// The op's axes, normalized and sorted; an empty list means every axis.
template <typename OpTy>
SmallVector<int64_t> getReducedDims(OpTy op) {
  int64_t rank = getTensorType(op.getInput()).getRank();
  SmallVector<int64_t> dims;
  for (int64_t axis : op.getAxes())
    dims.push_back(normalizeVerifiedAxis(axis, rank));
  if (dims.empty()) {
    dims.resize(rank);
    std::iota(dims.begin(), dims.end(), 0);
  }
  llvm::sort(dims);
  dims.erase(std::unique(dims.begin(), dims.end()), dims.end());
  return dims;
}

Value buildSumOver(OpBuilder &b, Location loc, Value input,
                   ArrayRef<int64_t> dims) {
  Type elementType = getTensorType(input).getElementType();
  return buildReduction(b, loc, input, dims, buildScalar(b, loc, elementType, 0),
                        [](OpBuilder &nb, Location l, ValueRange args) {
                          return buildAdd(nb, l, args[0], args[1]);
                        });
}

Value computeReduction(ReduceSumOp op, OpBuilder &b) {
  return buildSumOver(b, op.getLoc(), op.getInput(), getReducedDims(op));
}

Value computeReduction(ReduceMaxOp op, OpBuilder &b) {
  Location loc = op.getLoc();
  Type elementType = getTensorType(op.getInput()).getElementType();
  return buildReduction(b, loc, op.getInput(), getReducedDims(op),
                        buildLowest(b, loc, elementType),
                        [](OpBuilder &nb, Location l, ValueRange args) {
                          return buildMax(nb, l, args[0], args[1]);
                        });
}

Value computeReduction(ReduceProdOp op, OpBuilder &b) {
  Location loc = op.getLoc();
  Type elementType = getTensorType(op.getInput()).getElementType();
  return buildReduction(b, loc, op.getInput(), getReducedDims(op),
                        buildScalar(b, loc, elementType, 1),
                        [](OpBuilder &nb, Location l, ValueRange args) {
                          return buildBinary<arith::MulFOp, arith::MulIOp>(
                              nb, l, args[0], args[1]);
                        });
}

Value computeReduction(ReduceMeanOp op, OpBuilder &b) {
  Location loc = op.getLoc();
  RankedTensorType inputType = getTensorType(op.getInput());
  SmallVector<int64_t> dims = getReducedDims(op);
  Value sums = buildSumOver(b, loc, op.getInput(), dims);
  int64_t count = 1;
  for (int64_t dim : dims)
    count *= inputType.getDimSize(dim);
  Value divisor = buildScalar(b, loc, inputType.getElementType(),
                              static_cast<double>(count));
  return buildElementwise(b, loc, getTensorType(sums), sums,
                          [&](OpBuilder &nb, Location l, ValueRange args) {
                            return nb.create<arith::DivFOp>(l, args[0], divisor);
                          });
}

template <typename OpTy>
struct ReductionLowering : public OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    Value reduced = computeReduction(op, rewriter);
    rewriter.replaceOp(op, buildReshape(rewriter, op.getLoc(), reduced,
                                        getTensorType(op.getOutput())));
    return success();
  }
};

/// Whether `candidate` replaces the element chosen so far, `chosen`: it is
/// larger (arg_max) or smaller (arg_min), or with `last` equal. Ordered
/// comparisons pass NaN over.
Value buildReplaces(OpBuilder &b, Location loc, Value candidate, Value chosen,
                    bool max, bool last) {
  if (isa<FloatType>(candidate.getType())) {
    arith::CmpFPredicate predicate =
        max ? (last ? arith::CmpFPredicate::OGE : arith::CmpFPredicate::OGT)
            : (last ? arith::CmpFPredicate::OLE : arith::CmpFPredicate::OLT);
    return b.create<arith::CmpFOp>(loc, predicate, candidate, chosen);
  }
  arith::CmpIPredicate predicate =
      max ? (last ? arith::CmpIPredicate::sge : arith::CmpIPredicate::sgt)
          : (last ? arith::CmpIPredicate::sle : arith::CmpIPredicate::slt);
  return b.create<arith::CmpIOp>(loc, predicate, candidate, chosen);
}

/// arg_max and arg_min: one linalg.generic that carries the chosen element
/// and its index along the axis, starting from the lowest (highest) value
/// and index 0.
template <typename OpTy>
struct ArgReduceLowering : public OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    constexpr bool max = std::is_same_v<OpTy, ArgMaxOp>;
    bool last = op.getSelectLastIndex();
    Location loc = op.getLoc();
    MLIRContext *context = rewriter.getContext();
    RankedTensorType inputType = getTensorType(op.getInput());
    Type elementType = inputType.getElementType();
    int64_t rank = inputType.getRank();
    int64_t axis = normalizeVerifiedAxis(op.getAxis(), rank);

    SmallVector<int64_t> keptShape;
    SmallVector<AffineExpr> keptExprs;
    SmallVector<utils::IteratorType> iterators;
    for (int64_t dim = 0; dim < rank; ++dim) {
      iterators.push_back(dim == axis ? utils::IteratorType::reduction
                                      : utils::IteratorType::parallel);
      if (dim == axis)
        continue;
      keptShape.push_back(inputType.getDimSize(dim));
      keptExprs.push_back(getAffineDimExpr(dim, context));
    }
    auto valuesType = RankedTensorType::get(keptShape, elementType);
    auto indicesType = RankedTensorType::get(keptShape, rewriter.getI64Type());
    Value start = buildLowest(rewriter, loc, elementType);
    if (!max)
      start = isa<FloatType>(elementType)
                  ? buildScalar(rewriter, loc, elementType, INFINITY)
                  : rewriter.create<arith::ConstantOp>(
                        loc, rewriter.getIntegerAttr(
                                 elementType,
                                 APInt::getSignedMaxValue(
                                     elementType.getIntOrFloatBitWidth())));
    Value values = buildFilled(rewriter, loc, valuesType, start);
    Value indices = buildFilled(
        rewriter, loc, indicesType,
        rewriter.create<arith::ConstantOp>(loc, rewriter.getI64IntegerAttr(0)));
    AffineMap kept = AffineMap::get(rank, 0, keptExprs, context);
    auto generic = rewriter.create<linalg::GenericOp>(
        loc, TypeRange{valuesType, indicesType}, op.getInput(),
        ValueRange{values, indices},
        ArrayRef<AffineMap>{rewriter.getMultiDimIdentityMap(rank), kept, kept},
        iterators, [&](OpBuilder &b, Location l, ValueRange args) {
          Value index = b.create<arith::IndexCastOp>(
              l, b.getI64Type(), b.create<linalg::IndexOp>(l, axis));
          Value replaces = buildReplaces(b, l, args[0], args[1], max, last);
          b.create<linalg::YieldOp>(
              l, ValueRange{
                     b.create<arith::SelectOp>(l, replaces, args[0], args[1]),
                     b.create<arith::SelectOp>(l, replaces, index, args[2])});
        });
    rewriter.replaceOp(op, buildReshape(rewriter, loc, generic.getResult(1),
                                        getTensorType(op.getOutput())));
    return success();
  }
};

} // namespace

void mlir::sic::populateReductionLoweringPatterns(RewritePatternSet &patterns) {
  patterns.add<ReductionLowering<ReduceSumOp>, ReductionLowering<ReduceMaxOp>,
               ReductionLowering<ReduceProdOp>, ReductionLowering<ReduceMeanOp>,
               ArgReduceLowering<ArgMaxOp>, ArgReduceLowering<ArgMinOp>>(
      patterns.getContext());
}
