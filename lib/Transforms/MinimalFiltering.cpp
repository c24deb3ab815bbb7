//===- MinimalFiltering.cpp - Winograd's F(m, 3) --------------------------===//

#include "MinimalFiltering.h"

#include "ConstantBytes.h"

#include <cstring>

using namespace mlir;

namespace {

constexpr double kBT2[] = {1, 0, -1, 0, 0, 1, 1, 0, 0, -1, 1, 0, 0, 1, 0, -1};
constexpr double kG2[] = {1, 0, 0, .5, .5, .5, .5, -.5, .5, 0, 0, 1};
constexpr double kAT2[] = {1, 1, 1, 0, 0, 1, -1, -1};

constexpr double kBT4[] = {4, 0, -5, 0,  1, 0, 0, -4, -4, 1,  1, 0,
                           0, 4, -4, -1, 1, 0, 0, -2, -1, 2,  1, 0,
                           0, 2, -1, -2, 1, 0, 0, 4,  0,  -5, 0, 1};
constexpr double kG4[] = {1. / 4,  0,        0,       -1. / 6, -1. / 6, -1. / 6,
                          -1. / 6, 1. / 6,   -1. / 6, 1. / 24, 1. / 12, 1. / 6,
                          1. / 24, -1. / 12, 1. / 6,  0,       0,       1};
constexpr double kAT4[] = {1, 1, 1, 1, 1, 0, 0, 1, -1, 2, -2, 0,
                           0, 1, 1, 4, 4, 0, 0, 1, -1, 8, -8, 1};

} // namespace

sic::MinimalFiltering mlir::sic::getMinimalFiltering(int64_t rows) {
  if (rows == 4)
    return {4, kBT4, kG4, kAT4};
  return {2, kBT2, kG2, kAT2};
}

Value mlir::sic::buildSum(OpBuilder &b, Location loc,
                          ArrayRef<double> coefficients, ValueRange values) {
  auto indices = llvm::seq<int64_t>(0, coefficients.size());
  SmallVector<int64_t> order(indices.begin(), indices.end());
  auto positive =
      llvm::find_if(order, [&](int64_t j) { return coefficients[j] > 0; });
  if (positive != order.end())
    std::rotate(order.begin(), positive, positive + 1);
  Value sum;
  for (int64_t j : order) {
    double coefficient = coefficients[j];
    Value value = values[j];
    if (coefficient == 0)
      continue;
    Value term = value;
    if (std::abs(coefficient) != 1)
      term = b.create<arith::MulFOp>(
          loc, term,
          b.create<arith::ConstantOp>(
              loc, b.getFloatAttr(value.getType(), std::abs(coefficient))));
    if (!sum)
      sum = coefficient < 0 ? b.create<arith::NegFOp>(loc, term) : term;
    else if (coefficient < 0)
      sum = b.create<arith::SubFOp>(loc, sum, term);
    else
      sum = b.create<arith::AddFOp>(loc, sum, term);
  }
  return sum;
}

std::function<SmallVector<Value>(OpBuilder &, Location, ValueRange)>
mlir::sic::sumsOf(ArrayRef<double> matrix, int64_t count) {
  return [matrix, count](OpBuilder &b, Location loc, ValueRange args) {
    SmallVector<Value> sums;
    for (int64_t row = 0; row * count < int64_t(matrix.size()); ++row)
      sums.push_back(buildSum(b, loc, matrix.slice(row * count, count),
                              args.take_front(count)));
    return sums;
  };
}

