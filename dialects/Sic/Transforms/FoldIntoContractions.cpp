//===- FoldIntoContractions.cpp - Fold epilogues into constant weights ----===//
//
// sic-fold-into-contractions (see Passes.td). Every fold reads the constants
// involved, computes the new weights in double, rounds each once to f32, and
// changes nothing unless all of them are finite: a scale that overflows a
// weight would turn finite outputs into infinities or NaNs.
//
//===----------------------------------------------------------------------===//

#include "dialects/Sic/Transforms/Passes.h"

#include "ChannelAffine.h"
#include "F32Constants.h"

#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cmath>
#include <type_traits>

namespace mlir::sic {
#define GEN_PASS_DEF_FOLDINTOCONTRACTIONSPASS
#include "dialects/Sic/Transforms/Passes.h.inc"
} // namespace mlir::sic

using namespace mlir;
using namespace mlir::sic;

namespace {

/// batch_norm(contraction) with constant statistics: a per-channel scale
/// scale / sqrt(variance + epsilon) and shift bias - mean * that.
LogicalResult foldBatchNorm(BatchNormOp op, RewriterBase &rewriter) {
  auto contraction = getSoleContraction(op.getInput());
  // batch_norm's channels are dim 1: they must be the contraction's.
  if (!contraction || contraction->second != 1)
    return failure();
  if (!llvm::all_of(op.getInputs().drop_front(),
                    [](Value v) { return getF32Constant(v); }))
    return failure();
  std::optional<ConstantValues> scale = readF32Constant(op.getScale()),
                                bias = readF32Constant(op.getBias()),
                                mean = readF32Constant(op.getMean()),
                                variance = readF32Constant(op.getVariance());
  if (!scale || !bias || !mean || !variance)
    return failure();
  double epsilon = op.getEpsilon().convertToDouble();
  ChannelAffine affine;
  affine.shiftSource = bias->op;
  for (size_t c = 0, e = scale->values.size(); c < e; ++c) {
    double factor = scale->values[c] / std::sqrt(variance->values[c] + epsilon);
    affine.scale.push_back(factor);
    affine.shift.push_back(bias->values[c] - mean->values[c] * factor);
  }
  if (!llvm::all_of(affine.scale, [](double v) { return std::isfinite(v); }) ||
      !llvm::all_of(affine.shift, [](double v) { return std::isfinite(v); }))
    return failure();
  return foldAffine(contraction->first, affine, op, rewriter);
}

/// The affine map that `OpTy` applies to its operand #`side` when the other
/// operand holds `values` (per channel), if it is one.
template <typename OpTy>
std::optional<ChannelAffine> getBinaryAffine(ArrayRef<double> values,
                                             unsigned side) {
  ChannelAffine affine;
  if constexpr (std::is_same_v<OpTy, MulOp>) {
    affine.scale.assign(values.begin(), values.end());
  } else if constexpr (std::is_same_v<OpTy, AddOp>) {
    affine.shift.assign(values.begin(), values.end());
  } else if constexpr (std::is_same_v<OpTy, SubOp>) {
    // x - k = x + (-k); k - x = x * -1 + k.
    for (double value : values)
      affine.shift.push_back(side == 0 ? -value : value);
    if (side == 1)
      affine.scale.push_back(-1.0);
  } else {
    static_assert(std::is_same_v<OpTy, DivOp>);
    if (side == 1)
      return std::nullopt;
    for (double value : values) {
      double inverse = 1.0 / value;
      if (!std::isfinite(inverse))
        return std::nullopt;
      affine.scale.push_back(inverse);
    }
  }
  return affine;
}

/// mul, div, add or sub of a constant on a contraction's result.
template <typename OpTy>
LogicalResult foldBinary(OpTy op, RewriterBase &rewriter) {
  Type outputType = op.getOutput().getType();
  for (unsigned side : {0u, 1u}) {
    Value result = op.getInputs()[side], other = op.getInputs()[1 - side];
    // The result must not broadcast to a larger shape.
    if (result.getType() != outputType)
      continue;
    auto contraction = getSoleContraction(result);
    if (!contraction)
      continue;
    std::optional<SmallVector<double>> values =
        getChannelValues(other, cast<RankedTensorType>(outputType).getShape(),
                         contraction->second);
    if (!values)
      continue;
    std::optional<ChannelAffine> affine = getBinaryAffine<OpTy>(*values, side);
    if (!affine)
      continue;
    affine->shiftSource = getF32Constant(other);
    if (succeeded(foldAffine(contraction->first, *affine, op, rewriter)))
      return success();
  }
  return failure();
}

/// A gemm's constant operands take what its flags and factors say: a
/// transposed constant A or B is stored transposed (the flag cleared), alpha
/// is multiplied into B (or A) and beta into C.
LogicalResult foldGemmConstants(GemmOp op, RewriterBase &rewriter) {
  double alpha = op.getAlpha().convertToDouble();
  double beta = op.getBeta().convertToDouble();
  bool constantA = getF32Constant(op.getA()),
       constantB = getF32Constant(op.getB()),
       constantC = op.getC() && getF32Constant(op.getC());
  bool alphaIntoB = alpha != 1.0 && constantB;
  bool alphaIntoA = alpha != 1.0 && !constantB && constantA;
  bool rewriteA = (op.getTransA() && constantA) || alphaIntoA;
  bool rewriteB = (op.getTransB() && constantB) || alphaIntoB;
  bool rewriteC = beta != 1.0 && constantC;
  if (!rewriteA && !rewriteB && !rewriteC)
    return failure();

  // The new matrix for operand #`index`: transposed when `transpose`,
  // times `factor`.
  auto compute = [&](unsigned index, bool transpose,
                     double factor) -> std::optional<NewConstant> {
    std::optional<ConstantValues> old = readF32Constant(op->getOperand(index));
    if (!old)
      return std::nullopt;
    RankedTensorType type = old->getType();
    // A and B are matrices; C, which is never transposed, may be a
    // vector or a scalar.
    SmallVector<int64_t> shape(type.getShape());
    int64_t rows = 1, columns = 1;
    if (transpose) {
      std::swap(shape[0], shape[1]);
      rows = shape[0];
      columns = shape[1];
    }
    std::optional<std::vector<float>> values =
        computeF32(type.getNumElements(), [&](int64_t i) {
          // Element (row, column) of the result is (column, row) of the
          // old matrix when transposing.
          int64_t source = transpose ? (i % columns) * rows + i / columns : i;
          return old->values[source] * factor;
        });
    if (!values)
      return std::nullopt;
    return NewConstant{old->op.getLoc(),
                       getF32TensorType(op.getContext(), shape),
                       std::move(*values), old->op};
  };
  std::optional<NewConstant> newA, newB, newC;
  if (rewriteA && !(newA = compute(0, op.getTransA(), alphaIntoA ? alpha : 1)))
    return failure();
  if (rewriteB && !(newB = compute(1, op.getTransB(), alphaIntoB ? alpha : 1)))
    return failure();
  if (rewriteC && !(newC = compute(2, false, beta)))
    return failure();

  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPoint(op);
  SmallVector<Value> operands(op.getInputs());
  if (newA)
    operands[0] = newA->create(rewriter);
  if (newB)
    operands[1] = newB->create(rewriter);
  if (newC)
    operands[2] = newC->create(rewriter);
  rewriter.modifyOpInPlace(op, [&] {
    op->setOperands(operands);
    if (newA)
      op.setTransA(false);
    if (newB)
      op.setTransB(false);
    if (alphaIntoA || alphaIntoB)
      op.setAlphaAttr(rewriter.getF32FloatAttr(1.0f));
    if (newC)
      op.setBetaAttr(rewriter.getF32FloatAttr(1.0f));
  });
  return success();
}

/// Tries every fold whose root is `op`.
LogicalResult foldAt(Operation *op, RewriterBase &rewriter) {
  return llvm::TypeSwitch<Operation *, LogicalResult>(op)
      .Case([&](BatchNormOp op) { return foldBatchNorm(op, rewriter); })
      .Case([&](MulOp op) { return foldBinary(op, rewriter); })
      .Case([&](DivOp op) { return foldBinary(op, rewriter); })
      .Case([&](AddOp op) { return foldBinary(op, rewriter); })
      .Case([&](SubOp op) { return foldBinary(op, rewriter); })
      .Case([&](GemmOp op) { return foldGemmConstants(op, rewriter); })
      .Default([](Operation *) { return failure(); });
}

/// Records, as candidates for erasure, the constants that `op` reads.
void collectConstantOperands(Operation *op, SetVector<Operation *> &constants) {
  for (Value operand : op->getOperands())
    if (auto constant = operand.getDefiningOp<ConstantOp>())
      constants.insert(constant);
}

struct FoldIntoContractionsPass
    : public sic::impl::FoldIntoContractionsPassBase<FoldIntoContractionsPass> {
  // A walk in schedule order rather than the greedy pattern driver: the
  // driver's constant folding moves constants to the top of the function
  // and erases their locations, which name the model's tensors.
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal())
      return;
    IRRewriter rewriter(&getContext());
    SetVector<Operation *> replacedConstants;
    Block &body = func.getBody().front();
    // Sweeps until nothing folds: a fold puts its contraction where the
    // old one was, before the ops that read it, so a chain (conv2d,
    // batch_norm, mul, add) folds in one sweep and the next sweep only
    // confirms it.
    for (bool changed = true; changed;) {
      changed = false;
      for (Operation &op : llvm::make_early_inc_range(body)) {
        SmallVector<Operation *> inputs;
        for (Value operand : op.getOperands())
          if (Operation *producer = operand.getDefiningOp())
            inputs.push_back(producer);
        SetVector<Operation *> candidates;
        collectConstantOperands(&op, candidates);
        for (Operation *producer : inputs)
          collectConstantOperands(producer, candidates);
        if (succeeded(foldAt(&op, rewriter))) {
          changed = true;
          replacedConstants.insert(candidates.begin(), candidates.end());
        }
      }
    }
    for (Operation *constant : replacedConstants)
      if (constant->use_empty())
        rewriter.eraseOp(constant);
  }
};

} // namespace
