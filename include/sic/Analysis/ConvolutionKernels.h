//===- ConvolutionKernels.h - Which kernel computes a convolution -*- C++
//-*-===//
//
// At -O2 a 2-D convolution gets one of three kernels, chosen per layer from
// its groups, strides and output shape on the target:
//
// - direct: register tiles of filters by output columns that read the
//   input's row segments in place, one broadcast filter element and one
//   vector of the row per step of the reduction (unit strides; no copy).
//   Rows that no clean register tiles cover (a tile of 12 columns, which
//   LLVM shuffles lane by lane at every step) are computed wider, to the
//   next width whose tiles are clean, and cropped.
// - im2col: the input's patches copied into a buffer per chunk of output
//   rows, then the register-tiled contraction (strides above 1, whose row
//   segments are not vectors).
// - loops: loops LLVM vectorizes (grouped convolutions; every convolution
//   below -O2).
//
// The register tile shapes are those of contractions: half the vector
// registers hold accumulators, rows (filters) first, up to 8, then vectors
// per row, 2 to 8, narrowed by whole vectors while that leaves a remainder
// tile that is not clean.
//
//===----------------------------------------------------------------------===//

#ifndef SIC_ANALYSIS_CONVOLUTIONKERNELS_H
#define SIC_ANALYSIS_CONVOLUTIONKERNELS_H

#include "dialects/Sic/IR/SicDialect.h"

#include <string>
#include <utility>

namespace mlir::sic {

/// The vector lanes of `target` for `element` (at least 1).
int64_t getLanes(Type element, TargetAttr target);

/// Whether a register tile `columns` wide is whole vectors or a power of
/// two: LLVM keeps other widths badly in registers.
bool isCleanWidth(int64_t columns, int64_t lanes);

/// The register tiles' width over `range` columns, at most `widest`: the
/// widest, but narrower by whole vectors while that leaves a remainder
/// tile that is not clean.
int64_t chooseColumns(int64_t range, int64_t widest, int64_t lanes);

/// Rows and the widest columns of the register tiles of an output with
/// `rowRange` rows on `target`.
std::pair<int64_t, int64_t> getTileBounds(int64_t rowRange, int64_t lanes,
                                          TargetAttr target);

enum class ConvolutionKernel { Direct, Im2Col, Loops };

/// A convolution's kernel; `computedWidth` is the output width a direct
/// kernel computes (above the output's own when it is widened).
struct ConvolutionPlan {
  ConvolutionKernel kernel = ConvolutionKernel::Loops;
  int64_t computedWidth = 0;
};

/// The kernel of a convolution at -O2 with `group` groups and `strides`
/// whose output has `filters` channels `width` columns wide, of `element`
/// (`staticWork`: static shapes and no empty operand, else loops).
ConvolutionPlan planConvolution(bool staticWork, int64_t group,
                                ArrayRef<int64_t> strides, int64_t filters,
                                int64_t width, Type element, TargetAttr target);

/// "direct", "direct, computed 32 wide", "im2col" or "loops".
std::string describeConvolutionPlan(const ConvolutionPlan &plan, int64_t width);

} // namespace mlir::sic

#endif // SIC_ANALYSIS_CONVOLUTIONKERNELS_H
