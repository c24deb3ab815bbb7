//===- CompilerMain.cpp - sic-compile's command line ----------------------===//

#include "sic/Driver/CompilerMain.h"

#include "ModelDiagnostics.h"

#include "sic/Import/FlatBufferImporter.h"
#include "sic/Import/FlatBufferWriter.h"
#include "sic/Import/OnnxImporter.h"
#include "sic/Pipeline/Pipeline.h"
#include "sic/Pipeline/Registration.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Support/Timing.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"

using namespace mlir;
using namespace mlir::sic;
namespace cl = llvm::cl;

namespace {

/// What sic-compile writes.
enum class Emit { MLIR, FlatBuffer };

struct Options {
  cl::OptionCategory category{"SIC options"};
  cl::opt<std::string> input{cl::Positional, cl::cat(category),
                             cl::desc("<model.fb | model.onnx | model.mlir>"),
                             cl::init("-")};
  cl::opt<std::string> output{"o", cl::cat(category),
                              cl::desc("Output file (default: stdout)"),
                              cl::value_desc("file"), cl::init("-")};
  cl::opt<Phase> compileTo{"compile-to", cl::cat(category),
                           cl::desc("Stop after this phase and print the IR"),
                           cl::init(Phase::Schedule),
                           cl::values(SIC_PHASE_VALUES)};
  cl::opt<Emit> emit{
      "emit", cl::cat(category), cl::desc("What to write"),
      cl::init(Emit::MLIR),
      cl::values(clEnumValN(Emit::MLIR, "mlir", "the IR after the phase"),
                 clEnumValN(Emit::FlatBuffer, "fb",
                            "the verified graph as a SIC model file (.fb); "
                            "converts ONNX models"))};

  cl::list<std::string> inputShapes{
      "input-shape", cl::cat(category),
      cl::desc("Fix the shape of an ONNX graph input, e.g. x=1x3x224x224 "
               "(repeat for several inputs)"),
      cl::value_desc("name=d0xd1x...")};

  cl::OptionCategory limitsCategory{"Import limits (untrusted models)"};
  cl::opt<uint64_t> maxNodes{"max-nodes", cl::desc("Most nodes in a model"),
                             cl::init(ImportLimits().maxNodes),
                             cl::cat(limitsCategory)};
  cl::opt<uint64_t> maxTensors{
      "max-tensors", cl::desc("Most tensors in a model"),
      cl::init(ImportLimits().maxTensors), cl::cat(limitsCategory)};
  cl::opt<uint64_t> maxRank{"max-rank", cl::desc("Highest tensor rank"),
                            cl::init(ImportLimits().maxRank),
                            cl::cat(limitsCategory)};
  cl::opt<uint64_t> maxTensorElements{
      "max-tensor-elements", cl::desc("Most elements in one tensor"),
      cl::init(ImportLimits().maxTensorElements), cl::cat(limitsCategory)};
  cl::opt<uint64_t> maxConstantBytes{
      "max-constant-bytes", cl::desc("Most bytes of constants in a model"),
      cl::init(ImportLimits().maxConstantBytes), cl::cat(limitsCategory)};

  /// Fails (reporting it) if a limit is above what SIC can represent: node
  /// and tensor indices are 32-bit, and byte sizes of tensors must fit 63 bits.
  LogicalResult checkLimits() const {
    struct Cap {
      const cl::opt<uint64_t> &option;
      uint64_t max;
    };
    for (Cap cap : {Cap{maxNodes, INT32_MAX}, Cap{maxTensors, INT32_MAX},
                    Cap{maxRank, 1024}, Cap{maxTensorElements, 1ull << 60}}) {
      if (cap.option <= cap.max)
        continue;
      llvm::errs() << "sic-compile: error: --" << cap.option.ArgStr
                   << " must be at most " << cap.max << "\n";
      return failure();
    }
    return success();
  }

