//===- ThreadsTest.cpp - One model run from many threads at once ----------===//

#include "AddPairCall.h"
#include "sic/runtime.h"
#include "test_models.h"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
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

} // namespace
