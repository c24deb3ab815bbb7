//===- RecurrenceOps.cpp - Evaluating recurrence --------------------------===//
//
// The cells exactly as sic.recurrence's description (and ONNX) defines
// them, step by step: each gate's value computed in double, the states kept
// in f32 between steps as compiled code keeps them.
//
//===----------------------------------------------------------------------===//

#include "Kernels.h"

#include "dialects/Sic/IR/SicOps.h"

#include <vector>

using namespace mlir;
using namespace mlir::sic;
using namespace mlir::sic::reference;

namespace {

double activate(const GateActivation &activation, double x) {
  double alpha = activation.alpha, beta = activation.beta;
  switch (activation.kind) {
  case Activation::relu:
    return maximum(x, 0.0);
  case Activation::tanh:
    return std::tanh(x);
  case Activation::sigmoid:
    return 1.0 / (1.0 + std::exp(-x));
  case Activation::affine:
    return alpha * x + beta;
  case Activation::leaky_relu:
    return x < 0 ? alpha * x : x;
  case Activation::thresholded_relu:
    return x > alpha ? x : 0.0;
  case Activation::scaled_tanh:
    return alpha * std::tanh(beta * x);
  case Activation::hard_sigmoid:
    return maximum(0.0, minimum(1.0, alpha * x + beta));
  case Activation::elu:
    return maximum(x, 0.0) + alpha * (std::exp(minimum(x, 0.0)) - 1.0);
  case Activation::softsign:
    return x / (1.0 + std::fabs(x));
  case Activation::softplus:
    return maximum(x, 0.0) + std::log1p(std::exp(-std::fabs(x)));
  }
  llvm_unreachable("unknown activation");
}

/// One direction of a recurrence over every step.
class Direction {
public:
  Direction(RecurrenceOp op, NodeInputs inputs, int64_t d,
            MutableArrayRef<float> output)
      : op(op), inputs(inputs), d(d), output(output) {
    ArrayRef<int64_t> shape = inputs[0]->getShape();
    D = shape[0], S = shape[1], B = shape[2];
    H = inputs[1]->getShape()[1];
    GH = shape[3];
    if (std::optional<APFloat> bound = op.getClip())
      clip = bound->convertToDouble();
    activations = getGateActivations(op, d);
  }

  void run();

private:
  double gate(int64_t index, double x) const {
    if (clip)
      x = maximum(-*clip, minimum(*clip, x));
    return activate(activations[index], x);
  }
  /// Columns [begin, end) of R_b + state * R^T (the op's input is R^T).
  void multiply(const std::vector<float> &state, int64_t begin, int64_t end) {
    ArrayRef<float> weights = inputs[1]->getValues<float>();
    ArrayRef<float> bias = inputs[2]->getValues<float>();
    for (int64_t b = 0; b < B; ++b)
      for (int64_t n = begin; n < end; ++n) {
        double sum = bias[d * GH + n];
        for (int64_t k = 0; k < H; ++k)
          sum += static_cast<double>(state[b * H + k]) *
                 weights[(d * H + k) * GH + n];
        products[b * GH + n] = sum;
      }
  }
  /// The step input's column `n` of row `b`, plus its product.
  double preactivation(int64_t t, int64_t b, int64_t n) const {
    ArrayRef<float> x = inputs[0]->getValues<float>();
    return x[((d * S + t) * B + b) * GH + n] + products[b * GH + n];
  }
  std::vector<float> initial(unsigned index) const {
    ArrayRef<float> values = inputs[index]->getValues<float>();
    return std::vector<float>(values.begin() + d * B * H,
                              values.begin() + (d + 1) * B * H);
  }

