//===- TopKLowering.cpp - sic top_k to scf loops --------------------------===//
//
// top_k selects, for each position outside its axis, k times the element
// that comes first in its order (largest or smallest first, equal elements
// by index, NaN after every number) among those that come after the one
// selected before: k passes over the axis, with no buffer beyond the
// output. That costs k times the axis' size in compares, which suits the
// small k of detection and decoding heads.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"

#include "sic/Conversion/SicToLinalg.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace mlir::sic;

namespace {

/// Whether element `a` at index `ia` comes before `b` at `ib` in top_k's
/// order.
Value buildPrecedes(OpBuilder &b, Location loc, bool largest, Value a, Value ia,
                    Value bValue, Value ib) {
  Value earlier =
      b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::slt, ia, ib);
  if (!isa<FloatType>(a.getType())) {
    auto first =
        largest ? arith::CmpIPredicate::sgt : arith::CmpIPredicate::slt;
    Value before = b.create<arith::CmpIOp>(loc, first, a, bValue);
    Value equal =
        b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq, a, bValue);
    return b.create<arith::OrIOp>(loc, before,
                                  b.create<arith::AndIOp>(loc, equal, earlier));
  }
  // Ordered compares are false with a NaN; NaN comes after every number and
  // NaNs by index.
  auto first = largest ? arith::CmpFPredicate::OGT : arith::CmpFPredicate::OLT;
  Value before = b.create<arith::CmpFOp>(loc, first, a, bValue);
  Value equal =
      b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OEQ, a, bValue);
  Value aNaN = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::UNO, a, a);
  Value bNaN =
      b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::UNO, bValue, bValue);
  Value aNumber = b.create<arith::XOrIOp>(
      loc, aNaN, b.create<arith::ConstantIntOp>(loc, 1, 1));
  Value bothNaN = b.create<arith::AndIOp>(loc, aNaN, bNaN);
  Value tie = b.create<arith::AndIOp>(
      loc, b.create<arith::OrIOp>(loc, equal, bothNaN), earlier);
  Value numberFirst = b.create<arith::AndIOp>(loc, aNumber, bNaN);
  return b.create<arith::OrIOp>(
      loc, b.create<arith::OrIOp>(loc, before, numberFirst), tie);
}

struct TopKLowering : public OpRewritePattern<TopKOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(TopKOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType inputType = getTensorType(op.getInput());
    RankedTensorType resultType = getTensorType(op.getOutput());
    int64_t axis = normalizeVerifiedAxis(op.getAxis(), inputType.getRank());
    bool largest = op.getLargest();
    SmallVector<int64_t> outer(inputType.getShape());
    outer.erase(outer.begin() + axis);
    Type elementType = inputType.getElementType();
    Type i64 = rewriter.getI64Type();
    Value input = buildUnfoldable(rewriter, loc, op.getInput());

    scf::LoopNest rows = buildShapeLoops(
        rewriter, loc, outer, buildEmpty(rewriter, loc, resultType),
        [&](OpBuilder &b, Location l, ValueRange position, ValueRange carried) {
          auto at = [&](Value index) {
            SmallVector<Value> coordinates(position);
            coordinates.insert(coordinates.begin() + axis, index);
            return coordinates;
          };
          Value zero = b.create<arith::ConstantIndexOp>(l, 0);
          Value one = b.create<arith::ConstantIndexOp>(l, 1);
          Value size =
              b.create<arith::ConstantIndexOp>(l, inputType.getDimSize(axis));
          Value k = b.create<arith::ConstantIndexOp>(l, op.getK());
          Value none = b.create<arith::ConstantIntOp>(l, -1, 64);
          // Each pass carries the element chosen last (index -1: none yet)
          // and the output.
          Value anyValue =
              b.create<arith::ConstantOp>(l, b.getZeroAttr(elementType));
          auto passes = b.create<scf::ForOp>(
              l, zero, k, one, ValueRange{anyValue, none, carried.front()},
              [&](OpBuilder &pb, Location pl, Value pass, ValueRange last) {
                Value lastValue = last[0], lastIndex = last[1];
                Value noLast = pb.create<arith::CmpIOp>(
                    pl, arith::CmpIPredicate::slt, lastIndex,
                    pb.create<arith::ConstantIntOp>(pl, 0, 64));
                auto scan = pb.create<scf::ForOp>(
                    pl, zero, size, one, ValueRange{anyValue, none},
                    [&](OpBuilder &sb, Location sl, Value j, ValueRange best) {
                      Value value =
                          sb.create<tensor::ExtractOp>(sl, input, at(j));
                      Value index = sb.create<arith::IndexCastOp>(sl, i64, j);
                      Value after = sb.create<arith::OrIOp>(
                          sl, noLast,
                          buildPrecedes(sb, sl, largest, lastValue, lastIndex,
                                        value, index));
                      Value noBest = sb.create<arith::CmpIOp>(
                          sl, arith::CmpIPredicate::slt, best[1],
                          sb.create<arith::ConstantIntOp>(sl, 0, 64));
                      Value better = sb.create<arith::OrIOp>(
                          sl, noBest,
                          buildPrecedes(sb, sl, largest, value, index, best[0],
                                        best[1]));
                      Value take = sb.create<arith::AndIOp>(sl, after, better);
                      sb.create<scf::YieldOp>(
                          sl, ValueRange{sb.create<arith::SelectOp>(
                                             sl, take, value, best[0]),
                                         sb.create<arith::SelectOp>(
                                             sl, take, index, best[1])});
                    });
                Value chosenValue = scan.getResult(0);
                Value chosenIndex = scan.getResult(1);
                Value output = pb.create<tensor::InsertOp>(pl, chosenIndex,
                                                           last[2], at(pass));
                pb.create<scf::YieldOp>(
                    pl, ValueRange{chosenValue, chosenIndex, output});
              });
          return scf::ValueVector{passes.getResult(2)};
        });
    rewriter.replaceOp(op, rows.results.front());
    return success();
  }
};

} // namespace

void mlir::sic::populateTopKLoweringPatterns(RewritePatternSet &patterns) {
  patterns.add<TopKLowering>(patterns.getContext());
}
