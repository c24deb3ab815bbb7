//===- ChannelAffine.cpp - Affine maps folded into contractions ----------===//

#include "ChannelAffine.h"

#include "F32Constants.h"
#include "sic/Support/ShapeRules.h"

#include "llvm/ADT/TypeSwitch.h"

#include <cmath>

using namespace mlir;
using namespace mlir::sic;

namespace {

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
  auto getRows = [](ArrayRef<int64_t> dims) -> int64_t {
    return dims.size() == 2 ? dims[0] : 1;
  };
  auto getColumns = [](ArrayRef<int64_t> dims) -> int64_t {
    return dims.empty() ? 1 : dims.back();
  };
  int64_t rows = getRows(shape), columns = getColumns(shape);
  int64_t oldRows = getRows(oldShape), oldColumns = getColumns(oldShape);
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

} // namespace

std::optional<SmallVector<double>>
mlir::sic::getChannelValues(Value value, ArrayRef<int64_t> shape,
                            int64_t axis) {
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

LogicalResult mlir::sic::foldAffine(Operation *producer,
                                    const ChannelAffine &affine,
                                    Operation *epilogue,
                                    RewriterBase &rewriter) {
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

std::optional<std::pair<Operation *, int64_t>>
mlir::sic::getSoleContraction(Value value) {
  Operation *producer = value.getDefiningOp();
  if (!producer || !value.hasOneUse())
    return std::nullopt;
  std::optional<int64_t> axis = getChannelAxis(producer);
  if (!axis)
    return std::nullopt;
  return std::make_pair(producer, *axis);
}
