//===- ConvToIm2Col.cpp - The sic-conv-to-im2col pass ---------------------===//
//
// The patch copy is a linalg.generic with affine maps only (no index
// arithmetic in its body): for stride 1 its innermost loop copies a
// contiguous input row, which LLVM turns into vector loads and stores.
//
//===----------------------------------------------------------------------===//

#include "sic/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
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

/// patches[n, c, kh, kw, oh, ow] = input[n, c, oh*sh + kh*dh, ow*sw + kw*dw]
Value buildPatches(OpBuilder &b, Location loc, linalg::Conv2DNchwFchwOp conv) {
  auto inputType = cast<RankedTensorType>(conv.getInputs()[0].getType());
  auto filterType = cast<RankedTensorType>(conv.getInputs()[1].getType());
  auto outputType = cast<RankedTensorType>(conv.getOutputs()[0].getType());
  SmallVector<int64_t> strides(conv.getStrides().getValues<int64_t>());
  SmallVector<int64_t> dilations(conv.getDilations().getValues<int64_t>());
  SmallVector<int64_t> shape = {
      inputType.getDimSize(0),  inputType.getDimSize(1),
      filterType.getDimSize(2), filterType.getDimSize(3),
      outputType.getDimSize(2), outputType.getDimSize(3)};

  MLIRContext *context = b.getContext();
  AffineExpr n, c, kh, kw, oh, ow;
  bindDims(context, n, c, kh, kw, oh, ow);
  AffineMap read = AffineMap::get(
      6, 0,
      {n, c, oh * strides[0] + kh * dilations[0],
       ow * strides[1] + kw * dilations[1]},
      context);
  AffineMap write = b.getMultiDimIdentityMap(6);
  // One spare output row per patch row: consecutive rows of the matrix are
  // then not a multiple of 4 KiB apart, where the reduction loop's loads
  // would all fall into one set of the L1 cache.
  SmallVector<int64_t> paddedShape(shape);
  ++paddedShape[4];
  Value padded =
      b.create<tensor::EmptyOp>(loc, paddedShape, inputType.getElementType());
  SmallVector<OpFoldResult> offsets(6, b.getIndexAttr(0));
  SmallVector<OpFoldResult> sizes = getAsIndexOpFoldResult(context, shape);
  SmallVector<OpFoldResult> steps(6, b.getIndexAttr(1));
  Value init = b.create<tensor::ExtractSliceOp>(loc, padded, offsets, sizes,
                                                steps);
  return b
      .create<linalg::GenericOp>(
          loc, init.getType(), ValueRange{conv.getInputs()[0]},
          ValueRange{init}, ArrayRef<AffineMap>{read, write},
          SmallVector<IteratorType>(6, IteratorType::parallel),
          [](OpBuilder &nested, Location nestedLoc, ValueRange args) {
            nested.create<linalg::YieldOp>(nestedLoc, args[0]);
          })
      .getResult(0);
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

void rewrite(RewriterBase &rewriter, linalg::Conv2DNchwFchwOp conv) {
  Location loc = conv.getLoc();
  rewriter.setInsertionPoint(conv);
  Value patches = collapse(rewriter, loc, buildPatches(rewriter, loc, conv),
                           {{0}, {1, 2, 3}, {4}, {5}});
  Value filter = collapse(rewriter, loc, conv.getInputs()[1], {{0}, {1, 2, 3}});
  // The output keeps its shape: a reshaped accumulator would be a view,
  // and the accumulators of a view are not kept in registers.
  rewriter.replaceOp(conv, buildContraction(rewriter, loc, filter, patches,
                                            conv.getOutputs()[0]));
}

struct ConvToIm2ColPass
    : public sic::impl::ConvToIm2ColPassBase<ConvToIm2ColPass> {
  void runOnOperation() override {
    SmallVector<linalg::Conv2DNchwFchwOp> convs;
    getOperation().walk([&](linalg::Conv2DNchwFchwOp conv) {
      if (conv.hasPureTensorSemantics() && !conv.hasDynamicShape())
        convs.push_back(conv);
    });
    IRRewriter rewriter(&getContext());
    for (linalg::Conv2DNchwFchwOp conv : convs)
      rewrite(rewriter, conv);
  }
};

} // namespace
