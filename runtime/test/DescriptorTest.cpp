//===- DescriptorTest.cpp - Validating a model's descriptor at open -------===//
//
// Each test breaks one field of a copy of add_pair's descriptor and expects
// the open to fail with that fault's code and message.
//
//===----------------------------------------------------------------------===//

#include "sic/runtime.h"
#include "test_models.h"

#include <gtest/gtest.h>

#include <array>
#include <string>

namespace {

class DescriptorTest : public ::testing::Test {
protected:
  DescriptorTest() {
    desc.inputs = inputs.data();
    desc.outputs = outputs.data();
    for (sic_tensor_desc_t *tensor : {&inputs[0], &inputs[1], &outputs[0]})
      tensor->dims = dims.data();
  }

  /// Opens `desc` and expects `status` with `message`; closes what opened.
  void expectOpen(sic_status_t status, const char *message) {
    sic_model_t *model = nullptr;
    sic_error_t error;
    EXPECT_EQ(sic_model_open_static(&desc, SIC_ANY_CONTRACT, &model, &error),
              status);
    EXPECT_EQ(error.status, status);
    EXPECT_STREQ(error.message, message);
    EXPECT_EQ(model == nullptr, status != SIC_STATUS_OK);
    sic_model_close(model);
  }

  sic_model_desc_t desc = sic_test_add_pair;
  std::array<sic_tensor_desc_t, 2> inputs = {sic_test_add_pair.inputs[0],
                                             sic_test_add_pair.inputs[1]};
  std::array<sic_tensor_desc_t, 2> outputs = {sic_test_add_pair.outputs[0],
                                              sic_test_add_pair.outputs[1]};
  std::array<int64_t, 2> dims = {2, 3};
};

// Tests that the unmodified copy opens, so each fault below is the only one.
TEST_F(DescriptorTest, CopyOpens) { expectOpen(SIC_STATUS_OK, ""); }

// Tests that a descriptor of another ABI version is refused before anything
// else in it is read.
TEST_F(DescriptorTest, OtherAbiVersion) {
  desc.abi_version = SIC_ABI_VERSION + 1;
  desc.model_name = nullptr;
  expectOpen(SIC_STATUS_DESC_ABI_VERSION, "ABI version: expected 4, got 5");
}

// Tests that a missing model name is refused.
TEST_F(DescriptorTest, NullModelName) {
  desc.model_name = nullptr;
  expectOpen(SIC_STATUS_DESC_NULL_FIELD,
             "model_name: expected a string, got NULL");
}

// Tests that a missing entry is refused.
TEST_F(DescriptorTest, NullEntry) {
  desc.entry = nullptr;
  expectOpen(SIC_STATUS_DESC_NULL_FIELD,
             "model 'add_pair': entry: expected a function, got NULL");
}

// Tests that a message longer than the buffer is cut, NUL-terminated.
TEST_F(DescriptorTest, LongMessageIsCut) {
  std::string name(2 * SIC_ERROR_MESSAGE_SIZE, 'm');
  desc.model_name = name.c_str();
  desc.entry = nullptr;
  sic_model_t *model = nullptr;
  sic_error_t error;
  EXPECT_EQ(sic_model_open_static(&desc, SIC_ANY_CONTRACT, &model, &error),
            SIC_STATUS_DESC_NULL_FIELD);
  EXPECT_EQ(std::string(error.message),
            "model '" + name.substr(0, SIC_ERROR_MESSAGE_SIZE - 8));
}

// Tests that a missing tensor array is refused.
TEST_F(DescriptorTest, NullInputs) {
  desc.inputs = nullptr;
  expectOpen(SIC_STATUS_DESC_NULL_FIELD,
             "model 'add_pair': inputs: expected 2 descriptors, got NULL");
}

// Tests that a tensor without a name is refused by its index.
TEST_F(DescriptorTest, NullTensorName) {
  outputs[1].name = nullptr;
  expectOpen(SIC_STATUS_DESC_NULL_FIELD,
             "model 'add_pair': output #1 name: expected a string, got NULL");
}

// Tests that missing dims are refused.
TEST_F(DescriptorTest, NullDims) {
  inputs[1].dims = nullptr;
  expectOpen(SIC_STATUS_DESC_NULL_FIELD,
             "model 'add_pair': input 'b' (#1) dims: expected 2 values, got "
             "NULL");
}

// Tests that a debug-checked model opens when its code calls the after-op
// hook, and is refused when it does not: its checks would never run.
TEST_F(DescriptorTest, DebugCheckPolicyNeedsAfterOpHooks) {
  desc.check_policy = SIC_CHECK_DEBUG;
  desc.hooks = SIC_HOOK_AFTER_OP;
  expectOpen(SIC_STATUS_OK, "");
  desc.hooks = SIC_HOOK_BEFORE_OP;
  expectOpen(SIC_STATUS_DESC_HOOKS,
             "model 'add_pair': hooks: expected after-op hooks (0x1) in a "
             "debug-checked model, got 0x2");
}

// Tests that an unknown check policy is refused.
TEST_F(DescriptorTest, UnknownCheckPolicy) {
  desc.check_policy = 9;
  expectOpen(SIC_STATUS_DESC_CHECK_POLICY,
             "model 'add_pair': check policy: expected release (0) or debug "
             "(1), got unknown (9)");
}

// Tests that unknown hook flags are refused.
TEST_F(DescriptorTest, UnknownHooks) {
  desc.hooks = 0x5;
  expectOpen(SIC_STATUS_DESC_HOOKS,
             "model 'add_pair': hooks: expected a combination of 0x3, got "
             "0x5");
}

// Tests that an unknown dtype is refused.
TEST_F(DescriptorTest, UnknownDtype) {
  inputs[0].dtype = 14;
  expectOpen(SIC_STATUS_DESC_DTYPE,
             "model 'add_pair': input 'a' (#0) dtype: expected a "
             "sic_dtype_t (1 to 13), got 14");
}

// Tests that a rank above SIC_MAX_RANK is refused.
TEST_F(DescriptorTest, RankAboveLimit) {
  outputs[0].rank = SIC_MAX_RANK + 1;
  expectOpen(SIC_STATUS_DESC_RANK,
             "model 'add_pair': output 'sum' (#0) rank: expected at most 16, "
             "got 17");
}

// Tests that a negative dim is refused.
TEST_F(DescriptorTest, NegativeDim) {
  dims[1] = -3;
  expectOpen(SIC_STATUS_DESC_DIM,
             "model 'add_pair': input 'a' (#0) dim 1: expected at least 0, got "
             "-3");
}

// Tests that a zero dim is a tensor without elements, of byte size 0, even
// when another dim alone would overflow the byte count.
TEST_F(DescriptorTest, ZeroDimHasNoBytes) {
  std::array<int64_t, 2> empty = {0, INT64_MAX};
  inputs[0].dims = empty.data();
  inputs[0].byte_size = 0;
  desc.contract_hash = sic_contract_hash(desc.num_inputs, desc.inputs,
                                         desc.num_outputs, desc.outputs);
  expectOpen(SIC_STATUS_OK, "");
}

// Tests that a byte size that disagrees with the dims is refused.
TEST_F(DescriptorTest, ByteSizeDisagreesWithDims) {
  outputs[1].byte_size = 4;
  expectOpen(SIC_STATUS_DESC_BYTE_SIZE,
             "model 'add_pair': output 'positives' (#1) byte size: expected "
             "8, got 4");
}

// Tests that dims whose byte size does not fit 64 bits are refused, not
// wrapped.
TEST_F(DescriptorTest, ByteSizeOverflows) {
  dims = {int64_t(1) << 40, int64_t(1) << 22};
  expectOpen(SIC_STATUS_DESC_BYTE_SIZE,
             "model 'add_pair': input 'a' (#0) byte size: the dims overflow "
             "64 bits");
}

// Tests that a tensor alignment that is not a power of two is refused.
TEST_F(DescriptorTest, TensorAlignmentNotPowerOfTwo) {
  inputs[1].alignment = 12;
  expectOpen(SIC_STATUS_DESC_ALIGNMENT,
             "model 'add_pair': input 'b' (#1) alignment: expected a power of "
             "2, got 12");
}

// Tests that an arena alignment of 0 is refused.
TEST_F(DescriptorTest, ArenaAlignmentZero) {
  desc.arena_alignment = 0;
  expectOpen(SIC_STATUS_DESC_ALIGNMENT,
             "model 'add_pair': arena alignment: expected a power of 2, got "
             "0");
}

// Tests that a recorded hash that is not the signature's is refused.
TEST_F(DescriptorTest, RecordedHashDisagrees) {
  desc.contract_hash ^= 1;
  expectOpen(SIC_STATUS_DESC_CONTRACT_HASH,
             "model 'add_pair': recorded contract hash: expected "
             "0xf7de2efb5da2c8a2, got 0xf7de2efb5da2c8a3");
}

// Tests that the hash covers names: a renamed input no longer matches.
TEST_F(DescriptorTest, RenamedInputNeedsNewHash) {
  inputs[0].name = "c";
  EXPECT_NE(sic_contract_hash(2, inputs.data(), 2, outputs.data()),
            ADD_PAIR_CONTRACT_HASH);
  desc.contract_hash = sic_contract_hash(2, inputs.data(), 2, outputs.data());
  expectOpen(SIC_STATUS_OK, "");
}

/// Breaks one field of the op table or the guards of a copy of the
/// debug-checked `checked` model.
class HookDescriptorTest : public ::testing::Test {
protected:
  HookDescriptorTest() {
    desc.ops = ops.data();
    desc.guards = guards.data();
  }

