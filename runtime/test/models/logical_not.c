/*===- logical_not.c - The logical_not test model: a bool input -----------===*/

#include "test_models.h"

static int32_t logical_not_entry(void *const *inputs, void *const *outputs,
                                 void *arena, const sic_env_t *env) {
  (void)arena;
  (void)env;
  const uint8_t *mask = inputs[0];
  uint8_t *inverted = outputs[0];
  // Flips the low bit, as compiled code may: only 0 and 1 give a bool back.
  for (int i = 0; i < 6; ++i)
    inverted[i] = mask[i] ^ 1u;
  return 0;
}

static const int64_t logical_not_dims[] = {2, 3};

static const sic_tensor_desc_t logical_not_inputs[] = {
    {"mask", SIC_DTYPE_BOOL, 2, logical_not_dims, 6, 8},
};

static const sic_tensor_desc_t logical_not_outputs[] = {
    {"inverted", SIC_DTYPE_BOOL, 2, logical_not_dims, 6, 8},
};

const sic_model_desc_t sic_test_logical_not = {
    .abi_version = SIC_ABI_VERSION,
    .check_policy = SIC_CHECK_RELEASE,
    .contract_hash = LOGICAL_NOT_CONTRACT_HASH,
    .model_name = "logical_not",
    .num_inputs = 1,
    .num_outputs = 1,
    .inputs = logical_not_inputs,
    .outputs = logical_not_outputs,
    .arena_size = 0,
    .arena_alignment = 1,
    .entry = logical_not_entry,
};
