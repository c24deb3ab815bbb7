//===- OnnxSpectralOps.cpp - ONNX DFT and STFT as matmuls
//------------------===//
//
// DFT and STFT (opset 17) as products with constant matrices: for a signal
// of length L along the transformed axis, X[k] = sum_l x[l] e^(s i 2 pi k l
// / L), s = -1 (or +1 with a 1/L scale when inverse), is
// re = xr C - xi T and im = xi C + xr T with C[l][k] = cos(2 pi k l / L)
// and T[l][k] = s sin(2 pi k l / L), both computed in double when the
// model is compiled. The axis moves last for the products and back after;
// a real input (last dimension 1) has no xi terms. dft_length pads the
// signal with zeros or truncates it; onesided keeps the L / 2 + 1 first
// frequencies. STFT cuts the signal into frames with one gather of
// constant indices, multiplies them by the window, and transforms each.
//
//===----------------------------------------------------------------------===//

#include "OnnxConverters.h"

#include "sic/Support/ShapeRules.h"

#include <cmath>

using namespace mlir;
using namespace mlir::sic;

namespace {

/// A complex tensor as its real and imaginary parts; `im` is null for a
/// real one.
struct ComplexValue {
  Value re, im;
};

/// The f32 matrix [length, frequencies] of `part`(2 pi k l / length) *
/// `scale`.
Value createTwiddles(OnnxConversion &c, const onnx::NodeProto &node,
                     int64_t length, int64_t frequencies,
                     double (*part)(double), double scale) {
  std::vector<float> values(size_t(length * frequencies));
  for (int64_t l = 0; l < length; ++l)
    for (int64_t k = 0; k < frequencies; ++k) {
      // k * l reduced modulo length keeps the angle exact for long signals.
      double angle = 2 * M_PI * double((k * l) % length) / double(length);
      values[size_t(l * frequencies + k)] = float(part(angle) * scale);
    }
  auto type =
      RankedTensorType::get({length, frequencies}, c.getBuilder().getF32Type());
  return c.createConstant(
      c.getConstantName(node), type,
      ArrayRef<char>(reinterpret_cast<const char *>(values.data()),
                     values.size() * sizeof(float)));
}

/// The DFT of `x` along its last axis, of size `size`, padded with zeros or
/// truncated to `length` first.
ComplexValue buildDft(NodeBuilder &b, OnnxConversion &c,
                      const onnx::NodeProto &node, ComplexValue x, int64_t size,
                      int64_t length, bool inverse, bool onesided) {
  int64_t rank = cast<RankedTensorType>(x.re.getType()).getRank();
  auto fit = [&](Value part) -> Value {
    if (!part || size == length)
      return part;
    if (size > length)
      return b.create<SliceOp>(
          ValueRange{part}, ArrayRef<int64_t>{0}, ArrayRef<int64_t>{length},
          ArrayRef<int64_t>{rank - 1}, ArrayRef<int64_t>{1});
    SmallVector<int64_t, 8> pads(2 * rank, 0);
    pads[2 * rank - 1] = length - size;
    return b.create<PadOp>(ValueRange{part}, ArrayRef<int64_t>(pads),
                           PadMode::constant, APFloat(0.0f));
  };
  Value re = fit(x.re), im = fit(x.im);
  int64_t frequencies = onesided ? length / 2 + 1 : length;
  double scale = inverse ? 1.0 / double(length) : 1.0;
  Value cosines = createTwiddles(
      c, node, length, frequencies, [](double a) { return std::cos(a); },
      scale);
  Value sines = createTwiddles(
      c, node, length, frequencies, [](double a) { return std::sin(a); },
      inverse ? scale : -scale);
  Value outRe = b.create<MatmulOp>(ValueRange{re, cosines});
  Value outIm = b.create<MatmulOp>(ValueRange{re, sines});
  if (im) {
    outRe = b.create<SubOp>(
        ValueRange{outRe, b.create<MatmulOp>(ValueRange{im, sines})});
    outIm = b.create<AddOp>(
        ValueRange{outIm, b.create<MatmulOp>(ValueRange{im, cosines})});
  }
  return {outRe, outIm};
}

/// The real and imaginary parts of `x` (..., 1 or 2), without that axis.
ComplexValue splitComplex(NodeBuilder &b, Value x) {
  auto type = cast<RankedTensorType>(x.getType());
  int64_t rank = type.getRank();
  SmallVector<int64_t, 4> shape(type.getShape().drop_back());
  auto part = [&](int64_t k) {
    Value slice = b.create<SliceOp>(
        ValueRange{x}, ArrayRef<int64_t>{k}, ArrayRef<int64_t>{k + 1},
        ArrayRef<int64_t>{rank - 1}, ArrayRef<int64_t>{1});
    return b.create<ReshapeOp>(ValueRange{slice}, ArrayRef<int64_t>(shape));
  };
  return {part(0), type.getShape().back() == 2 ? part(1) : Value()};
}

/// re and im stacked along a new last axis.
Value joinComplex(NodeBuilder &b, ComplexValue x) {
  int64_t rank = cast<RankedTensorType>(x.re.getType()).getRank();
  return b.create<ConcatOp>(
      ValueRange{
          b.create<UnsqueezeOp>(ValueRange{x.re}, ArrayRef<int64_t>{rank}),
          b.create<UnsqueezeOp>(ValueRange{x.im}, ArrayRef<int64_t>{rank})},
      rank);
}

/// Checks a signal (..., 1 or 2) of f32.
LogicalResult checkSignal(OnnxConversion &c, const onnx::NodeProto &node,
                          RankedTensorType type, int64_t minRank) {
  if (type.getRank() >= minRank && type.getElementType().isF32() &&
      (type.getShape().back() == 1 || type.getShape().back() == 2))
    return success();
  c.emitNodeError(node) << "expects an f32 signal of rank >= " << minRank
                        << " whose last dimension is 1 (real) or 2 "
                           "(complex), got "
                        << type;
  return failure();
}

/// The single integer of constant input #`index`.
FailureOr<int64_t> getConstantScalar(OnnxConversion &c,
                                     const onnx::NodeProto &node, int index,
                                     llvm::StringRef name) {
  FailureOr<SmallVector<int64_t, 4>> values = c.getConstantInts(node, index);
  if (failed(values))
    return failure();
  if (values->size() != 1) {
    c.emitNodeError(node) << name << " must be one integer, got "
                          << values->size();
    return failure();
  }
  return values->front();
}

} // namespace

