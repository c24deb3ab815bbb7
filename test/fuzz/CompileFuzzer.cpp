//===- CompileFuzzer.cpp - Fuzz the whole compile of small .fb models -----===//
//
// A .fb model through import, the checks, every lowering pass and the
// translation to optimized LLVM IR (no object file), at -O0, -O1 or -O2 as
// the input's size picks. Models are kept small so each input compiles in
// well under a second.
//
//===----------------------------------------------------------------------===//

#include "FuzzFrontEnd.h"

#include "sic/Import/FlatBufferImporter.h"
#include "sic/Target/ModelArtifact.h"

using namespace mlir;
using namespace mlir::sic;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  ImportLimits limits = getFuzzLimits();
  limits.maxNodes = 64;
  limits.maxTensors = 256;
  limits.maxTensorElements = 1 << 14;
  limits.maxConstantBytes = 1 << 18;
  PipelineOptions options;
  options.optLevel = size % 3;
  return fuzzPipeline(
      data, size, "fuzz.fb",
      [&](llvm::MemoryBufferRef buffer, MLIRContext *context) {
        return importFlatBufferModel(buffer, context, limits);
      },
      options,
      [&](ModuleOp module) -> LogicalResult {
        FailureOr<ModelSignature> signature = getModelSignature(module);
        if (failed(signature))
          return failure();
        LLVMLevels levels = getLLVMLevels(options.optLevel);
        CodeGenOptions codeGen{levels.optimize, levels.codeGen};
        return writeModelArtifact(module, *signature, codeGen,
                                  ArtifactKind::LLVMIR, "/dev/null");
      });
}
