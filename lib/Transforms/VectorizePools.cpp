//===- VectorizePools.cpp - The sic-vectorize-pools pass ------------------===//

#include "sic/Transforms/Passes.h"

#include "dialects/Sic/IR/ParallelMark.h"
#include "dialects/Sic/IR/SicDialect.h"

#include "StaticTiles.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Matchers.h"

namespace mlir::sic {
#define GEN_PASS_DEF_VECTORIZEPOOLSPASS
#include "sic/Transforms/Passes.h.inc"
} // namespace mlir::sic

using namespace mlir;

namespace {

/// Vectors of a row the kernel keeps in registers at once: the row is
/// taken in blocks of output vectors whose input fits this.
constexpr int64_t kRowRegisters = 16;

/// Window taps per row (output vectors times window columns) beyond which
/// the row's code, unrolled along it, would be too large; such pools stay
/// scalar.
constexpr int64_t kMaxRowTaps = 1024;

/// A 2-D NCHW pooling the kernel computes: static shapes, unit dilations,
/// a row stride of 1 or 2, its input padded (if at all) with the value its
/// output starts from, which is the kernel's neutral value.
struct Pool {
  bool isMax;
  int64_t planes, channels, height, width, outHeight, outWidth;
  int64_t kernelH, kernelW, strideH, strideW, padTop, padLeft;
  Value source; // the unpadded input
  Value init;   // where the output goes
  TypedAttr neutral;
};

/// The constant `value` holds, if it is one.
TypedAttr getConstant(Value value) {
  Attribute attr;
  if (!matchPattern(value, m_Constant(&attr)))
    return {};
  return dyn_cast<TypedAttr>(attr);
}

template <typename OpTy> std::optional<Pool> matchPool(OpTy op, bool isMax) {
  if (!op.hasPureTensorSemantics())
    return std::nullopt;
  Value input = op.getInputs()[0];
  Value output = op.getOutputs()[0];
  auto inputType = dyn_cast<RankedTensorType>(input.getType());
  auto outputType = dyn_cast<RankedTensorType>(output.getType());
  auto windowType = dyn_cast<RankedTensorType>(op.getInputs()[1].getType());
  if (!inputType || !outputType || !windowType || !inputType.hasStaticShape() ||
      !outputType.hasStaticShape() || !windowType.hasStaticShape() ||
      !isa<FloatType>(outputType.getElementType()) ||
      outputType.getNumElements() == 0)
    return std::nullopt;
  SmallVector<int64_t> strides(op.getStrides().template getValues<int64_t>());
  if (!llvm::all_of(op.getDilations().template getValues<int64_t>(),
                    [](int64_t d) { return d == 1; }) ||
      strides[0] < 1 || strides[1] < 1 || strides[1] > 2)
    return std::nullopt;

  // The output starts from a fill; the kernel starts from that value.
  auto fill = output.getDefiningOp<linalg::FillOp>();
  if (!fill)
    return std::nullopt;
  TypedAttr neutral = getConstant(fill.getInputs()[0]);
  if (!neutral)
    return std::nullopt;
  if (!isMax && !matchPattern(fill.getInputs()[0], m_PosZeroFloat()))
    return std::nullopt;

  Pool pool;
  pool.isMax = isMax;
  pool.neutral = neutral;
  pool.init = fill.getOutputs()[0];
  pool.source = input;
  pool.padTop = pool.padLeft = 0;
  if (auto pad = input.getDefiningOp<tensor::PadOp>()) {
    // Padding read as the value the output starts from changes nothing:
    // the kernel reads only the input and counts the rest as that value.
    Value padding = pad.getConstantPaddingValue();
    if (!padding || getConstant(padding) != neutral)
      return std::nullopt;
    ArrayRef<int64_t> low = pad.getStaticLow();
    ArrayRef<int64_t> high = pad.getStaticHigh();
    if (llvm::any_of(low, ShapedType::isDynamic) ||
        llvm::any_of(high, ShapedType::isDynamic) || low[0] || low[1] ||
        high[0] || high[1])
      return std::nullopt;
    pool.source = pad.getSource();
    pool.padTop = low[2];
    pool.padLeft = low[3];
  }
  auto sourceType = cast<RankedTensorType>(pool.source.getType());
  if (!sourceType.hasStaticShape() || sourceType.getNumElements() == 0)
    return std::nullopt;
  pool.planes = outputType.getDimSize(0);
  pool.channels = outputType.getDimSize(1);
  pool.outHeight = outputType.getDimSize(2);
  pool.outWidth = outputType.getDimSize(3);
  pool.height = sourceType.getDimSize(2);
  pool.width = sourceType.getDimSize(3);
  pool.kernelH = windowType.getDimSize(0);
  pool.kernelW = windowType.getDimSize(1);
  pool.strideH = strides[0];
  pool.strideW = strides[1];
  return pool;
}

int64_t floorDiv(int64_t a, int64_t b) {
  return a >= 0 ? a / b : -((-a + b - 1) / b);
}

/// The code of one output row: its vectors computed from the input rows its
/// windows cover. Along the row everything is unrolled: the input row in
/// vectors A(i) (columns [i*lanes, (i+1)*lanes)), the neutral value beyond
/// the input; with a stride of 2, its even and odd columns as phase
/// vectors; each window column a shift of a phase by whole lanes.
class RowKernel {
public:
  RowKernel(OpBuilder &b, Location loc, const Pool &pool, int64_t lanes)
      : b(b), loc(loc), pool(pool), lanes(lanes),
        vectorType(VectorType::get({lanes}, pool.neutral.getType())),
        inputVectors((pool.width + lanes - 1) / lanes) {
    neutralScalar = b.create<arith::ConstantOp>(loc, pool.neutral);
    neutralVector = b.create<arith::ConstantOp>(
        loc, SplatElementsAttr::get(vectorType, pool.neutral));
  }

