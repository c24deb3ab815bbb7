//===- ConvToIm2Col.cpp - The sic-conv-to-im2col pass ---------------------===//
//
// The patch copy is a linalg.generic with affine maps only (no index
// arithmetic in its body): for stride 1 its innermost loop copies a
// contiguous input row, which sic-vectorize-generics turns into vector
// loads and stores. Patches are copied for a block of output rows at a
// time, into one buffer of about 512 KiB (at least one row), and consumed
// right away: they stay in L2, and the arena holds one block instead of a
// whole layer's patch matrix.
//
//===----------------------------------------------------------------------===//

#include "sic/Transforms/Passes.h"

#include "dialects/Sic/IR/SicDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StructuredOpsUtils.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::sic {
#define GEN_PASS_DEF_CONVTOIM2COLPASS
#include "sic/Transforms/Passes.h.inc"
} // namespace mlir::sic

using namespace mlir;

namespace {

using utils::IteratorType;

Value collapse(OpBuilder &b, Location loc, Value value,
               ArrayRef<ReassociationIndices> groups) {
  return b.create<tensor::CollapseShapeOp>(loc, value, groups);
}

/// A convolution's shapes: the input rows a block of output rows reads
/// follow from them.
struct ConvShape {
  int64_t batch, channels, width, kernelH, kernelW, outH, outW;
  SmallVector<int64_t> strides, dilations;

  explicit ConvShape(linalg::Conv2DNchwFchwOp conv)
      : strides(conv.getStrides().getValues<int64_t>()),
        dilations(conv.getDilations().getValues<int64_t>()) {
    ArrayRef<int64_t> input =
        cast<RankedTensorType>(conv.getInputs()[0].getType()).getShape();
    ArrayRef<int64_t> filter =
        cast<RankedTensorType>(conv.getInputs()[1].getType()).getShape();
    ArrayRef<int64_t> output =
        cast<RankedTensorType>(conv.getOutputs()[0].getType()).getShape();
    batch = input[0];
    channels = input[1];
    width = input[3];
    kernelH = filter[2];
    kernelW = filter[3];
    outH = output[2];
    outW = output[3];
  }

