//===- OnnxRecurrentOps.cpp - ONNX LSTM, GRU and RNN ----------------------===//
//
// The recurrent operators, unrolled over their time steps into sic ops,
// exactly as ONNX defines each cell: the input projections of all steps are
// one gemm (the contraction path), then each step multiplies the hidden
// state by the recurrence weights, adds, and applies the gate activations.
// Forward, reverse and bidirectional; layouts 0 and 1; initial states and
// every output; clip; every activation ONNX lists, with its alpha and beta;
// LSTM peepholes and input_forget; GRU's linear_before_reset. A
// sequence_lens input must fold to the full length for every batch entry.
// Unrolling bounds the steps (kMaxUnrolledSteps).
//
//===----------------------------------------------------------------------===//

#include "OnnxConverters.h"

#include "llvm/ADT/StringSwitch.h"

using namespace mlir;
using namespace mlir::sic;

namespace {

/// The most time steps a recurrence is unrolled over.
constexpr int64_t kMaxUnrolledSteps = 256;

/// A gate activation of a recurrent cell, with its parameters.
struct Activation {
  enum Kind {
    Relu,
    Tanh,
    Sigmoid,
    Affine,
    LeakyRelu,
    ThresholdedRelu,
    ScaledTanh,
    HardSigmoid,
    Elu,
    Softsign,
    Softplus,
  } kind;
  float alpha = 0.0f, beta = 0.0f;
};

/// What differs between LSTM, GRU and RNN.
struct CellInfo {
  /// Gates stacked in W, R and each half of B.
  int64_t gates;
  /// The activations of one direction, by default.
  SmallVector<Activation::Kind, 3> activations;
  /// Inputs the operator takes at most.
  int maxInputs;
};

CellInfo getCellInfo(RecurrentCell cell) {
  switch (cell) {
  case RecurrentCell::Lstm:
    return {4, {Activation::Sigmoid, Activation::Tanh, Activation::Tanh}, 8};
  case RecurrentCell::Gru:
    return {3, {Activation::Sigmoid, Activation::Tanh}, 6};
  case RecurrentCell::Rnn:
    return {1, {Activation::Tanh}, 6};
  }
  llvm_unreachable("unknown recurrent cell");
}

/// The activations of every direction, from the `activations`,
/// `activation_alpha` and `activation_beta` attributes: an activation with
/// parameters takes the next alpha (and beta) of the lists, or ONNX's
/// default when they run out.
FailureOr<SmallVector<Activation>> readActivations(OnnxConversion &c,
                                                   const onnx::NodeProto &node,
                                                   const CellInfo &info,
                                                   int64_t directions) {
  FailureOr<SmallVector<std::string, 4>> names =
      c.getStrings(node, "activations", SmallVector<std::string, 4>{});
  FailureOr<SmallVector<float, 4>> alphas =
      c.getFloats(node, "activation_alpha", SmallVector<float, 4>{});
  FailureOr<SmallVector<float, 4>> betas =
      c.getFloats(node, "activation_beta", SmallVector<float, 4>{});
  if (failed(names) || failed(alphas) || failed(betas))
    return failure();
  size_t expected = info.activations.size() * directions;
  SmallVector<Activation> activations;
  if (names->empty()) {
    for (int64_t d = 0; d < directions; ++d)
      for (Activation::Kind kind : info.activations)
        activations.push_back({kind});
    return activations;
  }
  if (names->size() != expected) {
    c.emitNodeError(node) << "attribute 'activations' has " << names->size()
                          << " names, expected " << expected << " ("
                          << info.activations.size() << " per direction)";
    return failure();
  }
  size_t nextAlpha = 0, nextBeta = 0;
  for (const std::string &name : *names) {
    std::optional<Activation::Kind> kind =
        llvm::StringSwitch<std::optional<Activation::Kind>>(
            StringRef(name).lower())
            .Case("relu", Activation::Relu)
            .Case("tanh", Activation::Tanh)
            .Case("sigmoid", Activation::Sigmoid)
            .Case("affine", Activation::Affine)
            .Case("leakyrelu", Activation::LeakyRelu)
            .Case("thresholdedrelu", Activation::ThresholdedRelu)
            .Case("scaledtanh", Activation::ScaledTanh)
            .Case("hardsigmoid", Activation::HardSigmoid)
            .Case("elu", Activation::Elu)
            .Case("softsign", Activation::Softsign)
            .Case("softplus", Activation::Softplus)
            .Default(std::nullopt);
    if (!kind) {
      c.emitNodeError(node) << "has an unknown activation '" << name << "'";
      return failure();
    }
    // ONNX's defaults for the parameters an activation takes.
    std::optional<float> alpha, beta;
    switch (*kind) {
    case Activation::Affine:
      alpha = 1.0f, beta = 0.0f;
      break;
    case Activation::LeakyRelu:
      alpha = 0.01f;
      break;
    case Activation::ThresholdedRelu:
    case Activation::Elu:
      alpha = 1.0f;
      break;
    case Activation::ScaledTanh:
      alpha = 1.0f, beta = 1.0f;
      break;
    case Activation::HardSigmoid:
      alpha = 0.2f, beta = 0.5f;
      break;
    default:
      break;
    }
    Activation activation{*kind};
    if (alpha)
      activation.alpha =
          nextAlpha < alphas->size() ? (*alphas)[nextAlpha++] : *alpha;
    if (beta)
      activation.beta = nextBeta < betas->size() ? (*betas)[nextBeta++] : *beta;
    activations.push_back(activation);
  }
  return activations;
}

Value activate(NodeBuilder &b, const Activation &a, Value x) {
  switch (a.kind) {
  case Activation::Relu:
    return b.create<ReluOp>(ValueRange{x});
  case Activation::Tanh:
    return b.create<TanhOp>(ValueRange{x});
  case Activation::Sigmoid:
    return b.create<SigmoidOp>(ValueRange{x});
  case Activation::Softsign:
    return b.create<SoftsignOp>(ValueRange{x});
  case Activation::Softplus:
    return b.create<SoftplusOp>(ValueRange{x});
  case Activation::LeakyRelu:
    return b.create<LeakyReluOp>(ValueRange{x}, APFloat(a.alpha));
  case Activation::HardSigmoid:
    return b.create<HardSigmoidOp>(ValueRange{x}, APFloat(a.alpha),
                                   APFloat(a.beta));
  case Activation::Affine:
    return b.create<AddOp>(ValueRange{
        b.create<MulOp>(ValueRange{x, b.scalar(a.alpha)}), b.scalar(a.beta)});
  case Activation::ScaledTanh:
    return b.create<MulOp>(
        ValueRange{b.create<TanhOp>(ValueRange{
                       b.create<MulOp>(ValueRange{x, b.scalar(a.beta)})}),
                   b.scalar(a.alpha)});
  case Activation::ThresholdedRelu:
    return buildThresholdedRelu(b, x, a.alpha);
  case Activation::Elu:
    return buildExponentialUnit(b, x, ExponentialUnit::Elu, a.alpha, 1.0f);
  }
  llvm_unreachable("unknown activation");
}

/// Everything a recurrence needs, read and checked from the node.
struct Recurrence {
  RecurrentCell cell;
  CellInfo info;
  int64_t steps, batch, inputSize, hidden, directions;
  bool reverse, batchMajor;
  std::optional<float> clip;
  bool inputForget = false, linearBeforeReset = false;
  SmallVector<Activation> activations;
};

/// The part [begin, end) of `x` along `axis`.
Value take(NodeBuilder &b, Value x, int64_t axis, int64_t begin, int64_t end) {
  return b.create<SliceOp>(ValueRange{x}, ArrayRef<int64_t>{begin},
                           ArrayRef<int64_t>{end}, ArrayRef<int64_t>{axis},
                           ArrayRef<int64_t>{1});
}

/// Entry `index` of the leading dimension of `x`, reshaped to `shape`.
Value entry(NodeBuilder &b, Value x, int64_t index, ArrayRef<int64_t> shape) {
  return b.create<ReshapeOp>(ValueRange{take(b, x, 0, index, index + 1)},
                             shape);
}

/// The pre-activation `x` bounded by the clip threshold, if there is one.
Value clipped(NodeBuilder &b, OnnxConversion &c, const Recurrence &r, Value x) {
  if (!r.clip)
    return x;
  return b.create<ClipOp>(ValueRange{x},
                          c.getBuilder().getF32FloatAttr(-*r.clip),
                          c.getBuilder().getF32FloatAttr(*r.clip));
}

/// x * w^T (+ bias): a [rows, k] matrix times the [n, k] weights.
Value project(NodeBuilder &b, Value x, Value w, Value bias) {
  SmallVector<Value, 3> operands = {x, w};
  if (bias)
    operands.push_back(bias);
  return b.create<GemmOp>(operands, APFloat(1.0f), APFloat(1.0f), false, true);
}

/// The states a direction ends with and the hidden state of every step.
struct DirectionResult {
  SmallVector<Value> hiddens; // by time step
  Value lastHidden, lastCell;
};

/// Runs direction `d` over all steps. `inputs` holds X as [S, B, I], W, R,
/// B, initial_h and initial_c as [D, B, H], and P (absent ones null).
DirectionResult runDirection(NodeBuilder &b, OnnxConversion &c,
                             const onnx::NodeProto &node, const Recurrence &r,
                             ArrayRef<Value> inputs, int64_t d, bool backward) {
  int64_t H = r.hidden, G = r.info.gates, B = r.batch, S = r.steps;
  Value x = inputs[0];
  Value w = entry(b, inputs[1], d, {G * H, r.inputSize});
  Value rec = entry(b, inputs[2], d, {G * H, H});
  Value wBias, rBias;
  if (inputs[3]) {
    Value biases = entry(b, inputs[3], d, {2 * G * H});
    wBias = take(b, biases, 0, 0, G * H);
    rBias = take(b, biases, 0, G * H, 2 * G * H);
  }
  auto zeros = [&] {
    auto type = RankedTensorType::get({B, H}, c.getBuilder().getF32Type());
    return c.createConstant(c.getConstantName(node),
                            DenseElementsAttr::get(type, 0.0f));
  };
  Value hidden = inputs[4] ? entry(b, inputs[4], d, {B, H}) : zeros();
  Value cell;
  if (r.cell == RecurrentCell::Lstm)
    cell = inputs[5] ? entry(b, inputs[5], d, {B, H}) : zeros();
  Value peepI, peepO, peepF;
  if (inputs[6]) {
    Value peepholes = entry(b, inputs[6], d, {3 * H});
    peepI = take(b, peepholes, 0, 0, H);
    peepO = take(b, peepholes, 0, H, 2 * H);
    peepF = take(b, peepholes, 0, 2 * H, 3 * H);
  }
  // GRU keeps the candidate gate's recurrence apart: it is scaled by the
  // reset gate, before or after the product.
  Value recZR, recH, rBiasZR, rBiasH;
  if (r.cell == RecurrentCell::Gru) {
    recZR = take(b, rec, 0, 0, 2 * H);
    recH = take(b, rec, 0, 2 * H, 3 * H);
    if (rBias) {
      rBiasZR = take(b, rBias, 0, 0, 2 * H);
      rBiasH = take(b, rBias, 0, 2 * H, 3 * H);
    }
  }
  ArrayRef<Activation> act =
      ArrayRef(r.activations).slice(d * r.info.activations.size());

  // Every step's input projection at once: [S * B, I] x [G * H, I]^T.
  Value projected = b.create<ReshapeOp>(
      ValueRange{
          project(b,
                  b.create<ReshapeOp>(ValueRange{x},
                                      ArrayRef<int64_t>{S * B, r.inputSize}),
                  w, wBias)},
      ArrayRef<int64_t>{S, B, G * H});

  DirectionResult result;
  result.hiddens.resize(S);
  for (int64_t i = 0; i < S; ++i) {
    int64_t t = backward ? S - 1 - i : i;
    Value xt = entry(b, projected, t, {B, G * H});
    switch (r.cell) {
    case RecurrentCell::Lstm: {
      Value gates =
          b.create<AddOp>(ValueRange{xt, project(b, hidden, rec, rBias)});
      Value in = take(b, gates, 1, 0, H), out = take(b, gates, 1, H, 2 * H);
      Value forget = take(b, gates, 1, 2 * H, 3 * H);
      Value candidate = take(b, gates, 1, 3 * H, 4 * H);
      if (peepI) {
        in = b.create<AddOp>(
            ValueRange{in, b.create<MulOp>(ValueRange{peepI, cell})});
        forget = b.create<AddOp>(
            ValueRange{forget, b.create<MulOp>(ValueRange{peepF, cell})});
      }
      in = activate(b, act[0], clipped(b, c, r, in));
      forget = r.inputForget ? b.create<SubOp>(ValueRange{b.scalar(1.0f), in})
                             : activate(b, act[0], clipped(b, c, r, forget));
      candidate = activate(b, act[1], clipped(b, c, r, candidate));
      cell = b.create<AddOp>(
          ValueRange{b.create<MulOp>(ValueRange{forget, cell}),
                     b.create<MulOp>(ValueRange{in, candidate})});
      if (peepO)
        out = b.create<AddOp>(
            ValueRange{out, b.create<MulOp>(ValueRange{peepO, cell})});
      out = activate(b, act[0], clipped(b, c, r, out));
      hidden = b.create<MulOp>(ValueRange{out, activate(b, act[2], cell)});
      break;
    }
    case RecurrentCell::Gru: {
      Value zr = b.create<AddOp>(ValueRange{
          take(b, xt, 1, 0, 2 * H), project(b, hidden, recZR, rBiasZR)});
      Value update =
          activate(b, act[0], clipped(b, c, r, take(b, zr, 1, 0, H)));
      Value reset =
          activate(b, act[0], clipped(b, c, r, take(b, zr, 1, H, 2 * H)));
      Value recurrent =
          r.linearBeforeReset
              ? b.create<MulOp>(
                    ValueRange{reset, project(b, hidden, recH, rBiasH)})
              : project(b, b.create<MulOp>(ValueRange{reset, hidden}), recH,
                        rBiasH);
      Value candidate =
          activate(b, act[1],
                   clipped(b, c, r,
                           b.create<AddOp>(ValueRange{
                               take(b, xt, 1, 2 * H, 3 * H), recurrent})));
      hidden = b.create<AddOp>(ValueRange{
          b.create<MulOp>(ValueRange{
              b.create<SubOp>(ValueRange{b.scalar(1.0f), update}), candidate}),
          b.create<MulOp>(ValueRange{update, hidden})});
      break;
    }
    case RecurrentCell::Rnn:
      hidden = activate(b, act[0],
                        clipped(b, c, r,
                                b.create<AddOp>(ValueRange{
                                    xt, project(b, hidden, rec, rBias)})));
      break;
    }
    result.hiddens[t] = hidden;
  }
  result.lastHidden = hidden;
  result.lastCell = cell;
  return result;
}

/// Reads the node's attributes and input shapes into `r`.
LogicalResult readRecurrence(OnnxConversion &c, const onnx::NodeProto &node,
                             Recurrence &r) {
  FailureOr<std::string> direction = c.getString(node, "direction", "forward");
  FailureOr<int64_t> layout = c.getInt(node, "layout", 0);
  if (failed(direction) || failed(layout))
    return failure();
  if (*direction != "forward" && *direction != "reverse" &&
      *direction != "bidirectional") {
    c.emitNodeError(node) << "attribute 'direction' must be forward, reverse "
                             "or bidirectional, got '"
                          << *direction << "'";
    return failure();
  }
  if (*layout != 0 && *layout != 1) {
    c.emitNodeError(node) << "attribute 'layout' must be 0 or 1, got "
                          << *layout;
    return failure();
  }
  r.directions = *direction == "bidirectional" ? 2 : 1;
  r.reverse = *direction == "reverse";
  r.batchMajor = *layout == 1;
  if (c.hasAttribute(node, "clip")) {
    FailureOr<float> clip = c.getFloat(node, "clip");
    if (failed(clip))
      return failure();
    if (!(*clip > 0.0f)) {
      c.emitNodeError(node)
          << "attribute 'clip' must be positive, got " << formatNumber(*clip);
      return failure();
    }
    r.clip = *clip;
  }
  if (r.cell == RecurrentCell::Lstm) {
    FailureOr<int64_t> inputForget = c.getInt(node, "input_forget", 0);
    if (failed(inputForget))
      return failure();
    r.inputForget = *inputForget != 0;
  }
  if (r.cell == RecurrentCell::Gru) {
    FailureOr<int64_t> linear = c.getInt(node, "linear_before_reset", 0);
    if (failed(linear))
      return failure();
    r.linearBeforeReset = *linear != 0;
  }
  FailureOr<SmallVector<Activation>> activations =
      readActivations(c, node, r.info, r.directions);
  if (failed(activations))
    return failure();
  r.activations = std::move(*activations);

  FailureOr<ArrayRef<int64_t>> x = c.getInputShape(node, 0);
  FailureOr<ArrayRef<int64_t>> w = c.getInputShape(node, 1);
  FailureOr<ArrayRef<int64_t>> rec = c.getInputShape(node, 2);
  if (failed(x) || failed(w) || failed(rec))
    return failure();
  if (x->size() != 3 || w->size() != 3 || rec->size() != 3) {
    c.emitNodeError(node) << "expects X, W and R of rank 3, got ranks "
                          << x->size() << ", " << w->size() << " and "
                          << rec->size();
    return failure();
  }
  r.steps = (*x)[r.batchMajor ? 1 : 0];
  r.batch = (*x)[r.batchMajor ? 0 : 1];
  r.inputSize = (*x)[2];
  r.hidden = (*rec)[2];
  FailureOr<int64_t> hiddenSize = c.getInt(node, "hidden_size", r.hidden);
  if (failed(hiddenSize))
    return failure();
  int64_t G = r.info.gates;
  SmallVector<int64_t, 3> wantW = {r.directions, G * r.hidden, r.inputSize};
  SmallVector<int64_t, 3> wantR = {r.directions, G * r.hidden, r.hidden};
  if (*hiddenSize != r.hidden || ArrayRef(wantW) != *w ||
      ArrayRef(wantR) != *rec) {
    c.emitNodeError(node) << "expects W of shape [" << r.directions << ", " << G
                          << " * " << *hiddenSize << ", " << r.inputSize
                          << "] and R of shape [" << r.directions << ", " << G
                          << " * " << *hiddenSize << ", " << *hiddenSize
                          << "] (" << r.directions << " direction"
                          << (r.directions == 1 ? "" : "s") << ", " << G
                          << " gate" << (G == 1 ? "" : "s") << ", hidden_size "
                          << *hiddenSize << "), got [" << *w << "] and ["
                          << *rec << "]";
    return failure();
  }
  if (r.steps < 1 || r.steps > kMaxUnrolledSteps) {
    c.emitNodeError(node) << "runs " << r.steps
                          << " time steps: SIC unrolls a recurrence over 1 "
                             "to "
                          << kMaxUnrolledSteps << " steps";
    return failure();
  }
  return success();
}

/// Checks that an optional input, when present, has shape `expected`.
LogicalResult checkOptionalShape(OnnxConversion &c, const onnx::NodeProto &node,
                                 int index, StringRef what,
                                 ArrayRef<int64_t> expected) {
  if (c.getInput(node, index).empty())
    return success();
  FailureOr<ArrayRef<int64_t>> shape = c.getInputShape(node, index);
  if (failed(shape))
    return failure();
  if (*shape == expected)
    return success();
  c.emitNodeError(node) << "expects " << what << " of shape [" << expected
                        << "], got [" << *shape << "]";
  return failure();
}

} // namespace

