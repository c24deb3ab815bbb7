//===- OnnxConverters.h - The converters of ONNX operators ------*- C++ -*-===//
//
// What the converters of ONNX operators share (emitting a node, checking
// inputs), and the converters of each family, which OnnxOps.cpp's table
// maps the operators' names to.
//
//===----------------------------------------------------------------------===//

#ifndef SIC_LIB_IMPORT_ONNXCONVERTERS_H
#define SIC_LIB_IMPORT_ONNXCONVERTERS_H

#include "OnnxConversion.h"

namespace mlir::sic {

/// Reports a node whose input count is outside [min, max].
LogicalResult expectInputs(OnnxConversion &c, const onnx::NodeProto &node,
                           int min, int max);

/// The value of a node's single input, or a failure reported at `node`.
FailureOr<Value> getOnlyInput(OnnxConversion &c, const onnx::NodeProto &node);

/// A converter that maps `arity` inputs one to one onto `OpT`.
template <typename OpT>
LogicalResult convertDirect(OnnxConversion &c, const onnx::NodeProto &node,
                            int arity) {
  if (failed(expectInputs(c, node, arity, arity)))
    return failure();
  FailureOr<SmallVector<Value>> inputs = c.getPresentInputValues(node, arity);
  if (failed(inputs))
    return failure();
  return c.emit<OpT>(node, *inputs);
}

/// Builds the sic ops of one node's decomposition: each call creates an op
/// for the node and returns its output, or null once any op has failed (a
/// failure is reported at the node, and later calls do nothing).
class NodeBuilder {
public:
  NodeBuilder(OnnxConversion &c, const onnx::NodeProto &node)
      : c(c), node(node) {}

