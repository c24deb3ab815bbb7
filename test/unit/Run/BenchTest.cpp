//===- BenchTest.cpp - Benchmark statistics and progress ------------------===//

#include "sic/Run/Bench.h"

#include "gtest/gtest.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <mutex>
#include <string>

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
  BenchOptions options{/*warmup=*/2, /*runs=*/5, /*concurrency=*/kThreads};
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
      0.001, {/*warmup=*/3, /*runs=*/1000, /*concurrency=*/4}, progress,
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

/// Records which model ran, run after run.
struct RunLog {
  std::string calls;

  llvm::Error run(char model) {
    calls += model;
    return llvm::Error::success();
  }
};

TEST(TimeInterleaved, AlternatesTheFirstModelOfEachRound) {
  RunLog log;
  double now = 0;
  std::string progress;
  llvm::raw_string_ostream os(progress);
  auto runA = [&](unsigned) { return log.run('a'); };
  auto runB = [&](unsigned) { return log.run('b'); };
  // 7 runs in 3 rounds: 2, 2 and 3 runs of each model; the warm-up runs
  // (upper case in the log below) only before a model's first round.
  BenchOptions options{/*warmup=*/1, /*runs=*/7, /*concurrency=*/1,
                       /*progressInterval=*/0};
  llvm::Expected<llvm::SmallVector<BenchTimes>> times =
      timeInterleaved({runA, runB}, options, 3, os, [&] { return now += 1; });
  ASSERT_TRUE(static_cast<bool>(times));
  EXPECT_EQ(log.calls, "aaabbb"   // round 1: warm-up + 2 of each, a first
                       "bbaa"     // round 2: b first
                       "aaabbb"); // round 3: a first
  ASSERT_EQ(times->size(), 2u);
  EXPECT_EQ((*times)[0].times.size(), 7u);
  EXPECT_EQ((*times)[1].times.size(), 7u);
  EXPECT_EQ((*times)[0].times[0], 1e3); // one clock step, in ms
  EXPECT_GT((*times)[0].seconds, 0);
  // The clock is read at the start, then by each model's timeRuns at its
  // start, at the start of its timed runs and around each run, and after
  // each round: 1 + 8 + 8 + 1 reads for round 1, 6 + 6 + 1 for round 2.
  EXPECT_EQ(progress, "sic-run: bench: round 1/3 (17 s)\n"
                      "sic-run: bench: round 2/3 (30 s)\n");
}

TEST(TimeInterleaved, StopsAtTheFirstError) {
  unsigned calls = 0;
  auto succeedCounting = [&](unsigned) {
    ++calls;
    return llvm::Error::success();
  };
  auto failAfterTwoRuns = [&](unsigned) -> llvm::Error {
    if (calls >= 2)
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "baseline failed");
    return llvm::Error::success();
  };
  double now = 0;
  llvm::Expected<llvm::SmallVector<BenchTimes>> times = timeInterleaved(
      {succeedCounting, failAfterTwoRuns}, {/*warmup=*/0, /*runs=*/4}, 2,
      llvm::nulls(), [&] { return now += 1; });
  ASSERT_FALSE(static_cast<bool>(times));
  EXPECT_EQ(llvm::toString(times.takeError()), "baseline failed");
  EXPECT_EQ(calls, 2u); // the first model's first round only
}

} // namespace
