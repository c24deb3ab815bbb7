//===- RecurrenceLowering.cpp - sic recurrence to a loop over the steps ---===//
//
// Each direction is its first step, then one scf.for over the other time
// steps. The loop carries the output, into which every step writes its
// hidden state (and cell state) and from which the next step reads it, and
// an lstm's cell state, updated in place. One step: the gates' accumulator
// starts at R_b, a linalg.matmul adds state * R^T (the register-tiled
// path at -O2), and one elementwise linalg.generic computes the new states
// from the gates and the step's input projection.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"

#include "dialects/Sic/IR/SicOps.h"
#include "sic/Conversion/SicToLinalg.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace mlir::sic;

namespace {

Value activate(OpBuilder &b, Location loc, const GateActivation &a, Value x) {
  auto constant = [&](double value) {
    return buildScalar(b, loc, x.getType(), value);
  };
  switch (a.kind) {
  case Activation::relu:
    return buildMax(b, loc, x, constant(0));
  case Activation::tanh:
    return b.create<math::TanhOp>(loc, x);
  case Activation::sigmoid:
    return buildSigmoidScalar(b, loc, x);
  case Activation::affine:
    return b.create<arith::AddFOp>(
        loc, b.create<arith::MulFOp>(loc, x, constant(a.alpha)),
        constant(a.beta));
  case Activation::leaky_relu:
    return buildLeakyReluScalar(b, loc, x, a.alpha);
  case Activation::thresholded_relu: {
    Value above = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OGT, x,
                                          constant(a.alpha));
    return b.create<arith::SelectOp>(loc, above, x, constant(0));
  }
  case Activation::scaled_tanh:
    return b.create<arith::MulFOp>(
        loc,
        b.create<math::TanhOp>(
            loc, b.create<arith::MulFOp>(loc, x, constant(a.beta))),
        constant(a.alpha));
  case Activation::hard_sigmoid:
    return buildHardSigmoidScalar(b, loc, x, a.alpha, a.beta);
  case Activation::elu: {
    // max(x, 0) + alpha * (exp(min(x, 0)) - 1): exp never overflows.
    Value negative = b.create<arith::MinimumFOp>(loc, x, constant(0));
    Value grown = b.create<arith::SubFOp>(
        loc, b.create<math::ExpOp>(loc, negative), constant(1));
    return b.create<arith::AddFOp>(
        loc, buildMax(b, loc, x, constant(0)),
        b.create<arith::MulFOp>(loc, grown, constant(a.alpha)));
  }
  case Activation::softsign:
    return buildSoftsignScalar(b, loc, x);
  case Activation::softplus:
    return buildSoftplusScalar(b, loc, x);
  }
  llvm_unreachable("unknown activation");
}

SmallVector<OpFoldResult> getIndices(OpBuilder &b, ArrayRef<int64_t> values) {
  return llvm::map_to_vector(values, [&](int64_t value) -> OpFoldResult {
    return b.getIndexAttr(value);
  });
}

/// The part of `source` at `offsets` of `sizes`, with the shape `shape`
/// (the sizes without some of their 1s).
Value extract(OpBuilder &b, Location loc, Value source,
              ArrayRef<OpFoldResult> offsets, ArrayRef<int64_t> sizes,
              ArrayRef<int64_t> shape) {
  auto type =
      RankedTensorType::get(shape, getTensorType(source).getElementType());
  return b.create<tensor::ExtractSliceOp>(
      loc, type, source, offsets, getIndices(b, sizes),
      getIndices(b, SmallVector<int64_t>(sizes.size(), 1)));
}

/// Columns [begin, begin + count) of the matrix `source`.
Value columns(OpBuilder &b, Location loc, Value source, int64_t begin,
              int64_t count) {
  int64_t rows = getTensorType(source).getDimSize(0);
  return extract(b, loc, source, getIndices(b, {0, begin}), {rows, count},
                 {rows, count});
}

