//===- RegisterPasses.cpp - The passes sic-opt can name -------------------===//

#include "sic/Pipeline/Registration.h"

#include "sic/Conversion/Passes.h"
#include "sic/Pipeline/Pipeline.h"
#include "sic/Transforms/Passes.h"

#include "Sic/Transforms/Passes.h"

#include "mlir/Transforms/Passes.h"

void mlir::sic::registerSicPasses() {
  registerSicTransformsPasses();
  registerSicConversionPasses();
  registerSicCrossTransformsPasses();
  registerSicPipeline();
  // Upstream passes SIC's pipeline runs: canonicalize, cse, symbol-dce, ...
  registerTransformsPasses();
}
