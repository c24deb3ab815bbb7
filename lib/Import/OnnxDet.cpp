//===- OnnxDet.cpp - ONNX Det by Gaussian elimination ---------------------===//
//
// Det of [..., n, n] as Gaussian elimination with partial pivoting,
// unrolled over the n columns at import, each column a few sic ops over
// the whole batch: the row with the largest magnitude at or below column
// k (the first of equals, as LAPACK picks) is swapped into row k, flipping
// the sign when it is another row; the pivot multiplies the determinant;
// the rows below subtract their multiple of row k. A zero pivot (a
// singular matrix) makes the determinant 0, and the elimination then
// divides by 1 instead, so that no NaN follows from it.
//
//===----------------------------------------------------------------------===//

#include "OnnxConverters.h"

using namespace mlir;
using namespace mlir::sic;

namespace {

/// The largest n SIC unrolls Det for: n columns of about a dozen ops each.
constexpr int64_t kMaxDetSize = 64;

} // namespace

LogicalResult mlir::sic::convertDet(OnnxConversion &c,
                                    const onnx::NodeProto &node) {
  FailureOr<Value> input = getOnlyInput(c, node);
  if (failed(input))
    return failure();
  auto type = cast<RankedTensorType>(input->getType());
  ArrayRef<int64_t> shape = type.getShape();
  int64_t rank = shape.size();
  if (rank < 2 || shape[rank - 1] != shape[rank - 2] || shape[rank - 1] < 1 ||
      !isa<FloatType>(type.getElementType())) {
    c.emitNodeError(node) << "expects float square matrices [..., n, n] "
                             "with n >= 1, got "
                          << type;
    return failure();
  }
  int64_t n = shape.back();
  if (n > kMaxDetSize) {
    c.emitNodeError(node) << "has " << n << "x" << n
                          << " matrices; SIC unrolls Det over their columns "
                             "for n up to "
                          << kMaxDetSize;
    return failure();
  }
  if (type.getNumElements() == 0)
    return c.bind(node,
                  c.createConstant(c.getConstantName(node),
                                   RankedTensorType::get(shape.drop_back(2),
                                                         type.getElementType()),
                                   ArrayRef<char>()));

  NodeBuilder b(c, node);
  int64_t rows = rank - 2, columns = rank - 1;
  Value a = *input;
  Value zero = b.scalar(0.0, a), one = b.scalar(1.0, a);
  Value noIndex = createIndexConstant(c, node, {1}, {0});
  SmallVector<int64_t> positionShape(rank, 1);
  positionShape[rows] = n;
  Value det;
  for (int64_t k = 0; k < n; ++k) {
    // Each row's position relative to row k.
    SmallVector<int64_t> relative(n);
    for (int64_t i = 0; i < n; ++i)
      relative[i] = i - k;
    Value position = createIndexConstant(c, node, positionShape, relative);
    // The pivot row p (relative to k) and the swap of rows k and p.
    Value column = b.create<SliceOp>(
        ValueRange{a}, ArrayRef<int64_t>{k, k}, ArrayRef<int64_t>{n, k + 1},
        ArrayRef<int64_t>{rows, columns}, ArrayRef<int64_t>{1, 1});
    Value pivotRow = b.create<ArgMaxOp>(
        ValueRange{b.create<AbsOp>(ValueRange{column})}, rows, true, false);
    Value atPivot = b.create<EqualOp>(ValueRange{position, pivotRow});
    Value atK = b.create<EqualOp>(ValueRange{position, noIndex});
    Value rowK = b.create<SliceOp>(
        ValueRange{a}, ArrayRef<int64_t>{k}, ArrayRef<int64_t>{k + 1},
        ArrayRef<int64_t>{rows}, ArrayRef<int64_t>{1});
    Value rowP = b.create<ReduceSumOp>(
        ValueRange{b.create<WhereOp>(ValueRange{atPivot, a, zero})},
        ArrayRef<int64_t>{rows}, true);
    a = b.create<WhereOp>(
        ValueRange{atK, rowP, b.create<WhereOp>(ValueRange{atPivot, rowK, a})});
    Value pivot = b.create<SliceOp>(
        ValueRange{a}, ArrayRef<int64_t>{k, k}, ArrayRef<int64_t>{k + 1, k + 1},
        ArrayRef<int64_t>{rows, columns}, ArrayRef<int64_t>{1, 1});
    det = k == 0 ? pivot : b.create<MulOp>(ValueRange{det, pivot});
    Value swapped = b.create<NotOp>(
        ValueRange{b.create<EqualOp>(ValueRange{pivotRow, noIndex})});
    det = b.create<WhereOp>(
        ValueRange{swapped, b.create<NegOp>(ValueRange{det}), det});
    if (k + 1 == n)
      break;
    // Rows below k less their multiple of row k.
    Value divisor = b.create<WhereOp>(
        ValueRange{b.create<EqualOp>(ValueRange{pivot, zero}), one, pivot});
    Value factors = b.create<DivOp>(ValueRange{
        b.create<SliceOp>(ValueRange{a}, ArrayRef<int64_t>{k},
                          ArrayRef<int64_t>{k + 1}, ArrayRef<int64_t>{columns},
                          ArrayRef<int64_t>{1}),
        divisor});
    Value below = b.create<GreaterOp>(ValueRange{position, noIndex});
    factors = b.create<WhereOp>(ValueRange{below, factors, zero});
    Value pivotRowK = b.create<SliceOp>(
        ValueRange{a}, ArrayRef<int64_t>{k}, ArrayRef<int64_t>{k + 1},
        ArrayRef<int64_t>{rows}, ArrayRef<int64_t>{1});
    a = b.create<SubOp>(
        ValueRange{a, b.create<MulOp>(ValueRange{factors, pivotRowK})});
  }
  return b.bind(b.create<ReshapeOp>(ValueRange{det}, shape.drop_back(2)));
}
