//===- OnnxConvTranspose.cpp - ONNX ConvTranspose as a convolution --------===//
//
// ConvTranspose as the convolution it equals, exactly: the input with
// stride - 1 zeros stuffed between its elements, padded by
// dilation * (kernel - 1) - pad on each side (cropped where that is
// negative) and output_padding more at the end, convolved at stride 1 and
// the same dilation with the filter flipped in space and its two channel
// axes swapped within each group. A constant filter (the usual case) folds
// to the swapped one when the graph is built. A 1-D ConvTranspose runs as a
// 2-D one of height 1, like Conv; a 3-D one as that 3-D convolution (the
// depth taps stacked as channels, like Conv), always in the stuffed form.
//
// With a stride above 1 and unit dilations, three quarters (at stride 2)
// of that convolution's products would be with stuffed zeros; it runs as
// its sub-pixel form instead, as exact: output position o = q * s + r
// (phase r) sums x[q - t] * W[r + t * s] over t < T = ceil(kernel / s),
// so one stride-1 convolution of the input padded by T - 1 before,
// whose filter holds every phase's taps as output channels (groups
// outermost), computes all phases; its output channels are then
// interleaved into space (depth to space) and the pads cropped.
//
// output_shape and SAME_* auto_pad resolve the pads from the total padding
// `total` = stride * (in - 1) + output_padding + dilation * (kernel - 1) +
// 1 - out, out being output_shape or in * stride: SAME_UPPER puts
// floor(total / 2) at the beginning, the others floor(total / 2) at the
// end, and a negative total (output_shape larger than the full output)
// adds zeros at the end, as ONNX's reference does.
//
//===----------------------------------------------------------------------===//

#include "OnnxConverters.h"

#include "llvm/Support/CheckedArithmetic.h"

#include <limits>

using namespace mlir;
using namespace mlir::sic;

