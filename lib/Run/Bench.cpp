//===- Bench.cpp - Time repeated runs of a model --------------------------===//

#include "sic/Run/Bench.h"

#include <algorithm>
#include <atomic>
#include <cassert>
#include <chrono>
#include <cmath>
#include <fmt/format.h>
#include <mutex>
#include <thread>
#include <vector>

using namespace mlir::sic;

namespace {

/// The `q`-th quantile (0 to 1) of `sorted`, interpolated linearly.
double getQuantile(llvm::ArrayRef<double> sorted, double q) {
  double rank = q * (sorted.size() - 1);
  size_t below = static_cast<size_t>(std::floor(rank));
  size_t above = std::min(below + 1, sorted.size() - 1);
  return sorted[below] + (rank - below) * (sorted[above] - sorted[below]);
}

} // namespace

BenchStats mlir::sic::computeStats(llvm::ArrayRef<double> times) {
  assert(!times.empty() && "no times");
  llvm::SmallVector<double> sorted(times);
  llvm::sort(sorted);
  double n = times.size(), sum = 0, squares = 0;
  for (double time : times)
    sum += time;
  double mean = sum / n;
  for (double time : times)
    squares += (time - mean) * (time - mean);
  return BenchStats{mean,
                    times.size() > 1 ? std::sqrt(squares / (n - 1)) : 0.0,
                    sorted.front(),
                    sorted.back(),
                    getQuantile(sorted, 0.50),
                    getQuantile(sorted, 0.90),
                    getQuantile(sorted, 0.99)};
}

namespace {

/// One thread's share of a benchmark, on a cache line of its own: the thread
/// writes `done` after every run, and the others only read it.
struct alignas(64) ThreadShare {
  std::atomic<unsigned> done{0}; ///< runs made so far, warm-up included
  llvm::SmallVector<double> times;
  double end = 0; ///< when its last timed run ended
};

/// A benchmark in progress: the threads' shares, the warm-up barrier, the
/// first error and the progress lines.
class Benchmark {
public:
  Benchmark(llvm::function_ref<llvm::Error(unsigned)> run,
            const BenchOptions &options, llvm::raw_ostream &progress,
            Clock clock)
      : run(run), options(options), progress(progress), clock(clock),
        shares(options.concurrency) {}

  llvm::Expected<BenchTimes> measure();

private:
  void runThread(unsigned thread);
  /// Makes one run; false after an error, which it records.
  bool runOnce(unsigned thread, bool timed);
  /// Waits until every thread has warmed up; the last one to arrive starts
  /// the clock of the timed runs.
  void waitForWarmup();
  void reportProgress(double now);

  llvm::function_ref<llvm::Error(unsigned)> run;
  const BenchOptions &options;
  llvm::raw_ostream &progress;
  Clock clock;
  std::vector<ThreadShare> shares;
  double start = 0, timedStart = 0;
  std::atomic<unsigned> warmedUp{0};
  std::atomic<bool> released{false}, stop{false};
  std::atomic<double> lastReport{0};
  std::mutex mutex; // guards `error` and `progress`
  llvm::Error error = llvm::Error::success();
};

bool Benchmark::runOnce(unsigned thread, bool timed) {
  ThreadShare &share = shares[thread];
  double before = clock();
  llvm::Error runError = run(thread);
  double after = clock();
  if (runError) {
    std::lock_guard<std::mutex> lock(mutex);
    if (error)
      llvm::consumeError(std::move(runError));
    else
      error = std::move(runError);
    stop.store(true, std::memory_order_relaxed);
    return false;
  }
  if (timed) {
    share.times.push_back((after - before) * 1e3);
    share.end = after;
  }
  // Only this thread writes its count; reportProgress reads every count
  // under the mutex, after the owners' writes.
  share.done.store(share.done.load(std::memory_order_relaxed) + 1,
                   std::memory_order_relaxed);
  reportProgress(after);
  return true;
}

void Benchmark::waitForWarmup() {
  if (warmedUp.fetch_add(1) + 1 == options.concurrency) {
    timedStart = clock();
    released.store(true, std::memory_order_release);
    return;
  }
  // Spinning, not sleeping, lets every thread start its timed runs at once.
  while (!released.load(std::memory_order_acquire))
    std::this_thread::yield();
}

void Benchmark::runThread(unsigned thread) {
  shares[thread].times.reserve(options.runs);
  for (unsigned i = 0; i < options.warmup; ++i)
    if (stop.load(std::memory_order_relaxed) || !runOnce(thread, false))
      break;
  // A thread that failed still arrives, so that no other one waits forever.
  waitForWarmup();
  for (unsigned i = 0; i < options.runs; ++i)
    if (stop.load(std::memory_order_relaxed) || !runOnce(thread, true))
      break;
}

void Benchmark::reportProgress(double now) {
  double interval = options.progressInterval;
  // The cheap test first: between two lines, a run only compares its end
  // with the time of the last line, and takes no lock.
  if (interval > 0 &&
      now - lastReport.load(std::memory_order_relaxed) < interval)
    return;
  std::lock_guard<std::mutex> lock(mutex);
  double last = lastReport.load(std::memory_order_relaxed);
  if (interval > 0 && now - last < interval)
    return; // another thread has just written a line
  // Each check counts as a line, so a benchmark that looks short is checked
  // again an interval later, not after every run.
  lastReport.store(now, std::memory_order_relaxed);
  uint64_t done = 0;
  for (const ThreadShare &share : shares)
    done += share.done.load(std::memory_order_relaxed);
  uint64_t warmups = uint64_t(options.concurrency) * options.warmup;
  uint64_t total = warmups + uint64_t(options.concurrency) * options.runs;
  double elapsed = now - start;
  if (interval > 0 && elapsed / done * total <= 2 * interval)
    return;
  bool warmingUp = done <= warmups;
  progress << fmt::format("sic-run: bench: {} {}/{} ({:.0f} s)\n",
                          warmingUp ? "warm-up" : "run",
                          warmingUp ? done : done - warmups,
                          warmingUp ? warmups : total - warmups, elapsed);
  progress.flush();
}

llvm::Expected<BenchTimes> Benchmark::measure() {
  start = clock();
  lastReport.store(start);
  std::vector<std::thread> threads;
  for (unsigned thread = 1; thread < options.concurrency; ++thread)
    threads.emplace_back([this, thread] { runThread(thread); });
  runThread(0);
  for (std::thread &thread : threads)
    thread.join();
  if (error)
    return std::move(error);
  BenchTimes result;
  double end = timedStart;
  for (const ThreadShare &share : shares) {
    result.times.append(share.times.begin(), share.times.end());
    end = std::max(end, share.end);
  }
  result.seconds = end - timedStart;
  return std::move(result);
}

} // namespace

llvm::Expected<BenchTimes>
mlir::sic::timeRuns(llvm::function_ref<llvm::Error(unsigned thread)> run,
                    const BenchOptions &options, llvm::raw_ostream &progress,
                    Clock clock) {
  assert(options.runs > 0 && "no timed runs");
  assert(options.concurrency > 0 && "no threads");
  Benchmark benchmark(run, options, progress, clock);
  return benchmark.measure();
}

llvm::Expected<BenchTimes>
mlir::sic::timeRuns(llvm::function_ref<llvm::Error(unsigned thread)> run,
                    const BenchOptions &options, llvm::raw_ostream &progress) {
  return timeRuns(run, options, progress, getSteadyClock);
}

double mlir::sic::getSteadyClock() {
  return std::chrono::duration<double>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}