  RecurrenceOp op;
  NodeInputs inputs;
  int64_t d, D, S, B, H, GH;
  MutableArrayRef<float> output;
  std::optional<double> clip;
  SmallVector<GateActivation, 3> activations;
  std::vector<double> products;
};

void Direction::run() {
  RecurrentCell cell = op.getCell();
  bool backward = op.getDirection() == RecurrenceDirection::reverse || d == 1;
  const HostTensor *peepholes = inputs.size() > 5 ? inputs[5] : nullptr;
  std::vector<float> hidden = initial(3), next(B * H);
  std::vector<float> cellState =
      cell == RecurrentCell::lstm ? initial(4) : std::vector<float>();
  products.assign(B * GH, 0.0);
  int64_t cellOffset = S * D * B * H;
  for (int64_t i = 0; i < S; ++i) {
    int64_t t = backward ? S - 1 - i : i;
    switch (cell) {
    case RecurrentCell::lstm: {
      multiply(hidden, 0, GH);
      for (int64_t b = 0; b < B; ++b)
        for (int64_t j = 0; j < H; ++j) {
          double c = cellState[b * H + j];
          double in = preactivation(t, b, j);
          double out = preactivation(t, b, H + j);
          double forget = preactivation(t, b, 2 * H + j);
          double candidate = preactivation(t, b, 3 * H + j);
          auto peephole = [&](int64_t g) {
            return peepholes->getValues<float>()[(d * 3 + g) * H + j];
          };
          if (peepholes) {
            in += peephole(0) * c;
            forget += peephole(2) * c;
          }
          in = gate(0, in);
          forget = op.getInputForget() ? 1.0 - in : gate(0, forget);
          candidate = gate(1, candidate);
          float nextCell = static_cast<float>(forget * c + in * candidate);
          if (peepholes)
            out += peephole(1) * nextCell;
          out = gate(0, out);
          cellState[b * H + j] = nextCell;
          next[b * H + j] =
              static_cast<float>(out * activate(activations[2], nextCell));
        }
      break;
    }
    case RecurrentCell::gru: {
      bool linear = op.getLinearBeforeReset();
      multiply(hidden, 0, linear ? GH : 2 * H);
      if (!linear) {
        std::vector<float> reset(B * H);
        for (int64_t b = 0; b < B; ++b)
          for (int64_t j = 0; j < H; ++j)
            reset[b * H + j] = static_cast<float>(
                gate(0, preactivation(t, b, H + j)) * hidden[b * H + j]);
        multiply(reset, 2 * H, GH);
      }
      ArrayRef<float> x = inputs[0]->getValues<float>();
      for (int64_t b = 0; b < B; ++b)
        for (int64_t j = 0; j < H; ++j) {
          double update = gate(0, preactivation(t, b, j));
          double term = products[b * GH + 2 * H + j];
          if (linear)
            term *= gate(0, preactivation(t, b, H + j));
          double candidate =
              gate(1, x[((d * S + t) * B + b) * GH + 2 * H + j] + term);
          next[b * H + j] = static_cast<float>((1.0 - update) * candidate +
                                               update * hidden[b * H + j]);
        }
      break;
    }
    case RecurrentCell::rnn:
      multiply(hidden, 0, GH);
      for (int64_t b = 0; b < B; ++b)
        for (int64_t j = 0; j < H; ++j)
          next[b * H + j] = static_cast<float>(gate(0, preactivation(t, b, j)));
      break;
    }
    hidden = next;
    for (int64_t b = 0; b < B; ++b)
      for (int64_t j = 0; j < H; ++j) {
        int64_t at = ((t * D + d) * B + b) * H + j;
        output[at] = hidden[b * H + j];
        if (op.getCellStates())
          output[cellOffset + at] = cellState[b * H + j];
      }
  }
}

} // namespace

std::optional<HostTensor>
mlir::sic::reference::evaluateRecurrenceNode(Operation *node,
                                             NodeInputs inputs) {
  auto op = dyn_cast<RecurrenceOp>(node);
  if (!op)
    return std::nullopt;
  HostTensor result(getOutputType(node));
  for (int64_t d = 0, e = getDirectionCount(op.getDirection()); d < e; ++d)
    Direction(op, inputs, d, result.getValues<float>()).run();
  return result;
}
