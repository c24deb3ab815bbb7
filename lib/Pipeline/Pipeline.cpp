//===- Pipeline.cpp - What each phase and -O level of the compiler runs ---===//

#include "sic/Pipeline/Pipeline.h"

#include "dialects/Sic/Transforms/Passes.h"
#include "sic/Conversion/Passes.h"
#include "sic/Pipeline/SetTarget.h"
#include "sic/Transforms/Passes.h"

#include "mlir/Conversion/AffineToStandard/AffineToStandard.h"
#include "mlir/Conversion/ArithToLLVM/ArithToLLVM.h"
#include "mlir/Conversion/ControlFlowToLLVM/ControlFlowToLLVM.h"
#include "mlir/Conversion/FuncToLLVM/ConvertFuncToLLVMPass.h"
#include "mlir/Conversion/MathToLLVM/MathToLLVM.h"
#include "mlir/Conversion/MathToLibm/MathToLibm.h"
#include "mlir/Conversion/MemRefToLLVM/MemRefToLLVM.h"
#include "mlir/Conversion/ReconcileUnrealizedCasts/ReconcileUnrealizedCasts.h"
#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
#include "mlir/Conversion/VectorToLLVM/ConvertVectorToLLVMPass.h"
#include "mlir/Conversion/VectorToSCF/VectorToSCF.h"
#include "mlir/Dialect/Bufferization/Transforms/OneShotAnalysis.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;
using namespace mlir::sic;

