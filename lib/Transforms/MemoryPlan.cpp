//===- MemoryPlan.cpp - Liveness and arena offsets of a model's buffers ---===//

#include "MemoryPlan.h"

#include "sic/Conversion/SicHooks.h"
#include "sic/Support/NodeNames.h"

#include "dialects/Sic/IR/ParallelMark.h"
#include "dialects/Sic/IR/SicDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/Builders.h"

#include <numeric>

using namespace mlir;
using namespace mlir::sic;

namespace {

uint64_t alignTo(uint64_t bytes, uint64_t alignment) {
  return (bytes + alignment - 1) / alignment * alignment;
}

/// Whether `op` is a generic that may write its output over an input read
/// at the same index: every loop parallel, the output written at the
/// identity index. (Which input qualifies is checked per input.)
bool isInPlaceCandidate(Operation *op) {
  auto generic = dyn_cast<linalg::GenericOp>(op);
  return generic && generic.getNumDpsInits() == 1 &&
         generic.getNumReductionLoops() == 0 &&
         generic.getMatchingIndexingMap(generic.getDpsInitOperand(0))
             .isIdentity();
}

unsigned getElementWidth(Value buffer) {
  return cast<MemRefType>(buffer.getType()).getElementTypeBitWidth();
}

/// The buffers that share bytes: each group is a buffer and the buffers
/// that overwrite it in place, live over the union of their lives.
struct Group {
  SmallVector<unsigned, 2> members;
  uint64_t bytes;
  unsigned first, last;
  uint64_t offset = 0;
};

/// Every group on its own bytes, in the order they first live, with a guard
/// before the first and after each: no op may write a guard, so the runtime
/// checks them after every op (the debug-checked policy).
uint64_t assignGuardedOffsets(MutableArrayRef<Group> groups,
                              uint64_t guardBytes,
                              SmallVectorImpl<ArenaGuard> &guards) {
  if (groups.empty())
    return 0;
  SmallVector<unsigned> order(groups.size());
  std::iota(order.begin(), order.end(), 0);
  llvm::stable_sort(order, [&](unsigned a, unsigned b) {
    return groups[a].first < groups[b].first;
  });
  guards.push_back({0, guardBytes});
  uint64_t offset = guardBytes;
  for (unsigned index : order) {
    groups[index].offset = offset;
    offset += groups[index].bytes;
    guards.push_back({offset, guardBytes});
    offset += guardBytes;
  }
  return offset;
}

/// Greedy by size: the largest group first, at the lowest offset that no
/// already-placed group live at the same time covers.
uint64_t assignOffsets(MutableArrayRef<Group> groups) {
  SmallVector<unsigned> order(groups.size());
  std::iota(order.begin(), order.end(), 0);
  llvm::stable_sort(order, [&](unsigned a, unsigned b) {
    return groups[a].bytes > groups[b].bytes;
  });
  uint64_t arena = 0;
  SmallVector<unsigned> placed;
  for (unsigned index : order) {
    Group &group = groups[index];
    SmallVector<std::pair<uint64_t, uint64_t>> taken;
    for (unsigned other : placed) {
      const Group &o = groups[other];
      if (o.first <= group.last && group.first <= o.last)
        taken.push_back({o.offset, o.offset + o.bytes});
    }
    llvm::sort(taken);
    uint64_t offset = 0;
    for (auto [begin, end] : taken) {
      if (offset + group.bytes <= begin)
        break;
      offset = std::max(offset, end);
    }
    group.offset = offset;
    arena = std::max(arena, offset + group.bytes);
    placed.push_back(index);
  }
  return arena;
}

} // namespace

