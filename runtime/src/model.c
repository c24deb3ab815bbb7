/*===- model.c - Opening, closing and querying models ---------------------===*/

#define _POSIX_C_SOURCE 200809L

#include "model.h"

#include "descriptor.h"
#include "error.h"

#include <dlfcn.h>
#include <inttypes.h>
#include <stdlib.h>

/* Validates `desc`, checks it against the application's contract hash, and
 * makes the handle that owns `library`. */
static sic_status_t make_model(const sic_model_desc_t *desc, void *library,
                               const char *path, uint64_t expected_hash,
                               sic_model_t **out_model,
                               sic_error_t *out_error) {
  sic_status_t status = sic_descriptor_check(desc, path, out_error);
  if (status != SIC_STATUS_OK)
    return status;
  sic_site_t site = {.model = desc->model_name};
  if (expected_hash != SIC_ANY_CONTRACT && desc->contract_hash != expected_hash)
    return sic_fail(out_error, SIC_STATUS_CONTRACT_MISMATCH, &site,
                    "contract hash: expected 0x%016" PRIx64
                    " (application), got 0x%016" PRIx64 " (model)",
                    expected_hash, desc->contract_hash);
  sic_model_t *model = malloc(sizeof *model);
  if (!model)
    return sic_fail(out_error, SIC_STATUS_OUT_OF_MEMORY, &site,
                    "model handle: out of memory");
  model->desc = desc;
  model->library = library;
  *out_model = model;
  return SIC_STATUS_OK;
}

/* Checks the arguments of an open call: `source` is the path or the
 * descriptor, named `source_name`. */
static sic_status_t check_open(const void *source, const char *source_name,
                               const sic_site_t *site, sic_model_t **out_model,
                               sic_error_t *out_error) {
  sic_error_clear(out_error);
  if (!out_model)
    return sic_fail_null(out_error, site, "out_model");
  *out_model = NULL;
  if (!source)
    return sic_fail_null(out_error, site, source_name);
  return SIC_STATUS_OK;
}

sic_status_t sic_model_open(const char *path, uint64_t expected_contract_hash,
                            sic_model_t **out_model, sic_error_t *out_error) {
  sic_site_t site = {.path = path};
  sic_status_t status = check_open(path, "path", &site, out_model, out_error);
  if (status != SIC_STATUS_OK)
    return status;
  // RTLD_LOCAL: two models export the same descriptor symbol.
  void *library = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (!library)
    return sic_fail(out_error, SIC_STATUS_OPEN_FAILED, &site, "cannot open: %s",
                    dlerror());
  const sic_model_desc_t *desc = dlsym(library, SIC_DESCRIPTOR_SYMBOL);
  status = desc ? make_model(desc, library, path, expected_contract_hash,
                             out_model, out_error)
                : sic_fail(out_error, SIC_STATUS_SYMBOL_NOT_FOUND, &site,
                           "symbol '%s': expected a model descriptor, got none",
                           SIC_DESCRIPTOR_SYMBOL);
  if (status != SIC_STATUS_OK)
    dlclose(library);
  return status;
}

sic_status_t sic_model_open_static(const sic_model_desc_t *descriptor,
                                   uint64_t expected_contract_hash,
                                   sic_model_t **out_model,
                                   sic_error_t *out_error) {
  sic_site_t site = {0};
  sic_status_t status =
      check_open(descriptor, "descriptor", &site, out_model, out_error);
  if (status != SIC_STATUS_OK)
    return status;
  return make_model(descriptor, NULL, NULL, expected_contract_hash, out_model,
                    out_error);
}

void sic_model_close(sic_model_t *model) {
  if (!model)
    return;
  if (model->library)
    dlclose(model->library);
  free(model);
}

const char *sic_model_name(const sic_model_t *model) {
  return model ? model->desc->model_name : NULL;
}

uint64_t sic_model_contract_hash(const sic_model_t *model) {
  return model ? model->desc->contract_hash : 0;
}

uint32_t sic_model_num_inputs(const sic_model_t *model) {
  return model ? model->desc->num_inputs : 0;
}

uint32_t sic_model_num_outputs(const sic_model_t *model) {
  return model ? model->desc->num_outputs : 0;
}

const sic_tensor_desc_t *sic_model_input(const sic_model_t *model,
                                         uint32_t index) {
  if (!model || index >= model->desc->num_inputs)
    return NULL;
  return &model->desc->inputs[index];
}

const sic_tensor_desc_t *sic_model_output(const sic_model_t *model,
                                          uint32_t index) {
  if (!model || index >= model->desc->num_outputs)
    return NULL;
  return &model->desc->outputs[index];
}

uint64_t sic_model_arena_size(const sic_model_t *model) {
  return model ? model->desc->arena_size : 0;
}

uint64_t sic_model_arena_alignment(const sic_model_t *model) {
  return model ? model->desc->arena_alignment : 0;
}

uint32_t sic_model_check_policy(const sic_model_t *model) {
  return model ? model->desc->check_policy : 0;
}

uint32_t sic_model_hooks(const sic_model_t *model) {
  return model ? model->desc->hooks : 0;
}

uint32_t sic_model_num_ops(const sic_model_t *model) {
  return model ? model->desc->num_ops : 0;
}

const sic_op_desc_t *sic_model_op(const sic_model_t *model, uint32_t index) {
  if (!model || index >= model->desc->num_ops)
    return NULL;
  return &model->desc->ops[index];
}