/// `value` written into `dest` at `offsets`, over `sizes`.
Value insert(OpBuilder &b, Location loc, Value value, Value dest,
             ArrayRef<OpFoldResult> offsets, ArrayRef<int64_t> sizes) {
  return b.create<tensor::InsertSliceOp>(
      loc, value, dest, offsets, getIndices(b, sizes),
      getIndices(b, SmallVector<int64_t>(sizes.size(), 1)));
}

/// An elementwise linalg.generic over [rows, columns] that reads `inputs`
/// (matrices, or vectors repeated on every row) and writes `outputs`;
/// `body` gets the inputs' scalars, then the outputs' current ones.
SmallVector<Value>
buildRowwise(OpBuilder &b, Location loc, ValueRange inputs, ValueRange outputs,
             function_ref<SmallVector<Value>(OpBuilder &, Location, ValueRange,
                                             ValueRange)>
                 body) {
  MLIRContext *context = b.getContext();
  AffineMap matrix = AffineMap::getMultiDimIdentityMap(2, context);
  AffineMap vector = AffineMap::get(2, 0, getAffineDimExpr(1, context));
  SmallVector<AffineMap> maps;
  for (Value input : inputs)
    maps.push_back(getTensorType(input).getRank() == 1 ? vector : matrix);
  maps.append(outputs.size(), matrix);
  SmallVector<utils::IteratorType> iterators(2, utils::IteratorType::parallel);
  auto generic = b.create<linalg::GenericOp>(
      loc, TypeRange(outputs), inputs, outputs, maps, iterators,
      [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        nested.create<linalg::YieldOp>(
            nestedLoc, body(nested, nestedLoc, args.take_front(inputs.size()),
                            args.drop_front(inputs.size())));
      });
  return generic.getResults();
}

/// bias + state * weights, [rows, n]: `bias` [n], `weights` [k, n].
Value buildProduct(OpBuilder &b, Location loc, Value state, Value weights,
                   Value bias) {
  RankedTensorType stateType = getTensorType(state);
  auto type = RankedTensorType::get(
      {stateType.getDimSize(0), getTensorType(weights).getDimSize(1)},
      stateType.getElementType());
  Value init = buildRowwise(b, loc, bias, buildEmpty(b, loc, type),
                            [](OpBuilder &, Location, ValueRange in,
                               ValueRange) { return SmallVector<Value>(in); })
                   .front();
  return b.create<linalg::MatmulOp>(loc, type, ValueRange{state, weights}, init)
      .getResult(0);
}

/// One direction of a recurrence, as it lowers. The first step runs from
/// the initial states; a loop runs the others, each reading the hidden
/// state the step before wrote into the output. The loop carries the
/// output and an lstm's cell state, each updated in place; the scratch
/// tensors of a step are its own (sic-plan-memory gives them one buffer
/// for every step).
class DirectionLowering {
public:
  DirectionLowering(RecurrenceOp op, int64_t direction) : op(op), d(direction) {
    RankedTensorType input = getTensorType(op.getInput());
    steps = input.getDimSize(1);
    batch = input.getDimSize(2);
    hidden = getTensorType(op.getRecurrence()).getDimSize(1);
    gates = getGateCount(op.getCell());
    backward = op.getDirection() == RecurrenceDirection::reverse || d == 1;
    if (std::optional<APFloat> bound = op.getClip())
      clip = bound->convertToDouble();
    activations = getGateActivations(op, d);
  }

  /// Runs the direction over every step, writing its states into `output`.
  Value build(OpBuilder &b, Location loc, Value output);

private:
  /// What a step leaves: the output with its states written, and an lstm's
  /// cell state.
  struct StepResult {
    Value output, cell;
  };

