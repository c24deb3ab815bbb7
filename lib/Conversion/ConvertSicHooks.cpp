//===- ConvertSicHooks.cpp - The convert-sic-hooks pass -------------------===//

#include "dialects/Sic/IR/SicOps.h"
#include "sic/Conversion/Passes.h"
#include "sic/Conversion/SicHooks.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Transforms/DialectConversion.h"
#include "llvm/ADT/SetVector.h"

namespace mlir::sic {
#define GEN_PASS_DEF_CONVERTSICHOOKSPASS
#include "sic/Conversion/Passes.h.inc"
} // namespace mlir::sic

using namespace mlir;
using namespace mlir::sic;

namespace {

/// Declares `void name(inputs...)` in `module` unless it is there.
void declareHook(ModuleOp module, StringRef name, TypeRange inputs) {
  if (module.lookupSymbol(name))
    return;
  OpBuilder builder = OpBuilder::atBlockBegin(module.getBody());
  auto hook = builder.create<func::FuncOp>(module.getLoc(), name,
                                           builder.getFunctionType(inputs, {}));
  hook.setPrivate();
}

struct ConvertSicHooksPass
    : public sic::impl::ConvertSicHooksPassBase<ConvertSicHooksPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *context = &getContext();
    auto envType = LLVM::LLVMPointerType::get(context);
    bool before = false, faults = false;
    // The element types of the outputs the after-op hooks read, in a
    // deterministic order.
    llvm::SetVector<Type> afterTypes;
    for (auto func : module.getOps<func::FuncOp>()) {
      bool hooked = false;
      // The function's distinct index checks, in the order they appear.
      llvm::SetVector<Attribute> checks;
      func.walk([&](Operation *op) {
        before |= isa<BeforeOpHookOp>(op);
        if (auto after = dyn_cast<AfterOpHookOp>(op))
          afterTypes.insert(after.getOutput().getType().getElementType());
        if (auto fault = dyn_cast<IndexFaultOp>(op))
          checks.insert(fault.getCheck());
        hooked |= isa<BeforeOpHookOp, AfterOpHookOp, IndexFaultOp>(op);
      });
      if (!checks.empty()) {
        faults = true;
        func->setAttr(SicDialect::IndexChecksAttrHelper::getNameStr(),
                      ArrayAttr::get(context, checks.getArrayRef()));
      }
      if (!hooked || getEnvArgIndex(func))
        continue;
      NamedAttrList attrs;
      attrs.set(SicDialect::EnvAttrHelper::getNameStr(),
                UnitAttr::get(context));
      (void)func.insertArgument(func.getNumArguments(), envType,
                                attrs.getDictionary(context), func.getLoc());
    }
    // Only a function's hooks can reach the environment.
    WalkResult outside = module.walk([](Operation *op) {
      if (!isa<BeforeOpHookOp, AfterOpHookOp, IndexFaultOp>(op) ||
          op->getParentOfType<func::FuncOp>())
        return WalkResult::advance();
      op->emitOpError("must be in a function, which gets the runtime's "
                      "environment to call");
      return WalkResult::interrupt();
    });
    if (outside.wasInterrupted())
      return signalPassFailure();
    auto i32 = IntegerType::get(context, 32);
    if (before)
      declareHook(module, kBeforeOpHookName, {envType, i32});
    for (Type type : afterTypes)
      declareHook(module, getAfterOpHookName(type),
                  {envType, i32, MemRefType::get({}, type)});
    if (faults)
      declareHook(module, kIndexFaultHookName,
                  {envType, i32, IntegerType::get(context, 64)});

    // A conversion rather than a greedy rewrite: nothing else is folded.
    RewritePatternSet patterns(context);
    populateHookLoweringPatterns(patterns);
    ConversionTarget target(*context);
    target.addIllegalOp<BeforeOpHookOp, AfterOpHookOp, IndexFaultOp>();
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });
    if (failed(applyPartialConversion(module, target, std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
