//===- FuzzFrontEnd.h - The path an untrusted model takes, for fuzzing ----===//
//
// Shared by the fuzz targets: import a model with the given importer, then
// run the front-end pipeline (sic-verify-graph, sic-schedule). Any crash,
// sanitizer report, hang or runaway allocation is a bug; every input that
// found one becomes a regression test in test/Import.
//
//===----------------------------------------------------------------------===//

#ifndef SIC_TEST_FUZZ_FUZZFRONTEND_H
#define SIC_TEST_FUZZ_FUZZFRONTEND_H

#include "sic/Import/ImportLimits.h"
#include "sic/Pipeline/Pipeline.h"
#include "sic/Pipeline/Registration.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/MemoryBuffer.h"

#include <cstddef>
#include <cstdint>

namespace mlir::sic {

/// Import limits small enough that no accepted input takes long to verify.
inline ImportLimits getFuzzLimits() {
  ImportLimits limits;
  limits.maxNodes = 4096;
  limits.maxTensors = 8192;
  limits.maxTensorElements = 1 << 24;
  limits.maxConstantBytes = 1 << 26;
  return limits;
}

/// Runs `import(buffer, context)` on the input and the front end on its
/// result, with diagnostics silenced.
template <typename Import>
int fuzzFrontEnd(const uint8_t *data, size_t size, const char *name,
                 Import import) {
  static const DialectRegistry registry = [] {
    DialectRegistry result;
    registerSicDialects(result);
    return result;
  }();
  // A fresh context per input: constants' resource blobs live in the context
  // and may point into `data`, which libFuzzer frees after the call.
  MLIRContext context(registry, MLIRContext::Threading::DISABLED);
  ScopedDiagnosticHandler silence(&context,
                                  [](Diagnostic &) { return success(); });
  llvm::MemoryBufferRef buffer(
      StringRef(reinterpret_cast<const char *>(data), size), name);
  OwningOpRef<ModuleOp> module = import(buffer, &context);
  if (!module)
    return 0;
  PassManager pm(&context);
  PipelineOptions options;
  options.last = Phase::Schedule;
  buildPipeline(pm, options);
  (void)pm.run(*module);
  return 0;
}

} // namespace mlir::sic

#endif // SIC_TEST_FUZZ_FUZZFRONTEND_H