  ImportLimits getLimits() const {
    return ImportLimits{maxNodes, maxTensors, maxRank, maxTensorElements,
                        maxConstantBytes};
  }
};

/// Parses --input-shape values ("x=1x3x224x224") into `shapes`.
LogicalResult
parseInputShapes(ArrayRef<std::string> values,
                 llvm::StringMap<SmallVector<int64_t, 4>> &shapes) {
  for (StringRef value : values) {
    auto [name, dims] = value.rsplit('=');
    SmallVector<StringRef> parts;
    dims.split(parts, 'x');
    SmallVector<int64_t, 4> shape;
    bool valid = !name.empty() && !dims.empty() && value.contains('=');
    for (StringRef part : parts) {
      int64_t dim;
      valid &= !part.getAsInteger(10, dim) && dim >= 0;
      shape.push_back(dim);
    }
    if (!valid) {
      llvm::errs() << "sic-compile: error: --input-shape '" << value
                   << "' is not of the form name=d0xd1x... (e.g. "
                      "x=1x3x224x224)\n";
      return failure();
    }
    if (!shapes.try_emplace(name, std::move(shape)).second) {
      llvm::errs() << "sic-compile: error: --input-shape gives '" << name
                   << "' twice\n";
      return failure();
    }
  }
  return success();
}

/// Imports `buffer` by its extension. Diagnostics go to the context's
/// handler; returns null on failure.
OwningOpRef<ModuleOp> importModel(std::unique_ptr<llvm::MemoryBuffer> buffer,
                                  MLIRContext &context, llvm::SourceMgr &mgr,
                                  const OnnxImportOptions &options) {
  StringRef extension =
      llvm::sys::path::extension(buffer->getBufferIdentifier());
  if (extension == ".mlir") {
    mgr.AddNewSourceBuffer(std::move(buffer), llvm::SMLoc());
    return parseSourceFile<ModuleOp>(mgr, &context);
  }
  if (extension == ".fb") {
    llvm::MemoryBufferRef ref = buffer->getMemBufferRef();
    // The module's constants point into the file: keep it alive.
    mgr.AddNewSourceBuffer(std::move(buffer), llvm::SMLoc());
    return importFlatBufferModel(ref, &context, options.limits);
  }
  if (extension == ".onnx")
    return importOnnxModel(buffer->getMemBufferRef(), &context, options);
  emitError(FileLineColLoc::get(&context, buffer->getBufferIdentifier(), 0, 0))
      << "unsupported input: expected a .fb, .onnx or .mlir file";
  return nullptr;
}

/// Hides, from --help, the options that libLLVM registers for its code
/// generators; SIC's own and MLIR's (--mlir-*) stay. --help-hidden shows all.
void hideForeignOptions(const Options &options) {
  for (auto &[name, option] : cl::getRegisteredOptions()) {
    bool ours = llvm::any_of(option->Categories, [&](cl::OptionCategory *c) {
      return c == &options.category || c == &options.limitsCategory;
    });
    if (!ours && !name.starts_with("mlir-") && !name.starts_with("help") &&
        name != "version")
      option->setHiddenFlag(cl::Hidden);
  }
}

} // namespace

int mlir::sic::compilerMain(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  Options options;
  registerMLIRContextCLOptions();
  registerPassManagerCLOptions();
  registerAsmPrinterCLOptions();
  registerDefaultTimingManagerCLOptions();
  hideForeignOptions(options);
  cl::ParseCommandLineOptions(argc, argv, "SIC model compiler\n");

  DialectRegistry registry;
  registerSicDialects(registry);
  MLIRContext context(registry);
  context.printOpOnDiagnostic(false);
  ModelDiagnosticHandler diagnostics(&context, llvm::errs());

  std::string error;
  std::unique_ptr<llvm::MemoryBuffer> file =
      openInputFile(options.input, &error);
  if (!file) {
    llvm::errs() << "sic-compile: error: " << error << "\n";
    return 1;
  }
  if (failed(options.checkLimits()))
    return 1;
  OnnxImportOptions importOptions;
  importOptions.limits = options.getLimits();
  if (failed(parseInputShapes(options.inputShapes, importOptions.inputShapes)))
    return 1;
  llvm::SourceMgr sourceMgr;
  OwningOpRef<ModuleOp> module =
      importModel(std::move(file), context, sourceMgr, importOptions);
  if (!module)
    return 1;

  // A model file holds the graph as verified, before scheduling.
  Phase last = options.compileTo;
  if (options.emit == Emit::FlatBuffer) {
    if (options.compileTo.getNumOccurrences() && last != Phase::Verify) {
      llvm::errs() << "sic-compile: error: --emit=fb writes the verified "
                      "graph; drop --compile-to or use --compile-to=verify\n";
      return 1;
    }
    last = Phase::Verify;
  }
  PassManager pm(&context);
  if (failed(applyPassManagerCLOptions(pm)))
    return 1;
  applyDefaultTimingPassManagerCLOptions(pm);
  buildPipeline(pm, last);
  if (failed(pm.run(*module)))
    return 1;

  std::unique_ptr<llvm::ToolOutputFile> out =
      openOutputFile(options.output, &error);
  if (!out) {
    llvm::errs() << "sic-compile: error: " << error << "\n";
    return 1;
  }
  if (options.emit == Emit::FlatBuffer) {
    if (failed(writeFlatBufferModel(*module, out->os())))
      return 1;
  } else {
    module->print(out->os());
  }
  out->keep();
  return 0;
}
