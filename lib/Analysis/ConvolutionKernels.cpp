//===- ConvolutionKernels.cpp - Which kernel computes a convolution -------===//

#include "sic/Analysis/ConvolutionKernels.h"

#include "llvm/ADT/bit.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>

using namespace mlir;
using namespace mlir::sic;

int64_t mlir::sic::getLanes(Type element, TargetAttr target) {
  return std::max<int64_t>(1, target.getVectorBits() /
                                  element.getIntOrFloatBitWidth());
}

bool mlir::sic::isCleanWidth(int64_t columns, int64_t lanes) {
  return columns % lanes == 0 || llvm::isPowerOf2_64(columns);
}

int64_t mlir::sic::chooseColumns(int64_t range, int64_t widest, int64_t lanes) {
  int64_t columns = std::min(range, widest);
  while (columns > lanes && columns % lanes == 0 &&
         !isCleanWidth(range % columns, lanes))
    columns -= lanes;
  return columns;
}

int64_t mlir::sic::getCleanWidth(int64_t width, int64_t widest, int64_t lanes) {
  auto isClean = [&](int64_t candidate) {
    int64_t columns = chooseColumns(candidate, widest, lanes);
    return isCleanWidth(columns, lanes) &&
           isCleanWidth(candidate % columns, lanes);
  };
  int64_t computed = width;
  while (!isClean(computed))
    ++computed;
  return computed;
}

int64_t mlir::sic::getAccumulatorRegisters(TargetAttr target, TileKind kind) {
  int64_t registers = target.getVectorRegisters();
  if (kind == TileKind::Contraction && registers == 16)
    return 12;
  return registers / 2;
}

std::pair<int64_t, int64_t> mlir::sic::getTileBounds(int64_t rowRange,
                                                     int64_t lanes,
                                                     int64_t accumulators) {
  int64_t rows = std::min<int64_t>(rowRange, accumulators / 2);
  // A power of two: LLVM keeps a row of 3 or 6 vectors (vector<24xf32>)
  // badly, inserting its elements one by one through the stack.
  int64_t vectorsPerRow = static_cast<int64_t>(llvm::bit_floor(
      static_cast<uint64_t>(std::clamp<int64_t>(accumulators / rows, 2, 8))));
  return {rows, vectorsPerRow * lanes};
}

namespace {

/// The rows m of the Winograd tiles F(m, 3) for an output `height` rows
/// high: of 2 and 4, the one with fewer products per output row (m + 2 per
/// tile, the last tile whole), the smaller on a tie; 0 when that is more
/// than three quarters of a direct kernel's 3.
int64_t chooseWinogradRows(int64_t height) {
  int64_t best = 0;
  double bestProducts = 3 * 0.75;
  for (int64_t rows : {2, 4}) {
    double products =
        double(llvm::divideCeil(height, rows) * (rows + 2)) / double(height);
    if (products < bestProducts) {
      best = rows;
      bestProducts = products;
    }
  }
  return best;
}

} // namespace

ConvolutionPlan mlir::sic::planConvolution(const ConvolutionFacts &facts,
                                           TargetAttr target) {
  Type element = facts.element;
  if (!facts.staticWork || facts.group != 1 || !element.isIntOrFloat())
    return {ConvolutionKernel::Loops, 0};
  auto unit = [](ArrayRef<int64_t> values) {
    return llvm::all_of(values, [](int64_t value) { return value == 1; });
  };
  if (!unit(facts.strides))
    return {ConvolutionKernel::Im2Col, 0};
  int64_t lanes = getLanes(element, target);
  int64_t widest =
      getTileBounds(facts.filters, lanes,
                    getAccumulatorRegisters(target, TileKind::Convolution))
          .second;
  int64_t computed = getCleanWidth(facts.width, widest, lanes);
  int64_t rows = facts.constantFilter && element.isF32() &&
                         unit(facts.dilations) && facts.kernelHeight == 3 &&
                         facts.channels >= kWinogradChannels &&
                         facts.filters >= kWinogradChannels
                     ? chooseWinogradRows(facts.height)
                     : 0;
  if (rows == 0)
    return {ConvolutionKernel::Direct, computed, 0};
  // Tiles of 4 columns too when a row has a vector of them: their columns
  // are then split in phases and transposed back a vector of tiles at a
  // time.
  int64_t columns = rows == 4 && facts.kernelWidth == 3 &&
                            computed == facts.width && facts.width % 4 == 0 &&
                            facts.width >= 4 * lanes
                        ? 4
                        : 0;
  // Narrower maps: the channels in the vectors, when they fill them.
  bool onChannels = rows == 4 && facts.kernelWidth == 3 && columns == 0 &&
                    facts.channels % lanes == 0 && facts.filters % lanes == 0;
  if (onChannels)
    return {ConvolutionKernel::Winograd, facts.width, rows, 4, true};
  return {ConvolutionKernel::Winograd, computed, rows, columns};
}

std::string mlir::sic::describeConvolutionPlan(const ConvolutionPlan &plan,
                                               int64_t width) {
  std::string wider =
      plan.computedWidth == width
          ? ""
          : ", computed " + std::to_string(plan.computedWidth) + " wide";
  switch (plan.kernel) {
  case ConvolutionKernel::Winograd:
    if (plan.winogradOnChannels)
      return "winograd F(4x4,3x3) on channels";
    if (plan.winogradColumns != 0)
      return "winograd F(4x4,3x3)";
    return "winograd F(" + std::to_string(plan.winogradRows) + ",3) rows" +
           wider;
  case ConvolutionKernel::Direct:
    return "direct" + wider;
  case ConvolutionKernel::Im2Col:
    return "im2col";
  case ConvolutionKernel::Loops:
    return "loops";
  }
  return "loops";
}