LogicalResult mlir::sic::convertDft(OnnxConversion &c,
                                    const onnx::NodeProto &node) {
  if (failed(expectInputs(c, node, 1, 2)))
    return failure();
  FailureOr<int64_t> axis = c.getInt(node, "axis", 1);
  FailureOr<int64_t> inverse = c.getInt(node, "inverse", 0);
  FailureOr<int64_t> onesided = c.getInt(node, "onesided", 0);
  FailureOr<Value> input = c.getInputValue(node, 0);
  if (failed(axis) || failed(inverse) || failed(onesided) || failed(input))
    return failure();
  auto type = cast<RankedTensorType>(input->getType());
  if (failed(checkSignal(c, node, type, 2)))
    return failure();
  int64_t rank = type.getRank();
  std::optional<int64_t> dim = normalizeAxis(*axis, rank);
  if (!dim || *dim == rank - 1) {
    c.emitNodeError(node) << "axis " << *axis
                          << " must name a signal axis of rank " << rank
                          << ", not the last (real and imaginary) one";
    return failure();
  }
  bool complex = type.getShape().back() == 2;
  if (*onesided && (complex || *inverse)) {
    c.emitNodeError(node) << "onesided needs a real signal and a forward DFT";
    return failure();
  }
  int64_t size = type.getDimSize(*dim);
  int64_t length = size;
  if (!c.getInput(node, 1).empty()) {
    FailureOr<int64_t> given = getConstantScalar(c, node, 1, "dft_length");
    if (failed(given))
      return failure();
    length = *given;
  }
  SmallVector<int64_t, 4> shape(type.getShape());
  shape[*dim] = *onesided ? length / 2 + 1 : length;
  if (length < 1 || checkShapeLimits(shape, c.getLimits()) ||
      checkShapeLimits({length, length}, c.getLimits())) {
    c.emitNodeError(node) << "dft_length " << length
                          << " must be at least 1 and within the import "
                             "limits (--max-tensor-elements)";
    return failure();
  }
  NodeBuilder b(c, node);
  // The axis moves last (the dimensions before the real/imaginary one).
  SmallVector<int64_t, 4> perm;
  for (int64_t d = 0; d < rank - 1; ++d)
    if (d != *dim)
      perm.push_back(d);
  perm.push_back(*dim);
  SmallVector<int64_t, 4> back(rank - 1);
  for (auto [position, d] : llvm::enumerate(perm))
    back[d] = int64_t(position);
  bool identity = *dim == rank - 2;
  auto move = [&](Value part, ArrayRef<int64_t> order) -> Value {
    return part && !identity ? b.create<TransposeOp>(ValueRange{part}, order)
                             : part;
  };
  ComplexValue parts = splitComplex(b, *input);
  ComplexValue moved{move(parts.re, perm), move(parts.im, perm)};
  ComplexValue transformed =
      buildDft(b, c, node, moved, size, length, *inverse != 0, *onesided != 0);
  return b.bind(
      joinComplex(b, {move(transformed.re, back), move(transformed.im, back)}));
}