FailureOr<MemoryPlan> mlir::sic::planMemory(func::FuncOp func,
                                            uint64_t alignment,
                                            uint64_t guardBytes) {
  MemoryPlan plan;
  plan.alignment = alignment;
  Block &body = func.getBody().front();
  // A buffer allocated in a loop's body holds a value of one iteration
  // (bufferization never carries one into the next), so one buffer before
  // the loop serves every iteration, one after the other: the loops it
  // leaves are no longer shared between threads.
  SmallVector<memref::AllocOp> nested;
  func.walk([&](memref::AllocOp alloc) {
    if (alloc->getBlock() != &body && alloc.getType().hasStaticShape())
      nested.push_back(alloc);
  });
  for (memref::AllocOp alloc : nested) {
    for (Operation *op = alloc->getParentOp(); op != func;
         op = op->getParentOp())
      op->removeAttr(kParallelMark);
    alloc->moveBefore(body.findAncestorOpInBlock(*alloc));
  }

  DenseMap<Operation *, unsigned> position;
  for (auto [index, op] : llvm::enumerate(body.getOperations()))
    position[&op] = index;

  // Liveness: a buffer lives from its first to its last use, through views.
  DenseMap<Value, unsigned> bufferOf; // each buffer and view -> its buffer
  bool placeable = true;
  func.walk([&](memref::AllocOp alloc) {
    MemRefType type = alloc.getType();
    if (!type.hasStaticShape()) {
      alloc.emitError("cannot place a dynamic allocation in the arena");
      placeable = false;
      return;
    }
    for (Operation *user : llvm::make_early_inc_range(alloc->getUsers()))
      if (isa<memref::DeallocOp>(user))
        user->erase();
    if (alloc->use_empty()) {
      alloc.erase();
      return;
    }
    uint64_t bytes = type.getNumElements() *
                     llvm::divideCeil(type.getElementTypeBitWidth(), 8);
    PlannedBuffer buffer{alloc, findNodeName(alloc.getLoc()).value_or("").str(),
                         alignTo(std::max<uint64_t>(bytes, 1), alignment),
                         ~0u, 0};
    SmallVector<Value> aliases = {alloc.getResult()};
    while (!aliases.empty()) {
      Value alias = aliases.pop_back_val();
      bufferOf[alias] = plan.buffers.size();
      for (Operation *user : alias.getUsers()) {
        unsigned at = position[body.findAncestorOpInBlock(*user)];
        buffer.first = std::min(buffer.first, at);
        buffer.last = std::max(buffer.last, at);
        for (Value result : user->getResults())
          if (isa<BaseMemRefType>(result.getType()))
            aliases.push_back(result);
      }
    }
    plan.buffers.push_back(std::move(buffer));
  });
  if (!placeable)
    return failure();

  // In-place reuse: an elementwise op may write over an input buffer that
  // dies at it, read whole at the output's index and through no other
  // operand, when the output fits and elements have the same width.
  SmallVector<Group> groups;
  SmallVector<unsigned> groupOf;
  for (auto [index, buffer] : llvm::enumerate(plan.buffers)) {
    groupOf.push_back(groups.size());
    groups.push_back({{static_cast<unsigned>(index)}, buffer.bytes,
                      buffer.first, buffer.last});
  }
  for (Operation &op : body) {
    if (!isInPlaceCandidate(&op))
      continue;
    auto generic = cast<linalg::GenericOp>(op);
    Value init = generic.getDpsInitOperand(0)->get();
    auto out = bufferOf.find(init);
    if (out == bufferOf.end() || init != plan.buffers[out->second].alloc ||
        plan.buffers[out->second].first != position[&op])
      continue;
    for (OpOperand *operand : generic.getDpsInputOperands()) {
      Value input = operand->get();
      auto in = bufferOf.find(input);
      if (in == bufferOf.end() || input != plan.buffers[in->second].alloc ||
          !generic.getMatchingIndexingMap(operand).isIdentity() ||
          llvm::count_if(generic->getOperands(), [&](Value other) {
            auto it = bufferOf.find(other);
            return it != bufferOf.end() && it->second == in->second;
          }) != 1)
        continue;
      Group &from = groups[groupOf[in->second]];
      PlannedBuffer &output = plan.buffers[out->second];
      if (from.last != position[&op] || from.bytes < output.bytes ||
          getElementWidth(input) != getElementWidth(init))
        continue;
      from.members.push_back(out->second);
      from.last = std::max(from.last, output.last);
      groups[groupOf[out->second]].members.clear();
      groupOf[out->second] = groupOf[in->second];
      output.reuses = in->second;
      break;
    }
  }
  llvm::erase_if(groups, [](const Group &g) { return g.members.empty(); });

  plan.arenaBytes =
      guardBytes ? assignGuardedOffsets(groups, guardBytes, plan.guards)
                 : assignOffsets(groups);
  for (const Group &group : groups)
    for (unsigned member : group.members)
      plan.buffers[member].offset = group.offset;

  // The lower bound: the most bytes live at any one op.
  for (auto [index, op] : llvm::enumerate(body.getOperations())) {
    uint64_t live = 0;
    for (const Group &group : groups)
      if (group.first <= index && index <= group.last)
        live += group.bytes;
    if (live <= plan.lowerBoundBytes)
      continue;
    plan.lowerBoundBytes = live;
    plan.peakOp = index;
    plan.peakOpName = findNodeName(op.getLoc()).value_or("").str();
  }
  for (auto [index, buffer] : llvm::enumerate(plan.buffers))
    if (buffer.first <= plan.peakOp && plan.peakOp <= buffer.last)
      plan.peakBuffers.push_back(index);
  return plan;
}

unsigned mlir::sic::getCallingConventionEnd(func::FuncOp func) {
  return getEnvArgIndex(func).value_or(func.getNumArguments());
}

void mlir::sic::applyMemoryPlan(func::FuncOp func, const MemoryPlan &plan) {
  MLIRContext *context = func.getContext();
  auto arenaType = MemRefType::get({static_cast<int64_t>(plan.arenaBytes)},
                                   IntegerType::get(context, 8));
  unsigned position = getCallingConventionEnd(func);
  NamedAttrList attrs;
  attrs.set(SicDialect::ArenaAttrHelper::getNameStr(), UnitAttr::get(context));
  (void)func.insertArgument(position, arenaType, attrs.getDictionary(context),
                            func.getLoc());
  BlockArgument arena = func.getArgument(position);

  for (const PlannedBuffer &buffer : plan.buffers) {
    memref::AllocOp alloc = buffer.alloc;
    OpBuilder builder(alloc);
    Value offset = builder.create<arith::ConstantIndexOp>(
        alloc.getLoc(), static_cast<int64_t>(buffer.offset));
    Value view = builder.create<memref::ViewOp>(
        alloc.getLoc(), alloc.getType(), arena, offset, ValueRange{});
    alloc.getResult().replaceAllUsesWith(view);
    alloc.erase();
  }
  SmallVector<Attribute> guards;
  for (const ArenaGuard &guard : plan.guards)
    guards.push_back(GuardAttr::get(context, guard.offset, guard.bytes));
  func->setAttr(SicDialect::ArenaPlanAttrHelper::getNameStr(),
                ArenaPlanAttr::get(context, plan.arenaBytes, plan.alignment,
                                   ArrayAttr::get(context, guards)));
}
