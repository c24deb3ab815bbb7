//===- ConvolutionKernels.cpp - Which kernel computes a convolution -------===//

#include "sic/Analysis/ConvolutionKernels.h"

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

std::pair<int64_t, int64_t>
mlir::sic::getTileBounds(int64_t rowRange, int64_t lanes, TargetAttr target) {
  int64_t accumulators = target.getVectorRegisters() / 2;
  int64_t rows = std::min<int64_t>(rowRange, accumulators / 2);
  int64_t vectorsPerRow = std::clamp<int64_t>(accumulators / rows, 2, 8);
  return {rows, vectorsPerRow * lanes};
}

ConvolutionPlan mlir::sic::planConvolution(bool staticWork, int64_t group,
                                           ArrayRef<int64_t> strides,
                                           int64_t filters, int64_t width,
                                           Type element, TargetAttr target) {
  if (!staticWork || group != 1 || !element.isIntOrFloat())
    return {ConvolutionKernel::Loops, 0};
  if (llvm::any_of(strides, [](int64_t stride) { return stride != 1; }))
    return {ConvolutionKernel::Im2Col, 0};
  int64_t lanes = getLanes(element, target);
  int64_t widest = getTileBounds(filters, lanes, target).second;
  auto isClean = [&](int64_t candidate) {
    int64_t columns = chooseColumns(candidate, widest, lanes);
    return isCleanWidth(columns, lanes) &&
           isCleanWidth(candidate % columns, lanes);
  };
  int64_t computed = width;
  while (!isClean(computed))
    ++computed;
  return {ConvolutionKernel::Direct, computed};
}

std::string mlir::sic::describeConvolutionPlan(const ConvolutionPlan &plan,
                                               int64_t width) {
  switch (plan.kernel) {
  case ConvolutionKernel::Direct:
    return plan.computedWidth == width
               ? "direct"
               : "direct, computed " + std::to_string(plan.computedWidth) +
                     " wide";
  case ConvolutionKernel::Im2Col:
    return "im2col";
  case ConvolutionKernel::Loops:
    return "loops";
  }
  return "loops";
}
