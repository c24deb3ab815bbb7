/*===- binding.c - Checking a call against the model's signature ----------===*/

#include "binding.h"

#include "error.h"

#include <inttypes.h>
#include <stdio.h>

uint64_t sic_address_alignment(const void *data) {
  uintptr_t address = (uintptr_t)data;
  return (uint64_t)(address & (~address + 1));
}

static sic_status_t check_tensor(const sic_tensor_desc_t *expected,
                                 const sic_tensor_t *actual, sic_site_t site,
                                 sic_error_t *error) {
  site.tensor = expected->name;
  // A tensor without elements has no bytes to point at.
  if (!actual->data && expected->byte_size != 0)
    return sic_fail_null(error, &site, "data");
  if ((uint32_t)actual->dtype != expected->dtype)
    return sic_fail(error, SIC_STATUS_DTYPE_MISMATCH, &site,
                    "dtype: expected %s, got %s",
                    sic_dtype_name((sic_dtype_t)expected->dtype),
                    sic_dtype_name(actual->dtype));
  if (actual->rank != expected->rank)
    return sic_fail(error, SIC_STATUS_RANK_MISMATCH, &site,
                    "rank: expected %" PRIu32 ", got %" PRIu32, expected->rank,
                    actual->rank);
  if (actual->rank > 0 && !actual->dims)
    return sic_fail(error, SIC_STATUS_NULL_POINTER, &site,
                    "dims: expected %" PRIu32 " values, got NULL",
                    actual->rank);
  for (uint32_t d = 0; d < expected->rank; ++d)
    if (actual->dims[d] != expected->dims[d])
      return sic_fail(error, SIC_STATUS_DIM_MISMATCH, &site,
                      "dim %" PRIu32 ": expected %" PRId64 ", got %" PRId64, d,
                      expected->dims[d], actual->dims[d]);
  if ((uint64_t)actual->byte_size != expected->byte_size)
    return sic_fail(error, SIC_STATUS_BYTE_SIZE_MISMATCH, &site,
                    "byte size: expected %" PRIu64 ", got %zu",
                    expected->byte_size, actual->byte_size);
  uint64_t alignment = sic_address_alignment(actual->data);
  if (alignment < expected->alignment)
    return sic_fail(error, SIC_STATUS_MISALIGNED, &site,
                    "alignment: expected %" PRIu64 ", got %" PRIu64,
                    expected->alignment, alignment);
  return SIC_STATUS_OK;
}

static sic_status_t check_count(uint32_t expected, size_t actual,
                                const void *tensors, const char *role,
                                const sic_site_t *site, sic_error_t *error) {
  if (actual != expected)
    return sic_fail(error, SIC_STATUS_COUNT_MISMATCH, site,
                    "%s count: expected %" PRIu32 ", got %zu", role, expected,
                    actual);
  if (actual > 0 && !tensors)
    return sic_fail(error, SIC_STATUS_NULL_POINTER, site,
                    "%ss: expected %zu tensors, got NULL", role, actual);
  return SIC_STATUS_OK;
}

/* Checks the tensors of one role and adds their spans at `*num_spans`. */
static sic_status_t check_tensors(const sic_tensor_desc_t *expected,
                                  uint32_t count, const sic_tensor_t *actual,
                                  sic_role_t role, sic_site_t site,
                                  sic_span_t *spans, size_t *num_spans,
                                  sic_error_t *error) {
  site.role = role == SIC_ROLE_INPUT ? "input" : "output";
  for (uint32_t i = 0; i < count; ++i) {
    site.index = i;
    sic_status_t status = check_tensor(&expected[i], &actual[i], site, error);
    if (status != SIC_STATUS_OK)
      return status;
    spans[(*num_spans)++] =
        sic_span_make(actual[i].data, expected[i].byte_size, role, i);
  }
  return SIC_STATUS_OK;
}

/* Checks that every element of a bool input is 0 or 1: compiled code may
 * assume it (a select picks by the byte, a not flips one bit), so another
 * byte would give results no model defines. */
static sic_status_t check_bools(const sic_tensor_desc_t *expected,
                                const sic_tensor_t *actual, sic_site_t site,
                                sic_error_t *error) {
  site.tensor = expected->name;
  const unsigned char *bytes = actual->data;
  // One pass that vectorizes for the common, valid case; a second finds the
  // first bad element only when there is one.
  unsigned char seen = 0;
  for (uint64_t i = 0; i < expected->byte_size; ++i)
    seen |= bytes[i];
  if ((seen & ~1u) == 0)
    return SIC_STATUS_OK;
  uint64_t i = 0;
  while (bytes[i] <= 1)
    ++i;
  return sic_fail(error, SIC_STATUS_INVALID_BOOL, &site,
                  "element %" PRIu64 ": a bool must be 0 or 1, got %u", i,
                  (unsigned)bytes[i]);
}

/* Writes "input 'x' (#0)" or "the arena" for a span into `buffer`. */
static void span_label(const sic_model_desc_t *desc, const sic_span_t *span,
                       char *buffer, size_t size) {
  if (span->role == SIC_ROLE_ARENA)
    snprintf(buffer, size, "the arena");
  else if (span->role == SIC_ROLE_INPUT)
    sic_tensor_label(buffer, size, "input", span->index,
                     desc->inputs[span->index].name);
  else
    sic_tensor_label(buffer, size, "output", span->index,
                     desc->outputs[span->index].name);
}

sic_status_t sic_binding_check(const sic_model_desc_t *desc,
                               const sic_binding_t *binding, sic_span_t *spans,
                               sic_error_t *error) {
  sic_site_t site = {.model = desc->model_name};
  sic_status_t status = check_count(desc->num_inputs, binding->num_inputs,
                                    binding->inputs, "input", &site, error);
  if (status == SIC_STATUS_OK)
    status = check_count(desc->num_outputs, binding->num_outputs,
                         binding->outputs, "output", &site, error);
  size_t num_spans = 0;
  if (status == SIC_STATUS_OK)
    status = check_tensors(desc->inputs, desc->num_inputs, binding->inputs,
                           SIC_ROLE_INPUT, site, spans, &num_spans, error);
  if (status == SIC_STATUS_OK)
    status = check_tensors(desc->outputs, desc->num_outputs, binding->outputs,
                           SIC_ROLE_OUTPUT, site, spans, &num_spans, error);
  if (status != SIC_STATUS_OK)
    return status;
  if (desc->arena_size > 0)
    spans[num_spans++] =
        sic_span_make(binding->arena, desc->arena_size, SIC_ROLE_ARENA, 0);
  const sic_span_t *other = NULL;
  const sic_span_t *span = sic_span_find_overlap(spans, num_spans, &other);
  if (span) {
    char first[SIC_ERROR_MESSAGE_SIZE], second[SIC_ERROR_MESSAGE_SIZE];
    span_label(desc, span, first, sizeof first);
    span_label(desc, other, second, sizeof second);
    return sic_fail(error, SIC_STATUS_OVERLAP, &site, "%s overlaps %s", first,
                    second);
  }
  // Values last: only bool inputs have bytes that are not values, and only
  // a binding that passed every other check is worth reading.
  site.role = "input";
  for (uint32_t i = 0; i < desc->num_inputs; ++i) {
    if (desc->inputs[i].dtype != SIC_DTYPE_BOOL)
      continue;
    site.index = i;
    status = check_bools(&desc->inputs[i], &binding->inputs[i], site, error);
    if (status != SIC_STATUS_OK)
      return status;
  }
  return SIC_STATUS_OK;
}