  Value matrix(OpBuilder &b, Location loc, int64_t rows, int64_t columns) {
    return buildEmpty(
        b, loc,
        RankedTensorType::get({rows, columns},
                              getTensorType(op.getInput()).getElementType()));
  }
  /// The direction's [D, ...] entry of `source`, without the D.
  Value entry(OpBuilder &b, Location loc, Value source) {
    ArrayRef<int64_t> shape = getTensorType(source).getShape();
    SmallVector<int64_t> sizes(shape);
    sizes[0] = 1;
    SmallVector<int64_t> offsets(shape.size(), 0);
    offsets[0] = d;
    return extract(b, loc, source, getIndices(b, offsets), sizes,
                   shape.drop_front());
  }
  /// Where step `t`'s state of kind `kind` (0 hidden, 1 cell) goes in the
  /// output.
  SmallVector<OpFoldResult> stateOffsets(OpBuilder &b, OpFoldResult t,
                                         int64_t kind) {
    SmallVector<OpFoldResult> offsets = {t, b.getIndexAttr(d),
                                         b.getIndexAttr(0), b.getIndexAttr(0)};
    if (op.getCellStates())
      offsets.insert(offsets.begin(), b.getIndexAttr(kind));
    return offsets;
  }
  SmallVector<int64_t> stateSizes() {
    SmallVector<int64_t> sizes = {1, 1, batch, hidden};
    if (op.getCellStates())
      sizes.insert(sizes.begin(), 1);
    return sizes;
  }
  Value gate(OpBuilder &b, Location loc, int64_t index, Value x) {
    Value bounded = clip ? buildClamp(b, loc, x, -*clip, *clip) : x;
    return activate(b, loc, activations[index], bounded);
  }

  /// Step `t` from the hidden state `state` (and an lstm's `cell`).
  StepResult step(OpBuilder &b, Location loc, OpFoldResult t, Value state,
                  Value cell, Value output);
  /// The new hidden state (and cell state) of each cell from the step's
  /// input projection `x` [B, G*H].
  std::pair<Value, Value> stepLstm(OpBuilder &b, Location loc, Value x,
                                   Value state, Value cell);
  Value stepGru(OpBuilder &b, Location loc, Value x, Value state);
  Value stepRnn(OpBuilder &b, Location loc, Value x, Value state);

  RecurrenceOp op;
  int64_t d, steps, batch, hidden, gates;
  bool backward;
  std::optional<double> clip;
  SmallVector<GateActivation, 3> activations;
  Value weights, bias, peepholes;
};

std::pair<Value, Value> DirectionLowering::stepLstm(OpBuilder &b, Location loc,
                                                    Value x, Value state,
                                                    Value cell) {
  int64_t H = hidden;
  Value products = buildProduct(b, loc, state, weights, bias);
  SmallVector<Value> inputs;
  for (Value source : {x, products})
    for (int64_t g = 0; g < 4; ++g)
      inputs.push_back(columns(b, loc, source, g * H, H));
  if (peepholes)
    for (int64_t g = 0; g < 3; ++g)
      inputs.push_back(
          extract(b, loc, peepholes, getIndices(b, {g * H}), {H}, {H}));
  bool inputForget = op.getInputForget();
  SmallVector<Value> states = buildRowwise(
      b, loc, inputs, {matrix(b, loc, batch, H), cell},
      [&](OpBuilder &nb, Location l, ValueRange in, ValueRange out) {
        auto add = [&](Value lhs, Value rhs) {
          return nb.create<arith::AddFOp>(l, lhs, rhs).getResult();
        };
        auto mul = [&](Value lhs, Value rhs) {
          return nb.create<arith::MulFOp>(l, lhs, rhs).getResult();
        };
        Value last = out[1];
        // i, o, f, c: the input, output and forget gates, the candidate.
        Value in0 = add(in[0], in[4]), out0 = add(in[1], in[5]);
        Value forget0 = add(in[2], in[6]), candidate0 = add(in[3], in[7]);
        if (peepholes) {
          in0 = add(in0, mul(in[8], last));
          forget0 = add(forget0, mul(in[10], last));
        }
        Value input = gate(nb, l, 0, in0);
        Value forget =
            inputForget
                ? nb.create<arith::SubFOp>(
                        l, buildScalar(nb, l, input.getType(), 1), input)
                      .getResult()
                : gate(nb, l, 0, forget0);
        Value candidate = gate(nb, l, 1, candidate0);
        Value next = add(mul(forget, last), mul(input, candidate));
        if (peepholes)
          out0 = add(out0, mul(in[9], next));
        Value output = gate(nb, l, 0, out0);
        return SmallVector<Value>{
            mul(output, activate(nb, l, activations[2], next)), next};
      });
  return {states[0], states[1]};
}

