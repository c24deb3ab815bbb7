//===- FlatBufferImportFuzzer.cpp - Fuzz model import and verification ----===//
//
// libFuzzer target over the path an untrusted model.fb takes: the importer,
// then the front-end pipeline (sic-verify-graph, sic-schedule). Any crash,
// sanitizer report, hang or runaway allocation is a bug; every input that
// found one becomes a regression test in test/Import.
//
//===----------------------------------------------------------------------===//

#include "sic/Import/FlatBufferImporter.h"
#include "sic/Pipeline/Pipeline.h"
#include "sic/Pipeline/Registration.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"

#include <cstddef>
#include <cstdint>

using namespace mlir;
using namespace mlir::sic;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const DialectRegistry registry = [] {
    DialectRegistry result;
    registerSicDialects(result);
    return result;
  }();
  // A fresh context per input: constants' resource blobs live in the context
  // and point into `data`, which libFuzzer frees after this call.
  MLIRContext context(registry, MLIRContext::Threading::DISABLED);
  ScopedDiagnosticHandler silence(&context,
                                  [](Diagnostic &) { return success(); });
  llvm::MemoryBufferRef buffer(
      StringRef(reinterpret_cast<const char *>(data), size), "fuzz.fb");
  // Import limits small enough that no accepted input takes long to verify.
  ImportLimits limits;
  limits.maxNodes = 4096;
  limits.maxTensors = 8192;
  limits.maxTensorElements = 1 << 24;
  limits.maxConstantBytes = 1 << 26;
  OwningOpRef<ModuleOp> module =
      importFlatBufferModel(buffer, &context, limits);
  if (!module)
    return 0;
  PassManager pm(&context);
  buildPipeline(pm, Phase::Schedule);
  (void)pm.run(*module);
  return 0;
}
