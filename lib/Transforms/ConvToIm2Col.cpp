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

#include "dialects/Sic/IR/ParallelMark.h"
#include "dialects/Sic/IR/SicDialect.h"

#include "DirectConvolution.h"
#include "StaticTiles.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StructuredOpsUtils.h"
#include "mlir/IR/PatternMatch.h"

#include <numeric>

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
  int64_t batch, channels, width, filters, kernelH, kernelW, outH, outW;
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
    filters = filter[0];
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

/// The shape of the patch buffer for `rows` output rows, with one spare
/// output row per patch row: consecutive rows of the patch matrix are then
/// not a multiple of 4 KiB apart, where the reduction loop's loads would all
/// fall into one set of the L1 cache.
SmallVector<int64_t> getPatchBufferShape(const ConvShape &conv, int64_t rows) {
  return {conv.batch,   conv.channels, conv.kernelH,
          conv.kernelW, rows + 1,      conv.outW};
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
            sic::buildMultiplyAdd(nested, nestedLoc, args);
          })
      .getResult(0);
}

/// The output rows of one block: a divisor of `outRows`, as many as fit
/// `blockBytes` (at least one).
int64_t chooseBlockRows(const ConvShape &conv, int64_t outRows,
                        int64_t elementBytes, int64_t blockBytes) {
  int64_t rowBytes = conv.batch * conv.channels * conv.kernelH *
                     conv.kernelW * conv.outW * elementBytes;
  int64_t rows = std::clamp<int64_t>(blockBytes / rowBytes, 1, outRows);
  while (outRows % rows != 0)
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

/// The accumulator of a block of `rows` output rows of `conv` at `row`: the
/// block's own start when `start` is one (computed by the thread that
/// computes the block), its slice of `carried` otherwise.
Value buildBlockStart(OpBuilder &b, Location loc, linalg::LinalgOp start,
                      Value carried, Value row, int64_t rows) {
  auto type = cast<RankedTensorType>(carried.getType());
  SmallVector<int64_t> shape(type.getShape());
  shape[2] = rows;
  if (start)
    return sic::buildStartInto(
        b, loc, start,
        b.create<tensor::EmptyOp>(loc, shape, type.getElementType()));
  SmallVector<OpFoldResult> offsets = {b.getIndexAttr(0), b.getIndexAttr(0),
                                       row, b.getIndexAttr(0)};
  SmallVector<OpFoldResult> steps(4, b.getIndexAttr(1));
  return b.create<tensor::ExtractSliceOp>(
      loc, carried, offsets, getAsIndexOpFoldResult(b.getContext(), shape),
      steps);
}

/// A loop over the blocks of `rows` output rows in [first, end) of `conv`,
/// carrying `output`, with `buffer` for each block's patches.
Value buildBlockLoop(OpBuilder &b, Location loc, linalg::Conv2DNchwFchwOp conv,
                     const ConvShape &shape, linalg::LinalgOp start,
                     Value buffer, Value filter, Value output, Value first,
                     Value end, int64_t rows) {
  auto outputType = cast<RankedTensorType>(output.getType());
  auto loop = b.create<scf::ForOp>(
      loc, first, end, b.create<arith::ConstantIndexOp>(loc, rows),
      ValueRange{output},
      [&](OpBuilder &nested, Location nestedLoc, Value row,
          ValueRange carried) {
        Value block =
            buildBlockStart(nested, nestedLoc, start, carried[0], row, rows);
        Value product = buildBlock(nested, nestedLoc, conv, shape, buffer,
                                   filter, block, row, rows);
        SmallVector<OpFoldResult> offsets = {nested.getIndexAttr(0),
                                             nested.getIndexAttr(0), row,
                                             nested.getIndexAttr(0)};
        SmallVector<OpFoldResult> sizes = getAsIndexOpFoldResult(
            nested.getContext(), {outputType.getDimSize(0),
                                  outputType.getDimSize(1), rows, shape.outW});
        SmallVector<OpFoldResult> steps(4, nested.getIndexAttr(1));
        nested.create<scf::YieldOp>(
            nestedLoc,
            ValueRange{nested.create<tensor::InsertSliceOp>(
                nestedLoc, product, carried[0], offsets, sizes, steps)});
      });
  return loop.getResult(0);
}

/// How a convolution's output rows are shared between threads: `chunks`
/// chunks of `rows` rows (the last may have fewer), each with a patch
/// buffer of its own.
struct RowChunks {
  int64_t chunks;
  int64_t rows;
  int64_t lastRows;
};

/// At most this many chunks: a chunk holds a patch buffer, all of them take
/// the arena at once.
constexpr int64_t kMaxChunks = 8;

/// The chunks of a convolution with enough work to share between threads
/// and more than one output row, each of at least `minColumns` output
/// columns (whole rows): fewer columns make a block's contraction too
/// narrow for its register tiles.
std::optional<RowChunks> chooseChunks(const ConvShape &conv,
                                      int64_t minColumns) {
  int64_t work = conv.batch * conv.filters * conv.outH * conv.outW *
                 conv.channels * conv.kernelH * conv.kernelW;
  if (work < sic::kParallelWork)
    return std::nullopt;
  int64_t rows = std::max(llvm::divideCeil(minColumns, conv.outW),
                          llvm::divideCeil(conv.outH, kMaxChunks));
  int64_t chunks = llvm::divideCeil(conv.outH, rows);
  if (chunks < 2)
    return std::nullopt;
  return RowChunks{chunks, rows, conv.outH - (chunks - 1) * rows};
}

/// Rewrites `conv`; the patches of one block of output rows take at most
/// half of L2, so they are still there when the contraction reads them.
/// A convolution with work to share has its output rows in chunks (a loop
/// marked parallel), each going over its blocks with a patch buffer of its
/// own; all buffers together take at most L2.
void rewrite(RewriterBase &rewriter, linalg::Conv2DNchwFchwOp conv,
             sic::TargetAttr target) {
  Location loc = conv.getLoc();
  rewriter.setInsertionPoint(conv);
  ConvShape shape(conv);
  Type element = getElementTypeOrSelf(conv.getInputs()[0].getType());
  int64_t elementBytes = element.getIntOrFloatBitWidth() / 8;
  int64_t l2Bytes = static_cast<int64_t>(target.getL2Bytes());
  Value filter =
      collapse(rewriter, loc, conv.getInputs()[1], {{0}, {1, 2, 3}});
  Value output = conv.getOutputs()[0];
  int64_t lanes = std::max<int64_t>(1, target.getVectorBits() /
                                           element.getIntOrFloatBitWidth());
  std::optional<RowChunks> chunks = chooseChunks(shape, 4 * lanes);
  if (!chunks) {
    int64_t rows =
        chooseBlockRows(shape, shape.outH, elementBytes, l2Bytes / 2);
    // One buffer for every block's patches, outside the loop over blocks.
    Value buffer = rewriter.create<tensor::EmptyOp>(
        loc, getPatchBufferShape(shape, rows), element);
    if (rows == shape.outH) {
      // The output keeps its shape: a reshaped accumulator would be a
      // view, and the accumulators of a view are not kept in registers.
      rewriter.replaceOp(conv, buildBlock(rewriter, loc, conv, shape, buffer,
                                          filter, output, Value(), rows));
      return;
    }
    rewriter.replaceOp(
        conv,
        buildBlockLoop(rewriter, loc, conv, shape, nullptr, buffer, filter,
                       output, rewriter.create<arith::ConstantIndexOp>(loc, 0),
                       rewriter.create<arith::ConstantIndexOp>(loc, shape.outH),
                       rows));
    return;
  }

  int64_t rows = chooseBlockRows(
      shape, std::gcd(chunks->rows, chunks->lastRows), elementBytes,
      std::min(l2Bytes / 2, 2 * l2Bytes / chunks->chunks));
  SmallVector<int64_t> bufferShape = getPatchBufferShape(shape, rows);
  SmallVector<int64_t> buffersShape = {chunks->chunks};
  llvm::append_range(buffersShape, bufferShape);
  Value buffers = rewriter.create<tensor::EmptyOp>(loc, buffersShape, element);
  linalg::LinalgOp start = sic::getAccumulatorStart(conv);
  auto index = [&](int64_t value) -> Value {
    return rewriter.create<arith::ConstantIndexOp>(loc, value);
  };
  Value chunkRows = index(chunks->rows), outH = index(shape.outH);
  auto loop = rewriter.create<scf::ForOp>(
      loc, index(0), index(chunks->chunks), index(1),
      ValueRange{start ? start.getDpsInitOperand(0)->get() : output},
      [&](OpBuilder &b, Location nestedLoc, Value chunk, ValueRange carried) {
        SmallVector<OpFoldResult> offsets(buffersShape.size(),
                                          b.getIndexAttr(0));
        offsets[0] = chunk;
        SmallVector<OpFoldResult> sizes =
            getAsIndexOpFoldResult(b.getContext(), buffersShape);
        sizes[0] = b.getIndexAttr(1);
        SmallVector<OpFoldResult> steps(buffersShape.size(), b.getIndexAttr(1));
        Value buffer = b.create<tensor::ExtractSliceOp>(
            nestedLoc, RankedTensorType::get(bufferShape, element), buffers,
            offsets, sizes, steps);
        Value first = b.create<arith::MulIOp>(nestedLoc, chunk, chunkRows);
        Value end = b.create<arith::MinSIOp>(
            nestedLoc, b.create<arith::AddIOp>(nestedLoc, first, chunkRows),
            outH);
        b.create<scf::YieldOp>(
            nestedLoc, buildBlockLoop(b, nestedLoc, conv, shape, start, buffer,
                                      filter, carried[0], first, end, rows));
      });
  loop->setAttr(sic::kParallelMark, rewriter.getUnitAttr());
  rewriter.replaceOp(conv, loop.getResults());
  if (start)
    rewriter.eraseOp(start);
}

struct ConvToIm2ColPass
    : public sic::impl::ConvToIm2ColPassBase<ConvToIm2ColPass> {
  void runOnOperation() override {
    FailureOr<sic::TargetAttr> target = sic::requireTarget(getOperation());
    if (failed(target))
      return signalPassFailure();
    IRRewriter rewriter(&getContext());
    // A direct convolution reads its input in place.
    for (auto [conv, plan] : sic::collectConvolutions(
             getOperation(), *target, sic::ConvolutionKernel::Im2Col))
      rewrite(rewriter, conv, *target);
  }
};

} // namespace