namespace {

/// The attributes of a ConvTranspose along its spatial axes, in ONNX's
/// order; `pads` is all begins, then all ends.
struct TransposedWindow {
  SmallVector<int64_t, 4> strides, dilations, outputPadding, pads;
  int64_t group = 1;
};

/// floor(value / 2).
int64_t floorHalf(int64_t value) {
  return value >= 0 ? value / 2 : -((-value + 1) / 2);
}

/// Reads and checks the attributes against the input and filter shapes,
/// resolving auto_pad and output_shape into pads.
FailureOr<TransposedWindow> readWindow(OnnxConversion &c,
                                       const onnx::NodeProto &node,
                                       ArrayRef<int64_t> input,
                                       ArrayRef<int64_t> filter) {
  size_t spatial = input.size() - 2;
  SmallVector<int64_t, 4> ones(spatial, 1), zeros(spatial, 0);
  SmallVector<int64_t, 4> kernel(filter.drop_front(2));
  FailureOr<SmallVector<int64_t, 4>> kernelShape =
      c.getInts(node, "kernel_shape", kernel);
  FailureOr<SmallVector<int64_t, 4>> strides = c.getInts(node, "strides", ones);
  FailureOr<SmallVector<int64_t, 4>> dilations =
      c.getInts(node, "dilations", ones);
  FailureOr<SmallVector<int64_t, 4>> outputPadding =
      c.getInts(node, "output_padding", zeros);
  FailureOr<SmallVector<int64_t, 4>> pads =
      c.getInts(node, "pads", SmallVector<int64_t, 4>(2 * spatial, 0));
  std::optional<SmallVector<int64_t, 4>> outputShape;
  if (c.hasAttribute(node, "output_shape")) {
    FailureOr<SmallVector<int64_t, 4>> shape = c.getInts(node, "output_shape");
    if (failed(shape))
      return failure();
    outputShape = *shape;
  }
  FailureOr<std::string> autoPad = c.getString(node, "auto_pad", "NOTSET");
  FailureOr<int64_t> group = c.getInt(node, "group", 1);
  if (failed(kernelShape) || failed(strides) || failed(dilations) ||
      failed(outputPadding) || failed(pads) || failed(autoPad) || failed(group))
    return failure();

  auto refuse = [&](StringRef attribute, ArrayRef<int64_t> values,
                    const Twine &expected) {
    InFlightDiagnostic diag = c.emitNodeError(node);
    diag << "has " << attribute << " [";
    llvm::interleaveComma(values, diag);
    diag << "]; expects " << expected;
    return failure();
  };
  std::string count = std::to_string(spatial);
  if (*kernelShape != kernel) {
    std::string filterKernel;
    llvm::raw_string_ostream os(filterKernel);
    llvm::interleaveComma(kernel, os);
    return refuse("kernel_shape", *kernelShape,
                  "the filter's spatial shape [" + filterKernel + "]");
  }
  auto positive = [](int64_t v) { return v >= 1; };
  if (strides->size() != spatial || !llvm::all_of(*strides, positive))
    return refuse("strides", *strides, count + " values >= 1");
  if (dilations->size() != spatial || !llvm::all_of(*dilations, positive))
    return refuse("dilations", *dilations, count + " values >= 1");
  if (outputPadding->size() != spatial ||
      llvm::any_of(*outputPadding, [](int64_t v) { return v < 0; }))
    return refuse("output_padding", *outputPadding, count + " values >= 0");
  if (pads->size() != 2 * spatial)
    return refuse("pads", *pads, std::to_string(2 * spatial) + " values");
  if (outputShape && outputShape->size() == spatial + 2)
    outputShape->erase(outputShape->begin(), outputShape->begin() + 2);
  if (outputShape &&
      (outputShape->size() != spatial || !llvm::all_of(*outputShape, positive)))
    return refuse("output_shape", *outputShape,
                  count + " spatial sizes >= 1 (or " +
                      std::to_string(spatial + 2) + " with N and C)");
  if (*autoPad != "NOTSET" && *autoPad != "VALID" && *autoPad != "SAME_UPPER" &&
      *autoPad != "SAME_LOWER") {
    c.emitNodeError(node) << "unknown auto_pad '" << *autoPad << "'";
    return failure();
  }
  if (*group < 1 || filter[0] != input[1] || input[1] % *group != 0) {
    c.emitNodeError(node) << "expects a filter [C, M / group, ...] whose C ("
                          << filter[0] << ") is the input's channels ("
                          << input[1] << ") and a multiple of group (" << *group
                          << ")";
    return failure();
  }

  TransposedWindow window{*strides, *dilations, *outputPadding, *pads, *group};
  bool resolves =
      outputShape || *autoPad == "SAME_UPPER" || *autoPad == "SAME_LOWER";
  for (size_t i = 0; i < spatial; ++i) {
    // full = stride * (in - 1) + output_padding + dilation * (kernel - 1)
    // + 1, the output without pads; overflow-checked.
    std::optional<int64_t> full =
        llvm::checkedMul((*strides)[i], input[2 + i] - 1);
    std::optional<int64_t> span =
        llvm::checkedMul((*dilations)[i], kernel[i] - 1);
    if (full && span)
      full = llvm::checkedAdd(*full, *span);
    if (full)
      full = llvm::checkedAdd(*full, (*outputPadding)[i]);
    if (full)
      full = llvm::checkedAdd(*full, int64_t(1));
    // in * stride is also the size of the zero-stuffed input.
    std::optional<int64_t> stuffed =
        llvm::checkedMul(input[2 + i], (*strides)[i]);
    std::optional<int64_t> target =
        outputShape ? std::optional<int64_t>((*outputShape)[i]) : stuffed;
    if (input[2 + i] < 1 || kernel[i] < 1 || !full || !stuffed) {
      c.emitNodeError(node) << "has a window along spatial axis " << i
                            << " whose output size SIC cannot compute "
                               "(an empty input or filter, or an overflow)";
      return failure();
    }
    int64_t &begin = window.pads[i], &end = window.pads[spatial + i];
    if (*autoPad == "VALID") {
      begin = end = 0;
    } else if (resolves) {
      int64_t total = *full - *target;
      begin = *autoPad == "SAME_UPPER" ? floorHalf(total)
                                       : total - floorHalf(total);
      end = total - begin;
    }
    // Pads beyond the full output would crop away or add nothing but
    // zeros; within it, the arithmetic below cannot overflow.
    auto outside = [&](int64_t pad) { return pad < -*full || pad > *full; };
    if (outside(begin) || outside(end)) {
      c.emitNodeError(node)
          << "has pads " << begin << " and " << end << " along spatial axis "
          << i << ", beyond the full output's size " << *full;
      return failure();
    }
    if (*full - begin - end < 1) {
      c.emitNodeError(node)
          << "has pads " << begin << " and " << end << " along spatial axis "
          << i << ", which leave an output of size " << *full - begin - end;
      return failure();
    }
  }
  return window;
}

/// `values` with `value` inserted in front: a 1-D window's attribute as a
/// 2-D one's.
SmallVector<int64_t, 4> lift(ArrayRef<int64_t> values, int64_t value) {
  SmallVector<int64_t, 4> lifted(values);
  lifted.insert(lifted.begin(), value);
  return lifted;
}

/// The convolution's filter: W [C, M / G, k...] with its channel axes
/// swapped within each of the G groups, [M, C / G, k...], flipped in every
/// spatial axis.
Value buildFlippedFilter(NodeBuilder &b, Value filter, int64_t group) {
  ArrayRef<int64_t> shape = cast<RankedTensorType>(filter.getType()).getShape();
  int64_t rank = shape.size();
  SmallVector<int64_t, 8> grouped = {group, shape[0] / group};
  llvm::append_range(grouped, shape.drop_front());
  // [G, C / G, M / G, k...] to [G, M / G, C / G, k...].
  SmallVector<int64_t, 8> order = {0, 2, 1};
  llvm::append_range(order, llvm::seq<int64_t>(3, rank + 1));
  Value transposed = b.create<TransposeOp>(
      ValueRange{b.create<ReshapeOp>(ValueRange{filter}, grouped)}, order);
  SmallVector<int64_t, 8> swapped = {group * shape[1], shape[0] / group};
  llvm::append_range(swapped, shape.drop_front(2));
  Value result = b.create<ReshapeOp>(ValueRange{transposed}, swapped);
  SmallVector<int64_t, 4> starts(rank - 2, -1), axes, steps(rank - 2, -1);
  SmallVector<int64_t, 4> ends(rank - 2, std::numeric_limits<int64_t>::min());
  llvm::append_range(axes, llvm::seq<int64_t>(2, rank));
  return b.create<SliceOp>(ValueRange{result}, starts, ends, axes, steps);
}

/// The sub-pixel form's filter: W [C, M / G, kH, kW] zero-padded to
/// [C, M / G, T_h * s_h, T_w * s_w], as [G, C / G, M / G, T_h, s_h, T_w,
/// s_w] with both T axes reversed, transposed to [G, s_h, s_w, M / G,
/// C / G, T_h, T_w]: output channel (g, r_h, r_w, m) holds, at tap u,
/// W[.., m, r + (T - 1 - u) * s].
Value buildPhaseFilter(NodeBuilder &b, Value filter, int64_t group,
                       ArrayRef<int64_t> taps, ArrayRef<int64_t> strides) {
  ArrayRef<int64_t> shape = cast<RankedTensorType>(filter.getType()).getShape();
  int64_t perGroup = shape[0] / group;
  Value padded = b.create<PadOp>(
      ValueRange{filter},
      ArrayRef<int64_t>{0, 0, 0, 0, 0, 0, taps[0] * strides[0] - shape[2],
                        taps[1] * strides[1] - shape[3]},
      PadMode::constant, APFloat(0.0f));
  Value split = b.create<ReshapeOp>(
      ValueRange{padded}, ArrayRef<int64_t>{group, perGroup, shape[1], taps[0],
                                            strides[0], taps[1], strides[1]});
  int64_t before = std::numeric_limits<int64_t>::min();
  Value reversed =
      b.create<SliceOp>(ValueRange{split}, ArrayRef<int64_t>{-1, -1},
                        ArrayRef<int64_t>{before, before},
                        ArrayRef<int64_t>{3, 5}, ArrayRef<int64_t>{-1, -1});
  Value phases = b.create<TransposeOp>(ValueRange{reversed},
                                       ArrayRef<int64_t>{0, 4, 6, 2, 1, 3, 5});
  return b.create<ReshapeOp>(
      ValueRange{phases},
      ArrayRef<int64_t>{group * strides[0] * strides[1] * shape[1], perGroup,
                        taps[0], taps[1]});
}

/// The bias [M] repeated for each phase within its group: [G, s_h * s_w,
/// M / G] flattened.
Value buildPhaseBias(NodeBuilder &b, Value bias, int64_t group,
                     int64_t phases) {
  int64_t channels = cast<RankedTensorType>(bias.getType()).getDimSize(0);
  Value grouped = b.create<ReshapeOp>(
      ValueRange{bias}, ArrayRef<int64_t>{group, 1, channels / group});
  Value repeated =
      b.create<ConcatOp>(SmallVector<Value, 4>(phases, grouped), int64_t(1));
  return b.create<ReshapeOp>(ValueRange{repeated},
                             ArrayRef<int64_t>{channels * phases});
}

/// The lifted 2-D ConvTranspose in its sub-pixel form, or null when it has
/// a dilation, no stride or a negative begin pad (the stuffed form then).
Value buildSubPixel(NodeBuilder &b, Value x, Value w, Value bias,
                    const TransposedWindow &win, ArrayRef<int64_t> kernel) {
  ArrayRef<int64_t> shape = cast<RankedTensorType>(x.getType()).getShape();
  ArrayRef<int64_t> filter = cast<RankedTensorType>(w.getType()).getShape();
  if (llvm::all_of(win.strides, [](int64_t s) { return s == 1; }) ||
      llvm::any_of(win.dilations, [](int64_t d) { return d != 1; }) ||
      win.pads[0] < 0 || win.pads[1] < 0)
    return {};
  SmallVector<int64_t, 2> taps, rows, ends;
  SmallVector<int64_t, 4> pads;
  for (int i = 0; i < 2; ++i) {
    int64_t s = win.strides[i], in = shape[2 + i];
    int64_t full = s * (in - 1) + kernel[i] + win.outputPadding[i];
    // The output is [begin, end) of the phases' interleaved rows.
    int64_t end = full - win.pads[2 + i];
    taps.push_back((kernel[i] + s - 1) / s);
    rows.push_back(std::max((end + s - 1) / s, in));
    ends.push_back(end);
  }
  // The phases' rows are computed in whole vectors (16 floats) or a power
  // of two: register tiles of other widths run several times slower, and
  // the extra columns are cropped with the pads.
  rows[1] = rows[1] <= 16 ? int64_t(llvm::PowerOf2Ceil(rows[1]))
                          : llvm::alignTo(rows[1], 16);
  pads = {taps[0] - 1, taps[1] - 1, rows[0] - shape[2], rows[1] - shape[3]};
  SmallVector<Value, 3> operands{
      x, buildPhaseFilter(b, w, win.group, taps, win.strides)};
  int64_t phases = win.strides[0] * win.strides[1];
  if (bias)
    operands.push_back(buildPhaseBias(b, bias, win.group, phases));
  Value y = b.create<Conv2DOp>(ValueRange(operands), ArrayRef<int64_t>{1, 1},
                               ArrayRef<int64_t>(pads), ArrayRef<int64_t>{1, 1},
                               win.group);
  // [N, G * s_h * s_w * M / G, Q_h, Q_w] as [N, G, M / G, Q_h, s_h, Q_w,
  // s_w]: each phase's output in its place.
  int64_t perGroup = filter[1];
  Value split = b.create<ReshapeOp>(
      ValueRange{y},
      ArrayRef<int64_t>{shape[0], win.group, win.strides[0], win.strides[1],
                        perGroup, rows[0], rows[1]});
  Value interleaved = b.create<TransposeOp>(
      ValueRange{split}, ArrayRef<int64_t>{0, 1, 4, 5, 2, 6, 3});
  Value merged = b.create<ReshapeOp>(
      ValueRange{interleaved},
      ArrayRef<int64_t>{shape[0], win.group * perGroup,
                        rows[0] * win.strides[0], rows[1] * win.strides[1]});
  if (win.pads[0] == 0 && win.pads[1] == 0 &&
      ends[0] == rows[0] * win.strides[0] &&
      ends[1] == rows[1] * win.strides[1])
    return merged;
  return b.create<SliceOp>(ValueRange{merged},
                           ArrayRef<int64_t>{win.pads[0], win.pads[1]},
                           ArrayRef<int64_t>(ends), ArrayRef<int64_t>{2, 3},
                           ArrayRef<int64_t>{1, 1});
}

} // namespace

