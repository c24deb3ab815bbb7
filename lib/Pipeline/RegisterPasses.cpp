//===- RegisterPasses.cpp - The passes sic-opt can name -------------------===//

#include "sic/Pipeline/Registration.h"

#include "sic/Pipeline/Pipeline.h"

#include "Sic/Transforms/Passes.h"

#include "mlir/Transforms/Passes.h"

void mlir::sic::registerSicPasses() {
  registerSicTransformsPasses();
  registerSicPipeline();
  // Upstream passes SIC's pipeline runs: canonicalize, cse, symbol-dce, ...
  registerTransformsPasses();
}
