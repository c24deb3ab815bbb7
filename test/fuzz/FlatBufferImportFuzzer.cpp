//===- FlatBufferImportFuzzer.cpp - Fuzz .fb import and the front end -----===//

#include "FuzzFrontEnd.h"

#include "sic/Import/FlatBufferImporter.h"

using namespace mlir;
using namespace mlir::sic;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  return fuzzFrontEnd(data, size, "fuzz.fb",
                      [](llvm::MemoryBufferRef buffer, MLIRContext *context) {
                        return importFlatBufferModel(buffer, context,
                                                     getFuzzLimits());
                      });
}