  template <typename OpT, typename... Attributes>
  Value create(ValueRange inputs, Attributes &&...attributes) {
    if (!valid || llvm::any_of(inputs, [](Value v) { return !v; })) {
      valid = false;
      return nullptr;
    }
    FailureOr<Value> output =
        c.create<OpT>(node, inputs, std::forward<Attributes>(attributes)...);
    valid = succeeded(output);
    return valid ? *output : nullptr;
  }
  /// A constant f32 scalar.
  Value scalar(float value) { return c.createScalar(node, value); }
  /// A constant scalar of the element type of `like` when that is a float
  /// (f32 or f64), else f32: a decomposition's constant for its operand.
  Value scalar(double value, Value like) {
    if (!like)
      return nullptr;
    auto type = dyn_cast<FloatType>(
        cast<RankedTensorType>(like.getType()).getElementType());
    return c.createScalar(node, value,
                          type ? type : c.getBuilder().getF32Type());
  }
  /// Binds the node's outputs, if every op succeeded.
  LogicalResult bind(ValueRange outputs) {
    return valid ? c.bindOutputs(node, outputs) : failure();
  }

private:
  OnnxConversion &c;
  const onnx::NodeProto &node;
  bool valid = true;
};

// Comparisons and selections (OnnxSelectionOps.cpp).
/// A constant named for `node`: `values` (or one value, splat) in an i64
/// tensor of `shape`.
Value createIndexConstant(OnnxConversion &c, const onnx::NodeProto &node,
                          ArrayRef<int64_t> shape, ArrayRef<int64_t> values);
/// x > alpha ? x : 0.
Value buildThresholdedRelu(NodeBuilder &b, Value x, float alpha);
LogicalResult convertThresholdedRelu(OnnxConversion &c,
                                     const onnx::NodeProto &node);
LogicalResult convertShrink(OnnxConversion &c, const onnx::NodeProto &node);
LogicalResult convertIsNaN(OnnxConversion &c, const onnx::NodeProto &node);
LogicalResult convertIsInf(OnnxConversion &c, const onnx::NodeProto &node);
LogicalResult convertHardmax(OnnxConversion &c, const onnx::NodeProto &node);
LogicalResult convertOneHot(OnnxConversion &c, const onnx::NodeProto &node);
/// Mod: of integers with fmod 0 (the divisor's sign) or 1 (the dividend's);
/// of floats (fmod 1) as sic.fmod.
LogicalResult convertMod(OnnxConversion &c, const onnx::NodeProto &node);

/// RoiAlign as gathers of bilinear sample points (OnnxRoiAlign.cpp).
LogicalResult convertRoiAlign(OnnxConversion &c, const onnx::NodeProto &node);
/// Det by Gaussian elimination with partial pivoting (OnnxDet.cpp).
LogicalResult convertDet(OnnxConversion &c, const onnx::NodeProto &node);

// Recurrences (OnnxRecurrentOps.cpp).
/// LSTM, GRU or RNN as sic.recurrence.
LogicalResult convertRecurrent(OnnxConversion &c, const onnx::NodeProto &node,
                               RecurrentCell cell);

// Einsum (OnnxEinsum.cpp).
/// The value of Einsum `equation` on `operands`, built for `node`; errors
/// name the node and the equation.
FailureOr<Value> buildEinsum(OnnxConversion &c, const onnx::NodeProto &node,
                             StringRef equation, ValueRange operands);
LogicalResult convertEinsum(OnnxConversion &c, const onnx::NodeProto &node);
/// CumSum as a log-step scan of shifted adds (OnnxCumSum.cpp).
LogicalResult convertCumSum(OnnxConversion &c, const onnx::NodeProto &node);

// Control flow (OnnxControlFlow.cpp, OnnxScan.cpp).
/// `value`, recorded as holding values of `storage` (a selection or stacking
/// of values of that type).
Value keepStorageType(OnnxConversion &c, Value value, Type storage);
/// The outputs of `graph`, `node`'s subgraph attribute `name`, converted
/// once with its inputs bound to `inputs` (in a scope of its own), or an
/// error naming `node`.
FailureOr<SmallVector<Value>>
convertSubgraph(OnnxConversion &c, const onnx::NodeProto &node, StringRef name,
                const onnx::GraphProto &graph, ValueRange inputs);
/// Entry `index` of `value` along `axis`, without that axis.
Value takeEntry(NodeBuilder &b, Value value, int64_t axis, int64_t index);
LogicalResult convertIf(OnnxConversion &c, const onnx::NodeProto &node);
LogicalResult convertLoop(OnnxConversion &c, const onnx::NodeProto &node);
/// Scan unrolled over its steps; opset 8's batch form runs each batch
/// entry in turn.
LogicalResult convertScan(OnnxConversion &c, const onnx::NodeProto &node);

// Quantization (OnnxQuantizeOps.cpp).
LogicalResult convertQuantizeLinear(OnnxConversion &c,
                                    const onnx::NodeProto &node);
LogicalResult convertDequantizeLinear(OnnxConversion &c,
                                      const onnx::NodeProto &node);
LogicalResult convertDynamicQuantizeLinear(OnnxConversion &c,
                                           const onnx::NodeProto &node);

// Sliding windows (OnnxWindowOps.cpp).
LogicalResult convertConv(OnnxConversion &c, const onnx::NodeProto &node);
/// A window's input has rank 3 (NCL), 4 (NCHW) or 5 (NCDHW); other ranks
/// are refused.
LogicalResult checkWindowRank(OnnxConversion &c, const onnx::NodeProto &node,
                              size_t rank);
/// `value` with a dimension of size 1 inserted at 2 (a 1-D window's NCL to
/// the NC1L of a 2-D one), or that dimension dropped again (null stays
/// null).
Value liftWindowInput(NodeBuilder &b, Value value);
Value lowerWindowOutput(NodeBuilder &b, Value value);
/// ConvTranspose: a convolution of the zero-stuffed, padded input
/// (OnnxConvTranspose.cpp).
LogicalResult convertConvTranspose(OnnxConversion &c,
                                   const onnx::NodeProto &node);
/// GridSample: gathers at the grid's positions, weighted
/// (OnnxGridSample.cpp).
LogicalResult convertGridSample(OnnxConversion &c, const onnx::NodeProto &node);
/// The cubic convolution weights (coefficient `a`) of the 4 neighbors at
/// distances 1 + t, t, 1 - t and 2 - t of a position t past the second, in
/// t's float type.
SmallVector<Value, 4> buildCubicWeights(NodeBuilder &b, Value t, double a);
/// DFT and STFT: products with constant cosine and sine matrices
/// (OnnxSpectralOps.cpp).
LogicalResult convertDft(OnnxConversion &c, const onnx::NodeProto &node);
LogicalResult convertStft(OnnxConversion &c, const onnx::NodeProto &node);
/// MaxUnpool: a scatter into zeros (OnnxMaxUnpool.cpp).
LogicalResult convertMaxUnpool(OnnxConversion &c, const onnx::NodeProto &node);
/// ReverseSequence: a gather along time (OnnxReverseSequence.cpp).
LogicalResult convertReverseSequence(OnnxConversion &c,
                                     const onnx::NodeProto &node);
/// NonZero, Compress, Unique, NonMaxSuppression: refused, their output
/// shape depends on data (OnnxOps.cpp).
LogicalResult convertDataDependentShape(OnnxConversion &c,
                                        const onnx::NodeProto &node);
/// The window attributes of Conv, MaxPool and AveragePool, as 2-D ones;
/// `lifted` for a 1-D window, which runs on the input reshaped to NC1L.
struct SlidingWindow {
  SmallVector<int64_t, 4> kernel, strides, pads, dilations;
  bool lifted = false;
};
/// A 3-D convolution of inputs (x, w[, bias]) as one 2-D convolution of
/// the depth taps stacked as channels (OnnxWindowOps.cpp); null, with an
/// error on `node`, when its shapes do not fit.
Value buildConv3D(NodeBuilder &b, OnnxConversion &c,
                  const onnx::NodeProto &node, const SlidingWindow &window,
                  ValueRange inputs, int64_t group);
/// MaxPool's Indices output for `x` (N x C x H x W, f32) pooled by
/// `window` into `pooled`; the spatial axes column-major for
/// `columnMajor` (OnnxMaxPoolIndices.cpp).
Value buildMaxPoolIndices(NodeBuilder &b, OnnxConversion &c,
                          const onnx::NodeProto &node, Value x,
                          const SlidingWindow &window, RankedTensorType pooled,
                          bool columnMajor);
/// MaxPool, or AveragePool when `average`.
LogicalResult convertPool(OnnxConversion &c, const onnx::NodeProto &node,
                          bool average);

// Contractions, elementwise compositions, casts (OnnxComputeOps.cpp).
LogicalResult convertGemm(OnnxConversion &c, const onnx::NodeProto &node);
/// Div, refusing a constant integer divisor that holds 0.
LogicalResult convertDiv(OnnxConversion &c, const onnx::NodeProto &node);
LogicalResult convertClip(OnnxConversion &c, const onnx::NodeProto &node);
LogicalResult convertCast(OnnxConversion &c, const onnx::NodeProto &node);
/// CastLike: a cast to the element type of input #1.
LogicalResult convertCastLike(OnnxConversion &c, const onnx::NodeProto &node);
/// BitShift as sic.shift_left or sic.shift_right on the values' compute type
/// (the wrap to the unsigned type follows).
LogicalResult convertBitShift(OnnxConversion &c, const onnx::NodeProto &node);
/// Dropout at inference: the input, and a mask of all true.
LogicalResult convertDropout(OnnxConversion &c, const onnx::NodeProto &node);
enum class VariadicKind { Sum, Mean, Max, Min };
/// Sum, Mean, Max, Min of 1 to N broadcasting inputs.
LogicalResult convertVariadic(OnnxConversion &c, const onnx::NodeProto &node,
                              VariadicKind kind);
/// PRelu: max(x, 0) + slope * min(x, 0).
LogicalResult convertPRelu(OnnxConversion &c, const onnx::NodeProto &node);
/// Pow, an integer exponent of a float base converted to f32.
LogicalResult convertPow(OnnxConversion &c, const onnx::NodeProto &node);
enum class ExponentialUnit { Elu, Selu, Celu };
/// Elu, Selu or Celu of `x` (gamma only for Selu).
Value buildExponentialUnit(NodeBuilder &b, Value x, ExponentialUnit unit,
                           float alpha, float gamma);
LogicalResult convertExponentialUnit(OnnxConversion &c,
                                     const onnx::NodeProto &node,
                                     ExponentialUnit unit);

// Normalizations (OnnxNormalizationOps.cpp).
LogicalResult convertBatchNorm(OnnxConversion &c, const onnx::NodeProto &node);
/// Softmax, or LogSoftmax when `logarithm`.
LogicalResult convertSoftmax(OnnxConversion &c, const onnx::NodeProto &node,
                             bool logarithm);
LogicalResult convertLayerNorm(OnnxConversion &c, const onnx::NodeProto &node);
/// The softmax of `x` over `axes`, or its logarithm, from reductions and
/// elementwise ops (null once `b` has failed).
Value buildSoftmax(NodeBuilder &b, Value x, ArrayRef<int64_t> axes,
                   bool logarithm);
/// MeanVarianceNormalization, as ONNX defines it.
LogicalResult convertMeanVarianceNorm(OnnxConversion &c,
                                      const onnx::NodeProto &node);
/// LRN: squares summed over a window of channels by padded slices.
LogicalResult convertLrn(OnnxConversion &c, const onnx::NodeProto &node);
/// InstanceNormalization: per sample and channel, over the spatial axes.
LogicalResult convertInstanceNorm(OnnxConversion &c,
                                  const onnx::NodeProto &node);

// Reductions (OnnxReductionOps.cpp).
/// The minimum of `x` over `axes`, as -reduce_max(-x) (f32 and f64).
Value buildReduceMin(NodeBuilder &b, Value x, ArrayRef<int64_t> axes,
                     bool keepdims);
enum class ReduceKind {
  Mean,
  Sum,
  Max,
  Min,
  Prod,
  SumSquare,
  L1,
  L2,
  LogSum,
  LogSumExp
};
LogicalResult convertReduce(OnnxConversion &c, const onnx::NodeProto &node,
                            ReduceKind kind);
/// TopK: top_k's indices, and a gather_elements of the values at them.
LogicalResult convertTopK(OnnxConversion &c, const onnx::NodeProto &node);
/// GlobalMaxPool: a reduce_max over the spatial axes.
LogicalResult convertGlobalMaxPool(OnnxConversion &c,
                                   const onnx::NodeProto &node);
/// ArgMax, ArgMin (`OpT`).
template <typename OpT>
LogicalResult convertArgReduce(OnnxConversion &c, const onnx::NodeProto &node);

// Shapes and data movement (OnnxDataMovementOps.cpp).
LogicalResult convertReshape(OnnxConversion &c, const onnx::NodeProto &node);
LogicalResult convertTranspose(OnnxConversion &c, const onnx::NodeProto &node);
LogicalResult convertConcat(OnnxConversion &c, const onnx::NodeProto &node);
LogicalResult convertSlice(OnnxConversion &c, const onnx::NodeProto &node);
/// Squeeze, or Unsqueeze when `unsqueeze`: axes moved from an attribute to
/// an input in opset 13.
LogicalResult convertSqueeze(OnnxConversion &c, const onnx::NodeProto &node,
                             bool unsqueeze);
LogicalResult convertFlatten(OnnxConversion &c, const onnx::NodeProto &node);
LogicalResult convertPad(OnnxConversion &c, const onnx::NodeProto &node);
/// Gather or GatherElements (`OpT`): data, indices and an axis.
template <typename OpT>
LogicalResult convertGather(OnnxConversion &c, const onnx::NodeProto &node) {
  if (failed(expectInputs(c, node, 2, 2)))
    return failure();
  FailureOr<int64_t> axis = c.getInt(node, "axis", 0);
  FailureOr<SmallVector<Value>> inputs = c.getPresentInputValues(node, 2);
  if (failed(axis) || failed(inputs))
    return failure();
  return c.emit<OpT>(node, *inputs, *axis);
}

/// GatherND: data, index tuples and batch_dims (from opset 12).
LogicalResult convertGatherND(OnnxConversion &c, const onnx::NodeProto &node);
/// ScatterElements (and Scatter, its name before opset 11), or ScatterND
/// unless `elements`: data, indices, updates and a reduction.
LogicalResult convertScatter(OnnxConversion &c, const onnx::NodeProto &node,
                             bool elements);

/// Split: slices of the input along an axis, one per output.
LogicalResult convertSplit(OnnxConversion &c, const onnx::NodeProto &node);
/// Trilu: a gather_elements of the input widened by a column of zeros.
LogicalResult convertTrilu(OnnxConversion &c, const onnx::NodeProto &node);
/// Expand: a product with a splat of ones of the output's shape.
LogicalResult convertExpand(OnnxConversion &c, const onnx::NodeProto &node);
/// Tile: one concat of copies per repeated axis.
LogicalResult convertTile(OnnxConversion &c, const onnx::NodeProto &node);
/// DepthToSpace (`toSpace`) or SpaceToDepth: reshape, transpose, reshape.
LogicalResult convertDepthSpace(OnnxConversion &c, const onnx::NodeProto &node,
                                bool toSpace);

// Losses with constant targets (OnnxLossOps.cpp).
LogicalResult convertNllLoss(OnnxConversion &c, const onnx::NodeProto &node);
LogicalResult convertSoftmaxCrossEntropy(OnnxConversion &c,
                                         const onnx::NodeProto &node);

/// Resize with constant scales or sizes (OnnxResize.cpp).
LogicalResult convertResize(OnnxConversion &c, const onnx::NodeProto &node);

// Operators known at compile time (OnnxConstantOps.cpp).
LogicalResult convertConstant(OnnxConversion &c, const onnx::NodeProto &node);
/// Shape: the input's static shape (start to end) as a constant.
LogicalResult convertShape(OnnxConversion &c, const onnx::NodeProto &node);
LogicalResult convertSize(OnnxConversion &c, const onnx::NodeProto &node);
LogicalResult convertConstantOfShape(OnnxConversion &c,
                                     const onnx::NodeProto &node);
/// Range, whose inputs must be constants.
LogicalResult convertRange(OnnxConversion &c, const onnx::NodeProto &node);
LogicalResult convertEyeLike(OnnxConversion &c, const onnx::NodeProto &node);
enum class WindowFunction { Hann, Hamming, Blackman };
/// HannWindow, HammingWindow, BlackmanWindow of a constant size.
LogicalResult convertWindow(OnnxConversion &c, const onnx::NodeProto &node,
                            WindowFunction function);

} // namespace mlir::sic

#endif // SIC_LIB_IMPORT_ONNXCONVERTERS_H
