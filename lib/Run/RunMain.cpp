//===- RunMain.cpp - sic-run's command line -------------------------------===//

#include "sic/Run/RunMain.h"

#include "sic/Run/BenchRecord.h"
#include "sic/Run/Compare.h"
#include "sic/Run/CompiledModel.h"
#include "sic/Run/Npy.h"
#include "sic/Run/Profile.h"
#include "sic/Run/RandomInputs.h"
#include "sic/Run/ReferenceRun.h"
#include "sic/Run/TensorFiles.h"

#include "RunError.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ToolOutputFile.h"

#include <chrono>
#include <cmath>

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
  sic-run model.so --bench --threads 8
  sic-run model.so --profile --profile-trace trace.json

.npy files hold little-endian f32, i32 or i64, or bool ('|b1') arrays in C
order. An output is off where |got - expected| > atol + rtol * |expected|, or
where one is NaN and the other is not; integers and bools must be equal.

Exit codes: 0 success; 1 a usage, file, model or runtime error; 2 an output
does not match --expect or --reference.
)";

/// The most threads --threads takes.
constexpr unsigned kMaxThreads = 256;

struct Options {
  cl::OptionCategory category{"sic-run options"};
  cl::opt<std::string> model{cl::Positional, cl::Required, cl::cat(category),
                             cl::desc("<model.so>")};
  cl::list<std::string> inputs{
      "input", cl::cat(category), cl::value_desc("name=file.npy"),
      cl::desc("Read a model input from a .npy file (repeat for several); "
               "inputs not given are random")};
  cl::opt<uint64_t> seed{
      "seed", cl::cat(category), cl::init(0), cl::value_desc("n"),
      cl::desc("Seed of the random inputs: f32 uniform in [-1, 1), "
               "integers in [1, 8] (default 0)")};
  cl::opt<std::string> outputDir{
      "output-dir", cl::cat(category), cl::value_desc("dir"),
      cl::desc("Write each output to <dir>/<name>.npy (created if needed)")};
  cl::list<std::string> expects{
      "expect", cl::cat(category), cl::value_desc("name=file.npy"),
      cl::desc("Compare an output with a .npy file (repeat for several)")};
  cl::opt<std::string> reference{
      "reference", cl::cat(category), cl::value_desc("model.fb|.onnx|.mlir"),
      cl::desc("Compare every output with the reference evaluator's, run on "
               "the model file the model.so was compiled from")};
  cl::opt<double> rtol{"rtol", cl::cat(category), cl::init(Tolerance().rtol),
                       cl::desc("Relative tolerance of f32 outputs (default "
                                "1e-4)")};
  cl::opt<double> atol{"atol", cl::cat(category), cl::init(Tolerance().atol),
                       cl::desc("Absolute tolerance of f32 outputs (default "
                                "1e-5)")};
  cl::opt<bool> bench{"bench", cl::cat(category),
                      cl::desc("Time repeated runs: p50/p90/p99, mean, "
                               "stddev in ms")};
  cl::opt<unsigned> warmup{
      "warmup", cl::cat(category), cl::init(BenchOptions().warmup),
      cl::desc("Untimed runs before the timed ones (default 10; implies "
               "--bench)")};
  cl::opt<unsigned> runs{
      "runs", cl::cat(category), cl::init(BenchOptions().runs),
      cl::desc("Timed runs of each thread (default 100; implies --bench)")};
  cl::opt<std::string> benchJson{
      "bench-json", cl::cat(category), cl::value_desc("file"),
      cl::desc("Write the benchmark as a JSON record: model, platform, "
               "runs, statistics (implies --bench)")};
  // int, not unsigned, so that a negative count gets the range message.
  cl::opt<int> threads{
      "threads", cl::cat(category), cl::init(BenchOptions().threads),
      cl::value_desc("n"),
      cl::desc("Benchmark from n threads at once, each with a context and "
               "tensors of its own, each making --warmup and --runs runs "
               "(1 to 256, default 1; implies --bench)")};
  cl::opt<double> benchProgressInterval{
      "bench-progress-interval",
      cl::cat(category),
      cl::Hidden,
      cl::init(BenchOptions().progressInterval),
      cl::value_desc("seconds"),
      cl::desc("Seconds between progress lines of a benchmark that looks "
               "like taking more than two; 0: a line after every run")};

  cl::opt<bool> profile{
      "profile", cl::cat(category),
      cl::desc("Time every op of a model compiled with --instrument: a table "
               "of each op's mean time and share")};
  cl::opt<unsigned> profileRuns{
      "profile-runs", cl::cat(category), cl::init(10), cl::value_desc("n"),
      cl::desc("Profiled runs (default 10; implies --profile)")};
  cl::opt<std::string> profileTrace{
      "profile-trace", cl::cat(category), cl::value_desc("file.json"),
      cl::desc("Write the profile as a Chrome trace (Trace Event Format), "
               "for Perfetto or chrome://tracing (implies --profile)")};

