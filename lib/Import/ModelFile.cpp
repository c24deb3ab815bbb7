//===- ModelFile.cpp - Import a model file by its extension ---------------===//

#include "sic/Import/ModelFile.h"

#include "ModuleLimits.h"
#include "sic/Import/FlatBufferImporter.h"

#include "mlir/Parser/Parser.h"
#include "llvm/Support/Path.h"

using namespace mlir;
using namespace mlir::sic;

OwningOpRef<ModuleOp>
mlir::sic::importModelFile(std::unique_ptr<llvm::MemoryBuffer> buffer,
                           MLIRContext &context, llvm::SourceMgr &sourceMgr,
                           const OnnxImportOptions &options) {
  StringRef extension =
      llvm::sys::path::extension(buffer->getBufferIdentifier());
  Location fileLoc =
      FileLineColLoc::get(&context, buffer->getBufferIdentifier(), 0, 0);
  if (extension == ".mlir") {
    sourceMgr.AddNewSourceBuffer(std::move(buffer), llvm::SMLoc());
    OwningOpRef<ModuleOp> module =
        parseSourceFile<ModuleOp>(sourceMgr, &context);
    ImportDiagnostics diagnostics(fileLoc);
    if (module && !checkModuleLimits(*module, diagnostics, options.limits))
      return nullptr;
    return module;
  }
  if (extension == ".fb") {
    llvm::MemoryBufferRef ref = buffer->getMemBufferRef();
    // The module's constants point into the file: keep it alive.
    sourceMgr.AddNewSourceBuffer(std::move(buffer), llvm::SMLoc());
    return importFlatBufferModel(ref, &context, options.limits);
  }
  if (extension == ".onnx")
    return importOnnxModel(buffer->getMemBufferRef(), &context, options);
  emitError(fileLoc)
      << "unsupported input: expected a .fb, .onnx or .mlir file";
  return nullptr;
}
