//===- ThreadsTest.cpp - One model run from many threads at once ----------===//

#include "AddPairCall.h"
#include "sic/runtime.h"
#include "test_models.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <iterator>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace {

// Tests that threads sharing one model, each with its own context, get
// their own results: inputs differ per thread and per run.
TEST(ThreadsTest, ContextPerThreadSharesOneModel) {
  sic_model_t *model = nullptr;
  sic_error_t error;
  ASSERT_EQ(sic_model_open_static(&sic_test_add_pair, ADD_PAIR_CONTRACT_HASH,
                                  &model, &error),
            SIC_STATUS_OK);
  constexpr int numThreads = 8, numRuns = 500;
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < numThreads; ++t)
    threads.emplace_back([&, t] {
      sic_context_t *context = nullptr;
      if (sic_context_create(model, &context, nullptr) != SIC_STATUS_OK) {
        ++wrong;
        return;
      }
      auto call = std::make_unique<AddPairCall>();
      for (int run = 0; run < numRuns; ++run) {
        int64_t expectedPositives = 0;
        for (int i = 0; i < 6; ++i) {
          call->a[i] = float(t * 1000 + run);
          call->b[i] = float(i - 3);
          expectedPositives += t * 1000 + run + i - 3 > 0;
        }
        if (call->run(context) != SIC_STATUS_OK ||
            call->positives[0] != expectedPositives)
          ++wrong;
        for (int i = 0; i < 6; ++i)
          if (call->sum[i] != float(t * 1000 + run + i - 3))
            ++wrong;
      }
      sic_context_destroy(context);
    });
  for (std::thread &thread : threads)
    thread.join();
  EXPECT_EQ(wrong.load(), 0);
  sic_model_close(model);
}

/// An op callback that holds the first run to reach op 0 inside that op
/// until the test opens the gate, and counts the events it sees.
struct Gate {
  std::mutex mutex;
  std::condition_variable changed;
  bool entered = false, open = false;
  int events = 0;

  static void hold(void *user, const sic_op_event_t *event) {
    auto *gate = static_cast<Gate *>(user);
    std::unique_lock<std::mutex> lock(gate->mutex);
    ++gate->events;
    if (event->op != 0 || event->phase != SIC_OP_BEGIN || gate->open)
      return;
    gate->entered = true;
    gate->changed.notify_all();
    gate->changed.wait(lock, [gate] { return gate->open; });
  }

  void waitUntilEntered() {
    std::unique_lock<std::mutex> lock(mutex);
    changed.wait(lock, [this] { return entered; });
  }

  void openGate() {
    std::lock_guard<std::mutex> lock(mutex);
    open = true;
    changed.notify_all();
  }
};

/// The buffers of one call of the `profiled` model: y = (x + x) / x.
struct ProfiledCall {
  static constexpr int64_t dims[2] = {2, 3};
  alignas(16) float x[6] = {1, 2, 3, 4, 5, 6};
  alignas(16) float y[6] = {-1, -1, -1, -1, -1, -1};
  sic_tensor_t input = {x, SIC_DTYPE_F32, 2, dims, sizeof x};
  sic_tensor_t output = {y, SIC_DTYPE_F32, 2, dims, sizeof y};

  sic_status_t run(sic_context_t *context) {
    return sic_context_run(context, &input, 1, &output, 1);
  }
};

// Tests that a second thread entering a context while a run holds it is
// refused with CONTEXT_BUSY and its own message, leaves the run and the
// context alone (the refused callback change did not happen), and that the
// context runs normally afterwards. The run is held inside its first op by
// the op callback until the second thread has tried.
TEST(ThreadsTest, SecondThreadIsRefusedWhileARunHoldsTheContext) {
  sic_model_t *model = nullptr;
  sic_context_t *context = nullptr;
  sic_error_t error;
  ASSERT_EQ(sic_model_open_static(&sic_test_profiled, CHECKED_CONTRACT_HASH,
                                  &model, &error),
            SIC_STATUS_OK);
  ASSERT_EQ(sic_context_create(model, &context, &error), SIC_STATUS_OK);
  Gate gate;
  ASSERT_EQ(sic_context_set_op_callback(context, Gate::hold, &gate),
            SIC_STATUS_OK);
  ProfiledCall held, refused;
  sic_status_t heldStatus = SIC_STATUS_OK;
  std::thread runner([&] { heldStatus = held.run(context); });
  gate.waitUntilEntered();
  EXPECT_EQ(refused.run(context), SIC_STATUS_CONTEXT_BUSY);
  const char *busy = "model 'checked': context is already running on "
                     "another thread (one context per thread)";
  EXPECT_STREQ(sic_context_last_error(context), busy);
  EXPECT_EQ(sic_context_set_op_callback(context, nullptr, nullptr),
            SIC_STATUS_CONTEXT_BUSY);
  EXPECT_STREQ(sic_context_last_error(context), busy);
  gate.openGate();
  runner.join();
  EXPECT_EQ(heldStatus, SIC_STATUS_OK);
  EXPECT_STREQ(sic_context_last_error(context), "");
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(held.y[i], 2.0f);
    EXPECT_EQ(refused.y[i], -1.0f) << "a refused run wrote its output";
  }
  EXPECT_EQ(gate.events, 4);
  // Afterwards the context runs this thread's call, still calling back.
  EXPECT_EQ(refused.run(context), SIC_STATUS_OK)
      << sic_context_last_error(context);
  for (int i = 0; i < 6; ++i)
    EXPECT_EQ(refused.y[i], 2.0f);
  EXPECT_EQ(gate.events, 8);
  sic_context_destroy(context);
  sic_model_close(model);
}

// Tests that threads sharing one context against the rules get a clean
// refusal, never a race: every call either runs alone, writing its own
// correct outputs through the shared arena, or is refused with
// CONTEXT_BUSY. The first call to take the context always runs.
TEST(ThreadsTest, SharedContextRunsOneCallAtATime) {
  sic_model_t *model = nullptr;
  sic_context_t *context = nullptr;
  sic_error_t error;
  ASSERT_EQ(sic_model_open_static(&sic_test_add_pair, ADD_PAIR_CONTRACT_HASH,
                                  &model, &error),
            SIC_STATUS_OK);
  ASSERT_EQ(sic_context_create(model, &context, &error), SIC_STATUS_OK);
  constexpr int numThreads = 4, numRuns = 500;
  std::atomic<int> ran{0}, wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < numThreads; ++t)
    threads.emplace_back([&, t] {
      auto call = std::make_unique<AddPairCall>();
      for (int i = 0; i < 6; ++i)
        call->a[i] = float(t * 10 + i);
      for (int run = 0; run < numRuns; ++run) {
        std::fill(std::begin(call->sum), std::end(call->sum), -1.0f);
        sic_status_t status = call->run(context);
        if (status != SIC_STATUS_OK && status != SIC_STATUS_CONTEXT_BUSY)
          ++wrong;
        // A refused call leaves its outputs alone.
        for (int i = 0; i < 6; ++i) {
          float expected =
              status == SIC_STATUS_OK ? float(t * 10 + i - 2) : -1.0f;
          if (call->sum[i] != expected)
            ++wrong;
        }
        ran += status == SIC_STATUS_OK;
      }
    });
  for (std::thread &thread : threads)
    thread.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_GE(ran.load(), 1);
  sic_context_destroy(context);
  sic_model_close(model);
}

} // namespace
