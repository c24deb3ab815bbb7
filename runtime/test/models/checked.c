/*===- checked.c - The checked test models: hooks, guards, NaN and Inf -----===*
 *
 * y = (x + x) / x in two ops, as code compiled with --checks=debug and
 * --instrument calls them: op 0 'double' (sic.add) writes t = x + x to the
 * arena, between two guards; op 1 'ratio' (sic.div) writes y = t / x. An
 * input of 0 gives a NaN in y; one near the f32 limit an Inf in t.
 *
 *===----------------------------------------------------------------------===*/

#include "test_models.h"

/* The arena: guard #0, t (24 bytes, in a 64-byte slice), guard #1. */
enum { T_OFFSET = 64, ARENA_SIZE = 192 };

static int32_t run(void *const *inputs, void *const *outputs, void *arena,
                   const sic_env_t *env, int spill) {
  const float *x = inputs[0];
  float *t = (float *)((char *)arena + T_OFFSET);
  float *y = outputs[0];
  env->before_op(env, 0);
  for (int i = 0; i < 6; ++i)
    t[i] = x[i] + x[i];
  // A kernel that writes one element past the end of its 64-byte slice.
  if (spill)
    t[16] = 42.0f;
  env->after_op(env, 0, t);
  env->before_op(env, 1);
  for (int i = 0; i < 6; ++i)
    y[i] = t[i] / x[i];
  env->after_op(env, 1, y);
  return 0;
}

static int32_t checked_entry(void *const *inputs, void *const *outputs,
                             void *arena, const sic_env_t *env) {
  return run(inputs, outputs, arena, env, 0);
}

static int32_t overrun_entry(void *const *inputs, void *const *outputs,
                             void *arena, const sic_env_t *env) {
  return run(inputs, outputs, arena, env, 1);
}

static const int64_t checked_dims[] = {2, 3};

static const sic_tensor_desc_t checked_inputs[] = {
    {"x", SIC_DTYPE_F32, 2, checked_dims, 24, 16},
};

static const sic_tensor_desc_t checked_outputs[] = {
    {"y", SIC_DTYPE_F32, 2, checked_dims, 24, 16},
};

static const sic_op_desc_t checked_ops[] = {
    {"sic.add", "double", {"", SIC_DTYPE_F32, 2, checked_dims, 24, 4}},
    {"sic.div", "ratio", {"y", SIC_DTYPE_F32, 2, checked_dims, 24, 4}},
};

static const sic_guard_desc_t checked_guards[] = {
    {0, 64},
    {128, 64},
};

#define CHECKED_DESCRIPTOR(policy, entry_fn, guard_count)                      \
  {                                                                            \
    .abi_version = SIC_ABI_VERSION, .check_policy = policy,                    \
    .contract_hash = CHECKED_CONTRACT_HASH, .model_name = "checked",           \
    .num_inputs = 1, .num_outputs = 1, .inputs = checked_inputs,               \
    .outputs = checked_outputs, .arena_size = ARENA_SIZE,                      \
    .arena_alignment = 64, .entry = entry_fn,                                  \
    .hooks = SIC_HOOK_AFTER_OP | SIC_HOOK_BEFORE_OP, .num_ops = 2,             \
    .ops = checked_ops, .num_guards = guard_count,                             \
    .guards = guard_count ? checked_guards : NULL,                             \
  }

const sic_model_desc_t sic_test_checked =
    CHECKED_DESCRIPTOR(SIC_CHECK_DEBUG, checked_entry, 2);
const sic_model_desc_t sic_test_overrun =
    CHECKED_DESCRIPTOR(SIC_CHECK_DEBUG, overrun_entry, 2);
const sic_model_desc_t sic_test_profiled =
    CHECKED_DESCRIPTOR(SIC_CHECK_RELEASE, checked_entry, 0);
