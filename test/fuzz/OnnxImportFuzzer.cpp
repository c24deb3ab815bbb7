//===- OnnxImportFuzzer.cpp - Fuzz .onnx import and the front end ---------===//

#include "FuzzFrontEnd.h"

#include "sic/Import/OnnxImporter.h"

using namespace mlir;
using namespace mlir::sic;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  return fuzzFrontEnd(data, size, "fuzz.onnx",
                      [](llvm::MemoryBufferRef buffer, MLIRContext *context) {
                        OnnxImportOptions options;
                        options.limits = getFuzzLimits();
                        return importOnnxModel(buffer, context, options);
                      });
}