  int64_t getOutputVectors() const {
    return (pool.outWidth + lanes - 1) / lanes;
  }

  /// The input vectors the output vectors [first, last) read.
  std::pair<int64_t, int64_t> getInputRange(int64_t first, int64_t last) const {
    int64_t lo = std::numeric_limits<int64_t>::max(), hi = 0;
    for (int64_t j = first; j < last; ++j)
      for (int64_t kw = 0; kw < pool.kernelW; ++kw) {
        int64_t lane = getTap(j, kw).second;
        int64_t p = floorDiv(lane, lanes);
        int64_t end = lane == p * lanes ? p + 1 : p + 2;
        lo = std::min(lo, p * pool.strideW);
        hi = std::max(hi, end * pool.strideW);
      }
    return {std::clamp<int64_t>(lo, 0, inputVectors),
            std::clamp<int64_t>(hi, 0, inputVectors)};
  }

  /// Output vectors [first, last) of row `oh` written into `output`.
  Value buildBlock(Value output, Value plane, Value channel, Value oh,
                   int64_t first, int64_t last) {
    auto [lo, hi] = getInputRange(first, last);
    rows.clear();
    if (lo < hi)
      rows = buildColumns(plane, channel, oh, lo, hi);
    inputBase = lo;
    phases.clear();
    for (int64_t j = first; j < last; ++j) {
      Value result;
      for (int64_t kw = 0; kw < pool.kernelW; ++kw) {
        auto [phase, lane] = getTap(j, kw);
        Value tap = getShifted(phase, lane);
        result = result ? combine(result, tap) : tap;
      }
      bool inBounds = (j + 1) * lanes <= pool.outWidth;
      output = b.create<vector::TransferWriteOp>(
                    loc, result, output,
                    ValueRange{plane, channel, oh, index(j * lanes)},
                    ArrayRef<bool>{inBounds})
                   .getResult();
    }
    return output;
  }

  Value index(int64_t value) {
    return b.create<arith::ConstantIndexOp>(loc, value);
  }

private:
  /// Window column `kw` of output vector `j`: phase `first` of the input
  /// columns, from lane `second` of that phase's vectors.
  std::pair<int64_t, int64_t> getTap(int64_t j, int64_t kw) const {
    int64_t column = kw - pool.padLeft;
    int64_t phase = column - floorDiv(column, pool.strideW) * pool.strideW;
    return {phase, j * lanes + floorDiv(column, pool.strideW)};
  }

