//===- ConvolutionKernels.h - Which kernel computes a convolution -*- C++
//-*-===//
//
// At -O2 a 2-D convolution gets one of four kernels, chosen per layer from
// its groups, strides, filter and output shape on the target:
//
// - winograd: a filter three rows high of unit strides and dilations, known
//   when compiled, f32, with at least kWinogradChannels input and output
//   channels: Winograd's minimal filtering F(m, 3) along the height, where
//   each tile of m output rows costs m + 2 convolutions one row high
//   (direct kernels) on sums of the input's rows instead of 3m, then sums
//   of those products (sic-conv-to-winograd). m is 2 or 4, whichever
//   computes the output's rows (rounded up to whole tiles, the extra rows
//   cropped) with fewer products; a layer where that saves less than a
//   quarter of the direct kernel's products gets that one. F(4, 3) stores
//   twice the filter's elements, F(2, 3) 4/3. With F(4, 3), a filter three
//   columns wide whose output rows are whole tiles of 4 columns, a vector
//   of tiles or more (32 columns on AVX2, 64 with AVX-512), takes F(4, 3)
//   along the width too, F(4x4, 3x3): each tile of 4 x 4 outputs then
//   costs 36 products per pair of channels (1x1 convolutions of sums of
//   the row sums' columns) instead of 72, and its filter is stored 4 times
//   over. Maps narrower than that, whose channels and filters are whole
//   vectors, take F(4x4, 3x3) with the channels in the vectors instead
//   (the input transposed to [N, H, W, C] once, the transforms' sums along
//   vectors of channels or filters, the 36 products one contraction
//   batched over them; the output transposed back as the epilogue is
//   applied), the output's rows and columns rounded up to whole tiles.
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

/// The narrowest width of at least `width` columns that register tiles at
/// most `widest` wide cover cleanly (chooseColumns' tiles and remainder
/// both clean): a tile or output that narrow is computed that wide and
/// cropped.
int64_t getCleanWidth(int64_t width, int64_t widest, int64_t lanes);

/// What a register tile computes.
enum class TileKind { Contraction, Convolution };

/// How many vector registers of `target` a register tile of `kind` keeps
/// accumulators in: half of them, but 12 of 16 for a contraction (6 rows
/// of 2 vectors; each step's 2 loads of the right-hand side and its
/// broadcast take 3 of the other 4). With 8 accumulators, each taking an
/// FMA every 4 cycles on 2 FMA units, any late load stalls the FMAs; with
/// 12, most of the MLP's and transformer's MatMuls ran 1.06–1.19x faster
/// on a Zen 3 (benchmarks/README.md).
int64_t getAccumulatorRegisters(TargetAttr target, TileKind kind);

/// Rows and the widest columns of the register tiles of an output with
/// `rowRange` rows, whose accumulators take `accumulators` registers: up
/// to half of them rows, then a power of two of vectors a row (2 to 8).
std::pair<int64_t, int64_t> getTileBounds(int64_t rowRange, int64_t lanes,
                                          int64_t accumulators);

enum class ConvolutionKernel { Winograd, Direct, Im2Col, Loops };

/// The fewest input and output channels a Winograd convolution has: below
/// them the row sums cost more than the products they save.
constexpr int64_t kWinogradChannels = 16;

/// A convolution's kernel; `computedWidth` is the output width a direct
/// kernel computes (above the output's own when it is widened), or its
/// row convolutions' for a Winograd one, whose tiles have `winogradRows`
/// output rows and, when it is two-dimensional, `winogradColumns` output
/// columns (0: the tiles are whole rows), kept in phases or, when
/// `winogradOnChannels`, with the channels in the vectors.
struct ConvolutionPlan {
  ConvolutionKernel kernel = ConvolutionKernel::Loops;
  int64_t computedWidth = 0;
  int64_t winogradRows = 0;
  int64_t winogradColumns = 0;
  bool winogradOnChannels = false;
};

/// What the kernel of a convolution depends on.
struct ConvolutionFacts {
  /// Static shapes and no empty operand (else loops).
  bool staticWork = false;
  int64_t group = 1;
  ArrayRef<int64_t> strides, dilations;
  int64_t channels = 0, filters = 0, kernelHeight = 0, kernelWidth = 0;
  /// The output's height and width.
  int64_t height = 0, width = 0;
  /// The filter is a constant whose elements are at hand.
  bool constantFilter = false;
  Type element;
};

/// The kernel of a convolution at -O2 on `target`.
ConvolutionPlan planConvolution(const ConvolutionFacts &facts,
                                TargetAttr target);

/// "winograd F(4,3) rows", "winograd F(4x4,3x3)", "winograd F(4x4,3x3) on
/// channels", "direct", "direct, computed 32 wide", "im2col" or "loops"; a
/// Winograd plan computed wider says so as a direct one does.
std::string describeConvolutionPlan(const ConvolutionPlan &plan, int64_t width);

} // namespace mlir::sic

#endif // SIC_ANALYSIS_CONVOLUTIONKERNELS_H
