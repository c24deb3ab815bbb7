//===- ParallelForTest.cpp - A context's threads and parallel-for ---------===//

#include "StaticModelTest.h"
#include "test_models.h"

#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

namespace {

class ParallelForTest : public StaticModelTest {
protected:
  ParallelForTest() : StaticModelTest(sic_test_chunks) {}

  void SetUp() override {
    openModel();
    for (int i = 0; i < 1000; ++i)
      x[i] = float(i) - 500.5f;
  }

  /// Creates the context with `options`, which must succeed.
  void create(const sic_context_options_t *options) {
    ASSERT_EQ(sic_context_create_with_options(model, options, &context, &error),
              SIC_STATUS_OK)
        << error.message;
  }

  /// Runs the context, expecting every chunk computed once.
  void runAndCheck() {
    int64_t elements[] = {1000}, chunks[] = {100};
    sic_tensor_t inputs[] = {{x.data(), SIC_DTYPE_F32, 1, elements, sizeof x}};
    sic_tensor_t outputs[] = {
        {y.data(), SIC_DTYPE_F32, 1, elements, sizeof y},
        {runs.data(), SIC_DTYPE_I32, 1, chunks, sizeof runs}};
    y.fill(0.0f);
    runs.fill(-1);
    ASSERT_EQ(sic_context_run(context, inputs, 1, outputs, 2), SIC_STATUS_OK)
        << sic_context_last_error(context);
    for (int i = 0; i < 1000; ++i)
      ASSERT_EQ(y[i], 2.0f * x[i]) << "element " << i;
    for (int c = 0; c < 100; ++c)
      ASSERT_EQ(runs[c], 1) << "chunk " << c;
  }

  alignas(64) std::array<float, 1000> x;
  alignas(64) std::array<float, 1000> y;
  alignas(64) std::array<int32_t, 100> runs;
};

// Tests that every chunk runs exactly once, whatever the context's threads:
// the caller alone (no options, 0 and 1 thread) or a pool of 2 to 8, each
// run many times so that the workers go to sleep and wake up between runs.
TEST_F(ParallelForTest, EveryChunkOnceForEveryThreadCount) {
  create(nullptr);
  runAndCheck();
  for (uint32_t threads : {0u, 1u, 2u, 3u, 8u}) {
    SCOPED_TRACE("threads " + std::to_string(threads));
    sic_context_destroy(context);
    context = nullptr;
    sic_context_options_t options = {};
    options.threads = threads;
    create(&options);
    for (int run = 0; run < 50; ++run)
      runAndCheck();
    // Long enough for the workers to stop spinning and sleep.
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    runAndCheck();
  }
}

// Tests that contexts with threads of their own run at the same time, each
// on its own thread, and that destroying one stops its threads.
TEST_F(ParallelForTest, ContextsWithThreadsRunTogether) {
  std::vector<std::thread> callers;
  std::array<bool, 4> ok{};
  for (int t = 0; t < 4; ++t)
    callers.emplace_back([&, t] {
      sic_context_options_t options = {};
      options.threads = 2;
      sic_context_t *own = nullptr;
      if (sic_context_create_with_options(model, &options, &own, nullptr) !=
          SIC_STATUS_OK)
        return;
      alignas(64) std::array<float, 1000> in, out;
      alignas(64) std::array<int32_t, 100> counts;
      for (int i = 0; i < 1000; ++i)
        in[i] = float(t * 1000 + i);
      int64_t elements[] = {1000}, chunks[] = {100};
      sic_tensor_t inputs[] = {{in.data(), SIC_DTYPE_F32, 1, elements, 4000}};
      sic_tensor_t outputs[] = {{out.data(), SIC_DTYPE_F32, 1, elements, 4000},
                                {counts.data(), SIC_DTYPE_I32, 1, chunks, 400}};
      bool good = true;
      for (int run = 0; run < 100 && good; ++run) {
        good = sic_context_run(own, inputs, 1, outputs, 2) == SIC_STATUS_OK;
        for (int i = 0; i < 1000 && good; ++i)
          good = out[i] == 2.0f * in[i];
        for (int c = 0; c < 100 && good; ++c)
          good = counts[c] == 1;
      }
      sic_context_destroy(own);
      ok[t] = good;
    });
  for (std::thread &caller : callers)
    caller.join();
  for (int t = 0; t < 4; ++t)
    EXPECT_TRUE(ok[t]) << "caller " << t;
}

/// An application's parallel-for: runs the chunks last to first on the
/// calling thread and counts its calls.
struct Reversed {
  int calls = 0;
  uint32_t chunks = 0;
  static void run(void *user, sic_task_fn_t task, void *closure,
                  uint32_t chunks) {
    auto *self = static_cast<Reversed *>(user);
    ++self->calls;
    self->chunks = chunks;
    for (uint32_t c = chunks; c-- > 0;)
      task(closure, c);
  }
};

// Tests that the application's parallel-for runs the loops, with its user
// pointer, in the order it chooses.
TEST_F(ParallelForTest, ApplicationParallelFor) {
  Reversed reversed;
  sic_context_options_t options = {};
  options.parallel_for = Reversed::run;
  options.parallel_for_user = &reversed;
  create(&options);
  runAndCheck();
  runAndCheck();
  EXPECT_EQ(reversed.calls, 2);
  EXPECT_EQ(reversed.chunks, 100u);
}

// Tests that the options take a borrowed arena as
// sic_context_create_borrowed does, with threads.
TEST_F(ParallelForTest, BorrowedArenaWithThreads) {
  alignas(64) static unsigned char arena[448];
  sic_context_options_t options = {};
  options.threads = 2;
  options.arena = arena;
  options.arena_size = sizeof arena;
  create(&options);
  runAndCheck();
  sic_context_destroy(context);
  context = nullptr;
  options.arena_size = 399;
  EXPECT_EQ(sic_context_create_with_options(model, &options, &context, &error),
            SIC_STATUS_ARENA_TOO_SMALL);
  EXPECT_STREQ(error.message,
               "model 'chunks': arena size: expected at least 400, got 399");
}

// Tests the refused options: too many threads, and threads together with
// an application's parallel-for. No context is made.
TEST_F(ParallelForTest, InvalidOptions) {
  sic_context_options_t options = {};
  options.threads = SIC_MAX_THREADS + 1;
  EXPECT_EQ(sic_context_create_with_options(model, &options, &context, &error),
            SIC_STATUS_INVALID_OPTION);
  EXPECT_STREQ(error.message,
               "model 'chunks': options: threads: expected at most 256, got "
               "257");
  EXPECT_EQ(context, nullptr);
  EXPECT_STREQ(sic_status_name(SIC_STATUS_INVALID_OPTION),
               "SIC_STATUS_INVALID_OPTION");

  Reversed reversed;
  options.threads = 4;
  options.parallel_for = Reversed::run;
  options.parallel_for_user = &reversed;
  EXPECT_EQ(sic_context_create_with_options(model, &options, &context, &error),
            SIC_STATUS_INVALID_OPTION);
  EXPECT_STREQ(error.message, "model 'chunks': options: 4 threads and a "
                              "parallel_for: expected one of them");
  EXPECT_EQ(context, nullptr);
  EXPECT_EQ(
      sic_context_create_with_options(nullptr, &options, &context, &error),
      SIC_STATUS_NULL_POINTER);
  EXPECT_STREQ(sic_status_name(SIC_STATUS_THREAD_FAILED),
               "SIC_STATUS_THREAD_FAILED");
}

} // namespace
