//===- BindingTest.cpp - The binding contract checked on every call -------===//
//
// Each test breaks one thing in a correct call of add_pair and expects the
// run to fail with that violation's code and message, without running the
// model.
//
//===----------------------------------------------------------------------===//

#include "AddPairCall.h"
#include "StaticModelTest.h"
#include "sic/runtime.h"
#include "test_models.h"

#include <gtest/gtest.h>

namespace {

class BindingTest : public ::testing::Test {
protected:
  void SetUp() override {
    sic_error_t error;
    ASSERT_EQ(sic_model_open_static(&sic_test_add_pair, ADD_PAIR_CONTRACT_HASH,
                                    &model, &error),
              SIC_STATUS_OK)
        << error.message;
    ASSERT_EQ(sic_context_create(model, &context, &error), SIC_STATUS_OK)
        << error.message;
  }

  void TearDown() override {
    sic_context_destroy(context);
    sic_model_close(model);
  }

  /// Runs `call` and expects `status` with `message`; a refused call must
  /// leave the outputs alone.
  void expectRun(sic_status_t status, const char *message, size_t numInputs = 2,
                 size_t numOutputs = 2) {
    EXPECT_EQ(sic_context_run(context, call.inputs, numInputs, call.outputs,
                              numOutputs),
              status);
    EXPECT_STREQ(sic_context_last_error(context), message);
    if (status != SIC_STATUS_OK) {
      EXPECT_EQ(call.sum[0], 0.0f);
    }
  }

  sic_model_t *model = nullptr;
  sic_context_t *context = nullptr;
  AddPairCall call;
};

// Tests that the correct call runs and computes both outputs.
TEST_F(BindingTest, CorrectCallRuns) {
  expectRun(SIC_STATUS_OK, "");
  const float expected[] = {-1, 0, 1, 2, 3, 4};
  for (int i = 0; i < 6; ++i)
    EXPECT_EQ(call.sum[i], expected[i]) << i;
  EXPECT_EQ(call.positives[0], 4);
}

// Tests that a wrong number of inputs is refused.
TEST_F(BindingTest, InputCount) {
  expectRun(SIC_STATUS_COUNT_MISMATCH,
            "model 'add_pair': input count: expected 2, got 1", 1, 2);
}

// Tests that a wrong number of outputs is refused.
TEST_F(BindingTest, OutputCount) {
  expectRun(SIC_STATUS_COUNT_MISMATCH,
            "model 'add_pair': output count: expected 2, got 3", 2, 3);
}

// Tests that a missing tensor array is refused.
TEST_F(BindingTest, NullTensorArray) {
  EXPECT_EQ(sic_context_run(context, nullptr, 2, call.outputs, 2),
            SIC_STATUS_NULL_POINTER);
  EXPECT_STREQ(sic_context_last_error(context),
               "model 'add_pair': inputs: expected 2 tensors, got NULL");
}

// Tests that a tensor without data is refused.
TEST_F(BindingTest, NullData) {
  call.inputs[1].data = nullptr;
  expectRun(SIC_STATUS_NULL_POINTER,
            "model 'add_pair': input 'b' (#1) data: expected a pointer, got "
            "NULL");
}

// Tests that a tensor of nonzero rank without dims is refused.
TEST_F(BindingTest, NullDims) {
  call.outputs[0].dims = nullptr;
  expectRun(SIC_STATUS_NULL_POINTER,
            "model 'add_pair': output 'sum' (#0) dims: expected 2 values, got "
            "NULL");
}

// Tests that a tensor of another dtype is refused.
TEST_F(BindingTest, Dtype) {
  call.inputs[0].dtype = SIC_DTYPE_I32;
  expectRun(SIC_STATUS_DTYPE_MISMATCH,
            "model 'add_pair': input 'a' (#0) dtype: expected f32, got i32");
}

// Tests that a tensor of another rank is refused.
TEST_F(BindingTest, Rank) {
  const int64_t dims[] = {1};
  call.outputs[1].rank = 1;
  call.outputs[1].dims = dims;
  expectRun(SIC_STATUS_RANK_MISMATCH,
            "model 'add_pair': output 'positives' (#1) rank: expected 0, got "
            "1");
}

// Tests that a tensor with another dim is refused, naming the dim.
TEST_F(BindingTest, Dim) {
  const int64_t dims[] = {2, 4};
  call.inputs[1].dims = dims;
  expectRun(SIC_STATUS_DIM_MISMATCH,
            "model 'add_pair': input 'b' (#1) dim 1: expected 3, got 4");
}

// Tests that a tensor whose byte size disagrees is refused.
TEST_F(BindingTest, ByteSize) {
  call.inputs[0].byte_size = 20;
  expectRun(SIC_STATUS_BYTE_SIZE_MISMATCH,
            "model 'add_pair': input 'a' (#0) byte size: expected 24, got 20");
}

// Tests that data below the model's alignment is refused with the alignment
// it has.
TEST_F(BindingTest, Misaligned) {
  call.inputs[0].data = call.a + 1;
  expectRun(SIC_STATUS_MISALIGNED,
            "model 'add_pair': input 'a' (#0) alignment: expected 32, got 4");
}

// Tests that an output may not alias an input.
TEST_F(BindingTest, OutputAliasesInput) {
  call.outputs[0].data = call.a;
  expectRun(SIC_STATUS_OVERLAP,
            "model 'add_pair': output 'sum' (#0) overlaps input 'a' (#0)");
}

// Tests that two outputs may not share memory, even partly.
TEST_F(BindingTest, OutputsOverlap) {
  call.outputs[1].data = call.sum + 4;
  expectRun(SIC_STATUS_OVERLAP,
            "model 'add_pair': output 'positives' (#1) overlaps output 'sum' "
            "(#0)");
}

// Tests that buffers that touch without sharing a byte are accepted.
TEST_F(BindingTest, AdjacentBuffersAccepted) {
  call.outputs[1].data = call.sum + 6;
  expectRun(SIC_STATUS_OK, "");
  EXPECT_EQ(call.sum[5], 4.0f);
}

// Tests that inputs, which the model only reads, may share memory.
TEST_F(BindingTest, InputsMayShare) {
  call.inputs[1].data = call.a;
  expectRun(SIC_STATUS_OK, "");
  EXPECT_EQ(call.sum[5], 12.0f);
  EXPECT_EQ(call.positives[0], 6);
}

// Tests that a NULL context is refused.
TEST_F(BindingTest, NullContext) {
  EXPECT_EQ(call.run(nullptr), SIC_STATUS_NULL_POINTER);
  EXPECT_EQ(sic_context_last_error(nullptr), nullptr);
}

// Tests that a success clears the previous run's message.
TEST_F(BindingTest, SuccessClearsLastError) {
  call.inputs[0].byte_size = 20;
  EXPECT_EQ(call.run(context), SIC_STATUS_BYTE_SIZE_MISMATCH);
  call.inputs[0].byte_size = 24;
  expectRun(SIC_STATUS_OK, "");
}

/// Runs logical_not, whose input is a bool: the one binding check that
/// reads the data.
class BoolBindingTest : public StaticModelTest {
protected:
  BoolBindingTest() : StaticModelTest(sic_test_logical_not) {}

