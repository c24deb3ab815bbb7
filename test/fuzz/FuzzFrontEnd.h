//===- FuzzFrontEnd.h - The path an untrusted model takes, for fuzzing ----===//
//
// Shared by the fuzz targets: import a model with the given importer, then
// run the front-end pipeline (sic-verify-graph, sic-schedule) or the whole
// compile. Any crash, internal error, sanitizer report, hang or runaway
// allocation is a bug; every input that found one becomes a regression test
// (test/Import for the front end, test/EndToEnd for the compile).
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
#include "llvm/Support/ErrorHandling.h"
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

/// Runs `import(buffer, context)` on the input and, on its result, the
/// pipeline through `options.last`, with diagnostics silenced; then
/// `finish(module)` when the pipeline succeeds. A failure after the checks
/// (verify, schedule) is an internal error, which aborts like a crash.
template <typename Import, typename Finish>
int fuzzPipeline(const uint8_t *data, size_t size, const char *name,
                 Import import, const PipelineOptions &options,
                 Finish finish) {
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
  PassManager checking(&context), compiling(&context);
  buildCheckingPipeline(checking, options);
  buildCompilingPipeline(compiling, options);
  if (failed(checking.run(*module)))
    return 0;
  if (failed(compiling.run(*module)) || failed(finish(*module)))
    llvm::report_fatal_error("internal error: a model the checks accepted "
                             "did not compile");
  return 0;
}

/// The front end alone: import, verify, schedule.
template <typename Import>
int fuzzFrontEnd(const uint8_t *data, size_t size, const char *name,
                 Import import) {
  PipelineOptions options;
  options.last = Phase::Schedule;
  return fuzzPipeline(data, size, name, import, options,
                      [](ModuleOp) { return success(); });
}

} // namespace mlir::sic

#endif // SIC_TEST_FUZZ_FUZZFRONTEND_H
