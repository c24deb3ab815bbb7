//===- RegisterPasses.cpp - The passes sic-opt can name -------------------===//

#include "sic/Pipeline/Registration.h"

#include "sic/Conversion/Passes.h"
#include "sic/Pipeline/Pipeline.h"
#include "sic/Pipeline/SetTarget.h"
#include "sic/Transforms/Passes.h"

#include "dialects/Sic/Transforms/Passes.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Transforms/Passes.h"

void mlir::sic::registerSicPasses() {
  registerSicTransformsPasses();
  registerSicConversionPasses();
  registerSicCrossTransformsPasses();
  registerSetTargetPass();
  registerSicPipeline();
  // Upstream passes SIC's pipeline runs (canonicalize, cse, ...,
  // bufferization, the conversions to LLVM), so that sic-opt replays any
  // crash reproducer sic-compile writes.
  registerTransformsPasses();
  bufferization::registerEmptyTensorEliminationPass();
  bufferization::registerOneShotBufferizePass();
  registerConvertLinalgToLoopsPass();
  memref::registerExpandStridedMetadataPass();
  registerArithToLLVMConversionPass();
  registerConvertControlFlowToLLVMPass();
  registerConvertFuncToLLVMPass();
  registerConvertMathToLLVMPass();
  registerConvertMathToLibmPass();
  registerConvertAffineToStandardPass();
  registerConvertVectorToLLVMPass();
  registerConvertVectorToSCFPass();
  registerFinalizeMemRefToLLVMConversionPass();
  registerReconcileUnrealizedCastsPass();
  registerSCFToControlFlowPass();
}