  bool wantsProfile() const {
    return profile || profileRuns.getNumOccurrences() || !profileTrace.empty();
  }

  bool wantsBench() const {
    return bench || warmup.getNumOccurrences() || runs.getNumOccurrences() ||
           threads.getNumOccurrences() || !benchJson.empty();
  }

  llvm::Error check() const {
    if (runs == 0)
      return makeRunError("--runs must be at least 1");
    if (profileRuns == 0)
      return makeRunError("--profile-runs must be at least 1");
    if (threads < 1 || threads > static_cast<int>(kMaxThreads))
      return makeRunError("--threads must be between 1 and {}, got {}",
                          kMaxThreads, threads.getValue());
    for (const cl::opt<double> *tolerance :
         {&rtol, &atol, &benchProgressInterval})
      if (!(*tolerance >= 0) || std::isinf(*tolerance))
        return makeRunError("--{} must be a finite number >= 0, got {}",
                            tolerance->ArgStr.str(), tolerance->getValue());
    return llvm::Error::success();
  }
};

/// Prints "sic-run: error: <message>" after what is on stdout so far.
void printError(StringRef message) {
  llvm::outs().flush();
  llvm::errs() << "sic-run: error: " << message << "\n";
}

/// The model's inputs in signature order: from the --input files, the
/// others random.
llvm::Expected<llvm::SmallVector<NdArray>>
loadInputs(const Options &options, const CompiledModel &model) {
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
    llvm::outs() << fmt::format(
        "{} {}: {}\n", what,
        describeType(inputs.back().getDtype(), inputs.back().getShape()),
        source);
  }
  return std::move(inputs);
}