Value DirectionLowering::stepGru(OpBuilder &b, Location loc, Value x,
                                 Value state) {
  int64_t H = hidden;
  auto add = [](OpBuilder &nb, Location l, Value lhs, Value rhs) {
    return nb.create<arith::AddFOp>(l, lhs, rhs).getResult();
  };
  auto mul = [](OpBuilder &nb, Location l, Value lhs, Value rhs) {
    return nb.create<arith::MulFOp>(l, lhs, rhs).getResult();
  };
  Value xz = columns(b, loc, x, 0, H), xr = columns(b, loc, x, H, H);
  Value xh = columns(b, loc, x, 2 * H, H);
  // The candidate's recurrent term: r * (h R_h^T + Rb_h) with
  // linear_before_reset, (r * h) R_h^T + Rb_h without.
  bool linear = op.getLinearBeforeReset();
  Value gz, gr, recurrent;
  if (linear) {
    Value products = buildProduct(b, loc, state, weights, bias);
    gz = columns(b, loc, products, 0, H);
    gr = columns(b, loc, products, H, H);
    recurrent = columns(b, loc, products, 2 * H, H);
  } else {
    auto part = [&](Value source, int64_t begin, int64_t count) {
      return extract(b, loc, source, getIndices(b, {begin}), {count}, {count});
    };
    Value zr = buildProduct(b, loc, state, columns(b, loc, weights, 0, 2 * H),
                            part(bias, 0, 2 * H));
    gz = columns(b, loc, zr, 0, H);
    gr = columns(b, loc, zr, H, H);
    Value resetState =
        buildRowwise(b, loc, {xr, gr, state}, matrix(b, loc, batch, H),
                     [&](OpBuilder &nb, Location l, ValueRange in, ValueRange) {
                       Value reset = gate(nb, l, 0, add(nb, l, in[0], in[1]));
                       return SmallVector<Value>{mul(nb, l, reset, in[2])};
                     })
            .front();
    recurrent =
        buildProduct(b, loc, resetState, columns(b, loc, weights, 2 * H, H),
                     part(bias, 2 * H, H));
  }
  SmallVector<Value> inputs = {xz, gz, xh, recurrent, state};
  if (linear)
    inputs.append({xr, gr});
  return buildRowwise(
             b, loc, inputs, matrix(b, loc, batch, H),
             [&](OpBuilder &nb, Location l, ValueRange in, ValueRange) {
               Value update = gate(nb, l, 0, add(nb, l, in[0], in[1]));
               Value term = in[3];
               if (linear)
                 term =
                     mul(nb, l, gate(nb, l, 0, add(nb, l, in[5], in[6])), term);
               Value candidate = gate(nb, l, 1, add(nb, l, in[2], term));
               Value keep = nb.create<arith::SubFOp>(
                   l, buildScalar(nb, l, update.getType(), 1), update);
               return SmallVector<Value>{add(nb, l, mul(nb, l, keep, candidate),
                                             mul(nb, l, update, in[4]))};
             })
      .front();
}

