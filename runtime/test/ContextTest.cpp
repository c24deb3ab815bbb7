//===- ContextTest.cpp - Contexts: owned and borrowed arenas, entry status ===//

#include "AddPairCall.h"
#include "StaticModelTest.h"
#include "sic/runtime.h"
#include "test_models.h"

#include <gtest/gtest.h>

#include <cstring>

namespace {

class ContextTest : public StaticModelTest {
protected:
  ContextTest() : StaticModelTest(sic_test_add_pair) {}

  /// Creates `context` on `size` bytes at `at` and expects `status` with
  /// `message`.
  void expectBorrowed(void *at, size_t size, sic_status_t status,
                      const char *message) {
    ASSERT_NO_FATAL_FAILURE(openModel());
    EXPECT_EQ(sic_context_create_borrowed(model, at, size, &context, &error),
              status);
    EXPECT_EQ(error.status, status);
    EXPECT_STREQ(error.message, message);
    EXPECT_EQ(context == nullptr, status != SIC_STATUS_OK);
  }

  alignas(64) unsigned char arena[128] = {};
  AddPairCall call;
};

// Tests that a borrowed arena is the one the model computes in.
TEST_F(ContextTest, BorrowedArenaIsUsed) {
  expectBorrowed(arena, sizeof arena, SIC_STATUS_OK, "");
  ASSERT_EQ(call.run(context), SIC_STATUS_OK)
      << sic_context_last_error(context);
  EXPECT_EQ(std::memcmp(arena, call.sum, 24), 0);
}

// Tests that an arena smaller than the model needs is refused.
TEST_F(ContextTest, BorrowedArenaTooSmall) {
  expectBorrowed(arena, 16, SIC_STATUS_ARENA_TOO_SMALL,
                 "model 'add_pair': arena size: expected at least 24, got 16");
}

// Tests that an arena below the model's arena alignment is refused.
TEST_F(ContextTest, BorrowedArenaMisaligned) {
  expectBorrowed(arena + 32, 64, SIC_STATUS_MISALIGNED,
                 "model 'add_pair': arena alignment: expected 64, got 32");
}

// Tests that a model with an arena needs a borrowed arena pointer.
TEST_F(ContextTest, BorrowedArenaNull) {
  expectBorrowed(nullptr, 64, SIC_STATUS_NULL_POINTER,
                 "model 'add_pair': arena: expected a pointer, got NULL");
}

// Tests that a model without an arena takes no arena.
TEST_F(ContextTest, NoArenaNeeded) {
  desc = sic_test_add_one;
  expectBorrowed(nullptr, 0, SIC_STATUS_OK, "");
}

// Tests that a call may not bind a tensor inside the borrowed arena.
TEST_F(ContextTest, InputInsideBorrowedArena) {
  expectBorrowed(arena, sizeof arena, SIC_STATUS_OK, "");
  call.inputs[0].data = arena;
  EXPECT_EQ(call.run(context), SIC_STATUS_OVERLAP);
  EXPECT_STREQ(sic_context_last_error(context),
               "model 'add_pair': the arena overlaps input 'a' (#0)");
}

// Tests that memory the arena does not use is free for tensors.
TEST_F(ContextTest, TensorPastTheArenaAccepted) {
  expectBorrowed(arena, sizeof arena, SIC_STATUS_OK, "");
  call.outputs[0].data = arena + 32;
  EXPECT_EQ(call.run(context), SIC_STATUS_OK)
      << sic_context_last_error(context);
}

// Tests that an arena that cannot be allocated is reported, not crashed on.
TEST_F(ContextTest, UnallocatableArena) {
  desc.arena_size = UINT64_MAX - 1;
  ASSERT_NO_FATAL_FAILURE(openModel());
  EXPECT_EQ(sic_context_create(model, &context, &error),
            SIC_STATUS_OUT_OF_MEMORY);
  EXPECT_EQ(context, nullptr);
  EXPECT_STREQ(error.message, "model 'add_pair': arena: cannot allocate "
                              "18446744073709551614 bytes aligned to 64");
}

// Tests that missing arguments are refused.
TEST_F(ContextTest, NullArguments) {
  EXPECT_EQ(sic_context_create(nullptr, &context, &error),
            SIC_STATUS_NULL_POINTER);
  EXPECT_STREQ(error.message, "model: expected a pointer, got NULL");
  ASSERT_NO_FATAL_FAILURE(openModel());
  EXPECT_EQ(sic_context_create(model, nullptr, &error),
            SIC_STATUS_NULL_POINTER);
  EXPECT_STREQ(error.message,
               "model 'add_pair': out_context: expected a pointer, got NULL");
}

extern "C" int32_t failingEntry(void *const *, void *const *, void *,
                                const sic_env_t *) {
  return 7;
}

// Tests that a nonzero status from the entry becomes ENTRY_FAILED.
TEST_F(ContextTest, EntryStatus) {
  desc.entry = failingEntry;
  ASSERT_NO_FATAL_FAILURE(openModel());
  ASSERT_EQ(sic_context_create(model, &context, &error), SIC_STATUS_OK);
  EXPECT_EQ(call.run(context), SIC_STATUS_ENTRY_FAILED);
  EXPECT_STREQ(sic_context_last_error(context),
               "model 'add_pair': entry status: expected 0, got 7");
}

} // namespace
