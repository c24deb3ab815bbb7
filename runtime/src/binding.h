/*===- binding.h - Checking a call against the model's signature ----------===*
 *
 * The release policy's binding contract, checked on every call in
 * O(#tensors log #tensors): counts, then each input and output (data
 * pointer, dtype, rank, dims, byte size, alignment), then overlap between
 * the buffers of the call; then, in one pass over their bytes, that every
 * element of a bool input is 0 or 1. The first violation is reported.
 *
 *===----------------------------------------------------------------------===*/

#ifndef SIC_RUNTIME_BINDING_H
#define SIC_RUNTIME_BINDING_H

#include "overlap.h"

#include "sic/runtime.h"

/** The buffers of one call. */
typedef struct sic_binding_t {
  const sic_tensor_t *inputs;
  size_t num_inputs;
  const sic_tensor_t *outputs;
  size_t num_outputs;
  const void *arena; /**< the model's arena_size bytes */
} sic_binding_t;

/** The largest power of two that divides a nonzero address. */
uint64_t sic_address_alignment(const void *data);

/** Checks `binding` against `desc`; `spans` is scratch room for
 * desc->num_inputs + desc->num_outputs + 1 spans. */
sic_status_t sic_binding_check(const sic_model_desc_t *desc,
                               const sic_binding_t *binding, sic_span_t *spans,
                               sic_error_t *error);

#endif /* SIC_RUNTIME_BINDING_H */