  void expectOpen(sic_status_t status, const char *message) {
    sic_model_t *model = nullptr;
    sic_error_t error;
    EXPECT_EQ(sic_model_open_static(&desc, SIC_ANY_CONTRACT, &model, &error),
              status);
    EXPECT_STREQ(error.message, message);
    sic_model_close(model);
  }

  sic_model_desc_t desc = sic_test_checked;
  std::array<sic_op_desc_t, 2> ops = {sic_test_checked.ops[0],
                                      sic_test_checked.ops[1]};
  std::array<sic_guard_desc_t, 2> guards = {sic_test_checked.guards[0],
                                            sic_test_checked.guards[1]};
};

// Tests that the unmodified copy opens.
TEST_F(HookDescriptorTest, CopyOpens) { expectOpen(SIC_STATUS_OK, ""); }

// Tests that missing tables are refused.
TEST_F(HookDescriptorTest, NullTables) {
  desc.ops = nullptr;
  expectOpen(SIC_STATUS_DESC_NULL_FIELD,
             "model 'checked': ops: expected 2 descriptors, got NULL");
  desc.ops = ops.data();
  desc.guards = nullptr;
  expectOpen(SIC_STATUS_DESC_NULL_FIELD,
             "model 'checked': guards: expected 2 descriptors, got NULL");
}

// Tests that an op's names must be there; its output may have an empty
// name.
TEST_F(HookDescriptorTest, NullOpNames) {
  ops[1].node = nullptr;
  expectOpen(SIC_STATUS_DESC_NULL_FIELD,
             "model 'checked': op #1 node: expected a string, got NULL");
  ops[1].node = "ratio";
  ops[1].op = nullptr;
  expectOpen(SIC_STATUS_DESC_NULL_FIELD,
             "model 'checked': op 'ratio' (#1) sic op: expected a string, got "
             "NULL");
  ops[1].op = "sic.div";
  ops[1].output.name = nullptr;
  expectOpen(SIC_STATUS_DESC_NULL_FIELD,
             "model 'checked': op 'ratio' (#1) output name: expected a "
             "string, got NULL");
}

// Tests that an op's output is checked like a model's tensors.
TEST_F(HookDescriptorTest, OpOutputChecked) {
  ops[0].output.dtype = 0;
  expectOpen(SIC_STATUS_DESC_DTYPE,
             "model 'checked': op 'double' (#0) output dtype: expected a "
             "sic_dtype_t (1 to 13), got 0");
  ops[0].output.dtype = SIC_DTYPE_F32;
  ops[0].output.byte_size = 28;
  expectOpen(SIC_STATUS_DESC_BYTE_SIZE,
             "model 'checked': op 'double' (#0) output byte size: expected "
             "24, got 28");
}

// Tests that guards must lie within the arena, without wrapping around.
TEST_F(HookDescriptorTest, GuardOutsideArena) {
  guards[1].offset = 160;
  expectOpen(SIC_STATUS_DESC_GUARD,
             "model 'checked': guard #1 at offset 160 of 64 bytes: expected "
             "within the arena of 192 bytes");
  guards[1] = {8, UINT64_MAX};
  expectOpen(SIC_STATUS_DESC_GUARD,
             "model 'checked': guard #1 at offset 8 of 18446744073709551615 "
             "bytes: expected within the arena of 192 bytes");
  guards[1] = {128, 0};
  expectOpen(SIC_STATUS_DESC_GUARD,
             "model 'checked': guard #1 size: expected at least 1, got 0");
}

// Tests that a model without debug checks may not have guards: nothing
// would check them.
TEST_F(HookDescriptorTest, GuardsWithoutDebugChecks) {
  desc.check_policy = SIC_CHECK_RELEASE;
  expectOpen(SIC_STATUS_DESC_GUARD,
             "model 'checked': guards: expected none in a model without "
             "debug checks, got 2");
}

} // namespace
