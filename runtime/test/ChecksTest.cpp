//===- ChecksTest.cpp - The debug-checked policy: NaN, Inf, canaries ------===//
//
// Runs the hand-written `checked` models, whose entries call the op hooks
// as code compiled with --checks=debug does, on inputs that make an op
// produce a NaN or an Inf, and with an op that writes past its arena slice.
//
//===----------------------------------------------------------------------===//

#include "StaticModelTest.h"
#include "sic/runtime.h"
#include "test_models.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace {

class ChecksTest : public StaticModelTest {
protected:
  ChecksTest() : StaticModelTest(sic_test_checked) {}

  /// Opens `desc` as the test left it and creates a context on `arena`.
  void open() {
    ASSERT_NO_FATAL_FAILURE(openModel());
    ASSERT_EQ(sic_context_create_borrowed(model, arena, sizeof arena, &context,
                                          &error),
              SIC_STATUS_OK)
        << error.message;
  }

  sic_status_t run() { return sic_context_run(context, &input, 1, &output, 1); }

  /// Runs and expects `status` with `message`.
  void expectRun(sic_status_t status, const char *message) {
    EXPECT_EQ(run(), status);
    EXPECT_STREQ(sic_context_last_error(context), message);
  }

  static constexpr int64_t dims[2] = {2, 3};
  alignas(64) unsigned char arena[192] = {};
  alignas(16) float x[6] = {1, 2, 3, 4, 5, 6};
  alignas(16) float y[6] = {};
  sic_tensor_t input = {x, SIC_DTYPE_F32, 2, dims, sizeof x};
  sic_tensor_t output = {y, SIC_DTYPE_F32, 2, dims, sizeof y};
};

// Tests that a debug-checked model whose ops produce finite values runs,
// with its guards in place around the arena slice.
TEST_F(ChecksTest, FiniteRunPasses) {
  ASSERT_NO_FATAL_FAILURE(open());
  expectRun(SIC_STATUS_OK, "");
  for (float value : y)
    EXPECT_EQ(value, 2.0f);
  EXPECT_EQ(arena[0], 0xa5);
  EXPECT_EQ(arena[191], 0xa5);
  EXPECT_EQ(sic_model_check_policy(model), uint32_t(SIC_CHECK_DEBUG));
}

// Tests that a NaN names the op that produced it, its output and the
// element.
TEST_F(ChecksTest, NaNNamesTheOp) {
  ASSERT_NO_FATAL_FAILURE(open());
  x[2] = 0.0f; // 0 / 0 in op 1
  expectRun(SIC_STATUS_NON_FINITE,
            "model 'checked': op 'ratio' (#1, sic.div) output 'y' element "
            "2: expected a finite value, got NaN");
  // Setting a callback afterwards leaves the run's message readable.
  EXPECT_EQ(sic_context_set_op_callback(context, nullptr, nullptr),
            SIC_STATUS_OK);
  EXPECT_STREQ(sic_context_last_error(context),
               "model 'checked': op 'ratio' (#1, sic.div) output 'y' element "
               "2: expected a finite value, got NaN");
}

// Tests that an Inf is named at the first op that produced it, not at a
// later one it reaches; an output without a name is named by its op alone.
TEST_F(ChecksTest, InfNamesTheFirstOp) {
  ASSERT_NO_FATAL_FAILURE(open());
  x[4] = std::numeric_limits<float>::max(); // overflows in op 0
  expectRun(SIC_STATUS_NON_FINITE,
            "model 'checked': op 'double' (#0, sic.add) output element 4: "
            "expected a finite value, got inf");
  x[4] = 5.0f;
  x[1] = -std::numeric_limits<float>::max();
  expectRun(SIC_STATUS_NON_FINITE,
            "model 'checked': op 'double' (#0, sic.add) output element 1: "
            "expected a finite value, got -inf");
}

// Tests that a run after a failed one is checked afresh.
TEST_F(ChecksTest, NextRunStartsClean) {
  ASSERT_NO_FATAL_FAILURE(open());
  x[2] = 0.0f;
  EXPECT_EQ(run(), SIC_STATUS_NON_FINITE);
  x[2] = 3.0f;
  expectRun(SIC_STATUS_OK, "");
}

// Tests that the same model compiled for release checks nothing: the NaN
// reaches the output.
TEST_F(ChecksTest, ReleaseChecksNothing) {
  desc = sic_test_profiled;
  ASSERT_NO_FATAL_FAILURE(open());
  x[2] = 0.0f;
  expectRun(SIC_STATUS_OK, "");
  EXPECT_TRUE(std::isnan(y[2]));
}

// Tests that an op that writes past its arena slice is named, with the
// first guard byte it changed, before its output is scanned.
TEST_F(ChecksTest, OverrunNamesTheOp) {
  desc = sic_test_overrun;
  ASSERT_NO_FATAL_FAILURE(open());
  x[2] = 0.0f;
  expectRun(SIC_STATUS_ARENA_OVERRUN,
            "model 'checked': op 'double' (#0, sic.add) wrote outside its "
            "buffers: arena byte 128 (guard #1, bytes 128 to 191): expected "
            "0xa5, got 0x00");
  // The guards are filled again before every run.
  expectRun(SIC_STATUS_ARENA_OVERRUN,
            "model 'checked': op 'double' (#0, sic.add) wrote outside its "
            "buffers: arena byte 128 (guard #1, bytes 128 to 191): expected "
            "0xa5, got 0x00");
}

extern "C" int32_t badIndexEntry(void *const *, void *const *, void *,
                                 const sic_env_t *env) {
  env->after_op(env, 7, nullptr);
  return 0;
}

// Tests that code calling a hook with an op the descriptor does not
// describe fails as its entry.
TEST_F(ChecksTest, HookOpIndexOutOfRange) {
  desc.entry = badIndexEntry;
  ASSERT_NO_FATAL_FAILURE(open());
  expectRun(SIC_STATUS_ENTRY_FAILED,
            "model 'checked': op hook: expected an op index below 2, got 7");
}

} // namespace
