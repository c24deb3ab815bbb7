//===- RunMain.cpp - sic-run's command line -------------------------------===//

#include "sic/Run/RunMain.h"

#include "sic/Run/Compare.h"
#include "sic/Run/CompiledModel.h"
#include "sic/Run/Npy.h"
#include "sic/Run/Profile.h"
#include "sic/Run/RandomInputs.h"
#include "sic/Run/ReferenceRun.h"
#include "sic/Run/TensorFiles.h"

#include "BenchMain.h"
#include "RunError.h"
#include "RunOptions.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ToolOutputFile.h"

using namespace mlir::sic;
namespace cl = llvm::cl;
using llvm::StringRef;

namespace {

constexpr const char *kOverview = R"(SIC model runner

Runs a compiled model.so on .npy inputs (or seeded random ones), writes its
outputs, compares them with expected ones or with the reference evaluator,
and benchmarks it.

  sic-run model.so --input x=x.npy --output-dir out/
  sic-run model.so --expect y=y.npy --reference model.fb
  sic-run model.so --bench --runs 1000 --bench-json bench.json
  sic-run model.so --bench --threads 2
  sic-run model.so --bench --concurrency 8
  sic-run opt.so --baseline base.so --reference model.fb --bench-json cmp.json
  sic-run model.so --profile --profile-trace trace.json

.npy files hold little-endian f32, i32 or i64, or bool ('|b1') arrays in C
order. An output is off where |got - expected| > atol + rtol * |expected|, or
where one is NaN and the other is not; integers and bools must be equal.

Exit codes: 0 success; 1 a usage, file, model or runtime error; 2 an output
does not match --expect, --reference or --baseline.
)";

/// Prints "sic-run: error: <message>" after what is on stdout so far.
void printError(StringRef message) {
  llvm::outs().flush();
  llvm::errs() << "sic-run: error: " << message << "\n";
}

/// The model's inputs in signature order: from the --input files, the
/// others random. Each one's name, type and source go to `described`.
llvm::Expected<llvm::SmallVector<NdArray>>
loadInputs(const RunOptions &options, const CompiledModel &model,
           llvm::SmallVectorImpl<std::array<std::string, 3>> &described) {
  llvm::Expected<llvm::SmallVector<TensorFile>> files = parseTensorFiles(
      options.inputs, "--input", model.getInputs(), "input", model.getName());
  if (!files)
    return files.takeError();
  llvm::SmallVector<NdArray> inputs;
  for (unsigned index = 0, e = model.getInputs().size(); index < e; ++index) {
    const sic_tensor_desc_t *desc = model.getInputs()[index];
    std::string what = describeTensor("input", *desc, index);
    const auto *file = llvm::find_if(
        *files, [&](const TensorFile &file) { return file.index == index; });
    std::string source;
    if (file == files->end()) {
      inputs.push_back(makeRandomInput(*desc, index, options.seed));
      source = fmt::format("random (seed {})", options.seed.getValue());
    } else {
      llvm::Expected<NdArray> array = readTensorFile(file->path, *desc, what);
      if (!array)
        return array.takeError();
      inputs.push_back(std::move(*array));
      source = file->path;
    }
    std::string type =
        describeType(inputs.back().getDtype(), inputs.back().getShape());
    llvm::outs() << fmt::format("{} {}: {}\n", what, type, source);
    described.push_back({desc->name, type, source});
  }
  return std::move(inputs);
}

/// The --expect arrays, each with the index of its output.
llvm::Expected<llvm::SmallVector<std::pair<unsigned, NdArray>>>
loadExpected(const RunOptions &options, const CompiledModel &model) {
  llvm::Expected<llvm::SmallVector<TensorFile>> files =
      parseTensorFiles(options.expects, "--expect", model.getOutputs(),
                       "output", model.getName());
  if (!files)
    return files.takeError();
  llvm::SmallVector<std::pair<unsigned, NdArray>> expected;
  for (const TensorFile &file : *files) {
    const sic_tensor_desc_t &desc = *model.getOutputs()[file.index];
    llvm::Expected<NdArray> array = readTensorFile(
        file.path, desc, describeTensor("output", desc, file.index));
    if (!array)
      return array.takeError();
    expected.emplace_back(file.index, std::move(*array));
  }
  return std::move(expected);
}

