//===- CompilerMain.cpp - sic-compile's command line ----------------------===//

#include "sic/Driver/CompilerMain.h"

#include "InputShapes.h"
#include "SummaryPrinter.h"

#include "sic/Analysis/FusedNodes.h"
#include "sic/Analysis/GraphDot.h"
#include "sic/Driver/InternalErrors.h"
#include "sic/Import/FlatBufferWriter.h"
#include "sic/Import/ModelDiagnostics.h"
#include "sic/Import/ModelFile.h"
#include "sic/Import/OnnxImporter.h"
#include "sic/Pipeline/Pipeline.h"
#include "sic/Pipeline/Registration.h"
#include "sic/Target/ModelArtifact.h"
#include "sic/Target/TargetDescription.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Support/Timing.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"
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
enum class Emit {
  SharedLibrary,
  Object,
  Header,
  LLVMIR,
  MLIR,
  FlatBuffer,
  Dot
};

/// What an output file's extension asks for, when --emit does not say.
std::optional<Emit> getEmitForExtension(StringRef path) {
  return llvm::StringSwitch<std::optional<Emit>>(
             llvm::sys::path::extension(path))
      .Case(".so", Emit::SharedLibrary)
      .Case(".o", Emit::Object)
      .Case(".h", Emit::Header)
      .Case(".ll", Emit::LLVMIR)
      .Case(".mlir", Emit::MLIR)
      .Case(".fb", Emit::FlatBuffer)
      .Case(".dot", Emit::Dot)
      .Default(std::nullopt);
}

struct Options {
  cl::OptionCategory category{"SIC options"};
  cl::opt<std::string> input{cl::Positional, cl::cat(category),
                             cl::desc("<model.fb | model.onnx | model.mlir>"),
                             cl::init("-")};
  cl::opt<std::string> output{
      "o", cl::cat(category),
      cl::desc("Output file; its extension (.so, .o, .h, .ll, .mlir, .fb) "
               "picks what to write unless --emit does (default: the "
               "model's name with .so; '-' is stdout)"),
      cl::value_desc("file")};
  cl::opt<unsigned> optLevel{
      "O", cl::Prefix, cl::cat(category), cl::init(2),
      cl::desc("Optimization level: -O0 (no graph or loop optimization), "
               "-O1 (folding into weights, canonicalization, CSE), -O2 (also "
               "fusion, register-tiled and vectorized kernels; the default), "
               "-O3 (LLVM's most aggressive level)")};
  cl::opt<Phase> compileTo{
      "compile-to", cl::cat(category),
      cl::desc("Stop after this phase and print the IR (implies --emit=mlir)"),
      cl::init(Phase::LLVM), cl::values(SIC_PHASE_VALUES)};
  cl::opt<Emit> emit{
      "emit", cl::cat(category), cl::desc("What to write"),
      cl::values(
          clEnumValN(Emit::SharedLibrary, "so",
                     "a shared library for the runtime (the default)"),
          clEnumValN(Emit::Object, "obj",
                     "an object file to link into an application"),
          clEnumValN(Emit::Header, "header",
                     "model.h: the contract as C constants and its hash"),
          clEnumValN(Emit::LLVMIR, "llvm", "the optimized LLVM IR"),
          clEnumValN(Emit::MLIR, "mlir", "the IR after --compile-to's phase"),
          clEnumValN(Emit::FlatBuffer, "fb",
                     "the verified graph as a SIC model file (.fb); "
                     "converts ONNX models"),
          clEnumValN(Emit::Dot, "dot",
                     "the graph as it is compiled, for Graphviz: nodes with "
                     "their op, name and output types"))};
  cl::opt<std::string> targetTriple{
      "target-triple", cl::cat(category),
      cl::desc("Generate code for this target (default: the host)"),
      cl::value_desc("triple")};
  cl::opt<std::string> targetCpu{
      "target-cpu", cl::cat(category),
      cl::desc("Generate code for this CPU, e.g. znver4 (default: the "
               "host's)"),
      cl::value_desc("cpu")};
  cl::opt<std::string> targetFeatures{
      "target-features", cl::cat(category),
      cl::desc("CPU features, e.g. +avx2,-avx512f (default: the host's)"),
      cl::value_desc("+f1,-f2")};
  cl::opt<MemoryReport> memoryReport{"memory-report", cl::cat(category),
                                     cl::desc("Print the arena plan on stdout"),
                                     cl::init(MemoryReport::None),
                                     cl::values(SIC_MEMORY_REPORT_VALUES)};
  cl::opt<uint64_t> maxArenaBytes{
      "max-arena-bytes", cl::cat(category),
      cl::desc("Fail when the model needs a larger arena"),
      cl::value_desc("bytes"), cl::init(0)};
  cl::opt<CheckPolicy> checks{
      "checks", cl::cat(category), cl::init(CheckPolicy::Release),
      cl::desc("What the compiled code checks beyond the runtime's binding "
               "checks"),
      cl::values(SIC_CHECK_POLICY_VALUES)};
  cl::opt<bool> instrument{
      "instrument", cl::cat(category),
      cl::desc("Call the runtime before and after every op, for profiling "
               "(sic-run --profile)")};
  cl::opt<std::string> descriptorSymbol{
      "descriptor-symbol", cl::cat(category), cl::value_desc("name"),
      cl::desc("Export the descriptor of a .o under this C name instead of "
               "sic_model_descriptor, and declare it in the .h: several "
               "models linked into one program")};
  cl::opt<bool> summary{
      "summary", cl::cat(category),
      cl::desc("Print a model summary on stdout: each node's output types, "
               "parameters and MACs, each convolution's kernel, the totals, "
               "and the arena plan")};

