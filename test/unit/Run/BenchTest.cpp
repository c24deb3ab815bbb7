//===- BenchTest.cpp - Benchmark statistics and progress ------------------===//

#include "sic/Run/Bench.h"

#include "gtest/gtest.h"

#include <cmath>

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

/// Times `run` on a clock that advances `step` seconds each time it is
/// read; the progress lines go to `progress`.
llvm::Expected<llvm::SmallVector<double>>
timeOnFakeClock(double step, BenchOptions options, std::string &progress,
                llvm::function_ref<llvm::Error()> run) {
  double now = 0;
  llvm::raw_string_ostream os(progress);
  return timeRuns(run, options, os, [&] { return now += step; });
}

TEST(TimeRuns, TimesOnlyTheRunsAfterTheWarmup) {
  unsigned calls = 0;
  std::string progress;
  llvm::Expected<llvm::SmallVector<double>> times =
      timeOnFakeClock(0.001, {/*warmup=*/3, /*runs=*/5}, progress, [&] {
        ++calls;
        return llvm::Error::success();
      });
  ASSERT_TRUE(static_cast<bool>(times));
  EXPECT_EQ(calls, 8u);
  ASSERT_EQ(times->size(), 5u);
  EXPECT_NEAR((*times)[0], 1.0, 1e-9); // one clock step, in ms
  EXPECT_EQ(progress, "");             // 16 ms in all: no progress
}

TEST(TimeRuns, ReportsProgressOnLongBenchmarks) {
  std::string progress;
  // Each run takes 0.25 s: 12 runs, 6 s in all.
  llvm::Expected<llvm::SmallVector<double>> times =
      timeOnFakeClock(0.25, {/*warmup=*/2, /*runs=*/10}, progress,
                      [] { return llvm::Error::success(); });
  ASSERT_TRUE(static_cast<bool>(times));
  EXPECT_NE(progress.find("sic-run: bench: warm-up 2/2"), std::string::npos)
      << progress;
  EXPECT_NE(progress.find("sic-run: bench: run 10/10"), std::string::npos)
      << progress;
}

TEST(TimeRuns, StopsAtTheFirstError) {
  unsigned calls = 0;
  std::string progress;
  llvm::Expected<llvm::SmallVector<double>> times =
      timeOnFakeClock(0.001, {/*warmup=*/1, /*runs=*/5}, progress, [&] {
        return ++calls == 2 ? llvm::createStringError(
                                  llvm::inconvertibleErrorCode(), "boom")
                            : llvm::Error::success();
      });
  ASSERT_FALSE(static_cast<bool>(times));
  EXPECT_EQ(llvm::toString(times.takeError()), "boom");
  EXPECT_EQ(calls, 2u);
}

} // namespace
