/*===- add_pair.c - The add_pair test model: two inputs, an arena ---------===*/

#include "test_models.h"

static int32_t add_pair_entry(void *const *inputs, void *const *outputs,
                              void *arena, const sic_env_t *env) {
  (void)env;
  const float *a = inputs[0], *b = inputs[1];
  float *scratch = arena;
  for (int i = 0; i < 6; ++i)
    scratch[i] = a[i] + b[i];
  float *sum = outputs[0];
  int64_t *positives = outputs[1];
  *positives = 0;
  for (int i = 0; i < 6; ++i) {
    sum[i] = scratch[i];
    *positives += scratch[i] > 0.0f;
  }
  return 0;
}

static const int64_t add_pair_dims[] = {2, 3};

static const sic_tensor_desc_t add_pair_inputs[] = {
    {"a", SIC_DTYPE_F32, 2, add_pair_dims, 24, 32},
    {"b", SIC_DTYPE_F32, 2, add_pair_dims, 24, 32},
};

static const sic_tensor_desc_t add_pair_outputs[] = {
    {"sum", SIC_DTYPE_F32, 2, add_pair_dims, 24, 32},
    {"positives", SIC_DTYPE_I64, 0, NULL, 8, 8},
};

const sic_model_desc_t sic_test_add_pair = {
    .abi_version = SIC_ABI_VERSION,
    .check_policy = SIC_CHECK_RELEASE,
    .contract_hash = ADD_PAIR_CONTRACT_HASH,
    .model_name = "add_pair",
    .num_inputs = 2,
    .num_outputs = 2,
    .inputs = add_pair_inputs,
    .outputs = add_pair_outputs,
    .arena_size = 24,
    .arena_alignment = 64,
    .entry = add_pair_entry,
};