/// The files of --output-dir, one an output, its folder created: checked
/// before the model runs. None without --output-dir.
llvm::Expected<llvm::SmallVector<std::string>>
prepareOutputFiles(const RunOptions &options, const CompiledModel &model) {
  if (options.outputDir.empty())
    return llvm::SmallVector<std::string>();
  llvm::Expected<llvm::SmallVector<std::string>> names =
      getOutputFileNames(model.getOutputs());
  if (!names)
    return names.takeError();
  StringRef dir = options.outputDir;
  if (std::error_code error = llvm::sys::fs::create_directories(dir))
    return makeRunError("--output-dir {}: {}", dir.str(), error.message());
  // create_directories accepts a file that is in the way.
  if (!llvm::sys::fs::is_directory(dir))
    return makeRunError("--output-dir {}: not a directory", dir.str());
  for (std::string &name : *names) {
    llvm::SmallString<128> path(dir);
    llvm::sys::path::append(path, name);
    name = path.str().str();
  }
  return names;
}

llvm::Error writeOutputs(llvm::ArrayRef<std::string> paths,
                         const CompiledModel &model,
                         llvm::ArrayRef<NdArray> outputs) {
  for (auto [index, path] : llvm::enumerate(paths)) {
    const NdArray &output = outputs[index];
    if (llvm::Error error = writeNpyFile(output, path))
      return error;
    llvm::outs() << fmt::format(
        "{} {}: wrote {}\n",
        describeTensor("output", *model.getOutputs()[index], index),
        describeType(output.getDtype(), output.getShape()), path);
  }
  return llvm::Error::success();
}

/// Prints how `got` compares with `expected` against `source` ("expected",
/// "reference", "baseline"), and returns the comparison.
Comparison reportComparison(StringRef source, const sic_tensor_desc_t &desc,
                            unsigned index, const NdArray &got,
                            const NdArray &expected,
                            const Tolerance &tolerance) {
  Comparison comparison = compareArrays(got, expected, tolerance);
  std::string limits =
      llvm::is_contained(
          {SIC_DTYPE_F32, SIC_DTYPE_F64, SIC_DTYPE_F16, SIC_DTYPE_BF16},
          got.getDtype())
          ? fmt::format("rtol {:g}, atol {:g}", tolerance.rtol, tolerance.atol)
          : "exact";
  llvm::outs() << fmt::format(
      "{}: {}: max abs error {:.6g}, max rel error {:.6g} ({}): ", source.str(),
      describeTensor("output", desc, index), comparison.maxAbsError,
      comparison.maxRelError, limits);
  if (comparison.matches()) {
    llvm::outs() << "ok\n";
    return comparison;
  }
  const Mismatch &first = *comparison.firstMismatch;
  llvm::outs() << fmt::format("MISMATCH in {} of {} elements, first at index "
                              "{}: got {:.9g}, expected {:.9g}\n",
                              comparison.numMismatches, comparison.numElements,
                              first.index, first.got, first.expected);
  return comparison;
}

/// Reports how each of `got`, the outputs of `model`, compares with the one
/// of `expected` against `source`; clears `matches` when one is off.
/// Returns the largest errors.
OutputErrors reportComparisons(StringRef source, const CompiledModel &model,
                               llvm::ArrayRef<NdArray> got,
                               llvm::ArrayRef<NdArray> expected,
                               const Tolerance &tolerance, bool &matches) {
  OutputErrors errors;
  for (auto [index, desc] : llvm::enumerate(model.getOutputs())) {
    Comparison comparison = reportComparison(source, *desc, index, got[index],
                                             expected[index], tolerance);
    matches &= comparison.matches();
    errors.add(comparison);
  }
  return errors;
}