  void SetUp() override {
    openModel();
    ASSERT_EQ(sic_context_create(model, &context, &error), SIC_STATUS_OK)
        << error.message;
  }

  sic_status_t run() {
    sic_tensor_t input = {mask, SIC_DTYPE_BOOL, 2, dims, 6};
    sic_tensor_t output = {inverted, SIC_DTYPE_BOOL, 2, dims, 6};
    return sic_context_run(context, &input, 1, &output, 1);
  }

  static constexpr int64_t dims[2] = {2, 3};
  alignas(8) uint8_t mask[8] = {0, 1, 1, 0, 0, 1};
  alignas(8) uint8_t inverted[8] = {};
};

// Tests that a bool input of 0s and 1s is accepted, and that the output
// buffer's old bytes, which the model overwrites, are not checked.
TEST_F(BoolBindingTest, ZerosAndOnesAccepted) {
  inverted[0] = 7;
  EXPECT_EQ(run(), SIC_STATUS_OK);
  EXPECT_STREQ(sic_context_last_error(context), "");
  const uint8_t expected[] = {1, 0, 0, 1, 1, 0};
  for (int i = 0; i < 6; ++i)
    EXPECT_EQ(inverted[i], expected[i]) << i;
}

// Tests that any other byte in a bool input is refused before the model
// runs, naming the first such element and its byte.
TEST_F(BoolBindingTest, OtherByteRefused) {
  mask[3] = 2;
  mask[5] = 255;
  EXPECT_EQ(run(), SIC_STATUS_INVALID_BOOL);
  EXPECT_STREQ(sic_context_last_error(context),
               "model 'logical_not': input 'mask' (#0) element 3: a bool must "
               "be 0 or 1, got 2");
  for (int i = 0; i < 6; ++i)
    EXPECT_EQ(inverted[i], 0) << i;
  mask[3] = 0;
  EXPECT_EQ(run(), SIC_STATUS_INVALID_BOOL);
  EXPECT_STREQ(sic_context_last_error(context),
               "model 'logical_not': input 'mask' (#0) element 5: a bool must "
               "be 0 or 1, got 255");
}

// Tests that the shape checks come before the values are read.
TEST_F(BoolBindingTest, ShapeCheckedFirst) {
  mask[0] = 9;
  sic_tensor_t input = {mask, SIC_DTYPE_BOOL, 2, dims, 5};
  sic_tensor_t output = {inverted, SIC_DTYPE_BOOL, 2, dims, 6};
  EXPECT_EQ(sic_context_run(context, &input, 1, &output, 1),
            SIC_STATUS_BYTE_SIZE_MISMATCH);
  EXPECT_STREQ(sic_context_last_error(context),
               "model 'logical_not': input 'mask' (#0) byte size: expected 6, "
               "got 5");
}

} // namespace
