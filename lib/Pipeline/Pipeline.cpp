//===- Pipeline.cpp - What each phase of the compiler runs ----------------===//

#include "sic/Pipeline/Pipeline.h"

#include "Sic/Transforms/Passes.h"

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"
#include "mlir/Pass/PassRegistry.h"

using namespace mlir;
using namespace mlir::sic;

void mlir::sic::buildPipeline(OpPassManager &pm, Phase last) {
  if (last >= Phase::Verify)
    pm.addNestedPass<GraphOp>(createVerifyGraphPass());
  if (last >= Phase::Schedule)
    pm.addPass(createSchedulePass());
}

namespace {
struct PipelineOptions : public PassPipelineOptions<PipelineOptions> {
  Option<Phase> compileTo{
      *this, "compile-to", llvm::cl::desc("The last phase to run"),
      llvm::cl::init(Phase::Schedule), llvm::cl::values(SIC_PHASE_VALUES)};
};
} // namespace

void mlir::sic::registerSicPipeline() {
  PassPipelineRegistration<PipelineOptions>(
      "sic-pipeline", "The passes sic-compile runs, up to a phase",
      [](OpPassManager &pm, const PipelineOptions &options) {
        buildPipeline(pm, options.compileTo);
      });
}
