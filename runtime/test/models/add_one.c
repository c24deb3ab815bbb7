/*===- add_one.c - The add_one test model: y = x + 1 ----------------------===*
 *
 * Linked into the test executable as sic_test_add_one; the shared-library
 * build names it ADD_ONE_DESCRIPTOR=sic_model_descriptor, as a compiled
 * model.so does.
 *
 *===----------------------------------------------------------------------===*/

#include "test_models.h"

#ifndef ADD_ONE_DESCRIPTOR
#define ADD_ONE_DESCRIPTOR sic_test_add_one
#endif

static int32_t add_one_entry(void *const *inputs, void *const *outputs,
                             void *arena, const sic_env_t *env) {
  (void)arena;
  (void)env;
  const float *x = inputs[0];
  float *y = outputs[0];
  for (int i = 0; i < 4; ++i)
    y[i] = x[i] + 1.0f;
  return 0;
}

static const int64_t add_one_dims[] = {1, 4};

static const sic_tensor_desc_t add_one_inputs[] = {
    {"x", SIC_DTYPE_F32, 2, add_one_dims, 16, 16},
};

static const sic_tensor_desc_t add_one_outputs[] = {
    {"y", SIC_DTYPE_F32, 2, add_one_dims, 16, 16},
};

const sic_model_desc_t ADD_ONE_DESCRIPTOR = {
    .abi_version = SIC_ABI_VERSION,
    .check_policy = SIC_CHECK_RELEASE,
    .contract_hash = ADD_ONE_CONTRACT_HASH,
    .model_name = "add_one",
    .num_inputs = 1,
    .num_outputs = 1,
    .inputs = add_one_inputs,
    .outputs = add_one_outputs,
    .arena_size = 0,
    .arena_alignment = 1,
    .entry = add_one_entry,
};
