//===- BenchMain.cpp - sic-run's benchmarks -------------------------------===//

#include "BenchMain.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/ToolOutputFile.h"

#include <fmt/format.h>
#include <tuple>

using namespace mlir::sic;

namespace {

/// Opens the --bench-json file, so that a bad path fails before the runs;
/// null without --bench-json.
llvm::Expected<std::unique_ptr<llvm::ToolOutputFile>>
openRecord(const RunOptions &options) {
  if (options.benchJson.empty())
    return nullptr;
  std::error_code error;
  auto out = std::make_unique<llvm::ToolOutputFile>(options.benchJson, error,
                                                    llvm::sys::fs::OF_Text);
  if (error)
    return makeRunError("--bench-json {}: {}", options.benchJson.getValue(),
                        error.message());
  return std::move(out);
}

/// Keeps the written record and says so.
void keepRecord(const RunOptions &options, llvm::ToolOutputFile &record) {
  record.keep();
  llvm::outs() << fmt::format("bench: wrote {}\n",
                              options.benchJson.getValue());
}

/// `model` and a replica of it for every thread but the first.
class Replicas {
public:
  static llvm::Expected<Replicas> create(CompiledModel &model,
                                         unsigned threads) {
    Replicas result(model);
    for (unsigned thread = 1; thread < threads; ++thread) {
      llvm::Expected<CompiledModel> replica = model.replicate();
      if (!replica)
        return replica.takeError();
      result.replicas.push_back(std::move(*replica));
    }
    return std::move(result);
  }

  /// One run from `thread`.
  llvm::Error run(unsigned thread) {
    return thread == 0 ? model->run() : replicas[thread - 1].run();
  }

private:
  explicit Replicas(CompiledModel &model) : model(&model) {}

  CompiledModel *model;
  std::vector<CompiledModel> replicas;
};

/// "100 runs after 10 warm-up", or with threads and rounds.
std::string describeRuns(const BenchOptions &bench, unsigned rounds = 1) {
  std::string text =
      bench.concurrency == 1
          ? fmt::format("{} runs after {} warm-up", bench.runs, bench.warmup)
          : fmt::format("{} threads x {} runs after {} warm-up each",
                        bench.concurrency, bench.runs, bench.warmup);
  if (rounds > 1)
    text += fmt::format(" in {} rounds", rounds);
  return text;
}

std::string formatStats(const BenchStats &stats) {
  return fmt::format(
      "p50 {:.4g} ms, p90 {:.4g} ms, p99 {:.4g} ms, mean "
      "{:.4g} ms, stddev {:.4g} ms, min {:.4g} ms, max {:.4g} ms",
      stats.p50, stats.p90, stats.p99, stats.mean, stats.stddev, stats.min,
      stats.max);
}

/// "41234 -> 35120 bytes (0.852x)".
std::string formatChange(uint64_t before, uint64_t after) {
  std::string text = fmt::format("{} -> {} bytes", before, after);
  if (before != 0)
    text += fmt::format(" ({:.3g}x)", double(after) / before);
  return text;
}

/// Describes and measures the model at `path`, run by `model`, for the
/// comparison; its times come later.
llvm::Expected<ComparedModel> describeCompared(llvm::StringRef path,
                                               const CompiledModel &model) {
  llvm::Expected<BenchModel> described =
      describeBenchModel(path, model.getName(), model.getContractHash());
  if (!described)
    return described.takeError();
  llvm::Expected<ModelSize> size = measureModelSize(path, model.getArenaSize());
  if (!size)
    return size.takeError();
  return ComparedModel{std::move(*described), BenchStats(), 0, *size,
                       std::nullopt};
}

/// Prints what changed from `baseline` to `optimized`.
void printImprovement(const ComparedModel &baseline,
                      const ComparedModel &optimized) {
  llvm::outs() << fmt::format(
      "bench: speedup {:.3g}x at p50, {:.3g}x in mean\n",
      baseline.stats.p50 / optimized.stats.p50,
      baseline.stats.mean / optimized.stats.mean);
  const ModelSize &before = baseline.size, &after = optimized.size;
  llvm::outs() << fmt::format(
      "bench: size: file {}; code {}; constants {}; arena {}\n",
      formatChange(before.fileBytes, after.fileBytes),
      formatChange(before.codeBytes, after.codeBytes),
      formatChange(before.constantBytes, after.constantBytes),
      formatChange(before.arenaBytes, after.arenaBytes));
  if (!baseline.accuracy || !optimized.accuracy)
    return;
  llvm::outs() << fmt::format(
      "bench: error against the reference: max abs {:.6g} -> {:.6g}, max "
      "rel {:.6g} -> {:.6g}\n",
      baseline.accuracy->maxAbsError, optimized.accuracy->maxAbsError,
      baseline.accuracy->maxRelError, optimized.accuracy->maxRelError);
}

} // namespace