/// The --expect arrays, each with the index of its output.
llvm::Expected<llvm::SmallVector<std::pair<unsigned, NdArray>>>
loadExpected(const Options &options, const CompiledModel &model) {
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
prepareOutputFiles(const Options &options, const CompiledModel &model) {
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

/// Prints how `got` compares with `expected` against `source` ("expected"
/// or "reference"); returns whether it matches.
bool reportComparison(StringRef source, const sic_tensor_desc_t &desc,
                      unsigned index, const NdArray &got,
                      const NdArray &expected, const Tolerance &tolerance) {
  Comparison comparison = compareArrays(got, expected, tolerance);
  std::string limits =
      got.getDtype() == SIC_DTYPE_F32
          ? fmt::format("rtol {:g}, atol {:g}", tolerance.rtol, tolerance.atol)
          : "exact";
  llvm::outs() << fmt::format(
      "{}: {}: max abs error {:.6g}, max rel error {:.6g} ({}): ", source.str(),
      describeTensor("output", desc, index), comparison.maxAbsError,
      comparison.maxRelError, limits);
  if (comparison.matches()) {
    llvm::outs() << "ok\n";
    return true;
  }
  const Mismatch &first = *comparison.firstMismatch;
  llvm::outs() << fmt::format("MISMATCH in {} of {} elements, first at index "
                              "{}: got {:.9g}, expected {:.9g}\n",
                              comparison.numMismatches, comparison.numElements,
                              first.index, first.got, first.expected);
  return false;
}

/// Opens the --bench-json file and describes the model for the record, so
/// that a bad path fails before the runs; null without --bench-json.
llvm::Expected<std::unique_ptr<llvm::ToolOutputFile>>
openBenchRecord(const Options &options, const CompiledModel &model,
                std::optional<BenchModel> &described) {
  if (options.benchJson.empty())
    return nullptr;
  llvm::Expected<BenchModel> benchModel = describeBenchModel(
      options.model, model.getName(), model.getContractHash());
  if (!benchModel)
    return benchModel.takeError();
  described = std::move(*benchModel);
  std::error_code error;
  auto out = std::make_unique<llvm::ToolOutputFile>(options.benchJson, error,
                                                    llvm::sys::fs::OF_Text);
  if (error)
    return makeRunError("--bench-json {}: {}", options.benchJson.getValue(),
                        error.message());
  return std::move(out);
}

/// Benchmarks the bound model, from --threads threads each with a replica of
/// its own but the first, and prints (and records) the statistics.
llvm::Error runBench(const Options &options, CompiledModel &model) {
  std::optional<BenchModel> described;
  llvm::Expected<std::unique_ptr<llvm::ToolOutputFile>> record =
      openBenchRecord(options, model, described);
  if (!record)
    return record.takeError();
  BenchOptions bench{options.warmup, options.runs,
                     static_cast<unsigned>(options.threads.getValue()),
                     options.benchProgressInterval};
  std::vector<CompiledModel> replicas;
  for (unsigned thread = 1; thread < bench.threads; ++thread) {
    llvm::Expected<CompiledModel> replica = model.replicate();
    if (!replica)
      return replica.takeError();
    replicas.push_back(std::move(*replica));
  }
  llvm::Expected<BenchTimes> times = timeRuns(
      [&](unsigned thread) {
        return thread == 0 ? model.run() : replicas[thread - 1].run();
      },
      bench, llvm::errs());
  if (!times)
    return times.takeError();
  BenchStats stats = computeStats(times->times);
  std::string what =
      bench.threads == 1
          ? fmt::format("{} runs after {} warm-up", bench.runs, bench.warmup)
          : fmt::format("{} threads x {} runs after {} warm-up each",
                        bench.threads, bench.runs, bench.warmup);
  llvm::outs() << fmt::format(
      "bench: {}: p50 {:.4g} ms, p90 {:.4g} ms, p99 {:.4g} ms, mean {:.4g} "
      "ms, stddev {:.4g} ms, min {:.4g} ms, max {:.4g} ms\n",
      what, stats.p50, stats.p90, stats.p99, stats.mean, stats.stddev,
      stats.min, stats.max);
  llvm::outs() << fmt::format(
      "bench: throughput {:.6g} calls/s ({} calls in {:.4g} s)\n",
      times->getThroughput(), times->times.size(), times->seconds);
  if (!*record)
    return llvm::Error::success();
  writeBenchRecord(*described, getPlatform(), bench, stats,
                   times->getThroughput(), (*record)->os());
  (*record)->keep();
  llvm::outs() << fmt::format("bench: wrote {}\n",
                              options.benchJson.getValue());
  return llvm::Error::success();
}

/// Seconds on a steady clock, for the profile.
double getProfileClock() {
  return std::chrono::duration<double>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

/// Makes --profile-runs runs with the profiler's callback set on `model`,
/// prints the table and writes the trace; the callback is cleared after.
llvm::Error runProfile(const Options &options, CompiledModel &model,
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
llvm::Expected<int> run(const Options &options) {
  if (llvm::Error error = options.check())
    return std::move(error);
  llvm::Expected<CompiledModel> model = CompiledModel::open(options.model);
  if (!model)
    return model.takeError();
  auto count = [](size_t n, StringRef noun) {
    return fmt::format("{} {}{}", n, noun.str(), n == 1 ? "" : "s");
  };
  llvm::outs() << fmt::format("model '{}' ({}): {}, {}\n",
                              model->getName().str(), options.model.getValue(),
                              count(model->getInputs().size(), "input"),
                              count(model->getOutputs().size(), "output"));
  // The callback goes on first, so a model without hooks fails at once; it
  // records only the profiled runs.
  std::optional<OpProfiler> profiler;
  if (options.wantsProfile()) {
    profiler.emplace(model->getOps().size(), getProfileClock);
    if (llvm::Error error =
            model->setOpCallback(OpProfiler::callback, &*profiler))
      return std::move(error);
  }
  llvm::Expected<llvm::SmallVector<NdArray>> inputs =
      loadInputs(options, *model);
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

  llvm::SmallVector<NdArray> outputs;
  for (const sic_tensor_desc_t *desc : model->getOutputs())
    outputs.emplace_back(static_cast<sic_dtype_t>(desc->dtype),
                         getShape(*desc));
  model->bind(*inputs, outputs);
  if (llvm::Error error = model->run())
    return std::move(error);
  if (llvm::Error error = writeOutputs(*outputFiles, *model, outputs))
    return std::move(error);

  Tolerance tolerance{options.rtol, options.atol};
  bool matches = true;
  for (const auto &[index, array] : *expected)
    matches &= reportComparison("expected", *model->getOutputs()[index], index,
                                outputs[index], array, tolerance);
  if (!options.reference.empty()) {
    llvm::outs().flush(); // the compiler's diagnostics go to stderr
    llvm::Expected<llvm::SmallVector<NdArray>> referenceOutputs =
        runReference(options.reference, *model, *inputs, llvm::errs());
    if (!referenceOutputs)
      return referenceOutputs.takeError();
    for (auto [index, desc] : llvm::enumerate(model->getOutputs()))
      matches &= reportComparison("reference", *desc, index, outputs[index],
                                  (*referenceOutputs)[index], tolerance);
  }
  if (profiler)
    if (llvm::Error error = runProfile(options, *model, *profiler))
      return std::move(error);
  if (options.wantsBench())
    if (llvm::Error error = runBench(options, *model))
      return std::move(error);
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
  Options options;
  cl::HideUnrelatedOptions(options.category);
  cl::ParseCommandLineOptions(argc, argv, kOverview);
  llvm::Expected<int> code = run(options);
  if (code)
    return *code;
  printError(llvm::toString(code.takeError()));
  return RunInputError;
}