  Value combine(Value lhs, Value rhs) {
    if (pool.isMax)
      return b.create<arith::MaximumFOp>(loc, lhs, rhs);
    return b.create<arith::AddFOp>(loc, lhs, rhs);
  }

  /// Input vectors [lo, hi) of the column sums (or maxima) over the
  /// window's rows that lie inside the input.
  SmallVector<Value> buildColumns(Value plane, Value channel, Value oh,
                                  int64_t lo, int64_t hi) {
    Value top = b.create<arith::SubIOp>(
        loc, b.create<arith::MulIOp>(loc, oh, index(pool.strideH)),
        index(pool.padTop));
    Value first = b.create<arith::MaxSIOp>(
        loc, index(0), b.create<arith::SubIOp>(loc, index(0), top));
    Value last = b.create<arith::MinSIOp>(
        loc, index(pool.kernelH),
        b.create<arith::SubIOp>(loc, index(pool.height), top));
    SmallVector<Value> starts(hi - lo, neutralVector);
    auto loop = b.create<scf::ForOp>(
        loc, first, last, index(1), starts,
        [&](OpBuilder &nested, Location l, Value kh, ValueRange sums) {
          OpBuilder::InsertionGuard guard(b);
          b.setInsertionPoint(nested.getInsertionBlock(),
                              nested.getInsertionPoint());
          Value row = b.create<arith::AddIOp>(l, top, kh);
          SmallVector<Value> next;
          for (int64_t i = lo; i < hi; ++i) {
            bool inBounds = (i + 1) * lanes <= pool.width;
            Value read = b.create<vector::TransferReadOp>(
                l, vectorType, pool.source,
                ValueRange{plane, channel, row, index(i * lanes)},
                neutralScalar, ArrayRef<bool>{inBounds});
            next.push_back(combine(sums[i - lo], read));
          }
          b.create<scf::YieldOp>(l, next);
        });
    return SmallVector<Value>(loop.getResults());
  }

  Value getInput(int64_t i) {
    if (i < inputBase || i >= inputBase + static_cast<int64_t>(rows.size()))
      return neutralVector;
    return rows[i - inputBase];
  }

  /// Vector `p` of phase `phase`: input columns p*lanes*stride + phase +
  /// stride*l for lane l.
  Value getPhase(int64_t phase, int64_t p) {
    if (pool.strideW == 1)
      return getInput(p);
    Value &cached = phases[{phase, p}];
    if (!cached) {
      Value even = getInput(2 * p), odd = getInput(2 * p + 1);
      if (even == neutralVector && odd == neutralVector)
        return cached = neutralVector;
      SmallVector<int64_t> mask;
      for (int64_t l = 0; l < lanes; ++l)
        mask.push_back(2 * l + phase);
      cached = b.create<vector::ShuffleOp>(loc, even, odd, mask);
    }
    return cached;
  }

  /// Lanes [lane, lane + lanes) of phase `phase`, its vectors laid end to
  /// end.
  Value getShifted(int64_t phase, int64_t lane) {
    int64_t p = floorDiv(lane, lanes);
    int64_t offset = lane - p * lanes;
    Value low = getPhase(phase, p);
    if (offset == 0)
      return low;
    Value high = getPhase(phase, p + 1);
    if (low == neutralVector && high == neutralVector)
      return neutralVector;
    SmallVector<int64_t> mask;
    for (int64_t l = 0; l < lanes; ++l)
      mask.push_back(offset + l);
    return b.create<vector::ShuffleOp>(loc, low, high, mask);
  }

