/* run_model.c - Runs an open model on .npy inputs, printing its outputs. */
#define _POSIX_C_SOURCE 200809L

#include "run_model.h"
#include "npy.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

int report(sic_status_t status, const char *message) {
  fprintf(stderr, "error: %s: %s\n", sic_status_name(status), message);
  return 1;
}

static void print_tensor(const sic_tensor_desc_t *desc, const void *data) {
  printf("%s [", desc->name);
  uint64_t elements = 1;
  for (uint32_t d = 0; d < desc->rank; ++d) {
    printf(d ? ", %" PRId64 : "%" PRId64, desc->dims[d]);
    elements *= (uint64_t)desc->dims[d];
  }
  printf("] %s:", sic_dtype_name(desc->dtype));
  for (uint64_t i = 0; i < elements; ++i) {
    switch (desc->dtype) {
    case SIC_DTYPE_F32:
      printf(" %.6g", (double)((const float *)data)[i]);
      break;
    case SIC_DTYPE_F64:
      printf(" %.6g", ((const double *)data)[i]);
      break;
    case SIC_DTYPE_I32:
      printf(" %" PRId32, ((const int32_t *)data)[i]);
      break;
    case SIC_DTYPE_I64:
      printf(" %" PRId64, ((const int64_t *)data)[i]);
      break;
    default:
      printf(" %s", ((const uint8_t *)data)[i] ? "true" : "false");
      break;
    }
  }
  printf("\n");
}

int run_model(sic_model_t *model, int count, char **paths) {
  uint32_t num_inputs = sic_model_num_inputs(model);
  uint32_t num_outputs = sic_model_num_outputs(model);
  if ((uint32_t)count != num_inputs) {
    fprintf(stderr,
            "error: model '%s' takes %" PRIu32 " inputs, got %d "
            ".npy files\n",
            sic_model_name(model), num_inputs, count);
    return 1;
  }
  sic_error_t error;
  sic_context_t *context = NULL;
  sic_status_t status = sic_context_create(model, &context, &error);
  if (status != SIC_STATUS_OK)
    return report(status, error.message);

  int result = 1;
  npy_tensor_t *read = calloc(num_inputs, sizeof *read);
  sic_tensor_t *inputs = calloc(num_inputs, sizeof *inputs);
  sic_tensor_t *outputs = calloc(num_outputs, sizeof *outputs);
  if (!read || !inputs || !outputs)
    goto done;
  for (uint32_t i = 0; i < num_inputs; ++i) {
    if (npy_read(paths[i], &read[i]) != 0)
      goto done;
    inputs[i] = (sic_tensor_t){read[i].data, read[i].dtype, read[i].rank,
                               read[i].dims, read[i].byte_size};
  }
  for (uint32_t i = 0; i < num_outputs; ++i) {
    const sic_tensor_desc_t *desc = sic_model_output(model, i);
    size_t size = (size_t)(desc->byte_size + 63) / 64 * 64;
    void *data = aligned_alloc(64, size ? size : 64);
    if (!data)
      goto done;
    outputs[i] = (sic_tensor_t){data, (sic_dtype_t)desc->dtype, desc->rank,
                                desc->dims, (size_t)desc->byte_size};
  }
  status = sic_context_run(context, inputs, num_inputs, outputs, num_outputs);
  if (status != SIC_STATUS_OK) {
    report(status, sic_context_last_error(context));
    goto done;
  }
  for (uint32_t i = 0; i < num_outputs; ++i)
    print_tensor(sic_model_output(model, i), outputs[i].data);
  result = 0;
done:
  for (uint32_t i = 0; read && i < num_inputs; ++i)
    free(read[i].data);
  for (uint32_t i = 0; outputs && i < num_outputs; ++i)
    free(outputs[i].data);
  free(read);
  free(inputs);
  free(outputs);
  sic_context_destroy(context);
  return result;
}
