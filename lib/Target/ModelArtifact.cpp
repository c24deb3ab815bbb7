//===- ModelArtifact.cpp - LLVM dialect to model.so, model.o, LLVM IR -----===//

#include "sic/Target/ModelArtifact.h"
#include "sic/Target/TargetDescription.h"

#include "Descriptor.h"
#include "SharedLibraryLink.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Target/TargetMachine.h"

using namespace mlir;
using namespace mlir::sic;

namespace {

/// Writes `module` as an object file into `os`.
bool emitObject(llvm::Module &module, llvm::TargetMachine &machine,
                llvm::raw_pwrite_stream &os) {
  llvm::legacy::PassManager passes;
  if (machine.addPassesToEmitFile(passes, os, nullptr,
                                  llvm::CodeGenFileType::ObjectFile))
    return false;
  passes.run(module);
  return true;
}

} // namespace

LogicalResult mlir::sic::writeModelArtifact(ModuleOp module,
                                            const ModelSignature &signature,
                                            const CodeGenOptions &options,
                                            ArtifactKind kind,
                                            StringRef outputPath) {
  FailureOr<TargetAttr> target = requireTarget(module);
  if (failed(target))
    return failure();
  llvm::Expected<std::unique_ptr<llvm::TargetMachine>> created =
      createTargetMachine(*target, options.codeGenLevel);
  if (!created)
    return module.emitError(llvm::toString(created.takeError()));
  std::unique_ptr<llvm::TargetMachine> machine = std::move(*created);
  std::string error;

  // The signature is read; the sic dialect's argument attributes mean
  // nothing to LLVM.
  module.walk([](LLVM::LLVMFuncOp op) {
    auto func = cast<FunctionOpInterface>(op.getOperation());
    for (unsigned i = 0, e = func.getNumArguments(); i < e; ++i) {
      SmallVector<NamedAttribute> kept;
      llvm::copy_if(func.getArgAttrs(i), std::back_inserter(kept),
                    [](NamedAttribute attr) {
                      return !isa_and_nonnull<SicDialect>(
                          attr.getNameDialect());
                    });
      func.setArgAttrs(i, kept);
    }
  });

  llvm::LLVMContext llvmContext;
  std::unique_ptr<llvm::Module> llvmModule =
      translateModuleToLLVMIR(module, llvmContext, signature.modelName);
  if (!llvmModule)
    return module.emitError("cannot translate the model to LLVM IR");
  llvmModule->setTargetTriple(machine->getTargetTriple().str());
  llvmModule->setDataLayout(machine->createDataLayout());
  if (failed(addEntryAndDescriptor(*llvmModule, signature)))
    return module.emitError("the planned model function @")
           << signature.functionName << " is missing or has a wrong signature";
  auto optimize = makeOptimizingTransformer(options.llvmOptLevel,
                                            /*sizeLevel=*/0, machine.get());
  if (llvm::Error err = optimize(llvmModule.get()))
    return module.emitError("LLVM optimization failed: ")
           << llvm::toString(std::move(err));

  if (kind == ArtifactKind::SharedLibrary && outputPath == "-")
    return module.emitError("a shared library needs an output file (-o)");
  if (kind != ArtifactKind::SharedLibrary) {
    std::unique_ptr<llvm::ToolOutputFile> out =
        openOutputFile(outputPath, &error);
    if (!out)
      return module.emitError(error);
    if (kind == ArtifactKind::LLVMIR)
      llvmModule->print(out->os(), nullptr);
    else if (!emitObject(*llvmModule, *machine, out->os()))
      return module.emitError("the target cannot emit object files");
    out->keep();
    return success();
  }

  // A shared library: the object goes through a temporary file to lld.
  llvm::SmallString<128> objectPath;
  int fd;
  if (std::error_code ec =
          llvm::sys::fs::createTemporaryFile("sic-model", "o", fd, objectPath))
    return module.emitError("cannot create a temporary file: ")
           << ec.message();
  llvm::FileRemover removeObject(objectPath);
  {
    llvm::raw_fd_ostream objectFile(fd, /*shouldClose=*/true);
    if (!emitObject(*llvmModule, *machine, objectFile))
      return module.emitError("the target cannot emit object files");
  }
  if (!linkSharedLibrary(objectPath, outputPath, machine->getTargetTriple(),
                         error))
    return module.emitError("linking ") << outputPath << " failed: " << error;
  return success();
}