  cl::opt<std::string> crashReproducer{
      "crash-reproducer", cl::cat(category), cl::value_desc("file.mlir"),
      cl::desc("On an internal error, write the IR and the pass that failed "
               "on it to this file (replay: sic-opt --run-reproducer)")};
  cl::opt<InjectedError> testInternalError{
      "test-internal-error", cl::Hidden,
      cl::desc("Tests only: make the first compiling pass go wrong"),
      cl::values(SIC_INJECTED_ERROR_VALUES)};

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
  cl::opt<uint64_t> maxFoldedElements{
      "max-folded-elements",
      cl::desc("Most work of evaluating ONNX nodes on constants at compile "
               "time: elements read and written, and multiply-adds (nodes "
               "past it run at run time)"),
      cl::init(ImportLimits().maxFoldedElements), cl::cat(limitsCategory)};

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
    return ImportLimits{maxNodes,          maxTensors,       maxRank,
                        maxTensorElements, maxConstantBytes, maxFoldedElements};
  }
};

/// What to write: --emit, else what --compile-to or the output's extension
/// implies, else a shared library. Reports conflicting requests.
FailureOr<Emit> chooseEmit(const Options &options) {
  bool phaseGiven = options.compileTo.getNumOccurrences() > 0;
  if (options.emit.getNumOccurrences()) {
    Emit emit = options.emit;
    if (emit == Emit::FlatBuffer && phaseGiven &&
        options.compileTo != Phase::Verify) {
      llvm::errs() << "sic-compile: error: --emit=fb writes the verified "
                      "graph; drop --compile-to or use --compile-to=verify\n";
      return failure();
    }
    if (phaseGiven && emit != Emit::MLIR && emit != Emit::FlatBuffer) {
      llvm::errs() << "sic-compile: error: --compile-to prints the IR after "
                      "a phase (--emit=mlir); drop it to write a compiled "
                      "artifact\n";
      return failure();
    }
    return emit;
  }
  if (phaseGiven)
    return Emit::MLIR;
  if (std::optional<Emit> emit = getEmitForExtension(options.output))
    return *emit;
  return Emit::SharedLibrary;
}

/// Checks --descriptor-symbol: a C identifier, for a .o or its header. A
/// model.so exports sic_model_descriptor, the name sic_model_open looks up.
LogicalResult checkDescriptorSymbol(const Options &options, Emit emit) {
  StringRef symbol = options.descriptorSymbol;
  if (!options.descriptorSymbol.getNumOccurrences())
    return success();
  bool identifier =
      !symbol.empty() && !llvm::isDigit(symbol.front()) &&
      llvm::all_of(symbol, [](char c) { return llvm::isAlnum(c) || c == '_'; });
  if (!identifier) {
    llvm::errs() << "sic-compile: error: --descriptor-symbol='" << symbol
                 << "' is not a C identifier\n";
    return failure();
  }
  if (emit != Emit::Object && emit != Emit::Header && emit != Emit::LLVMIR) {
    llvm::errs() << "sic-compile: error: --descriptor-symbol names the "
                    "descriptor of a .o (and declares it in a .h); a model.so "
                    "exports sic_model_descriptor, which sic_model_open looks "
                    "up\n";
    return failure();
  }
  return success();
}

/// The phase the pipeline runs to for `emit`.
Phase getLastPhase(const Options &options, Emit emit) {
  if (emit == Emit::FlatBuffer)
    return Phase::Verify; // a model file holds the graph as verified
  if (emit == Emit::MLIR)
    return options.compileTo;
  if (emit == Emit::Header)
    return Phase::PlanMemory;
  if (emit == Emit::Dot)
    return Phase::Lower; // the graph as optimized, lowered to find fusions
  return Phase::LLVM;
}