  OpBuilder &b;
  Location loc;
  const Pool &pool;
  int64_t lanes;
  VectorType vectorType;
  int64_t inputVectors;
  Value neutralScalar, neutralVector;
  SmallVector<Value> rows;
  int64_t inputBase = 0;
  llvm::DenseMap<std::pair<int64_t, int64_t>, Value> phases;
};

/// The output vectors of a row in blocks whose input vectors stay within
/// kRowRegisters: [first, last) pairs.
SmallVector<std::pair<int64_t, int64_t>> getBlocks(const RowKernel &kernel) {
  SmallVector<std::pair<int64_t, int64_t>> blocks;
  int64_t count = kernel.getOutputVectors();
  for (int64_t first = 0; first < count;) {
    int64_t last = first + 1;
    while (last < count) {
      auto [lo, hi] = kernel.getInputRange(first, last + 1);
      if (hi - lo > kRowRegisters)
        break;
      ++last;
    }
    blocks.emplace_back(first, last);
    first = last;
  }
  return blocks;
}

/// The pool's output computed by the kernel: a loop over planes and
/// channels (shared between threads when there is enough work), one over
/// output rows, and the row's code.
Value buildPool(OpBuilder &b, Location loc, const Pool &pool, int64_t lanes) {
  RowKernel kernel(b, loc, pool, lanes);
  SmallVector<std::pair<int64_t, int64_t>> blocks = getBlocks(kernel);
  Value channels = kernel.index(pool.channels);
  auto planes = b.create<scf::ForOp>(
      loc, kernel.index(0), kernel.index(pool.planes * pool.channels),
      kernel.index(1), ValueRange{pool.init},
      [&](OpBuilder &outer, Location l, Value index, ValueRange planeArgs) {
        Value plane = outer.create<arith::DivUIOp>(l, index, channels);
        Value channel = outer.create<arith::RemUIOp>(l, index, channels);
        auto rows = outer.create<scf::ForOp>(
            l, kernel.index(0), kernel.index(pool.outHeight), kernel.index(1),
            planeArgs,
            [&](OpBuilder &inner, Location il, Value oh, ValueRange rowArgs) {
              OpBuilder::InsertionGuard guard(b);
              b.setInsertionPoint(inner.getInsertionBlock(),
                                  inner.getInsertionPoint());
              Value output = rowArgs[0];
              for (auto [first, last] : blocks)
                output =
                    kernel.buildBlock(output, plane, channel, oh, first, last);
              b.create<scf::YieldOp>(il, output);
            });
        outer.create<scf::YieldOp>(l, rows.getResults());
      });
  int64_t work = pool.planes * pool.channels * pool.outHeight * pool.outWidth *
                 pool.kernelH * pool.kernelW;
  if (work >= sic::kParallelWork && pool.planes * pool.channels > 1)
    planes->setAttr(sic::kParallelMark, b.getUnitAttr());
  return planes.getResult(0);
}

struct VectorizePoolsPass
    : public sic::impl::VectorizePoolsPassBase<VectorizePoolsPass> {
  using VectorizePoolsPassBase::VectorizePoolsPassBase;

  void runOnOperation() override {
    FailureOr<sic::TargetAttr> target = sic::requireTarget(getOperation());
    if (failed(target))
      return signalPassFailure();
    // Matched one at a time as they are rewritten: a pool's input may be
    // the result of one rewritten before it.
    SmallVector<Operation *> pools;
    getOperation().walk([&](Operation *op) {
      if (isa<linalg::PoolingNchwMaxOp, linalg::PoolingNchwSumOp>(op))
        pools.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (Operation *op : pools) {
      std::optional<Pool> pool;
      if (auto max = dyn_cast<linalg::PoolingNchwMaxOp>(op))
        pool = matchPool(max, /*isMax=*/true);
      else
        pool = matchPool(cast<linalg::PoolingNchwSumOp>(op), /*isMax=*/false);
      if (!pool)
        continue;
      int64_t lanes = target->getVectorBits() /
                      pool->neutral.getType().getIntOrFloatBitWidth();
      if (lanes < 2 ||
          (pool->outWidth + lanes - 1) / lanes * pool->kernelW > kMaxRowTaps)
        continue;
      rewriter.setInsertionPoint(op);
      auto padding = op->getOperand(0).getDefiningOp<tensor::PadOp>();
      auto fill = op->getOperand(2).getDefiningOp<linalg::FillOp>();
      rewriter.replaceOp(op, buildPool(rewriter, op->getLoc(), *pool, lanes));
      // The kernel writes every output element and reads the unpadded
      // input: the fill and the padded copy may be left without readers.
      if (fill && fill->use_empty())
        rewriter.eraseOp(fill);
      if (padding && padding->use_empty())
        rewriter.eraseOp(padding);
    }
  }
};

} // namespace
