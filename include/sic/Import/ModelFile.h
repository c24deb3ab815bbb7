//===- ModelFile.h - Import a model file by its extension -------*- C++ -*-===//

#ifndef SIC_IMPORT_MODELFILE_H
#define SIC_IMPORT_MODELFILE_H

#include "sic/Import/OnnxImporter.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

#include <memory>

namespace mlir::sic {

/// Imports the model in `buffer` by the extension of its identifier: a SIC
/// model file (.fb), an ONNX model (.onnx, with `options`) or MLIR (.mlir,
/// parsed with the dialects loaded in `context`). `sourceMgr` takes the
/// buffer when the module refers to it: a .fb module's constants point into
/// the file. Diagnostics go to the context's handler; returns null on
/// failure.
OwningOpRef<ModuleOp>
importModelFile(std::unique_ptr<llvm::MemoryBuffer> buffer,
                MLIRContext &context, llvm::SourceMgr &sourceMgr,
                const OnnxImportOptions &options);

} // namespace mlir::sic

#endif // SIC_IMPORT_MODELFILE_H