llvm::Error mlir::sic::runBench(const RunOptions &options,
                                CompiledModel &model) {
  std::optional<BenchModel> described;
  if (!options.benchJson.empty()) {
    llvm::Expected<BenchModel> benchModel = describeBenchModel(
        options.model, model.getName(), model.getContractHash());
    if (!benchModel)
      return benchModel.takeError();
    described = std::move(*benchModel);
  }
  llvm::Expected<std::unique_ptr<llvm::ToolOutputFile>> record =
      openRecord(options);
  if (!record)
    return record.takeError();
  BenchOptions bench = options.getBenchOptions();
  llvm::Expected<Replicas> replicas =
      Replicas::create(model, bench.concurrency);
  if (!replicas)
    return replicas.takeError();
  llvm::Expected<BenchTimes> times =
      timeRuns([&](unsigned thread) { return replicas->run(thread); }, bench,
               llvm::errs());
  if (!times)
    return times.takeError();
  BenchStats stats = computeStats(times->times);
  llvm::outs() << fmt::format("bench: {}: {}\n", describeRuns(bench),
                              formatStats(stats));
  llvm::outs() << fmt::format(
      "bench: throughput {:.6g} calls/s ({} calls in {:.4g} s)\n",
      times->getThroughput(), times->times.size(), times->seconds);
  if (!*record)
    return llvm::Error::success();
  writeBenchRecord(*described, getPlatform(), bench, stats,
                   times->getThroughput(), (*record)->os());
  keepRecord(options, **record);
  return llvm::Error::success();
}

llvm::Error mlir::sic::runBaselineBench(const RunOptions &options,
                                        BaselineRun &comparison) {
  // Every file is read and opened before the runs, so that none fails after.
  llvm::Expected<ComparedModel> baseline =
      describeCompared(options.baseline, comparison.baseline);
  if (!baseline)
    return baseline.takeError();
  llvm::Expected<ComparedModel> optimized =
      describeCompared(options.model, comparison.model);
  if (!optimized)
    return optimized.takeError();
  llvm::Expected<std::unique_ptr<llvm::ToolOutputFile>> record =
      openRecord(options);
  if (!record)
    return record.takeError();
  CompareSetup &setup = comparison.setup;
  setup.options = options.getBenchOptions();
  setup.rounds = options.getRounds();
  const BenchOptions &bench = setup.options;
  llvm::Expected<Replicas> baselineReplicas =
      Replicas::create(comparison.baseline, bench.concurrency);
  if (!baselineReplicas)
    return baselineReplicas.takeError();
  llvm::Expected<Replicas> modelReplicas =
      Replicas::create(comparison.model, bench.concurrency);
  if (!modelReplicas)
    return modelReplicas.takeError();
  auto runBaseline = [&](unsigned thread) {
    return baselineReplicas->run(thread);
  };
  auto runModel = [&](unsigned thread) { return modelReplicas->run(thread); };
  llvm::Expected<llvm::SmallVector<BenchTimes>> times =
      timeInterleaved({runBaseline, runModel}, bench, setup.rounds,
                      llvm::errs(), getSteadyClock);
  if (!times)
    return times.takeError();

  for (auto [compared, measured, accuracy] :
       {std::tuple(&*baseline, &(*times)[0], &comparison.baselineAccuracy),
        std::tuple(&*optimized, &(*times)[1], &comparison.modelAccuracy)}) {
    compared->stats = computeStats(measured->times);
    compared->throughput = measured->getThroughput();
    compared->accuracy = *accuracy;
  }

  std::string runs = describeRuns(bench, setup.rounds);
  llvm::outs() << fmt::format("bench: baseline {}: {}: {}\n",
                              options.baseline.getValue(), runs,
                              formatStats(baseline->stats));
  llvm::outs() << fmt::format("bench: model {}: {}: {}\n",
                              options.model.getValue(), runs,
                              formatStats(optimized->stats));
  printImprovement(*baseline, *optimized);
  if (!*record)
    return llvm::Error::success();
  writeCompareRecord(*baseline, *optimized, comparison.agreement, setup,
                     getPlatform(), (*record)->os());
  keepRecord(options, **record);
  return llvm::Error::success();
}
