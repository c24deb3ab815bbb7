/*===- descriptor.c - Validating a model's descriptor ---------------------===*/

#include "descriptor.h"

#include "error.h"

#include <inttypes.h>

static int is_power_of_two(uint64_t value) {
  return value != 0 && (value & (value - 1)) == 0;
}

static sic_status_t check_tensor(const sic_tensor_desc_t *tensor,
                                 sic_site_t site, sic_error_t *error) {
  site.tensor = tensor->name;
  if (!tensor->name)
    return sic_fail(error, SIC_STATUS_DESC_NULL_FIELD, &site,
                    "name: expected a string, got NULL");
  uint64_t element_size = sic_dtype_size(tensor->dtype);
  if (element_size == 0)
    return sic_fail(error, SIC_STATUS_DESC_DTYPE, &site,
                    "dtype: expected f32, i32 or i64, got %" PRIu32,
                    tensor->dtype);
  if (tensor->rank > SIC_MAX_RANK)
    return sic_fail(error, SIC_STATUS_DESC_RANK, &site,
                    "rank: expected at most %u, got %" PRIu32, SIC_MAX_RANK,
                    tensor->rank);
  if (tensor->rank > 0 && !tensor->dims)
    return sic_fail(error, SIC_STATUS_DESC_NULL_FIELD, &site,
                    "dims: expected %" PRIu32 " values, got NULL",
                    tensor->rank);
  uint64_t bytes = element_size;
  for (uint32_t d = 0; d < tensor->rank; ++d) {
    int64_t dim = tensor->dims[d];
    if (dim < 1)
      return sic_fail(error, SIC_STATUS_DESC_DIM, &site,
                      "dim %" PRIu32 ": expected at least 1, got %" PRId64, d,
                      dim);
    if ((uint64_t)dim > UINT64_MAX / bytes)
      return sic_fail(error, SIC_STATUS_DESC_BYTE_SIZE, &site,
                      "byte size: the dims overflow 64 bits");
    bytes *= (uint64_t)dim;
  }
  if (tensor->byte_size != bytes)
    return sic_fail(error, SIC_STATUS_DESC_BYTE_SIZE, &site,
                    "byte size: expected %" PRIu64 ", got %" PRIu64, bytes,
                    tensor->byte_size);
  if (!is_power_of_two(tensor->alignment))
    return sic_fail(error, SIC_STATUS_DESC_ALIGNMENT, &site,
                    "alignment: expected a power of 2, got %" PRIu64,
                    tensor->alignment);
  return SIC_STATUS_OK;
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
  // A debug-checked model reads the environment table, which this runtime
  // does not provide yet.
  if (desc->check_policy != SIC_CHECK_RELEASE)
    return sic_fail(error, SIC_STATUS_DESC_CHECK_POLICY, &site,
                    "check policy: expected release (%d), got %s (%" PRIu32 ")",
                    SIC_CHECK_RELEASE, policy_name(desc->check_policy),
                    desc->check_policy);
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
  uint64_t hash = sic_contract_hash(desc->num_inputs, desc->inputs,
                                    desc->num_outputs, desc->outputs);
  if (desc->contract_hash != hash)
    return sic_fail(error, SIC_STATUS_DESC_CONTRACT_HASH, &site,
                    "recorded contract hash: expected 0x%016" PRIx64
                    ", got 0x%016" PRIx64,
                    hash, desc->contract_hash);
  return SIC_STATUS_OK;
}
