//===- PrefetchStreams.cpp - The sic-prefetch-streams pass ----------------===//

#include "sic/Transforms/Passes.h"

#include "dialects/Sic/IR/SicDialect.h"

#include "mlir/Analysis/SliceAnalysis.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

namespace mlir::sic {
#define GEN_PASS_DEF_PREFETCHSTREAMSPASS
#include "sic/Transforms/Passes.h.inc"
} // namespace mlir::sic

using namespace mlir;

namespace {

/// Iterations ahead a row is prefetched: 4 to 16 ran within 2% of each
/// other on a matrix-vector chain (Zen 3).
constexpr int64_t kDistance = 8;

/// A read of a row segment at a loop's index: the buffer, the indices, the
/// dim the loop's index moves along and the segment's bytes.
struct RowRead {
  Value buffer;
  SmallVector<Value> indices;
  unsigned dim;
  int64_t bytes;
};

/// `op` as a read of one row segment of a buffer with unit innermost
/// stride, at `loop`'s index in a dim other than the innermost and at
/// indices that do not change in the loop otherwise.
std::optional<RowRead> getRowRead(Operation *op, scf::ForOp loop) {
  Value buffer;
  ValueRange indices;
  VectorType vector;
  if (auto read = dyn_cast<vector::TransferReadOp>(op)) {
    if (!read.getPermutationMap().isMinorIdentity() || read.hasOutOfBoundsDim())
      return std::nullopt;
    buffer = read.getSource();
    indices = read.getIndices();
    vector = read.getVectorType();
  } else if (auto load = dyn_cast<vector::LoadOp>(op)) {
    buffer = load.getBase();
    indices = load.getIndices();
    vector = load.getVectorType();
  } else {
    return std::nullopt;
  }
  auto type = dyn_cast<MemRefType>(buffer.getType());
  if (!type || !type.hasStaticShape() || type.getRank() < 2 ||
      !type.getElementType().isIntOrFloat() ||
      llvm::any_of(vector.getShape().drop_back(),
                   [](int64_t size) { return size != 1; }))
    return std::nullopt;
  SmallVector<int64_t> strides;
  int64_t offset;
  if (failed(getStridesAndOffset(type, strides, offset)) || strides.back() != 1)
    return std::nullopt;
  RowRead row{buffer, llvm::to_vector(indices), 0,
              vector.getNumElements() * type.getElementTypeBitWidth() / 8};
  std::optional<unsigned> dim;
  for (auto [position, index] : llvm::enumerate(row.indices)) {
    if (index == loop.getInductionVar() && position + 1 < row.indices.size())
      dim = position;
    else if (!loop.isDefinedOutsideOfLoop(index))
      return std::nullopt;
  }
  if (!dim)
    return std::nullopt;
  row.dim = *dim;
  return row;
}

/// Whether `row` is the only read of its buffer and every loop around
/// `loop` moves its position: each element is then read once, and the rows
/// stream past the caches. (A tile of remainder rows, after the loop over
/// the other rows of the same columns, reads what they left in cache.)
bool isStream(const RowRead &row, scf::ForOp loop) {
  if (!row.buffer.hasOneUse())
    return false;
  SetVector<Operation *> slice;
  BackwardSliceOptions options;
  options.inclusive = true;
  for (Value index : row.indices)
    if (Operation *def = index.getDefiningOp())
      getBackwardSlice(def, &slice, options);
  for (auto outer = loop->getParentOfType<scf::ForOp>(); outer;
       outer = outer->getParentOfType<scf::ForOp>()) {
    Value induction = outer.getInductionVar();
    bool moves = llvm::is_contained(row.indices, induction) ||
                 llvm::any_of(slice, [&](Operation *op) {
                   return llvm::is_contained(op->getOperands(), induction);
                 });
    if (!moves)
      return false;
  }
  return true;
}

/// Prefetches each cache line of `row` kDistance iterations of `loop` ahead,
/// the row clamped to the buffer's last one (a loop's bound need not be
/// inside the buffer when its step is above 1).
void prefetch(const RowRead &row, scf::ForOp loop, Operation *before,
              int64_t lineBytes) {
  OpBuilder builder(before);
  Location loc = before->getLoc();
  auto constant = [&](int64_t value) {
    return builder.create<arith::ConstantIndexOp>(loc, value);
  };
  Value ahead = builder.create<arith::AddIOp>(
      loc, loop.getInductionVar(),
      builder.createOrFold<arith::MulIOp>(loc, loop.getStep(),
                                          constant(kDistance)));
  auto type = cast<MemRefType>(row.buffer.getType());
  SmallVector<Value> indices(row.indices);
  indices[row.dim] = builder.create<arith::MinSIOp>(
      loc, ahead, constant(type.getDimSize(row.dim) - 1));
  int64_t lineElements = lineBytes * 8 / type.getElementTypeBitWidth();
  Value column = row.indices.back();
  for (int64_t line = 0; line * lineBytes < row.bytes; ++line) {
    indices.back() = line == 0
                         ? column
                         : builder.create<arith::AddIOp>(
                               loc, column, constant(line * lineElements));
    builder.create<memref::PrefetchOp>(loc, row.buffer, indices,
                                       /*isWrite=*/false, /*localityHint=*/3,
                                       /*isDataCache=*/true);
  }
}

struct PrefetchStreamsPass
    : public sic::impl::PrefetchStreamsPassBase<PrefetchStreamsPass> {
  void runOnOperation() override {
    FailureOr<sic::TargetAttr> target = sic::requireTarget(getOperation());
    if (failed(target))
      return signalPassFailure();
    int64_t l2Bytes = static_cast<int64_t>(target->getL2Bytes());
    int64_t lineBytes = target->getCacheLineBytes();
    SmallVector<std::tuple<RowRead, scf::ForOp, Operation *>> streams;
    getOperation().walk([&](scf::ForOp loop) {
      if (llvm::none_of(loop.getRegionIterArgs(), [](Value arg) {
            return isa<VectorType>(arg.getType());
          }))
        return;
      for (Operation &op : loop.getBody()->without_terminator()) {
        std::optional<RowRead> row = getRowRead(&op, loop);
        if (!row)
          continue;
        auto type = cast<MemRefType>(row->buffer.getType());
        if (type.getNumElements() * type.getElementTypeBitWidth() / 8 >
                l2Bytes &&
            isStream(*row, loop))
          streams.emplace_back(std::move(*row), loop, &op);
      }
    });
    for (auto &[row, loop, op] : streams)
      prefetch(row, loop, op, lineBytes);
  }
};

} // namespace
