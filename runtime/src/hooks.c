/*===- hooks.c - The environment a model's op hooks call ------------------===*/

#include "hooks.h"

#include "error.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

void sic_guards_fill(const sic_model_desc_t *desc, void *arena) {
  unsigned char *bytes = arena;
  for (uint32_t i = 0; i < desc->num_guards; ++i)
    memset(bytes + desc->guards[i].offset, SIC_GUARD_BYTE,
           (size_t)desc->guards[i].size);
}

/* Writes "op 'relu_3' (#4, sic.relu)" into `buffer`. */
static void op_label(const sic_model_desc_t *desc, uint32_t op, char *buffer,
                     size_t size) {
  const sic_op_desc_t *op_desc = &desc->ops[op];
  snprintf(buffer, size, "op '%s' (#%" PRIu32 ", %s)", op_desc->node, op,
           op_desc->op);
}

/* Whether `op` is in the op table; records a failure of the entry if not. */
static int check_op_index(sic_context_t *context, uint32_t op) {
  const sic_model_desc_t *desc = context->model->desc;
  if (op < desc->num_ops)
    return 1;
  if (context->error.status == SIC_STATUS_OK) {
    sic_site_t site = {.model = desc->model_name};
    sic_fail(&context->error, SIC_STATUS_ENTRY_FAILED, &site,
             "op hook: expected an op index below %" PRIu32 ", got %" PRIu32,
             desc->num_ops, op);
  }
  return 0;
}

static void notify(sic_context_t *context, uint32_t op, sic_op_phase_t phase) {
  if (!context->callback)
    return;
  sic_op_event_t event = {op, phase, &context->model->desc->ops[op]};
  context->callback(context->user, &event);
}

/* Fails with the first guard byte that an op changed. */
static sic_status_t check_guards(sic_context_t *context, uint32_t op) {
  const sic_model_desc_t *desc = context->model->desc;
  const unsigned char *arena = context->arena;
  for (uint32_t i = 0; i < desc->num_guards; ++i) {
    const sic_guard_desc_t *guard = &desc->guards[i];
    for (uint64_t b = 0; b < guard->size; ++b) {
      unsigned char byte = arena[guard->offset + b];
      if (byte == SIC_GUARD_BYTE)
        continue;
      char label[SIC_ERROR_MESSAGE_SIZE];
      op_label(desc, op, label, sizeof label);
      sic_site_t site = {.model = desc->model_name};
      return sic_fail(&context->error, SIC_STATUS_ARENA_OVERRUN, &site,
                      "%s wrote outside its buffers: arena byte %" PRIu64
                      " (guard #%" PRIu32 ", bytes %" PRIu64 " to %" PRIu64
                      "): expected 0x%02x, got 0x%02x",
                      label, guard->offset + b, i, guard->offset,
                      guard->offset + guard->size - 1, SIC_GUARD_BYTE,
                      (unsigned)byte);
    }
  }
  return SIC_STATUS_OK;
}

/* Element `i` of a float output of `dtype` (f32, f64, f16 or bf16). */
static double read_float(const unsigned char *bytes, uint32_t dtype,
                         uint64_t i) {
  if (dtype == SIC_DTYPE_F64) {
    double value;
    memcpy(&value, bytes + i * sizeof value, sizeof value);
    return value;
  }
  if (dtype == SIC_DTYPE_F16 || dtype == SIC_DTYPE_BF16) {
    uint16_t half;
    memcpy(&half, bytes + i * sizeof half, sizeof half);
    double sign = half >> 15 ? -1.0 : 1.0;
    if (dtype == SIC_DTYPE_BF16) {
      uint32_t word = (uint32_t)half << 16;
      float value;
      memcpy(&value, &word, sizeof value);
      return value;
    }
    unsigned exponent = (half >> 10) & 0x1f, mantissa = half & 0x3ff;
    if (exponent == 0x1f)
      return mantissa ? NAN : sign * INFINITY;
    return exponent ? sign * ldexp(1024 + mantissa, (int)exponent - 25)
                    : sign * ldexp(mantissa, -24);
  }
  float value;
  memcpy(&value, bytes + i * sizeof value, sizeof value);
  return value;
}

/* Fails with the first element of a float output that is NaN or infinite. */
static sic_status_t check_finite(sic_context_t *context, uint32_t op,
                                 const void *output) {
  const sic_model_desc_t *desc = context->model->desc;
  const sic_tensor_desc_t *tensor = &desc->ops[op].output;
  if (!output ||
      (tensor->dtype != SIC_DTYPE_F32 && tensor->dtype != SIC_DTYPE_F64 &&
       tensor->dtype != SIC_DTYPE_F16 && tensor->dtype != SIC_DTYPE_BF16))
    return SIC_STATUS_OK;
  const unsigned char *bytes = output;
  uint64_t count = tensor->byte_size / sic_dtype_size(tensor->dtype);
  for (uint64_t i = 0; i < count; ++i) {
    double value = read_float(bytes, tensor->dtype, i);
    if (isfinite(value))
      continue;
    char label[SIC_ERROR_MESSAGE_SIZE], name[SIC_ERROR_MESSAGE_SIZE] = "";
    op_label(desc, op, label, sizeof label);
    if (tensor->name[0])
      snprintf(name, sizeof name, " '%s'", tensor->name);
    sic_site_t site = {.model = desc->model_name};
    return sic_fail(&context->error, SIC_STATUS_NON_FINITE, &site,
                    "%s output%s element %" PRIu64
                    ": expected a finite value, got %s",
                    label, name, i,
                    isnan(value) ? "NaN"
                    : value > 0  ? "inf"
                                 : "-inf");
  }
  return SIC_STATUS_OK;
}

static void before_op(const sic_env_t *env, uint32_t op) {
  sic_context_t *context = env->runtime;
  if (check_op_index(context, op))
    notify(context, op, SIC_OP_BEGIN);
}

static void after_op(const sic_env_t *env, uint32_t op, const void *output) {
  sic_context_t *context = env->runtime;
  if (!check_op_index(context, op))
    return;
  notify(context, op, SIC_OP_END);
  if (context->model->desc->check_policy != SIC_CHECK_DEBUG ||
      context->error.status != SIC_STATUS_OK)
    return;
  if (check_guards(context, op) == SIC_STATUS_OK)
    check_finite(context, op, output);
}

/* Records the first index out of range of a run. */
static void index_fault(const sic_env_t *env, uint32_t check, int64_t index) {
  sic_context_t *context = env->runtime;
  if (context->error.status != SIC_STATUS_OK)
    return;
  const sic_model_desc_t *desc = context->model->desc;
  sic_site_t site = {.model = desc->model_name};
  if (check >= desc->num_index_checks) {
    sic_fail(&context->error, SIC_STATUS_ENTRY_FAILED, &site,
             "index fault: expected a check below %" PRIu32 ", got %" PRIu32,
             desc->num_index_checks, check);
    return;
  }
  const sic_index_check_desc_t *where = &desc->index_checks[check];
  sic_fail(&context->error, SIC_STATUS_INDEX_OUT_OF_RANGE, &site,
           "node '%s' (%s) read index %" PRId64 " from data: expected one in "
           "[-%" PRId64 ", %" PRId64 ") for dimension %" PRId64 " of its input",
           where->node, where->op, index, where->size, where->size, where->dim);
}

void sic_hooks_init(sic_context_t *context) {
  context->env.before_op = before_op;
  context->env.after_op = after_op;
  context->env.index_fault = index_fault;
  context->env.runtime = context;
}