LogicalResult mlir::sic::convertRecurrent(OnnxConversion &c,
                                          const onnx::NodeProto &node,
                                          RecurrentCell cell) {
  Recurrence r{cell, getCellInfo(cell)};
  if (failed(expectInputs(c, node, 3, r.info.maxInputs)) ||
      failed(readRecurrence(c, node, r)))
    return failure();
  int64_t D = r.directions, B = r.batch, H = r.hidden;
  SmallVector<int64_t, 3> stateShape = r.batchMajor
                                           ? SmallVector<int64_t, 3>{B, D, H}
                                           : SmallVector<int64_t, 3>{D, B, H};
  if (failed(checkOptionalShape(c, node, 3, "B", {D, 2 * r.info.gates * H})) ||
      failed(checkOptionalShape(c, node, 4, "sequence_lens", {B})) ||
      failed(checkOptionalShape(c, node, 5, "initial_h", stateShape)) ||
      (cell == RecurrentCell::Lstm &&
       (failed(checkOptionalShape(c, node, 6, "initial_c", stateShape)) ||
        failed(checkOptionalShape(c, node, 7, "P", {D, 3 * H})))))
    return failure();
  // Every batch entry must run the whole sequence.
  if (!c.getInput(node, 4).empty()) {
    FailureOr<SmallVector<int64_t, 4>> lengths = c.getConstantInts(node, 4);
    if (failed(lengths))
      return failure();
    for (auto [index, length] : llvm::enumerate(*lengths))
      if (length != r.steps) {
        c.emitNodeError(node)
            << "sequence_lens gives batch entry " << index << " " << length
            << " steps of " << r.steps
            << ": SIC runs every entry over the whole sequence";
        return failure();
      }
  }

  NodeBuilder b(c, node);
  auto optional = [&](int index) -> FailureOr<Value> {
    if (index >= node.input_size() || c.getInput(node, index).empty())
      return Value();
    return c.getInputValue(node, index);
  };
  // inputs: X, W, R, B, initial_h, initial_c, P; batch-major ones moved to
  // time-major.
  SmallVector<Value, 7> inputs;
  for (int index : {0, 1, 2, 3, 5, 6, 7}) {
    FailureOr<Value> value = optional(index);
    if (failed(value))
      return failure();
    inputs.push_back(*value);
  }
  if (r.batchMajor) {
    SmallVector<int64_t, 3> swap = {1, 0, 2};
    for (int position : {0, 4, 5})
      if (inputs[position])
        inputs[position] =
            b.create<TransposeOp>(ValueRange{inputs[position]}, swap);
  }

  SmallVector<Value, 2> ys, hiddens, cells;
  for (int64_t d = 0; d < D; ++d) {
    DirectionResult result =
        runDirection(b, c, node, r, inputs, d, r.reverse || d == 1);
    SmallVector<Value> steps;
    for (Value hidden : result.hiddens)
      steps.push_back(b.create<ReshapeOp>(ValueRange{hidden},
                                          ArrayRef<int64_t>{1, 1, B, H}));
    ys.push_back(steps.size() == 1 ? steps.front()
                                   : b.create<ConcatOp>(steps, int64_t(0)));
    hiddens.push_back(b.create<ReshapeOp>(ValueRange{result.lastHidden},
                                          ArrayRef<int64_t>{1, B, H}));
    if (result.lastCell)
      cells.push_back(b.create<ReshapeOp>(ValueRange{result.lastCell},
                                          ArrayRef<int64_t>{1, B, H}));
  }
  auto join = [&](ArrayRef<Value> parts, int64_t axis) {
    return parts.size() == 1 ? parts.front()
                             : b.create<ConcatOp>(ValueRange(parts), axis);
  };
  // Y [S, D, B, H], Y_h and Y_c [D, B, H]; batch-major: [B, S, D, H] and
  // [B, D, H].
  Value y = join(ys, 1), lastHidden = join(hiddens, 0);
  Value lastCell = cells.empty() ? Value() : join(cells, 0);
  if (r.batchMajor) {
    y = b.create<TransposeOp>(ValueRange{y}, ArrayRef<int64_t>{2, 0, 1, 3});
    lastHidden = b.create<TransposeOp>(ValueRange{lastHidden},
                                       ArrayRef<int64_t>{1, 0, 2});
    if (lastCell)
      lastCell = b.create<TransposeOp>(ValueRange{lastCell},
                                       ArrayRef<int64_t>{1, 0, 2});
  }
  SmallVector<Value, 3> outputs = {y, lastHidden};
  if (lastCell)
    outputs.push_back(lastCell);
  return b.bind(outputs);
}