/// Zeroed arrays for the outputs of `model`.
llvm::SmallVector<NdArray> makeOutputs(const CompiledModel &model) {
  llvm::SmallVector<NdArray> outputs;
  for (const sic_tensor_desc_t *desc : model.getOutputs())
    outputs.emplace_back(static_cast<sic_dtype_t>(desc->dtype),
                         getShape(*desc));
  return outputs;
}

/// The --baseline model, which must have the signature of `model`; none
/// without --baseline.
llvm::Expected<std::optional<CompiledModel>>
openBaseline(const RunOptions &options, const CompiledModel &model) {
  if (options.baseline.empty())
    return std::nullopt;
  llvm::Expected<CompiledModel> baseline =
      CompiledModel::open(options.baseline, options.threads);
  if (!baseline)
    return makeRunError("--baseline {}: {}", options.baseline.getValue(),
                        llvm::toString(baseline.takeError()));
  if (llvm::Error error = model.checkSameSignature(*baseline, options.baseline))
    return makeRunError("--baseline {}", llvm::toString(std::move(error)));
  llvm::outs() << fmt::format("baseline '{}' ({})\n", baseline->getName().str(),
                              options.baseline.getValue());
  return std::optional<CompiledModel>(std::move(*baseline));
}

/// Makes --profile-runs runs with the profiler's callback set on `model`,
/// prints the table and writes the trace; the callback is cleared after.
llvm::Error runProfile(const RunOptions &options, CompiledModel &model,
                       OpProfiler &profiler) {
  std::unique_ptr<llvm::ToolOutputFile> trace;
  if (!options.profileTrace.empty()) {
    std::error_code error;
    trace = std::make_unique<llvm::ToolOutputFile>(options.profileTrace, error,
                                                   llvm::sys::fs::OF_Text);
    if (error)
      return makeRunError("--profile-trace {}: {}",
                          options.profileTrace.getValue(), error.message());
  }
  for (unsigned run = 0; run < options.profileRuns; ++run) {
    profiler.beginRun();
    llvm::Error error = model.run();
    profiler.endRun();
    if (error)
      return error;
  }
  if (llvm::Error error = model.setOpCallback(nullptr, nullptr))
    return error;
  llvm::SmallVector<ProfiledOp> ops = describeProfiledOps(model.getOps());
  printProfileTable(ops, profiler, llvm::outs());
  if (!trace)
    return llvm::Error::success();
  writeChromeTrace(model.getName(), ops, profiler, trace->os());
  trace->keep();
  llvm::outs() << fmt::format("profile: wrote {}\n",
                              options.profileTrace.getValue());
  return llvm::Error::success();
}

