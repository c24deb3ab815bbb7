//===- PlanMemory.cpp - The sic-plan-memory pass --------------------------===//
//
// Gives a bufferized model function its calling convention (inputs, outputs,
// arena) and places every buffer it allocates in the arena; see Passes.td.
//
//===----------------------------------------------------------------------===//

#include "MemoryPlan.h"

#include "sic/Transforms/Passes.h"

#include "dialects/Sic/IR/SicDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Builders.h"

namespace mlir::sic {
#define GEN_PASS_DEF_PLANMEMORYPASS
#include "sic/Transforms/Passes.h.inc"
} // namespace mlir::sic

using namespace mlir;
using namespace mlir::sic;

namespace {

/// Turns the function's results into out-parameters appended to its
/// arguments. A result allocated here becomes the caller's buffer; any other
/// (an input, a constant, a view, a result returned twice) is copied.
/// The tensor type an argument of the model's signature has: what the
/// compiled model's descriptor describes once memrefs are lowered away.
NamedAttribute getSignatureType(MemRefType type) {
  Builder builder(type.getContext());
  return builder.getNamedAttr(SicDialect::TypeAttrHelper::getNameStr(),
                              TypeAttr::get(RankedTensorType::get(
                                  type.getShape(), type.getElementType())));
}

void convertResultsToOutputs(func::FuncOp func) {
  Block &body = func.getBody().front();
  // Inputs are the memrefs; the runtime's environment, if any, is no tensor.
  // A sic.type already there keeps a storage type the memref has lost (an
  // unsigned integer's signedness).
  for (BlockArgument input : func.getArguments())
    if (auto type = dyn_cast<MemRefType>(input.getType());
        type && !func.getArgAttr(input.getArgNumber(),
                                 SicDialect::TypeAttrHelper::getNameStr()))
      func.setArgAttr(input.getArgNumber(),
                      SicDialect::TypeAttrHelper::getNameStr(),
                      getSignatureType(type).getValue());
  auto ret = cast<func::ReturnOp>(body.getTerminator());
  OpBuilder builder(ret);
  llvm::SmallPtrSet<Operation *, 4> claimed;
  for (auto [index, result] : llvm::enumerate(ret.getOperands())) {
    NamedAttrList attrs(func.getResultAttrDict(index));
    attrs.set(SicDialect::OutputAttrHelper::getNameStr(),
              builder.getUnitAttr());
    NamedAttribute type = getSignatureType(cast<MemRefType>(result.getType()));
    if (!attrs.get(type.getName()))
      attrs.set(type.getName(), type.getValue());
    unsigned position = getCallingConventionEnd(func);
    (void)func.insertArgument(position, result.getType(),
                              attrs.getDictionary(func.getContext()),
                              ret.getLoc());
    BlockArgument output = func.getArgument(position);
    auto alloc = result.getDefiningOp<memref::AllocOp>();
    if (alloc && claimed.insert(alloc).second) {
      alloc.getResult().replaceAllUsesWith(output);
      alloc.erase();
    } else {
      builder.create<linalg::CopyOp>(ret.getLoc(), result, output);
    }
  }
  ret->setOperands({});
  func.eraseResults(llvm::BitVector(func.getNumResults(), true));
}

/// Passes every tensor of the signature that has no elements as a rank-1
/// memref<0xT>, viewed in the body under its own shape. LLVM's bare-pointer
/// calling convention refuses a multi-dim memref with a zero dim (its
/// canonical layout is the constant 0, not a strided one); there are no
/// bytes behind such a tensor anyway, and sic.type keeps its shape for the
/// descriptor.
void flattenEmptyArguments(func::FuncOp func) {
  Block &body = func.getBody().front();
  OpBuilder builder = OpBuilder::atBlockBegin(&body);
  for (BlockArgument argument : func.getArguments()) {
    auto type = dyn_cast<MemRefType>(argument.getType());
    if (!type || type.getNumElements() != 0 || type.getRank() == 1)
      continue;
    auto flat = MemRefType::get({0}, type.getElementType());
    argument.setType(flat);
    SmallVector<ReassociationIndices> all = {
        llvm::to_vector(llvm::seq<int64_t>(0, type.getRank()))};
    Value view = builder.create<memref::ExpandShapeOp>(
        argument.getLoc(), type, argument, all);
    argument.replaceAllUsesExcept(view, view.getDefiningOp());
  }
  func.setType(FunctionType::get(func.getContext(), body.getArgumentTypes(),
                                 func.getResultTypes()));
}

struct PlanMemoryPass
    : public sic::impl::PlanMemoryPassBase<PlanMemoryPass> {
  using PlanMemoryPassBase::PlanMemoryPassBase;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal())
      return;
    FailureOr<sic::TargetAttr> target = sic::requireTarget(func);
    if (failed(target))
      return signalPassFailure();
    uint64_t alignment = target->getAlignment();
    convertResultsToOutputs(func);
    flattenEmptyArguments(func);
    // Guards keep the buffers behind them aligned.
    FailureOr<MemoryPlan> plan =
        planMemory(func, alignment, guards ? alignment : 0);
    if (failed(plan))
      return signalPassFailure();
    switch (memoryReport) {
    case MemoryReport::None:
      break;
    case MemoryReport::Summary:
      printMemoryReportSummary(*plan, func.getSymName(), llvm::outs());
      break;
    case MemoryReport::Text:
      printMemoryReportText(*plan, func.getSymName(), llvm::outs());
      break;
    case MemoryReport::Json:
      printMemoryReportJson(*plan, func.getSymName(), llvm::outs());
      break;
    case MemoryReport::Svg:
      printMemoryReportSvg(*plan, func.getSymName(), llvm::outs());
      break;
    }
    applyMemoryPlan(func, *plan);
  }
};

} // namespace
