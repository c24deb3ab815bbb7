//===- ParallelizeLoops.cpp - The sic-parallelize-loops pass --------------===//

#include "sic/Transforms/Passes.h"

#include "dialects/Sic/IR/ParallelMark.h"
#include "dialects/Sic/IR/SicDialect.h"
#include "sic/Conversion/SicHooks.h"

#include "ViewedBuffer.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Transforms/RegionUtils.h"

#include <limits>

namespace mlir::sic {
#define GEN_PASS_DEF_PARALLELIZELOOPSPASS
#include "sic/Transforms/Passes.h.inc"
} // namespace mlir::sic

using namespace mlir;

namespace {

/// A value a task function can take as an argument: a scalar, or a memref
/// the bare-pointer calling convention passes (static shape and strides).
bool isPassable(Type type) {
  if (type.isIntOrIndexOrFloat())
    return true;
  auto memref = dyn_cast<MemRefType>(type);
  if (!memref || !memref.hasStaticShape())
    return false;
  SmallVector<int64_t> strides;
  int64_t offset;
  return succeeded(getStridesAndOffset(memref, strides, offset)) &&
         !ShapedType::isDynamic(offset) &&
         llvm::none_of(strides, ShapedType::isDynamic);
}

/// Whether `op` has no memory effect but reads (false if its effects are
/// unknown).
bool onlyReads(Operation *op) {
  std::optional<SmallVector<MemoryEffects::EffectInstance>> effects =
      getEffectsRecursively(op);
  return effects && llvm::all_of(*effects, [](const auto &effect) {
           return isa<MemoryEffects::Read>(effect.getEffect());
         });
}

/// Whether nothing in `loop` may write a buffer `op` reads: every write in
/// it names its buffer, and none is a view of one of `op`'s.
bool writesNoneRead(scf::ForOp loop, Operation *op) {
  SmallVector<Value> read;
  for (Value operand : op->getOperands())
    if (isa<MemRefType>(operand.getType()))
      read.push_back(sic::getViewedBuffer(operand));
  if (read.empty())
    return true;
  std::optional<SmallVector<MemoryEffects::EffectInstance>> effects =
      getEffectsRecursively(loop);
  return effects && llvm::none_of(*effects, [&](const auto &effect) {
           Value buffer = effect.getValue();
           return !isa<MemoryEffects::Read>(effect.getEffect()) &&
                  (!buffer ||
                   llvm::is_contained(read, sic::getViewedBuffer(buffer)));
         });
}

/// Whether `op`, whose result `loop` uses, can run again at the start of
/// each of the loop's chunks instead: it is in the loop's block, before it,
/// has no region and no effect but reads, nothing between it and the loop
/// writes memory, and the loop writes none of the buffers it reads (so
/// every chunk reads what it read). Loop-invariant code motion leaves such
/// ops (a vector read of a bias) before the loops they came from.
bool canRecompute(Operation *op, scf::ForOp loop) {
  if (!op || op->getBlock() != loop->getBlock() || op->getNumRegions() != 0 ||
      !op->isBeforeInBlock(loop) || !onlyReads(op) || !writesNoneRead(loop, op))
    return false;
  for (Operation *next = op->getNextNode(); next != loop.getOperation();
       next = next->getNextNode())
    if (!onlyReads(next))
      return false;
  return true;
}

/// What `loop` shares between threads: its chunk count, the values it
/// captures, the constants from outside it that its body uses (cloned into
/// the task) and the ops before it that each chunk runs again (their results
/// cannot be arguments: vectors), if it can be shared.
struct Sharing {
  int64_t chunks;
  SmallVector<Value> captures;
  SmallVector<Value> constants;
  SmallVector<Operation *> recomputed;
};

std::optional<Sharing> getSharing(scf::ForOp loop) {
  std::optional<int64_t> lower = getConstantIntValue(loop.getLowerBound());
  std::optional<int64_t> upper = getConstantIntValue(loop.getUpperBound());
  std::optional<int64_t> step = getConstantIntValue(loop.getStep());
  if (loop.getNumResults() != 0 || !lower || !upper || !step || *step <= 0 ||
      *upper <= *lower)
    return std::nullopt;
  int64_t chunks = (*upper - *lower + *step - 1) / *step;
  if (chunks < 2 || chunks > std::numeric_limits<int32_t>::max())
    return std::nullopt;
  bool shareable = true;
  loop.getBody()->walk([&](Operation *op) {
    if (isa<func::CallOp, memref::ViewOp, memref::AllocOp>(op))
      shareable = false;
  });
  if (!shareable)
    return std::nullopt;
  llvm::SetVector<Value> used;
  getUsedValuesDefinedAbove(loop.getRegion(), used);
  Sharing sharing{chunks, {}, {}, {}};
  llvm::SetVector<Operation *> recomputed;
  // `used` grows by the operands of the ops recomputed.
  for (unsigned i = 0; i < used.size(); ++i) {
    Value value = used[i];
    if (matchPattern(value, m_Constant())) {
      sharing.constants.push_back(value);
      continue;
    }
    if (isPassable(value.getType())) {
      sharing.captures.push_back(value);
      continue;
    }
    Operation *op = value.getDefiningOp();
    if (!canRecompute(op, loop))
      return std::nullopt;
    recomputed.insert(op);
    used.insert(op->operand_begin(), op->operand_end());
  }
  sharing.recomputed = recomputed.takeVector();
  llvm::sort(sharing.recomputed,
             [](Operation *a, Operation *b) { return a->isBeforeInBlock(b); });
  return sharing;
}

/// Moves `loop`'s body into a new function `name`(index chunk, captures...)
/// before `func`, and returns it.
func::FuncOp outline(scf::ForOp loop, const Sharing &sharing, StringRef name,
                     func::FuncOp func, OpBuilder &builder) {
  Location loc = loop.getLoc();
  SmallVector<Type> inputs = {builder.getIndexType()};
  for (Value capture : sharing.captures)
    inputs.push_back(capture.getType());
  builder.setInsertionPoint(func);
  auto task = builder.create<func::FuncOp>(loc, name,
                                           builder.getFunctionType(inputs, {}));
  task.setPrivate();
  Block *entry = task.addEntryBlock();
  builder.setInsertionPointToStart(entry);

  IRMapping mapping;
  for (auto [capture, arg] :
       llvm::zip(sharing.captures, entry->getArguments().drop_front()))
    mapping.map(capture, arg);
  // Constants the body and the bounds use, cloned once each.
  auto cloneConstant = [&](Value value) {
    if (Value copy = mapping.lookupOrNull(value))
      return copy;
    Value copy = builder.clone(*value.getDefiningOp())->getResult(0);
    mapping.map(value, copy);
    return copy;
  };
  for (Value value : sharing.constants)
    cloneConstant(value);
  for (Operation *op : sharing.recomputed)
    builder.clone(*op, mapping);
  // The loop's index at chunk `chunk`: lower + chunk * step.
  Value step = cloneConstant(loop.getStep());
  Value lower = cloneConstant(loop.getLowerBound());
  Value index = builder.create<arith::AddIOp>(
      loc, lower,
      builder.create<arith::MulIOp>(loc, entry->getArgument(0), step));
  mapping.map(loop.getInductionVar(), index);
  for (Operation &op : loop.getBody()->without_terminator())
    builder.clone(op, mapping);
  builder.create<func::ReturnOp>(loc);
  return task;
}

/// The environment argument of `func`, added if it has none (last, as
/// sic-plan-memory leaves it).
Value getOrAddEnv(func::FuncOp func) {
  if (std::optional<unsigned> env = sic::getEnvArgIndex(func))
    return func.getArgument(*env);
  MLIRContext *context = func.getContext();
  NamedAttrList attrs;
  attrs.set(sic::SicDialect::EnvAttrHelper::getNameStr(),
            UnitAttr::get(context));
  unsigned index = func.getNumArguments();
  (void)func.insertArgument(index, LLVM::LLVMPointerType::get(context),
                            attrs.getDictionary(context), func.getLoc());
  return func.getArgument(index);
}

struct ParallelizeLoopsPass
    : public sic::impl::ParallelizeLoopsPassBase<ParallelizeLoopsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    StringRef mark = sic::kParallelMark;
    SmallVector<func::FuncOp> funcs(module.getOps<func::FuncOp>());
    for (func::FuncOp func : funcs) {
      if (func.isExternal())
        continue;
      SmallVector<scf::ForOp> loops;
      for (Operation &op : func.getBody().front())
        if (auto loop = dyn_cast<scf::ForOp>(op); loop && loop->hasAttr(mark))
          loops.push_back(loop);
      unsigned number = 0;
      for (scf::ForOp loop : loops) {
        std::optional<Sharing> sharing = getSharing(loop);
        if (!sharing)
          continue;
        OpBuilder builder(loop);
        std::string name =
            (func.getName() + "_task" + llvm::Twine(number++)).str();
        outline(loop, *sharing, name, func, builder);
        Value env = getOrAddEnv(func);
        Location loc = loop.getLoc();
        SmallVector<Type> inputs = {env.getType(), builder.getI32Type()};
        for (Value capture : sharing->captures)
          inputs.push_back(capture.getType());
        builder.setInsertionPoint(func);
        auto launch = builder.create<func::FuncOp>(
            loc, (sic::kTaskLaunchPrefix + name).str(),
            builder.getFunctionType(inputs, {}));
        launch.setPrivate();
        builder.setInsertionPoint(loop);
        SmallVector<Value> operands = {
            env,
            builder.create<arith::ConstantIntOp>(loc, sharing->chunks, 32)};
        llvm::append_range(operands, sharing->captures);
        builder.create<func::CallOp>(loc, launch, operands);
        loop.erase();
      }
    }
    module.walk([&](scf::ForOp loop) { loop->removeAttr(mark); });
  }
};

} // namespace
