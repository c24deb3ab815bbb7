/*===- gather.c - The gather test model: indices read from data
 * ------------===*/

#include "test_models.h"

static const float gather_table[3] = {10.0f, 20.0f, 30.0f};

/* As compiled code checks an index read from data: wraps a negative one,
 * reports one out of range and reads element 0 in its place. */
static int32_t gather_entry(void *const *inputs, void *const *outputs,
                            void *arena, const sic_env_t *env) {
  (void)arena;
  const int64_t *indices = inputs[0];
  float *rows = outputs[0];
  for (int i = 0; i < 2; ++i) {
    int64_t index = indices[i] < 0 ? indices[i] + 3 : indices[i];
    if ((uint64_t)index >= 3u) {
      env->index_fault(env, 0, indices[i]);
      index = 0;
    }
    rows[i] = gather_table[index];
  }
  return 0;
}

static const int64_t gather_dims[] = {2};

static const sic_tensor_desc_t gather_inputs[] = {
    {"indices", SIC_DTYPE_I64, 1, gather_dims, 16, 8},
};

static const sic_tensor_desc_t gather_outputs[] = {
    {"rows", SIC_DTYPE_F32, 1, gather_dims, 8, 4},
};

static const sic_index_check_desc_t gather_checks[] = {
    {"sic.gather", "lookup", 0, 3},
};

const sic_model_desc_t sic_test_gather = {
    .abi_version = SIC_ABI_VERSION,
    .check_policy = SIC_CHECK_RELEASE,
    .contract_hash = GATHER_CONTRACT_HASH,
    .model_name = "gather",
    .num_inputs = 1,
    .num_outputs = 1,
    .inputs = gather_inputs,
    .outputs = gather_outputs,
    .arena_size = 0,
    .arena_alignment = 1,
    .entry = gather_entry,
    .num_index_checks = 1,
    .index_checks = gather_checks,
};
