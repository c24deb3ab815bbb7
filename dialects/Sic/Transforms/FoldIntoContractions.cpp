//===- FoldIntoContractions.cpp - Fold epilogues into constant weights ----===//
//
// sic-fold-into-contractions (see Passes.td). Every fold reads the constants
// involved, computes the new weights in double, rounds each once to f32, and
// changes nothing unless all of them are finite: a scale that overflows a
// weight would turn finite outputs into infinities or NaNs.
//
//===----------------------------------------------------------------------===//

#include "Sic/Transforms/Passes.h"
#include "sic/Support/ShapeRules.h"

#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cmath>
#include <type_traits>

namespace mlir::sic {
#define GEN_PASS_DEF_FOLDINTOCONTRACTIONSPASS
#include "Sic/Transforms/Passes.h.inc"
} // namespace mlir::sic

using namespace mlir;
using namespace mlir::sic;

namespace {

//===----------------------------------------------------------------------===//
// Constants
//===----------------------------------------------------------------------===//

/// The sic.constant of f32 elements that defines `value`, if any.
ConstantOp getF32Constant(Value value) {
  auto constant = value ? value.getDefiningOp<ConstantOp>() : nullptr;
  if (!constant ||
      !cast<RankedTensorType>(constant.getType()).getElementType().isF32())
    return nullptr;
  return constant;
}

/// A constant's op and its elements, read once.
struct ConstantValues {
  ConstantOp op;
  std::vector<float> values;

  RankedTensorType getType() const {
    return cast<RankedTensorType>(op->getResult(0).getType());
  }
};

/// The elements of `value` when a readable f32 sic.constant defines it.
std::optional<ConstantValues> readF32Constant(Value value) {
  ConstantOp constant = getF32Constant(value);
  if (!constant)
    return std::nullopt;
  FailureOr<std::vector<float>> values = readConstantValues<float>(constant);
  if (failed(values))
    return std::nullopt;
  return ConstantValues{constant, std::move(*values)};
}

/// `count` values `compute(i)`, each rounded to f32; nothing when one of
/// them is not finite.
std::optional<std::vector<float>>
computeF32(int64_t count, function_ref<double(int64_t)> compute) {
  std::vector<float> values(count);
  for (int64_t i = 0; i < count; ++i) {
    values[i] = static_cast<float>(compute(i));
    if (!std::isfinite(values[i]))
      return std::nullopt;
  }
  return values;
}

/// A new sic.constant of `type` holding `values`, at `loc`. When `like`
/// holds a dense_resource blob the new constant does too (named after it),
/// so weights stay out of the IR text as the importers keep them; otherwise
/// it holds a dense attribute.
Value createConstant(RewriterBase &rewriter, Location loc,
                     RankedTensorType type, ArrayRef<float> values,
                     ConstantOp like) {
  ElementsAttr attr;
  if (auto resource =
          like ? dyn_cast<DenseResourceElementsAttr>(like.getValue()) : nullptr)
    attr = DenseResourceElementsAttr::get(
        type, resource.getRawHandle().getKey(),
        HeapAsmResourceBlob::allocateAndCopyInferAlign(values));
  else
    attr = DenseElementsAttr::get(type, values);
  return rewriter.create<ConstantOp>(loc, type, attr);
}

RankedTensorType getF32TensorType(MLIRContext *context,
                                  ArrayRef<int64_t> shape) {
  return RankedTensorType::get(shape, Float32Type::get(context));
}

//===----------------------------------------------------------------------===//
// Per-channel affine maps
//===----------------------------------------------------------------------===//

/// y = x * scale[c] + shift[c] for each output channel c of a contraction.
/// Each list holds no value (the identity), one value (for every channel)
/// or one value per channel.
struct ChannelAffine {
  SmallVector<double> scale, shift;
  /// The constant the shift comes from: where a bias the fold creates is
  /// located.
  ConstantOp shiftSource;

