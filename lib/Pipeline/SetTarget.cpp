//===- SetTarget.cpp - The sic-set-target pass ----------------------------===//

#include "sic/Pipeline/SetTarget.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassRegistry.h"

using namespace mlir;
using namespace mlir::sic;

namespace {

struct SetTargetPass
    : public PassWrapper<SetTargetPass, OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(SetTargetPass)

  SetTargetPass() = default;
  SetTargetPass(const SetTargetPass &other) : PassWrapper(other) {}
  explicit SetTargetPass(const TargetSelection &selection) {
    triple = selection.triple;
    cpu = selection.cpu;
    features = selection.features;
  }

  StringRef getArgument() const final { return "sic-set-target"; }
  StringRef getDescription() const final {
    return "Set the module's #sic.target from a triple, CPU and features "
           "(the host's where empty)";
  }

  void getDependentDialects(DialectRegistry &registry) const final {
    registry.insert<SicDialect>();
  }

  void runOnOperation() final {
    ModuleOp module = getOperation();
    llvm::Expected<TargetAttr> target =
        describeTarget(&getContext(), {triple, cpu, features});
    if (!target) {
      module.emitError(llvm::toString(target.takeError()));
      return signalPassFailure();
    }
    getContext()
        .getLoadedDialect<SicDialect>()
        ->getTargetAttrHelper()
        .setAttr(module, *target);
  }

  Option<std::string> triple{*this, "triple",
                             llvm::cl::desc("LLVM's target triple")};
  Option<std::string> cpu{*this, "cpu", llvm::cl::desc("LLVM's CPU name")};
  Option<std::string> features{
      *this, "features",
      llvm::cl::desc("LLVM features, e.g. +avx2,-avx512f")};
};

} // namespace

std::unique_ptr<Pass>
mlir::sic::createSetTargetPass(const TargetSelection &selection) {
  return std::make_unique<SetTargetPass>(selection);
}

void mlir::sic::registerSetTargetPass() { PassRegistration<SetTargetPass>(); }