LogicalResult mlir::sic::convertConvTranspose(OnnxConversion &c,
                                              const onnx::NodeProto &node) {
  if (failed(expectInputs(c, node, 2, 3)))
    return failure();
  FailureOr<ArrayRef<int64_t>> input = c.getInputShape(node, 0);
  FailureOr<ArrayRef<int64_t>> filter = c.getInputShape(node, 1);
  FailureOr<SmallVector<Value>> inputs = c.getPresentInputValues(node, 3);
  if (failed(input) || failed(filter) || failed(inputs) ||
      failed(checkWindowRank(c, node, input->size())))
    return failure();
  if (filter->size() != input->size()) {
    c.emitNodeError(node) << "expects a rank-" << input->size()
                          << " filter [C, M / group, kernel...], got rank "
                          << filter->size();
    return failure();
  }
  FailureOr<TransposedWindow> window = readWindow(c, node, *input, *filter);
  if (failed(window))
    return failure();

  NodeBuilder b(c, node);
  bool lifted = input->size() == 3;
  Value x = (*inputs)[0], w = (*inputs)[1];
  TransposedWindow win = *window;
  SmallVector<int64_t, 4> kernel(filter->drop_front(2));
  if (lifted) {
    x = liftWindowInput(b, x);
    w = liftWindowInput(b, w);
    win.strides = lift(win.strides, 1);
    win.dilations = lift(win.dilations, 1);
    win.outputPadding = lift(win.outputPadding, 0);
    win.pads = {0, win.pads[0], 0, win.pads[1]};
    kernel = lift(kernel, 1);
  }

  Value bias = inputs->size() == 3 ? (*inputs)[2] : Value();
  if (input->size() != 5)
    if (Value y = buildSubPixel(b, x, w, bias, win, kernel))
      return b.bind(lifted ? lowerWindowOutput(b, y) : y);

  // Zero stuffing: [N, C, H, W] to [N, C, H, 1, W, 1], padded to
  // [N, C, H, sH, W, sW] and merged to [N, C, H * sH, W * sW] (and alike
  // with a depth): s - 1 zeros after each element, the last s - 1 of which
  // the padding below crops.
  ArrayRef<int64_t> shape = cast<RankedTensorType>(x.getType()).getShape();
  size_t spatial = shape.size() - 2;
  if (llvm::any_of(win.strides, [](int64_t s) { return s > 1; })) {
    SmallVector<int64_t, 8> split(shape.take_front(2)), merged(split);
    SmallVector<int64_t, 16> stuffing(2 * (2 + 2 * spatial), 0);
    for (size_t i = 0; i < spatial; ++i) {
      split.append({shape[2 + i], 1});
      merged.push_back(shape[2 + i] * win.strides[i]);
      stuffing[2 + 2 * spatial + 2 + 2 * i + 1] = win.strides[i] - 1;
    }
    Value stuffed = b.create<PadOp>(
        ValueRange{b.create<ReshapeOp>(ValueRange{x}, split)},
        ArrayRef<int64_t>(stuffing), PadMode::constant, APFloat(0.0f));
    x = b.create<ReshapeOp>(ValueRange{stuffed}, merged);
  }
  SmallVector<int64_t, 10> pads(2 * (2 + spatial), 0);
  for (size_t i = 0; i < spatial; ++i) {
    int64_t reach = win.dilations[i] * (kernel[i] - 1);
    pads[2 + i] = reach - win.pads[i];
    pads[2 + spatial + 2 + i] = reach - win.pads[spatial + i] +
                                win.outputPadding[i] - (win.strides[i] - 1);
  }
  if (llvm::any_of(pads, [](int64_t pad) { return pad != 0; }))
    x = b.create<PadOp>(ValueRange{x}, ArrayRef<int64_t>(pads),
                        PadMode::constant, APFloat(0.0f));

  SmallVector<Value, 3> operands{x, buildFlippedFilter(b, w, win.group)};
  if (bias)
    operands.push_back(bias);
  if (spatial == 3) {
    SlidingWindow unit{kernel, SmallVector<int64_t, 4>(3, 1),
                       SmallVector<int64_t, 4>(6, 0), win.dilations, false};
    Value y = buildConv3D(b, c, node, unit, operands, win.group);
    return y ? b.bind(y) : failure();
  }
  Value y = b.create<Conv2DOp>(ValueRange(operands), ArrayRef<int64_t>{1, 1},
                               ArrayRef<int64_t>{0, 0, 0, 0},
                               ArrayRef<int64_t>(win.dilations), win.group);
  return b.bind(lifted ? lowerWindowOutput(b, y) : y);
}