namespace {

void addCleanups(OpPassManager &pm) {
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
}

void addBufferization(OpPassManager &pm) {
  pm.addPass(bufferization::createEmptyTensorEliminationPass());
  pm.addPass(createBufferizePass());
  // A tensor computed in the slice it is then inserted into (a padded
  // buffer's interior) leaves a copy between two alike subviews: one view
  // after CSE, a copy the canonicalizer erases.
  pm.addPass(createCSEPass());
  pm.addPass(createCanonicalizerPass());
}

void addLLVMLowering(OpPassManager &pm) {
  // Transfers of more than one dimension left by the vectorized tiles.
  pm.addNestedPass<func::FuncOp>(createConvertVectorToSCFPass(
      VectorTransferToSCFOptions().enableFullUnroll()));
  pm.addNestedPass<func::FuncOp>(createConvertLinalgToLoopsPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createConvertSCFToCFPass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createConvertMathToLibmPass());
  pm.addPass(createConvertVectorToLLVMPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  ConvertFuncToLLVMPassOptions funcOptions;
  funcOptions.useBarePtrCallConv = true;
  pm.addPass(createConvertFuncToLLVMPass(funcOptions));
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
}

} // namespace

LLVMLevels mlir::sic::getLLVMLevels(unsigned optLevel) {
  switch (optLevel) {
  case 0:
    return {0, llvm::CodeGenOptLevel::None};
  case 1:
    return {1, llvm::CodeGenOptLevel::Less};
  case 2:
    return {2, llvm::CodeGenOptLevel::Default};
  default:
    return {3, llvm::CodeGenOptLevel::Aggressive};
  }
}

void mlir::sic::buildPipeline(OpPassManager &pm,
                              const PipelineOptions &options) {
  buildCheckingPipeline(pm, options);
  buildCompilingPipeline(pm, options);
}

void mlir::sic::buildCheckingPipeline(OpPassManager &pm,
                                      const PipelineOptions &options) {
  if (options.last >= Phase::Verify)
    pm.addNestedPass<GraphOp>(createVerifyGraphPass());
  if (options.last >= Phase::Schedule)
    pm.addPass(createSchedulePass());
}

void mlir::sic::buildCompilingPipeline(OpPassManager &pm,
                                       const PipelineOptions &options) {
  buildOptimizingPipeline(pm, options);
  buildLoweringPipeline(pm, options);
}

void mlir::sic::buildOptimizingPipeline(OpPassManager &pm,
                                        const PipelineOptions &options) {
  Phase last = options.last;
  if (last <= Phase::Schedule)
    return;
  pm.addPass(createSetTargetPass(options.target));
  if (options.injectedError) {
    TestInternalErrorPassOptions injected;
    injected.kind = *options.injectedError;
    pm.addNestedPass<func::FuncOp>(createTestInternalErrorPass(injected));
  }
  if (last >= Phase::Optimize && options.optLevel >= 1) {
    pm.addNestedPass<func::FuncOp>(createFoldIntoContractionsPass());
    addCleanups(pm);
  }
}

void mlir::sic::buildLoweringPipeline(OpPassManager &pm,
                                      const PipelineOptions &options) {
  Phase last = options.last;
  if (last >= Phase::Lower) {
    // Op hooks (debug checks, profiling) go in before anything is lowered
    // or fused; release code gets none.
    if (options.checks != CheckPolicy::Release || options.instrument) {
      InsertOpHooksPassOptions hookOptions;
      hookOptions.checks = options.checks;
      hookOptions.instrument = options.instrument;
      pm.addNestedPass<func::FuncOp>(createInsertOpHooksPass(hookOptions));
    }
    pm.addNestedPass<func::FuncOp>(createConvertSicToLinalgPass());
    // Every policy: the index checks of run-time indices call the runtime.
    pm.addPass(createConvertSicHooksPass());
    if (options.optLevel >= 2) {
      pm.addNestedPass<func::FuncOp>(createFuseElementwisePass());
      pm.addNestedPass<func::FuncOp>(createConvToWinogradPass());
      pm.addNestedPass<func::FuncOp>(createConvToIm2ColPass());
      pm.addNestedPass<func::FuncOp>(createPadConstantRowsPass());
      pm.addNestedPass<func::FuncOp>(createVectorizeContractionsPass());
      pm.addNestedPass<func::FuncOp>(createFuseAccumulatorInitsPass());
      pm.addNestedPass<func::FuncOp>(createFuseEpiloguesPass());
      pm.addNestedPass<func::FuncOp>(createVectorizeGenericsPass());
      pm.addNestedPass<func::FuncOp>(createVectorizePoolsPass());
      pm.addNestedPass<func::FuncOp>(createReassociateReductionsPass());
      pm.addNestedPass<func::FuncOp>(createApproximateMathPass());
    }
    if (options.optLevel >= 1)
      addCleanups(pm);
    // After the cleanups, whose CSE would merge the padded buffers.
    if (options.optLevel >= 2)
      pm.addNestedPass<func::FuncOp>(createPadInPlacePass());
  }
  if (last >= Phase::Bufferize) {
    addBufferization(pm);
    // Before the arena exists: hoisting the accumulators out of a reduction
    // loop needs to see that its other buffers cannot alias them.
    if (options.optLevel >= 2) {
      pm.addNestedPass<func::FuncOp>(createLowerVectorsPass());
      pm.addNestedPass<func::FuncOp>(createPrefetchStreamsPass());
    }
  }
  if (last >= Phase::PlanMemory) {
    PlanMemoryPassOptions planOptions;
    planOptions.memoryReport = options.memoryReport;
    planOptions.guards = options.checks == CheckPolicy::Debug;
    pm.addNestedPass<func::FuncOp>(createPlanMemoryPass(planOptions));
  }
  if (last >= Phase::LLVM) {
    // Tile loops are marked parallel at -O2 and above.
    if (options.optLevel >= 2)
      pm.addPass(createParallelizeLoopsPass());
    addLLVMLowering(pm);
  }
}

namespace {
struct PipelineCLOptions : public PassPipelineOptions<PipelineCLOptions> {
  Option<Phase> compileTo{
      *this, "compile-to", llvm::cl::desc("The last phase to run"),
      llvm::cl::init(Phase::Schedule), llvm::cl::values(SIC_PHASE_VALUES)};
  Option<unsigned> optLevel{*this, "opt-level",
                            llvm::cl::desc("The -O level (0 to 3)"),
                            llvm::cl::init(2)};
  Option<MemoryReport> memoryReport{
      *this, "memory-report", llvm::cl::desc("sic-plan-memory's report"),
      llvm::cl::init(MemoryReport::None),
      llvm::cl::values(SIC_MEMORY_REPORT_VALUES)};
  Option<std::string> targetTriple{
      *this, "target-triple",
      llvm::cl::desc("LLVM's target triple (default: the host's)")};
  Option<std::string> targetCpu{
      *this, "target-cpu",
      llvm::cl::desc("LLVM's CPU name (default: the host's)")};
  Option<std::string> targetFeatures{
      *this, "target-features",
      llvm::cl::desc("LLVM features, e.g. +avx2,-avx512f")};
  Option<CheckPolicy> checks{
      *this, "checks", llvm::cl::desc("The check policy"),
      llvm::cl::init(CheckPolicy::Release),
      llvm::cl::values(SIC_CHECK_POLICY_VALUES)};
  Option<bool> instrument{
      *this, "instrument",
      llvm::cl::desc("Call the runtime before and after every op"),
      llvm::cl::init(false)};
};
} // namespace

void mlir::sic::registerSicPipeline() {
  PassPipelineRegistration<PipelineCLOptions>(
      "sic-pipeline", "The passes sic-compile runs, up to a phase",
      [](OpPassManager &pm, const PipelineCLOptions &cl) {
        PipelineOptions options;
        options.last = cl.compileTo;
        options.optLevel = cl.optLevel;
        options.memoryReport = cl.memoryReport;
        options.target = {cl.targetTriple, cl.targetCpu, cl.targetFeatures};
        options.checks = cl.checks;
        options.instrument = cl.instrument;
        buildPipeline(pm, options);
      });
}