Value DirectionLowering::stepRnn(OpBuilder &b, Location loc, Value x,
                                 Value state) {
  Value products = buildProduct(b, loc, state, weights, bias);
  return buildRowwise(
             b, loc, {x, products}, matrix(b, loc, batch, hidden),
             [&](OpBuilder &nb, Location l, ValueRange in, ValueRange) {
               return SmallVector<Value>{
                   gate(nb, l, 0, nb.create<arith::AddFOp>(l, in[0], in[1]))};
             })
      .front();
}

DirectionLowering::StepResult
DirectionLowering::step(OpBuilder &b, Location loc, OpFoldResult t, Value state,
                        Value cell, Value output) {
  Value x =
      extract(b, loc, op.getInput(),
              {b.getIndexAttr(d), t, b.getIndexAttr(0), b.getIndexAttr(0)},
              {1, 1, batch, gates * hidden}, {batch, gates * hidden});
  Value next;
  switch (op.getCell()) {
  case RecurrentCell::lstm:
    std::tie(next, cell) = stepLstm(b, loc, x, state, cell);
    break;
  case RecurrentCell::gru:
    next = stepGru(b, loc, x, state);
    break;
  case RecurrentCell::rnn:
    next = stepRnn(b, loc, x, state);
    break;
  }
  if (op.getCellStates())
    output = insert(b, loc, cell, output, stateOffsets(b, t, 1), stateSizes());
  return {insert(b, loc, next, output, stateOffsets(b, t, 0), stateSizes()),
          cell};
}

Value DirectionLowering::build(OpBuilder &b, Location loc, Value output) {
  if (steps == 0)
    return output;
  weights = entry(b, loc, op.getRecurrence());
  bias = entry(b, loc, op.getBias());
  if (op.getPeepholes())
    peepholes = entry(b, loc, op.getPeepholes());
  bool lstm = op.getCell() == RecurrentCell::lstm;
  StepResult first =
      step(b, loc, b.getIndexAttr(backward ? steps - 1 : 0),
           entry(b, loc, op.getInitial_h()),
           lstm ? entry(b, loc, op.getInitial_c()) : Value(), output);
  SmallVector<Value> carried = {first.output};
  if (lstm)
    carried.push_back(first.cell);
  Value one = b.create<arith::ConstantIndexOp>(loc, 1);
  Value count = b.create<arith::ConstantIndexOp>(loc, steps);
  Value last = b.create<arith::ConstantIndexOp>(loc, steps - 1);
  auto loop = b.create<scf::ForOp>(
      loc, one, count, one, carried,
      [&](OpBuilder &nb, Location l, Value i, ValueRange args) {
        // Step t reads the hidden state of the step before it: t - 1, or
        // t + 1 going backward.
        Value t = i, before = nb.create<arith::SubIOp>(l, i, one);
        if (backward) {
          t = nb.create<arith::SubIOp>(l, last, i);
          before = nb.create<arith::AddIOp>(l, t, one);
        }
        Value state = extract(nb, l, args[0], stateOffsets(nb, before, 0),
                              stateSizes(), {batch, hidden});
        StepResult next =
            step(nb, l, t, state, lstm ? args[1] : Value(), args[0]);
        SmallVector<Value> yielded = {next.output};
        if (lstm)
          yielded.push_back(next.cell);
        nb.create<scf::YieldOp>(l, yielded);
      });
  return loop.getResult(0);
}

struct RecurrenceLowering : public OpRewritePattern<RecurrenceOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(RecurrenceOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value output = buildEmpty(rewriter, loc, getTensorType(op.getOutput()));
    for (int64_t d = 0, e = getDirectionCount(op.getDirection()); d < e; ++d)
      output = DirectionLowering(op, d).build(rewriter, loc, output);
    rewriter.replaceOp(op, output);
    return success();
  }
};

} // namespace

void mlir::sic::populateRecurrenceLoweringPatterns(
    RewritePatternSet &patterns) {
  patterns.add<RecurrenceLowering>(patterns.getContext());
}