  double getScale(int64_t channel) const { return get(scale, channel, 1.0); }
  double getShift(int64_t channel) const { return get(shift, channel, 0.0); }
  bool hasChannelScale() const { return scale.size() > 1; }
  bool hasShift() const { return !shift.empty(); }
  /// Whether the scale or the shift differs between channels.
  bool isPerChannel() const { return scale.size() > 1 || shift.size() > 1; }

private:
  static double get(ArrayRef<double> values, int64_t channel, double identity) {
    if (values.empty())
      return identity;
    return values[values.size() == 1 ? 0 : channel];
  }
};

/// The axis of a contraction's result along which its output channels run
/// (what a folded scale or bias may vary along): dim 1 of a conv2d's NCHW
/// result, the last dim of a gemm's or matmul's.
std::optional<int64_t> getChannelAxis(Operation *op) {
  if (isa<Conv2DOp, GemmOp>(op))
    return 1;
  if (auto matmul = dyn_cast<MatmulOp>(op)) {
    int64_t rank =
        cast<RankedTensorType>(matmul.getOutput().getType()).getRank();
    if (rank > 0)
      return rank - 1;
  }
  return std::nullopt;
}

/// `value` as the per-channel values of a result of `shape` whose channels
/// run along `axis`: one value when `value` is a single number, one per
/// channel when it varies along `axis` only. Nothing when `value` is not a
/// readable f32 constant, varies along another dim, would broadcast `shape`
/// to a larger shape, or holds a value that is not finite.
std::optional<SmallVector<double>>
getChannelValues(Value value, ArrayRef<int64_t> shape, int64_t axis) {
  auto type = cast<RankedTensorType>(value.getType());
  ArrayRef<int64_t> dims = type.getShape();
  if (dims.size() > shape.size() || type.getNumElements() == 0 ||
      !getF32Constant(value))
    return std::nullopt;
  int64_t offset = shape.size() - dims.size();
  for (auto [index, dim] : llvm::enumerate(dims))
    if (dim != 1 &&
        (offset + static_cast<int64_t>(index) != axis || dim != shape[axis]))
      return std::nullopt;
  std::optional<ConstantValues> constant = readF32Constant(value);
  if (!constant)
    return std::nullopt;
  SmallVector<double> values(constant->values.begin(), constant->values.end());
  if (!llvm::all_of(values, [](double v) { return std::isfinite(v); }))
    return std::nullopt;
  return values;
}

//===----------------------------------------------------------------------===//
// Folding a per-channel affine map into a contraction
//===----------------------------------------------------------------------===//

/// A contraction's weight, rewritten: where it goes and its new elements.
struct NewConstant {
  Location loc;
  RankedTensorType type;
  std::vector<float> values;
  ConstantOp like;