/// Everything after parsing the command line; returns the exit code.
llvm::Expected<int> run(const RunOptions &options) {
  if (llvm::Error error = options.check())
    return std::move(error);
  llvm::Expected<CompiledModel> model =
      CompiledModel::open(options.model, options.threads);
  if (!model)
    return model.takeError();
  auto count = [](size_t n, StringRef noun) {
    return fmt::format("{} {}{}", n, noun.str(), n == 1 ? "" : "s");
  };
  llvm::outs() << fmt::format("model '{}' ({}): {}, {}\n",
                              model->getName().str(), options.model.getValue(),
                              count(model->getInputs().size(), "input"),
                              count(model->getOutputs().size(), "output"));
  llvm::Expected<std::optional<CompiledModel>> baseline =
      openBaseline(options, *model);
  if (!baseline)
    return baseline.takeError();
  // The callback goes on first, so a model without hooks fails at once; it
  // records only the profiled runs.
  std::optional<OpProfiler> profiler;
  if (options.wantsProfile()) {
    profiler.emplace(model->getOps().size(), getSteadyClock);
    if (llvm::Error error =
            model->setOpCallback(OpProfiler::callback, &*profiler))
      return std::move(error);
  }
  llvm::SmallVector<std::array<std::string, 3>> inputSources;
  llvm::Expected<llvm::SmallVector<NdArray>> inputs =
      loadInputs(options, *model, inputSources);
  if (!inputs)
    return inputs.takeError();
  llvm::Expected<llvm::SmallVector<std::pair<unsigned, NdArray>>> expected =
      loadExpected(options, *model);
  if (!expected)
    return expected.takeError();

  llvm::Expected<llvm::SmallVector<std::string>> outputFiles =
      prepareOutputFiles(options, *model);
  if (!outputFiles)
    return outputFiles.takeError();

  llvm::SmallVector<NdArray> outputs = makeOutputs(*model);
  model->bind(*inputs, outputs);
  if (llvm::Error error = model->run())
    return std::move(error);
  if (llvm::Error error = writeOutputs(*outputFiles, *model, outputs))
    return std::move(error);
  llvm::SmallVector<NdArray> baselineOutputs;
  if (*baseline) {
    baselineOutputs = makeOutputs(**baseline);
    (*baseline)->bind(*inputs, baselineOutputs);
    if (llvm::Error error = (*baseline)->run())
      return makeRunError("--baseline {}: {}", options.baseline.getValue(),
                          llvm::toString(std::move(error)));
  }

  Tolerance tolerance{options.rtol, options.atol};
  bool matches = true;
  for (const auto &[index, array] : *expected)
    matches &= reportComparison("expected", *model->getOutputs()[index], index,
                                outputs[index], array, tolerance)
                   .matches();
  OutputErrors agreement;
  if (*baseline)
    agreement = reportComparisons("baseline", *model, outputs, baselineOutputs,
                                  tolerance, matches);
  std::optional<OutputErrors> accuracy, baselineAccuracy;
  if (!options.reference.empty()) {
    llvm::outs().flush(); // the compiler's diagnostics go to stderr
    llvm::Expected<llvm::SmallVector<NdArray>> referenceOutputs =
        runReference(options.reference, *model, *inputs, llvm::errs());
    if (!referenceOutputs)
      return referenceOutputs.takeError();
    accuracy = reportComparisons("reference", *model, outputs,
                                 *referenceOutputs, tolerance, matches);
    if (*baseline)
      baselineAccuracy =
          reportComparisons("reference (baseline)", **baseline, baselineOutputs,
                            *referenceOutputs, tolerance, matches);
  }
  if (profiler)
    if (llvm::Error error = runProfile(options, *model, *profiler))
      return std::move(error);
  if (*baseline) {
    BaselineRun comparison{*model,   **baseline,       {},
                           accuracy, baselineAccuracy, agreement};
    comparison.setup.inputs = std::move(inputSources);
    comparison.setup.reference = options.reference;
    if (llvm::Error error = runBaselineBench(options, comparison))
      return std::move(error);
  } else if (options.wantsBench()) {
    if (llvm::Error error = runBench(options, *model))
      return std::move(error);
  }
  if (matches)
    return RunOk;
  printError("an output does not match (see MISMATCH above)");
  return RunMismatch;
}

} // namespace

int mlir::sic::runMain(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  // libLLVM registers a -threads of its own, which sic-run's would clash
  // with; it keeps its default value, and nothing sic-run runs reads it.
  if (cl::Option *other = cl::getRegisteredOptions().lookup("threads"))
    other->removeArgument();
  RunOptions options;
  cl::HideUnrelatedOptions(options.category);
  cl::ParseCommandLineOptions(argc, argv, kOverview);
  llvm::Expected<int> code = run(options);
  if (code)
    return *code;
  printError(llvm::toString(code.takeError()));
  return RunInputError;
}
