/*===- descriptor.c - Validating a model's descriptor ---------------------===*/

#include "descriptor.h"

#include "error.h"

#include <inttypes.h>

static int is_power_of_two(uint64_t value) {
  return value != 0 && (value & (value - 1)) == 0;
}

/* Checks a tensor's dtype, rank, dims, byte size and alignment; `field`
 * ("" or "output ") starts each message after the site. */
static sic_status_t check_layout(const sic_tensor_desc_t *tensor,
                                 const char *field, const sic_site_t *site,
                                 sic_error_t *error) {
  uint64_t element_size = sic_dtype_size(tensor->dtype);
  if (element_size == 0)
    return sic_fail(error, SIC_STATUS_DESC_DTYPE, site,
                    "%sdtype: expected a sic_dtype_t (1 to 13), got %" PRIu32,
                    field, tensor->dtype);
  if (tensor->rank > SIC_MAX_RANK)
    return sic_fail(error, SIC_STATUS_DESC_RANK, site,
                    "%srank: expected at most %u, got %" PRIu32, field,
                    SIC_MAX_RANK, tensor->rank);
  if (tensor->rank > 0 && !tensor->dims)
    return sic_fail(error, SIC_STATUS_DESC_NULL_FIELD, site,
                    "%sdims: expected %" PRIu32 " values, got NULL", field,
                    tensor->rank);
  uint64_t bytes = element_size;
  for (uint32_t d = 0; d < tensor->rank; ++d) {
    int64_t dim = tensor->dims[d];
    if (dim < 0)
      return sic_fail(error, SIC_STATUS_DESC_DIM, site,
                      "%sdim %" PRIu32 ": expected at least 0, got %" PRId64,
                      field, d, dim);
    // A zero dim leaves no bytes, whatever the other dims are.
    if (bytes != 0 && (uint64_t)dim > UINT64_MAX / bytes)
      return sic_fail(error, SIC_STATUS_DESC_BYTE_SIZE, site,
                      "%sbyte size: the dims overflow 64 bits", field);
    bytes *= (uint64_t)dim;
  }
  if (tensor->byte_size != bytes)
    return sic_fail(error, SIC_STATUS_DESC_BYTE_SIZE, site,
                    "%sbyte size: expected %" PRIu64 ", got %" PRIu64, field,
                    bytes, tensor->byte_size);
  if (!is_power_of_two(tensor->alignment))
    return sic_fail(error, SIC_STATUS_DESC_ALIGNMENT, site,
                    "%salignment: expected a power of 2, got %" PRIu64, field,
                    tensor->alignment);
  return SIC_STATUS_OK;
}

static sic_status_t check_tensor(const sic_tensor_desc_t *tensor,
                                 sic_site_t site, sic_error_t *error) {
  site.tensor = tensor->name;
  if (!tensor->name)
    return sic_fail(error, SIC_STATUS_DESC_NULL_FIELD, &site,
                    "name: expected a string, got NULL");
  return check_layout(tensor, "", &site, error);
}

static sic_status_t check_tensors(const sic_tensor_desc_t *tensors,
                                  uint32_t count, const char *role,
                                  sic_site_t site, sic_error_t *error) {
  if (count > 0 && !tensors)
    return sic_fail(error, SIC_STATUS_DESC_NULL_FIELD, &site,
                    "%ss: expected %" PRIu32 " descriptors, got NULL", role,
                    count);
  site.role = role;
  for (uint32_t i = 0; i < count; ++i) {
    site.index = i;
    sic_status_t status = check_tensor(&tensors[i], site, error);
    if (status != SIC_STATUS_OK)
      return status;
  }
  return SIC_STATUS_OK;
}

/* Checks the op table: names present, each output a valid tensor. */
static sic_status_t check_ops(const sic_model_desc_t *desc, sic_site_t site,
                              sic_error_t *error) {
  if (desc->num_ops > 0 && !desc->ops)
    return sic_fail(error, SIC_STATUS_DESC_NULL_FIELD, &site,
                    "ops: expected %" PRIu32 " descriptors, got NULL",
                    desc->num_ops);
  site.role = "op";
  for (uint32_t i = 0; i < desc->num_ops; ++i) {
    const sic_op_desc_t *op = &desc->ops[i];
    site.index = i;
    site.tensor = op->node;
    if (!op->node)
      return sic_fail(error, SIC_STATUS_DESC_NULL_FIELD, &site,
                      "node: expected a string, got NULL");
    if (!op->op)
      return sic_fail(error, SIC_STATUS_DESC_NULL_FIELD, &site,
                      "sic op: expected a string, got NULL");
    if (!op->output.name)
      return sic_fail(error, SIC_STATUS_DESC_NULL_FIELD, &site,
                      "output name: expected a string, got NULL");
    sic_status_t status = check_layout(&op->output, "output ", &site, error);
    if (status != SIC_STATUS_OK)
      return status;
  }
  return SIC_STATUS_OK;
}

/* Checks that every guard lies within the arena. */
static sic_status_t check_guards(const sic_model_desc_t *desc,
                                 sic_site_t site, sic_error_t *error) {
  // Only debug-checked code checks them; a release model's would be filled
  // on every run for nothing.
  if (desc->num_guards > 0 && desc->check_policy != SIC_CHECK_DEBUG)
    return sic_fail(error, SIC_STATUS_DESC_GUARD, &site,
                    "guards: expected none in a model without debug checks, "
                    "got %" PRIu32,
                    desc->num_guards);
  if (desc->num_guards > 0 && !desc->guards)
    return sic_fail(error, SIC_STATUS_DESC_NULL_FIELD, &site,
                    "guards: expected %" PRIu32 " descriptors, got NULL",
                    desc->num_guards);
  for (uint32_t i = 0; i < desc->num_guards; ++i) {
    const sic_guard_desc_t *guard = &desc->guards[i];
    if (guard->size == 0)
      return sic_fail(error, SIC_STATUS_DESC_GUARD, &site,
                      "guard #%" PRIu32 " size: expected at least 1, got 0",
                      i);
    if (guard->offset > desc->arena_size ||
        guard->size > desc->arena_size - guard->offset)
      return sic_fail(error, SIC_STATUS_DESC_GUARD, &site,
                      "guard #%" PRIu32 " at offset %" PRIu64 " of %" PRIu64
                      " bytes: expected within the arena of %" PRIu64
                      " bytes",
                      i, guard->offset, guard->size, desc->arena_size);
  }
  return SIC_STATUS_OK;
}