namespace {

/// The elements of the constant filter `filter` (f32), copied: its stored
/// bytes need not be aligned for floats.
std::vector<float> getWeights(arith::ConstantOp filter) {
  ArrayRef<char> bytes = sic::getStoredElementBytes(filter);
  std::vector<float> weights(
      cast<RankedTensorType>(filter.getType()).getNumElements());
  std::memcpy(weights.data(), bytes.data(), weights.size() * sizeof(float));
  return weights;
}

/// Element `out` of product i's filter (G g along the height; G g G^T for
/// tiles of columns too, product j along the width) for `plane` (a filter
/// and a channel) of `weights` [F, C, 3, width], in double precision.
double getProductWeight(ArrayRef<float> weights, int64_t width,
                        const sic::MinimalFiltering &filtering, bool columns,
                        int64_t i, int64_t j, int64_t plane, int64_t out) {
  double sum = 0;
  for (int64_t h = 0; h < 3; ++h)
    for (int64_t k = 0; k < width; ++k) {
      double columnWeight = columns ? filtering.g[j * 3 + k] : k == out;
      sum += filtering.g[i * 3 + h] * columnWeight *
             weights[(plane * 3 + h) * width + k];
    }
  return sum;
}

Value buildFloatConstant(OpBuilder &b, Location loc, arith::ConstantOp like,
                         RankedTensorType type, ArrayRef<float> values,
                         int64_t alignment) {
  ArrayRef<char> bytes(reinterpret_cast<const char *>(values.data()),
                       values.size() * sizeof(float));
  return sic::buildConstantLike(b, loc, like, type, bytes, alignment);
}

} // namespace

SmallVector<Value> mlir::sic::buildProductFilters(
    OpBuilder &b, Location loc, arith::ConstantOp filter,
    const MinimalFiltering &filtering, bool columns, int64_t alignment) {
  auto type = cast<RankedTensorType>(filter.getType());
  std::vector<float> weights = getWeights(filter);
  int64_t planes = type.getDimSize(0) * type.getDimSize(1);
  int64_t width = type.getDimSize(3);
  int64_t count = filtering.getProducts();
  int64_t columnProducts = columns ? count : 1;
  int64_t productWidth = columns ? 1 : width;
  auto productType =
      type.clone({type.getDimSize(0), type.getDimSize(1), 1, productWidth});
  SmallVector<Value> filters;
  for (int64_t i = 0; i < count; ++i)
    for (int64_t j = 0; j < columnProducts; ++j) {
      std::vector<float> product(planes * productWidth);
      for (int64_t plane = 0; plane < planes; ++plane)
        for (int64_t out = 0; out < productWidth; ++out)
          product[plane * productWidth + out] =
              static_cast<float>(getProductWeight(weights, width, filtering,
                                                  columns, i, j, plane, out));
      filters.push_back(
          buildFloatConstant(b, loc, filter, productType, product, alignment));
    }
  return filters;
}

Value mlir::sic::buildTransposedProductFilters(
    OpBuilder &b, Location loc, arith::ConstantOp filter,
    const MinimalFiltering &filtering, int64_t alignment) {
  auto type = cast<RankedTensorType>(filter.getType());
  std::vector<float> weights = getWeights(filter);
  int64_t filters = type.getDimSize(0), channels = type.getDimSize(1);
  int64_t count = filtering.getProducts();
  std::vector<float> products(count * count * channels * filters);
  for (int64_t ij = 0; ij < count * count; ++ij)
    for (int64_t c = 0; c < channels; ++c)
      for (int64_t f = 0; f < filters; ++f)
        products[(ij * channels + c) * filters + f] = static_cast<float>(
            getProductWeight(weights, 3, filtering, true, ij / count,
                             ij % count, f * channels + c, 0));
  return buildFloatConstant(b, loc, filter,
                            type.clone({count * count, channels, filters}),
                            products, alignment);
}

int64_t mlir::sic::getSharedProduct(const MinimalFiltering &filtering) {
  int64_t products = filtering.getProducts();
  for (int64_t i = 0; i < products; ++i)
    if (llvm::all_of(llvm::seq<int64_t>(0, filtering.rows), [&](int64_t a) {
          return filtering.at[a * products + i] == 1;
        }))
      return i;
  return -1;
}
