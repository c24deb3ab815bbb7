//===- ProfileTest.cpp - The op callback of instrumented models -----------===//

#include "StaticModelTest.h"
#include "sic/runtime.h"
#include "test_models.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

/// What a callback saw, one "begin 0 double sic.add" per event.
struct Recorder {
  std::vector<std::string> events;

  static void record(void *user, const sic_op_event_t *event) {
    auto *self = static_cast<Recorder *>(user);
    self->events.push_back(
        std::string(event->phase == SIC_OP_BEGIN ? "begin " : "end ") +
        std::to_string(event->op) + " " + event->desc->node + " " +
        event->desc->op);
  }
};

class ProfileTest : public StaticModelTest {
protected:
  ProfileTest() : StaticModelTest(sic_test_profiled) {}

  /// Opens `desc` and creates a context that owns its arena.
  void open() {
    ASSERT_NO_FATAL_FAILURE(openModel());
    ASSERT_EQ(sic_context_create(model, &context, &error), SIC_STATUS_OK)
        << error.message;
  }

  sic_status_t run() { return sic_context_run(context, &input, 1, &output, 1); }

  static constexpr int64_t dims[2] = {2, 3};
  alignas(16) float x[6] = {1, 2, 3, 4, 5, 6};
  alignas(16) float y[6] = {};
  sic_tensor_t input = {x, SIC_DTYPE_F32, 2, dims, sizeof x};
  sic_tensor_t output = {y, SIC_DTYPE_F32, 2, dims, sizeof y};
  Recorder recorder;
};

// Tests that the callback sees every op begin and end, in order, once per
// run, and that the model describes its ops.
TEST_F(ProfileTest, CallbackSeesEveryOpInOrder) {
  ASSERT_NO_FATAL_FAILURE(open());
  EXPECT_EQ(sic_model_hooks(model),
            uint32_t(SIC_HOOK_AFTER_OP | SIC_HOOK_BEFORE_OP));
  ASSERT_EQ(sic_model_num_ops(model), 2u);
  const sic_op_desc_t *ratio = sic_model_op(model, 1);
  ASSERT_NE(ratio, nullptr);
  EXPECT_STREQ(ratio->node, "ratio");
  EXPECT_STREQ(ratio->output.name, "y");
  EXPECT_EQ(sic_model_op(model, 2), nullptr);
  ASSERT_EQ(sic_context_set_op_callback(context, Recorder::record, &recorder),
            SIC_STATUS_OK);
  ASSERT_EQ(run(), SIC_STATUS_OK) << sic_context_last_error(context);
  ASSERT_EQ(run(), SIC_STATUS_OK) << sic_context_last_error(context);
  std::vector<std::string> once = {
      "begin 0 double sic.add", "end 0 double sic.add", "begin 1 ratio sic.div",
      "end 1 ratio sic.div"};
  std::vector<std::string> twice = once;
  twice.insert(twice.end(), once.begin(), once.end());
  EXPECT_EQ(recorder.events, twice);
}

// Tests that a debug-checked model calls the callback too, and that a
// failed check leaves the events whole.
TEST_F(ProfileTest, DebugModelCallsBack) {
  desc = sic_test_checked;
  ASSERT_NO_FATAL_FAILURE(open());
  ASSERT_EQ(sic_context_set_op_callback(context, Recorder::record, &recorder),
            SIC_STATUS_OK);
  x[0] = 0.0f;
  EXPECT_EQ(run(), SIC_STATUS_NON_FINITE);
  EXPECT_EQ(recorder.events.size(), 4u);
}

// Tests that a cleared callback is no longer called.
TEST_F(ProfileTest, ClearedCallbackIsNotCalled) {
  ASSERT_NO_FATAL_FAILURE(open());
  ASSERT_EQ(sic_context_set_op_callback(context, Recorder::record, &recorder),
            SIC_STATUS_OK);
  ASSERT_EQ(sic_context_set_op_callback(context, nullptr, nullptr),
            SIC_STATUS_OK);
  ASSERT_EQ(run(), SIC_STATUS_OK);
  EXPECT_TRUE(recorder.events.empty());
}

// Tests that a model without before-op hooks takes no callback, and says
// why; clearing is always allowed.
TEST_F(ProfileTest, NotInstrumentedIsRefused) {
  desc.hooks = SIC_HOOK_AFTER_OP;
  ASSERT_NO_FATAL_FAILURE(open());
  EXPECT_EQ(sic_context_set_op_callback(context, Recorder::record, &recorder),
            SIC_STATUS_NOT_INSTRUMENTED);
  EXPECT_STREQ(sic_context_last_error(context),
               "model 'checked': op callback: expected a model compiled with "
               "--instrument, got one without before-op hooks");
  // Clearing succeeds and leaves the refusal's message in place.
  EXPECT_EQ(sic_context_set_op_callback(context, nullptr, nullptr),
            SIC_STATUS_OK);
  EXPECT_STREQ(sic_context_last_error(context),
               "model 'checked': op callback: expected a model compiled with "
               "--instrument, got one without before-op hooks");
  EXPECT_EQ(sic_context_set_op_callback(nullptr, Recorder::record, nullptr),
            SIC_STATUS_NULL_POINTER);
}

/// A callback that tries to run, and to clear the callback of, the context
/// that calls it, as its first op begins.
struct Reentrant {
  sic_context_t *context;
  const sic_tensor_t *input, *output;
  sic_status_t run = SIC_STATUS_OK, clear = SIC_STATUS_OK;
  std::string message;

  static void call(void *user, const sic_op_event_t *event) {
    auto *self = static_cast<Reentrant *>(user);
    if (event->op != 0 || event->phase != SIC_OP_BEGIN)
      return;
    self->run = sic_context_run(self->context, self->input, 1, self->output, 1);
    self->message = sic_context_last_error(self->context);
    self->clear = sic_context_set_op_callback(self->context, nullptr, nullptr);
  }
};

// Tests that a callback running its own context is refused like a second
// thread, and that the run it was called from is not disturbed.
TEST_F(ProfileTest, CallbackRunningItsContextIsRefused) {
  ASSERT_NO_FATAL_FAILURE(open());
  Reentrant reentrant{context, &input, &output};
  ASSERT_EQ(sic_context_set_op_callback(context, Reentrant::call, &reentrant),
            SIC_STATUS_OK);
  EXPECT_EQ(run(), SIC_STATUS_OK) << sic_context_last_error(context);
  EXPECT_EQ(reentrant.run, SIC_STATUS_CONTEXT_BUSY);
  EXPECT_EQ(reentrant.clear, SIC_STATUS_CONTEXT_BUSY);
  EXPECT_EQ(reentrant.message,
            "model 'checked': context is already running on another thread "
            "(one context per thread)");
  EXPECT_EQ(y[5], 2.0f);
}

// Tests that a model without hooks describes no ops.
TEST_F(ProfileTest, ReleaseModelHasNoOps) {
  desc = sic_test_add_one;
  ASSERT_NO_FATAL_FAILURE(open());
  EXPECT_EQ(sic_model_hooks(model), 0u);
  EXPECT_EQ(sic_model_num_ops(model), 0u);
  EXPECT_EQ(sic_model_op(model, 0), nullptr);
  EXPECT_EQ(sic_model_hooks(nullptr), 0u);
}

} // namespace
