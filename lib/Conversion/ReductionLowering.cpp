//===- ReductionLowering.cpp - sic reduce_* ops to linalg.generic ---------===//

#include "LoweringUtils.h"

#include "dialects/Sic/IR/SicOps.h"
#include "sic/Conversion/SicToLinalg.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/PatternMatch.h"

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

} // namespace

void mlir::sic::populateReductionLoweringPatterns(RewritePatternSet &patterns) {
  patterns.add<ReductionLowering<ReduceSumOp>, ReductionLowering<ReduceMaxOp>,
               ReductionLowering<ReduceMeanOp>>(patterns.getContext());
}