/* Checks the index check table: names present, each dimension real. */
static sic_status_t check_index_checks(const sic_model_desc_t *desc,
                                       sic_site_t site, sic_error_t *error) {
  if (desc->num_index_checks > 0 && !desc->index_checks)
    return sic_fail(error, SIC_STATUS_DESC_NULL_FIELD, &site,
                    "index checks: expected %" PRIu32 " descriptors, got NULL",
                    desc->num_index_checks);
  for (uint32_t i = 0; i < desc->num_index_checks; ++i) {
    const sic_index_check_desc_t *check = &desc->index_checks[i];
    if (!check->op || !check->node)
      return sic_fail(error, SIC_STATUS_DESC_NULL_FIELD, &site,
                      "index check #%" PRIu32
                      ": expected an op and a node name, got NULL",
                      i);
    if (check->dim < 0 || check->size < 1)
      return sic_fail(error, SIC_STATUS_DESC_INDEX_CHECK, &site,
                      "index check #%" PRIu32 " ('%s'): expected dim >= 0 "
                      "and size >= 1, got dim %" PRId64 " and size %" PRId64,
                      i, check->node, check->dim, check->size);
  }
  return SIC_STATUS_OK;
}

static const char *policy_name(uint32_t policy) {
  switch (policy) {
  case SIC_CHECK_RELEASE:
    return "release";
  case SIC_CHECK_DEBUG:
    return "debug";
  default:
    return "unknown";
  }
}

sic_status_t sic_descriptor_check(const sic_model_desc_t *desc,
                                  const char *path, sic_error_t *error) {
  sic_site_t site = {.path = path};
  // Nothing else in a descriptor of another version is known to mean what
  // this runtime reads it as.
  if (desc->abi_version != SIC_ABI_VERSION)
    return sic_fail(error, SIC_STATUS_DESC_ABI_VERSION, &site,
                    "ABI version: expected %u, got %" PRIu32, SIC_ABI_VERSION,
                    desc->abi_version);
  if (!desc->model_name)
    return sic_fail(error, SIC_STATUS_DESC_NULL_FIELD, &site,
                    "model_name: expected a string, got NULL");
  site.model = desc->model_name;
  if (desc->check_policy != SIC_CHECK_RELEASE &&
      desc->check_policy != SIC_CHECK_DEBUG)
    return sic_fail(error, SIC_STATUS_DESC_CHECK_POLICY, &site,
                    "check policy: expected release (%d) or debug (%d), got "
                    "%s (%" PRIu32 ")",
                    SIC_CHECK_RELEASE, SIC_CHECK_DEBUG,
                    policy_name(desc->check_policy), desc->check_policy);
  if (!desc->entry)
    return sic_fail(error, SIC_STATUS_DESC_NULL_FIELD, &site,
                    "entry: expected a function, got NULL");
  sic_status_t status =
      check_tensors(desc->inputs, desc->num_inputs, "input", site, error);
  if (status != SIC_STATUS_OK)
    return status;
  status =
      check_tensors(desc->outputs, desc->num_outputs, "output", site, error);
  if (status != SIC_STATUS_OK)
    return status;
  if (!is_power_of_two(desc->arena_alignment))
    return sic_fail(error, SIC_STATUS_DESC_ALIGNMENT, &site,
                    "arena alignment: expected a power of 2, got %" PRIu64,
                    desc->arena_alignment);
  const uint32_t known_hooks = SIC_HOOK_AFTER_OP | SIC_HOOK_BEFORE_OP;
  if (desc->hooks & ~known_hooks)
    return sic_fail(error, SIC_STATUS_DESC_HOOKS, &site,
                    "hooks: expected a combination of 0x%x, got 0x%" PRIx32,
                    known_hooks, desc->hooks);
  // The debug checks run in the after-op hook.
  if (desc->check_policy == SIC_CHECK_DEBUG &&
      !(desc->hooks & SIC_HOOK_AFTER_OP))
    return sic_fail(error, SIC_STATUS_DESC_HOOKS, &site,
                    "hooks: expected after-op hooks (0x%x) in a debug-checked "
                    "model, got 0x%" PRIx32,
                    (unsigned)SIC_HOOK_AFTER_OP, desc->hooks);
  status = check_ops(desc, site, error);
  if (status != SIC_STATUS_OK)
    return status;
  status = check_guards(desc, site, error);
  if (status != SIC_STATUS_OK)
    return status;
  status = check_index_checks(desc, site, error);
  if (status != SIC_STATUS_OK)
    return status;
  uint64_t hash = sic_contract_hash(desc->num_inputs, desc->inputs,
                                    desc->num_outputs, desc->outputs);
  if (desc->contract_hash != hash)
    return sic_fail(error, SIC_STATUS_DESC_CONTRACT_HASH, &site,
                    "recorded contract hash: expected 0x%016" PRIx64
                    ", got 0x%016" PRIx64,
                    hash, desc->contract_hash);
  return SIC_STATUS_OK;
}