  /// The input rows that `rows` consecutive output rows read.
  int64_t inputRows(int64_t rows) const {
    return (rows - 1) * strides[0] + (kernelH - 1) * dilations[0] + 1;
  }
};

/// patches[n, c, kh, kw, oh, ow] = input[n, c, oh*sh + kh*dh, ow*sw + kw*dw]
/// for `rows` output rows, written into `buffer` (with its spare row).
Value buildPatches(OpBuilder &b, Location loc, Value input, Value buffer,
                   const ConvShape &conv, int64_t rows) {
  SmallVector<int64_t> shape = {conv.batch,   conv.channels, conv.kernelH,
                                conv.kernelW, rows,          conv.outW};
  MLIRContext *context = b.getContext();
  AffineExpr n, c, kh, kw, oh, ow;
  bindDims(context, n, c, kh, kw, oh, ow);
  AffineMap read = AffineMap::get(
      6, 0,
      {n, c, oh * conv.strides[0] + kh * conv.dilations[0],
       ow * conv.strides[1] + kw * conv.dilations[1]},
      context);
  AffineMap write = b.getMultiDimIdentityMap(6);
  SmallVector<OpFoldResult> offsets(6, b.getIndexAttr(0));
  SmallVector<OpFoldResult> sizes = getAsIndexOpFoldResult(context, shape);
  SmallVector<OpFoldResult> steps(6, b.getIndexAttr(1));
  Value init =
      b.create<tensor::ExtractSliceOp>(loc, buffer, offsets, sizes, steps);
  return b
      .create<linalg::GenericOp>(
          loc, init.getType(), ValueRange{input}, ValueRange{init},
          ArrayRef<AffineMap>{read, write},
          SmallVector<IteratorType>(6, IteratorType::parallel),
          [](OpBuilder &nested, Location nestedLoc, ValueRange args) {
            nested.create<linalg::YieldOp>(nestedLoc, args[0]);
          })
      .getResult(0);
}

/// The patch buffer for `rows` output rows, with one spare output row per
/// patch row: consecutive rows of the patch matrix are then not a multiple
/// of 4 KiB apart, where the reduction loop's loads would all fall into one
/// set of the L1 cache.
Value buildPatchBuffer(OpBuilder &b, Location loc, const ConvShape &conv,
                       int64_t rows, Type element) {
  return b.create<tensor::EmptyOp>(
      loc,
      ArrayRef<int64_t>{conv.batch, conv.channels, conv.kernelH, conv.kernelW,
                        rows + 1, conv.outW},
      element);
}

/// out[n, f, oh, ow] += filter[f, k] * patches[n, k, oh, ow]
Value buildContraction(OpBuilder &b, Location loc, Value filter,
                       Value patches, Value init) {
  MLIRContext *context = b.getContext();
  AffineExpr n, f, oh, ow, k;
  bindDims(context, n, f, oh, ow, k);
  SmallVector<AffineMap> maps = {
      AffineMap::get(5, 0, {f, k}, context),
      AffineMap::get(5, 0, {n, k, oh, ow}, context),
      AffineMap::get(5, 0, {n, f, oh, ow}, context)};
  SmallVector<IteratorType> iterators(4, IteratorType::parallel);
  iterators.push_back(IteratorType::reduction);
  return b
      .create<linalg::GenericOp>(
          loc, init.getType(), ValueRange{filter, patches}, ValueRange{init},
          maps, iterators,
          [](OpBuilder &nested, Location nestedLoc, ValueRange args) {
            Value product;
            Value sum;
            if (isa<FloatType>(args[2].getType())) {
              product = nested.create<arith::MulFOp>(nestedLoc, args[0], args[1]);
              sum = nested.create<arith::AddFOp>(nestedLoc, args[2], product);
            } else {
              product = nested.create<arith::MulIOp>(nestedLoc, args[0], args[1]);
              sum = nested.create<arith::AddIOp>(nestedLoc, args[2], product);
            }
            nested.create<linalg::YieldOp>(nestedLoc, sum);
          })
      .getResult(0);
}

/// The output rows of one block: a divisor of the output height, as many
/// as fit `blockBytes` (at least one).
int64_t chooseBlockRows(const ConvShape &conv, int64_t elementBytes,
                        int64_t blockBytes) {
  int64_t rowBytes = conv.batch * conv.channels * conv.kernelH *
                     conv.kernelW * conv.outW * elementBytes;
  int64_t rows = std::clamp<int64_t>(blockBytes / rowBytes, 1, conv.outH);
  while (conv.outH % rows != 0)
    --rows;
  return rows;
}

/// out[:, :, rows] += filter x patches(input rows they read), for one block
/// of `rows` output rows starting at `row`, or for all rows when `row` is
/// null.
Value buildBlock(OpBuilder &b, Location loc, linalg::Conv2DNchwFchwOp conv,
                 const ConvShape &shape, Value buffer, Value filter,
                 Value output, Value row, int64_t rows) {
  Value input = conv.getInputs()[0];
  if (row) {
    Value firstInputRow = b.create<arith::MulIOp>(
        loc, row, b.create<arith::ConstantIndexOp>(loc, shape.strides[0]));
    SmallVector<OpFoldResult> offsets = {b.getIndexAttr(0), b.getIndexAttr(0),
                                         firstInputRow, b.getIndexAttr(0)};
    SmallVector<OpFoldResult> sizes = getAsIndexOpFoldResult(
        b.getContext(), {shape.batch, shape.channels, shape.inputRows(rows),
                         shape.width});
    SmallVector<OpFoldResult> steps(4, b.getIndexAttr(1));
    input = b.create<tensor::ExtractSliceOp>(loc, input, offsets, sizes, steps);
  }
  Value patches = collapse(
      b, loc, buildPatches(b, loc, input, buffer, shape, rows),
      {{0}, {1, 2, 3}, {4}, {5}});
  return buildContraction(b, loc, filter, patches, output);
}

/// Rewrites `conv`; the patches of one block of output rows take at most
/// half of L2, so they are still there when the contraction reads them.
void rewrite(RewriterBase &rewriter, linalg::Conv2DNchwFchwOp conv,
             sic::TargetAttr target) {
  Location loc = conv.getLoc();
  rewriter.setInsertionPoint(conv);
  ConvShape shape(conv);
  Type element = getElementTypeOrSelf(conv.getInputs()[0].getType());
  int64_t rows =
      chooseBlockRows(shape, element.getIntOrFloatBitWidth() / 8,
                      static_cast<int64_t>(target.getL2Bytes() / 2));
  // One buffer for every block's patches, outside the loop over blocks.
  Value buffer = buildPatchBuffer(rewriter, loc, shape, rows, element);
  Value filter =
      collapse(rewriter, loc, conv.getInputs()[1], {{0}, {1, 2, 3}});
  Value output = conv.getOutputs()[0];
  if (rows == shape.outH) {
    // The output keeps its shape: a reshaped accumulator would be a view,
    // and the accumulators of a view are not kept in registers.
    rewriter.replaceOp(conv, buildBlock(rewriter, loc, conv, shape, buffer,
                                        filter, output, Value(), rows));
    return;
  }
  auto outputType = cast<RankedTensorType>(output.getType());
  auto loop = rewriter.create<scf::ForOp>(
      loc, rewriter.create<arith::ConstantIndexOp>(loc, 0),
      rewriter.create<arith::ConstantIndexOp>(loc, shape.outH),
      rewriter.create<arith::ConstantIndexOp>(loc, rows), ValueRange{output},
      [&](OpBuilder &b, Location nestedLoc, Value row, ValueRange carried) {
        SmallVector<OpFoldResult> offsets = {b.getIndexAttr(0),
                                             b.getIndexAttr(0), row,
                                             b.getIndexAttr(0)};
        SmallVector<OpFoldResult> sizes = getAsIndexOpFoldResult(
            b.getContext(), {outputType.getDimSize(0),
                             outputType.getDimSize(1), rows, shape.outW});
        SmallVector<OpFoldResult> steps(4, b.getIndexAttr(1));
        Value block = b.create<tensor::ExtractSliceOp>(
            nestedLoc, carried[0], offsets, sizes, steps);
        Value product = buildBlock(b, nestedLoc, conv, shape, buffer, filter,
                                   block, row, rows);
        b.create<scf::YieldOp>(
            nestedLoc, ValueRange{b.create<tensor::InsertSliceOp>(
                           nestedLoc, product, carried[0], offsets, sizes,
                           steps)});
      });
  rewriter.replaceOp(conv, loop.getResults());
}

struct ConvToIm2ColPass
    : public sic::impl::ConvToIm2ColPassBase<ConvToIm2ColPass> {
  void runOnOperation() override {
    FailureOr<sic::TargetAttr> target = sic::requireTarget(getOperation());
    if (failed(target))
      return signalPassFailure();
    SmallVector<linalg::Conv2DNchwFchwOp> convs;
    getOperation().walk([&](linalg::Conv2DNchwFchwOp conv) {
      // An empty convolution has nothing to copy or compute; its loops
      // already do nothing.
      auto empty = [](Value value) {
        return cast<RankedTensorType>(value.getType()).getNumElements() == 0;
      };
      if (conv.hasPureTensorSemantics() && !conv.hasDynamicShape() &&
          llvm::none_of(conv->getOperands(), empty))
        convs.push_back(conv);
    });
    IRRewriter rewriter(&getContext());
    for (linalg::Conv2DNchwFchwOp conv : convs)
      rewrite(rewriter, conv, *target);
  }
};

} // namespace
