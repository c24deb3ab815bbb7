//===- BenchTest.cpp - Benchmark statistics and progress ------------------===//

#include "sic/Run/Bench.h"

#include "gtest/gtest.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <mutex>

using namespace mlir::sic;

namespace {

TEST(BenchStats, InterpolatesPercentilesLikeNumpy) {
  // numpy.percentile([4, 1, 3, 2, 5], [50, 90, 99]) = [3, 4.6, 4.96]
  BenchStats stats = computeStats({4, 1, 3, 2, 5});
  EXPECT_DOUBLE_EQ(stats.p50, 3);
  EXPECT_DOUBLE_EQ(stats.p90, 4.6);
  EXPECT_DOUBLE_EQ(stats.p99, 4.96);
  EXPECT_DOUBLE_EQ(stats.mean, 3);
  EXPECT_DOUBLE_EQ(stats.stddev, std::sqrt(2.5)); // sample, n - 1
  EXPECT_EQ(stats.min, 1);
  EXPECT_EQ(stats.max, 5);
}

TEST(BenchStats, GivesOneRunZeroSpread) {
  BenchStats stats = computeStats({2.5});
  EXPECT_EQ(stats.p50, 2.5);
  EXPECT_EQ(stats.p99, 2.5);
  EXPECT_EQ(stats.stddev, 0);
}

/// Times `run` on a clock that advances `step` seconds each time any thread
/// reads it; the progress lines go to `progress`.
llvm::Expected<BenchTimes>
timeOnFakeClock(double step, BenchOptions options, std::string &progress,
                llvm::function_ref<llvm::Error(unsigned)> run) {
  double now = 0;
  std::mutex mutex;
  llvm::raw_string_ostream os(progress);
  return timeRuns(run, options, os, [&] {
    std::lock_guard<std::mutex> lock(mutex);
    return now += step;
  });
}

llvm::Error succeed(unsigned) { return llvm::Error::success(); }

TEST(TimeRuns, TimesOnlyTheRunsAfterTheWarmup) {
  unsigned calls = 0;
  std::string progress;
  llvm::Expected<BenchTimes> times = timeOnFakeClock(
      0.001, {/*warmup=*/3, /*runs=*/5}, progress, [&](unsigned thread) {
        EXPECT_EQ(thread, 0u);
        ++calls;
        return llvm::Error::success();
      });
  ASSERT_TRUE(static_cast<bool>(times));
  EXPECT_EQ(calls, 8u);
  ASSERT_EQ(times->times.size(), 5u);
  EXPECT_NEAR(times->times[0], 1.0, 1e-9); // one clock step, in ms
  // The clock starts before the first timed run and stops after the last:
  // two reads a run, 10 steps in all.
  EXPECT_NEAR(times->seconds, 0.010, 1e-9);
  EXPECT_NEAR(times->getThroughput(), 500, 1e-6);
  EXPECT_EQ(progress, ""); // 17 ms in all: no progress
}

TEST(TimeRuns, ReportsProgressOnLongBenchmarks) {
  std::string progress;
  // Each run takes 0.25 s: 12 runs, 6 s in all.
  llvm::Expected<BenchTimes> times =
      timeOnFakeClock(0.25, {/*warmup=*/2, /*runs=*/10}, progress, succeed);
  ASSERT_TRUE(static_cast<bool>(times));
  EXPECT_NE(progress.find("sic-run: bench: warm-up 2/2"), std::string::npos)
      << progress;
  EXPECT_NE(progress.find("sic-run: bench: run 10/10"), std::string::npos)
      << progress;
}

TEST(TimeRuns, ReportsEveryRunWithAZeroInterval) {
  std::string progress;
  BenchOptions options{/*warmup=*/1, /*runs=*/2};
  options.progressInterval = 0;
  llvm::Expected<BenchTimes> times =
      timeOnFakeClock(1e-6, options, progress, succeed);
  ASSERT_TRUE(static_cast<bool>(times));
  EXPECT_EQ(progress, "sic-run: bench: warm-up 1/1 (0 s)\n"
                      "sic-run: bench: run 1/2 (0 s)\n"
                      "sic-run: bench: run 2/2 (0 s)\n");
}

TEST(TimeRuns, RunsEveryThreadWithItsOwnIndex) {
  constexpr unsigned kThreads = 4;
  std::array<std::atomic<unsigned>, kThreads> calls{};
  std::string progress;
  BenchOptions options{/*warmup=*/2, /*runs=*/5, /*threads=*/kThreads};
  options.progressInterval = 0;
  llvm::Expected<BenchTimes> times =
      timeOnFakeClock(1e-6, options, progress, [&](unsigned thread) {
        EXPECT_LT(thread, kThreads);
        if (thread < kThreads)
          ++calls[thread];
        return llvm::Error::success();
      });
  ASSERT_TRUE(static_cast<bool>(times));
  for (const std::atomic<unsigned> &count : calls)
    EXPECT_EQ(count, 7u);
  EXPECT_EQ(times->times.size(), 20u);
  EXPECT_GT(times->seconds, 0);
  // Every run writes a line counting the runs of all threads; the last
  // warm-up line and the last line see every run before them.
  EXPECT_NE(progress.find("sic-run: bench: warm-up 8/8"), std::string::npos)
      << progress;
  EXPECT_NE(progress.find("sic-run: bench: run 20/20"), std::string::npos)
      << progress;
  EXPECT_EQ(std::count(progress.begin(), progress.end(), '\n'), 28) << progress;
}

TEST(TimeRuns, StopsAtTheFirstError) {
  unsigned calls = 0;
  std::string progress;
  llvm::Expected<BenchTimes> times = timeOnFakeClock(
      0.001, {/*warmup=*/1, /*runs=*/5}, progress, [&](unsigned) {
        return ++calls == 2 ? llvm::createStringError(
                                  llvm::inconvertibleErrorCode(), "boom")
                            : llvm::Error::success();
      });
  ASSERT_FALSE(static_cast<bool>(times));
  EXPECT_EQ(llvm::toString(times.takeError()), "boom");
  EXPECT_EQ(calls, 2u);
}

TEST(TimeRuns, StopsEveryThreadAtAnError) {
  std::atomic<unsigned> calls{0};
  std::string progress;
  // Thread 2 fails in its warm-up; the others, waiting for it or not,
  // stop too, and nothing waits forever.
  llvm::Expected<BenchTimes> times = timeOnFakeClock(
      0.001, {/*warmup=*/3, /*runs=*/1000, /*threads=*/4}, progress,
      [&](unsigned thread) {
        ++calls;
        return thread == 2 ? llvm::createStringError(
                                 llvm::inconvertibleErrorCode(), "thread 2")
                           : llvm::Error::success();
      });
  ASSERT_FALSE(static_cast<bool>(times));
  EXPECT_EQ(llvm::toString(times.takeError()), "thread 2");
  EXPECT_LT(calls, 4u * 1003);
}

} // namespace
