//===- MinimalFiltering.h - Winograd's F(m, 3) -----------------*- C++ -*-===//
//
// Winograd's minimal filtering F(m, 3) (Lavin and Gray, "Fast Algorithms
// for Convolutional Neural Networks"): its matrices, the sums their rows
// make of values, and a filter transformed by them when compiled.
//
//===----------------------------------------------------------------------===//

#ifndef SIC_LIB_TRANSFORMS_MINIMALFILTERING_H
#define SIC_LIB_TRANSFORMS_MINIMALFILTERING_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Builders.h"

#include <functional>

namespace mlir::sic {

/// The matrices of F(m, 3) on the points 0, ±1, ±2 (and infinity): BT is
/// (m + 2) x (m + 2), G (m + 2) x 3, AT m x (m + 2), row-major.
struct MinimalFiltering {
  int64_t rows;
  ArrayRef<double> bt, g, at;

  int64_t getProducts() const { return rows + 2; }
};

/// The matrices of F(m, 3) for tiles of `rows` rows (2 or 4).
MinimalFiltering getMinimalFiltering(int64_t rows);

/// sum_j coefficients[j] * values[j], skipping zeros and multiplying by
/// no ±1, from the first positive term (no negation) when there is one.
Value buildSum(OpBuilder &b, Location loc, ArrayRef<double> coefficients,
               ValueRange values);

/// The body of sums whose arguments start with `count` terms: yields the
/// sums of those with each row of `matrix` (rows x count) as coefficients.
std::function<SmallVector<Value>(OpBuilder &, Location, ValueRange)>
sumsOf(ArrayRef<double> matrix, int64_t count);

/// The filters of the products, from the elements of the constant filter
/// `filter` [F, C, 3, KW] (f32), combined in double precision: for tiles
/// of whole rows, U_i [F, C, 1, KW] = G g along the height (i < m + 2); for
/// tiles of m columns too (KW = 3), U_ij [F, C, 1, 1] = G g G^T at index
/// i (m + 2) + j.
SmallVector<Value> buildProductFilters(OpBuilder &b, Location loc,
                                       arith::ConstantOp filter,
                                       const MinimalFiltering &filtering,
                                       bool columns, int64_t alignment);

/// The products' filters of tiles of m columns too (KW = 3) as one constant
/// [(m + 2)^2, C, F]: U_ij^T, (G g G^T)[f, c] at [i (m + 2) + j, c, f], the
/// right-hand sides of one batched contraction over the channels.
Value buildTransposedProductFilters(OpBuilder &b, Location loc,
                                    arith::ConstantOp filter,
                                    const MinimalFiltering &filtering,
                                    int64_t alignment);

/// The index of the product every output row takes once (a column of AT of
/// ones): its convolution can start from the accumulator's start.
int64_t getSharedProduct(const MinimalFiltering &filtering);

} // namespace mlir::sic

#endif // SIC_LIB_TRANSFORMS_MINIMALFILTERING_H