/// The model's file name with the extension of `emit`, in the current
/// folder; stdout for text.
std::string getDefaultOutput(StringRef input, Emit emit) {
  StringRef stem = llvm::sys::path::stem(input);
  switch (emit) {
  case Emit::SharedLibrary:
    return (stem + ".so").str();
  case Emit::Object:
    return (stem + ".o").str();
  default:
    return "-";
  }
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

/// Checks the arena the plan needs against --max-arena-bytes.
static LogicalResult checkArenaLimit(ModuleOp module, uint64_t limit) {
  FailureOr<ModelSignature> signature = getModelSignature(module);
  if (failed(signature))
    return failure();
  if (limit && signature->arenaSize > limit)
    return module.emitError("needs an arena of ")
           << signature->arenaSize << " bytes, more than the limit of " << limit
           << " (--max-arena-bytes)";
  return success();
}

int mlir::sic::compilerMain(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  Options options;
  registerMLIRContextCLOptions();
  // Pass names first: --mlir-print-ir-after=<pass> and friends take them.
  registerSicPasses();
  registerPassManagerCLOptions();
  registerAsmPrinterCLOptions();
  registerDefaultTimingManagerCLOptions();
  hideForeignOptions(options);
  if (!cl::ParseCommandLineOptions(
          argc, argv,
          "SIC model compiler\n\n"
          "Exit codes: 0 success; 1 the model is refused, or a file cannot "
          "be read or written; 2 a wrong command line; 3 an internal error "
          "(a compiler bug: --crash-reproducer=FILE saves what to report)\n",
          &llvm::errs()))
    return kUsageExitCode;

  DialectRegistry registry;
  registerSicDialects(registry);
  MLIRContext context(registry);
  context.printOpOnDiagnostic(false);
  // One model function: nothing to run in parallel, and a crash is then on
  // the thread that catches it.
  context.disableMultithreading();
  ModelDiagnosticHandler diagnostics(&context, llvm::errs());
  InternalErrors internalErrors(&context);

  if (failed(options.checkLimits()))
    return kUsageExitCode;
  OnnxImportOptions importOptions;
  importOptions.limits = options.getLimits();
  if (failed(parseInputShapes(options.inputShapes, importOptions.inputShapes)))
    return kUsageExitCode;
  if (options.optLevel > 3) {
    llvm::errs() << "sic-compile: error: -O" << options.optLevel
                 << " is not an optimization level; use -O0 to -O3\n";
    return kUsageExitCode;
  }
  TargetSelection target{options.targetTriple, options.targetCpu,
                         options.targetFeatures};
  // The pipeline describes the target again when it sets it on the module;
  // an unknown one is a wrong command line, found before any work.
  if (llvm::Expected<TargetAttr> described = describeTarget(&context, target);
      !described) {
    llvm::errs() << "sic-compile: error: "
                 << llvm::toString(described.takeError()) << "\n";
    return kUsageExitCode;
  }
  FailureOr<Emit> emit = chooseEmit(options);
  if (failed(emit) || failed(checkDescriptorSymbol(options, *emit)))
    return kUsageExitCode;
  PipelineOptions pipeline;
  pipeline.last = getLastPhase(options, *emit);
  if (options.summary && pipeline.last < Phase::Schedule) {
    llvm::errs() << "sic-compile: error: --summary describes the scheduled "
                    "model; it needs --compile-to=schedule or a later "
                    "phase, and no --emit=fb\n";
    return kUsageExitCode;
  }

  std::string error;
  std::unique_ptr<llvm::MemoryBuffer> file =
      openInputFile(options.input, &error);
  if (!file) {
    llvm::errs() << "sic-compile: error: " << error << "\n";
    return kRefusedExitCode;
  }
  llvm::SourceMgr sourceMgr;
  OwningOpRef<ModuleOp> module =
      importModelFile(std::move(file), context, sourceMgr, importOptions);
  if (!module)
    return kRefusedExitCode;

  std::string outputPath = options.output;
  if (outputPath.empty())
    outputPath = getDefaultOutput(options.input, *emit);
  pipeline.optLevel = options.optLevel;
  pipeline.memoryReport = options.memoryReport;
  LLVMLevels llvmLevels = getLLVMLevels(options.optLevel);
  CodeGenOptions codeGen{llvmLevels.optimize, llvmLevels.codeGen};
  pipeline.target = target;
  pipeline.checks = options.checks;
  pipeline.instrument = options.instrument;
  if (options.testInternalError.getNumOccurrences())
    pipeline.injectedError = options.testInternalError;
  // The arena plan's headline, unless a full report was asked for.
  if (options.summary && pipeline.memoryReport == MemoryReport::None)
    pipeline.memoryReport = MemoryReport::Summary;

  // A failure of the checks refuses the model; once they pass, the model
  // must compile, so any failure after them (optimizing, lowering) is the
  // compiler's own.
  PassManager checking(&context), optimizing(&context), lowering(&context);
  for (PassManager *pm : {&checking, &optimizing, &lowering}) {
    if (failed(applyPassManagerCLOptions(*pm)))
      return kUsageExitCode;
    applyDefaultTimingPassManagerCLOptions(*pm);
  }
  buildCheckingPipeline(checking, pipeline);
  buildOptimizingPipeline(optimizing, pipeline);
  buildLoweringPipeline(lowering, pipeline);
  for (PassManager *pm : {&optimizing, &lowering}) {
    internalErrors.track(*pm);
    if (!options.crashReproducer.empty())
      pm->enableCrashReproducerGeneration(options.crashReproducer,
                                          /*genLocalReproducer=*/true);
  }
  if (failed(checking.run(*module)))
    return kRefusedExitCode;
  llvm::StringMap<unsigned> fusedNodes; // with --emit=dot
  auto compile = [&]() -> LogicalResult {
    if (failed(optimizing.run(*module)))
      return failure();
    // The model as it is compiled, before it leaves the sic dialect.
    if (options.summary)
      printModelSummaries(*module, pipeline.optLevel, llvm::outs());
    if (*emit != Emit::Dot)
      return lowering.run(*module);
    // The picture is of the sic graph; its fused kernels are those of a
    // lowered copy.
    OwningOpRef<ModuleOp> lowered = module->clone();
    if (failed(lowering.run(*lowered)))
      return failure();
    fusedNodes = groupFusedNodes(*lowered);
    return success();
  };
  if (failed(internalErrors.run("the compiler", /*failureIsInternal=*/true,
                                compile))) {
    if (!options.crashReproducer.empty())
      llvm::errs() << "sic-compile: the failing pass and its input are in "
                   << options.crashReproducer << " (replay: sic-opt "
                   << "--run-reproducer " << options.crashReproducer << ")\n";
    InternalErrors::exit();
  }
  if (options.summary && pipeline.last < Phase::PlanMemory)
    llvm::outs() << "memory plan: none (the pipeline stops before "
                    "plan-memory)\n";
  if (options.maxArenaBytes && pipeline.last >= Phase::PlanMemory &&
      failed(checkArenaLimit(*module, options.maxArenaBytes)))
    return kRefusedExitCode;

  // Code generation's own failures (a file it cannot write) are reported
  // as they are; a crash or fatal error in LLVM is an internal error.
  auto generate = [&]() -> LogicalResult {
    if (*emit == Emit::SharedLibrary || *emit == Emit::Object ||
        *emit == Emit::LLVMIR) {
      FailureOr<ModelSignature> signature = getModelSignature(*module);
      if (failed(signature))
        return failure();
      signature->descriptorSymbol = options.descriptorSymbol;
      ArtifactKind kind = *emit == Emit::SharedLibrary
                              ? ArtifactKind::SharedLibrary
                          : *emit == Emit::Object ? ArtifactKind::Object
                                                  : ArtifactKind::LLVMIR;
      return writeModelArtifact(*module, *signature, codeGen, kind,
                                outputPath);
    }
    std::unique_ptr<llvm::ToolOutputFile> out =
        openOutputFile(outputPath, &error);
    if (!out) {
      llvm::errs() << "sic-compile: error: " << error << "\n";
      return failure();
    }
    if (*emit == Emit::FlatBuffer) {
      if (failed(writeFlatBufferModel(*module, out->os())))
        return failure();
    } else if (*emit == Emit::Dot) {
      module->walk([&](func::FuncOp func) {
        if (!func.isExternal() && !func.isPrivate())
          writeGraphDot(func, fusedNodes, out->os());
      });
    } else if (*emit == Emit::Header) {
      FailureOr<ModelSignature> signature = getModelSignature(*module);
      if (failed(signature))
        return failure();
      signature->descriptorSymbol = options.descriptorSymbol;
      writeModelHeader(*signature, out->os());
    } else {
      module->print(out->os());
    }
    out->keep();
    return success();
  };
  if (succeeded(internalErrors.run("code generation",
                                   /*failureIsInternal=*/false, generate)))
    return 0;
  if (internalErrors.reported())
    InternalErrors::exit();
  return kRefusedExitCode;
}
