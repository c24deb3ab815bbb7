//===- WidenColumns.h - Register tiles computed wider and cropped -*- C++
//-*-===//
//
// Register tiles are fast only in whole vectors or a power of two: LLVM
// keeps a 10- or 12-wide accumulator in registers badly, shuffling it lane
// by lane at every step. An op whose output rows no clean tiles cover
// (sic::getCleanWidth) is computed wider, on an input padded with zero
// columns, and cropped.
//
//===----------------------------------------------------------------------===//

#ifndef SIC_LIB_TRANSFORMS_WIDENCOLUMNS_H
#define SIC_LIB_TRANSFORMS_WIDENCOLUMNS_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"

namespace mlir::sic {

/// `op` (a direct convolution or a contraction, one output whose last dim
/// is the columns of its register tiles) computed `width` columns wide and
/// cropped back: its `input` whose last dim runs along the columns gets
/// more zero columns on the right (a constant at compile time, a zero
/// padding grown, or a new one), its accumulator starts as wide (its fill
/// or broadcast rebuilt that wide, or padded), and the result is the
/// extract_slice of the original columns; a lone elementwise consumer (an
/// activation) is computed wide too and cropped after.
void widenColumns(RewriterBase &rewriter, linalg::LinalgOp op, OpOperand &input,
                  int64_t width);

} // namespace mlir::sic

#endif // SIC_LIB_TRANSFORMS_WIDENCOLUMNS_H