  Value create(RewriterBase &rewriter) const {
    return createConstant(rewriter, loc, type, values, like);
  }
};

/// The bias of a folded gemm: beta * C * scale + shift, broadcast to the
/// smallest shape that holds it (C has rank 2 at most). Without C it is the
/// shift alone, if there is one. `c` must be null or have been read.
FailureOr<std::optional<NewConstant>>
computeGemmBias(const std::optional<ConstantValues> &c, double beta,
                const ChannelAffine &affine, int64_t channels, ConstantOp like,
                Location fallbackLoc) {
  MLIRContext *context = like.getContext();
  if (!c) {
    if (!affine.hasShift())
      return std::optional<NewConstant>();
    int64_t size = affine.shift.size() > 1 ? channels : 1;
    std::optional<std::vector<float>> values =
        computeF32(size, [&](int64_t i) { return affine.getShift(i); });
    if (!values)
      return failure();
    ConstantOp source = affine.shiftSource;
    return std::optional<NewConstant>(NewConstant{
        source ? source->getLoc() : fallbackLoc,
        getF32TensorType(context, {size}), std::move(*values), like});
  }
  ArrayRef<int64_t> oldShape = c->getType().getShape();
  Shape shape(oldShape);
  if (affine.isPerChannel())
    shape = *broadcastShapes(oldShape, {channels});
  // Both shapes have rank 2 at most: index them as rows x columns.
  auto rowsAndColumns = [](ArrayRef<int64_t> dims) {
    return std::make_pair(dims.size() == 2 ? dims[0] : 1,
                          dims.empty() ? 1 : dims.back());
  };
  auto [rows, columns] = rowsAndColumns(shape);
  auto [oldRows, oldColumns] = rowsAndColumns(oldShape);
  std::optional<std::vector<float>> values =
      computeF32(rows * columns, [&](int64_t i) {
        int64_t row = i / columns, column = i % columns;
        int64_t offset = (oldRows == 1 ? 0 : row) * oldColumns +
                         (oldColumns == 1 ? 0 : column);
        int64_t channel = affine.isPerChannel() ? column : 0;
        return beta * c->values[offset] * affine.getScale(channel) +
               affine.getShift(channel);
      });
  if (!values)
    return failure();
  return std::optional<NewConstant>(
      NewConstant{c->op->getLoc(), getF32TensorType(context, shape),
                  std::move(*values), c->op});
}

/// The conv2d that computes `affine` of `conv`'s result: the filter rows
/// and the bias scaled per output channel, the shift added to the bias.
FailureOr<Operation *> foldIntoConv(Conv2DOp conv, const ChannelAffine &affine,
                                    Location loc, RewriterBase &rewriter) {
  if (!getF32Constant(conv.getFilter()) ||
      (conv.getBias() && !getF32Constant(conv.getBias())))
    return failure();
  std::optional<ConstantValues> filter = readF32Constant(conv.getFilter());
  std::optional<ConstantValues> bias;
  if (!filter || (conv.getBias() && !(bias = readF32Constant(conv.getBias()))))
    return failure();

  RankedTensorType filterType = filter->getType();
  int64_t channels = filterType.getDimSize(0);
  int64_t perChannel = channels ? filterType.getNumElements() / channels : 1;
  // A shift alone leaves the filter as it is.
  std::optional<std::vector<float>> newFilter;
  if (!affine.scale.empty()) {
    newFilter = computeF32(filterType.getNumElements(), [&](int64_t i) {
      return filter->values[i] * affine.getScale(i / perChannel);
    });
    if (!newFilter)
      return failure();
  }
  std::optional<std::vector<float>> newBias;
  if (bias || affine.hasShift()) {
    newBias = computeF32(channels, [&](int64_t c) {
      double old = bias ? bias->values[c] : 0.0;
      return old * affine.getScale(c) + affine.getShift(c);
    });
    if (!newBias)
      return failure();
  }

  Value filterValue = !newFilter
                          ? conv.getFilter()
                          : createConstant(rewriter, filter->op.getLoc(),
                                           filterType, *newFilter, filter->op);
  SmallVector<Value> operands = {conv.getInput(), filterValue};
  if (newBias) {
    Location biasLoc = bias                 ? bias->op.getLoc()
                       : affine.shiftSource ? affine.shiftSource->getLoc()
                                            : loc;
    operands.push_back(createConstant(
        rewriter, biasLoc, getF32TensorType(conv.getContext(), {channels}),
        *newBias, bias ? bias->op : filter->op));
  }
  Operation *folded = rewriter.clone(*conv);
  rewriter.modifyOpInPlace(folded, [&] {
    folded->setOperands(operands);
    folded->setLoc(loc);
  });
  return folded;
}

/// The gemm that computes `affine` of `gemm`'s result: alpha and the scale
/// go into B (into A when the scale is one number and only A is constant),
/// beta, the scale and the shift into C.
FailureOr<Operation *> foldIntoGemm(GemmOp gemm, const ChannelAffine &affine,
                                    Location loc, RewriterBase &rewriter) {
  bool intoB = getF32Constant(gemm.getB());
  if (!intoB && (affine.hasChannelScale() || !getF32Constant(gemm.getA())))
    return failure();
  if (gemm.getC() && !getF32Constant(gemm.getC()))
    return failure();
  std::optional<ConstantValues> weight =
      readF32Constant(intoB ? gemm.getB() : gemm.getA());
  std::optional<ConstantValues> c;
  if (gemm.getC() && !(c = readF32Constant(gemm.getC())))
    return failure();
  if (!weight)
    return failure();

  double alpha = gemm.getAlpha().convertToDouble();
  double beta = gemm.getBeta().convertToDouble();
  RankedTensorType weightType = weight->getType();
  int64_t columns = weightType.getDimSize(1);
  // B holds the channels as columns, or as rows when it is transposed. A
  // shift alone (with alpha 1) leaves the weight as it is.
  std::optional<std::vector<float>> newWeight;
  if (!affine.scale.empty() || alpha != 1.0) {
    newWeight = computeF32(weightType.getNumElements(), [&](int64_t i) {
      int64_t channel = !intoB             ? 0
                        : gemm.getTransB() ? i / columns
                                           : i % columns;
      return weight->values[i] * alpha * affine.getScale(channel);
    });
    if (!newWeight)
      return failure();
  }
  int64_t channels =
      cast<RankedTensorType>(gemm.getOutput().getType()).getDimSize(1);
  FailureOr<std::optional<NewConstant>> newC =
      computeGemmBias(c, beta, affine, channels, weight->op, loc);
  if (failed(newC))
    return failure();

  Value newWeightValue =
      !newWeight ? weight->op.getResult()
                 : createConstant(rewriter, weight->op.getLoc(), weightType,
                                  *newWeight, weight->op);
  SmallVector<Value> operands = {intoB ? gemm.getA() : newWeightValue,
                                 intoB ? newWeightValue : gemm.getB()};
  if (*newC)
    operands.push_back((*newC)->create(rewriter));
  auto folded = cast<GemmOp>(rewriter.clone(*gemm));
  rewriter.modifyOpInPlace(folded, [&] {
    folded->setOperands(operands);
    folded->setLoc(loc);
    folded.setAlphaAttr(rewriter.getF32FloatAttr(1.0f));
    folded.setBetaAttr(rewriter.getF32FloatAttr(1.0f));
  });
  return folded.getOperation();
}

/// The matmul that computes `affine` of `matmul`'s result: the scale goes
/// into the constant operand (a scale that differs between channels only
/// into the columns of a constant rhs matrix). With a shift, a matmul of
/// two matrices becomes a gemm whose C is the shift.
FailureOr<Operation *> foldIntoMatmul(MatmulOp matmul,
                                      const ChannelAffine &affine, Location loc,
                                      RewriterBase &rewriter) {
  auto lhsType = cast<RankedTensorType>(matmul.getLhs().getType());
  auto rhsType = cast<RankedTensorType>(matmul.getRhs().getType());
  bool intoRhs = getF32Constant(matmul.getRhs()) &&
                 (rhsType.getRank() >= 2 || !affine.hasChannelScale());
  if (!intoRhs &&
      (affine.hasChannelScale() || !getF32Constant(matmul.getLhs())))
    return failure();
  bool toGemm = affine.hasShift();
  if (toGemm && (!intoRhs || lhsType.getRank() != 2 || rhsType.getRank() != 2))
    return failure();
  std::optional<ConstantValues> weight =
      readF32Constant(intoRhs ? matmul.getRhs() : matmul.getLhs());
  if (!weight)
    return failure();

  RankedTensorType weightType = weight->getType();
  int64_t columns = weightType.getShape().back();
  // A shift alone leaves the weight as it is.
  std::optional<std::vector<float>> newWeight;
  if (!affine.scale.empty()) {
    newWeight = computeF32(weightType.getNumElements(), [&](int64_t i) {
      int64_t channel = intoRhs && weightType.getRank() >= 2 ? i % columns : 0;
      return weight->values[i] * affine.getScale(channel);
    });
    if (!newWeight)
      return failure();
  }
  auto outputType = cast<RankedTensorType>(matmul.getOutput().getType());
  // The gemm's C: the shift, one value or one per column.
  std::optional<NewConstant> bias;
  if (toGemm) {
    FailureOr<std::optional<NewConstant>> computed =
        computeGemmBias(std::nullopt, 1.0, affine, outputType.getShape().back(),
                        weight->op, loc);
    if (failed(computed))
      return failure();
    bias = std::move(*computed);
  }

  Value newWeightValue =
      !newWeight ? weight->op.getResult()
                 : createConstant(rewriter, weight->op.getLoc(), weightType,
                                  *newWeight, weight->op);
  Value lhs = intoRhs ? matmul.getLhs() : newWeightValue;
  Value rhs = intoRhs ? newWeightValue : matmul.getRhs();
  if (toGemm) {
    Value c = bias->create(rewriter);
    return rewriter
        .create<GemmOp>(loc, TypeRange{outputType}, ValueRange{lhs, rhs, c})
        .getOperation();
  }
  Operation *folded = rewriter.clone(*matmul);
  rewriter.modifyOpInPlace(folded, [&] {
    folded->setOperands({lhs, rhs});
    folded->setLoc(loc);
  });
  return folded;
}

/// Replaces `epilogue`, which applies `affine` to the result of the
/// contraction `producer` (read by nothing else), with one contraction.
/// Fails, changing nothing, when the contraction cannot take it.
LogicalResult foldAffine(Operation *producer, const ChannelAffine &affine,
                         Operation *epilogue, RewriterBase &rewriter) {
  Location loc = rewriter.getFusedLoc({producer->getLoc(), epilogue->getLoc()});
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPoint(producer);
  FailureOr<Operation *> folded =
      llvm::TypeSwitch<Operation *, FailureOr<Operation *>>(producer)
          .Case([&](Conv2DOp op) {
            return foldIntoConv(op, affine, loc, rewriter);
          })
          .Case([&](GemmOp op) {
            return foldIntoGemm(op, affine, loc, rewriter);
          })
          .Case([&](MatmulOp op) {
            return foldIntoMatmul(op, affine, loc, rewriter);
          })
          .Default([](Operation *) { return failure(); });
  if (failed(folded))
    return failure();
  rewriter.replaceOp(epilogue, (*folded)->getResults());
  rewriter.eraseOp(producer);
  return success();
}

/// The contraction that defines `value` and that nothing but `value`'s one
/// reader uses, with its channel axis.
std::optional<std::pair<Operation *, int64_t>> getSoleContraction(Value value) {
  Operation *producer = value.getDefiningOp();
  if (!producer || !value.hasOneUse())
    return std::nullopt;
  std::optional<int64_t> axis = getChannelAxis(producer);
  if (!axis)
    return std::nullopt;
  return std::make_pair(producer, *axis);
}

//===----------------------------------------------------------------------===//
// Patterns
//===----------------------------------------------------------------------===//

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
