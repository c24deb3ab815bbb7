//===- OnnxRecurrentOps.cpp - ONNX LSTM, GRU and RNN ----------------------===//
//
// The recurrent operators as sic.recurrence, which runs the steps as a loop:
// the input projections of all steps are one gemm per direction (the
// contraction path), the op takes them with R transposed (folded at import
// when R is a constant), R's bias and the initial states; Y_h and Y_c are
// slices of its output. Forward, reverse and bidirectional; layouts 0 and 1;
// initial states and every output; clip; every activation ONNX lists, with its
// alpha and beta; LSTM peepholes and input_forget; GRU's linear_before_reset. A
// sequence_lens input must fold to the full length for every batch entry.
//
//===----------------------------------------------------------------------===//

#include "OnnxConverters.h"

#include "llvm/ADT/StringSwitch.h"

using namespace mlir;
using namespace mlir::sic;

namespace {

/// What differs between LSTM, GRU and RNN.
struct CellInfo {
  /// The activations of one direction, by default.
  SmallVector<Activation, 3> activations;
  /// Inputs the operator takes at most.
  int maxInputs;
};

CellInfo getCellInfo(RecurrentCell cell) {
  switch (cell) {
  case RecurrentCell::lstm:
    return {{Activation::sigmoid, Activation::tanh, Activation::tanh}, 8};
  case RecurrentCell::gru:
    return {{Activation::sigmoid, Activation::tanh}, 6};
  case RecurrentCell::rnn:
    return {{Activation::tanh}, 6};
  }
  llvm_unreachable("unknown recurrent cell");
}

/// The activations of every direction, from the `activations`,
/// `activation_alpha` and `activation_beta` attributes: an activation with
/// parameters takes the next alpha (and beta) of the lists, or ONNX's
/// default when they run out.
FailureOr<SmallVector<GateActivation>>
readActivations(OnnxConversion &c, const onnx::NodeProto &node,
                const CellInfo &info, int64_t directions) {
  FailureOr<SmallVector<std::string, 4>> names =
      c.getStrings(node, "activations", SmallVector<std::string, 4>{});
  FailureOr<SmallVector<float, 4>> alphas =
      c.getFloats(node, "activation_alpha", SmallVector<float, 4>{});
  FailureOr<SmallVector<float, 4>> betas =
      c.getFloats(node, "activation_beta", SmallVector<float, 4>{});
  if (failed(names) || failed(alphas) || failed(betas))
    return failure();
  size_t expected = info.activations.size() * directions;
  SmallVector<GateActivation> activations;
  if (names->empty()) {
    for (int64_t d = 0; d < directions; ++d)
      for (Activation kind : info.activations)
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
    std::optional<Activation> kind =
        llvm::StringSwitch<std::optional<Activation>>(StringRef(name).lower())
            .Case("relu", Activation::relu)
            .Case("tanh", Activation::tanh)
            .Case("sigmoid", Activation::sigmoid)
            .Case("affine", Activation::affine)
            .Case("leakyrelu", Activation::leaky_relu)
            .Case("thresholdedrelu", Activation::thresholded_relu)
            .Case("scaledtanh", Activation::scaled_tanh)
            .Case("hardsigmoid", Activation::hard_sigmoid)
            .Case("elu", Activation::elu)
            .Case("softsign", Activation::softsign)
            .Case("softplus", Activation::softplus)
            .Default(std::nullopt);
    if (!kind) {
      c.emitNodeError(node) << "has an unknown activation '" << name << "'";
      return failure();
    }
    // ONNX's defaults for the parameters an activation takes.
    std::optional<float> alpha, beta;
    switch (*kind) {
    case Activation::affine:
      alpha = 1.0f, beta = 0.0f;
      break;
    case Activation::leaky_relu:
      alpha = 0.01f;
      break;
    case Activation::thresholded_relu:
    case Activation::elu:
      alpha = 1.0f;
      break;
    case Activation::scaled_tanh:
      alpha = 1.0f, beta = 1.0f;
      break;
    case Activation::hard_sigmoid:
      alpha = 0.2f, beta = 0.5f;
      break;
    default:
      break;
    }
    GateActivation activation{*kind};
    if (alpha)
      activation.alpha =
          nextAlpha < alphas->size() ? (*alphas)[nextAlpha++] : *alpha;
    if (beta)
      activation.beta = nextBeta < betas->size() ? (*betas)[nextBeta++] : *beta;
    activations.push_back(activation);
  }
  return activations;
}

/// Everything a recurrence needs, read and checked from the node.
struct Recurrence {
  RecurrentCell cell;
  CellInfo info;
  int64_t steps, batch, inputSize, hidden, directions;
  RecurrenceDirection direction;
  bool batchMajor;
  std::optional<float> clip;
  bool inputForget = false, linearBeforeReset = false;
  SmallVector<GateActivation> activations;
};

/// The part [begin, end) of `x` along `axis`.
Value take(NodeBuilder &b, Value x, int64_t axis, int64_t begin, int64_t end) {
  return b.create<SliceOp>(ValueRange{x}, ArrayRef<int64_t>{begin},
                           ArrayRef<int64_t>{end}, ArrayRef<int64_t>{axis},
                           ArrayRef<int64_t>{1});
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
  r.direction = *symbolizeRecurrenceDirection(*direction);
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
  if (r.cell == RecurrentCell::lstm) {
    FailureOr<int64_t> inputForget = c.getInt(node, "input_forget", 0);
    if (failed(inputForget))
      return failure();
    r.inputForget = *inputForget != 0;
  }
  if (r.cell == RecurrentCell::gru) {
    FailureOr<int64_t> linear = c.getInt(node, "linear_before_reset", 0);
    if (failed(linear))
      return failure();
    r.linearBeforeReset = *linear != 0;
  }
  FailureOr<SmallVector<GateActivation>> activations =
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
  int64_t G = getGateCount(r.cell);
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
  if (r.steps < 1) {
    c.emitNodeError(node) << "runs " << r.steps
                          << " time steps: SIC runs a recurrence over at "
                             "least one";
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
  int64_t G = getGateCount(cell);
  if (failed(checkOptionalShape(c, node, 3, "B", {D, 2 * G * H})) ||
      failed(checkOptionalShape(c, node, 4, "sequence_lens", {B})) ||
      failed(checkOptionalShape(c, node, 5, "initial_h", stateShape)) ||
      (cell == RecurrentCell::lstm &&
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

  // Every step's input projection at once, per direction:
  // [S * B, I] x [G * H, I]^T + W_b, as [D, S, B, G * H].
  int64_t S = r.steps;
  Value flatX = b.create<ReshapeOp>(ValueRange{inputs[0]},
                                    ArrayRef<int64_t>{S * B, r.inputSize});
  SmallVector<Value, 2> projections;
  for (int64_t d = 0; d < D; ++d) {
    SmallVector<Value, 3> operands = {flatX, takeEntry(b, inputs[1], 0, d)};
    if (inputs[3])
      operands.push_back(take(b, takeEntry(b, inputs[3], 0, d), 0, 0, G * H));
    projections.push_back(b.create<ReshapeOp>(
        ValueRange{b.create<GemmOp>(operands, APFloat(1.0f), APFloat(1.0f),
                                    false, true)},
        ArrayRef<int64_t>{1, S, B, G * H}));
  }
  auto join = [&](ArrayRef<Value> parts, int64_t axis) {
    return parts.size() == 1 ? parts.front()
                             : b.create<ConcatOp>(ValueRange(parts), axis);
  };
  auto zeros = [&](ArrayRef<int64_t> shape) {
    auto type = RankedTensorType::get(shape, c.getBuilder().getF32Type());
    return c.createConstant(c.getConstantName(node),
                            DenseElementsAttr::get(type, 0.0f));
  };
  SmallVector<Value, 6> operands = {
      join(projections, 0),
      b.create<TransposeOp>(ValueRange{inputs[2]}, ArrayRef<int64_t>{0, 2, 1}),
      inputs[3] ? take(b, inputs[3], 1, G * H, 2 * G * H) : zeros({D, G * H}),
      inputs[4] ? inputs[4] : zeros({D, B, H})};
  if (cell == RecurrentCell::lstm) {
    operands.push_back(inputs[5] ? inputs[5] : zeros({D, B, H}));
    if (inputs[6])
      operands.push_back(inputs[6]);
  }
  Builder &builder = c.getBuilder();
  SmallVector<Attribute> activations;
  SmallVector<float> alphas, betas;
  for (const GateActivation &activation : r.activations) {
    activations.push_back(
        ActivationAttr::get(builder.getContext(), activation.kind));
    alphas.push_back(activation.alpha);
    betas.push_back(activation.beta);
  }
  bool cellStates = cell == RecurrentCell::lstm && node.output_size() > 2 &&
                    !node.output(2).empty();
  Value states = b.create<RecurrenceOp>(
      operands, RecurrentCellAttr::get(builder.getContext(), cell),
      RecurrenceDirectionAttr::get(builder.getContext(), r.direction),
      builder.getArrayAttr(activations), builder.getDenseF32ArrayAttr(alphas),
      builder.getDenseF32ArrayAttr(betas),
      r.clip ? builder.getF32FloatAttr(*r.clip) : FloatAttr(),
      builder.getBoolAttr(r.inputForget),
      builder.getBoolAttr(r.linearBeforeReset),
      builder.getBoolAttr(cellStates));
  // Y [S, D, B, H]; Y_h and Y_c [D, B, H], each direction's last step (the
  // reverse direction's is step 0).
  auto part = [&](int64_t index) {
    return cellStates ? takeEntry(b, states, 0, index) : states;
  };
  auto lastSteps = [&](Value all) {
    SmallVector<Value, 2> lasts;
    for (int64_t d = 0; d < D; ++d) {
      bool backward = r.direction == RecurrenceDirection::reverse || d == 1;
      Value step = takeEntry(b, all, 0, backward ? 0 : S - 1);
      lasts.push_back(D == 1 ? step : take(b, step, 0, d, d + 1));
    }
    return join(lasts, 0);
  };
  Value y = part(0), lastHidden = lastSteps(y);
  Value lastCell = cellStates ? lastSteps(part(1)) : Value();
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
