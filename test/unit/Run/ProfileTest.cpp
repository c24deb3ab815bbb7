//===- ProfileTest.cpp - Per-op times, their table and trace --------------===//

#include "sic/Run/Profile.h"

#include "llvm/Support/JSON.h"
#include "gtest/gtest.h"

#include <functional>
#include <string>

using namespace mlir::sic;

namespace {

/// A profiler on a clock that reads `now`, fed the events of runs of two
/// ops as the runtime calls the callback.
struct FakeRuns {
  double now = 100;
  std::function<double()> read = [this] { return now; };
  OpProfiler profiler{2, read};

  void event(uint32_t op, sic_op_phase_t phase, double at) {
    now = at;
    sic_op_event_t e = {op, phase, nullptr};
    OpProfiler::callback(&profiler, &e);
  }

  /// A run from `start`: op 0 takes `first` seconds, op 1 `second`.
  void run(double start, double first, double second) {
    now = start;
    profiler.beginRun();
    event(0, SIC_OP_BEGIN, start);
    event(0, SIC_OP_END, start + first);
    event(1, SIC_OP_BEGIN, start + first);
    event(1, SIC_OP_END, start + first + second);
    now = start + first + second;
    profiler.endRun();
  }
};

const ProfiledOp kOps[] = {{"sic.gemm", "fc", "f32[1, 8]"},
                           {"sic.relu", "act", "f32[1, 8]"}};

// Tests that each op's time is its mean over the runs, and its share of
// the ops' total.
TEST(OpProfiler, AveragesOverRuns) {
  FakeRuns runs;
  runs.run(100, 3e-6, 1e-6);
  runs.run(200, 5e-6, 3e-6);
  llvm::SmallVector<OpTime> times = computeOpTimes(runs.profiler);
  ASSERT_EQ(times.size(), 2u);
  EXPECT_NEAR(times[0].us, 4, 1e-6);
  EXPECT_NEAR(times[1].us, 2, 1e-6);
  EXPECT_NEAR(times[0].percent, 200.0 / 3, 1e-6);
  EXPECT_NEAR(times[1].percent, 100.0 / 3, 1e-6);
}

// Tests that events outside a run (the runs sic-run does not profile) are
// not counted.
TEST(OpProfiler, IgnoresEventsOutsideRuns) {
  FakeRuns runs;
  runs.event(0, SIC_OP_BEGIN, 1);
  runs.event(0, SIC_OP_END, 50);
  runs.run(100, 1e-6, 1e-6);
  ASSERT_EQ(runs.profiler.getSpans().size(), 2u);
  EXPECT_EQ(runs.profiler.getSpans()[0].run, 0u);
}

// Tests the table: a row per op, columns as wide as their entries, and the
// total.
TEST(OpProfiler, PrintsTable) {
  FakeRuns runs;
  runs.run(100, 3e-6, 1e-6);
  std::string text;
  llvm::raw_string_ostream os(text);
  printProfileTable(kOps, runs.profiler, os);
  EXPECT_EQ(text, "profile: 1 run of 2 ops: 4.000 us per run in ops\n"
                  "     #  op        node  output        time us       %\n"
                  "     0  sic.gemm  fc    f32[1, 8]      3.0000    75.0\n"
                  "     1  sic.relu  act   f32[1, 8]      1.0000    25.0\n"
                  "        total                          4.0000   100.0\n");
}

// Tests the trace: complete events in microseconds from the first run,
// named after the node, with the sic op as category.
TEST(OpProfiler, WritesChromeTrace) {
  FakeRuns runs;
  runs.run(100, 3e-6, 1e-6);
  std::string text;
  llvm::raw_string_ostream os(text);
  writeChromeTrace("mlp", kOps, runs.profiler, os);
  llvm::Expected<llvm::json::Value> trace = llvm::json::parse(text);
  ASSERT_TRUE(bool(trace)) << llvm::toString(trace.takeError());
  const llvm::json::Array *events =
      trace->getAsObject()->getArray("traceEvents");
  ASSERT_NE(events, nullptr);
  ASSERT_EQ(events->size(), 4u); // process name, the run, two ops
  const llvm::json::Object *relu = (*events)[3].getAsObject();
  EXPECT_EQ(relu->getString("name"), "act");
  EXPECT_EQ(relu->getString("cat"), "sic.relu");
  EXPECT_EQ(relu->getString("ph"), "X");
  EXPECT_EQ(relu->getNumber("ts"), 3.0);
  EXPECT_EQ(relu->getNumber("dur"), 1.0);
}

} // namespace
