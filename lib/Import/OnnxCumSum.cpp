//===- OnnxCumSum.cpp - ONNX CumSum as a triangular contraction --------===//
//
// CumSum along an axis of n elements is the contraction of that axis with a
// constant n x n matrix of zeros and ones: y[i] = sum over j of T[i][j] x[j],
// T[i][j] = 1 where j <= i (j < i when exclusive; j >= i and j > i when
// reversed). It is built as an Einsum, so floats run through one sic.matmul;
// every sum holds exactly the terms ONNX sums, plus exact zeros. The matrix
// is n^2 elements, so n is bounded.
//
//===----------------------------------------------------------------------===//

#include "OnnxConverters.h"

#include "sic/Support/ShapeRules.h"

using namespace mlir;
using namespace mlir::sic;

namespace {

/// The largest axis CumSum takes: its matrix has this many elements squared.
constexpr int64_t kMaxCumSumAxis = 1024;

/// The letters that label the input's dims; 'y' and 'z' label the matrix.
constexpr llvm::StringLiteral kLabels =
    "abcdefghijklmnopqrstuvwxABCDEFGHIJKLMNOPQRSTUVWXYZ";

/// T's bytes in element type `T`.
template <typename T>
std::vector<char> triangle(int64_t n, bool exclusive, bool reverse) {
  std::vector<T> values(n * n, T(0));
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = 0; j < n; ++j) {
      bool summed = reverse ? j >= i : j <= i;
      if (summed && !(exclusive && i == j))
        values[i * n + j] = T(1);
    }
  const char *bytes = reinterpret_cast<const char *>(values.data());
  return std::vector<char>(bytes, bytes + values.size() * sizeof(T));
}

} // namespace

LogicalResult mlir::sic::convertCumSum(OnnxConversion &c,
                                       const onnx::NodeProto &node) {
  if (failed(expectInputs(c, node, 2, 2)))
    return failure();
  FailureOr<int64_t> exclusive = c.getInt(node, "exclusive", 0);
  FailureOr<int64_t> reverse = c.getInt(node, "reverse", 0);
  FailureOr<Value> input = c.getInputValue(node, 0);
  FailureOr<SmallVector<int64_t, 4>> axes = c.getConstantInts(node, 1);
  if (failed(exclusive) || failed(reverse) || failed(input) || failed(axes))
    return failure();
  auto type = cast<RankedTensorType>(input->getType());
  int64_t rank = type.getRank();
  if (axes->size() != 1 || (*axes)[0] < -rank || (*axes)[0] >= rank) {
    auto diagnostic = c.emitNodeError(node);
    diagnostic << "input #1 '" << c.getInput(node, 1)
               << "' (the axis) must hold one value in [" << -rank << ", "
               << rank << "), got [";
    llvm::interleaveComma(*axes, diagnostic);
    diagnostic << "]";
    return failure();
  }
  if (rank > int64_t(kLabels.size())) {
    c.emitNodeError(node) << "takes an input of rank at most " << kLabels.size()
                          << ", got " << rank;
    return failure();
  }
  int64_t axis = (*axes)[0] < 0 ? (*axes)[0] + rank : (*axes)[0];
  int64_t n = type.getDimSize(axis);
  if (n > kMaxCumSumAxis) {
    c.emitNodeError(node) << "sums along an axis of " << n
                          << " elements; SIC takes at most " << kMaxCumSumAxis
                          << " (it contracts the axis with an n x n matrix)";
    return failure();
  }
  Type element = type.getElementType();
  if (element.isInteger(1)) {
    c.emitNodeError(node) << "takes numbers, got " << element;
    return failure();
  }
  std::vector<char> bytes =
      element.isF32()         ? triangle<float>(n, *exclusive, *reverse)
      : element.isF64()       ? triangle<double>(n, *exclusive, *reverse)
      : element.isInteger(32) ? triangle<int32_t>(n, *exclusive, *reverse)
                              : triangle<int64_t>(n, *exclusive, *reverse);
  Value matrix = c.createConstant(
      c.getConstantName(node), RankedTensorType::get({n, n}, element), bytes);
  std::string labels = kLabels.take_front(rank).str();
  std::string in = labels, out = labels;
  in[axis] = 'z';
  out[axis] = 'y';
  FailureOr<Value> output =
      buildEinsum(c, node, in + ",yz->" + out, ValueRange{*input, matrix});
  if (failed(output))
    return failure();
  return c.bindOutputs(node, *output);
}
