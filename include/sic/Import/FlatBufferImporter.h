//===- FlatBufferImporter.h - Import a SIC model file (.fb) -----*- C++ -*-===//

#ifndef SIC_IMPORT_FLATBUFFERIMPORTER_H
#define SIC_IMPORT_FLATBUFFERIMPORTER_H

#include "sic/Import/ImportLimits.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/Support/MemoryBuffer.h"

namespace mlir::sic {

/// Imports a SIC FlatBuffers model. The file is untrusted: it is verified
/// (FlatBuffers verifier, file identifier, format version) and every index,
/// size and name checked before use. Reports every fault as an error located
/// in the file and returns null if there was any. Constants point into
/// `buffer`, which must outlive the module.
OwningOpRef<ModuleOp> importFlatBufferModel(llvm::MemoryBufferRef buffer,
                                            MLIRContext *context,
                                            const ImportLimits &limits);

} // namespace mlir::sic

#endif // SIC_IMPORT_FLATBUFFERIMPORTER_H