LogicalResult mlir::sic::convertStft(OnnxConversion &c,
                                     const onnx::NodeProto &node) {
  if (failed(expectInputs(c, node, 2, 4)))
    return failure();
  FailureOr<int64_t> onesided = c.getInt(node, "onesided", 1);
  FailureOr<Value> signal = c.getInputValue(node, 0);
  FailureOr<int64_t> step = getConstantScalar(c, node, 1, "frame_step");
  if (failed(onesided) || failed(signal) || failed(step))
    return failure();
  auto type = cast<RankedTensorType>(signal->getType());
  if (failed(checkSignal(c, node, type, 3)))
    return failure();
  if (type.getRank() != 3) {
    c.emitNodeError(node) << "expects a signal [batch, length, 1 or 2], got "
                          << type;
    return failure();
  }
  Value window;
  std::optional<int64_t> frameLength;
  if (!c.getInput(node, 2).empty()) {
    FailureOr<Value> given = c.getInputValue(node, 2);
    if (failed(given))
      return failure();
    window = *given;
    auto windowType = cast<RankedTensorType>(window.getType());
    if (windowType.getRank() != 1 || !windowType.getElementType().isF32()) {
      c.emitNodeError(node)
          << "expects an f32 window of rank 1, got " << windowType;
      return failure();
    }
    frameLength = windowType.getDimSize(0);
  }
  if (!c.getInput(node, 3).empty()) {
    FailureOr<int64_t> given = getConstantScalar(c, node, 3, "frame_length");
    if (failed(given))
      return failure();
    if (frameLength && *frameLength != *given) {
      c.emitNodeError(node)
          << "frame_length " << *given << " differs from the window's length "
          << *frameLength;
      return failure();
    }
    frameLength = *given;
  }
  int64_t length = type.getDimSize(1);
  bool complex = type.getShape().back() == 2;
  if (!frameLength || *frameLength < 1 || *frameLength > length || *step < 1 ||
      (*onesided && complex)) {
    c.emitNodeError(node)
        << "needs a window or frame_length in [1, " << length
        << "], a frame_step >= 1 and, when onesided, a real signal";
    return failure();
  }
  int64_t frames = 1 + (length - *frameLength) / *step;
  if (checkShapeLimits({frames, *frameLength}, c.getLimits()) ||
      checkShapeLimits({*frameLength, *frameLength}, c.getLimits())) {
    c.emitNodeError(node) << "makes " << frames << " frames of " << *frameLength
                          << ", more than the import limits admit";
    return failure();
  }
  SmallVector<int64_t> starts;
  for (int64_t f = 0; f < frames; ++f)
    for (int64_t j = 0; j < *frameLength; ++j)
      starts.push_back(f * *step + j);
  Value positions =
      createIndexConstant(c, node, {frames, *frameLength}, starts);
  NodeBuilder b(c, node);
  auto frame = [&](Value part) -> Value {
    if (!part)
      return part;
    Value framed = b.create<GatherOp>(ValueRange{part, positions}, int64_t(1));
    return window ? b.create<MulOp>(ValueRange{framed, window}) : framed;
  };
  ComplexValue parts = splitComplex(b, *signal);
  ComplexValue transformed =
      buildDft(b, c, node, {frame(parts.re), frame(parts.im)}, *frameLength,
               *frameLength, /*inverse=*/false, *onesided != 0);
  return b.bind(joinComplex(b, transformed));
}
