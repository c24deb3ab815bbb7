//===- DirectConvolution.h - Convolutions without patch copies --*- C++ -*-===//
//
// A direct convolution is register-tiled like a contraction (rows over the
// filters, columns over the output's width, reduction over channels and
// the kernel window), reading its input in place: no patch matrix is
// copied. Its tiles then read one input row segment per reduction step,
// which is a contiguous vector only for a unit stride along the width.
//
//===----------------------------------------------------------------------===//

#ifndef SIC_LIB_TRANSFORMS_DIRECTCONVOLUTION_H
#define SIC_LIB_TRANSFORMS_DIRECTCONVOLUTION_H

#include "sic/Analysis/ConvolutionKernels.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"

namespace mlir::sic {

/// The kernel sic::planConvolution chooses for `conv` on `target`.
ConvolutionPlan planConvolution(linalg::Conv2DNchwFchwOp conv,
                                TargetAttr target);

/// The body of a contraction: yields args[2] + args[0] * args[1].
void buildMultiplyAdd(OpBuilder &b, Location loc, ValueRange args);

/// A register tile of a direct convolution (every loop but filters, output
/// rows and output columns of one iteration) as a generic whose maps are
/// projected permutations: within the tile, input[n, c, oh + kh, ow + kw]
/// is the tile's input slice at [n, c, kh or oh, ow], since the slice
/// starts at the tile's window and the loops of one iteration are 0. The
/// filter becomes the generic's first input, as the left-hand side of a
/// contraction (products are the same either way round). Fails
/// (leaving `tile` as it is) when a window dim sums two loops of more than
/// one iteration.
FailureOr<linalg::GenericOp>
generalizeDirectConvolutionTile(RewriterBase &rewriter,
                                linalg::Conv2DNchwFchwOp tile);

/// The convolutions in `root` whose kernel (sic::planConvolution on
/// `target`) is `kernel`, with their plans, in order.
SmallVector<std::pair<linalg::Conv2DNchwFchwOp, ConvolutionPlan>>
collectConvolutions(Operation *root, TargetAttr target,
                    ConvolutionKernel kernel);

/// The op that starts `conv`'s accumulator, when a part of its output can
/// start its own: an all-parallel op writing the whole accumulator
/// (identity map) from inputs that do not depend on the output rows and
/// columns (a bias broadcast over the channels, a fill) nor on its indices,
/// into a tensor it does not read. Null otherwise.
linalg::LinalgOp getAccumulatorStart(linalg::Conv2DNchwFchwOp conv);

/// `start` (from getAccumulatorStart) computed into `into`, a tensor of
/// its rank.
Value buildStartInto(OpBuilder &b, Location loc, linalg::LinalgOp start,
                     Value into);

/// The elementwise consumer of `conv`'s result that a kernel can apply as
/// it writes the result (as sic-fuse-epilogues does for direct kernels):
/// its only user, an all-parallel generic of identity maps and one result
/// that takes it as an input and writes into a tensor.empty it does not
/// read. Null otherwise.
linalg::GenericOp getEpilogue(linalg::Conv2DNchwFchwOp conv);

/// `op`'s body cloned at `b` with `inputs` for its first block arguments;
/// the value it yields first.
Value applyBody(OpBuilder &b, linalg::GenericOp op, ValueRange inputs);

/// `epilogue`'s body cloned at `b` with `value` for its input `result` and
/// `others` for its other inputs, in order; its yielded value.
Value applyEpilogue(OpBuilder &b, linalg::GenericOp epilogue, Value result,
                    Value value, ValueRange others);

} // namespace mlir::sic

#endif // SIC_LIB_TRANSFORMS_DIRECTCONVOLUTION_H
